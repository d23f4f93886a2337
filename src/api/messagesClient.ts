// Streams a Messages API request, retrying failures that happen before any output. No vscode.
import { ApiError, ConnectionError, MalformedStreamError, errorFromResponse, excerptOf, redactError } from './apiError';
import { DEFAULT_TRANSPORT, createDispatcher, headerValue, readLimited, send, type TransportSettings } from './httpTransport';
import { MessageAccumulator, type StreamDelta } from './messageAccumulator';
import type { HttpRequest } from './messagesRequest';
import { keysInHeaders, redactOptional, redactorFor, type Redact } from './redact';
import { decideRetry, type FailureFacts } from './retryPolicy';
import { sseEventBatches } from './sseEvents';
import { countTokens } from './tokenCount';
import type { Message, SseEvent } from './types';
import type { Dispatcher } from './undiciParts';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

export interface StreamOptions {
  signal?: AbortSignal;
  onDelta?: (delta: StreamDelta) => void;
}

export interface StreamResult {
  message: Message;
  status: number;
  requestId: string | undefined;
  retries: number;
}

export interface ClientSettings extends TransportSettings {
  /** Retries after the first attempt, for failures before any output. */
  maxRetries: number;
}

export const DEFAULT_CLIENT_SETTINGS: ClientSettings = { ...DEFAULT_TRANSPORT, maxRetries: 2 };

/** Deltas that put something in front of the user; after one of these a failure is not retried. */
const OUTPUT_DELTAS = new Set<StreamDelta['type']>(['text', 'thinking', 'toolInput']);

interface AttemptLog {
  status?: number;
  requestId?: string;
  firstByteMs?: number;
  message?: Message;
}

export class MessagesClient {
  readonly dispatcher: Dispatcher;

  constructor(
    private readonly log: Logger,
    readonly settings: ClientSettings = DEFAULT_CLIENT_SETTINGS,
    dispatcher?: Dispatcher,
  ) {
    this.dispatcher = dispatcher ?? createDispatcher(settings);
  }

  /** Sends a streaming request and resolves with the complete message; throws ApiError and friends. */
  async streamMessage(http: HttpRequest, options: StreamOptions = {}): Promise<StreamResult> {
    const started = Date.now();
    // Provider text can repeat the key it was sent: everything taken from it is redacted first.
    const redact = redactorFor(keysInHeaders(http.headers));
    let attempt = 0;
    let entry: AttemptLog = {};
    try {
      for (;;) {
        entry = {};
        let shown = false;
        try {
          const result = await this.attemptStream(http, options.signal, entry, redact, (delta) => {
            shown ||= OUTPUT_DELTAS.has(delta.type);
            options.onDelta?.(delta);
          });
          return { ...result, retries: attempt };
        } catch (caught) {
          if (options.signal?.aborted) throw options.signal.reason ?? caught;
          const error = redactError(caught, redact);
          // Once the user has seen output, the partial reply is kept and the caller offers Continue.
          if (shown) throw error;
          const decision = decideRetry(failureFacts(error), attempt, this.settings.maxRetries);
          if (!decision.retry) throw error;
          attempt++;
          this.log.warn(`Attempt ${attempt} failed (${error instanceof Error ? error.message : String(error)}); retrying in ${decision.delayMs} ms.`);
          options.onDelta?.({ type: 'retry', attempt, delayMs: decision.delayMs, reason: error instanceof Error ? error.message : String(error) });
          await sleep(decision.delayMs, options.signal);
        }
      }
    } finally {
      this.log.info(requestLogLine({ path: new URL(http.url).pathname, model: modelOf(http.body), ...entry, requestId: redactOptional(redact, entry.requestId), totalMs: Date.now() - started, retries: attempt }));
    }
  }

  /** POST /v1/messages/count_tokens on this client's connections; never retried. */
  countTokens(http: HttpRequest, signal?: AbortSignal): Promise<number> {
    return countTokens(this.dispatcher, http, this.settings.idleTimeoutMs, signal);
  }

  close(): Promise<void> {
    return this.dispatcher.close();
  }

  private async attemptStream(http: HttpRequest, signal: AbortSignal | undefined, entry: AttemptLog, redact: Redact, onDelta: (delta: StreamDelta) => void): Promise<Omit<StreamResult, 'retries'>> {
    const sent = Date.now();
    const response = await send(this.dispatcher, http, { method: 'POST', signal, idleTimeoutMs: this.settings.idleTimeoutMs }).catch((error: unknown) => {
      throw toClientError(error);
    });
    const status = response.statusCode;
    const requestId = headerValue(response.headers['request-id']);
    Object.assign(entry, { status, requestId, firstByteMs: Date.now() - sent });
    if (status < 200 || status >= 300) {
      throw errorFromResponse(status, requestId, redact(await readLimited(response.body).catch(() => '')), response.headers);
    }
    const accumulator = new MessageAccumulator();
    const batches = /\bapplication\/json\b/i.test(headerValue(response.headers['content-type']) ?? '')
      ? [eventsFromJsonBody(status, requestId, await response.body.text(), redact)]
      : sseEventBatches(response.body);
    let sawEvent = false;
    try {
      for await (const events of batches) {
        for (const event of events) {
          sawEvent = true;
          const delta = accumulator.apply(event);
          if (delta) onDelta(delta);
        }
      }
    } catch (error) {
      throw toClientError(error);
    } finally {
      entry.message = accumulator.current;
    }
    if (!sawEvent) throw new MalformedStreamError('the reply was empty');
    if (!accumulator.done || !accumulator.current) {
      throw new ConnectionError('The connection closed before the reply was complete.');
    }
    return { message: accumulator.current, status, requestId };
  }
}

/** A provider that ignores `stream: true` and answers with one JSON message is replayed as events. */
function eventsFromJsonBody(status: number, requestId: string | undefined, text: string, redact: Redact): SseEvent[] {
  let message: Message;
  try {
    message = JSON.parse(text) as Message;
  } catch {
    throw new MalformedStreamError('the reply is neither a stream nor valid JSON', excerptOf(redact(text)));
  }
  if (!message || !Array.isArray(message.content)) {
    // Gateways sometimes answer 200 with their own error envelope, {code, msg, data}.
    throw errorFromResponse(status, requestId, redact(text));
  }
  const events: SseEvent[] = [{ event: 'message_start', data: JSON.stringify({ type: 'message_start', message: { ...message, content: [] } }) }];
  for (const [index, block] of message.content.entries()) {
    events.push({ event: 'content_block_start', data: JSON.stringify({ type: 'content_block_start', index, content_block: block }) });
    events.push({ event: 'content_block_stop', data: JSON.stringify({ type: 'content_block_stop', index }) });
  }
  events.push({ event: 'message_delta', data: JSON.stringify({ type: 'message_delta', delta: { stop_reason: message.stop_reason, stop_sequence: message.stop_sequence }, usage: message.usage ?? {} }) });
  events.push({ event: 'message_stop', data: '{"type":"message_stop"}' });
  return events;
}

function failureFacts(error: unknown): FailureFacts {
  if (error instanceof ApiError) {
    return { status: error.status, headers: error.retryHeaders, connectionFailed: false, streamErrorType: error.status === undefined ? error.errorType : undefined };
  }
  return { status: undefined, connectionFailed: error instanceof ConnectionError };
}

interface RequestLog extends AttemptLog {
  path: string;
  model: string;
  totalMs: number;
  retries: number;
}

/** One line per request. It never holds headers or bodies, so it cannot leak a key. */
export function requestLogLine(entry: RequestLog): string {
  const parts = [`POST ${entry.path}`, `model=${entry.model}`, `status=${entry.status ?? 'none'}`];
  if (entry.requestId) parts.push(`request-id=${entry.requestId}`);
  if (entry.firstByteMs !== undefined) parts.push(`ttfb=${entry.firstByteMs}ms`);
  parts.push(`total=${entry.totalMs}ms`);
  const usage = entry.message?.usage;
  if (usage) parts.push(`tokens-in=${usage.input_tokens} tokens-out=${usage.output_tokens}`);
  if (entry.message?.stop_reason) parts.push(`stop=${entry.message.stop_reason}`);
  parts.push(`retries=${entry.retries}`);
  return parts.join(' ');
}

function modelOf(body: string): string {
  const match = /"model":"((?:[^"\\]|\\.)*)"/.exec(body);
  return match ? match[1] : 'unknown';
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || (error as { code?: string }).code === 'UND_ERR_ABORTED');
}

/** Turns undici's transport errors into ConnectionError; leaves ours and aborts as they are. */
export function toClientError(error: unknown): unknown {
  if (error instanceof ApiError || error instanceof MalformedStreamError || error instanceof ConnectionError || isAbort(error)) {
    return error;
  }
  const code = (error as { code?: string } | undefined)?.code;
  if (code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT') {
    return new ConnectionError('The provider stopped sending data and the request timed out.', error);
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return new ConnectionError('Connecting to the provider timed out.', error);
  if (code === 'UND_ERR_SOCKET') return new ConnectionError('The connection closed before the reply was complete.', error);
  const detail = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
  return new ConnectionError(`The connection to the provider failed: ${detail}`, error);
}
