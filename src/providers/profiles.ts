// Provider profiles: the presets, true to each provider's own documentation, and the user's own
// profiles from settings, merged by id. Pure.
import type { AuthHeaderStyle } from '../auth/credentials';
import { isRecord } from '../common/isRecord';

/** How a profile sends tools: Anthropic-defined types, plain JSON-schema tools, or typed until refused. */
export type ToolFormSetting = 'anthropic' | 'custom' | 'auto';

export interface ProviderProfile {
  id: string;
  name: string;
  /** Undefined where the provider's documentation does not state it: the user is asked. */
  baseUrl: string | undefined;
  /** Undefined where the documentation does not say which header: Test Connection finds out. */
  authHeader: AuthHeaderStyle | undefined;
  /** Undefined: the header is not sent (the documentation does not mention it). */
  anthropicVersion: string | undefined;
  extraHeaders: Record<string, string>;
  /** The ids the provider documents, newest first; any other id is accepted too. */
  models: string[];
  defaultModel: string | undefined;
  /** Sent as `anthropic-beta: a,b`. */
  betas: string[];
  /** How tools are sent: `anthropic` (typed), `custom` (JSON schema) or `auto` (the default: typed, custom if refused). */
  toolForm?: ToolFormSetting;
  /** Where the preset's facts come from. */
  documentation: string | undefined;
  /**
   * ANTHROPIC_API_KEY and ANTHROPIC_AUTH_TOKEN may be sent here. True only for the Anthropic preset,
   * or where the user opted in on the profile: the environment's keys are Anthropic's.
   */
  useEnvironmentKey: boolean;
  preset: boolean;
}

type PresetFields = Omit<ProviderProfile, 'extraHeaders' | 'betas' | 'preset' | 'useEnvironmentKey'>;

const ANTHROPIC_VERSION = '2023-06-01';

const PRESET_FIELDS: readonly PresetFields[] = [
  {
    id: 'anthropic',
    name: 'Anthropic',
    baseUrl: 'https://api.anthropic.com',
    authHeader: 'x-api-key',
    anthropicVersion: ANTHROPIC_VERSION,
    // SDK 1.16's current aliases, newest first; GET /v1/models, read first, says more.
    models: ['claude-opus-5-5', 'claude-sonnet-5-5', 'claude-haiku-5-5', 'claude-sonnet-5', 'claude-opus-5', 'claude-opus-4-8', 'claude-opus-4-7', 'claude-sonnet-4-6', 'claude-opus-4-6', 'claude-opus-4-5', 'claude-haiku-4-5'],
    defaultModel: 'claude-sonnet-5-5',
    documentation: 'https://docs.anthropic.com/en/api/messages',
  },
  {
    // "All APIs require Bearer Token authentication"; anthropic-version is not mentioned.
    id: 'starmagic',
    name: 'StarMagic',
    baseUrl: 'https://api.starmagic.ai',
    authHeader: 'bearer',
    anthropicVersion: undefined,
    models: ['claude-opus-4-8', 'claude-opus-4-7', 'claude-sonnet-4-6', 'claude-opus-4-6', 'claude-opus-4-5-20251101', 'claude-haiku-4-5-20251001', 'claude-sonnet-4-5-20250929', 'claude-opus-4-1-20250805', 'claude-sonnet-4-20250514'],
    // Its example, claude-sonnet-4-5-20250929, reached end of life on 2026-11-30; its newest Sonnet.
    defaultModel: 'claude-sonnet-4-6',
    documentation: 'https://starmagic.ai',
  },
  {
    // x-api-key and anthropic-version are both "Required: Yes", the version "sent normally by
    // Claude SDK": that is 2023-06-01 (the page's 2025-10-01 example is no published version).
    id: 'magickapi',
    name: 'MagickAPI',
    baseUrl: 'https://api.magickapi.com',
    authHeader: 'x-api-key',
    anthropicVersion: ANTHROPIC_VERSION,
    models: ['claude-sonnet-4-5-20250929'],
    // The page's only id (its example) is retired, and its `model` is any Claude id: the newest
    // Sonnet that the other gateways serve under the same name.
    defaultModel: 'claude-sonnet-4-6',
    documentation: 'https://api.magickapi.com',
  },
  {
    // The page names neither the base URL nor the header form; the version is required.
    id: 'apimart',
    name: 'APIMart',
    baseUrl: undefined,
    authHeader: undefined,
    anthropicVersion: ANTHROPIC_VERSION,
    models: ['claude-haiku-4-5-20251001', 'claude-sonnet-4-5-20250929', 'claude-sonnet-4-5-20250929-thinking', 'claude-opus-4-1-20250805', 'claude-opus-4-1-20250805-thinking'],
    // Of the ids its page lists, Haiku 4.5 is the one not retired; its live list may offer newer.
    defaultModel: 'claude-haiku-4-5-20251001',
    documentation: 'https://docs.apimart.ai',
  },
  {
    // The page names neither the base URL nor the header form; model ids are dotted.
    id: 'qingbo',
    name: 'Qingbo',
    baseUrl: undefined,
    authHeader: undefined,
    anthropicVersion: ANTHROPIC_VERSION,
    models: ['claude-opus-4.6', 'claude-sonnet-4.6', 'claude-opus-4.5', 'claude-sonnet-4.5', 'claude-haiku-4.5'],
    defaultModel: 'claude-sonnet-4.6',
    documentation: 'https://docs.qingbo.dev',
  },
  {
    // "Authorization: Bearer"; x-api-key optional; anthropic-version required. Any model id: its
    // example is 2024's claude-3-opus-20240229, so the newest Sonnet the other gateways serve under
    // the same name, as for MagickAPI; its live list, where it has one, may offer newer.
    id: 'gateway',
    name: 'Claude-format gateway',
    baseUrl: undefined,
    authHeader: 'bearer',
    anthropicVersion: ANTHROPIC_VERSION,
    models: [],
    defaultModel: 'claude-sonnet-4-6',
    documentation: undefined,
  },
  {
    id: 'custom',
    name: 'Custom',
    baseUrl: undefined,
    authHeader: undefined,
    anthropicVersion: ANTHROPIC_VERSION,
    models: [],
    defaultModel: undefined,
    documentation: undefined,
  },
];

export const DEFAULT_PROFILE_ID = 'anthropic';
export const PRESETS: readonly ProviderProfile[] = PRESET_FIELDS.map((fields) => ({ ...fields, extraHeaders: {}, betas: [], useEnvironmentKey: fields.id === DEFAULT_PROFILE_ID, preset: true }));

const AUTH_STYLES: readonly AuthHeaderStyle[] = ['x-api-key', 'bearer', 'both'];
const TOOL_FORMS: readonly ToolFormSetting[] = ['auto', 'anthropic', 'custom'];
/** Headers a profile may not set: the client owns them. */
const RESERVED_HEADERS = new Set(['content-type', 'content-length', 'host', 'x-api-key', 'authorization', 'anthropic-version', 'anthropic-beta', 'accept', 'transfer-encoding', 'connection']);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export interface ResolvedProfiles {
  profiles: ProviderProfile[];
  /** Entries of the setting that were ignored, and why, for the log. */
  problems: string[];
}

/** Merges the `claudeAssistant.profiles` entries into the presets: same id overrides, new id adds. */
export function resolveProfiles(entries: unknown): ResolvedProfiles {
  const profiles = PRESETS.map((preset) => ({ ...preset, models: [...preset.models], extraHeaders: {}, betas: [] }));
  const problems: string[] = [];
  for (const [index, entry] of (Array.isArray(entries) ? entries : []).entries()) {
    if (!isRecord(entry) || typeof entry.id !== 'string' || !entry.id.trim()) {
      problems.push(`profiles[${index}] has no "id".`);
      continue;
    }
    const id = entry.id.trim();
    let profile = profiles.find((candidate) => candidate.id === id);
    if (!profile) {
      profile = { id, name: id, baseUrl: undefined, authHeader: undefined, anthropicVersion: ANTHROPIC_VERSION, extraHeaders: {}, models: [], defaultModel: undefined, betas: [], documentation: undefined, useEnvironmentKey: false, preset: false };
      profiles.push(profile);
    }
    applyOverrides(profile, entry, `profiles[${index}] (${id})`, problems);
  }
  return { profiles, problems };
}

function applyOverrides(profile: ProviderProfile, entry: Record<string, unknown>, where: string, problems: string[]): void {
  const text = (key: string): string | undefined => (typeof entry[key] === 'string' ? (entry[key] as string).trim() : undefined);
  if (text('name')) profile.name = text('name')!;
  if (text('baseUrl')) profile.baseUrl = text('baseUrl');
  if (entry.authHeader !== undefined) {
    if (AUTH_STYLES.includes(entry.authHeader as AuthHeaderStyle)) profile.authHeader = entry.authHeader as AuthHeaderStyle;
    else problems.push(`${where}: authHeader must be one of ${AUTH_STYLES.join(', ')}.`);
  }
  // An empty string turns the header off for gateways that reject it.
  if (typeof entry.anthropicVersion === 'string') profile.anthropicVersion = entry.anthropicVersion.trim() || undefined;
  if (Array.isArray(entry.models)) profile.models = entry.models.filter((model): model is string => typeof model === 'string' && model.trim() !== '').map((model) => model.trim());
  if (text('defaultModel')) profile.defaultModel = text('defaultModel');
  if (typeof entry.useEnvironmentKey === 'boolean') profile.useEnvironmentKey = entry.useEnvironmentKey;
  if (Array.isArray(entry.betas)) profile.betas = entry.betas.filter((beta): beta is string => typeof beta === 'string' && beta.trim() !== '').map((beta) => beta.trim());
  if (entry.toolForm !== undefined) {
    if (TOOL_FORMS.includes(entry.toolForm as ToolFormSetting)) profile.toolForm = entry.toolForm as ToolFormSetting;
    else problems.push(`${where}: toolForm must be one of ${TOOL_FORMS.join(', ')}.`);
  }
  if (isRecord(entry.extraHeaders)) {
    for (const [name, value] of Object.entries(entry.extraHeaders)) {
      const lower = name.toLowerCase();
      if (!HEADER_NAME.test(name) || typeof value !== 'string' || /[\r\n]/.test(value)) problems.push(`${where}: header "${name}" is not a valid header.`);
      else if (RESERVED_HEADERS.has(lower)) problems.push(`${where}: header "${name}" is set by the extension and cannot be overridden.`);
      else profile.extraHeaders[lower] = value;
    }
  }
}

export function findProfile(profiles: readonly ProviderProfile[], id: string | undefined): ProviderProfile {
  return profiles.find((profile) => profile.id === id) ?? profiles.find((profile) => profile.id === DEFAULT_PROFILE_ID)!;
}
