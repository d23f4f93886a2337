// `npm run bench:render`: the chat page's streaming cost in Chromium, measured from a trace of the
// renderer's main thread (the sum of its tasks, and the longest one), against the baseline in the
// same run: rendering the whole accumulated markdown again on every delta. Each figure is given in
// wall time and in the main thread's CPU time (the trace's thread duration), which a busy machine's
// other processes do not inflate.
//
//   node out/scripts/benchRender.js [--no-baseline] [--only=100,once,200,20,restore] [--trace=DIR [--profile]]
//
// --only runs the named cases (and no baseline); --trace also writes each case's full trace
// (timeline events, and with --profile a CPU profile) to DIR, for a look at where the time goes: those runs' own
// figures are inflated by the tracing.
//
// The page is the production bundle (dist/webview.js) in the extension's HTML and CSP, with the host
// stubbed (test/page/harness.ts). Deltas arrive one per frame interval (16 ms), as the host sends at
// most one update per frame; the baseline gets the same deltas at the same pace.
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { ChatPage, closeBrowser, launchBrowser, snapshotWith } from '../test/page/harness';
import type { HostToWebview, Turn } from '../src/webview/protocol';
import { gfmReply, splitIntoDeltas } from './benchRenderCorpus';

const repoRoot = path.resolve(__dirname, '..', '..');
const KB = 1024;

interface Measure {
  /** Sum of the renderer main thread's tasks, ms. */
  totalMs: number;
  longestMs: number;
  /** The same in thread CPU time, which other processes on a busy machine do not inflate. */
  totalCpuMs: number;
  longestCpuMs: number;
  tasks: number;
  /** CPU time of the page's workers (the code highlighter), ms. */
  workerCpuMs: number;
}

const traceDir = /^--trace=(.+)$/.exec(process.argv.find((arg) => arg.startsWith('--trace=')) ?? '')?.[1];
const DETAIL_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing', ...(process.argv.includes('--profile') ? ['disabled-by-default-v8.cpu_profiler'] : [])];
let traceCount = 0;

/** Runs `work` while tracing, and sums the tasks of the page's renderer main thread. */
async function traced(page: Page, work: () => Promise<unknown>, name = 'case'): Promise<Measure> {
  const browser = await launchBrowser();
  await browser.startTracing(page, { categories: ['toplevel', '__metadata', ...(traceDir ? DETAIL_CATEGORIES : [])] });
  await work();
  const buffer = await browser.stopTracing();
  if (traceDir) {
    fs.mkdirSync(traceDir, { recursive: true });
    fs.writeFileSync(path.join(traceDir, `${String(traceCount++).padStart(2, '0')}-${name}.json`), buffer);
  }
  const trace = JSON.parse(buffer.toString()) as { traceEvents: Array<{ ph: string; name: string; pid: number; tid: number; dur?: number; tdur?: number; args?: { name?: string } }> };
  const threadsNamed = (name: string): Set<string> => new Set(trace.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === name).map((e) => `${e.pid}:${e.tid}`));
  const mainThreads = threadsNamed('CrRendererMain');
  // The code highlighter's worker: its time is off the main thread, but reported, not hidden.
  const workerThreads = threadsNamed('DedicatedWorker thread');
  let workerCpuMs = 0;
  const byThread = new Map<string, Array<{ wall: number; cpu: number }>>();
  for (const event of trace.traceEvents) {
    const key = `${event.pid}:${event.tid}`;
    if (event.ph === 'X' && event.name === 'ThreadControllerImpl::RunTask' && workerThreads.has(key)) workerCpuMs += (event.tdur ?? event.dur ?? 0) / 1000;
    if (event.ph !== 'X' || event.name !== 'ThreadControllerImpl::RunTask' || !mainThreads.has(key)) continue;
    byThread.set(key, [...(byThread.get(key) ?? []), { wall: (event.dur ?? 0) / 1000, cpu: (event.tdur ?? event.dur ?? 0) / 1000 }]);
  }
  // The page's renderer is the busiest one.
  const tasks = [...byThread.values()].sort((a, b) => sum(b.map((t) => t.wall)) - sum(a.map((t) => t.wall)))[0] ?? [];
  const wall = tasks.map((t) => t.wall);
  const cpu = tasks.map((t) => t.cpu);
  return { totalMs: sum(wall), longestMs: Math.max(0, ...wall), totalCpuMs: sum(cpu), longestCpuMs: Math.max(0, ...cpu), tasks: tasks.length, workerCpuMs };
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function earlierTurns(count: number): Turn[] {
  const reply = gfmReply(1200);
  return Array.from({ length: count }, (_, i): Turn => (i % 2 === 0
    ? { id: `e${i}`, role: 'user', status: 'done', blocks: [{ type: 'text', text: `Question ${i}: how does step ${i} work, and what does it cost?` }] }
    : { id: `e${i}`, role: 'assistant', status: 'done', blocks: [{ type: 'text', text: reply }], usage: { inputTokens: 1000 + i, outputTokens: 400, cacheWriteTokens: 0, cacheReadTokens: 900, costUsd: 0.01 } }));
}

/** Streams the reply into the real page: one blockDelta message per frame, then the end of the turn. */
async function streamOurs(reply: string, deltaCount: number, earlier: number): Promise<Measure> {
  const chat = await ChatPage.open({ width: 480, height: 800 });
  try {
    const turns = [...earlierTurns(earlier), { id: 'q', role: 'user', status: 'done', blocks: [{ type: 'text', text: 'Explain it all.' }] } as Turn];
    await chat.send({ type: 'snapshot', snapshot: { ...snapshotWith(turns), busy: true } });
    // Every earlier turn rendered, not left lazy: the transcript really holds them.
    await chat.page.evaluate(async () => {
      const transcript = document.getElementById('transcript')!;
      for (let y = 0; y < transcript.scrollHeight; y += 400) {
        transcript.scrollTop = y;
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
      }
      transcript.scrollTop = transcript.scrollHeight;
    });
    const lazyLeft = await chat.page.locator('.turn.lazy').count();
    if (lazyLeft > 0) throw new Error(`${lazyLeft} earlier turns were not rendered`);
    const start: HostToWebview[] = [
      { type: 'turnAdded', turn: { id: 'r', role: 'assistant', status: 'streaming', blocks: [] } },
      { type: 'blockStarted', id: 'r', index: 0, block: { type: 'text', text: '' } },
    ];
    await chat.send(...start);
    await chat.frame();
    // Handed to the page before the trace: the test driver's decoding of thousands of pieces would
    // otherwise be a long task of the page's.
    await chat.page.evaluate((pieces) => {
      (window as unknown as { __deltas: string[] }).__deltas = pieces;
    }, splitIntoDeltas(reply, deltaCount));
    const measure = await traced(chat.page, () => chat.page.evaluate(async () => {
      const pieces = (window as unknown as { __deltas: string[] }).__deltas;
      const nextDelta = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 16));
      for (const append of pieces) {
        window.dispatchEvent(new MessageEvent('message', { data: { type: 'blockDelta', id: 'r', index: 0, append } }));
        await nextDelta();
      }
      window.dispatchEvent(new MessageEvent('message', { data: { type: 'turnMeta', id: 'r', meta: { status: 'done' } } }));
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
    }), `stream-${Math.round(reply.length / KB)}k`);
    const rendered = (await chat.page.locator('[data-turn-id="r"] .markdown').textContent()) ?? '';
    if (!rendered.includes('A long answer')) throw new Error('the reply was not rendered');
    return measure;
  } finally {
    await chat.close();
  }
}

/** The baseline: the same pipeline, but the whole text rendered again for every delta. */
async function streamBaseline(reply: string, deltaCount: number, baselineCode: string): Promise<Measure> {
  const chat = await ChatPage.open({ width: 480, height: 800 });
  try {
    await chat.send({ type: 'snapshot', snapshot: snapshotWith([{ id: 'q', role: 'user', status: 'done', blocks: [{ type: 'text', text: 'Explain it all.' }] }]) });
    // Evaluated through the debugging protocol, which the page's CSP does not govern.
    await chat.page.evaluate(baselineCode);
    await chat.page.evaluate((pieces) => {
      (window as unknown as { __deltas: string[] }).__deltas = pieces;
    }, splitIntoDeltas(reply, deltaCount));
    return await traced(chat.page, () => chat.page.evaluate(async () => {
      const pieces = (window as unknown as { __deltas: string[] }).__deltas;
      const nextDelta = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 16));
      const turn = document.createElement('article');
      turn.className = 'turn assistant';
      const body = document.createElement('div');
      body.className = 'turn-body';
      const markdown = document.createElement('div');
      markdown.className = 'markdown';
      body.append(markdown);
      turn.append(body);
      document.getElementById('turns')!.append(turn);
      const transcript = document.getElementById('transcript')!;
      const baseline = (window as unknown as { __baseline: { render(element: HTMLElement, text: string): void } }).__baseline;
      let text = '';
      for (const append of pieces) {
        text += append;
        baseline.render(markdown, text);
        transcript.scrollTop = transcript.scrollHeight;
        await nextDelta();
      }
    }), 'baseline');
  } finally {
    await chat.close();
  }
}

/** A saved conversation of `count` turns: from the snapshot message to the first painted frame. */
async function restore(count: number): Promise<{ paintMs: number; longestMs: number; longestCpuMs: number }> {
  const chat = await ChatPage.open({ width: 480, height: 800 });
  try {
    const turns = earlierTurns(count);
    const snapshot = snapshotWith(turns);
    let paintMs = 0;
    // Handed to the page before the trace: the test driver's own decoding of a large argument would
    // otherwise fall in the page's task. The page then gets it as a message, copied the way a
    // webview's messages are (structured clone), in a task of its own, as from the host.
    await chat.page.evaluate((data) => {
      (window as unknown as { __snapshot: unknown }).__snapshot = data;
    }, snapshot);
    const measure = await traced(chat.page, async () => {
      paintMs = await chat.page.evaluate(async () => {
        const started = performance.now();
        const data = (window as unknown as { __snapshot: unknown }).__snapshot;
        await new Promise<void>((resolve) => {
          window.addEventListener('message', () => resolve(), { once: true });
          window.postMessage({ type: 'snapshot', snapshot: data }, '*');
        });
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
        const painted = performance.now() - started;
        // The trace goes on until the last turns, rendered in slices after the first paint, are in.
        while (document.querySelectorAll('.turn:not(.lazy)').length < 12) await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
        await new Promise((resolve) => setTimeout(resolve, 200));
        return painted;
      });
    }, 'restore');
    const last = (await chat.page.locator(`[data-turn-id="e${count - 1}"] .markdown`).textContent()) ?? '';
    if (!last.includes('A long answer')) throw new Error('the last turn was not painted');
    return { paintMs, longestMs: measure.longestMs, longestCpuMs: measure.longestCpuMs };
  } finally {
    await chat.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const ms = (value: number): string => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(1)} ms`);

async function main(): Promise<void> {
  if (fs.existsSync(path.join(repoRoot, 'dist', 'webview.js.map'))) throw new Error('dist/ is not a production build: run `npm run build:production` first');
  const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
  const runs = (name: string): boolean => !only || only.includes(name);
  const withBaseline = !only && !process.argv.includes('--no-baseline');
  const small = gfmReply(100 * KB);
  const large = gfmReply(200 * KB);
  const rows: Array<[string, string, string]> = [];
  const results: Record<string, unknown> = {};

  const cpu = (m: Measure): string => `${ms(m.longestMs)} (CPU ${ms(m.longestCpuMs)})`;
  let ours100: Measure | undefined;
  if (runs('100')) {
    console.log('bench:render: 100 KB in 1,000 deltas (ours)…');
    ours100 = await streamOurs(small, 1000, 0);
    rows.push(['100 KB, 1,000 deltas: main-thread total (CPU)', `${ms(ours100.totalMs)} (${ms(ours100.totalCpuMs)})`, '']);
    rows.push(['100 KB, 1,000 deltas: longest task', cpu(ours100), '≤ 16 ms']);
    rows.push(['100 KB, 1,000 deltas: highlighting worker (CPU, off the main thread)', ms(ours100.workerCpuMs), '']);
    results.ours100 = ours100;
  }
  let once100: Measure | undefined;
  if (runs('once')) {
    // The floor of any incremental renderer: the same reply in one delta, each block rendered once.
    console.log('bench:render: 100 KB in one delta (ours)…');
    once100 = await streamOurs(small, 1, 0);
    rows.push(['100 KB in one delta (each block rendered once): main-thread total (CPU)', `${ms(once100.totalMs)} (${ms(once100.totalCpuMs)})`, '']);
    results.once100 = once100;
  }
  if (runs('200')) {
    console.log('bench:render: 200 KB in 2,000 deltas (ours)…');
    const ours200 = await streamOurs(large, 2000, 0);
    rows.push(['200 KB, 2,000 deltas: main-thread total (CPU)', `${ms(ours200.totalMs)} (${ms(ours200.totalCpuMs)})`, '']);
    rows.push(['200 KB, 2,000 deltas: longest task', cpu(ours200), '≤ 16 ms']);
    if (ours100) rows.push(['200 KB ÷ 100 KB', `${(ours200.totalMs / ours100.totalMs).toFixed(2)}×`, '≤ 2.2×']);
    results.ours200 = ours200;
  }
  if (runs('20')) {
    console.log('bench:render: 20 KB in 200 deltas, with 0 and with 100 earlier messages…');
    const mid = gfmReply(20 * KB);
    const alone = [await streamOurs(mid, 200, 0), await streamOurs(mid, 200, 0)];
    const behind100 = [await streamOurs(mid, 200, 100), await streamOurs(mid, 200, 100)];
    const perDelta = (measures: Measure[]): number => median(measures.map((m) => m.totalMs)) / 200;
    rows.push(['20 KB, 200 deltas: per delta, empty transcript', ms(perDelta(alone)), '']);
    rows.push(['20 KB, 200 deltas: per delta, 100 earlier messages', ms(perDelta(behind100)), '']);
    rows.push(['per delta: 100 earlier messages ÷ none', `${(perDelta(behind100) / perDelta(alone)).toFixed(2)}×`, 'does not grow']);
    Object.assign(results, { alone, behind100 });
  }
  if (runs('restore')) {
    console.log('bench:render: restoring a 200-turn conversation (5 runs)…');
    const restores = [];
    for (let run = 0; run < 5; run++) restores.push(await restore(200));
    rows.push(['200-turn conversation: restore and first paint (median of 5)', ms(median(restores.map((r) => r.paintMs))), '≤ 300 ms']);
    rows.push(['200-turn restore: longest task (median of 5)', `${ms(median(restores.map((r) => r.longestMs)))} (CPU ${ms(median(restores.map((r) => r.longestCpuMs)))})`, '≤ 50 ms']);
    results.restores = restores;
  }

  if (withBaseline) {
    console.log('bench:render: baseline, 100 KB in 1,000 deltas, re-rendering everything per delta (minutes)…');
    const baselineCode = esbuild.buildSync({
      entryPoints: [path.join(repoRoot, 'scripts', 'benchRenderBaseline.ts')],
      bundle: true, format: 'iife', platform: 'browser', target: ['chrome120'], minify: true, write: false, logLevel: 'silent',
    }).outputFiles[0].text;
    const baseline = await streamBaseline(small, 1000, baselineCode);
    rows.unshift(['Baseline (whole text per delta), 100 KB, 1,000 deltas: main-thread total (CPU)', `${ms(baseline.totalMs)} (${ms(baseline.totalCpuMs)})`, '']);
    rows.splice(1, 0, ['Baseline: longest task', cpu(baseline), '']);
    const percent = (m: Measure): string => `${((m.totalMs / baseline.totalMs) * 100).toFixed(2)} % (${((m.totalCpuMs / baseline.totalCpuMs) * 100).toFixed(2)} %)`;
    if (ours100) rows.splice(3, 0, ['100 KB: ours ÷ baseline (CPU time)', percent(ours100), '≤ 0.5 %']);
    if (once100) rows.push(['100 KB in one delta ÷ baseline (CPU time)', percent(once100), '']);
    results.baseline = baseline;
  }

  await closeBrowser();
  const table = ['| Measure | Value | Target |', '|---|---|---|', ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
  console.log(`\n${table}\n`);
  fs.mkdirSync(path.join(repoRoot, 'test-results'), { recursive: true });
  fs.writeFileSync(path.join(repoRoot, 'test-results', 'bench-render.json'), JSON.stringify(results, null, 2));
}

main().catch(async (error) => {
  console.error(error);
  await closeBrowser().catch(() => undefined);
  process.exit(1);
});
