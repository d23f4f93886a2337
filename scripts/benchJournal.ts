// `npm run bench:journal`: what a streaming reply costs the extension host's thread per delta,
// recording included. A 1,000-delta reply runs through the real session, recorder, store and page
// batcher, one delta per millisecond, three ways in the same run, interleaved:
//   - now: journal lines written once per batch, asynchronously, before the batch is posted;
//   - before: the previous path, one synchronous appendFileSync per delta, ahead of the batcher;
//   - floor: no recording at all.
// Reports the host thread's time per delta event (what blocks the host while text streams), the
// same over the whole reply (its few whole saves included), the process's CPU per delta (the
// thread pool's writes included), and the ratio to "before".
//
//   node out/scripts/benchJournal.js [--runs N]
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { UpdateBatcher } from '../src/chat/updateBatcher';
import type { SessionEvent } from '../src/conversation/events';
import type { Conversation } from '../src/conversation/record';
import { ChatSession } from '../src/conversation/session';
import { ConversationRecorder } from '../src/history/conversationRecorder';
import { ConversationStore } from '../src/history/conversationStore';
import { modelInfo } from '../src/providers/modelCatalog';
import type { RequestTarget } from '../src/providers/requestContext';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const DELTAS = 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Variant = 'now' | 'before' | 'floor';

interface Sample {
  /** The host thread's time in the event path, for the whole reply (whole saves included). */
  busyMs: number;
  /** The same, for the delta events alone: the hot path. */
  deltaMs: number;
  cpuMs: number;
  posts: number;
}

/** The previous recorder: a synchronous journal line per delta, written before the batcher sees it. */
function legacyRecord(store: ConversationStore, event: SessionEvent, conversation: Conversation): void {
  if (event.type === 'turnAdded' || event.type === 'turnMeta' || event.type === 'turnsTruncated') store.save(conversation);
  else if (event.type === 'blockStarted') store.journal(conversation.id, event);
  else if (event.type === 'blockDelta') {
    const block = conversation.turns.find((turn) => turn.id === event.id)?.blocks[event.index];
    const length = block?.type === 'text' ? block.text.length : 0;
    store.journal(conversation.id, { ...event, at: length - event.append.length });
  }
}

function target(): RequestTarget {
  return {
    model: 'claude-sonnet-4-5', modelInfo: modelInfo('claude-sonnet-4-5'), maxTokens: 8192, host: 'bench', headerStyle: 'x-api-key', hasCredentials: true,
    stream: async (_body, { onDelta }) => {
      onDelta?.({ type: 'messageStart', message: { id: 'm', type: 'message', role: 'assistant', model: 'x', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 10, output_tokens: 1 } } });
      onDelta?.({ type: 'blockStart', index: 0, block: { type: 'text', text: '' } });
      for (let i = 0; i < DELTAS; i++) {
        onDelta?.({ type: 'text', index: 0, text: `word${i} ` });
        await sleep(1);
      }
      onDelta?.({ type: 'messageDelta', stopReason: 'end_turn', usage: { input_tokens: 10, output_tokens: DELTAS } });
      return { message: {} as never, status: 200, requestId: 'bench', retries: 0 };
    },
  };
}

/** One reply; returns the thread's busy ms and the process's CPU ms spent on the event path. */
async function measure(variant: Variant): Promise<Sample> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-assistant-bench-journal-'));
  const store = new ConversationStore(dir, () => undefined);
  const recorder = new ConversationRecorder(store, (error) => { throw error; });
  let posts = 0;
  const batcher = new UpdateBatcher(() => posts++, undefined, undefined, variant === 'now' ? () => recorder.flush() : undefined);
  let busyMs = 0;
  let deltaMs = 0;
  let id = 0;
  const session: ChatSession = new ChatSession({
    resolveTarget: async () => target(),
    resolveOptions: () => ({ thinking: { enabled: false, budgetTokens: 4096, effort: 'high' } }),
    newId: () => `c${++id}`,
    emit: (event) => {
      const started = performance.now();
      if (variant === 'now') recorder.record(event, session.conversation);
      else if (variant === 'before') legacyRecord(store, event, session.conversation);
      if (event.type !== 'conversationReplaced') batcher.push(event);
      const spent = performance.now() - started;
      busyMs += spent;
      if (event.type === 'blockDelta') deltaMs += spent;
    },
  });
  const cpu = process.cpuUsage();
  await session.send('Write a lot.');
  await recorder.flush();
  batcher.flush();
  const used = process.cpuUsage(cpu);
  fs.rmSync(dir, { recursive: true, force: true });
  return { busyMs, deltaMs, cpuMs: (used.user + used.system) / 1000, posts };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function main(): Promise<void> {
  const variants: Variant[] = ['before', 'now', 'floor'];
  const samples = new Map<Variant, Array<Sample>>(variants.map((v) => [v, []]));
  for (const variant of variants) await measure(variant); // warm-up
  for (let run = 0; run < runs; run++) {
    for (const variant of run % 2 ? [...variants].reverse() : variants) samples.get(variant)!.push(await measure(variant));
  }
  const us = (ms: number) => `${((ms / DELTAS) * 1000).toFixed(1)} µs`;
  const before = samples.get('before')!;
  console.log(`${DELTAS}-delta reply, one delta per ms, median of ${runs} runs\n`);
  console.log('| Path | Host thread per delta event | Ratio to before | Host thread per delta, whole reply | Process CPU per delta, whole reply | Posts to the page |\n|---|---|---|---|---|---|');
  for (const variant of variants) {
    const rows = samples.get(variant)!;
    const busy = median(rows.map((r) => r.busyMs));
    const cpu = median(rows.map((r) => r.cpuMs));
    const label = { now: 'now: journal per batch, async, before posting', before: 'before: appendFileSync per delta', floor: 'floor: no recording' }[variant];
    const delta = median(rows.map((r) => r.deltaMs));
    console.log(`| ${label} | ${us(delta)} | ${(delta / median(before.map((r) => r.deltaMs))).toFixed(2)}× | ${us(busy)} | ${us(cpu)} | ${median(rows.map((r) => r.posts))} |`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
