// Streams a Messages API request over undici and accumulates the reply. No `vscode` import.
import { Agent, request, type Dispatcher } from './undiciParts';
import { ApiError, ConnectionError, MalformedStreamError, errorFromResponse, excerptOf } from './apiError';
import { MessageAccumulator, type StreamDelta } from './messageAccumulator';
import type { HttpRequest } from './messagesRequest';
import { sseEvents } from './sseEvents';
import type { Message, SseEvent } from './types';

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
}

export interface ClientTimeouts {
  /** Time allowed to open the connection. */
  connectMs: number;
  /** Longest silence allowed while waiting for headers or between stream chunks; pings reset it. */
  idleMs: number;
}

const DEFAULT_TIMEOUTS: ClientTimeouts = { connectMs: 15_000, idleMs: 120_000 };
const MAX_ERROR_BODY = 64 * 1024;

export class MessagesClient {
  private readonly dispatcher: Dispatcher;

  constructor(
    private readonly log: Logger,
    private readonly timeouts: ClientTimeouts = DEFAULT_TIMEOUTS,
    dispatcher?: Dispatcher,
  ) {
    this.dispatcher = dispatcher ?? new Agent({ keepAliveTimeout: 30_000, connect: { timeout: timeouts.connectMs } });
  }

  /** Sends a streaming request and resolves with the complete message; throws ApiError and friends. */
  async streamMessage(http: HttpRequest, options: StreamOptions = {}): Promise<StreamResult> {
    const started = Date.now();
    const path = new URL(http.url).pathname;
    const model = modelOf(http.body);
    let status: number | undefined;
    let requestId: string | undefined;
    let firstByteMs: number | undefined;
    let message: Message | undefined;
    try {
      const url = new URL(http.url);
      const response = await request(this.dispatcher, {
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers: http.headers,
        body: http.body,
        signal: options.signal,
        headersTimeout: this.timeouts.idleMs,
        bodyTimeout: this.timeouts.idleMs,
      }).catch((error: unknown) => {
        throw toClientError(error);
      });
      status = response.statusCode;
      firstByteMs = Date.now() - started;
      requestId = headerValue(response.headers['request-id']);
      if (status < 200 || status >= 300) {
        throw errorFromResponse(status, requestId, await readLimited(response.body));
      }
      const accumulator = new MessageAccumulator();
      const events = isJson(response.headers['content-type'])
        ? eventsFromJsonBody(await response.body.text())
        : sseEvents(response.body);
      try {
        for await (const event of events) {
          const delta = accumulator.apply(event);
          if (delta) options.onDelta?.(delta);
        }
      } catch (error) {
        throw toClientError(error);
      } finally {
        message = accumulator.current;
      }
      if (!accumulator.done || !message) {
        throw new ConnectionError('The connection closed before the reply was complete.');
      }
      return { message, status, requestId };
    } catch (error) {
      if (isAbort(error) && options.signal?.aborted) throw options.signal.reason ?? error;
      throw error;
    } finally {
      this.log.info(requestLogLine({ path, model, status, requestId, firstByteMs, totalMs: Date.now() - started, message }));
    }
  }

  close(): Promise<void> {
    return this.dispatcher.close();
  }
}

/** A provider that ignores `stream: true` and answers with one JSON message is replayed as events. */
async function* eventsFromJsonBody(text: string): AsyncGenerator<SseEvent> {
  let message: Message;
  try {
    message = JSON.parse(text) as Message;
  } catch {
    throw new MalformedStreamError('the reply is neither a stream nor valid JSON', excerptOf(text));
  }
  if (!message || !Array.isArray(message.content)) {
    throw new MalformedStreamError('the JSON reply is not a message', excerptOf(text));
  }
  yield { event: 'message_start', data: JSON.stringify({ type: 'message_start', message: { ...message, content: [] } }) };
  for (const [index, block] of message.content.entries()) {
    yield { event: 'content_block_start', data: JSON.stringify({ type: 'content_block_start', index, content_block: block }) };
    yield { event: 'content_block_stop', data: JSON.stringify({ type: 'content_block_stop', index }) };
  }
  yield { event: 'message_stop', data: '{"type":"message_stop"}' };
}

interface RequestLog {
  path: string;
  model: string;
  status: number | undefined;
  requestId: string | undefined;
  firstByteMs: number | undefined;
  totalMs: number;
  message: Message | undefined;
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
  return parts.join(' ');
}

function modelOf(body: string): string {
  const match = /"model":"((?:[^"\\]|\\.)*)"/.exec(body);
  return match ? match[1] : 'unknown';
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function isJson(contentType: string | string[] | undefined): boolean {
  return /\bapplication\/json\b/i.test(headerValue(contentType) ?? '');
}

async function readLimited(body: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(Buffer.from(chunk));
    size += chunk.byteLength;
    if (size >= MAX_ERROR_BODY) break;
  }
  return Buffer.concat(chunks).toString('utf8');
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || (error as { code?: string }).code === 'UND_ERR_ABORTED');
}

/** Turns undici's transport errors into ConnectionError; leaves ours and aborts as they are. */
function toClientError(error: unknown): unknown {
  if (error instanceof ApiError || error instanceof MalformedStreamError || error instanceof ConnectionError || isAbort(error)) {
    return error;
  }
  const code = (error as { code?: string } | undefined)?.code;
  if (code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT') {
    return new ConnectionError('The provider stopped sending data and the request timed out.', error);
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return new ConnectionError('Connecting to the provider timed out.', error);
  const detail = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
  return new ConnectionError(`The connection to the provider failed: ${detail}`, error);
}
