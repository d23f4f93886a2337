// Autoscroll: the transcript follows the stream while the user is at the bottom. Scrolling up stops
// following and shows "Jump to latest"; reaching the bottom again, or the button, resumes it.
const NEAR_BOTTOM_PX = 32;

export class ScrollFollower {
  private following = true;
  private lastTop = 0;

  constructor(
    private readonly scroller: HTMLElement,
    private readonly jumpButton: HTMLButtonElement,
  ) {
    scroller.addEventListener('scroll', () => this.onScroll(), { passive: true });
    jumpButton.addEventListener('click', () => {
      this.follow();
      scroller.focus({ preventScroll: true });
    });
    this.refreshButton();
  }

  get isFollowing(): boolean {
    return this.following;
  }

  /** After new content: keeps the bottom in view while following. */
  update(): void {
    if (this.following) this.toBottom();
    else this.refreshButton();
  }

  /** Starts following again (the user sent a message, or asked to). */
  follow(): void {
    this.following = true;
    this.toBottom();
    this.refreshButton();
  }

  /**
   * Starts following from the next frame on: a restored conversation is scrolled to its end just
   * before its first paint, so the task that builds it never waits for a layout of all its turns
   * (the frame lays them out anyway).
   */
  followFromNextFrame(): void {
    this.following = true;
    requestAnimationFrame(() => {
      if (this.following) this.toBottom();
      this.refreshButton();
    });
  }

  private toBottom(): void {
    this.scroller.scrollTop = this.scroller.scrollHeight;
    this.lastTop = this.scroller.scrollTop;
  }

  private onScroll(): void {
    const { scrollTop, scrollHeight, clientHeight } = this.scroller;
    const atBottom = scrollHeight - scrollTop - clientHeight <= NEAR_BOTTOM_PX;
    // Only a move up is the user's doing; content growing below never stops following.
    if (atBottom) this.following = true;
    else if (scrollTop < this.lastTop - 2) this.following = false;
    this.lastTop = scrollTop;
    this.refreshButton();
  }

  private refreshButton(): void {
    const { scrollTop, scrollHeight, clientHeight } = this.scroller;
    const below = scrollHeight - scrollTop - clientHeight > NEAR_BOTTOM_PX;
    this.jumpButton.hidden = this.following || !below;
  }
}
