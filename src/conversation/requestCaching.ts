// Prompt caching on a request: breakpoints as the setting asks and the provider takes, and one
// retry without what a gateway refused, remembered for its profile. Pure.
import { asApiError } from '../api/apiError';
import type { StreamOptions, StreamResult } from '../api/messagesClient';
import type { MessagesRequestBody } from '../api/types';
import type { OptionalFeature } from '../providers/gatewayFacts';
import type { RequestTarget } from '../providers/requestContext';
import { countBreakpoints, placeCacheBreakpoints, withoutCacheControl, withoutCacheTtl } from './cacheBreakpoints';
import { refusesContextManagement, withoutContextManagement } from './contextManagement';

type CachingTarget = Pick<RequestTarget, 'caching' | 'gateway'>;

/** The body with breakpoints, unless caching is off, unknown to the target, or refused by its provider. */
export function withPromptCaching(body: MessagesRequestBody, target: CachingTarget): MessagesRequestBody {
  const { caching, gateway } = target;
  if (!caching || caching.setting === 'off' || gateway?.refuses('cache_control')) return body;
  const ttl = caching.setting === '1h' && !gateway?.refuses('cache_ttl') ? '1h' : '5m';
  return placeCacheBreakpoints(body, { ttl, minTokens: caching.minTokens });
}

/**
 * Which of the fields we add a 400 names: `cache_control`, or its `ttl`. Gateways word it as
 * "cache_control: Extra inputs are not permitted", "messages.0.content.0.cache_control.ttl: ...",
 * "Unsupported parameter: cache_control".
 */
export function refusedFeature(error: unknown, body: MessagesRequestBody): OptionalFeature | undefined {
  const api = asApiError(error);
  if (api?.status === 400 && refusesContextManagement(error, body)) return 'context_management';
  if (api?.status !== 400 || countBreakpoints(body) === 0) return undefined;
  const text = `${api.message} ${api.bodyExcerpt ?? ''}`;
  if (!/cache_control|\bephemeral\b|\bttl\b/i.test(text)) return undefined;
  const sentTtl = JSON.stringify(body).includes('"ttl":"1h"');
  if (sentTtl && /\bttl\b|\b1h\b/i.test(text)) return 'cache_ttl';
  return /cache_control|\bephemeral\b/i.test(text) ? 'cache_control' : undefined;
}

/** Output the user sees; after one of these nothing is sent again. */
const SHOWN = new Set(['text', 'thinking', 'toolInput']);

/**
 * Streams the body; when the provider answers with a 400 naming a field we added, before any
 * output, remembers that for the profile and sends the body once more without it (once per field).
 */
export async function streamWithFallback<R extends StreamResult>(
  target: { stream(body: MessagesRequestBody, options: StreamOptions, betas?: readonly string[]): Promise<R>; gateway?: RequestTarget['gateway'] },
  body: MessagesRequestBody,
  options: StreamOptions,
  /** `anthropic-beta` values the request needs (its tools', context management's), on every try. */
  betas?: readonly string[],
): Promise<R> {
  let shown = false;
  const watched: StreamOptions = {
    ...options,
    onDelta: (delta) => {
      shown ||= SHOWN.has(delta.type);
      options.onDelta?.(delta);
    },
  };
  const tried = new Set<OptionalFeature>();
  let attempt = { body, betas };
  for (;;) {
    try {
      return await target.stream(attempt.body, watched, attempt.betas);
    } catch (error) {
      const feature = shown || options.signal?.aborted ? undefined : refusedFeature(error, attempt.body);
      if (!feature || tried.has(feature)) throw error;
      tried.add(feature);
      const id = asApiError(error)?.requestId;
      const requestId = id ? `, request id ${id}` : '';
      await target.gateway?.remember(feature, `HTTP 400 to POST /v1/messages${requestId}`);
      attempt = without(feature, attempt.body, attempt.betas);
    }
  }
}

function without(feature: OptionalFeature, body: MessagesRequestBody, betas: readonly string[] | undefined): { body: MessagesRequestBody; betas: readonly string[] | undefined } {
  if (feature === 'context_management') return withoutContextManagement(body, betas);
  return { body: feature === 'cache_ttl' ? withoutCacheTtl(body) : withoutCacheControl(body), betas };
}
