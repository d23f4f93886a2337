// "Apply to File": shows a code block applied to its file in VS Code's diff editor, and edits the
// file only when the user says so, only if it has not changed in the meantime, and never saves it:
// the file is left edited and unsaved, for the user to review and save.
import * as path from 'path';
import * as vscode from 'vscode';
import { safeMessage, showInformation, showWarning, type SafeMessage } from '../common/vscodeMessages';
import { proposalParts } from '../review/proposalAddress';
import { parseCodeInfo, proposedText } from './codeProposal';
import { chooseApplyTarget, type ApplyTarget } from './vscodeApplyTarget';

export const PROPOSAL_SCHEME = 'claude-assistant-proposal';

/** How Apply to File asks and tells the user; the integration tests answer through their own. */
export interface ProposalPrompts {
  /** A question in a notification; resolves to the choice, or undefined when dismissed. */
  ask(message: SafeMessage, ...choices: string[]): Thenable<string | undefined>;
  /** A modal confirmation with one choice besides Cancel. */
  confirm(message: SafeMessage, detail: SafeMessage, choice: string): Thenable<string | undefined>;
  warn(message: SafeMessage): void;
}

export const windowPrompts: ProposalPrompts = {
  ask: (message, ...choices) => showInformation(message, ...choices),
  confirm: (message, detail, choice) => showWarning(message, { modal: true, detail }, choice),
  warn: (message) => void showWarning(message),
};

export const APPLY = 'Apply';
export const APPLY_SENSITIVE = 'Apply Anyway';

export class CodeProposals implements vscode.TextDocumentContentProvider, vscode.Disposable {
  prompts: ProposalPrompts = windowPrompts;
  private readonly contents = new Map<string, string>();
  private readonly registration: vscode.Disposable;
  private next = 1;

  /** `autoSaves`: whether VS Code saves an edited document of this file by itself (files.autoSave). */
  constructor(private readonly autoSaves: (uri: vscode.Uri) => boolean = () => false) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /**
   * Opens the diff of the file and the file with the code applied. Resolves once the diff is open;
   * `decision` settles when the user applies or dismisses it.
   */
  async propose(code: string, info: string): Promise<{ target: vscode.Uri; decision: Promise<'applied' | 'dismissed'> } | undefined> {
    const choice = await chooseApplyTarget(parseCodeInfo(info).path, PROPOSAL_SCHEME);
    if ('refused' in choice) this.prompts.warn(safeMessage`Claude Assistant did not apply the code: ${choice.refused}.`);
    if (!('target' in choice)) return undefined;
    const { target } = choice;
    const exists = await Promise.resolve(vscode.workspace.fs.stat(target.uri)).then(() => true, () => false);
    const document = exists ? await vscode.workspace.openTextDocument(target.uri) : undefined;
    const original = document?.getText() ?? '';
    const editor = vscode.window.activeTextEditor;
    const selection = document && editor?.document === document && !editor.selection.isEmpty
      ? { start: document.offsetAt(editor.selection.start), end: document.offsetAt(editor.selection.end) }
      : undefined;
    const proposal = proposedText(original, code, selection);
    const version = document?.version;

    const name = path.posix.basename(target.uri.path);
    // The file's own path, so the breadcrumb reads as the file's; the proposal's number stays in the query.
    const shownPath = vscode.workspace.asRelativePath(target.uri);
    const review = String(this.next++);
    const proposalUri = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, ...proposalParts(review, shownPath) });
    const originalUri = document ? target.uri : vscode.Uri.from({ scheme: PROPOSAL_SCHEME, ...proposalParts(review, shownPath, 'before') });
    this.contents.set(proposalUri.toString(), proposal);
    if (!document) this.contents.set(originalUri.toString(), '');
    const forget = (): void => {
      this.contents.delete(proposalUri.toString());
      this.contents.delete(originalUri.toString());
    };
    try {
      await vscode.commands.executeCommand('vscode.diff', originalUri, proposalUri, `${name}: current ↔ Claude's proposal`, { preview: true });
    } catch (error) {
      forget();
      throw error;
    }
    const decision = (async (): Promise<'applied' | 'dismissed'> => {
      try {
        if (!(await this.confirmed(target, { selection: !!selection, created: !document }))) return 'dismissed';
        const stillThere = await Promise.resolve(vscode.workspace.fs.stat(target.uri)).then(() => true, () => false);
        if ((document && document.version !== version) || stillThere !== exists || !target.unchanged()) {
          this.prompts.warn(safeMessage`${target.label} changed since the proposal was made; nothing was written. Choose Apply to File again.`);
          return 'dismissed';
        }
        const edited = document
          ? await replaceText(document, proposal)
          : await newUnsavedDocument(target.uri, proposal);
        if (edited) await vscode.window.showTextDocument(edited);
        return edited ? 'applied' : 'dismissed';
      } finally {
        forget();
      }
    })();
    return { target: target.uri, decision };
  }

  /** The notification's Apply, and for a sensitive file also a modal confirmation naming the risk. */
  private async confirmed(target: ApplyTarget, how: { selection: boolean; created: boolean }): Promise<boolean> {
    const where = how.selection ? safeMessage`the selection in ` : how.created ? safeMessage`a new file, ` : safeMessage``;
    // The label and the name the code block gave are untrusted: safeMessage neutralises them.
    const link = target.linkedFrom ? safeMessage` The code block named ${target.linkedFrom}, a symbolic link to it.` : safeMessage``;
    const sensitive = target.sensitive ? safeMessage` It is a sensitive file.` : safeMessage``;
    // Apply saves nothing, but the user's own files.autoSave saves an edited file (never an untitled
    // one) a moment later: say so, rather than "review it first".
    const autoSaved = !how.created && this.autoSaves(target.uri);
    const saving = autoSaved ? safeMessage` Auto save is on: VS Code saves the file right after.` : safeMessage``;
    const choice = await this.prompts.ask(safeMessage`Apply Claude's code to ${where}${target.label}?${link}${sensitive}${saving}`, APPLY, 'Discard');
    if (choice !== APPLY) return false;
    if (!target.sensitive) return true;
    const unsaved = autoSaved
      ? safeMessage` Auto save is on (files.autoSave), so VS Code saves the file right after: review the diff before you apply.`
      : safeMessage` The file is edited but not saved, so you can review it first.`;
    const detail = safeMessage`${target.sensitive.risk}${link}${unsaved}`;
    return (await this.prompts.confirm(safeMessage`${target.label} is a sensitive file. Apply Claude's code to it?`, detail, APPLY_SENSITIVE)) === APPLY_SENSITIVE;
  }

  dispose(): void {
    this.registration.dispose();
    this.contents.clear();
  }
}

/**
 * Edits one document, and nothing else: a one-file edit that is not a refactoring is never saved by
 * VS Code (`files.refactoring.autoSave` saves only multi-file refactorings).
 */
async function replaceText(document: vscode.TextDocument, text: string): Promise<vscode.TextDocument | undefined> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), text);
  return (await vscode.workspace.applyEdit(edit, { isRefactoring: false })) ? document : undefined;
}

/**
 * A new file starts as an untitled document bound to its path: saving it writes the file there. A
 * WorkspaceEdit's createFile would write the disk at once.
 */
async function newUnsavedDocument(target: vscode.Uri, text: string): Promise<vscode.TextDocument | undefined> {
  return replaceText(await vscode.workspace.openTextDocument(target.with({ scheme: 'untitled' })), text);
}
