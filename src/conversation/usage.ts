// Token usage of a turn from the API's cumulative counts, and its cost from the model's prices. Pure.
import type { Usage } from '../api/types';
import { isRecord } from '../common/isRecord';
import type { ModelPrices } from '../providers/modelCatalog';
import type { TurnUsage } from './transcript';

const PER_MILLION = 1_000_000;

/** Reads the API's usage object; absent counts are zero. */
export function usageFromApi(usage: Usage | undefined, prices: ModelPrices | undefined): TurnUsage {
  const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0);
  const inputTokens = count(usage?.input_tokens);
  const outputTokens = count(usage?.output_tokens);
  const cacheReadTokens = count(usage?.cache_read_input_tokens);
  // The split of cache writes by lifetime, when the provider reports it; otherwise all are 5-minute writes.
  const creation = isRecord(usage?.cache_creation) ? usage.cache_creation : {};
  const split5m = count(creation.ephemeral_5m_input_tokens);
  const split1h = count(creation.ephemeral_1h_input_tokens);
  // Some gateways report only the split: the total is then its sum.
  const cacheWriteTokens = Math.max(count(usage?.cache_creation_input_tokens), split5m + split1h);
  const write1h = Math.min(split1h, cacheWriteTokens);
  const result: TurnUsage = { inputTokens, outputTokens, cacheWriteTokens, cacheReadTokens };
  if (prices) {
    result.costUsd =
      (inputTokens * prices.input +
        outputTokens * prices.output +
        (cacheWriteTokens - write1h) * prices.cacheWrite5m +
        write1h * prices.cacheWrite1h +
        cacheReadTokens * prices.cacheRead) /
      PER_MILLION;
  }
  return result;
}

/** Two requests' usage together (a reply and its continuation). Cost stays unknown if either is. */
export function addUsage(a: TurnUsage | undefined, b: TurnUsage): TurnUsage {
  if (!a) return b;
  const sum: TurnUsage = {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
  };
  if (a.costUsd !== undefined && b.costUsd !== undefined) sum.costUsd = a.costUsd + b.costUsd;
  return sum;
}

/**
 * The share of the prompt read from the cache: cache-read tokens over all input tokens (uncached,
 * written and read). Undefined when there was no input to speak of.
 */
export function cacheHitRate(usage: Pick<TurnUsage, 'inputTokens' | 'cacheWriteTokens' | 'cacheReadTokens'>): number | undefined {
  const total = usage.inputTokens + usage.cacheWriteTokens + usage.cacheReadTokens;
  return total > 0 ? usage.cacheReadTokens / total : undefined;
}
