// What a model id says about the model: family, limits, thinking mode, tool version, prices. Pure.
// Works for dated ids, aliases, dotted ids (claude-sonnet-4.5) and gateways' -thinking variants.

export type ModelFamily = 'opus' | 'sonnet' | 'haiku' | 'fable' | 'mythos' | 'unknown';
export type ThinkingMode = 'adaptive' | 'enabled' | 'none';
export type Lifecycle = 'active' | 'deprecated' | 'retired';
/** In the order of effort; `xhigh` sits between `high` and `max`. */
export type EffortLevel = 'low' | 'medium' | 'high' | 'xhigh' | 'max';
export const EFFORT_LEVELS: readonly EffortLevel[] = ['low', 'medium', 'high', 'xhigh', 'max'];
export type TextEditorTool = 'text_editor_20250728' | 'text_editor_20250124' | 'text_editor_20241022';

/** The server-side `context_management` strategies a model takes. */
export interface ContextManagementSupport {
  /** `clear_tool_uses_20250919`: old tool results cleared past a trigger. */
  clearToolUses: boolean;
  /** `clear_thinking_20251015`: which turns' thinking stays in context. */
  clearThinking: boolean;
  /** `compact_20260112`: the server summarises older context into a `compaction` block. */
  compact: boolean;
}

/** US dollars per million tokens. */
export interface ModelPrices {
  input: number;
  output: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  cacheRead: number;
}

export interface ModelInfo {
  id: string;
  family: ModelFamily;
  /** e.g. "4.5"; undefined when the id does not say. */
  version: string | undefined;
  displayName: string;
  contextWindow: number;
  maxOutputTokens: number;
  thinking: ThinkingMode;
  /** The gateway turns thinking on itself (APIMart's `-thinking` ids); the request must not. */
  thinkingByGateway: boolean;
  textEditorTool: TextEditorTool;
  /** Undefined when unknown: costs are then not shown rather than guessed. */
  prices: ModelPrices | undefined;
  /** False when the id matched nothing known and safe defaults were used. */
  known: boolean;
  /** Undefined where nothing says (a gateway's own id). */
  lifecycle: Lifecycle | undefined;
  /** ISO date, for deprecated and retired models where known. */
  retiresAt: string | undefined;
  /** The effort levels the model takes with adaptive thinking; empty when it takes none. */
  effortLevels: EffortLevel[];
  /** Where the facts come from: the provider's live list, the table below, or safe defaults. */
  source: 'live' | 'table' | 'defaults';
  contextManagement: ContextManagementSupport;
}

interface KnownModel {
  family: Exclude<ModelFamily, 'unknown'>;
  version: string;
  contextWindow: number;
  maxOutputTokens: number;
  thinking: ThinkingMode;
  textEditorTool: TextEditorTool;
  prices?: [input: number, output: number];
  lifecycle?: Lifecycle;
  retiresAt?: string;
}

const K = 1_000;
const M = 1_000_000;

/**
 * From the Messages API's model and pricing tables and SDK 1.16's model list and deprecation
 * table; newest first. The Claude 5 generation's limits and prices are not published there: they
 * get the 4.6 generation's limits and no prices, and the live list (GET /v1/models) corrects them.
 */
const NEWEST = { contextWindow: M, maxOutputTokens: 128 * K, thinking: 'adaptive', textEditorTool: 'text_editor_20250728' } as const;
const KNOWN: readonly KnownModel[] = [
  ...(['opus', 'sonnet', 'haiku'] as const).map((family) => ({ family, version: '5.5', ...NEWEST })),
  ...(['fable', 'mythos'] as const).flatMap((family) => ['5.2', '5.1', '5'].map((version) => ({ family, version, ...NEWEST }))),
  { family: 'opus', version: '5', ...NEWEST },
  { family: 'sonnet', version: '5', ...NEWEST },
  { family: 'opus', version: '4.8', contextWindow: M, maxOutputTokens: 128 * K, thinking: 'adaptive', textEditorTool: 'text_editor_20250728', prices: [5, 25] },
  // Listed in SDK 1.16's deprecation table with end of life on 2026-06-30; its limits are Opus 4.6's.
  { family: 'mythos', version: 'Preview', contextWindow: M, maxOutputTokens: 128 * K, thinking: 'adaptive', textEditorTool: 'text_editor_20250728', lifecycle: 'retired', retiresAt: '2026-06-30' },
  { family: 'opus', version: '4.7', contextWindow: M, maxOutputTokens: 128 * K, thinking: 'adaptive', textEditorTool: 'text_editor_20250728', prices: [5, 25] },
  { family: 'opus', version: '4.6', contextWindow: M, maxOutputTokens: 128 * K, thinking: 'adaptive', textEditorTool: 'text_editor_20250728', prices: [5, 25] },
  { family: 'sonnet', version: '4.6', contextWindow: M, maxOutputTokens: 128 * K, thinking: 'adaptive', textEditorTool: 'text_editor_20250728', prices: [3, 15] },
  { family: 'opus', version: '4.5', contextWindow: 200 * K, maxOutputTokens: 64 * K, thinking: 'enabled', textEditorTool: 'text_editor_20250728', prices: [5, 25], lifecycle: 'deprecated', retiresAt: '2027-01-22' },
  { family: 'sonnet', version: '4.5', contextWindow: 200 * K, maxOutputTokens: 64 * K, thinking: 'enabled', textEditorTool: 'text_editor_20250728', prices: [3, 15], lifecycle: 'retired', retiresAt: '2026-11-30' },
  { family: 'haiku', version: '4.5', contextWindow: 200 * K, maxOutputTokens: 64 * K, thinking: 'enabled', textEditorTool: 'text_editor_20250728', prices: [1, 5] },
  { family: 'opus', version: '4.1', contextWindow: 200 * K, maxOutputTokens: 32 * K, thinking: 'enabled', textEditorTool: 'text_editor_20250728', prices: [15, 75], lifecycle: 'retired' },
  { family: 'opus', version: '4', contextWindow: 200 * K, maxOutputTokens: 32 * K, thinking: 'enabled', textEditorTool: 'text_editor_20250728', prices: [15, 75], lifecycle: 'retired' },
  { family: 'sonnet', version: '4', contextWindow: 200 * K, maxOutputTokens: 64 * K, thinking: 'enabled', textEditorTool: 'text_editor_20250728', prices: [3, 15] },
  { family: 'sonnet', version: '3.7', contextWindow: 200 * K, maxOutputTokens: 64 * K, thinking: 'enabled', textEditorTool: 'text_editor_20250124', prices: [3, 15], lifecycle: 'deprecated' },
  { family: 'sonnet', version: '3.5', contextWindow: 200 * K, maxOutputTokens: 8192, thinking: 'none', textEditorTool: 'text_editor_20241022', prices: [3, 15], lifecycle: 'retired' },
  { family: 'haiku', version: '3.5', contextWindow: 200 * K, maxOutputTokens: 8192, thinking: 'none', textEditorTool: 'text_editor_20241022', prices: [0.8, 4] },
  { family: 'opus', version: '3', contextWindow: 200 * K, maxOutputTokens: 4096, thinking: 'none', textEditorTool: 'text_editor_20250124', prices: [15, 75] },
  { family: 'haiku', version: '3', contextWindow: 200 * K, maxOutputTokens: 4096, thinking: 'none', textEditorTool: 'text_editor_20250124', prices: [0.25, 1.25] },
];

/** Safe for any Claude-format endpoint: no thinking parameter, a modest output limit. */
const UNKNOWN_DEFAULTS = { contextWindow: 200 * K, maxOutputTokens: 8192, thinking: 'none', textEditorTool: 'text_editor_20250728' } as const;

interface ParsedId {
  family: ModelFamily;
  version: string | undefined;
  thinkingVariant: boolean;
}

/** Reads family and version out of an id, whatever the spelling. */
export function parseModelId(id: string): ParsedId {
  let rest = id.trim().toLowerCase();
  // Routing prefixes some gateways and clouds put in front: "anthropic/", "us.anthropic.".
  rest = rest.replace(/^.*?(?=claude)/, '');
  const thinkingVariant = /-thinking$/.test(rest);
  rest = rest.replace(/-thinking$/, '');
  // Dates (-20250929), version tags (-v1:0, @20250929) and "-latest".
  rest = rest.replace(/(-v\d+(:\d+)?|@\d{8}|-\d{8}|-latest)+$/, '');
  const family = (/\b(opus|sonnet|haiku|fable|mythos)\b/.exec(rest.replace(/-/g, ' '))?.[1] ?? 'unknown') as ModelFamily;
  // New style: claude-sonnet-4-5 / claude-sonnet-4.5; old style: claude-3-5-sonnet / claude-3.5-sonnet.
  const match = /claude-(?:(?:opus|sonnet|haiku|fable|mythos)-)?(\d+)(?:[.-](\d))?(?=$|-)/.exec(rest);
  // A named preview (claude-mythos-preview) is a version of its own.
  const preview = family !== 'unknown' && new RegExp(`claude-${family}-preview$`).test(rest) ? 'Preview' : undefined;
  const version = match ? (match[2] !== undefined ? `${match[1]}.${match[2]}` : match[1]) : preview;
  return { family, version, thinkingVariant };
}

export function modelInfo(id: string): ModelInfo {
  const { family, version, thinkingVariant } = parseModelId(id);
  const known = KNOWN.find((model) => model.family === family && model.version === version);
  const base = known ?? UNKNOWN_DEFAULTS;
  return {
    id,
    family,
    version,
    displayName: displayName(family, version, id),
    contextWindow: base.contextWindow,
    maxOutputTokens: base.maxOutputTokens,
    thinking: thinkingVariant ? 'none' : base.thinking,
    thinkingByGateway: thinkingVariant,
    textEditorTool: base.textEditorTool,
    prices: known?.prices ? pricesFrom(...known.prices) : undefined,
    known: known !== undefined,
    lifecycle: known ? (known.lifecycle ?? 'active') : undefined,
    retiresAt: known?.retiresAt,
    // The levels every adaptive model takes; the live list adds `xhigh` and `max` where offered.
    effortLevels: base.thinking === 'adaptive' && !thinkingVariant ? ['low', 'medium', 'high'] : [],
    source: known ? 'table' : 'defaults',
    contextManagement: known ? tableContextManagement(known) : { clearToolUses: false, clearThinking: false, compact: false },
  };
}

/**
 * What the context editing and compaction pages list: context editing from the 4.5 models on,
 * compaction from the 4.6 models on, and every Fable and Mythos model. The live list corrects it.
 */
function tableContextManagement({ family, version }: KnownModel): ContextManagementSupport {
  const [major, minor = 0] = version.split('.').map(Number);
  const atLeast = (wantMajor: number, wantMinor: number): boolean => major > wantMajor || (major === wantMajor && minor >= wantMinor);
  const newer = family === 'fable' || family === 'mythos';
  const editing = newer || atLeast(4, 5);
  return { clearToolUses: editing, clearThinking: editing, compact: newer || atLeast(4, 6) };
}

/** Cache writes cost 1.25× (5 minutes) or 2× (1 hour) the input price; reads 0.1×. */
function pricesFrom(input: number, output: number): ModelPrices {
  // Rounded to a hundredth of a cent per MTok, so 3 × 0.1 reads 0.3, not 0.30000000000000004.
  const round = (value: number): number => Math.round(value * 10_000) / 10_000;
  return { input, output, cacheWrite5m: round(input * 1.25), cacheWrite1h: round(input * 2), cacheRead: round(input * 0.1) };
}

function displayName(family: ModelFamily, version: string | undefined, id: string): string {
  if (family === 'unknown') return id;
  const name = `${family[0].toUpperCase()}${family.slice(1)}`;
  return version ? `Claude ${name} ${version}` : `Claude ${name}`;
}

/** What the user may correct about a model, in `claudeAssistant.modelOverrides`, keyed by exact id. */
export interface ModelOverride {
  contextWindow?: number;
  maxOutputTokens?: number;
  thinking?: ThinkingMode;
  /** USD per million tokens; cache prices default to the usual multiples of `input`. */
  prices?: { input: number; output: number; cacheWrite5m?: number; cacheWrite1h?: number; cacheRead?: number };
}
export type ModelOverrides = Readonly<Record<string, ModelOverride>>;

/** The catalogue's answer for `id`, with the user's corrections applied; bad values are ignored. */
export function resolveModelInfo(id: string, overrides: ModelOverrides | undefined, base: ModelInfo = modelInfo(id)): ModelInfo {
  const info = { ...base, effortLevels: [...base.effortLevels], contextManagement: { ...base.contextManagement } };
  const override = overrides?.[id];
  if (!override || typeof override !== 'object') return info;
  const positive = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0;
  const price = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;
  if (positive(override.contextWindow)) info.contextWindow = Math.floor(override.contextWindow);
  if (positive(override.maxOutputTokens)) info.maxOutputTokens = Math.floor(override.maxOutputTokens);
  if (override.thinking === 'adaptive' || override.thinking === 'enabled' || override.thinking === 'none') info.thinking = override.thinking;
  const prices = override.prices;
  if (prices && price(prices.input) && price(prices.output)) {
    const base = pricesFrom(prices.input, prices.output);
    info.prices = {
      ...base,
      ...(price(prices.cacheWrite5m) ? { cacheWrite5m: prices.cacheWrite5m } : {}),
      ...(price(prices.cacheWrite1h) ? { cacheWrite1h: prices.cacheWrite1h } : {}),
      ...(price(prices.cacheRead) ? { cacheRead: prices.cacheRead } : {}),
    };
  }
  return info;
}
