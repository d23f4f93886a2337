// The agent loop's guards: how many rounds of tool calls, what a turn may cost, and a model that
// repeats itself. Each one pauses the loop with a message and a Continue; none ends it silently. Pure.
import type { ToolUseBlock, TurnUsage } from './transcript';

export interface LoopLimits {
  /** Rounds of tool calls per turn before asking; 0 turns the guard off. */
  maxToolRounds: number;
  /** US dollars a turn may cost before asking, where the model's prices are known; 0: off. */
  maxTurnCostUsd: number;
  /** Tokens (input, output and cache, summed over requests) a turn may use before asking, where prices are unknown; 0: off. */
  maxTurnTokens: number;
}

export const DEFAULT_LOOP_LIMITS: LoopLimits = { maxToolRounds: 25, maxTurnCostUsd: 1, maxTurnTokens: 1_000_000 };

/** The same call this many times in a row pauses the loop. */
export const REPEATS_BEFORE_PAUSE = 3;

/**
 * One stretch of a turn's loop: counts start at zero when the turn starts and again when the user
 * chooses Continue, so each Continue grants the limits afresh.
 */
export class LoopGuards {
  private rounds = 0;
  private lastCall: string | undefined;
  private repeats = 0;
  private readonly spentBefore: { usd: number; tokens: number };

  constructor(
    private readonly limits: LoopLimits,
    usageSoFar: TurnUsage | undefined,
  ) {
    this.spentBefore = { usd: usageSoFar?.costUsd ?? 0, tokens: tokensOf(usageSoFar) };
  }

  /** Before a round of calls runs: the reason to pause, or undefined to go on. */
  check(calls: readonly ToolUseBlock[], usage: TurnUsage | undefined, pricesKnown: boolean): string | undefined {
    const { maxToolRounds, maxTurnCostUsd, maxTurnTokens } = this.limits;
    if (maxToolRounds > 0 && this.rounds >= maxToolRounds) {
      return `Paused after ${this.rounds} rounds of tool calls in this turn (the limit set in Max Tool Rounds). Choose Continue to let Claude go on.`;
    }
    if (pricesKnown && maxTurnCostUsd > 0 && usage?.costUsd !== undefined) {
      const spent = usage.costUsd - this.spentBefore.usd;
      if (spent >= maxTurnCostUsd) {
        return `Paused: this turn has cost $${spent.toFixed(2)}, over the $${maxTurnCostUsd.toFixed(2)} set in Max Turn Cost. Choose Continue to let Claude go on.`;
      }
    } else if (maxTurnTokens > 0) {
      const spent = tokensOf(usage) - this.spentBefore.tokens;
      if (spent >= maxTurnTokens) {
        return `Paused: this turn has used ${spent.toLocaleString('en-US')} tokens, over the ${maxTurnTokens.toLocaleString('en-US')} set in Max Turn Tokens. Choose Continue to let Claude go on.`;
      }
    }
    for (const call of calls) {
      const key = callKey(call);
      this.repeats = key === this.lastCall ? this.repeats + 1 : 1;
      this.lastCall = key;
      if (this.repeats >= REPEATS_BEFORE_PAUSE) {
        // Asked again after Continue, the same call runs once before the guard can trip again.
        this.repeats = 0;
        return `Paused: Claude made the same ${call.name} call ${REPEATS_BEFORE_PAUSE} times in a row, which usually means it is stuck. Choose Continue to run it anyway, or say what to do instead.`;
      }
    }
    this.rounds++;
    return undefined;
  }
}

function tokensOf(usage: TurnUsage | undefined): number {
  return usage ? usage.inputTokens + usage.outputTokens + usage.cacheWriteTokens + usage.cacheReadTokens : 0;
}

/** A call's name and input, with object keys sorted, so equal calls compare equal. */
export function callKey(call: Pick<ToolUseBlock, 'name' | 'input'>): string {
  return `${call.name}\n${JSON.stringify(sorted(call.input))}`;
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sorted((value as Record<string, unknown>)[key])]));
}
