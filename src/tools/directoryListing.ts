// `view` on a directory: two levels of it, without what .gitignore files and `files.exclude` hide,
// and never the inside of a .git folder. The glue reads the entries and .gitignore texts; this
// decides what is shown and how. Paths are relative to the workspace folder, with `/`. Pure.

import ignore from 'ignore';

export interface DirectoryEntry {
  /** Relative to the workspace folder, with `/`. */
  path: string;
  isDirectory: boolean;
}

export interface GitignoreFile {
  /** The folder holding the .gitignore, relative to the workspace folder ('' for its root). */
  dir: string;
  content: string;
}

/** An ignore test for paths relative to the workspace folder, with the nesting rules git applies. */
export function gitignoreMatcher(files: readonly GitignoreFile[]): (path: string, isDirectory: boolean) => boolean {
  // Shallow first: a deeper file's rules override a shallower one's, negations included.
  const rules = [...files]
    .sort((a, b) => depth(a.dir) - depth(b.dir))
    .map((file) => ({ dir: file.dir.replace(/\/+$/, ''), matcher: ignore().add(file.content) }));
  return (path, isDirectory) => {
    let ignored = false;
    for (const { dir, matcher } of rules) {
      if (dir !== '' && !path.startsWith(`${dir}/`)) continue;
      const relative = dir === '' ? path : path.slice(dir.length + 1);
      if (relative === '') continue;
      const result = matcher.test(isDirectory ? `${relative}/` : relative);
      if (result.ignored) ignored = true;
      else if (result.unignored) ignored = false;
    }
    return ignored;
  };
}

export interface ListingOptions {
  isIgnored: (path: string, isDirectory: boolean) => boolean;
  /** `files.exclude`, matched by the glue. */
  isExcluded: (path: string, isDirectory: boolean) => boolean;
  /** Most entries shown; the rest are counted. */
  limit?: number;
}

export function formatDirectoryListing(displayPath: string, dir: string, entries: readonly DirectoryEntry[], options: ListingOptions): string {
  const base = dir.replace(/\/+$/, '');
  const prefix = base === '' ? '' : `${base}/`;
  const hiddenDirs: string[] = [];
  const shown: DirectoryEntry[] = [];
  // Parents before children, so a hidden folder hides what it holds.
  const sorted = [...entries].filter((entry) => entry.path.startsWith(prefix) && entry.path !== base).sort((a, b) => compareTreeOrder(a.path, b.path));
  for (const entry of sorted) {
    const relative = entry.path.slice(prefix.length);
    const level = relative.split('/').length;
    if (level > 2) continue;
    if (hiddenDirs.some((hidden) => entry.path.startsWith(`${hidden}/`))) continue;
    const isGit = entry.path.split('/').includes('.git');
    if (isGit || options.isIgnored(entry.path, entry.isDirectory) || options.isExcluded(entry.path, entry.isDirectory)) {
      if (entry.isDirectory) hiddenDirs.push(entry.path);
      continue;
    }
    shown.push(entry);
  }
  const limit = options.limit ?? 500;
  const lines = shown.slice(0, limit).map((entry) => `${entry.path}${entry.isDirectory ? '/' : ''}`);
  const head = `Here are the files and directories up to 2 levels deep in ${displayPath}, without those that .gitignore or files.exclude hide:`;
  if (shown.length === 0) return `${head}\n(nothing)\n`;
  const more = shown.length > limit ? `\n[${shown.length - limit} more not shown; view a subdirectory to see them.]` : '';
  return `${head}\n${lines.join('\n')}${more}\n`;
}

/** Orders a tree walk: a folder, then what it holds, then its next sibling. */
function compareTreeOrder(a: string, b: string): number {
  const left = a.split('/');
  const right = b.split('/');
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    if (left[i] !== right[i]) return left[i] < right[i] ? -1 : 1;
  }
  return left.length - right.length;
}

function depth(dir: string): number {
  return dir === '' ? 0 : dir.split('/').length;
}
