// The shell runner with real shells: no stubs. Process checks read `ps`, independently of the
// runner's own /proc reading. Waits are on events (output, the run's promise), never on timing.

import * as assert from 'assert';
import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ShellSession, type RunOptions } from '../../src/tools/shellRun/shellSession';
import { formatShellResult } from '../../src/tools/shellRun/shellResult';
import { scrubEnvironment } from '../../src/tools/shellRun/shellEnv';
import type { ShellKind } from '../../src/tools/shellRun/shellChoice';
import { chooseLocalShell } from '../../src/tools/shellRun/localShell';

const posix = process.platform !== 'win32';

/** Live processes in a process group or session, as `ps` sees them. */
function processesOf(leader: number): string[] {
  const rows = execFileSync('ps', ['-e', '-o', 'pid=,pgid=,sess=,stat=,args='], { encoding: 'utf8' }).split('\n');
  return rows.filter((row) => {
    const [pid, pgid, sess, stat] = row.trim().split(/\s+/);
    return pid !== undefined && !stat?.startsWith('Z') && (Number(pgid) === leader || Number(sess) === leader);
  });
}

/** Processes running `sleep <marker>…` (durations no other test uses), not shells whose script names them. */
function processesRunning(marker: string): string[] {
  const rows = execFileSync('ps', ['-e', '-o', 'stat=,args='], { encoding: 'utf8' }).split('\n');
  return rows.filter((row) => {
    const [stat, ...args] = row.trim().split(/\s+/);
    return stat !== undefined && !stat.startsWith('Z') && args.join(' ').startsWith(marker);
  });
}

/**
 * Polls, generously, for what no event announces: processes that are not our children starting
 * (a fork races the echo before it) or ending.
 */
async function eventually(condition: () => boolean, withinMs = 30_000): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/** Resolves with the first match of `pattern` in the output streamed so far. */
function outputMatching(pattern: RegExp): { onOutput: RunOptions['onOutput']; match: Promise<RegExpMatchArray> } {
  let seen = '';
  let found: (match: RegExpMatchArray) => void = () => undefined;
  const match = new Promise<RegExpMatchArray>((resolve) => { found = resolve; });
  return {
    match,
    onOutput: (chunk) => {
      seen += chunk;
      const result = seen.match(pattern);
      if (result) found(result);
    },
  };
}

function shellAt(file: string): string | undefined {
  return ['/bin/', '/usr/bin/', '/usr/local/bin/'].map((dir) => dir + file).find((candidate) => fs.existsSync(candidate));
}

for (const kind of ['bash', 'zsh'] as ShellKind[]) {
  describe(`shell session (${kind})`, function () {
    this.timeout(60_000);
    let workspace: string;
    let session: ShellSession;
    const shellPath = shellAt(kind);

    before(function () {
      if (!posix || !shellPath) this.skip();
    });

    beforeEach(() => {
      workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'shell-session-')));
      fs.mkdirSync(path.join(workspace, 'sub dir'));
      session = new ShellSession({ shell: { path: shellPath!, kind }, cwd: workspace, env: scrubEnvironment(process.env), killGraceMs: 3000 });
    });

    afterEach(() => {
      session.dispose();
      fs.rmSync(workspace, { recursive: true, force: true });
    });

    it('starts in the workspace folder and keeps cd and exported variables between commands', async () => {
      assert.strictEqual((await session.run('pwd')).output.head, `${workspace}\n`);
      const first = await session.run('cd "sub dir" && export GREETING="hello  world" MULTI="a\nb" && PLAIN=1 && echo done');
      assert.strictEqual(formatShellResult(first), 'done\nExit code 0.');
      const second = await session.run('pwd; printf "[%s]" "$GREETING" "$MULTI" "$PLAIN"');
      assert.strictEqual(second.output.head, `${path.join(workspace, 'sub dir')}\n[hello  world][a\nb][]`);
      assert.strictEqual(session.cwd, path.join(workspace, 'sub dir'));
      await session.run('unset GREETING; cd ..');
      assert.strictEqual((await session.run('pwd; echo "${GREETING-gone}"')).output.head, `${workspace}\ngone\n`);
    });

    it('keeps the state of a command that ends with exit, errexit, xtrace, an odd IFS or a PATH with no programs', async () => {
      const result = await session.run('set -eux; IFS=,; export KEPT=yes; cd "sub dir"; export PATH=/nowhere; exit 4');
      assert.strictEqual(result.exitCode, 4);
      assert.ok(!result.output.head.includes('__claude_assistant'), result.output.head);
      assert.strictEqual((await session.run('echo "$KEPT"; pwd; echo "[$PATH]"')).output.head, `yes\n${path.join(workspace, 'sub dir')}\n[/nowhere]\n`);
    });

    it('restart starts a fresh shell in the workspace folder', async () => {
      await session.run('cd "sub dir"; export FOO=bar');
      session.restart();
      assert.strictEqual((await session.run('pwd; echo "${FOO-unset}"')).output.head, `${workspace}\nunset\n`);
    });

    it('runs commands one at a time, in the order asked', async () => {
      const log = path.join(workspace, 'order.log');
      const first = session.run(`sleep 0.3; echo first >> "${log}"; export ORDER=1`);
      const second = session.run(`echo "second ORDER=$ORDER" >> "${log}"`);
      await Promise.all([first, second]);
      assert.strictEqual(fs.readFileSync(log, 'utf8'), 'first\nsecond ORDER=1\n');
    });

    it('keeps state even when a command deletes the state folder', async () => {
      // The command sees the runner's own variable for the folder; a careless one could delete it.
      await session.run('rm -rf "$__claude_assistant_state"');
      await session.run('cd "sub dir"; export AFTER=1');
      assert.strictEqual((await session.run('pwd; echo "$AFTER"')).output.head, `${path.join(workspace, 'sub dir')}\n1\n`);
    });

    it('reports exit codes and signals', async () => {
      assert.strictEqual((await session.run('exit 7')).exitCode, 7);
      const killed = await session.run('echo before; kill -TERM $$');
      assert.deepStrictEqual([killed.exitCode, killed.signal, killed.stateKept], [null, 'SIGTERM', false]);
      assert.match(formatShellResult(killed), /^before\nKilled by signal SIGTERM\./);
      const child = await session.run("sh -c 'kill -KILL $$'");
      assert.ok(formatShellResult(child).endsWith('\nExit code 137 (the last command was killed by SIGKILL).'), formatShellResult(child));
    });

    it('gives a command that reads stdin end-of-file, and says so', async () => {
      const read = await session.run('read x; echo "got:$x"');
      // read gets end-of-file at once (and fails), and the echo after it runs.
      assert.strictEqual(formatShellResult(read).split('\n').slice(0, 2).join('\n'), 'got:\nExit code 0.');
      assert.match(formatShellResult(read), /stdin is closed/);
      const cat = await session.run('cat');
      assert.deepStrictEqual([cat.exitCode, cat.output.head], [0, '']);
      assert.match(formatShellResult(cat), /stdin is closed/);
    });

    it('streams output as it comes and caps what the model gets, head and tail', async () => {
      let streamed = '';
      const result = await session.run('seq 1 100000', { onOutput: (chunk) => { streamed += chunk; } });
      const whole = Array.from({ length: 100_000 }, (_, i) => `${i + 1}\n`).join('');
      assert.strictEqual(streamed, whole);
      assert.ok(result.output.elided);
      assert.ok(result.output.head.startsWith('1\n2\n3\n') && result.output.tail.endsWith('99999\n100000\n'));
      assert.strictEqual(result.output.head.length + result.output.elided.characters + result.output.tail.length, whole.length);
      assert.match(formatShellResult(result), /\[… [\d,]+ characters \([\d,]+ lines\) cut from the middle of the output;/);
    });

    it('Stop kills the whole tree: the shell, its children and background jobs', async () => {
      const controller = new AbortController();
      const started = outputMatching(/leader:(\d+)/);
      const running = session.run('echo leader:$$; sleep 300.101 & sleep 300.102; wait', { signal: controller.signal, onOutput: started.onOutput });
      const leader = Number((await started.match)[1]);
      assert.ok(await eventually(() => processesRunning('sleep 300.10').length === 2), 'both sleeps run before Stop');
      controller.abort();
      const result = await running;
      assert.ok(result.cancelled);
      assert.deepStrictEqual(processesOf(leader), []);
      assert.deepStrictEqual(processesRunning('sleep 300.10'), []);
      assert.match(formatShellResult(result), /Stopped by the user after/);
    });

    it('the timeout kills the whole tree, and the command keeps no state', async () => {
      const started = outputMatching(/leader:(\d+)/);
      const result = await session.run('cd "sub dir"; export LOST=1; echo leader:$$; (sleep 300.201 &); sleep 300.202', { timeoutMs: 1500, onOutput: started.onOutput });
      const leader = Number((await started.match)[1]);
      assert.ok(result.timedOut && !result.stateKept);
      assert.deepStrictEqual(processesOf(leader), []);
      assert.deepStrictEqual(processesRunning('sleep 300.20'), []);
      assert.match(formatShellResult(result), /Timed out after 1\.5 s: the command and every process it started were stopped\./);
      assert.strictEqual((await session.run('pwd; echo "${LOST-unset}"')).output.head, `${workspace}\nunset\n`);
    });

    it('stops what a command leaves in the background when it ends, and says so', async () => {
      const result = await session.run('echo leader:$$; sleep 300.301 > /dev/null 2>&1 & echo started');
      const leader = Number(/leader:(\d+)/.exec(result.output.head)![1]);
      assert.ok(result.stoppedBackground);
      assert.deepStrictEqual(processesOf(leader), []);
      assert.deepStrictEqual(processesRunning('sleep 300.301'), []);
      assert.match(formatShellResult(result), /background were stopped/);
    });

    it('dispose stops a running command', async () => {
      const started = outputMatching(/leader:(\d+)/);
      const running = session.run('echo leader:$$; sleep 300.401', { onOutput: started.onOutput });
      const leader = Number((await started.match)[1]);
      session.dispose();
      assert.ok((await running).cancelled);
      assert.deepStrictEqual(processesOf(leader), []);
      assert.ok((await session.run('echo never')).cancelled);
    });
  });
}

describe('shell session environment and host', function () {
  this.timeout(60_000);
  const bash = shellAt('bash');
  before(function () {
    if (!posix || !bash) this.skip();
  });

  it('does not pass our keys to commands', async () => {
    const key = 'sk-ant-test-0123456789abcdef';
    const env = scrubEnvironment({ ...process.env, ANTHROPIC_API_KEY: key, ANTHROPIC_AUTH_TOKEN: 'token-xyz-123456', SAVED_KEY: key, KEEP_ME: 'kept' }, [key, 'token-xyz-123456']);
    const session = new ShellSession({ shell: { path: bash!, kind: 'bash' }, cwd: os.tmpdir(), env });
    try {
      const result = await session.run('env');
      assert.ok(result.output.head.includes('KEEP_ME=kept'));
      for (const secret of [key, 'token-xyz-123456', 'ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'SAVED_KEY']) {
        assert.ok(!result.output.head.includes(secret), secret);
      }
    } finally {
      session.dispose();
    }
  });

  it('when the extension host dies mid-command, the command tree is stopped too', async () => {
    // A Node process stands in for the extension host: it starts a command, then is killed with SIGKILL.
    const sessionModule = require.resolve('../../src/tools/shellRun/shellSession');
    const host = spawn(process.execPath, ['-e', `
      const { ShellSession } = require(${JSON.stringify(sessionModule)});
      const session = new ShellSession({ shell: { path: ${JSON.stringify(bash)}, kind: 'bash' }, cwd: ${JSON.stringify(os.tmpdir())}, env: process.env });
      session.run('echo leader:$$; sleep 300.501 & sleep 300.502; wait', { onOutput: (chunk) => process.stdout.write(chunk) });
    `], { stdio: ['ignore', 'pipe', 'inherit'] });
    let seen = '';
    const leader = await new Promise<number>((resolve) => host.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /leader:(\d+)/.exec(seen);
      if (match) resolve(Number(match[1]));
    }));
    assert.ok(await eventually(() => processesRunning('sleep 300.50').length === 2), 'both sleeps run before the host dies');
    host.kill('SIGKILL');
    await eventually(() => processesOf(leader).length === 0);
    assert.deepStrictEqual(processesOf(leader), []);
    assert.deepStrictEqual(processesRunning('sleep 300.50'), []);
  });
});

describe('the shell on this machine', () => {
  it('is a bash or zsh that runs', async function () {
    this.timeout(20_000);
    const choice = chooseLocalShell();
    if (!posix) this.skip();
    assert.ok(choice.available, 'bash is installed where these tests run');
    const session = new ShellSession({ shell: choice, cwd: os.tmpdir(), env: scrubEnvironment(process.env) });
    try {
      const result = await session.run('echo "$0 ok"');
      assert.strictEqual(result.output.head, `${path.basename(choice.path)} ok\n`);
    } finally {
      session.dispose();
    }
  });
});
