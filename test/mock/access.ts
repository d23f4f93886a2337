// Auth, version and body checks. Lenient mode checks only the key value (when one is configured), so
// ordinary tests need not care about header forms; strict mode applies the provider's documented rules.
import type { ApiErrorType } from './errors';
import { acceptsModel, isRetired, type ProviderRule } from './providers';

export interface Rejection {
  status: number;
  type: ApiErrorType;
  message: string;
}

export interface AccessPolicy {
  rule: ProviderRule;
  strict: boolean;
  apiKey: string | undefined;
  /**
   * For providers whose document does not name the header form: the one form the real service
   * takes. Unset, either form is accepted.
   */
  demandAuth?: 'x-api-key' | 'bearer';
}

/** Header values may be missing whatever the record type says. */
type Headers = Readonly<Record<string, string | undefined>>;

/** The key as sent in each header form; empty values count as absent. */
export function presentedKeys(headers: Headers): { xApiKey?: string; bearer?: string } {
  const xApiKey = headers['x-api-key']?.trim() || undefined;
  const match = /^Bearer\s+(\S.*)$/i.exec(headers['authorization']?.trim() ?? '');
  const bearer = match?.[1]?.trim() || undefined;
  return { xApiKey, bearer };
}

function unauthorized(message: string): Rejection {
  return { status: 401, type: 'authentication_error', message };
}

function badRequest(message: string): Rejection {
  return { status: 400, type: 'invalid_request_error', message };
}

/** Header checks, applied to every endpoint. Returns undefined when the request may proceed. */
export function checkHeaders(policy: AccessPolicy, headers: Headers): Rejection | undefined {
  const { xApiKey, bearer } = presentedKeys(headers);
  const { rule } = policy;
  if (!policy.strict) {
    if (policy.apiKey === undefined) return undefined;
    return xApiKey === policy.apiKey || bearer === policy.apiKey ? undefined : unauthorized('invalid x-api-key');
  }
  // The keys this provider would read, in the header form it documents.
  const form = !rule.authStated && policy.demandAuth ? policy.demandAuth : rule.auth;
  const usable = form === 'x-api-key' ? [xApiKey] : form === 'bearer' ? [bearer] : [xApiKey, bearer];
  const sent = usable.filter((key): key is string => key !== undefined);
  if (sent.length === 0) return unauthorized(rule.authMessage);
  if (policy.apiKey !== undefined && !sent.includes(policy.apiKey)) {
    return unauthorized(form === 'bearer' ? 'invalid bearer token' : 'invalid x-api-key');
  }
  const version = headers['anthropic-version']?.trim();
  if (!version) {
    return rule.versionRequired ? badRequest('anthropic-version: header is required') : undefined;
  }
  if (rule.versions && !rule.versions.includes(version)) {
    return badRequest(`anthropic-version: invalid version '${version}', expected one of ${rule.versions.join(', ')}`);
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Strict-mode body checks for /v1/messages and /v1/messages/count_tokens. */
export function checkMessagesBody(rule: ProviderRule, body: unknown, endpoint: 'messages' | 'count_tokens'): Rejection | undefined {
  if (!isRecord(body)) return badRequest('Request body must be a JSON object');
  if (typeof body.model !== 'string') return badRequest('model: Field required');
  if (!Array.isArray(body.messages)) return badRequest('messages: Field required');
  if (endpoint === 'messages' && typeof body.max_tokens !== 'number') return badRequest('max_tokens: Field required');
  if (!acceptsModel(rule, body.model)) {
    return { status: 404, type: 'not_found_error', message: `model: ${body.model} is not available from ${rule.name}` };
  }
  if (endpoint === 'messages' && isRetired(rule, body.model)) {
    return { status: 404, type: 'not_found_error', message: `model: ${body.model} has been retired` };
  }
  return undefined;
}
