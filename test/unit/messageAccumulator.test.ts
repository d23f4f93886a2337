import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { MessageAccumulator, type StreamDelta } from '../../src/api/messageAccumulator';
import { sseEvents } from '../../src/api/sseEvents';
import type { Message, SseEvent } from '../../src/api/types';

const fixture = fs.readFileSync(path.resolve(__dirname, '../../../test/fixtures/thinking-text-tool.sse'));

const expected: Message = {
  id: 'msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY',
  type: 'message',
  role: 'assistant',
  model: 'claude-opus-4-8',
  content: [
    {
      type: 'thinking',
      thinking: 'I need to find the GCD of 1071 and 462 using the Euclidean algorithm.\n\n1071 = 2 × 462 + 147',
      signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds...',
    },
    { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP' },
    {
      type: 'text',
      text: 'Héllo friend — 日本語 ✓ 🎉',
      citations: [{ type: 'char_location', cited_text: 'Héllo', document_index: 0, document_title: 'Doc', start_char_index: 0, end_char_index: 5, file_id: null }],
    },
    { type: 'tool_use', id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather', input: { location: 'San Francisco, CA' } },
  ],
  stop_reason: 'tool_use',
  stop_sequence: null,
  usage: { input_tokens: 25, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 96, output_tokens_details: { thinking_tokens: 40 } },
};

async function* chunks(bytes: Buffer, splits: number[]): AsyncGenerator<Uint8Array> {
  let start = 0;
  for (const end of [...splits, bytes.length]) {
    yield bytes.subarray(start, end);
    start = end;
  }
}

async function accumulate(body: AsyncIterable<Uint8Array>): Promise<{ message: Message | undefined; deltas: StreamDelta[]; done: boolean }> {
  const accumulator = new MessageAccumulator();
  const deltas: StreamDelta[] = [];
  for await (const event of sseEvents(body)) {
    const delta = accumulator.apply(event);
    if (delta) deltas.push(delta);
  }
  return { message: accumulator.current, deltas, done: accumulator.done };
}

const event = (name: string, data: unknown): SseEvent => ({ event: name, data: JSON.stringify(data) });

describe('MessageAccumulator', () => {
  it('folds a recorded stream with every block type into the final message', async () => {
    const { message, done } = await accumulate(chunks(fixture, []));
    assert.ok(done);
    assert.deepStrictEqual(message, expected);
  });

  it('gives the same message for a split at every byte boundary', async () => {
    for (let split = 1; split < fixture.length; split++) {
      const { message } = await accumulate(chunks(fixture, [split]));
      assert.deepStrictEqual(message, expected, `split at byte ${split}`);
    }
  });

  it('gives the same message when the stream arrives one byte at a time', async () => {
    const everyByte = Array.from({ length: fixture.length - 1 }, (_, i) => i + 1);
    const { message } = await accumulate(chunks(fixture, everyByte));
    assert.deepStrictEqual(message, expected);
  });

  it('handles CRLF framing', async () => {
    const crlf = Buffer.from(fixture.toString('utf8').replace(/\n/g, '\r\n'));
    const { message } = await accumulate(chunks(crlf, [7, 100, 101]));
    assert.deepStrictEqual(message, expected);
  });

  it('reports typed deltas in order, text as it arrives', async () => {
    const { deltas } = await accumulate(chunks(fixture, []));
    assert.deepStrictEqual(
      deltas.map((d) => d.type),
      ['messageStart', 'blockStart', 'thinking', 'blockStop', 'blockStart', 'blockStop', 'blockStart', 'text', 'text', 'blockStop', 'blockStart', 'toolInput', 'toolInput', 'toolInput', 'blockStop', 'messageDelta', 'messageDelta'],
    );
    const texts = deltas.filter((d): d is Extract<StreamDelta, { type: 'text' }> => d.type === 'text').map((d) => d.text);
    assert.deepStrictEqual(texts, ['Héllo frien', 'd — 日本語 ✓ 🎉']);
  });

  it('keeps {} as tool input when no input_json_delta arrives', () => {
    const accumulator = new MessageAccumulator();
    accumulator.apply(event('message_start', { type: 'message_start', message: { id: 'm', type: 'message', role: 'assistant', content: [], model: 'x', stop_reason: null, stop_sequence: null, usage: { input_tokens: 1, output_tokens: 1 } } }));
    accumulator.apply(event('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 't', name: 'n', input: {} } }));
    accumulator.apply(event('content_block_stop', { type: 'content_block_stop', index: 0 }));
    assert.deepStrictEqual(accumulator.current?.content[0], { type: 'tool_use', id: 't', name: 'n', input: {} });
  });

  it('throws the provider\'s error for event: error, keeping what arrived before', () => {
    const accumulator = new MessageAccumulator();
    accumulator.apply(event('message_start', { type: 'message_start', message: { id: 'm', type: 'message', role: 'assistant', content: [], model: 'x', stop_reason: null, stop_sequence: null, usage: { input_tokens: 1, output_tokens: 1 } } }));
    accumulator.apply(event('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }));
    accumulator.apply(event('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'partial' } }));
    assert.throws(
      () => accumulator.apply(event('error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })),
      (error: Error & { errorType?: string }) => error.name === 'StreamErrorEvent' && error.message === 'Overloaded' && error.errorType === 'overloaded_error',
    );
    assert.strictEqual(accumulator.hasOutput, true);
    assert.deepStrictEqual(accumulator.current?.content[0], { type: 'text', text: 'partial' });
  });

  it('rejects data that is not JSON, and content before message_start', () => {
    assert.throws(() => new MessageAccumulator().apply({ event: 'message_start', data: '{"type":' }), /malformed stream/);
    assert.throws(
      () => new MessageAccumulator().apply(event('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } })),
      /before message_start/,
    );
  });
});
