// Plans the text editor's edits against a document's text, in the document's own form: the model's
// \n becomes the file's line ending, and every character outside the edit stays as it was. A plan
// is a proposal; what lands is the text the user accepts (see `settleAccepted`). Pure.

import { createTwoFilesPatch } from 'diff';
import { type Eol, ModelText, lineOf, withEnding } from './lineEndings';
import { linesOf, numbered } from './fileView';

/** One replacement in the document's own text: offsets `start`..`end` become `text`. */
export interface TextEdit { start: number; end: number; text: string }

export interface EditPlan {
  command: 'str_replace' | 'insert' | 'create' | 'undo_edit';
  /** The document text the plan was made from, in its own form ('' for a new file). */
  before: string;
  /** The proposal: the whole text after the edit, in the document's form. */
  after: string;
  /** The smallest single replacement that turns `before` into `after`. */
  edit: TextEdit;
  /** The proposal as the model sees it (\n endings): what the user's changes are compared with. */
  proposalLf: string;
  /** Lines of the proposal (1-based, inclusive) the edit wrote: for excerpts and cards. */
  lines: { start: number; end: number };
}

export type PlanFailureReason = 'no_match' | 'multiple_matches' | 'no_change' | 'bad_line';
export type PlanOutcome = { ok: true; plan: EditPlan } | { ok: false; reason: PlanFailureReason; message: string };

export interface PlanOptions {
  /** The ending for a file without any line break yet (the editor's `files.eol`). */
  defaultEol: Eol;
}

export function planStrReplace(documentText: string, oldStr: string, newStr: string, options: PlanOptions, displayPath = 'the file'): PlanOutcome {
  const text = new ModelText(documentText);
  if (oldStr === '') return { ok: false, reason: 'no_match', message: 'old_str is empty. Give the exact text to replace; to add text, use insert.' };
  const matches = occurrences(text.lf, oldStr);
  if (matches.length === 0) return { ok: false, reason: 'no_match', message: noMatchMessage(text.lf, oldStr, displayPath) };
  if (matches.length > 1) {
    // Line numbers for the first ten only: each costs a scan of the text.
    const lines = matches.slice(0, 10).map((offset) => lineOf(text.lf, offset));
    const shown = lines.join(', ') + (matches.length > 10 ? `, and ${matches.length - 10} more` : '');
    return {
      ok: false, reason: 'multiple_matches',
      message: `old_str occurs ${matches.length} times in ${displayPath}, starting at lines ${shown}. Nothing was changed. ` +
        'Include enough surrounding lines in old_str that it matches exactly once.',
    };
  }
  if (oldStr === newStr) return { ok: false, reason: 'no_change', message: 'old_str and new_str are the same, so there is nothing to change.' };
  return { ok: true, plan: replaceRange(text, 'str_replace', matches[0], matches[0] + oldStr.length, newStr, options) };
}

export function planInsert(documentText: string, insertLine: number, insertText: string, options: PlanOptions, displayPath = 'the file'): PlanOutcome {
  const text = new ModelText(documentText);
  const lineCount = linesOf(text.lf).length;
  if (insertLine > lineCount) {
    return { ok: false, reason: 'bad_line', message: `insert_line ${insertLine} is past the end of ${displayPath}, which has ${lineCount} lines. Use a number from 0 to ${lineCount}.` };
  }
  // A final \n ends the last inserted line; the lines are inserted whole either way.
  const body = insertText.endsWith('\n') ? insertText.slice(0, -1) : insertText;
  if (text.lf === '') return { ok: true, plan: replaceRange(text, 'insert', 0, 0, insertText, options) };
  const offset = insertLine === 0 ? 0 : nthLineEnd(text.lf, insertLine);
  // After a last line without a final newline, the file goes on without one.
  const inserted = offset === text.lf.length && !text.lf.endsWith('\n') ? `\n${body}` : `${body}\n`;
  return { ok: true, plan: replaceRange(text, 'insert', offset, offset, inserted, options) };
}

/** A new file: the model's text with the editor's default line ending. */
export function planCreate(fileText: string, options: PlanOptions): EditPlan {
  return replaceRange(new ModelText(''), 'create', 0, 0, fileText, options);
}

/** A plan that sets the whole document to `target` (already in the document's form): undo_edit. */
export function planWholeText(command: EditPlan['command'], documentText: string, target: string): EditPlan {
  const proposalLf = new ModelText(target).lf;
  const edit = minimalEdit(documentText, target);
  const first = lineOf(proposalLf, new ModelText(target.slice(0, edit.start)).lf.length);
  return { command, before: documentText, after: target, edit, proposalLf, lines: { start: first, end: first + lineBreaks(new ModelText(edit.text).lf) } };
}

function replaceRange(text: ModelText, command: EditPlan['command'], start: number, end: number, newLf: string, options: PlanOptions): EditPlan {
  let inserted = newLf;
  // The file keeps its final newline, or its lack of one, when an edit reaches its end.
  if (end === text.lf.length && text.lf !== '') {
    const hadFinal = text.lf.endsWith('\n');
    const result = text.lf.slice(0, start) + inserted;
    if (hadFinal && result !== '' && !result.endsWith('\n')) inserted += '\n';
    if (!hadFinal && inserted.endsWith('\n')) inserted = inserted.slice(0, -1);
  }
  const eol = text.endingFor(start, end, options.defaultEol);
  const from = text.toOriginal(start);
  const to = text.toOriginal(end);
  const after = text.original.slice(0, from) + withEnding(inserted, eol) + text.original.slice(to);
  const proposalLf = text.lf.slice(0, start) + inserted + text.lf.slice(end);
  const first = lineOf(proposalLf, start);
  return {
    command, before: text.original, after, edit: minimalEdit(text.original, after), proposalLf,
    lines: { start: first, end: first + lineBreaks(inserted.endsWith('\n') ? inserted.slice(0, -1) : inserted) },
  };
}

/**
 * The smallest single replacement from `before` to `after`, so the editor moves as few markers as
 * it can. It never splits a CRLF or a surrogate pair.
 */
export function minimalEdit(before: string, after: string): TextEdit {
  const limit = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < limit && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  if (prefix > 0 && splitsPair(before, prefix)) prefix--;
  let suffix = 0;
  while (suffix < limit - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  if (suffix > 0 && splitsPair(before, before.length - suffix)) suffix--;
  return { start: prefix, end: before.length - suffix, text: after.slice(prefix, after.length - suffix) };
}

/** Whether a cut at `index` falls inside a CRLF or a surrogate pair. */
function splitsPair(text: string, index: number): boolean {
  if (index <= 0 || index >= text.length) return false;
  const left = text.charCodeAt(index - 1);
  const right = text.charCodeAt(index);
  return (left === 13 && right === 10) || (left >= 0xd800 && left <= 0xdbff && right >= 0xdc00 && right <= 0xdfff);
}

/** Every start offset of `needle`, overlapping ones included: an overlap is an ambiguity too. */
function occurrences(haystack: string, needle: string): number[] {
  const found: number[] = [];
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + 1)) found.push(i);
  return found;
}

function nthLineEnd(lf: string, line: number): number {
  let offset = -1;
  for (let n = 0; n < line; n++) {
    const next = lf.indexOf('\n', offset + 1);
    if (next === -1) return lf.length;
    offset = next;
  }
  return offset + 1;
}

function lineBreaks(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** Says why nothing matched, with the likeliest cause the model can act on. */
function noMatchMessage(lf: string, oldStr: string, displayPath: string): string {
  const base = `old_str was not found in ${displayPath}. Nothing was changed.`;
  const wanted = oldStr.split('\n');
  if (wanted.every((line) => /^\s*\d+\t/.test(line) || line === '')) {
    return `${base} old_str seems to include the line numbers that view shows; leave them out and copy only the text after the tab.`;
  }
  const near = looseMatches(linesOf(lf), wanted);
  if (near.length > 0) {
    return `${base} The text matches at line ${near.slice(0, 5).join(', ')} if indentation and trailing spaces are ignored; ` +
      `old_str must match exactly. Here is that text as it is:\n${numbered(linesOf(lf).slice(near[0] - 1, near[0] - 1 + wanted.length), near[0])}`;
  }
  return `${base} old_str must match the current text exactly, whitespace and indentation included. View the file to see its current text, then try again.`;
}

/** Line numbers where the lines match once each is trimmed. */
function looseMatches(lines: readonly string[], wanted: readonly string[]): number[] {
  const target = wanted.map((line) => line.trim());
  while (target.length > 0 && target[target.length - 1] === '') target.pop();
  if (target.length === 0) return [];
  const trimmed = lines.map((line) => line.trim());
  const found: number[] = [];
  for (let i = 0; i + target.length <= trimmed.length && found.length < 10; i++) {
    // A partial first or last line counts: old_str may start or end mid-line.
    const fits = target.every((line, j) => {
      if (target.length === 1) return trimmed[i].includes(line);
      if (j === 0) return trimmed[i].endsWith(line);
      if (j === target.length - 1) return trimmed[i + j].startsWith(line);
      return trimmed[i + j] === line;
    });
    if (fits) found.push(i + 1);
  }
  return found;
}

export interface Settled {
  /** Exactly what lands: the text the user accepted, not the model's draft. */
  finalText: string;
  edit: TextEdit;
  /** A unified diff from the model's proposal to what the user accepted; undefined when they changed nothing. */
  userChanges: string | undefined;
}

/**
 * The end of review. The user may have changed the proposal before accepting; their text is what
 * lands, and the model is told exactly what they changed, as a diff against its proposal.
 */
export function settleAccepted(plan: EditPlan, acceptedText: string, displayPath: string): Settled {
  const acceptedLf = new ModelText(acceptedText).lf;
  const userChanges = acceptedLf === plan.proposalLf
    ? undefined
    : createTwoFilesPatch(`${displayPath} (your proposal)`, `${displayPath} (accepted by the user)`, plan.proposalLf, acceptedLf, undefined, undefined, { context: 3 })
      .replace(/^=+\n/, '');
  return { finalText: acceptedText, edit: minimalEdit(plan.before, acceptedText), userChanges };
}
