// Turns settings, the active profile, its stored key and the environment into what a request
// needs, or into a SetupError that says what to change. Pure.
import type { StreamOptions, StreamResult } from '../api/messagesClient';
import type { Endpoint, HttpRequest } from '../api/messagesRequest';
import { buildCountTokensRequest } from '../api/tokenCount';
import type { MessagesRequestBody } from '../api/types';
import { checkBaseUrl, resolveCredentials, type AuthHeaderStyle, type Credentials } from '../auth/credentials';
import { minCacheableTokens } from './cacheLimits';
import type { ConnectionSettings as Settings, ConnectionSummary } from './connectionSettings';
import type { GatewayMemory, PromptCaching } from './gatewayFacts';
import { streamLearningHeader, type HeaderLearning } from './headerLearning';
import { headerPlan, type HeaderForm, type ProfileFacts } from './learnedFacts';
import { chooseDefaultModel, findLive, mergeModelInfo, type LiveModel } from './liveModels';
import { resolveModelInfo, type ModelInfo } from './modelCatalog';
import { DEFAULT_PROFILE_ID, findProfile, resolveProfiles, type ProviderProfile, type ToolFormSetting } from './profiles';
import { SetupError } from './setupError';

/** Everything a request needs, read fresh for each turn so setting changes apply at once. */
export interface RequestContext {
  endpoint: Endpoint;
  /** Undefined when no key is set; `SetupError`s are thrown by the resolver for broken settings. */
  credentials: Credentials | undefined;
  model: string;
  /** What the model id says about limits, thinking, tools and prices. */
  modelInfo: ModelInfo;
  maxTokens: number;
  host: string;
  /** The active profile's id; undefined in contexts made by hand. */
  profileId?: string;
  toolForm?: ToolFormSetting;
  /** Set while the provider's key header form is still to be learned from its answers. */
  headerLearning?: HeaderLearning;
  promptCaching?: PromptCaching;
}

/** The HTTP client, as the request target sees it. */
export interface MessageStreamer {
  streamMessage(http: HttpRequest, options: StreamOptions): Promise<StreamResult>;
  countTokens?(http: HttpRequest, signal?: AbortSignal): Promise<number>;
}

/**
 * Where one turn's requests go. The conversation engine hands it a request body; the endpoint and
 * the credentials stay in here and never reach the engine.
 */
export interface RequestTarget {
  model: string;
  modelInfo: ModelInfo;
  maxTokens: number;
  host: string;
  /** How the key is sent, for error advice; undefined when there is no key. */
  headerStyle: AuthHeaderStyle | undefined;
  hasCredentials: boolean;
  /** The active profile, and how it sends tools (see ToolFormSetting). */
  profileId: string;
  toolForm: ToolFormSetting;
  /**
   * `betas`: `anthropic-beta` values this request needs on top of the profile's (a tool's).
   * `notice`: what was learned on the way (the key's header form), for a remark under the reply.
   */
  stream(body: MessagesRequestBody, options: StreamOptions, betas?: readonly string[]): Promise<StreamResult & { notice?: string }>;
  /** Prompt caching as set, and the model's minimum cacheable prefix; absent means none. */
  caching?: { setting: PromptCaching; minTokens: number };
  /** What this profile's provider was found to refuse; absent means nothing is remembered. */
  gateway?: GatewayMemory;
  /** The provider's count of a request's input tokens (POST /v1/messages/count_tokens); `betas` as for `stream`. */
  countTokens?(body: MessagesRequestBody, signal?: AbortSignal, betas?: readonly string[]): Promise<number>;
}

export function requestTarget(context: RequestContext, streamer: MessageStreamer, gateway?: GatewayMemory): RequestTarget {
  const { endpoint, credentials, model, modelInfo, maxTokens, host } = context;
  return {
    model,
    modelInfo,
    maxTokens,
    host,
    headerStyle: credentials?.headerStyle,
    hasCredentials: credentials !== undefined,
    profileId: context.profileId ?? '',
    toolForm: context.toolForm ?? 'auto',
    stream: async (body, options, betas = []) => {
      if (!credentials) throw new Error('No credentials for this request.');
      const { result, notice } = await streamLearningHeader(streamer, { ...context, endpoint: withBetas(endpoint, betas), credentials }, body, options);
      return { ...result, ...(notice ? { notice } : {}) };
    },
    caching: { setting: context.promptCaching ?? 'auto', minTokens: minCacheableTokens(modelInfo) },
    gateway,
    ...(streamer.countTokens && credentials
      ? { countTokens: (body: MessagesRequestBody, signal?: AbortSignal, betas: readonly string[] = []) => streamer.countTokens!(buildCountTokensRequest(withBetas(endpoint, betas), credentials, body), signal) }
      : {}),
  };
}

/** The endpoint with a request's own `anthropic-beta` values added to the profile's. */
function withBetas(endpoint: Endpoint, betas: readonly string[]): Endpoint {
  return betas.length > 0 ? { ...endpoint, betas: [...new Set([...(endpoint.betas ?? []), ...betas])] } : endpoint;
}

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
    profileId: profile.id,
    toolForm: profile.toolForm ?? 'auto',
    promptCaching: settings.promptCaching ?? 'auto',
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
