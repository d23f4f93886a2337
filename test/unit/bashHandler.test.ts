// The bash tool's handler with a real shell and the real rules, in plain Node: the hooks that let
// Undo snapshot around a command, what the model is told, and that nothing the rules cannot judge
// runs unasked. The user's answers come from a stand-in for the card's buttons.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ToolCallView } from '../../src/conversation/toolHandler';
import { BashHandler, type BashWorkspace, type CommandTurnHooks } from '../../src/shell/bashHandler';
import type { CommandConfirmations, CommandVerdict } from '../../src/shell/commandConfirmations';
import type { CommandRules } from '../../src/tools/shellRules/commandRules';
import { decideCommand } from '../../src/tools/shellRules/decideCommand';
import type { KnownSecret } from '../../src/auth/knownSecrets';
import { bashDefinition, chooseLocalShell, ShellSession } from '../../src/tools/shellRun';

const posix = process.platform !== 'win32';

/** Answers every confirmation with `answer`, and remembers what was asked. */
function answering(answer: (command: string) => CommandVerdict | 'wait'): { confirmations: CommandConfirmations; asked: string[] } {
  const asked: string[] = [];
  const confirmations = {
    ask(_id: string, command: string, signal: AbortSignal): Promise<CommandVerdict> {
      asked.push(command);
      const verdict = answer(command);
      if (verdict !== 'wait') return Promise.resolve(verdict);
      if (signal.aborted) return Promise.resolve({ kind: 'cancelled' });
      return new Promise((resolve) => signal.addEventListener('abort', () => resolve({ kind: 'cancelled' }), { once: true }));
    },
  } as unknown as CommandConfirmations;
  return { confirmations, asked };
}

(posix ? describe : describe.skip)('bash tool handler', function () {
  this.timeout(20_000);
  let dir: string;
  let session: ShellSession;
  let events: string[];
  let unsaved: string[];
  let secrets: KnownSecret[];

  const hooks: CommandTurnHooks = {
    prepareCommand: (turnId) => { events.push(`prepare ${turnId}`); },
    beforeCommand: async (turnId) => {
      events.push(`before ${turnId}`);
      fs.writeFileSync(path.join(dir, 'snapshot-before'), 'taken');
    },
    afterCommand: async (turnId) => {
      events.push(`after ${turnId}: ${fs.existsSync(path.join(dir, 'written-by-command')) ? 'file written' : 'no file'}`);
    },
  };

  function handler(rules: Partial<CommandRules>, confirmations: CommandConfirmations, decide: BashWorkspace['decide'] = decideCommand): BashHandler {
    const choice = chooseLocalShell();
    if (!choice.available) throw new Error(choice.reason);
    session ??= new ShellSession({ shell: { path: choice.path, kind: choice.kind }, cwd: dir, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: os.homedir() }, killGraceMs: 200 });
    const workspace: BashWorkspace = {
      session: async () => session,
      restart: async () => session,
      rules: () => ({ allow: [], ask: [], deny: [], ...rules }),
      commandContext: (cwd) => ({ cwd, homeDir: os.homedir(), isInsideWorkspace: (file) => file.startsWith(dir), isSensitive: () => false }),
      decide,
      timeoutMs: () => 10_000,
      confirmations,
      hooks,
      secrets: async () => secrets,
      unsavedFiles: () => unsaved,
      log: (message) => events.push(`log ${message}`),
    };
    return new BashHandler(bashDefinition('bash_20250124', 'anthropic'), workspace);
  }

  async function call(bash: BashHandler, command: string, signal = new AbortController().signal) {
    const views: ToolCallView[] = [];
    const result = await bash.run({ type: 'tool_use', id: 'toolu_unit', name: 'bash', input: { command } }, { turnId: 'turn-7', signal, update: (view) => views.push(view) });
    return { result, views };
  }

  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'bash-handler-')));
    events = [];
    unsaved = [];
    secrets = [];
  });

  afterEach(() => {
    session?.dispose();
    session = undefined as unknown as ShellSession;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('calls prepareCommand while the command waits, beforeCommand just before it runs and afterCommand once it ended', async () => {
    const { confirmations } = answering((command) => ({ kind: 'run', command, edited: false }));
    const { result } = await call(handler({}, confirmations), 'cat snapshot-before; echo >> written-by-command');
    assert.deepStrictEqual(events, ['prepare turn-7', 'before turn-7', 'after turn-7: file written']);
    assert.strictEqual(result.content, 'taken\nExit code 0.', 'the command ran after beforeCommand');
  });

  it('tells the model and the card which files had unsaved changes the command could not see', async () => {
    const { confirmations } = answering((command) => ({ kind: 'run', command, edited: false }));
    unsaved = ['src/sum.js'];
    const { result, views } = await call(handler({}, confirmations), 'echo ran');
    assert.strictEqual(result.content, 'ran\nExit code 0.\nUnsaved in the editor when it ran, so it read the saved version: src/sum.js.');
    assert.match(views.at(-1)?.resultSummary ?? '', /Unsaved in the editor when it ran, so it read the saved version: src\/sum\.js\./);
    unsaved = [];
    assert.strictEqual((await call(handler({}, confirmations), 'echo ran')).result.content, 'ran\nExit code 0.', 'nothing said when all is saved');
  });

  it('keeps the user\'s keys out of the output the card and the model get, a key printed in pieces included', async () => {
    const key = 'sk-ant-api03-unit-0123456789abcdef';
    secrets = [{ value: key, name: 'Claude Assistant API key' }, { value: 'env-token-0123456789', name: 'ANTHROPIC_AUTH_TOKEN' }];
    fs.writeFileSync(path.join(dir, 'config.ini'), `key = ${key}\n`);
    const { confirmations } = answering((command) => ({ kind: 'run', command, edited: false }));
    // Pieces written apart in time arrive as separate chunks: neither piece may show on its own.
    const command = `cat config.ini; printf '${key.slice(0, 15)}'; sleep 0.5; printf '${key.slice(15)}\\nenv-token-0123456789 done\\n'`;
    const { result, views } = await call(handler({}, confirmations), command);
    const expected = 'key = [redacted: Claude Assistant API key]\n[redacted: Claude Assistant API key]\n[redacted: ANTHROPIC_AUTH_TOKEN] done\n';
    assert.strictEqual(result.content, `${expected}Exit code 0.`);
    assert.strictEqual(views.at(-1)?.output, expected);
    for (const view of views) {
      assert.ok(![key.slice(0, 15), key.slice(15), 'env-token'].some((piece) => view.output?.includes(piece)), view.output);
    }
    assert.strictEqual(fs.readFileSync(path.join(dir, 'config.ini'), 'utf8'), `key = ${key}\n`, 'the file keeps its key');
  });

  it('calls afterCommand after Stop too, once every process it started is gone', async () => {
    const { confirmations } = answering((command) => ({ kind: 'run', command, edited: false }));
    const stop = new AbortController();
    const bash = handler({}, confirmations);
    const running = call(bash, 'echo started; sleep 30 & sleep 30; wait', stop.signal);
    const deadline = Date.now() + 10_000;
    while (!events.includes('before turn-7') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 300));
    stop.abort();
    const { result, views } = await running;
    assert.deepStrictEqual(events, ['prepare turn-7', 'before turn-7', 'after turn-7: no file']);
    assert.strictEqual(result.isError, true);
    assert.match(result.content, /Stopped by the user after .*: the command and every process it started were stopped\./);
    assert.strictEqual(views.at(-1)?.status, 'cancelled');
  });

  it('snapshots around no denied, rejected or cancelled command: nothing ran', async () => {
    const denied = await call(handler({ deny: ['rm:*'] }, answering(() => ({ kind: 'reject' })).confirmations), 'echo ok && rm -r -f written-by-command');
    assert.match(denied.result.content, /^Blocked: `rm -r -f written-by-command` matched deny rule `rm:\*`\. Nothing ran/);
    const rejected = await call(handler({}, answering(() => ({ kind: 'reject', reason: 'no' })).confirmations), 'echo hi > written-by-command');
    assert.strictEqual(rejected.result.content, 'The user rejected this command; nothing ran. Their reason, in their words: "no"');
    const stop = new AbortController();
    const waiting = call(handler({}, answering(() => 'wait').confirmations), 'echo hi > written-by-command', stop.signal);
    stop.abort();
    assert.strictEqual((await waiting).result.content, 'Cancelled by the user; nothing ran.');
    // The two that waited for the user were prepared for; the denied one never waited.
    assert.deepStrictEqual(events, ['prepare turn-7', 'prepare turn-7']);
    assert.ok(!fs.existsSync(path.join(dir, 'written-by-command')));
  });

  it('asks when the rules cannot judge the command, even with a rule that would allow it', async () => {
    const { confirmations, asked } = answering(() => ({ kind: 'reject' }));
    const broken: BashWorkspace['decide'] = () => Promise.reject(new Error('the parser did not load'));
    const { views } = await call(handler({ allow: ['echo:*'] }, confirmations, broken), 'echo hi');
    assert.deepStrictEqual(asked, ['echo hi']);
    events.length = 0;
    await call(handler({ allow: ['echo:*'] }, confirmations), 'echo allowed');
    assert.deepStrictEqual(events, ['before turn-7', 'after turn-7: no file'], 'a command that runs at once has nothing to prepare');
    assert.ok(views.some((view) => view.status === 'proposed' && /could not read it \(the parser did not load\)/.test(view.resultSummary ?? '')));
  });

  it('stops a command at the timeout its rule sets, and says which rule set it', async () => {
    const { confirmations } = answering((command) => ({ kind: 'run', command, edited: false }));
    const { result, views } = await call(handler({ timeouts: { 'sleep:*': 1 } }, confirmations), 'echo started; sleep 30');
    assert.match(result.content, /^started\nTimed out after 1\.0 s:/);
    assert.match(views.at(-1)?.resultSummary ?? '', /^Timeout 1 s, by rule `sleep:\*`\. Timed out after 1 s;/);
  });

  it('judges the user\'s edit by the deny rules too, and says what ran when it runs', async () => {
    const edit = (to: string) => answering(() => ({ kind: 'run', command: to, edited: true })).confirmations;
    const blocked = await call(handler({ deny: ['rm:*'] }, edit('rm -fr written-by-command')), 'ls');
    assert.match(blocked.result.content, /^The user edited the command, and their edit is blocked by their rules\. Blocked: `rm -fr written-by-command` matched deny rule `rm:\*`\./);
    const ran = await call(handler({ deny: ['rm:*'] }, edit('echo edited')), 'echo proposed');
    assert.strictEqual(ran.result.content, 'The user edited the command before it ran; it ran as:\necho edited\n\nedited\nExit code 0.');
    assert.strictEqual(ran.views.at(-1)?.command, 'echo edited');
  });
});
