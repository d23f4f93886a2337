import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { WorkspaceSnapshots } from '../../src/tools/snapshot/workspaceSnapshots';
import { type FsCall, loggingFs, statFingerprint, treeFingerprint, type TempWorkspace, tempWorkspace } from './snapshotFixture';

describe('workspace snapshot: diff, undo and limits', () => {
  let ws: TempWorkspace;
  let snapshots: WorkspaceSnapshots;
  let calls: FsCall[];
  const rel = (paths: string[]): string[] => paths.map((p) => path.relative(ws.root, p).split(path.sep).join('/'));

  beforeEach(() => {
    ws = tempWorkspace();
    calls = [];
    snapshots = new WorkspaceSnapshots({ storageDir: ws.storage, inline: { workspaceFs: loggingFs(calls) } });
  });
  afterEach(() => {
    snapshots.dispose();
    ws.remove();
  });

  it('diffs created, changed and deleted files; a chmod is a change, a touch is not', async () => {
    ws.write('same.txt', 'same');
    ws.write('touched.txt', 'touched');
    ws.write('edited.txt', 'v1');
    ws.write('script.sh', 'echo', 0o644);
    ws.write('gone/old.txt', 'old');
    const before = await snapshots.snapshot([ws.root]);
    ws.write('edited.txt', 'v2');
    fs.chmodSync(ws.file('script.sh'), 0o755);
    fs.utimesSync(ws.file('touched.txt'), new Date(), new Date(Date.now() + 5000));
    fs.rmSync(ws.file('gone'), { recursive: true });
    ws.write('new/made.txt', 'new');
    const after = await snapshots.snapshot([ws.root]);
    const diff = await snapshots.diff(before.id, after.id);
    assert.deepStrictEqual(rel(diff.created), ['new', 'new/made.txt']);
    assert.deepStrictEqual(rel(diff.changed), ['edited.txt', 'script.sh']);
    assert.deepStrictEqual(rel(diff.deleted), ['gone', 'gone/old.txt']);
  });

  it('undoes a turn that deleted and changed files, byte for byte with their modes, and removes what it created', async () => {
    const crlfWithBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('line 1\r\nline 2\r\n')]);
    ws.write('keep.txt', 'untouched');
    ws.write('notes.txt', crlfWithBom);
    ws.write('tools/run.sh', '#!/bin/sh\necho hi\n', 0o775); // Group-writable: more than the usual umask lets through.
    ws.write('tools/data.bin', Buffer.from([0, 255, 0, 1]));
    fs.symlinkSync('notes.txt', ws.file('notes-link'));
    const before = await snapshots.snapshot([ws.root]);
    const original = treeFingerprint(ws.root).split('\n').map((line) => line.replace(/ ino=.*mode=/, ' mode='));

    // The turn's commands: rm -rf tools, rewrite notes with LF, repoint the link, create files and a folder.
    fs.rmSync(ws.file('tools'), { recursive: true });
    ws.write('notes.txt', 'line 1\nline 2\n');
    fs.unlinkSync(ws.file('notes-link'));
    fs.symlinkSync('keep.txt', ws.file('notes-link'));
    ws.write('build/out.js', 'generated');
    ws.write('made.txt', 'made');
    const after = await snapshots.snapshot([ws.root]);

    const plan = await snapshots.restorePlan(before.id, after.id);
    assert.deepStrictEqual(plan.limits, []);
    assert.ok(plan.items.every((item) => !item.userChanged));
    const outcomes = await snapshots.restore(plan);
    assert.ok(outcomes.every((outcome) => outcome.result === 'restored'), JSON.stringify(outcomes));

    assert.deepStrictEqual(ws.read('notes.txt'), crlfWithBom);
    assert.deepStrictEqual(ws.read('tools/data.bin'), Buffer.from([0, 255, 0, 1]));
    assert.strictEqual(fs.statSync(ws.file('tools/run.sh')).mode & 0o7777, 0o775);
    assert.strictEqual(fs.readlinkSync(ws.file('notes-link')), 'notes.txt');
    assert.ok(!fs.existsSync(ws.file('build')) && !fs.existsSync(ws.file('made.txt')));
    // Everything but times and inodes is as it was: names, modes, bytes.
    const restored = treeFingerprint(ws.root).split('\n').map((line) => line.replace(/ ino=.*mode=/, ' mode='));
    assert.deepStrictEqual(restored, original);
  });

  it('asks before undoing a file the user changed since the turn, and keeps their change unless they agree', async () => {
    ws.write('a.txt', 'before');
    ws.write('b.txt', 'before');
    const before = await snapshots.snapshot([ws.root]);
    ws.write('a.txt', 'by the turn');
    ws.write('b.txt', 'by the turn');
    const after = await snapshots.snapshot([ws.root]);
    ws.write('a.txt', 'by the user, later');

    const plan = await snapshots.restorePlan(before.id, after.id);
    const asks = plan.items.filter((item) => item.userChanged).map((item) => item.path);
    assert.deepStrictEqual(rel(asks), ['a.txt']);
    const declined = await snapshots.restore(plan);
    assert.deepStrictEqual(declined.map((o) => [path.basename(o.path), o.result]), [['a.txt', 'needs-confirmation'], ['b.txt', 'restored']]);
    assert.strictEqual(ws.read('a.txt').toString(), 'by the user, later');
    assert.strictEqual(ws.read('b.txt').toString(), 'before');

    const agreed = await snapshots.restore(plan, [ws.file('a.txt')]);
    assert.strictEqual(agreed[0].result, 'restored');
    assert.strictEqual(ws.read('a.txt').toString(), 'before');
  });

  it('leaves a file alone when it changed between the plan and the restore', async () => {
    ws.write('a.txt', 'before');
    const before = await snapshots.snapshot([ws.root]);
    ws.write('a.txt', 'by the turn');
    const after = await snapshots.snapshot([ws.root]);
    const plan = await snapshots.restorePlan(before.id, after.id);
    ws.write('a.txt', 'typed while the question was open');
    const outcomes = await snapshots.restore(plan);
    assert.strictEqual(outcomes[0].result, 'changed-since-plan');
    assert.strictEqual(ws.read('a.txt').toString(), 'typed while the question was open');
  });

  it('never touches .git, nested repositories included, through snapshots, a turn and its undo', async () => {
    ws.write('.git/HEAD', 'ref: refs/heads/main\n');
    ws.write('.git/objects/ab/cdef0123', Buffer.from([120, 1, 0, 0]));
    ws.write('vendor/lib/.git/config', '[core]\n');
    ws.write('vendor/lib/index.js', 'v1');
    ws.write('wt/.git', 'gitdir: ../.git/worktrees/wt\n');
    ws.write('src/a.ts', 'v1');
    const gitPaths = ['.git', '.git/HEAD', '.git/objects', '.git/objects/ab', '.git/objects/ab/cdef0123', 'vendor/lib/.git', 'vendor/lib/.git/config', 'wt/.git'].map(ws.file);
    const untouched = statFingerprint(gitPaths);

    const before = await snapshots.snapshot([ws.root]);
    ws.write('src/a.ts', 'v2');
    ws.write('vendor/lib/index.js', 'v2');
    fs.rmSync(ws.file('vendor/lib/index.js'));
    const after = await snapshots.snapshot([ws.root]);
    const plan = await snapshots.restorePlan(before.id, after.id);
    const outcomes = await snapshots.restore(plan);
    assert.ok(outcomes.length === 2 && outcomes.every((o) => o.result === 'restored'));
    assert.strictEqual(ws.read('vendor/lib/index.js').toString(), 'v1');

    assert.deepStrictEqual(statFingerprint(gitPaths), untouched, 'inodes and times (atime too) of every .git entry');
    assert.deepStrictEqual(ws.read('.git/objects/ab/cdef0123'), Buffer.from([120, 1, 0, 0]));
    assert.strictEqual(ws.read('wt/.git').toString(), 'gitdir: ../.git/worktrees/wt\n');
    assert.deepStrictEqual(fs.readdirSync(ws.file('.git')).sort(), ['HEAD', 'objects']);
    const inside = calls.filter((call) => path.relative(ws.root, call.path).split(path.sep).slice(0, -1).includes('.git') || (call.call !== 'lstat' && call.path.split(path.sep).includes('.git')));
    assert.deepStrictEqual(inside, []);
  });

  it("lists what undo cannot restore: git's data, ignored paths, files past the budget", async () => {
    const limited = new WorkspaceSnapshots({ storageDir: ws.storage, inline: {}, budget: { maxFileBytes: 1000, maxBinaryFileBytes: 100 } });
    ws.write('.gitignore', 'node_modules/\n*.log\n');
    ws.write('.git/HEAD', 'ref: refs/heads/main\n');
    ws.write('big.txt', 'x'.repeat(2000));
    ws.write('image.png', Buffer.concat([Buffer.from([0x89, 0x50, 0, 0]), Buffer.alloc(500, 1)]));
    ws.write('small.txt', 'small');
    const before = await limited.snapshot([ws.root]);
    ws.write('.git/index', 'a commit happened');
    ws.write('big.txt', 'y'.repeat(2000));
    ws.write('image.png', Buffer.concat([Buffer.from([0x89, 0x50, 0, 0]), Buffer.alloc(500, 2)]));
    ws.write('node_modules/pkg/index.js', 'installed');
    ws.write('debug.log', 'log');
    ws.write('small.txt', 'SMALL');
    const after = await limited.snapshot([ws.root]);

    const limits = await limited.limits(before.id, after.id);
    assert.deepStrictEqual(limits.turn.map((l) => [path.relative(ws.root, l.path), l.change, l.reason]), [
      ['.git', 'changed', 'git'],
      ['big.txt', 'changed', 'too-large'],
      ['debug.log', 'created', 'ignored'],
      ['image.png', 'changed', 'binary-too-large'],
      ['node_modules', 'created', 'ignored'],
    ]);
    assert.match(limits.lines[1], /^big\.txt \(changed\) is larger than the snapshot keeps\.$/);
    assert.ok(limits.standing.some((line) => /outside the workspace/.test(line)));
    const plan = await limited.restorePlan(before.id, after.id);
    assert.deepStrictEqual(rel(plan.items.map((item) => item.path)), ['small.txt']);
    limited.dispose();
  });

  it('prunes blobs no kept snapshot uses, and drops the oldest snapshots past the size budget', async () => {
    ws.write('a.txt', 'A'.repeat(10_000));
    ws.write('shared.txt', 'shared');
    const first = await snapshots.snapshot([ws.root]);
    ws.write('a.txt', 'B'.repeat(10_000));
    const second = await snapshots.snapshot([ws.root]);
    const kept = await snapshots.prune([second.id]);
    assert.deepStrictEqual(kept.removed, [first.id]);
    assert.ok(kept.storeBytes < 20_000, `the first version of a.txt is gone (${kept.storeBytes} bytes)`);
    await assert.rejects(snapshots.diff(first.id, second.id));

    // The second snapshot still restores from the repacked store.
    ws.write('a.txt', 'C');
    const third = await snapshots.snapshot([ws.root]);
    const outcomes = await snapshots.restore(await snapshots.restorePlan(second.id, third.id));
    assert.deepStrictEqual(outcomes.map((o) => o.result), ['restored']);
    assert.strictEqual(ws.read('a.txt').toString(), 'B'.repeat(10_000));

    const tight = new WorkspaceSnapshots({ storageDir: ws.storage, inline: {}, maxStoreBytes: 1 });
    const dropped = await tight.prune([second.id, third.id]);
    // The snapshot the restore plan took of the present goes first, not being kept; then the oldest.
    assert.deepStrictEqual(dropped.removed.slice(-2), [second.id, third.id]);
    tight.dispose();
  });

  it('runs in a worker thread by default, with the same results', async () => {
    const threaded = new WorkspaceSnapshots({ storageDir: ws.storage });
    try {
      ws.write('a.txt', 'before');
      const before = await threaded.snapshot([ws.root]);
      ws.write('a.txt', 'after');
      ws.write('b.txt', 'new');
      const after = await threaded.snapshot([ws.root]);
      assert.deepStrictEqual(rel((await threaded.diff(before.id, after.id)).changed), ['a.txt']);
      const outcomes = await threaded.restore(await threaded.restorePlan(before.id, after.id));
      assert.deepStrictEqual(outcomes.map((o) => o.result), ['restored', 'restored']);
      assert.strictEqual(ws.read('a.txt').toString(), 'before');
      assert.ok(!fs.existsSync(ws.file('b.txt')));
    } finally {
      threaded.dispose();
    }
  });
});
