// Reviews of proposed edits in VS Code's diff editor: the live document on the left, the proposal
// on the right as an editable document of the proposal file system. Accept takes the right side as
// it stands (the user's changes, hunks they reverted with the diff editor's own arrows included);
// Reject can carry a reason. Several reviews can be open at once, one per call.
import * as vscode from 'vscode';
import { PROPOSAL_SCHEME, proposalDocumentUri, type ProposalFileSystem } from './proposalFileSystem';
import type { ToolPrompts } from './toolPrompts';

export type ReviewDecision =
  | { kind: 'accept'; text: string }
  | { kind: 'reject'; reason: string | undefined }
  | { kind: 'cancelled' };

export interface ReviewRequest {
  toolUseId: string;
  /** The left side: the live document, or an empty proposal file for a file that does not exist yet. */
  original: vscode.Uri;
  /** The proposal, in the document's own form (its line endings). */
  proposalText: string;
  displayPath: string;
  /** The diff editor's title. */
  title: string;
  /** Stop: the review closes at once, as cancelled. */
  signal: AbortSignal;
}

interface OpenReview {
  toolUseId: string;
  original: vscode.Uri;
  proposal: vscode.Uri;
  displayPath: string;
  title: string;
  settle(decision: ReviewDecision): void;
}

/** What the commands take: a call's id, the editor's resource (from its title bar), or `{ toolUseId, reason }`. */
export type ReviewTarget = string | vscode.Uri | { toolUseId?: string; reason?: string } | undefined;

const CONTEXT_KEY = 'claudeAssistant.reviewPending';

export class ReviewController implements vscode.Disposable {
  private readonly open = new Map<string, OpenReview>();

  constructor(private readonly files: ProposalFileSystem, private readonly prompts: () => ToolPrompts) {}

  get pending(): string[] {
    return [...this.open.keys()];
  }

  /** The proposal document's address for a call, while its review is open. */
  proposalUri(toolUseId: string): vscode.Uri | undefined {
    return this.open.get(toolUseId)?.proposal;
  }

  /** An empty file for the left side of a new file's review. */
  emptyOriginal(toolUseId: string, displayPath: string): vscode.Uri {
    const uri = proposalDocumentUri(toolUseId, displayPath, 'before');
    this.files.set(uri, new Uint8Array());
    return uri;
  }

  review(request: ReviewRequest): Promise<ReviewDecision> {
    if (request.signal.aborted) return Promise.resolve({ kind: 'cancelled' });
    // The file's own path: the breadcrumb shows it, and its extension gives the proposal the file's language.
    const proposal = proposalDocumentUri(request.toolUseId, request.displayPath);
    this.files.set(proposal, new TextEncoder().encode(request.proposalText));
    return new Promise<ReviewDecision>((resolve) => {
      const onAbort = (): void => void this.finish(request.toolUseId, { kind: 'cancelled' });
      const review: OpenReview = {
        toolUseId: request.toolUseId,
        original: request.original,
        proposal,
        displayPath: request.displayPath,
        title: request.title,
        settle: (decision) => {
          request.signal.removeEventListener('abort', onAbort);
          resolve(decision);
        },
      };
      this.open.set(request.toolUseId, review);
      request.signal.addEventListener('abort', onAbort, { once: true });
      void this.updateContext();
      void this.show(review);
    });
  }

  /** Opens (or brings back) the diff of a pending review: the chat card's "open diff". */
  async reveal(toolUseId: string): Promise<boolean> {
    const review = this.open.get(toolUseId);
    if (!review) return false;
    await this.show(review);
    return true;
  }

  async accept(target?: ReviewTarget): Promise<boolean> {
    const review = this.find(target);
    if (!review) return this.nothingPending();
    // The document as the user left it, unsaved typing included: exactly what lands.
    const document = await vscode.workspace.openTextDocument(review.proposal);
    await this.finish(review.toolUseId, { kind: 'accept', text: document.getText() });
    return true;
  }

  async reject(target?: ReviewTarget): Promise<boolean> {
    const review = this.find(target);
    if (!review) return this.nothingPending();
    const given = typeof target === 'object' && !(target instanceof vscode.Uri) ? target.reason : undefined;
    const reason = given ?? (await this.prompts().rejectReason(review.displayPath));
    // Escape in the reason box keeps the edit under review: a rejection is never a slip of the key.
    if (reason === undefined) return false;
    await this.finish(review.toolUseId, { kind: 'reject', reason: reason.trim() || undefined });
    return true;
  }

  dispose(): void {
    for (const id of [...this.open.keys()]) void this.finish(id, { kind: 'cancelled' });
  }

  private async show(review: OpenReview): Promise<void> {
    await vscode.commands.executeCommand('vscode.diff', review.original, review.proposal, review.title, { preview: false });
  }

  private find(target: ReviewTarget): OpenReview | undefined {
    if (typeof target === 'string') return this.open.get(target);
    if (target instanceof vscode.Uri) return [...this.open.values()].find((review) => sameUri(review.proposal, target) || sameUri(review.original, target));
    if (target?.toolUseId) return this.open.get(target.toolUseId);
    // The review in the active editor, else the latest one.
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    if (input instanceof vscode.TabInputTextDiff) {
      const active = [...this.open.values()].find((review) => sameUri(review.proposal, input.modified));
      if (active) return active;
    }
    return [...this.open.values()].at(-1);
  }

  private nothingPending(): boolean {
    this.prompts().inform('No edit is waiting for review.');
    return false;
  }

  private async finish(toolUseId: string, decision: ReviewDecision): Promise<void> {
    const review = this.open.get(toolUseId);
    if (!review) return;
    this.open.delete(toolUseId);
    review.settle(decision);
    await this.close(review);
    void this.updateContext();
  }

  private async close(review: OpenReview): Promise<void> {
    const document = vscode.workspace.textDocuments.find((doc) => sameUri(doc.uri, review.proposal));
    // Saving a proposal writes only to the proposal file system; it spares the "save changes?" question on closing.
    if (document?.isDirty) await document.save();
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) =>
      tab.input instanceof vscode.TabInputTextDiff && sameUri(tab.input.modified, review.proposal));
    if (tabs.length > 0) await vscode.window.tabGroups.close(tabs, true);
    this.files.remove(review.proposal);
    if (review.original.scheme === PROPOSAL_SCHEME) this.files.remove(review.original);
  }

  private updateContext(): Thenable<unknown> {
    return vscode.commands.executeCommand('setContext', CONTEXT_KEY, this.open.size > 0);
  }
}

function sameUri(a: vscode.Uri, b: vscode.Uri): boolean {
  return a.toString() === b.toString();
}
