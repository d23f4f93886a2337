import * as assert from 'assert';
import { attributePlan, describeItems, firstLines, limitsLine, reportRestore } from '../../src/tools/snapshot/commandUndo';
import { type RestorePlan } from '../../src/tools/snapshot/snapshotDiff';
import { type SnapshotEntry } from '../../src/tools/snapshot/snapshotTypes';

const stat = { size: 1, mtimeMs: 1, ctimeMs: 1, ino: 1, mode: 0o100644 };
const file = (hash: string): SnapshotEntry => ({ kind: 'file', hash, binary: false, ...stat });
const dir: SnapshotEntry = { kind: 'dir', ...stat, mode: 0o40755 };

const plan: RestorePlan = {
  roots: ['/ws'],
  items: [
    { path: '/ws/changed.txt', change: 'changed', restoreTo: file('a'), expected: file('b'), current: file('b'), userChanged: false },
    { path: '/ws/deleted.txt', change: 'deleted', restoreTo: file('c'), expected: undefined, current: undefined, userChanged: false },
    { path: '/ws/gen', change: 'created', restoreTo: undefined, expected: dir, current: dir, userChanged: false },
    { path: '/ws/gen/out.js', change: 'created', restoreTo: undefined, expected: file('d'), current: file('e'), userChanged: true },
  ],
  limits: [{ path: '/ws/node_modules', change: 'changed', reason: 'ignored' }],
};

describe('undo of a turn\'s commands: what it says', () => {
  it('describes each path undo will touch, folders with a slash', () => {
    assert.deepStrictEqual(describeItems(plan), [
      'changed.txt: put back as it was',
      'deleted.txt: put back (the commands deleted it)',
      'gen/: removed (the commands created it)',
      'gen/out.js: removed (the commands created it)',
    ]);
  });

  it('reports restored, deleted and left paths from the outcomes, with what could not be restored as left', () => {
    const report = reportRestore(plan, [
      { path: '/ws/changed.txt', result: 'restored' },
      { path: '/ws/deleted.txt', result: 'restored' },
      { path: '/ws/gen', result: 'failed', message: 'not empty' },
      { path: '/ws/gen/out.js', result: 'needs-confirmation' },
    ]);
    assert.deepStrictEqual(report, { restored: ['changed.txt', 'deleted.txt'], deleted: [], skipped: ['gen/', 'gen/out.js', 'node_modules'] });
  });

  it('names the first few limits on one line, and says how many more', () => {
    assert.strictEqual(limitsLine([]), undefined);
    assert.strictEqual(limitsLine(['a.', 'b.']), 'Undo cannot restore everything these commands did: a. b.');
    assert.strictEqual(limitsLine(['a.', 'b.', 'c.', 'd.', 'e.']), 'Undo cannot restore everything these commands did: a. b. c. And 2 more.');
    assert.deepStrictEqual(firstLines(['1', '2', '3'], 2), ['1', '2', '… and 1 more']);
    assert.deepStrictEqual(firstLines(['1', '2'], 2), ['1', '2']);
  });

  it('keeps undo to what the commands did, and asks about a path changed between commands too', () => {
    const attributed = attributePlan(plan, {
      byCommands: new Set(['/ws/changed.txt', '/ws/gen', '/ws/gen/out.js', '/ws/node_modules']),
      between: new Set(['/ws/changed.txt', '/ws/deleted.txt']),
    });
    // deleted.txt changed only between commands: not the turn's doing, so undo leaves it alone.
    assert.deepStrictEqual(attributed.items.map((item) => [item.path, item.userChanged]), [
      ['/ws/changed.txt', true],
      ['/ws/gen', false],
      ['/ws/gen/out.js', true],
    ]);
    assert.deepStrictEqual(attributed.limits, plan.limits);
    assert.deepStrictEqual(attributePlan(plan, { byCommands: new Set(), between: new Set() }), { ...plan, items: [], limits: [] });
  });
});
