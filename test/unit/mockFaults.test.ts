// Every scriptable fault of the mock server, observed from a real client over loopback.
import * as assert from 'assert';
// undici 7, as the extension uses; Node 20's bundled fetch (undici 6) keeps an aborted socket for ~3 s.
import { fetch } from 'undici';
import { errorTypeForStatus } from '../mock/errors';
import { rawRequest } from '../mock/rawClient';
import { reply, textBlock, toolUseBlock, type ResponseLogEntry } from '../mock/server';
import { parseSseEvents } from '../mock/sseEvents';
import { mockServerForSuite } from '../mock/suiteServer';

const request = { model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] };
const streamRequest = { ...request, stream: true };

/** Fixed ids and plenty of multi-byte characters, so two runs give identical bytes worth splitting. */
const unicodeReply = reply(
  [textBlock('Grüße, 世界! 🚀 Ünïcödé — “quotes” ✓ '.repeat(4)), toolUseBlock('edit', { path: 'ä/ö.ts', text: '日本語' }, 'toolu_x')],
  { id: 'msg_fixed', chunkSize: 7 },
);

/** True when some chunk ends partway through a multi-byte UTF-8 character. */
function splitsACharacter(chunks: readonly Buffer[]): boolean {
  return chunks.some((chunk) => {
    const last = chunk[chunk.length - 1] ?? 0;
    const beforeLast = chunk[chunk.length - 2] ?? 0;
    return last >= 0xc0 || (last >= 0x80 && beforeLast >= 0xe0);
  });
}

function eventNames(text: string): string[] {
  return parseSseEvents(text).map((e) => e.event ?? '');
}

function waitFor(check: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = (): void => {
      if (check()) resolve();
      else if (Date.now() > deadline) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(poll, 10);
    };
    poll();
  });
}

describe('mock server: faults', () => {
  const log: ResponseLogEntry[] = [];
  const server = mockServerForSuite({ onResponse: (entry) => log.push(entry) });
  beforeEach(() => {
    log.length = 0;
  });

  it('slowChunks pauses between events', async () => {
    server.enqueue({ fault: { kind: 'slowChunks', delayMs: 30 } });
    const started = Date.now();
    const res = await rawRequest(server.url, { path: '/v1/messages', body: streamRequest });
    const events = eventNames(res.text).length;
    assert.ok(Date.now() - started >= (events - 1) * 30 * 0.9, `${String(events)} events in ${String(Date.now() - started)} ms`);
    assert.ok(res.chunks.length >= events, 'each event arrives on its own');
  });

  it('tinyChunks sends the identical bytes in pieces that split lines and UTF-8 characters', async () => {
    server.enqueue({ reply: unicodeReply }, { reply: unicodeReply, fault: { kind: 'tinyChunks' } });
    const whole = await rawRequest(server.url, { path: '/v1/messages', body: streamRequest });
    const tiny = await rawRequest(server.url, { path: '/v1/messages', body: streamRequest });
    assert.ok(whole.body.length > 500);
    assert.ok(tiny.body.equals(whole.body), 'same bytes');
    assert.ok(tiny.chunks.length > whole.body.length / 6, `only ${String(tiny.chunks.length)} chunks for ${String(tiny.body.length)} bytes`);
    assert.ok(splitsACharacter(tiny.chunks), 'some piece ends inside a character');
    const decoder = new TextDecoder();
    const pieces = tiny.chunks.map((chunk) => decoder.decode(chunk, { stream: true }));
    assert.deepStrictEqual(parseSseEvents(...pieces), parseSseEvents(whole.text));
  });

  it('tinyChunks also fragments a non-stream JSON body', async () => {
    server.enqueue({ reply: unicodeReply }, { reply: unicodeReply, fault: { kind: 'tinyChunks', maxBytes: 2 } });
    const whole = await rawRequest(server.url, { path: '/v1/messages', body: request });
    const tiny = await rawRequest(server.url, { path: '/v1/messages', body: request });
    assert.ok(tiny.body.equals(whole.body));
    assert.ok(tiny.chunks.length > 50);
  });

  it('disconnect destroys the socket after N events', async () => {
    server.enqueue({ fault: { kind: 'disconnect', afterEvents: 3 } });
    const res = await rawRequest(server.url, { path: '/v1/messages', body: streamRequest });
    assert.strictEqual(res.status, 200);
    assert.strictEqual(res.complete, false);
    assert.deepStrictEqual(eventNames(res.text), ['message_start', 'content_block_start', 'ping']);
    await waitFor(() => log.length === 1, 'the log entry');
    assert.strictEqual(log[0]?.completed, false);
  });

  it('disconnect cuts a non-stream body in half, or drops the connection before headers', async () => {
    server.enqueue({ fault: { kind: 'disconnect', afterEvents: 1 } }, { fault: { kind: 'disconnect', afterEvents: 0, beforeHeaders: true } });
    const half = await rawRequest(server.url, { path: '/v1/messages', body: request });
    assert.strictEqual(half.complete, false);
    assert.ok(half.text.startsWith('{"id":"msg_'));
    assert.throws(() => JSON.parse(half.text) as unknown);
    await assert.rejects(rawRequest(server.url, { path: '/v1/messages', body: request }), /socket hang up|ECONNRESET/);
  });

  it('streamError sends event: error after N events and ends the stream normally', async () => {
    server.enqueue({ fault: { kind: 'streamError', afterEvents: 4 } });
    const res = await rawRequest(server.url, { path: '/v1/messages', body: streamRequest });
    assert.strictEqual(res.status, 200);
    assert.strictEqual(res.complete, true);
    const events = parseSseEvents(res.text);
    assert.deepStrictEqual(events.map((e) => e.event), ['message_start', 'content_block_start', 'ping', 'content_block_delta', 'error']);
    assert.strictEqual(events[4]?.data, '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}');
  });

  it('streamError on a non-stream request becomes the matching HTTP error', async () => {
    server.enqueue({ fault: { kind: 'streamError', afterEvents: 0, errorType: 'api_error', message: 'boom' } });
    const res = await rawRequest(server.url, { path: '/v1/messages', body: request });
    assert.strictEqual(res.status, 500);
    assert.deepStrictEqual((JSON.parse(res.text) as { error: unknown }).error, { type: 'api_error', message: 'boom' });
  });

  it('httpError sends the error body with retry headers', async () => {
    server.enqueue({ fault: { kind: 'httpError', status: 429, retryAfter: '7', retryAfterMs: '6500.5', shouldRetry: true } });
    const res = await rawRequest(server.url, { path: '/v1/messages', body: streamRequest });
    assert.strictEqual(res.status, 429);
    assert.strictEqual(res.headers['content-type'], 'application/json');
    assert.strictEqual(res.headers['retry-after'], '7');
    assert.strictEqual(res.headers['retry-after-ms'], '6500.5');
    assert.strictEqual(res.headers['x-should-retry'], 'true');
    const body = JSON.parse(res.text) as { type: string; error: { type: string; message: string }; request_id: string };
    assert.strictEqual(body.type, 'error');
    assert.strictEqual(body.error.type, 'rate_limit_error');
    assert.ok(body.error.message.length > 0);
    assert.strictEqual(body.request_id, res.headers['request-id']);
  });

  it('httpError picks the documented error type for each status', async () => {
    const expected: Record<number, string> = {
      400: 'invalid_request_error', 401: 'authentication_error', 402: 'billing_error', 403: 'permission_error',
      404: 'not_found_error', 408: 'invalid_request_error', 409: 'conflict_error', 413: 'request_too_large',
      429: 'rate_limit_error', 500: 'api_error', 502: 'api_error', 504: 'timeout_error', 529: 'overloaded_error',
    };
    for (const [status, type] of Object.entries(expected)) {
      assert.strictEqual(errorTypeForStatus(Number(status)), type);
      server.enqueue({ fault: { kind: 'httpError', status: Number(status), shouldRetry: false } });
      const res = await rawRequest(server.url, { path: '/v1/messages', body: request });
      assert.strictEqual(res.status, Number(status));
      assert.strictEqual((JSON.parse(res.text) as { error: { type: string } }).error.type, type);
      assert.strictEqual(res.headers['retry-after'], undefined);
      assert.strictEqual(res.headers['x-should-retry'], 'false');
    }
  });

  it('malformedJson breaks a data line (stream) or the body (non-stream) under HTTP 200', async () => {
    server.enqueue({ fault: { kind: 'malformedJson' } }, { fault: { kind: 'malformedJson' } });
    const streamed = await rawRequest(server.url, { path: '/v1/messages', body: streamRequest });
    assert.strictEqual(streamed.status, 200);
    const events = parseSseEvents(streamed.text);
    assert.doesNotThrow(() => JSON.parse(events[0]?.data ?? '') as unknown);
    assert.throws(() => JSON.parse(events[1]?.data ?? '') as unknown);
    const plain = await rawRequest(server.url, { path: '/v1/messages', body: request });
    assert.strictEqual(plain.status, 200);
    assert.throws(() => JSON.parse(plain.text) as unknown);
  });

  it('htmlError sends a reverse proxy page, 502 by default', async () => {
    server.enqueue({ fault: { kind: 'htmlError' } }, { fault: { kind: 'htmlError', status: 503 } });
    const first = await rawRequest(server.url, { path: '/v1/messages', body: streamRequest });
    assert.strictEqual(first.status, 502);
    assert.strictEqual(first.headers['content-type'], 'text/html');
    assert.match(first.text, /<title>502 Bad Gateway<\/title>/);
    assert.strictEqual((await rawRequest(server.url, { path: '/v1/messages', body: request })).status, 503);
  });

  it('echoKey repeats the key it was sent, in each place a gateway might', async () => {
    const key = 'gw-echo-0123456789';
    const headers = { 'x-api-key': key };
    server.enqueue(
      { fault: { kind: 'echoKey', where: 'httpError' } },
      { fault: { kind: 'echoKey', where: 'streamError', afterEvents: 1 } },
      { fault: { kind: 'echoKey', where: 'plainText', status: 403 } },
      { fault: { kind: 'echoKey', where: 'requestId', status: 400 } },
    );
    const http = await rawRequest(server.url, { path: '/v1/messages', body: request, headers });
    assert.strictEqual(http.status, 401);
    assert.ok(http.text.includes(key) && http.text.includes(`Bearer ${key}`), http.text);
    const stream = await rawRequest(server.url, { path: '/v1/messages', body: streamRequest, headers });
    assert.deepStrictEqual(eventNames(stream.text), ['message_start', 'error']);
    assert.ok(stream.text.includes(key), stream.text);
    const plain = await rawRequest(server.url, { path: '/v1/messages', body: request, headers });
    assert.deepStrictEqual([plain.status, plain.headers['content-type']], [403, 'text/plain']);
    assert.ok(plain.text.includes(key), plain.text);
    const requestId = await rawRequest(server.url, { path: '/v1/messages', body: request, headers });
    assert.strictEqual(requestId.headers['request-id'], `req_${key}`);
  });

  it('gatewayWrapped and emptyBody send what gateways send', async () => {
    server.enqueue({ fault: { kind: 'gatewayWrapped' } }, { fault: { kind: 'gatewayWrapped', status: 401, msg: 'invalid token' } }, { fault: { kind: 'emptyBody' } });
    const wrapped = await rawRequest(server.url, { path: '/v1/messages', body: request });
    assert.strictEqual(wrapped.status, 200);
    assert.deepStrictEqual(JSON.parse(wrapped.text), { code: 500, msg: 'upstream service error', data: null });
    const denied = await rawRequest(server.url, { path: '/v1/messages', body: request });
    assert.deepStrictEqual([denied.status, JSON.parse(denied.text)], [401, { code: 401, msg: 'invalid token', data: null }]);
    const empty = await rawRequest(server.url, { path: '/v1/messages', body: streamRequest });
    assert.deepStrictEqual([empty.status, empty.headers['content-length'], empty.text, empty.complete], [200, '0', '', true]);
  });

  it('hang sends headers and nothing more until the client aborts, and the socket then closes', async () => {
    server.enqueue({ fault: { kind: 'hang' } });
    const controller = new AbortController();
    const res = await fetch(`${server.url}/v1/messages`, { method: 'POST', body: JSON.stringify(streamRequest), signal: controller.signal });
    assert.strictEqual(res.status, 200);
    assert.strictEqual(res.headers.get('content-type'), 'text/event-stream');
    const reader = res.body?.getReader();
    assert.ok(reader);
    const pending = reader.read();
    const raced = await Promise.race([pending.then(() => 'data'), new Promise((resolve) => setTimeout(resolve, 200, 'idle'))]);
    assert.strictEqual(raced, 'idle');
    assert.strictEqual(server.openConnections(), 1);
    controller.abort();
    await assert.rejects(pending);
    await waitFor(() => server.openConnections() === 0, 'the socket to close');
    await waitFor(() => log.length === 1, 'the log entry');
    assert.strictEqual(log[0]?.completed, false);
  });

  it('hang before headers keeps the client waiting for the status line', async () => {
    server.enqueue({ fault: { kind: 'hang', beforeHeaders: true } });
    const controller = new AbortController();
    const response = fetch(`${server.url}/v1/messages`, { method: 'POST', body: JSON.stringify(request), signal: controller.signal });
    const raced = await Promise.race([response.then(() => 'headers'), new Promise((resolve) => setTimeout(resolve, 200, 'waiting'))]);
    assert.strictEqual(raced, 'waiting');
    controller.abort();
    await assert.rejects(response);
    await waitFor(() => server.openConnections() === 0, 'the socket to close');
  });

  it('delayMs waits before responding and status overrides the reply status', async () => {
    server.enqueue({ delayMs: 150, status: 201 });
    const started = Date.now();
    const res = await rawRequest(server.url, { path: '/v1/messages', body: request });
    assert.ok(Date.now() - started >= 140);
    assert.strictEqual(res.status, 201);
  });
});
