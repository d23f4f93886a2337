// A review tab from an earlier window: VS Code restores it after a reload, but its proposal lived in
// the extension host that is gone. Here such a tab is opened as the workbench restores it, on an
// address this window never proposed; the tab reads as a read-only note and is closed as a leftover.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { closeLeftoverReviews, isReviewTab } from '../../src/review/leftoverReviews';
import { proposalParts } from '../../src/review/proposalAddress';
import { GONE_PROPOSAL_NOTE, PROPOSAL_SCHEME } from '../../src/review/proposalFileSystem';
import { AnsweringToolPrompts } from './toolPrompts';
import { PROPOSAL_SCHEME as APPLY_PROPOSAL_SCHEME } from '../../src/chat/vscodeCodeProposals';

describe('review tabs left by an earlier window', function () {
  this.timeout(60_000);
  let api: TestApi;
  const fileUri = (relative: string): vscode.Uri => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, ...relative.split('/'));
  const reviewTabs = (): vscode.Tab[] => vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter(isReviewTab);

  before(async () => {
    api = (await vscode.extensions.getExtension<TestApi>('claude-assistant.claude-assistant')!.activate())!;
    api.textEditor.prompts = new AnsweringToolPrompts();
    await vscode.workspace.fs.writeFile(fileUri('tools/restored.ts'), new TextEncoder().encode('export const restored = 1;\n'));
  });

  afterEach(async () => {
    await vscode.window.tabGroups.close(reviewTabs(), true);
  });

  // Both forms of address: this version's (the file's path, the review in the query) and the one before.
  for (const [form, proposal, before] of [
    ['', vscode.Uri.from({ scheme: PROPOSAL_SCHEME, ...proposalParts('toolu_earlier_window', 'tools/restored.ts') }), vscode.Uri.from({ scheme: PROPOSAL_SCHEME, ...proposalParts('toolu_earlier_window', 'tools/restored.ts', 'before') })],
    [' (an earlier version\'s address)', vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: '/toolu_earlier_window/restored.ts' }), vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: '/toolu_earlier_window/before/restored.ts' })],
  ] as const) {
    it(`reads as a read-only note that the proposal is gone, and is closed as a leftover${form}`, async () => {
      await vscode.commands.executeCommand('vscode.diff', fileUri('tools/restored.ts'), proposal, 'restored.ts: Claude\'s proposed edit (editable) — Accept or Reject');
      assert.strictEqual((await vscode.workspace.openTextDocument(proposal)).getText(), GONE_PROPOSAL_NOTE);
      assert.match(GONE_PROPOSAL_NOTE, /no longer under review[\s\S]*nothing\nwas changed in your file/);
      assert.strictEqual((await vscode.workspace.fs.stat(proposal)).permissions, vscode.FilePermission.Readonly);
      await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(proposal, new TextEncoder().encode('typed'))), /no longer under review|NoPermissions/);
      assert.strictEqual((await vscode.workspace.openTextDocument(before)).getText(), '', 'a new file\'s left side is empty');
      // Accept has nothing to take from it: no review of this window is pending.
      assert.deepStrictEqual(api.textEditor.reviews.pending, []);

      assert.strictEqual(reviewTabs().length, 1);
      assert.strictEqual(await closeLeftoverReviews(), true);
      assert.strictEqual(reviewTabs().length, 0, 'the leftover tab is closed');
      assert.strictEqual(await closeLeftoverReviews(), false);
    });
  }

  it('closes an Apply to File diff left by an earlier window, which would show an empty proposal', async () => {
    const proposal = vscode.Uri.from({ scheme: APPLY_PROPOSAL_SCHEME, path: '/9/restored.ts' });
    await vscode.commands.executeCommand('vscode.diff', fileUri('tools/restored.ts'), proposal, "restored.ts ↔ Claude's proposal");
    assert.strictEqual(reviewTabs().length, 1, 'the tab counts as a review tab');
    assert.strictEqual(await closeLeftoverReviews(), true);
    assert.strictEqual(reviewTabs().length, 0, 'the leftover tab is closed');
  });

  it('a review that ended in this window is gone, not a note', async () => {
    const [handler] = api.textEditor.toolsFor({ model: 'claude-sonnet-4-5', form: 'anthropic' });
    const result = handler.run(
      { type: 'tool_use', id: 'toolu_ended_here', name: handler.name, input: { command: 'str_replace', path: 'tools/restored.ts', old_str: '= 1', new_str: '= 2' } },
      { turnId: 'turn-leftovers', signal: new AbortController().signal, update: () => undefined },
    );
    let proposal: vscode.Uri | undefined;
    for (let i = 0; i < 200 && !proposal; i++) {
      proposal = api.textEditor.reviews.proposalUri('toolu_ended_here');
      if (!proposal) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(proposal, 'the review opened');
    await vscode.commands.executeCommand('claudeAssistant.rejectEdit', { toolUseId: 'toolu_ended_here', reason: 'not now' });
    assert.match((await result).content, /rejected/);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(proposal)), /EntryNotFound|FileNotFound|nonexistent/i);
  });
});
