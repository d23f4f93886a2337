// Restricted Mode as a person meets it: a folder whose .vscode/settings.json asks for another
// model, a huge max_tokens, thinking and many retries. Untrusted, those settings are ignored;
// once the folder is trusted they apply, which shows the file was read all along.
import * as assert from 'assert';
import { textReply, type RecordedRequest } from '../mock/server';
import { useE2eSession } from './fixture';

const KEY = 'sk-ant-e2e-restricted-0123456789';
const WORKSPACE_MODEL = 'claude-opus-4-1-20250805';

interface SentBody {
  model: string;
  max_tokens: number;
  thinking?: unknown;
}

describe('Restricted Mode', function () {
  this.timeout(180_000);
  const session = useE2eSession({
    workspaceTrust: true,
    workspaceFiles: {
      '.vscode/settings.json': JSON.stringify({
        'claudeAssistant.model': WORKSPACE_MODEL,
        'claudeAssistant.maxTokens': 32000,
        'claudeAssistant.thinking.enabled': true,
        'claudeAssistant.thinking.budgetTokens': 16000,
        'claudeAssistant.maxRetries': 10,
      }, null, 2),
    },
  });

  function lastMessagesRequest(): RecordedRequest {
    const request = session().mock.requests.filter((r) => r.path === '/v1/messages').at(-1);
    assert.ok(request, 'a request reached the mock');
    return request;
  }

  it('ignores the workspace\'s model, token and thinking settings until the folder is trusted', async () => {
    const s = session();
    await s.workbench.answerTrustDialog(false);
    await s.workbench.page.getByRole('button', { name: /Restricted Mode/ }).first().waitFor({ timeout: 30_000 });
    await s.setApiKey(KEY);
    await s.openChat();

    s.mock.enqueue({ reply: textReply('Untrusted reply.') });
    await s.send('Hello from Restricted Mode');
    await s.waitForTranscript('Untrusted reply.');
    const untrusted = lastMessagesRequest().body as SentBody;
    assert.notStrictEqual(untrusted.model, WORKSPACE_MODEL);
    assert.strictEqual(untrusted.max_tokens, 8192);
    assert.strictEqual(untrusted.thinking, undefined);
    await s.workbench.screenshot('restricted-1-untrusted');

    // Trust the folder through the Workspace Trust editor, as a person does.
    await s.runCommand('Workspaces: Manage Workspace Trust');
    await s.workbench.page.getByRole('button', { name: 'Trust', exact: true }).click();
    await s.workbench.page.getByRole('button', { name: /Restricted Mode/ }).waitFor({ state: 'detached', timeout: 30_000 });

    await s.openChat();
    // Trust reaches the extension host a moment after the editor says so; the header naming the
    // workspace's model shows it arrived, and only then is this a message sent in a trusted folder.
    await s.chat().getByText(/Claude Opus 4\.1/).first().waitFor({ timeout: 30_000 });
    s.mock.enqueue({ reply: textReply('Trusted reply.') });
    await s.send('Hello, trusted');
    await s.waitForTranscript('Hello, trusted');
    await s.waitForTranscript('Trusted reply.');
    const trusted = lastMessagesRequest().body as SentBody;
    assert.strictEqual(trusted.model, WORKSPACE_MODEL);
    assert.notStrictEqual(trusted.thinking, undefined);
    await s.workbench.screenshot('restricted-2-trusted');
  });
});
