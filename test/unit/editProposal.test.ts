import * as assert from 'assert';
import { attachSelection } from '../../src/editor/codeAttachment';
import { editRequest, replacementFrom, toDocumentText } from '../../src/editor/editProposal';

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
});
