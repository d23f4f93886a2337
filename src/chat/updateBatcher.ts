// Holds what the host sends the page and posts it at most once per frame: text for the same block
// is joined into one delta, anything else keeps its place in line. Pure.
import type { HostToWebview } from '../webview/protocol';

export const FRAME_MS = 16;

export class UpdateBatcher {
  private queue: HostToWebview[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastPost = -Infinity;

  constructor(
    private readonly post: (message: HostToWebview) => void,
    private readonly intervalMs = FRAME_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  push(message: HostToWebview): void {
    const last = this.queue[this.queue.length - 1];
    if (message.type === 'blockDelta' && last?.type === 'blockDelta' && last.id === message.id && last.index === message.index) {
      this.queue[this.queue.length - 1] = { ...last, append: last.append + message.append };
    } else {
      this.queue.push(message);
    }
    // The first update after a quiet spell goes out on the next tick; later ones wait for the frame.
    this.timer ??= setTimeout(() => this.flush(), Math.max(0, this.lastPost + this.intervalMs - this.now()));
  }

  /** Posts everything held, as one message. */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length === 0) return;
    const messages = this.queue;
    this.queue = [];
    this.lastPost = this.now();
    this.post(messages.length === 1 ? messages[0] : { type: 'batch', messages });
  }

  /** Drops what is held (the page is about to get a snapshot, or is gone). */
  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.queue = [];
  }
}
