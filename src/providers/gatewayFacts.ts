// What a provider was found to refuse among the optional things requests carry (prompt-cache
// breakpoints, their one-hour lifetime, token counting, context management), per profile and
// base URL. Requests work without each of them, so a refusal is remembered and the thing left out.
// Pure.
import { isRecord } from '../common/isRecord';

/** `claudeAssistant.promptCaching`: breakpoints with the default five-minute lifetime, with one hour, or none. */
export type PromptCaching = 'auto' | '1h' | 'off';
export const PROMPT_CACHING_VALUES: readonly PromptCaching[] = ['auto', '1h', 'off'];

/**
 * What a gateway may refuse: `cache_control` itself, its `ttl`, POST /v1/messages/count_tokens, or
 * server-side `context_management` (with its beta headers and the `compaction` blocks it returns).
 */
export type OptionalFeature = 'cache_control' | 'cache_ttl' | 'count_tokens' | 'context_management';
const FEATURES: readonly OptionalFeature[] = ['cache_control', 'cache_ttl', 'count_tokens', 'context_management'];

/** How a request reaches what was learned about its profile's provider. */
export interface GatewayMemory {
  refuses(feature: OptionalFeature): boolean;
  /** `evidence` says which response taught it, e.g. "HTTP 400 to POST /v1/messages, request id req_1". */
  remember(feature: OptionalFeature, evidence: string): Promise<void>;
}

export interface FeatureRefusal {
  /** Milliseconds since the epoch. */
  learnedAt: number;
  evidence: string;
}

export interface ProfileGatewayFacts {
  /** Facts learned at another base URL say nothing about this one. */
  baseUrl: string;
  refused: Partial<Record<OptionalFeature, FeatureRefusal>>;
}

export type GatewayFacts = Readonly<Record<string, ProfileGatewayFacts>>;

/** Reads stored facts defensively: the store may hold anything an older version wrote. */
export function parseGatewayFacts(raw: unknown): GatewayFacts {
  const facts: Record<string, ProfileGatewayFacts> = {};
  if (!isRecord(raw)) return facts;
  for (const [id, entry] of Object.entries(raw)) {
    if (!isRecord(entry) || typeof entry.baseUrl !== 'string' || !isRecord(entry.refused)) continue;
    facts[id] = { baseUrl: entry.baseUrl, refused: parseRefused(entry.refused) };
  }
  return facts;
}

/** The refusals of one profile's entry, read defensively; unknown features are dropped. */
export function parseRefused(raw: unknown): ProfileGatewayFacts['refused'] {
  const refused: ProfileGatewayFacts['refused'] = {};
  if (!isRecord(raw)) return refused;
  for (const feature of FEATURES) {
    const fact = raw[feature];
    if (isRecord(fact) && typeof fact.learnedAt === 'number' && typeof fact.evidence === 'string') refused[feature] = { learnedAt: fact.learnedAt, evidence: fact.evidence };
  }
  return refused;
}

const FEATURE_LABELS: Record<OptionalFeature, string> = {
  cache_control: 'prompt caching (cache_control)',
  cache_ttl: 'the one-hour cache lifetime (ttl)',
  count_tokens: 'token counting (count_tokens)',
  context_management: 'server-side context management (context_management)',
};

/** Test Connection's sentences about what this provider was found to refuse, and from where. */
export function describeRefusals(entry: ProfileGatewayFacts | undefined): string[] {
  if (!entry) return [];
  return FEATURES.flatMap((feature) => {
    const fact = entry.refused[feature];
    if (!fact) return [];
    const when = new Date(fact.learnedAt).toISOString().slice(0, 16).replace('T', ' ');
    return [`Refuses ${FEATURE_LABELS[feature]}: requests go without it (learned ${when} UTC from ${fact.evidence}).`];
  });
}
