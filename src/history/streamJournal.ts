// The journal of a reply being streamed: one JSON line per update the page was sent, folded back
// into the conversation when it is next loaded. Pure.
import type { BlockDelta, BlockStarted } from '../conversation/events';
import type { Turn } from '../conversation/transcript';
import type { Conversation } from '../conversation/record';

/** A delta carries the length its block had before it, so an entry already saved is not applied twice. */
export type JournalEntry = BlockStarted | (BlockDelta & { at: number });

export const INTERRUPTED_NOTICE = 'Interrupted: VS Code reloaded or closed while this reply was streaming. What was shown is kept.';

/** Applies the journal's entries; a torn last line (a crash mid-write) is ignored. */
export function replayJournal(conversation: Conversation, text: string): void {
  const turns = new Map(conversation.turns.map((turn) => [turn.id, turn]));
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let entry: JournalEntry;
    try {
      entry = JSON.parse(line) as JournalEntry;
    } catch {
      break;
    }
    const turn = turns.get(entry.id);
    if (turn) applyEntry(turn, entry);
  }
  for (const turn of conversation.turns) {
    if (turn.status === 'streaming') {
      turn.status = 'stopped';
      turn.notice = INTERRUPTED_NOTICE;
    }
  }
}

function applyEntry(turn: Turn, entry: JournalEntry): void {
  if (entry.type === 'blockStarted') {
    // Entries may repeat what the file already holds, if the file was saved after them.
    if (entry.index === turn.blocks.length) turn.blocks.push(entry.block);
    return;
  }
  const block = turn.blocks[entry.index];
  if (block?.type === 'text' && block.text.length === entry.at) block.text += entry.append;
  else if (block?.type === 'thinking' && block.thinking.length === entry.at) block.thinking += entry.append;
}
