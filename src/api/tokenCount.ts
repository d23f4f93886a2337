// POST /v1/messages/count_tokens: the provider's own count of a request's input tokens. Pure
// request building; the call itself runs on the client's dispatcher.
import type { Credentials } from '../auth/credentials';
import { errorFromResponse, redactError } from './apiError';
import { headerValue, readLimited, send } from './httpTransport';
import { apiUrl, endpointHeaders, type Endpoint, type HttpRequest } from './messagesRequest';
import { toClientError } from './messagesClient';
import { keysInHeaders, redactorFor } from './redact';
import type { MessagesRequestBody } from './types';
import type { Dispatcher } from './undiciParts';

/** The fields count_tokens takes; it has no max_tokens and no stream. */
const COUNTED_FIELDS = ['model', 'messages', 'system', 'tools', 'tool_choice', 'thinking', 'output_config', 'context_management'];

export function buildCountTokensRequest(endpoint: Endpoint, credentials: Credentials, body: MessagesRequestBody): HttpRequest {
  const counted: Record<string, unknown> = {};
  for (const field of COUNTED_FIELDS) if (body[field] !== undefined) counted[field] = body[field];
  const headers = endpointHeaders(endpoint, credentials, { 'content-type': 'application/json' });
  if (endpoint.betas && endpoint.betas.length > 0) headers['anthropic-beta'] = endpoint.betas.join(',');
  return { url: apiUrl(endpoint.baseUrl, '/v1/messages/count_tokens'), headers, body: JSON.stringify(counted) };
}

/** The count, or an ApiError (a gateway without the endpoint answers 404, or 400). */
export async function countTokens(dispatcher: Dispatcher, http: HttpRequest, idleTimeoutMs: number, signal?: AbortSignal): Promise<number> {
  const redact = redactorFor(keysInHeaders(http.headers));
  try {
    const response = await send(dispatcher, http, { method: 'POST', signal, idleTimeoutMs });
    const text = redact(await readLimited(response.body));
    if (response.statusCode < 200 || response.statusCode >= 300) throw errorFromResponse(response.statusCode, headerValue(response.headers['request-id']), text, response.headers);
    const parsed = JSON.parse(text) as { input_tokens?: unknown };
    if (typeof parsed.input_tokens !== 'number' || !Number.isFinite(parsed.input_tokens) || parsed.input_tokens < 0) {
      throw errorFromResponse(response.statusCode, headerValue(response.headers['request-id']), text);
    }
    return parsed.input_tokens;
  } catch (error) {
    throw redactError(toClientError(error), redact);
  }
}
