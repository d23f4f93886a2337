// A reviewed edit as a person makes it: Claude reads a file and proposes an edit through the text
// editor tool; the user opens the diff from the card, changes the proposal in the diff editor, and
// accepts with the keybinding. What lands is their version, byte for byte in the file's own form
// (byte order mark, CRLF), and the next request tells the model what they changed.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { expectToolResult, reply, textBlock, textReply, toolUseBlock, trailingResults, type RecordedRequest } from '../mock/server';
import { useE2eSession, waitForText } from './fixture';

const KEY = 'sk-ant-e2e-review-0123456789';
const TOOL = 'str_replace_based_edit_tool';
const FILE = 'src/total.ts';
const BOM = '\uFEFF';
const before = ['export function total(values: number[]): number {', '  let sum = 1;', '  for (const value of values) sum += value;', '  return sum;', '}', ''];
const TWEAK = ' // from zero';

function messageRequests(requests: readonly RecordedRequest[]): RecordedRequest[] {
  return requests.filter((request) => request.method === 'POST' && request.path === '/v1/messages');
}

describe('reviewing an edit Claude proposes', function () {
  this.timeout(180_000);
  const session = useE2eSession({
    // A Claude 4 model: text_editor_20250728. Saving after Accept puts what landed on the disk to compare.
    settings: { 'claudeAssistant.model': 'claude-sonnet-4-6', 'claudeAssistant.tools.saveAfterAccept': true },
    workspaceFiles: { [FILE]: BOM + before.join('\r\n') },
  });

  it('the tweaked proposal lands byte for byte, and the next request carries the tweak', async () => {
    const s = session();
    const page = s.workbench.page;
    s.mock.enqueue(
      { reply: reply([textBlock('Let me read the file first.'), toolUseBlock(TOOL, { command: 'view', path: FILE }, 'toolu_e2eview')]) },
      {
        expect: expectToolResult('toolu_e2eview'),
        reply: reply([textBlock('The sum starts at 1. Here is the fix:'), toolUseBlock(TOOL, { command: 'str_replace', path: FILE, old_str: '  let sum = 1;', new_str: '  let sum = 0;' }, 'toolu_e2eedit')]),
      },
      { expect: expectToolResult('toolu_e2eedit'), reply: textReply('The total now starts from zero, with your comment.') },
    );
    await s.setApiKey(KEY);
    await s.openChat();
    await s.send('Fix the off-by-one in total, please.');

    // The edit's card: the call, a short diff, and the review's buttons.
    const card = s.chat().locator('.tool-card[data-tool-use-id="toolu_e2eedit"]');
    await waitForText(card, 'Waiting for your review', 60_000);
    await waitForText(card, '+  let sum = 0;');
    // The card names the file in full, and its diff starts at the hunk: no patch header lines.
    const title = card.locator('.tool-card-title');
    assert.strictEqual(await title.innerText(), `Edit ${FILE}`);
    assert.ok(await title.evaluate((element) => element.scrollWidth <= element.clientWidth), 'the title is not cut off');
    assert.match(await card.locator('.tool-diff').innerText(), /^@@ -1,4 \+1,4 @@\n/);
    await s.workbench.screenshot('review-1-card');

    // The card's Open Diff brings the review to the front (it opened on its own as well).
    await card.getByRole('button', { name: `Open Diff: ${FILE}` }).click();
    const modifiedSide = page.locator('.monaco-diff-editor .editor.modified');
    const proposedLine = modifiedSide.locator('.view-line', { hasText: 'let sum = 0;' });
    await proposedLine.waitFor({ timeout: 30_000 });
    await s.workbench.screenshot('review-2-diff');
    // The breadcrumb and the tab name the file as the user knows it, never the call's id.
    const group = page.locator('.editor-group-container.active');
    const breadcrumb = group.locator('.breadcrumbs-control');
    await breadcrumb.waitFor({ timeout: 15_000 });
    const crumbs = (await breadcrumb.locator('.monaco-breadcrumb-item').allInnerTexts()).map((text) => text.trim()).filter(Boolean);
    assert.deepStrictEqual(crumbs.slice(0, 2), ['src', 'total.ts'], crumbs.join(' › '));
    const tab = group.locator('.tab.active');
    const tabText = [await tab.innerText(), await tab.getAttribute('title'), await tab.getAttribute('aria-label')].join(' | ');
    for (const shown of [crumbs.join(' › '), tabText]) assert.ok(!shown.includes('toolu_'), shown);

    // The user changes the proposal in the diff's right side, as anyone would: click, End, type.
    await proposedLine.click();
    await page.keyboard.press('End');
    await page.keyboard.type(TWEAK);
    await modifiedSide.locator('.view-line', { hasText: `let sum = 0;${TWEAK}` }).waitFor({ timeout: 15_000 });
    await s.workbench.screenshot('review-3-diff-tweaked');
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Shift+Y');

    await s.waitForTranscript('The total now starts from zero, with your comment.', 60_000);
    await waitForText(card, 'Applied, with your changes.');
    // The card's diff is now what landed: the user's version.
    await waitForText(card.locator('.tool-diff'), `+  let sum = 0;${TWEAK}`);
    await s.workbench.screenshot('review-4-card-applied');

    // On the disk: the user's version, with the file's byte order mark and CRLF line endings.
    const expected = BOM + [before[0], `  let sum = 0;${TWEAK}`, ...before.slice(2)].join('\r\n');
    const onDisk = path.join(s.workspaceDir, FILE);
    await waitUntil(() => fs.readFileSync(onDisk, 'utf8') === expected, `${FILE} to be saved with the tweak`);
    assert.deepStrictEqual(fs.readFileSync(onDisk), Buffer.from(expected, 'utf8'));

    // The model is told what landed: the user's change against its proposal, as a unified diff.
    const requests = messageRequests(s.mock.requests);
    assert.strictEqual(requests.length, 3);
    const [result] = trailingResults(requests[2].body);
    const content = String(result?.content);
    assert.strictEqual(result?.is_error, undefined, content);
    assert.match(content, /The user changed your proposal before accepting it/);
    assert.ok(content.includes(`-  let sum = 0;\n+  let sum = 0;${TWEAK}`), content);
  });

  it('a review open when the window reloads does not come back as an empty editor', async () => {
    const s = session();
    const page = s.workbench.page;
    s.mock.enqueue(
      { reply: reply([toolUseBlock(TOOL, { command: 'view', path: 'README.md' }, 'toolu_e2eview2')]) },
      { expect: expectToolResult('toolu_e2eview2'), reply: reply([toolUseBlock(TOOL, { command: 'str_replace', path: 'README.md', old_str: '# Sample project', new_str: '# Sample project, reviewed' }, 'toolu_e2eedit2')]) },
    );
    await s.newChat();
    await s.send('Retitle the README.');
    const reviewTab = page.locator('.tabs-container .tab', { hasText: 'Claude\'s proposed edit' });
    await reviewTab.first().waitFor({ timeout: 60_000 });

    const reloaded = page.waitForEvent('load', { timeout: 90_000 });
    await s.runCommand('Developer: Reload Window');
    await reloaded;
    await s.chat().getByRole('textbox', { name: 'Message' }).waitFor({ timeout: 90_000 });
    // The review ended with the window: its tab, restored by the workbench, is closed.
    await waitUntil(async () => (await reviewTab.count()) === 0, 'the leftover review tab to close', 30_000);
    await s.workbench.screenshot('review-5-after-reload');
    assert.strictEqual(fs.readFileSync(path.join(s.workspaceDir, 'README.md'), 'utf8').startsWith('# Sample project\n'), true, 'nothing landed');
  });
});

async function waitUntil(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
