import type { Settings } from '../../src/config';

/** Settings as `readSettings()` returns them with nothing set but the profile and `overrides`. */
export function settingsFor(profile: string, overrides: Partial<Settings> = {}): Settings {
  return {
    profile, profiles: [], baseUrl: undefined, authHeader: undefined, anthropicVersion: undefined, model: undefined,
    maxTokens: 64, modelOverrides: {}, maxRetries: 0, connectTimeoutMs: 2000, idleTimeoutMs: 2000,
    proxy: { url: undefined, noProxy: [], strictSSL: true }, ...overrides,
  };
}
