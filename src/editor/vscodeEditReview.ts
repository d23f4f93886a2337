// Shows a proposed replacement of some lines in VS Code's diff editor, the proposal on the right as
// an editable document of the review file system (as the text editor tool's reviews are), and writes
// it only when the user accepts it and the document has not changed since. What lands is the right
// side as the user left it, their own changes included. The document is left unsaved.
import * as vscode from 'vscode';
import { PROPOSAL_SCHEME, type ProposalFileSystem } from '../review/proposalFileSystem';
import { changedRegion } from './editProposal';

interface PendingEdit {
  document: vscode.TextDocument;
  version: number;
  proposalUri: vscode.Uri;
  settle(decision: EditDecision): void;
}

export type EditDecision = 'accepted' | 'rejected' | 'stale';

export interface ProposedEdit {
  decision: Promise<EditDecision>;
}

export class EditReview implements vscode.Disposable {
  private readonly pending: PendingEdit[] = [];
  private next = 1;
  // A window's own prefix: a tab restored from an earlier window never names a proposal of this one.
  private readonly prefix = `edit-${Date.now().toString(36)}`;

  constructor(private readonly files: ProposalFileSystem) {}

  /** Opens the diff of the document and the document with `replacement` in `range`; `decision` settles on Accept or Reject. */
  async propose(document: vscode.TextDocument, version: number, range: vscode.Range, replacement: string): Promise<ProposedEdit> {
    const text = document.getText();
    const proposed = text.slice(0, document.offsetAt(range.start)) + replacement + text.slice(document.offsetAt(range.end));
    const name = document.uri.path.split('/').pop() || 'file';
    // The name keeps the file's extension, so the proposal gets the file's language.
    const proposalUri = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${this.prefix}-${this.next++}/${name}` });
    this.files.set(proposalUri, new TextEncoder().encode(proposed));
    const decision = new Promise<EditDecision>((resolve) => {
      this.pending.push({ document, version, proposalUri, settle: resolve });
    });
    await vscode.commands.executeCommand('vscode.diff', document.uri, proposalUri, `${name}: current ↔ Claude's edit (editable)`, { preview: false });
    await vscode.commands.executeCommand('setContext', 'claudeAssistant.editPending', true);
    // The file's name is left out: the notification renders links, and the diff's title already names it.
    void vscode.window.showInformationMessage("Accept Claude's edit of the selected lines?", 'Accept', 'Reject').then((choice) => {
      if (choice) void this.decide(proposalUri, choice === 'Accept');
    });
    return { decision };
  }

  /** Whether Accept or Reject of `uri` (or, without one, of the active editor) is this review's to decide. */
  decides(uri: vscode.Uri | undefined): boolean {
    return this.find(uri ?? activeDiff()) >= 0;
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /** Accepts or rejects the edit shown in `uri`'s diff, or the latest one. */
  async decide(uri: vscode.Uri | undefined, accept: boolean): Promise<void> {
    const shown = uri ?? activeDiff();
    const index = shown ? this.find(shown) : this.pending.length - 1;
    if (index < 0) return;
    const [edit] = this.pending.splice(index, 1);
    const { document } = edit;
    let decision: EditDecision = 'rejected';
    let landed: vscode.Range | undefined;
    if (accept && document.version !== edit.version) {
      decision = 'stale';
      void vscode.window.showWarningMessage('The file changed since the edit was proposed; nothing was written. Run Edit Selection again.');
    } else if (accept) {
      // The proposal as the user left it, unsaved typing included; only the part that differs is written.
      const proposal = (await vscode.workspace.openTextDocument(edit.proposalUri)).getText();
      const region = changedRegion(document.getText(), proposal);
      const change = new vscode.WorkspaceEdit();
      change.replace(document.uri, new vscode.Range(document.positionAt(region.start), document.positionAt(region.end)), region.text);
      // Not a refactoring: the file is changed in its editor and left unsaved, and Undo reverts it.
      decision = (await vscode.workspace.applyEdit(change, { isRefactoring: false })) ? 'accepted' : 'stale';
      landed = new vscode.Range(document.positionAt(region.start), document.positionAt(region.start + region.text.length));
    }
    await this.close(edit.proposalUri);
    await vscode.commands.executeCommand('setContext', 'claudeAssistant.editPending', this.pending.length > 0);
    if (decision === 'accepted' && landed) await vscode.window.showTextDocument(document, { selection: landed });
    edit.settle(decision);
  }

  dispose(): void {
    for (const edit of this.pending.splice(0)) {
      this.files.remove(edit.proposalUri);
      edit.settle('rejected');
    }
  }

  private find(uri: vscode.Uri | undefined): number {
    return uri ? this.pending.findIndex((edit) => edit.proposalUri.toString() === uri.toString()) : -1;
  }

  private async close(proposalUri: vscode.Uri): Promise<void> {
    const document = vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === proposalUri.toString());
    // Saving a proposal writes only to the review file system; it spares the "save changes?" question on closing.
    if (document?.isDirty) await document.save();
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === proposalUri.toString());
    if (tabs.length > 0) await vscode.window.tabGroups.close(tabs, true);
    this.files.remove(proposalUri);
  }
}

/** The proposal side of the diff in front of the user, if a diff is. */
function activeDiff(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputTextDiff ? input.modified : undefined;
}
