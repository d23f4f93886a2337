// The two parts of undici the client uses, imported directly: the package's index also pulls in
// fetch, WebSocket, caches and mocks, which would double the size of the client bundle.
import type { Agent as UndiciAgent, Dispatcher } from 'undici';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const AgentClass: typeof UndiciAgent = require('undici/lib/dispatcher/agent');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const requestWith: (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData> = require('undici/lib/api/api-request');

export { AgentClass as Agent };
export type { Dispatcher };

export function request(dispatcher: Dispatcher, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
  return requestWith.call(dispatcher, options);
}
