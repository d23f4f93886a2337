// `npm run bench:snapshot`: the workspace snapshot that lets a turn's commands be undone, on a
// generated workspace of 10,000 files (20 MB of distinct text) with a .gitignore (an ignored
// node_modules/ and logs, which must not be read) and git repositories (the root's and a nested
// one, never entered). Measured in one run, interleaved, median of N:
// - baseline: reading every recorded file once with fs.readFile (32 at a time), the file list known;
// - first snapshot: into empty storage, through the worker thread as the extension runs it;
// - later snapshot: after a command changed 5 files, created 1 and deleted 1.
// Goals: first under 1 s, later under 200 ms.
//
//   node out/scripts/benchSnapshot.js [--runs N]

import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { WorkspaceSnapshots } from '../src/tools/snapshot/workspaceSnapshots';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const FILES = 10_000;
const TOTAL_BYTES = 20 * 1024 * 1024;

function generateWorkspace(root: string): string[] {
  const files: string[] = [];
  const write = (relative: string, content: string | Buffer): string => {
    const full = path.join(root, relative);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
    return full;
  };
  write('.gitignore', 'node_modules/\n*.log\ndist/\n');
  files.push(path.join(root, '.gitignore'));
  for (let i = 1; i < FILES; i++) {
    // Sizes from about 200 bytes to 3.9 KB, 20 MB in all; every file distinct, as source is.
    const size = Math.round((TOTAL_BYTES / FILES) * (0.1 + 1.8 * ((i * 7919) % 1000) / 1000));
    const line = `export const value${i} = '${crypto.randomBytes(24).toString('hex')}';\n`;
    const content = line.repeat(Math.ceil(size / line.length)).slice(0, size);
    const folder = i % 1000 < 50 ? `packages/lib/src/m${i % 50}` : `src/area${i % 40}/module${i % 23}`;
    files.push(write(`${folder}/file${i}.ts`, content));
  }
  for (let i = 0; i < 2000; i++) write(`node_modules/pkg${i % 100}/lib/index${i}.js`, 'module.exports = 1;\n'.repeat(50));
  for (let i = 0; i < 50; i++) write(`logs/run${i}.log`, 'log line\n'.repeat(200));
  for (const repo of ['', 'packages/lib']) {
    write(`${repo}/.git/HEAD`, 'ref: refs/heads/main\n');
    for (let i = 0; i < 200; i++) write(`${repo}/.git/objects/${(i % 256).toString(16).padStart(2, '0')}/${crypto.randomBytes(19).toString('hex')}`, crypto.randomBytes(2048));
  }
  return files;
}

async function readEveryFile(files: string[]): Promise<number> {
  let next = 0;
  let bytes = 0;
  const readOne = (file: string): Promise<Buffer> => new Promise((resolve, reject) => fs.readFile(file, (error, data) => (error ? reject(error) : resolve(data))));
  await Promise.all(Array.from({ length: 32 }, async () => {
    while (next < files.length) {
      const data = await readOne(files[next++]);
      bytes += data.length;
    }
  }));
  return bytes;
}

async function time<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await work();
  return [performance.now() - started, result];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function main(): Promise<void> {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-snapshot-')));
  const root = path.join(base, 'workspace');
  try {
    const files = generateWorkspace(root);
    // Snapshots re-read files touched within 2 s of the previous one (racy timestamps); a workspace
    // normally has not changed in the two seconds before a turn's first command.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const samples = { baseline: [] as number[], first: [] as number[], later: [] as number[] };
    let lastStats = '';
    for (let run = 0; run <= runs; run++) {
      const [baselineMs, bytes] = await time(() => readEveryFile(files));
      const snapshots = new WorkspaceSnapshots({ storageDir: path.join(base, `storage${run}`) });
      const [firstMs, first] = await time(() => snapshots.snapshot([root]));
      // What a command might do: edit a few files, add one, remove one.
      for (let i = 0; i < 5; i++) fs.appendFileSync(files[100 + i * 997], `// edited in run ${run}\n`);
      const created = path.join(root, 'src', `created${run}.ts`);
      fs.writeFileSync(created, 'export {};\n');
      fs.rmSync(files[5000 + run]);
      files.splice(5000 + run, 1, created);
      const [laterMs, later] = await time(() => snapshots.snapshot([root], first.id));
      snapshots.dispose();
      if (first.stats.files !== FILES || bytes < TOTAL_BYTES * 0.95) throw new Error(`unexpected workspace: ${first.stats.files} files, ${bytes} bytes`);
      if (run === 0) continue; // Warm-up: page cache, JIT.
      samples.baseline.push(baselineMs);
      samples.first.push(firstMs);
      samples.later.push(laterMs);
      lastStats = `first: ${first.stats.filesRead} files read, ${(first.stats.bytesWritten / 1024 / 1024).toFixed(1)} MB stored; later: ${later.stats.filesRead} read, ${later.stats.filesReused} reused`;
    }
    const baseline = median(samples.baseline);
    const first = median(samples.first);
    const later = median(samples.later);
    console.log(`\n${FILES.toLocaleString('en')} files, ${(TOTAL_BYTES / 1024 / 1024).toFixed(0)} MB, median of ${runs} runs (${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)})\n`);
    console.log('| Measure | Time | ÷ baseline | Goal |\n|---|---|---|---|');
    console.log(`| Baseline: fs.readFile of every file | ${baseline.toFixed(0)} ms | 1.00× | |`);
    console.log(`| First snapshot (empty storage) | ${first.toFixed(0)} ms | ${(first / baseline).toFixed(2)}× | < 1,000 ms: ${first < 1000 ? 'met' : 'not met'} |`);
    console.log(`| Later snapshot (5 changed, 1 created, 1 deleted) | ${later.toFixed(0)} ms | ${(later / baseline).toFixed(2)}× | < 200 ms: ${later < 200 ? 'met' : 'not met'} |`);
    console.log(`\n${lastStats}`);
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
