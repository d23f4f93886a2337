import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { BlobStore, hashContent } from '../../src/tools/snapshot/blobStore';
import { DEFAULT_BUDGET, deserializeSnapshot, serializeSnapshot, type Snapshot, type SnapshotBudget } from '../../src/tools/snapshot/snapshotTypes';
import { takeSnapshot } from '../../src/tools/snapshot/takeSnapshot';
import { type FsCall, loggingFs, pause, type TempWorkspace, tempWorkspace } from './snapshotFixture';

describe('workspace snapshot: what it records', () => {
  let ws: TempWorkspace;
  let blobs: BlobStore;
  const take = (budget: Partial<SnapshotBudget> = {}, previous?: Snapshot, calls?: FsCall[]): Snapshot => {
    const snapshot = takeSnapshot({
      id: `t${Math.random().toString(36).slice(2)}`, roots: [ws.root], budget: { ...DEFAULT_BUDGET, ...budget }, previous, blobs,
      workspaceFs: calls ? loggingFs(calls) : undefined,
    });
    blobs.commit();
    return snapshot;
  };
  const kinds = (snapshot: Snapshot): Record<string, string> => Object.fromEntries(
    [...snapshot.entries].map(([entryPath, entry]) => [path.relative(ws.root, entryPath).split(path.sep).join('/'), entry.kind === 'skipped' ? `skipped:${entry.reason}` : entry.kind]),
  );

  beforeEach(() => {
    ws = tempWorkspace();
    blobs = new BlobStore(ws.storage);
  });
  afterEach(() => ws.remove());

  it('applies .gitignore files as git does: nested ones, negation, anchoring, ignored folders not entered', () => {
    ws.write('.gitignore', '*.log\nbuild/\n!keep.log\n!build/inside.txt\n');
    ws.write('app.log', 'x');
    ws.write('keep.log', 'kept by negation');
    ws.write('build/inside.txt', 'a parent folder is ignored: cannot be re-included');
    ws.write('src/.gitignore', '/only-here.txt\n!important.log\n');
    ws.write('src/only-here.txt', 'ignored by the anchored nested rule');
    ws.write('src/deeper/only-here.txt', 'anchored rules do not reach deeper');
    ws.write('src/important.log', 'the nested negation overrides the parent *.log');
    ws.write('src/other.log', 'still ignored by the parent');
    const result = kinds(take());
    assert.deepStrictEqual(result, {
      '.gitignore': 'file', 'app.log': 'skipped:ignored', 'keep.log': 'file', build: 'skipped:ignored',
      src: 'dir', 'src/.gitignore': 'file', 'src/only-here.txt': 'skipped:ignored', 'src/deeper': 'dir',
      'src/deeper/only-here.txt': 'file', 'src/important.log': 'file', 'src/other.log': 'skipped:ignored',
    });
  });

  it('starts a nested repository afresh with its own .gitignore files', () => {
    ws.write('.gitignore', '*.tmp\n');
    ws.write('top.tmp', 'ignored');
    ws.write('vendor/lib/.git/HEAD', 'ref: refs/heads/main\n');
    ws.write('vendor/lib/.gitignore', 'dist/\n');
    ws.write('vendor/lib/work.tmp', 'the parent repository rules do not apply in here');
    ws.write('vendor/lib/dist/out.js', 'ignored by the nested repository');
    const result = kinds(take());
    assert.strictEqual(result['top.tmp'], 'skipped:ignored');
    assert.strictEqual(result['vendor/lib/work.tmp'], 'file');
    assert.strictEqual(result['vendor/lib/dist'], 'skipped:ignored');
    assert.strictEqual(result['vendor/lib/.git'], 'skipped:git');
    assert.ok(!('vendor/lib/.git/HEAD' in result));
  });

  it('never opens, lists or reads anything inside a .git folder or through a .git file', () => {
    ws.write('.git/HEAD', 'ref: refs/heads/main\n');
    ws.write('.git/objects/ab/cdef', Buffer.from([0, 1, 2]));
    ws.write('sub/repo/.git/config', '[core]\n');
    ws.write('worktree/.git', 'gitdir: ../.git/worktrees/w\n');
    ws.write('worktree/file.txt', 'work');
    const calls: FsCall[] = [];
    const result = kinds(take({}, undefined, calls));
    assert.strictEqual(result['.git'], 'skipped:git');
    assert.strictEqual(result['sub/repo/.git'], 'skipped:git');
    assert.strictEqual(result['worktree/.git'], 'skipped:git');
    const intoGit = calls.filter((call) => call.call !== 'lstat' ? call.path.split(path.sep).includes('.git') : call.path.split(path.sep).slice(0, -1).includes('.git'));
    assert.deepStrictEqual(intoGit, [], 'only the .git entry itself may be lstat-ed');
  });

  it('records symlinks as links and follows none, even to a folder or file outside', () => {
    const outside = path.join(path.dirname(ws.root), 'outside');
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'outside the workspace');
    fs.symlinkSync(outside, ws.file('to-folder'));
    fs.symlinkSync(path.join(outside, 'secret.txt'), ws.file('to-file'));
    const calls: FsCall[] = [];
    const snapshot = take({}, undefined, calls);
    const link = snapshot.entries.get(ws.file('to-file'));
    assert.deepStrictEqual(link?.kind === 'link' && link.target, path.join(outside, 'secret.txt'));
    assert.strictEqual(snapshot.entries.get(ws.file('to-folder'))?.kind, 'link');
    assert.deepStrictEqual(calls.filter((call) => call.path.startsWith(outside) || (call.call !== 'lstat' && call.call !== 'readlink' && call.path.startsWith(ws.file('to-')))), []);
  });

  it('keeps a large text file and a large binary file out of the store, and keeps small binaries', () => {
    ws.write('big.txt', 'x'.repeat(2000));
    ws.write('big.bin', Buffer.concat([Buffer.from([0]), Buffer.alloc(499, 7)]));
    ws.write('small.bin', Buffer.from([0, 1, 2, 3]));
    const snapshot = take({ maxFileBytes: 1000, maxBinaryFileBytes: 100 });
    assert.deepStrictEqual(kinds(snapshot), { 'big.txt': 'skipped:too-large', 'big.bin': 'skipped:binary-too-large', 'small.bin': 'file' });
    assert.deepStrictEqual(blobs.readSync(hashContent(Buffer.from([0, 1, 2, 3]))), Buffer.from([0, 1, 2, 3]));
    assert.strictEqual(blobs.has(hashContent(ws.read('big.bin'))), false);
  });

  it('reuses the hashes of files whose stat did not change, reading only what changed', async () => {
    for (let i = 0; i < 20; i++) ws.write(`src/f${i}.ts`, `export const n = ${i};\n`);
    ws.write('.gitignore', 'out/\n');
    await pause(30); // Timestamps within the millisecond a snapshot starts are racy, whatever the window.
    const budget = { racyWindowMs: 0 };
    const first = take(budget);
    await pause(30);
    ws.write('src/f3.ts', 'changed\n');
    ws.write('src/new.ts', 'created\n');
    const calls: FsCall[] = [];
    const second = take(budget, first, calls);
    const opened = calls.filter((call) => call.call === 'open').map((call) => path.relative(ws.root, call.path).split(path.sep).join('/')).sort();
    // .gitignore files are read on every walk to know the rules.
    assert.deepStrictEqual(opened, ['.gitignore', 'src/f3.ts', 'src/new.ts']);
    assert.strictEqual(second.stats.filesReused, 20);
    assert.strictEqual(second.stats.filesRead, 2);
    const f3 = second.entries.get(ws.file('src/f3.ts'));
    assert.strictEqual(f3?.kind === 'file' && f3.hash, hashContent(Buffer.from('changed\n')));
  });

  it('keeps the previous verdicts only while the .gitignore files that apply are the same', async () => {
    ws.write('.gitignore', '*.log\n');
    ws.write('src/.gitignore', '!keep.log\n');
    ws.write('src/keep.log', 're-included by the nested file');
    ws.write('lib/a.txt', 'not ignored yet');
    ws.write('lib/b.log', 'ignored');
    await pause(30);
    const budget = { racyWindowMs: 0 };
    const first = take(budget);
    assert.deepStrictEqual([kinds(first)['src/keep.log'], kinds(first)['lib/a.txt'], kinds(first)['lib/b.log']], ['file', 'file', 'skipped:ignored']);
    await pause(30);
    const unchanged = take(budget, first);
    assert.deepStrictEqual(kinds(unchanged), kinds(first));

    // The root's rules change (another size), and the nested file that re-included keep.log goes.
    ws.write('.gitignore', '*.log\n*.txt\n');
    fs.rmSync(ws.file('src/.gitignore'));
    const second = take(budget, unchanged);
    assert.strictEqual(kinds(second)['lib/a.txt'], 'skipped:ignored');
    assert.strictEqual(kinds(second)['src/keep.log'], 'skipped:ignored');
    assert.strictEqual(kinds(second)['lib/b.log'], 'skipped:ignored');
  });

  it('reads again a file rewritten with the same size and its old mtime put back (the ctime moved)', async () => {
    // A whole-second mtime, so that putting it back is exact (as `cp -p` or `tar x` would).
    const mtime = new Date('2024-01-01T00:00:00Z');
    ws.write('a.txt', 'aaaa');
    fs.utimesSync(ws.file('a.txt'), mtime, mtime);
    await pause(30);
    const budget = { racyWindowMs: 0 };
    const first = take(budget);
    await pause(30);
    ws.write('a.txt', 'bbbb');
    fs.utimesSync(ws.file('a.txt'), mtime, mtime);
    assert.strictEqual(fs.statSync(ws.file('a.txt')).mtimeMs, first.entries.get(ws.file('a.txt'))?.mtimeMs);
    const second = take(budget, first);
    const entry = second.entries.get(ws.file('a.txt'));
    assert.strictEqual(entry?.kind === 'file' && entry.hash, hashContent(Buffer.from('bbbb')));
  });

  it('does not trust a stat that was racily recent when the previous snapshot began', () => {
    ws.write('a.txt', 'aaaa');
    const first = take({ racyWindowMs: 60_000 });
    const calls: FsCall[] = [];
    take({ racyWindowMs: 60_000 }, first, calls);
    assert.deepStrictEqual(calls.filter((call) => call.call === 'open').map((call) => call.path), [ws.file('a.txt')]);
  });

  it('stores content past one write batch and reads every blob back exactly', () => {
    const contents = [0, 1, 2, 3, 4].map((i) => Buffer.alloc(1_500_000 + i, 65 + i));
    contents.forEach((content, i) => ws.write(`big${i}.txt`, content));
    take();
    const fresh = new BlobStore(ws.storage); // Reads the pack's index from disk.
    for (const content of contents) assert.ok(fresh.readSync(hashContent(content))?.equals(content));
  });

  it('survives a round trip through its compact manifest', () => {
    ws.write('a.txt', 'a');
    ws.write('.gitignore', 'x/\n');
    ws.write('x/y', 'y');
    fs.symlinkSync('a.txt', ws.file('link'));
    const snapshot = take();
    assert.deepStrictEqual(deserializeSnapshot(serializeSnapshot(snapshot)), snapshot);
  });
});
