// The real client against the mock Messages API over loopback HTTP, faults included.
import * as assert from 'assert';
import { MessagesClient, type ClientSettings } from '../../src/api/messagesClient';
import type { StreamDelta } from '../../src/api/messageAccumulator';
import { buildMessagesRequest } from '../../src/api/messagesRequest';
import { textReply, thinkingReply } from '../mock/server';
import { mockServerForSuite } from '../mock/suiteServer';
import { directSettings, keepingLog } from './loopbackClient';

const KEY = 'sk-ant-test-0123456789-secret';
/** Direct connections, short timeouts. */
const settings = (overrides: Partial<ClientSettings> = {}): ClientSettings => directSettings({ connectTimeoutMs: 2_000, idleTimeoutMs: 2_000, ...overrides });

describe('MessagesClient over loopback', function () {
  this.timeout(15_000);
  const server = mockServerForSuite({ apiKey: KEY });
  let logLines: string[];
  let client: MessagesClient;

  beforeEach(() => {
    logLines = [];
    client = new MessagesClient(keepingLog(logLines), settings());
  });
  afterEach(async () => {
    await client.close();
  });

  const request = (key = KEY) =>
    buildMessagesRequest(
      { baseUrl: server.url, anthropicVersion: '2023-06-01' },
      { key, headerStyle: 'x-api-key', source: 'SecretStorage' },
      { model: 'claude-sonnet-4-5', max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'Hello?' }] },
    );

  const textOf = (deltas: StreamDelta[]) => deltas.map((d) => (d.type === 'text' ? d.text : '')).join('');

  it('streams a reply, reporting text as it arrives, and sends exactly the built request', async () => {
    server.enqueue({ reply: textReply('The quick brown fox jumps over the lazy dog. ✓ 日本語', { chunkSize: 5 }) });
    const deltas: StreamDelta[] = [];
    const result = await client.streamMessage(request(), { onDelta: (d) => deltas.push(d) });
    assert.strictEqual(result.status, 200);
    assert.match(result.requestId ?? '', /^req_/);
    assert.deepStrictEqual(result.message.content, [{ type: 'text', text: 'The quick brown fox jumps over the lazy dog. ✓ 日本語' }]);
    assert.strictEqual(result.message.stop_reason, 'end_turn');
    assert.ok(deltas.filter((d) => d.type === 'text').length >= 5, 'text came in several deltas');
    assert.strictEqual(textOf(deltas), 'The quick brown fox jumps over the lazy dog. ✓ 日本語');
    const recorded = server.requests[0];
    assert.strictEqual(recorded.headers['x-api-key'], KEY);
    assert.strictEqual(recorded.headers['anthropic-version'], '2023-06-01');
    assert.strictEqual(recorded.headers['authorization'], undefined);
    assert.deepStrictEqual(recorded.body, JSON.parse(request().body));
  });

  it('keeps thinking with its signature', async () => {
    server.enqueue({ reply: thinkingReply('Let me think.', 'Answer.', { signature: 'sig-123' }) });
    const { message } = await client.streamMessage(request());
    assert.deepStrictEqual(message.content, [
      { type: 'thinking', thinking: 'Let me think.', signature: 'sig-123' },
      { type: 'text', text: 'Answer.' },
    ]);
  });

  it('reassembles a body written a few bytes at a time', async () => {
    const text = 'Splitting inside “multi-byte” characters: ✓ 🎉 日本語 '.repeat(5);
    server.enqueue({ reply: textReply(text), fault: { kind: 'tinyChunks', maxBytes: 3 } });
    const { message } = await client.streamMessage(request());
    assert.deepStrictEqual(message.content, [{ type: 'text', text }]);
  });

  it('reports the provider\'s message and request id for an HTTP error', async () => {
    await assert.rejects(client.streamMessage(request('sk-wrong')), (error: Error & { status?: number; requestId?: string; errorType?: string }) => {
      assert.strictEqual(error.name, 'ApiError');
      assert.strictEqual(error.status, 401);
      assert.strictEqual(error.errorType, 'authentication_error');
      assert.match(error.requestId ?? '', /^req_/);
      return true;
    });
  });

  it('turns an HTML error page into an ApiError with an excerpt', async () => {
    server.enqueue({ fault: { kind: 'htmlError', status: 403 } });
    await assert.rejects(client.streamMessage(request()), (error: Error & { status?: number; bodyExcerpt?: string }) =>
      error.name === 'ApiError' && error.status === 403 && /HTML page/.test(error.message) && (error.bodyExcerpt ?? '').length > 0,
    );
  });

  it('delivers the text before an event: error, then throws it', async () => {
    server.enqueue({ reply: textReply('abcdefghijklmnopqrstuvwxyz', { chunkSize: 2 }), fault: { kind: 'streamError', afterEvents: 5 } });
    const deltas: StreamDelta[] = [];
    await assert.rejects(client.streamMessage(request(), { onDelta: (d) => deltas.push(d) }), (error: Error & { errorType?: string }) =>
      error.name === 'StreamErrorEvent' && error.errorType === 'overloaded_error',
    );
    assert.ok(textOf(deltas).length > 0, 'text before the error was delivered');
  });

  it('reports a cut connection as a ConnectionError after delivering what came', async () => {
    server.enqueue({ reply: textReply('abcdefghijklmnopqrstuvwxyz', { chunkSize: 2 }), fault: { kind: 'disconnect', afterEvents: 6 } });
    const deltas: StreamDelta[] = [];
    await assert.rejects(client.streamMessage(request(), { onDelta: (d) => deltas.push(d) }), { name: 'ConnectionError' });
    assert.ok(textOf(deltas).length > 0);
  });

  it('reports malformed JSON in the stream', async () => {
    server.enqueue({ fault: { kind: 'malformedJson' } });
    await assert.rejects(client.streamMessage(request()), { name: 'MalformedStreamError' });
  });

  it('times out when the provider goes silent', async () => {
    const impatient = new MessagesClient({ info: () => undefined, warn: () => undefined }, settings({ idleTimeoutMs: 300, maxRetries: 0 }));
    server.enqueue({ fault: { kind: 'hang' } });
    await assert.rejects(impatient.streamMessage(request()), (error: Error) => error.name === 'ConnectionError' && /timed out/.test(error.message));
    await impatient.close();
  });

  it('aborts on Stop and closes the socket', async () => {
    server.enqueue({ reply: textReply('x'.repeat(400), { chunkSize: 4 }), fault: { kind: 'slowChunks', delayMs: 30 } });
    const controller = new AbortController();
    let abortedAt = 0;
    const streaming = client.streamMessage(request(), {
      signal: controller.signal,
      onDelta: (d) => {
        if (d.type === 'text' && !abortedAt) {
          abortedAt = performance.now();
          controller.abort();
        }
      },
    });
    await assert.rejects(streaming, (error: Error) => error.name === 'AbortError');
    // The promise: Stop ends the request within 100 ms (it takes about 1 ms; the rest of the
    // stream would take 3 s).
    const abortMs = performance.now() - abortedAt;
    assert.ok(abortMs < 100, `aborted after ${abortMs.toFixed(1)} ms`);
    for (let i = 0; i < 50 && server.openConnections() > 0; i++) await new Promise((r) => setTimeout(r, 5));
    assert.strictEqual(server.openConnections(), 0, 'the socket was closed');
  });

  it('logs one line per request, never the key', async () => {
    server.enqueue({ reply: textReply('ok') }, { fault: { kind: 'httpError', status: 429, retryAfterMs: '5' } });
    await client.streamMessage(request());
    await client.streamMessage(request());
    await assert.rejects(client.streamMessage(request('sk-wrong')));
    const requestLines = logLines.filter((line) => line.startsWith('POST '));
    assert.strictEqual(requestLines.length, 3);
    assert.match(requestLines[0], /^POST \/v1\/messages model=claude-sonnet-4-5 status=200 request-id=req_\S+ ttfb=\d+ms total=\d+ms tokens-in=\d+ tokens-out=\d+ stop=end_turn retries=0$/);
    assert.match(requestLines[1], /status=200 .*retries=1$/);
    assert.match(requestLines[2], /status=401 .*retries=0$/);
    for (const line of logLines) assert.ok(!line.includes(KEY) && !line.includes('secret'), line);
  });

  describe('retries before any output', () => {
    const retryDeltas = (deltas: StreamDelta[]) => deltas.filter((d) => d.type === 'retry');

    it('retries a 529 after the provider\'s retry-after-ms, telling the caller', async () => {
      server.enqueue({ fault: { kind: 'httpError', status: 529, retryAfterMs: '20' } }, { reply: textReply('second time lucky') });
      const deltas: StreamDelta[] = [];
      const result = await client.streamMessage(request(), { onDelta: (d) => deltas.push(d) });
      assert.strictEqual(result.retries, 1);
      assert.strictEqual(textOf(deltas), 'second time lucky');
      assert.deepStrictEqual(retryDeltas(deltas).map((d) => d.type === 'retry' && [d.attempt, d.delayMs]), [[1, 20]]);
      assert.strictEqual(server.requests.length, 2);
    });

    it('retries connection failures and error events that come before any text', async () => {
      server.enqueue(
        { fault: { kind: 'disconnect', afterEvents: 0, beforeHeaders: true } },
        { reply: textReply('abc'), fault: { kind: 'streamError', afterEvents: 1 } },
        { reply: textReply('finally') },
      );
      const fast = new MessagesClient({ info: () => undefined, warn: () => undefined }, settings({ maxRetries: 2 }));
      const result = await fast.streamMessage(request());
      await fast.close();
      assert.strictEqual(result.retries, 2);
      assert.deepStrictEqual(result.message.content, [{ type: 'text', text: 'finally' }]);
    });

    it('never retries 400, 401, 403, 404 or 413', async () => {
      for (const status of [400, 401, 403, 404, 413]) {
        server.reset();
        server.enqueue({ fault: { kind: 'httpError', status, retryAfterMs: '1' } });
        await assert.rejects(client.streamMessage(request()), (error: Error & { status?: number }) => error.status === status);
        assert.strictEqual(server.requests.length, 1, `status ${status} was sent once`);
      }
    });

    it('obeys x-should-retry: false, and gives up after the configured number of retries', async () => {
      server.enqueue({ fault: { kind: 'httpError', status: 503, shouldRetry: false } });
      await assert.rejects(client.streamMessage(request()), { status: 503 });
      assert.strictEqual(server.requests.length, 1);
      server.reset();
      const overloaded = { fault: { kind: 'httpError' as const, status: 529, retryAfterMs: '1' } };
      server.enqueue(overloaded, overloaded, overloaded, overloaded);
      await assert.rejects(client.streamMessage(request()), { status: 529 });
      assert.strictEqual(server.requests.length, 3, 'one attempt and two retries');
    });

    it('does not retry once text has been shown: the partial reply is the caller\'s to keep', async () => {
      server.enqueue({ reply: textReply('abcdefghij', { chunkSize: 2 }), fault: { kind: 'streamError', afterEvents: 4 } });
      const deltas: StreamDelta[] = [];
      await assert.rejects(client.streamMessage(request(), { onDelta: (d) => deltas.push(d) }), { name: 'StreamErrorEvent' });
      assert.strictEqual(server.requests.length, 1);
      assert.ok(textOf(deltas).length > 0);
      assert.strictEqual(retryDeltas(deltas).length, 0);
    });

    it('stops waiting to retry when the user stops', async () => {
      server.enqueue({ fault: { kind: 'httpError', status: 529, retryAfter: '30' } });
      const controller = new AbortController();
      const streaming = client.streamMessage(request(), { signal: controller.signal, onDelta: (d) => d.type === 'retry' && controller.abort() });
      await assert.rejects(streaming, (error: Error) => error.name === 'AbortError');
      assert.strictEqual(server.requests.length, 1);
    });
  });
});
