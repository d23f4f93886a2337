// What a provider has shown it accepts, learned from its own answers, per profile and base URL:
// the single home of such facts. The header that carries the key, the optional request features it
// refuses (cache_control, its ttl, count_tokens), and per model the form of tools it takes. Pure.
import type { AuthHeaderStyle } from '../auth/credentials';
import { isRecord } from '../common/isRecord';
import { parseGatewayFacts, parseRefused, type FeatureRefusal, type OptionalFeature } from './gatewayFacts';
import type { ToolFormSetting } from './profiles';

/** The form a provider takes tools in: Anthropic-defined types, or plain JSON-schema tools. */
export type ToolForm = Exclude<ToolFormSetting, 'auto'>;

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
  /** Optional request features the provider answered 400 to: requests go without them. */
  refused?: Partial<Record<OptionalFeature, FeatureRefusal>>;
  /** Per model id: the form of tools the provider takes (`custom` after it refused typed tools). */
  toolForms?: Readonly<Record<string, LearnedFact<ToolForm>>>;
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

/** Records that one profile's provider refuses an optional feature. */
export function withRefusal(facts: LearnedFacts, profileId: string, baseUrl: string, feature: OptionalFeature, refusal: FeatureRefusal): LearnedFacts {
  const kept = factsFor(facts, profileId, baseUrl) ?? { baseUrl };
  return { ...facts, [profileId]: { ...kept, baseUrl, refused: { ...kept.refused, [feature]: refusal } } };
}

/** Records the form of tools one profile's provider takes for a model. */
export function withToolForm(facts: LearnedFacts, profileId: string, baseUrl: string, model: string, form: ToolForm, evidence: string, now: number): LearnedFacts {
  const kept = factsFor(facts, profileId, baseUrl) ?? { baseUrl };
  return { ...facts, [profileId]: { ...kept, baseUrl, toolForms: { ...kept.toolForms, [model]: { value: form, learnedAt: now, evidence } } } };
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

const TOOL_FORM_LABELS: Readonly<Record<ToolForm, string>> = { anthropic: 'Anthropic-defined tool types', custom: 'custom JSON-schema tools' };

/**
 * Test Connection's sentences about the form tools go in: the profile's `toolForm` when it names
 * one; else, per model, what was learned (with when and from what), or the default for this model.
 */
export function describeToolForms(setting: ToolForm | 'auto', entry: ProfileFacts | undefined, model: string): string[] {
  if (setting !== 'auto') return [`Tools go as ${TOOL_FORM_LABELS[setting]}, as the profile's toolForm says.`];
  const learned = Object.entries(entry?.toolForms ?? {});
  const lines = learned.map(([id, fact]) =>
    `Tools for ${id} go as ${TOOL_FORM_LABELS[fact.value]}, learned ${new Date(fact.learnedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC from ${fact.evidence}.`);
  if (!learned.some(([id]) => id === model)) lines.unshift(`Tools for ${model} go as ${TOOL_FORM_LABELS.anthropic}; nothing refused them so far.`);
  return lines;
}

/** Reads stored facts defensively: the store may hold anything an older version wrote. */
export function parseLearnedFacts(raw: unknown): LearnedFacts {
  const facts: Record<string, ProfileFacts> = {};
  if (!isRecord(raw)) return facts;
  for (const [id, entry] of Object.entries(raw)) {
    if (!isRecord(entry) || typeof entry.baseUrl !== 'string') continue;
    const parsed: ProfileFacts = { baseUrl: entry.baseUrl };
    const form = entry.headerForm;
    if (isRecord(form) && (form.value === 'x-api-key' || form.value === 'bearer') && isFact(form)) {
      parsed.headerForm = { value: form.value, learnedAt: form.learnedAt, evidence: form.evidence };
    }
    const refused = parseRefused(entry.refused);
    if (Object.keys(refused).length > 0) parsed.refused = refused;
    const toolForms: Record<string, LearnedFact<ToolForm>> = {};
    for (const [model, fact] of Object.entries(isRecord(entry.toolForms) ? entry.toolForms : {})) {
      if (isRecord(fact) && (fact.value === 'anthropic' || fact.value === 'custom') && isFact(fact)) toolForms[model] = { value: fact.value, learnedAt: fact.learnedAt, evidence: fact.evidence };
    }
    if (Object.keys(toolForms).length > 0) parsed.toolForms = toolForms;
    facts[id] = parsed;
  }
  return facts;
}

/** What earlier versions kept under three keys of their own, as they left it. */
export interface LegacyFacts {
  /** `claudeAssistant.learnedFacts`: header forms, per profile and base URL. */
  headerForms: unknown;
  /** `claudeAssistant.gatewayFacts`: refused features, per profile and base URL. */
  gatewayFacts: unknown;
  /** `claudeAssistant.toolForms`: "profile\nmodel" to a form, with no base URL. */
  toolForms: unknown;
}

/**
 * The facts of the three earlier stores as one. Tool forms were kept without a base URL: they go
 * with the profile's current one. Where two stores knew a profile at different base URLs, the one
 * the profile uses now is kept.
 */
export function migrateLegacyFacts(legacy: LegacyFacts, currentBaseUrl: (profileId: string) => string | undefined, now: number): LearnedFacts {
  let facts: LearnedFacts = parseLearnedFacts(legacy.headerForms);
  const current = (id: string, baseUrl: string): boolean => {
    const url = currentBaseUrl(id);
    return url !== undefined && sameEndpoint(url, baseUrl);
  };
  for (const [id, entry] of Object.entries(parseGatewayFacts(legacy.gatewayFacts))) {
    const known = Object.prototype.hasOwnProperty.call(facts, id) ? facts[id] : undefined;
    if (known && !sameEndpoint(known.baseUrl, entry.baseUrl) && !current(id, entry.baseUrl)) continue;
    for (const [feature, refusal] of Object.entries(entry.refused) as Array<[OptionalFeature, FeatureRefusal]>) {
      facts = withRefusal(facts, id, entry.baseUrl, feature, refusal);
    }
  }
  for (const [key, form] of Object.entries(isRecord(legacy.toolForms) ? legacy.toolForms : {})) {
    const [id, model] = key.split('\n');
    const baseUrl = id ? currentBaseUrl(id) : undefined;
    if (!baseUrl || !model || (form !== 'anthropic' && form !== 'custom')) continue;
    facts = withToolForm(facts, id, baseUrl, model, form, 'a refusal of Anthropic-defined tools remembered by an earlier version', now);
  }
  return facts;
}

function isFact(value: Record<string, unknown>): value is Record<string, unknown> & { learnedAt: number; evidence: string } {
  return typeof value.learnedAt === 'number' && typeof value.evidence === 'string';
}
