// The one message protocol between the extension host and the chat webview. It composes the
// conversation's own types (conversation/) into what the page is sent; the host owns the
// transcript, the page renders what it is sent and keeps only UI state.
import type { Compaction } from '../conversation/compactionRecord';
import type { ContextCount } from '../conversation/contextCount';
import type { ConversationMeta, TranscriptEvent, UnsentMessage } from '../conversation/events';
import type { ContextKind, ErrorAction, ImageAttachment, ThinkingEffort, ThinkingPreferences, Turn } from '../conversation/transcript';
import type { ConnectionSummary } from '../providers/connectionSettings';

export type * from '../conversation/transcript';
export type { ConversationMeta, TranscriptEvent, UnsentMessage } from '../conversation/events';
export { IMAGE_MEDIA_TYPES, MAX_IMAGE_BASE64_BYTES, MAX_IMAGES_PER_MESSAGE, THINKING_BUDGETS, THINKING_EFFORTS, turnMeta, turnText } from '../conversation/transcript';
export { blockForView, forView } from '../conversation/events';
export type { ConnectionSummary } from '../providers/connectionSettings';
export type { ToolCallStatus, ToolCallView } from '../conversation/toolHandler';
export type { ContextCount } from '../conversation/contextCount';
export type { Compaction } from '../conversation/compactionRecord';
export { activeSummary } from '../conversation/compactionRecord';

/** The header's controls: which kind of thinking the model takes, and the user's choice. */
export interface HeaderState {
  modelLabel: string;
  /** 'gateway': the model id itself turns thinking on (a `-thinking` id); the request must not. */
  thinkingMode: 'adaptive' | 'enabled' | 'none' | 'gateway';
  thinking: ThinkingPreferences;
  /** The effort levels the model takes, as its provider lists them. */
  effortLevels: ThinkingEffort[];
  /** "deprecated, retires 2027-01-22" and the like; undefined for an active model. */
  lifecycleNote?: string;
  contextWindow: number;
  /** False when the model's prices are unknown: tokens are shown, cost is not. */
  pricesKnown: boolean;
  /** Why the model has no tools here (Restricted Mode), shown as a short notice; undefined when it has them. */
  toolsOff?: string;
}

export interface ChatSnapshot {
  conversation: ConversationMeta;
  turns: Turn[];
  /** The conversation's compactions, oldest first; the page shows the one requests follow. */
  compactions?: Compaction[];
  busy: boolean;
  connection: ConnectionSummary;
  header: HeaderState;
}

/** Context waiting to go with the next message, as the composer shows it. */
export interface ContextChip {
  id: string;
  kind: ContextKind;
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
  | TranscriptEvent
  | { type: 'connection'; connection: ConnectionSummary }
  | { type: 'header'; header: HeaderState }
  | { type: 'notice'; text: string }
  /** A message the host did not send (a reply was running): the composer gets it back. */
  | UnsentMessage
  /** The context the next request starts from, counted by the provider or estimated. */
  | { type: 'contextCount'; count: ContextCount }
  /** Every pending context chip, after any change. */
  | { type: 'chips'; chips: ContextChip[] }
  /** An `@` mention was turned into a chip (ok), or stays as text (a notice says why). */
  | { type: 'mentionResolved'; kind: MentionKind; ok: boolean }
  /** Several of the above, posted together: the host posts at most one message per frame. */
  | { type: 'batch'; messages: HostToWebview[] };

/** Host commands the page may ask for by name; the host maps them to command ids. */
export type PageCommand = 'newChat' | 'showHistory' | 'selectModel' | 'selectProfile' | 'setApiKey';

/** What a tool call's card can ask for; the host runs the matching review command. */
export type ToolCallAction = 'openDiff' | 'accept' | 'reject' | 'runCommand' | 'rejectCommand';

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
  /** `command`: with runCommand, the user's edit of the proposed command, run instead of it. */
  | { type: 'toolCall'; action: ToolCallAction; toolUseId: string; command?: string }
  | { type: 'undoTurn'; turnId: string }
  | { type: 'undoCompaction'; id: string }
  | { type: 'chip'; action: 'open' | 'remove'; id: string }
  | { type: 'mention'; kind: MentionKind }
  /** Files dropped from the Explorer or an editor tab, as URIs. */
  | { type: 'dropUris'; uris: string[] };
