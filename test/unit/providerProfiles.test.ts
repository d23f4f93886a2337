// Every preset against the mock in strict emulation of its provider, over loopback HTTP.
import * as assert from 'assert';
import { MessagesClient } from '../../src/api/messagesClient';
import { buildMessagesRequest } from '../../src/api/messagesRequest';
import { probeConnection } from '../../src/api/providerProbe';
import type { AuthHeaderStyle } from '../../src/auth/credentials';
import { buildRequestContext, summarise } from '../../src/providers/requestContext';
import type { Settings } from '../../src/config';
import { directSettings } from './loopbackClient';
import { settingsFor } from './settingsFixture';
import { PRESETS, resolveProfiles } from '../../src/providers/profiles';
import { MockMessagesServer, textReply, type ProviderId } from '../mock/server';

const KEY = 'sk-provider-test';
const quiet = { info: () => undefined, warn: () => undefined };
const direct = directSettings({ maxRetries: 0 });

/** Which emulation stands for which preset. */
const EMULATION: Record<string, ProviderId> = { anthropic: 'anthropic', starmagic: 'starmagic', magickapi: 'magickapi', apimart: 'apimart', qingbo: 'qingbo', gateway: 'generic' };

describe('provider presets against strict emulation', function () {
  this.timeout(15_000);
  let server: MockMessagesServer;
  let client: MessagesClient;

  before(async () => {
    server = await MockMessagesServer.start({ strict: true, apiKey: KEY });
    client = new MessagesClient(quiet, direct);
  });
  after(async () => {
    await client.close();
    await server.close();
  });

  for (const [presetId, emulation] of Object.entries(EMULATION)) {
    describe(presetId, () => {
      const preset = PRESETS.find((profile) => profile.id === presetId)!;
      // Presets whose documentation states no base URL or header form get them as a user would:
      // the URL typed in, the header form found by Test Connection.
      const detected = (): Settings => settingsFor(presetId, {
        baseUrl: server.url,
        model: preset.defaultModel ?? 'claude-3-opus-20240229',
      });

      beforeEach(() => {
        server.reset();
        server.configure({ provider: emulation, strict: true, apiKey: KEY });
      });

      it('Test Connection finds a header form the provider accepts', async () => {
        const settings = detected();
        const report = await probeConnection(client.dispatcher, {
          endpoint: { baseUrl: server.url, anthropicVersion: preset.anthropicVersion ?? '' },
          key: KEY, headerStyle: preset.authHeader, model: settings.model!, idleTimeoutMs: 2000,
        });
        assert.ok(report.workingStyle, JSON.stringify(report.attempts));
        if (preset.authHeader) assert.strictEqual(report.workingStyle, preset.authHeader);
        assert.ok(report.models && report.models.length > 0, 'GET /v1/models answered');
      });

      it('streams a reply with exactly the headers the profile demands', async () => {
        const settings = detected();
        const style: AuthHeaderStyle = preset.authHeader ?? 'x-api-key';
        const context = buildRequestContext({ ...settings, profiles: [{ id: presetId, authHeader: style }] }, KEY, {});
        server.enqueue({ reply: textReply('ok') });
        const result = await client.streamMessage(buildMessagesRequest(context.endpoint, context.credentials!, { model: context.model, max_tokens: 16, stream: true, messages: [{ role: 'user', content: 'hi' }] }));
        assert.strictEqual(result.status, 200);
        const headers = server.requests[0].headers;
        assert.strictEqual(headers['x-api-key'] !== undefined, style !== 'bearer', 'x-api-key only where the profile sends it');
        assert.strictEqual(headers['authorization'] !== undefined, style !== 'x-api-key', 'Authorization only where the profile sends it');
        assert.strictEqual(headers['anthropic-version'], preset.anthropicVersion);
      });

      if (preset.authHeader === 'x-api-key' || (preset.authHeader === 'bearer' && emulation === 'starmagic')) {
        it('gets the provider\'s 401 for the wrong header form', async () => {
          const wrong: AuthHeaderStyle = preset.authHeader === 'bearer' ? 'x-api-key' : 'bearer';
          const context = buildRequestContext({ ...detected(), authHeader: wrong }, KEY, {});
          await assert.rejects(
            client.streamMessage(buildMessagesRequest(context.endpoint, context.credentials!, { model: context.model, max_tokens: 16, stream: true, messages: [{ role: 'user', content: 'hi' }] })),
            (error: Error & { status?: number; errorType?: string }) => error.status === 401 && error.errorType === 'authentication_error',
          );
        });
      }
    });
  }

  it('switches to the header form that works when the configured one is refused', async () => {
    server.configure({ provider: 'anthropic', strict: true, apiKey: KEY });
    const report = await probeConnection(client.dispatcher, {
      endpoint: { baseUrl: server.url, anthropicVersion: '2023-06-01' }, key: KEY, headerStyle: 'bearer', model: 'claude-haiku-4-5', idleTimeoutMs: 2000,
    });
    assert.deepStrictEqual(report.attempts.map((a) => [a.headerStyle, a.status]), [['bearer', 401], ['x-api-key', 200]]);
    assert.strictEqual(report.workingStyle, 'x-api-key');
    assert.strictEqual(report.modelListed, true);
  });
});

describe('resolveProfiles', () => {
  it('has every preset, with nothing invented where a document is silent', () => {
    const byId = new Map(PRESETS.map((profile) => [profile.id, profile]));
    assert.deepStrictEqual([...byId.keys()], ['anthropic', 'starmagic', 'magickapi', 'apimart', 'qingbo', 'gateway', 'custom']);
    assert.deepStrictEqual([byId.get('anthropic')!.baseUrl, byId.get('anthropic')!.authHeader, byId.get('anthropic')!.anthropicVersion], ['https://api.anthropic.com', 'x-api-key', '2023-06-01']);
    assert.deepStrictEqual([byId.get('starmagic')!.authHeader, byId.get('starmagic')!.anthropicVersion], ['bearer', undefined]);
    for (const id of ['apimart', 'qingbo']) assert.deepStrictEqual([byId.get(id)!.baseUrl, byId.get(id)!.authHeader], [undefined, undefined], id);
    assert.ok(byId.get('qingbo')!.models.every((model) => /\d\.\d/.test(model)), 'Qingbo ids are dotted');
    assert.ok(byId.get('apimart')!.models.some((model) => model.endsWith('-thinking')));
  });

  it('lets settings override a preset by id and add profiles of their own', () => {
    const entries = [
      { id: 'apimart', baseUrl: 'https://api.apimart.example', authHeader: 'bearer' },
      { id: 'team', name: 'Team gateway', baseUrl: 'https://llm.team.example', authHeader: 'both', extraHeaders: { 'X-Team': 'blue' }, betas: ['context-1m-2025-08-07'], models: ['claude-sonnet-4-5'], defaultModel: 'claude-sonnet-4-5' },
    ];
    const { profiles, problems } = resolveProfiles(entries);
    assert.deepStrictEqual(problems, []);
    const apimart = profiles.find((p) => p.id === 'apimart')!;
    assert.deepStrictEqual([apimart.baseUrl, apimart.authHeader, apimart.preset], ['https://api.apimart.example', 'bearer', true]);
    const team = profiles.find((p) => p.id === 'team')!;
    assert.deepStrictEqual([team.name, team.preset, team.extraHeaders, team.betas], ['Team gateway', false, { 'x-team': 'blue' }, ['context-1m-2025-08-07']]);
    const context = buildRequestContext(settingsFor('team', { profiles: entries }), 'k', {});
    const request = buildMessagesRequest(context.endpoint, context.credentials!, { model: context.model, max_tokens: 1, messages: [] });
    assert.deepStrictEqual(request.headers, {
      'x-team': 'blue', 'content-type': 'application/json', 'x-api-key': 'k', authorization: 'Bearer k',
      'anthropic-version': '2023-06-01', 'anthropic-beta': 'context-1m-2025-08-07',
    });
  });

  it('ignores entries it cannot use, and headers the client owns, saying why', () => {
    const { profiles, problems } = resolveProfiles([{ name: 'no id' }, { id: 'x', authHeader: 'cookie', extraHeaders: { Authorization: 'Bearer other', 'Bad Header': 'v', 'x-ok': 'line\nbreak' } }]);
    assert.strictEqual(problems.length, 5);
    assert.deepStrictEqual(profiles.find((p) => p.id === 'x')!.extraHeaders, {});
  });
});

describe('buildRequestContext with profiles', () => {
  it('asks for a base URL where the documentation states none', () => {
    assert.throws(() => buildRequestContext(settingsFor('qingbo'), 'k', {}), /no base URL/);
  });

  it('learns the header form where the documentation does not say, and sends what was learned after', () => {
    const settings = settingsFor('qingbo', { baseUrl: 'https://q.example' });
    const first = buildRequestContext(settings, 'k', {});
    assert.deepStrictEqual([first.credentials?.headerStyle, first.headerLearning?.alternative], ['x-api-key', 'bearer']);
    const facts = { baseUrl: 'https://q.example', headerForm: { value: 'bearer' as const, learnedAt: 0, evidence: 'HTTP 200' } };
    const later = buildRequestContext(settings, 'k', {}, undefined, { facts });
    assert.deepStrictEqual([later.credentials?.headerStyle, later.headerLearning], ['bearer', undefined]);
    // The Anthropic preset keeps x-api-key only: nothing is learned there.
    assert.strictEqual(buildRequestContext(settingsFor('anthropic'), 'k', {}, undefined, { facts }).credentials?.headerStyle, 'x-api-key');
    assert.strictEqual(buildRequestContext(settingsFor('anthropic'), 'k', {}).headerLearning, undefined);
  });

  it('sends ANTHROPIC_AUTH_TOKEN as a bearer token, with nothing to learn, where the profile opted in', () => {
    const context = buildRequestContext(settingsFor('qingbo', { baseUrl: 'https://q.example', profiles: [{ id: 'qingbo', useEnvironmentKey: true }] }), undefined, { ANTHROPIC_AUTH_TOKEN: 't' });
    assert.deepStrictEqual([context.credentials?.headerStyle, context.credentials?.source, context.headerLearning], ['bearer', 'ANTHROPIC_AUTH_TOKEN', undefined]);
  });

  it('keeps the environment\'s keys for the Anthropic profile and profiles that opted in', () => {
    const env = { ANTHROPIC_API_KEY: 'sk-ant-env', ANTHROPIC_AUTH_TOKEN: 'tok' };
    assert.strictEqual(buildRequestContext(settingsFor('anthropic'), undefined, env).credentials?.source, 'ANTHROPIC_API_KEY');
    assert.strictEqual(buildRequestContext(settingsFor('starmagic'), undefined, env).credentials, undefined);
    assert.strictEqual(buildRequestContext(settingsFor('starmagic', { profiles: [{ id: 'starmagic', useEnvironmentKey: true }] }), undefined, env).credentials?.key, 'sk-ant-env');
    assert.strictEqual(summarise(settingsFor('starmagic'), undefined, env).hasCredentials, false);
    assert.strictEqual(summarise(settingsFor('starmagic'), 'own', env).credentialSource, 'SecretStorage');
  });

  it('uses ANTHROPIC_BASE_URL for the Anthropic profile only, never over a URL the user chose', () => {
    const env = { ANTHROPIC_BASE_URL: 'https://proxy.example', ANTHROPIC_API_KEY: 'k' };
    assert.strictEqual(buildRequestContext(settingsFor('anthropic'), undefined, env).endpoint.baseUrl, 'https://proxy.example');
    assert.strictEqual(buildRequestContext(settingsFor('starmagic'), undefined, env).endpoint.baseUrl, 'https://api.starmagic.ai');
    assert.strictEqual(buildRequestContext(settingsFor('anthropic', { baseUrl: 'https://mine.example' }), undefined, env).endpoint.baseUrl, 'https://mine.example');
    // A gateway with no URL of its own does not borrow the environment's: its key would go there.
    assert.throws(() => buildRequestContext(settingsFor('gateway'), 'gateway-key', env), /no base URL/);
    assert.throws(() => buildRequestContext(settingsFor('gateway', { profiles: [{ id: 'gateway', useEnvironmentKey: true }] }), 'gateway-key', env), /no base URL/);
  });

  it('applies the user\'s model overrides', () => {
    const context = buildRequestContext(settingsFor('anthropic', { model: 'house-model', modelOverrides: { 'house-model': { contextWindow: 50_000, prices: { input: 1, output: 2 } } } }), 'k', {});
    assert.deepStrictEqual([context.modelInfo.contextWindow, context.modelInfo.prices?.input, context.modelInfo.prices?.cacheRead], [50_000, 1, 0.1]);
  });
});
