// What each emulated provider demands, taken from its own API documentation (the Anthropic row
// from Anthropic's Messages API reference). Only enforced when the server runs with `strict: true`.

export type ProviderId = 'anthropic' | 'starmagic' | 'magickapi' | 'apimart' | 'qingbo' | 'generic';

/** `either` = the document allows both forms, or does not say which one it wants. */
export type AuthForm = 'x-api-key' | 'bearer' | 'either';

export interface MockModel {
  id: string;
  display_name: string;
  /** RFC 3339. Dated ids use their date; undated aliases get placeholder dates that keep newest-first order. */
  created_at: string;
  max_input_tokens: number | null;
  max_tokens: number | null;
}

export interface ProviderRule {
  id: ProviderId;
  name: string;
  /** The provider's document the rule is taken from. */
  source: string;
  auth: AuthForm;
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

function model(id: string, name: string, createdAt: string, maxInput: number | null = null, maxOut: number | null = null): MockModel {
  return { id, display_name: name, created_at: `${createdAt}T00:00:00Z`, max_input_tokens: maxInput, max_tokens: maxOut };
}

const M = 1_000_000;
const K200 = 200_000;

export const providers: Readonly<Record<ProviderId, ProviderRule>> = {
  // Anthropic's API reference (headers, models): x-api-key only (a bare Bearer API key is rejected), version required
  // and limited to the two published values; ids and limits from its model table. Dates of the
  // undated ids (here and below) are placeholders that only keep the list newest first.
  anthropic: {
    id: 'anthropic',
    name: 'Anthropic',
    source: 'Anthropic Messages API reference',
    auth: 'x-api-key',
    authMessage: 'x-api-key header is required',
    versionRequired: true,
    versions: ['2023-06-01', '2023-01-01'],
    models: [
      model('claude-opus-4-8', 'Claude Opus 4.8', '2026-05-01', M, 128_000),
      model('claude-opus-4-7', 'Claude Opus 4.7', '2026-04-01', M, 128_000),
      model('claude-sonnet-4-6', 'Claude Sonnet 4.6', '2026-02-17', M, 128_000),
      model('claude-opus-4-6', 'Claude Opus 4.6', '2026-02-04', M, 128_000),
      model('claude-opus-4-5-20251101', 'Claude Opus 4.5', '2025-11-01', K200, 64_000),
      model('claude-haiku-4-5-20251001', 'Claude Haiku 4.5', '2025-10-01', K200, 64_000),
      model('claude-sonnet-4-5-20250929', 'Claude Sonnet 4.5', '2025-09-29', K200, 64_000),
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

export function acceptsModel(rule: ProviderRule, modelId: string): boolean {
  return rule.anyModel || rule.aliases.includes(modelId) || rule.models.some((m) => m.id === modelId);
}
