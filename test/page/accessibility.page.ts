/// <reference lib="dom" />
// The chat page audited by axe-core in VS Code's dark, light and high-contrast themes (variables and
// default styles recorded from the workbench), with a transcript that has everything a reply shows:
// streamed markdown, highlighted code, a table, thinking, usage, an error card and tool cards.
import * as assert from 'assert';
import { auditAccessibility, describeViolations } from './axe';
import type { Turn } from '../../src/webview/protocol';
import { ChatPage, assistantTurn, snapshotWith, usePage, userTurn } from './harness';
import { themes } from './themes';

const codeSamples = [
  '```ts',
  'export class Parser<T extends Node> implements Reader {',
  '  private readonly cache = new Map<string, number>(); // seen ids',
  '  parse(input: string): T[] { return JSON.parse(input) as T[]; }',
  '}',
  '```',
  '',
  '```python',
  'def step(items: list[int]) -> list[int]:',
  '    """Keep the even ones."""',
  '    return [i for i in items if i % 2 == 0 and isinstance(i, int)]',
  '```',
  '',
  '```json',
  '{ "name": "demo", "enabled": true, "count": 3, "tags": null }',
  '```',
  '',
  '```diff',
  '- const a = 1;',
  '+ const a = 2;',
  '```',
  '',
  '```html',
  '<div class="box" id="main"><!-- note --><span>text</span></div>',
  '```',
  '',
  '```css',
  '.box > span:hover { color: #fff; margin: 0 4px !important; }',
  '```',
  '',
  '```bash',
  'export PATH="$HOME/bin:$PATH" && echo ${#PATH}',
  '```',
].join('\n');

const streamedReply = [
  '## Results',
  '',
  'The runs, with **units** and a [link](https://example.com/runs), `inline code` and ~~old~~ values:',
  '',
  '| Run | Speed | Load | Temperature | Pressure | Result |',
  '|---|--:|--:|--:|--:|---|',
  '| 1 | 59 m/s | 12.5 kN | 21.4 °C | 101.3 kPa | passed, within tolerance |',
  '| 2 | 61 m/s | 13.0 kN | 22.0 °C | 101.1 kPa | passed |',
  '',
  '> A quote, and a list:',
  '',
  '- [x] measured',
  '- [ ] reviewed',
  '',
  codeSamples,
].join('\n');

/** A turn that read a file (its result open) and proposed an edit (its diff and review buttons). */
const toolTurn: Turn = {
  id: 'a4', role: 'assistant', status: 'done',
  blocks: [
    { type: 'text', text: 'Let me read it first.' },
    { type: 'tool_use', id: 'toolu_view', name: 'str_replace_based_edit_tool', input: { command: 'view', path: 'src/stats.ts' } },
    { type: 'tool_result', toolUseId: 'toolu_view', content: '1\texport function mean(values: number[]): number {' },
    { type: 'tool_use', id: 'toolu_edit', name: 'str_replace_based_edit_tool', input: { command: 'str_replace', path: 'src/stats.ts', old_str: 'sort()', new_str: 'sort((a, b) => a - b)' } },
  ],
  toolCalls: {
    toolu_edit: {
      toolUseId: 'toolu_edit', status: 'proposed', title: 'Edit src/stats.ts, line 6', path: 'src/stats.ts',
      diff: '@@ -6,1 +6,1 @@\n-  const sorted = [...values].sort();\n+  const sorted = [...values].sort((a, b) => a - b);',
    },
  },
};

/** A conversation with a finished rich reply, thinking, an error card, tool cards, and a reply streamed in. */
async function showEverything(c: ChatPage): Promise<void> {
  await c.showConversation([
    userTurn('u1', 'Show me the runs.'),
    { id: 'a1', role: 'assistant', status: 'done', blocks: [{ type: 'thinking', thinking: 'Compare the runs, then the limits.' }, { type: 'text', text: streamedReply }], usage: { inputTokens: 1200, outputTokens: 300, cacheWriteTokens: 0, cacheReadTokens: 4000, costUsd: 0.012 } },
    userTurn('u2', 'Again?'),
    { id: 'a2', role: 'assistant', status: 'error', blocks: [], error: { title: 'The provider rejected the API key (HTTP 401)', detail: 'invalid x-api-key', actions: ['setApiKey', 'testConnection', 'openSettings'] } },
    userTurn('u4', 'Fix the bug in stats.'),
    toolTurn,
    userTurn('u3', 'Stream it, please.'),
  ], { busy: true });
  await c.page.locator('details.thinking summary').click();
  await c.page.getByRole('region', { name: /^Tool call: view src\/stats\.ts/ }).getByText('Result').click();
  await c.send({ type: 'turnAdded', turn: { id: 'a3', role: 'assistant', status: 'streaming', blocks: [] } }, { type: 'blockStarted', id: 'a3', index: 0, block: { type: 'text', text: '' } });
  for (const append of streamedReply.match(/[\s\S]{1,40}/g) ?? []) await c.send({ type: 'blockDelta', id: 'a3', index: 0, append });
  await c.settle();
  await c.send({ type: 'turnMeta', id: 'a3', meta: { status: 'done' } }, { type: 'busy', busy: false });
  await c.frame();
  // Code is highlighted in a worker: the audit checks the highlight colours once they are in.
  for (const turn of ['a1', 'a3']) await c.page.locator(`[data-turn-id="${turn}"] .language-bash .hljs-built_in`).first().waitFor();
}

describe('page: accessibility', () => {
  const chat = usePage({ width: 360, height: 900 });

  for (const theme of themes) {
    it(`has no axe-core violations in ${theme.name}`, async () => {
      const c = chat();
      await c.applyTheme(theme.id);
      await showEverything(c);
      assert.strictEqual(await c.page.locator('[data-turn-id="a3"] .table-scroll').count(), 1, 'the streamed reply rendered');
      assert.strictEqual(await c.page.locator('[data-turn-id="a4"] .tool-diff').count(), 1, 'the tool cards rendered');
      const violations = await auditAccessibility(c.page);
      assert.deepStrictEqual(violations.map((v) => v.id), [], describeViolations(violations));
    });
  }

  it('replaces only the highlight colours a theme makes unreadable, and checks again when the theme changes', async () => {
    const c = chat();
    await c.showConversation([assistantTurn('a1', codeSamples)]);
    await c.page.locator('.hljs-title.class_').first().waitFor();
    const overrides = (): Promise<string[]> => c.page.evaluate(() => Array.from(document.body.style).filter((name) => name.startsWith('--hl-')));
    await c.applyTheme('light');
    const light = await overrides();
    assert.ok(light.includes('--hl-type'), `Light Modern's class colour (2.9:1) is replaced: ${light.join(', ')}`);
    const hue = await c.page.locator('.hljs-title.class_').first().evaluate((span) => getComputedStyle(span).color);
    assert.notStrictEqual(hue, 'rgb(0, 0, 0)', 'a mix of the theme colour, not black');
    await c.applyTheme('dark');
    const dark = await overrides();
    assert.ok(!dark.includes('--hl-type'), `Dark Modern's class colour is readable: ${dark.join(', ')}`);
    // The same as a page opened in Dark Modern from the start: nothing left over from Light Modern.
    const fresh = await ChatPage.open();
    try {
      await fresh.applyTheme('dark');
      assert.deepStrictEqual(await fresh.page.evaluate(() => Array.from(document.body.style).filter((name) => name.startsWith('--hl-'))), dark);
    } finally {
      await fresh.close();
    }
  });

  it('an empty chat with no key and a notice has no violations either', async () => {
    const c = chat();
    await c.applyTheme('light');
    await c.send({ type: 'snapshot', snapshot: { ...snapshotWith([]), connection: { ...snapshotWith([]).connection, hasCredentials: false } } });
    await c.frame();
    await c.send({ type: 'notice', text: 'Nothing to attach: the editor has no selection.' });
    const violations = await auditAccessibility(c.page);
    assert.deepStrictEqual(violations.map((v) => v.id), [], describeViolations(violations));
  });
});
