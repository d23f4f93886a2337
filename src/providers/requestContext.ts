// Turns settings, the active profile, its stored key and the environment into what a request
// needs, or into a SetupError that says what to change. Pure.
import type { StreamOptions, StreamResult } from '../api/messagesClient';
import { buildMessagesRequest, type Endpoint, type HttpRequest } from '../api/messagesRequest';
import { buildCountTokensRequest } from '../api/tokenCount';
import type { MessagesRequestBody } from '../api/types';
import { checkBaseUrl, resolveCredentials, type AuthHeaderStyle, type Credentials } from '../auth/credentials';
import { minCacheableTokens } from './cacheLimits';
import type { ConnectionSettings as Settings, ConnectionSummary } from './connectionSettings';
import type { GatewayMemory, PromptCaching } from './gatewayFacts';
import { resolveModelInfo, type ModelInfo } from './modelCatalog';
import { findProfile, resolveProfiles, type ProviderProfile } from './profiles';
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
  stream(body: MessagesRequestBody, options: StreamOptions): Promise<StreamResult>;
  /** Prompt caching as set, and the model's minimum cacheable prefix; absent means none. */
  caching?: { setting: PromptCaching; minTokens: number };
  /** What this profile's provider was found to refuse; absent means nothing is remembered. */
  gateway?: GatewayMemory;
  /** The provider's count of a request's input tokens (POST /v1/messages/count_tokens). */
  countTokens?(body: MessagesRequestBody, signal?: AbortSignal): Promise<number>;
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
    stream: (body, options) => {
      if (!credentials) throw new Error('No credentials for this request.');
      return streamer.streamMessage(buildMessagesRequest(endpoint, credentials, body), options);
    },
    caching: { setting: context.promptCaching ?? 'auto', minTokens: minCacheableTokens(modelInfo) },
    gateway,
    ...(streamer.countTokens && credentials
      ? { countTokens: (body: MessagesRequestBody, signal?: AbortSignal) => streamer.countTokens!(buildCountTokensRequest(endpoint, credentials, body), signal) }
      : {}),
  };
}

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
    promptCaching: settings.promptCaching ?? 'auto',
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
