import * as assert from 'assert';
import { planStrReplace, settleAccepted, type EditPlan } from '../../src/tools/editPlan';
import { EditHistory, TurnChanges } from '../../src/tools/editHistory';
import { SeenFiles, currentTextNear, proposalStillApplies } from '../../src/tools/staleness';
import { editLanded, rejection, staleEdit, toolError, toolResult } from '../../src/tools/toolResults';
import { excerpt, viewFile } from '../../src/tools/fileView';
import { formatDirectoryListing, gitignoreMatcher, type DirectoryEntry } from '../../src/tools/directoryListing';

function plan(text: string, oldStr: string, newStr: string): EditPlan {
  const outcome = planStrReplace(text, oldStr, newStr, { defaultEol: '\n' });
  if (!outcome.ok) assert.fail(outcome.message);
  return outcome.plan;
}

describe('staleness', () => {
  it('knows a file the model saw, and notices any change since, unsaved text included', () => {
    const seen = new SeenFiles();
    assert.deepStrictEqual(seen.check('a', { version: 1, text: 'x' }), { status: 'unseen' });
    seen.recordSeen('a', { version: 3, text: 'one\ntwo\n' });
    assert.deepStrictEqual(seen.check('a', { version: 3, text: 'one\ntwo\n' }), { status: 'fresh' });
    assert.deepStrictEqual(seen.check('a', { version: 4, text: 'one\nTWO\n' }), { status: 'changed', seenVersion: 3, currentVersion: 4 });
    // Typed and undone: a new version, the same text.
    assert.deepStrictEqual(seen.check('a', { version: 6, text: 'one\ntwo\n' }), { status: 'fresh' });
    // Closed and reopened with other text on disk: the version starts again, the text differs.
    assert.strictEqual(seen.check('a', { version: 3, text: 'changed on disk\n' }).status, 'changed');
    seen.forget('a');
    assert.strictEqual(seen.check('a', { version: 3, text: 'one\ntwo\n' }).status, 'unseen');
  });

  it('refuses a proposal the document moved away from while it waited, showing the text near the edit', () => {
    const text = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\r\n') + '\r\n';
    const proposal = plan(text, 'line 15', 'line fifteen');
    assert.ok(proposalStillApplies(proposal, text));
    const userEdited = text.replace('line 14', 'line 14 (user)');
    assert.ok(!proposalStillApplies(proposal, userEdited));
    const near = currentTextNear(proposal, userEdited);
    assert.match(near, / {4}14\tline 14 \(user\)\n {4}15\tline 15\n/);
    assert.ok(!near.includes('\r'));
    assert.ok(near.startsWith('    11\t') && near.endsWith('    19\tline 19'));
    const result = staleEdit('toolu_1', 'src/a.txt', near, true);
    assert.strictEqual(result.is_error, true);
    assert.match(result.content, /src\/a\.txt changed while your edit was waiting for review .*not applied\. Here is the current text near the edit:\n/);
    assert.match(staleEdit('toolu_1', 'a', near, false).content, /changed since you last viewed it/);
  });
});

describe('undo_edit', () => {
  it('reverts the tool\'s last edit to what it was, keeping the file\'s form', () => {
    const history = new EditHistory();
    const before = 'a\r\nb\r\n';
    const landed = plan(before, 'b', 'B').after;
    history.recordLanded('k', before, landed);
    const undo = history.planUndo('k', landed, 'a.txt');
    assert.ok(undo.ok);
    assert.strictEqual(undo.plan.after, before);
    assert.strictEqual(undo.plan.command, 'undo_edit');
    assert.deepStrictEqual(undo.plan.edit, { start: 3, end: 4, text: 'b' });
    history.recordUndone('k');
    const again = history.planUndo('k', before, 'a.txt');
    assert.ok(!again.ok && again.reason === 'undo_unavailable');
  });

  it('undoes what the user accepted, not the model\'s draft', () => {
    const history = new EditHistory();
    const before = 'x = 1\n';
    const proposal = plan(before, 'x = 1', 'x = 2');
    const settled = settleAccepted(proposal, 'x = 22\n', 'a.txt');
    history.recordLanded('k', before, settled.finalText);
    const undo = history.planUndo('k', 'x = 22\n', 'a.txt');
    assert.ok(undo.ok && undo.plan.after === before);
  });

  it('never discards the user\'s own changes made after the edit', () => {
    const history = new EditHistory();
    history.recordLanded('k', 'v1\n', 'v2\n');
    const undo = history.planUndo('k', 'v2\nthe user typed this\n', 'a.txt');
    assert.ok(!undo.ok);
    assert.strictEqual(undo.reason, 'undo_conflict');
    assert.match(undo.message, /changed after your last edit, so undoing it would also discard those changes\. Nothing was changed/);
  });

  it('has nothing to undo in a file the tool never edited', () => {
    const undo = new EditHistory().planUndo('k', 'text', 'a.txt');
    assert.ok(!undo.ok && undo.reason === 'undo_unavailable');
  });
});

describe('undoing a turn', () => {
  it('restores edited files, deletes created ones, and asks about files the user changed since', () => {
    const turn = new TurnChanges();
    turn.recordLanded('edited', 'old\n', 'mid\n');
    turn.recordLanded('edited', 'mid\n', 'new\n');
    turn.recordLanded('created', undefined, 'fresh\n');
    turn.recordLanded('user-touched', 'u0\n', 'u1\n');
    turn.recordLanded('user-deleted', 'd0\n', 'd1\n');
    turn.recordLanded('created-then-deleted', undefined, 'gone\n');
    const now: Record<string, string | undefined> = { edited: 'new\n', created: 'fresh\n', 'user-touched': 'u1 plus the user\n', 'user-deleted': undefined, 'created-then-deleted': undefined };
    assert.deepStrictEqual(turn.planUndo((key) => now[key]), [
      { key: 'edited', action: 'restore', text: 'old\n' },
      { key: 'created', action: 'delete' },
      { key: 'user-touched', action: 'ask', restoreTo: 'u0\n', current: 'u1 plus the user\n' },
      { key: 'user-deleted', action: 'ask', restoreTo: 'd0\n', current: undefined },
      { key: 'created-then-deleted', action: 'nothing' },
    ]);
  });

  it('touches only the files the turn edited: a nested repository\'s .git is never named, moved or renamed', () => {
    const turn = new TurnChanges();
    turn.recordLanded('/ws/sub/repo/src/main.c', 'int main;\n', 'int main(void);\n');
    const actions = turn.planUndo(() => 'int main(void);\n');
    assert.deepStrictEqual(actions.map((action) => action.key), ['/ws/sub/repo/src/main.c']);
    assert.ok(actions.every((action) => ['restore', 'delete', 'ask', 'nothing'].includes(action.action)));
    assert.ok(!actions.some((action) => action.key.split('/').includes('.git')));
    assert.deepStrictEqual(turn.touched, ['/ws/sub/repo/src/main.c']);
  });
});

describe('tool results', () => {
  it('builds results and errors the API accepts', () => {
    assert.deepStrictEqual(toolResult('toolu_1', 'ok'), { type: 'tool_result', tool_use_id: 'toolu_1', content: 'ok' });
    assert.deepStrictEqual(toolError('toolu_1', 'bad'), { type: 'tool_result', tool_use_id: 'toolu_1', content: 'bad', is_error: true });
  });

  it('quotes a user\'s reason for rejecting as theirs', () => {
    const result = rejection('toolu_1', 'user_rejected', { path: 'src/a.ts', userReason: '  keep the old name  ' });
    assert.strictEqual(result.is_error, true);
    assert.strictEqual(result.content, 'The user rejected this edit to src/a.ts. Nothing was changed. Their reason, in their words: "keep the old name"');
    assert.match(rejection('toolu_1', 'user_rejected', { path: 'a' }).content, /Ask them what they would like instead/);
  });

  it('says what to do next for every refusal', () => {
    const reasons = ['invalid_input', 'cancelled', 'stale', 'outside_workspace', 'path_invalid', 'not_found', 'already_exists', 'is_directory', 'binary', 'unknown_encoding', 'too_large', 'read_only', 'tools_unavailable'] as const;
    for (const reason of reasons) {
      const result = rejection('t', reason, { path: 'x.ts' });
      assert.strictEqual(result.is_error, true, reason);
      assert.ok(result.content.length > 20, reason);
    }
    assert.match(rejection('t', 'already_exists', { path: 'x.ts' }).content, /create does not overwrite.*str_replace or insert/);
    assert.match(rejection('t', 'cancelled').content, /^Cancelled by the user/);
  });

  it('after an accepted edit, shows the result around it, and the user\'s changes when there are any', () => {
    const text = 'a\nb\nc\n';
    const proposal = plan(text, 'b', 'B');
    const asProposed = editLanded('t', 'f.txt', proposal.proposalLf, proposal.lines, undefined);
    assert.strictEqual(asProposed.is_error, undefined);
    assert.match(asProposed.content, /^The user accepted the edit and it was applied to f\.txt\. Here is the result around the edit, with line numbers:\n {5}1\ta\n {5}2\tB\n {5}3\tc\n$/);
    const settled = settleAccepted(proposal, 'a\nBee\nc\n', 'f.txt');
    const tweaked = editLanded('t', 'f.txt', 'a\nBee\nc\n', proposal.lines, settled.userChanges);
    assert.match(tweaked.content, /changed your proposal before accepting it, and their version was applied to f\.txt/);
    assert.match(tweaked.content, /^-B$/m);
    assert.match(tweaked.content, /^\+Bee$/m);
    assert.match(tweaked.content, / {5}2\tBee/);
  });
});

describe('file view', () => {
  const text = Array.from({ length: 12 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

  it('numbers every line, cat -n style', () => {
    const view = viewFile('a.txt', 'x\ny\n', undefined, undefined);
    assert.deepStrictEqual(view, { ok: true, text: 'Here\'s the result of running `cat -n` on a.txt:\n     1\tx\n     2\ty\n' });
  });

  it('honours view_range, with -1 and an end past the last line reading to the end', () => {
    const range = viewFile('a.txt', text, { start: 11, end: undefined }, undefined);
    assert.ok(range.ok && range.text.endsWith('    11\tline 11\n    12\tline 12\n'));
    const past = viewFile('a.txt', text, { start: 12, end: 40 }, undefined);
    assert.ok(past.ok && past.text.endsWith(':\n    12\tline 12\n'));
    const bad = viewFile('a.txt', text, { start: 13, end: undefined }, undefined);
    assert.ok(!bad.ok && /starts at line 13, but a\.txt has 12 lines\. Use a start from 1 to 12\./.test(bad.message));
  });

  it('cuts long output at a line and says how to see the rest', () => {
    const view = viewFile('a.txt', text, undefined, 100);
    assert.ok(view.ok);
    const shown = view.text.split('\n').filter((line) => /^\s+\d+\t/.test(line));
    assert.ok(shown.length >= 3 && shown.length < 12, `${shown.length} lines shown`);
    const last = shown.length;
    assert.match(view.text, new RegExp(`\\[Cut at 100 characters, after line ${last} of 12\\. View the rest with view_range \\[${last + 1}, -1\\]\\.\\]\\n$`));
    assert.ok(!view.text.includes(`line ${last + 1}\n`));
  });

  it('says when a file is empty, and shows a missing final newline as nothing special', () => {
    assert.deepStrictEqual(viewFile('e.txt', '', undefined, undefined), { ok: true, text: 'e.txt is empty.' });
    const view = viewFile('a.txt', 'x\ny', undefined, undefined);
    assert.ok(view.ok && view.text.endsWith('     2\ty\n'));
  });

  it('shows excerpts with context, clamped to the file', () => {
    assert.strictEqual(excerpt(text, 1, 1, 2), '     1\tline 1\n     2\tline 2\n     3\tline 3');
    assert.strictEqual(excerpt(text, 12, 12, 1), '    11\tline 11\n    12\tline 12');
    assert.strictEqual(excerpt('', 1, 1), '(the file is empty)');
  });
});

describe('directory listing', () => {
  const entries: DirectoryEntry[] = [
    { path: 'src', isDirectory: true },
    { path: 'src/a.ts', isDirectory: false },
    { path: 'src/deep', isDirectory: true },
    { path: 'src/deep/too-deep.ts', isDirectory: false },
    { path: 'node_modules', isDirectory: true },
    { path: 'node_modules/x', isDirectory: true },
    { path: 'build', isDirectory: true },
    { path: 'build/keep.txt', isDirectory: false },
    { path: 'build/out.js', isDirectory: false },
    { path: '.git', isDirectory: true },
    { path: '.git/config', isDirectory: false },
    { path: 'vendor', isDirectory: true },
    { path: 'vendor/repo', isDirectory: true },
    { path: 'vendor/repo/.git', isDirectory: true },
    { path: 'README.md', isDirectory: false },
    { path: 'secret.log', isDirectory: false },
    { path: '.github', isDirectory: true },
  ];
  const isIgnored = gitignoreMatcher([
    { dir: '', content: 'node_modules/\n*.log\nbuild/*\n' },
    { dir: 'build', content: '!keep.txt\n' },
  ]);

  it('lists two levels, without what .gitignore and files.exclude hide, and never .git', () => {
    const listing = formatDirectoryListing('the workspace', '', entries, { isIgnored, isExcluded: (path) => path === 'README.md' });
    assert.strictEqual(listing, [
      'Here are the files and directories up to 2 levels deep in the workspace, without those that .gitignore or files.exclude hide:',
      '.github/',
      'build/',
      'build/keep.txt',
      'src/',
      'src/a.ts',
      'src/deep/',
      'vendor/',
      'vendor/repo/',
      '',
    ].join('\n'));
  });

  it('lists a subdirectory relative to the workspace, and caps the count', () => {
    const listing = formatDirectoryListing('src', 'src', entries, { isIgnored, isExcluded: () => false });
    assert.match(listing, /\nsrc\/a\.ts\nsrc\/deep\/\nsrc\/deep\/too-deep\.ts\n$/);
    // A nested repository's .git is as hidden as the workspace's own.
    assert.match(formatDirectoryListing('vendor', 'vendor', entries, { isIgnored, isExcluded: () => false }), /:\nvendor\/repo\/\n$/);
    const capped = formatDirectoryListing('the workspace', '', entries, { isIgnored: () => false, isExcluded: () => false, limit: 2 });
    assert.match(capped, /\[\d+ more not shown; view a subdirectory to see them\.\]\n$/);
    assert.match(formatDirectoryListing('empty', 'empty', [], { isIgnored, isExcluded: () => false }), /\(nothing\)/);
  });
});
