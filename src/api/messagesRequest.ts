// Builds the HTTP request for POST /v1/messages: URL, headers and body. Pure.
import type { Credentials } from '../auth/credentials';
import type { MessagesRequestBody } from './types';

export interface Endpoint {
  baseUrl: string;
  /** Empty: the header is not sent. */
  anthropicVersion: string;
  /** The profile's own headers; they never replace the ones the client sets. */
  extraHeaders?: Readonly<Record<string, string>>;
  /** Sent as one comma-joined `anthropic-beta` header. */
  betas?: readonly string[];
}

export interface HttpRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Joins the base URL and an API path, tolerating a trailing slash or a base that already ends in /v1. */
export function apiUrl(baseUrl: string, path: string): string {
  const base = baseUrl.trim().replace(/\/+$/, '').replace(/\/v1$/, '');
  return `${base}${path}`;
}

export function authHeaders(credentials: Credentials): Record<string, string> {
  const headers: Record<string, string> = {};
  if (credentials.headerStyle === 'x-api-key' || credentials.headerStyle === 'both') {
    headers['x-api-key'] = credentials.key;
  }
  if (credentials.headerStyle === 'bearer' || credentials.headerStyle === 'both') {
    headers['authorization'] = `Bearer ${credentials.key}`;
  }
  return headers;
}

/** The one place a request's headers are built: the profile's own, then credentials and version, which they never replace. */
export function endpointHeaders(endpoint: Endpoint, credentials: Credentials, extra: Record<string, string> = {}): Record<string, string> {
  const headers: Record<string, string> = { ...endpoint.extraHeaders, ...extra, ...authHeaders(credentials) };
  if (endpoint.anthropicVersion) headers['anthropic-version'] = endpoint.anthropicVersion;
  return headers;
}

export function buildMessagesRequest(
  endpoint: Endpoint,
  credentials: Credentials,
  body: MessagesRequestBody,
): HttpRequest {
  const headers = endpointHeaders(endpoint, credentials, { 'content-type': 'application/json' });
  if (endpoint.betas && endpoint.betas.length > 0) headers['anthropic-beta'] = endpoint.betas.join(',');
  if (body.stream) headers['accept'] = 'text/event-stream';
  return { url: apiUrl(endpoint.baseUrl, '/v1/messages'), headers, body: JSON.stringify(body) };
}
