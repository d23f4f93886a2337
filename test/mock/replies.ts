// Reply specs (what the mock "model" says) and their two wire forms: the full message JSON and the
// SSE event list, both built from one resolved reply so that ids and usage agree between them.
import { createHash } from 'crypto';
import { randomId } from './errors';
import { estimateOutputTokens } from './requestText';

export type StopReason =
  | 'end_turn'
  | 'max_tokens'
  | 'stop_sequence'
  | 'tool_use'
  | 'pause_turn'
  | 'refusal'
  | 'model_context_window_exceeded';

export interface TextBlockSpec {
  type: 'text';
  text: string;
  /** Exact `text_delta` strings to send; when given, the block's text is their concatenation. */
  chunks?: readonly string[];
}
export interface ThinkingBlockSpec {
  type: 'thinking';
  /** '' behaves like `display: "omitted"`: no thinking_delta, only the signature_delta. */
  thinking: string;
  signature: string;
}
export interface RedactedThinkingBlockSpec {
  type: 'redacted_thinking';
  data: string;
}
export interface ToolUseBlockSpec {
  type: 'tool_use';
  /** Default: a random `toolu_...` id. */
  id?: string;
  name: string;
  input: Record<string, unknown>;
}
/** Server-side compaction's summary: streamed as one `compaction_delta`, sent back as it came. */
export interface CompactionBlockSpec {
  type: 'compaction';
  content: string | null;
  encrypted_content: string | null;
}
export type ReplyBlock = TextBlockSpec | ThinkingBlockSpec | RedactedThinkingBlockSpec | ToolUseBlockSpec | CompactionBlockSpec;

export interface ReplyUsage {
  /** Default: an estimate from the request body. */
  input_tokens?: number;
  /** Default: an estimate from the reply's text. */
  output_tokens?: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}

export interface MessageReply {
  content: readonly ReplyBlock[];
  /** Default: `tool_use` when a tool_use block is present, `stop_sequence` when stopSequence is set, else `end_turn`. */
  stopReason?: StopReason;
  stopSequence?: string;
  usage?: ReplyUsage;
  /** Default: the request's model. */
  model?: string;
  /** Default: a random `msg_...` id. */
  id?: string;
  /** Characters (code points) per text, thinking and tool-input delta. Default 16. */
  chunkSize?: number;
}

/** A recorded stream, replayed byte for byte (to streaming and non-streaming requests alike). */
export interface RawSseReply {
  rawSse: string;
}

export type ReplySpec = MessageReply | RawSseReply;
export type ReplyOptions = Omit<MessageReply, 'content'>;

export function isRawSse(spec: ReplySpec): spec is RawSseReply {
  return 'rawSse' in spec;
}

// ---- constructors ----

export function textBlock(text: string): TextBlockSpec {
  return { type: 'text', text };
}
export function thinkingBlock(thinking: string, signature = fakeSignature(thinking)): ThinkingBlockSpec {
  return { type: 'thinking', thinking, signature };
}
export function redactedThinkingBlock(data: string): RedactedThinkingBlockSpec {
  return { type: 'redacted_thinking', data };
}
export function toolUseBlock(name: string, input: Record<string, unknown>, id?: string): ToolUseBlockSpec {
  return id === undefined ? { type: 'tool_use', name, input } : { type: 'tool_use', id, name, input };
}
export function reply(content: readonly ReplyBlock[], options: ReplyOptions = {}): MessageReply {
  return { ...options, content };
}
/** One text block; pass an array to fix the exact text_delta strings. */
export function textReply(text: string | readonly string[], options: ReplyOptions = {}): MessageReply {
  const block: TextBlockSpec = typeof text === 'string' ? textBlock(text) : { type: 'text', text: text.join(''), chunks: text };
  return reply([block], options);
}
export function thinkingReply(thinking: string, text: string, options: ReplyOptions & { signature?: string } = {}): MessageReply {
  const { signature, ...rest } = options;
  return reply([thinkingBlock(thinking, signature), textBlock(text)], rest);
}
/** Optional leading text, then one tool call; stop reason `tool_use`. */
export function toolUseReply(
  name: string,
  input: Record<string, unknown>,
  options: ReplyOptions & { id?: string; text?: string } = {},
): MessageReply {
  const { id, text, ...rest } = options;
  const call = toolUseBlock(name, input, id);
  return reply(text === undefined ? [call] : [textBlock(text), call], rest);
}

/** Opaque and stable per thinking text, like a real signature looks. */
export function fakeSignature(thinking: string): string {
  return 'EqQBCgIYAh' + createHash('sha256').update(thinking).digest('base64');
}

// ---- wire forms ----

export type ContentBlockJson =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> }
  | CompactionBlockSpec;

export interface UsageJson {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  /** Present when the request carried cache breakpoints, as the API reports it. */
  cache_creation?: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
  output_tokens: number;
}

export interface MessageJson {
  id: string;
  type: 'message';
  role: 'assistant';
  content: ContentBlockJson[];
  model: string;
  stop_reason: StopReason;
  stop_sequence: string | null;
  usage: UsageJson;
  /** The edits applied, when the request carried `context_management`. */
  context_management?: { applied_edits: Array<Record<string, unknown>> };
}

export interface SseEvent {
  event: string;
  data: { type: string } & Record<string, unknown>;
}

/** What the request contributes to a reply's defaults. */
export interface ReplyContext {
  model: string;
  /** Uncached input tokens. */
  inputTokens: number;
  /** What the prompt cache emulation found, when the request carried breakpoints. */
  cache?: Pick<UsageJson, 'cache_creation_input_tokens' | 'cache_read_input_tokens'> & Required<Pick<UsageJson, 'cache_creation'>>;
  /** What server-side context management did, when the request asked for it. */
  contextManagement?: { applied_edits: Array<Record<string, unknown>> };
}

interface ResolvedReply {
  message: MessageJson;
  deltas: Record<string, unknown>[][];
}

function splitCodePoints(text: string, size: number): string[] {
  const points = Array.from(text);
  const pieces: string[] = [];
  for (let i = 0; i < points.length; i += size) pieces.push(points.slice(i, i + size).join(''));
  return pieces;
}

/** Fixes ids, defaults and per-block deltas once, so the JSON and the stream describe the same message. */
function resolveReply(spec: MessageReply, context: ReplyContext): ResolvedReply {
  const size = Math.max(1, Math.floor(spec.chunkSize ?? 16));
  const content: ContentBlockJson[] = [];
  const deltas: Record<string, unknown>[][] = [];
  let outputChars = 0;
  for (const block of spec.content) {
    switch (block.type) {
      case 'text': {
        const chunks = block.chunks ?? splitCodePoints(block.text, size);
        const text = block.chunks ? block.chunks.join('') : block.text;
        content.push({ type: 'text', text });
        deltas.push(chunks.map((piece) => ({ type: 'text_delta', text: piece })));
        outputChars += text.length;
        break;
      }
      case 'thinking':
        content.push({ type: 'thinking', thinking: block.thinking, signature: block.signature });
        deltas.push([
          ...splitCodePoints(block.thinking, size).map((piece) => ({ type: 'thinking_delta', thinking: piece })),
          { type: 'signature_delta', signature: block.signature },
        ]);
        outputChars += block.thinking.length;
        break;
      case 'redacted_thinking':
        content.push({ type: 'redacted_thinking', data: block.data });
        deltas.push([]);
        break;
      case 'compaction':
        content.push({ type: 'compaction', content: block.content, encrypted_content: block.encrypted_content });
        deltas.push([{ type: 'compaction_delta', content: block.content, encrypted_content: block.encrypted_content }]);
        break;
      case 'tool_use': {
        const json = JSON.stringify(block.input);
        content.push({ type: 'tool_use', id: block.id ?? randomId('toolu_'), name: block.name, input: block.input });
        // The API always opens tool input with an empty fragment.
        deltas.push(['', ...splitCodePoints(json, size)].map((piece) => ({ type: 'input_json_delta', partial_json: piece })));
        outputChars += json.length;
        break;
      }
    }
  }
  const hasToolUse = content.some((block) => block.type === 'tool_use');
  const usage = spec.usage ?? {};
  const message: MessageJson = {
    id: spec.id ?? randomId('msg_'),
    type: 'message',
    role: 'assistant',
    content,
    model: spec.model ?? context.model,
    stop_reason: spec.stopReason ?? (hasToolUse ? 'tool_use' : spec.stopSequence !== undefined ? 'stop_sequence' : 'end_turn'),
    stop_sequence: spec.stopSequence ?? null,
    usage: {
      input_tokens: usage.input_tokens ?? context.inputTokens,
      cache_creation_input_tokens: usage.cache_creation_input_tokens ?? context.cache?.cache_creation_input_tokens ?? 0,
      cache_read_input_tokens: usage.cache_read_input_tokens ?? context.cache?.cache_read_input_tokens ?? 0,
      ...(context.cache && usage.cache_creation_input_tokens === undefined ? { cache_creation: context.cache.cache_creation } : {}),
      output_tokens: usage.output_tokens ?? estimateOutputTokens(outputChars),
    },
    ...(context.contextManagement ? { context_management: context.contextManagement } : {}),
  };
  return { message, deltas };
}

export function buildMessageJson(spec: MessageReply, context: ReplyContext): MessageJson {
  return resolveReply(spec, context).message;
}

/** The documented streaming event sequence, with one ping after the first content_block_start. */
export function buildSseEvents(spec: MessageReply, context: ReplyContext): SseEvent[] {
  const { message, deltas } = resolveReply(spec, context);
  const events: SseEvent[] = [];
  const add = (data: SseEvent['data']): void => {
    events.push({ event: data.type, data });
  };
  // What context management did is reported at the end, in message_delta.
  const { context_management: _reportedLater, ...started } = message;
  add({
    type: 'message_start',
    message: { ...started, content: [], stop_reason: null, stop_sequence: null, usage: { ...message.usage, output_tokens: 1 } },
  });
  if (message.content.length === 0) add({ type: 'ping' });
  message.content.forEach((block, index) => {
    add({ type: 'content_block_start', index, content_block: emptyBlock(block) });
    if (index === 0) add({ type: 'ping' });
    for (const delta of deltas[index] ?? []) add({ type: 'content_block_delta', index, delta });
    add({ type: 'content_block_stop', index });
  });
  add({
    type: 'message_delta',
    delta: { stop_reason: message.stop_reason, stop_sequence: message.stop_sequence },
    usage: { output_tokens: message.usage.output_tokens },
    ...(message.context_management ? { context_management: message.context_management } : {}),
  });
  add({ type: 'message_stop' });
  return events;
}

/** How a block looks in content_block_start: empty, to be filled by deltas (redacted thinking is whole). */
function emptyBlock(block: ContentBlockJson): ContentBlockJson {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: '' };
    case 'thinking':
      return { type: 'thinking', thinking: '', signature: '' };
    case 'redacted_thinking':
      return block;
    case 'tool_use':
      return { ...block, input: {} };
    case 'compaction':
      return { type: 'compaction', content: null, encrypted_content: null };
  }
}

/** Exact framing: `event: NAME\ndata: JSON\n\n`. */
export function sseFrame(event: SseEvent): string {
  return `event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

/** Splits a recorded stream after each blank line, so that faults can count its events. */
export function splitSseFrames(raw: string): string[] {
  return raw.split(/(?<=\r\n\r\n|\n\n|\r\r)/).filter((frame) => frame.length > 0);
}
