/// <reference lib="dom" />
// Tool calls on the page: a card per call from the host's data, its status and result, review
// buttons for an edit, Continue after a guard's pause, Undo for a turn that made edits, the
// Restricted Mode notice, and hostile strings shown as text.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Turn } from '../../src/webview/protocol';
import { assistantTurn, snapshotWith, usePage, userTurn } from './harness';

const SCREENSHOTS = path.join(__dirname, '..', '..', '..', 'test-results', 'screenshots');

function toolTurn(extra: Partial<Turn> = {}): Turn {
  return assistantTurn('t2', 'Let me read it first.', {
    blocks: [
      { type: 'text', text: 'Let me read it first.' },
      { type: 'tool_use', id: 'toolu_view', name: 'str_replace_based_edit_tool', input: { command: 'view', path: 'src/stats.ts' } },
      { type: 'tool_result', toolUseId: 'toolu_view', content: '1\texport function mean(values: number[]): number {' },
      { type: 'text', text: '`median` sorts as strings. Here is the fix:' },
      { type: 'tool_use', id: 'toolu_edit', name: 'str_replace_based_edit_tool', input: { command: 'str_replace', path: 'src/stats.ts', old_str: 'sort()', new_str: 'sort((a, b) => a - b)' } },
    ],
    status: 'streaming',
    toolCalls: {
      toolu_edit: {
        toolUseId: 'toolu_edit', status: 'proposed', title: 'Edit src/stats.ts, line 6', path: 'src/stats.ts',
        diff: '@@ -6,1 +6,1 @@\n-  const sorted = [...values].sort();\n+  const sorted = [...values].sort((a, b) => a - b);',
      },
    },
    ...extra,
  });
}

describe('page: tool cards', () => {
  const chat = usePage({ width: 460, height: 640 });

  it('shows each call as a card with its status and result, and an edit\'s diff with Open Diff, Accept and Reject', async () => {
    const c = chat();
    await c.showConversation([userTurn('t1', 'Fix the bug in stats'), toolTurn()]);
    const view = c.page.getByRole('region', { name: /^Tool call: view src\/stats\.ts\. Done\./ });
    assert.strictEqual(await view.count(), 1);
    await view.getByText('Result').click();
    assert.match(await view.locator('.tool-result-text').innerText(), /export function mean/);
    const edit = c.page.getByRole('region', { name: /^Tool call: Edit src\/stats\.ts, line 6\. Waiting for your review\./ });
    assert.match(await edit.locator('.tool-diff .added').innerText(), /sort\(\(a, b\) => a - b\)/);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await c.page.screenshot({ path: path.join(SCREENSHOTS, 'tool-cards-proposed.png') });

    const accept = edit.getByRole('button', { name: 'Accept: src/stats.ts' });
    await accept.focus();
    await c.page.keyboard.press('Enter');
    assert.deepStrictEqual((await c.posted()).at(-1), { type: 'toolCall', action: 'accept', toolUseId: 'toolu_edit' });
    await edit.getByRole('button', { name: 'Open Diff: src/stats.ts' }).click();
    assert.deepStrictEqual((await c.posted()).at(-1), { type: 'toolCall', action: 'openDiff', toolUseId: 'toolu_edit' });
    await edit.getByRole('button', { name: 'Reject: src/stats.ts' }).click();
    assert.deepStrictEqual((await c.posted()).at(-1), { type: 'toolCall', action: 'reject', toolUseId: 'toolu_edit' });

    // The host reports the edit applied and its result; the turn ends: Undo This Turn's Changes appears.
    await c.send({ type: 'toolCall', id: 't2', view: { toolUseId: 'toolu_edit', status: 'applied', title: 'Edit src/stats.ts, line 6', path: 'src/stats.ts', resultSummary: 'Applied as proposed.' } });
    await c.send({ type: 'blockStarted', id: 't2', index: 5, block: { type: 'tool_result', toolUseId: 'toolu_edit', content: 'The user accepted the edit.' } });
    await c.send({ type: 'turnMeta', id: 't2', meta: { status: 'done' } });
    const applied = c.page.getByRole('region', { name: /^Tool call: Edit src\/stats\.ts, line 6\. Applied\./ });
    assert.strictEqual(await applied.getByRole('button', { name: /^Accept/ }).count(), 0, 'no review buttons once applied');
    await c.page.getByRole('button', { name: 'Undo This Turn\'s Changes' }).click();
    assert.deepStrictEqual((await c.posted()).at(-1), { type: 'undoTurn', turnId: 't2' });
    await c.page.screenshot({ path: path.join(SCREENSHOTS, 'tool-cards-applied.png') });
  });

  it('offers Continue after a guard paused the loop, and marks calls a stopped turn never ran as cancelled', async () => {
    const c = chat();
    const paused = toolTurn({ status: 'done', stopReason: 'tool_use', notice: 'Paused after 25 rounds of tool calls in this turn. Choose Continue to let Claude go on.', toolCalls: {} });
    await c.showConversation([userTurn('t1', 'Go'), paused]);
    assert.ok(await c.page.getByText(/Paused after 25 rounds/).isVisible());
    assert.strictEqual(await c.page.getByRole('region', { name: /Not run\./ }).count(), 1);
    await c.page.getByRole('button', { name: 'Continue' }).click();
    assert.deepStrictEqual((await c.posted()).at(-1), { type: 'action', action: 'continue' });
    await c.send({ type: 'turnMeta', id: 't2', meta: { status: 'stopped' } });
    assert.strictEqual(await c.page.getByRole('region', { name: /Cancelled\./ }).count(), 1);
  });

  it('shows a command exactly, with Run, Edit and Reject; Edit runs the text the user typed', async () => {
    const c = chat();
    const command = 'npm test 2>&1 | tail -n 20 && echo "<b>done</b>"';
    await c.showConversation([userTurn('t1', 'Run the tests'), assistantTurn('t2', '', {
      blocks: [{ type: 'tool_use', id: 'toolu_cmd', name: 'bash', input: { command } }],
      status: 'streaming',
      toolCalls: { toolu_cmd: { toolUseId: 'toolu_cmd', status: 'proposed', title: 'Run a command', command, resultSummary: 'Asks: `npm test` matched no allow rule.' } },
    })]);
    const card = c.page.getByRole('region', { name: /^Tool call: Run a command\. Waiting for your confirmation\./ });
    assert.strictEqual(await card.getByLabel('Command', { exact: true }).innerText(), command);
    assert.strictEqual(await card.locator('b').count(), 0, 'the command is text, not markup');
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await c.page.screenshot({ path: path.join(SCREENSHOTS, 'tool-cards-command-proposed.png') });

    await card.getByRole('button', { name: 'Run the command' }).click();
    assert.deepStrictEqual((await c.posted()).at(-1), { type: 'toolCall', action: 'runCommand', toolUseId: 'toolu_cmd' });
    await card.getByRole('button', { name: 'Reject the command' }).click();
    assert.deepStrictEqual((await c.posted()).at(-1), { type: 'toolCall', action: 'rejectCommand', toolUseId: 'toolu_cmd' });

    // Edit: the command becomes a text box with the focus; Escape cancels, Ctrl+Enter runs the edit.
    const posts = (await c.posted()).length;
    await card.getByRole('button', { name: 'Edit the command before it runs' }).click();
    const box = card.getByRole('textbox', { name: 'Command to run (your edit)' });
    assert.strictEqual(await box.evaluate((element) => element === document.activeElement), true);
    await c.page.keyboard.press('Escape');
    assert.strictEqual(await box.count(), 0);
    assert.strictEqual((await c.posted()).length, posts, 'cancelling sends nothing (and does not stop the turn)');
    await card.getByRole('button', { name: 'Edit the command before it runs' }).click();
    await box.fill('npm test -- --grep median');
    await c.page.screenshot({ path: path.join(SCREENSHOTS, 'tool-cards-command-edit.png') });
    await c.page.keyboard.press('Control+Enter');
    assert.deepStrictEqual((await c.posted()).at(-1), { type: 'toolCall', action: 'runCommand', toolUseId: 'toolu_cmd', command: 'npm test -- --grep median' });

    // The host streams the output in and reports how it ended.
    await c.send({ type: 'toolCall', id: 't2', view: { toolUseId: 'toolu_cmd', status: 'running', title: 'Run a command', command: 'npm test -- --grep median', output: '1 failing\n' } });
    assert.strictEqual(await card.count(), 0, 'the card is no longer waiting');
    const running = c.page.getByRole('region', { name: /^Tool call: Run a command\. Running\./ });
    assert.match(await running.locator('.tool-output').innerText(), /1 failing/);
    assert.strictEqual(await running.getByRole('button').count(), 0);
    await c.send({ type: 'toolCall', id: 't2', view: { toolUseId: 'toolu_cmd', status: 'applied', title: 'Run a command', command: 'npm test -- --grep median', output: '1 failing\n2 passing\n', resultSummary: 'Ran without asking: every part matched allow rule `npm test:*`. Exit code 0.' } });
    const ran = c.page.getByRole('region', { name: /^Tool call: Run a command\. Ran\./ });
    assert.match(await ran.locator('.tool-card-summary').innerText(), /allow rule `npm test:\*`/);
    await c.page.screenshot({ path: path.join(SCREENSHOTS, 'tool-cards-command-ran.png') });
  });

  it('shows hostile card text as text, and says why tools are off in Restricted Mode', async () => {
    const c = chat();
    const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';
    const snapshot = snapshotWith([userTurn('t1', 'x'), assistantTurn('t2', '', {
      blocks: [
        { type: 'tool_use', id: 'toolu_x', name: 'str_replace_based_edit_tool', input: { command: 'view', path: hostile } },
        { type: 'tool_result', toolUseId: 'toolu_x', content: hostile, isError: true },
      ],
      toolCalls: { toolu_x: { toolUseId: 'toolu_x', status: 'proposed', title: hostile, diff: `+${hostile}`, resultSummary: hostile } },
    })]);
    snapshot.header.toolsOff = 'Tools are off: this workspace is in Restricted Mode, so Claude cannot read or edit files here.';
    await c.send({ type: 'snapshot', snapshot });
    assert.strictEqual(await c.page.locator('.tool-card img, .tool-card script').count(), 0);
    assert.ok(await c.page.locator('.tool-card-title').innerText().then((text) => text.includes('<img')));
    assert.strictEqual(await c.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.ok(await c.page.getByRole('status').filter({ hasText: 'Tools are off' }).isVisible());
  });
});
