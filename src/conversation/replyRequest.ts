// One request of a turn, as one unit: shape it from the transcript, stream it into the turn, and
// settle its usage. A turn runs one or more of these. Pure.
import type { RequestTarget } from '../providers/requestContext';
import { compactedHistory, elideToolResults, estimateTokens, type CompactionState } from './compaction';
import { withContextManagement } from './contextManagement';
import type { ReplyEvent } from './events';
import { ReplyWriter } from './replyWriter';
import { streamWithFallback, withPromptCaching } from './requestCaching';
import type { Turn } from './transcript';
import { buildBody, continuationMessages, historyMessages, loopMessages, requestShape, thinkingIsOn, type ChatOptions } from './turnRequest';
import { addUsage, usageFromApi } from './usage';

export interface ReplyRequest {
  target: RequestTarget;
  options: ChatOptions;
  /** The turns before the one being written. */
  earlier: readonly Turn[];
  turn: Turn;
  /** The reply continues the turn's text rather than starting anew. */
  continuing: boolean;
  signal: AbortSignal;
  emit: (event: ReplyEvent) => void;
  /** The tools offered with this request: definitions and the `anthropic-beta` values they need. */
  tools?: { definitions: Array<Record<string, unknown>>; betas: string[] };
  system?: string;
  /** max_tokens for this request instead of the setting's (a retry after a call was cut off). */
  maxTokens?: number;
  /** What the conversation's compactions replace in requests, and the size past which to compact first. */
  compaction?: { state?: CompactionState; limit?: number };
}

export interface ReplyOutcome {
  stopReason: string | undefined;
  /** A tool call's input was cut off by max_tokens; the call was left out of the turn. */
  cutOffInCall: boolean;
  /** The max_tokens this request asked for. */
  maxTokens: number;
  /** What the target learned on the way (the key's header form). */
  notice?: string;
  /** Nothing was sent: the request would reach the compaction limit (see ReplyRequest.compaction). */
  compactionDue?: boolean;
  /** Our estimate of the request's input tokens, and the provider's count of them when it reported one. */
  estimatedTokens: number;
  promptTokens?: number;
}

/**
 * Streams one reply into `turn`. Usage is added to the turn however the request ends. `notice`:
 * what the target learned on the way, for a remark under the reply.
 */
export async function runReplyRequest(request: ReplyRequest): Promise<ReplyOutcome> {
  const { target, options, earlier, turn, continuing, signal, emit, tools, system } = request;
  const shape = requestShape(target.modelInfo, request.maxTokens ?? target.maxTokens, options);
  // Thinking blocks go back only while thinking is on; the shape decides.
  const withThinking = thinkingIsOn(shape);
  const state = request.compaction?.state;
  const history = state ? compactedHistory(earlier, state, withThinking) : historyMessages(earlier, withThinking);
  // A turn already under way (tool calls, pause_turn) goes back as it stands, thinking included.
  const messages = continuing ? continuationMessages(history, turn, target.modelInfo, withThinking) : loopMessages(history, turn, withThinking);
  const body = buildBody(target.model, shape, state ? elideToolResults(messages, state.elided) : messages);
  if (system) body.system = system;
  if (tools && tools.definitions.length > 0) body.tools = tools.definitions;
  const limit = request.compaction?.limit;
  const estimatedTokens = request.compaction ? estimateTokens(body) : 0;
  if (limit !== undefined && estimatedTokens >= limit) return { stopReason: undefined, cutOffInCall: false, maxTokens: shape.max_tokens, compactionDue: true, estimatedTokens };
  turn.model = target.model;
  const writer = new ReplyWriter(turn, emit, continuing);
  const managed = withContextManagement(body, target, withThinking);
  const betas = [...new Set([...(tools?.betas ?? []), ...managed.betas])];
  try {
    const { notice } = await streamWithFallback(target, withPromptCaching(managed.body, target), {
      signal,
      onDelta: (delta) => {
        if (!signal.aborted) writer.apply(delta);
      },
    }, betas);
    turn.stopReason = writer.apiStopReason ?? undefined;
    const usage = writer.apiUsage ? usageFromApi(writer.apiUsage, undefined) : undefined;
    const promptTokens = usage ? usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens : undefined;
    return { stopReason: turn.stopReason, cutOffInCall: writer.cutOffInCall, maxTokens: shape.max_tokens, estimatedTokens, ...(promptTokens ? { promptTokens } : {}), ...(notice ? { notice } : {}) };
  } finally {
    settleUsage(turn, writer, target);
  }
}

function settleUsage(turn: Turn, writer: ReplyWriter, target: RequestTarget): void {
  if (!writer.apiUsage || turn.status !== 'streaming') return;
  const usage = usageFromApi(writer.apiUsage, target.modelInfo.prices);
  // A continued turn was paid for twice: what it had, and this request.
  turn.usage = addUsage(turn.usage, usage);
}
