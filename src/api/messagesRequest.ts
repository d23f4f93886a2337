// Builds the HTTP request for POST /v1/messages: URL, headers and body. Pure.
import type { Credentials } from '../auth/credentials';
import type { MessagesRequestBody } from './types';

export interface Endpoint {
  baseUrl: string;
  anthropicVersion: string;
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

export function buildMessagesRequest(
  endpoint: Endpoint,
  credentials: Credentials,
  body: MessagesRequestBody,
): HttpRequest {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...authHeaders(credentials),
  };
  if (endpoint.anthropicVersion) headers['anthropic-version'] = endpoint.anthropicVersion;
  if (body.stream) headers['accept'] = 'text/event-stream';
  return { url: apiUrl(endpoint.baseUrl, '/v1/messages'), headers, body: JSON.stringify(body) };
}
