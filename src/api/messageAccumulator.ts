// Folds Messages API stream events into the final message and reports typed deltas. Pure.
import { MalformedStreamError, StreamErrorEvent } from './apiError';
import type { ContentBlock, Message, OtherBlock, SseEvent, ToolUseBlock, Usage } from './types';

export type StreamDelta =
  | { type: 'messageStart'; message: Message }
  | { type: 'blockStart'; index: number; block: ContentBlock | OtherBlock }
  | { type: 'text'; index: number; text: string }
  | { type: 'thinking'; index: number; thinking: string }
  | { type: 'toolInput'; index: number; partialJson: string }
  /** `inputIncomplete`: a tool call's input JSON was cut off (max_tokens); its input stays `{}`. */
  | { type: 'blockStop'; index: number; block: ContentBlock | OtherBlock; inputIncomplete?: true }
  | { type: 'messageDelta'; stopReason: string | null; usage: Usage }
  /** The attempt failed before any output; the next one starts after `delayMs`. */
  | { type: 'retry'; attempt: number; delayMs: number; reason: string };

type Json = Record<string, unknown>;

export class MessageAccumulator {
  private message: Message | undefined;
  private readonly toolJson = new Map<number, string>();
  private stopped = false;

  /** The message so far: complete once `done` is true, partial before. */
  get current(): Message | undefined {
    return this.message;
  }

  get done(): boolean {
    return this.stopped;
  }

  /** Whether any text, thinking or tool input has arrived, i.e. something may have reached the user. */
  get hasOutput(): boolean {
    return this.message?.content.some((block) => blockHasOutput(block)) ?? false;
  }

  /** Applies one event; returns the delta it produced, if any. Throws on `event: error`. */
  apply(event: SseEvent): StreamDelta | undefined {
    if (event.event === 'ping') return undefined;
    if (event.event === 'content_block_delta') {
      const fast = fastTextDelta(event.data);
      if (fast !== undefined) return this.appendText(fast.index, fast.text);
    }
    const data = parseEventData(event);
    switch (event.event) {
      case 'error':
        throw new StreamErrorEvent(data);
      case 'message_start':
        this.message = normaliseMessage(data.message as Json);
        return { type: 'messageStart', message: this.message };
      case 'content_block_start':
        return this.startBlock(data.index as number, data.content_block as Json);
      case 'content_block_delta':
        return this.applyBlockDelta(data.index as number, data.delta as Json);
      case 'content_block_stop':
        return this.stopBlock(data.index as number);
      case 'message_delta':
        return this.applyMessageDelta(data);
      case 'message_stop':
        this.stopped = true;
        return undefined;
      default:
        // New event types may be added to the API; they are ignored.
        return undefined;
    }
  }

  private requireMessage(): Message {
    if (!this.message) throw new MalformedStreamError('content arrived before message_start');
    return this.message;
  }

  private startBlock(index: number, block: Json): StreamDelta {
    const message = this.requireMessage();
    const copy = { ...block } as ContentBlock | OtherBlock;
    message.content[index] = copy;
    if (copy.type === 'tool_use' || copy.type === 'server_tool_use') this.toolJson.set(index, '');
    return { type: 'blockStart', index, block: copy };
  }

  private applyBlockDelta(index: number, delta: Json): StreamDelta | undefined {
    const block = this.requireMessage().content[index] as Json | undefined;
    if (!block) throw new MalformedStreamError(`delta for block ${index}, which never started`);
    switch (delta.type) {
      case 'text_delta':
        return this.appendText(index, String(delta.text));
      case 'thinking_delta':
        block.thinking = String(block.thinking ?? '') + String(delta.thinking);
        return { type: 'thinking', index, thinking: String(delta.thinking) };
      case 'signature_delta':
        block.signature = String(delta.signature);
        return undefined;
      case 'input_json_delta':
        this.toolJson.set(index, (this.toolJson.get(index) ?? '') + String(delta.partial_json));
        return { type: 'toolInput', index, partialJson: String(delta.partial_json) };
      case 'citations_delta':
        block.citations = [...((block.citations as unknown[] | undefined) ?? []), delta.citation];
        return undefined;
      case 'compaction_delta':
        // It carries the block's final values (content, encrypted_content): assigned, not appended.
        for (const [key, value] of Object.entries(delta)) if (key !== 'type') block[key] = value;
        return undefined;
      default:
        return undefined;
    }
  }

  private appendText(index: number, text: string): StreamDelta {
    const block = this.requireMessage().content[index] as { text?: unknown } | undefined;
    if (!block) throw new MalformedStreamError(`delta for block ${index}, which never started`);
    block.text = String(block.text ?? '') + text;
    return { type: 'text', index, text };
  }

  private stopBlock(index: number): StreamDelta {
    const block = this.requireMessage().content[index];
    if (!block) throw new MalformedStreamError(`stop for block ${index}, which never started`);
    const json = this.toolJson.get(index);
    if (json !== undefined) {
      // The input is parsed once, when it is complete; `{}` stands when no delta came.
      if (json.trim() !== '') {
        try {
          (block as ToolUseBlock).input = JSON.parse(json);
        } catch {
          // A reply cut off by max_tokens ends its open call's input mid-JSON; the caller decides.
          this.toolJson.delete(index);
          return { type: 'blockStop', index, block, inputIncomplete: true };
        }
      }
      this.toolJson.delete(index);
    }
    return { type: 'blockStop', index, block };
  }

  private applyMessageDelta(data: Json): StreamDelta {
    const message = this.requireMessage();
    const delta = (data.delta ?? {}) as Json;
    if ('stop_reason' in delta) message.stop_reason = delta.stop_reason as string | null;
    if ('stop_sequence' in delta) message.stop_sequence = delta.stop_sequence as string | null;
    // Usage counts in message_delta are cumulative: overwrite, never add.
    const usage = (data.usage ?? {}) as Json;
    for (const [key, value] of Object.entries(usage)) {
      if (value !== null && value !== undefined) message.usage[key] = value;
    }
    return { type: 'messageDelta', stopReason: message.stop_reason, usage: message.usage };
  }
}

const TEXT_DELTA_START = '{"type":"content_block_delta","index":';
const TEXT_DELTA_MIDDLE = ',"delta":{"type":"text_delta","text":';

/**
 * Text deltas are nearly every event of a reply and always have this compact shape, so their text
 * is read without building the whole object. Anything that does not match exactly returns
 * undefined and goes through JSON.parse as usual.
 */
export function fastTextDelta(data: string): { index: number; text: string } | undefined {
  if (!data.startsWith(TEXT_DELTA_START) || !data.endsWith('}}')) return undefined;
  const middle = data.indexOf(TEXT_DELTA_MIDDLE, TEXT_DELTA_START.length);
  if (middle < 0) return undefined;
  const index = Number(data.slice(TEXT_DELTA_START.length, middle));
  const literal = data.slice(middle + TEXT_DELTA_MIDDLE.length, -2);
  if (!Number.isInteger(index) || literal.length < 2 || literal.charCodeAt(0) !== 0x22 || literal.charCodeAt(literal.length - 1) !== 0x22) return undefined;
  if (!literal.includes('\\')) {
    // Without escapes, one string literal has no quote inside it.
    return literal.indexOf('"', 1) === literal.length - 1 ? { index, text: literal.slice(1, -1) } : undefined;
  }
  try {
    const text: unknown = JSON.parse(literal);
    return typeof text === 'string' ? { index, text } : undefined;
  } catch {
    return undefined;
  }
}

function parseEventData(event: SseEvent): Json {
  let data: unknown;
  try {
    data = JSON.parse(event.data);
  } catch {
    throw new MalformedStreamError(`event "${event.event}" carried data that is not JSON`, event.data);
  }
  if (typeof data !== 'object' || data === null) {
    throw new MalformedStreamError(`event "${event.event}" carried data that is not an object`, event.data);
  }
  return data as Json;
}

function normaliseMessage(raw: Json | undefined): Message {
  if (!raw || typeof raw !== 'object') throw new MalformedStreamError('message_start without a message');
  return {
    ...(raw as unknown as Message),
    content: [],
    usage: { input_tokens: 0, output_tokens: 0, ...((raw.usage as Usage | undefined) ?? {}) },
  };
}

function blockHasOutput(block: ContentBlock | OtherBlock | undefined): boolean {
  if (!block) return false;
  switch (block.type) {
    case 'text':
      return (block as { text: string }).text.length > 0;
    case 'thinking':
      return (block as { thinking: string }).thinking.length > 0;
    default:
      return true;
  }
}
