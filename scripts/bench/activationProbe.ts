// Runs inside the extension host as extensionTestsPath: activates a do-nothing baseline extension
// and Claude Assistant, in the order asked, and writes how long each activation took.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

export const BASELINE_ID = 'bench.activation-baseline';
export const EXTENSION_ID = 'claude-assistant.claude-assistant';

interface Timing {
  wallMs: number;
  /** The extension host process's CPU time meanwhile, which other processes on a busy machine do not inflate. */
  cpuMs: number;
}

async function timeActivation(id: string): Promise<Timing> {
  const extension = vscode.extensions.getExtension(id);
  if (!extension) throw new Error(`${id} is not installed`);
  if (extension.isActive) throw new Error(`${id} was already active; the measurement would be void`);
  const cpu = process.cpuUsage();
  const started = performance.now();
  await extension.activate();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 };
}

/**
 * Waits until the host's thread has been free for 200 ms (at most 10 s): the workbench's own start,
 * built-in extensions activating, would otherwise run inside whichever activation came first.
 */
async function settle(): Promise<void> {
  const giveUp = performance.now() + 10_000;
  let quietTicks = 0;
  while (quietTicks < 20 && performance.now() < giveUp) {
    const asked = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 10));
    quietTicks = performance.now() - asked < 14 ? quietTicks + 1 : 0;
  }
}

export async function run(): Promise<void> {
  const resultsFile = process.env.CLAUDE_ASSISTANT_BENCH_RESULTS;
  if (!resultsFile) throw new Error('CLAUDE_ASSISTANT_BENCH_RESULTS is not set');
  const order = process.env.CLAUDE_ASSISTANT_BENCH_ORDER === 'ours-first' ? [EXTENSION_ID, BASELINE_ID] : [BASELINE_ID, EXTENSION_ID];
  const times: Record<string, Timing> = {};
  // Settled before each: what the first activation set going (replies to its registrations) must
  // not be billed to the second.
  for (const id of order) {
    await settle();
    times[id] = await timeActivation(id);
  }
  const ours = vscode.extensions.getExtension<{ activationMs: number } | undefined>(EXTENSION_ID)!;
  // What the first request adds: loading the HTTP client bundle.
  const clientStarted = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(path.join(ours.extensionPath, 'dist', 'client.js'));
  const clientLoadMs = performance.now() - clientStarted;
  // What the first view or command adds: loading the chat bundle (composing it needs the view).
  const chatStarted = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(path.join(ours.extensionPath, 'dist', 'chat.js'));
  const chatLoadMs = performance.now() - chatStarted;
  fs.writeFileSync(resultsFile, JSON.stringify({
    baselineMs: times[BASELINE_ID].wallMs,
    extensionMs: times[EXTENSION_ID].wallMs,
    baselineCpuMs: times[BASELINE_ID].cpuMs,
    extensionCpuMs: times[EXTENSION_ID].cpuMs,
    activateBodyMs: ours.exports?.activationMs,
    clientLoadMs,
    chatLoadMs,
  }));
}
