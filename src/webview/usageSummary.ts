// Conversation totals, the context window in use, and how figures are written. Pure; shared by the
// page (header and turn footers) and the host (Markdown export).
import { cacheHitRate } from '../conversation/usage';
import type { Turn, TurnUsage } from './protocol';

export interface UsageTotals extends TurnUsage {
  /** Turns with usage but no cost (unknown prices): the total cost leaves them out. */
  turnsWithoutCost: number;
}

export function conversationTotals(turns: readonly Turn[]): UsageTotals {
  const totals: UsageTotals = { inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0, turnsWithoutCost: 0 };
  let cost = 0;
  let anyCost = false;
  for (const turn of turns) {
    const usage = turn.usage;
    if (!usage) continue;
    totals.inputTokens += usage.inputTokens;
    totals.outputTokens += usage.outputTokens;
    totals.cacheWriteTokens += usage.cacheWriteTokens;
    totals.cacheReadTokens += usage.cacheReadTokens;
    if (usage.costUsd === undefined) totals.turnsWithoutCost += 1;
    else {
      cost += usage.costUsd;
      anyCost = true;
    }
  }
  if (anyCost) totals.costUsd = cost;
  return totals;
}

/**
 * Tokens the next request starts from: the last reply's whole prompt (input, cache writes and
 * reads) plus what it wrote, which becomes part of the next prompt.
 */
export function contextInUse(turns: readonly Turn[]): number {
  for (let i = turns.length - 1; i >= 0; i--) {
    const usage = turns[i].usage;
    if (usage) return usage.inputTokens + usage.cacheWriteTokens + usage.cacheReadTokens + usage.outputTokens;
  }
  return 0;
}

export function formatTokens(count: number): string {
  if (count < 1000) return String(count);
  if (count < 10_000) return `${(count / 1000).toFixed(1)}K`;
  if (count < 1_000_000) return `${Math.round(count / 1000)}K`;
  return `${(count / 1_000_000).toFixed(count < 10_000_000 ? 2 : 1)}M`;
}

export function formatCost(usd: number): string {
  if (usd === 0) return '$0';
  if (usd < 0.0001) return '<$0.0001';
  if (usd < 0.01) return `$${usd.toFixed(4)}`;
  if (usd < 1) return `$${usd.toFixed(3)}`;
  return `$${usd.toFixed(2)}`;
}

/** "87%": the share of input tokens read from the cache, rounded down so that 99.6% never reads 100%. */
export function formatHitRate(usage: TurnUsage): string | undefined {
  const rate = cacheHitRate(usage);
  return rate === undefined ? undefined : `${Math.floor(rate * 100)}%`;
}

/** "in 1.2K · out 340 · cache write 0 · cache read 12K · $0.0123 · cache hit 90%" */
export function describeUsage(usage: TurnUsage): string {
  const parts = [
    `in ${formatTokens(usage.inputTokens)}`,
    `out ${formatTokens(usage.outputTokens)}`,
    `cache write ${formatTokens(usage.cacheWriteTokens)}`,
    `cache read ${formatTokens(usage.cacheReadTokens)}`,
  ];
  if (usage.costUsd !== undefined) parts.push(formatCost(usage.costUsd));
  const hit = formatHitRate(usage);
  if (hit) parts.push(`cache hit ${hit}`);
  return parts.join(' · ');
}

/** The same, spelled out for screen readers. */
export function describeUsageLong(usage: TurnUsage): string {
  const cost = usage.costUsd === undefined ? 'cost unknown' : `cost ${formatCost(usage.costUsd)}`;
  const hit = formatHitRate(usage);
  return `${usage.inputTokens} input tokens, ${usage.outputTokens} output tokens, ${usage.cacheWriteTokens} cache write tokens, ${usage.cacheReadTokens} cache read tokens, ${cost}${hit ? `, ${hit} of input read from the cache` : ''}`;
}
