// Test Connection and model lists: the smallest real requests, and what they tell. No vscode.
import type { AuthHeaderStyle, Credentials } from '../auth/credentials';
import { errorFromResponse, redactError } from './apiError';
import { headerValue, readLimited, send } from './httpTransport';
import { apiUrl, buildMessagesRequest, endpointHeaders, type Endpoint } from './messagesRequest';
import { toClientError } from './messagesClient';
import { redactOptional, redactorFor, type Redact } from './redact';
import type { Dispatcher } from './undiciParts';

export interface ProbeAttempt {
  headerStyle: AuthHeaderStyle;
  status: number | undefined;
  latencyMs: number;
  requestId: string | undefined;
  /** The model that answered, or the error's message; any key in it is redacted. */
  detail: string;
}

export interface ProbeReport {
  attempts: ProbeAttempt[];
  /** The header style that got a 2xx, if any. */
  workingStyle: AuthHeaderStyle | undefined;
  /** Ids from GET /v1/models, or undefined where the provider does not answer it. */
  models: string[] | undefined;
  /** Whether the chosen model is in that list; undefined without a list. */
  modelListed: boolean | undefined;
}

export interface ProbeInput {
  endpoint: Endpoint;
  key: string;
  /** Undefined when the provider's documentation does not say: both forms are tried. */
  headerStyle: AuthHeaderStyle | undefined;
  model: string;
  idleTimeoutMs: number;
  signal?: AbortSignal;
}

const OTHER_STYLE: Record<AuthHeaderStyle, AuthHeaderStyle> = { 'x-api-key': 'bearer', bearer: 'x-api-key', both: 'x-api-key' };

/** Sends a one-token request with the configured header, and on a 401 or 403 with the other. */
export async function probeConnection(dispatcher: Dispatcher, input: ProbeInput): Promise<ProbeReport> {
  const styles: AuthHeaderStyle[] = input.headerStyle ? [input.headerStyle, OTHER_STYLE[input.headerStyle]] : ['x-api-key', 'bearer'];
  const attempts: ProbeAttempt[] = [];
  // The report goes to the log and a notification: a gateway that repeats the key must not put it there.
  const redact = redactorFor([input.key]);
  let workingStyle: AuthHeaderStyle | undefined;
  for (const headerStyle of styles) {
    const attempt = await probeOnce(dispatcher, input, headerStyle, redact);
    attempts.push(attempt);
    if (attempt.status !== undefined && attempt.status >= 200 && attempt.status < 300) {
      workingStyle = headerStyle;
      break;
    }
    // Only an authentication failure says anything about the header form.
    if (attempt.status !== 401 && attempt.status !== 403) break;
  }
  const models = workingStyle ? await listModels(dispatcher, input, workingStyle).catch(() => undefined) : undefined;
  return { attempts, workingStyle, models, modelListed: models ? isListed(input.model, models) : undefined };
}

async function probeOnce(dispatcher: Dispatcher, input: ProbeInput, headerStyle: AuthHeaderStyle, redact: Redact): Promise<ProbeAttempt> {
  const credentials: Credentials = { key: input.key, headerStyle, source: 'SecretStorage' };
  const http = buildMessagesRequest(input.endpoint, credentials, { model: input.model, max_tokens: 1, messages: [{ role: 'user', content: 'ping' }] });
  const started = Date.now();
  try {
    const response = await send(dispatcher, http, { method: 'POST', signal: input.signal, idleTimeoutMs: input.idleTimeoutMs });
    const latencyMs = Date.now() - started;
    const requestId = redactOptional(redact, headerValue(response.headers['request-id']));
    const body = redact(await readLimited(response.body).catch(() => ''));
    const status = response.statusCode;
    if (status >= 200 && status < 300) {
      const model = parseModel(body);
      return { headerStyle, status, latencyMs, requestId, detail: model ? `${model} answered` : 'answered' };
    }
    return { headerStyle, status, latencyMs, requestId, detail: errorFromResponse(status, requestId, body).message };
  } catch (error) {
    const failure = redactError(toClientError(error), redact);
    return { headerStyle, status: undefined, latencyMs: Date.now() - started, requestId: undefined, detail: failure instanceof Error ? failure.message : String(failure) };
  }
}

/** GET /v1/models, every page (up to 5,000 ids); throws where the provider does not answer it. */
export async function listModels(dispatcher: Dispatcher, input: Omit<ProbeInput, 'headerStyle' | 'model'>, headerStyle: AuthHeaderStyle): Promise<string[]> {
  return (await listModelEntries(dispatcher, input, headerStyle, modelId)).map((model) => model.id);
}

function modelId(entry: unknown): { id: string } | undefined {
  const id = (entry as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? { id } : undefined;
}

/**
 * GET /v1/models, every page, as the provider describes each model: the Models API's full entries,
 * or a gateway's bare ids, each read by `parse` (providers/liveModels.ts reads them all; entries
 * it cannot read are left out). Throws where the provider does not answer it.
 */
export async function listModelEntries<Model>(
  dispatcher: Dispatcher, input: Omit<ProbeInput, 'headerStyle' | 'model'>, headerStyle: AuthHeaderStyle, parse: (entry: unknown) => Model | undefined,
): Promise<Model[]> {
  const redact = redactorFor([input.key]);
  const models: Model[] = [];
  let afterId: string | undefined;
  for (let page = 0; page < 5; page++) {
    const query = `?limit=1000${afterId ? `&after_id=${encodeURIComponent(afterId)}` : ''}`;
    const headers = endpointHeaders(input.endpoint, { key: input.key, headerStyle, source: 'SecretStorage' });
    const response = await send(dispatcher, { url: apiUrl(input.endpoint.baseUrl, `/v1/models${query}`), headers }, { method: 'GET', signal: input.signal, idleTimeoutMs: input.idleTimeoutMs });
    // Redacted before JSON.parse too, whose errors quote the start of what it could not read.
    const body = redact(await readLimited(response.body, 4 * 1024 * 1024));
    if (response.statusCode !== 200) throw errorFromResponse(response.statusCode, redactOptional(redact, headerValue(response.headers['request-id'])), body);
    const json = JSON.parse(body) as { data?: unknown; has_more?: unknown; last_id?: unknown };
    for (const entry of Array.isArray(json.data) ? json.data : []) {
      const model = parse(entry);
      if (model) models.push(model);
    }
    if (json.has_more !== true || typeof json.last_id !== 'string') break;
    afterId = json.last_id;
  }
  return models;
}

/** An alias such as claude-sonnet-4-5 counts as listed when its dated id is. */
export function isListed(model: string, ids: readonly string[]): boolean {
  return ids.some((id) => id === model || (id.startsWith(`${model}-`) && /^\d{8}$/.test(id.slice(model.length + 1))));
}

function parseModel(body: string): string | undefined {
  try {
    const model = (JSON.parse(body) as { model?: unknown }).model;
    return typeof model === 'string' ? model : undefined;
  } catch {
    return undefined;
  }
}

/** A few lines for the log and the notification: what was tried and what came back. */
export function describeProbe(report: ProbeReport, host: string): string[] {
  const lines = report.attempts.map((attempt) => {
    const header = attempt.headerStyle === 'bearer' ? 'Authorization: Bearer' : attempt.headerStyle;
    const status = attempt.status === undefined ? 'no response' : `HTTP ${attempt.status}`;
    const id = attempt.requestId ? `, request id ${attempt.requestId}` : '';
    return `${header}: ${status} in ${attempt.latencyMs} ms${id}: ${attempt.detail}`;
  });
  if (report.models) lines.push(`GET /v1/models listed ${report.models.length} models${report.modelListed === false ? ', not including the chosen one' : ''}.`);
  else if (report.workingStyle) lines.push(`${host} does not answer GET /v1/models; the documented model list is used.`);
  return lines;
}
