// Errors from the provider, typed by status and error type, each with advice for the user. Pure.
import { redactOptional, type Redact } from './redact';
import { isRecord } from '../common/isRecord';

/** An HTTP error response, or an `event: error` inside a stream. */
export class ApiError extends Error {
  constructor(
    message: string,
    /** HTTP status; undefined for an error event that arrived inside a 200 stream. */
    readonly status: number | undefined,
    /** The API's `error.type`, e.g. `overloaded_error`; undefined when the body was not the API's JSON. */
    readonly errorType: string | undefined,
    readonly requestId: string | undefined,
    /** A short excerpt of a body that was not the API's error JSON. */
    readonly bodyExcerpt?: string,
    /** The response headers that steer retries: retry-after, retry-after-ms, x-should-retry. */
    readonly retryHeaders: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * The error as an HTTP ApiError, told by name: the client is a separate bundle in the extension,
 * with its own copy of the class, so instanceof fails across the two.
 */
export function asApiError(error: unknown): ApiError | undefined {
  return error instanceof Error && error.name === 'ApiError' ? (error as ApiError) : undefined;
}

export class StreamErrorEvent extends ApiError {
  constructor(data: Record<string, unknown>) {
    const error = (data.error ?? {}) as Record<string, unknown>;
    super(String(error.message ?? 'The provider reported an error in the stream.'), undefined, stringOrUndefined(error.type), stringOrUndefined(data.request_id));
    this.name = 'StreamErrorEvent';
  }
}

/** The stream broke the protocol: bad JSON, events out of order. */
export class MalformedStreamError extends Error {
  constructor(reason: string, readonly excerpt?: string) {
    super(`The provider sent a malformed stream: ${reason}.`);
    this.name = 'MalformedStreamError';
  }
}

/** The connection failed or was cut before the reply was complete. */
export class ConnectionError extends Error {
  constructor(message: string, readonly cause?: unknown) {
    super(message);
    this.name = 'ConnectionError';
  }
}

const EXCERPT_LENGTH = 200;

const RETRY_HEADERS = ['retry-after', 'retry-after-ms', 'x-should-retry'];

/** Builds an ApiError from a non-2xx response, whatever its body looks like. */
export function errorFromResponse(
  status: number,
  requestId: string | undefined,
  bodyText: string,
  headers: Readonly<Record<string, string | string[] | undefined>> = {},
): ApiError {
  const retryHeaders: Record<string, string> = {};
  for (const name of RETRY_HEADERS) {
    const value = headers[name];
    if (value !== undefined) retryHeaders[name] = Array.isArray(value) ? value[0] : value;
  }
  const json = tryParseJson(bodyText);
  const error = json?.error;
  if (isRecord(error) && typeof error.message === 'string') {
    return new ApiError(error.message, status, stringOrUndefined(error.type), requestId ?? stringOrUndefined(json?.request_id), undefined, retryHeaders);
  }
  // Gateways often wrap errors as {code, msg, data} or {message}.
  const gatewayMessage = stringOrUndefined(json?.msg) ?? stringOrUndefined(json?.message) ?? (typeof error === 'string' ? error : undefined);
  if (gatewayMessage) return new ApiError(gatewayMessage, status, undefined, requestId, undefined, retryHeaders);
  const excerpt = excerptOf(bodyText);
  const what = bodyText.trim() === '' ? 'an empty body' : looksLikeHtml(bodyText) ? 'an HTML page' : 'a body that is not the API\'s error JSON';
  return new ApiError(`HTTP ${status} with ${what}.`, status, undefined, requestId, excerpt || undefined, retryHeaders);
}

/** Reduces a body to a short single-line excerpt; HTML is reduced to its text. */
export function excerptOf(bodyText: string): string {
  const text = looksLikeHtml(bodyText)
    ? bodyText.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ')
    : bodyText;
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > EXCERPT_LENGTH ? `${line.slice(0, EXCERPT_LENGTH)}…` : line;
}

function looksLikeHtml(text: string): boolean {
  return /^\s*</.test(text) && /<(html|body|head|title|h1|!doctype)/i.test(text);
}

function tryParseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Redacts keys from everything a client error carries from the provider: message, excerpt,
 * request id, and the stack, which repeats the message. The errors are this client's own, made
 * for one request and not yet handed on, so they are redacted in place.
 */
export function redactError(error: unknown, redact: Redact): unknown {
  if (!(error instanceof ApiError || error instanceof MalformedStreamError || error instanceof ConnectionError)) return error;
  error.message = redact(error.message);
  if (error.stack) error.stack = redact(error.stack);
  if (error instanceof ApiError) {
    // The error's type is the provider's text too, and the chat shows it beside the message.
    Object.assign(error, { bodyExcerpt: redactOptional(redact, error.bodyExcerpt), requestId: redactOptional(redact, error.requestId), errorType: redactOptional(redact, error.errorType) });
  }
  if (error instanceof MalformedStreamError) Object.assign(error, { excerpt: redactOptional(redact, error.excerpt) });
  return error;
}
