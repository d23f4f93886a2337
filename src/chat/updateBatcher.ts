// Coalesces streamed text so the webview gets at most one text update per frame. Pure.
import type { HostToWebview } from '../webview/protocol';

export const FRAME_MS = 16;

export class UpdateBatcher {
  private pendingId: string | undefined;
  private pendingText = '';
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly post: (message: HostToWebview) => void,
    private readonly intervalMs = FRAME_MS,
  ) {}

  push(message: HostToWebview): void {
    if (message.type === 'turnText') {
      if (this.pendingId !== undefined && this.pendingId !== message.id) this.flush();
      this.pendingId = message.id;
      this.pendingText += message.append;
      this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
      return;
    }
    // Anything else may depend on the text before it, so the text goes first.
    this.flush();
    this.post(message);
  }

  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pendingId === undefined) return;
    const message: HostToWebview = { type: 'turnText', id: this.pendingId, append: this.pendingText };
    this.pendingId = undefined;
    this.pendingText = '';
    this.post(message);
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.pendingId = undefined;
    this.pendingText = '';
  }
}
