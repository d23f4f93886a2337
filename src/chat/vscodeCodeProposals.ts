// "Apply to File": shows a code block applied to its file in VS Code's diff editor, and writes it
// only when the user says so, and only if the file has not changed in the meantime.
import * as path from 'path';
import * as vscode from 'vscode';
import { safeMessage, showInformation, showWarning } from '../common/vscodeMessages';
import { parseCodeInfo, proposedText } from './codeProposal';

export const PROPOSAL_SCHEME = 'claude-assistant-proposal';

export class CodeProposals implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly registration: vscode.Disposable;
  private next = 1;

  constructor() {
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
    const target = await this.target(parseCodeInfo(info).path);
    if (!target) return undefined;
    const exists = await Promise.resolve(vscode.workspace.fs.stat(target)).then(() => true, () => false);
    const document = exists ? await vscode.workspace.openTextDocument(target) : undefined;
    const original = document?.getText() ?? '';
    const editor = vscode.window.activeTextEditor;
    const selection = document && editor?.document === document && !editor.selection.isEmpty
      ? { start: document.offsetAt(editor.selection.start), end: document.offsetAt(editor.selection.end) }
      : undefined;
    const proposal = proposedText(original, code, selection);
    const version = document?.version;

    const name = path.posix.basename(target.path);
    const proposalUri = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${this.next++}/${name}` });
    const originalUri = document ? target : vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${this.next++}/${name}` });
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
    const where = selection ? 'the selection in ' : '';
    // The resolved target, never the fence's own text; untrusted all the same.
    const shownPath = vscode.workspace.asRelativePath(target);
    const decision = (async (): Promise<'applied' | 'dismissed'> => {
      try {
        const choice = await showInformation(safeMessage`Apply Claude's code to ${where}${shownPath}?`, 'Apply', 'Discard');
        if (choice !== 'Apply') return 'dismissed';
        if (document && document.version !== version) {
          void showWarning(safeMessage`${shownPath} changed since the proposal was made; nothing was written. Choose Apply to File again.`);
          return 'dismissed';
        }
        const edit = new vscode.WorkspaceEdit();
        if (document) edit.replace(target, new vscode.Range(document.positionAt(0), document.positionAt(original.length)), proposal);
        else edit.createFile(target, { contents: new TextEncoder().encode(proposal), ignoreIfExists: true });
        const applied = await vscode.workspace.applyEdit(edit);
        if (applied) await vscode.window.showTextDocument(target);
        return applied ? 'applied' : 'dismissed';
      } finally {
        forget();
      }
    })();
    return { target, decision };
  }

  /** The file the fence names (inside the workspace), else the active editor's, else one the user picks. */
  private async target(named: string | undefined): Promise<vscode.Uri | undefined> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (named && folder) {
      const uri = path.isAbsolute(named) ? vscode.Uri.file(named) : vscode.Uri.joinPath(folder.uri, named);
      const inside = (vscode.workspace.workspaceFolders ?? []).some((f) => f.uri.scheme === uri.scheme && isUnder(uri.path, f.uri.path));
      if (inside) return uri;
    }
    const active = vscode.window.activeTextEditor?.document;
    if (active && !active.isUntitled && active.uri.scheme !== PROPOSAL_SCHEME) return active.uri;
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, defaultUri: folder?.uri, openLabel: 'Apply to This File', title: 'Apply the code to which file?' });
    return picked?.[0];
  }

  dispose(): void {
    this.registration.dispose();
    this.contents.clear();
  }
}

function isUnder(file: string, folder: string): boolean {
  const relative = path.posix.relative(folder, path.posix.normalize(file));
  return relative !== '' && !relative.startsWith('..') && !path.posix.isAbsolute(relative);
}
