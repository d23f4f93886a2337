// Autoscroll: the transcript follows the stream while the user is at the bottom. Scrolling up stops
// following and shows "Jump to latest"; reaching the bottom again, or the button, resumes it.
const NEAR_BOTTOM_PX = 32;
/** How long after the user's wheel, touch, key or pointer a move up counts as theirs (ms). */
const USER_SCROLL_MS = 1000;

export class ScrollFollower {
  private following = true;
  private lastTop = 0;
  private lastHeight = 0;
  /** Content changed and the view follows it in the next frame: until then, the view may move. */
  private followPending = false;
  /** When the user last did something that scrolls (a pointer held down counts until released). */
  private userScrolledAt = -Infinity;
  private pointerDown = false;

  constructor(
    private readonly scroller: HTMLElement,
    private readonly jumpButton: HTMLButtonElement,
  ) {
    scroller.addEventListener('scroll', () => this.onScroll(), { passive: true });
    const userScrolls = (): void => {
      this.userScrolledAt = performance.now();
    };
    scroller.addEventListener('wheel', userScrolls, { passive: true });
    scroller.addEventListener('touchmove', userScrolls, { passive: true });
    // Keys scroll, and so does moving the focus (Tab) to something above.
    scroller.addEventListener('keydown', userScrolls);
    scroller.addEventListener('focusin', userScrolls);
    // Dragging the scroll bar: it moves the view for as long as the button is held.
    scroller.addEventListener('pointerdown', () => {
      this.pointerDown = true;
    });
    window.addEventListener('pointerup', () => {
      if (this.pointerDown) userScrolls();
      this.pointerDown = false;
    });
    jumpButton.addEventListener('click', () => {
      this.follow();
      scroller.focus({ preventScroll: true });
    });
    this.refreshButton();
  }

  get isFollowing(): boolean {
    return this.following;
  }

  /**
   * Content changed, and `update` follows in the next frame: a scroll event before then (the
   * browser keeping what is in view in place) is not the user's.
   */
  contentChanged(): void {
    this.followPending = true;
  }

  /** After new content: keeps the bottom in view while following. */
  update(): void {
    this.followPending = false;
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
    this.lastHeight = this.scroller.scrollHeight;
  }

  private onScroll(): void {
    const { scrollTop, scrollHeight, clientHeight } = this.scroller;
    const atBottom = scrollHeight - scrollTop - clientHeight <= NEAR_BOTTOM_PX;
    // Only the user's move up stops following. The view also moves up when turns above take their
    // real height (the browser keeps what is in view where it was): then the whole content moved by
    // as much, and the user is not scrolling either.
    const movedUp = scrollTop < this.lastTop - 2;
    const contentAboveShrank = this.lastHeight - scrollHeight >= this.lastTop - scrollTop - 2;
    const userActive = this.pointerDown || performance.now() - this.userScrolledAt < USER_SCROLL_MS;
    if (atBottom) this.following = true;
    else if (movedUp && (userActive || (!contentAboveShrank && !this.followPending))) this.following = false;
    else if (this.following) {
      // Not the user's doing: back to the bottom in this frame, which lays out anyway.
      this.toBottom();
      return;
    }
    this.lastTop = scrollTop;
    this.lastHeight = scrollHeight;
    this.refreshButton();
  }

  private refreshButton(): void {
    const { scrollTop, scrollHeight, clientHeight } = this.scroller;
    const below = scrollHeight - scrollTop - clientHeight > NEAR_BOTTOM_PX;
    this.jumpButton.hidden = this.following || !below;
  }
}
