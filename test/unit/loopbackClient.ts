// The real client as the tests against a server on loopback make it.
import { DEFAULT_CLIENT_SETTINGS, type ClientSettings, type Logger } from '../../src/api/messagesClient';

/** Direct connections only, so that a proxy from the environment does not interfere. */
export function directSettings(overrides: Partial<ClientSettings> = {}): ClientSettings {
  return { ...DEFAULT_CLIENT_SETTINGS, proxy: { url: undefined, noProxy: ['*'], strictSSL: true }, ...overrides };
}

/** A log that keeps every line, warnings too, in `lines`, for tests that read what was logged. */
export function keepingLog(lines: string[]): Logger {
  return { info: (line) => lines.push(line), warn: (line) => lines.push(line) };
}
