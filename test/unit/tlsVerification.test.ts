// http.proxyStrictSSL relaxes certificate checks on proxied connections only: a real TLS server on
// loopback with a self-signed certificate (made by openssl for this run) never gets the key directly.
import * as assert from 'assert';
import type * as http from 'http';
import type * as https from 'https';
import { createDispatcher, send, DEFAULT_TRANSPORT, type ProxySettings } from '../../src/api/httpTransport';
import { startProxy, startSelfSignedServer, type LoopbackServer } from '../mock/loopbackServers';

const KEY = 'sk-ant-tls-test-0123456789';

describe('TLS verification and http.proxyStrictSSL', function () {
  this.timeout(20_000);
  let server: LoopbackServer<https.Server>;
  let proxy: LoopbackServer<http.Server>;
  /** The key header of every request the self-signed server received. */
  const received: string[] = [];

  before(async () => {
    server = await startSelfSignedServer((request, response) => {
      received.push(String(request.headers['x-api-key']));
      response.end('ok');
    });
    proxy = await startProxy();
  });
  after(async () => {
    await server.close();
    await proxy.close();
  });
  beforeEach(() => {
    received.length = 0;
  });

  /** Sends the key to the self-signed server with these proxy settings; resolves with the status. */
  async function sendKey(proxySettings: ProxySettings): Promise<number> {
    const dispatcher = createDispatcher({ ...DEFAULT_TRANSPORT, connectTimeoutMs: 5_000, proxy: proxySettings });
    try {
      const response = await send(dispatcher, { url: `${server.url}/v1/models`, headers: { 'x-api-key': KEY } }, { method: 'GET', idleTimeoutMs: 5_000 });
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
    await assert.rejects(sendKey({ url: proxy.url, noProxy: ['127.0.0.1'], strictSSL: false }), certificateError);
    assert.deepStrictEqual(received, []);
  });

  it('through the proxy, proxyStrictSSL off accepts the certificate, as a TLS-inspecting proxy needs', async () => {
    assert.strictEqual(await sendKey({ url: proxy.url, noProxy: [], strictSSL: false }), 200);
    assert.deepStrictEqual(received, [KEY]);
  });

  it('through the proxy, proxyStrictSSL on refuses it', async () => {
    await assert.rejects(sendKey({ url: proxy.url, noProxy: [], strictSSL: true }), certificateError);
    assert.deepStrictEqual(received, []);
  });
});
