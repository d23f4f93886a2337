/// <reference lib="dom" />
// The built page renders markdown: GFM, highlighted code with its toolbar, thinking, images, usage.
import * as assert from 'assert';
import { assistantTurn, usePage, userTurn } from './harness';

const gfm = [
  '## Plan',
  '',
  '| Step | Owner |',
  '|:-----|------:|',
  '| Parse | *me* |',
  '',
  '- [x] write the parser',
  '- [ ] ~~test~~ ship it',
  '',
  '```ts',
  'export const answer: number = 42; // the answer',
  '```',
  '',
  'Visit <https://example.com> or [the docs](https://docs.example.com "Docs").',
].join('\n');

describe('page: rendering', () => {
  const chat = usePage();

  it('renders GFM: headings, tables with alignment, task lists, strikethrough, autolinks', async () => {
    const c = chat();
    await c.showConversation([userTurn('t1', 'Show me'), assistantTurn('t2', gfm)]);
    const md = c.page.locator('article[data-turn-id="t2"] .markdown');
    assert.strictEqual(await md.locator('h2').innerText(), 'Plan');
    assert.deepStrictEqual(await md.locator('th').evaluateAll((cells) => cells.map((c) => [c.textContent, c.getAttribute('align')])), [['Step', 'left'], ['Owner', 'right']]);
    assert.strictEqual(await md.locator('td em').innerText(), 'me');
    assert.deepStrictEqual(await md.locator('li input[type="checkbox"]').evaluateAll((boxes) => boxes.map((b) => [(b as HTMLInputElement).checked, (b as HTMLInputElement).disabled])), [[true, true], [false, true]]);
    assert.strictEqual(await md.locator('del').innerText(), 'test');
    assert.deepStrictEqual(await md.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href'))), ['https://example.com', 'https://docs.example.com']);
  });

  it('highlights code with theme classes, and gives each block its language and three actions', async () => {
    const c = chat();
    await c.showConversation([assistantTurn('t1', gfm)]);
    const block = c.page.locator('.code-block');
    assert.strictEqual(await block.locator('.code-language').innerText(), 'ts');
    // Highlighted in the worker, off the main thread: the spans arrive a moment later.
    await block.locator('code .hljs-comment').waitFor();
    assert.ok((await block.locator('code span.hljs-keyword').count()) >= 2, 'keywords are highlighted');
    assert.strictEqual(await block.locator('code .hljs-comment').innerText(), '// the answer');
    assert.strictEqual(await block.locator('code').textContent(), 'export const answer: number = 42; // the answer');
    assert.deepStrictEqual(await block.getByRole('button').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label'))), ['Copy (ts)', 'Insert at Cursor (ts)', 'Apply to File (ts)']);
    assert.deepStrictEqual(await c.cspViolations(), [], 'the worker starts under the page\'s CSP');
  });

  it('highlights markup-like code as text: the worker\'s output is sanitised and must keep the code', async () => {
    const c = chat();
    const code = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    await c.showConversation([assistantTurn('t1', ['```html', code, '```'].join('\n'))]);
    const block = c.page.locator('.code-block code');
    await block.locator('.hljs-tag').first().waitFor();
    assert.strictEqual(await block.textContent(), code);
    assert.strictEqual(await c.page.locator('.markdown script, .markdown img').count(), 0);
  });

  it('puts thinking in a collapsed section and says when reasoning was redacted', async () => {
    const c = chat();
    await c.showConversation([{ id: 't1', role: 'assistant', status: 'done', blocks: [
      { type: 'thinking', thinking: 'Consider the <b>edge</b> cases.' },
      { type: 'redacted_thinking' },
      { type: 'text', text: 'Done.' },
    ] }]);
    const details = c.page.locator('details.thinking');
    assert.strictEqual(await details.evaluate((d) => (d as HTMLDetailsElement).open), false);
    assert.strictEqual(await details.locator('summary').innerText(), 'Thinking');
    await details.locator('summary').click();
    assert.strictEqual(await details.locator('.thinking-text').innerText(), 'Consider the <b>edge</b> cases.');
    assert.match(await c.page.locator('.thinking.redacted').innerText(), /redacted/);
  });

  it('shows usage per turn and for the conversation, with cost and the context window in use', async () => {
    const c = chat();
    await c.showConversation([
      userTurn('t1', 'Hi'),
      assistantTurn('t2', 'Hello', { usage: { inputTokens: 1200, outputTokens: 300, cacheWriteTokens: 0, cacheReadTokens: 10_000, costUsd: 0.0111 } }),
      userTurn('t3', 'Again'),
      assistantTurn('t4', 'Hello again', { usage: { inputTokens: 1600, outputTokens: 400, cacheWriteTokens: 2000, cacheReadTokens: 0, costUsd: 0.02 } }),
    ]);
    assert.strictEqual(await c.page.locator('article[data-turn-id="t4"] .usage').innerText(), 'in 1.6K · out 400 · cache write 2.0K · cache read 0 · $0.020 · cache hit 0%');
    assert.strictEqual(await c.page.locator('#usage-summary').innerText(), 'Context ≈4.0K / 200K (2%) · $0.031 · cache hit 67%');
    assert.match(await c.page.locator('#usage-summary').getAttribute('aria-label') ?? '', /2800 input tokens, 700 output tokens, 2000 cache write tokens, 10000 cache read tokens/);
  });

  it('shows the user\'s text as typed, and attached images as thumbnails', async () => {
    const c = chat();
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    await c.showConversation([{ id: 't1', role: 'user', status: 'done', blocks: [{ type: 'image', mediaType: 'image/png', data: png, name: 'dot.png' }, { type: 'text', text: '**not bold** <i>as typed</i>' }] }]);
    assert.strictEqual(await c.page.locator('.user-text').innerText(), '**not bold** <i>as typed</i>');
    const image = c.page.getByRole('img', { name: 'dot.png' });
    assert.strictEqual(await image.evaluate((img) => (img as HTMLImageElement).naturalWidth), 1, 'the thumbnail loads under the CSP');
    assert.deepStrictEqual(await c.cspViolations(), []);
  });

  it('shows errors with the actions that fix them, and the no-key empty state with its button', async () => {
    const c = chat();
    await c.showConversation([userTurn('t1', 'Hi'), { id: 't2', role: 'assistant', status: 'error', blocks: [], error: { title: 'The provider rejected the API key (HTTP 401)', detail: 'invalid x-api-key', actions: ['setApiKey', 'testConnection', 'openSettings'] } }]);
    const alert = c.page.getByRole('alert');
    assert.match(await alert.innerText(), /HTTP 401[\s\S]*invalid x-api-key/);
    await alert.getByRole('button', { name: 'Test Connection' }).click();
    assert.deepStrictEqual((await c.posted()).at(-1), { type: 'action', action: 'testConnection' });

    await c.showConversation([], { connection: { model: 'm', host: 'h', hasCredentials: false } });
    assert.match(await c.page.locator('#empty').innerText(), /No API key is set/);
    await c.page.getByRole('button', { name: 'Set API Key' }).click();
    assert.deepStrictEqual((await c.posted()).at(-1), { type: 'command', command: 'setApiKey' });
  });
});
