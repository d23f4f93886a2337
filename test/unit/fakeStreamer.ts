// A streamer for the session's unit tests: each request plays the next script's deltas, and the
// requests are kept for the tests to read.
import type { StreamOptions, StreamResult } from '../../src/api/messagesClient';
import type { HttpRequest } from '../../src/api/messagesRequest';

/** What one request streams back, through `options.onDelta`; a throw fails the request. */
export type Script = (options: StreamOptions) => Promise<void>;

/** A request body as the tests read it. */
export type SentBody = { messages: Array<{ role: string; content: unknown }>; tools?: unknown[]; max_tokens: number; system?: string } & Record<string, unknown>;

export class FakeStreamer {
  readonly requests: HttpRequest[] = [];
  constructor(private readonly scripts: Script[]) {}

  async streamMessage(http: HttpRequest, options: StreamOptions): Promise<StreamResult> {
    this.requests.push(http);
    const script = this.scripts.shift();
    if (!script) throw new Error('no script');
    await script(options);
    return { message: {} as StreamResult['message'], status: 200, requestId: 'req_1', retries: 0 };
  }

  body(index: number): SentBody {
    return JSON.parse(this.requests[index].body) as SentBody;
  }
}
