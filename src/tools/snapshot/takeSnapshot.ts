// Walks the workspace roots and records every entry (see snapshotTypes.ts), storing file bytes in
// the blob store. The rules it keeps:
// - .gitignore files apply as git applies them: each to its own folder and below, deeper ones win,
//   `!` re-includes, and nothing inside an ignored folder is looked at. A nested repository starts
//   afresh with its own .gitignore files.
// - Anything named `.git`, folder or file, is recorded by its lstat and never opened or descended.
// - Symlinks are recorded as links (their target text); nothing is followed. Files are opened with
//   O_NOFOLLOW | O_NONBLOCK, so a path swapped for a link or a FIFO mid-walk is not read through.
// - A file whose stat matches the previous snapshot's, and was not racily recent then, keeps its
//   hash without being read: that is what makes a snapshot after a command fast.
// Synchronous, for the worker thread (snapshotWorker.ts); the file system is injectable for tests.

import * as fs from 'fs';
import * as path from 'path';
import ignore, { type Ignore } from 'ignore';
import { hashContent } from './blobStore';
import {
  emptyStats, sameSignature, type Snapshot, type SnapshotBudget, type SnapshotEntry, type SkipReason, type StatSignature,
} from './snapshotTypes';

/** The synchronous calls a snapshot makes on the workspace (tests wrap them to count reads). */
export type WorkspaceFs = Pick<typeof fs, 'readdirSync' | 'lstatSync' | 'openSync' | 'fstatSync' | 'readSync' | 'closeSync' | 'readlinkSync'>;

/** Where file bytes go: the blob store, or anything with the same two calls. */
export interface BlobSink {
  has(hash: string): boolean;
  put(hash: string, content: Buffer): boolean;
}

interface IgnoreLayer { dir: string; rules: Ignore }

const BINARY_PROBE_BYTES = 8000;
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0);
const IGNORE_CASE = process.platform === 'darwin' || process.platform === 'win32';

export interface TakeSnapshotInput {
  id: string;
  /** Real paths (the caller resolves symlinked roots). */
  roots: string[];
  budget: SnapshotBudget;
  previous?: Snapshot;
  blobs: BlobSink;
  workspaceFs?: WorkspaceFs;
  now?: () => number;
}

export function takeSnapshot(input: TakeSnapshotInput): Snapshot {
  const startedAt = (input.now ?? Date.now)();
  const snapshot: Snapshot = {
    id: input.id, startedAt, trustedBefore: startedAt - input.budget.racyWindowMs,
    roots: input.roots, entries: new Map(), stats: emptyStats(),
  };
  const walker = new Walker(input, snapshot);
  for (const root of input.roots) walker.walkDirectory(root, [], input.previous !== undefined);
  return snapshot;
}

class Walker {
  private readonly fs: WorkspaceFs;
  private keptBytes = 0;

  constructor(private readonly input: TakeSnapshotInput, private readonly snapshot: Snapshot) {
    this.fs = input.workspaceFs ?? fs;
  }

  /**
   * `rulesAsBefore`: every .gitignore that applies above `dir` is the one the previous snapshot
   * saw, so an entry it recorded keeps its verdict (ignored or not) without testing it again.
   */
  walkDirectory(dir: string, inheritedLayers: IgnoreLayer[], rulesAsBefore = false): void {
    let children: fs.Dirent[];
    try {
      children = this.fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // Vanished or unreadable since its parent listed it; the parent's entry stands.
    }
    const isNestedRepository = !this.input.roots.includes(dir) && children.some((child) => child.name === '.git');
    let layers = isNestedRepository ? [] : inheritedLayers;
    if (children.some((child) => child.name === '.gitignore' && child.isFile())) {
      const rules = this.readIgnoreFile(path.join(dir, '.gitignore'));
      if (rules) layers = [...layers, { dir, rules }];
    }
    // `dir` is a real, normalised path: joining by hand spares path.join's normalising, 10,000 times.
    const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
    const sameRules = rulesAsBefore && this.sameRulesHere(prefix, children);
    for (const child of children) {
      const childPath = prefix + child.name;
      if (this.snapshot.entries.size >= this.input.budget.maxEntries) {
        this.recordSkipped(childPath, 'over-budget', child.isDirectory());
        continue;
      }
      const verdict = sameRules ? this.previousVerdict(childPath, child.isDirectory()) : undefined;
      if (child.name === '.git') this.recordSkipped(childPath, 'git', child.isDirectory());
      else if (verdict ?? isIgnored(layers, childPath, child.isDirectory())) this.recordSkipped(childPath, 'ignored', child.isDirectory());
      else this.recordEntry(childPath, layers, sameRules);
    }
  }

  /**
   * Whether the rules that apply in this folder are the previous snapshot's: the folder still has
   * (or still lacks) a .gitignore, unchanged and not racily recent then, and is still (or still not)
   * a repository of its own.
   */
  private sameRulesHere(prefix: string, children: fs.Dirent[]): boolean {
    const previous = this.input.previous!;
    if (previous.entries.has(prefix + '.git') !== children.some((child) => child.name === '.git')) return false;
    const hasIgnoreFile = children.some((child) => child.name === '.gitignore' && child.isFile());
    const known = previous.entries.get(prefix + '.gitignore');
    if (!hasIgnoreFile) return known === undefined;
    if (known?.kind !== 'file' || Math.max(known.mtimeMs, known.ctimeMs) >= previous.trustedBefore) return false;
    try {
      const stat = this.fs.lstatSync(prefix + '.gitignore', { throwIfNoEntry: false });
      return stat !== undefined && sameSignature(known, signatureOf(stat));
    } catch {
      return false;
    }
  }

  /** Under the same rules, an entry of the same kind is ignored if and only if it was; undefined: not seen then. */
  private previousVerdict(entryPath: string, isDirectory: boolean): boolean | undefined {
    const known = this.input.previous!.entries.get(entryPath);
    if (!known) return undefined;
    const wasDirectory = known.kind === 'dir' || (known.kind === 'skipped' && known.isDirectory);
    if (wasDirectory !== isDirectory) return undefined;
    if (known.kind !== 'skipped') return false;
    if (known.reason === 'ignored') return true;
    // Recorded for another reason (.git, the budget) before its verdict was known.
    return known.reason === 'git' || known.reason === 'over-budget' ? undefined : false;
  }

  private recordEntry(entryPath: string, layers: IgnoreLayer[], rulesAsBefore: boolean): void {
    let stat: fs.Stats | undefined;
    try {
      stat = this.fs.lstatSync(entryPath, { throwIfNoEntry: false });
    } catch {
      return;
    }
    if (!stat) return;
    const signature = signatureOf(stat);
    if (stat.isDirectory()) {
      this.snapshot.entries.set(entryPath, this.unchanged(entryPath, signature, 'dir') ?? { kind: 'dir', ...signature });
      this.walkDirectory(entryPath, layers, rulesAsBefore);
    } else if (stat.isSymbolicLink()) {
      let target: string;
      try {
        target = this.fs.readlinkSync(entryPath, 'utf8');
      } catch {
        this.snapshot.entries.set(entryPath, { kind: 'skipped', reason: 'unreadable', isDirectory: false, ...signature });
        return;
      }
      const known = this.unchanged(entryPath, signature, 'link');
      this.snapshot.entries.set(entryPath, known?.kind === 'link' && known.target === target ? known : { kind: 'link', target, ...signature });
    } else if (stat.isFile()) {
      this.snapshot.entries.set(entryPath, this.recordFile(entryPath, signature));
    } else {
      this.snapshot.entries.set(entryPath, { kind: 'skipped', reason: 'special', isDirectory: false, ...signature });
    }
  }

  private recordFile(filePath: string, signature: StatSignature): SnapshotEntry {
    const { budget, previous, blobs } = this.input;
    const stats = this.snapshot.stats;
    stats.files++;
    const skipped = (reason: SkipReason): SnapshotEntry => ({ kind: 'skipped', reason, isDirectory: false, ...signature });
    if (signature.size > budget.maxFileBytes) return skipped('too-large');
    if (this.keptBytes + signature.size > budget.maxTotalBytes) return skipped('over-budget');

    const known = previous?.entries.get(filePath);
    if (known && previous && sameSignature(known, signature) && Math.max(known.mtimeMs, known.ctimeMs) < previous.trustedBefore) {
      if (known.kind === 'file' && blobs.has(known.hash)) {
        stats.filesReused++;
        this.keptBytes += signature.size;
        return known;
      }
      if (known.kind === 'skipped' && known.reason === 'binary-too-large' && signature.size > budget.maxBinaryFileBytes) {
        stats.filesReused++;
        return known;
      }
    }

    // A large file is probed first, so a big binary is skipped without being read whole.
    if (signature.size > budget.maxBinaryFileBytes) {
      const probe = this.readRegularFile(filePath, BINARY_PROBE_BYTES, true);
      if (probe === undefined) return skipped('unreadable');
      if (probe.includes(0)) return skipped('binary-too-large');
    }
    const content = this.readRegularFile(filePath, budget.maxFileBytes, false, signature.size);
    if (content === undefined) return skipped('unreadable');
    stats.filesRead++;
    stats.bytesRead += content.length;
    const binary = content.subarray(0, BINARY_PROBE_BYTES).includes(0);
    if (binary && content.length > budget.maxBinaryFileBytes) return skipped('binary-too-large');
    const hash = hashContent(content);
    if (blobs.put(hash, content)) {
      stats.blobsWritten++;
      stats.bytesWritten += content.length;
    }
    this.keptBytes += content.length;
    // A file that grew or shrank while read keeps the read's size, so the next snapshot reads it again.
    return { kind: 'file', hash, binary, ...signature, size: content.length };
  }

  /**
   * A regular file's bytes: its first `limit` (`head`), or all of them when it has at most `limit`.
   * Undefined when it is not a regular file (any more), is longer, or cannot be read.
   * `expectedSize`, lstat's: when the file yields exactly that many bytes and then ends, it is the
   * regular file lstat saw (a pipe or device swapped in yields nothing or more), so fstat is spared.
   */
  private readRegularFile(filePath: string, limit: number, head = false, expectedSize = 0): Buffer | undefined {
    let fd: number;
    try {
      fd = this.fs.openSync(filePath, OPEN_FLAGS);
    } catch {
      return undefined;
    }
    try {
      if (expectedSize > 0 && expectedSize <= limit && !head) {
        const content = Buffer.allocUnsafe(expectedSize + 1);
        const total = this.readInto(fd, content);
        if (total === expectedSize) return content.subarray(0, total);
      }
      const stat = this.fs.fstatSync(fd);
      if (!stat.isFile()) return undefined;
      if (stat.size > limit && !head) return undefined;
      const content = Buffer.allocUnsafe(Math.min(stat.size, limit));
      const total = this.readInto(fd, content);
      return total === content.length ? content : content.subarray(0, total);
    } catch {
      return undefined;
    } finally {
      this.fs.closeSync(fd);
    }
  }

  /** Reads from the start until `buffer` is full or the file ends; returns the bytes read. */
  private readInto(fd: number, buffer: Buffer): number {
    let total = 0;
    while (total < buffer.length) {
      const read = this.fs.readSync(fd, buffer, total, buffer.length - total, total);
      if (read === 0) break;
      total += read;
    }
    return total;
  }

  /**
   * The previous snapshot's entry at this path when it is of this kind with the same stat: reusing
   * the object spares the memory of a copy and lets the manifest reuse its serialised form.
   */
  private unchanged(entryPath: string, signature: StatSignature, kind: SnapshotEntry['kind']): SnapshotEntry | undefined {
    const known = this.input.previous?.entries.get(entryPath);
    return known && known.kind === kind && sameSignature(known, signature) ? known : undefined;
  }

  private readIgnoreFile(filePath: string): Ignore | undefined {
    const content = this.readRegularFile(filePath, this.input.budget.maxFileBytes);
    if (!content) return undefined;
    return ignore({ ignorecase: IGNORE_CASE }).add(content.toString('utf8'));
  }

  private recordSkipped(entryPath: string, reason: SkipReason, isDirectory: boolean): void {
    let stat: fs.Stats | undefined;
    try {
      stat = this.fs.lstatSync(entryPath, { throwIfNoEntry: false });
    } catch {
      // Unreadable: nothing to record.
    }
    if (!stat) return; // Gone already.
    const signature = signatureOf(stat);
    const known = this.unchanged(entryPath, signature, 'skipped');
    const same = known?.kind === 'skipped' && known.reason === reason && known.isDirectory === isDirectory;
    this.snapshot.entries.set(entryPath, same ? known : { kind: 'skipped', reason, isDirectory, ...signature });
  }
}

function isIgnored(layers: IgnoreLayer[], entryPath: string, isDirectory: boolean): boolean {
  // Deepest .gitignore first: the first that has an opinion (ignore, or `!` re-include) decides.
  for (let i = layers.length - 1; i >= 0; i--) {
    // entryPath lies under the layer's folder, so the relative path is a slice of it.
    const below = entryPath.slice(layers[i].dir.length + 1);
    const relative = (path.sep === '/' ? below : below.split(path.sep).join('/')) + (isDirectory ? '/' : '');
    try {
      const verdict = layers[i].rules.test(relative);
      if (verdict.ignored) return true;
      if (verdict.unignored) return false;
    } catch {
      // A name the library will not take (it rejects some odd forms) is simply not ignored.
    }
  }
  return false;
}

function signatureOf(stat: fs.Stats): StatSignature {
  return { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino, mode: stat.mode };
}
