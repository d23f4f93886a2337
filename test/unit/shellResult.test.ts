import * as assert from 'assert';
import * as os from 'os';
import { OutputCapture } from '../../src/tools/shellRun/outputCapture';
import { formatShellResult, looksLikeItReadStdin, shellRunFailed, signalName, type ShellRun } from '../../src/tools/shellRun/shellResult';

function captured(text: string, limit = 30_000, chunk = 997) {
  const capture = new OutputCapture(limit);
  for (let i = 0; i < text.length; i += chunk) capture.append(text.slice(i, i + chunk));
  return capture.result();
}

function run(fields: Partial<ShellRun>): ShellRun {
  return {
    command: 'make', output: captured(''), exitCode: 0, signal: null, timedOut: false, cancelled: false,
    timeoutMs: 120_000, durationMs: 1500, stoppedBackground: false, stateKept: true, ...fields,
  };
}

describe('output capture', () => {
  it('keeps short output whole', () => {
    const text = 'line 1\nline 2\n';
    assert.deepStrictEqual(captured(text, 100, 3), { head: text, tail: '', totalCharacters: text.length });
    assert.deepStrictEqual(captured('x'.repeat(100), 100).elided, undefined);
  });

  it('keeps the head and the tail of long output and counts exactly what was cut', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `line ${i}`);
    const text = lines.join('\n') + '\n';
    for (const chunk of [1, 7, 4096, text.length]) {
      const result = captured(text, 30_000, chunk);
      assert.ok(result.elided, 'something was cut');
      assert.ok(result.head.length + result.tail.length <= 30_000);
      assert.ok(result.head.length > 14_000 && result.tail.length > 14_000, 'both ends are kept');
      assert.ok(text.startsWith(result.head) && text.endsWith(result.tail));
      // Cuts fall on line breaks, and the counts add up to the whole.
      assert.ok(result.head.endsWith('\n') && result.tail.startsWith('line '));
      assert.strictEqual(result.head.length + result.elided.characters + result.tail.length, text.length);
      const cut = text.slice(result.head.length, text.length - result.tail.length);
      assert.strictEqual(result.elided.lines, cut.split('\n').length - 1);
      assert.strictEqual(result.totalCharacters, text.length);
    }
  });

  it('cuts output without line breaks by characters, never splitting a character in two', () => {
    const text = '😀'.repeat(40_000);
    const result = captured(text, 30_000, 333);
    assert.ok(result.elided);
    assert.ok(!/[\uD800-\uDBFF]$/.test(result.head) && !/^[\uDC00-\uDFFF]/.test(result.tail));
    assert.strictEqual(result.elided.lines, 0);
  });
});

describe('the tool result of a command', () => {
  it('gives the output and the exit code', () => {
    assert.strictEqual(formatShellResult(run({ output: captured('ok\n') })), 'ok\nExit code 0.');
    assert.strictEqual(formatShellResult(run({ output: captured('no newline'), exitCode: 2 })), 'no newline\nExit code 2.');
    assert.strictEqual(formatShellResult(run({})), '(no output)\nExit code 0.');
  });

  it('names the signal, whether the shell or its last command was killed', () => {
    assert.strictEqual(formatShellResult(run({ exitCode: null, signal: 'SIGSEGV', stateKept: false })), '(no output)\nKilled by signal SIGSEGV.\nIts changes to the directory and exported variables were not kept.');
    assert.strictEqual(formatShellResult(run({ exitCode: 128 + os.constants.signals.SIGKILL })), '(no output)\nExit code 137 (the last command was killed by SIGKILL).');
    assert.strictEqual(signalName(os.constants.signals.SIGTERM), 'SIGTERM');
    assert.strictEqual(signalName(999), undefined);
  });

  it('says the command timed out or was stopped, and that its state was not kept', () => {
    const timedOut = formatShellResult(run({ output: captured('building…\n'), exitCode: null, signal: 'SIGTERM', timedOut: true, timeoutMs: 120_000, stateKept: false }));
    assert.strictEqual(timedOut, 'building…\nTimed out after 120 s: the command and every process it started were stopped.\nIts changes to the directory and exported variables were not kept.');
    const stopped = formatShellResult(run({ exitCode: null, signal: 'SIGTERM', cancelled: true, durationMs: 4200, stateKept: false }));
    assert.match(stopped, /^\(no output\)\nStopped by the user after 4\.2 s: the command and every process it started were stopped\./);
  });

  it('marks the cut in the middle with its size and how to see the rest', () => {
    const text = Array.from({ length: 10_000 }, (_, i) => `row ${i}`).join('\n') + '\n';
    const output = captured(text);
    assert.ok(output.elided);
    const result = formatShellResult(run({ output, exitCode: 1 }));
    const notice = `[… ${output.elided.characters.toLocaleString('en-US')} characters (${output.elided.lines.toLocaleString('en-US')} lines) cut from the middle of the output;`;
    assert.ok(result.startsWith(output.head + notice), result.slice(output.head.length - 20, output.head.length + 200));
    assert.ok(result.endsWith(output.tail + 'Exit code 1.'));
    assert.ok(result.length < 30_500);
  });

  it('notes background processes that were stopped, and a directory that is gone', () => {
    assert.strictEqual(formatShellResult(run({ output: captured('started\n'), stoppedBackground: true })),
      'started\nExit code 0.\nProcesses it left running in the background were stopped when it ended; nothing keeps running between commands.');
    assert.match(formatShellResult(run({ movedTo: '/work/app' })), /^\(no output\)\nThe shell's directory no longer exists, so this ran in \/work\/app\.\nExit code 0\.$/);
  });

  it('says stdin is closed when the command read it, or stopped at a prompt', () => {
    assert.match(formatShellResult(run({ command: 'read x; echo got:$x', output: captured('got:\n') })), /\nstdin is closed: anything reading input got end-of-file/);
    for (const command of ['cat', 'cat | wc -l', 'while read line; do echo $line; done', 'x=$(cat)', 'sort -r', 'false || cat']) {
      assert.ok(looksLikeItReadStdin(command, ''), command);
    }
    for (const command of ['cat README.md', 'echo hi | cat', 'ls | sort', 'git log --oneline | head', 'tail -f log.txt', 'npm test', 'echo ready']) {
      assert.ok(!looksLikeItReadStdin(command, 'done\n'), command);
    }
    assert.ok(looksLikeItReadStdin('npx create-thing', 'Need to install the following packages:\nOk to proceed? (y) '));
    assert.ok(looksLikeItReadStdin('./configure.sh', 'Overwrite settings? [y/N] '));
    assert.ok(!looksLikeItReadStdin('./configure.sh', 'Overwrite settings? [y/N] \nno\n'));
    assert.ok(!formatShellResult(run({ command: 'cat', cancelled: true, exitCode: null, signal: 'SIGTERM' })).includes('stdin'));
  });

  it('counts as an error when the command failed or did not finish', () => {
    assert.ok(!shellRunFailed(run({})));
    assert.ok(shellRunFailed(run({ exitCode: 1 })));
    assert.ok(shellRunFailed(run({ exitCode: null, signal: 'SIGKILL' })));
    assert.ok(shellRunFailed(run({ timedOut: true, exitCode: null, signal: 'SIGTERM' })));
  });
});
