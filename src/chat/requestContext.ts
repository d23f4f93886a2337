// Turns settings, the active profile, its stored key and the environment into what a request
// needs, or into a SetupError that says what to change. Pure.
import { checkBaseUrl, resolveCredentials, type AuthHeaderStyle } from '../auth/credentials';
import type { Settings } from '../config';
import { resolveModelInfo } from '../providers/modelCatalog';
import { findProfile, resolveProfiles, type ProviderProfile } from '../providers/profiles';
import type { ConnectionSummary } from '../webview/protocol';
import type { RequestContext } from './chatSession';
import { SetupError } from './errorAdvice';

type Env = Readonly<Record<string, string | undefined>>;

const ANTHROPIC_BASE_URL = 'https://api.anthropic.com';

export function activeProfile(settings: Settings): ProviderProfile {
  return findProfile(resolveProfiles(settings.profiles).profiles, settings.profile);
}

/**
 * The `claudeAssistant.baseUrl` override wins; then ANTHROPIC_BASE_URL where the profile has no
 * URL of its own or is Anthropic's; then the profile's.
 */
export function effectiveBaseUrl(settings: Settings, profile: ProviderProfile, env: Env): string | undefined {
  if (settings.baseUrl) return settings.baseUrl;
  const fromEnv = env.ANTHROPIC_BASE_URL?.trim();
  if (fromEnv && (!profile.baseUrl || profile.baseUrl === ANTHROPIC_BASE_URL)) return fromEnv;
  return profile.baseUrl;
}

export function effectiveAuthHeader(settings: Settings, profile: ProviderProfile): AuthHeaderStyle | undefined {
  return settings.authHeader ?? profile.authHeader;
}

export function effectiveModel(settings: Settings, profile: ProviderProfile): string | undefined {
  return settings.model ?? profile.defaultModel;
}

export function buildRequestContext(settings: Settings, storedKey: string | undefined, env: Env, profile = activeProfile(settings)): RequestContext {
  const baseUrl = effectiveBaseUrl(settings, profile, env);
  if (!baseUrl) {
    throw new SetupError(`The ${profile.name} profile has no base URL: its documentation does not state one. Run "Claude Assistant: Select Provider Profile" to enter it, or set Base URL.`, ['openSettings']);
  }
  const problem = checkBaseUrl(baseUrl);
  if (problem) throw new SetupError(`${problem} Fix the Base URL setting.`, ['openSettings']);
  const model = effectiveModel(settings, profile);
  if (!model) throw new SetupError(`No model is chosen for ${profile.name}. Run "Claude Assistant: Select Model".`, ['openSettings']);
  if (!Number.isInteger(settings.maxTokens) || settings.maxTokens < 1) {
    throw new SetupError('Max Tokens must be a whole number of at least 1.', ['openSettings']);
  }
  const headerStyle = effectiveAuthHeader(settings, profile);
  const credentials = resolveCredentials({ storedKey, env, headerStyle: headerStyle ?? 'x-api-key' });
  if (credentials && credentials.source !== 'ANTHROPIC_AUTH_TOKEN' && !headerStyle) {
    throw new SetupError(`${profile.name}'s documentation does not say whether the key goes in "x-api-key" or "Authorization: Bearer". Test Connection tries both and keeps the one that works.`, ['testConnection']);
  }
  return {
    endpoint: {
      baseUrl,
      anthropicVersion: settings.anthropicVersion ?? profile.anthropicVersion ?? '',
      extraHeaders: profile.extraHeaders,
      betas: profile.betas,
    },
    credentials,
    model,
    modelInfo: resolveModelInfo(model, settings.modelOverrides),
    maxTokens: settings.maxTokens,
    host: hostOf(baseUrl),
  };
}

export function summarise(settings: Settings, storedKey: string | undefined, env: Env): ConnectionSummary {
  const profile = activeProfile(settings);
  const credentials = resolveCredentials({ storedKey, env, headerStyle: effectiveAuthHeader(settings, profile) ?? 'x-api-key' });
  const baseUrl = effectiveBaseUrl(settings, profile, env);
  return {
    profile: profile.name,
    model: effectiveModel(settings, profile) ?? 'no model',
    host: baseUrl ? hostOf(baseUrl) : 'no base URL',
    hasCredentials: credentials !== undefined,
    credentialSource: credentials?.source,
  };
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}
