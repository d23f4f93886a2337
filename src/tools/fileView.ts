// What `view` shows the model: a file with line numbers (all of it or a range, cut to a length),
// and the excerpts that edit results and refusals carry. Works on model text (\n endings). Pure.

import { type LineRange } from './textEditorInput';

/** The lines of model text; a final \n ends the last line rather than starting an empty one. */
export function linesOf(lfText: string): string[] {
  if (lfText === '') return [];
  const lines = lfText.split('\n');
  if (lfText.endsWith('\n')) lines.pop();
  return lines;
}

/** `cat -n` layout, which the text editor tool's models are trained on: number, tab, line. */
export function numbered(lines: readonly string[], firstLine: number): string {
  return lines.map((line, index) => `${String(firstLine + index).padStart(6)}\t${line}`).join('\n');
}

export type ViewOutcome = { ok: true; text: string } | { ok: false; message: string };

export function viewFile(displayPath: string, lfText: string, range: LineRange | undefined, maxCharacters: number | undefined): ViewOutcome {
  const lines = linesOf(lfText);
  if (lines.length === 0) return { ok: true, text: `${displayPath} is empty.` };
  let start = 1;
  let end = lines.length;
  if (range) {
    if (range.start > lines.length) {
      return { ok: false, message: `view_range starts at line ${range.start}, but ${displayPath} has ${lines.length} lines. Use a start from 1 to ${lines.length}.` };
    }
    start = range.start;
    // An end past the last line reads to the end, as -1 would.
    end = Math.min(range.end ?? lines.length, lines.length);
  }
  const header = `Here's the result of running \`cat -n\` on ${displayPath}:\n`;
  const body = numbered(lines.slice(start - 1, end), start);
  return { ok: true, text: cut(header + body, maxCharacters, start, end, lines.length) + '\n' };
}

/** Cuts at a line boundary and says how to see the rest. */
function cut(text: string, maxCharacters: number | undefined, start: number, end: number, total: number): string {
  if (maxCharacters === undefined || text.length <= maxCharacters) return text;
  const boundary = text.lastIndexOf('\n', maxCharacters);
  const kept = boundary > 0 ? text.slice(0, boundary) : text.slice(0, maxCharacters);
  const shownLines = boundary > 0 ? kept.split('\n').length - 1 : 0;
  const lastShown = start + shownLines - 1;
  const next = Math.min(lastShown + 1, end);
  return `${kept}\n[Cut at ${maxCharacters} characters, after line ${lastShown} of ${total}. ` +
    `View the rest with view_range [${next}, ${end === total ? -1 : end}].]`;
}

/** Lines `start`..`end` of model text with `context` lines either side, numbered. */
export function excerpt(lfText: string, start: number, end: number, context = 4): string {
  const lines = linesOf(lfText);
  if (lines.length === 0) return '(the file is empty)';
  const first = Math.max(1, Math.min(start, lines.length) - context);
  const last = Math.min(lines.length, Math.max(end, start) + context);
  return numbered(lines.slice(first - 1, last), first);
}
