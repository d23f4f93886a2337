// The questions the tools ask the user: a modal for a path outside the workspace or a sensitive
// file, the reason for a rejection, whether to discard changes made since a turn, and whether to
// undo a turn's commands when not all they did can be undone.
// Paths and reasons come from the model, so every message goes through the untrusted-text wrapper.
// Replaceable, because the extension host's tests cannot click a modal dialog.
import * as vscode from 'vscode';
import { neutralize, type SafeMessage } from '../common/untrustedText';
import { joinSafe, safeMessage, showInformation, showWarning } from '../common/vscodeMessages';

export interface ToolPrompts {
  /** One call, one answer: true only when the user chose to allow it. `realPath` is where it really leads. */
  allowCall(question: string, realPath: string, why: string): Thenable<boolean>;
  /** The reason for rejecting an edit: undefined when the user dismissed the box (nothing is rejected). */
  rejectReason(displayPath: string): Thenable<string | undefined>;
  /** Whether to restore (or delete) a file the user changed after the turn's edits. */
  discardLaterChanges(displayPath: string, deletes: boolean): Thenable<boolean>;
  /**
   * Before undoing a turn's commands when undo cannot take back all they did: go ahead with what it
   * can? `restores` and `cannot` are one line a path; `standing` holds for every turn.
   */
  confirmCommandUndo(restores: readonly string[], cannot: readonly string[], standing: readonly string[]): Thenable<boolean>;
  /** A closing note after an action the user asked for. */
  inform(message: string): void;
}

/** Untrusted parts are cut at 300 characters each; a path goes in whole, in pieces that size. */
function wholePath(path: string): SafeMessage {
  const pieces = path.match(/[^]{1,250}/g) ?? [''];
  return joinSafe(pieces.map((piece) => safeMessage`${piece}`), '');
}

export const vscodePrompts: ToolPrompts = {
  async allowCall(question, realPath, why) {
    const allow = 'Allow Once';
    // The real path is shown whole, so the user sees where the call really leads.
    const choice = await showWarning(safeMessage`${question}`, { modal: true, detail: safeMessage`${wholePath(realPath)}\n\n${why}` }, allow);
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
    const detail = deletes
      ? safeMessage`The turn created this file. Deleting it also discards the changes made since.`
      : safeMessage`Restoring it to its text before the turn also discards the changes made since.`;
    const choice = await showWarning(safeMessage`${displayPath} changed after this turn's edits.`, { modal: true, detail }, action);
    return choice === action;
  },
  async confirmCommandUndo(restores, cannot, standing) {
    const action = 'Restore What Can Be Restored';
    const lines = (items: readonly string[]): SafeMessage => joinSafe(items.map((line) => safeMessage`• ${line}`), '\n');
    const detail = safeMessage`Not restored:\n${lines(cannot)}\n\nRestored on disk:\n${lines(restores)}\n\n${joinSafe(standing.map((line) => safeMessage`${line}`), ' ')}`;
    const choice = await showWarning(safeMessage`Undo cannot restore everything this turn's commands did.`, { modal: true, detail }, action);
    return choice === action;
  },
  inform(message) {
    void showInformation(safeMessage`${message}`);
  },
};
