import * as assert from 'assert';
import { attachFile } from '../../src/editor/codeAttachment';
import { DraftAttachments, composeUserText } from '../../src/editor/draftAttachments';

describe('DraftAttachments', () => {
  const a = attachFile('src/a.ts', 'typescript', 'export const a = 1;\n');
  const b = attachFile('src/b.py', 'python', 'b = 2\n');

  it('keeps chips in order, without repeats, until they are taken', () => {
    const draft = new DraftAttachments();
    draft.add([a, b, a]);
    assert.deepStrictEqual(draft.chips(), [
      { id: 'a1', label: 'a.ts:1', title: 'src/a.ts, line 1' },
      { id: 'a2', label: 'b.py:1', title: 'src/b.py, line 1' },
    ]);
    draft.remove('a1');
    assert.strictEqual(draft.find('a2'), b);
    assert.deepStrictEqual(draft.take(), [b]);
    assert.ok(draft.isEmpty);
  });

  it('puts the attachments before the question in the user text', () => {
    assert.strictEqual(composeUserText('Why?', []), 'Why?');
    assert.strictEqual(composeUserText('Why?', [a]), 'src/a.ts, line 1\n```typescript\nexport const a = 1;\n```\n\nWhy?');
  });
});
