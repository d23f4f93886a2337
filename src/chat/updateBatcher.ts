// Holds what the host sends the page and posts it at most once per frame: text for the same block
// is joined into one delta, anything else keeps its place in line. A batch can be made to wait for
// something first (the journal write that keeps it safe across a reload). Pure.
import type { HostToWebview } from '../webview/protocol';

export const FRAME_MS = 16;

export class UpdateBatcher {
  private queue: HostToWebview[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastPost = -Infinity;
  /** A batch is waiting for `beforePost`; later updates queue behind it. */
  private waiting = false;
  /** Bumped by dispose, so that a batch waiting when it came is dropped. */
  private generation = 0;

  constructor(
    private readonly post: (message: HostToWebview) => void,
    private readonly intervalMs = FRAME_MS,
    private readonly now: () => number = () => performance.now(),
    private readonly beforePost?: () => Promise<void>,
  ) {}

  push(message: HostToWebview): void {
    const last = this.queue[this.queue.length - 1];
    if (message.type === 'blockDelta' && last?.type === 'blockDelta' && last.id === message.id && last.index === message.index) {
      this.queue[this.queue.length - 1] = { ...last, append: last.append + message.append };
    } else {
      this.queue.push(message);
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.waiting) return;
    // The first update after a quiet spell goes out on the next tick; later ones wait for the frame.
    this.timer ??= setTimeout(() => this.flush(), Math.max(0, this.lastPost + this.intervalMs - this.now()));
  }

  /** Posts everything held, as one message. */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length === 0 || this.waiting) return;
    const messages = this.queue;
    this.queue = [];
    this.lastPost = this.now();
    const message: HostToWebview = messages.length === 1 ? messages[0] : { type: 'batch', messages };
    if (!this.beforePost) return this.post(message);
    this.waiting = true;
    const generation = this.generation;
    const settle = (): void => {
      if (generation !== this.generation) return;
      this.waiting = false;
      this.post(message);
      if (this.queue.length > 0) this.schedule();
    };
    // A failed write is reported where it happens; the page still gets the update.
    this.beforePost().then(settle, settle);
  }

  /** Drops what is held (the page is about to get a snapshot, or is gone). */
  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.queue = [];
    this.generation++;
    this.waiting = false;
  }
}
