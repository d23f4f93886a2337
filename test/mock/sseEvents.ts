// Test helper: SSE text to events with eventsource-parser (the same framing library the client uses),
// and a minimal accumulator that rebuilds the message a stream describes.
import { createParser, type EventSourceMessage } from 'eventsource-parser';

export interface ParsedEvent {
  event: string | undefined;
  data: string;
}

/** Parses a whole SSE body; pass it in pieces to check that framing survives any split. */
export function parseSseEvents(...pieces: string[]): ParsedEvent[] {
  const events: ParsedEvent[] = [];
  const parser = createParser({
    onEvent: (message: EventSourceMessage) => events.push({ event: message.event, data: message.data }),
  });
  for (const piece of pieces) parser.feed(piece);
  return events;
}

type Json = Record<string, unknown>;

function asRecord(value: unknown): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`expected an object, got ${JSON.stringify(value)}`);
  return value as Json;
}

/** Rebuilds the final message from stream events the way the streaming documentation describes. */
export function accumulateMessage(events: readonly ParsedEvent[]): Json {
  let message: Json | undefined;
  const content: (Json | undefined)[] = [];
  const toolJson = new Map<number, string>();
  for (const { data } of events) {
    const event = asRecord(JSON.parse(data) as unknown);
    const index = typeof event.index === 'number' ? event.index : -1;
    switch (event.type) {
      case 'message_start':
        message = { ...asRecord(event.message) };
        break;
      case 'content_block_start':
        content[index] = { ...asRecord(event.content_block) };
        break;
      case 'content_block_delta': {
        const delta = asRecord(event.delta);
        const block = content[index];
        if (!block) throw new Error(`delta for unopened block ${String(index)}`);
        if (delta.type === 'text_delta') block.text = String(block.text) + String(delta.text);
        else if (delta.type === 'thinking_delta') block.thinking = String(block.thinking) + String(delta.thinking);
        else if (delta.type === 'signature_delta') block.signature = delta.signature;
        else if (delta.type === 'input_json_delta') toolJson.set(index, (toolJson.get(index) ?? '') + String(delta.partial_json));
        break;
      }
      case 'content_block_stop': {
        const json = toolJson.get(index);
        const block = content[index];
        if (json !== undefined && block) block.input = json === '' ? {} : (JSON.parse(json) as unknown);
        break;
      }
      case 'message_delta': {
        if (!message) throw new Error('message_delta before message_start');
        const delta = asRecord(event.delta);
        message.stop_reason = delta.stop_reason;
        message.stop_sequence = delta.stop_sequence;
        message.usage = { ...asRecord(message.usage), ...asRecord(event.usage) };
        break;
      }
      default:
        break;
    }
  }
  if (!message) throw new Error('no message_start');
  return { ...message, content };
}
