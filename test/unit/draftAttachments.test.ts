import * as assert from 'assert';
import { attachFile } from '../../src/editor/codeAttachment';
import { attachSelection } from '../../src/editor/codeAttachment';
import { problemsContext } from '../../src/editor/contextText';
import { DraftAttachments, composeUserMessage, composeUserText, restoreItems } from '../../src/editor/draftAttachments';
import { titleFrom } from '../../src/conversation/record';

describe('DraftAttachments', () => {
  const a = attachFile('src/a.ts', 'typescript', 'export const a = 1;\n');
  const b = attachFile('src/b.py', 'python', 'b = 2\n');

  it('keeps chips in order, without repeats, until they are taken, and says each change', () => {
    const draft = new DraftAttachments();
    let changes = 0;
    draft.onChange = () => changes++;
    draft.add([a, b, a]);
    assert.deepStrictEqual(draft.chips(), [
      { id: 'a1', kind: 'file', label: 'a.ts:1', title: 'src/a.ts, line 1', diagnostics: 0, tokens: 14 },
      { id: 'a2', kind: 'file', label: 'b.py:1', title: 'src/b.py, line 1', diagnostics: 0, tokens: 9 },
    ]);
    draft.add([a]);
    assert.strictEqual(changes, 1, 'adding only a repeat changes nothing');
    draft.remove('a1');
    assert.strictEqual(draft.find('a2'), b);
    assert.deepStrictEqual(draft.take(), [b]);
    assert.ok(draft.isEmpty);
    assert.strictEqual(changes, 3);
  });

  it('marks diagnostics on a code chip, with their count in its title', () => {
    const lines = ['let x = 1', 'x.foo()', 'x.bar()'];
    const diagnostics = [
      { line: 2, severity: 'error' as const, message: 'no foo' },
      { line: 3, severity: 'warning' as const, message: 'no bar' },
    ];
    const code = attachSelection({ path: 'src/x.ts', languageId: 'typescript', lines, selection: { startLine: 1, startCharacter: 0, endLine: 2, endCharacter: 7 }, diagnostics, contextLines: 0, wholeFileLineLimit: 0 });
    const draft = new DraftAttachments();
    draft.add([code]);
    const [chip] = draft.chips();
    assert.strictEqual(chip.kind, 'code');
    assert.strictEqual(chip.label, 'x.ts:2-3');
    assert.strictEqual(chip.title, 'src/x.ts, lines 2-3, 2 diagnostics');
    assert.strictEqual(chip.diagnostics, 2);
  });

  it('holds text context beside code, and restores only well-formed items from storage', () => {
    const problems = problemsContext([{ path: 'a.ts', line: 3, severity: 'error', message: 'bad', lineText: '  x()' }], 10_000)!;
    const draft = new DraftAttachments();
    draft.add([a, problems]);
    const saved = JSON.parse(JSON.stringify(draft.save())) as unknown;
    const restored = restoreItems([...(saved as unknown[]), { startLine: 'x' }, null, { kind: 'diff' }, 'text']);
    assert.deepStrictEqual(restored, [a, problems]);
    assert.deepStrictEqual(restoreItems({ not: 'a list' }), []);
    assert.strictEqual(composeUserText('Q', restored), `${composeUserText('', [a]).trimEnd()}\n\nThe workspace's problems: 1 error, 0 warnings\n\`\`\`text\na.ts:3: error: bad\n    x()\n\`\`\`\n\nQ`);
  });

  it('puts the attachments before the question in the user text', () => {
    assert.strictEqual(composeUserText('Why?', []), 'Why?');
    assert.strictEqual(composeUserText('Why?', [a]), 'src/a.ts, line 1\n```typescript\nexport const a = 1;\n```\n\nWhy?');
  });

  it('marks where the context ends in the sent text, links workspace files, and titles the chat by the question', () => {
    const linked = { ...a, uri: 'file:///w/src/a.ts' };
    const message = composeUserMessage('Why?', [linked, b]);
    assert.strictEqual(message.text, composeUserText('Why?', [a, b]), 'the model gets the same text');
    assert.strictEqual(message.text.slice(message.context!.length), 'Why?');
    assert.deepStrictEqual(message.context!.chips, [
      { kind: 'file', label: 'a.ts:1', title: 'src/a.ts, line 1', href: 'src/a.ts#L1-L1' },
      { kind: 'file', label: 'b.py:1', title: 'src/b.py, line 1' },
    ]);
    assert.deepStrictEqual(composeUserMessage('Why?', []), { text: 'Why?' });
    const turn = { id: 't1', role: 'user' as const, status: 'done' as const, blocks: [{ type: 'text' as const, text: message.text }], context: message.context };
    assert.strictEqual(titleFrom([turn]), 'Why?');
  });
});
