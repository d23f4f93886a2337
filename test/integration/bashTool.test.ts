// The bash tool in the real extension host: the mock provider proposes commands, the product's own
// handler judges them by the user's rules, the tests confirm, edit or reject them as the card's
// buttons do (through the same commands), and the next request must carry what really ran.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { turnKey, type ToolCallView } from '../../src/conversation/toolHandler';
import type { TestApi } from '../../src/extension';
import { AnsweringToolPrompts } from './toolPrompts';
import { MockMessagesServer, expectToolResult, reply, textReply, toolUseBlock } from '../mock/server';

const EXTENSION_ID = 'claude-assistant.claude-assistant';

describe('the bash tool', function () {
  this.timeout(60_000);
  let api: TestApi;
  let server: MockMessagesServer;
  const config = () => vscode.workspace.getConfiguration('claudeAssistant');
  const root = (): string => vscode.workspace.workspaceFolders![0].uri.fsPath;
  const sent = () => server.requests.filter((request) => request.path === '/v1/messages');

  /** The tool_result answering `toolUseId` in the requests sent so far. */
  function resultFor(toolUseId: string): { content: string; is_error?: boolean } {
    for (const request of sent()) {
      const messages = (request.body as { messages: Array<{ role: string; content: unknown }> }).messages;
      for (const message of messages) {
        if (!Array.isArray(message.content)) continue;
        const found = (message.content as Array<{ type: string; tool_use_id?: string; content: string; is_error?: boolean }>)
          .find((block) => block.type === 'tool_result' && block.tool_use_id === toolUseId);
        if (found) return found;
      }
    }
    throw new Error(`no tool_result for ${toolUseId} was sent`);
  }

  function viewOf(toolUseId: string): ToolCallView | undefined {
    for (const turn of api.session.transcript) {
      const view = turn.toolCalls?.[toolUseId];
      if (view) return view;
    }
    return undefined;
  }

  async function until<T>(what: string, check: () => T | undefined | false, withinMs = 20_000): Promise<T> {
    const deadline = Date.now() + withinMs;
    for (;;) {
      const value = check();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(50);
    }
  }

  /** Waits until the command waits for the user's yes on its card, and returns the card. */
  function proposed(toolUseId: string): Promise<ToolCallView> {
    return until(`${toolUseId} to be proposed`, () => {
      const view = viewOf(toolUseId);
      return view?.status === 'proposed' && api.bash.confirmations.waiting.includes(toolUseId) ? view : undefined;
    });
  }

  /** The mock proposes `command` as `id`, then ends the turn once answered. */
  function proposeCommand(id: string, command: string): void {
    server.enqueue(
      { reply: reply([toolUseBlock('bash', { command }, id)]) },
      { expect: expectToolResult(id), reply: textReply('Done.') },
    );
  }

  async function setRules(rules: { allow?: string[]; ask?: string[]; deny?: string[] }): Promise<void> {
    for (const list of ['allow', 'ask', 'deny'] as const) {
      await config().update(`commands.${list}`, rules[list], vscode.ConfigurationTarget.Global);
    }
  }

  before(async () => {
    server = await MockMessagesServer.start();
    api = (await vscode.extensions.getExtension<TestApi>(EXTENSION_ID)!.activate())!;
    await config().update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
    await config().update('authHeader', 'x-api-key', vscode.ConfigurationTarget.Global);
    await api.keyStore.set('sk-ant-bash-key');
    fs.mkdirSync(path.join(root(), 'shell-work'), { recursive: true });
  });

  after(async () => {
    await setRules({});
    await config().update('bash.timeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await config().update('authHeader', undefined, vscode.ConfigurationTarget.Global);
    await api.keyStore.clear();
    await server.close();
    fs.rmSync(path.join(root(), 'shell-work'), { recursive: true, force: true });
  });

  beforeEach(async () => {
    server.reset();
    api.session.startNew();
    await setRules({});
  });

  it('offers bash beside the text editor; a command waits for Run, then runs exactly as shown', async () => {
    proposeCommand('toolu_confirm', 'echo "hello from $((6 * 7))" && pwd');
    const sending = api.session.send('Say hello');
    const card = await proposed('toolu_confirm');
    assert.strictEqual(card.command, 'echo "hello from $((6 * 7))" && pwd');
    assert.match(card.resultSummary ?? '', /^Asks: /);
    const tools = (sent()[0].body as { tools: Array<{ type?: string; name: string }> }).tools;
    assert.deepStrictEqual(tools.map((tool) => [tool.type, tool.name]), [['text_editor_20250728', 'str_replace_based_edit_tool'], ['bash_20250124', 'bash']]);
    await sleep(300);
    assert.strictEqual(sent().length, 1, 'nothing goes back before the user answers');

    assert.strictEqual(await vscode.commands.executeCommand('claudeAssistant.runCommand', 'toolu_confirm'), true);
    await sending;
    const result = resultFor('toolu_confirm');
    assert.strictEqual(result.is_error, undefined, result.content);
    assert.strictEqual(result.content, `hello from 42\n${root()}\nExit code 0.`);
    const view = viewOf('toolu_confirm')!;
    assert.strictEqual(view.status, 'applied');
    assert.strictEqual(view.output, `hello from 42\n${root()}\n`);
    assert.match(view.resultSummary ?? '', /Exit code 0\./);
  });

  it('runs the user\'s edit instead of the proposal, and tells the model what ran', async () => {
    proposeCommand('toolu_edit', 'echo proposed-text > shell-work/edited.txt');
    const sending = api.session.send('Write a file');
    await proposed('toolu_edit');
    await vscode.commands.executeCommand('claudeAssistant.runCommand', { toolUseId: 'toolu_edit', command: 'echo user-text > shell-work/edited.txt; cat shell-work/edited.txt' });
    await sending;
    const result = resultFor('toolu_edit');
    assert.strictEqual(result.content, 'The user edited the command before it ran; it ran as:\necho user-text > shell-work/edited.txt; cat shell-work/edited.txt\n\nuser-text\nExit code 0.');
    assert.strictEqual(fs.readFileSync(path.join(root(), 'shell-work', 'edited.txt'), 'utf8'), 'user-text\n');
    assert.strictEqual(viewOf('toolu_edit')?.command, 'echo user-text > shell-work/edited.txt; cat shell-work/edited.txt', 'the card shows what ran');
  });

  it('Reject carries the typed reason to the model, and nothing runs', async () => {
    const marker = path.join(root(), 'shell-work', 'rejected-marker');
    proposeCommand('toolu_reject', 'touch shell-work/rejected-marker');
    const sending = api.session.send('Touch it');
    await proposed('toolu_reject');
    await vscode.commands.executeCommand('claudeAssistant.rejectCommand', { toolUseId: 'toolu_reject', reason: 'Use the build script instead.' });
    await sending;
    const result = resultFor('toolu_reject');
    assert.strictEqual(result.is_error, true);
    assert.strictEqual(result.content, 'The user rejected this command; nothing ran. Their reason, in their words: "Use the build script instead."');
    assert.strictEqual(fs.existsSync(marker), false);
    assert.deepStrictEqual([viewOf('toolu_reject')?.status, viewOf('toolu_reject')?.resultSummary], ['rejected', 'Rejected: Use the build script instead.']);
  });

  it('an allow rule runs a command without asking, and the card says which rule let it', async () => {
    await setRules({ allow: ['echo:*', 'git status'] });
    proposeCommand('toolu_allow', 'echo allowed-by-rule');
    await api.session.send('Echo');
    assert.deepStrictEqual(api.bash.confirmations.waiting, []);
    assert.strictEqual(resultFor('toolu_allow').content, 'allowed-by-rule\nExit code 0.');
    assert.match(viewOf('toolu_allow')?.resultSummary ?? '', /^Ran without asking: every part matched allow rule `echo:\*`\. Exit code 0\.$/);
  });

  it('a deny rule blocks a compound command whole, in any spelling of its options; nothing runs', async () => {
    const victim = path.join(root(), 'shell-work', 'keep-me');
    fs.mkdirSync(victim, { recursive: true });
    await setRules({ allow: ['git status', 'echo:*'], deny: ['rm:*'] });
    proposeCommand('toolu_deny', `echo start > shell-work/deny-marker && git status && rm -fr ${victim}`);
    await api.session.send('Clean up');
    const result = resultFor('toolu_deny');
    assert.strictEqual(result.is_error, true);
    assert.match(result.content, /^Blocked: `rm -fr .*keep-me` matched deny rule `rm:\*`\. Nothing ran/);
    assert.ok(fs.existsSync(victim), 'the folder is still there');
    assert.ok(!fs.existsSync(path.join(root(), 'shell-work', 'deny-marker')), 'no part of the line ran');
    assert.strictEqual(viewOf('toolu_deny')?.status, 'rejected');
    assert.match(viewOf('toolu_deny')?.resultSummary ?? '', /deny rule `rm:\*`/);
  });

  it('keeps the working directory and exported variables between calls, in one conversation', async () => {
    server.enqueue(
      { reply: reply([toolUseBlock('bash', { command: 'cd shell-work && export BASH_TOOL_KEPT=still-here' }, 'toolu_cd')]) },
      { expect: expectToolResult('toolu_cd'), reply: reply([toolUseBlock('bash', { command: 'pwd; echo "$BASH_TOOL_KEPT"' }, 'toolu_after')]) },
      { expect: expectToolResult('toolu_after'), reply: textReply('Done.') },
    );
    const sending = api.session.send('Go there');
    await proposed('toolu_cd');
    await vscode.commands.executeCommand('claudeAssistant.runCommand', 'toolu_cd');
    await proposed('toolu_after');
    await vscode.commands.executeCommand('claudeAssistant.runCommand', 'toolu_after');
    await sending;
    assert.strictEqual(resultFor('toolu_after').content, `${path.join(root(), 'shell-work')}\nstill-here\nExit code 0.`);

    // New Chat: a fresh shell, back in the workspace folder, without the variable.
    api.session.startNew();
    server.reset();
    proposeCommand('toolu_fresh', 'pwd; echo "[$BASH_TOOL_KEPT]"');
    const fresh = api.session.send('Where now?');
    await proposed('toolu_fresh');
    await vscode.commands.executeCommand('claudeAssistant.runCommand', 'toolu_fresh');
    await fresh;
    assert.strictEqual(resultFor('toolu_fresh').content, `${root()}\n[]\nExit code 0.`);
  });

  it('keeps the user\'s keys out of what a command prints: the request, the card and the history file', async () => {
    const otherKey = 'gw-other-profile-key-0123456789';
    await api.connection.keyStore.set('gateway', otherKey);
    try {
      fs.writeFileSync(path.join(root(), 'shell-work', 'keys.ini'), `anthropic = sk-ant-bash-key\ngateway = ${otherKey}\n`);
      await setRules({ allow: ['cat:*', 'printf:*', 'sleep:*'] });
      // The key also comes in two pieces written apart in time: the card shows output as it streams.
      proposeCommand('toolu_keys', 'cat shell-work/keys.ini; printf "sk-ant-"; sleep 0.5; printf "bash-key\\n"');
      await api.session.send('Show the config');
      const marker = '[redacted: Claude Assistant API key]';
      const expected = `anthropic = ${marker}\ngateway = ${marker}\n${marker}\n`;
      const sentBody = JSON.stringify(sent().map((request) => request.body));
      assert.strictEqual(resultFor('toolu_keys').content, `${expected}Exit code 0.`);
      assert.strictEqual(viewOf('toolu_keys')?.output, expected);
      const file = path.join(api.chat.store.folder, `${api.session.conversation.id}.json`);
      const saved = await until('the history file to hold the result', () => fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes(marker) && fs.readFileSync(file, 'utf8'));
      for (const [what, text] of [['the requests', sentBody], ['the transcript', JSON.stringify(api.session.transcript)], ['the history file', saved]]) {
        assert.ok(!text.includes('sk-ant-bash-key') && !text.includes(otherKey), `${what} hold a key:\n${text}`);
      }
      assert.ok(fs.readFileSync(path.join(root(), 'shell-work', 'keys.ini'), 'utf8').includes(otherKey), 'the file keeps its keys');
    } finally {
      await api.connection.keyStore.clear('gateway');
    }
  });

  it('stops a command at the timeout setting, with every process it started', async () => {
    await config().update('bash.timeoutSeconds', 1, vscode.ConfigurationTarget.Global);
    await setRules({ allow: ['sleep:*'] });
    proposeCommand('toolu_timeout', 'sleep 45');
    await api.session.send('Wait');
    const result = resultFor('toolu_timeout');
    assert.strictEqual(result.is_error, true);
    assert.match(result.content, /^\(no output\)\nTimed out after 1\.0 s: the command and every process it started were stopped\./);
    assert.match(viewOf('toolu_timeout')?.resultSummary ?? '', /Timed out after 1 s/);
    await config().update('bash.timeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
  });

  it('Stop kills the whole process group: background jobs and children included', async () => {
    proposeCommand('toolu_stop', 'echo "group $(ps -o pgid= -p $$ | tr -d \' \')"; sleep 300 & sleep 300; wait');
    const sending = api.session.send('Sleep');
    await proposed('toolu_stop');
    await vscode.commands.executeCommand('claudeAssistant.runCommand', 'toolu_stop');
    const group = await until('the command to print its group', () => /group (\d+)/.exec(viewOf('toolu_stop')?.output ?? '')?.[1]);
    assert.ok(inGroup(group).length >= 3, `the shell and both sleeps run in group ${group}: ${inGroup(group).join(', ')}`);
    await vscode.commands.executeCommand('claudeAssistant.stop');
    await sending;
    assert.strictEqual(api.session.transcript[1].status, 'stopped');
    assert.strictEqual(viewOf('toolu_stop')?.status, 'cancelled');
    await until(`no process left in group ${group}`, () => inGroup(group).length === 0, 10_000);
  });

  it('a command reading stdin gets end-of-file at once, and the result says so', async () => {
    proposeCommand('toolu_stdin', 'cat; read answer; echo "read ended with $?"');
    const sending = api.session.send('Read');
    await proposed('toolu_stdin');
    await vscode.commands.executeCommand('claudeAssistant.runCommand', 'toolu_stdin');
    await sending;
    const result = resultFor('toolu_stdin');
    assert.match(result.content, /^read ended with 1\nExit code 0\.\nstdin is closed: anything reading input got end-of-file/);
  });

  it('Undo This Turn\'s Changes takes back what a confirmed command changed and deleted, though the command failed', async () => {
    const work = (name: string): string => path.join(root(), 'shell-work', name);
    fs.mkdirSync(path.join(root(), 'shell-work'), { recursive: true });
    fs.writeFileSync(work('kept.txt'), 'before\r\n');
    fs.writeFileSync(work('gone.txt'), 'keep me\n');
    proposeCommand('toolu_undo', 'printf after > shell-work/kept.txt && rm shell-work/gone.txt && false');
    const sending = api.session.send('Change things');
    await proposed('toolu_undo');
    await vscode.commands.executeCommand('claudeAssistant.runCommand', 'toolu_undo');
    await sending;
    assert.strictEqual(viewOf('toolu_undo')?.status, 'failed');
    assert.strictEqual(viewOf('toolu_undo')?.ranCommand, true, 'the card offers the turn\'s undo though the command failed');
    assert.strictEqual(fs.readFileSync(work('kept.txt'), 'utf8'), 'after');
    assert.strictEqual(fs.existsSync(work('gone.txt')), false);
    const turn = api.session.transcript.find((candidate) => candidate.toolCalls?.toolu_undo);
    const saved = api.textEditor.prompts;
    api.textEditor.prompts = new AnsweringToolPrompts();
    try {
      // Turn ids repeat from one conversation to the next (the earlier tests' turns were `t2` too):
      // undo takes back this conversation's turn only, not what their commands did.
      await vscode.commands.executeCommand('claudeAssistant.undoTurnChanges', turnKey(api.session.conversation.id, turn!.id));
    } finally {
      api.textEditor.prompts = saved;
    }
    assert.strictEqual(fs.readFileSync(work('kept.txt'), 'utf8'), 'before\r\n');
    assert.strictEqual(fs.readFileSync(work('gone.txt'), 'utf8'), 'keep me\n');
  });
});

/** The processes in a process group, from ps (one line each: pid and command). */
function inGroup(group: string): string[] {
  const lines = execFileSync('ps', ['-eo', 'pgid=,pid=,args='], { encoding: 'utf8' }).split('\n');
  return lines.map((line) => line.trim().split(/\s+/)).filter((fields) => fields[0] === group).map((fields) => `${fields[1]} ${fields.slice(2).join(' ')}`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
