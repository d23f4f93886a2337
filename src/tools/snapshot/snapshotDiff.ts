// What a turn changed between two snapshots, what undoing it would do, and what it cannot undo.
// Pure: no file system. The plan names, for every path, the state to go back to and the state the
// turn left; a path that no longer looks as the turn left it is the user's (or something else's)
// doing since, so the UI asks before touching it.

import * as path from 'path';
import { sameState, type SkipReason, type Snapshot, type SnapshotEntry } from './snapshotTypes';

export type ChangeKind = 'created' | 'changed' | 'deleted';

export interface SnapshotChange {
  path: string;
  change: ChangeKind;
  before: SnapshotEntry | undefined;
  after: SnapshotEntry | undefined;
}

export interface SnapshotDiff {
  created: string[];
  changed: string[];
  deleted: string[];
  /** Every change, in path order, with both entries. */
  changes: SnapshotChange[];
}

export function diffSnapshots(before: Snapshot, after: Snapshot): SnapshotDiff {
  const changes: SnapshotChange[] = [];
  for (const [entryPath, was] of before.entries) {
    const now = after.entries.get(entryPath);
    if (!now) changes.push({ path: entryPath, change: 'deleted', before: was, after: undefined });
    else if (!sameAcrossTurn(was, now)) changes.push({ path: entryPath, change: 'changed', before: was, after: now });
  }
  for (const [entryPath, now] of after.entries) {
    if (!before.entries.has(entryPath)) changes.push({ path: entryPath, change: 'created', before: undefined, after: now });
  }
  changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const paths = (kind: ChangeKind): string[] => changes.filter((c) => c.change === kind).map((c) => c.path);
  return { created: paths('created'), changed: paths('changed'), deleted: paths('deleted'), changes };
}

/** Like sameState, but a skipped folder (ignored, `.git`) counts as changed when its own stat moved. */
function sameAcrossTurn(a: SnapshotEntry, b: SnapshotEntry): boolean {
  if (a.kind === 'skipped' && b.kind === 'skipped' && a.isDirectory && b.isDirectory) return a.mtimeMs === b.mtimeMs && a.ino === b.ino;
  return sameState(a, b);
}

export interface RestoreItem {
  path: string;
  change: ChangeKind;
  /** What undo puts back: undefined means the path is removed. */
  restoreTo: SnapshotEntry | undefined;
  /** What the turn left there. */
  expected: SnapshotEntry | undefined;
  /** What is there now. */
  current: SnapshotEntry | undefined;
  /** The path no longer looks as the turn left it: ask before undoing it. */
  userChanged: boolean;
}

export type LimitReason = SkipReason | 'missing-content';

export interface TurnLimit {
  path: string;
  change: ChangeKind;
  reason: LimitReason;
}

export interface RestorePlan {
  /** The workspace roots the snapshots cover: nothing outside them is touched. */
  roots: string[];
  items: RestoreItem[];
  /** Changes the turn made that undo cannot take back. */
  limits: TurnLimit[];
}

/**
 * What undoing the turn between `before` and `after` does, given the workspace as `current` shows it.
 * `hasContent` says whether the bytes of a file entry are still stored.
 */
export function planRestore(before: Snapshot, after: Snapshot, current: Snapshot, hasContent: (hash: string) => boolean = () => true): RestorePlan {
  const items: RestoreItem[] = [];
  const limits: TurnLimit[] = [];
  for (const change of diffSnapshots(before, after).changes) {
    const reason = unrestorableReason(change, hasContent);
    if (reason) {
      limits.push({ path: change.path, change: change.change, reason });
      continue;
    }
    const now = current.entries.get(change.path);
    if (sameState(now, change.before)) continue; // Already as it was.
    items.push({ path: change.path, change: change.change, restoreTo: change.before, expected: change.after, current: now, userChanged: !sameState(now, change.after) });
  }
  return { roots: after.roots, items, limits };
}

function unrestorableReason(change: SnapshotChange, hasContent: (hash: string) => boolean): LimitReason | undefined {
  const { before, after } = change;
  // Never ours to touch, whichever side: git's own data, ignored paths, pipes and devices.
  for (const entry of [before, after]) {
    if (entry?.kind === 'skipped' && (entry.reason === 'git' || entry.reason === 'ignored' || entry.reason === 'special' || entry.isDirectory)) return entry.reason;
  }
  if (before?.kind === 'skipped') return before.reason; // Its content was never kept.
  if (before?.kind === 'file' && !hasContent(before.hash)) return 'missing-content';
  // What the turn left may be too large to keep: removing it or writing the old bytes over it is fine.
  if (after?.kind === 'skipped' && after.reason === 'unreadable') return 'unreadable';
  return undefined;
}

/** Notes that hold for every turn, to show beside the turn's own limits. */
export const STANDING_LIMITS: readonly string[] = [
  'Files outside the workspace folders, and whatever else a command changed (databases, services, installed packages, the network), are not restored.',
  'Ignored files and folders (.gitignore) are not restored; inside an ignored folder, only changes to the folder itself are noticed.',
  "Git's own data (.git: commits, branches, the index, stashes) is never touched, so a commit a command made stays.",
  'A symbolic link is restored as a link; what it points to is not.',
];

const LIMIT_TEXT: Record<LimitReason, string> = {
  ignored: 'is ignored (.gitignore), so undo leaves it as it is',
  git: "is git's own data, which undo never touches",
  'too-large': 'is larger than the snapshot keeps',
  'binary-too-large': 'is a binary file larger than the snapshot keeps',
  'over-budget': "was past the snapshot's size budget",
  special: 'is a pipe, socket or device',
  unreadable: 'could not be read when the snapshot was taken',
  'missing-content': 'was kept, but its stored copy is gone or damaged',
};

/** One line for the UI, with the path relative to its workspace folder. */
export function describeLimit(limit: TurnLimit, roots: readonly string[]): string {
  return `${displayPath(limit.path, roots)} (${limit.change}) ${LIMIT_TEXT[limit.reason]}.`;
}

export function displayPath(entryPath: string, roots: readonly string[]): string {
  const root = roots.find((candidate) => entryPath.startsWith(candidate + path.sep));
  if (!root) return entryPath;
  const relative = path.relative(root, entryPath).split(path.sep).join('/');
  return roots.length > 1 ? `${path.basename(root)}/${relative}` : relative;
}
