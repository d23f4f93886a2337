import * as assert from 'assert';
import { MessagesClient } from '../../src/api/messagesClient';
import { listModelEntries } from '../../src/api/providerProbe';
import { requestShape } from '../../src/conversation/turnRequest';
import { chooseDefaultModel, effortFor, lifecycleNote, mergeModelInfo, parseLiveModel, reviveLiveModel, type LiveModel } from '../../src/providers/liveModels';
import { modelInfo } from '../../src/providers/modelCatalog';
import { PRESETS } from '../../src/providers/profiles';
import { listModels } from '../mock/models';
import { providers } from '../mock/providers';
import { MockMessagesServer } from '../mock/server';
import { directSettings } from './loopbackClient';

/** The mock's Anthropic list, as GET /v1/models serves it, read the way the extension reads it. */
function anthropicList(): LiveModel[] {
  const page = listModels(providers.anthropic, new URLSearchParams('limit=1000'));
  assert.ok(page.ok && 'data' in page.body);
  return (page.body.data as unknown[]).map(parseLiveModel).filter((model): model is LiveModel => model !== undefined);
}

describe('the live model list', () => {
  it('reads lifecycle, line, limits, thinking and effort levels from the Models API entries', () => {
    const opus = anthropicList().find((model) => model.id === 'claude-opus-5-5')!;
    assert.deepStrictEqual(opus, { id: 'claude-opus-5-5', displayName: 'Claude Opus 5.5', lifecycle: 'active', line: 'opus', maxInputTokens: 1_000_000, maxTokens: 128_000, thinking: 'adaptive', effortLevels: ['low', 'medium', 'high', 'xhigh', 'max'], contextManagement: { clearToolUses: true, clearThinking: true, compact: true } });
    assert.deepStrictEqual(parseLiveModel({ id: 'claude-sonnet-4.6' }), { id: 'claude-sonnet-4.6' }, 'a bare id is an id and nothing else');
    assert.strictEqual(parseLiveModel({ id: 42 }), undefined);
    assert.deepStrictEqual(reviveLiveModel(JSON.parse(JSON.stringify(opus))), opus);
  });

  it('merges the live entry over the static table, and falls back to the table for bare ids', () => {
    const live = anthropicList();
    const haiku55 = mergeModelInfo('claude-haiku-5-5', live.find((model) => model.id === 'claude-haiku-5-5'));
    assert.deepStrictEqual([haiku55.maxOutputTokens, haiku55.effortLevels.at(-1), haiku55.source], [64_000, 'max', 'live']);
    const dotted = mergeModelInfo('claude-sonnet-4.6', { id: 'claude-sonnet-4.6' });
    assert.deepStrictEqual([dotted.contextWindow, dotted.thinking, dotted.effortLevels, dotted.source], [1_000_000, 'adaptive', ['low', 'medium', 'high'], 'table']);
    const gatewayThinking = mergeModelInfo('claude-sonnet-4-5-20250929-thinking', { id: 'claude-sonnet-4-5-20250929-thinking', thinking: 'enabled' });
    assert.deepStrictEqual([gatewayThinking.thinking, gatewayThinking.thinkingByGateway], ['none', true]);
  });

  it('knows today\'s models in the static table, without the safe defaults', () => {
    for (const id of ['claude-opus-5-5', 'claude-sonnet-5-5', 'claude-haiku-5-5', 'claude-sonnet-5', 'claude-fable-5-2', 'claude-mythos-5-1']) {
      const info = modelInfo(id);
      assert.deepStrictEqual([info.known, info.thinking, info.maxOutputTokens > 8192], [true, 'adaptive', true], id);
    }
    assert.deepStrictEqual([modelInfo('claude-sonnet-4-5-20250929').lifecycle, modelInfo('claude-opus-4-5').lifecycle], ['retired', 'deprecated']);
    // SDK 1.16's union and deprecation table: Mythos Preview reached end of life on 2026-06-30.
    const preview = modelInfo('claude-mythos-preview');
    assert.deepStrictEqual([preview.known, preview.displayName, preview.lifecycle, preview.retiresAt], [true, 'Claude Mythos Preview', 'retired', '2026-06-30']);
    assert.strictEqual(modelInfo('claude-3-5-sonnet-20241022').lifecycle, 'retired');
  });

  it('chooses the newest active Sonnet from the live list, else a documented default that is not retired', () => {
    assert.strictEqual(chooseDefaultModel(anthropicList(), 'claude-sonnet-4-5', ['claude-sonnet-4-5']), 'claude-sonnet-5-5');
    const retiredFirst: LiveModel[] = [{ id: 'claude-sonnet-9', line: 'sonnet', lifecycle: 'retired' }, { id: 'claude-sonnet-8', line: 'sonnet', lifecycle: 'active' }];
    assert.strictEqual(chooseDefaultModel(retiredFirst, undefined, []), 'claude-sonnet-8');
    assert.strictEqual(chooseDefaultModel(undefined, 'claude-sonnet-4-5-20250929', ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-6']), 'claude-sonnet-4-6');
    assert.strictEqual(chooseDefaultModel([{ id: 'claude-sonnet-4.6' }], 'claude-sonnet-4.6', []), 'claude-sonnet-4.6', 'bare ids say nothing about lines');
  });

  it('gives every preset but Custom a default of its own, and none a retired one', () => {
    for (const preset of PRESETS.filter((candidate) => candidate.id !== 'custom')) {
      // The preset's own default, not what the chooser makes of it: it is what a gateway without a list gets.
      assert.ok(preset.defaultModel, `${preset.id} has a default model`);
      assert.strictEqual(modelInfo(preset.defaultModel).lifecycle, 'active', `${preset.id}: ${preset.defaultModel}`);
      assert.strictEqual(chooseDefaultModel(undefined, preset.defaultModel, preset.models), preset.defaultModel, preset.id);
    }
  });

  it('says when a model retires', () => {
    assert.strictEqual(lifecycleNote({ lifecycle: 'deprecated', retiresAt: '2027-01-22' }), 'deprecated, retires 2027-01-22');
    assert.strictEqual(lifecycleNote({ lifecycle: 'retired', retiresAt: '2026-11-30' }), 'retired 2026-11-30');
    assert.strictEqual(lifecycleNote({ lifecycle: 'active', retiresAt: undefined }), undefined);
  });

  it('sends only an effort level the model takes', () => {
    assert.strictEqual(effortFor('max', ['low', 'medium', 'high']), 'high');
    assert.strictEqual(effortFor('xhigh', ['low', 'medium', 'high', 'xhigh', 'max']), 'xhigh');
    assert.strictEqual(effortFor('high', []), undefined);
    const info = mergeModelInfo('claude-opus-5-5', anthropicList().find((model) => model.id === 'claude-opus-5-5'));
    const on = (effort: 'max' | 'high') => ({ thinking: { enabled: true, budgetTokens: 4096, effort } });
    assert.deepStrictEqual(requestShape(info, 1000, on('max')).output_config, { effort: 'max' });
    assert.deepStrictEqual(requestShape(modelInfo('claude-sonnet-4-6'), 1000, on('max')).output_config, { effort: 'high' });
  });
});

describe('reading GET /v1/models', function () {
  this.timeout(15_000);
  const KEY = 'sk-models-list';
  let server: MockMessagesServer;
  let client: MessagesClient;

  before(async () => {
    server = await MockMessagesServer.start({ strict: true, apiKey: KEY });
    client = new MessagesClient({ info: () => undefined, warn: () => undefined }, directSettings({ maxRetries: 0 }));
  });
  after(async () => {
    await client.close();
    await server.close();
  });

  const read = () => listModelEntries(client.dispatcher, { endpoint: { baseUrl: server.url, anthropicVersion: '2023-06-01' }, key: KEY, idleTimeoutMs: 2000 }, 'x-api-key', parseLiveModel);

  it('reads every page, following last_id, where the provider pages smaller than asked', async () => {
    server.configure({ modelPageSize: 4 });
    try {
      const models = await read();
      assert.deepStrictEqual(models.map((model) => model.id), providers.anthropic.models.map((model) => model.id));
      const pages = server.requests.filter((request) => request.path === '/v1/models').map((request) => new URL(request.url, server.url).searchParams.get('after_id'));
      assert.deepStrictEqual(pages, [null, ...[4, 8, 12, 16].map((index) => providers.anthropic.models[index - 1].id)]);
    } finally {
      server.configure({ modelPageSize: undefined });
    }
  });

  it('reads a gateway\'s bare ids as ids and nothing else', async () => {
    server.configure({ provider: 'qingbo', demandAuth: 'x-api-key', modelList: 'bare' });
    try {
      assert.deepStrictEqual(await read(), providers.qingbo.models.map((model) => ({ id: model.id })));
    } finally {
      server.configure({ provider: 'anthropic', demandAuth: undefined, modelList: undefined });
    }
  });
});
