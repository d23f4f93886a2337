// Last-resort cleanup for the test host: whatever a launcher starts (code-server process groups,
// temp folders) registers a synchronous undo here, so that it is undone even when the launcher is
// interrupted (Ctrl+C), times out, or crashes before its own `finally` runs.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

type SyncCleanup = () => void;

const pending = new Set<SyncCleanup>();
let installed = false;

function runAll(): void {
  for (const cleanup of [...pending].reverse()) {
    pending.delete(cleanup);
    try {
      cleanup();
    } catch {
      // Best effort: the process is going away.
    }
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', runAll);
  const signals: Array<[NodeJS.Signals, number]> = [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]];
  for (const [signal, code] of signals) {
    process.once(signal, () => {
      process.stderr.write(`\ntest host: ${signal}, cleaning up\n`);
      runAll();
      process.exit(code);
    });
  }
}

/** Runs `cleanup` when the process exits unless the returned function is called first. */
export function registerExitCleanup(cleanup: SyncCleanup): () => void {
  install();
  pending.add(cleanup);
  return () => {
    pending.delete(cleanup);
  };
}

/** A fresh temp folder that is removed at exit at the latest. */
export function makeTempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const remove = (): void => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  const unregister = registerExitCleanup(remove);
  return {
    dir,
    remove: () => {
      unregister();
      remove();
    },
  };
}

/** Fails `promise` with a clear message when it takes longer than `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${Math.round(ms / 1000)} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
