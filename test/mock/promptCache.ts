// Prompt caching as the Messages API does it, for the mock: the request's prefix (tools, system,
// messages) is hashed block by block; at each `cache_control` breakpoint the longest prefix
// written before (looked up from the breakpoint back over 20 blocks) is read, and the prefix up
// to the last breakpoint is written, with its lifetime, when it reaches the model's minimum.
// Tokens are counted with a deterministic approximation: one per four characters of text.
import { createHash } from 'crypto';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How far back from a breakpoint the API looks for an earlier entry. */
export const LOOK_BACK_BLOCKS = 20;
export const MAX_BREAKPOINTS = 4;
const TTL_MS = { '5m': 5 * 60_000, '1h': 60 * 60_000 } as const;
type Ttl = keyof typeof TTL_MS;
/** An image's tokens whatever its bytes, in characters of the approximation. */
const IMAGE_CHARS = 1600 * 4;

/** The minimum cacheable prefix of the prompt-caching table, by model id. */
export function minimumCacheable(model: string): number {
  if (/opus-5/.test(model)) return 512;
  if (/opus-4[-.][56]|haiku-4[-.]5/.test(model)) return 4096;
  if (/sonnet-4[-.]6|haiku-3|3[-.]5-haiku|3-haiku/.test(model)) return 2048;
  return 1024;
}

/** Characters a block counts for: its text, thinking, tool input or result; an image a fixed amount. */
function blockChars(block: unknown): number {
  if (typeof block === 'string') return block.length;
  if (!isRecord(block)) return 0;
  if (block.type === 'image' || block.type === 'document') return IMAGE_CHARS;
  if (typeof block.text === 'string') return block.text.length;
  if (typeof block.thinking === 'string') return block.thinking.length;
  if (block.type === 'tool_use') return JSON.stringify(block.input ?? {}).length + String(block.name ?? '').length;
  if (block.type === 'tool_result') {
    const content = block.content;
    if (typeof content === 'string') return content.length;
    return Array.isArray(content) ? content.reduce((sum: number, inner) => sum + blockChars(inner), 0) : 0;
  }
  const { cache_control: _ignored, ...rest } = block;
  return JSON.stringify(rest).length;
}

interface PrefixBlock {
  /** Hash of everything up to and including this block. */
  hash: string;
  /** Tokens up to and including this block. */
  tokens: number;
  ttl?: Ttl;
}

/** What a cache_control marker asks for, or undefined; a malformed one is an error. */
function markerTtl(block: unknown): Ttl | undefined | 'invalid' {
  if (!isRecord(block) || block.cache_control === undefined) return undefined;
  const control = block.cache_control;
  if (!isRecord(control) || control.type !== 'ephemeral') return 'invalid';
  if (control.ttl === undefined || control.ttl === '5m') return '5m';
  return control.ttl === '1h' ? '1h' : 'invalid';
}

/** The request's blocks in prefix order, canonical (no markers, string content as a text block). */
function prefixBlocks(body: Record<string, unknown>): { canonical: string; chars: number; ttl: Ttl | undefined | 'invalid'; cacheable: boolean }[] {
  const blocks: { canonical: string; chars: number; ttl: Ttl | undefined | 'invalid'; cacheable: boolean }[] = [];
  const push = (where: string, block: unknown): void => {
    const value = typeof block === 'string' ? { type: 'text', text: block } : block;
    const { cache_control: _marker, ...rest } = isRecord(value) ? value : { value };
    const cacheable = isRecord(value) && value.type !== 'thinking' && value.type !== 'redacted_thinking';
    blocks.push({ canonical: `${where}\n${JSON.stringify(rest)}`, chars: blockChars(value), ttl: markerTtl(value), cacheable });
  };
  if (Array.isArray(body.tools)) for (const tool of body.tools) push('tool', tool);
  if (typeof body.system === 'string') {
    if (body.system) push('system', body.system);
  } else if (Array.isArray(body.system)) for (const block of body.system) push('system', block);
  if (Array.isArray(body.messages)) {
    for (const [index, message] of body.messages.entries()) {
      if (!isRecord(message)) continue;
      // The role and the message's place are part of the prefix: the same text as another turn is another prefix.
      const where = `message ${String(index)} ${String(message.role)}`;
      if (typeof message.content === 'string') push(where, message.content);
      else if (Array.isArray(message.content)) for (const block of message.content) push(where, block);
    }
  }
  return blocks;
}

/** Input tokens by the mock's approximation: the system prompt, messages and tools. */
export function countInputTokens(body: unknown): number {
  if (!isRecord(body)) return 1;
  const chars = prefixBlocks(body).reduce((sum, block) => sum + block.chars, 0);
  return Math.max(1, Math.ceil(chars / 4));
}

export interface CacheUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
}

export type CacheOutcome = { ok: true; usage: CacheUsage; breakpoints: number } | { ok: false; message: string };

export class PromptCache {
  /** Prefix hash to the time its entry expires. */
  private readonly entries = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Entries not yet expired. */
  size(): number {
    const now = this.now();
    return [...this.entries.values()].filter((expires) => expires > now).length;
  }

  clear(): void {
    this.entries.clear();
  }

  /**
   * Reads and writes the cache for one Messages request and says what its usage is, or why the
   * API would refuse it (more than four breakpoints, a bad marker, 1h after 5m).
   */
  process(body: unknown): CacheOutcome {
    if (!isRecord(body)) return { ok: true, usage: plain(1), breakpoints: 0 };
    const blocks = prefixBlocks(body);
    // Top-level cache_control: the last cacheable block is the breakpoint.
    const automatic = markerTtl(body);
    if (automatic === 'invalid') return { ok: false, message: 'cache_control: Input tag does not match the expected tag \'ephemeral\'' };
    const marked = blocks.filter((block) => block.ttl !== undefined).length + (automatic ? 1 : 0);
    if (marked > MAX_BREAKPOINTS) return { ok: false, message: `A maximum of ${MAX_BREAKPOINTS} blocks with cache_control may be provided. Found ${marked}.` };
    if (blocks.some((block) => block.ttl === 'invalid')) return { ok: false, message: 'cache_control.ttl: Input should be \'5m\' or \'1h\'' };
    const model = typeof body.model === 'string' ? body.model : '';
    const prefix: PrefixBlock[] = [];
    let hash = createHash('sha256').update(`model ${model}`).digest('hex');
    let chars = 0;
    for (const block of blocks) {
      hash = createHash('sha256').update(hash).update(block.canonical).digest('hex');
      chars += block.chars;
      prefix.push({ hash, tokens: Math.ceil(chars / 4), ttl: block.ttl as Ttl | undefined });
    }
    if (automatic) {
      const last = blocks.map((block) => block.cacheable).lastIndexOf(true);
      if (last >= 0) prefix[last].ttl ??= automatic;
    }
    const total = Math.max(1, prefix.length > 0 ? prefix[prefix.length - 1].tokens : 0);
    const points = prefix.flatMap((block, index) => (block.ttl ? [index] : []));
    let seen5m = false;
    for (const index of points) {
      if (prefix[index].ttl === '5m') seen5m = true;
      else if (seen5m) return { ok: false, message: 'cache_control: a ttl=\'1h\' cache_control block must not come after a ttl=\'5m\' one' };
    }
    return { ok: true, usage: this.readAndWrite(prefix, points, total, minimumCacheable(model)), breakpoints: points.length };
  }

  private readAndWrite(prefix: PrefixBlock[], points: number[], total: number, minimum: number): CacheUsage {
    const now = this.now();
    const live = (index: number): boolean => (this.entries.get(prefix[index].hash) ?? 0) > now;
    // The longest prefix found from any breakpoint, looking back over at most 20 blocks.
    let read = -1;
    for (const point of points) {
      for (let index = point; index >= Math.max(0, point - LOOK_BACK_BLOCKS + 1); index--) {
        if (live(index)) {
          read = Math.max(read, index);
          break;
        }
      }
    }
    const readTokens = read >= 0 ? prefix[read].tokens : 0;
    // Every breakpoint whose prefix is long enough is written (or refreshed); the tokens billed as
    // written are those between what was read and the last breakpoint written, split by lifetime.
    let written = read;
    const writtenBy: Record<Ttl, number> = { '5m': 0, '1h': 0 };
    for (const point of points) {
      const block = prefix[point];
      if (block.tokens < minimum || !block.ttl) continue;
      const expires = now + TTL_MS[block.ttl];
      this.entries.set(block.hash, Math.max(this.entries.get(block.hash) ?? 0, expires));
      if (point > written) {
        writtenBy[block.ttl] += block.tokens - (written >= 0 ? prefix[written].tokens : 0);
        written = point;
      }
    }
    if (read >= 0) this.entries.set(prefix[read].hash, Math.max(this.entries.get(prefix[read].hash) ?? 0, now + TTL_MS[prefix[read].ttl ?? '5m']));
    const creation = writtenBy['5m'] + writtenBy['1h'];
    return {
      input_tokens: total - readTokens - creation,
      cache_creation_input_tokens: creation,
      cache_read_input_tokens: readTokens,
      cache_creation: { ephemeral_5m_input_tokens: writtenBy['5m'], ephemeral_1h_input_tokens: writtenBy['1h'] },
    };
  }
}

function plain(tokens: number): CacheUsage {
  return { input_tokens: tokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 } };
}
