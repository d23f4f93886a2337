// Server-side context management on a request: the `context_management` strategies the model
// takes (clearing old tool results, keeping thinking, compaction), unless its provider was found
// to refuse them, with the beta headers they need; and the same request without them. Pure.
import { asApiError } from '../api/apiError';
import type { MessageParam, MessagesRequestBody } from '../api/types';
import type { ModelInfo } from '../providers/modelCatalog';
import type { RequestTarget } from '../providers/requestContext';

/** `clear_tool_uses_20250919` and `clear_thinking_20251015`. */
export const CONTEXT_EDITING_BETA = 'context-management-2025-06-27';
/** `compact_20260112`, and the `compaction` blocks its replies hold. */
export const COMPACTION_BETA = 'compact-2026-01-12';
const CONTEXT_MANAGEMENT_BETAS: readonly string[] = [CONTEXT_EDITING_BETA, COMPACTION_BETA];

/**
 * Shares of the context window. Old tool results go first, from 60% of the window, and only when
 * at least a tenth of it can go, since clearing invalidates the cached prefix; the server
 * summarises from 80%, the point the client compacts at by default.
 */
const CLEAR_TOOL_USES_AT = 0.6;
const CLEAR_AT_LEAST = 0.1;
const COMPACT_AT = 0.8;
/** The tool calls kept whole, the latest ones. */
const KEEP_TOOL_USES = 3;
/** The lowest compaction trigger the API takes. */
const MIN_COMPACT_TRIGGER = 50_000;

type Edit = Record<string, unknown>;
type ManagedTarget = Pick<RequestTarget, 'modelInfo' | 'gateway'>;

/** The edits for this model, in the order the API wants them (thinking first); empty for none. */
export function contextEdits(info: Pick<ModelInfo, 'contextManagement' | 'contextWindow'>, thinkingOn: boolean): Edit[] {
  const support = info.contextManagement;
  const window = info.contextWindow;
  const edits: Edit[] = [];
  // Only with thinking on: the API refuses it otherwise. All thinking is kept, because clearing a
  // turn's thinking invalidates the cached prefix from there on; the window is kept by the others.
  if (thinkingOn && support.clearThinking) edits.push({ type: 'clear_thinking_20251015', keep: 'all' });
  if (support.clearToolUses) {
    edits.push({
      type: 'clear_tool_uses_20250919',
      trigger: { type: 'input_tokens', value: Math.floor(window * CLEAR_TOOL_USES_AT) },
      keep: { type: 'tool_uses', value: KEEP_TOOL_USES },
      clear_at_least: { type: 'input_tokens', value: Math.floor(window * CLEAR_AT_LEAST) },
    });
  }
  if (support.compact) edits.push({ type: 'compact_20260112', trigger: { type: 'input_tokens', value: Math.max(MIN_COMPACT_TRIGGER, Math.floor(window * COMPACT_AT)) } });
  return edits;
}

/** A body and the `anthropic-beta` values it needs on top of the profile's. */
export interface ManagedRequest {
  body: MessagesRequestBody;
  betas: string[];
}

/**
 * The body with `context_management` where the model takes it and its provider has not refused
 * it. `compaction` blocks in the history go back only where compaction is on: elsewhere the full
 * history they stand for, which the transcript keeps, is sent instead.
 */
export function withContextManagement(body: MessagesRequestBody, target: ManagedTarget, thinkingOn: boolean): ManagedRequest {
  const edits = target.gateway?.refuses('context_management') ? [] : contextEdits(target.modelInfo, thinkingOn);
  const compacting = edits.some((edit) => edit.type === 'compact_20260112');
  const messages = compacting ? body.messages : withoutCompactionBlocks(body.messages);
  const managed = messages === body.messages ? body : { ...body, messages };
  if (edits.length === 0) return { body: managed, betas: [] };
  const betas = [...(edits.some((edit) => edit.type !== 'compact_20260112') ? [CONTEXT_EDITING_BETA] : []), ...(compacting ? [COMPACTION_BETA] : [])];
  return { body: { ...managed, context_management: { edits } }, betas };
}

/** The same request as a provider that refuses context management takes it. */
export function withoutContextManagement(body: MessagesRequestBody, betas: readonly string[] = []): ManagedRequest {
  const { context_management: _dropped, ...rest } = body;
  return { body: { ...rest, messages: withoutCompactionBlocks(body.messages) } as MessagesRequestBody, betas: betas.filter((beta) => !CONTEXT_MANAGEMENT_BETAS.includes(beta)) };
}

/** Whether a 400 says the provider refuses what `withContextManagement` added. */
export function refusesContextManagement(error: unknown, body: MessagesRequestBody): boolean {
  const api = asApiError(error);
  if (api?.status !== 400 || (body.context_management === undefined && withoutCompactionBlocks(body.messages) === body.messages)) return false;
  const text = `${api.message} ${api.bodyExcerpt ?? ''}`;
  return /context[_-]management|clear_tool_uses|clear_thinking|compact[_-]2026|\bcompaction\b/i.test(text);
}

/** The messages without `compaction` blocks; the same array when there are none. Messages left empty go too. */
function withoutCompactionBlocks(messages: MessageParam[]): MessageParam[] {
  const holds = (message: MessageParam): boolean => Array.isArray(message.content) && message.content.some((block) => block.type === 'compaction');
  if (!messages.some(holds)) return messages;
  return messages.flatMap((message) => {
    if (!holds(message)) return [message];
    const content = (message.content as Exclude<MessageParam['content'], string>).filter((block) => block.type !== 'compaction');
    return content.length > 0 ? [{ ...message, content }] : [];
  });
}
