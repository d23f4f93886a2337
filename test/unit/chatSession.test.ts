import * as assert from 'assert';
import type { StreamOptions, StreamResult } from '../../src/api/messagesClient';
import type { HttpRequest } from '../../src/api/messagesRequest';
import { errorFromResponse } from '../../src/api/apiError';
import { ChatSession, type RequestContext, type SessionEvent } from '../../src/chat/chatSession';
import { modelInfo } from '../../src/providers/modelCatalog';

const context: RequestContext = {
  endpoint: { baseUrl: 'https://api.anthropic.com', anthropicVersion: '2023-06-01' },
  credentials: { key: 'sk-test', headerStyle: 'x-api-key', source: 'SecretStorage' },
  model: 'claude-sonnet-4-5',
  modelInfo: modelInfo('claude-sonnet-4-5'),
  maxTokens: 256,
  host: 'api.anthropic.com',
};

type Script = (options: StreamOptions) => Promise<void>;

/** A streamer that records requests and plays scripted deltas; no network. */
class FakeStreamer {
  readonly requests: HttpRequest[] = [];
  constructor(private readonly scripts: Script[]) {}
  async streamMessage(http: HttpRequest, options: StreamOptions): Promise<StreamResult> {
    this.requests.push(http);
    const script = this.scripts.shift();
    if (!script) throw new Error('no script');
    await script(options);
    return { message: {} as StreamResult['message'], status: 200, requestId: 'req_1', retries: 0 };
  }
}

const texts = (...parts: string[]): Script => async ({ onDelta }) => {
  for (const text of parts) onDelta?.({ type: 'text', index: 0, text });
};

function setup(scripts: Script[], resolve: () => Promise<RequestContext> = async () => context) {
  const streamer = new FakeStreamer(scripts);
  const events: SessionEvent[] = [];
  const session = new ChatSession(streamer, resolve, (event) => events.push(event));
  return { streamer, events, session };
}

describe('ChatSession', () => {
  it('sends the transcript as a streaming request and emits the reply as it arrives', async () => {
    const { streamer, events, session } = setup([texts('Hel', 'lo')]);
    await session.send('  Hi there  ');
    assert.deepStrictEqual(JSON.parse(streamer.requests[0].body), {
      model: 'claude-sonnet-4-5', max_tokens: 256, stream: true, messages: [{ role: 'user', content: 'Hi there' }],
    });
    assert.deepStrictEqual(events.map((e) => e.type), ['turnAdded', 'busy', 'turnAdded', 'turnText', 'turnText', 'turnUpdated', 'busy']);
    assert.deepStrictEqual(session.transcript.map((t) => [t.role, t.text, t.status]), [['user', 'Hi there', 'done'], ['assistant', 'Hello', 'done']]);
    assert.strictEqual(session.busy, false);
  });

  it('carries earlier turns into the next request', async () => {
    const { streamer, session } = setup([texts('One'), texts('Two')]);
    await session.send('first');
    await session.send('second');
    assert.deepStrictEqual(JSON.parse(streamer.requests[1].body).messages, [
      { role: 'user', content: 'first' }, { role: 'assistant', content: 'One' }, { role: 'user', content: 'second' },
    ]);
  });

  it('stops on request, keeping the text already shown', async () => {
    let release: () => void = () => undefined;
    const { session } = setup([async ({ onDelta, signal }) => {
      onDelta?.({ type: 'text', index: 0, text: 'partial' });
      await new Promise<void>((resolve) => { release = resolve; });
      if (signal?.aborted) throw signal.reason;
    }]);
    const sending = session.send('go');
    await new Promise((resolve) => setImmediate(resolve));
    assert.strictEqual(session.busy, true);
    session.stop();
    release();
    await sending;
    const reply = session.transcript[1];
    assert.deepStrictEqual([reply.text, reply.status, reply.error], ['partial', 'stopped', undefined]);
  });

  it('turns an HTTP error into advice in the transcript, and Retry asks again', async () => {
    const { streamer, session } = setup([
      async () => { throw errorFromResponse(529, 'req_x', '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}'); },
      texts('Recovered'),
    ]);
    await session.send('hello');
    assert.strictEqual(session.transcript[1].status, 'error');
    assert.match(session.transcript[1].error?.detail ?? '', /Overloaded/);
    await session.retry();
    assert.deepStrictEqual(session.transcript.map((t) => t.text), ['hello', 'Recovered']);
    assert.strictEqual(streamer.requests.length, 2);
    assert.deepStrictEqual(JSON.parse(streamer.requests[1].body).messages, [{ role: 'user', content: 'hello' }]);
  });

  it('asks for a key instead of sending when none is set', async () => {
    const { streamer, session } = setup([], async () => ({ ...context, credentials: undefined }));
    await session.send('hello');
    assert.strictEqual(streamer.requests.length, 0);
    assert.deepStrictEqual(session.transcript[1].error?.actions, ['setApiKey']);
  });

  it('ignores empty text and a second send while busy', async () => {
    const { streamer, session } = setup([texts('a')]);
    await session.send('   ');
    assert.strictEqual(session.transcript.length, 0);
    const first = session.send('one');
    await session.send('two');
    await first;
    assert.strictEqual(streamer.requests.length, 1);
  });

  it('clears the conversation', async () => {
    const { session } = setup([texts('a')]);
    await session.send('one');
    session.clear();
    assert.strictEqual(session.transcript.length, 0);
  });
});
