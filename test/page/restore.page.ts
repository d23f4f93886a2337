/// <reference lib="dom" />
// Restoring a long conversation: the task that receives it renders about a screenful, and the turns
// above follow in slices of their own, so opening the panel never holds the main thread for long.
import * as assert from 'assert';
import type { Turn } from '../../src/webview/protocol';
import { snapshotWith, usePage } from './harness';

const reply = ['## Step', '', 'Some **text** and `code`.', '', '```ts', 'export const x: number = 1;', '```', '', '| a | b |', '|---|---|', '| 1 | 2 |'].join('\n').repeat(3);
const turns: Turn[] = Array.from({ length: 200 }, (_, i) => (i % 2 === 0
  ? { id: `t${i}`, role: 'user', status: 'done', blocks: [{ type: 'text', text: `Question ${i}` }] }
  : { id: `t${i}`, role: 'assistant', status: 'done', blocks: [{ type: 'text', text: reply }] }));

describe('page: restoring a long conversation', () => {
  const chat = usePage({ width: 420, height: 700 });

  it('renders a screenful in the task that receives it, and the last turns in later slices', async () => {
    const c = chat();
    const inSameTask = await c.page.evaluate((data) => {
      window.dispatchEvent(new MessageEvent('message', { data: { type: 'snapshot', snapshot: data } }));
      return document.querySelectorAll('.turn:not(.lazy)').length;
    }, snapshotWith(turns));
    assert.ok(inSameTask >= 1 && inSameTask <= 4, `${inSameTask} turns rendered in the snapshot's task`);
    // The last one is rendered and in view at once.
    assert.strictEqual(await c.page.locator('[data-turn-id="t199"] .code-block').count(), 3);
    await c.page.waitForFunction(() => document.querySelectorAll('.turn:not(.lazy)').length >= 12);
    const transcript = await c.page.locator('#transcript').evaluate((element) => element.scrollHeight - element.scrollTop - element.clientHeight);
    assert.ok(transcript < 40, `still at the bottom after the slices: ${transcript}px above it`);
    assert.ok((await c.page.locator('.turn.lazy').count()) > 150, 'turns far above stay unrendered');
  });
});
