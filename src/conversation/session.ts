// One conversation at a time: the transcript, the turn in flight, and what the user does to them
// (send, stop, retry, continue, regenerate, edit and resend). Each turn runs in its own scope. Pure.
import type { RequestTarget } from '../providers/requestContext';
import { SetupError, describeError } from './errorAdvice';
import type { SessionEvent } from './events';
import { newConversation, titleFrom, type Conversation } from './record';
import { hasPendingCalls, runTurnLoop, type LoopCompaction, type ToolFormMemory } from './agentLoop';
import { DEFAULT_COMPACTION_THRESHOLD, compactionLimit, compactionState } from './compaction';
import type { Compaction, CompactionReason } from './compactionRecord';
import { runCompaction } from './compactor';
import { blockForView } from './events';
import { DEFAULT_LOOP_LIMITS, type LoopLimits } from './loopGuards';
import type { Surroundings } from './systemPrompt';
import type { ToolCallView, ToolProvider } from './toolHandler';
import { turnMeta, turnText, type ImageAttachment, type SentContext, type Turn, type TurnBlock } from './transcript';
import { nextRequestFrame, type RequestFrame } from './requestFrame';
import { TurnScope } from './turnScope';
import type { ChatOptions } from './turnRequest';

export type { SessionEvent } from './events';

export interface SessionDependencies {
  /** Where this turn's requests go, read fresh for each turn so setting changes apply at once. */
  resolveTarget: () => Promise<RequestTarget>;
  resolveOptions: () => ChatOptions;
  emit: (event: SessionEvent) => void;
  newId: () => string;
  now?: () => number;
  /** The tools offered to the model; none without. */
  tools?: ToolProvider;
  /** The agent loop's guards, read fresh for each turn. */
  loopLimits?: () => LoopLimits;
  /** What each profile and model were found to take for tools. */
  toolForms?: ToolFormMemory;
  /** Where the model is, for the system prompt; none: no system prompt is sent. */
  surroundings?: () => Surroundings;
  log?: (message: string) => void;
  /** The share of the model's window past which older turns are compacted before sending (claudeAssistant.compaction.threshold). */
  compactionThreshold?: () => number;
}

/** How an assistant turn is asked for: anew, its cut-off text continued, or its loop resumed. */
type ReplyMode = { kind: 'fresh' } | { kind: 'continue'; turn: Turn } | { kind: 'resume'; turn: Turn };

export class ChatSession {
  private current: Conversation;
  private scope: TurnScope | undefined;
  private streamingTurn: Turn | undefined;
  private readonly now: () => number;

  constructor(private readonly deps: SessionDependencies) {
    this.now = deps.now ?? Date.now;
    this.current = newConversation(deps.newId(), this.now());
  }

  get conversation(): Conversation {
    return this.current;
  }

  get transcript(): readonly Turn[] {
    return this.current.turns;
  }

  get busy(): boolean {
    return this.scope !== undefined;
  }

  /** The turn in flight, for what it starts to hang off; undefined when idle. */
  get turnScope(): TurnScope | undefined {
    return this.scope;
  }

  /** The tools and system prompt the next turn's requests would carry, for the context count. */
  requestFrame(target: Pick<RequestTarget, 'toolForm' | 'profileId' | 'model'>): RequestFrame {
    return nextRequestFrame(target, this.deps.tools, this.deps.toolForms, this.deps.surroundings?.());
  }

  /**
   * Adds the user's message and streams the reply. Resolves when the turn has ended, however it ended.
   * While a reply runs the message is not sent: it is handed back (an `unsent` event), never dropped.
   */
  async send(text: string, images: readonly ImageAttachment[] = [], context?: SentContext): Promise<void> {
    const trimmed = text.trim();
    if (!trimmed && images.length === 0) return;
    // The context leads the text (see composeUserMessage): what the user wrote is what follows it.
    if (this.handBackIfBusy(context ? text.slice(context.length) : text, images)) return;
    const blocks: Turn['blocks'] = images.map((image) => ({ type: 'image', mediaType: image.mediaType, data: image.data, name: image.name }));
    if (trimmed) blocks.push({ type: 'text', text: trimmed });
    // The context leads the text (see composeUserMessage), so trimming leaves its length as it was.
    this.addTurn({ id: this.newTurnId(), role: 'user', status: 'done', blocks, ...(context && !/^\s/.test(text) ? { context } : {}) });
    await this.runReply({ kind: 'fresh' });
  }

  /**
   * While a reply runs, hands a message back instead of sending it: the page has already cleared
   * its composer, so the text and images go back there with a notice. True when it did.
   */
  handBackIfBusy(text: string, images: readonly ImageAttachment[] = []): boolean {
    if (!this.busy) return false;
    const reason = 'Your message was not sent: a reply is still running. Stop it, or send again when it ends.';
    this.deps.emit({ type: 'unsent', text: text.trim(), images: [...images], reason });
    return true;
  }

  /** Drops the failed reply, if the last turn is one, and asks again. */
  async retry(): Promise<void> {
    if (this.busy) return;
    const last = this.lastTurn();
    // A turn that called tools keeps what its calls did; its loop goes on from there.
    if (last?.role === 'assistant' && last.status !== 'done' && isToolTurn(last)) return this.runReply({ kind: 'resume', turn: last });
    if (last?.role === 'assistant' && last.status !== 'done') this.truncate(this.current.turns.length - 1);
    if (this.lastTurn()?.role !== 'user') return;
    await this.runReply({ kind: 'fresh' });
  }

  /** Continues the last reply where it was cut off (an error mid-stream, or max_tokens). */
  async continueReply(): Promise<void> {
    if (this.busy) return;
    const last = this.lastTurn();
    if (last?.role !== 'assistant') return;
    // A loop paused by a guard, or stopped between calls, goes on with the calls left.
    if (hasPendingCalls(last) || last.blocks[last.blocks.length - 1]?.type === 'tool_result') return this.runReply({ kind: 'resume', turn: last });
    if (!turnText(last)) return this.retry();
    await this.runReply({ kind: 'continue', turn: last });
  }

  /** Asks again for the last reply, replacing it. */
  async regenerate(turnId: string): Promise<void> {
    const last = this.lastTurn();
    if (this.busy || last?.id !== turnId || last.role !== 'assistant') return;
    this.truncate(this.current.turns.length - 1);
    await this.runReply({ kind: 'fresh' });
  }

  /** Replaces a user message with new text, drops everything after it, and asks again. */
  async editResend(turnId: string, text: string): Promise<void> {
    const index = this.current.turns.findIndex((turn) => turn.id === turnId && turn.role === 'user');
    if (this.busy || index < 0 || !text.trim()) return;
    const images = this.current.turns[index].blocks.flatMap((block) =>
      block.type === 'image' ? [{ mediaType: block.mediaType, data: block.data, name: block.name ?? 'image' }] : [],
    );
    this.truncate(index);
    await this.send(text, images);
  }

  /** Ends the turn in flight: its requests are aborted and whatever it started is disposed. */
  stop(): void {
    this.scope?.dispose(new StopRequested());
  }

  /**
   * Compacts the conversation now (Compact Conversation): old tool results are elided and older
   * turns summarised, keeping what `focus` names. Resolves with the compaction, or undefined when
   * there was nothing to compact; rejects when the summary request fails.
   */
  async compact(focus?: string): Promise<Compaction | undefined> {
    if (this.busy) throw new Error('Wait for the reply to finish, or stop it, before compacting.');
    const scope = new TurnScope();
    this.scope = scope;
    this.deps.emit({ type: 'busy', busy: true });
    const conversation = this.current;
    try {
      const target = await this.deps.resolveTarget();
      if (!target.hasCredentials) throw missingKey();
      return await this.compactWith(target, conversation, undefined, 'command', focus, undefined, scope.signal);
    } finally {
      if (this.scope === scope) {
        this.scope = undefined;
        this.deps.emit({ type: 'busy', busy: false });
      }
      scope.dispose();
    }
  }

  /** Requests send the full turns again: this compaction, and any made after it, are undone. */
  undoCompaction(id: string): void {
    const compactions = this.current.compactions ?? [];
    const index = compactions.findIndex((compaction) => compaction.id === id);
    if (index < 0 || this.busy) return;
    for (const compaction of compactions.slice(index)) compaction.undone = true;
    this.touch();
    this.deps.emit({ type: 'compactions', compactions: structuredClone(compactions) });
  }

  /** Starts an empty conversation (New Chat). */
  startNew(): void {
    this.replace(newConversation(this.deps.newId(), this.now()));
  }

  /** Shows a conversation from history instead of the current one. */
  open(conversation: Conversation): void {
    this.replace(conversation);
  }

  rename(title: string): void {
    const trimmed = title.trim();
    if (!trimmed) return;
    this.current.title = trimmed;
    this.current.titleIsCustom = true;
    this.touch();
    this.deps.emit({ type: 'conversation', conversation: { id: this.current.id, title: trimmed } });
  }

  private replace(conversation: Conversation): void {
    // The reply in flight ends here, as stopped, so the conversation it belongs to is saved whole.
    const streaming = this.streamingTurn;
    this.stop();
    if (streaming) this.finish(streaming, 'stopped');
    if (this.scope) {
      // The aborted request settles later; by then it belongs to no conversation on screen.
      this.scope = undefined;
      this.streamingTurn = undefined;
      this.deps.emit({ type: 'busy', busy: false });
    }
    this.current = conversation;
    this.deps.emit({ type: 'conversationReplaced' });
  }

  private async runReply(mode: ReplyMode): Promise<void> {
    const scope = new TurnScope();
    this.scope = scope;
    this.deps.emit({ type: 'busy', busy: true });
    const conversation = this.current;
    let turn: Turn;
    if (mode.kind !== 'fresh') {
      turn = mode.turn;
      this.updateMeta(turn, { status: 'streaming', error: undefined, notice: undefined, stopReason: undefined });
    } else {
      turn = { id: this.newTurnId(), role: 'assistant', status: 'streaming', blocks: [] };
      this.addTurn(turn);
    }
    this.streamingTurn = turn;
    const earlier = conversation.turns.slice(0, conversation.turns.indexOf(turn));
    let target: RequestTarget | undefined;
    try {
      target = await this.deps.resolveTarget();
      if (!target.hasCredentials) throw missingKey();
      const end = await runTurnLoop({
        conversationId: conversation.id,
        target,
        options: this.deps.resolveOptions(),
        earlier,
        turn,
        mode: mode.kind,
        signal: scope.signal,
        emit: (event) => this.emitFor(conversation, event),
        addBlock: (block) => this.addBlock(conversation, turn, block),
        dropBlocks: (keep) => this.dropBlocks(conversation, turn, keep),
        showCall: (view) => this.showCall(conversation, turn, view),
        tools: this.deps.tools,
        limits: this.deps.loopLimits?.() ?? DEFAULT_LOOP_LIMITS,
        forms: this.deps.toolForms,
        surroundings: this.deps.surroundings?.(),
        log: this.deps.log,
        compaction: this.loopCompaction(target, conversation, turn, scope.signal),
      });
      this.finish(turn, 'done', undefined, [end.learned, end.notice ?? noticeFor(turn.stopReason)].filter(Boolean).join(' ') || undefined);
    } catch (error) {
      if (scope.signal.aborted) {
        this.finish(turn, 'stopped');
      } else {
        const advice = describeError(error, { host: target?.host ?? 'the provider', model: target?.model ?? '', headerStyle: target?.headerStyle });
        // Text already shown is kept; Continue picks up from it.
        if (turnText(turn) && advice.actions.includes('retry')) advice.actions = ['continue', ...advice.actions];
        this.finish(turn, 'error', advice);
      }
    } finally {
      if (this.scope === scope) {
        this.scope = undefined;
        this.streamingTurn = undefined;
        this.deps.emit({ type: 'busy', busy: false });
      }
      // A turn that ended on its own still lets go of what it started.
      scope.dispose();
    }
  }

  /** How a turn's loop keeps its requests within the window, for this conversation. */
  private loopCompaction(target: RequestTarget, conversation: Conversation, turn: Turn, signal: AbortSignal): LoopCompaction {
    const threshold = this.deps.compactionThreshold?.() ?? DEFAULT_COMPACTION_THRESHOLD;
    return {
      state: () => compactionState(conversation.compactions, conversation.turns),
      // After the user undid a compaction, only an overflow compacts again.
      limit: () => (conversation.compactions?.at(-1)?.undone ? undefined : compactionLimit(target.modelInfo.contextWindow, threshold)),
      compact: async (reason, limit) => (await this.compactWith(target, conversation, turn, reason, undefined, limit, signal)) !== undefined,
    };
  }

  private async compactWith(
    target: RequestTarget,
    conversation: Conversation,
    inFlight: Turn | undefined,
    reason: CompactionReason,
    focus: string | undefined,
    limit: number | undefined,
    signal: AbortSignal,
  ): Promise<Compaction | undefined> {
    const compaction = await runCompaction({ target, conversation, inFlight, reason, focus, limit, signal, id: this.deps.newId(), now: this.now() });
    if (!compaction || signal.aborted) return undefined;
    conversation.compactions = [...(conversation.compactions ?? []), compaction];
    this.deps.log?.(
      compaction.summary
        ? `Compacted the conversation (${reason}): the turns through ${compaction.throughTurnId ?? ''} go as a summary of ${compaction.summary.length} characters, and ${compaction.elided.length} old tool results as stubs.`
        : `Compacted the conversation (${reason}): ${compaction.elided.length} old tool results go as stubs.`,
    );
    if (conversation === this.current) {
      this.touch();
      this.deps.emit({ type: 'compactions', compactions: structuredClone(conversation.compactions) });
    }
    return compaction;
  }

  /** Ends a turn once; a later call (the request settling after a conversation switch) is ignored. */
  private finish(turn: Turn, status: Turn['status'], error?: Turn['error'], notice?: string): void {
    if (turn.status !== 'streaming') return;
    this.updateMeta(turn, { status, error, notice });
  }

  private updateMeta(turn: Turn, meta: Partial<Turn>): void {
    Object.assign(turn, meta);
    for (const key of ['error', 'notice', 'stopReason'] as const) if (turn[key] === undefined) delete turn[key];
    this.touch();
    const owner = this.current.turns.includes(turn) ? this.current : undefined;
    if (owner) this.deps.emit({ type: 'turnMeta', id: turn.id, meta: turnMeta(turn) });
  }

  private addBlock(conversation: Conversation, turn: Turn, block: TurnBlock): void {
    const index = turn.blocks.length;
    turn.blocks.push(block);
    this.touch();
    this.emitFor(conversation, { type: 'blockStarted', id: turn.id, index, block: blockForView(block) });
  }

  private dropBlocks(conversation: Conversation, turn: Turn, keep: number): void {
    turn.blocks.splice(keep);
    this.touch();
    this.emitFor(conversation, { type: 'blocksTruncated', id: turn.id, keep });
  }

  private showCall(conversation: Conversation, turn: Turn, view: ToolCallView): void {
    turn.toolCalls = { ...turn.toolCalls, [view.toolUseId]: { ...view } };
    this.touch();
    this.emitFor(conversation, { type: 'toolCall', id: turn.id, view: { ...view } });
  }

  /** Events of a reply whose conversation was replaced meanwhile are dropped. */
  private emitFor(conversation: Conversation, event: SessionEvent): void {
    if (conversation === this.current) this.deps.emit(event);
  }

  private addTurn(turn: Turn): void {
    this.current.turns.push(turn);
    this.touch();
    this.deps.emit({ type: 'turnAdded', turn: structuredClone(turn) });
    if (turn.role === 'user' && !this.current.titleIsCustom) {
      const title = titleFrom(this.current.turns);
      if (title !== this.current.title) {
        this.current.title = title;
        this.deps.emit({ type: 'conversation', conversation: { id: this.current.id, title } });
      }
    }
  }

  private truncate(keep: number): void {
    this.current.turns.splice(keep);
    this.touch();
    this.deps.emit({ type: 'turnsTruncated', keep });
  }

  private lastTurn(): Turn | undefined {
    return this.current.turns[this.current.turns.length - 1];
  }

  private touch(): void {
    this.current.updatedAt = this.now();
  }

  /** Unique within the conversation, also across reloads. */
  private newTurnId(): string {
    const taken = new Set(this.current.turns.map((turn) => turn.id));
    let n = this.current.turns.length + 1;
    while (taken.has(`t${n}`)) n++;
    return `t${n}`;
  }
}

function isToolTurn(turn: Turn): boolean {
  return turn.blocks.some((block) => block.type === 'tool_use');
}

function noticeFor(stopReason: string | undefined): string | undefined {
  switch (stopReason) {
    case 'max_tokens':
      return 'The reply reached the Max Tokens limit.';
    case 'refusal':
      return 'Claude declined to continue this reply. Rephrase the request, or start a new chat.';
    case 'model_context_window_exceeded':
      return 'The conversation filled the model\'s context window. Run "Claude Assistant: Compact Conversation", or start a new chat, to go on.';
    default:
      return undefined;
  }
}

class StopRequested extends Error {
  constructor() {
    super('Stopped by the user.');
    this.name = 'AbortError';
  }
}

function missingKey(): SetupError {
  return new SetupError(
    'No API key is set. Run "Claude Assistant: Set API Key", or set ANTHROPIC_API_KEY or ANTHROPIC_AUTH_TOKEN before starting VS Code.',
    ['setApiKey'],
  );
}
