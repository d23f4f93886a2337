// The worker thread that owns a workspace's snapshot storage. Snapshots read thousands of files;
// synchronous reads here are several times faster than the host's asynchronous ones and never block
// the extension host's thread. Requests come from WorkspaceSnapshots, one at a time.

import { parentPort } from 'worker_threads';
import { SnapshotEngine } from './snapshotEngine';
import { type EngineRequest, handleEngineRequest } from './engineRequests';

const engines = new Map<string, SnapshotEngine>();

parentPort?.on('message', ({ seq, request }: { seq: number; request: EngineRequest }) => {
  try {
    let engine = engines.get(request.storageDir);
    if (!engine) engines.set(request.storageDir, (engine = new SnapshotEngine(request.storageDir)));
    parentPort!.postMessage({ seq, ok: true, value: handleEngineRequest(engine, request) });
  } catch (error) {
    parentPort!.postMessage({ seq, ok: false, message: error instanceof Error ? error.message : String(error) });
  }
});
