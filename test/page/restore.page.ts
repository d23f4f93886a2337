/// <reference lib="dom" />
// Restoring a long conversation: the task that receives it builds placeholders, the last turns follow
// in a task of their own and the turns above in slices, so opening the panel never holds the main
// thread for long; the view still ends at the bottom.
import * as assert from 'assert';
import type { Turn } from '../../src/webview/protocol';
import { type ChatPage, snapshotWith, usePage } from './harness';

const reply = ['## Step', '', 'Some **text** and `code`.', '', '```ts', 'export const x: number = 1;', '```', '', '| a | b |', '|---|---|', '| 1 | 2 |'].join('\n').repeat(3);
const turns: Turn[] = Array.from({ length: 200 }, (_, i) => (i % 2 === 0
  ? { id: `t${i}`, role: 'user', status: 'done', blocks: [{ type: 'text', text: `Question ${i}` }] }
  : { id: `t${i}`, role: 'assistant', status: 'done', blocks: [{ type: 'text', text: reply }] }));

const distanceToBottom = (c: ChatPage): Promise<number> => c.page.locator('#transcript').evaluate((element) => element.scrollHeight - element.scrollTop - element.clientHeight);

describe('page: restoring a long conversation', () => {
  const chat = usePage({ width: 420, height: 700 });

  it('builds only placeholders in the task that receives it, then the last turns, and the view ends at the bottom', async () => {
    const c = chat();
    const inSameTask = await c.page.evaluate((data) => {
      window.dispatchEvent(new MessageEvent('message', { data: { type: 'snapshot', snapshot: data } }));
      return document.querySelectorAll('.turn:not(.lazy)').length;
    }, snapshotWith(turns));
    assert.strictEqual(inSameTask, 0, 'no turn rendered in the snapshot\'s task');
    await c.frame();
    // The last one is rendered, and in view, by the frames that follow.
    assert.strictEqual(await c.page.locator('[data-turn-id="t199"] .code-block').count(), 3);
    assert.ok((await distanceToBottom(c)) < 40, `at the bottom after the first frames: ${await distanceToBottom(c)}px above it`);
    await c.page.waitForFunction(() => document.querySelectorAll('.turn:not(.lazy)').length >= 12);
    await c.frame();
    assert.ok((await distanceToBottom(c)) < 40, `still at the bottom after the slices: ${await distanceToBottom(c)}px above it`);
    assert.ok((await c.page.locator('.turn.lazy').count()) > 150, 'turns far above stay unrendered');
  });

  it('renders a turn far above when it is scrolled to', async () => {
    const c = chat();
    await c.showConversation(turns);
    await c.page.waitForFunction(() => document.querySelectorAll('.turn:not(.lazy)').length >= 12);
    assert.strictEqual(await c.page.locator('[data-turn-id="t1"] .code-block').count(), 0, 'not rendered before it is near');
    await c.page.locator('#transcript').evaluate((element) => {
      element.scrollTop = 0;
    });
    await c.page.waitForFunction(() => document.querySelectorAll('[data-turn-id="t1"] .code-block').length === 3);
    assert.match((await c.page.locator('[data-turn-id="t1"] .markdown').textContent()) ?? '', /Some text and code\./);
  });
});
