// The questions the text editor tool asks the user: a modal for a path outside the workspace or a
// sensitive file, the reason for a rejection, and whether to discard changes made since a turn.
// Paths and reasons come from the model, so every message goes through the untrusted-text wrapper.
// Replaceable, because the extension host's tests cannot click a modal dialog.
import * as vscode from 'vscode';
import { neutralize, safeMessage, safeText } from '../common/untrustedText';

export interface ToolPrompts {
  /** One call, one answer: true only when the user chose to allow it. `realPath` is where it really leads. */
  allowCall(question: string, realPath: string, why: string): Thenable<boolean>;
  /** The reason for rejecting an edit: undefined when the user dismissed the box (nothing is rejected). */
  rejectReason(displayPath: string): Thenable<string | undefined>;
  /** Whether to restore (or delete) a file the user changed after the turn's edits. */
  discardLaterChanges(displayPath: string, deletes: boolean): Thenable<boolean>;
  /** A closing note after an action the user asked for. */
  inform(message: string): void;
}

/** Long enough for any real path the policy lets through (it refuses paths over 1,024 characters). */
const PATH_LENGTH = 1100;

export const vscodePrompts: ToolPrompts = {
  async allowCall(question, realPath, why) {
    const allow = 'Allow Once';
    const message = safeText(safeMessage`${question}`);
    // The real path is shown whole, so the user sees where the call really leads.
    const detail = `${neutralize(realPath, PATH_LENGTH)}\n\n${neutralize(why, 600)}`;
    const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, allow);
    return choice === allow;
  },
  rejectReason(displayPath) {
    return vscode.window.showInputBox({
      title: 'Reject the Edit',
      prompt: `Why reject the edit to ${neutralize(displayPath)}? Claude gets your reason (optional). Escape keeps the edit under review.`,
      placeHolder: 'Reason (optional)',
      ignoreFocusOut: true,
    });
  },
  async discardLaterChanges(displayPath, deletes) {
    const action = deletes ? 'Delete Anyway' : 'Restore Anyway';
    const message = safeText(safeMessage`${displayPath} changed after this turn's edits.`);
    const detail = deletes
      ? 'The turn created this file. Deleting it also discards the changes made since.'
      : 'Restoring it to its text before the turn also discards the changes made since.';
    const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, action);
    return choice === action;
  },
  inform(message) {
    void vscode.window.showInformationMessage(safeText(safeMessage`${message}`));
  },
};
