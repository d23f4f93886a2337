import * as assert from 'assert';
import { attachFile, attachSelection, attachmentLabel, estimateTokens, fenceFor, looksBinary, renderAttachment, splitLines, truncateAttachment, type DocumentSlice } from '../../src/editor/codeAttachment';

const source = ['function add(a, b) {', '\treturn a + b; // tabs stay', '}', '', 'const s = "日本語 ✓ 🎉";', 'export { add, s };'];

function slice(selection: DocumentSlice['selection'], overrides: Partial<DocumentSlice> = {}): DocumentSlice {
  return { path: 'src/math.js', languageId: 'javascript', lines: source, selection, diagnostics: [], contextLines: 0, wholeFileLineLimit: 3, ...overrides };
}

describe('code attachments', () => {
  it('carry path, language, 1-based lines and the code in a fence', () => {
    const attachment = attachSelection(slice({ startLine: 0, startCharacter: 0, endLine: 2, endCharacter: 1 }));
    assert.deepStrictEqual([attachment.startLine, attachment.endLine, attachment.origin], [1, 3, 'selection']);
    assert.strictEqual(renderAttachment(attachment), 'src/math.js, lines 1-3\n```javascript\nfunction add(a, b) {\n\treturn a + b; // tabs stay\n}\n```');
    assert.strictEqual(attachmentLabel(attachment), 'math.js:1-3');
  });

  it('leave out a last line the selection only touches at its start', () => {
    const attachment = attachSelection(slice({ startLine: 0, startCharacter: 0, endLine: 2, endCharacter: 0 }));
    assert.deepStrictEqual([attachment.startLine, attachment.endLine], [1, 2]);
  });

  it('add context lines around the selection and say so', () => {
    const attachment = attachSelection(slice({ startLine: 4, startCharacter: 2, endLine: 4, endCharacter: 9 }, { contextLines: 2 }));
    assert.deepStrictEqual([attachment.startLine, attachment.endLine, attachment.shownStartLine, attachment.shownEndLine], [5, 5, 3, 6]);
    assert.match(renderAttachment(attachment), /^src\/math\.js, line 5\nThe block shows lines 3-6, with surrounding context\.\n```javascript\n\}\n\nconst s = "日本語 ✓ 🎉";\nexport \{ add, s \};\n```$/);
  });

  it('use the current line for an empty selection, or the whole file when it is short', () => {
    const line = attachSelection(slice({ startLine: 1, startCharacter: 3, endLine: 1, endCharacter: 3 }));
    assert.deepStrictEqual([line.origin, line.startLine, line.endLine, line.code], ['current line', 2, 2, '\treturn a + b; // tabs stay']);
    assert.match(renderAttachment(line), /line 2 \(no selection: the current line\)/);
    const whole = attachSelection(slice({ startLine: 1, startCharacter: 0, endLine: 1, endCharacter: 0 }, { wholeFileLineLimit: 100 }));
    assert.deepStrictEqual([whole.origin, whole.startLine, whole.endLine], ['whole file', 1, 6]);
  });

  it('treat a cursor past the last line as standing on it', () => {
    const attachment = attachSelection(slice({ startLine: 6, startCharacter: 0, endLine: 6, endCharacter: 0 }));
    assert.deepStrictEqual([attachment.startLine, attachment.endLine, attachment.code], [6, 6, 'export { add, s };']);
  });

  it('include only the diagnostics inside the chosen lines', () => {
    const diagnostics = [
      { line: 2, severity: 'error' as const, message: "Cannot find name 'c'.", source: 'ts', code: '2304' },
      { line: 6, severity: 'warning' as const, message: 'Unused export.' },
    ];
    const attachment = attachSelection(slice({ startLine: 0, startCharacter: 0, endLine: 2, endCharacter: 1 }, { diagnostics }));
    assert.deepStrictEqual(attachment.diagnostics, [diagnostics[0]]);
    assert.match(renderAttachment(attachment), /Diagnostics:\n- line 2, error: Cannot find name 'c'\. \(ts 2304\)\n```/);
  });

  it('use a fence longer than any run of backticks in the code', () => {
    assert.strictEqual(fenceFor('no ticks'), '```');
    assert.strictEqual(fenceFor('a ``` b'), '````');
    assert.strictEqual(fenceFor('`````x`'), '``````');
    const markdown = attachFile('README.md', 'markdown', '# Title\n```js\nx\n```\n');
    const rendered = renderAttachment(markdown);
    assert.ok(rendered.includes('\n````markdown\n# Title\n```js\nx\n```\n````'), rendered);
  });

  it('read CRLF, CR and LF files alike, without a phantom last line', () => {
    assert.deepStrictEqual(splitLines('a\r\nb\r\n'), ['a', 'b']);
    assert.deepStrictEqual(splitLines('a\rb\nc'), ['a', 'b', 'c']);
    assert.deepStrictEqual(splitLines(''), ['']);
    const file = attachFile('win.txt', 'plaintext', 'one\r\ntwo\r\n');
    assert.deepStrictEqual([file.code, file.endLine], ['one\ntwo', 2]);
  });

  it('truncate a long selection to its first lines, saying where it ended', () => {
    const long = attachSelection(slice({ startLine: 0, startCharacter: 0, endLine: 5, endCharacter: 3 }, { contextLines: 0 }));
    const short = truncateAttachment(long, 2);
    assert.deepStrictEqual([short.startLine, short.endLine, short.code, short.truncatedFromLine], [1, 2, 'function add(a, b) {\n\treturn a + b; // tabs stay', 6]);
    assert.match(renderAttachment(short), /Truncated: the selection went on to line 6\./);
    assert.strictEqual(truncateAttachment(short, 10), short);
  });

  it('estimate tokens and spot binary content', () => {
    assert.strictEqual(estimateTokens('x'.repeat(4001)), 1001);
    assert.ok(looksBinary(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01])));
    assert.ok(!looksBinary(new TextEncoder().encode('plain text ✓')));
  });
});
