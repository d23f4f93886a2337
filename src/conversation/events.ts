// What the engine reports as a conversation changes. The page is sent most of these as they are
// (see webview/protocol.ts); the recorder keeps them on disk. Pure.
import type { Compaction } from './compactionRecord';
import type { ToolCallView } from './toolHandler';
import type { ImageAttachment, Turn, TurnBlock, TurnMeta } from './transcript';

export interface ConversationMeta {
  id: string;
  title: string;
}

/** A block began; `block` is as the page may see it (no signatures, no redacted data). */
export interface BlockStarted {
  type: 'blockStarted';
  id: string;
  index: number;
  block: TurnBlock;
}

/** More text for a text or thinking block. */
export interface BlockDelta {
  type: 'blockDelta';
  id: string;
  index: number;
  append: string;
}

export type ReplyEvent = BlockStarted | BlockDelta;

/** The changes to a transcript, in the order they happened. */
export type TranscriptEvent =
  | { type: 'turnAdded'; turn: Turn }
  | ReplyEvent
  | { type: 'turnMeta'; id: string; meta: TurnMeta }
  /** A tool call's card changed (turn `id`). */
  | { type: 'toolCall'; id: string; view: ToolCallView }
  /** Turn `id` now holds only its first `keep` blocks (a reply cut off in a call, asked again). */
  | { type: 'blocksTruncated'; id: string; keep: number }
  /** The transcript now holds only its first `keep` turns (regenerate, edit and resend, retry). */
  | { type: 'turnsTruncated'; keep: number }
  /** The conversation's compactions, all of them, after one was made or undone. */
  | { type: 'compactions'; compactions: Compaction[] }
  | { type: 'busy'; busy: boolean }
  | { type: 'conversation'; conversation: ConversationMeta };

/** A message that was not sent because a reply was still running: its text and images go back to the composer. */
export interface UnsentMessage {
  type: 'unsent';
  text: string;
  images: ImageAttachment[];
  /** Why, for the user. */
  reason: string;
}

export type SessionEvent =
  | TranscriptEvent
  | UnsentMessage
  /** Another conversation took this one's place (New Chat, opened from history). */
  | { type: 'conversationReplaced' };

/** A block as the page sees it: without the opaque signature, redacted data and compaction block. */
export function blockForView(block: TurnBlock): TurnBlock {
  if (block.type === 'thinking') return { type: 'thinking', thinking: block.thinking };
  if (block.type === 'redacted_thinking') return { type: 'redacted_thinking' };
  if (block.type === 'provider_compaction') return { type: 'provider_compaction' };
  return { ...block };
}

export function forView(turn: Turn): Turn {
  return { ...turn, blocks: turn.blocks.map(blockForView) };
}
