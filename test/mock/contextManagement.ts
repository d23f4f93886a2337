// Server-side context management as the Messages API applies it, for the mock: `context_management`
// needs its beta headers; `compaction` blocks sent back stand for everything before them;
// `clear_tool_uses_20250919` replaces the oldest tool results past its trigger; `compact_20260112`
// summarises into a `compaction` block past its trigger (or the mock's own, set by a test).
import { createHash } from 'crypto';
import { countInputTokens } from './promptCache';
import { contentText } from './requestText';

export const CONTEXT_EDITING_BETA = 'context-management-2025-06-27';
export const COMPACTION_BETA = 'compact-2026-01-12';
/** What the API puts in place of a cleared tool result. */
export const CLEARED_RESULT = '[Tool result cleared to save context.]';
const DEFAULT_CLEAR_TRIGGER = 100_000;
const DEFAULT_KEEP_TOOL_USES = 3;
const DEFAULT_COMPACT_TRIGGER = 150_000;
const MIN_COMPACT_TRIGGER = 50_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface CompactionJson {
  type: 'compaction';
  content: string | null;
  encrypted_content: string | null;
}

export interface AppliedEdit {
  type: string;
  [key: string]: unknown;
}

export interface MockCompaction {
  /** Compacts once the request's input reaches this many tokens, whatever its trigger says. */
  atTokens?: number;
}

export type ContextOutcome =
  | {
      ok: true;
      /** The request as the model sees it: before the last compaction block dropped, edits applied. */
      effective: Record<string, unknown>;
      /** What goes into the reply's `context_management`, when the request carried it. */
      applied?: AppliedEdit[];
      /** A compaction block for the reply to start with. */
      compaction?: CompactionJson;
    }
  | { ok: false; message: string };

type Message = { role: string; content: unknown };

/** Applies the request's context management; `betas` are the `anthropic-beta` header's values. */
export function applyContextManagement(body: Record<string, unknown>, betas: readonly string[], compaction: MockCompaction = {}): ContextOutcome {
  const messages = Array.isArray(body.messages) ? (body.messages as unknown[]).filter(isRecord) as Message[] : [];
  const compactionAt = lastCompaction(messages);
  if (compactionAt && !betas.includes(COMPACTION_BETA)) {
    return { ok: false, message: `messages.${String(compactionAt.message)}.content.${String(compactionAt.block)}.type: Input tag 'compaction' found using 'type' does not match any of the expected tags` };
  }
  let effective: Record<string, unknown> = compactionAt ? { ...body, messages: fromCompaction(messages, compactionAt) } : body;
  if (body.context_management === undefined) return { ok: true, effective };
  const config = body.context_management;
  const edits = isRecord(config) && Array.isArray(config.edits) ? (config.edits as unknown[]) : undefined;
  if (!edits || !edits.every(isRecord)) return { ok: false, message: 'context_management.edits: Input should be a valid list' };
  const thinkingOn = isRecord(body.thinking) && (body.thinking.type === 'enabled' || body.thinking.type === 'adaptive');
  const applied: AppliedEdit[] = [];
  let compactionBlock: CompactionJson | undefined;
  for (const [index, edit] of (edits as Record<string, unknown>[]).entries()) {
    const where = `context_management.edits.${String(index)}`;
    const needed = edit.type === 'compact_20260112' ? COMPACTION_BETA : CONTEXT_EDITING_BETA;
    if (!betas.includes(needed)) return { ok: false, message: `${where}: context management requires the anthropic-beta header ${needed}` };
    if (edit.type === 'clear_thinking_20251015') {
      if (!thinkingOn) return { ok: false, message: `${where}: clear_thinking_20251015 requires thinking to be enabled` };
      if (index !== 0) return { ok: false, message: `${where}: clear_thinking_20251015 must come first in edits` };
    } else if (edit.type === 'clear_tool_uses_20250919') {
      const cleared = clearToolUses(effective, edit);
      effective = cleared.effective;
      if (cleared.edit) applied.push(cleared.edit);
    } else if (edit.type === 'compact_20260112') {
      const trigger = triggerValue(edit, DEFAULT_COMPACT_TRIGGER);
      if (trigger < MIN_COMPACT_TRIGGER) return { ok: false, message: `${where}.trigger.value: must be at least ${String(MIN_COMPACT_TRIGGER)}` };
      if (countInputTokens(effective) >= (compaction.atTokens ?? trigger)) compactionBlock = summarise(effective);
    } else {
      return { ok: false, message: `${where}.type: unknown context management edit ${JSON.stringify(edit.type)}` };
    }
  }
  return { ok: true, effective, applied, ...(compactionBlock ? { compaction: compactionBlock } : {}) };
}

function lastCompaction(messages: Message[]): { message: number; block: number } | undefined {
  for (let message = messages.length - 1; message >= 0; message--) {
    const content = messages[message].content;
    if (!Array.isArray(content)) continue;
    for (let block = content.length - 1; block >= 0; block--) if (isRecord(content[block]) && content[block].type === 'compaction') return { message, block };
  }
  return undefined;
}

/** Everything before the compaction block is left out; the block itself stands for it. */
function fromCompaction(messages: Message[], at: { message: number; block: number }): Message[] {
  const first = messages[at.message];
  return [{ ...first, content: (first.content as unknown[]).slice(at.block) }, ...messages.slice(at.message + 1)];
}

function triggerValue(edit: Record<string, unknown>, fallback: number): number {
  return isRecord(edit.trigger) && typeof edit.trigger.value === 'number' ? edit.trigger.value : fallback;
}

/** The oldest tool results past the trigger give way to a placeholder, the newest `keep` stay. */
function clearToolUses(body: Record<string, unknown>, edit: Record<string, unknown>): { effective: Record<string, unknown>; edit?: AppliedEdit } {
  const before = countInputTokens(body);
  if (before < triggerValue(edit, DEFAULT_CLEAR_TRIGGER)) return { effective: body };
  const keep = isRecord(edit.keep) && typeof edit.keep.value === 'number' ? edit.keep.value : DEFAULT_KEEP_TOOL_USES;
  const messages = (body.messages as Message[]).map((message) => ({ ...message, content: Array.isArray(message.content) ? [...(message.content as unknown[])] : message.content }));
  const results: Array<[number, number]> = [];
  messages.forEach((message, m) => {
    if (Array.isArray(message.content)) message.content.forEach((block, b) => isRecord(block) && block.type === 'tool_result' && results.push([m, b]));
  });
  const clearing = results.slice(0, Math.max(0, results.length - keep));
  for (const [m, b] of clearing) messages[m].content = (messages[m].content as unknown[]).map((block, index) => (index === b && isRecord(block) ? { ...block, content: CLEARED_RESULT } : block));
  const effective = { ...body, messages };
  const cleared = before - countInputTokens(effective);
  const atLeast = isRecord(edit.clear_at_least) && typeof edit.clear_at_least.value === 'number' ? edit.clear_at_least.value : 0;
  if (clearing.length === 0 || cleared < atLeast) return { effective: body };
  return { effective, edit: { type: 'clear_tool_uses_20250919', cleared_tool_uses: clearing.length, cleared_input_tokens: cleared } };
}

/** A deterministic summary of the messages, with opaque metadata as the API returns it. */
export function summarise(body: Record<string, unknown>): CompactionJson {
  const messages = body.messages as Message[];
  const text = messages.map((message) => `${message.role}: ${contentText(message.content)}`).join('\n');
  const content = `Summary of ${String(messages.length)} earlier messages:\n${text.slice(0, 2000)}`;
  return { type: 'compaction', content, encrypted_content: createHash('sha256').update(text).digest('base64') };
}
