// The mock Messages API: a real HTTP server on loopback that records every request and answers
// POST /v1/messages from a queue of scripts (replies and faults), emulating one provider's rules.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo, Socket } from 'net';
import { checkHeaders, checkMessagesBody, presentedKeys, type Rejection } from './access';
import { applyContextManagement, type MockCompaction } from './contextManagement';
import { promptTooLongMessage, windowExceededReply, type ContextLimit } from './contextWindow';
import { defaultReply, defaultScript } from './defaultReplies';
import { errorBody, randomId } from './errors';
import { playScript, type MockScript } from './faults';
import { getModel, listBareModels, listModels, type ModelsResult } from './models';
import { PromptCache, countInputTokens } from './promptCache';
import { providers, type ProviderId } from './providers';
import { isRawSse } from './replies';
import { typedToolsRefusal } from './toolTurns';
import { ResponseWriter } from './writer';

export type { ApiErrorType } from './errors';
export type { Fault, MockScript } from './faults';
export { providerIds, providers, type AuthForm, type ProviderId, type ProviderRule } from './providers';
export * from './replies';
export { FACT_PATTERN, echoSummary, summaryScript, type ContextLimit } from './contextWindow';
export { demoToolReply, expectToolResult, trailingResults, typedToolsRefusal } from './toolTurns';

export interface MockServerOptions {
  /** Default 'anthropic'. */
  provider?: ProviderId;
  /** Default false: any auth header form and no version are accepted. */
  strict?: boolean;
  /** Strict mode, providers whose document names no header form (APIMart, Qingbo): the one form taken. */
  demandAuth?: 'x-api-key' | 'bearer';
  /** GET /v1/models: 'full' (the Models API's paged entries, the default) or 'bare' (a gateway's bare ids). */
  modelList?: 'full' | 'bare';
  /** GET /v1/models pages at most this many entries, whatever `limit` asks (as some gateways do). */
  modelPageSize?: number;
  /** When set, the key (in whichever header is accepted) must equal it, else 401. */
  apiKey?: string;
  /** Default reply becomes a labelled, slowly streamed demo message. */
  demo?: boolean;
  /** Default 0 (an ephemeral port). */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Called once per request when its response is finished or abandoned (for logs). */
  onResponse?: (entry: ResponseLogEntry) => void;
  /** A gateway's limits: body fields it refuses with a 400 wherever they appear, and no count_tokens (404). */
  gateway?: GatewayLimits;
  /** The prompt cache's clock (default Date.now), so tests can let entries expire. */
  now?: () => number;
  /** Server-side compaction (`compact_20260112`) fires from this many input tokens instead of its trigger. */
  compaction?: MockCompaction;
  /** The model's window: a Messages request with more input tokens is refused (400) or stops at once, using no script. */
  contextLimit?: ContextLimit;
}

export interface GatewayLimits {
  /** e.g. ['cache_control'] or ['ttl']: a Messages or count_tokens body holding one gets a 400 that names it. */
  rejectFields?: readonly string[];
  /** False: POST /v1/messages/count_tokens is a 404, as on gateways that do not forward it. */
  countTokens?: boolean;
  /** `anthropic-beta` values it refuses with a 400 that names them. */
  rejectBetas?: readonly string[];
}

export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. '/v1/models'. */
  path: string;
  /** Path with the query string, as sent. */
  url: string;
  /** Lower-cased names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  rawBody: string;
  /** The parsed JSON body, or undefined when it is empty or not JSON. */
  body: unknown;
}

export interface ResponseLogEntry {
  method: string;
  path: string;
  status: number;
  /** False when the connection closed before the response was complete. */
  completed: boolean;
  durationMs: number;
}

type Settings = Required<Pick<MockServerOptions, 'provider' | 'strict' | 'demo'>> &
  Pick<MockServerOptions, 'apiKey' | 'onResponse' | 'demandAuth' | 'modelList' | 'modelPageSize' | 'gateway' | 'compaction' | 'contextLimit'>;

/** The API's limit: Messages requests over 32 MB get 413. */
const maxBodyBytes = 32 * 1024 * 1024;

export class MockMessagesServer {
  readonly requests: RecordedRequest[] = [];
  /** Prompt caching as the API does it; `reset()` empties it. */
  readonly promptCache: PromptCache;
  private readonly queue: MockScript[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly closing = new AbortController();
  private address = '';
  private listenOn = { host: '127.0.0.1', port: 0 };
  private closed: Promise<void> | undefined;

  private constructor(
    private readonly server: Server,
    private settings: Settings,
    now: () => number = Date.now,
  ) {
    this.promptCache = new PromptCache(now);
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => {
        this.sockets.delete(socket);
      });
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      this.handle(req, res).catch((error: unknown) => {
        // A bug in the mock itself: say so in an API-shaped 500 rather than hanging the client.
        if (res.headersSent) {
          res.destroy();
          return;
        }
        const requestId = randomId('req_');
        const message = `mock server error: ${error instanceof Error ? error.message : String(error)}`;
        res.writeHead(500, { 'content-type': 'application/json', 'request-id': requestId });
        res.end(JSON.stringify(errorBody('api_error', message, requestId)));
      });
    });
  }

  static async start(options: MockServerOptions = {}): Promise<MockMessagesServer> {
    const mock = MockMessagesServer.create(options);
    await mock.listen();
    return mock;
  }

  /** A server not listening yet, for a suite's fixture: it hands the server out while the suite is
   *  defined and calls `listen()` in a `before` hook (see suiteServer.ts). */
  static create(options: MockServerOptions = {}): MockMessagesServer {
    const mock = new MockMessagesServer(createServer({ noDelay: true }), {
      provider: options.provider ?? 'anthropic',
      strict: options.strict ?? false,
      demo: options.demo ?? false,
      apiKey: options.apiKey,
      onResponse: options.onResponse,
      demandAuth: options.demandAuth,
      modelList: options.modelList,
      modelPageSize: options.modelPageSize,
      gateway: options.gateway,
      compaction: options.compaction,
      contextLimit: options.contextLimit,
    }, options.now);
    mock.listenOn = { host: options.host ?? '127.0.0.1', port: options.port ?? 0 };
    return mock;
  }

  /** Starts listening on the host and port it was created with; `url` is known from then on. */
  async listen(): Promise<void> {
    const { server } = this;
    const { host, port } = this.listenOn;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    this.address = `http://${host.includes(':') ? `[${host}]` : host}:${String(address.port)}`;
  }

  /** 'http://127.0.0.1:PORT', without a trailing slash. */
  get url(): string {
    return this.address;
  }

  /** The POST /v1/messages requests recorded: clients fetch GET /v1/models in the background too. */
  messageRequests(): RecordedRequest[] {
    return this.requests.filter((request) => request.path === '/v1/messages');
  }

  /** Scripts for the next POST /v1/messages requests, in order; then the default reply again. */
  enqueue(...scripts: MockScript[]): void {
    this.queue.push(...scripts);
  }

  /** Switches provider, strictness, key or demo mode; port and host cannot change. */
  configure(options: Partial<MockServerOptions>): void {
    const next = { ...this.settings };
    if (options.provider !== undefined) next.provider = options.provider;
    if (options.strict !== undefined) next.strict = options.strict;
    if (options.demo !== undefined) next.demo = options.demo;
    if ('apiKey' in options) next.apiKey = options.apiKey;
    if ('onResponse' in options) next.onResponse = options.onResponse;
    if ('demandAuth' in options) next.demandAuth = options.demandAuth;
    if ('modelList' in options) next.modelList = options.modelList;
    if ('modelPageSize' in options) next.modelPageSize = options.modelPageSize;
    if ('gateway' in options) next.gateway = options.gateway;
    if ('compaction' in options) next.compaction = options.compaction;
    if ('contextLimit' in options) next.contextLimit = options.contextLimit;
    this.settings = next;
  }

  /** Forgets queued scripts, recorded requests and the prompt cache. */
  reset(): void {
    this.queue.length = 0;
    this.requests.length = 0;
    this.promptCache.clear();
  }

  /** Sockets open right now, idle keep-alive ones included. */
  openConnections(): number {
    return this.sockets.size;
  }

  /** Stops listening, ends every pending reply and destroys every socket. Safe to call twice. */
  close(): Promise<void> {
    this.closed ??= this.shutDown();
    return this.closed;
  }

  private async shutDown(): Promise<void> {
    // Waits for every socket's 'close' too, so openConnections() is 0 once this resolves.
    const socketsClosed = [...this.sockets].map((socket) => new Promise((resolve) => socket.once('close', resolve)));
    const serverClosed = new Promise((resolve) => this.server.close(resolve));
    this.closing.abort();
    this.server.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    await Promise.all([serverClosed, ...socketsClosed]);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const method = req.method ?? 'GET';
    const url = requestUrl(req.url ?? '/');
    const done = new AbortController();
    const stop = (): void => {
      done.abort();
    };
    this.closing.signal.addEventListener('abort', stop, { once: true });
    res.once('close', () => {
      stop();
      this.closing.signal.removeEventListener('abort', stop);
      this.settings.onResponse?.({ method, path: url.pathname, status: res.statusCode, completed: res.writableFinished, durationMs: Date.now() - started });
    });
    const w = new ResponseWriter(res, done.signal, randomId('req_'));

    const raw = await readBody(req);
    const rawBody = raw.toString('utf8');
    const recorded: RecordedRequest = { method, path: url.pathname, url: req.url ?? '/', headers: headerRecord(req), rawBody, body: parseJson(rawBody) };
    this.requests.push(recorded);
    const rejection = raw.length > maxBodyBytes ? tooLarge : this.checkRequest(recorded);
    if (rejection) reject(w, rejection);
    else await this.route(w, recorded, url.searchParams);
  }

  /** Header checks for every endpoint, then body checks for the two Messages endpoints. */
  private checkRequest({ method, path, headers, body }: RecordedRequest): Rejection | undefined {
    const { strict, apiKey, demandAuth } = this.settings;
    const rule = providers[this.settings.provider];
    const denied = checkHeaders({ rule, strict, apiKey, demandAuth }, headers);
    if (denied || method !== 'POST' || (path !== '/v1/messages' && path !== '/v1/messages/count_tokens')) return denied;
    const gateway = this.settings.gateway;
    if (path === '/v1/messages/count_tokens' && gateway?.countTokens === false) return { status: 404, type: 'not_found_error', message: `${method} ${path} not found` };
    const refused = gateway?.rejectFields ? fieldPath(body, gateway.rejectFields) : undefined;
    if (refused) return { status: 400, type: 'invalid_request_error', message: `${refused}: Extra inputs are not permitted` };
    const refusedBetas = betasOf(headers).filter((beta) => gateway?.rejectBetas?.includes(beta));
    if (refusedBetas.length > 0) return { status: 400, type: 'invalid_request_error', message: `Unexpected value(s) \`${refusedBetas.join('`, `')}\` for the \`anthropic-beta\` header.` };
    if (strict) return checkMessagesBody(rule, body, path === '/v1/messages' ? 'messages' : 'count_tokens');
    return isObject(body) ? undefined : { status: 400, type: 'invalid_request_error', message: 'Request body must be a JSON object' };
  }

  private async route(w: ResponseWriter, { method, path, body, headers }: RecordedRequest, query: URLSearchParams): Promise<void> {
    const rule = providers[this.settings.provider];
    const fields = isObject(body) ? body : {};
    if (method === 'POST' && path === '/v1/messages') {
      const { demo } = this.settings;
      const script = this.queue[0] ?? defaultScript(body, demo);
      // A script's own refusal (a missing tool result, typed tools) consumes it, and caches nothing.
      const refusal = script.expect?.(body) ?? (script.fault?.kind === 'rejectTypedTools' ? typedToolsRefusal(body) : undefined);
      if (refusal) {
        this.queue.shift();
        reject(w, { status: 400, type: 'invalid_request_error', message: refusal });
        return;
      }
      const managed = applyContextManagement(fields, betasOf(headers), this.settings.compaction);
      if (!managed.ok) {
        reject(w, { status: 400, type: 'invalid_request_error', message: managed.message });
        return;
      }
      const limit = this.settings.contextLimit;
      const tokens = limit ? countInputTokens(managed.effective) : 0;
      if (limit && tokens > limit.maxInputTokens) {
        // Over the window: no script is used, and nothing is cached.
        if (limit.answer === 'http400') reject(w, { status: 400, type: 'invalid_request_error', message: promptTooLongMessage(tokens, limit.maxInputTokens) });
        else await playScript(w, {}, windowExceededReply(), { stream: fields.stream === true, model: typeof fields.model === 'string' ? fields.model : 'claude-mock', inputTokens: tokens });
        return;
      }
      const cache = this.promptCache.process(managed.effective);
      if (!cache.ok) {
        reject(w, { status: 400, type: 'invalid_request_error', message: cache.message });
        return;
      }
      // Only requests that pass the checks consume a script.
      this.queue.shift();
      const model = typeof fields.model === 'string' ? fields.model : (rule.models[0]?.id ?? 'claude-mock');
      const presented = presentedKeys(headers);
      const { input_tokens: inputTokens, ...cacheFields } = cache.usage;
      const context = {
        stream: fields.stream === true, model, inputTokens, cache: cache.breakpoints > 0 ? cacheFields : undefined, presentedKey: presented.xApiKey ?? presented.bearer,
        ...(managed.applied ? { contextManagement: { applied_edits: managed.applied } } : {}),
      };
      const reply = script.replyFor?.(body) ?? script.reply ?? defaultReply(body, demo);
      // Server-side compaction's block comes first in the reply.
      const compacted = managed.compaction && !isRawSse(reply) ? { ...reply, content: [managed.compaction, ...reply.content] } : reply;
      await playScript(w, script, compacted, context);
    } else if (method === 'POST' && path === '/v1/messages/count_tokens') {
      const managed = applyContextManagement(fields, betasOf(headers));
      if (managed.ok) sendJson(w, 200, { input_tokens: countInputTokens(managed.effective) });
      else reject(w, { status: 400, type: 'invalid_request_error', message: managed.message });
    } else if (method === 'GET' && path === '/v1/models') {
      sendModels(w, this.settings.modelList === 'bare' ? listBareModels(rule) : listModels(rule, query, this.settings.modelPageSize));
    } else if (method === 'GET' && path.startsWith('/v1/models/')) {
      sendModels(w, getModel(rule, decodeURIComponent(path.slice('/v1/models/'.length))));
    } else {
      reject(w, { status: 404, type: 'not_found_error', message: `${method} ${path} not found` });
    }
  }
}

const tooLarge: Rejection = { status: 413, type: 'request_too_large', message: 'Request exceeds the maximum allowed number of bytes.' };

function sendJson(w: ResponseWriter, status: number, body: unknown): void {
  w.send(status, 'application/json', JSON.stringify(body));
}

function reject(w: ResponseWriter, rejection: Rejection): void {
  sendJson(w, rejection.status, errorBody(rejection.type, rejection.message, w.requestId));
}

function sendModels(w: ResponseWriter, result: ModelsResult): void {
  if (result.ok) sendJson(w, 200, result.body);
  else reject(w, { status: result.status, type: result.status === 404 ? 'not_found_error' : 'invalid_request_error', message: result.message });
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const finish = (): void => {
      resolve(Buffer.concat(chunks));
    };
    req.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
    });
    // A client that gives up mid-upload still gets recorded with what arrived.
    req.once('end', finish);
    req.once('error', finish);
    req.once('close', finish);
  });
}

/** Keeps '//v1/messages' as a path (new URL(path, base) would read it as a host), so client bugs show. */
function requestUrl(target: string): URL {
  return target.startsWith('/') ? new URL(`http://mock.invalid${target}`) : new URL(target);
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Where the first of `names` appears as a key in a JSON body, as the API writes a path: "messages.2.content.0.cache_control". */
function fieldPath(value: unknown, names: readonly string[], path = ''): string | undefined {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = fieldPath(item, names, path ? `${path}.${String(index)}` : String(index));
      if (found) return found;
    }
  } else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const here = path ? `${path}.${key}` : key;
      if (names.includes(key)) return here;
      const found = fieldPath(item, names, here);
      if (found) return found;
    }
  }
  return undefined;
}

/** The `anthropic-beta` header's comma-separated values. */
function betasOf(headers: Record<string, string>): string[] {
  return (headers['anthropic-beta'] ?? '').split(',').map((beta) => beta.trim()).filter(Boolean);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function headerRecord(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}
