// The worker thread that owns a workspace's snapshot storage. Snapshots read thousands of files;
// synchronous reads here are several times faster than the host's asynchronous ones and never block
// the extension host's thread. Requests come from WorkspaceSnapshots, one at a time.

import { parentPort } from 'worker_threads';
import { SnapshotEngine } from './snapshotEngine';
import { type EngineRequest, handleEngineRequest } from './engineRequests';

const engines = new Map<string, SnapshotEngine>();

parentPort?.on('message', ({ seq, request }: { seq: number; request: EngineRequest }) => {
  let engine = engines.get(request.storageDir);
  try {
    if (!engine) engines.set(request.storageDir, (engine = new SnapshotEngine(request.storageDir)));
    parentPort!.postMessage({ seq, ok: true, value: handleEngineRequest(engine, request) });
  } catch (error) {
    parentPort!.postMessage({ seq, ok: false, message: error instanceof Error ? error.message : String(error) });
  }
  // After the reply, before the next request: the host does not wait for the manifest.
  try {
    engine?.writeManifests();
  } catch {
    // A manifest that cannot be written: its snapshot stays readable from memory while cached.
  }
});
