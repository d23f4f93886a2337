// The snapshot storage of one workspace: manifests (`snapshots/<id>.json`) and the blob store, with a
// few recent snapshots kept in memory so that the next one can reuse their hashes. Synchronous; it
// runs in the worker thread (snapshotWorker.ts) in the extension, or inline in tests.

import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { BlobStore } from './blobStore';
import { diffSnapshots, planRestore, type RestorePlan, type SnapshotDiff } from './snapshotDiff';
import { deserializeSnapshot, serializeSnapshot, type Snapshot, type SnapshotBudget, type SnapshotStats } from './snapshotTypes';
import { takeSnapshot, type WorkspaceFs } from './takeSnapshot';

export interface SnapshotSummary {
  id: string;
  startedAt: number;
  roots: string[];
  stats: SnapshotStats;
}

export interface PruneResult {
  /** Snapshots removed, the ones not kept and any dropped to meet the size budget (oldest first). */
  removed: string[];
  storeBytes: number;
}

const CACHED_SNAPSHOTS = 6;

export class SnapshotEngine {
  private readonly blobs: BlobStore;
  private readonly manifestDir: string;
  private readonly cache = new Map<string, Snapshot>();
  /** Snapshots taken whose manifests are not on disk yet (see `writeManifests`). */
  private readonly unwritten = new Map<string, Snapshot>();

  constructor(storageDir: string, private readonly workspaceFs?: WorkspaceFs) {
    this.blobs = new BlobStore(storageDir);
    this.manifestDir = path.join(storageDir, 'snapshots');
  }

  /**
   * `previousId`: the snapshot whose hashes may be reused; by default the latest over the same roots.
   * The manifest is written by `writeManifests`, which the worker calls once it has replied: the
   * caller waits for the walk, not for a 2 MB file. Every other call writes pending manifests first.
   */
  snapshot(roots: string[], budget: SnapshotBudget, previousId?: string): SnapshotSummary {
    const realRoots = roots.map((root) => fs.realpathSync(root));
    const previous = previousId ? this.load(previousId) : this.latestOver(realRoots);
    const id = `${Date.now().toString(36)}-${crypto.randomBytes(4).toString('hex')}`;
    let snapshot: Snapshot;
    try {
      snapshot = takeSnapshot({ id, roots: realRoots, budget, previous, blobs: this.blobs, workspaceFs: this.workspaceFs });
    } finally {
      this.blobs.commit();
    }
    this.remember(snapshot);
    this.unwritten.set(id, snapshot);
    return { id, startedAt: snapshot.startedAt, roots: realRoots, stats: snapshot.stats };
  }

  /** Puts the manifests of the snapshots taken so far on disk. */
  writeManifests(): void {
    for (const [id, snapshot] of this.unwritten) {
      fs.mkdirSync(this.manifestDir, { recursive: true });
      const file = this.manifestPath(id);
      fs.writeFileSync(file + '.tmp', serializeSnapshot(snapshot));
      fs.renameSync(file + '.tmp', file);
      this.unwritten.delete(id);
    }
  }

  diff(beforeId: string, afterId: string): SnapshotDiff {
    return diffSnapshots(this.load(beforeId), this.load(afterId));
  }

  plan(beforeId: string, afterId: string, currentId: string): RestorePlan {
    return planRestore(this.load(beforeId), this.load(afterId), this.load(currentId), (hash) => this.blobs.has(hash));
  }

  /** Keeps the snapshots named, and of those drops the oldest while the storage is over `maxStoreBytes`. */
  prune(keepIds: readonly string[], maxStoreBytes = Infinity): PruneResult {
    this.writeManifests();
    const kept = keepIds.filter((id) => fs.existsSync(this.manifestPath(id))).map((id) => this.load(id)).sort((a, b) => a.startedAt - b.startedAt);
    const removed = this.listIds().filter((id) => !kept.some((snapshot) => snapshot.id === id));
    for (const id of removed) this.forget(id);
    for (;;) {
      const live = new Set<string>();
      for (const snapshot of kept) for (const entry of snapshot.entries.values()) if (entry.kind === 'file') live.add(entry.hash);
      this.blobs.prune(live);
      const storeBytes = this.storeBytes();
      if (storeBytes <= maxStoreBytes || kept.length === 0) return { removed, storeBytes };
      const oldest = kept.shift()!;
      this.forget(oldest.id);
      removed.push(oldest.id);
    }
  }

  /** The snapshot's bytes for a file, checked against its hash. */
  readBlob(hash: string): Buffer | undefined {
    return this.blobs.readSync(hash);
  }

  load(id: string): Snapshot {
    const cached = this.cache.get(id) ?? this.unwritten.get(id);
    if (cached) return cached;
    if (!/^[a-z0-9-]+$/.test(id)) throw new Error('Not a snapshot id');
    const snapshot = deserializeSnapshot(fs.readFileSync(this.manifestPath(id)));
    this.remember(snapshot);
    return snapshot;
  }

  storeBytes(): number {
    this.writeManifests();
    return this.blobs.totalBytes() + this.listIds().reduce((sum, id) => sum + fs.statSync(this.manifestPath(id)).size, 0);
  }

  private latestOver(roots: string[]): Snapshot | undefined {
    const key = roots.join('\n');
    return [...this.cache.values()].filter((snapshot) => snapshot.roots.join('\n') === key).sort((a, b) => b.startedAt - a.startedAt)[0];
  }

  private remember(snapshot: Snapshot): void {
    this.cache.delete(snapshot.id);
    this.cache.set(snapshot.id, snapshot);
    while (this.cache.size > CACHED_SNAPSHOTS) this.cache.delete(this.cache.keys().next().value!);
  }

  private forget(id: string): void {
    this.cache.delete(id);
    fs.rmSync(this.manifestPath(id), { force: true });
  }

  private listIds(): string[] {
    try {
      return fs.readdirSync(this.manifestDir).filter((name) => name.endsWith('.json')).map((name) => name.slice(0, -'.json'.length));
    } catch {
      return [];
    }
  }

  private manifestPath(id: string): string {
    return path.join(this.manifestDir, `${id}.json`);
  }
}
