// The seam between the agent loop and the tools: the loop offers the model what a ToolProvider
// gives for the turn, runs each call through its handler, and shows the handler's updates on the
// call's card. Handlers live above (VS Code glue); the loop knows only this. Pure.

import type { ToolResultBlock, ToolUseBlock } from './transcript';

/** `anthropic` sends Anthropic-defined typed tools; `custom` the same tools as plain JSON-schema tools. */
export type ToolForm = 'anthropic' | 'custom';

export type ToolCallStatus = 'proposed' | 'running' | 'accepted' | 'rejected' | 'applied' | 'failed' | 'cancelled';

/** What a call's card shows. Every string is untrusted and sanitised by the page like a reply. */
export interface ToolCallView {
  toolUseId: string;
  status: ToolCallStatus;
  /** One line: what the call wants, e.g. "Edit src/app.ts, lines 10-14". */
  title: string;
  path?: string;
  /** A short unified diff of the proposal, for edits. */
  diff?: string;
  /** The exact command a shell call runs (or proposes), shown whole. */
  command?: string;
  /** Streamed output, for commands. */
  output?: string;
  /** One line about the result, or why the call ran without asking. */
  resultSummary?: string;
  /** A command ran: the workspace may have changed, whatever its outcome. */
  ranCommand?: boolean;
}

/** A turn's key for what tools record about it: turn ids repeat from one conversation to the next. */
export function turnKey(conversationId: string, turnId: string): string {
  return `${conversationId}/${turnId}`;
}

export interface ToolCallContext {
  /** The turn's key (`turnKey`), unique across conversations. */
  turnId: string;
  /** Aborted by Stop, New Chat, opening another conversation, or closing the window. */
  signal: AbortSignal;
  update(view: ToolCallView): void;
}

/** How a call ended, for its card and the model. */
export interface CardReply<Result> {
  result: Result;
  status: ToolCallStatus;
  summary: string;
}

export type UpdateCard = (change: Partial<ToolCallView>) => void;

/**
 * Runs one call with its card: `work` updates the card as it goes, a throw becomes `onThrow`'s
 * reply (handlers never throw), and the card ends with the reply's status and summary.
 */
export async function runWithCard<Result>(
  start: ToolCallView, context: ToolCallContext,
  work: (update: UpdateCard) => Promise<CardReply<Result>>, onThrow: (message: string) => CardReply<Result>,
): Promise<Result> {
  const view: ToolCallView = { ...start };
  const update: UpdateCard = (change) => {
    Object.assign(view, change);
    context.update({ ...view });
  };
  let reply: CardReply<Result>;
  try {
    reply = await work(update);
  } catch (error) {
    reply = onThrow(error instanceof Error ? error.message : String(error));
  }
  update({ status: reply.status, resultSummary: reply.summary });
  return reply.result;
}

export interface ToolHandler {
  /** The name the model calls, fixed by the definition's version. */
  readonly name: string;
  /** What goes into the request's `tools` array, and the `anthropic-beta` values it needs. */
  readonly definition: { tool: Record<string, unknown>; betas: string[] };
  /** Never throws: a failure or refusal is a result with `isError`. */
  run(call: ToolUseBlock, context: ToolCallContext): Promise<ToolResultBlock>;
}

export interface ToolOffer {
  model: string;
  form: ToolForm;
}

/** Gives the tools for one request; none in Restricted Mode. */
export interface ToolProvider {
  toolsFor(offer: ToolOffer): ToolHandler[];
  /** Why this provider's tools are off where the user would expect them (no shell, say); shown in the panel. */
  unavailable?(): string | undefined;
}
