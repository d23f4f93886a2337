// Turns any failure of a turn into words for the user and the actions that fix it. Pure.
import type { ApiError, ConnectionError, MalformedStreamError, StreamErrorEvent } from '../api/apiError';
import type { AuthHeaderStyle } from '../auth/credentials';
import type { SetupError } from '../providers/setupError';
import type { ErrorAction, TurnError } from './transcript';

export { SetupError } from '../providers/setupError';

export interface ErrorContext {
  host: string;
  model: string;
  headerStyle: AuthHeaderStyle | undefined;
}

const HEADER_NAMES: Record<AuthHeaderStyle, string> = {
  'x-api-key': '"x-api-key"',
  bearer: '"Authorization: Bearer"',
  both: 'both "x-api-key" and "Authorization: Bearer"',
};

/**
 * Errors are told apart by name, not instanceof: the HTTP client is a separate bundle, loaded on
 * the first request, with its own copies of the error classes.
 */
function isError<T extends Error>(error: unknown, name: string): error is T {
  return error instanceof Error && error.name === name;
}

export function describeError(error: unknown, context: ErrorContext): TurnError {
  if (isError<SetupError>(error, 'SetupError')) return { title: 'Not ready to send', detail: error.message, actions: [...error.actions] };
  if (isError<StreamErrorEvent>(error, 'StreamErrorEvent')) {
    return {
      title: 'The provider stopped the reply',
      detail: withRequestId(`${error.message}${typeSuffix(error)}. This is usually temporary: try again in a moment.`, error),
      actions: ['retry'],
    };
  }
  if (isError<ApiError>(error, 'ApiError')) return describeApiError(error, context);
  if (isError(error, 'HeaderFormsRefused')) return { title: 'The key was refused in both header forms', detail: error.message, actions: ['setApiKey', 'testConnection'] };
  if (isError<MalformedStreamError>(error, 'MalformedStreamError')) {
    return { title: 'The provider sent a reply that could not be read', detail: `${error.message} Try again; if it keeps happening, check that ${context.host} speaks the Claude Messages API.`, actions: ['retry', 'showLog'] };
  }
  if (isError<ConnectionError>(error, 'ConnectionError')) {
    return { title: `Could not complete the request to ${context.host}`, detail: `${error.message} Check your network, proxy and the base URL, then try again.`, actions: ['retry', 'testConnection', 'openSettings', 'showLog'] };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { title: 'Something went wrong', detail: message, actions: ['retry', 'showLog'] };
}

function describeApiError(error: ApiError, context: ErrorContext): TurnError {
  const status = error.status ?? 0;
  const said = providerSaid(error);
  const finish = (title: string, advice: string, actions: ErrorAction[]): TurnError => ({
    title: `${title} (HTTP ${status})`,
    detail: withRequestId(`${said} ${advice}`.trim(), error),
    actions,
  });
  switch (status) {
    case 401: {
      const sent = context.headerStyle ? HEADER_NAMES[context.headerStyle] : 'the configured header';
      const other = context.headerStyle === 'bearer' ? HEADER_NAMES['x-api-key'] : HEADER_NAMES.bearer;
      return finish('The provider rejected the API key', `The key was sent as ${sent}. Check the key, or if ${context.host} expects ${other}, change the Auth Header setting.`, ['setApiKey', 'testConnection', 'openSettings']);
    }
    case 402:
      return finish('The provider refused the request for billing reasons', 'Check the account\'s balance or plan.', ['retry']);
    case 403:
      return finish('The key is not allowed to do this', `Check that the key may use the model ${context.model}.`, ['setApiKey', 'openSettings']);
    case 404:
      // "model: … not found" or "… has been retired": the default model is one click away.
      if (/\bmodel\b/i.test(error.message)) return finish('The model is not available', `${context.model} is retired or unknown to ${context.host}.`, ['useDefaultModel', 'selectModel']);
      return finish('Not found', `Check the model id (${context.model}) and the base URL (${context.host}).`, ['openSettings', 'testConnection']);
    case 413:
      return finish('The request is too large', 'Start a new chat or send less text.', []);
    case 429:
      return finish('Rate limited', 'Wait a moment, then try again.', ['retry']);
    case 529:
      return finish('The provider is overloaded', 'Try again in a moment.', ['retry']);
    default:
      if (status >= 500) return finish('The provider had an error', 'Try again in a moment.', ['retry', 'showLog']);
      // Some gateways answer a retired or unknown model with 400, not 404.
      if (status === 400 && MODEL_UNAVAILABLE.test(error.message)) return finish('The model is not available', `${context.model} is retired or unknown to ${context.host}.`, ['useDefaultModel', 'selectModel']);
      if (status === 400) return finish('The provider rejected the request', `Check the model (${context.model}) and Max Tokens settings.`, ['openSettings', 'retry']);
      return finish('The request failed', '', ['retry', 'openSettings', 'showLog']);
  }
}

/** A provider's words for a model it does not serve: unknown, retired, unsupported (English or Chinese). */
const MODEL_UNAVAILABLE = /\b(unknown|invalid|unsupported|retired|deprecated)\s+model\b|\bmodel\b[^.]*?\b(not found|does not exist|doesn't exist|has been retired|is retired|is deprecated|not supported|is unsupported|unavailable|not available|no longer available|is invalid)|模型.{0,20}(不存在|不支持|已下线|已停用|无效)/i;

function providerSaid(error: ApiError): string {
  if (error.bodyExcerpt) return `${error.message} The response began: "${error.bodyExcerpt}".`;
  return `The provider said: "${error.message}"${typeSuffix(error)}.`;
}

function typeSuffix(error: ApiError): string {
  return error.errorType ? ` (${error.errorType})` : '';
}

function withRequestId(text: string, error: ApiError): string {
  return error.requestId ? `${text} Request id: ${error.requestId}.` : text;
}
