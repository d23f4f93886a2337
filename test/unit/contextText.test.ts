import * as assert from 'assert';
import { capText, diffContext, folderContext, problemsContext, renderTextContext, stripAnsi, terminalContext } from '../../src/editor/contextText';

describe('context text: folders, problems, diffs, terminals', () => {
  it('cuts long text at a line break and says how much was kept', () => {
    assert.deepStrictEqual(capText('short', 10), { text: 'short' });
    const long = Array.from({ length: 1000 }, (_, i) => `line ${i}`).join('\n');
    const capped = capText(long, 2048);
    assert.ok(capped.text.length <= 2048 && !capped.text.endsWith('\n'));
    assert.match(capped.text, /line \d+$/);
    assert.strictEqual(capped.note, `cut to the first 2 KB of ${Math.round(long.length / 1024)} KB`);
  });

  it('lists errors before warnings with file, line and the line\'s code; leaves out information and hints', () => {
    const item = problemsContext(
      [
        { path: 'b.ts', line: 9, severity: 'warning', message: 'unused x', source: 'ts', lineText: '\tconst x = 1;' },
        { path: 'a.ts', line: 2, severity: 'information', message: 'fyi', lineText: 'y' },
        { path: 'c.ts', line: 4, severity: 'error', message: 'missing ;\nmore detail', lineText: '  call()' },
      ],
      10_000,
    )!;
    assert.strictEqual(item.label, 'Problems (2)');
    assert.strictEqual(item.title, "The workspace's problems: 1 error, 1 warning");
    assert.strictEqual(item.text, 'c.ts:4: error: missing ;\n    call()\nb.ts:9: warning (ts): unused x\n    const x = 1;');
    assert.strictEqual(problemsContext([{ path: 'a.ts', line: 1, severity: 'hint', message: 'h', lineText: '' }], 100), undefined);
  });

  it('shows a folder\'s tree two levels deep and the small files that fit the budget, saying what was left out', () => {
    const entries = [
      { path: 'a.ts', text: 'export const a = 1;' },
      { path: 'lib/' },
      { path: 'lib/b.ts', text: 'b'.repeat(3000) },
      { path: 'lib/deep/' },
      { path: 'lib/deep/c.ts', text: 'c' },
    ];
    const item = folderContext('src', 'src', entries, 1024, 'file:///w/src');
    assert.strictEqual(item.label, 'src/');
    assert.match(item.text, /^Tree \(two levels\):\na\.ts\nlib\/\n {2}b\.ts\n {2}deep\/\n\n/);
    assert.ok(!item.text.includes('  c.ts'), 'the third level is not in the tree');
    assert.match(item.text, /src\/a\.ts\n```\nexport const a = 1;\n```/);
    assert.match(item.text, /src\/lib\/deep\/c\.ts\n```\nc\n```/);
    assert.ok(!item.text.includes('bbbb'), 'a file over the budget is left out');
    assert.strictEqual(item.note, '1 more file left out to stay within 1 KB');
    assert.match(item.title, /^Folder src: 2 files, 0\.\d of 1 KB$/);
    const root = folderContext('', 'workspace', [{ path: 'a.ts', text: 'a' }], 1024);
    assert.match(root.text, /\n\na\.ts\n```\na\n```$/, 'files of the root folder are named by their own path');
    assert.strictEqual(root.label, 'workspace/');
  });

  it('counts the files of a diff and is undefined for an empty one', () => {
    const diff = 'diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\ndiff --git a/y b/y\n';
    const item = diffContext('repo', diff, 10_000)!;
    assert.strictEqual(item.label, 'Diff (2 files)');
    assert.strictEqual(item.languageId, 'diff');
    assert.strictEqual(diffContext('repo', '  \n', 100), undefined);
  });

  it('strips escape sequences from terminal output and names the command', () => {
    assert.strictEqual(stripAnsi('\u001b]633;C\u0007\u001b[32mok\u001b[0m done'), 'ok done');
    const item = terminalContext('bash', 'last command', '\u001b[1mhello\u001b[0m\r\nworld\r\n', 1000, 'echo hello')!;
    assert.strictEqual(item.text, 'hello\nworld');
    assert.strictEqual(item.title, 'Output of `echo hello` in terminal bash');
    assert.strictEqual(terminalContext('bash', 'selection', '\u001b[0m  \n', 1000), undefined);
  });

  it('fences text so that backticks inside cannot close the block, and carries the note to the model', () => {
    const rendered = renderTextContext({ kind: 'terminal', label: 't', title: 'T', languageId: 'text', text: 'a ``` b', note: 'cut' });
    assert.strictEqual(rendered, 'T\n(cut)\n````text\na ``` b\n````');
  });
});
