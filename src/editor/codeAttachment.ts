// How code from the editor becomes part of a user message. Pure: the glue hands in plain data.

export type DiagnosticSeverity = 'error' | 'warning' | 'information' | 'hint';

export interface AttachedDiagnostic {
  /** 1-based. */
  line: number;
  severity: DiagnosticSeverity;
  message: string;
  source?: string;
  code?: string;
}

export interface CodeAttachment {
  /** Workspace-relative path, an untitled document's name, or "notebook.ipynb, cell 3". */
  path: string;
  languageId: string;
  /** 1-based, inclusive: the lines the user chose. */
  startLine: number;
  endLine: number;
  /** The lines shown, context included; `code` holds exactly these. */
  shownStartLine: number;
  shownEndLine: number;
  code: string;
  diagnostics: AttachedDiagnostic[];
  /** Why these lines: the selection, or what stood in for an empty one. */
  origin: 'selection' | 'current line' | 'whole file' | 'file';
  /** Set when the user chose to send only the start of a long selection. */
  truncatedFromLine?: number;
  /** The document's URI, so the chip can open it; never sent to the model. */
  uri?: string;
}

export interface DocumentSlice {
  path: string;
  languageId: string;
  /** The document's lines, without line terminators (CRLF and LF alike). */
  lines: readonly string[];
  /** 0-based positions, as the editor gives them. */
  selection: { startLine: number; startCharacter: number; endLine: number; endCharacter: number };
  diagnostics: readonly AttachedDiagnostic[];
  contextLines: number;
  /** An empty selection becomes the current line, or the whole file when it has at most this many lines. */
  wholeFileLineLimit: number;
}

/** Splits text into lines whatever its line endings; a final line break makes no extra line. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The attachment for a selection; an empty selection stands for the current line or the whole file. */
export function attachSelection(slice: DocumentSlice): CodeAttachment {
  const { selection, lines } = slice;
  const empty = selection.startLine === selection.endLine && selection.startCharacter === selection.endCharacter;
  let origin: CodeAttachment['origin'] = 'selection';
  let first = selection.startLine;
  // A selection that ends at the start of a line does not include that line.
  let last = selection.endCharacter === 0 && selection.endLine > selection.startLine ? selection.endLine - 1 : selection.endLine;
  if (empty) {
    if (lines.length <= slice.wholeFileLineLimit) {
      origin = 'whole file';
      first = 0;
      last = Math.max(0, lines.length - 1);
    } else {
      origin = 'current line';
      last = first;
    }
  }
  // A cursor on the empty line after a final line break stands on the last line.
  const lastLine = Math.max(0, lines.length - 1);
  first = Math.min(first, lastLine);
  last = Math.min(Math.max(last, first), lastLine);
  const context = origin === 'whole file' ? 0 : Math.max(0, Math.floor(slice.contextLines));
  const shownFirst = Math.max(0, first - context);
  const shownLast = Math.min(Math.max(0, lines.length - 1), last + context);
  return {
    path: slice.path,
    languageId: slice.languageId,
    startLine: first + 1,
    endLine: last + 1,
    shownStartLine: shownFirst + 1,
    shownEndLine: shownLast + 1,
    code: lines.slice(shownFirst, shownLast + 1).join('\n'),
    diagnostics: slice.diagnostics.filter((d) => d.line >= first + 1 && d.line <= last + 1),
    origin,
  };
}

/** A whole file, for Add File to Chat and @file. */
export function attachFile(path: string, languageId: string, text: string): CodeAttachment {
  const lines = splitLines(text);
  return { path, languageId, startLine: 1, endLine: lines.length, shownStartLine: 1, shownEndLine: lines.length, code: lines.join('\n'), diagnostics: [], origin: 'file' };
}

/** Keeps the first `maxLines` chosen lines of a long attachment. */
export function truncateAttachment(attachment: CodeAttachment, maxLines: number): CodeAttachment {
  const keep = Math.max(1, Math.floor(maxLines));
  if (attachment.endLine - attachment.startLine + 1 <= keep) return attachment;
  const endLine = attachment.startLine + keep - 1;
  const lines = attachment.code.split('\n');
  const shownEndLine = Math.min(attachment.shownEndLine, endLine);
  return {
    ...attachment,
    endLine,
    shownEndLine,
    code: lines.slice(0, shownEndLine - attachment.shownStartLine + 1).join('\n'),
    diagnostics: attachment.diagnostics.filter((d) => d.line <= endLine),
    truncatedFromLine: attachment.endLine,
  };
}

/** "stats.ts:12-40", as the chip shows it. */
export function attachmentLabel(attachment: CodeAttachment): string {
  const name = attachment.path.split(/[\\/]/).pop() ?? attachment.path;
  const range = attachment.startLine === attachment.endLine ? `${attachment.startLine}` : `${attachment.startLine}-${attachment.endLine}`;
  return `${name}:${range}`;
}

/** A fence longer than any run of backticks inside the code, so the code cannot close it. */
export function fenceFor(code: string): string {
  const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

/** The text the model reads for one attachment. */
export function renderAttachment(attachment: CodeAttachment): string {
  const range = attachment.startLine === attachment.endLine ? `line ${attachment.startLine}` : `lines ${attachment.startLine}-${attachment.endLine}`;
  const what = attachment.origin === 'selection' || attachment.origin === 'file' ? '' : ` (no selection: the ${attachment.origin})`;
  const header = [`${attachment.path}, ${range}${what}`];
  if (attachment.shownStartLine !== attachment.startLine || attachment.shownEndLine !== attachment.endLine) {
    header.push(`The block shows lines ${attachment.shownStartLine}-${attachment.shownEndLine}, with surrounding context.`);
  }
  if (attachment.truncatedFromLine !== undefined) header.push(`Truncated: the selection went on to line ${attachment.truncatedFromLine}.`);
  if (attachment.diagnostics.length > 0) {
    header.push('Diagnostics:');
    for (const d of attachment.diagnostics) {
      const origin = [d.source, d.code].filter(Boolean).join(' ');
      header.push(`- line ${d.line}, ${d.severity}: ${d.message}${origin ? ` (${origin})` : ''}`);
    }
  }
  const fence = fenceFor(attachment.code);
  return `${header.join('\n')}\n${fence}${attachment.languageId}\n${attachment.code}\n${fence}`;
}

/** A rough token count (4 characters a token), to warn before sending something large. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Whether bytes look like a binary file: a NUL byte in the first 8 KB. */
export function looksBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, 8192).includes(0);
}
