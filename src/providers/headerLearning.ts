// Sends a request whose key header form is not known yet: one form first, and on a 401 or 403,
// before anything was shown, the other; the form that worked is recorded. Pure.
import type { StreamOptions, StreamResult } from '../api/messagesClient';
import { buildMessagesRequest, type Endpoint } from '../api/messagesRequest';
import type { MessagesRequestBody } from '../api/types';
import type { Credentials } from '../auth/credentials';
import { HEADER_FORM_LABELS, learnedNotice, type HeaderForm } from './learnedFacts';

/** Present on a request context when the header form is still to be learned. */
export interface HeaderLearning {
  profileName: string;
  /** The form to try when the first is refused. */
  alternative: HeaderForm;
  /** Stores the form that worked, with the response it was learned from. */
  record(form: HeaderForm, evidence: string): Promise<void>;
}

export interface LearningRequest {
  endpoint: Endpoint;
  credentials: Credentials;
  headerLearning?: HeaderLearning;
}

export interface Streamer {
  streamMessage(http: ReturnType<typeof buildMessagesRequest>, options: StreamOptions): Promise<StreamResult>;
}

/** Both forms were refused: the key itself is wrong, or the provider wants something else. */
export class HeaderFormsRefused extends Error {
  constructor(profileName: string, statuses: readonly [number, number]) {
    super(`${profileName} refused the key both as x-api-key (HTTP ${statuses[0]}) and as Authorization: Bearer (HTTP ${statuses[1]}). Check the key, or set it again.`);
    this.name = 'HeaderFormsRefused';
  }
}

export async function streamLearningHeader(streamer: Streamer, request: LearningRequest, body: MessagesRequestBody, options: StreamOptions): Promise<{ result: StreamResult; notice?: string }> {
  const { endpoint, credentials, headerLearning } = request;
  const first = await attempt(streamer, endpoint, credentials, body, options, headerLearning !== undefined);
  if (!headerLearning) return { result: first as StreamResult };
  const firstForm = credentials.headerStyle as HeaderForm;
  if (!isRefusal(first)) return learned(headerLearning, firstForm, first);
  const second = await attempt(streamer, endpoint, { ...credentials, headerStyle: headerLearning.alternative }, body, options, true);
  if (!isRefusal(second)) return learned(headerLearning, headerLearning.alternative, second);
  const statuses: [number, number] = [first.status, second.status];
  // Reported in the order the notice names them.
  throw new HeaderFormsRefused(headerLearning.profileName, firstForm === 'x-api-key' ? statuses : [statuses[1], statuses[0]]);
}

interface Refusal {
  refused: true;
  status: number;
}

function isRefusal(value: StreamResult | Refusal): value is Refusal {
  return 'refused' in value;
}

async function attempt(streamer: Streamer, endpoint: Endpoint, credentials: Credentials, body: MessagesRequestBody, options: StreamOptions, learning: boolean): Promise<StreamResult | Refusal> {
  try {
    return await streamer.streamMessage(buildMessagesRequest(endpoint, credentials, body), options);
  } catch (error) {
    // A 401 or 403 is an answer about the header form only while it is being learned; it comes
    // before any output, so nothing was shown that a second try would repeat.
    const status = (error as { status?: unknown }).status;
    if (learning && error instanceof Error && error.name === 'ApiError' && (status === 401 || status === 403)) return { refused: true, status };
    throw error;
  }
}

async function learned(learning: HeaderLearning, form: HeaderForm, result: StreamResult): Promise<{ result: StreamResult; notice: string }> {
  const requestId = result.requestId ? `, request id ${result.requestId}` : '';
  await learning.record(form, `HTTP ${result.status} to POST /v1/messages with ${HEADER_FORM_LABELS[form]}${requestId}`);
  return { result, notice: learnedNotice(learning.profileName, form) };
}
