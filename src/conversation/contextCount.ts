// How much of the context window the next request starts from: the provider's own count
// (count_tokens) where it has one, cached per prefix, else the last reply's usage plus an estimate
// of what was added since. It runs between turns, never on the way to sending. Pure.
import { asApiError } from '../api/apiError';
import type { MessagesRequestBody } from '../api/types';
import type { RequestTarget } from '../providers/requestContext';
import { refusesContextManagement, withContextManagement } from './contextManagement';
import type { RequestFrame } from './requestFrame';
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
/** The system prompt the API adds for tool use (`auto`), on top of the tools' own definitions. */
const TOOL_USE_SYSTEM_TOKENS = 346;
const NO_FRAME: RequestFrame = { tools: [], betas: [] };

/**
 * The last reply's whole prompt and output (which the next prompt holds), plus an estimate of the
 * turns after it; with no usage yet, an estimate of everything, the tools and system prompt included.
 */
export function estimatedContext(turns: readonly Turn[], frame: RequestFrame = NO_FRAME): number {
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
  // A reply's usage already counts the tools and system prompt its request carried.
  if (from === 0) tokens += frameTokens(frame);
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

function frameTokens(frame: RequestFrame): number {
  const chars = (frame.system?.length ?? 0) + (frame.tools.length > 0 ? JSON.stringify(frame.tools).length : 0);
  return Math.ceil(chars / CHARS_PER_TOKEN) + (frame.tools.length > 0 ? TOOL_USE_SYSTEM_TOKENS : 0);
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

type CountingTarget = Pick<RequestTarget, 'model' | 'modelInfo' | 'countTokens' | 'gateway'>;

export class ContextCounter {
  private readonly counted = new Map<string, number>();

  /**
   * Counts what the next request would hold before the user's new message: the history, and the
   * tools and system prompt of `frame`, with the context management it would carry.
   */
  async count(target: CountingTarget, turns: readonly Turn[], signal?: AbortSignal, frame: RequestFrame = NO_FRAME): Promise<ContextCount> {
    const messages = historyMessages(turns, false);
    if (messages.length === 0) return { tokens: 0, exact: true, turns: turns.length };
    const estimate = { tokens: estimatedContext(turns, frame), exact: false, turns: turns.length };
    if (!target.countTokens || target.gateway?.refuses('count_tokens')) return estimate;
    const framed: MessagesRequestBody = { model: target.model, max_tokens: 1, messages, ...(frame.system ? { system: frame.system } : {}), ...(frame.tools.length > 0 ? { tools: frame.tools } : {}) };
    const { body, betas: managementBetas } = withContextManagement(framed, target, false);
    const betas = [...new Set([...frame.betas, ...managementBetas])];
    const key = `${target.model}|${betas.join(',')}|${fingerprint(JSON.stringify(body))}`;
    const known = this.counted.get(key);
    if (known !== undefined) return { tokens: known, exact: true, turns: turns.length };
    try {
      const tokens = await target.countTokens(body, signal, betas);
      this.remember(key, tokens);
      return { tokens, exact: true, turns: turns.length };
    } catch (error) {
      const api = asApiError(error);
      const evidence = `HTTP ${String(api?.status)} to POST /v1/messages/count_tokens${api?.requestId ? `, request id ${api.requestId}` : ''}`;
      // A 400 naming context management is the gateway refusing it, not the endpoint: the next count goes without it.
      if (refusesContextManagement(error, body)) await target.gateway?.remember('context_management', evidence);
      // A gateway without the endpoint answers 404 (or 400, or 405): remembered, so it is not asked again.
      else if (api && (api.status === 404 || api.status === 400 || api.status === 405)) await target.gateway?.remember('count_tokens', evidence);
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
