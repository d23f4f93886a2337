// The agent loop of one turn: request, run the tool calls the reply ends with, answer them, and
// ask again until the model ends its turn, a guard pauses it, or the user stops it. One turn on
// screen, however many requests it takes. Pure.
import { asApiError } from '../api/apiError';
import type { RequestTarget } from '../providers/requestContext';
import { isContextOverflow, type CompactionState } from './compaction';
import { refusesTypedTools } from '../tools/textEditorTool';
import type { ReplyEvent } from './events';
import { LoopGuards, type LoopLimits } from './loopGuards';
import { runReplyRequest } from './replyRequest';
import { requestFrame, toolFormFor } from './requestFrame';
import type { Surroundings } from './systemPrompt';
import { turnKey, type ToolCallView, type ToolForm, type ToolHandler, type ToolProvider } from './toolHandler';
import type { ToolResultBlock, ToolUseBlock, Turn, TurnBlock } from './transcript';
import type { ChatOptions } from './turnRequest';

/** What this profile and model were found to take, remembered across turns and windows. */
export interface ToolFormMemory {
  get(profileId: string, model: string): ToolForm | undefined;
  /** `evidence`: the answer it was learned from, for Test Connection. */
  set(profileId: string, model: string, form: ToolForm, evidence: string): void;
}

export interface TurnLoopRequest {
  /** The turn's conversation: with the turn's id, the key tools record the turn's changes under. */
  conversationId: string;
  target: RequestTarget;
  options: ChatOptions;
  earlier: readonly Turn[];
  turn: Turn;
  /** `continue`: the turn's text was cut off and goes on; `resume`: calls the turn left pending run first. */
  mode: 'fresh' | 'continue' | 'resume';
  signal: AbortSignal;
  emit: (event: ReplyEvent) => void;
  /** Adds a block (a tool result) to the turn and reports it. */
  addBlock: (block: TurnBlock) => void;
  /** Drops the turn's blocks from `keep` on (a reply cut off in a call, asked again). */
  dropBlocks: (keep: number) => void;
  /** A call's card changed. */
  showCall: (view: ToolCallView) => void;
  tools?: ToolProvider;
  limits: LoopLimits;
  forms?: ToolFormMemory;
  /** Where the model is, for the system prompt; none: no system prompt. */
  surroundings?: Surroundings;
  log?: (message: string) => void;
  /** Compaction of what requests send; none: every turn goes whole. */
  compaction?: LoopCompaction;
}

/** How the loop keeps requests within the model's window (see session.ts). */
export interface LoopCompaction {
  /** What the conversation's compactions replace, read fresh for each request. */
  state(): CompactionState | undefined;
  /** Input tokens past which a request is compacted before it is sent; undefined: only on overflow. */
  limit(): number | undefined;
  /** Compacts the conversation; false when nothing was left to compact. */
  compact(reason: 'threshold' | 'overflow', limit?: number): Promise<boolean>;
}

/** How the loop ended, when it ended without an error; `learned`: what the target learned on the way (the key's header form). */
export type LoopEnd = ({ kind: 'ended'; notice?: string } | { kind: 'paused'; notice: string }) & { learned?: string };

/** pause_turn continues; so many in a row without a tool call means something is wrong. */
const MAX_PAUSE_TURNS = 10;

export async function runTurnLoop(request: TurnLoopRequest): Promise<LoopEnd> {
  const { target, turn, signal, limits } = request;
  const setting = target.toolForm;
  let form: ToolForm = toolFormFor(target, request.forms);
  let triedCustom = false;
  let triedLarger = false;
  let maxTokens: number | undefined;
  let pauses = 0;
  let continuing = request.mode === 'continue';
  const compaction = request.compaction;
  // Our estimates against the provider's counts: token counts run higher than characters ÷ 4 for code.
  let scale = 1;
  let compactedThisRound = false;
  let overflowRetried = false;
  const guards = new LoopGuards(limits, turn.usage);
  const learnedNotices: string[] = [];
  const end = (result: LoopEnd): LoopEnd => (learnedNotices.length > 0 ? { ...result, learned: learnedNotices.join(' ') } : result);
  const handlersFor = (): ToolHandler[] => request.tools?.toolsFor({ model: target.model, form }) ?? [];

  if (request.mode === 'resume') {
    await runCalls(request, pendingCalls(turn), handlersFor());
    if (signal.aborted) throw signal.reason;
  }
  for (;;) {
    const handlers = handlersFor();
    const frame = requestFrame(handlers, request.surroundings);
    const blocksBefore = turn.blocks.length;
    let outcome;
    const limit = compaction && !compactedThisRound ? compaction.limit() : undefined;
    const scaledLimit = limit !== undefined ? Math.floor(limit / scale) : undefined;
    try {
      outcome = await runReplyRequest({
        target,
        options: request.options,
        earlier: request.earlier,
        turn,
        continuing,
        signal,
        emit: request.emit,
        tools: { definitions: frame.tools, betas: frame.betas },
        system: frame.system,
        maxTokens,
        compaction: compaction ? { state: compaction.state(), limit: scaledLimit } : undefined,
      });
    } catch (error) {
      const before = turn.blocks.length === blocksBefore;
      if (!signal.aborted && compaction && !overflowRetried && before && isContextOverflow(error)) {
        // The window was exceeded anyway: compact, and send once more.
        overflowRetried = true;
        request.log?.(`The request did not fit the context window of ${target.model} (${(error as Error).message}); compacting and sending it again.`);
        if (await compaction.compact('overflow')) continue;
      }
      if (!signal.aborted && setting === 'auto' && form === 'anthropic' && handlers.length > 0 && !triedCustom && before && refusesTyped(error)) {
        // The gateway refuses Anthropic-defined tools: the same tools as plain ones, once, and remembered.
        triedCustom = true;
        form = 'custom';
        request.forms?.set(target.profileId, target.model, form, `HTTP 400 to POST /v1/messages refusing Anthropic-defined tools${requestIdOf(error)}`);
        request.log?.(`${target.host} refused Anthropic-defined tools for ${target.model} (${(error as Error).message}); sending them as custom tools from now on for this profile and model.`);
        continue;
      }
      throw error;
    }
    if (outcome.compactionDue) {
      compactedThisRound = true;
      await compaction?.compact('threshold', scaledLimit);
      if (signal.aborted) throw signal.reason;
      continue;
    }
    compactedThisRound = false;
    if (outcome.promptTokens && outcome.estimatedTokens > 0) scale = Math.max(1, outcome.promptTokens / outcome.estimatedTokens);
    if (outcome.stopReason === 'model_context_window_exceeded' && compaction && !overflowRetried) {
      overflowRetried = true;
      request.log?.(`The reply of ${target.model} stopped at the end of its context window; compacting and asking again.`);
      if (await compaction.compact('overflow')) {
        request.dropBlocks(blocksBefore);
        continue;
      }
    }
    continuing = false;
    if (outcome.notice) learnedNotices.push(outcome.notice);
    if (outcome.stopReason === 'max_tokens' && outcome.cutOffInCall) {
      const ceiling = Math.max(outcome.maxTokens, target.modelInfo.maxOutputTokens);
      if (!triedLarger && outcome.maxTokens < ceiling) {
        // A call cut off cannot be run: the same request once more, with room for it.
        triedLarger = true;
        maxTokens = Math.min(ceiling, outcome.maxTokens * 2);
        request.dropBlocks(blocksBefore);
        request.log?.(`The reply reached max_tokens (${outcome.maxTokens}) in the middle of a tool call; asking again with ${maxTokens}.`);
        continue;
      }
      return end({ kind: 'ended', notice: `The reply reached its output limit (${outcome.maxTokens} tokens) in the middle of a tool call, so the call could not be run. Raise Max Tokens, or ask for a smaller change.` });
    }
    if (outcome.stopReason === 'pause_turn' && ++pauses <= MAX_PAUSE_TURNS) continue;
    if (outcome.stopReason !== 'tool_use') return end({ kind: 'ended' });
    pauses = 0;
    const calls = pendingCalls(turn);
    if (calls.length === 0) return end({ kind: 'ended' });
    const pause = guards.check(calls, turn.usage, target.modelInfo.prices !== undefined);
    if (pause) return end({ kind: 'paused', notice: pause });
    await runCalls(request, calls, handlers);
    if (signal.aborted) throw signal.reason;
  }
}

/** The calls of the turn's last round that have no result yet. */
export function pendingCalls(turn: Turn): ToolUseBlock[] {
  const answered = new Set(turn.blocks.flatMap((block) => (block.type === 'tool_result' ? [block.toolUseId] : [])));
  const lastResult = turn.blocks.map((block) => block.type).lastIndexOf('tool_result');
  return turn.blocks.slice(lastResult + 1).filter((block): block is ToolUseBlock => block.type === 'tool_use' && !answered.has(block.id));
}

/** Whether the turn stopped with calls that never ran (a pause, or Stop during them). */
export function hasPendingCalls(turn: Turn): boolean {
  return pendingCalls(turn).length > 0;
}

/** Runs the calls in order, each through the handler it names; Stop abandons the one in progress at once. */
async function runCalls(request: TurnLoopRequest, calls: readonly ToolUseBlock[], handlers: readonly ToolHandler[]): Promise<void> {
  const { signal, turn } = request;
  for (const call of calls) {
    if (signal.aborted) return;
    const handler = handlers.find((candidate) => candidate.name === call.name);
    let result: ToolResultBlock | undefined;
    if (!handler) {
      const offered = handlers.map((candidate) => candidate.name).join(', ') || 'none';
      result = { type: 'tool_result', toolUseId: call.id, content: `There is no tool named "${call.name}" here. The tools you have: ${offered}.`, isError: true };
      request.showCall({ toolUseId: call.id, status: 'failed', title: `Unknown tool ${call.name}`, resultSummary: 'No such tool.' });
    } else {
      const context = {
        turnId: turnKey(request.conversationId, turn.id),
        signal,
        update: (view: ToolCallView) => {
          if (view.toolUseId === call.id && !signal.aborted) request.showCall(view);
        },
      };
      result = await untilAborted(safely(handler, call, context), signal);
    }
    if (!result) {
      // Stopped: the call gets its "cancelled" answer with the next request (see assistantMessages).
      request.showCall({ ...(turn.toolCalls?.[call.id] ?? { title: call.name }), toolUseId: call.id, status: 'cancelled' });
      return;
    }
    request.addBlock({ ...result, toolUseId: call.id });
  }
}

/** A handler never throws by contract; if one does, the model is told, not left without an answer. */
async function safely(handler: ToolHandler, call: ToolUseBlock, context: Parameters<ToolHandler['run']>[1]): Promise<ToolResultBlock> {
  try {
    return await handler.run(call, context);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { type: 'tool_result', toolUseId: call.id, content: `The tool failed: ${message}`, isError: true };
  }
}

/** The work's result, or undefined as soon as the signal aborts. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const onAbort = (): void => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(signal.aborted ? undefined : value);
      },
      () => resolve(undefined),
    );
  });
}

/** ", request id req_1", when the error carries one. */
function requestIdOf(error: unknown): string {
  const id = asApiError(error)?.requestId;
  return id ? `, request id ${id}` : '';
}

function refusesTyped(error: unknown): boolean {
  const api = asApiError(error);
  return api?.status !== undefined && refusesTypedTools(api.status, api.message);
}
