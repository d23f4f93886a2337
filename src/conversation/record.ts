// A conversation as it is kept on disk and in the session, the checks that guard loading one, and
// the migration of older files. Pure.
import { isRecord } from '../common/isRecord';
import { isCompaction, type Compaction } from './compactionRecord';
import { IMAGE_MEDIA_TYPES, turnText, type Turn, type TurnBlock } from './transcript';

/**
 * 3: blocks may be `provider_compaction` (the provider's `compaction` block, kept as it came), and
 *    the conversation may hold `compactions` (summaries and elided tool results that requests
 *    send instead of older turns; the turns stay as they were).
 * 2: blocks may be `tool_use` and `tool_result` (ids, inputs, results, error flags).
 * 1: text, thinking, redacted thinking and image blocks; otherwise the same shape, so it opens as is.
 */
export const CONVERSATION_VERSION = 3;

/** A file written by a newer version of the extension: set aside and reported, never overwritten. */
export class FutureVersionError extends Error {
  constructor(readonly version: number) {
    super(`it was saved by a newer version of Claude Assistant (format ${version}; this version reads up to ${CONVERSATION_VERSION})`);
    this.name = 'FutureVersionError';
  }
}

export interface Conversation {
  version: typeof CONVERSATION_VERSION;
  id: string;
  title: string;
  /** Set when the user renamed it; the title then no longer follows the first message. */
  titleIsCustom?: boolean;
  createdAt: number;
  updatedAt: number;
  turns: Turn[];
  /** Oldest first; see compactionRecord.ts. */
  compactions?: Compaction[];
}

export const UNTITLED = 'New chat';
const TITLE_LENGTH = 60;

export function newConversation(id: string, now: number): Conversation {
  return { version: CONVERSATION_VERSION, id, title: UNTITLED, createdAt: now, updatedAt: now, turns: [] };
}

/** The first line of the first user message, shortened. */
export function titleFrom(turns: readonly Turn[]): string {
  const first = turns.find((turn) => turn.role === 'user');
  // Attached context leads the text; the title comes from the question after it.
  const line = first ? turnText(first).slice(first.context?.length ?? 0).trim().split('\n')[0].replace(/\s+/g, ' ') : '';
  if (!line) return first ? 'Image' : UNTITLED;
  return line.length > TITLE_LENGTH ? `${line.slice(0, TITLE_LENGTH - 1).trimEnd()}…` : line;
}

/** Conversation ids become file names: only these characters are accepted. */
export function isConversationId(id: unknown): id is string {
  return typeof id === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(id);
}

/** Checks what was read from disk; anything that is not a conversation is reported, never half-used. */
export function parseConversation(value: unknown): Conversation {
  const fail = (why: string): never => {
    throw new Error(`not a saved conversation: ${why}`);
  };
  if (!isRecord(value)) fail('not an object');
  const record = value as Record<string, unknown>;
  if (typeof record.version === 'number' && Number.isInteger(record.version) && record.version > CONVERSATION_VERSION) throw new FutureVersionError(record.version);
  // Versions 1 and 2 differ only in having fewer block types and no compactions: they migrate by being read.
  if (record.version !== 1 && record.version !== 2 && record.version !== CONVERSATION_VERSION) fail(`unknown version ${JSON.stringify(record.version)}`);
  if (!isConversationId(record.id)) fail('bad id');
  if (typeof record.title !== 'string') fail('no title');
  if (typeof record.createdAt !== 'number' || typeof record.updatedAt !== 'number') fail('bad dates');
  if (!Array.isArray(record.turns)) fail('no turns');
  const turns = (record.turns as unknown[]).map((turn, index) => parseTurn(turn, index, fail));
  if (record.compactions !== undefined && (!Array.isArray(record.compactions) || !record.compactions.every(isCompaction))) fail('bad compactions');
  const compactions = record.compactions as Compaction[] | undefined;
  return {
    version: CONVERSATION_VERSION,
    id: record.id as string,
    title: record.title as string,
    titleIsCustom: record.titleIsCustom === true ? true : undefined,
    createdAt: record.createdAt as number,
    updatedAt: record.updatedAt as number,
    turns,
    ...(compactions && compactions.length > 0 ? { compactions } : {}),
  };
}

function parseTurn(value: unknown, index: number, fail: (why: string) => never): Turn {
  if (!isRecord(value)) return fail(`turn ${index} is not an object`);
  const turn = value as unknown as Turn;
  if (typeof turn.id !== 'string' || (turn.role !== 'user' && turn.role !== 'assistant')) fail(`turn ${index} has no id or role`);
  if (!['streaming', 'done', 'stopped', 'error'].includes(turn.status)) fail(`turn ${index} has a bad status`);
  if (!Array.isArray(turn.blocks) || !turn.blocks.every(isBlock)) fail(`turn ${index} has bad blocks`);
  return turn;
}

function isBlock(value: unknown): value is TurnBlock {
  if (!isRecord(value)) return false;
  const block = value as Record<string, unknown>;
  switch (block.type) {
    case 'text':
      return typeof block.text === 'string';
    case 'thinking':
      return typeof block.thinking === 'string';
    case 'redacted_thinking':
      return true;
    case 'image':
      return IMAGE_MEDIA_TYPES.includes(block.mediaType as never) && typeof block.data === 'string';
    case 'tool_use':
      return typeof block.id === 'string' && typeof block.name === 'string' && 'input' in block;
    case 'tool_result':
      return typeof block.toolUseId === 'string' && typeof block.content === 'string' && (block.isError === undefined || typeof block.isError === 'boolean');
    case 'provider_compaction':
      return block.block === undefined || (isRecord(block.block) && block.block.type === 'compaction');
    default:
      return false;
  }
}
