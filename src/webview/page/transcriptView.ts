// The transcript: one TurnView per turn. Streamed text is recorded as it arrives and drawn at most
// once per animation frame, touching only the turn that streams. Drawing is paced by its own cost,
// counting the frame that shows it: it may take about a twentieth of the main thread, so a slow
// machine draws less often (down to ten a second) and stays responsive, while a fast one draws
// every frame. A restored long
// conversation renders about a screenful of its last turns at once, then the turns above in short
// slices that leave the main thread between them (so opening the panel never freezes it), and
// earlier ones only when they scroll into view.
import type { ToolCallView, Turn, TurnBlock, TurnMeta } from '../protocol';
import { applyHighlighted, holdHighlights } from './markdown/highlighter';
import { TurnView } from './turnView';

/** Turns rendered on restore, counted from the end, until this much text is reached. */
const EAGER_TEXT = 24_000;
const EAGER_TURNS = 12;
/**
 * Of those, rendered first, in a task of their own just after the snapshot's: about a screenful of
 * the side panel (the last question and reply, usually). The snapshot's task only builds the turns'
 * placeholders; the frame that follows lays them all out once; the turns just above follow in slices.
 */
const FIRST_SCREEN_TEXT = 1_500;
const FIRST_SCREEN_TURNS = 2;
/** Longest a slice of deferred rendering runs before it gives the main thread back (ms). */
const SLICE_MS = 8;
/**
 * Time between draws, as a multiple of the last draw's cost (its tasks and the frame that showed
 * it), within these bounds (ms): at most once a frame, at least ten times a second.
 */
const DRAW_COST_FACTOR = 20;
const MIN_DRAW_INTERVAL = 16;
const MAX_DRAW_INTERVAL = 100;
/** Longest a draw spends showing highlighted code that arrived (ms); the rest waits for the next. */
const HIGHLIGHT_BUDGET_MS = 3;

export class TranscriptView {
  private readonly views = new Map<string, TurnView>();
  private order: TurnView[] = [];
  private readonly dirty = new Set<TurnView>();
  /** The draw asked for in a task of its own, if any: its ticket. */
  private queued: number | undefined;
  private ticket = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastDrawAt = -Infinity;
  private drawInterval = 0;
  /** What the draw in progress has cost so far, over its tasks (ms). */
  private drawCost = 0;
  /** What the last frame that showed a draw cost (ms). */
  private frameCost = 0;
  private readonly lazyObserver: IntersectionObserver;
  /** Turns waiting to be rendered in slices, the next first. */
  private pending: TurnView[] = [];
  private sliceScheduled = false;

  /**
   * @param onDrawn called after each frame's drawing, e.g. to follow the stream.
   * @param onChanged called when a draw changed the page, before the frame that calls `onDrawn`.
   */
  constructor(
    readonly container: HTMLElement,
    private readonly onDrawn: () => void,
    private readonly onChanged: () => void,
  ) {
    // The scrolling element is the container's parent (the log); turns near its view render.
    this.lazyObserver = new IntersectionObserver((entries) => this.renderVisible(entries), { root: container.parentElement, rootMargin: '1200px 0px' });
    // An image (a thumbnail) that finishes loading changes the height: the view may need to follow.
    container.addEventListener('load', () => this.onDrawn(), true);
  }

  get isEmpty(): boolean {
    return this.order.length === 0;
  }

  get turns(): readonly TurnView[] {
    return this.order;
  }

  view(id: string): TurnView | undefined {
    return this.views.get(id);
  }

  reset(turns: readonly Turn[]): void {
    this.lazyObserver.disconnect();
    this.cancelDraw();
    this.views.clear();
    this.dirty.clear();
    this.pending = [];
    holdHighlights(turns.some((turn) => turn.status === 'streaming'));
    const eagerFrom = renderStart(turns, EAGER_TEXT, EAGER_TURNS);
    const firstScreenFrom = renderStart(turns, FIRST_SCREEN_TEXT, FIRST_SCREEN_TURNS);
    this.order = turns.map((turn) => new TurnView(structuredClone(turn), true));
    const fragment = document.createDocumentFragment();
    for (const view of this.order) {
      this.views.set(view.id, view);
      fragment.append(view.element);
    }
    this.container.replaceChildren(fragment);
    for (const view of this.order.slice(0, eagerFrom)) this.lazyObserver.observe(view.element);
    this.renderFirstScreen(this.order.slice(firstScreenFrom));
    this.renderInSlices(this.order.slice(eagerFrom, firstScreenFrom).reverse());
  }

  /**
   * The last turns, in a task of their own ahead of any other rendering. The view follows them in
   * the next frame, before it paints: the layout that reads their height is the frame's own.
   */
  private renderFirstScreen(views: readonly TurnView[]): void {
    nextTask(() => {
      for (const view of views) if (this.views.get(view.id) === view) view.ensureRendered();
      requestAnimationFrame(() => this.onDrawn());
    }, 'user-blocking');
  }

  add(turn: Turn): void {
    if (turn.status === 'streaming') holdHighlights(true);
    const view = new TurnView(structuredClone(turn), false);
    this.views.set(view.id, view);
    this.order.push(view);
    this.container.append(view.element);
  }

  startBlock(id: string, index: number, block: TurnBlock): void {
    this.views.get(id)?.startBlock(index, block);
  }

  append(id: string, index: number, text: string): void {
    const view = this.views.get(id);
    if (view?.append(index, text)) {
      this.dirty.add(view);
      this.schedule();
    }
  }

  showCall(id: string, view: ToolCallView): void {
    this.views.get(id)?.showCall(view);
  }

  truncateBlocks(id: string, keep: number): void {
    this.views.get(id)?.truncateBlocks(keep);
  }

  setMeta(id: string, meta: TurnMeta): void {
    const view = this.views.get(id);
    if (!view) return;
    // Text still waiting for its frame is drawn before the turn is finished.
    if (this.dirty.has(view)) this.draw();
    view.setMeta(meta);
    // While it streams, highlighted code waits for a draw; after, it is shown as it comes.
    holdHighlights(meta.status === 'streaming');
    if (meta.status === 'streaming') {
      this.dirty.add(view);
      this.schedule();
    }
  }

  truncate(keep: number): void {
    for (const view of this.order.splice(keep)) {
      this.views.delete(view.id);
      this.dirty.delete(view);
      this.lazyObserver.unobserve(view.element);
      view.element.remove();
    }
  }

  /**
   * Draws what arrived since the last draw. Blocks that finished are rendered in one task and shown
   * in the next (see StreamingMarkdown): the second half follows at once, and the pacing counts both.
   */
  draw(): void {
    this.cancelDraw();
    const started = performance.now();
    const unfinished = [...this.dirty].filter((view) => view.renderDirty());
    this.dirty.clear();
    // Highlighted code that arrived is shown with the draw, in the task that changes the page.
    if (unfinished.length === 0) applyHighlighted(HIGHLIGHT_BUDGET_MS);
    const finished = performance.now();
    this.drawCost += finished - started;
    if (unfinished.length > 0) {
      for (const view of unfinished) this.dirty.add(view);
      this.drawInTask();
      return;
    }
    this.lastDrawAt = finished;
    this.drawInterval = pacedInterval(this.drawCost + this.frameCost);
    this.drawCost = 0;
    this.onChanged();
    this.followInFrame();
  }

  /** The next draw: in a task of its own at once, or once the last draw's share of time has passed. */
  private schedule(): void {
    if (this.queued !== undefined || this.timer !== undefined) return;
    const wait = this.lastDrawAt + this.drawInterval - performance.now();
    if (wait <= 0) {
      this.drawInTask();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.draw();
    }, wait);
  }

  /**
   * A draw in a task of its own, never in a frame's: its script falls in that task, and the layout
   * and paint of what it changed in the frame that follows, which the draw's changes bring.
   */
  private drawInTask(): void {
    const ticket = ++this.ticket;
    this.queued = ticket;
    nextTask(() => {
      // Skipped when the draw was done or cancelled meanwhile.
      if (this.queued === ticket) this.draw();
    });
  }

  /**
   * The view follows the draw in the frame that shows it: the height is read there, in the layout
   * the frame does anyway, so the draw's task is its script only. What that frame costs (layout,
   * style, paint), from its animation callbacks to the next task, is counted with the draw's own
   * cost in the pacing, so a draw whose layout and painting are dear is drawn less often.
   */
  private followInFrame(): void {
    requestAnimationFrame(() => {
      const frameStarted = performance.now();
      this.onDrawn();
      nextTask(() => {
        this.frameCost = performance.now() - frameStarted;
      });
    });
  }

  private renderVisible(entries: IntersectionObserverEntry[]): void {
    const visible: TurnView[] = [];
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      const view = this.views.get((entry.target as HTMLElement).dataset.turnId ?? '');
      if (view) visible.push(view);
      this.lazyObserver.unobserve(entry.target);
    }
    // The lowest first: nearest to what the user reads.
    visible.sort((a, b) => this.order.indexOf(b) - this.order.indexOf(a));
    this.renderInSlices(visible);
  }

  /** Renders turns a few at a time, each slice a task of its own of about SLICE_MS. */
  private renderInSlices(views: readonly TurnView[]): void {
    this.pending.push(...views.filter((view) => !this.pending.includes(view)));
    if (this.sliceScheduled || this.pending.length === 0) return;
    this.sliceScheduled = true;
    nextTask(() => {
      this.sliceScheduled = false;
      const until = performance.now() + SLICE_MS;
      let rendered = false;
      while (this.pending.length > 0 && performance.now() < until) {
        const view = this.pending.shift()!;
        // Skipped when the conversation was replaced or cut since.
        if (this.views.get(view.id) !== view) continue;
        view.ensureRendered();
        this.lazyObserver.unobserve(view.element);
        rendered = true;
      }
      if (rendered) this.onDrawn();
      this.renderInSlices([]);
    });
  }

  private cancelDraw(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.queued = undefined;
    this.timer = undefined;
  }
}

function pacedInterval(cost: number): number {
  return Math.min(MAX_DRAW_INTERVAL, Math.max(MIN_DRAW_INTERVAL, cost * DRAW_COST_FACTOR));
}

/** A task of its own, at the priority of visible work (or given) where the browser has a scheduler. */
function nextTask(work: () => void, priority: 'user-blocking' | 'user-visible' = 'user-visible'): void {
  const scheduler = (globalThis as { scheduler?: { postTask(task: () => void, options: { priority: string }): Promise<void> } }).scheduler;
  if (scheduler) void scheduler.postTask(work, { priority });
  else setTimeout(work, 0);
}

/** Index of the first of the last turns that fit in `maxTurns` and `maxText` characters (at least one). */
function renderStart(turns: readonly Turn[], maxText: number, maxTurns: number): number {
  let text = 0;
  let index = turns.length;
  while (index > 0 && turns.length - index < maxTurns) {
    const turn = turns[index - 1];
    const size = turn.blocks.reduce((sum, block) => sum + (block.type === 'text' ? block.text.length : block.type === 'thinking' ? 0 : 200), 0);
    if (text > 0 && text + size > maxText) break;
    text += size;
    index--;
  }
  return index;
}
