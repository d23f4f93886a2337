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
