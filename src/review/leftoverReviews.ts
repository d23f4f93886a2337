// A window that reloads gets back the tabs it had, review diffs included, but not the reviews: they
// lived in the extension host that is gone, and their calls are answered "cancelled" with the next
// message. At activation no review of this window can be open yet, so every review tab is a
// leftover; those holding no typing of the user's are closed. (One that does keeps it to copy from,
// read-only beside the note of proposalFileSystem.ts.)
import * as vscode from 'vscode';
import { PROPOSAL_SCHEME } from './proposalFileSystem';

/**
 * Apply to File's proposals (src/chat/vscodeCodeProposals.ts), named here so that activation does not
 * load that module; a restored tab of theirs shows an empty proposal, so it goes as a leftover too.
 */
const APPLY_PROPOSAL_SCHEME = 'claude-assistant-proposal';
const REVIEW_SCHEMES = [PROPOSAL_SCHEME, APPLY_PROPOSAL_SCHEME];

export function isReviewTab(tab: vscode.Tab): boolean {
  const input = tab.input;
  if (input instanceof vscode.TabInputTextDiff) return REVIEW_SCHEMES.includes(input.modified.scheme) || REVIEW_SCHEMES.includes(input.original.scheme);
  return input instanceof vscode.TabInputText && REVIEW_SCHEMES.includes(input.uri.scheme);
}

/** Closes the review tabs an earlier window left; true when there were some. */
export async function closeLeftoverReviews(): Promise<boolean> {
  const leftovers = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => isReviewTab(tab) && !tab.isDirty);
  if (leftovers.length === 0) return false;
  await vscode.window.tabGroups.close(leftovers, true);
  return true;
}
