// Shows a proposed replacement of some lines in VS Code's diff editor, the proposal on the right as
// an editable document of the review file system (as the text editor tool's reviews are), and writes
// it only when the user accepts it and the document has not changed since. What lands is the right
// side as the user left it, their own changes included. The document is left unsaved.
import * as vscode from 'vscode';
import { proposalDocumentUri, type ProposalFileSystem } from '../review/proposalFileSystem';
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

/** A proposal shown while its reply still streams: Accept and Reject wait for `finish`. */
export interface StreamingProposal {
  /** Shows `replacement` as the proposal so far, unless the user has started changing it. */
  update(replacement: string): void;
  /** The reply is complete: shows `replacement` (unless the user changed the proposal) and asks. */
  finish(replacement: string): Promise<ProposedEdit>;
  /** The reply ended without an edit: the diff closes. */
  abandon(): Promise<void>;
}

export class EditReview implements vscode.Disposable {
  private readonly pending: PendingEdit[] = [];
  private next = 1;
  // A window's own prefix: a tab restored from an earlier window never names a proposal of this one.
  private readonly prefix = `edit-${Date.now().toString(36)}`;

  constructor(private readonly files: ProposalFileSystem) {}

  /** Opens the diff of the document and the document with `replacement` in `range`; `decision` settles on Accept or Reject. */
  async propose(document: vscode.TextDocument, version: number, range: vscode.Range, replacement: string): Promise<ProposedEdit> {
    return (await this.open(document, version, range, replacement)).finish(replacement);
  }

  /**
   * Opens the diff with the replacement so far, to be updated as the reply streams. The text around
   * the range is the document's as it was when the edit was asked for.
   */
  async open(document: vscode.TextDocument, version: number, range: vscode.Range, replacement: string): Promise<StreamingProposal> {
    const text = document.getText();
    const before = text.slice(0, document.offsetAt(range.start));
    const after = text.slice(document.offsetAt(range.end));
    const name = document.uri.path.split('/').pop() || 'file';
    // The file's own path: the breadcrumb shows it, and its extension gives the proposal the file's language.
    const proposalUri = proposalDocumentUri(`${this.prefix}-${this.next++}`, vscode.workspace.asRelativePath(document.uri));
    let shown = '';
    const show = (code: string): void => {
      const text = before + code + after;
      // Once the user types in the proposal, it is theirs: the stream no longer writes over it.
      if (text === shown || openDocument(proposalUri)?.isDirty) return;
      shown = text;
      this.files.set(proposalUri, new TextEncoder().encode(text));
    };
    show(replacement);
    await vscode.commands.executeCommand('vscode.diff', document.uri, proposalUri, `${name}: current ↔ Claude's edit (editable)`, { preview: false });
    return {
      update: show,
      finish: async (final) => {
        show(final);
        // Accept takes the proposal as its editor holds it: ask once the editor shows the whole reply.
        await shownInEditor(proposalUri, () => shown);
        return this.ask(document, version, proposalUri);
      },
      abandon: () => this.close(proposalUri),
    };
  }

  private async ask(document: vscode.TextDocument, version: number, proposalUri: vscode.Uri): Promise<ProposedEdit> {
    const decision = new Promise<EditDecision>((resolve) => {
      this.pending.push({ document, version, proposalUri, settle: resolve });
    });
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

function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((open) => open.uri.toString() === uri.toString());
}

/** Waits (a few seconds at most) until the open document of `uri` reads `expected()`, or the user has changed it. */
async function shownInEditor(uri: vscode.Uri, expected: () => string): Promise<void> {
  const settled = (): boolean => {
    const document = openDocument(uri);
    return !document || document.isDirty || document.getText() === expected();
  };
  if (settled()) return;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      listener.dispose();
      clearTimeout(timer);
      resolve();
    };
    const listener = vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document.uri.toString() === uri.toString() && settled()) done();
    });
    const timer = setTimeout(done, 3_000);
  });
}

/** The proposal side of the diff in front of the user, if a diff is. */
function activeDiff(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputTextDiff ? input.modified : undefined;
}
