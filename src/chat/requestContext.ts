// Turns settings, the active profile, its stored key and the environment into what a request
// needs, or into a SetupError that says what to change. Pure.
import { checkBaseUrl, resolveCredentials, type AuthHeaderStyle } from '../auth/credentials';
import type { Settings } from '../config';
import { chooseDefaultModel, findLive, mergeModelInfo, type LiveModel } from '../providers/liveModels';
import { resolveModelInfo } from '../providers/modelCatalog';
import type { HeaderLearning } from '../providers/headerLearning';
import { headerPlan, type HeaderForm, type ProfileFacts } from '../providers/learnedFacts';
import { DEFAULT_PROFILE_ID, findProfile, resolveProfiles, type ProviderProfile } from '../providers/profiles';
import type { ConnectionSummary } from '../webview/protocol';
import type { RequestContext } from './chatSession';
import { SetupError } from './errorAdvice';

type Env = Readonly<Record<string, string | undefined>>;

export function activeProfile(settings: Settings): ProviderProfile {
  return findProfile(resolveProfiles(settings.profiles).profiles, settings.profile);
}

/**
 * The `claudeAssistant.baseUrl` override wins; then ANTHROPIC_BASE_URL, for the Anthropic profile
 * only (as Claude Code points at a gateway), so no other profile's key is ever sent there; then
 * the profile's own.
 */
export function effectiveBaseUrl(settings: Settings, profile: ProviderProfile, env: Env): string | undefined {
  if (settings.baseUrl) return settings.baseUrl;
  const fromEnv = env.ANTHROPIC_BASE_URL?.trim();
  if (fromEnv && profile.id === DEFAULT_PROFILE_ID) return fromEnv;
  return profile.baseUrl;
}

export function effectiveAuthHeader(settings: Settings, profile: ProviderProfile): AuthHeaderStyle | undefined {
  return settings.authHeader ?? profile.authHeader;
}

/** The model chosen in settings, else the default: chosen from the live list, never a retired one. */
export function effectiveModel(settings: Settings, profile: ProviderProfile, live?: readonly LiveModel[]): string | undefined {
  return settings.model ?? chooseDefaultModel(live, profile.defaultModel, profile.models);
}

/** What has been learned about the active profile, and how to record more. */
export interface Learned {
  facts?: ProfileFacts;
  record?: HeaderLearning['record'];
  /** The provider's own model list, where it serves one. */
  liveModels?: readonly LiveModel[];
}

export function buildRequestContext(settings: Settings, storedKey: string | undefined, env: Env, profile = activeProfile(settings), learned: Learned = {}): RequestContext {
  const baseUrl = effectiveBaseUrl(settings, profile, env);
  if (!baseUrl) {
    throw new SetupError(`The ${profile.name} profile has no base URL: its documentation does not state one. Run "Claude Assistant: Select Provider Profile" to enter it, or set Base URL.`, ['openSettings']);
  }
  const problem = checkBaseUrl(baseUrl);
  if (problem) throw new SetupError(`${problem} Fix the Base URL setting.`, ['openSettings']);
  const model = effectiveModel(settings, profile, learned.liveModels);
  if (!model) throw new SetupError(`No model is chosen for ${profile.name}. Run "Claude Assistant: Select Model".`, ['openSettings']);
  if (!Number.isInteger(settings.maxTokens) || settings.maxTokens < 1) {
    throw new SetupError('Max Tokens must be a whole number of at least 1.', ['openSettings']);
  }
  const plan = headerPlan(effectiveAuthHeader(settings, profile), learned.facts);
  const credentials = resolveCredentials({ storedKey, env, headerStyle: plan.style, environmentAllowed: profile.useEnvironmentKey });
  // A bearer token from ANTHROPIC_AUTH_TOKEN leaves nothing to learn.
  const headerLearning = plan.alternative && credentials?.source !== 'ANTHROPIC_AUTH_TOKEN'
    ? { profileName: profile.name, alternative: plan.alternative, record: learned.record ?? (async (_form: HeaderForm, _evidence: string) => undefined) }
    : undefined;
  return {
    ...(headerLearning ? { headerLearning } : {}),
    endpoint: {
      baseUrl,
      anthropicVersion: settings.anthropicVersion ?? profile.anthropicVersion ?? '',
      extraHeaders: profile.extraHeaders,
      betas: profile.betas,
    },
    credentials,
    model,
    modelInfo: resolveModelInfo(model, settings.modelOverrides, mergeModelInfo(model, findLive(learned.liveModels, model))),
    maxTokens: settings.maxTokens,
    host: hostOf(baseUrl),
  };
}

export function summarise(settings: Settings, storedKey: string | undefined, env: Env, liveModels?: readonly LiveModel[]): ConnectionSummary {
  const profile = activeProfile(settings);
  const credentials = resolveCredentials({ storedKey, env, headerStyle: effectiveAuthHeader(settings, profile) ?? 'x-api-key', environmentAllowed: profile.useEnvironmentKey });
  // The summary names the key's source, never the key, so the header form does not matter here.
  const baseUrl = effectiveBaseUrl(settings, profile, env);
  return {
    profile: profile.name,
    model: effectiveModel(settings, profile, liveModels) ?? 'no model',
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
