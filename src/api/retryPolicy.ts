// When to retry a failed request and how long to wait first. Pure.
// Retries happen only before anything reached the user; the caller enforces that.

export interface RetryDecision {
  retry: boolean;
  /** Milliseconds to wait before the next attempt. */
  delayMs: number;
}

export interface FailureFacts {
  /** HTTP status, or undefined for a connection failure or an error event inside a stream. */
  status: number | undefined;
  headers?: Readonly<Record<string, string | string[] | undefined>>;
  /** True for transport failures: refused, reset, timed out. */
  connectionFailed: boolean;
  /** The `error.type` of an `event: error` that came before any output. */
  streamErrorType?: string;
}

/** Statuses never worth repeating: the same request would fail the same way. */
const NEVER_RETRY = new Set([400, 401, 403, 404, 413]);
/** Error events inside a 200 stream that mean "try again later", like their HTTP twins. */
const RETRYABLE_STREAM_ERRORS = new Set(['overloaded_error', 'api_error', 'rate_limit_error', 'timeout_error']);
const MAX_BACKOFF_MS = 8_000;
/** A provider asking for a longer pause than this gets an error instead of a frozen chat. */
export const MAX_RETRY_AFTER_MS = 60_000;

export function decideRetry(
  facts: FailureFacts,
  attempt: number,
  maxRetries: number,
  random: () => number = Math.random,
  now: () => number = Date.now,
): RetryDecision {
  const no = { retry: false, delayMs: 0 };
  if (attempt >= maxRetries) return no;
  const shouldRetry = header(facts.headers, 'x-should-retry');
  if (shouldRetry === 'false') return no;
  const retryable =
    shouldRetry === 'true' ||
    facts.connectionFailed ||
    (facts.status === undefined && facts.streamErrorType !== undefined && RETRYABLE_STREAM_ERRORS.has(facts.streamErrorType)) ||
    (facts.status !== undefined && !NEVER_RETRY.has(facts.status) && (facts.status === 408 || facts.status === 409 || facts.status === 429 || facts.status >= 500));
  if (!retryable) return no;
  const asked = retryAfterMs(facts.headers, now);
  if (asked !== undefined) {
    return asked <= MAX_RETRY_AFTER_MS ? { retry: true, delayMs: asked } : no;
  }
  return { retry: true, delayMs: backoffMs(attempt, random) };
}

/** 0.5 s, 1 s, 2 s, … up to 8 s, less up to 25% jitter so clients spread out. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(500 * 2 ** attempt, MAX_BACKOFF_MS);
  return Math.round(base * (1 - random() * 0.25));
}

/** `retry-after-ms` (float milliseconds) wins; else `retry-after` in seconds or as an HTTP date. */
export function retryAfterMs(
  headers: FailureFacts['headers'],
  now: () => number = Date.now,
): number | undefined {
  const ms = Number.parseFloat(header(headers, 'retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return Math.round(ms);
  const value = header(headers, 'retry-after');
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (value.trim() !== '' && Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now());
}

function header(headers: FailureFacts['headers'], name: string): string | undefined {
  const value = headers?.[name];
  return Array.isArray(value) ? value[0] : value;
}
