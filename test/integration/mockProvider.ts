// The extension inside the host, pointed at a mock provider for the tests of one describe block:
// what most integration suites set up before their tests and undo after them.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { MockMessagesServer, MockServerOptions } from '../mock/server';
import { mockServerForSuite } from '../mock/suiteServer';

export const EXTENSION_ID = 'claude-assistant.claude-assistant';

/** The extension's settings, read afresh each time: a held object does not see later updates. */
export const claudeSettings = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('claudeAssistant');

/** Activates the extension (once; later calls return the same API). */
export async function activateApi(): Promise<TestApi> {
  const extension = vscode.extensions.getExtension<TestApi | undefined>(EXTENSION_ID);
  assert.ok(extension, 'extension is installed');
  const exported = await extension.activate();
  assert.ok(exported, 'the test API is returned in ExtensionMode.Test');
  return exported;
}

export interface MockProviderOptions {
  /** Stored as the API key before the tests and cleared after them; none: the tests handle keys. */
  key?: string;
  /** User settings besides `baseUrl`, set before the tests and removed after them. */
  settings?: Record<string, unknown>;
  /** Further user settings the tests change, removed after them. */
  alsoReset?: readonly string[];
  server?: MockServerOptions;
  /** Given to the server again before each test (see mockServerForSuite). */
  eachTest?: Partial<MockServerOptions>;
}

/**
 * Call inside a describe: before its tests a mock server listens, the extension's `baseUrl` names
 * it, `settings` are set and `key` is stored; after them all of it is undone. Before each test the
 * server forgets the last one's queue and requests. Read the server's `url` once the tests run.
 */
export function mockProviderForSuite(options: MockProviderOptions = {}): MockMessagesServer {
  const settings: Record<string, unknown> = { ...options.settings };
  const changed = ['baseUrl', ...Object.keys(settings), ...(options.alsoReset ?? [])];
  // Registered ahead of the server's hooks, so that it runs before the server closes.
  after(async () => {
    for (const name of changed) await claudeSettings().update(name, undefined, vscode.ConfigurationTarget.Global);
    if (options.key !== undefined) await (await activateApi()).keyStore.clear();
  });
  const server = mockServerForSuite(options.server, options.eachTest);
  before(async () => {
    const api = await activateApi();
    for (const [name, value] of Object.entries({ baseUrl: server.url, ...settings })) {
      await claudeSettings().update(name, value, vscode.ConfigurationTarget.Global);
    }
    if (options.key !== undefined) await api.keyStore.set(options.key);
  });
  return server;
}
