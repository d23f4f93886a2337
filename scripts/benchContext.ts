// `npm run bench:context`: what long conversations cost with prompt caching against without, in
// the mock (whose cache behaves as the API's: prefix hashes per breakpoint, 20-block look-back,
// TTLs, minimum lengths), and what building each request costs the extension host's thread.
//   - a 20-turn chat, and a 30-round agent turn with 400 KB of tool results, each sent twice to a
//     fresh cache: with `promptCaching: auto`, and with `off`, the baseline;
//   - the share of input tokens read from the cache, and the cost at Sonnet 4.5 prices;
//   - host CPU per round to build the request (history, breakpoints, JSON) at 1× and 2× the
//     agent turn's length: it must grow no faster than the conversation (≤ 2.2× at 2×).
//
//   - a conversation that crosses the window and compacts (benchCompaction.ts): every request
//     after compaction fits, and the summary keeps the facts planted in the early turns.
//
//   node out/scripts/benchContext.js [--runs N]
import type { MessageParam, MessagesRequestBody } from '../src/api/types';
import { withPromptCaching } from '../src/conversation/requestCaching';
import { buildBody, historyMessages, requestShape } from '../src/conversation/turnRequest';
import type { Turn } from '../src/conversation/transcript';
import { cacheHitRate, usageFromApi } from '../src/conversation/usage';
import type { PromptCaching } from '../src/providers/gatewayFacts';
import { minCacheableTokens } from '../src/providers/cacheLimits';
import { modelInfo } from '../src/providers/modelCatalog';
import { rawRequest } from '../test/mock/rawClient';
import { MockMessagesServer, textReply } from '../test/mock/server';
import { compactionCase } from './benchCompaction';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 7;
const MODEL = 'claude-sonnet-4-5';
const info = modelInfo(MODEL);
const options = { thinking: { enabled: false, budgetTokens: 4096, effort: 'high' as const } };

/** Deterministic filler that does not repeat, so no two blocks hash alike. */
function prose(seed: number, chars: number): string {
  const words = ['the', 'parser', 'returns', 'a', 'token', 'list', 'when', 'input', 'ends', 'early', 'and', 'tests', 'cover', 'each', 'branch'];
  let out = '';
  let state = seed * 2654435761;
  while (out.length < chars) {
    state = (state * 1103515245 + 12345) >>> 0;
    out += `${words[state % words.length]}${state % 7 === 0 ? '.\n' : ' '}`;
  }
  return out.slice(0, chars);
}

/** What an agent request starts with: a system prompt and the text editor tool (about 2,000 tokens). */
const SYSTEM = `You are a coding assistant working in the user's workspace.\n${prose(1, 6000)}`;
const TOOLS = [{ type: 'text_editor_20250728', name: 'str_replace_based_edit_tool' }, { name: 'bash', description: prose(2, 1500), input_schema: { type: 'object', properties: { command: { type: 'string' } } } }];

function withPrelude(body: MessagesRequestBody): MessagesRequestBody {
  return { ...body, system: SYSTEM, tools: TOOLS };
}

function target(setting: PromptCaching) {
  return { caching: { setting, minTokens: minCacheableTokens(info) } };
}

/** The 20-turn chat's requests: each turn's history through the engine's own request shaping. */
function* chatRequests(setting: PromptCaching): Generator<MessagesRequestBody> {
  const turns: Turn[] = [];
  for (let i = 0; i < 20; i++) {
    turns.push({ id: `u${i}`, role: 'user', status: 'done', blocks: [{ type: 'text', text: `Question ${i}: ${prose(100 + i, 1500)}` }] });
    const shape = requestShape(info, 4096, options);
    yield withPromptCaching(withPrelude(buildBody(MODEL, shape, historyMessages(turns, false))), target(setting));
    turns.push({ id: `a${i}`, role: 'assistant', status: 'done', blocks: [{ type: 'text', text: prose(200 + i, 3000) }] });
  }
}

/** One agent turn of `rounds` rounds, each a tool call and a result of `resultChars`. */
function agentMessages(rounds: number, resultChars: number): MessageParam[][] {
  const messages: MessageParam[] = [{ role: 'user', content: 'The tests in src/parser fail since the last change. Find out why and fix it.' }];
  const perRound: MessageParam[][] = [[...messages]];
  for (let round = 0; round < rounds; round++) {
    const id = `toolu_${String(round).padStart(4, '0')}`;
    messages.push({ role: 'assistant', content: [{ type: 'text', text: `Round ${round}: looking at the next file.` }, { type: 'tool_use', id, name: 'str_replace_based_edit_tool', input: { command: 'view', path: `src/parser/part${round}.ts` } }] });
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: prose(1000 + round, resultChars) }] });
    perRound.push([...messages]);
  }
  return perRound;
}

function* agentRequests(setting: PromptCaching, rounds = 30): Generator<MessagesRequestBody> {
  const shape = requestShape(info, 4096, options);
  for (const messages of agentMessages(rounds, Math.round((400 * 1024) / 30))) {
    yield withPromptCaching(withPrelude(buildBody(MODEL, shape, messages)), target(setting));
  }
}

interface Totals {
  requests: number;
  input: number;
  write: number;
  read: number;
  output: number;
  costUsd: number;
}

async function send(server: MockMessagesServer, bodies: Iterable<MessagesRequestBody>): Promise<Totals> {
  server.reset();
  const totals: Totals = { requests: 0, input: 0, write: 0, read: 0, output: 0, costUsd: 0 };
  for (const body of bodies) {
    server.enqueue({ reply: textReply(prose(totals.requests, 400)) });
    const response = await rawRequest(server.url, { path: '/v1/messages', body: { ...body, stream: false } });
    if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${response.text.slice(0, 200)}`);
    const usage = usageFromApi((JSON.parse(response.text) as { usage: never }).usage, info.prices);
    totals.requests++;
    totals.input += usage.inputTokens;
    totals.write += usage.cacheWriteTokens;
    totals.read += usage.cacheReadTokens;
    totals.output += usage.outputTokens;
    totals.costUsd += usage.costUsd ?? 0;
  }
  return totals;
}

/** Host CPU to build every request of an agent turn of `rounds` rounds, per round, in microseconds. */
function buildCpuPerRound(rounds: number, setting: PromptCaching): number {
  const history = agentMessages(rounds, Math.round((400 * 1024) / 30));
  const shape = requestShape(info, 4096, options);
  const started = process.cpuUsage();
  for (const messages of history) {
    // As the client sends it: the body as JSON.
    JSON.stringify(withPromptCaching(withPrelude(buildBody(MODEL, shape, messages)), target(setting)));
  }
  const used = process.cpuUsage(started);
  return (used.user + used.system) / history.length;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const percent = (t: Totals): string => `${((t.read / (t.input + t.write + t.read)) * 100).toFixed(1)}%`;
const dollars = (usd: number): string => `$${usd.toFixed(4)}`;

async function main(): Promise<void> {
  const server = await MockMessagesServer.start();
  try {
    console.log('| Workload | Requests | Input tokens | Read from cache, cached | Read from cache, off | Cost cached | Cost off | Cached ÷ off |');
    console.log('|---|---|---|---|---|---|---|---|');
    for (const [name, requests] of [['20-turn chat', chatRequests], ['30-round agent turn, 400 KB of tool results', agentRequests]] as const) {
      const cached = await send(server, requests('auto'));
      const off = await send(server, requests('off'));
      const all = cached.input + cached.write + cached.read;
      console.log(`| ${name} | ${cached.requests} | ${all.toLocaleString('en')} | ${percent(cached)} | ${percent(off)} | ${dollars(cached.costUsd)} | ${dollars(off.costUsd)} | ${(cached.costUsd / off.costUsd).toFixed(2)}× |`);
      const rate = cacheHitRate({ inputTokens: cached.input, cacheWriteTokens: cached.write, cacheReadTokens: cached.read }) ?? 0;
      if (rate < 0.85) console.log(`  (below the 85% goal: ${(rate * 100).toFixed(1)}%)`);
    }
  } finally {
    await server.close();
  }
  const c = await compactionCase(prose);
  const fits = c.largestAfterCompaction <= 40_000;
  console.log('');
  console.log('A conversation that crosses the window (40,000 tokens) and compacts:');
  console.log('| Turns answered | Requests | Refused (over the window) | Compactions | Largest request after compacting | Last request | Same request sent whole | Compacted ÷ whole | Facts kept in the summary |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  console.log(`| ${c.answered} of ${c.turns} | ${c.requests} | ${c.refused} | ${c.compactions} | ${c.largestAfterCompaction.toLocaleString('en')} | ${c.lastRequest.toLocaleString('en')} | ${c.lastRequestWhole.toLocaleString('en')} | ${(c.lastRequest / c.lastRequestWhole).toFixed(2)}× | ${c.factsKept} of ${c.facts} |`);
  if (!fits || c.factsKept < c.facts || c.answered < c.turns) {
    console.log('  (FAILED: a request after compaction did not fit, a turn went unanswered, or the summary lost a fact)');
    process.exitCode = 1;
  }
  // Warm up, then interleave the four cases.
  buildCpuPerRound(30, 'auto');
  buildCpuPerRound(60, 'auto');
  const samples: Record<string, number[]> = { 'auto 1×': [], 'auto 2×': [], 'off 1×': [], 'off 2×': [] };
  for (let run = 0; run < runs; run++) {
    samples['auto 1×'].push(buildCpuPerRound(30, 'auto'));
    samples['off 1×'].push(buildCpuPerRound(30, 'off'));
    samples['auto 2×'].push(buildCpuPerRound(60, 'auto'));
    samples['off 2×'].push(buildCpuPerRound(60, 'off'));
  }
  const m = Object.fromEntries(Object.entries(samples).map(([key, values]) => [key, median(values)]));
  console.log('');
  console.log(`Host CPU per round to build the request (median of ${runs}):`);
  console.log('| Agent turn | With breakpoints | Without (baseline) | With ÷ without |');
  console.log('|---|---|---|---|');
  console.log(`| 1×: 30 rounds, 400 KB | ${(m['auto 1×'] / 1000).toFixed(2)} ms | ${(m['off 1×'] / 1000).toFixed(2)} ms | ${(m['auto 1×'] / m['off 1×']).toFixed(2)}× |`);
  console.log(`| 2×: 60 rounds, 800 KB | ${(m['auto 2×'] / 1000).toFixed(2)} ms | ${(m['off 2×'] / 1000).toFixed(2)} ms | ${(m['auto 2×'] / m['off 2×']).toFixed(2)}× |`);
  console.log(`| 2× ÷ 1× (target ≤ 2.2×) | ${(m['auto 2×'] / m['auto 1×']).toFixed(2)}× | ${(m['off 2×'] / m['off 1×']).toFixed(2)}× | |`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
