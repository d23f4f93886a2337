import * as assert from 'assert';
import type { MessageParam, MessagesRequestBody } from '../../src/api/types';
import { MAX_BREAKPOINTS, countBreakpoints, markVolatile, placeCacheBreakpoints, withoutCacheControl, withoutCacheTtl, type CachePolicy } from '../../src/conversation/cacheBreakpoints';
import { minCacheableTokens } from '../../src/providers/cacheLimits';
import { modelInfo } from '../../src/providers/modelCatalog';

const policy: CachePolicy = { ttl: '5m', minTokens: 1024 };
/** About 1,250 tokens by the 4-characters rule. */
const LONG = 'x'.repeat(5000);

interface Spot {
  where: string;
  ttl?: string;
}

/** Every breakpoint, as "tools.N", "system.N" or "messages.M.B", in prefix order. */
function breakpoints(body: MessagesRequestBody): Spot[] {
  const spots: Spot[] = [];
  const visit = (items: unknown, prefix: string): void => {
    if (!Array.isArray(items)) return;
    items.forEach((item: Record<string, unknown>, index) => {
      const control = item.cache_control as { ttl?: string } | undefined;
      if (control) spots.push({ where: `${prefix}.${index}`, ...(control.ttl ? { ttl: control.ttl } : {}) });
    });
  };
  visit(body.tools, 'tools');
  visit(body.system, 'system');
  body.messages.forEach((message, index) => visit(message.content, `messages.${index}`));
  return spots;
}

const where = (body: MessagesRequestBody): string[] => breakpoints(body).map((spot) => spot.where);

function chat(turns: number, text = LONG): MessageParam[] {
  const messages: MessageParam[] = [];
  for (let i = 0; i < turns; i++) {
    messages.push({ role: 'user', content: `${text} question ${i}` });
    if (i < turns - 1) messages.push({ role: 'assistant', content: [{ type: 'text', text: `answer ${i}` }] });
  }
  return messages;
}

const tool = { name: 'str_replace_based_edit_tool', type: 'text_editor_20250728' };

/** An agent loop's request after `rounds` rounds of `calls` parallel tool calls each. */
function agentBody(rounds: number, calls = 1, resultText = LONG): MessagesRequestBody {
  const messages: MessageParam[] = [{ role: 'user', content: 'Fix the failing test.' }];
  for (let round = 0; round < rounds; round++) {
    const uses = Array.from({ length: calls }, (_, call) => ({ type: 'tool_use', id: `toolu_${round}_${call}`, name: 'str_replace_based_edit_tool', input: { command: 'view', path: `f${call}.ts` } }));
    messages.push({ role: 'assistant', content: [{ type: 'thinking', thinking: 'hmm', signature: 'sig' }, { type: 'text', text: 'Looking.' }, ...uses] });
    messages.push({ role: 'user', content: uses.map((use) => ({ type: 'tool_result', tool_use_id: use.id, content: resultText })) });
  }
  return { model: 'm', max_tokens: 100, system: 'You are a coding assistant. '.repeat(200), tools: [tool], messages };
}

describe('placeCacheBreakpoints', () => {
  it('caches the tools and system prompt, and the newest user messages, newest first', () => {
    const body = placeCacheBreakpoints({ model: 'm', max_tokens: 1, system: LONG, tools: [tool], messages: chat(6) }, policy);
    assert.deepStrictEqual(where(body), ['system.0', 'messages.6.0', 'messages.8.0', 'messages.10.0']);
  });

  it('uses all four on user messages when there is no system prompt or tools', () => {
    assert.deepStrictEqual(where(placeCacheBreakpoints({ model: 'm', max_tokens: 1, messages: chat(7) }, policy)), ['messages.6.0', 'messages.8.0', 'messages.10.0', 'messages.12.0']);
  });

  it('puts the tools-and-system breakpoint on the last tool when there is no system prompt', () => {
    const tools = [{ name: 'a', description: LONG, input_schema: {} }, { name: 'b', description: 'b', input_schema: {} }];
    assert.deepStrictEqual(where(placeCacheBreakpoints({ model: 'm', max_tokens: 1, tools, messages: [{ role: 'user', content: 'hi' }] }, policy)), ['tools.1', 'messages.0.0']);
  });

  it('never places more than four, over many transcript shapes', () => {
    for (let turns = 0; turns <= 12; turns++) {
      for (const system of [undefined, 'short', LONG]) {
        const body = placeCacheBreakpoints({ model: 'm', max_tokens: 1, ...(system ? { system } : {}), messages: chat(turns) }, policy);
        assert.ok(countBreakpoints(body) <= MAX_BREAKPOINTS, `${turns} turns, system ${String(system?.length)}`);
      }
    }
    for (let rounds = 0; rounds <= 30; rounds++) {
      for (const calls of [1, 3, 25]) assert.ok(countBreakpoints(placeCacheBreakpoints(agentBody(rounds, calls), policy)) <= MAX_BREAKPOINTS);
    }
  });

  it('in an agent loop, marks the last tool result of each of the newest rounds, and keeps the previous request\'s newest breakpoint', () => {
    let previousNewest: string | undefined;
    for (let rounds = 1; rounds <= 30; rounds++) {
      // 25 parallel calls: one round is more blocks than the API looks back.
      const spots = where(placeCacheBreakpoints(agentBody(rounds, 25), policy));
      const last = 2 * rounds;
      assert.strictEqual(spots[spots.length - 1], `messages.${last}.24`, 'the newest tool result is cached for the next round');
      assert.strictEqual(spots[0], 'system.0');
      if (previousNewest) assert.ok(spots.includes(previousNewest), `round ${rounds} reads what round ${rounds - 1} wrote: ${previousNewest} in ${spots.join(', ')}`);
      previousNewest = spots[spots.length - 1];
    }
  });

  it('keeps the previous request\'s newest breakpoint when the next user turn comes', () => {
    const before = where(placeCacheBreakpoints({ model: 'm', max_tokens: 1, messages: chat(3) }, policy));
    const after = where(placeCacheBreakpoints({ model: 'm', max_tokens: 1, messages: chat(4) }, policy));
    assert.ok(after.includes(before[before.length - 1]));
  });

  it('places none where the prefix is shorter than the model\'s minimum', () => {
    const short = { model: 'm', max_tokens: 1, system: 'Be brief.', messages: chat(3, 'hello') };
    assert.deepStrictEqual(where(placeCacheBreakpoints(short, policy)), []);
    const growing = { model: 'm', max_tokens: 1, system: 'Be brief.', messages: chat(3, 'y'.repeat(2400)) };
    // Only prefixes of at least 1,024 tokens: the first user message alone is about 600.
    assert.deepStrictEqual(where(placeCacheBreakpoints(growing, policy)), ['messages.2.0', 'messages.4.0']);
    assert.deepStrictEqual(where(placeCacheBreakpoints(growing, { ...policy, minTokens: 4096 })), []);
  });

  it('never places a breakpoint at or after a volatile block', () => {
    const environment = markVolatile({ type: 'text', text: `Now: ${new Date().toISOString()}` });
    const body: MessagesRequestBody = { model: 'm', max_tokens: 1, system: [{ type: 'text', text: LONG }], messages: chat(3) };
    const last = body.messages[body.messages.length - 1];
    last.content = [{ type: 'text', text: LONG }, environment];
    assert.deepStrictEqual(where(placeCacheBreakpoints(body, policy)), ['system.0', 'messages.0.0', 'messages.2.0', 'messages.4.0']);
    // In the system prompt it leaves only what comes before it.
    const early: MessagesRequestBody = { model: 'm', max_tokens: 1, system: [{ type: 'text', text: LONG }, markVolatile({ type: 'text', text: 'Now: 10:04' })], messages: chat(3) };
    assert.deepStrictEqual(where(placeCacheBreakpoints(early, policy)), ['system.0']);
    const first: MessagesRequestBody = { model: 'm', max_tokens: 1, system: [markVolatile({ type: 'text', text: LONG })], messages: chat(3) };
    assert.deepStrictEqual(where(placeCacheBreakpoints(first, policy)), []);
  });

  it('the volatile mark is never sent', () => {
    const block = markVolatile({ type: 'text', text: 'now' });
    assert.strictEqual(JSON.stringify(block), '{"type":"text","text":"now"}');
  });

  it('skips blocks that cannot take a breakpoint: thinking, empty text; an assistant last message (prefill) leaves the user\'s before it', () => {
    const body: MessagesRequestBody = {
      model: 'm',
      max_tokens: 1,
      messages: [
        { role: 'user', content: [{ type: 'text', text: LONG }, { type: 'text', text: '' }] },
        { role: 'assistant', content: [{ type: 'thinking', thinking: LONG, signature: 's' }, { type: 'text', text: 'partial' }] },
      ],
    };
    assert.deepStrictEqual(where(placeCacheBreakpoints(body, policy)), ['messages.0.0']);
  });

  it('writes string contents as text blocks, sets the 1-hour lifetime only when asked, and leaves its input alone', () => {
    const input: MessagesRequestBody = { model: 'm', max_tokens: 1, system: LONG, messages: chat(2) };
    const copy = structuredClone(input);
    const body = placeCacheBreakpoints(input, { ...policy, ttl: '1h' });
    assert.deepStrictEqual(input, copy);
    assert.deepStrictEqual(body.system, [{ type: 'text', text: LONG, cache_control: { type: 'ephemeral', ttl: '1h' } }]);
    assert.deepStrictEqual(body.messages[2].content, [{ type: 'text', text: `${LONG} question 1`, cache_control: { type: 'ephemeral', ttl: '1h' } }]);
    assert.strictEqual(body.messages[1], input.messages[1], 'untouched messages are shared, not copied');
    assert.deepStrictEqual((placeCacheBreakpoints(input, policy).system as unknown[])[0], { type: 'text', text: LONG, cache_control: { type: 'ephemeral' } });
  });

  it('replaces breakpoints already in the body', () => {
    const messages = chat(6);
    messages[0] = { role: 'user', content: [{ type: 'text', text: LONG, cache_control: { type: 'ephemeral' } }] };
    const body = placeCacheBreakpoints({ model: 'm', max_tokens: 1, cache_control: { type: 'ephemeral' }, messages }, policy);
    assert.strictEqual(body.cache_control, undefined);
    assert.deepStrictEqual(where(body), ['messages.4.0', 'messages.6.0', 'messages.8.0', 'messages.10.0']);
  });
});

describe('withoutCacheControl and withoutCacheTtl', () => {
  it('take out every breakpoint, or only their lifetime', () => {
    const placed = placeCacheBreakpoints(agentBody(5), { ...policy, ttl: '1h' });
    assert.strictEqual(countBreakpoints(placed), 4);
    assert.strictEqual(countBreakpoints(withoutCacheControl(placed)), 0);
    assert.deepStrictEqual(withoutCacheControl(placed).messages.slice(1), agentBody(5).messages.slice(1), 'only the markers go; the blocks stay');
    const fiveMinutes = withoutCacheTtl(placed);
    assert.strictEqual(countBreakpoints(fiveMinutes), 4);
    assert.ok(!JSON.stringify(fiveMinutes).includes('"ttl"'));
  });

  it('returns the same body when there is nothing to take out', () => {
    const body = agentBody(2);
    assert.strictEqual(withoutCacheControl(body), body);
  });
});

describe('minCacheableTokens', () => {
  it('follows the documented table, and the common floor for unknown models', () => {
    assert.strictEqual(minCacheableTokens(modelInfo('claude-opus-4-6')), 4096);
    assert.strictEqual(minCacheableTokens(modelInfo('claude-haiku-4-5-20251001')), 4096);
    assert.strictEqual(minCacheableTokens(modelInfo('claude-sonnet-4-6')), 2048);
    assert.strictEqual(minCacheableTokens(modelInfo('claude-sonnet-4-5')), 1024);
    assert.strictEqual(minCacheableTokens(modelInfo('claude-opus-4-8')), 1024);
    assert.strictEqual(minCacheableTokens(modelInfo('claude-opus-5')), 512);
    assert.strictEqual(minCacheableTokens(modelInfo('my-gateway-model')), 1024);
  });
});
