// Reads text out of a Messages request body, for the demo echo and for rough output token estimates.
// Bodies come from the wire, so everything is checked rather than assumed.

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Text of a `content` value: a string, or the text of its text / tool_result / tool_use blocks. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const parts: string[] = [];
  for (const block of content) {
    if (!isRecord(block)) continue;
    if (typeof block.text === 'string') parts.push(block.text);
    else if (typeof block.thinking === 'string') parts.push(block.thinking);
    else if (block.type === 'tool_result') parts.push(contentText(block.content));
    else if (block.type === 'tool_use') parts.push(JSON.stringify(block.input ?? {}));
  }
  return parts.join('\n');
}

/** The text of the last user message that has any text, or '' when there is none. */
export function lastUserText(body: unknown): string {
  if (!isRecord(body) || !Array.isArray(body.messages)) return '';
  for (let i = body.messages.length - 1; i >= 0; i--) {
    const message: unknown = body.messages[i];
    if (!isRecord(message) || message.role !== 'user') continue;
    const text = contentText(message.content).trim();
    if (text) return text;
  }
  return '';
}

export function estimateOutputTokens(chars: number): number {
  return Math.max(1, Math.ceil(chars / 4));
}
