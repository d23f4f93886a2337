// The transcript: turns, their blocks, usage and errors, as the engine, the disk and the page all
// know them. Pure, and free of Node and DOM types, because the page's bundle compiles it too.
import type { ToolCallView } from './toolHandler';

export type TurnRole = 'user' | 'assistant';
export type TurnStatus = 'streaming' | 'done' | 'stopped' | 'error';

/** A fix the page can offer next to an error; the host carries it out. */
export type ErrorAction =
  | 'retry'
  | 'continue'
  | 'setApiKey'
  | 'openSettings'
  | 'testConnection'
  | 'selectProfile'
  | 'selectModel'
  /** The request's model is retired or unknown to the provider: switch to the default and retry. */
  | 'useDefaultModel'
  | 'showLog';

export type ImageMediaType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';
export const IMAGE_MEDIA_TYPES: readonly ImageMediaType[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];
/** The API's limit, measured on the base64 string. */
export const MAX_IMAGE_BASE64_BYTES = 5 * 1024 * 1024;
export const MAX_IMAGES_PER_MESSAGE = 20;

export interface TurnError {
  title: string;
  detail: string;
  actions: ErrorAction[];
}

/** A tool call the model made; `input` is the model's JSON, untrusted. */
export interface ToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: unknown;
}

/** What a tool call gave back, in the user turn that answers it. */
export interface ToolResultBlock {
  type: 'tool_result';
  toolUseId: string;
  content: string;
  isError?: boolean;
}

/**
 * One block of a turn. Thinking signatures and redacted data are opaque to the user; the host keeps
 * them to send back and leaves them out of what it posts to the page (see `blockForView`).
 */
export type TurnBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature?: string }
  | { type: 'redacted_thinking'; data?: string }
  | { type: 'image'; mediaType: ImageMediaType; data: string; name?: string }
  | ToolUseBlock
  | ToolResultBlock
  /**
   * The provider summarised the context before this point (server-side compaction). `block` is the
   * API's `compaction` block exactly as it came, to be sent back unchanged; the page never gets it.
   */
  | { type: 'provider_compaction'; block?: Record<string, unknown> };

export interface TurnUsage {
  inputTokens: number;
  outputTokens: number;
  cacheWriteTokens: number;
  cacheReadTokens: number;
  /** US dollars, from the model's prices; undefined when they are unknown. */
  costUsd?: number;
}

export interface Turn {
  id: string;
  role: TurnRole;
  status: TurnStatus;
  blocks: TurnBlock[];
  error?: TurnError;
  /** Assistant turns: tokens and cost of the request(s) that produced it. */
  usage?: TurnUsage;
  /** The model id the request named. */
  model?: string;
  stopReason?: string;
  /** A short remark under the turn, e.g. why it ended early. */
  notice?: string;
  /** The cards of the turn's tool calls, by tool_use id, as their handlers last described them. */
  toolCalls?: Record<string, ToolCallView>;
  /** User turns: the context sent with the question, shown as chips; it is the first `length` characters of the text. */
  context?: SentContext;
}

/** What kind of context a chip stands for. */
export type ContextKind = 'code' | 'file' | 'folder' | 'problems' | 'diff' | 'terminal';

export interface SentContext {
  chips: Array<{ kind: ContextKind; label: string; title: string; /** A workspace link (`src/a.ts#L3-L9`) that opens it. */ href?: string }>;
  length: number;
}

/** Everything about a turn but its blocks: status, error, usage, stop reason, notice. */
export type TurnMeta = Pick<Turn, 'status' | 'error' | 'usage' | 'stopReason' | 'notice'>;

export interface ImageAttachment {
  mediaType: ImageMediaType;
  /** Base64, without the `data:` prefix. */
  data: string;
  name: string;
}

/** In the order of effort: `xhigh` sits between `high` and `max`; models take the ones they list. */
export type ThinkingEffort = 'low' | 'medium' | 'high' | 'xhigh' | 'max';
export const THINKING_EFFORTS: readonly ThinkingEffort[] = ['low', 'medium', 'high', 'xhigh', 'max'];
export const THINKING_BUDGETS: readonly number[] = [1024, 2048, 4096, 8192, 16384, 32768];

export interface ThinkingPreferences {
  enabled: boolean;
  budgetTokens: number;
  effort: ThinkingEffort;
}

export function turnMeta(turn: Turn): TurnMeta {
  return { status: turn.status, error: turn.error, usage: turn.usage, stopReason: turn.stopReason, notice: turn.notice };
}

/** The visible text of a turn: its text blocks, joined. */
export function turnText(turn: Pick<Turn, 'blocks'>): string {
  return turn.blocks
    .filter((block): block is Extract<TurnBlock, { type: 'text' }> => block.type === 'text')
    .map((block) => block.text)
    .join('\n\n');
}
