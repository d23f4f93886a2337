// The proposal side of a review: an in-memory, writable file system, so the diff editor's right
// side is a real document the user can edit, and what they accept is exactly what they see. Its
// files live only as long as their review; nothing here ever reaches the disk.
//
// A review's tab can outlive its proposal: VS Code restores the tabs of a reloaded window, while the
// proposal lived in the extension host that is gone. Such a leftover reads as a read-only note
// that says so (and its left side as empty), never as an error or an empty editable file.
import * as vscode from 'vscode';
import { proposalParts, readProposalAddress, type ProposalSide } from './proposalAddress';

export const PROPOSAL_SCHEME = 'claude-assistant-review';

/** The address of review `id`'s document for the file shown as `displayPath` (see proposalAddress.ts). */
export function proposalDocumentUri(id: string, displayPath: string, side?: ProposalSide): vscode.Uri {
  return vscode.Uri.from({ scheme: PROPOSAL_SCHEME, ...proposalParts(id, displayPath, side) });
}

/** What a review's tab shows once its proposal is gone. */
export const GONE_PROPOSAL_NOTE = [
  'This proposed edit is no longer under review.',
  '',
  'The window was reloaded (or VS Code restarted) while it waited, which ended the review: nothing',
  'was changed in your file, and Claude is told the edit was cancelled with your next message.',
  'Close this tab; to see the edit again, ask Claude for it in the chat.',
  '',
].join('\n');

interface Entry { data: Uint8Array; mtime: number; ctime: number }

/**
 * A file's key: its path within its review (the query, see proposalAddress.ts). Two reviews of
 * one file have the same path, and a folder's listing stays within its own review.
 */
function keyOf(uri: vscode.Uri): string {
  return `${uri.query}\0${uri.path}`;
}

/** What the keys of the files in folder `uri` start with. */
function folderPrefix(uri: vscode.Uri): string {
  const key = keyOf(uri);
  return key.endsWith('/') ? key : `${key}/`;
}

export class ProposalFileSystem implements vscode.FileSystemProvider {
  private readonly files = new Map<string, Entry>();
  /** Proposals whose review ended in this window: gone, as files are. */
  private readonly ended = new Set<string>();
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;

  /** Puts a proposal at `uri` (created or replaced). */
  set(uri: vscode.Uri, data: Uint8Array): void {
    const now = Date.now();
    const key = keyOf(uri);
    const known = this.files.get(key);
    this.ended.delete(key);
    this.files.set(key, { data, mtime: now, ctime: known?.ctime ?? now });
    this.changed.fire([{ type: known ? vscode.FileChangeType.Changed : vscode.FileChangeType.Created, uri }]);
  }

  remove(uri: vscode.Uri): void {
    const key = keyOf(uri);
    this.ended.add(key);
    if (this.files.delete(key)) this.changed.fire([{ type: vscode.FileChangeType.Deleted, uri }]);
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    const entry = this.files.get(keyOf(uri));
    if (entry) return { type: vscode.FileType.File, ctime: entry.ctime, mtime: entry.mtime, size: entry.data.byteLength };
    if (this.isFolder(uri)) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    const leftover = this.leftover(uri);
    if (leftover) return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: leftover.byteLength, permissions: vscode.FilePermission.Readonly };
    throw vscode.FileSystemError.FileNotFound(uri);
  }

  readDirectory(uri: vscode.Uri): Array<[string, vscode.FileType]> {
    const prefix = folderPrefix(uri);
    const names = new Map<string, vscode.FileType>();
    for (const path of this.files.keys()) {
      if (!path.startsWith(prefix)) continue;
      const [name, ...rest] = path.slice(prefix.length).split('/');
      names.set(name, rest.length > 0 ? vscode.FileType.Directory : vscode.FileType.File);
    }
    return [...names];
  }

  createDirectory(): void {
    // Folders exist implicitly, as prefixes of the proposals.
  }

  readFile(uri: vscode.Uri): Uint8Array {
    const entry = this.files.get(keyOf(uri));
    if (entry) return entry.data;
    const leftover = this.leftover(uri);
    if (leftover) return leftover;
    throw vscode.FileSystemError.FileNotFound(uri);
  }

  /** Saving the proposal (Ctrl+S in the diff) keeps the user's text here, and only here. */
  writeFile(uri: vscode.Uri, content: Uint8Array, options: { create: boolean; overwrite: boolean }): void {
    const known = this.files.has(keyOf(uri));
    if (!known && this.leftover(uri)) throw vscode.FileSystemError.NoPermissions('This proposal is no longer under review.');
    if (!known && !options.create) throw vscode.FileSystemError.FileNotFound(uri);
    if (known && !options.overwrite) throw vscode.FileSystemError.FileExists(uri);
    this.set(uri, content);
  }

  delete(uri: vscode.Uri): void {
    this.remove(uri);
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions('A proposal cannot be renamed.');
  }

  /**
   * The text of a review's file from an earlier window (a restored tab): the note on the proposal
   * side, nothing on the left side of a new file's review. Undefined for anything else.
   */
  private leftover(uri: vscode.Uri): Uint8Array | undefined {
    const address = readProposalAddress(uri);
    if (!address || this.ended.has(keyOf(uri))) return undefined;
    return address.side === 'before' ? new Uint8Array() : new TextEncoder().encode(GONE_PROPOSAL_NOTE);
  }

  private isFolder(uri: vscode.Uri): boolean {
    const prefix = folderPrefix(uri);
    return uri.path === '/' || [...this.files.keys()].some((file) => file.startsWith(prefix));
  }
}
