// Reading for the text editor tool: a file as the editor has it (unsaved changes included), and a
// directory two levels deep without what .gitignore and files.exclude hide. Files VS Code could
// not write back unchanged (binary, an encoding it would not detect) are refused, never guessed.
import ignore from 'ignore';
import * as vscode from 'vscode';
import { type DirectoryEntry, type GitignoreFile, formatDirectoryListing, gitignoreMatcher } from '../tools/directoryListing';
import { decodeFile } from '../tools/fileBytes';
import type { RejectionReason } from '../tools/toolResults';

/** Larger files are refused whole: the model is told to view a range, which needs the document open. */
const MAX_FILE_BYTES = 10 * 1024 * 1024;

export type OpenedDocument = { ok: true; document: vscode.TextDocument } | { ok: false; reason: RejectionReason };

export async function fileKind(uri: vscode.Uri): Promise<'file' | 'directory' | undefined> {
  const open = findOpenDocument(uri);
  if (open) return 'file';
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    return stat.type & vscode.FileType.Directory ? 'directory' : 'file';
  } catch {
    return undefined;
  }
}

export function findOpenDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((document) => !document.isClosed && document.uri.toString() === uri.toString());
}

/** The live document for a file: the open one as it stands, else the file opened (not shown). */
export async function openDocument(uri: vscode.Uri): Promise<OpenedDocument> {
  const open = findOpenDocument(uri);
  if (open) return { ok: true, document: open };
  let bytes: Uint8Array;
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type & vscode.FileType.Directory) return { ok: false, reason: 'is_directory' };
    if (stat.size > MAX_FILE_BYTES) return { ok: false, reason: 'too_large' };
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch {
    return { ok: false, reason: 'not_found' };
  }
  const decoded = decodeFile(bytes);
  if (!decoded.ok) return { ok: false, reason: decoded.reason === 'binary' ? 'binary' : 'unknown_encoding' };
  // VS Code detects a BOM, not UTF-16 without one: it would not read such a file as the text it is.
  if (decoded.form.encoding !== 'utf8' && !decoded.form.bom) return { ok: false, reason: 'unknown_encoding' };
  try {
    return { ok: true, document: await vscode.workspace.openTextDocument(uri) };
  } catch {
    return { ok: false, reason: 'binary' };
  }
}

/**
 * `view` on a directory. `folder` is the workspace folder holding it and `relativeDir` the
 * directory relative to it, with `/` ('' for the folder itself).
 */
export async function listDirectory(folder: vscode.Uri, relativeDir: string, displayPath: string, excluded: readonly string[]): Promise<string> {
  const at = (relative: string): vscode.Uri => (relative === '' ? folder : vscode.Uri.joinPath(folder, ...relative.split('/')));
  const join = (dir: string, name: string): string => (dir === '' ? name : `${dir}/${name}`);
  const gitignores: GitignoreFile[] = [];
  const readIgnore = async (dir: string): Promise<void> => {
    try {
      gitignores.push({ dir, content: new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(at(dir), '.gitignore'))) });
    } catch {
      // No .gitignore here.
    }
  };
  // Rules from the folder's root down to the listed directory, then those inside it.
  const parts = relativeDir === '' ? [] : relativeDir.split('/');
  for (let depth = 0; depth <= parts.length; depth++) await readIgnore(parts.slice(0, depth).join('/'));
  const isIgnored = gitignoreMatcher(gitignores);
  const isExcluded = excludeMatcher(excluded);

  const entries: DirectoryEntry[] = [];
  const level = async (dir: string): Promise<DirectoryEntry[]> => {
    const found = await vscode.workspace.fs.readDirectory(at(dir));
    return found.map(([name, type]) => ({ path: join(dir, name), isDirectory: (type & vscode.FileType.Directory) !== 0 }));
  };
  for (const entry of await level(relativeDir)) {
    entries.push(entry);
    const hidden = entry.path.split('/').includes('.git') || isExcluded(entry.path, true) || isIgnored(entry.path, true);
    if (!entry.isDirectory || hidden) continue;
    await readIgnore(entry.path);
    entries.push(...(await level(entry.path).catch(() => [])));
  }
  // The matcher is built again with the nested .gitignore files read on the way.
  return formatDirectoryListing(displayPath, relativeDir, entries, { isIgnored: gitignoreMatcher(gitignores), isExcluded });
}

/** `files.exclude` as it applies to the folder; its glob patterns read as .gitignore lines. */
function excludeMatcher(patterns: readonly string[]): (path: string, isDirectory: boolean) => boolean {
  const matcher = ignore().add([...patterns]);
  return (path, isDirectory) => {
    try {
      return matcher.ignores(isDirectory ? `${path}/` : path);
    } catch {
      return false;
    }
  };
}
