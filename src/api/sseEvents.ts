// Frames a byte stream into server-sent events with eventsource-parser. Pure.
import { createParser } from 'eventsource-parser';
import type { SseEvent } from './types';

/** Yields each event as soon as its terminating blank line has arrived. */
export async function* sseEvents(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseEvent> {
  for await (const batch of sseEventBatches(body)) yield* batch;
}

/**
 * Yields the events completed by each chunk, as one array: a chunk often holds hundreds of events,
 * and one await per chunk instead of per event is most of the client's speed.
 */
export async function* sseEventBatches(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseEvent[]> {
  const decoder = new TextDecoder();
  let pending: SseEvent[] = [];
  const parser = createParser({
    onEvent: (message) => {
      pending.push({ event: message.event ?? 'message', data: message.data });
    },
  });
  for await (const chunk of body) {
    // `stream: true` keeps a multi-byte character that is split across chunks intact.
    parser.feed(decoder.decode(chunk, { stream: true }));
    if (pending.length > 0) {
      const ready = pending;
      pending = [];
      yield ready;
    }
  }
  parser.feed(decoder.decode());
  if (pending.length > 0) yield pending;
}
