// The requests WorkspaceSnapshots makes of a SnapshotEngine, as plain data, so that the same calls
// run inline or across the worker thread's message port.

import { type PruneResult, type SnapshotEngine, type SnapshotSummary } from './snapshotEngine';
import { type RestorePlan, type SnapshotDiff } from './snapshotDiff';
import { type SnapshotBudget } from './snapshotTypes';

export type EngineRequest =
  | { op: 'snapshot'; storageDir: string; roots: string[]; budget: SnapshotBudget; previousId?: string }
  | { op: 'diff'; storageDir: string; beforeId: string; afterId: string }
  | { op: 'plan'; storageDir: string; beforeId: string; afterId: string; currentId: string }
  | { op: 'prune'; storageDir: string; keepIds: string[]; maxStoreBytes: number }
  | { op: 'readBlob'; storageDir: string; hash: string }
  | { op: 'roots'; storageDir: string; id: string };

export interface EngineResults {
  snapshot: SnapshotSummary;
  diff: SnapshotDiff;
  plan: RestorePlan;
  prune: PruneResult;
  readBlob: Uint8Array | undefined;
  roots: string[];
}

export function handleEngineRequest(engine: SnapshotEngine, request: EngineRequest): EngineResults[EngineRequest['op']] {
  switch (request.op) {
    case 'snapshot': return engine.snapshot(request.roots, request.budget, request.previousId);
    case 'diff': return engine.diff(request.beforeId, request.afterId);
    case 'plan': return engine.plan(request.beforeId, request.afterId, request.currentId);
    case 'prune': return engine.prune(request.keepIds, request.maxStoreBytes);
    case 'readBlob': return engine.readBlob(request.hash);
    case 'roots': return engine.load(request.id).roots;
  }
}
