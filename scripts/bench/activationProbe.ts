// Runs inside the extension host as extensionTestsPath: activates a do-nothing baseline extension
// and Claude Assistant, in the order asked, and writes how long each activation took.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

export const BASELINE_ID = 'bench.activation-baseline';
export const EXTENSION_ID = 'claude-assistant.claude-assistant';

async function timeActivation(id: string): Promise<number> {
  const extension = vscode.extensions.getExtension(id);
  if (!extension) throw new Error(`${id} is not installed`);
  if (extension.isActive) throw new Error(`${id} was already active; the measurement would be void`);
  const started = performance.now();
  await extension.activate();
  return performance.now() - started;
}

export async function run(): Promise<void> {
  const resultsFile = process.env.CLAUDE_ASSISTANT_BENCH_RESULTS;
  if (!resultsFile) throw new Error('CLAUDE_ASSISTANT_BENCH_RESULTS is not set');
  const order = process.env.CLAUDE_ASSISTANT_BENCH_ORDER === 'ours-first' ? [EXTENSION_ID, BASELINE_ID] : [BASELINE_ID, EXTENSION_ID];
  const times: Record<string, number> = {};
  for (const id of order) times[id] = await timeActivation(id);
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
    baselineMs: times[BASELINE_ID],
    extensionMs: times[EXTENSION_ID],
    activateBodyMs: ours.exports?.activationMs,
    clientLoadMs,
    chatLoadMs,
  }));
}
