// How much of the context window the next request starts from: the provider's own count
// (count_tokens) where it has one, cached per prefix, else the last reply's usage plus an estimate
// of what was added since. It runs between turns, never on the way to sending. Pure.
import { asApiError } from '../api/apiError';
import type { MessagesRequestBody } from '../api/types';
import type { RequestTarget } from '../providers/requestContext';
import { turnText, type Turn } from './transcript';
import { historyMessages } from './turnRequest';

export interface ContextCount {
  tokens: number;
  /** False for an estimate, shown with "≈". */
  exact: boolean;
  /** How many turns were counted: a count for another transcript is not shown. */
  turns: number;
}

/** About one token per four characters; an image about 1,600. */
const CHARS_PER_TOKEN = 4;
const IMAGE_TOKENS = 1600;
/** Counts kept: the conversations and prefixes most recently counted. */
const KEPT = 32;

/**
 * The last reply's whole prompt and output (which the next prompt holds), plus an estimate of the
 * turns after it; with no usage yet, an estimate of everything.
 */
export function estimatedContext(turns: readonly Turn[]): number {
  let tokens = 0;
  let from = 0;
  for (let i = turns.length - 1; i >= 0; i--) {
    const usage = turns[i].usage;
    if (usage) {
      tokens = usage.inputTokens + usage.cacheWriteTokens + usage.cacheReadTokens + usage.outputTokens;
      from = i + 1;
      break;
    }
  }
  for (const turn of turns.slice(from)) {
    tokens += Math.ceil(turnText(turn).length / CHARS_PER_TOKEN);
    for (const block of turn.blocks) {
      if (block.type === 'image') tokens += IMAGE_TOKENS;
      else if (block.type === 'tool_result') tokens += Math.ceil(block.content.length / CHARS_PER_TOKEN);
      else if (block.type === 'tool_use') tokens += Math.ceil(JSON.stringify(block.input ?? {}).length / CHARS_PER_TOKEN);
    }
  }
  return tokens;
}

/** A short fingerprint of a body (FNV-1a over its JSON, with its length), for the per-prefix cache. */
function fingerprint(json: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < json.length; i++) {
    hash ^= json.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${json.length.toString(36)}:${(hash >>> 0).toString(36)}`;
}

type CountingTarget = Pick<RequestTarget, 'model' | 'countTokens' | 'gateway'>;

export class ContextCounter {
  private readonly counted = new Map<string, number>();

  /** Counts what the next request would hold before the user's new message. */
  async count(target: CountingTarget, turns: readonly Turn[], signal?: AbortSignal): Promise<ContextCount> {
    const messages = historyMessages(turns, false);
    if (messages.length === 0) return { tokens: 0, exact: true, turns: turns.length };
    const estimate = { tokens: estimatedContext(turns), exact: false, turns: turns.length };
    if (!target.countTokens || target.gateway?.refuses('count_tokens')) return estimate;
    const body: MessagesRequestBody = { model: target.model, max_tokens: 1, messages };
    const key = `${target.model}|${fingerprint(JSON.stringify(messages))}`;
    const known = this.counted.get(key);
    if (known !== undefined) return { tokens: known, exact: true, turns: turns.length };
    try {
      const tokens = await target.countTokens(body, signal);
      this.remember(key, tokens);
      return { tokens, exact: true, turns: turns.length };
    } catch (error) {
      // A gateway without the endpoint answers 404 (or 400, or 405): remembered, so it is not asked again.
      const api = asApiError(error);
      if (api && (api.status === 404 || api.status === 400 || api.status === 405)) {
        await target.gateway?.remember('count_tokens', `HTTP ${String(api.status)} to POST /v1/messages/count_tokens${api.requestId ? `, request id ${api.requestId}` : ''}`);
      }
      return estimate;
    }
  }

  private remember(key: string, tokens: number): void {
    this.counted.delete(key);
    this.counted.set(key, tokens);
    // The oldest go first.
    for (const old of this.counted.keys()) {
      if (this.counted.size <= KEPT) break;
      this.counted.delete(old);
    }
  }
}
