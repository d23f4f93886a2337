// The client through a real HTTP proxy on loopback, as VS Code's http.proxy would configure it.
import * as assert from 'assert';
import type * as http from 'http';
import { DEFAULT_CLIENT_SETTINGS, MessagesClient } from '../../src/api/messagesClient';
import { buildMessagesRequest } from '../../src/api/messagesRequest';
import { startProxy, type LoopbackServer } from '../mock/loopbackServers';
import { textReply } from '../mock/server';
import { mockServerForSuite } from '../mock/suiteServer';

const quiet = { info: () => undefined, warn: () => undefined };

describe('MessagesClient through a proxy', function () {
  this.timeout(15_000);
  const server = mockServerForSuite();
  let proxy: LoopbackServer<http.Server>;
  const tunnels: string[] = [];

  before(async () => {
    proxy = await startProxy();
    proxy.server.on('connect', (request: http.IncomingMessage) => tunnels.push(request.url ?? ''));
    proxy.server.on('request', (request: http.IncomingMessage) => tunnels.push(request.url ?? ''));
  });
  after(() => proxy.close());
  beforeEach(() => {
    tunnels.length = 0;
  });

  const request = () =>
    buildMessagesRequest(
      { baseUrl: server.url, anthropicVersion: '2023-06-01' },
      { key: 'k', headerStyle: 'x-api-key', source: 'SecretStorage' },
      { model: 'claude-sonnet-4-5', max_tokens: 16, stream: true, messages: [{ role: 'user', content: 'hi' }] },
    );

  it('goes through http.proxy when one is set', async () => {
    server.enqueue({ reply: textReply('via the proxy') });
    const client = new MessagesClient(quiet, { ...DEFAULT_CLIENT_SETTINGS, proxy: { url: proxy.url, noProxy: [], strictSSL: true } });
    const { message } = await client.streamMessage(request());
    await client.close();
    assert.deepStrictEqual(message.content, [{ type: 'text', text: 'via the proxy' }]);
    const target = new URL(server.url).host;
    assert.ok(tunnels.some((url) => url.includes(target)), `the proxy carried the request to ${target}: ${tunnels.join(', ')}`);
  });

  it('goes straight to hosts listed in http.noProxy', async () => {
    const client = new MessagesClient(quiet, { ...DEFAULT_CLIENT_SETTINGS, proxy: { url: proxy.url, noProxy: ['127.0.0.1'], strictSSL: true } });
    await client.streamMessage(request());
    await client.close();
    assert.deepStrictEqual(tunnels, []);
    assert.strictEqual(server.requests.length, 1);
  });

  it('reports a proxy that cannot be reached as a connection failure', async () => {
    const client = new MessagesClient(quiet, { ...DEFAULT_CLIENT_SETTINGS, maxRetries: 0, proxy: { url: 'http://127.0.0.1:9', noProxy: [], strictSSL: true } });
    await assert.rejects(client.streamMessage(request()), { name: 'ConnectionError' });
    await client.close();
  });
});
