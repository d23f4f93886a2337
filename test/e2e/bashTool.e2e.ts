// The bash tool as a person uses it: the model runs the project's tests, reads the failure, fixes
// the file with the text editor, and runs them again; every command and the edit are confirmed on
// their cards in the real workbench. The mock scripts the model; the commands really run.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { expectToolResult, reply, textBlock, textReply, toolUseBlock, type RecordedRequest } from '../mock/server';
import { useE2eSession } from './fixture';

const EDITOR = 'str_replace_based_edit_tool';

/** The tool_result for `toolUseId` in the requests so far. */
function resultFor(requests: readonly RecordedRequest[], toolUseId: string): { content: string; is_error?: boolean } | undefined {
  for (const request of requests.filter((r) => r.path === '/v1/messages')) {
    for (const message of (request.body as { messages: Array<{ content: unknown }> }).messages) {
      if (!Array.isArray(message.content)) continue;
      const found = (message.content as Array<{ type: string; tool_use_id?: string; content: string; is_error?: boolean }>).find((b) => b.type === 'tool_result' && b.tool_use_id === toolUseId);
      if (found) return found;
    }
  }
  return undefined;
}

describe('the bash tool in the workbench', function () {
  this.timeout(180_000);
  const session = useE2eSession({
    settings: { 'claudeAssistant.model': 'claude-sonnet-4-6', 'claudeAssistant.tools.saveAfterAccept': true, 'files.autoSave': 'off' },
    workspaceFiles: {
      'sum.js': 'exports.sum = (a, b) => a - b;\n',
      'test.js': "const { sum } = require('./sum');\nif (sum(2, 3) !== 5) {\n  console.log(`FAIL sum(2, 3) gave ${sum(2, 3)}, expected 5`);\n  process.exit(1);\n}\nconsole.log('ok 1 sum');\n",
    },
  });

  it('runs the failing tests, fixes the file, and runs them green, each step confirmed on its card', async () => {
    const s = session();
    s.mock.enqueue(
      { reply: reply([textBlock('Running the tests first.'), toolUseBlock('bash', { command: 'node test.js' }, 'toolu_run1')]) },
      { expect: expectToolResult('toolu_run1'), reply: reply([textBlock('`sum` subtracts. Fixing it.'), toolUseBlock(EDITOR, { command: 'str_replace', path: 'sum.js', old_str: 'a - b', new_str: 'a + b' }, 'toolu_fix')]) },
      { expect: expectToolResult('toolu_fix'), reply: reply([toolUseBlock('bash', { command: 'node test.js' }, 'toolu_run2')]) },
      { expect: expectToolResult('toolu_run2'), reply: textReply('The tests pass now.') },
    );
    await s.ensureApiKey('sk-ant-e2e-bash-0123456789');
    await s.openChat();
    await s.newChat();
    await s.send('Run the tests and fix what fails');
    const chat = s.chat();

    const first = chat.getByRole('region', { name: /^Tool call: Run a command\. Waiting for your confirmation\./ });
    await first.waitFor({ timeout: 60_000 });
    assert.strictEqual(await first.getByLabel('Command', { exact: true }).innerText(), 'node test.js');
    await s.workbench.screenshot('bash-tool-confirm');
    await first.getByRole('button', { name: 'Run the command' }).click();

    const edit = chat.getByRole('region', { name: /^Tool call: Edit sum\.js.*Waiting for your review\./ });
    await edit.waitFor({ timeout: 60_000 });
    await s.workbench.screenshot('bash-tool-failed-then-edit');
    const failed = resultFor(s.mock.requests, 'toolu_run1');
    assert.strictEqual(failed?.is_error, true);
    assert.match(failed?.content ?? '', /FAIL sum\(2, 3\) gave -1, expected 5\nExit code 1\./);
    await edit.getByRole('button', { name: 'Accept: sum.js' }).click();

    const second = chat.getByRole('region', { name: /^Tool call: Run a command\. Waiting for your confirmation\./ });
    await second.waitFor({ timeout: 60_000 });
    await second.getByRole('button', { name: 'Run the command' }).click();
    await s.waitForTranscript('The tests pass now.', 60_000);
    await s.workbench.screenshot('bash-tool-green');

    assert.strictEqual(resultFor(s.mock.requests, 'toolu_run2')?.content, 'ok 1 sum\nExit code 0.');
    assert.strictEqual(fs.readFileSync(path.join(s.workspaceDir, 'sum.js'), 'utf8'), 'exports.sum = (a, b) => a + b;\n');
    assert.strictEqual(await chat.getByRole('region', { name: /^Tool call: Run a command\. Ran\./ }).count(), 1, 'the green run says it ran');
  });
});
