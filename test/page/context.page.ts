/// <reference lib="dom" />
// The composer's context chips and the @ list: rendering, opening, removing from the mouse and the
// keyboard, the draft's token estimate, and hostile file names shown as inert text.
import * as assert from 'assert';
import type { ContextChip } from '../../src/webview/protocol';
import { usePage } from './harness';

const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const chips: ContextChip[] = [
  { id: 'a1', kind: 'code', label: 'stats.ts:12-40', title: 'src/stats.ts, lines 12-40, 2 diagnostics', diagnostics: 2, tokens: 300 },
  { id: 'a2', kind: 'file', label: 'README.md:1-80', title: 'README.md, lines 1-80', diagnostics: 0, tokens: 1200, note: 'cut at line 80 of 9000' },
  { id: 'a3', kind: 'problems', label: 'Problems (3)', title: "The workspace's problems: 3 errors, 0 warnings", diagnostics: 0, tokens: 50 },
];

describe('page: context chips and @ mentions', () => {
  const chat = usePage();

  it('shows each chip with its icon, name, range, diagnostics marker, cut note, and full title as its name', async () => {
    const c = chat();
    await c.showConversation([]);
    await c.send({ type: 'chips', chips });
    const strip = c.page.getByRole('list', { name: 'Attached context' });
    assert.strictEqual(await strip.isVisible(), true);
    assert.strictEqual(await strip.getByRole('listitem').count(), 3);
    const first = c.page.getByRole('button', { name: /^src\/stats\.ts, lines 12-40, 2 diagnostics/ });
    assert.strictEqual(await first.locator('.chip-label').innerText(), 'stats.ts:12-40');
    assert.strictEqual(await first.locator('.codicon-code').count(), 1);
    assert.strictEqual(await first.locator('.chip-diagnostics').innerText(), '2');
    assert.match((await first.getAttribute('title')) ?? '', /src\/stats\.ts, lines 12-40, 2 diagnostics about 300 tokens/);
    assert.strictEqual(await c.page.locator('[data-chip-id="a2"] .chip-note').innerText(), 'cut');
    assert.match((await c.page.locator('[data-chip-id="a2"] .chip-open').getAttribute('aria-label')) ?? '', /\(cut at line 80 of 9000\)/);
    assert.strictEqual(await c.page.locator('#draft-tokens').innerText(), '~1,550 tokens', 'chips count toward the estimate');
    await c.page.getByRole('textbox', { name: 'Message' }).fill('12345678');
    assert.strictEqual(await c.page.locator('#draft-tokens').innerText(), '~1,552 tokens', 'and so does the text');
    await c.page.screenshot({ path: 'test-results/screenshots/page-chips.png' });
  });

  it('opens a chip on click, removes it with its × and with Delete or Backspace, from the keyboard', async () => {
    const c = chat();
    await c.showConversation([]);
    await c.send({ type: 'chips', chips });
    await c.page.getByRole('button', { name: /^src\/stats\.ts/ }).click();
    assert.deepStrictEqual((await c.posted()).at(-1), { type: 'chip', action: 'open', id: 'a1' });
    await c.page.getByRole('button', { name: /^Remove README\.md/ }).click();
    assert.deepStrictEqual((await c.posted()).at(-1), { type: 'chip', action: 'remove', id: 'a2' });

    await c.page.getByRole('button', { name: /^src\/stats\.ts/ }).focus();
    await c.page.keyboard.press('Enter');
    assert.deepStrictEqual((await c.posted()).at(-1), { type: 'chip', action: 'open', id: 'a1' });
    await c.page.keyboard.press('Delete');
    assert.deepStrictEqual((await c.posted()).at(-1), { type: 'chip', action: 'remove', id: 'a1' });
    // The host answers with the chips that remain; the focus moved on to the next one.
    await c.send({ type: 'chips', chips: [chips[2]] });
    assert.strictEqual(await c.page.evaluate(() => document.activeElement?.closest('[data-chip-id]')?.getAttribute('data-chip-id')), 'a3');
    await c.page.keyboard.press('Backspace');
    assert.deepStrictEqual((await c.posted()).at(-1), { type: 'chip', action: 'remove', id: 'a3' });
    await c.send({ type: 'chips', chips: [] });
    assert.strictEqual(await c.page.evaluate(() => document.activeElement?.id), 'message', 'the last one gone, the focus returns to the message box');
    assert.strictEqual(await c.page.getByRole('list', { name: 'Attached context' }).isHidden(), true);
  });

  it('sends with only chips attached, and the chips go by the host', async () => {
    const c = chat();
    await c.showConversation([]);
    await c.send({ type: 'chips', chips: [chips[0]] });
    await c.page.getByRole('textbox', { name: 'Message' }).focus();
    await c.page.keyboard.press('Enter');
    assert.deepStrictEqual((await c.posted()).at(-1), { type: 'send', text: '', images: [] });
  });

  it('opens the @ list, filters it as you type, moves with the arrows, picks with Enter or Tab, closes with Escape', async () => {
    const c = chat();
    await c.showConversation([]);
    const box = c.page.getByRole('textbox', { name: 'Message' });
    await box.focus();
    await c.page.keyboard.type('Explain @');
    const list = c.page.getByRole('listbox', { name: 'Mentions' });
    assert.strictEqual(await list.isVisible(), true);
    assert.deepStrictEqual(await list.locator('.mention-name').allInnerTexts(), ['@file', '@folder', '@selection', '@problems', '@diff', '@terminal']);
    assert.strictEqual(await box.getAttribute('aria-controls'), await list.getAttribute('id'));
    assert.strictEqual(await box.getAttribute('aria-activedescendant'), 'mention-file');
    await c.page.keyboard.type('f');
    assert.deepStrictEqual(await list.locator('.mention-name').allInnerTexts(), ['@file', '@folder', '@diff'], 'filtered: names starting with f first');
    await c.page.keyboard.press('ArrowDown');
    assert.strictEqual(await box.getAttribute('aria-activedescendant'), 'mention-folder');
    await c.page.keyboard.press('ArrowUp');
    await c.page.keyboard.press('ArrowUp');
    assert.strictEqual(await box.getAttribute('aria-activedescendant'), 'mention-diff', 'the arrows wrap around');
    await c.page.keyboard.press('Escape');
    assert.strictEqual(await list.isHidden(), true);
    assert.strictEqual(await box.getAttribute('aria-activedescendant'), null, 'no active option once closed');
    assert.strictEqual(await box.inputValue(), 'Explain @f', 'Escape closes the list and keeps the text');
    assert.ok(!(await c.posted()).some((m) => m.type === 'stop' || m.type === 'send'), 'neither Escape nor the list sent or stopped anything');

    await c.page.keyboard.press('Backspace');
    await c.page.keyboard.type('pro');
    await c.page.keyboard.press('Enter');
    assert.deepStrictEqual((await c.posted()).at(-1), { type: 'mention', kind: 'problems' });
    assert.strictEqual(await box.inputValue(), 'Explain @problems ', 'Enter picked, it did not send');
    await c.send({ type: 'mentionResolved', kind: 'problems', ok: true });
    assert.strictEqual(await box.inputValue(), 'Explain ', 'once a chip holds it, the mention text goes');

    await c.page.keyboard.type('@di');
    await c.page.keyboard.press('Tab');
    assert.deepStrictEqual((await c.posted()).at(-1), { type: 'mention', kind: 'diff' });
    await c.send({ type: 'mentionResolved', kind: 'diff', ok: false });
    assert.strictEqual(await box.inputValue(), 'Explain @diff ', 'an unresolved mention stays as plain text');
    assert.strictEqual(await c.page.evaluate(() => document.activeElement?.id), 'message', 'Tab picked; the focus stayed');
  });

  it('takes files dropped from the Explorer or a tab to the host, and dropped images into the same strip as the chips', async () => {
    const c = chat();
    await c.showConversation([]);
    await c.send({ type: 'chips', chips: [chips[0]] });
    // What VS Code puts on a drag from the Explorer or an editor tab: its own URI list type.
    const allowed = await c.page.evaluate(() => {
      const data = new DataTransfer();
      data.setData('application/vnd.code.uri-list', 'file:///w/src/a.ts\r\n# a comment line\r\nfile:///w/b.md');
      const target = document.getElementById('message')!;
      const over = new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true });
      target.dispatchEvent(over);
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      return over.defaultPrevented;
    });
    assert.strictEqual(allowed, true, 'the composer accepts the drag');
    assert.deepStrictEqual((await c.posted()).at(-1), { type: 'dropUris', uris: ['file:///w/src/a.ts', 'file:///w/b.md'] });

    await c.page.evaluate((png) => {
      const data = new DataTransfer();
      data.items.add(new File([Uint8Array.from(atob(png), (char) => char.charCodeAt(0))], 'dot.png', { type: 'image/png' }));
      document.getElementById('message')!.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, PNG_1PX);
    const strip = c.page.getByRole('list', { name: 'Attached context' });
    await strip.getByRole('img', { name: 'dot.png' }).waitFor();
    assert.strictEqual(await strip.getByRole('listitem').count(), 2, 'the chip and the thumbnail, side by side');
    assert.ok(!(await c.posted()).some((m) => m.type === 'dropUris' && m.uris.length === 0), 'an image is not sent to the host as a file');
  });

  it('does not open the list for an @ inside a word, such as an e-mail address', async () => {
    const c = chat();
    await c.showConversation([]);
    await c.page.getByRole('textbox', { name: 'Message' }).focus();
    await c.page.keyboard.type('mail me at someone@example');
    assert.strictEqual(await c.page.getByRole('listbox', { name: 'Mentions' }).isHidden(), true);
  });

  it('shows hostile file names as inert text', async () => {
    const c = chat();
    await c.showConversation([]);
    const hostile = '<img src=x onerror="window.__pwned=1">.ts';
    await c.send({ type: 'chips', chips: [{ id: 'a1', kind: 'file', label: `${hostile}:1-2`, title: `src/${hostile}, lines 1-2`, diagnostics: 0, tokens: 5, note: '<b onmouseover=alert(1)>x</b>' }] });
    await c.page.getByRole('button', { name: /^src\/<img/ }).hover();
    assert.strictEqual(await c.page.locator('#attachments img').count(), 0, 'no element was made from the name');
    assert.strictEqual(await c.page.locator('#attachments b').count(), 0);
    assert.strictEqual(await c.page.locator('[data-chip-id="a1"] .chip-label').innerText(), `${hostile}:1-2`);
    assert.strictEqual(await c.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);
    assert.deepStrictEqual(await c.cspViolations(), []);
  });

  it('shows the context a sent message carried as compact chips that open through the host, not as fenced code', async () => {
    const c = chat();
    const text = 'src/a.ts, lines 1-2\n```ts\nconst a = 1;\nconst b = 2;\n```\n\nWhat is this?';
    await c.showConversation([
      { id: 't1', role: 'user', status: 'done', blocks: [{ type: 'text', text }], context: { length: text.indexOf('What'), chips: [{ kind: 'code', label: 'a.ts:1-2', title: 'src/a.ts, lines 1-2', href: 'src/a.ts#L1-L2' }, { kind: 'problems', label: 'Problems (1)', title: 'Problems' }] } },
    ]);
    const turn = c.page.locator('[data-turn-id="t1"]');
    assert.deepStrictEqual(await turn.locator('.sent-chip').allInnerTexts(), ['a.ts:1-2', 'Problems (1)']);
    assert.strictEqual(await turn.locator('.user-text').evaluate((element) => element.lastChild?.textContent), 'What is this?');
    assert.ok(!(await turn.innerText()).includes('const a'), 'the fenced code is not shown');
    await turn.getByRole('link', { name: 'src/a.ts, lines 1-2' }).click();
    assert.deepStrictEqual((await c.posted()).at(-1), { type: 'openLink', href: 'src/a.ts#L1-L2' });
    await c.page.screenshot({ path: 'test-results/screenshots/page-sent-chips.png' });
  });
});
