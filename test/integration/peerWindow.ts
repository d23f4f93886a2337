// The second window of test/integration/twoWindows.test.ts: loaded by test/host/runIntegration.ts
// as the extensionTestsPath of another workbench on the same folder, so a second extension host.
// It waits for the first window's "go" (the mock server's URL), sends one question, and writes the
// id of its conversation for the first window to check.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';

const EXTENSION_ID = 'claude-assistant.claude-assistant';

async function waitForFile(file: string, timeoutMs: number): Promise<string> {
  const started = Date.now();
  while (!fs.existsSync(file)) {
    if (Date.now() - started > timeoutMs) throw new Error(`the peer window waited ${timeoutMs} ms for ${path.basename(file)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return fs.readFileSync(file, 'utf8');
}

export async function run(): Promise<void> {
  const dir = process.env.CLAUDE_ASSISTANT_PEER_DIR;
  if (!dir) throw new Error('CLAUDE_ASSISTANT_PEER_DIR is not set');
  console.log('Peer window ready');
  const { key, baseUrl } = JSON.parse(await waitForFile(path.join(dir, 'go'), 15 * 60_000)) as { key: string; baseUrl: string };
  const api = (await vscode.extensions.getExtension<TestApi | undefined>(EXTENSION_ID)!.activate())!;
  // The base URL is a user setting the first window already wrote; writing the same value here
  // does not wait for the file change to reach this window. The key is this window's own.
  await vscode.workspace.getConfiguration('claudeAssistant').update('baseUrl', baseUrl, vscode.ConfigurationTarget.Global);
  await api.keyStore.set(key);
  api.session.startNew();
  await api.session.send('A question from the second window');
  const reply = api.session.transcript[1];
  fs.writeFileSync(path.join(dir, 'done'), JSON.stringify({ id: api.session.conversation.id, status: reply?.status, error: reply?.error?.detail }));
}
