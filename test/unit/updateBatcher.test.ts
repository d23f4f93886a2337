import * as assert from 'assert';
import { UpdateBatcher } from '../../src/chat/updateBatcher';
import type { HostToWebview } from '../../src/webview/protocol';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('UpdateBatcher', () => {
  it('coalesces text for one turn into a single update per interval', async () => {
    const posted: HostToWebview[] = [];
    const batcher = new UpdateBatcher((m) => posted.push(m), 10);
    for (let i = 0; i < 100; i++) batcher.push({ type: 'turnText', id: 't1', append: `${i},` });
    assert.strictEqual(posted.length, 0);
    await wait(30);
    assert.strictEqual(posted.length, 1);
    assert.deepStrictEqual(posted[0], { type: 'turnText', id: 't1', append: Array.from({ length: 100 }, (_, i) => `${i},`).join('') });
  });

  it('flushes pending text before any other message, keeping order', () => {
    const posted: HostToWebview[] = [];
    const batcher = new UpdateBatcher((m) => posted.push(m), 1000);
    batcher.push({ type: 'turnText', id: 't1', append: 'a' });
    batcher.push({ type: 'turnText', id: 't2', append: 'b' });
    batcher.push({ type: 'busy', busy: false });
    assert.deepStrictEqual(posted, [
      { type: 'turnText', id: 't1', append: 'a' },
      { type: 'turnText', id: 't2', append: 'b' },
      { type: 'busy', busy: false },
    ]);
    batcher.dispose();
  });

  it('drops pending text on dispose', async () => {
    const posted: HostToWebview[] = [];
    const batcher = new UpdateBatcher((m) => posted.push(m), 5);
    batcher.push({ type: 'turnText', id: 't1', append: 'a' });
    batcher.dispose();
    await wait(15);
    assert.strictEqual(posted.length, 0);
  });
});
