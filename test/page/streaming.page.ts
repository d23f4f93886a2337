/// <reference lib="dom" />
// Streaming: text arrives in deltas and is drawn once per frame; finished blocks are rendered once
// and never touched again; earlier turns are never touched; the view follows until the user scrolls.
import * as assert from 'assert';
import type { HostToWebview } from '../../src/webview/protocol';
import { type ChatPage, assistantTurn, usePage, userTurn } from './harness';

const reply = [
  '# Heading one',
  '',
  'A paragraph with **bold** text and `code`, long enough to wrap in a narrow panel at least once or twice.',
  '',
  '| a | b |',
  '|---|---|',
  '| 1 | 2 |',
  '',
  '```python',
  'def greet(name):',
  '    return f"Hello, {name}"',
  '```',
  '',
  '- one',
  '- two',
  '',
  'The end.',
].join('\n');

async function startReply(c: ChatPage, earlier: number): Promise<void> {
  const turns = Array.from({ length: earlier }, (_, i) => (i % 2 === 0 ? userTurn(`e${i}`, `Question ${i}`) : assistantTurn(`e${i}`, `Answer ${i}\n\n${'Some text. '.repeat(20)}`)));
  await c.showConversation([...turns, userTurn('q', 'Go')], { busy: true });
  await c.send({ type: 'turnAdded', turn: { id: 'r', role: 'assistant', status: 'streaming', blocks: [] } }, { type: 'blockStarted', id: 'r', index: 0, block: { type: 'text', text: '' } });
}

function deltas(text: string, size: number): HostToWebview[] {
  return (text.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g')) ?? []).map((append) => ({ type: 'blockDelta', id: 'r', index: 0, append }));
}

describe('page: streaming', () => {
  const chat = usePage({ height: 500 });

  it('ends with exactly what rendering the whole reply at once gives', async () => {
    const c = chat();
    await startReply(c, 0);
    for (const delta of deltas(reply, 3)) {
      await c.send(delta);
      await c.frame();
    }
    await c.send({ type: 'turnMeta', id: 'r', meta: { status: 'done' } });
    await c.send({ type: 'turnAdded', turn: assistantTurn('whole', reply) });
    const [streamed, whole] = await c.page.locator('.markdown').evaluateAll((elements) => elements.slice(-2).map((e) => e.innerHTML));
    assert.strictEqual(streamed, whole);
  });

  it('never re-renders a finished block, and never touches earlier turns', async () => {
    const c = chat();
    await startReply(c, 10);
    await c.page.evaluate(() => {
      const w = window as unknown as { __touched: string[] };
      w.__touched = [];
      const observer = new MutationObserver((records) => {
        for (const record of records) {
          const turn = (record.target as Element).closest?.('[data-turn-id]') ?? record.target.parentElement?.closest('[data-turn-id]');
          if (turn?.getAttribute('data-turn-id') !== 'r') w.__touched.push(`earlier turn ${turn?.getAttribute('data-turn-id')}`);
          const inOpen = (record.target as Element).closest?.('.open-block');
          // A finished code block's plain text is replaced by its highlighted form (from the worker).
          const highlighted = (record.target as Element).matches?.('.code-block pre > code') && Array.from(record.removedNodes).every((n) => n.nodeType === Node.TEXT_NODE);
          // Outside the open block, only new finished blocks may be added; nothing is removed.
          if (!inOpen && !highlighted && record.removedNodes.length > 0 && !Array.from(record.removedNodes).every((n) => (n as Element).classList?.contains('open-block'))) w.__touched.push('finished block removed');
        }
      });
      observer.observe(document.getElementById('turns')!, { childList: true, subtree: true, characterData: true, attributes: true });
    });
    const parts = deltas(reply, 5);
    for (const [index, delta] of parts.entries()) {
      await c.send(delta);
      await c.frame();
      if (index === Math.floor(parts.length / 3)) {
        // The heading finished long ago: mark the node to see whether it is ever replaced.
        await c.page.evaluate(() => ((document.querySelector('[data-turn-id="r"] h1') as unknown as { __mark: boolean }).__mark = true));
      }
    }
    assert.deepStrictEqual(await c.page.evaluate(() => (window as unknown as { __touched: string[] }).__touched), []);
    await c.send({ type: 'turnMeta', id: 'r', meta: { status: 'done' } });
    assert.strictEqual(await c.page.evaluate(() => (document.querySelector('[data-turn-id="r"] h1') as unknown as { __mark?: boolean }).__mark), true, 'the heading is the node first rendered');
  });

  it('shows a block that finished, rendered a frame ahead, only once: never still open as well', async () => {
    const c = chat();
    await startReply(c, 0);
    await c.page.evaluate(() => {
      const w = window as unknown as { __most: number };
      w.__most = 0;
      const markers = ['Heading one', 'A paragraph with', 'def greet', 'The end'];
      // Called once per task that changed the DOM: what the next frame would show.
      new MutationObserver(() => {
        const text = document.querySelector('[data-turn-id="r"] .markdown')?.textContent ?? '';
        for (const marker of markers) w.__most = Math.max(w.__most, text.split(marker).length - 1);
      }).observe(document.getElementById('turns')!, { childList: true, subtree: true, characterData: true });
    });
    for (const delta of deltas(reply, 7)) {
      await c.send(delta);
      await c.frame();
    }
    await c.settle();
    assert.strictEqual(await c.page.evaluate(() => (window as unknown as { __most: number }).__most), 1, 'no text shown twice');
    await c.send({ type: 'turnMeta', id: 'r', meta: { status: 'done' } });
  });

  it('shows highlighted code with a draw while the reply streams, not in a frame of its own', async () => {
    const c = chat();
    await startReply(c, 0);
    await c.page.evaluate(() => {
      const w = window as unknown as { __highlights: number; __alone: number };
      w.__highlights = 0;
      w.__alone = 0;
      // One callback per task that changed the DOM: each is a frame's worth of style, layout and paint.
      new MutationObserver((records) => {
        const isHighlight = (r: MutationRecord): boolean => (r.target as Element).matches?.('pre > code') && Array.from(r.addedNodes).some((n) => (n as Element).className?.startsWith?.('hljs'));
        if (!records.some(isHighlight)) return;
        w.__highlights += 1;
        if (records.every(isHighlight)) w.__alone += 1;
      }).observe(document.getElementById('turns')!, { childList: true, subtree: true, characterData: true });
    });
    await c.send(...deltas(reply, 400));
    await c.frame();
    const state = () => c.page.evaluate(() => {
      const { __highlights, __alone } = window as unknown as { __highlights: number; __alone: number };
      return { __highlights, __alone };
    });
    // Text keeps coming, drawn every frame or so, until the worker's answer is shown.
    for (let i = 0; i < 200 && (await state()).__highlights === 0; i++) {
      await c.send({ type: 'blockDelta', id: 'r', index: 0, append: ' More text.' });
      await c.page.waitForTimeout(20);
    }
    const { __highlights, __alone } = await state();
    assert.ok(__highlights > 0, 'the code was highlighted while the reply streamed');
    assert.strictEqual(__alone, 0, 'no task changed the page only to highlight');
    await c.send({ type: 'turnMeta', id: 'r', meta: { status: 'done' } });
  });

  it('draws many deltas in one frame as one update', async () => {
    const c = chat();
    await startReply(c, 0);
    await c.page.evaluate(() => {
      const w = window as unknown as { __renders: number };
      w.__renders = 0;
      // One callback per task that changed the DOM: one draw, however many nodes it touched.
      new MutationObserver((records) => {
        if (records.some((r) => (r.target as Element).closest?.('.open-block') ?? r.target.parentElement?.closest('.open-block'))) w.__renders += 1;
      }).observe(document.getElementById('turns')!, { childList: true, subtree: true, characterData: true });
    });
    await c.send(...deltas('word '.repeat(200), 5));
    await c.frame();
    assert.strictEqual(await c.page.evaluate(() => (window as unknown as { __renders: number }).__renders), 1);
  });

  it('follows the stream until the user scrolls up, then offers Jump to latest', async () => {
    const c = chat();
    await startReply(c, 6);
    const jump = c.page.getByRole('button', { name: 'Jump to latest' });
    const distance = () => c.page.locator('#transcript').evaluate((t) => t.scrollHeight - t.scrollTop - t.clientHeight);
    for (const delta of deltas('Line of text.\n\n'.repeat(60), 40)) {
      await c.send(delta);
      await c.frame();
    }
    await c.settle();
    assert.ok((await distance()) < 2, 'at the bottom while following');
    assert.strictEqual(await jump.isVisible(), false);
    await c.page.locator('#transcript').hover();
    await c.page.mouse.wheel(0, -600);
    await c.page.waitForFunction(() => {
      const t = document.getElementById('transcript')!;
      return t.scrollHeight - t.scrollTop - t.clientHeight > 300;
    });
    const top = await c.page.locator('#transcript').evaluate((t) => t.scrollTop);
    for (const delta of deltas('More text.\n\n'.repeat(30), 40)) {
      await c.send(delta);
      await c.frame();
    }
    await c.settle();
    assert.strictEqual(await c.page.locator('#transcript').evaluate((t) => t.scrollTop), top, 'the view stays where the user put it');
    assert.strictEqual(await jump.isVisible(), true);
    await jump.click();
    await c.frame();
    assert.ok((await distance()) < 2, 'back at the bottom');
    assert.strictEqual(await jump.isVisible(), false);
  });

  it('stops following when the user scrolls up with the keyboard', async () => {
    const c = chat();
    await startReply(c, 6);
    for (const delta of deltas('Line of text.\n\n'.repeat(60), 40)) await c.send(delta);
    await c.settle();
    await c.page.locator('#transcript').focus();
    await c.page.keyboard.press('PageUp');
    await c.page.waitForFunction(() => {
      const t = document.getElementById('transcript')!;
      return t.scrollHeight - t.scrollTop - t.clientHeight > 100;
    });
    // The key's scroll is animated: it has ended once the view stands still for a while.
    const scrollTop = () => c.page.locator('#transcript').evaluate((t) => t.scrollTop);
    let top = await scrollTop();
    for (let previous = -1; top !== previous; top = await scrollTop()) {
      previous = top;
      await c.page.waitForTimeout(200);
    }
    for (const delta of deltas('More text.\n\n'.repeat(30), 40)) {
      await c.send(delta);
      await c.frame();
    }
    await c.settle();
    assert.strictEqual(await scrollTop(), top, 'the view stays where the user put it');
    assert.strictEqual(await c.page.getByRole('button', { name: 'Jump to latest' }).isVisible(), true);
  });

  it('follows each draw in the frame that shows it, so no draw task waits for a layout', async () => {
    const c = chat();
    await startReply(c, 6);
    // Every read of the transcript's height is recorded with where it happened: in an animation
    // frame callback or a scroll event (the frame lays out anyway), or in some other task, where it
    // forces a layout of its own.
    await c.page.evaluate(() => {
      const record = { inFrame: 0, elsewhere: 0 };
      (window as unknown as { __heightReads: typeof record }).__heightReads = record;
      let inFrame = false;
      const original = window.requestAnimationFrame.bind(window);
      window.requestAnimationFrame = (callback) => original((time) => {
        inFrame = true;
        try {
          callback(time);
        } finally {
          inFrame = false;
        }
      });
      const transcript = document.getElementById('transcript')!;
      const height = Object.getOwnPropertyDescriptor(Element.prototype, 'scrollHeight')!.get!;
      Object.defineProperty(transcript, 'scrollHeight', {
        get() {
          if (inFrame || (window as unknown as { event?: Event }).event?.type === 'scroll') record.inFrame++;
          else record.elsewhere++;
          return height.call(this);
        },
      });
    });
    for (const delta of deltas('Line of text.\n\n'.repeat(60), 40)) {
      await c.send(delta);
      await c.frame();
    }
    await c.settle();
    const reads = await c.page.evaluate(() => (window as unknown as { __heightReads: { inFrame: number; elsewhere: number } }).__heightReads);
    assert.ok(reads.inFrame > 0, 'the view followed the stream');
    assert.strictEqual(reads.elsewhere, 0, 'a draw read the height in its own task');
    const distance = await c.page.locator('#transcript').evaluate((t) => t.scrollHeight - t.scrollTop - t.clientHeight);
    assert.ok(distance < 2, 'at the bottom while following');
  });

  it('keeps the transcript a log, busy while the reply streams', async () => {
    const c = chat();
    await startReply(c, 0);
    await c.send({ type: 'busy', busy: true });
    assert.strictEqual(await c.page.getByRole('log', { name: 'Conversation' }).getAttribute('aria-busy'), 'true');
    assert.strictEqual(await c.page.locator('[data-turn-id="r"]').getAttribute('aria-busy'), 'true');
    await c.send({ type: 'turnMeta', id: 'r', meta: { status: 'stopped' } }, { type: 'busy', busy: false });
    assert.strictEqual(await c.page.locator('[data-turn-id="r"]').getAttribute('aria-busy'), 'false');
    assert.match(await c.page.locator('[data-turn-id="r"] .turn-footer').innerText(), /Stopped/);
  });
});
