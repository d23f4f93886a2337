// The parts of undici the client uses, imported directly: the package's index also pulls in
// fetch, WebSocket, caches and mocks, which would double the size of the client bundle.
import type { Dispatcher, EnvHttpProxyAgent as UndiciEnvHttpProxyAgent } from 'undici';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const EnvHttpProxyAgentClass: typeof UndiciEnvHttpProxyAgent = require('undici/lib/dispatcher/env-http-proxy-agent');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const requestWith: (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData> = require('undici/lib/api/api-request');

// As undici's index does: the proxy agent opens its tunnel with `dispatcher.connect()`.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const DispatcherClass: { prototype: object } = require('undici/lib/dispatcher/dispatcher');
// eslint-disable-next-line @typescript-eslint/no-require-imports
Object.assign(DispatcherClass.prototype, require('undici/lib/api'));

export { EnvHttpProxyAgentClass as EnvHttpProxyAgent };
export type { Dispatcher };

export function request(dispatcher: Dispatcher, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
  return requestWith.call(dispatcher, options);
}
