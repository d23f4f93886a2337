// How the transcript becomes a Messages request: history, images, thinking, and continuing a
// reply that was cut off. Pure.
import type { MessageParam, MessagesRequestBody } from '../api/types';
import { effortFor } from '../providers/liveModels';
import type { ModelInfo } from '../providers/modelCatalog';
import { isRecord } from '../common/isRecord';
import { turnText, type ThinkingPreferences, type Turn, type TurnBlock } from './transcript';

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
 * The API's view of the transcript. Assistant turns give their text, and, when thinking is on,
 * their thinking blocks byte for byte (signatures and redacted data included): for finished turns,
 * and for any turn that called tools, whose thinking the API needs to go on from a call. A turn
 * that called tools is split into the API's alternating messages (see `assistantMessages`).
 * Failed turns without text, and refusals, are left out.
 */
export function historyMessages(turns: readonly Turn[], withThinking: boolean): MessageParam[] {
  const messages: MessageParam[] = [];
  for (const turn of turns) {
    if (turn.role === 'user') {
      pushMessage(messages, { role: 'user', content: userContent(turn) });
      continue;
    }
    if (turn.stopReason === 'refusal') continue;
    const keepThinking = withThinking && (turn.status === 'done' || turn.blocks.some((block) => block.type === 'tool_use'));
    for (const message of assistantMessages(turn, keepThinking)) pushMessage(messages, message);
  }
  return messages;
}

/**
 * The messages of a request in a turn's loop: the history, then the turn so far (its calls and
 * results, its thinking byte for byte while thinking is on). A turn that ends on the model's side
 * (pause_turn) is its last message, which the API reads as the reply to go on with.
 */
export function loopMessages(history: MessageParam[], turn: Turn, withThinking: boolean): MessageParam[] {
  const messages = [...history];
  for (const message of assistantMessages(turn, withThinking)) pushMessage(messages, message);
  const last = messages[messages.length - 1];
  if (last !== history[history.length - 1] && last?.role === 'assistant' && Array.isArray(last.content)) {
    // The API rejects a final assistant message that ends in white space.
    const final = last.content[last.content.length - 1];
    if (final?.type === 'text' && typeof final.text === 'string') last.content[last.content.length - 1] = { type: 'text', text: final.text.trimEnd() };
  }
  return messages;
}

/** What a call that never got an answer (Stop, a crash, a reload) is told, so the conversation stays valid. */
export const CANCELLED_RESULT = 'Cancelled by the user before it finished. Nothing was changed by this call.';

/**
 * One assistant turn as the API's messages: the model's blocks up to its tool calls, then a user
 * message with their results (first, in the calls' order), and so on. A call without a result gets
 * a cancelled one, so that every `tool_use` is answered in the very next message.
 */
export function assistantMessages(turn: Turn, withThinking: boolean): MessageParam[] {
  const messages: MessageParam[] = [];
  let assistant: Block[] = [];
  let results: Block[] = [];
  let open: string[] = [];
  const flushAssistant = (): void => {
    if (assistant.length > 0) messages.push({ role: 'assistant', content: assistant });
    assistant = [];
  };
  const flushResults = (): void => {
    // Calls without a result are answered as cancelled, after those that have one, in call order.
    for (const id of open) results.push({ type: 'tool_result', tool_use_id: id, content: CANCELLED_RESULT, is_error: true });
    if (results.length > 0) messages.push({ role: 'user', content: results });
    results = [];
    open = [];
  };
  for (const block of turn.blocks) {
    if (block.type === 'tool_result') {
      if (!open.includes(block.toolUseId)) continue; // an answer to no call of this message would be refused
      flushAssistant();
      open = open.filter((id) => id !== block.toolUseId);
      results.push({ type: 'tool_result', tool_use_id: block.toolUseId, content: block.content, ...(block.isError ? { is_error: true } : {}) });
      continue;
    }
    const apiBlock = assistantBlock(block, withThinking);
    if (!apiBlock) continue;
    if (results.length > 0) flushResults();
    if (block.type === 'tool_use') open.push(block.id);
    assistant.push(apiBlock);
  }
  flushAssistant();
  flushResults();
  return messages;
}

function assistantBlock(block: TurnBlock, withThinking: boolean): Block | undefined {
  switch (block.type) {
    case 'text':
      return block.text.length > 0 ? { type: 'text', text: block.text } : undefined;
    case 'thinking':
      return withThinking && block.signature ? { type: 'thinking', thinking: block.thinking, signature: block.signature } : undefined;
    case 'redacted_thinking':
      return withThinking && block.data ? { type: 'redacted_thinking', data: block.data } : undefined;
    case 'tool_use':
      return { type: 'tool_use', id: block.id, name: block.name, input: isRecord(block.input) ? block.input : {} };
    case 'provider_compaction':
      // As it came; withContextManagement leaves it out where compaction is off.
      return block.block ? (block.block as Block) : undefined;
    default:
      return undefined;
  }
}

/**
 * Appends a message; one that holds tool results joins a user message before it (and a user
 * message joins one that holds results), since results must come first in the message right after
 * their calls. Other neighbours of the same role are left for the server to merge, as before.
 */
function pushMessage(messages: MessageParam[], message: MessageParam): void {
  const last = messages[messages.length - 1];
  if (last && last.role === message.role && message.role === 'user' && (hasResults(last) || hasResults(message))) {
    last.content = [...asBlocks(last.content), ...asBlocks(message.content)];
    return;
  }
  messages.push(message);
}

function hasResults(message: MessageParam): boolean {
  return Array.isArray(message.content) && message.content.some((block) => block.type === 'tool_result');
}

function asBlocks(content: MessageParam['content']): Block[] {
  return typeof content === 'string' ? (content ? [{ type: 'text', text: content }] : []) : content;
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
