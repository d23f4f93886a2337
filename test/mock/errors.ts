// Error bodies in the Anthropic shape (the API's errors reference), shared by faults and by the auth checks.
import { randomBytes } from 'crypto';

/** The documented `error.type` values; the list may grow, so any string is allowed too. */
export type ApiErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'billing_error'
  | 'permission_error'
  | 'not_found_error'
  | 'conflict_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'timeout_error'
  | 'overloaded_error'
  | (string & {});

export interface ApiErrorBody {
  type: 'error';
  error: { type: ApiErrorType; message: string };
  request_id: string;
}

const errorTypeByStatus: Readonly<Record<number, ApiErrorType>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  409: 'conflict_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

const defaultMessages: Readonly<Record<string, string>> = {
  invalid_request_error: 'Invalid request',
  authentication_error: 'invalid x-api-key',
  billing_error: 'Your credit balance is too low to access the Anthropic API.',
  permission_error: 'Your API key does not have permission to use the specified resource.',
  not_found_error: 'The requested resource could not be found.',
  conflict_error: 'Conflict',
  request_too_large: 'Request exceeds the maximum allowed number of bytes.',
  rate_limit_error: 'Number of request tokens has exceeded your per-minute rate limit.',
  api_error: 'Internal server error',
  timeout_error: 'Request timed out',
  overloaded_error: 'Overloaded',
};

/** The API's errors reference: listed statuses map directly; other 4xx are invalid_request_error, other 5xx api_error. */
export function errorTypeForStatus(status: number): ApiErrorType {
  return errorTypeByStatus[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}

/** The reverse mapping, used when a mid-stream error has to be sent to a non-stream request. */
export function statusForErrorType(type: ApiErrorType): number {
  for (const [status, name] of Object.entries(errorTypeByStatus)) {
    if (name === type) return Number(status);
  }
  return 500;
}

export function defaultErrorMessage(type: ApiErrorType): string {
  return defaultMessages[type] ?? 'Error';
}

export function errorBody(type: ApiErrorType, message: string | undefined, requestId: string): ApiErrorBody {
  return { type: 'error', error: { type, message: message ?? defaultErrorMessage(type) }, request_id: requestId };
}

const idAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random id that looks like the API's (`req_011CSHoEeqs5C35K2UUqR7Fy`). */
export function randomId(prefix: string, length = 24): string {
  const bytes = randomBytes(length);
  let id = prefix;
  for (const byte of bytes) id += idAlphabet[byte % idAlphabet.length];
  return id;
}
