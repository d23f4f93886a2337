// What a compaction leaves in a conversation: which turns a summary stands for in requests, which
// tool results go as a stub, and whether the user undid it. The turns themselves are never changed.
// Pure, and free of Node and DOM types, because the page's bundle compiles it too.
import type { TurnUsage } from './transcript';

export type CompactionReason = 'threshold' | 'command' | 'overflow';

export interface Compaction {
  id: string;
  /** When it was made (ms since the epoch). */
  at: number;
  reason: CompactionReason;
  /** Requests send `summary` instead of every turn up to and including this one. Absent: only tool results were elided. */
  throughTurnId?: string;
  summary?: string;
  /** What the user asked the summary to keep, when they asked. */
  focus?: string;
  /** tool_use ids whose results go as a short stub in requests. */
  elided: string[];
  /** The user undid it: requests send the full turns again. */
  undone?: boolean;
  /** What the summary request cost. */
  usage?: TurnUsage;
}

/** The compaction requests follow: the newest one not undone with a summary, whose turn is still there. */
export function activeSummary(compactions: readonly Compaction[] | undefined, turnIds: ReadonlySet<string>): Compaction | undefined {
  for (let i = (compactions?.length ?? 0) - 1; i >= 0; i--) {
    const compaction = compactions![i];
    if (!compaction.undone && compaction.summary !== undefined && compaction.throughTurnId && turnIds.has(compaction.throughTurnId)) return compaction;
  }
  return undefined;
}

/** Whether a compaction record read from disk has the expected shape. */
export function isCompaction(value: unknown): value is Compaction {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.id === 'string' &&
    typeof record.at === 'number' &&
    (record.reason === 'threshold' || record.reason === 'command' || record.reason === 'overflow') &&
    (record.throughTurnId === undefined || typeof record.throughTurnId === 'string') &&
    (record.summary === undefined || typeof record.summary === 'string') &&
    (record.focus === undefined || typeof record.focus === 'string') &&
    Array.isArray(record.elided) &&
    record.elided.every((id) => typeof id === 'string') &&
    (record.undone === undefined || typeof record.undone === 'boolean')
  );
}
