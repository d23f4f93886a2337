// Test helper: one HTTP exchange over a fresh connection (no keep-alive pool), keeping the body as the
// chunks that arrived, so tests can see fragmentation, early disconnects and exact bytes.
import { request } from 'http';

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  /** Objects are sent as JSON. */
  body?: string | object;
  signal?: AbortSignal;
  /** Called when the status line and headers have arrived. */
  onHeaders?: () => void;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  chunks: Buffer[];
  body: Buffer;
  text: string;
  /** False when the connection ended before the whole response arrived. */
  complete: boolean;
}

/** Resolves when the response ends or breaks off; rejects only when no response arrived at all. */
export function rawRequest(baseUrl: string, options: RawRequest): Promise<RawResponse> {
  const body = typeof options.body === 'object' ? JSON.stringify(options.body) : options.body;
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(baseUrl.replace(/\/$/, '') + options.path),
      {
        method: options.method ?? (body === undefined ? 'GET' : 'POST'),
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
        agent: false,
        signal: options.signal,
      },
      (res) => {
        options.onHeaders?.();
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', () => undefined);
        res.once('close', () => {
          const all = Buffer.concat(chunks);
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
          }
          resolve({ status: res.statusCode ?? 0, headers, chunks, body: all, text: all.toString('utf8'), complete: res.complete });
        });
      },
    );
    req.once('error', reject);
    req.end(body);
  });
}
