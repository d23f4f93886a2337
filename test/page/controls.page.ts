/// <reference lib="dom" />
// The controls: sending and stopping from the keyboard, per-message actions, code block actions,
// links, the header, image attachments, and accessible names for everything.
import * as assert from 'assert';
import { assistantTurn, usePage, userTurn } from './harness';

const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('page: controls', () => {
  const chat = usePage();

  it('Enter sends, Shift+Enter starts a new line, Escape stops a streaming reply', async () => {
    const c = chat();
    await c.showConversation([]);
    const box = c.page.getByRole('textbox', { name: 'Message' });
    await box.click();
    await c.page.keyboard.type('first line');
    await c.page.keyboard.press('Shift+Enter');
    await c.page.keyboard.type('second line');
    assert.strictEqual(await box.inputValue(), 'first line\nsecond line');
    await c.page.keyboard.press('Enter');
    assert.deepStrictEqual((await c.posted()).at(-1), { type: 'send', text: 'first line\nsecond line', images: [] });
    assert.strictEqual(await box.inputValue(), '');
    await c.page.keyboard.press('Enter');
    assert.strictEqual((await c.posted()).filter((m) => m.type === 'send').length, 1, 'an empty box sends nothing');

    await c.send({ type: 'busy', busy: true });
    assert.strictEqual(await c.page.getByRole('button', { name: 'Send' }).isDisabled(), true);
    await c.page.keyboard.press('Escape');
    assert.deepStrictEqual((await c.posted()).at(-1), { type: 'stop' });
    await c.page.getByRole('button', { name: 'Stop' }).click();
    assert.deepStrictEqual((await c.posted()).at(-1), { type: 'stop' });
  });

  it('keeps the draft across a reload of the page', async () => {
    const c = chat();
    await c.page.getByRole('textbox', { name: 'Message' }).fill('half-written question');
    await c.page.reload();
    await c.page.waitForFunction(() => document.readyState === 'complete');
    assert.strictEqual(await c.page.getByRole('textbox', { name: 'Message' }).inputValue(), 'half-written question');
  });

  it('copies a message, regenerates only the last reply, and edits and resends a question', async () => {
    const c = chat();
    await c.showConversation([userTurn('t1', 'Q1'), assistantTurn('t2', 'A1 **bold**'), userTurn('t3', 'Q2'), assistantTurn('t4', 'A2')]);
    await c.page.locator('[data-turn-id="t2"]').getByRole('button', { name: /^Copy/ }).click();
    assert.deepStrictEqual((await c.posted()).at(-1), { type: 'copy', text: 'A1 **bold**' });
    await c.page.locator('[data-turn-id="t2"]').hover();
    assert.strictEqual(await c.page.locator('[data-turn-id="t2"] [data-turn-action="regenerate"]').isVisible(), false, 'only the last reply regenerates');
    await c.page.locator('[data-turn-id="t4"]').hover();
    await c.page.locator('[data-turn-id="t4"]').getByRole('button', { name: /^Regenerate/ }).click();
    assert.deepStrictEqual((await c.posted()).at(-1), { type: 'regenerate', turnId: 't4' });

    await c.page.locator('[data-turn-id="t1"]').hover();
    await c.page.locator('[data-turn-id="t1"]').getByRole('button', { name: /^Edit and resend/ }).click();
    const editor = c.page.getByRole('textbox', { name: 'Edited message' });
    assert.strictEqual(await editor.inputValue(), 'Q1');
    await editor.press('Escape');
    assert.strictEqual(await editor.count(), 0, 'Escape cancels the edit');
    await c.page.locator('[data-turn-id="t1"]').getByRole('button', { name: /^Edit and resend/ }).click();
    await editor.fill('Q1, better');
    await editor.press('Enter');
    assert.deepStrictEqual((await c.posted()).at(-1), { type: 'editResend', turnId: 't1', text: 'Q1, better' });

    await c.send({ type: 'busy', busy: true });
    assert.strictEqual(await c.page.locator('[data-turn-id="t4"] [data-turn-action="regenerate"]').isVisible(), false, 'not while a reply streams');
  });

  it('sends code block actions with the code, and links to the host instead of navigating', async () => {
    const c = chat();
    await c.showConversation([assistantTurn('t1', 'See [the docs](https://example.com/docs) and [greet](src/greet.ts#L2).\n\n```ts src/greet.ts\nconst a = 1;\n```')]);
    const block = c.page.locator('.code-block');
    await block.getByRole('button', { name: /^Copy/ }).click();
    await block.getByRole('button', { name: /^Insert at Cursor/ }).click();
    await block.getByRole('button', { name: /^Apply to File/ }).click();
    await c.page.getByRole('link', { name: 'the docs' }).click();
    await c.page.getByRole('link', { name: 'greet' }).focus();
    await c.page.keyboard.press('Enter');
    assert.deepStrictEqual((await c.posted()).slice(-5), [
      { type: 'copy', text: 'const a = 1;' },
      { type: 'insertCode', code: 'const a = 1;' },
      { type: 'applyCode', code: 'const a = 1;', info: 'ts src/greet.ts' },
      { type: 'openLink', href: 'https://example.com/docs' },
      { type: 'openLink', href: 'src/greet.ts#L2' },
    ]);
    assert.strictEqual(c.page.url(), 'https://page.test/', 'the page did not navigate');
  });

  it('offers thinking as a budget or an effort, as the model takes it, and the pickers post commands', async () => {
    const c = chat();
    await c.showConversation([]);
    const toggle = c.page.getByRole('checkbox', { name: 'Thinking' });
    const budget = c.page.getByRole('combobox', { name: 'Thinking budget' });
    const effort = c.page.getByRole('combobox', { name: 'Thinking effort' });
    assert.deepStrictEqual([await toggle.isVisible(), await budget.isVisible(), await effort.isVisible(), await budget.isDisabled()], [true, true, false, true]);
    await toggle.check();
    await budget.selectOption('16384');
    assert.deepStrictEqual((await c.posted()).slice(-2), [{ type: 'setThinking', thinking: { enabled: true } }, { type: 'setThinking', thinking: { budgetTokens: 16384 } }]);
    const header = { modelLabel: 'Claude Opus 4.6', thinkingMode: 'adaptive' as const, thinking: { enabled: true, budgetTokens: 4096, effort: 'high' as const }, effortLevels: ['low' as const, 'medium' as const, 'high' as const], contextWindow: 1_000_000, pricesKnown: true };
    await c.send({ type: 'header', header });
    assert.deepStrictEqual([await budget.isVisible(), await effort.isVisible(), await effort.inputValue()], [false, true, 'high']);
    await effort.selectOption('low');
    assert.deepStrictEqual((await c.posted()).at(-1), { type: 'setThinking', thinking: { effort: 'low' } });
    // The levels offered are the model's own, max and xhigh included where it takes them.
    await c.send({ type: 'header', header: { ...header, effortLevels: ['low', 'medium', 'high', 'xhigh', 'max'], thinking: { ...header.thinking, effort: 'max' } } });
    assert.deepStrictEqual([await effort.locator('option').evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value)), await effort.inputValue()], [['low', 'medium', 'high', 'xhigh', 'max'], 'max']);
    await c.send({ type: 'header', header: { ...header, thinking: { ...header.thinking, effort: 'max' } } });
    assert.deepStrictEqual([await effort.locator('option').count(), await effort.inputValue()], [3, 'high']);
    await c.send({ type: 'header', header: { ...header, lifecycleNote: 'deprecated, retires 2027-01-22' } });
    assert.match(await c.page.locator('#model-label').textContent() ?? '', /retires 2027-01-22/);
    await c.send({ type: 'header', header: { ...header, thinkingMode: 'none' } });
    assert.strictEqual(await toggle.isVisible(), false, 'no thinking control for a model without it');

    await c.page.getByRole('button', { name: /^Model: Claude Opus 4\.6/ }).click();
    await c.page.getByRole('button', { name: /^Provider: Anthropic/ }).click();
    await c.page.getByRole('button', { name: 'Chat history' }).click();
    await c.page.getByRole('button', { name: 'New chat' }).click();
    assert.deepStrictEqual((await c.posted()).slice(-4).map((m) => (m.type === 'command' ? m.command : m.type)), ['selectModel', 'selectProfile', 'showHistory', 'newChat']);
  });

  it('attaches images with thumbnails, refuses non-images and images over 5 MB, and sends them', async () => {
    const c = chat();
    await c.showConversation([]);
    const input = c.page.locator('#image-file');
    await input.setInputFiles([
      { name: 'dot.png', mimeType: 'image/png', buffer: Buffer.from(PNG_1PX, 'base64') },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') },
    ]);
    await c.page.getByRole('listitem').first().waitFor();
    assert.strictEqual(await c.page.getByRole('img', { name: 'dot.png' }).evaluate((img) => (img as HTMLImageElement).naturalWidth), 1);
    assert.match(await c.page.getByRole('status').innerText(), /notes\.txt is not an image/);
    const big = Buffer.concat([Buffer.from(PNG_1PX, 'base64'), Buffer.alloc(4 * 1024 * 1024)]);
    await input.setInputFiles([{ name: 'huge.png', mimeType: 'image/png', buffer: big }]);
    await c.page.waitForFunction(() => /huge\.png is 5\.\d MB once encoded/.test(document.getElementById('notice')!.textContent ?? ''));
    await input.setInputFiles([{ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('<svg onload=alert(1)>') }]);
    await c.page.waitForFunction(() => /fake\.png is not a PNG, JPEG, GIF or WebP image/.test(document.getElementById('notice')!.textContent ?? ''));
    assert.strictEqual(await c.page.getByRole('listitem').count(), 1, 'only the real image is attached');
    await c.page.getByRole('textbox', { name: 'Message' }).fill('What is this?');
    await c.page.keyboard.press('Enter');
    assert.deepStrictEqual((await c.posted()).at(-1), { type: 'send', text: 'What is this?', images: [{ mediaType: 'image/png', data: PNG_1PX, name: 'dot.png' }] });
    assert.strictEqual(await c.page.getByRole('listitem').count(), 0, 'the attachments went with the message');
  });

  it('gets back a message the host did not send, with its images, ahead of what was typed since, and says why', async () => {
    const c = chat();
    await c.showConversation([]);
    const box = c.page.getByRole('textbox', { name: 'Message' });
    await box.fill('typed since');
    const image = { mediaType: 'image/png' as const, data: PNG_1PX, name: 'dot.png' };
    await c.send({ type: 'unsent', text: 'my question', images: [image], reason: 'Your message was not sent: a reply is still running.' });
    assert.strictEqual(await box.inputValue(), 'my question\ntyped since');
    assert.strictEqual(await c.page.getByRole('img', { name: 'dot.png' }).count(), 1);
    assert.match(await c.page.getByRole('status').innerText(), /not sent: a reply is still running/);
    await box.press('Enter');
    assert.deepStrictEqual((await c.posted()).at(-1), { type: 'send', text: 'my question\ntyped since', images: [image] });
  });

  it('gives every control an accessible name and keeps them reachable by keyboard', async () => {
    const c = chat();
    await c.showConversation([userTurn('t1', 'Q'), assistantTurn('t2', '```js\nx()\n```\n\n[link](https://example.com)', { status: 'error', error: { title: 'Failed', detail: 'x', actions: ['retry', 'continue'] } })]);
    const unnamed = await c.page.evaluate(() => Array.from(document.querySelectorAll('button, select, textarea, input, a[href]'))
      .filter((e) => !(e as HTMLElement).hidden && (e as HTMLElement).offsetParent !== null || e.tagName === 'SELECT')
      .filter((e) => {
        const labels = (e as HTMLInputElement).labels;
        const name = e.getAttribute('aria-label') || (labels && labels.length > 0 ? labels[0].textContent : '') || e.textContent;
        return !name?.trim();
      })
      .map((e) => e.outerHTML.slice(0, 80)));
    assert.deepStrictEqual(unnamed, []);
    const unreachable = await c.page.evaluate(() => Array.from(document.querySelectorAll('button, select, textarea, a[href]')).filter((e) => (e as HTMLElement).tabIndex < 0).map((e) => e.outerHTML.slice(0, 80)));
    assert.deepStrictEqual(unreachable, []);
    // Tab from the code block reaches its Copy button, and Enter works it.
    await c.page.locator('.code-block pre').focus();
    await c.page.locator('.code-block').getByRole('button', { name: /^Copy/ }).focus();
    await c.page.keyboard.press('Enter');
    assert.deepStrictEqual((await c.posted()).at(-1), { type: 'copy', text: 'x()' });
  });
});
