import * as assert from 'assert';
import type { Token } from 'marked';
import { MarkdownBlockSplitter, markdown } from '../../src/webview/markdownBlocks';

const document = [
  '# Streaming markdown',
  '',
  'A paragraph with **bold**, `code` and a [link](https://example.com).',
  'Its second line.',
  '',
  '- one',
  '- two',
  '',
  '  still item two',
  '- [x] done',
  '',
  'Para',
  '| a | b |',
  '|:--|--:|',
  '| 1 | 2 |',
  '',
  '```ts src/greet.ts',
  'export function greet(name: string) {',
  '',
  '  return `Hello, ${name}`;',
  '}',
  '```',
  '',
  '> quote',
  'lazy continuation',
  '',
  '    indented code',
  '',
  'Setext heading',
  '---',
  '',
  '1. first',
  '2. second',
  '',
  'The end.',
].join('\n');

/** Renders whatever the splitter hands out, as the page does: finished blocks once, then the rest. */
function renderIncrementally(chunks: string[]): { html: string; lexedChars: number } {
  const splitter = new MarkdownBlockSplitter();
  const finished: Token[] = [];
  let lexedChars = 0;
  for (const chunk of chunks) {
    splitter.append(chunk);
    const update = splitter.update();
    finished.push(...update.finished);
    lexedChars += update.open.length + update.finished.reduce((sum, token) => sum + token.raw.length, 0);
  }
  finished.push(...splitter.finish().finished);
  return { html: markdown.parser(finished), lexedChars };
}

function chunked(text: string, size: (i: number) => number): string[] {
  const chunks: string[] = [];
  for (let at = 0, i = 0; at < text.length; i++) {
    const length = Math.max(1, size(i));
    chunks.push(text.slice(at, at + length));
    at += length;
  }
  return chunks;
}

describe('MarkdownBlockSplitter', () => {
  const whole = markdown.parse(document, { async: false });

  it('renders exactly what a whole-document render gives, however the text is cut', () => {
    for (const size of [1, 2, 3, 7, 16, 64]) {
      assert.strictEqual(renderIncrementally(chunked(document, () => size)).html, whole, `chunks of ${size}`);
    }
    let seed = 7;
    const random = () => ((seed = (seed * 48271) % 2147483647) % 23) + 1;
    for (let run = 0; run < 20; run++) assert.strictEqual(renderIncrementally(chunked(document, random)).html, whole, `random run ${run}`);
  });

  it('normalises CRLF, even when \\r and \\n arrive in different chunks', () => {
    const crlf = document.replace(/\n/g, '\r\n');
    assert.strictEqual(renderIncrementally(chunked(crlf, () => 5)).html, whole);
    assert.strictEqual(renderIncrementally(['a\r', '\nb\r', '\r\nc\r']).html, markdown.parse('a\nb\n\nc\n', { async: false }));
  });

  it('lexes each finished block once: the work per delta stays near the open block, not the whole text', () => {
    const long = Array.from({ length: 400 }, (_, i) => `Paragraph ${i} has some words in it.\n\n`).join('');
    const { lexedChars } = renderIncrementally(chunked(long, () => 8));
    // Re-lexing everything per delta would cost about n²/16 = 2.4 million characters here.
    assert.ok(lexedChars < long.length * 10, `lexed ${lexedChars} characters for a ${long.length}-character text`);
  });

  it('keeps the last block open until another block starts after it', () => {
    const splitter = new MarkdownBlockSplitter();
    splitter.append('First paragraph.\n\n');
    assert.deepStrictEqual(splitter.update(), { finished: [], open: 'First paragraph.\n\n' });
    splitter.append('Second');
    const update = splitter.update();
    assert.deepStrictEqual(update.finished.map((t) => t.raw), ['First paragraph.']);
    assert.strictEqual(update.open, 'Second');
  });
});
