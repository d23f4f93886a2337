import * as assert from 'assert';
import { UpdateBatcher } from '../../src/chat/updateBatcher';
import type { HostToWebview } from '../../src/webview/protocol';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const delta = (append: string, id = 't1', index = 0): HostToWebview => ({ type: 'blockDelta', id, index, append });

describe('UpdateBatcher', () => {
  it('joins text for one block into a single delta, posted on the next tick', async () => {
    const posted: HostToWebview[] = [];
    const batcher = new UpdateBatcher((m) => posted.push(m), 10);
    for (let i = 0; i < 100; i++) batcher.push(delta(`${i},`));
    assert.strictEqual(posted.length, 0, 'nothing is posted synchronously');
    await wait(5);
    assert.deepStrictEqual(posted, [delta(Array.from({ length: 100 }, (_, i) => `${i},`).join(''))]);
  });

  it('posts at most once per interval, however many updates arrive', async () => {
    const posted: HostToWebview[] = [];
    const interval = 20;
    const batcher = new UpdateBatcher((m) => posted.push(m), interval);
    const started = Date.now();
    const times: number[] = [];
    const timer = setInterval(() => batcher.push(delta('x')), 1);
    const original = posted.push.bind(posted);
    posted.push = (...items: HostToWebview[]) => {
      times.push(Date.now() - started);
      return original(...items);
    };
    await wait(200);
    clearInterval(timer);
    batcher.flush();
    for (let i = 1; i < times.length - 1; i++) assert.ok(times[i] - times[i - 1] >= interval - 2, `posts ${i - 1} and ${i} were ${times[i] - times[i - 1]} ms apart`);
    assert.ok(times.length <= 200 / interval + 2, `${times.length} posts in 200 ms`);
    const text = posted.map((m) => (m.type === 'blockDelta' ? m.append : '')).join('');
    assert.ok(/^x+$/.test(text), 'all text arrives, in order');
  });

  it('keeps the order of other messages, posting them together in one batch', () => {
    const posted: HostToWebview[] = [];
    const batcher = new UpdateBatcher((m) => posted.push(m), 1000);
    batcher.push(delta('a'));
    batcher.push(delta('b', 't1', 1));
    batcher.push({ type: 'busy', busy: false });
    batcher.push(delta('c'));
    batcher.flush();
    assert.deepStrictEqual(posted, [{ type: 'batch', messages: [delta('a'), delta('b', 't1', 1), { type: 'busy', busy: false }, delta('c')] }]);
    batcher.dispose();
  });

  it('drops pending updates on dispose', async () => {
    const posted: HostToWebview[] = [];
    const batcher = new UpdateBatcher((m) => posted.push(m), 5);
    batcher.push(delta('a'));
    batcher.dispose();
    await wait(15);
    assert.strictEqual(posted.length, 0);
  });
});
