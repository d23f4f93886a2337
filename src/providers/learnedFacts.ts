// What a provider has shown it accepts, learned from its own answers, per profile and base URL:
// the single home of such facts (the header that carries the key, for now). Pure.
import type { AuthHeaderStyle } from '../auth/credentials';

/** The two forms a key can take; "both" is a configured choice, never a learned one. */
export type HeaderForm = Extract<AuthHeaderStyle, 'x-api-key' | 'bearer'>;

export const HEADER_FORM_LABELS: Readonly<Record<HeaderForm, string>> = { 'x-api-key': 'x-api-key', bearer: 'Authorization: Bearer' };

export interface LearnedFact<T> {
  value: T;
  /** Milliseconds since the epoch. */
  learnedAt: number;
  /** The response it was learned from, e.g. "HTTP 200 to POST /v1/messages, request id req_1". */
  evidence: string;
}

export interface ProfileFacts {
  /** The base URL the facts were learned at; facts about another URL say nothing about this one. */
  baseUrl: string;
  headerForm?: LearnedFact<HeaderForm>;
}

/** Profile id to its facts, as kept in the extension's global state. */
export type LearnedFacts = Readonly<Record<string, ProfileFacts>>;

/** The same endpoint however it is written: no trailing slash, no trailing /v1, lower-case host. */
export function sameEndpoint(a: string, b: string): boolean {
  return normalise(a) === normalise(b);
}

function normalise(baseUrl: string): string {
  const trimmed = baseUrl.trim().replace(/\/+$/, '').replace(/\/v1$/, '');
  try {
    const url = new URL(trimmed);
    return `${url.protocol}//${url.host.toLowerCase()}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return trimmed;
  }
}

/** The facts learned for this profile at this base URL; none when the URL has changed since. */
export function factsFor(facts: LearnedFacts, profileId: string, baseUrl: string): ProfileFacts | undefined {
  const entry = Object.prototype.hasOwnProperty.call(facts, profileId) ? facts[profileId] : undefined;
  return entry && sameEndpoint(entry.baseUrl, baseUrl) ? entry : undefined;
}

/** Records the header form one profile's provider accepted; other profiles are left as they are. */
export function withHeaderForm(facts: LearnedFacts, profileId: string, baseUrl: string, form: HeaderForm, evidence: string, now: number): LearnedFacts {
  // Facts from an earlier base URL are dropped with it.
  const kept = factsFor(facts, profileId, baseUrl) ?? { baseUrl };
  return { ...facts, [profileId]: { ...kept, baseUrl, headerForm: { value: form, learnedAt: now, evidence } } };
}

/** Everything learned about one profile, forgotten. */
export function withoutProfile(facts: LearnedFacts, profileId: string): LearnedFacts {
  const rest = { ...facts };
  delete rest[profileId];
  return rest;
}

/** Drops the entries whose profile now points at another base URL (or has none). */
export function withoutMoved(facts: LearnedFacts, currentBaseUrl: (profileId: string) => string | undefined): LearnedFacts {
  const kept: Record<string, ProfileFacts> = {};
  for (const [id, entry] of Object.entries(facts)) {
    const now = currentBaseUrl(id);
    if (now !== undefined && sameEndpoint(entry.baseUrl, now)) kept[id] = entry;
  }
  return kept;
}

/**
 * How the key is sent when neither the profile nor the settings say: the form learned, or a first
 * try with `x-api-key` (the Messages API's own) and, on a 401 or 403, one with the other form.
 */
export function headerPlan(configured: AuthHeaderStyle | undefined, learned: ProfileFacts | undefined): { style: AuthHeaderStyle; alternative?: HeaderForm } {
  if (configured) return { style: configured };
  if (learned?.headerForm) return { style: learned.headerForm.value };
  return { style: 'x-api-key', alternative: 'bearer' };
}

/** The chat's one-line notice for a form just learned. */
export function learnedNotice(profileName: string, form: HeaderForm): string {
  return `${profileName} took the key as ${HEADER_FORM_LABELS[form]}; remembered for this profile.`;
}

/** Test Connection's sentence about what is known of the header form, and from where. */
export function describeHeaderFact(fact: LearnedFact<HeaderForm> | undefined): string | undefined {
  if (!fact) return undefined;
  return `Key header ${HEADER_FORM_LABELS[fact.value]}, learned ${new Date(fact.learnedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC from ${fact.evidence}.`;
}

/** Reads stored facts defensively: the store may hold anything an older version wrote. */
export function parseLearnedFacts(raw: unknown): LearnedFacts {
  const facts: Record<string, ProfileFacts> = {};
  if (!isRecord(raw)) return facts;
  for (const [id, entry] of Object.entries(raw)) {
    if (!isRecord(entry) || typeof entry.baseUrl !== 'string') continue;
    const parsed: ProfileFacts = { baseUrl: entry.baseUrl };
    const form = entry.headerForm;
    if (isRecord(form) && (form.value === 'x-api-key' || form.value === 'bearer') && typeof form.learnedAt === 'number' && typeof form.evidence === 'string') {
      parsed.headerForm = { value: form.value, learnedAt: form.learnedAt, evidence: form.evidence };
    }
    facts[id] = parsed;
  }
  return facts;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
