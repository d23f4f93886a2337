// The text editor tool's settings, and the allow-list of edits that go ahead without review. Pure.
import ignore from 'ignore';

export interface ToolSettings {
  /** Reads inside the workspace go ahead unasked. */
  autoApproveReads: boolean;
  /** Patterns (as in .gitignore, relative to a workspace folder) of files edited without review. */
  autoApproveEdits: readonly string[];
  /** Save a document after an accepted edit lands; off by default, so the user saves. */
  saveAfterAccept: boolean;
  /** Longest `view` output, in characters. */
  maxViewCharacters: number;
}

/** VS Code's own settings for the files of one resource (`files.eol`, `files.exclude`). */
export interface FileSettings {
  /** `\n`, `\r\n`, or `auto` (the platform's). */
  eol: string;
  /** The `files.exclude` patterns that are on. */
  exclude: string[];
}

export const DEFAULT_TOOL_SETTINGS: ToolSettings = { autoApproveReads: true, autoApproveEdits: [], saveAfterAccept: false, maxViewCharacters: 100_000 };

/**
 * Whether an edit to `relativePath` (with `/`) is allow-listed. Patterns read as .gitignore lines:
 * `*.md` anywhere, `src/**` under src, `!src/secret.ts` takes one back. The path policy never asks
 * this for a sensitive file, a .git folder, or anything outside the workspace.
 */
export function editAllowListed(patterns: readonly string[], relativePath: string): boolean {
  const usable = patterns.filter((pattern) => typeof pattern === 'string' && pattern.trim() !== '' && !pattern.trim().startsWith('#'));
  if (usable.length === 0 || relativePath === '' || relativePath.startsWith('..')) return false;
  try {
    return ignore().add(usable).ignores(relativePath);
  } catch {
    // A malformed pattern allows nothing.
    return false;
  }
}
