// The settings that decide where requests go and how, as config.ts reads them. Pure.
import type { AuthHeaderStyle } from '../auth/credentials';
import type { PromptCaching } from './gatewayFacts';
import type { ModelOverrides } from './modelCatalog';

export interface ConnectionSettings {
  /** Id of the active provider profile. */
  profile: string;
  /** The user's `claudeAssistant.profiles` entries, unvalidated. */
  profiles: unknown;
  /** Overrides of the active profile; undefined means "the profile's own". */
  baseUrl: string | undefined;
  authHeader: AuthHeaderStyle | undefined;
  anthropicVersion: string | undefined;
  model: string | undefined;
  maxTokens: number;
  modelOverrides: ModelOverrides;
  maxRetries: number;
  connectTimeoutMs: number;
  idleTimeoutMs: number;
  proxy: { url: string | undefined; noProxy: string[]; strictSSL: boolean };
  /** `claudeAssistant.promptCaching`; absent reads as `auto`. */
  promptCaching?: PromptCaching;
}

/** What the header shows about where requests go. */
export interface ConnectionSummary {
  model: string;
  host: string;
  hasCredentials: boolean;
  /** Where the credentials come from, e.g. "SecretStorage" or "ANTHROPIC_API_KEY"; never the key. */
  credentialSource?: string;
  /** The provider profile's name, when profiles are in use. */
  profile?: string;
}
