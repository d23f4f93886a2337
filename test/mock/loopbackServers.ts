// Servers on loopback for the network tests, in plain Node and inside the extension host: an HTTPS
// server with a self-signed certificate that openssl makes for the run, and an HTTP proxy.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { createProxy } from 'proxy';

export interface LoopbackServer<S extends http.Server> {
  server: S;
  /** 'https://127.0.0.1:PORT' or 'http://127.0.0.1:PORT'. */
  url: string;
  /** Ends every connection, stops listening, and removes what it wrote to disk. */
  close(): Promise<void>;
}

/** An HTTPS server on 127.0.0.1 whose certificate (for that address) nobody trusts. */
export async function startSelfSignedServer(handler: http.RequestListener): Promise<LoopbackServer<https.Server>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-assistant-tls-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  const server = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, handler);
  return listenOnLoopback(server, 'https', () => fs.rmSync(dir, { recursive: true, force: true }));
}

/** A forwarding HTTP proxy (CONNECT tunnels included) on 127.0.0.1. */
export function startProxy(): Promise<LoopbackServer<http.Server>> {
  return listenOnLoopback(createProxy(http.createServer()), 'http', () => undefined);
}

async function listenOnLoopback<S extends http.Server>(server: S, scheme: string, cleanUp: () => void): Promise<LoopbackServer<S>> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    url: `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      cleanUp();
    },
  };
}
