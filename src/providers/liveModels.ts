// The provider's own catalogue (GET /v1/models): reading its entries, merging them with the static
// table, choosing the default model, and what the UI says about a model's lifecycle. Pure.
import { isRecord } from '../common/isRecord';
import { EFFORT_LEVELS, modelInfo, type ContextManagementSupport, type EffortLevel, type Lifecycle, type ModelInfo, type ThinkingMode } from './modelCatalog';

/** One entry as the provider describes it; gateways often give the id alone. */
export interface LiveModel {
  id: string;
  displayName?: string;
  lifecycle?: Lifecycle;
  /** ISO dates. */
  deprecatedAt?: string;
  retiresAt?: string;
  /** `haiku`, `sonnet`, `opus`, `fable`, `mythos`: as stated, never read from the id. */
  line?: string;
  maxInputTokens?: number;
  maxTokens?: number;
  thinking?: ThinkingMode;
  effortLevels?: EffortLevel[];
  /** The `context_management` strategies `capabilities` lists as supported. */
  contextManagement?: ContextManagementSupport;
}

/** How long a fetched list is trusted before it is fetched again, in the background. */
export const CATALOGUE_TTL_MS = 6 * 60 * 60 * 1000;

export interface Catalogue {
  baseUrl: string;
  fetchedAt: number;
  models: LiveModel[];
}

export function isFresh(catalogue: Catalogue | undefined, now: number): boolean {
  return catalogue !== undefined && now - catalogue.fetchedAt < CATALOGUE_TTL_MS;
}

/** Reads one entry of a models list defensively: anything missing or malformed is left out. */
export function parseLiveModel(raw: unknown): LiveModel | undefined {
  if (!isRecord(raw) || typeof raw.id !== 'string' || !raw.id.trim()) return undefined;
  const model: LiveModel = { id: raw.id.trim() };
  if (typeof raw.display_name === 'string') model.displayName = raw.display_name;
  if (raw.lifecycle === 'active' || raw.lifecycle === 'deprecated' || raw.lifecycle === 'retired') model.lifecycle = raw.lifecycle;
  const date = (value: unknown): string | undefined => (typeof value === 'string' && /^\d{4}-\d\d-\d\d/.test(value) ? value.slice(0, 10) : undefined);
  if (date(raw.deprecated_at)) model.deprecatedAt = date(raw.deprecated_at);
  if (date(raw.retires_at)) model.retiresAt = date(raw.retires_at);
  if (typeof raw.line === 'string') model.line = raw.line;
  const count = (value: unknown): number | undefined => (typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined);
  if (count(raw.max_input_tokens)) model.maxInputTokens = count(raw.max_input_tokens);
  if (count(raw.max_tokens)) model.maxTokens = count(raw.max_tokens);
  const capabilities = isRecord(raw.capabilities) ? raw.capabilities : undefined;
  if (capabilities) {
    const thinking = isRecord(capabilities.thinking) ? capabilities.thinking : undefined;
    if (thinking) {
      const types = isRecord(thinking.types) ? thinking.types : {};
      model.thinking = thinking.supported !== true ? 'none' : supported(types.adaptive) ? 'adaptive' : supported(types.enabled) ? 'enabled' : 'none';
    }
    const effort = isRecord(capabilities.effort) ? capabilities.effort : undefined;
    if (effort) model.effortLevels = effort.supported === true ? EFFORT_LEVELS.filter((level) => supported(effort[level])) : [];
    const context = isRecord(capabilities.context_management) ? capabilities.context_management : undefined;
    if (context) model.contextManagement = contextManagementFrom(context);
  }
  return model;
}

/** A model as stored earlier by this extension, read back as untrusted. */
export function reviveLiveModel(raw: unknown): LiveModel | undefined {
  if (!isRecord(raw) || typeof raw.id !== 'string') return undefined;
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  const count = (value: unknown): number | undefined => (typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined);
  const lifecycle = raw.lifecycle === 'active' || raw.lifecycle === 'deprecated' || raw.lifecycle === 'retired' ? raw.lifecycle : undefined;
  const thinking = raw.thinking === 'adaptive' || raw.thinking === 'enabled' || raw.thinking === 'none' ? raw.thinking : undefined;
  const effortLevels = Array.isArray(raw.effortLevels) ? EFFORT_LEVELS.filter((level) => (raw.effortLevels as unknown[]).includes(level)) : undefined;
  const stored = isRecord(raw.contextManagement) ? raw.contextManagement : undefined;
  const contextManagement = stored ? { clearToolUses: stored.clearToolUses === true, clearThinking: stored.clearThinking === true, compact: stored.compact === true } : undefined;
  const model: LiveModel = { id: raw.id, displayName: text(raw.displayName), lifecycle, deprecatedAt: text(raw.deprecatedAt), retiresAt: text(raw.retiresAt), line: text(raw.line), maxInputTokens: count(raw.maxInputTokens), maxTokens: count(raw.maxTokens), thinking, effortLevels, contextManagement };
  for (const key of Object.keys(model) as Array<keyof LiveModel>) if (model[key] === undefined) delete model[key];
  return model;
}

/** The static table's answer for `id`, corrected by whatever the live entry states. */
export function mergeModelInfo(id: string, live: LiveModel | undefined): ModelInfo {
  const info = modelInfo(id);
  if (!live) return info;
  if (live.displayName) info.displayName = live.displayName;
  if (live.maxInputTokens) info.contextWindow = live.maxInputTokens;
  if (live.maxTokens) info.maxOutputTokens = live.maxTokens;
  // A gateway's -thinking id turns thinking on by itself, whatever the entry says.
  if (live.thinking && !info.thinkingByGateway) info.thinking = live.thinking;
  if (live.effortLevels) info.effortLevels = info.thinking === 'adaptive' ? [...live.effortLevels] : [];
  if (live.lifecycle) info.lifecycle = live.lifecycle;
  if (live.retiresAt) info.retiresAt = live.retiresAt;
  if (live.contextManagement) info.contextManagement = { ...live.contextManagement };
  if (live.lifecycle || live.maxInputTokens || live.thinking) info.source = 'live';
  return info;
}

export function findLive(models: readonly LiveModel[] | undefined, id: string): LiveModel | undefined {
  return models?.find((model) => model.id === id);
}

/**
 * The default model: the newest active model of the sonnet line in the live list (lists come
 * newest first); else the preset's documented default; else the first documented model. Never one
 * that the list or the table says is retired, while there is any other.
 */
export function chooseDefaultModel(live: readonly LiveModel[] | undefined, documentedDefault: string | undefined, documented: readonly string[]): string | undefined {
  const newestSonnet = live?.find((model) => model.line === 'sonnet' && model.lifecycle === 'active');
  if (newestSonnet) return newestSonnet.id;
  const usable = (id: string): boolean => lifecycleOf(id, live) !== 'retired';
  if (documentedDefault && usable(documentedDefault)) return documentedDefault;
  // A profile of the user's own that names only retired ids keeps its choice: it has no other.
  return documented.find(usable) ?? live?.find((model) => model.lifecycle === 'active')?.id ?? documentedDefault;
}

function lifecycleOf(id: string, live: readonly LiveModel[] | undefined): Lifecycle | undefined {
  return findLive(live, id)?.lifecycle ?? modelInfo(id).lifecycle;
}

/** A short note for the model picker and the header, or undefined for an active model. */
export function lifecycleNote(info: Pick<ModelInfo, 'lifecycle' | 'retiresAt'>): string | undefined {
  if (info.lifecycle === 'deprecated') return info.retiresAt ? `deprecated, retires ${info.retiresAt}` : 'deprecated';
  if (info.lifecycle === 'retired') return info.retiresAt ? `retired ${info.retiresAt}` : 'retired';
  return undefined;
}

/** The level sent for the user's choice: that one if the model takes it, else the nearest below. */
export function effortFor(chosen: EffortLevel, levels: readonly EffortLevel[]): EffortLevel | undefined {
  if (levels.includes(chosen)) return chosen;
  const below = EFFORT_LEVELS.slice(0, EFFORT_LEVELS.indexOf(chosen)).reverse().find((level) => levels.includes(level));
  return below ?? levels[0];
}

/** Each strategy only where it is listed as supported, and only when context management itself is. */
function contextManagementFrom(context: Record<string, unknown>): ContextManagementSupport {
  const on = context.supported === true;
  return {
    clearToolUses: on && supported(context.clear_tool_uses_20250919),
    clearThinking: on && supported(context.clear_thinking_20251015),
    compact: on && supported(context.compact_20260112),
  };
}

function supported(value: unknown): boolean {
  return isRecord(value) && value.supported === true;
}
