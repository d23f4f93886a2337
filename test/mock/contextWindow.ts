// The model's context window, as the mock emulates it: a request whose input is over the limit is
// refused with the API's 400, or stops at once with `model_context_window_exceeded`. And the
// summariser for compaction tests: a reply that echoes, deterministically, every fact the request
// carries, so that a test can check which facts reached it (and so survive in the summary).
import { contentText } from './requestText';
import { reply, textReply, type MessageReply } from './replies';
import type { MockScript } from './faults';

export interface ContextLimit {
  /** Input tokens (the mock's count, as count_tokens answers it) a request may hold. */
  maxInputTokens: number;
  /** How a request over the limit is answered. */
  answer: 'http400' | 'stopReason';
}

/** The API's wording for a prompt over the window. */
export function promptTooLongMessage(tokens: number, limit: number): string {
  return `prompt is too long: ${String(tokens)} tokens > ${String(limit)} maximum`;
}

/** A reply that stops before any output because the window is full. */
export function windowExceededReply(): MessageReply {
  return reply([], { stopReason: 'model_context_window_exceeded', usage: { output_tokens: 0 } });
}

/** Every text of the request: system prompt and messages. */
export function requestTexts(body: unknown): string {
  if (typeof body !== 'object' || body === null) return '';
  const { system, messages } = body as { system?: unknown; messages?: unknown };
  const parts = [contentText(system)];
  if (Array.isArray(messages)) for (const message of messages) parts.push(contentText((message as { content?: unknown } | null)?.content));
  return parts.join('\n');
}

/** Facts as tests plant them: `FACT-<id>: <text up to the end of the line or sentence>`. */
export const FACT_PATTERN = /FACT-[\w-]+: [^\n.]*/g;

/**
 * A summary that lists, once each and in order, every match of `pattern` in the request, and the
 * focus text when the request names one ("keep in particular: …").
 */
export function echoSummary(body: unknown, pattern: RegExp = FACT_PATTERN): string {
  const text = requestTexts(body);
  const facts = [...new Set([...text.matchAll(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`))].map((match) => match[0]))];
  const focus = /keep in particular: ([^\n]*)/.exec(text)?.[1];
  const lines = ['Summary of the earlier conversation.', ...facts.map((fact) => `- ${fact}`)];
  if (focus) lines.push(`Focus kept: ${focus}`);
  return lines.join('\n');
}

/** A script for the summary request: the reply echoes the request's facts (see echoSummary). */
export function summaryScript(pattern: RegExp = FACT_PATTERN): MockScript {
  return { replyFor: (body) => textReply(echoSummary(body, pattern)) };
}
