import * as assert from 'assert';
import { FakeStreamer, type Script } from './fakeStreamer';
import type { StreamDelta } from '../../src/api/messageAccumulator';
import { errorFromResponse, StreamErrorEvent } from '../../src/api/apiError';
import { ChatSession, type SessionEvent } from '../../src/conversation/session';
import { requestTarget, type RequestContext } from '../../src/providers/requestContext';
import type { ChatOptions } from '../../src/conversation/turnRequest';
import { modelInfo } from '../../src/providers/modelCatalog';
import { turnText } from '../../src/webview/protocol';

const context: RequestContext = {
  endpoint: { baseUrl: 'https://api.anthropic.com', anthropicVersion: '2023-06-01' },
  credentials: { key: 'sk-test', headerStyle: 'x-api-key', source: 'SecretStorage' },
  model: 'claude-sonnet-4-5',
  // Server-side context management has tests of its own; these requests go without it.
  modelInfo: { ...modelInfo('claude-sonnet-4-5'), contextManagement: { clearToolUses: false, clearThinking: false, compact: false } },
  maxTokens: 256,
  host: 'api.anthropic.com',
};


/** A streamer that records requests and plays scripted deltas; no network. */

const start = (usage = { input_tokens: 10, output_tokens: 1 }): StreamDelta => ({ type: 'messageStart', message: { id: 'm', type: 'message', role: 'assistant', model: 'x', content: [], stop_reason: null, stop_sequence: null, usage } });
const textStart = (index = 0): StreamDelta => ({ type: 'blockStart', index, block: { type: 'text', text: '' } });
const text = (value: string, index = 0): StreamDelta => ({ type: 'text', index, text: value });

const texts = (...parts: string[]): Script => async ({ onDelta }) => {
  onDelta?.(start());
  onDelta?.(textStart());
  for (const part of parts) onDelta?.(text(part));
  onDelta?.({ type: 'messageDelta', stopReason: 'end_turn', usage: { input_tokens: 10, output_tokens: 5 } });
};

function setup(scripts: Script[], resolve: () => Promise<RequestContext> = async () => context, options: ChatOptions = { thinking: { enabled: false, budgetTokens: 4096, effort: 'high' } }) {
  const streamer = new FakeStreamer(scripts);
  const events: SessionEvent[] = [];
  let id = 0;
  const session = new ChatSession({ resolveTarget: async () => requestTarget(await resolve(), streamer), resolveOptions: () => options, emit: (event) => events.push(event), newId: () => `c${++id}` });
  return { streamer, events, session };
}

describe('ChatSession', () => {
  it('sends the transcript as a streaming request and emits the reply block by block', async () => {
    const { streamer, events, session } = setup([texts('Hel', 'lo')]);
    await session.send('  Hi there  ');
    assert.deepStrictEqual(streamer.body(0), {
      model: 'claude-sonnet-4-5', max_tokens: 256, stream: true, messages: [{ role: 'user', content: 'Hi there' }],
    });
    assert.deepStrictEqual(events.map((e) => e.type), ['turnAdded', 'conversation', 'busy', 'turnAdded', 'blockStarted', 'blockDelta', 'blockDelta', 'turnMeta', 'busy']);
    assert.deepStrictEqual(session.transcript.map((t) => [t.role, turnText(t), t.status]), [['user', 'Hi there', 'done'], ['assistant', 'Hello', 'done']]);
    assert.strictEqual(session.conversation.title, 'Hi there');
    assert.strictEqual(session.busy, false);
  });

  it('records usage and its cost from the model\'s prices', async () => {
    const { session } = setup([texts('ok')]);
    await session.send('hi');
    // Sonnet 4.5: $3 in, $15 out per million tokens.
    assert.deepStrictEqual(session.transcript[1].usage, { inputTokens: 10, outputTokens: 5, cacheWriteTokens: 0, cacheReadTokens: 0, costUsd: (10 * 3 + 5 * 15) / 1e6 });
  });

  it('carries earlier turns into the next request', async () => {
    const { streamer, session } = setup([texts('One'), texts('Two')]);
    await session.send('first');
    await session.send('second');
    assert.deepStrictEqual(streamer.body(1).messages, [
      { role: 'user', content: 'first' }, { role: 'assistant', content: [{ type: 'text', text: 'One' }] }, { role: 'user', content: 'second' },
    ]);
  });

  it('sends images before the text, as image blocks', async () => {
    const { streamer, session } = setup([texts('A cat.')]);
    await session.send('What is this?', [{ mediaType: 'image/png', data: 'iVBORw0KGgo=', name: 'cat.png' }]);
    assert.deepStrictEqual(streamer.body(0).messages, [{ role: 'user', content: [
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      // An image may be up to 1,600 tokens: enough of a prefix to cache on this model.
      { type: 'text', text: 'What is this?', cache_control: { type: 'ephemeral' } },
    ] }]);
  });

  it('stops on request, keeping the text already shown', async () => {
    let release: () => void = () => undefined;
    const { session } = setup([async ({ onDelta, signal }) => {
      onDelta?.(start());
      onDelta?.(textStart());
      onDelta?.(text('partial'));
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
    assert.deepStrictEqual([turnText(reply), reply.status, reply.error], ['partial', 'stopped', undefined]);
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
    assert.deepStrictEqual(session.transcript.map(turnText), ['hello', 'Recovered']);
    assert.strictEqual(streamer.requests.length, 2);
    assert.deepStrictEqual(streamer.body(1).messages, [{ role: 'user', content: 'hello' }]);
  });

  it('offers Continue after a mid-stream error, and continues a 4.5 model by prefill into the same text', async () => {
    const { streamer, session } = setup([
      async ({ onDelta }) => {
        onDelta?.(start());
        onDelta?.(textStart());
        onDelta?.(text('The first half '));
        throw new StreamErrorEvent({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
      },
      texts('and the second half.'),
    ]);
    await session.send('Tell me');
    const reply = session.transcript[1];
    assert.deepStrictEqual([reply.status, reply.error?.actions], ['error', ['continue', 'retry']]);
    await session.continueReply();
    assert.deepStrictEqual(streamer.body(1).messages, [{ role: 'user', content: 'Tell me' }, { role: 'assistant', content: 'The first half' }]);
    assert.deepStrictEqual([reply.status, reply.blocks.length, turnText(reply)], ['done', 1, 'The first half and the second half.']);
    assert.strictEqual(reply.error, undefined);
    assert.strictEqual(reply.usage?.inputTokens, 20, 'both requests are counted');
  });

  it('continues a 4.6 model with a user message quoting the partial text (prefill returns 400 there)', async () => {
    const newer = { ...context, model: 'claude-sonnet-4-6', modelInfo: modelInfo('claude-sonnet-4-6') };
    const { streamer, session } = setup([
      async ({ onDelta }) => { onDelta?.(start()); onDelta?.(textStart()); onDelta?.(text('Half')); throw new StreamErrorEvent({ type: 'error', error: { type: 'overloaded_error', message: 'x' } }); },
      texts(' done'),
    ], async () => newer);
    await session.send('Q');
    await session.continueReply();
    const messages = streamer.body(1).messages as Array<{ role: string; content: string }>;
    assert.deepStrictEqual(messages.map((m) => m.role), ['user', 'user']);
    assert.match(messages[1].content, /<partial_reply>\nHalf\n<\/partial_reply>/);
  });

  it('regenerates the last reply and edits and resends a user message, dropping what followed', async () => {
    const { streamer, events, session } = setup([texts('A1'), texts('A2'), texts('A1 again'), texts('B1')]);
    await session.send('Q1');
    await session.send('Q2');
    await session.regenerate(session.transcript[1].id); // not the last reply: ignored
    assert.strictEqual(streamer.requests.length, 2);
    await session.regenerate(session.transcript[3].id);
    assert.deepStrictEqual(session.transcript.map(turnText), ['Q1', 'A1', 'Q2', 'A1 again']);
    await session.editResend(session.transcript[0].id, 'Q1 edited');
    assert.deepStrictEqual(session.transcript.map(turnText), ['Q1 edited', 'B1']);
    assert.deepStrictEqual(streamer.body(3).messages, [{ role: 'user', content: 'Q1 edited' }]);
    assert.deepStrictEqual(events.filter((e) => e.type === 'turnsTruncated'), [{ type: 'turnsTruncated', keep: 3 }, { type: 'turnsTruncated', keep: 0 }]);
  });

  it('streams thinking and redacted thinking, and sends them back byte for byte while thinking is on', async () => {
    const thinkingOn: ChatOptions = { thinking: { enabled: true, budgetTokens: 2048, effort: 'high' } };
    const { streamer, session } = setup([
      async ({ onDelta }) => {
        onDelta?.(start());
        onDelta?.({ type: 'blockStart', index: 0, block: { type: 'thinking', thinking: '', signature: '' } });
        onDelta?.({ type: 'thinking', index: 0, thinking: 'Let me see.' });
        onDelta?.({ type: 'blockStop', index: 0, block: { type: 'thinking', thinking: 'Let me see.', signature: 'sig-1' } });
        onDelta?.({ type: 'blockStart', index: 1, block: { type: 'redacted_thinking', data: 'opaque' } });
        onDelta?.({ type: 'blockStop', index: 1, block: { type: 'redacted_thinking', data: 'opaque' } });
        onDelta?.(textStart(2));
        onDelta?.(text('Answer', 2));
      },
      texts('Second'),
    ], async () => context, thinkingOn);
    await session.send('Think');
    await session.send('Again');
    const body = streamer.body(1);
    assert.deepStrictEqual(body.thinking, { type: 'enabled', budget_tokens: 2048 });
    assert.strictEqual(body.max_tokens, 256 + 2048);
    assert.deepStrictEqual((body.messages as unknown[])[1], { role: 'assistant', content: [
      { type: 'thinking', thinking: 'Let me see.', signature: 'sig-1' },
      { type: 'redacted_thinking', data: 'opaque' },
      { type: 'text', text: 'Answer' },
    ] });
  });

  it('asks for a key instead of sending when none is set', async () => {
    const { streamer, session } = setup([], async () => ({ ...context, credentials: undefined }));
    await session.send('hello');
    assert.strictEqual(streamer.requests.length, 0);
    assert.deepStrictEqual(session.transcript[1].error?.actions, ['setApiKey']);
  });

  it('ignores empty text, and hands a second send back while busy instead of dropping it', async () => {
    const { streamer, events, session } = setup([texts('a')]);
    await session.send('   ');
    assert.strictEqual(session.transcript.length, 0);
    const first = session.send('one');
    const image = { mediaType: 'image/png' as const, data: 'iVBORw0KGgo=', name: 'shot.png' };
    await session.send('code\n\ntwo ', [image], { chips: [], length: 6 });
    await first;
    assert.strictEqual(streamer.requests.length, 1);
    assert.deepStrictEqual(session.transcript.filter((turn) => turn.role === 'user').map(turnText), ['one']);
    const unsent = events.filter((event) => event.type === 'unsent');
    assert.strictEqual(unsent.length, 1);
    // What the user wrote comes back, without the attached context that led it, with its images.
    assert.deepStrictEqual({ ...unsent[0], reason: undefined }, { type: 'unsent', text: 'two', images: [image], reason: undefined });
    assert.match(unsent[0].type === 'unsent' ? unsent[0].reason : '', /not sent: a reply is still running/);
    assert.strictEqual(session.handBackIfBusy('three'), false, 'idle again: nothing to hand back');
  });

  it('New Chat mid-stream ends the reply as stopped and drops its later events', async () => {
    let release: () => void = () => undefined;
    const { events, session } = setup([async ({ onDelta, signal }) => {
      onDelta?.(start());
      onDelta?.(textStart());
      onDelta?.(text('partial'));
      await new Promise<void>((resolve) => { release = resolve; });
      onDelta?.(text(' late'));
      if (signal?.aborted) throw signal.reason;
    }]);
    const sending = session.send('go');
    await new Promise((resolve) => setImmediate(resolve));
    const old = session.conversation;
    session.startNew();
    assert.strictEqual(session.busy, false);
    const after = events.length;
    release();
    await sending;
    assert.strictEqual(events.length, after, 'no events for the old conversation');
    assert.deepStrictEqual([old.turns[1].status, turnText(old.turns[1])], ['stopped', 'partial']);
    assert.strictEqual(session.transcript.length, 0);
    assert.notStrictEqual(session.conversation.id, old.id);
  });
});
