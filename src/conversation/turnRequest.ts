// How the transcript becomes a Messages request: history, images, thinking, and continuing a
// reply that was cut off. Pure.
import type { MessageParam, MessagesRequestBody } from '../api/types';
import { effortFor } from '../providers/liveModels';
import type { ModelInfo } from '../providers/modelCatalog';
import { turnText, type ThinkingPreferences, type Turn } from './transcript';

type Block = Exclude<MessageParam['content'], string>[number];

/** The user's chat options that shape a request, read fresh for each one. */
export interface ChatOptions {
  thinking: ThinkingPreferences;
}

/** Thinking needs room: the budget comes on top of the reply's own max_tokens. */
const MIN_THINKING_BUDGET = 1024;

export interface RequestShape {
  max_tokens: number;
  thinking?: Record<string, unknown>;
  output_config?: Record<string, unknown>;
}

/** max_tokens and the thinking parameters for this model and the user's choice. */
export function requestShape(info: ModelInfo, maxTokens: number, options: ChatOptions): RequestShape {
  const { thinking } = options;
  if (!thinking.enabled || info.thinkingByGateway) return { max_tokens: maxTokens };
  if (info.thinking === 'adaptive') {
    // Only a level the model takes is sent: the one chosen, or the nearest below it.
    const effort = effortFor(thinking.effort, info.effortLevels);
    return { max_tokens: maxTokens, thinking: { type: 'adaptive', display: 'summarized' }, ...(effort ? { output_config: { effort } } : {}) };
  }
  if (info.thinking === 'enabled') {
    const ceiling = Math.max(maxTokens, info.maxOutputTokens);
    const total = Math.min(ceiling, maxTokens + thinking.budgetTokens);
    // budget_tokens must be at least 1024 and below max_tokens; when the model's ceiling cuts the
    // total, the budget gives way so that the answer keeps some room.
    const budget = Math.min(thinking.budgetTokens, total - Math.min(maxTokens, MIN_THINKING_BUDGET));
    if (budget < MIN_THINKING_BUDGET) return { max_tokens: maxTokens };
    return { max_tokens: total, thinking: { type: 'enabled', budget_tokens: budget } };
  }
  return { max_tokens: maxTokens };
}

export function thinkingIsOn(shape: RequestShape): boolean {
  return shape.thinking !== undefined;
}

/**
 * The API's view of the transcript. Assistant turns give their text, and, when thinking is on and
 * the turn finished, their thinking blocks byte for byte (signatures and redacted data included).
 * Failed turns without text, and refusals, are left out.
 */
export function historyMessages(turns: readonly Turn[], withThinking: boolean): MessageParam[] {
  const messages: MessageParam[] = [];
  for (const turn of turns) {
    if (turn.role === 'user') {
      messages.push({ role: 'user', content: userContent(turn) });
      continue;
    }
    if (turn.stopReason === 'refusal') continue;
    const content = assistantContent(turn, withThinking && turn.status === 'done');
    if (content.length > 0) messages.push({ role: 'assistant', content });
  }
  return messages;
}

function userContent(turn: Turn): MessageParam['content'] {
  const images = turn.blocks.filter((block) => block.type === 'image');
  const text = turnText(turn);
  if (images.length === 0) return text;
  const content: Block[] = images.map((image) => ({
    type: 'image',
    source: { type: 'base64', media_type: image.mediaType, data: image.data },
  }));
  if (text) content.push({ type: 'text', text });
  return content;
}

function assistantContent(turn: Turn, withThinking: boolean): Block[] {
  const content: Block[] = [];
  for (const block of turn.blocks) {
    if (block.type === 'text' && block.text.length > 0) content.push({ type: 'text', text: block.text });
    if (!withThinking) continue;
    if (block.type === 'thinking' && block.signature) content.push({ type: 'thinking', thinking: block.thinking, signature: block.signature });
    if (block.type === 'redacted_thinking' && block.data) content.push({ type: 'redacted_thinking', data: block.data });
  }
  return content;
}

/** Whether the model is 4.5 or older, where an assistant prefill continues a reply. */
export function takesPrefill(info: ModelInfo): boolean {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(info.version ?? '');
  if (!match) return false;
  const major = Number(match[1]);
  const minor = Number(match[2] ?? 0);
  return major < 4 || (major === 4 && minor <= 5);
}

/**
 * Messages that continue a reply cut off mid-stream: ≤4.5 models get the partial text back as a
 * trailing assistant message (prefill); newer ones, and any model while thinking is on (prefill and
 * thinking do not mix), get a user message that quotes it. Thinking cannot be resumed part way,
 * so only the text is carried over.
 */
export function continuationMessages(history: MessageParam[], partial: Turn, info: ModelInfo, thinkingOn: boolean): MessageParam[] {
  const text = turnText(partial);
  if (takesPrefill(info) && !thinkingOn) {
    // The API rejects a final assistant message that ends in white space.
    return [...history, { role: 'assistant', content: text.trimEnd() }];
  }
  const ask =
    'Your previous reply was cut off. Here is what you had written so far:\n\n' +
    `<partial_reply>\n${text}\n</partial_reply>\n\n` +
    'Continue from exactly where it stops. Do not repeat any of it, and do not mention the interruption.';
  return [...history, { role: 'user', content: ask }];
}

export function buildBody(model: string, shape: RequestShape, messages: MessageParam[]): MessagesRequestBody {
  return { model, ...shape, messages, stream: true };
}
