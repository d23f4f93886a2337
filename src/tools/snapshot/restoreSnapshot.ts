// Carries out a restore plan (snapshotDiff.ts) on the workspace, byte for byte, with the permission
// bits the file had. Before touching a path it looks again: if the path is no longer what the plan
// saw, it is left alone and reported, so a change made after the user confirmed is never lost.
// It never writes under a `.git`, never outside the workspace roots, and never through a symlinked
// folder. Files are written to a temporary sibling and renamed into place, so a reader never sees
// half a file and a symlink standing at the path is replaced, not followed. The restored file gets a
// fresh mtime on purpose: build tools must see it as changed.

import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { hashContent } from './blobStore';
import { type RestoreItem, type RestorePlan } from './snapshotDiff';
import { permissionBits, sameState, type SnapshotEntry } from './snapshotTypes';

export type RestoreResult = 'restored' | 'needs-confirmation' | 'changed-since-plan' | 'failed';

export interface RestoreOutcome {
  path: string;
  result: RestoreResult;
  message?: string;
}

export interface RestoreOptions {
  /** Stored bytes by hash, checked; undefined when gone. */
  readBlob(hash: string): Promise<Buffer | undefined>;
  /** Paths the user agreed to overwrite although they changed since the turn. */
  approved?: ReadonlySet<string>;
}

export async function restorePlan(plan: RestorePlan, options: RestoreOptions): Promise<RestoreOutcome[]> {
  const outcomes = new Map<string, RestoreOutcome>();
  const ready: RestoreItem[] = [];
  for (const item of plan.items) {
    const refusal = unsafePathReason(item.path, plan.roots);
    if (refusal) outcomes.set(item.path, { path: item.path, result: 'failed', message: refusal });
    else if (item.userChanged && !options.approved?.has(item.path)) outcomes.set(item.path, { path: item.path, result: 'needs-confirmation' });
    else if (!sameState(await inspect(item.path, item.current), item.current)) outcomes.set(item.path, { path: item.path, result: 'changed-since-plan' });
    else ready.push(item);
  }
  const depth = (item: RestoreItem): number => item.path.split(path.sep).length;
  // First clear what must go (deepest first, so folders are empty), then put back (shallowest first).
  // A file or link is replaced by renaming over it; only a folder, or a path that must go, is cleared.
  const isDir = (entry: SnapshotEntry | undefined): boolean => entry?.kind === 'dir';
  const clearing = ready.filter((item) => item.current && (!item.restoreTo || isDir(item.restoreTo) !== isDir(item.current)));
  for (const item of clearing.sort((a, b) => depth(b) - depth(a))) {
    await attempt(outcomes, item.path, () => clear(item.path, item.current!));
  }
  for (const item of ready.filter((entry) => entry.restoreTo).sort((a, b) => depth(a) - depth(b))) {
    if (outcomes.get(item.path)?.result === 'failed') continue;
    await attempt(outcomes, item.path, () => put(item.path, item.restoreTo!, options));
  }
  for (const item of ready) if (!outcomes.has(item.path)) outcomes.set(item.path, { path: item.path, result: 'restored' });
  return plan.items.map((item) => outcomes.get(item.path)!);
}

async function attempt(outcomes: Map<string, RestoreOutcome>, itemPath: string, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    outcomes.set(itemPath, { path: itemPath, result: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
}

function unsafePathReason(itemPath: string, roots: readonly string[]): string | undefined {
  const root = roots.find((candidate) => itemPath.startsWith(candidate + path.sep));
  if (!root) return 'outside the workspace folders';
  const parts = path.relative(root, itemPath).split(path.sep);
  if (parts.some((part) => part === '..' || part === '')) return 'not a plain path inside the workspace';
  if (parts.some((part) => part.toLowerCase() === '.git')) return "inside git's own data, which undo never touches";
  return undefined;
}

/** The parent must be the real folder it names: no symlink on the way out of the workspace. */
async function assertRealParent(itemPath: string): Promise<void> {
  const parent = path.dirname(itemPath);
  if ((await fs.promises.realpath(parent)) !== parent) throw new Error('a folder on its path is now a symbolic link');
}

async function clear(itemPath: string, current: SnapshotEntry): Promise<void> {
  await assertRealParent(itemPath);
  if (current.kind === 'dir') await fs.promises.rmdir(itemPath); // Only if empty: anything left in it stays.
  else await fs.promises.unlink(itemPath);
}

async function put(itemPath: string, target: SnapshotEntry, options: RestoreOptions): Promise<void> {
  await assertRealParent(itemPath);
  const mode = permissionBits(target.mode);
  if (target.kind === 'dir') {
    await fs.promises.mkdir(itemPath).catch((error: NodeJS.ErrnoException) => { if (error.code !== 'EEXIST') throw error; });
    await fs.promises.chmod(itemPath, mode);
    return;
  }
  const temporary = path.join(path.dirname(itemPath), `.${path.basename(itemPath)}.restore-${crypto.randomBytes(4).toString('hex')}`);
  if (target.kind === 'link') {
    await fs.promises.symlink(target.target, temporary);
  } else if (target.kind === 'file') {
    const content = await options.readBlob(target.hash);
    if (!content) throw new Error('its stored copy is gone or damaged');
    await fs.promises.writeFile(temporary, content, { flag: 'wx', mode });
    await fs.promises.chmod(temporary, mode); // writeFile's mode passes through the umask.
  } else {
    throw new Error('its content was not kept');
  }
  try {
    await fs.promises.rename(temporary, itemPath);
  } catch (error) {
    await fs.promises.rm(temporary, { force: true });
    throw error;
  }
}

/** The path as it is now, described like a snapshot entry of the same kind as `like`. */
async function inspect(itemPath: string, like: SnapshotEntry | undefined): Promise<SnapshotEntry | undefined> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.lstat(itemPath);
  } catch {
    return undefined;
  }
  const signature = { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino, mode: stat.mode };
  if (stat.isDirectory()) return { kind: 'dir', ...signature };
  if (stat.isSymbolicLink()) return { kind: 'link', target: await fs.promises.readlink(itemPath), ...signature };
  if (like?.kind === 'skipped') return { ...like, ...signature };
  if (!stat.isFile()) return { kind: 'skipped', reason: 'special', isDirectory: false, ...signature };
  const content = await fs.promises.readFile(itemPath);
  return { kind: 'file', hash: hashContent(content), binary: like?.kind === 'file' ? like.binary : false, ...signature };
}
