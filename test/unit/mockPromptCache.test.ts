// The mock's prompt-cache emulation: what it reads and writes at each breakpoint, with the TTL,
// the minimum length and the 20-block look-back, and the gateway limits that refuse it.
import * as assert from 'assert';
import { PromptCache, countInputTokens, minimumCacheable, type CacheUsage } from '../mock/promptCache';
import { textReply } from '../mock/server';
import { rawRequest } from '../mock/rawClient';
import { mockServerForSuite } from '../mock/suiteServer';

const MODEL = 'claude-sonnet-4-5';
/** 1,000 tokens by the mock's count. */
const K = 'k'.repeat(4000);
const mark = { type: 'ephemeral' };

function text(value: string, cached?: Record<string, string>): Record<string, unknown> {
  return cached ? { type: 'text', text: value, cache_control: cached } : { type: 'text', text: value };
}

function usage(cache: PromptCache, body: unknown): CacheUsage {
  const outcome = cache.process(body);
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
  return outcome.usage;
}

const numbers = (u: CacheUsage): number[] => [u.input_tokens, u.cache_creation_input_tokens, u.cache_read_input_tokens];

describe('mock prompt cache', () => {
  let clock = 0;
  const now = (): number => clock;
  beforeEach(() => {
    clock = 1_000_000;
  });

  it('writes the prefix at a breakpoint, then reads it, and bills the rest as input', () => {
    const cache = new PromptCache(now);
    const first = { model: MODEL, system: [text(K + K, mark)], messages: [{ role: 'user', content: 'hi there' }] };
    assert.deepStrictEqual(numbers(usage(cache, first)), [2, 2000, 0]);
    assert.deepStrictEqual(numbers(usage(cache, first)), [2, 0, 2000]);
    // A longer conversation behind the same system prompt reads it and writes its own breakpoint.
    const second = { model: MODEL, system: [text(K + K)], messages: [{ role: 'user', content: [text(K, mark)] }] };
    assert.deepStrictEqual(numbers(usage(cache, second)), [0, 1000, 2000], 'the look-back finds the system prompt written before');
  });

  it('finds an earlier entry looking back from a breakpoint, but not past 20 blocks', () => {
    const cache = new PromptCache(now);
    const results = (count: number) => Array.from({ length: count }, (_, i) => ({ type: 'tool_result', tool_use_id: `t${i}`, content: `result ${i}` }));
    const base = [{ role: 'user', content: [text(K + K, mark)] }];
    usage(cache, { model: MODEL, messages: base });
    const near = [{ role: 'user', content: [text(K + K), ...results(18), { type: 'tool_result', tool_use_id: 'x', content: 'last', cache_control: mark }] }];
    assert.strictEqual(usage(cache, { model: MODEL, messages: near }).cache_read_input_tokens, 2000, '19 blocks back is found');
    const cache2 = new PromptCache(now);
    usage(cache2, { model: MODEL, messages: base });
    const far = [{ role: 'user', content: [text(K + K), ...results(25), { type: 'tool_result', tool_use_id: 'x', content: 'last', cache_control: mark }] }];
    assert.strictEqual(usage(cache2, { model: MODEL, messages: far }).cache_read_input_tokens, 0, '26 blocks back is not');
  });

  it('lets entries expire after their TTL, and keeps 1-hour ones for an hour, reporting writes by lifetime', () => {
    const cache = new PromptCache(now);
    const fiveMinutes = { model: MODEL, system: [text(K + K, mark)], messages: [{ role: 'user', content: 'a' }] };
    const oneHour = { model: MODEL, system: [text(K + K + K, { type: 'ephemeral', ttl: '1h' })], messages: [{ role: 'user', content: 'a' }] };
    usage(cache, fiveMinutes);
    const written = usage(cache, oneHour);
    assert.deepStrictEqual(written.cache_creation, { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 3000 });
    clock += 4 * 60_000;
    assert.strictEqual(usage(cache, fiveMinutes).cache_read_input_tokens, 2000, 'read, and refreshed');
    clock += 4 * 60_000;
    assert.strictEqual(usage(cache, fiveMinutes).cache_read_input_tokens, 2000, 'the read refreshed it');
    clock += 6 * 60_000;
    assert.strictEqual(usage(cache, fiveMinutes).cache_read_input_tokens, 0, 'expired');
    assert.strictEqual(usage(cache, oneHour).cache_read_input_tokens, 3000, 'an hour has not passed');
  });

  it('caches nothing below the model\'s minimum, and tells models apart', () => {
    const cache = new PromptCache(now);
    const short = { model: MODEL, system: [text('k'.repeat(4000), mark)], messages: [{ role: 'user', content: 'a' }] };
    usage(cache, short);
    assert.strictEqual(usage(cache, short).cache_read_input_tokens, 0, '1,000 tokens is under Sonnet 4.5\'s 1,024');
    const opus = { ...short, model: 'claude-opus-4-6', system: [text(K + K + K, mark)] };
    usage(cache, opus);
    assert.strictEqual(usage(cache, opus).cache_read_input_tokens, 0, 'Opus 4.6 needs 4,096');
    const sonnet = { ...opus, model: MODEL };
    assert.strictEqual(usage(cache, sonnet).cache_creation_input_tokens, 3000, 'another model has its own cache');
    assert.deepStrictEqual([minimumCacheable('claude-haiku-4-5'), minimumCacheable('claude-sonnet-4-6'), minimumCacheable('claude-opus-5')], [4096, 2048, 512]);
  });

  it('treats string content and its text block as the same prefix, and ignores where markers sit', () => {
    const cache = new PromptCache(now);
    usage(cache, { model: MODEL, messages: [{ role: 'user', content: [text(K + K, mark)] }, { role: 'assistant', content: 'ok' }, { role: 'user', content: [text('next', mark)] }] });
    const later = usage(cache, { model: MODEL, messages: [{ role: 'user', content: K + K }, { role: 'assistant', content: 'ok' }, { role: 'user', content: [text('next', mark)] }] });
    assert.strictEqual(later.cache_read_input_tokens, 2002);
  });

  it('refuses more than four breakpoints, bad markers and 1h after 5m, as the API does', () => {
    const cache = new PromptCache(now);
    const five = { model: MODEL, messages: [{ role: 'user', content: Array.from({ length: 5 }, (_, i) => text(`b${i}`, mark)) }] };
    assert.deepStrictEqual(cache.process(five), { ok: false, message: 'A maximum of 4 blocks with cache_control may be provided. Found 5.' });
    assert.strictEqual(cache.process({ model: MODEL, messages: [{ role: 'user', content: [text('a', { type: 'ephemeral', ttl: '2h' })] }] }).ok, false);
    assert.strictEqual(cache.process({ model: MODEL, system: [text('a', mark)], messages: [{ role: 'user', content: [text('b', { type: 'ephemeral', ttl: '1h' })] }] }).ok, false);
  });

  it('counts tokens deterministically, the same way for count_tokens and for usage', () => {
    const body = { model: MODEL, system: 'x'.repeat(40), tools: [{ name: 't', input_schema: {} }], messages: [{ role: 'user', content: [text('y'.repeat(80)), { type: 'image', source: {} }] }] };
    const count = countInputTokens(body);
    assert.strictEqual(count, countInputTokens(structuredClone(body)));
    assert.strictEqual(count, Math.ceil((40 + JSON.stringify({ name: 't', input_schema: {} }).length + 80 + 6400) / 4));
    assert.deepStrictEqual(numbers(usage(new PromptCache(now), body)), [count, 0, 0]);
  });
});

describe('mock server: caching and gateway limits', () => {
  const server = mockServerForSuite({}, { gateway: undefined });

  const cachedBody = { model: MODEL, max_tokens: 16, system: [text(K + K, mark)], messages: [{ role: 'user', content: 'hello' }] };

  it('reports cache writes and reads in the reply\'s usage', async () => {
    const first = JSON.parse((await rawRequest(server.url, { path: '/v1/messages', body: cachedBody })).text) as { usage: Record<string, unknown> };
    const second = JSON.parse((await rawRequest(server.url, { path: '/v1/messages', body: cachedBody })).text) as { usage: Record<string, unknown> };
    assert.deepStrictEqual([first.usage.input_tokens, first.usage.cache_creation_input_tokens, first.usage.cache_read_input_tokens], [2, 2000, 0]);
    assert.deepStrictEqual([second.usage.input_tokens, second.usage.cache_creation_input_tokens, second.usage.cache_read_input_tokens], [2, 0, 2000]);
    assert.deepStrictEqual(first.usage.cache_creation, { ephemeral_5m_input_tokens: 2000, ephemeral_1h_input_tokens: 0 });
  });

  it('as a gateway, refuses cache_control with a 400 naming it, without using a script', async () => {
    server.configure({ gateway: { rejectFields: ['cache_control'] } });
    server.enqueue({ reply: textReply('kept for later') });
    const refused = await rawRequest(server.url, { path: '/v1/messages', body: cachedBody });
    assert.strictEqual(refused.status, 400);
    assert.match(refused.text, /system\.0\.cache_control: Extra inputs are not permitted/);
    const plain = await rawRequest(server.url, { path: '/v1/messages', body: { ...cachedBody, system: K } });
    assert.match(plain.text, /kept for later/);
  });

  it('as a gateway, has no count_tokens', async () => {
    assert.strictEqual((await rawRequest(server.url, { path: '/v1/messages/count_tokens', body: cachedBody })).status, 200);
    server.configure({ gateway: { countTokens: false } });
    assert.strictEqual((await rawRequest(server.url, { path: '/v1/messages/count_tokens', body: cachedBody })).status, 404);
  });
});
