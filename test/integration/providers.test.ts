// Provider profiles inside the real extension host: settings, per-profile keys, the client.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { textReply } from '../mock/server';
import { activateApi, claudeSettings as config, mockProviderForSuite } from './mockProvider';

const KEY = 'sk-integration-profile-key';

describe('provider profiles inside the extension host', function () {
  this.timeout(30_000);
  // The tests store and clear the keys themselves.
  const server = mockProviderForSuite({ server: { strict: true, apiKey: KEY }, alsoReset: ['profile', 'profiles', 'model'] });
  let api: TestApi;
  const setting = (key: string, value: unknown) => config().update(key, value, vscode.ConfigurationTarget.Global);

  before(async () => {
    api = await activateApi();
  });

  it('keeps one key per profile and sends it the way the profile says', async () => {
    await setting('profile', 'starmagic');
    server.configure({ provider: 'starmagic', strict: true, apiKey: KEY });
    await api.keyStore.set(KEY);
    await setting('profile', 'anthropic');
    assert.strictEqual(await api.keyStore.get(), undefined, 'the Anthropic profile has no key of its own');
    await setting('profile', 'starmagic');
    assert.strictEqual(await api.keyStore.get(), KEY);

    const context = await api.connection.requestContext();
    assert.deepStrictEqual([context.credentials?.headerStyle, context.endpoint.anthropicVersion, context.model], ['bearer', '', 'claude-sonnet-4-6']);
    server.enqueue({ reply: textReply('from StarMagic') });
    const result = await api.connection.streamMessage(
      { url: `${server.url}/v1/messages`, headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` }, body: JSON.stringify({ model: context.model, max_tokens: 16, stream: true, messages: [{ role: 'user', content: 'hi' }] }) },
      {},
    );
    assert.strictEqual(result.status, 200);
    await api.keyStore.clear();
  });

  it('follows a profile defined in settings, with its extra headers and beta flags', async () => {
    server.configure({ provider: 'generic', strict: true, apiKey: KEY });
    await setting('profiles', [{ id: 'team', name: 'Team', authHeader: 'bearer', extraHeaders: { 'X-Team': 'blue' }, betas: ['context-1m-2025-08-07'], defaultModel: 'claude-sonnet-4-5' }]);
    await setting('profile', 'team');
    await api.keyStore.set(KEY);
    const summary = await api.connection.summary();
    assert.deepStrictEqual([summary.profile, summary.model, summary.hasCredentials], ['Team', 'claude-sonnet-4-5', true]);
    const context = await api.connection.requestContext();
    assert.deepStrictEqual(context.endpoint.extraHeaders, { 'x-team': 'blue' });
    assert.deepStrictEqual(context.endpoint.betas, ['context-1m-2025-08-07']);
    await api.keyStore.clear();
  });

  it('rebuilds the client when network settings change', async () => {
    await setting('profile', 'anthropic');
    server.configure({ provider: 'anthropic', strict: false, apiKey: undefined });
    const first = (await api.connection.bundle()).client;
    await setting('maxRetries', 0);
    const second = (await api.connection.bundle()).client;
    assert.notStrictEqual(first, second);
    assert.strictEqual(second.settings.maxRetries, 0);
    await setting('maxRetries', undefined);
  });
});
