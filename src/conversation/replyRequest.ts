// One request of a turn, as one unit: shape it from the transcript, stream it into the turn, and
// settle its usage. A turn runs one or more of these. Pure.
import type { RequestTarget } from '../providers/requestContext';
import type { ReplyEvent } from './events';
import { ReplyWriter } from './replyWriter';
import type { Turn } from './transcript';
import { buildBody, continuationMessages, historyMessages, requestShape, thinkingIsOn, type ChatOptions } from './turnRequest';
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
}

/**
 * Streams one reply into `turn`. Usage is added to the turn however the request ends. `notice`:
 * what the target learned on the way, for a remark under the reply.
 */
export async function runReplyRequest({ target, options, earlier, turn, continuing, signal, emit }: ReplyRequest): Promise<{ notice?: string }> {
  const shape = requestShape(target.modelInfo, target.maxTokens, options);
  // Thinking blocks go back only while thinking is on; the shape decides.
  const history = historyMessages(earlier, thinkingIsOn(shape));
  const messages = continuing ? continuationMessages(history, turn, target.modelInfo, thinkingIsOn(shape)) : history;
  turn.model = target.model;
  const writer = new ReplyWriter(turn, emit, continuing);
  try {
    const { notice } = await target.stream(buildBody(target.model, shape, messages), {
      signal,
      onDelta: (delta) => {
        if (!signal.aborted) writer.apply(delta);
      },
    });
    turn.stopReason = writer.apiStopReason ?? undefined;
    return { notice };
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
