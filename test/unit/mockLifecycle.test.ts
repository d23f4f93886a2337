// The mock server's lifetime: close() frees the port and every socket and leaves nothing that keeps a
// process alive; the CLI prints MOCK_URL, logs without secrets, and exits cleanly on SIGTERM/SIGINT.
import * as assert from 'assert';
import { spawn, type ChildProcess } from 'child_process';
import * as path from 'path';
import { rawRequest } from '../mock/rawClient';
import { MockMessagesServer } from '../mock/server';

const mockDir = path.join(__dirname, '..', 'mock');
const request = { model: 'claude-sonnet-4-5', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'hi' }] };

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], onStdout?: (text: string, child: ChildProcess) => void): Promise<Exit> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    onStdout?.(stdout, child);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const killer = setTimeout(() => {
    child.kill('SIGKILL');
  }, 8000);
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

describe('mock server: lifecycle', () => {
  it('close() destroys open sockets, refuses new connections and is safe to repeat', async () => {
    const server = await MockMessagesServer.start();
    server.enqueue({ fault: { kind: 'hang' } });
    // Closing before the headers arrive would cut the request rather than the response.
    let headersArrived: () => void = () => undefined;
    const headers = new Promise<void>((resolve) => (headersArrived = resolve));
    const hanging = rawRequest(server.url, { path: '/v1/messages', body: request, onHeaders: () => headersArrived() });
    await headers;
    assert.strictEqual(server.openConnections(), 1);
    await server.close();
    const cut = await hanging;
    assert.strictEqual(cut.complete, false);
    assert.strictEqual(server.openConnections(), 0);
    await assert.rejects(rawRequest(server.url, { path: '/v1/models' }), /ECONNREFUSED/);
    await server.close();
  });

  it('leaves nothing that keeps the process alive after close()', async () => {
    // A child process exits by itself only if no server, socket or timer is left behind.
    const script = `
      const { MockMessagesServer } = require(${JSON.stringify(path.join(mockDir, 'server.js'))});
      (async () => {
        const server = await MockMessagesServer.start({ demo: true });
        server.enqueue({ fault: { kind: 'hang' } }, { fault: { kind: 'slowChunks', delayMs: 60000 } }, { delayMs: 60000 });
        const body = JSON.stringify(${JSON.stringify(request)});
        const post = () => fetch(server.url + '/v1/messages', { method: 'POST', body }).then((r) => r.text()).catch(() => 'cut');
        const pending = [post(), post(), post(), post()];
        await new Promise((r) => setTimeout(r, 300));
        await server.close();
        console.log('closed', (await Promise.all(pending)).filter((t) => t === 'cut').length);
      })();`;
    const started = Date.now();
    const exit = await run(['-e', script]);
    assert.strictEqual(exit.code, 0, exit.stderr);
    assert.strictEqual(exit.stdout.trim(), 'closed 4');
    assert.ok(Date.now() - started < 5000, `took ${String(Date.now() - started)} ms to exit`);
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`CLI prints MOCK_URL, logs requests without header values, and exits on ${signal}`, async () => {
      let requested = false;
      const statuses: number[] = [];
      const secret = 'sk-super-secret-value';
      const exit = await run([path.join(mockDir, 'cli.js'), '--provider', 'qingbo', '--strict', '--api-key', secret], (stdout, child) => {
        const url = /^MOCK_URL=(http:\/\/127\.0\.0\.1:\d+)$/m.exec(stdout)?.[1];
        if (!url || requested) return;
        requested = true;
        const headers = { authorization: `Bearer ${secret}`, 'anthropic-version': '2023-06-01' };
        void rawRequest(url, { path: '/v1/messages', headers, body: { ...request, model: 'claude-opus-4.6' } })
          .then((res) => {
            statuses.push(res.status);
            return rawRequest(url, { path: '/v1/models', headers: {} });
          })
          .then((res) => {
            statuses.push(res.status);
          })
          .catch(() => undefined)
          .finally(() => {
            child.kill(signal);
          });
      });
      assert.strictEqual(exit.code, 0, exit.stderr);
      assert.deepStrictEqual(statuses, [200, 401]);
      assert.match(exit.stdout, /^MOCK_URL=http:\/\/127\.0\.0\.1:\d+\n$/);
      assert.match(exit.stderr, /^POST \/v1\/messages 200 \d+ms$/m);
      assert.match(exit.stderr, /^GET \/v1\/models 401 \d+ms$/m);
      assert.ok(!exit.stderr.includes(secret), 'the key never reaches the log');
    });
  }

  it('CLI rejects an unknown provider with usage and exit code 2', async () => {
    const exit = await run([path.join(mockDir, 'cli.js'), '--provider', 'nope']);
    assert.strictEqual(exit.code, 2);
    assert.match(exit.stderr, /unknown --provider: nope\nusage: /);
  });
});
