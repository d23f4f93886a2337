// The subset of the Messages API wire types that the client reads and writes.

export interface TextBlock { type: 'text'; text: string; citations?: unknown[] }
export interface ThinkingBlock { type: 'thinking'; thinking: string; signature: string }
export interface RedactedThinkingBlock { type: 'redacted_thinking'; data: string }
export interface ToolUseBlock { type: 'tool_use'; id: string; name: string; input: unknown }
/** A block type this client does not model; kept as received so it can be sent back unchanged. */
export interface OtherBlock { type: string; [key: string]: unknown }

export type ContentBlock = TextBlock | ThinkingBlock | RedactedThinkingBlock | ToolUseBlock;

export interface Usage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  [key: string]: unknown;
}

export interface Message {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: (ContentBlock | OtherBlock)[];
  stop_reason: string | null;
  stop_sequence: string | null;
  usage: Usage;
}

export interface MessageParam {
  role: 'user' | 'assistant';
  content: string | (ContentBlock | OtherBlock)[];
}

export interface MessagesRequestBody {
  model: string;
  max_tokens: number;
  messages: MessageParam[];
  /** A string, or text blocks (which can carry `cache_control`). */
  system?: string | (TextBlock | OtherBlock)[];
  stream?: boolean;
  [key: string]: unknown;
}

/** One server-sent event, already framed; `data` is the raw JSON text. */
export interface SseEvent {
  event: string;
  data: string;
}
