// The mock Messages API over real loopback HTTP: stream framing and order, every block type,
// non-stream JSON, recording, the queue, models, count_tokens, demo mode.
import * as assert from 'assert';
import { defaultReplyText } from '../mock/defaultReplies';
import { rawRequest } from '../mock/rawClient';
import {
  redactedThinkingBlock,
  reply,
  textBlock,
  textReply,
  thinkingBlock,
  toolUseBlock,
  toolUseReply,
  type MessageReply,
  type RecordedRequest,
} from '../mock/server';
import { accumulateMessage, parseSseEvents, type ParsedEvent } from '../mock/sseEvents';
import { mockServerForSuite } from '../mock/suiteServer';

const userMessage = { role: 'user', content: 'What is 2 + 2?' };
const request = { model: 'claude-sonnet-4-5', max_tokens: 100, messages: [userMessage] };

function types(events: readonly ParsedEvent[]): string[] {
  return events.map((e) => e.event ?? '(none)');
}

function dataOf(event: ParsedEvent | undefined): Record<string, unknown> {
  assert.ok(event, 'missing event');
  return JSON.parse(event.data) as Record<string, unknown>;
}

/** A reply with every block type and fixed ids, so the stream and the JSON can be compared exactly. */
const mixedReply: MessageReply = reply(
  [
    thinkingBlock('Let me add: 2 + 2 = 4. Double-check: yes.', 'sig-abc'),
    redactedThinkingBlock('ENCRYPTED=='),
    textBlock('The answer is 4 — “four” in words, ✓.'),
    toolUseBlock('calculator', { expression: '2 + 2', precision: 2, tags: ['math', 'äöü'] }, 'toolu_fixed_1'),
  ],
  { id: 'msg_fixed_1', chunkSize: 5, usage: { output_tokens: 42, cache_read_input_tokens: 7 } },
);

describe('mock server: streaming', () => {
  const server = mockServerForSuite();

  it('frames every event as `event: NAME\\ndata: JSON\\n\\n` with data.type equal to the name', async () => {
    const res = await rawRequest(server.url, { path: '/v1/messages', body: { ...request, stream: true } });
    assert.strictEqual(res.status, 200);
    assert.strictEqual(res.headers['content-type'], 'text/event-stream');
    assert.match(res.headers['request-id'] ?? '', /^req_\w+$/);
    const frames = res.text.split(/(?<=\n\n)/);
    for (const frame of frames) assert.match(frame, /^event: [a-z_]+\ndata: \{.*\}\n\n$/);
    const events = parseSseEvents(res.text);
    assert.strictEqual(events.length, frames.length);
    for (const event of events) assert.strictEqual(dataOf(event).type, event.event);
  });

  it('sends message_start, block start, ping, deltas, block stop, message_delta, message_stop in order', async () => {
    const res = await rawRequest(server.url, { path: '/v1/messages', body: { ...request, stream: true } });
    const events = parseSseEvents(res.text);
    const names = types(events);
    assert.deepStrictEqual(names.slice(0, 3), ['message_start', 'content_block_start', 'ping']);
    assert.deepStrictEqual(names.slice(-3), ['content_block_stop', 'message_delta', 'message_stop']);
    const deltas = events.filter((e) => e.event === 'content_block_delta');
    assert.ok(deltas.length > 1, `expected several text deltas, got ${String(deltas.length)}`);
    const start = dataOf(events[0]).message as Record<string, unknown>;
    assert.strictEqual(start.model, 'claude-sonnet-4-5', 'model defaults to the request model');
    assert.strictEqual(start.stop_reason, null);
    assert.deepStrictEqual(accumulateMessage(events).content, [{ type: 'text', text: defaultReplyText }]);
  });

  it('streams thinking, redacted thinking, text and tool_use blocks as the API does', async () => {
    server.enqueue({ reply: mixedReply });
    const res = await rawRequest(server.url, { path: '/v1/messages', body: { ...request, stream: true } });
    const events = parseSseEvents(res.text);
    const blockEvents = (index: number): Record<string, unknown>[] =>
      events.map((e) => dataOf(e)).filter((d) => d.index === index);

    const thinking = blockEvents(0);
    const thinkingDeltas = thinking.slice(1, -1).map((d) => d.delta as Record<string, unknown>);
    assert.ok(thinkingDeltas.length > 2);
    assert.deepStrictEqual(thinkingDeltas.at(-1), { type: 'signature_delta', signature: 'sig-abc' }, 'signature comes last');
    assert.strictEqual(thinkingDeltas.filter((d) => d.type === 'signature_delta').length, 1);
    assert.strictEqual(thinking.at(-1)?.type, 'content_block_stop');

    const redacted = blockEvents(1);
    assert.deepStrictEqual(redacted.map((d) => d.type), ['content_block_start', 'content_block_stop']);
    assert.deepStrictEqual(redacted[0]?.content_block, { type: 'redacted_thinking', data: 'ENCRYPTED==' });

    const tool = blockEvents(3);
    assert.deepStrictEqual(tool[0]?.content_block, { type: 'tool_use', id: 'toolu_fixed_1', name: 'calculator', input: {} });
    const fragments = tool.slice(1, -1).map((d) => (d.delta as Record<string, unknown>).partial_json);
    assert.strictEqual(fragments[0], '', 'tool input opens with an empty fragment');
    assert.ok(fragments.length > 3);

    const last = dataOf(events.at(-2));
    assert.deepStrictEqual(last.delta, { stop_reason: 'tool_use', stop_sequence: null });
    assert.deepStrictEqual(last.usage, { output_tokens: 42 });
  });

  it('describes the same message in the stream and in the non-stream JSON', async () => {
    server.enqueue({ reply: mixedReply }, { reply: mixedReply });
    const streamed = await rawRequest(server.url, { path: '/v1/messages', body: { ...request, stream: true } });
    const plain = await rawRequest(server.url, { path: '/v1/messages', body: request });
    assert.strictEqual(plain.headers['content-type'], 'application/json');
    const json = JSON.parse(plain.text) as Record<string, unknown>;
    assert.deepStrictEqual(accumulateMessage(parseSseEvents(streamed.text)), json);
    assert.strictEqual(json.stop_reason, 'tool_use');
    assert.deepStrictEqual(json.usage, { input_tokens: 4, cache_creation_input_tokens: 0, cache_read_input_tokens: 7, output_tokens: 42 });
  });

  it('sends explicit text_delta strings and stop sequences as given', async () => {
    server.enqueue({ reply: textReply(['Hel', 'lo', ' wor', 'ld'], { stopSequence: 'END', model: 'other-model' }) });
    const res = await rawRequest(server.url, { path: '/v1/messages', body: { ...request, stream: true } });
    const events = parseSseEvents(res.text);
    const texts = events.filter((e) => e.event === 'content_block_delta').map((e) => (dataOf(e).delta as Record<string, unknown>).text);
    assert.deepStrictEqual(texts, ['Hel', 'lo', ' wor', 'ld']);
    const message = accumulateMessage(events);
    assert.strictEqual(message.stop_reason, 'stop_sequence');
    assert.strictEqual(message.stop_sequence, 'END');
    assert.strictEqual(message.model, 'other-model');
  });

  it('replays a raw SSE string byte for byte, even to a non-stream request', async () => {
    const rawSse = 'event: message_start\r\ndata: {"type":"message_start"}\r\n\r\n: comment\n\nevent: custom\ndata: x\n\n';
    server.enqueue({ reply: { rawSse } }, { reply: { rawSse } });
    const streamed = await rawRequest(server.url, { path: '/v1/messages', body: { ...request, stream: true } });
    const plain = await rawRequest(server.url, { path: '/v1/messages', body: request });
    assert.strictEqual(streamed.text, rawSse);
    assert.strictEqual(plain.text, rawSse);
  });

  it('uses the queue in order, then the default reply', async () => {
    server.enqueue({ reply: textReply('one') }, { reply: toolUseReply('t', { a: 1 }, { text: 'two' }) });
    const bodies: Record<string, unknown>[] = [];
    for (let i = 0; i < 3; i++) bodies.push(JSON.parse((await rawRequest(server.url, { path: '/v1/messages', body: request })).text) as Record<string, unknown>);
    assert.deepStrictEqual(bodies[0]?.content, [{ type: 'text', text: 'one' }]);
    const second = bodies[1]?.content as Record<string, unknown>[];
    assert.deepStrictEqual(second.map((b) => b.type), ['text', 'tool_use']);
    assert.match(String(second[1]?.id), /^toolu_/);
    assert.deepStrictEqual(bodies[2]?.content, [{ type: 'text', text: defaultReplyText }]);
  });
});

describe('mock server: recording and other endpoints', () => {
  const server = mockServerForSuite({}, { apiKey: undefined });

  it('records method, path, lower-cased headers, raw and parsed body', async () => {
    await rawRequest(server.url, { path: '/v1/messages', headers: { 'X-Api-Key': 'sk-1', 'Anthropic-Version': '2023-06-01' }, body: request });
    await rawRequest(server.url, { path: '/v1/messages', body: '{not json' });
    await rawRequest(server.url, { path: '/v1/models?limit=1' });
    assert.strictEqual(server.requests.length, 3);
    const [first, second, third] = server.requests as [RecordedRequest, RecordedRequest, RecordedRequest];
    assert.strictEqual(first.method, 'POST');
    assert.strictEqual(first.path, '/v1/messages');
    assert.strictEqual(first.headers['x-api-key'], 'sk-1');
    assert.strictEqual(first.headers['anthropic-version'], '2023-06-01');
    assert.strictEqual(first.rawBody, JSON.stringify(request));
    assert.deepStrictEqual(first.body, request);
    assert.strictEqual(second.rawBody, '{not json');
    assert.strictEqual(second.body, undefined);
    assert.deepStrictEqual([third.method, third.path, third.url], ['GET', '/v1/models', '/v1/models?limit=1']);
    server.reset();
    assert.strictEqual(server.requests.length, 0);
  });

  it('rejects a wrong key with 401 when apiKey is set, in either header form', async () => {
    server.configure({ apiKey: 'sk-right' });
    const wrong = await rawRequest(server.url, { path: '/v1/messages', headers: { 'x-api-key': 'sk-wrong' }, body: request });
    assert.strictEqual(wrong.status, 401);
    const body = JSON.parse(wrong.text) as { type: string; error: { type: string }; request_id: string };
    assert.strictEqual(body.error.type, 'authentication_error');
    assert.strictEqual(body.request_id, wrong.headers['request-id']);
    const forms: Record<string, string>[] = [{ 'x-api-key': 'sk-right' }, { authorization: 'Bearer sk-right' }];
    for (const headers of forms) {
      assert.strictEqual((await rawRequest(server.url, { path: '/v1/messages', headers, body: request })).status, 200);
    }
  });

  it('answers count_tokens with about chars/4, without using the queue', async () => {
    server.enqueue({ reply: textReply('queued') });
    const body = { model: 'm', system: 'x'.repeat(40), messages: [{ role: 'user', content: [{ type: 'text', text: 'y'.repeat(80) }] }] };
    const res = await rawRequest(server.url, { path: '/v1/messages/count_tokens', body });
    assert.deepStrictEqual(JSON.parse(res.text), { input_tokens: 30 });
    const next = JSON.parse((await rawRequest(server.url, { path: '/v1/messages', body: request })).text) as { content: unknown };
    assert.deepStrictEqual(next.content, [{ type: 'text', text: 'queued' }]);
  });

  it('pages through GET /v1/models with limit and after_id, and back with before_id', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const query: string = after === null ? '?limit=3' : `?limit=3&after_id=${after}`;
      const res = await rawRequest(server.url, { path: `/v1/models${query}` });
      const body = JSON.parse(res.text) as { data: { type: string; id: string; display_name: string; created_at: string }[]; has_more: boolean; first_id: string; last_id: string };
      assert.ok(body.data.length <= 3);
      for (const model of body.data) {
        assert.strictEqual(model.type, 'model');
        assert.match(model.created_at, /^\d{4}-\d\d-\d\dT00:00:00Z$/);
        assert.ok(model.display_name.startsWith('Claude '));
      }
      assert.strictEqual(body.first_id, body.data[0]?.id);
      assert.strictEqual(body.last_id, body.data.at(-1)?.id);
      seen.push(...body.data.map((m) => m.id));
      if (!body.has_more) break;
      after = body.last_id;
    }
    assert.strictEqual(seen.length, 19);
    assert.deepStrictEqual(seen.slice(0, 3), ['claude-opus-5-5', 'claude-sonnet-5-5', 'claude-haiku-5-5']);
    assert.deepStrictEqual(seen.slice(-4), ['claude-opus-4-6', 'claude-opus-4-5-20251101', 'claude-haiku-4-5-20251001', 'claude-sonnet-4-5-20250929']);
    const back = JSON.parse((await rawRequest(server.url, { path: '/v1/models?limit=2&before_id=claude-opus-4-6' })).text) as { data: { id: string }[]; has_more: boolean };
    assert.deepStrictEqual(back.data.map((m) => m.id), ['claude-mythos-preview', 'claude-sonnet-4-6']);
    assert.strictEqual(back.has_more, true);
    assert.strictEqual((await rawRequest(server.url, { path: '/v1/models?limit=0' })).status, 400);
    const one = await rawRequest(server.url, { path: '/v1/models/claude-opus-4-6' });
    assert.strictEqual((JSON.parse(one.text) as { id: string }).id, 'claude-opus-4-6');
    assert.strictEqual((await rawRequest(server.url, { path: '/v1/models/nope' })).status, 404);
  });

  it('describes each model as the Models API does: lifecycle, line, limits and capabilities', async () => {
    const get = async (id: string) => JSON.parse((await rawRequest(server.url, { path: `/v1/models/${id}` })).text) as Record<string, unknown> & { capabilities: { effort: Record<string, unknown>; thinking: { types: Record<string, { supported: boolean }> } } };
    const opus = await get('claude-opus-5-5');
    assert.deepStrictEqual([opus.lifecycle, opus.line, opus.max_input_tokens, opus.capabilities.effort.xhigh], ['active', 'opus', 1_000_000, { supported: true }]);
    const sonnet45 = await get('claude-sonnet-4-5-20250929');
    assert.deepStrictEqual([sonnet45.lifecycle, sonnet45.retires_at, sonnet45.capabilities.thinking.types.adaptive], ['retired', '2026-11-30T00:00:00Z', { supported: false }]);
    assert.strictEqual((await get('claude-opus-4-5-20251101')).lifecycle, 'deprecated');
  });

  it('lists bare ids, all at once, in gateway mode', async () => {
    server.configure({ modelList: 'bare' });
    try {
      const list = JSON.parse((await rawRequest(server.url, { path: '/v1/models' })).text) as { object: string; data: Array<Record<string, unknown>>; has_more?: unknown };
      assert.strictEqual(list.object, 'list');
      assert.strictEqual(list.data.length, 19);
      assert.deepStrictEqual(Object.keys(list.data[0]).sort(), ['id', 'object', 'owned_by']);
      assert.strictEqual(list.has_more, undefined);
    } finally {
      server.configure({ modelList: undefined });
    }
  });

  it('answers unknown paths with a 404 not_found_error body', async () => {
    const res = await rawRequest(server.url, { path: '/v1/complete', body: request });
    assert.strictEqual(res.status, 404);
    const body = JSON.parse(res.text) as { type: string; error: { type: string; message: string } };
    assert.deepStrictEqual([body.type, body.error.type], ['error', 'not_found_error']);
    assert.strictEqual(server.requests.length, 1, 'unknown paths are recorded too');
    const doubled = await rawRequest(server.url, { path: '//v1/messages', body: request });
    assert.strictEqual(doubled.status, 404, 'a doubled slash is a client bug, not an alias');
    assert.strictEqual(server.requests[1]?.path, '//v1/messages');
  });
});

describe('mock server: demo mode', () => {
  const server = mockServerForSuite({ demo: true });

  it('streams a labelled demo reply that echoes the question, slowly and in small pieces', async () => {
    const question = `Please explain closures. ${'x'.repeat(600)}`;
    const started = Date.now();
    const res = await rawRequest(server.url, { path: '/v1/messages', body: { ...request, stream: true, messages: [{ role: 'user', content: [{ type: 'text', text: question }] }] } });
    const elapsed = Date.now() - started;
    const events = parseSseEvents(res.text);
    const text = (accumulateMessage(events).content as { text: string }[])[0]?.text ?? '';
    assert.ok(text.startsWith('**Demo reply from the local mock server**'), text.slice(0, 80));
    assert.ok(text.includes('> Please explain closures.'));
    assert.ok(!text.includes('x'.repeat(400)), 'the echo is trimmed');
    assert.ok(text.includes('Claude Assistant: Set API Key'));
    const deltas = events.filter((e) => e.event === 'content_block_delta').length;
    assert.ok(deltas > 50, `only ${String(deltas)} deltas`);
    assert.ok(elapsed >= deltas * 10, `streamed too fast: ${String(elapsed)} ms for ${String(deltas)} deltas`);
  });
});
