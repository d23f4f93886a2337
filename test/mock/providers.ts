// What each emulated provider demands, taken from its own API documentation (the Anthropic row
// from Anthropic's Messages API reference). Only enforced when the server runs with `strict: true`.

export type ProviderId = 'anthropic' | 'starmagic' | 'magickapi' | 'apimart' | 'qingbo' | 'generic';

/** `either` = the document allows both forms, or does not say which one it wants. */
export type AuthForm = 'x-api-key' | 'bearer' | 'either';

export type Lifecycle = 'active' | 'deprecated' | 'retired';

/** `capabilities` of a Models API entry (PROTOCOL.md §7), the parts the extension reads. */
export interface MockCapabilities {
  image_input: { supported: boolean };
  pdf_input: { supported: boolean };
  thinking: { supported: boolean; types: { adaptive: { supported: boolean } | null; enabled: { supported: boolean } | null; disabled: { supported: boolean } | null } };
  effort: { supported: boolean; low: { supported: boolean } | null; medium: { supported: boolean } | null; high: { supported: boolean } | null; max: { supported: boolean } | null; xhigh: { supported: boolean } | null };
  context_management: { supported: boolean; clear_tool_uses_20250919: { supported: boolean } | null; clear_thinking_20251015: { supported: boolean } | null; compact_20260112: { supported: boolean } | null };
}

export interface MockModel {
  id: string;
  display_name: string;
  /** RFC 3339. Dated ids use their date; undated aliases get placeholder dates that keep newest-first order. */
  created_at: string;
  max_input_tokens: number | null;
  max_tokens: number | null;
  lifecycle: Lifecycle;
  deprecated_at: string | null;
  retires_at: string | null;
  line: 'haiku' | 'sonnet' | 'opus' | 'fable' | 'mythos' | null;
  capabilities: MockCapabilities | null;
}

export interface ProviderRule {
  id: ProviderId;
  name: string;
  /** The provider's document the rule is taken from. */
  source: string;
  auth: AuthForm;
  /** False where the document does not name the form: the real service then takes one of the two. */
  authStated: boolean;
  /** 401 message when the header form is wrong or missing. */
  authMessage: string;
  versionRequired: boolean;
  /** When set, other `anthropic-version` values get a 400 (only Anthropic states its list). */
  versions?: readonly string[];
  /** Listed by GET /v1/models, newest first. */
  models: readonly MockModel[];
  /** Accepted by /v1/messages as well as the listed ids, but not listed. */
  aliases: readonly string[];
  /** The document accepts any model id. */
  anyModel: boolean;
}

interface ModelFacts {
  maxInput?: number;
  maxOut?: number;
  lifecycle?: Lifecycle;
  deprecatedAt?: string;
  retiresAt?: string;
  capabilities?: MockCapabilities;
}

/** Gateways' entries carry what their documents say: id and name only. */
function model(id: string, name: string, createdAt: string, facts: ModelFacts = {}): MockModel {
  const line = facts.capabilities ? ((/\b(haiku|sonnet|opus|fable|mythos)\b/.exec(id.replace(/-/g, ' '))?.[1] ?? null) as MockModel['line']) : null;
  return {
    id, display_name: name, created_at: `${createdAt}T00:00:00Z`,
    max_input_tokens: facts.maxInput ?? null, max_tokens: facts.maxOut ?? null,
    lifecycle: facts.lifecycle ?? 'active', deprecated_at: facts.deprecatedAt ? `${facts.deprecatedAt}T00:00:00Z` : null, retires_at: facts.retiresAt ? `${facts.retiresAt}T00:00:00Z` : null,
    line, capabilities: facts.capabilities ?? null,
  };
}

const on = { supported: true };
const off = { supported: false };

/** Capabilities as the Models API states them: the thinking types and effort levels a model takes. */
function caps(thinking: Array<'adaptive' | 'enabled'>, efforts: Array<'low' | 'medium' | 'high' | 'max' | 'xhigh'>, compaction: boolean): MockCapabilities {
  const has = (level: 'low' | 'medium' | 'high' | 'max' | 'xhigh') => (efforts.includes(level) ? on : level === 'xhigh' ? null : off);
  return {
    image_input: on,
    pdf_input: on,
    thinking: { supported: thinking.length > 0, types: { adaptive: thinking.includes('adaptive') ? on : off, enabled: thinking.includes('enabled') ? on : off, disabled: on } },
    effort: { supported: efforts.length > 0, low: has('low'), medium: has('medium'), high: has('high'), max: has('max'), xhigh: has('xhigh') },
    context_management: { supported: true, clear_tool_uses_20250919: on, clear_thinking_20251015: on, compact_20260112: compaction ? on : null },
  };
}

const M = 1_000_000;
const K200 = 200_000;
/** The Claude 5 generation's limits are not in the references; these stand in for them. */
const newest = { maxInput: M, maxOut: 128_000, capabilities: caps(['adaptive'], ['low', 'medium', 'high', 'max', 'xhigh'], true) };
const opus47 = { maxInput: M, maxOut: 128_000, capabilities: caps(['adaptive', 'enabled'], ['low', 'medium', 'high', 'max', 'xhigh'], true) };
const gen46 = { maxInput: M, maxOut: 128_000, capabilities: caps(['adaptive', 'enabled'], ['low', 'medium', 'high', 'max'], true) };

export const providers: Readonly<Record<ProviderId, ProviderRule>> = {
  // Anthropic's API reference (headers, models): x-api-key only (a bare Bearer API key is rejected), version required
  // and limited to the two published values; ids and limits from its model table. Dates of the
  // undated ids (here and below) are placeholders that only keep the list newest first.
  anthropic: {
    id: 'anthropic',
    name: 'Anthropic',
    source: 'Anthropic Messages API reference',
    auth: 'x-api-key',
    authStated: true,
    authMessage: 'x-api-key header is required',
    versionRequired: true,
    versions: ['2023-06-01', '2023-01-01'],
    // SDK 1.16's model list, newest first, with its deprecation table: Sonnet 4.5 reached end of
    // life on 2026-11-30 and Mythos Preview on 2026-06-30; Opus 4.5 retires on 2027-01-22.
    models: [
      model('claude-opus-5-5', 'Claude Opus 5.5', '2026-11-20', newest),
      model('claude-sonnet-5-5', 'Claude Sonnet 5.5', '2026-11-19', newest),
      model('claude-haiku-5-5', 'Claude Haiku 5.5', '2026-11-18', { ...newest, maxOut: 64_000 }),
      model('claude-fable-5-2', 'Claude Fable 5.2', '2026-10-02', newest),
      model('claude-mythos-5-2', 'Claude Mythos 5.2', '2026-10-01', newest),
      model('claude-fable-5-1', 'Claude Fable 5.1', '2026-09-02', newest),
      model('claude-mythos-5-1', 'Claude Mythos 5.1', '2026-09-01', newest),
      model('claude-sonnet-5', 'Claude Sonnet 5', '2026-08-03', newest),
      model('claude-opus-5', 'Claude Opus 5', '2026-08-02', newest),
      model('claude-fable-5', 'Claude Fable 5', '2026-08-01', newest),
      model('claude-mythos-5', 'Claude Mythos 5', '2026-07-31', newest),
      model('claude-opus-4-8', 'Claude Opus 4.8', '2026-05-01', opus47),
      model('claude-opus-4-7', 'Claude Opus 4.7', '2026-04-01', opus47),
      model('claude-mythos-preview', 'Claude Mythos Preview', '2026-03-01', { ...gen46, lifecycle: 'retired', deprecatedAt: '2026-03-30', retiresAt: '2026-06-30' }),
      model('claude-sonnet-4-6', 'Claude Sonnet 4.6', '2026-02-17', gen46),
      model('claude-opus-4-6', 'Claude Opus 4.6', '2026-02-04', gen46),
      model('claude-opus-4-5-20251101', 'Claude Opus 4.5', '2025-11-01', { maxInput: K200, maxOut: 64_000, capabilities: caps(['enabled'], ['low', 'medium', 'high'], false), lifecycle: 'deprecated', deprecatedAt: '2026-10-22', retiresAt: '2027-01-22' }),
      model('claude-haiku-4-5-20251001', 'Claude Haiku 4.5', '2025-10-01', { maxInput: K200, maxOut: 64_000, capabilities: caps(['enabled'], [], false) }),
      model('claude-sonnet-4-5-20250929', 'Claude Sonnet 4.5', '2025-09-29', { maxInput: K200, maxOut: 64_000, capabilities: caps(['enabled'], [], false), lifecycle: 'retired', deprecatedAt: '2026-08-30', retiresAt: '2026-11-30' }),
    ],
    aliases: ['claude-opus-4-5', 'claude-haiku-4-5', 'claude-sonnet-4-5'],
    anyModel: false,
  },
  // StarMagic's page: "All APIs require Bearer Token authentication"; anthropic-version is
  // never mentioned, so it is not required; model ids are the request body's `model` enum.
  starmagic: {
    id: 'starmagic',
    name: 'StarMagic',
    source: 'StarMagic, "Claude - Messages API"',
    auth: 'bearer',
    authStated: true,
    authMessage: 'Authorization: Bearer required',
    versionRequired: false,
    models: [
      model('claude-opus-4-8', 'Claude Opus 4.8', '2026-05-01'),
      model('claude-opus-4-7', 'Claude Opus 4.7', '2026-04-01'),
      model('claude-sonnet-4-6', 'Claude Sonnet 4.6', '2026-02-17'),
      model('claude-opus-4-6', 'Claude Opus 4.6', '2026-02-04'),
      model('claude-opus-4-5-20251101', 'Claude Opus 4.5', '2025-11-01'),
      model('claude-haiku-4-5-20251001', 'Claude Haiku 4.5', '2025-10-01'),
      model('claude-sonnet-4-5-20250929', 'Claude Sonnet 4.5', '2025-09-29'),
      model('claude-opus-4-1-20250805', 'Claude Opus 4.1', '2025-08-05'),
      model('claude-sonnet-4-20250514', 'Claude Sonnet 4', '2025-05-14'),
    ],
    aliases: [],
    anyModel: false,
  },
  // MagickAPI's page: "x-api-key ... Required: Yes" and "anthropic-version ... Required: Yes".
  // `model` is typed only as "string" (no list), so any id is accepted; its example id is listed.
  magickapi: {
    id: 'magickapi',
    name: 'MagickAPI',
    source: 'MagickAPI, "Claude Messages"',
    auth: 'x-api-key',
    authStated: true,
    authMessage: 'missing x-api-key header',
    versionRequired: true,
    models: [model('claude-sonnet-4-5-20250929', 'Claude Sonnet 4.5', '2025-09-29')],
    aliases: [],
    anyModel: true,
  },
  // APIMart's page: "API key ... Add to request header:" without the form, so either form;
  // "API version ... Example: 2025-10-01" listed under Authorizations, so required; its model list.
  apimart: {
    id: 'apimart',
    name: 'APIMart',
    source: 'APIMart, "Claude Messages API"',
    auth: 'either',
    authStated: false,
    authMessage: 'missing API key: send x-api-key or Authorization: Bearer',
    versionRequired: true,
    models: [
      model('claude-haiku-4-5-20251001', 'Claude Haiku 4.5', '2025-10-01'),
      model('claude-sonnet-4-5-20250929-thinking', 'Claude Sonnet 4.5 (thinking)', '2025-09-29'),
      model('claude-sonnet-4-5-20250929', 'Claude Sonnet 4.5', '2025-09-29'),
      model('claude-opus-4-1-20250805-thinking', 'Claude Opus 4.1 (thinking)', '2025-08-05'),
      model('claude-opus-4-1-20250805', 'Claude Opus 4.1', '2025-08-05'),
    ],
    aliases: [],
    anyModel: false,
  },
  // Qingbo's page: "Add it to the request header:" without the form, so either form;
  // "API version ... Example: 2023-06-01" listed under Authorizations, so required; dotted ids.
  qingbo: {
    id: 'qingbo',
    name: 'Qingbo',
    source: 'Qingbo, "Claude Messages API"',
    auth: 'either',
    authStated: false,
    authMessage: 'missing API key: send x-api-key or Authorization: Bearer',
    versionRequired: true,
    models: [
      model('claude-sonnet-4.6', 'Claude Sonnet 4.6', '2026-02-17'),
      model('claude-opus-4.6', 'Claude Opus 4.6', '2026-02-04'),
      model('claude-opus-4.5', 'Claude Opus 4.5', '2025-11-01'),
      model('claude-haiku-4.5', 'Claude Haiku 4.5', '2025-10-01'),
      model('claude-sonnet-4.5', 'Claude Sonnet 4.5', '2025-09-29'),
    ],
    aliases: [],
    anyModel: false,
  },
  // The generic gateway's page: "Authorization: Bearer" plus "x-api-key ... Optional, can also use
  // Bearer Token", so either; "Requires anthropic-version"; any model (its example is claude-3-opus).
  generic: {
    id: 'generic',
    name: 'Generic Claude-format gateway',
    source: 'Claude-format gateway, "Claude Chat"',
    auth: 'either',
    authStated: true,
    authMessage: 'Authorization: Bearer required (or x-api-key)',
    versionRequired: true,
    models: [model('claude-3-opus-20240229', 'Claude 3 Opus', '2024-02-29')],
    aliases: [],
    anyModel: true,
  },
};

export const providerIds = Object.keys(providers) as ProviderId[];

export function isProviderId(value: string): value is ProviderId {
  return (providerIds as string[]).includes(value);
}

/** Listed but retired: inference requests naming it fail. */
export function isRetired(rule: ProviderRule, modelId: string): boolean {
  const dated = rule.models.find((m) => m.id === modelId || (m.id.startsWith(`${modelId}-`) && /^\d{8}$/.test(m.id.slice(modelId.length + 1))));
  return dated?.lifecycle === 'retired';
}

export function acceptsModel(rule: ProviderRule, modelId: string): boolean {
  return rule.anyModel || rule.aliases.includes(modelId) || rule.models.some((m) => m.id === modelId);
}
