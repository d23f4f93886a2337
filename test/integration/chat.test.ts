// A whole turn inside the real extension host: settings, SecretStorage, undici, the mock provider.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { turnText } from '../../src/webview/protocol';
import { textReply } from '../mock/server';
import { activateApi, claudeSettings as config, mockProviderForSuite } from './mockProvider';

const KEY = 'sk-ant-integration-key';

describe('chat inside the extension host', function () {
  this.timeout(30_000);
  const server = mockProviderForSuite({ key: KEY, alsoReset: ['authHeader'] });
  let api: TestApi;

  before(async () => {
    api = await activateApi();
  });

  beforeEach(() => {
    api.session.startNew();
  });

  it('opens the chat view', async () => {
    await vscode.commands.executeCommand('claudeAssistant.openChat');
  });

  it('streams a reply from the configured provider with the stored key', async () => {
    server.enqueue({ reply: textReply('Integration reply, streamed.', { chunkSize: 4 }) });
    await api.session.send('What does this function do?');
    const [question, reply] = api.session.transcript;
    assert.strictEqual(turnText(question), 'What does this function do?');
    assert.deepStrictEqual([reply.role, turnText(reply), reply.status], ['assistant', 'Integration reply, streamed.', 'done']);
    const recorded = server.messageRequests()[0];
    assert.strictEqual(recorded.path, '/v1/messages');
    assert.strictEqual(recorded.headers['x-api-key'], KEY);
    assert.strictEqual(recorded.headers['anthropic-version'], '2023-06-01');
    // Server-side context management, which the default model takes, has tests of its own.
    const { tools, system, context_management: _management, ...body } = recorded.body as { model: string; max_tokens: number; stream: boolean; messages: unknown[]; tools?: Array<{ name: string }>; system?: string; context_management?: unknown };
    // The text editor tool goes with every request in a trusted workspace, and with it the system prompt.
    assert.deepStrictEqual(tools?.map((tool) => tool.name), ['str_replace_based_edit_tool', 'bash']);
    assert.match(system ?? '', /str_replace_based_edit_tool/);
    assert.deepStrictEqual(body, {
      model: (await api.connection.requestContext()).model,
      max_tokens: config().get('maxTokens'),
      messages: [{ role: 'user', content: 'What does this function do?' }],
      stream: true,
    });
  });

  it('follows setting changes on the next request', async () => {
    await config().update('authHeader', 'bearer', vscode.ConfigurationTarget.Global);
    try {
      await api.session.send('hello');
      assert.strictEqual(server.messageRequests()[0].headers['authorization'], `Bearer ${KEY}`);
      assert.strictEqual(server.messageRequests()[0].headers['x-api-key'], undefined);
    } finally {
      await config().update('authHeader', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('shows the provider\'s message when the request fails', async () => {
    server.enqueue({ fault: { kind: 'httpError', status: 401, message: 'invalid x-api-key' } });
    await api.session.send('hello');
    const reply = api.session.transcript[1];
    assert.strictEqual(reply.status, 'error');
    assert.match(reply.error?.title ?? '', /401/);
    assert.match(reply.error?.detail ?? '', /invalid x-api-key/);
    assert.deepStrictEqual(reply.error?.actions, ['setApiKey', 'testConnection', 'openSettings']);
  });

  it('stops through the Stop command, keeping the partial reply', async () => {
    server.enqueue({ reply: textReply('word '.repeat(200), { chunkSize: 5 }), fault: { kind: 'slowChunks', delayMs: 20 } });
    const sending = api.session.send('long answer please');
    while (!(api.session.transcript[1] && turnText(api.session.transcript[1]).length > 0)) await new Promise((r) => setTimeout(r, 10));
    await vscode.commands.executeCommand('claudeAssistant.stop');
    await sending;
    const reply = api.session.transcript[1];
    assert.strictEqual(reply.status, 'stopped');
    const kept = turnText(reply).length;
    assert.ok(kept > 0 && kept < 1000, `kept ${kept} characters`);
  });

  it('falls back to ANTHROPIC_AUTH_TOKEN, sent as a bearer token, when no key is stored', async () => {
    await api.keyStore.clear();
    process.env.ANTHROPIC_AUTH_TOKEN = 'env-token';
    try {
      await api.session.send('hello');
      assert.strictEqual(server.messageRequests()[0].headers['authorization'], 'Bearer env-token');
    } finally {
      delete process.env.ANTHROPIC_AUTH_TOKEN;
      await api.keyStore.set(KEY);
    }
  });

  it('asks for a key, sending nothing, when there is none', async () => {
    await api.keyStore.clear();
    const saved = { key: process.env.ANTHROPIC_API_KEY, token: process.env.ANTHROPIC_AUTH_TOKEN };
    delete process.env.ANTHROPIC_API_KEY;
    delete process.env.ANTHROPIC_AUTH_TOKEN;
    try {
      await api.session.send('hello');
      assert.strictEqual(server.messageRequests().length, 0);
      assert.deepStrictEqual(api.session.transcript[1].error?.actions, ['setApiKey']);
    } finally {
      if (saved.key !== undefined) process.env.ANTHROPIC_API_KEY = saved.key;
      if (saved.token !== undefined) process.env.ANTHROPIC_AUTH_TOKEN = saved.token;
      await api.keyStore.set(KEY);
    }
  });
});
