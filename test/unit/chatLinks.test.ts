import * as assert from 'assert';
import { parseCodeInfo, proposedText } from '../../src/chat/codeProposal';
import { classifyLink } from '../../src/chat/linkTarget';

describe('classifyLink', () => {
  it('opens http and https pages', () => {
    assert.deepStrictEqual(classifyLink('https://example.com/a?b#c'), { kind: 'external', url: 'https://example.com/a?b#c' });
    assert.strictEqual(classifyLink('HTTP://Example.com').kind, 'external');
  });

  it('refuses every other scheme, and addresses with credentials', () => {
    for (const href of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<script>alert(1)</script>', 'command:workbench.action.terminal.new', 'vscode://file/etc/passwd', 'mailto:a@b.c', 'https://user:pw@example.com/', '//evil.example/x', '#top', 'java\u0000script:x', '']) {
      assert.strictEqual(classifyLink(href).kind, 'refused', href);
    }
  });

  it('reads files with a line from #L12, :12 and :12:5', () => {
    assert.deepStrictEqual(classifyLink('src/greet.ts#L12'), { kind: 'file', path: 'src/greet.ts', line: 12, column: undefined });
    assert.deepStrictEqual(classifyLink('./src/greet.ts:3:5'), { kind: 'file', path: './src/greet.ts', line: 3, column: 5 });
    assert.deepStrictEqual(classifyLink('src/a%20b.ts'), { kind: 'file', path: 'src/a b.ts', line: undefined, column: undefined });
    assert.deepStrictEqual(classifyLink('file:///work/x.ts#L2'), { kind: 'file', path: '/work/x.ts', line: 2, column: undefined });
    assert.strictEqual(classifyLink('file://other-host/x.ts').kind, 'refused');
  });
});

describe('Apply to File', () => {
  it('reads a target path from the fence info', () => {
    assert.deepStrictEqual(parseCodeInfo('ts src/greet.ts'), { language: 'ts', path: 'src/greet.ts' });
    assert.deepStrictEqual(parseCodeInfo('ts:src/greet.ts'), { language: 'ts', path: 'src/greet.ts' });
    assert.deepStrictEqual(parseCodeInfo('python title="tools/run.py"'), { language: 'python', path: 'tools/run.py' });
    assert.deepStrictEqual(parseCodeInfo('typescript'), { language: 'typescript' });
    assert.deepStrictEqual(parseCodeInfo(''), { language: '' });
  });

  it('replaces the selection, or the whole text keeping its final newline and line endings', () => {
    assert.strictEqual(proposedText('a\nOLD\nc\n', 'NEW', { start: 2, end: 5 }), 'a\nNEW\nc\n');
    assert.strictEqual(proposedText('old\n', 'new'), 'new\n');
    assert.strictEqual(proposedText('old', 'new'), 'new');
    assert.strictEqual(proposedText('x\r\ny\r\n', 'a\nb'), 'a\r\nb\r\n');
  });
});
