// Test runner loaded by VS Code into the extension host (extensionTestsPath), by
// test/host/runIntegration.ts (code-server) and test/host/runDesktop.ts (@vscode/test-electron).
// VS Code calls run(); its rejection makes the host exit with code 1. A window on a multi-root
// workspace runs the *.multiroot.test.js files, any other window the rest.
import Mocha from 'mocha';
import * as vscode from 'vscode';
import Reporter from '../reporter';
import { findTestFiles } from '../host/testFiles';

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: Reporter,
    // Activation and the first webview are slow on a loaded two-core machine.
    timeout: 30_000,
    slow: 5_000,
    color: false,
  });
  const grep = process.env.CLAUDE_ASSISTANT_GREP;
  if (grep) mocha.grep(grep);
  const multiRoot = (await workspaceFolders()).length > 1 || vscode.workspace.workspaceFile !== undefined;
  const files = findTestFiles(__dirname, '.test.js').filter((file) => file.endsWith('.multiroot.test.js') === multiRoot);
  if (files.length === 0) throw new Error(`no integration tests found in ${__dirname}`);
  for (const file of files) mocha.addFile(file);
  // test/host/runIntegration.ts starts printing the host's console at this line.
  console.log(`Running ${files.length} integration test file${files.length === 1 ? '' : 's'}${multiRoot ? ' in a multi-root window' : ''}`);
  const failures = await new Promise<number>((resolve, reject) => {
    try {
      mocha.run(resolve);
    } catch (error) {
      reject(error);
    }
  });
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}

/**
 * The window's folders. A window opened on a .code-workspace file can start its extension host
 * before the workbench has read the file, and get its folders a moment later: every window here
 * has at least one, so wait for it.
 */
async function workspaceFolders(): Promise<readonly vscode.WorkspaceFolder[]> {
  const deadline = Date.now() + 30_000;
  while ((vscode.workspace.workspaceFolders?.length ?? 0) === 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return vscode.workspace.workspaceFolders ?? [];
}
