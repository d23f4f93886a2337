import * as assert from 'assert';
import { attachSelection } from '../../src/editor/codeAttachment';
import { changedRegion, editRequest, replacementFrom, toDocumentText } from '../../src/editor/editProposal';

describe('edit proposals', () => {
  it('asks for a replacement of exactly the chosen lines', () => {
    const attachment = attachSelection({ path: 'src/a.ts', languageId: 'typescript', lines: ['a', 'b', 'c', 'd'], selection: { startLine: 1, startCharacter: 0, endLine: 2, endCharacter: 1 }, diagnostics: [], contextLines: 1, wholeFileLineLimit: 0 });
    const request = editRequest('  rename b  ', attachment);
    assert.match(request, /^rename b\n\nReply with the new text for lines 2-3 of src\/a\.ts only, not the surrounding context, as one fenced code block that replaces exactly those lines\./);
  });

  it('takes the last fenced block of the reply, with any fence length, and none when there is none', () => {
    assert.strictEqual(replacementFrom('Here:\n```ts\n\tconst a = 1;\n\tconst b = 2;\n```\n'), '\tconst a = 1;\n\tconst b = 2;');
    assert.strictEqual(replacementFrom('First `x`:\n```\nold\n```\nThen:\n````ts\nuses ``` inside\n````'), 'uses ``` inside');
    assert.strictEqual(replacementFrom('~~~\n\n~~~'), '');
    assert.strictEqual(replacementFrom('No code here, sorry.'), undefined);
    assert.strictEqual(replacementFrom('```ts\nunclosed'), undefined);
  });

  it('puts the code in the document\'s line endings, without a final line break, keeping tabs', () => {
    assert.strictEqual(toDocumentText('\tif (a) {\n\t\treturn 1;\n\t}\n', '\r\n'), '\tif (a) {\r\n\t\treturn 1;\r\n\t}');
    assert.strictEqual(toDocumentText('a\r\nb', '\n'), 'a\nb');
  });

  it('finds only the changed part, whole CRLFs and surrogate pairs at its ends', () => {
    const apply = (before: string, after: string): string => {
      const region = changedRegion(before, after);
      return before.slice(0, region.start) + region.text + before.slice(region.end);
    };
    assert.deepStrictEqual(changedRegion('a\r\nb\r\nc\r\n', 'a\r\nB\r\nc\r\n'), { start: 3, end: 4, text: 'B' });
    assert.deepStrictEqual(changedRegion('same', 'same'), { start: 4, end: 4, text: '' });
    assert.deepStrictEqual(changedRegion('ab', 'aab'), { start: 1, end: 1, text: 'a' });
    // A line added after "a\r": the region starts before the "\r", not between it and its "\n".
    const crlf = changedRegion('a\r\nc', 'a\r\r\nc');
    assert.ok(crlf.start <= 1 || crlf.start >= 3, JSON.stringify(crlf));
    assert.strictEqual(apply('a\r\nc', 'a\r\r\nc'), 'a\r\r\nc');
    const emoji = changedRegion('x\u{1F600}y', 'x\u{1F601}y');
    assert.deepStrictEqual(emoji, { start: 1, end: 3, text: '\u{1F601}' }, 'the pair is replaced whole');
    for (const [before, after] of [['', 'new'], ['old', ''], ['abcabc', 'abc'], ['\tif (x) {\r\n', '\tif (y) {\r\n\t}\r\n']]) {
      assert.strictEqual(apply(before, after), after);
    }
  });
});
