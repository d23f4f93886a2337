// Scripted replies and faults for POST /v1/messages: how a reply's bytes reach the client, or how
// the exchange goes wrong (slow, fragmented, cut off, an error event, an HTTP or proxy error, a hang).
import { errorBody, errorTypeForStatus, statusForErrorType, type ApiErrorType } from './errors';
import {
  buildMessageJson,
  buildSseEvents,
  isRawSse,
  sseFrame,
  splitSseFrames,
  type ReplyContext,
  type ReplySpec,
} from './replies';
import type { ResponseWriter } from './writer';

export type Fault =
  /** Pause between SSE events (non-stream: once, between headers and body). */
  | { kind: 'slowChunks'; delayMs: number }
  /** Write the body in pieces of 1..maxBytes bytes (default 3), splitting lines and UTF-8 characters. */
  | { kind: 'tinyChunks'; maxBytes?: number }
  /** Write the body in large pieces (default 64 KiB), many events each, as a fast server or a buffering proxy does. */
  | { kind: 'bulkChunks'; chunkBytes?: number }
  /**
   * Destroy the socket after N events (non-stream: after half the JSON body, or after the headers
   * when afterEvents is 0). `beforeHeaders` drops the connection before any response byte.
   */
  | { kind: 'disconnect'; afterEvents: number; beforeHeaders?: boolean }
  /** `event: error` after N events, then a normal end (non-stream: the matching HTTP error). */
  | { kind: 'streamError'; afterEvents: number; errorType?: ApiErrorType; message?: string }
  | {
      kind: 'httpError';
      status: number;
      errorType?: ApiErrorType;
      message?: string;
      /** `retry-after` header, seconds or an HTTP date. */
      retryAfter?: string;
      /** `retry-after-ms` header. */
      retryAfterMs?: string;
      /** `x-should-retry` header. */
      shouldRetry?: boolean;
    }
  /** HTTP 200 whose SSE data line (or JSON body) is cut off mid-JSON. */
  | { kind: 'malformedJson' }
  /** A reverse proxy's text/html error page; 502 by default. */
  | { kind: 'htmlError'; status?: number }
  /** A gateway's own envelope `{"code":..., "msg":..., "data":null}`; HTTP 200 by default. */
  | { kind: 'gatewayWrapped'; status?: number; code?: number | string; msg?: string }
  /** No body at all; HTTP 200 by default. */
  | { kind: 'emptyBody'; status?: number }
  /** Headers (unless beforeHeaders) and then nothing, until the client goes away. */
  | { kind: 'hang'; beforeHeaders?: boolean }
  /**
   * A gateway that repeats the key it was sent, whole and in its Bearer form: in an HTTP error's
   * JSON (default 401), an `event: error` after N events (stream requests; others get the HTTP
   * error), a plain-text error body, or the `request-id` header of an error.
   */
  | { kind: 'echoKey'; where: 'httpError' | 'streamError' | 'plainText' | 'requestId' | 'errorType'; status?: number; afterEvents?: number }
  /** A gateway that knows only custom tools: a request with Anthropic-defined tool types gets 400; one without plays the reply. */
  | { kind: 'rejectTypedTools' };

export interface MockScript {
  reply?: ReplySpec;
  /** The reply made from the request's body (a summariser that echoes it); wins over `reply`. */
  replyFor?: (body: unknown) => ReplySpec;
  fault?: Fault;
  /** HTTP status of the reply (default 200); a fault's own status wins. */
  status?: number;
  /** Wait this long before responding at all. */
  delayMs?: number;
  /** Checks the request; a message back means the API would refuse it: 400 with that message. */
  expect?: (body: unknown) => string | undefined;
}

export interface ScriptContext extends ReplyContext {
  stream: boolean;
  /** The key the request carried (x-api-key, else the Bearer token), for echoKey. */
  presentedKey?: string;
}

const sseHeaders = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };
const jsonType = 'application/json';

function htmlPage(status: number): string {
  const title = `${String(status)} ${status === 502 ? 'Bad Gateway' : status === 503 ? 'Service Temporarily Unavailable' : 'Error'}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/** Deterministic piece sizes, so a failing tinyChunks test replays the same split. */
function pieceSizes(seed: number, maxBytes: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return 1 + ((((t ^ (t >>> 14)) >>> 0) % maxBytes) >>> 0);
  };
}

function sendHttpError(w: ResponseWriter, status: number, type: ApiErrorType, message: string | undefined, headers: Record<string, string> = {}): void {
  w.send(status, jsonType, JSON.stringify(errorBody(type, message, w.requestId)), headers);
}

/** Plays one script: a fault that replaces the reply, or the reply delivered as the fault says. */
export async function playScript(w: ResponseWriter, script: MockScript, reply: ReplySpec, context: ScriptContext): Promise<void> {
  await w.sleep(script.delayMs ?? 0);
  if (w.gone) return;
  const fault = script.fault;
  const okStatus = script.status ?? 200;
  const bodyType = context.stream ? 'text/event-stream' : jsonType;
  switch (fault?.kind) {
    case 'httpError': {
      const headers: Record<string, string> = {};
      if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
      if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = fault.retryAfterMs;
      if (fault.shouldRetry !== undefined) headers['x-should-retry'] = String(fault.shouldRetry);
      sendHttpError(w, fault.status, fault.errorType ?? errorTypeForStatus(fault.status), fault.message, headers);
      return;
    }
    case 'htmlError': {
      const status = fault.status ?? script.status ?? 502;
      w.send(status, 'text/html', htmlPage(status), { server: 'nginx' });
      return;
    }
    case 'gatewayWrapped': {
      const status = fault.status ?? script.status ?? 200;
      const code = fault.code ?? (status >= 400 ? status : 500);
      w.send(status, jsonType, JSON.stringify({ code, msg: fault.msg ?? 'upstream service error', data: null }));
      return;
    }
    case 'emptyBody':
      w.send(fault.status ?? okStatus, bodyType, '');
      return;
    case 'echoKey': {
      const echo = echoedKey(context.presentedKey);
      const status = fault.status ?? 401;
      if (fault.where === 'plainText') w.send(status, 'text/plain', `Unauthorized: ${echo}\n`);
      // A gateway that puts the key it refused into the error's type, which the chat shows too: in
      // an HTTP error here, in an `event: error` below when the request streams.
      else if (fault.where === 'errorType' && !context.stream) sendHttpError(w, status, keyedErrorType(context.presentedKey), 'invalid key');
      else if (fault.where === 'requestId') sendHttpError(w, status, errorTypeForStatus(status), 'invalid key', { 'request-id': `req_${context.presentedKey ?? ''}` });
      else if (fault.where === 'httpError' || !context.stream) sendHttpError(w, status, errorTypeForStatus(status), echo);
      else break;
      return;
    }
    case 'hang':
      if (!fault.beforeHeaders) w.head(okStatus, context.stream ? sseHeaders : { 'content-type': jsonType });
      await w.waitUntilGone();
      return;
    case 'disconnect':
      if (fault.beforeHeaders) {
        w.destroy();
        return;
      }
      break;
    case 'streamError':
      if (!context.stream) {
        const type = fault.errorType ?? 'overloaded_error';
        sendHttpError(w, statusForErrorType(type), type, fault.message);
        return;
      }
      break;
    default:
      break;
  }
  await deliverReply(w, fault, okStatus, reply, context);
}

/** The body pieces of a reply: one string per SSE event, or the single JSON body. */
function replyPieces(reply: ReplySpec, context: ScriptContext): { pieces: string[]; sse: boolean } {
  if (isRawSse(reply)) return { pieces: splitSseFrames(reply.rawSse), sse: true };
  if (context.stream) return { pieces: buildSseEvents(reply, context).map(sseFrame), sse: true };
  return { pieces: [JSON.stringify(buildMessageJson(reply, context))], sse: false };
}

/** The last raw stream sent in bulk, encoded once: benchmarks send the same large stream many times. */
let bulkCache: { text: string; bytes: Buffer } | undefined;

function bulkBytes(reply: ReplySpec, pieces: string[]): Buffer {
  if (!isRawSse(reply)) return Buffer.from(pieces.join(''), 'utf8');
  if (bulkCache?.text !== reply.rawSse) bulkCache = { text: reply.rawSse, bytes: Buffer.from(reply.rawSse, 'utf8') };
  return bulkCache.bytes;
}

async function deliverReply(w: ResponseWriter, fault: Fault | undefined, status: number, reply: ReplySpec, context: ScriptContext): Promise<void> {
  if (fault?.kind === 'bulkChunks' && isRawSse(reply)) {
    w.head(status, sseHeaders);
    const bytes = bulkBytes(reply, []);
    const size = Math.max(1, Math.floor(fault.chunkBytes ?? 64 * 1024));
    for (let at = 0; at < bytes.length && !w.gone; at += size) await w.write(bytes.subarray(at, at + size));
    w.end();
    return;
  }
  const { pieces, sse } = replyPieces(reply, context);
  w.head(status, sse ? sseHeaders : { 'content-type': jsonType });
  switch (fault?.kind) {
    case 'slowChunks':
      for (const [i, piece] of pieces.entries()) {
        if (i > 0 || !sse) await w.sleep(fault.delayMs);
        await w.write(piece);
      }
      break;
    case 'tinyChunks': {
      const bytes = Buffer.from(pieces.join(''), 'utf8');
      const nextSize = pieceSizes(bytes.length, Math.max(1, Math.floor(fault.maxBytes ?? 3)));
      for (let at = 0; at < bytes.length && !w.gone; ) {
        const size = nextSize();
        await w.write(bytes.subarray(at, at + size));
        at += size;
      }
      break;
    }
    case 'bulkChunks': {
      const bytes = bulkBytes(reply, pieces);
      const size = Math.max(1, Math.floor(fault.chunkBytes ?? 64 * 1024));
      for (let at = 0; at < bytes.length && !w.gone; at += size) await w.write(bytes.subarray(at, at + size));
      break;
    }
    case 'disconnect': {
      const sent = sse ? pieces.slice(0, fault.afterEvents) : fault.afterEvents > 0 ? [halfOf(pieces.join(''))] : [];
      for (const piece of sent) await w.write(piece);
      w.destroy();
      return;
    }
    case 'streamError': {
      for (const piece of pieces.slice(0, fault.afterEvents)) await w.write(piece);
      const body = errorBody(fault.errorType ?? 'overloaded_error', fault.message, w.requestId);
      // A mid-stream error event carries no request_id; the header has it.
      await w.write(sseFrame({ event: 'error', data: { type: 'error', error: body.error } }));
      break;
    }
    case 'echoKey': {
      for (const piece of pieces.slice(0, fault.afterEvents ?? 0)) await w.write(piece);
      const body = fault.where === 'errorType'
        ? errorBody(keyedErrorType(context.presentedKey), 'invalid key', w.requestId)
        : errorBody('api_error', echoedKey(context.presentedKey), w.requestId);
      await w.write(sseFrame({ event: 'error', data: { type: 'error', error: body.error } }));
      break;
    }
    case 'malformedJson':
      if (sse) {
        await w.write(pieces[0] ?? '');
        await w.write('event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"te\n\n');
      } else {
        await w.write(halfOf(pieces.join('')));
      }
      break;
    default:
      for (const piece of pieces) await w.write(piece);
  }
  w.end();
}

function keyedErrorType(key: string | undefined): ApiErrorType {
  return `invalid_key_${key ?? ''}` as ApiErrorType;
}

function echoedKey(key: string | undefined): string {
  return `invalid api key ${key ?? '(none)'}; header seen: Authorization: Bearer ${key ?? ''}`;
}

function halfOf(text: string): string {
  return text.slice(0, Math.floor(text.length / 2));
}
