import * as assert from 'assert';
import { checkBaseUrl, resolveCredentials } from '../../src/auth/credentials';
import { apiUrl, authHeaders, buildMessagesRequest } from '../../src/api/messagesRequest';

describe('resolveCredentials', () => {
  it('prefers the stored key, sent the configured way', () => {
    const result = resolveCredentials({ storedKey: ' sk-stored ', env: { ANTHROPIC_API_KEY: 'sk-env', ANTHROPIC_AUTH_TOKEN: 'tok' }, headerStyle: 'bearer', environmentAllowed: true });
    assert.deepStrictEqual(result, { key: 'sk-stored', headerStyle: 'bearer', source: 'SecretStorage' });
  });

  it('falls back to ANTHROPIC_API_KEY, then ANTHROPIC_AUTH_TOKEN as a bearer token', () => {
    assert.deepStrictEqual(resolveCredentials({ storedKey: undefined, env: { ANTHROPIC_API_KEY: 'sk-env' }, headerStyle: 'x-api-key', environmentAllowed: true }), { key: 'sk-env', headerStyle: 'x-api-key', source: 'ANTHROPIC_API_KEY' });
    assert.deepStrictEqual(resolveCredentials({ storedKey: '', env: { ANTHROPIC_AUTH_TOKEN: 'tok' }, headerStyle: 'x-api-key', environmentAllowed: true }), { key: 'tok', headerStyle: 'bearer', source: 'ANTHROPIC_AUTH_TOKEN' });
  });

  it('keeps the environment\'s keys from profiles that did not opt in, but not their own stored key', () => {
    const env = { ANTHROPIC_API_KEY: 'sk-env', ANTHROPIC_AUTH_TOKEN: 'tok' };
    assert.strictEqual(resolveCredentials({ storedKey: undefined, env, headerStyle: 'bearer', environmentAllowed: false }), undefined);
    assert.deepStrictEqual(resolveCredentials({ storedKey: 'sk-own', env, headerStyle: 'bearer', environmentAllowed: false }), { key: 'sk-own', headerStyle: 'bearer', source: 'SecretStorage' });
  });

  it('finds nothing when nothing is set or values are blank', () => {
    assert.strictEqual(resolveCredentials({ storedKey: '  ', env: { ANTHROPIC_API_KEY: ' ' }, headerStyle: 'x-api-key', environmentAllowed: true }), undefined);
  });
});

describe('checkBaseUrl', () => {
  it('refuses URLs that are not http(s) or that carry credentials', () => {
    assert.strictEqual(checkBaseUrl('https://api.anthropic.com'), undefined);
    assert.match(checkBaseUrl('ftp://x') ?? '', /https:\/\//);
    assert.match(checkBaseUrl('not a url') ?? '', /not a valid URL/);
    assert.match(checkBaseUrl('https://user:pw@x.example') ?? '', /user name or password/);
  });
});

describe('buildMessagesRequest', () => {
  const body = { model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user' as const, content: 'hi' }], stream: true };

  it('joins paths whatever the base URL ends with', () => {
    for (const base of ['https://gw.example', 'https://gw.example/', 'https://gw.example/v1', 'https://gw.example/v1/']) {
      assert.strictEqual(apiUrl(base, '/v1/messages'), 'https://gw.example/v1/messages');
    }
    assert.strictEqual(apiUrl('https://gw.example/claude', '/v1/messages'), 'https://gw.example/claude/v1/messages');
  });

  it('sends exactly the headers asked for, the key in one header unless "both"', () => {
    const request = buildMessagesRequest({ baseUrl: 'https://api.anthropic.com', anthropicVersion: '2023-06-01' }, { key: 'k', headerStyle: 'x-api-key', source: 'SecretStorage' }, body);
    assert.deepStrictEqual(request.headers, { 'content-type': 'application/json', 'x-api-key': 'k', 'anthropic-version': '2023-06-01', accept: 'text/event-stream' });
    assert.strictEqual(request.url, 'https://api.anthropic.com/v1/messages');
    assert.deepStrictEqual(JSON.parse(request.body), body);
    assert.deepStrictEqual(authHeaders({ key: 'k', headerStyle: 'bearer', source: 'SecretStorage' }), { authorization: 'Bearer k' });
    assert.deepStrictEqual(authHeaders({ key: 'k', headerStyle: 'both', source: 'SecretStorage' }), { 'x-api-key': 'k', authorization: 'Bearer k' });
  });

  it('leaves anthropic-version out when it is blank', () => {
    const request = buildMessagesRequest({ baseUrl: 'https://gw.example', anthropicVersion: '' }, { key: 'k', headerStyle: 'bearer', source: 'SecretStorage' }, body);
    assert.ok(!('anthropic-version' in request.headers));
  });
});
