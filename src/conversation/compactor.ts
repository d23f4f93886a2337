// Runs one compaction of a conversation: elides old tool results and, when that is not enough (or
// the user asked), has the model summarise the older turns. Returns the record to keep; the turns
// are never changed. Pure.
import type { RequestTarget } from '../providers/requestContext';
import type { Compaction, CompactionReason } from './compactionRecord';
import { compactedHistory, compactionState, elideToolResults, estimateTokens, summaryRequestBody, summarySpan, toolResultsToElide } from './compaction';
import type { Conversation } from './record';
import { assistantMessages } from './turnRequest';
import type { Turn } from './transcript';
import { usageFromApi } from './usage';

/** Longest a summary may be, in tokens. */
const SUMMARY_MAX_TOKENS = 8_192;
/** Share of the window the summary request's transcript may take. */
const SUMMARY_INPUT_SHARE = 0.6;

export interface CompactionRun {
  target: Pick<RequestTarget, 'model' | 'modelInfo' | 'stream'>;
  conversation: Conversation;
  /** The turn being written, if any: never summarised, though its old tool results can be elided. */
  inFlight?: Turn;
  reason: CompactionReason;
  focus?: string;
  /** For `threshold`: the size the request must come under for elision alone to do. */
  limit?: number;
  signal?: AbortSignal;
  id: string;
  now: number;
}

/** The compaction to record, or undefined when there is nothing left to compact. */
export async function runCompaction(run: CompactionRun): Promise<Compaction | undefined> {
  const { conversation, inFlight, target } = run;
  const turns = conversation.turns.filter((turn) => turn !== inFlight);
  const state = compactionState(conversation.compactions, turns);
  const messages = [...compactedHistory(turns, state, false), ...(inFlight ? assistantMessages(inFlight, false) : [])];
  const already = state?.elided ?? new Set<string>();
  const elided = toolResultsToElide(elideToolResults(messages, already)).filter((id) => !already.has(id));
  const base = { id: run.id, at: run.now, reason: run.reason, elided, ...(run.focus?.trim() ? { focus: run.focus.trim() } : {}) };
  if (run.reason === 'threshold' && elided.length > 0 && run.limit !== undefined) {
    // The first step: old tool results alone may be enough.
    const after = estimateTokens({ messages: elideToolResults(messages, new Set([...already, ...elided])) });
    if (after < run.limit) return base;
  }
  const span = summarySpan(turns, state);
  if (!span) return elided.length > 0 ? base : undefined;
  const allElided = new Set([...already, ...elided]);
  const body = summaryRequestBody({
    model: target.model,
    maxTokens: Math.min(SUMMARY_MAX_TOKENS, target.modelInfo.maxOutputTokens),
    turns: turns.slice(span.from, span.to),
    previousSummary: state?.summary?.text,
    focus: run.focus,
    elided: allElided,
    maxCharacters: Math.floor(target.modelInfo.contextWindow * SUMMARY_INPUT_SHARE * 4),
  });
  const result = await target.stream(body, { signal: run.signal });
  const summary = result.message.content
    .flatMap((block) => (block.type === 'text' && typeof block.text === 'string' ? [block.text] : []))
    .join('\n')
    .trim();
  if (!summary) throw new Error('The model returned an empty summary; nothing was compacted.');
  return {
    ...base,
    throughTurnId: turns[span.to - 1].id,
    summary,
    usage: usageFromApi(result.message.usage, target.modelInfo.prices),
  };
}
