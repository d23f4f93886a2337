// Edit Selection: the request for a replacement of exactly the chosen lines, and how the reply's
// code replaces them, in the document's own line endings. Pure.
import type { CodeAttachment } from './codeAttachment';

/** The question sent after the attached lines (which carry their surrounding context). */
export function editRequest(instruction: string, attachment: CodeAttachment): string {
  const range = attachment.startLine === attachment.endLine ? `line ${attachment.startLine}` : `lines ${attachment.startLine}-${attachment.endLine}`;
  return (
    `${instruction.trim()}\n\n` +
    `Reply with the new text for ${range} of ${attachment.path} only, not the surrounding context, as one fenced code block ` +
    'that replaces exactly those lines. Keep the indentation style of the file (tabs or spaces). A short explanation may come before the block.'
  );
}

/** The code of the reply's last fenced block; undefined when there is none. */
export function replacementFrom(reply: string): string | undefined {
  const fences = /^( {0,3})(`{3,}|~{3,})[^\n]*\n([\s\S]*?)^ {0,3}\2[`~]*[ \t]*$/gm;
  let code: string | undefined;
  for (const match of reply.matchAll(fences)) code = match[3].replace(/\n$/, '');
  return code;
}

/** The replacement in the document's line endings, without a final line break (the range ends before it). */
export function toDocumentText(code: string, eol: '\n' | '\r\n'): string {
  const lines = code.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  return lines.join(eol);
}

/**
 * Where `after` differs from `before`: the offsets in `before` to replace and the text to put there.
 * Accepting a reviewed edit writes only this, so the rest of the file (and its markers) is untouched.
 * The ends never fall inside a CRLF or a surrogate pair.
 */
export function changedRegion(before: string, after: string): { start: number; end: number; text: string } {
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  while (start < shorter && before[start] === after[start]) start++;
  while (start > 0 && (splitsPair(before, start) || splitsPair(after, start))) start--;
  let tail = 0;
  while (tail < shorter - start && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  while (tail > 0 && (splitsPair(before, before.length - tail) || splitsPair(after, after.length - tail))) tail--;
  return { start, end: before.length - tail, text: after.slice(start, after.length - tail) };
}

function splitsPair(text: string, at: number): boolean {
  const left = text.charCodeAt(at - 1);
  const right = text.charCodeAt(at);
  return (left === 13 && right === 10) || (left >= 0xd800 && left <= 0xdbff && right >= 0xdc00 && right <= 0xdfff);
}
