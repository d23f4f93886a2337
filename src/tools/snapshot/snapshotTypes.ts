// What a workspace snapshot records, and the budgets that bound it. A snapshot maps every path it
// saw (absolute, under a real workspace root) to what was there: a file whose bytes are in the blob
// store, a symlink (its target text, never followed), a directory, or something recorded only by
// its stat because it is not ours to keep (ignored, a `.git`, too large, binary past the budget).
// Pure data; serialised as tuples because a workspace of 10,000 files means 10,000 entries.

export type SkipReason =
  /** Matched by a .gitignore; not descended into. */
  | 'ignored'
  /** A `.git` directory or file: never read, written, moved or renamed. */
  | 'git'
  | 'too-large'
  | 'binary-too-large'
  /** Past the snapshot's total size or file-count budget. */
  | 'over-budget'
  /** A FIFO, socket or device. */
  | 'special'
  | 'unreadable';

/** What lstat said; equal signatures (and an old enough mtime) let a later snapshot skip the read. */
export interface StatSignature {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  mode: number;
}

export type SnapshotEntry =
  | ({ kind: 'file'; hash: string; binary: boolean } & StatSignature)
  | ({ kind: 'link'; target: string } & StatSignature)
  | ({ kind: 'dir' } & StatSignature)
  | ({ kind: 'skipped'; reason: SkipReason; isDirectory: boolean } & StatSignature);

export interface SnapshotStats {
  files: number;
  filesRead: number;
  filesReused: number;
  bytesRead: number;
  blobsWritten: number;
  bytesWritten: number;
}

export interface Snapshot {
  id: string;
  /** Date.now() when the walk began. */
  startedAt: number;
  /** Entries whose mtime or ctime is at or after this are re-read next time (see `racyWindowMs`). */
  trustedBefore: number;
  /** Real paths of the workspace roots. */
  roots: string[];
  entries: Map<string, SnapshotEntry>;
  stats: SnapshotStats;
}

export interface SnapshotBudget {
  /** A text file larger than this is recorded by its stat only. */
  maxFileBytes: number;
  /** A binary file (a NUL byte in its first 8,000 bytes, as git decides) larger than this likewise. */
  maxBinaryFileBytes: number;
  /** Total bytes of the files one snapshot keeps; later files are over budget. */
  maxTotalBytes: number;
  /** Entries one snapshot records; directories past it are not descended. */
  maxEntries: number;
  /**
   * A file whose mtime or ctime falls within this window before a snapshot began may change again
   * without its timestamp moving on coarse-clocked file systems, so the next snapshot reads it again
   * rather than trusting its stat (git's "racily clean" entries).
   */
  racyWindowMs: number;
}

export const DEFAULT_BUDGET: SnapshotBudget = {
  maxFileBytes: 8 * 1024 * 1024,
  maxBinaryFileBytes: 1024 * 1024,
  maxTotalBytes: 256 * 1024 * 1024,
  maxEntries: 200_000,
  racyWindowMs: 2_000,
};

export function emptyStats(): SnapshotStats {
  return { files: 0, filesRead: 0, filesReused: 0, bytesRead: 0, blobsWritten: 0, bytesWritten: 0 };
}

export function sameSignature(a: StatSignature, b: StatSignature): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino && a.mode === b.mode;
}

/** Whether two entries describe the same thing at a path, as far as undo is concerned. */
export function sameState(a: SnapshotEntry | undefined, b: SnapshotEntry | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'file': return b.kind === 'file' && a.hash === b.hash && permissionBits(a.mode) === permissionBits(b.mode);
    case 'link': return b.kind === 'link' && a.target === b.target;
    case 'dir': return permissionBits(a.mode) === permissionBits(b.mode);
    // Contents unknown: only an unchanged stat says it is the same.
    case 'skipped': return b.kind === 'skipped' && a.isDirectory === b.isDirectory && (a.isDirectory ? true : sameSignature(a, b));
  }
}

export function permissionBits(mode: number): number {
  return mode & 0o7777;
}

// Manifests: one JSON tuple per entry, not compressed: gzip took longer than the rest of a later
// snapshot. Format 1.
const KIND_CODES = { file: 0, link: 1, dir: 2, skipped: 3 } as const;
type EntryTuple = [path: string, kind: number, size: number, mtimeMs: number, ctimeMs: number, ino: number, mode: number, extra: string, flag: number];

/**
 * Each entry's tuple as JSON, by entry object. A later snapshot reuses the objects of unchanged
 * entries (at the same path), so most of its manifest is text already made.
 */
const tupleText = new WeakMap<SnapshotEntry, { path: string; text: string }>();

export function serializeSnapshot(snapshot: Snapshot): Buffer {
  const tuples: string[] = [];
  for (const [path, e] of snapshot.entries) {
    const made = tupleText.get(e);
    let text = made?.path === path ? made.text : undefined;
    if (text === undefined) {
      const extra = e.kind === 'file' ? e.hash : e.kind === 'link' ? e.target : e.kind === 'skipped' ? e.reason : '';
      const flag = e.kind === 'file' ? Number(e.binary) : e.kind === 'skipped' ? Number(e.isDirectory) : 0;
      const tuple: EntryTuple = [path, KIND_CODES[e.kind], e.size, e.mtimeMs, e.ctimeMs, e.ino, e.mode, extra, flag];
      text = JSON.stringify(tuple);
      tupleText.set(e, { path, text });
    }
    tuples.push(text);
  }
  const { entries: _entries, ...header } = snapshot;
  const head = JSON.stringify({ format: 1, ...header });
  return Buffer.from(`${head.slice(0, -1)},"entries":[${tuples.join(',')}]}`);
}

export function deserializeSnapshot(data: Buffer): Snapshot {
  const parsed = JSON.parse(data.toString('utf8')) as Omit<Snapshot, 'entries'> & { format: number; entries: EntryTuple[] };
  if (parsed.format !== 1) throw new Error(`Unknown snapshot format ${parsed.format}`);
  const entries = new Map<string, SnapshotEntry>();
  for (const [path, kind, size, mtimeMs, ctimeMs, ino, mode, extra, flag] of parsed.entries) {
    const signature = { size, mtimeMs, ctimeMs, ino, mode };
    if (kind === KIND_CODES.file) entries.set(path, { kind: 'file', hash: extra, binary: flag === 1, ...signature });
    else if (kind === KIND_CODES.link) entries.set(path, { kind: 'link', target: extra, ...signature });
    else if (kind === KIND_CODES.dir) entries.set(path, { kind: 'dir', ...signature });
    else entries.set(path, { kind: 'skipped', reason: extra as SkipReason, isDirectory: flag === 1, ...signature });
  }
  return { id: parsed.id, startedAt: parsed.startedAt, trustedBefore: parsed.trustedBefore, roots: parsed.roots, stats: parsed.stats, entries };
}
