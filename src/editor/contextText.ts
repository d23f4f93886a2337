// Context that is not a code range: a folder's tree, the workspace's problems, the working tree's
// diff, a terminal's output. Each becomes a chip and a fenced block the model reads. Pure.
import { estimateTokens, fenceFor, type DiagnosticSeverity } from './codeAttachment';

export type TextContextKind = 'folder' | 'problems' | 'diff' | 'terminal';

export interface TextContext {
  kind: TextContextKind;
  /** What the chip shows: "src/", "Problems (3)". */
  label: string;
  /** The chip's tooltip and accessible name, and the block's heading for the model. */
  title: string;
  languageId: string;
  text: string;
  /** Said on the chip and to the model when the text was cut to fit, e.g. "first 40 KB of 120 KB". */
  note?: string;
  /** What clicking the chip opens: a workspace file or folder, when there is one. */
  uri?: string;
}

/** Cuts text to `maxChars` at a line break, saying what was left out. */
export function capText(text: string, maxChars: number): { text: string; note?: string } {
  if (text.length <= maxChars) return { text };
  const cut = text.lastIndexOf('\n', maxChars);
  const kept = text.slice(0, cut > 0 ? cut : maxChars);
  return { text: kept, note: `cut to the first ${kilobytes(kept.length)} of ${kilobytes(text.length)}` };
}

function kilobytes(chars: number): string {
  return chars < 1024 ? `${chars} characters` : `${Math.round(chars / 1024)} KB`;
}

export interface ProblemEntry {
  path: string;
  /** 1-based. */
  line: number;
  severity: DiagnosticSeverity;
  message: string;
  source?: string;
  /** The text of the line the problem is on. */
  lineText: string;
}

/** Errors and warnings, errors first, each with its file, line and the line's code. */
export function problemsContext(entries: readonly ProblemEntry[], maxChars: number): TextContext | undefined {
  const shown = entries
    .filter((entry) => entry.severity === 'error' || entry.severity === 'warning')
    .sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path) || a.line - b.line);
  if (shown.length === 0) return undefined;
  const text = shown
    .map((entry) => `${entry.path}:${entry.line}: ${entry.severity}${entry.source ? ` (${entry.source})` : ''}: ${entry.message.split('\n')[0]}\n    ${entry.lineText.trim()}`)
    .join('\n');
  const errors = shown.filter((entry) => entry.severity === 'error').length;
  const capped = capText(text, maxChars);
  return {
    kind: 'problems',
    label: `Problems (${shown.length})`,
    title: `The workspace's problems: ${errors} error${errors === 1 ? '' : 's'}, ${shown.length - errors} warning${shown.length - errors === 1 ? '' : 's'}`,
    languageId: 'text',
    ...capped,
  };
}

function rank(entry: ProblemEntry): number {
  return entry.severity === 'error' ? 0 : 1;
}

export interface FolderEntry {
  /** Relative to the folder, with `/` separators; folders end with `/`. */
  path: string;
  /** Text content of a small text file, when it was read. */
  text?: string;
}

/** A folder's tree, two levels deep, then as many of its small text files as fit the budget. */
export function folderContext(folderPath: string, name: string, entries: readonly FolderEntry[], budgetChars: number, uri?: string): TextContext {
  const depth = (path: string): number => path.replace(/\/$/, '').split('/').length;
  const tree = entries.filter((entry) => depth(entry.path) <= 2).map((entry) => `${'  '.repeat(depth(entry.path) - 1)}${entry.path.replace(/\/$/, '').split('/').pop()}${entry.path.endsWith('/') ? '/' : ''}`);
  const parts = [`Tree (two levels):\n${tree.join('\n')}`];
  let used = parts[0].length;
  let included = 0;
  let skipped = 0;
  for (const entry of entries) {
    if (entry.text === undefined) continue;
    const fence = fenceFor(entry.text);
    const block = `${folderPath ? `${folderPath}/` : ''}${entry.path}\n${fence}\n${entry.text}\n${fence}`;
    if (used + block.length > budgetChars) {
      skipped++;
      continue;
    }
    parts.push(block);
    used += block.length;
    included++;
  }
  const budget = `${included} file${included === 1 ? '' : 's'}, ${(used / 1024).toFixed(1)} of ${Math.round(budgetChars / 1024)} KB`;
  return {
    kind: 'folder',
    label: `${name.split('/').pop() || name}/`,
    title: `Folder ${name}: ${budget}`,
    languageId: 'text',
    text: parts.join('\n\n'),
    note: skipped > 0 ? `${skipped} more file${skipped === 1 ? '' : 's'} left out to stay within ${Math.round(budgetChars / 1024)} KB` : undefined,
    uri,
  };
}

/** The working tree's changes against HEAD, as one unified diff. */
export function diffContext(repositoryName: string, diff: string, maxChars: number): TextContext | undefined {
  if (!diff.trim()) return undefined;
  const files = (diff.match(/^diff --git /gm) ?? []).length;
  return {
    kind: 'diff',
    label: `Diff (${files} file${files === 1 ? '' : 's'})`,
    title: `Changes in ${repositoryName} against HEAD, ${files} file${files === 1 ? '' : 's'}`,
    languageId: 'diff',
    ...capText(diff.replace(/\n+$/, ''), maxChars),
  };
}

/** A terminal's selection or its last command's output. */
export function terminalContext(terminalName: string, what: 'selection' | 'last command', text: string, maxChars: number, command?: string): TextContext | undefined {
  const clean = stripAnsi(text).replace(/\r\n?/g, '\n').trimEnd();
  if (!clean.trim()) return undefined;
  const title = what === 'selection' ? `Selection in terminal ${terminalName}` : `Output of \`${command ?? 'the last command'}\` in terminal ${terminalName}`;
  return { kind: 'terminal', label: `Terminal: ${terminalName}`, title, languageId: 'text', ...capText(clean, maxChars) };
}

/** Removes terminal escape sequences (colours, cursor moves, shell integration marks). */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b\[[0-?]*[ -/]*[@-~]|\u001b[@-Z\\-_]/g, '');
}

/** The text the model reads for one context item. */
export function renderTextContext(item: TextContext): string {
  const fence = fenceFor(item.text);
  const note = item.note ? `\n(${item.note})` : '';
  return `${item.title}${note}\n${fence}${item.languageId}\n${item.text}\n${fence}`;
}

export function textContextTokens(item: TextContext): number {
  return estimateTokens(renderTextContext(item));
}
