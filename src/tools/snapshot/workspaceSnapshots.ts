// The workspace snapshots the bash tool takes around a turn's commands, so that "Undo This Turn's
// Changes" also restores what the commands did: snapshot before the turn's first command and after
// each, then diff, plan (asking first where the user changed a file since), restore, and prune.
// Storage and reading run in a worker thread; restores run here. Calls are served one at a time,
// so pruning never pulls blobs from under a snapshot or a restore. No vscode import.

import * as path from 'path';
import { Worker } from 'worker_threads';
import { type EngineRequest, type EngineResults, handleEngineRequest } from './engineRequests';
import { restorePlan, type RestoreOutcome } from './restoreSnapshot';
import { describeLimit, STANDING_LIMITS, type RestorePlan, type SnapshotDiff, type TurnLimit } from './snapshotDiff';
import { SnapshotEngine, type PruneResult, type SnapshotSummary } from './snapshotEngine';
import { DEFAULT_BUDGET, type SnapshotBudget } from './snapshotTypes';
import { type WorkspaceFs } from './takeSnapshot';

export interface WorkspaceSnapshotsOptions {
  /** A folder of the extension's own storage, for this workspace. */
  storageDir: string;
  budget?: Partial<SnapshotBudget>;
  /** Storage past this drops the oldest snapshots when pruning. Default 1 GiB. */
  maxStoreBytes?: number;
  /** Run on this thread instead of a worker, reading the workspace through `workspaceFs` (tests). */
  inline?: { workspaceFs?: WorkspaceFs };
}

export interface TurnLimits {
  /** What this turn changed that undo cannot restore. */
  turn: TurnLimit[];
  /** The same, one line each, for the UI. */
  lines: string[];
  /** What holds for every turn. */
  standing: readonly string[];
}

type Pending = { resolve(value: unknown): void; reject(error: Error): void };
type Reply = { seq: number; ok: true; value: unknown } | { seq: number; ok: false; message: string };

export class WorkspaceSnapshots {
  private readonly budget: SnapshotBudget;
  private readonly maxStoreBytes: number;
  private readonly inlineEngine: SnapshotEngine | undefined;
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private seq = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: WorkspaceSnapshotsOptions) {
    this.budget = { ...DEFAULT_BUDGET, ...options.budget };
    this.maxStoreBytes = options.maxStoreBytes ?? 1024 * 1024 * 1024;
    this.inlineEngine = options.inline ? new SnapshotEngine(options.storageDir, options.inline.workspaceFs) : undefined;
  }

  /** Records the workspace; `previousId` (default: the latest over the same roots) lends its hashes. */
  snapshot(workspaceRoots: string[], previousId?: string): Promise<SnapshotSummary> {
    return this.serve({ op: 'snapshot', storageDir: this.options.storageDir, roots: workspaceRoots, budget: this.budget, previousId });
  }

  diff(beforeId: string, afterId: string): Promise<SnapshotDiff> {
    return this.serve({ op: 'diff', storageDir: this.options.storageDir, beforeId, afterId });
  }

  /** What undoing the turn from `beforeId` to `afterId` does now; takes a fresh snapshot unless given one. */
  async restorePlan(beforeId: string, afterId: string, currentId?: string): Promise<RestorePlan> {
    const current = currentId ?? (await this.snapshot(await this.serve({ op: 'roots', storageDir: this.options.storageDir, id: afterId }), afterId)).id;
    return this.serve({ op: 'plan', storageDir: this.options.storageDir, beforeId, afterId, currentId: current });
  }

  /** Carries out the plan; a path the user changed since the turn is restored only if `approved`. */
  restore(plan: RestorePlan, approved: Iterable<string> = []): Promise<RestoreOutcome[]> {
    return this.enqueue(() => restorePlan(plan, {
      approved: new Set(approved),
      readBlob: async (hash) => {
        const bytes = await this.call({ op: 'readBlob', storageDir: this.options.storageDir, hash });
        return bytes && Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      },
    }));
  }

  /** What undo cannot take back of this turn (of what `keep` accepts), to show before the user undoes it. */
  async limits(beforeId: string, afterId: string, keep: (limit: TurnLimit) => boolean = () => true): Promise<TurnLimits> {
    const plan = await this.serve({ op: 'plan', storageDir: this.options.storageDir, beforeId, afterId, currentId: afterId });
    const turn = plan.limits.filter(keep);
    return { turn, lines: turn.map((limit) => describeLimit(limit, plan.roots)), standing: STANDING_LIMITS };
  }

  /** Removes every snapshot not in `keepIds` and the blobs only they used; then meets the size budget. */
  prune(keepIds: string[]): Promise<PruneResult> {
    return this.serve({ op: 'prune', storageDir: this.options.storageDir, keepIds, maxStoreBytes: this.maxStoreBytes });
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private serve<R extends EngineRequest>(request: R): Promise<EngineResults[R['op']]> {
    return this.enqueue(() => this.call(request));
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work, work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private call<R extends EngineRequest>(request: R): Promise<EngineResults[R['op']]> {
    if (this.inlineEngine) {
      try {
        const result = handleEngineRequest(this.inlineEngine, request) as EngineResults[R['op']];
        this.inlineEngine.writeManifests();
        return Promise.resolve(result);
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
    const worker = this.startWorker();
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ seq, request });
    });
  }

  private startWorker(): Worker {
    if (this.worker) return this.worker;
    // Beside this module: dist/ in the bundle, out/src/tools/snapshot/ when compiled for tests.
    const worker = new Worker(path.join(__dirname, 'snapshotWorker.js'));
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const waiting = this.pending.get(reply.seq);
      this.pending.delete(reply.seq);
      if (reply.ok) waiting?.resolve(reply.value);
      else waiting?.reject(new Error(reply.message));
    });
    const failAll = (error: Error): void => {
      if (this.worker === worker) this.worker = undefined;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`The snapshot worker stopped (exit code ${code}).`)));
    this.worker = worker;
    return worker;
  }
}
