// Where a request's prompt-cache breakpoints go, so that every request of an agent loop and every
// next user turn reads the longest prefix already written. Pure.
//
// The cache is keyed by the prefix (tools, then system, then messages) up to a breakpoint. A
// breakpoint placed exactly where the previous request placed one is a certain read, whatever the
// API's 20-block look-back finds; so besides the tools and system prompt, breakpoints go on the
// last block of each of the newest user messages: in an agent loop that is the last tool result of
// each round, in a chat the user's turns. The previous request's newest breakpoint is then always
// among this request's, and this request's newest one writes what the next request will read.
import type { MessageParam, MessagesRequestBody } from '../api/types';

export type CacheTtl = '5m' | '1h';

export interface CachePolicy {
  ttl: CacheTtl;
  /** The model's minimum cacheable prefix: a breakpoint on a shorter prefix caches nothing and wastes a slot. */
  minTokens: number;
}

/** The API's limit per request. */
export const MAX_BREAKPOINTS = 4;

/** A request block that changes from request to request (a time, the editor's state). */
const VOLATILE = Symbol('volatile');

/**
 * Marks a block as changing from request to request. No breakpoint is placed at or after it, since
 * a prefix holding it would never be read again. The mark is a symbol key, which JSON leaves out,
 * so it is never sent. Put such blocks last (in the newest user message) or nothing is cached.
 */
export function markVolatile<T extends object>(block: T): T {
  (block as Record<symbol, unknown>)[VOLATILE] = true;
  return block;
}

export function isVolatile(block: unknown): boolean {
  return typeof block === 'object' && block !== null && (block as Record<symbol, unknown>)[VOLATILE] === true;
}

type Block = Record<string, unknown>;

/** Block types the API takes `cache_control` on; thinking blocks are not among them. */
const CACHEABLE = new Set(['text', 'image', 'document', 'tool_result', 'tool_use', 'search_result']);

/** About one token per four characters; an image costs at most about 1,600 whatever its bytes. */
const CHARS_PER_TOKEN = 4;
const IMAGE_TOKENS = 1600;

/** Where a breakpoint can go: the system prompt, or a block of one message. */
type Spot = { kind: 'tools'; index: number } | { kind: 'system'; index: number } | { kind: 'message'; message: number; block: number };

interface Candidate {
  spot: Spot;
  /** Estimated tokens of the prefix up to and including the spot. */
  prefixTokens: number;
}

/**
 * The body with at most four `cache_control` breakpoints: the tools and system prompt, then the
 * newest user messages, newest first, each only when its prefix reaches the model's minimum and
 * holds no volatile block. Breakpoints already in the body are replaced. The input is not changed;
 * only the objects on the way to a breakpoint are copied.
 */
export function placeCacheBreakpoints(body: MessagesRequestBody, policy: CachePolicy): MessagesRequestBody {
  const stripped = withoutCacheControl(body);
  const { base, messages } = candidates(stripped);
  const chosen: Candidate[] = [];
  if (base && base.prefixTokens >= policy.minTokens) chosen.push(base);
  for (const candidate of messages) {
    if (chosen.length >= MAX_BREAKPOINTS) break;
    if (candidate.prefixTokens >= policy.minTokens) chosen.push(candidate);
  }
  return chosen.reduce((next, candidate) => withBreakpoint(next, candidate.spot, policy.ttl), stripped);
}

/** The spots that can take a breakpoint: the end of tools and system, and each user message's last block, newest first. */
function candidates(body: MessagesRequestBody): { base: Candidate | undefined; messages: Candidate[] } {
  let tokens = 0;
  let base: Candidate | undefined;
  const tools = Array.isArray(body.tools) ? (body.tools as unknown[]) : [];
  for (const [index, tool] of tools.entries()) {
    if (isVolatile(tool)) return { base, messages: [] };
    tokens += Math.ceil(JSON.stringify(tool).length / CHARS_PER_TOKEN);
    base = { spot: { kind: 'tools', index }, prefixTokens: tokens };
  }
  const system = body.system;
  if (typeof system === 'string') {
    tokens += textTokens(system);
    if (system.length > 0) base = { spot: { kind: 'system', index: 0 }, prefixTokens: tokens };
  } else if (Array.isArray(system)) {
    for (const [index, block] of (system as unknown[]).entries()) {
      if (isVolatile(block)) return { base, messages: [] };
      tokens += blockTokens(block);
      if (isCacheable(block)) base = { spot: { kind: 'system', index }, prefixTokens: tokens };
    }
  }
  const messages: Candidate[] = [];
  for (const [index, message] of body.messages.entries()) {
    const { last, volatile, tokens: after } = scanMessage(message, tokens);
    if (message.role === 'user' && last) messages.push({ spot: { kind: 'message', message: index, block: last.block }, prefixTokens: last.prefixTokens });
    if (volatile) break;
    tokens = after;
  }
  return { base, messages: messages.reverse() };
}

/** A message's last cacheable block before any volatile one, and the tokens through the message. */
function scanMessage(message: MessageParam, before: number): { last?: { block: number; prefixTokens: number }; volatile: boolean; tokens: number } {
  let tokens = before;
  if (typeof message.content === 'string') {
    tokens += textTokens(message.content);
    return { last: message.content.length > 0 ? { block: 0, prefixTokens: tokens } : undefined, volatile: false, tokens };
  }
  let last: { block: number; prefixTokens: number } | undefined;
  for (const [index, block] of message.content.entries()) {
    if (isVolatile(block)) return { last, volatile: true, tokens };
    tokens += blockTokens(block);
    if (isCacheable(block)) last = { block: index, prefixTokens: tokens };
  }
  return { last, volatile: false, tokens };
}

function isCacheable(block: unknown): boolean {
  if (typeof block !== 'object' || block === null) return false;
  const { type, text } = block as Block;
  // The API refuses cache_control on an empty text block.
  if (type === 'text') return typeof text === 'string' && text.length > 0;
  return typeof type === 'string' && CACHEABLE.has(type);
}

function textTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** A rough count for choosing spots; the provider's own count is what the user is shown. */
export function blockTokens(block: unknown): number {
  if (typeof block !== 'object' || block === null) return 0;
  const { type, text, thinking, content, input } = block as Block;
  if (type === 'image') return IMAGE_TOKENS;
  if (typeof text === 'string') return textTokens(text);
  if (typeof thinking === 'string') return textTokens(thinking);
  if (type === 'tool_use') return textTokens(JSON.stringify(input ?? {}));
  if (type === 'tool_result') {
    if (typeof content === 'string') return textTokens(content) + 1;
    if (Array.isArray(content)) return content.reduce((sum: number, inner) => sum + blockTokens(inner), 1);
    return 1;
  }
  return textTokens(JSON.stringify(block));
}

function marker(ttl: CacheTtl): Record<string, string> {
  // Five minutes is the default: left unsaid, so a gateway that knows cache_control but not ttl is not troubled.
  return ttl === '1h' ? { type: 'ephemeral', ttl: '1h' } : { type: 'ephemeral' };
}

function withBreakpoint(body: MessagesRequestBody, spot: Spot, ttl: CacheTtl): MessagesRequestBody {
  const mark = (block: unknown): Block => ({ ...(block as Block), cache_control: marker(ttl) });
  if (spot.kind === 'tools') {
    const tools = [...(body.tools as unknown[])];
    tools[spot.index] = mark(tools[spot.index]);
    return { ...body, tools };
  }
  if (spot.kind === 'system') {
    const system = typeof body.system === 'string' ? [{ type: 'text', text: body.system }] : [...(body.system as unknown[])];
    system[spot.index] = mark(system[spot.index]);
    return { ...body, system: system as MessagesRequestBody['system'] };
  }
  const messages = [...body.messages];
  const message = messages[spot.message];
  const content: unknown[] = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : [...message.content];
  content[spot.block] = mark(content[spot.block]);
  messages[spot.message] = { ...message, content: content as MessageParam['content'] };
  return { ...body, messages };
}

/** The body without any `cache_control`, top-level or on a block; parts without one are kept as they are. */
export function withoutCacheControl(body: MessagesRequestBody): MessagesRequestBody {
  let changed = false;
  const clean = <T>(items: T[]): T[] => {
    let copy: T[] | undefined;
    for (const [index, item] of items.entries()) {
      if (typeof item === 'object' && item !== null && 'cache_control' in item) {
        copy ??= [...items];
        const rest = { ...(item as Block) };
        delete rest.cache_control;
        copy[index] = rest as T;
      }
    }
    if (copy) changed = true;
    return copy ?? items;
  };
  const next: MessagesRequestBody = { ...body };
  if ('cache_control' in next) {
    delete next.cache_control;
    changed = true;
  }
  if (Array.isArray(body.tools)) next.tools = clean(body.tools as unknown[]);
  if (Array.isArray(body.system)) next.system = clean(body.system as unknown[]) as MessagesRequestBody['system'];
  next.messages = body.messages.map((message) => {
    if (typeof message.content === 'string') return message;
    const content = clean(message.content);
    return content === message.content ? message : { ...message, content };
  });
  return changed ? next : body;
}

/** The body with every breakpoint's lifetime left to the default (five minutes). */
export function withoutCacheTtl(body: MessagesRequestBody): MessagesRequestBody {
  const json = JSON.stringify(body, (key, value: unknown) => {
    if (key === 'cache_control' && typeof value === 'object' && value !== null) return { type: 'ephemeral' };
    return value;
  });
  return JSON.parse(json) as MessagesRequestBody;
}

/** How many breakpoints a body carries, top-level included. */
export function countBreakpoints(body: MessagesRequestBody): number {
  let count = 0;
  JSON.stringify(body, (key, value: unknown) => {
    if (key === 'cache_control' && value !== undefined) count++;
    return value;
  });
  return count;
}
