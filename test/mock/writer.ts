// A response plus the signal that says the client (or the server) has gone, so that slow and faulty
// replies stop writing instead of piling up timers and writes on a dead socket.
import type { ServerResponse } from 'http';
import { setTimeout as sleepFor } from 'timers/promises';

export class ResponseWriter {
  constructor(
    private readonly res: ServerResponse,
    readonly signal: AbortSignal,
    readonly requestId: string,
  ) {}

  /** True once the client went away, the socket was destroyed, or the server is closing. */
  get gone(): boolean {
    return this.signal.aborted || this.res.destroyed;
  }

  /** Writes the status line and headers; every response carries `request-id`. */
  head(status: number, headers: Readonly<Record<string, string>>): void {
    if (this.gone || this.res.headersSent) return;
    this.res.writeHead(status, { ...headers, 'request-id': this.requestId });
    this.res.flushHeaders();
  }

  /** Resolves once the chunk is handed to the socket (so pieces go out separately), or when gone. */
  write(chunk: string | Buffer): Promise<void> {
    if (this.gone) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.signal.removeEventListener('abort', done);
        resolve();
      };
      this.signal.addEventListener('abort', done, { once: true });
      this.res.write(chunk, done);
    });
  }

  end(): void {
    if (!this.gone) this.res.end();
  }

  /** A complete response in one go, with content-length. */
  send(status: number, contentType: string, body: string, headers: Readonly<Record<string, string>> = {}): void {
    if (this.gone) return;
    this.res.writeHead(status, {
      'request-id': this.requestId,
      ...headers,
      'content-type': contentType,
      'content-length': String(Buffer.byteLength(body)),
    });
    this.res.end(body);
  }

  /** Kills the connection without finishing the response, as a dropped link would. */
  destroy(): void {
    this.res.socket?.destroy();
    this.res.destroy();
  }

  /** Waits, but returns early (without throwing) when the response is gone. */
  async sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.gone) return;
    try {
      await sleepFor(ms, undefined, { signal: this.signal });
    } catch {
      // Aborted: the caller checks `gone`.
    }
  }

  /** Waits until the client or the server gives up. */
  waitUntilGone(): Promise<void> {
    if (this.gone) return Promise.resolve();
    return new Promise((resolve) => {
      this.signal.addEventListener('abort', () => {
        resolve();
      }, { once: true });
    });
  }
}
