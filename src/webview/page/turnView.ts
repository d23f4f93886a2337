// One turn of the transcript: its blocks (markdown, thinking, images), its actions, and its footer
// (usage, notices, errors). Buttons carry data attributes; the transcript handles their clicks.
import type { ToolCallView, ToolResultBlock, Turn, TurnBlock, TurnMeta } from '../protocol';
import { describeUsage, describeUsageLong } from '../usageSummary';
import { button, codicon, errorBox, note } from './dom';
import { sentChips } from './contextChips';
import { editInPlace } from './editForm';
import { StreamingMarkdown } from './markdown/streamingMarkdown';
import { toolCard } from './toolCard';

type BlockView =
  | { type: 'text'; markdown?: StreamingMarkdown; plain?: Text }
  | { type: 'thinking'; details: HTMLDetailsElement; text: Text; summary: HTMLElement }
  | { type: 'call'; id: string }
  | { type: 'other' };

export class TurnView {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private readonly footer: HTMLElement;
  private blockViews: BlockView[] = [];
  private rendered = false;
  private dirty = false;

  /** @param lazy render the blocks only when `ensureRendered` is called (turns far above the view). */
  constructor(
    private turn: Turn,
    lazy: boolean,
  ) {
    this.element = document.createElement('article');
    this.element.className = `turn ${turn.role}`;
    this.element.dataset.turnId = turn.id;
    this.element.setAttribute('aria-label', turn.role === 'user' ? 'You' : 'Claude');
    this.body = document.createElement('div');
    this.body.className = 'turn-body';
    this.footer = document.createElement('div');
    this.footer.className = 'turn-footer';
    this.element.append(this.body, this.footer);
    if (lazy) {
      this.element.classList.add('lazy');
      this.element.dataset.size = sizeBucket(turn);
    } else {
      this.ensureRendered();
    }
  }

  get id(): string {
    return this.turn.id;
  }

  get role(): Turn['role'] {
    return this.turn.role;
  }

  /** The page's copy of the turn, for totals; the host's copy is the real one. */
  get data(): Readonly<Turn> {
    return this.turn;
  }

  ensureRendered(): void {
    if (this.rendered) return;
    this.rendered = true;
    // Built only now: a long conversation's turns far above would otherwise cost the restore a header each.
    this.element.prepend(this.header());
    this.element.classList.remove('lazy');
    delete this.element.dataset.size;
    this.turn.blocks.forEach((block, index) => this.addBlockView(block, index));
    // All of it now: a turn rendered late has no frames of its own to finish in.
    while (this.renderDirty());
    this.applyMeta();
  }

  startBlock(index: number, block: TurnBlock): void {
    this.turn.blocks[index] = block;
    if (!this.rendered) return;
    this.addBlockView(block, index);
    // A result changes its call's card, and the turn's footer (Undo).
    if (block.type === 'tool_result') this.refreshCard(block.toolUseId);
  }

  /** A call's card changed. */
  showCall(view: ToolCallView): void {
    this.turn.toolCalls = { ...this.turn.toolCalls, [view.toolUseId]: view };
    if (!this.rendered) return;
    this.refreshCard(view.toolUseId);
    this.applyMeta();
  }

  /** The turn keeps only its first `keep` blocks (a reply cut off in a call is asked for again). */
  truncateBlocks(keep: number): void {
    this.turn.blocks.splice(keep);
    this.blockViews.splice(keep);
    for (const child of Array.from(this.body.children)) {
      if (Number((child as HTMLElement).dataset.blockIndex) >= keep) child.remove();
    }
  }

  private refreshCard(toolUseId: string): void {
    const index = this.turn.blocks.findIndex((block) => block.type === 'tool_use' && block.id === toolUseId);
    const old = this.body.querySelector<HTMLElement>(`[data-block-index="${index}"]`);
    if (index < 0 || !old) return;
    const card = this.cardFor(index);
    if (!card) return;
    card.dataset.blockIndex = String(index);
    // Focus stays where it was when the card is redrawn under it.
    const focused = old.contains(document.activeElement) ? (document.activeElement as HTMLElement).dataset.toolAction : undefined;
    old.replaceWith(card);
    if (focused) card.querySelector<HTMLElement>(`[data-tool-action="${focused}"]`)?.focus();
  }

  private cardFor(index: number): HTMLElement | undefined {
    const call = this.turn.blocks[index];
    if (call?.type !== 'tool_use') return undefined;
    const result = this.turn.blocks.find((block): block is ToolResultBlock => block.type === 'tool_result' && block.toolUseId === call.id);
    return toolCard({ call, view: this.turn.toolCalls?.[call.id], result, turnStatus: this.turn.status });
  }

  /** Whether an edit of this turn landed or a command ran, so that Undo This Turn's Changes has something to undo. */
  private get madeEdits(): boolean {
    return Object.values(this.turn.toolCalls ?? {}).some((view) => view.status === 'applied' || view.status === 'accepted' || view.ranCommand === true);
  }

  /** Records new text; the DOM catches up in `renderDirty`, once per frame. Returns whether it needs that. */
  append(index: number, text: string): boolean {
    const block = this.turn.blocks[index];
    if (block?.type === 'text') block.text += text;
    else if (block?.type === 'thinking') block.thinking += text;
    else return false;
    const view = this.blockViews[index];
    if (!this.rendered || !view) return false;
    if (view.type === 'thinking') {
      view.text.appendData(text);
      return false;
    }
    if (view.type === 'text' && view.markdown) {
      view.markdown.append(text);
      this.dirty = true;
      return true;
    }
    if (view.type === 'text' && view.plain) view.plain.appendData(text);
    return false;
  }

  /** Draws what arrived; returns true when part of it is shown only by the next call (see StreamingMarkdown). */
  renderDirty(): boolean {
    if (!this.dirty) return false;
    this.dirty = false;
    for (const view of this.blockViews) if (view.type === 'text' && view.markdown?.render()) this.dirty = true;
    return this.dirty;
  }

  setMeta(meta: TurnMeta): void {
    const wasStreaming = this.turn.status === 'streaming';
    Object.assign(this.turn, meta);
    for (const key of ['error', 'usage', 'stopReason', 'notice'] as const) if (meta[key] === undefined) delete this.turn[key];
    if (!this.rendered) return;
    if (this.turn.status === 'streaming' && !wasStreaming) this.reopenLastText();
    this.applyMeta();
  }

  /** The turn's text as markdown, for Copy. */
  copyText(): string {
    return this.turn.blocks.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('\n\n');
  }

  /** The user's text, for editing. */
  get userText(): string {
    return this.copyText();
  }

  /** Replaces the body with an editor for the user's message; resolves with the new text, or undefined. */
  edit(): Promise<string | undefined> {
    this.ensureRendered();
    return editInPlace(this.element, this.body, this.userText);
  }

  private header(): HTMLElement {
    const header = document.createElement('div');
    header.className = 'turn-header';
    const role = document.createElement('span');
    role.className = 'turn-role';
    role.textContent = this.turn.role === 'user' ? 'You' : 'Claude';
    const actions = document.createElement('div');
    actions.className = 'turn-actions';
    const make = (action: string, label: string, icon: string): HTMLButtonElement => {
      const b = button('', 'icon-button');
      b.dataset.turnAction = action;
      b.title = label;
      b.setAttribute('aria-label', `${label} (${this.turn.role === 'user' ? 'your message' : "Claude's reply"})`);
      b.append(codicon(icon));
      return b;
    };
    if (this.turn.role === 'user') actions.append(make('edit', 'Edit and resend', 'edit'), make('copy', 'Copy', 'copy'));
    else actions.append(make('copy', 'Copy', 'copy'), make('regenerate', 'Regenerate', 'refresh'));
    header.append(role, actions);
    return header;
  }

  private addBlockView(block: TurnBlock, index: number): void {
    let view: BlockView;
    let element: HTMLElement;
    if (block.type === 'text') {
      if (this.turn.role === 'user') {
        element = document.createElement('div');
        element.className = 'user-text';
        // The context that led the text shows as chips; the model had it as fenced code.
        const context = this.turn.context && this.turn.blocks.findIndex((b) => b.type === 'text') === index ? this.turn.context : undefined;
        const plain = document.createTextNode(context ? block.text.slice(context.length).trimStart() : block.text);
        if (context) element.append(sentChips(context));
        element.append(plain);
        view = { type: 'text', plain };
      } else {
        const markdown = new StreamingMarkdown();
        markdown.append(block.text);
        if (this.turn.status === 'streaming') this.dirty = true;
        else markdown.finish();
        element = markdown.element;
        view = { type: 'text', markdown };
      }
    } else if (block.type === 'thinking') {
      const details = document.createElement('details');
      details.className = 'thinking';
      const summary = document.createElement('summary');
      const content = document.createElement('div');
      content.className = 'thinking-text';
      const text = document.createTextNode(block.thinking);
      content.append(text);
      details.append(summary, content);
      element = details;
      view = { type: 'thinking', details, text, summary };
    } else if (block.type === 'redacted_thinking') {
      element = document.createElement('div');
      element.className = 'thinking redacted';
      element.append(codicon('lock'), ' Part of Claude\'s reasoning was redacted by the provider\'s safety systems. It is kept, encrypted, for the conversation to continue.');
      view = { type: 'other' };
    } else if (block.type === 'provider_compaction') {
      element = document.createElement('div');
      element.className = 'thinking compacted';
      element.append(codicon('fold'), ' Compacted by the provider: the context before this point was summarised.');
      view = { type: 'other' };
    } else if (block.type === 'image') {
      const image = document.createElement('img');
      image.className = 'thumbnail';
      image.alt = block.name ?? 'Attached image';
      image.src = `data:${block.mediaType};base64,${block.data}`;
      element = image;
      view = { type: 'other' };
    } else if (block.type === 'tool_use') {
      element = this.cardFor(index) ?? document.createElement('div');
      view = { type: 'call', id: block.id };
    } else {
      // A result shows on its call's card; it keeps an empty place so indices stay in step.
      element = document.createElement('div');
      element.hidden = true;
      view = { type: 'other' };
    }
    element.dataset.blockIndex = String(index);
    this.blockViews[index] = view;
    const next = Array.from(this.body.children).find((child) => Number((child as HTMLElement).dataset.blockIndex) > index);
    this.body.insertBefore(element, next ?? null);
    this.refreshThinkingSummaries();
  }

  /** Continue appends to a finished reply: its last text is rendered again, as streaming. */
  private reopenLastText(): void {
    const index = this.turn.blocks.map((block) => block.type).lastIndexOf('text');
    const old = this.blockViews[index];
    if (index < 0 || old?.type !== 'text' || !old.markdown) return;
    const markdown = new StreamingMarkdown();
    markdown.append(this.turn.blocks[index].type === 'text' ? (this.turn.blocks[index] as { text: string }).text : '');
    markdown.element.dataset.blockIndex = String(index);
    old.markdown.element.replaceWith(markdown.element);
    this.blockViews[index] = { type: 'text', markdown };
    this.dirty = true;
  }

  private applyMeta(): void {
    const turn = this.turn;
    this.element.dataset.status = turn.status;
    this.element.setAttribute('aria-busy', String(turn.status === 'streaming'));
    this.element.classList.toggle('max-tokens', turn.stopReason === 'max_tokens');
    if (turn.status !== 'streaming') {
      for (const view of this.blockViews) if (view?.type === 'text') view.markdown?.finish();
    }
    this.refreshThinkingSummaries();
    for (const view of this.blockViews) if (view?.type === 'call') this.refreshCard(view.id);
    this.footer.replaceChildren();
    if (turn.status === 'stopped') this.footer.append(note('Stopped.'));
    if (turn.notice) this.footer.append(note(turn.notice));
    if (turn.stopReason === 'tool_use' && turn.status === 'done') {
      // A guard paused the loop; its notice says why.
      const more = button('Continue', 'secondary continue-button');
      more.dataset.errorAction = 'continue';
      more.title = 'Let Claude go on with its tool calls';
      this.footer.append(more);
    }
    if (turn.status !== 'streaming' && this.madeEdits) {
      const undo = button('Undo This Turn\'s Changes', 'secondary undo-turn-button');
      undo.dataset.turnAction = 'undoTurn';
      undo.title = 'Restore every file this turn changed to how it was before the turn';
      this.footer.append(undo);
    }
    if (turn.stopReason === 'max_tokens' && turn.status === 'done') {
      const more = button('Continue', 'secondary continue-button');
      more.dataset.errorAction = 'continue';
      more.title = 'Ask Claude to continue this reply';
      this.footer.append(more);
    }
    if (turn.status === 'error' && turn.error) this.footer.append(errorBox(turn.error));
    if (turn.usage) {
      const usage = document.createElement('p');
      usage.className = 'usage';
      usage.textContent = describeUsage(turn.usage);
      usage.title = describeUsageLong(turn.usage);
      usage.setAttribute('aria-label', `Usage: ${describeUsageLong(turn.usage)}`);
      this.footer.append(usage);
    }
  }

  private refreshThinkingSummaries(): void {
    const streaming = this.turn.status === 'streaming';
    this.blockViews.forEach((view, index) => {
      if (view?.type !== 'thinking') return;
      const block = this.turn.blocks[index];
      const empty = block?.type === 'thinking' && !block.thinking;
      const last = index === this.blockViews.length - 1;
      view.summary.textContent = streaming && last ? 'Thinking…' : empty ? 'Thought (the provider did not show the reasoning)' : 'Thinking';
    });
  }
}

/** A rough height class for a turn not rendered yet, so the scroll bar is about right. */
function sizeBucket(turn: Turn): string {
  const length = turn.blocks.reduce((sum, block) => sum + (block.type === 'text' ? block.text.length : block.type === 'image' ? 400 : 40), 0);
  return length < 200 ? 's' : length < 1000 ? 'm' : length < 4000 ? 'l' : 'xl';
}
