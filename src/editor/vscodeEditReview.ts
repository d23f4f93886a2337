// Shows a proposed replacement of some lines in VS Code's diff editor, and writes it only when the
// user accepts it and the document has not changed since. The document is left unsaved.
import * as vscode from 'vscode';

export const EDIT_SCHEME = 'claude-assistant-edit';

interface PendingEdit {
  document: vscode.TextDocument;
  version: number;
  range: vscode.Range;
  replacement: string;
  proposalUri: vscode.Uri;
  settle(decision: EditDecision): void;
}

export type EditDecision = 'accepted' | 'rejected' | 'stale';

export interface ProposedEdit {
  decision: Promise<EditDecision>;
}

export class EditReview implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly proposals = new Map<string, string>();
  private readonly pending: PendingEdit[] = [];
  private readonly disposables: vscode.Disposable[];
  private next = 1;

  constructor() {
    this.disposables = [
      // Accept Edit and Reject Edit are registered once, with the text editor tool's reviews (compose.ts).
      vscode.workspace.registerTextDocumentContentProvider(EDIT_SCHEME, this),
    ];
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.proposals.get(uri.toString()) ?? '';
  }

  /** Opens the diff of the document and the document with `replacement` in `range`; `decision` settles on Accept or Reject. */
  async propose(document: vscode.TextDocument, version: number, range: vscode.Range, replacement: string): Promise<ProposedEdit> {
    const text = document.getText();
    const proposed = text.slice(0, document.offsetAt(range.start)) + replacement + text.slice(document.offsetAt(range.end));
    const name = document.uri.path.split('/').pop() ?? 'file';
    const proposalUri = vscode.Uri.from({ scheme: EDIT_SCHEME, path: `/${this.next++}/${name}` });
    this.proposals.set(proposalUri.toString(), proposed);
    const decision = new Promise<EditDecision>((resolve) => {
      this.pending.push({ document, version, range, replacement, proposalUri, settle: resolve });
    });
    await vscode.commands.executeCommand('vscode.diff', document.uri, proposalUri, `${name}: current ↔ Claude's edit`, { preview: true });
    await vscode.commands.executeCommand('setContext', 'claudeAssistant.editPending', true);
    // The file's name is left out: the notification renders links, and the diff's title already names it.
    void vscode.window.showInformationMessage("Accept Claude's edit of the selected lines?", 'Accept', 'Reject').then((choice) => {
      if (choice) void this.decide(proposalUri, choice === 'Accept');
    });
    return { decision };
  }

  /** Whether Accept or Reject of `uri` (or, without one, of the active editor) is this review's to decide. */
  decides(uri: vscode.Uri | undefined): boolean {
    if (uri) return uri.scheme === EDIT_SCHEME;
    return activeProposal() !== undefined;
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /** Accepts or rejects the edit shown in `uri`'s diff, or the latest one. */
  async decide(uri: vscode.Uri | undefined, accept: boolean): Promise<void> {
    const shown = uri ?? activeProposal();
    const index = shown ? this.pending.findIndex((edit) => edit.proposalUri.toString() === shown.toString()) : this.pending.length - 1;
    if (index < 0) return;
    const [edit] = this.pending.splice(index, 1);
    let decision: EditDecision = 'rejected';
    if (accept && edit.document.version !== edit.version) {
      decision = 'stale';
      void vscode.window.showWarningMessage('The file changed since the edit was proposed; nothing was written. Run Edit Selection again.');
    } else if (accept) {
      const change = new vscode.WorkspaceEdit();
      change.replace(edit.document.uri, edit.range, edit.replacement);
      // Not a refactoring: the file is changed in its editor and left unsaved, and Undo reverts it.
      decision = (await vscode.workspace.applyEdit(change, { isRefactoring: false })) ? 'accepted' : 'stale';
    }
    await closeDiff(edit.proposalUri);
    this.proposals.delete(edit.proposalUri.toString());
    await vscode.commands.executeCommand('setContext', 'claudeAssistant.editPending', this.pending.length > 0);
    if (decision === 'accepted') await vscode.window.showTextDocument(edit.document, { selection: new vscode.Range(edit.range.start, edit.document.positionAt(edit.document.offsetAt(edit.range.start) + edit.replacement.length)) });
    edit.settle(decision);
  }

  dispose(): void {
    for (const edit of this.pending.splice(0)) edit.settle('rejected');
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function activeProposal(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputTextDiff && input.modified.scheme === EDIT_SCHEME ? input.modified : undefined;
}

async function closeDiff(proposalUri: vscode.Uri): Promise<void> {
  const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === proposalUri.toString());
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
}
