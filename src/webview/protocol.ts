// The one message protocol between the extension host and the chat webview.
// The host owns the transcript; the page renders what it is sent and keeps only UI state.

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

/**
 * One block of a turn. Thinking signatures and redacted data are opaque to the user; the host keeps
 * them to send back and leaves them out of what it posts to the page (see `forView`).
 */
export type TurnBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature?: string }
  | { type: 'redacted_thinking'; data?: string }
  | { type: 'image'; mediaType: ImageMediaType; data: string; name?: string };

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
  /** User turns: the context sent with the question, shown as chips; it is the first `length` characters of the text. */
  context?: SentContext;
}

export interface SentContext {
  chips: Array<{ kind: ContextChip['kind']; label: string; title: string; /** A workspace link (`src/a.ts#L3-L9`) that opens it. */ href?: string }>;
  length: number;
}

/** What the header shows about where requests go. */
export interface ConnectionSummary {
  model: string;
  host: string;
  hasCredentials: boolean;
  /** Where the credentials come from, e.g. "SecretStorage" or "ANTHROPIC_API_KEY"; never the key. */
  credentialSource?: string;
  /** The provider profile's name, when profiles are in use. */
  profile?: string;
}

export type ThinkingEffort = 'low' | 'medium' | 'high';
export const THINKING_EFFORTS: readonly ThinkingEffort[] = ['low', 'medium', 'high'];
export const THINKING_BUDGETS: readonly number[] = [1024, 2048, 4096, 8192, 16384, 32768];

export interface ThinkingPreferences {
  enabled: boolean;
  budgetTokens: number;
  effort: ThinkingEffort;
}

/** The header's controls: which kind of thinking the model takes, and the user's choice. */
export interface HeaderState {
  modelLabel: string;
  /** 'gateway': the model id itself turns thinking on (a `-thinking` id); the request must not. */
  thinkingMode: 'adaptive' | 'enabled' | 'none' | 'gateway';
  thinking: ThinkingPreferences;
  contextWindow: number;
  /** False when the model's prices are unknown: tokens are shown, cost is not. */
  pricesKnown: boolean;
}

export interface ConversationMeta {
  id: string;
  title: string;
}

export interface ChatSnapshot {
  conversation: ConversationMeta;
  turns: Turn[];
  busy: boolean;
  connection: ConnectionSummary;
  header: HeaderState;
}

export interface ImageAttachment {
  mediaType: ImageMediaType;
  /** Base64, without the `data:` prefix. */
  data: string;
  name: string;
}

/** Context waiting to go with the next message, as the composer shows it. */
export interface ContextChip {
  id: string;
  kind: 'code' | 'file' | 'folder' | 'problems' | 'diff' | 'terminal';
  /** "stats.ts:12-40" */
  label: string;
  /** The full path and range: the chip's tooltip and accessible name. */
  title: string;
  /** Diagnostics riding along with code. */
  diagnostics: number;
  /** Estimated tokens of what the model will read. */
  tokens: number;
  /** Said when the content was cut to fit. */
  note?: string;
}

export type MentionKind = 'file' | 'folder' | 'selection' | 'problems' | 'diff' | 'terminal';
export const MENTION_KINDS: readonly MentionKind[] = ['file', 'folder', 'selection', 'problems', 'diff', 'terminal'];

export type HostToWebview =
  | { type: 'snapshot'; snapshot: ChatSnapshot }
  | { type: 'turnAdded'; turn: Turn }
  | { type: 'blockStarted'; id: string; index: number; block: TurnBlock }
  /** More text for a text or thinking block. */
  | { type: 'blockDelta'; id: string; index: number; append: string }
  /** Everything about a turn but its blocks: status, error, usage, stop reason, notice. */
  | { type: 'turnMeta'; id: string; meta: TurnMeta }
  /** The transcript now holds only its first `keep` turns (regenerate, edit and resend, retry). */
  | { type: 'turnsTruncated'; keep: number }
  | { type: 'busy'; busy: boolean }
  | { type: 'connection'; connection: ConnectionSummary }
  | { type: 'header'; header: HeaderState }
  | { type: 'conversation'; conversation: ConversationMeta }
  | { type: 'notice'; text: string }
  /** Every pending context chip, after any change. */
  | { type: 'chips'; chips: ContextChip[] }
  /** An `@` mention was turned into a chip (ok), or stays as text (a notice says why). */
  | { type: 'mentionResolved'; kind: MentionKind; ok: boolean }
  /** Several of the above, posted together: the host posts at most one message per frame. */
  | { type: 'batch'; messages: HostToWebview[] };

export type TurnMeta = Pick<Turn, 'status' | 'error' | 'usage' | 'stopReason' | 'notice'>;

/** Host commands the page may ask for by name; the host maps them to command ids. */
export type PageCommand = 'newChat' | 'showHistory' | 'selectModel' | 'selectProfile' | 'setApiKey';

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'send'; text: string; images: ImageAttachment[] }
  | { type: 'stop' }
  | { type: 'action'; action: ErrorAction }
  | { type: 'regenerate'; turnId: string }
  | { type: 'editResend'; turnId: string; text: string }
  | { type: 'copy'; text: string }
  | { type: 'insertCode'; code: string }
  | { type: 'applyCode'; code: string; info: string }
  | { type: 'openLink'; href: string }
  | { type: 'command'; command: PageCommand }
  | { type: 'setThinking'; thinking: Partial<ThinkingPreferences> }
  | { type: 'chip'; action: 'open' | 'remove'; id: string }
  | { type: 'mention'; kind: MentionKind }
  /** Files dropped from the Explorer or an editor tab, as URIs. */
  | { type: 'dropUris'; uris: string[] };

export function turnMeta(turn: Turn): TurnMeta {
  return { status: turn.status, error: turn.error, usage: turn.usage, stopReason: turn.stopReason, notice: turn.notice };
}

/** A block as the page sees it: without the opaque signature and redacted data. */
export function blockForView(block: TurnBlock): TurnBlock {
  if (block.type === 'thinking') return { type: 'thinking', thinking: block.thinking };
  if (block.type === 'redacted_thinking') return { type: 'redacted_thinking' };
  return { ...block };
}

export function forView(turn: Turn): Turn {
  return { ...turn, blocks: turn.blocks.map(blockForView) };
}

/** The visible text of a turn: its text blocks, joined. */
export function turnText(turn: Pick<Turn, 'blocks'>): string {
  return turn.blocks
    .filter((block): block is Extract<TurnBlock, { type: 'text' }> => block.type === 'text')
    .map((block) => block.text)
    .join('\n\n');
}
