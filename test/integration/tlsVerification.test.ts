// http.proxyStrictSSL inside the real extension host, where VS Code's own proxy support also
// patches Node's networking: with the setting off, a provider with a self-signed certificate gets
// the key through a proxy (as a TLS-inspecting proxy needs), and never on a direct connection.
import * as assert from 'assert';
import type * as http from 'http';
import type * as https from 'https';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { startProxy, startSelfSignedServer, type LoopbackServer } from '../mock/loopbackServers';

const EXTENSION_ID = 'claude-assistant.claude-assistant';
const KEY = 'sk-ant-integration-tls-0123456789';

describe('http.proxyStrictSSL inside the extension host', function () {
  this.timeout(60_000);
  let api: TestApi;
  let server: LoopbackServer<https.Server>;
  let proxy: LoopbackServer<http.Server>;
  /** The path and key header of every request the self-signed server received. */
  const received: string[] = [];
  const claude = () => vscode.workspace.getConfiguration('claudeAssistant');
  const network = () => vscode.workspace.getConfiguration('http');

  before(async () => {
    server = await startSelfSignedServer((request, response) => {
      received.push(`${request.url} ${String(request.headers['x-api-key'])}`);
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end('{"type":"error","error":{"type":"authentication_error","message":"no"}}');
    });
    proxy = await startProxy();

    api = (await vscode.extensions.getExtension<TestApi | undefined>(EXTENSION_ID)!.activate())!;
    await claude().update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
    await claude().update('maxRetries', 0, vscode.ConfigurationTarget.Global);
    await network().update('proxyStrictSSL', false, vscode.ConfigurationTarget.Global);
    await api.keyStore.set(KEY);
    await waitFor(async () => (await api.connection.bundle()).client.settings.proxy.strictSSL === false);
  });

  after(async () => {
    for (const key of ['baseUrl', 'maxRetries']) await claude().update(key, undefined, vscode.ConfigurationTarget.Global);
    for (const key of ['proxyStrictSSL', 'proxy', 'noProxy']) await network().update(key, undefined, vscode.ConfigurationTarget.Global);
    await api.keyStore.clear();
    await server.close();
    await proxy.close();
  });

  beforeEach(() => {
    received.length = 0;
  });

  /** Sends one message and resolves with the failed turn's error text. */
  async function sendAndFail(): Promise<string> {
    api.session.startNew();
    await api.session.send('hello');
    const reply = api.session.transcript[1];
    assert.strictEqual(reply.status, 'error');
    return `${reply.error?.title} ${reply.error?.detail}`;
  }

  it('with proxyStrictSSL off, a direct connection still refuses the self-signed certificate: the key never leaves', async () => {
    await network().update('proxy', undefined, vscode.ConfigurationTarget.Global);
    await waitFor(async () => (await api.connection.bundle()).client.settings.proxy.url === undefined);
    const error = await sendAndFail();
    assert.match(error, /certificate/i);
    assert.deepStrictEqual(received.filter((line) => line.includes(KEY)), [], 'the self-signed server received the key');
  });

  it('through http.proxy with proxyStrictSSL off, the same server is reached, as a TLS-inspecting proxy needs', async () => {
    await network().update('proxy', proxy.url, vscode.ConfigurationTarget.Global);
    // The host's NO_PROXY names 127.0.0.1 (test/host/codeServer.ts); a list of its own replaces it.
    await network().update('noProxy', ['no-such-host.invalid'], vscode.ConfigurationTarget.Global);
    await waitFor(async () => {
      const { proxy: settings } = (await api.connection.bundle()).client.settings;
      return settings.url === proxy.url && settings.noProxy.length === 1;
    });
    await sendAndFail();
    assert.ok(received.some((line) => line.startsWith('/v1/messages') && line.endsWith(KEY)), `the server was not reached through the proxy: ${JSON.stringify(received)}`);
  });
});

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the settings to reach the client');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
