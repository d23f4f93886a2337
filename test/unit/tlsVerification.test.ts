// http.proxyStrictSSL relaxes certificate checks on proxied connections only: a real TLS server on
// loopback with a self-signed certificate (made by openssl for this run) never gets the key directly.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { createProxy } from 'proxy';
import { createDispatcher, send, DEFAULT_TRANSPORT, type ProxySettings } from '../../src/api/httpTransport';

const KEY = 'sk-ant-tls-test-0123456789';

describe('TLS verification and http.proxyStrictSSL', function () {
  this.timeout(20_000);
  let dir: string;
  let server: https.Server;
  let serverUrl: string;
  let proxy: http.Server;
  let proxyUrl: string;
  /** The key header of every request the self-signed server received. */
  const received: string[] = [];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-assistant-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
    server = https.createServer({ key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(dir, 'cert.pem')) }, (request, response) => {
      received.push(String(request.headers['x-api-key']));
      response.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    serverUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    proxy = createProxy(http.createServer());
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    proxy.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await new Promise((resolve) => proxy.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    received.length = 0;
  });

  /** Sends the key to the self-signed server with these proxy settings; resolves with the status. */
  async function sendKey(proxySettings: ProxySettings): Promise<number> {
    const dispatcher = createDispatcher({ ...DEFAULT_TRANSPORT, connectTimeoutMs: 5_000, proxy: proxySettings });
    try {
      const response = await send(dispatcher, { url: `${serverUrl}/v1/models`, headers: { 'x-api-key': KEY } }, { method: 'GET', idleTimeoutMs: 5_000 });
      await response.body.dump();
      return response.statusCode;
    } finally {
      await dispatcher.close();
    }
  }

  const certificateError = (error: unknown): boolean => /self[- ]signed|certificate/i.test(String((error as Error).message) + String((error as Error).cause ?? ''));

  it('direct connections refuse a self-signed certificate even with proxyStrictSSL off', async () => {
    await assert.rejects(sendKey({ url: undefined, noProxy: ['*'], strictSSL: false }), certificateError);
    assert.deepStrictEqual(received, [], 'the server never received the key');
  });

  it('direct connections refuse it with proxyStrictSSL on', async () => {
    await assert.rejects(sendKey({ url: undefined, noProxy: ['*'], strictSSL: true }), certificateError);
    assert.deepStrictEqual(received, []);
  });

  it('a host in http.noProxy is a direct connection: it verifies whatever proxyStrictSSL says', async () => {
    await assert.rejects(sendKey({ url: proxyUrl, noProxy: ['127.0.0.1'], strictSSL: false }), certificateError);
    assert.deepStrictEqual(received, []);
  });

  it('through the proxy, proxyStrictSSL off accepts the certificate, as a TLS-inspecting proxy needs', async () => {
    assert.strictEqual(await sendKey({ url: proxyUrl, noProxy: [], strictSSL: false }), 200);
    assert.deepStrictEqual(received, [KEY]);
  });

  it('through the proxy, proxyStrictSSL on refuses it', async () => {
    await assert.rejects(sendKey({ url: proxyUrl, noProxy: [], strictSSL: true }), certificateError);
    assert.deepStrictEqual(received, []);
  });
});
