// The text editor tool's VS Code side, composed: the ToolProvider the agent loop offers the model,
// the proposal file system and reviews behind the diff editor, the Accept, Reject and Undo This
// Turn's Changes commands, and the turn ledger other tools add their restorations to.
import * as vscode from 'vscode';
import type { ToolHandler, ToolOffer, ToolProvider } from '../conversation/toolHandler';
import { offersTextEditor } from '../tools/pathPolicy';
import type { KnownSecret } from '../auth/knownSecrets';
import { textEditorDefinition, type TextEditorVersion } from '../tools/textEditorTool';
import type { ProposalFileSystem } from './proposalFileSystem';
import { ReviewController, type ReviewTarget } from './reviews';
import { TextEditorHandler } from './textEditorHandler';
import { TextEditorWorkspace } from './textEditorWorkspace';
import { type ToolPrompts, vscodePrompts } from './toolPrompts';
import type { FileSettings, ToolSettings } from './toolSettings';
import { TurnUndo, type UndoTurnReport } from './turnUndo';

/** Another review behind the same Accept Edit and Reject Edit commands (Edit Selection's). */
export interface SharedReview {
  decides(uri: vscode.Uri | undefined): boolean;
  readonly hasPending: boolean;
  decide(uri: vscode.Uri | undefined, accept: boolean): Promise<void>;
}

export interface TextEditorToolsOptions {
  /** Where proposals live: the file system registered for PROPOSAL_SCHEME (at activation). */
  files: ProposalFileSystem;
  sharedReview?: SharedReview;
  settings: () => ToolSettings;
  /** VS Code's file settings as they apply to a resource. */
  fileSettings: (resource: vscode.Uri) => FileSettings;
  /** The text editor version the model knows (the model catalogue's, with the user's overrides). */
  versionFor: (model: string) => TextEditorVersion;
  /** The user's keys, kept out of what the model and the cards get of a file. */
  secrets: () => Promise<KnownSecret[]>;
}

export interface TextEditorTools extends ToolProvider, vscode.Disposable {
  readonly reviews: ReviewController;
  /** The turn ledger: the shell tool adds its restorations here. */
  readonly turns: TurnUndo;
  /** The questions asked of the user; the integration tests answer them. */
  prompts: ToolPrompts;
  undoTurnChanges(turnId?: string): Promise<UndoTurnReport>;
}

export function createTextEditorTools(options: TextEditorToolsOptions): TextEditorTools {
  const files = options.files;
  let prompts: ToolPrompts = vscodePrompts;
  const currentPrompts = (): ToolPrompts => prompts;
  const reviews = new ReviewController(files, currentPrompts);
  // What the model saw of a file is no longer true once its turn is undone.
  const turns = new TurnUndo(currentPrompts, (key) => workspace.seen.forget(key));
  const workspace = new TextEditorWorkspace(reviews, turns, options.settings, currentPrompts, options.fileSettings, options.secrets);

  const undoTurnChanges = async (turnId?: string): Promise<UndoTurnReport> => {
    const report = await turns.undoTurn(typeof turnId === 'string' ? turnId : undefined);
    if (report.turnId === undefined) prompts.inform('No turn has changes to undo.');
    else {
      const parts = [
        report.restored.length ? `restored ${report.restored.join(', ')}` : '',
        report.deleted.length ? `deleted ${report.deleted.join(', ')}` : '',
        report.skipped.length ? `left ${report.skipped.join(', ')} as it is` : '',
      ].filter(Boolean);
      // The text editor's undo leaves documents unsaved; a command's changes are put back on disk.
      const how = report.wroteFiles ? 'Files the commands changed were written back on disk; edited documents are left unsaved.' : 'Nothing was saved.';
      prompts.inform(parts.length ? `Undo of the turn: ${parts.join('; ')}. ${how}` : 'The turn\'s changes were already undone.');
    }
    return report;
  };

  // The diff in front of the user decides whose review a command is for; then the tool's, then the other's.
  const decide = async (target: ReviewTarget, accept: boolean): Promise<boolean> => {
    const shared = options.sharedReview;
    const uri = target instanceof vscode.Uri ? target : undefined;
    const theirs = shared && (shared.decides(uri) || (target === undefined && reviews.pending.length === 0 && shared.hasPending));
    if (theirs) {
      await shared.decide(uri, accept);
      return true;
    }
    return accept ? reviews.accept(target) : reviews.reject(target);
  };

  const disposables: vscode.Disposable[] = [
    reviews,
    vscode.commands.registerCommand('claudeAssistant.acceptEdit', (target?: ReviewTarget) => decide(target, true)),
    vscode.commands.registerCommand('claudeAssistant.rejectEdit', (target?: ReviewTarget) => decide(target, false)),
    vscode.commands.registerCommand('claudeAssistant.undoTurnChanges', (turnId?: string) => undoTurnChanges(turnId)),
    // The tool card's Open Diff: brings back a pending review's diff, by tool_use id. Not in the palette.
    vscode.commands.registerCommand('claudeAssistant.openEditDiff', (toolUseId?: unknown) => (typeof toolUseId === 'string' ? reviews.reveal(toolUseId) : false)),
  ];

  return {
    reviews,
    turns,
    get prompts() {
      return prompts;
    },
    set prompts(value: ToolPrompts) {
      prompts = value;
    },
    toolsFor(offer: ToolOffer): ToolHandler[] {
      // Restricted Mode, or a virtual workspace: no text editor at all (the panel says why).
      if (!offersTextEditor(workspace.mode())) return [];
      const version = options.versionFor(offer.model);
      const definition = textEditorDefinition(version, offer.form, { maxCharacters: options.settings().maxViewCharacters });
      return [new TextEditorHandler(definition, workspace)];
    },
    undoTurnChanges,
    dispose: () => disposables.forEach((disposable) => disposable.dispose()),
  };
}
