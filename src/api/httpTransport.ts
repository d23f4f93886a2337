// Connections for the client: keep-alive, proxies, TLS checks and timeouts, over undici. No vscode.
import type { HttpRequest } from './messagesRequest';
import { EnvHttpProxyAgent, request, type Dispatcher } from './undiciParts';

export interface ProxySettings {
  /** VS Code's `http.proxy`; when empty, HTTPS_PROXY / HTTP_PROXY from the environment apply. */
  url: string | undefined;
  /** VS Code's `http.noProxy`; when empty, NO_PROXY from the environment applies. */
  noProxy: readonly string[];
  /**
   * VS Code's `http.proxyStrictSSL`: false accepts certificates that do not verify on connections
   * through the proxy (the proxy's own, and the provider's as a proxy that inspects TLS re-signs
   * it). Direct connections always verify.
   */
  strictSSL: boolean;
}

export interface TransportSettings {
  /** Time allowed to open the connection. */
  connectTimeoutMs: number;
  /** Longest silence allowed while waiting for headers or between stream chunks; pings reset it. */
  idleTimeoutMs: number;
  proxy: ProxySettings;
}

export const DEFAULT_TRANSPORT: TransportSettings = {
  connectTimeoutMs: 15_000,
  idleTimeoutMs: 120_000,
  proxy: { url: undefined, noProxy: [], strictSSL: true },
};

/**
 * One keep-alive dispatcher that goes through the proxy where one is configured and straight to
 * the host otherwise. TLS uses Node's default trust store, so NODE_EXTRA_CA_CERTS keeps working.
 */
export function createDispatcher(settings: TransportSettings): Dispatcher {
  // `connect` serves direct connections only, and always verifies; the proxy agent builds its own
  // connections from `proxyTls` (to the proxy) and `requestTls` (to the provider, through it).
  const proxiedTls = { timeout: settings.connectTimeoutMs, ...(settings.proxy.strictSSL ? {} : { rejectUnauthorized: false }) };
  const proxyUrl = settings.proxy.url?.trim() || undefined;
  const noProxy = settings.proxy.noProxy.length > 0 ? settings.proxy.noProxy.join(',') : undefined;
  return new EnvHttpProxyAgent({
    keepAliveTimeout: 30_000,
    connect: { timeout: settings.connectTimeoutMs },
    requestTls: proxiedTls,
    proxyTls: proxiedTls,
    ...(proxyUrl ? { httpProxy: proxyUrl, httpsProxy: proxyUrl } : {}),
    ...(noProxy ? { noProxy } : {}),
  });
}

export interface SendOptions {
  method: 'GET' | 'POST';
  signal?: AbortSignal;
  idleTimeoutMs: number;
}

/** Sends one request; the caller reads or dumps the body. */
export function send(dispatcher: Dispatcher, http: Pick<HttpRequest, 'url' | 'headers'> & { body?: string }, options: SendOptions): Promise<Dispatcher.ResponseData> {
  const url = new URL(http.url);
  return request(dispatcher, {
    origin: url.origin,
    path: `${url.pathname}${url.search}`,
    method: options.method,
    headers: http.headers,
    body: http.body,
    signal: options.signal,
    headersTimeout: options.idleTimeoutMs,
    bodyTimeout: options.idleTimeoutMs,
  });
}

export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Reads at most `limit` bytes of a body, as text; the rest is discarded. */
export async function readLimited(body: AsyncIterable<Uint8Array>, limit = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(Buffer.from(chunk));
    size += chunk.byteLength;
    if (size >= limit) break;
  }
  return Buffer.concat(chunks).toString('utf8');
}
