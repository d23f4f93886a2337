// `npm run bench:client`: a 40,000-event (~7 MB) streamed text reply from the mock over loopback,
// read three ways in one run: our client (accumulating the final message and emitting deltas),
// a bare loop (undici body, SSE split by hand, JSON.parse per event) as the floor, and the official
// SDK's messages.stream() as the peer. Reports medians, ratios and peak memory growth.
//
//   node --expose-gc out/scripts/benchClient.js [--runs N]
import Anthropic from '@anthropic-ai/sdk';
import { spawn } from 'child_process';
import * as path from 'path';
import { DEFAULT_CLIENT_SETTINGS, MessagesClient } from '../src/api/messagesClient';
import { buildMessagesRequest } from '../src/api/messagesRequest';
import { Agent, request } from 'undici';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 7;
const KEY = 'bench-key';
const body = { model: 'claude-sonnet-4-5', max_tokens: 64_000, stream: true, messages: [{ role: 'user' as const, content: 'Write a lot.' }] };

interface Sample {
  ms: number;
  peakBytes: number;
  chars: number;
}

type Variant = (url: string) => Promise<number>;

const ours: Variant = async (url) => {
  const client = new MessagesClient({ info: () => undefined, warn: () => undefined }, { ...DEFAULT_CLIENT_SETTINGS, maxRetries: 0, proxy: { url: undefined, noProxy: ['*'], strictSSL: true } });
  let chars = 0;
  const { message } = await client.streamMessage(
    buildMessagesRequest({ baseUrl: url, anthropicVersion: '2023-06-01' }, { key: KEY, headerStyle: 'x-api-key', source: 'SecretStorage' }, body),
    { onDelta: (delta) => { if (delta.type === 'text') chars += delta.text.length; } },
  );
  await client.close();
  const text = (message.content[0] as { text: string }).text;
  if (text.length !== chars) throw new Error('deltas and final message disagree');
  return chars;
};

const bareLoop: Variant = async (url) => {
  const agent = new Agent();
  const response = await request(`${url}/v1/messages`, { method: 'POST', dispatcher: agent, headers: { 'content-type': 'application/json', 'x-api-key': KEY, 'anthropic-version': '2023-06-01' }, body: JSON.stringify(body) });
  const decoder = new TextDecoder();
  let buffer = '';
  let chars = 0;
  for await (const chunk of response.body) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const dataAt = frame.indexOf('\ndata: ');
      if (dataAt < 0) continue;
      const event = JSON.parse(frame.slice(dataAt + 7)) as { type: string; delta?: { text?: string } };
      if (event.type === 'content_block_delta') chars += event.delta?.text?.length ?? 0;
    }
  }
  await agent.close();
  return chars;
};

const sdk: Variant = async (url) => {
  const client = new Anthropic({ apiKey: KEY, baseURL: url, maxRetries: 0 });
  const stream = client.messages.stream(body);
  let chars = 0;
  stream.on('text', (text) => { chars += text.length; });
  const message = await stream.finalMessage();
  if ((message.content[0] as { text: string }).text.length !== chars) throw new Error('SDK deltas and final message disagree');
  return chars;
};

async function measure(variant: Variant, url: string): Promise<Sample> {
  global.gc?.();
  const memory = (): number => { const m = process.memoryUsage(); return m.heapUsed + m.external + m.arrayBuffers; };
  const base = memory();
  let peak = base;
  const sampler = setInterval(() => { peak = Math.max(peak, memory()); }, 2);
  const started = performance.now();
  const chars = await variant(url);
  const ms = performance.now() - started;
  peak = Math.max(peak, memory());
  clearInterval(sampler);
  return { ms, peakBytes: peak - base, chars };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function main(): Promise<void> {
  if (!global.gc) console.warn('Run with node --expose-gc for steadier memory figures.');
  const child = spawn(process.execPath, [path.join(__dirname, 'bench', 'streamServer.js')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString()));
    child.once('exit', () => reject(new Error('the stream server exited')));
  });
  const url = /MOCK_URL=(\S+)/.exec(line)![1];
  const bytes = Number(/BYTES=(\d+)/.exec(line)![1]);
  try {
    const variants: Array<[string, Variant]> = [['bare loop (floor)', bareLoop], ['Claude Assistant client', ours], ['@anthropic-ai/sdk messages.stream()', sdk]];
    const samples = new Map<string, Sample[]>(variants.map(([name]) => [name, []]));
    for (const [, variant] of variants) await measure(variant, url); // warm-up: JIT and connections
    for (let run = 0; run < runs; run++) {
      // Interleaved, so that a slow moment of the machine hits every variant alike.
      for (const [name, variant] of variants) samples.get(name)!.push(await measure(variant, url));
    }
    const floor = median(samples.get('bare loop (floor)')!.map((s) => s.ms));
    const sdkMs = median(samples.get('@anthropic-ai/sdk messages.stream()')!.map((s) => s.ms));
    console.log(`\n${(bytes / 1024 / 1024).toFixed(2)} MB, 40,000 text deltas, median of ${runs} runs\n`);
    console.log('| Reader | Time | × bare loop | SDK ÷ this | Peak memory growth | × reply size |\n|---|---|---|---|---|---|');
    for (const [name] of variants) {
      const list = samples.get(name)!;
      const ms = median(list.map((s) => s.ms));
      const peak = Math.max(...list.map((s) => s.peakBytes));
      console.log(`| ${name} | ${ms.toFixed(0)} ms | ${(ms / floor).toFixed(2)}× | ${(sdkMs / ms).toFixed(2)}× | ${(peak / 1024 / 1024).toFixed(1)} MB | ${(peak / bytes).toFixed(2)}× |`);
    }
  } finally {
    child.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
