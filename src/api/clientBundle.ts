// Everything that needs undici, in one bundle (dist/client.js) loaded on the first request.
export { DEFAULT_CLIENT_SETTINGS, MessagesClient, type ClientSettings } from './messagesClient';
export { createDispatcher } from './httpTransport';
export { describeProbe, listModelEntries, listModels, probeConnection, type ProbeReport } from './providerProbe';
