// Tool turns for the mock: checks on the request that follows a tool call (it must answer the
// call), a gateway that refuses Anthropic-defined tool types, and the demo's scripted edit of the
// sample workspace (view src/stats.ts, then propose a fix), so the review flow can be seen offline.
import { randomId } from './errors';
import { reply, textBlock, textReply, toolUseBlock, type MessageReply } from './replies';
import { lastUserText } from './requestText';

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function messagesOf(body: unknown): Json[] {
  return isRecord(body) && Array.isArray(body.messages) ? body.messages.filter(isRecord) : [];
}

/** The tool_result blocks of the request's last message, if it is a user message. */
export function trailingResults(body: unknown): Json[] {
  const last = messagesOf(body).at(-1);
  if (!last || last.role !== 'user' || !Array.isArray(last.content)) return [];
  return last.content.filter((block): block is Json => isRecord(block) && block.type === 'tool_result');
}

/**
 * For `MockScript.expect`: the request must answer `toolUseId` with a tool_result that comes first
 * in its last message, as the API requires; otherwise the mock answers 400, as the API would.
 */
export function expectToolResult(toolUseId: string): (body: unknown) => string | undefined {
  return (body) => {
    const last = messagesOf(body).at(-1);
    const first = Array.isArray(last?.content) ? (last.content as unknown[])[0] : undefined;
    if (last?.role !== 'user' || !isRecord(first) || first.type !== 'tool_result' || first.tool_use_id !== toolUseId) {
      return `messages: tool_use ids were found without tool_result blocks immediately after: ${toolUseId}. Each tool_use block must have a corresponding tool_result block in the next message.`;
    }
    return undefined;
  };
}

/** How a gateway that knows only custom tools refuses Anthropic-defined ones (undefined: none were sent). */
export function typedToolsRefusal(body: unknown): string | undefined {
  const tools = isRecord(body) && Array.isArray(body.tools) ? body.tools : [];
  const index = tools.findIndex((tool) => isRecord(tool) && typeof tool.type === 'string' && tool.type !== 'custom');
  if (index < 0) return undefined;
  const type = String((tools[index] as Json).type);
  return `tools.${index}: Input tag '${type}' found using 'type' does not match any of the expected tags: 'custom'`;
}

const DEMO_FILE = 'src/stats.ts';
const DEMO_OLD = '  const sorted = [...values].sort();';
const DEMO_NEW = '  const sorted = [...values].sort((a, b) => a - b);';

/** The text editor tool the request offers, by name, if any. */
function editorName(body: unknown): string | undefined {
  const tools = isRecord(body) && Array.isArray(body.tools) ? body.tools : [];
  for (const tool of tools) {
    if (isRecord(tool) && (tool.name === 'str_replace_based_edit_tool' || tool.name === 'str_replace_editor')) return tool.name;
  }
  return undefined;
}

/** Whether a demo question asks for the scripted edit. */
function asksForEdit(text: string): boolean {
  return /\b(fix|edit|change|bug|stats|median|tool)\b/i.test(text);
}

/**
 * The demo's tool turn, step by step from what the request carries: view the file, then (its
 * contents seen) propose the fix, then say what became of it. Undefined when this request is no
 * step of it (no text editor offered, or a question about something else).
 */
export function demoToolReply(body: unknown): MessageReply | undefined {
  const tool = editorName(body);
  if (!tool) return undefined;
  const result = trailingResults(body)[0];
  const answered = typeof result?.tool_use_id === 'string' ? result.tool_use_id : '';
  const resultText = typeof result?.content === 'string' ? result.content : '';
  if (answered.startsWith('toolu_demoview')) {
    if (!resultText.includes(DEMO_OLD.trim())) {
      return textReply('**Demo:** I could not find the line I meant to fix in `src/stats.ts`, so I will leave it alone.');
    }
    return reply([
      textBlock('`median` sorts with the default comparator, which compares numbers as strings (`[10, 9, 1]` sorts to `[1, 10, 9]`). Here is the fix:'),
      toolUseBlock(tool, { command: 'str_replace', path: DEMO_FILE, old_str: DEMO_OLD, new_str: DEMO_NEW }, randomId('toolu_demoedit')),
    ]);
  }
  if (answered.startsWith('toolu_demoedit')) {
    const outcome = result?.is_error === true
      ? `The edit was not applied. What the tool said:\n\n> ${resultText.split('\n')[0]}`
      : '`median` now sorts numerically. The tool result told me exactly what landed, including any change you made to the proposal before accepting it.';
    return textReply(`**Demo reply from the local mock server.** ${outcome}`);
  }
  if (!asksForEdit(lastUserText(body))) return undefined;
  return reply([
    textBlock('**Demo reply from the local mock server**, no real model was called. Let me read the file first.'),
    toolUseBlock(tool, { command: 'view', path: DEMO_FILE }, randomId('toolu_demoview')),
  ]);
}
