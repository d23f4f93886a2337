// Turns settings, the stored key and the environment into what a request needs. Pure.
import { checkBaseUrl, resolveBaseUrl, resolveCredentials } from '../auth/credentials';
import type { Settings } from '../config';
import { modelInfo } from '../providers/modelCatalog';
import type { ConnectionSummary } from '../webview/protocol';
import type { RequestContext } from './chatSession';
import { SetupError } from './errorAdvice';

type Env = Readonly<Record<string, string | undefined>>;

export function buildRequestContext(settings: Settings, storedKey: string | undefined, env: Env): RequestContext {
  const baseUrl = resolveBaseUrl(settings.baseUrl, env);
  const problem = checkBaseUrl(baseUrl);
  if (problem) throw new SetupError(`${problem} Fix the Base URL setting.`, ['openSettings']);
  if (!settings.model) throw new SetupError('No model is set. Choose one in the Model setting.', ['openSettings']);
  if (!Number.isInteger(settings.maxTokens) || settings.maxTokens < 1) {
    throw new SetupError('Max Tokens must be a whole number of at least 1.', ['openSettings']);
  }
  return {
    endpoint: { baseUrl, anthropicVersion: settings.anthropicVersion },
    credentials: resolveCredentials({ storedKey, env, headerStyle: settings.authHeader }),
    model: settings.model,
    modelInfo: modelInfo(settings.model),
    maxTokens: settings.maxTokens,
    host: hostOf(baseUrl),
  };
}

export function summarise(settings: Settings, storedKey: string | undefined, env: Env): ConnectionSummary {
  const credentials = resolveCredentials({ storedKey, env, headerStyle: settings.authHeader });
  return {
    model: settings.model,
    host: hostOf(resolveBaseUrl(settings.baseUrl, env)),
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
