// A child process for bench:client: the mock Messages API answering every request with the same
// large recorded stream, so that the process under measurement only reads.
import { MockMessagesServer } from '../../test/mock/server';

export const EVENTS = 40_000;

/** A text reply of `events` deltas, about 175 bytes each on the wire: ~7 MB. */
export function largeStream(events: number): string {
  const frame = (name: string, data: unknown): string => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
  const parts = [
    frame('message_start', { type: 'message_start', message: { id: 'msg_bench', type: 'message', role: 'assistant', content: [], model: 'claude-sonnet-4-5', stop_reason: null, stop_sequence: null, usage: { input_tokens: 10, output_tokens: 1 } } }),
    frame('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
  ];
  for (let i = 0; i < events; i++) {
    const text = `Line ${i}: the quick brown fox jumps over the lazy dog, “quoted”, é ✓ ${'x'.repeat(i % 9)}\n`;
    parts.push(frame('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }));
    if (i % 5000 === 0) parts.push(frame('ping', { type: 'ping' }));
  }
  parts.push(frame('content_block_stop', { type: 'content_block_stop', index: 0 }));
  parts.push(frame('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: events } }));
  parts.push(frame('message_stop', { type: 'message_stop' }));
  return parts.join('');
}

async function main(): Promise<void> {
  const rawSse = largeStream(EVENTS);
  const server = await MockMessagesServer.start();
  server.enqueue(...Array.from({ length: 200 }, () => ({ reply: { rawSse }, fault: { kind: 'bulkChunks' as const, chunkBytes: 1024 * 1024 } })));
  console.log(`MOCK_URL=${server.url} BYTES=${Buffer.byteLength(rawSse)}`);
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
}

if (require.main === module) void main();
