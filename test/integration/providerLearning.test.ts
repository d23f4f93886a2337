// The seed providers as a new user meets them, in the real extension host against the mock's strict
// emulation: no Test Connection, the header form learned from the first answer, environment keys
// kept to the Anthropic profile, models read from the provider's own list.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { turnText } from '../../src/webview/protocol';
import type { ProviderId } from '../mock/providers';
import { MockMessagesServer, textReply, type RecordedRequest } from '../mock/server';
import { logText } from './logText';

const KEY = 'sk-learning-key';
const ENV_KEY = 'sk-ant-from-the-environment';

function form(request: RecordedRequest): string {
  const { 'x-api-key': xApiKey, authorization } = request.headers;
  return xApiKey && authorization ? 'both' : xApiKey ? 'x-api-key' : authorization ? 'bearer' : 'none';
}

describe('providers learn themselves', function () {
  this.timeout(30_000);
  let api: TestApi;
  let server: MockMessagesServer;
  let other: MockMessagesServer;
  const config = () => vscode.workspace.getConfiguration('claudeAssistant');
  const setting = (key: string, value: unknown) => config().update(key, value, vscode.ConfigurationTarget.Global);
  const messages = (mock = server) => mock.requests.filter((request) => request.path === '/v1/messages');
  const savedEnv = { ...process.env };

  before(async () => {
    server = await MockMessagesServer.start({ strict: true, apiKey: KEY });
    other = await MockMessagesServer.start({ strict: true, apiKey: KEY });
    api = (await vscode.extensions.getExtension<TestApi>('claude-assistant.claude-assistant')!.activate())!;
    for (const name of ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'ANTHROPIC_BASE_URL']) delete process.env[name];
  });

  after(async () => {
    for (const key of ['profile', 'profiles', 'model', 'thinking.enabled', 'thinking.effort']) await setting(key, undefined);
    Object.assign(process.env, savedEnv);
    await server.close();
    await other.close();
  });

  /** A preset picked and given its base URL and key, as a user does; nothing learned yet. */
  async function useProfile(id: string, baseUrl = server.url, extra: Record<string, unknown> = {}): Promise<void> {
    await setting('profiles', [{ id, baseUrl, ...extra }]);
    await setting('profile', id);
    await api.connection.learned.forget(id);
    await api.keyStore.set(KEY);
  }

  beforeEach(() => {
    server.reset();
    other.reset();
    api.session.startNew();
  });

  afterEach(async () => {
    for (const id of ['anthropic', 'starmagic', 'apimart', 'qingbo', 'gateway']) {
      await api.connection.keyStore.clear(id);
      await api.connection.learned.forget(id);
    }
    for (const key of ['profiles', 'model', 'thinking.enabled', 'thinking.effort']) await setting(key, undefined);
    for (const name of ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'ANTHROPIC_BASE_URL']) delete process.env[name];
  });

  for (const [preset, demanded] of [['apimart', 'bearer'], ['apimart', 'x-api-key'], ['qingbo', 'bearer'], ['qingbo', 'x-api-key']] as const) {
    it(`${preset} answers the first message when it takes only ${demanded}, and the second sends only that`, async () => {
      server.configure({ provider: preset, strict: true, apiKey: KEY, demandAuth: demanded });
      await useProfile(preset);
      server.enqueue({ reply: textReply('first answer') });

      await api.session.send('hello');
      const reply = api.session.transcript[1];
      assert.deepStrictEqual([reply.status, turnText(reply)], ['done', 'first answer'], JSON.stringify(reply.error));
      const label = demanded === 'bearer' ? 'Authorization: Bearer' : 'x-api-key';
      assert.strictEqual(reply.notice, `${preset === 'apimart' ? 'APIMart' : 'Qingbo'} took the key as ${label}; remembered for this profile.`);
      assert.deepStrictEqual(messages().map(form), demanded === 'bearer' ? ['x-api-key', 'bearer'] : ['x-api-key']);
      assert.strictEqual(api.connection.learnedFacts()?.headerForm?.value, demanded);
      assert.match(api.connection.learnedFacts()?.headerForm?.evidence ?? '', /HTTP 200 to POST \/v1\/messages/);
      assert.deepStrictEqual(config().get('profiles'), [{ id: preset, baseUrl: server.url }], 'kept in global state, not in settings');

      server.reset();
      server.enqueue({ reply: textReply('second answer') });
      await api.session.send('again');
      assert.strictEqual(turnText(api.session.transcript[3]), 'second answer');
      assert.deepStrictEqual(messages().map(form), [demanded], 'only the learned form is sent');
      assert.strictEqual(api.session.transcript[3].notice, undefined);
    });
  }

  // The five provider documents, each as the mock emulates it, behind the preset that follows it.
  const seeds: ReadonlyArray<[preset: string, mock: ProviderId]> = [['starmagic', 'starmagic'], ['magickapi', 'magickapi'], ['apimart', 'apimart'], ['qingbo', 'qingbo'], ['gateway', 'generic']];
  for (const [preset, mock] of seeds) {
    it(`${preset} answers the first message with nothing but its base URL and key`, async () => {
      server.configure({ provider: mock, strict: true, apiKey: KEY, demandAuth: 'bearer' });
      await useProfile(preset);
      server.enqueue({ reply: textReply(`${preset} answers`) });
      await api.session.send('hello');
      const reply = api.session.transcript[1];
      assert.deepStrictEqual([reply.status, turnText(reply)], ['done', `${preset} answers`], JSON.stringify(reply.error));
      const { model } = messages().at(-1)!.body as { model: string };
      assert.notStrictEqual(api.connection.modelInfo(model).lifecycle, 'retired', model);
    });
  }

  it('asks for a missing base URL when a message is sent, never to count the context, and then sends it', async () => {
    server.configure({ provider: 'apimart', strict: true, apiKey: KEY, demandAuth: 'bearer' });
    await setting('profile', 'apimart');
    await api.keyStore.set(KEY);
    const asked: string[] = [];
    let answer: string | undefined;
    const ask = api.connection.askBaseUrl;
    // Stands in for the input box (the extension host cannot type into it): cancelled, then answered
    // as the box does, into the user's profiles.
    api.connection.askBaseUrl = async (profile) => {
      asked.push(profile.id);
      if (!answer) return false;
      await setting('profiles', [{ id: profile.id, baseUrl: answer }]);
      return true;
    };
    const skipped = async () => (await logText(api)).split('Context count skipped: The APIMart profile has no base URL').length - 1;
    try {
      const before = await skipped();
      api.session.startNew();
      await api.session.send('hello');
      assert.match(api.session.transcript[1].error?.detail ?? '', /APIMart profile has no base URL/);
      // The new chat and the failed turn are each followed by a count of the context: neither asks.
      await waitForAsync(async () => (await skipped()) >= before + 2);
      assert.deepStrictEqual(asked, ['apimart'], 'asked once, by the message');

      answer = server.url;
      api.session.startNew();
      server.enqueue({ reply: textReply('asked and answered') });
      await api.session.send('hello again');
      assert.strictEqual(turnText(api.session.transcript[1]), 'asked and answered', JSON.stringify(api.session.transcript[1].error));
      assert.deepStrictEqual(asked, ['apimart', 'apimart']);
      assert.deepStrictEqual(config().get('profiles'), [{ id: 'apimart', baseUrl: server.url }]);
      assert.strictEqual(messages().length, 2, 'the first form refused, the second answered');
    } finally {
      api.connection.askBaseUrl = ask;
    }
  });

  it('keeps what one profile learned from every other profile, and forgets it when the base URL changes', async () => {
    server.configure({ provider: 'apimart', strict: true, apiKey: KEY, demandAuth: 'bearer' });
    await useProfile('apimart');
    await api.session.send('hello');
    assert.strictEqual(api.connection.learnedFacts()?.headerForm?.value, 'bearer');

    await setting('profile', 'qingbo');
    await setting('profiles', [{ id: 'apimart', baseUrl: server.url }, { id: 'qingbo', baseUrl: server.url }]);
    assert.strictEqual(api.connection.learnedFacts(), undefined, 'Qingbo learned nothing from APIMart');

    // APIMart moves to another host that takes x-api-key: what the old one taught is dropped.
    other.configure({ provider: 'apimart', strict: true, apiKey: KEY, demandAuth: 'x-api-key' });
    await setting('profile', 'apimart');
    await setting('profiles', [{ id: 'apimart', baseUrl: other.url }]);
    await waitFor(() => api.connection.learned.all().apimart === undefined);
    await api.keyStore.set(KEY);
    api.session.startNew();
    await api.session.send('hello again');
    assert.strictEqual(api.session.transcript[1].status, 'done', JSON.stringify(api.session.transcript[1].error));
    assert.deepStrictEqual(messages(other).map(form), ['x-api-key']);
    assert.strictEqual(api.connection.learnedFacts()?.headerForm?.value, 'x-api-key');
  });

  it('says both forms were refused, and offers Set API Key, when the key is wrong', async () => {
    server.configure({ provider: 'qingbo', strict: true, apiKey: 'sk-another-key', demandAuth: 'bearer' });
    await useProfile('qingbo');
    await api.session.send('hello');
    const reply = api.session.transcript[1];
    assert.strictEqual(reply.status, 'error');
    assert.match(reply.error?.detail ?? '', /x-api-key \(HTTP 401\).*Authorization: Bearer \(HTTP 401\)/);
    assert.deepStrictEqual(reply.error?.actions, ['setApiKey', 'testConnection']);
    assert.strictEqual(api.connection.learnedFacts(), undefined);
  });

  it('sends the Anthropic key from the environment to no profile but Anthropic\'s', async () => {
    process.env.ANTHROPIC_API_KEY = ENV_KEY;
    server.configure({ provider: 'starmagic', strict: true, apiKey: ENV_KEY });
    await setting('profiles', [{ id: 'starmagic', baseUrl: server.url }]);
    await setting('profile', 'starmagic');
    await api.keyStore.clear();
    const summary = await api.connection.summary();
    assert.deepStrictEqual([summary.hasCredentials, summary.credentialSource], [false, undefined]);
    await api.session.send('hello');
    assert.deepStrictEqual(api.session.transcript[1].error?.actions, ['setApiKey']);
    assert.strictEqual(server.requests.length, 0, 'nothing reached StarMagic');

    // Opting in on the profile lets it use the key, and the header names the source exactly.
    await setting('profiles', [{ id: 'starmagic', baseUrl: server.url, useEnvironmentKey: true }]);
    assert.strictEqual((await api.connection.summary()).credentialSource, 'ANTHROPIC_API_KEY');
    api.session.startNew();
    await api.session.send('hello');
    assert.strictEqual(api.session.transcript[1].status, 'done', JSON.stringify(api.session.transcript[1].error));
    assert.strictEqual(messages()[0].headers['authorization'], `Bearer ${ENV_KEY}`);
  });

  it('lets ANTHROPIC_BASE_URL redirect the Anthropic profile, and never sends a gateway\'s key there', async () => {
    process.env.ANTHROPIC_BASE_URL = other.url;
    process.env.ANTHROPIC_API_KEY = KEY;
    other.configure({ provider: 'anthropic', strict: true, apiKey: KEY, demandAuth: undefined });
    await setting('profile', 'anthropic');
    await api.keyStore.clear();
    assert.strictEqual((await api.connection.summary()).credentialSource, 'ANTHROPIC_API_KEY');
    await api.session.send('hello');
    assert.strictEqual(api.session.transcript[1].status, 'done', JSON.stringify(api.session.transcript[1].error));
    assert.strictEqual(messages(other)[0].headers['x-api-key'], KEY);

    // The gateway preset has no base URL of its own: it does not borrow ANTHROPIC_BASE_URL.
    other.reset();
    await setting('profile', 'gateway');
    await api.keyStore.set('sk-gateway-own-key');
    await assert.rejects(api.connection.requestContext(), /no base URL/);
    await api.connection.refreshCatalogue(true);
    // The first turn's token count may still reach `other` after the reset, with the Anthropic key:
    // what must never arrive there is the gateway's key.
    const withGatewayKey = other.requests.filter((request) => JSON.stringify(request.headers).includes('sk-gateway-own-key'));
    assert.deepStrictEqual(withGatewayKey.map((request) => request.path), [], 'the gateway\'s key went nowhere');
    await setting('profile', 'anthropic');
  });

  it('replaces a retired default with the newest active Sonnet the provider lists, and offers the default after a retired model', async () => {
    server.configure({ provider: 'anthropic', strict: true, apiKey: KEY, demandAuth: undefined });
    await useProfile('anthropic', server.url, { defaultModel: 'claude-sonnet-4-5-20250929' });
    await api.connection.refreshCatalogue(true);
    const context = await api.connection.requestContext();
    assert.deepStrictEqual([context.model, context.modelInfo.source, context.modelInfo.contextWindow], ['claude-sonnet-5-5', 'live', 1_000_000]);

    await setting('model', 'claude-sonnet-4-5');
    await api.session.send('hello');
    const failed = api.session.transcript[1];
    assert.strictEqual(failed.status, 'error');
    assert.strictEqual(failed.error?.actions[0], 'useDefaultModel');
    api.chat.actions.runAction('useDefaultModel');
    await waitFor(() => api.session.transcript[1]?.status === 'done');
    assert.strictEqual((messages().at(-1)!.body as { model: string }).model, 'claude-sonnet-5-5');
  });

  it('switches to the default in one click where the workspace names the retired model', async () => {
    server.configure({ provider: 'anthropic', strict: true, apiKey: KEY, demandAuth: undefined });
    await useProfile('anthropic');
    await config().update('model', 'claude-sonnet-4-5', vscode.ConfigurationTarget.Workspace);
    try {
      await api.session.send('hello');
      assert.strictEqual(api.session.transcript[1].error?.actions[0], 'useDefaultModel');
      api.chat.actions.runAction('useDefaultModel');
      await waitFor(() => messages().length === 2 && !api.session.busy);
      assert.deepStrictEqual([(messages()[1].body as { model: string }).model, api.session.transcript[1].status], ['claude-sonnet-5-5', 'done']);
      assert.strictEqual(config().inspect('model')?.workspaceValue, undefined);
    } finally {
      await config().update('model', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('offers and sends the effort levels each model takes', async () => {
    await setting('thinking.enabled', true);
    await setting('thinking.effort', 'max');
    server.configure({ provider: 'anthropic', strict: true, apiKey: KEY, demandAuth: undefined });
    await useProfile('anthropic');
    await api.connection.refreshCatalogue(true);
    await setting('model', 'claude-opus-5-5');
    await api.session.send('think hard');
    assert.deepStrictEqual((messages()[0].body as { output_config?: unknown }).output_config, { effort: 'max' });
    await waitFor(() => api.chat.header().effortLevels.join() === 'low,medium,high,xhigh,max');

    // Qingbo's list gives bare ids: the table's levels apply, and max falls to high.
    server.reset();
    server.configure({ provider: 'qingbo', strict: true, apiKey: KEY, demandAuth: 'x-api-key', modelList: 'bare' });
    await setting('model', undefined);
    await useProfile('qingbo');
    api.session.startNew();
    await api.session.send('think hard');
    await api.connection.refreshCatalogue(true);
    assert.deepStrictEqual(api.connection.liveModels()?.map((model) => model.id).slice(0, 2), ['claude-sonnet-4.6', 'claude-opus-4.6']);
    await waitFor(() => api.chat.header().effortLevels.join() === 'low,medium,high');
    const { model, output_config } = messages().at(-1)!.body as { model: string; output_config?: unknown };
    assert.deepStrictEqual([model, output_config], ['claude-sonnet-4.6', { effort: 'high' }]);
    server.configure({ modelList: undefined });
  });
});

async function waitForAsync(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
