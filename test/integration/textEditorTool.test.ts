// The text editor tool in the real extension host, driven as the agent loop drives it: calls go to
// the provider's handler, reviews open in VS Code's diff editor, and the Accept and Reject commands
// decide them, as the title bar's buttons do.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ToolCallView } from '../../src/conversation/toolHandler';
import type { TestApi } from '../../src/extension';
import { workbenchScreenshot } from './screenshot';
import { AnsweringToolPrompts } from './toolPrompts';

const encoder = new TextEncoder();
let callCount = 0;

describe('text editor tool', function () {
  this.timeout(60_000);
  let api: TestApi;
  let prompts: AnsweringToolPrompts;
  const root = (): vscode.Uri => vscode.workspace.workspaceFolders![0].uri;
  const fileUri = (relative: string): vscode.Uri => vscode.Uri.joinPath(root(), ...relative.split('/'));
  const write = (relative: string, content: string | Uint8Array): Thenable<void> =>
    vscode.workspace.fs.writeFile(fileUri(relative), typeof content === 'string' ? encoder.encode(content) : content);
  const disk = (relative: string): Buffer => fs.readFileSync(fileUri(relative).fsPath);

  function call(input: Record<string, unknown>, options: { turnId?: string; signal?: AbortSignal } = {}) {
    const id = `toolu_it_${++callCount}`;
    const views: ToolCallView[] = [];
    const [handler] = api.textEditor.toolsFor({ model: 'claude-sonnet-4-5', form: 'anthropic' });
    const result = handler.run(
      { type: 'tool_use', id, name: handler.name, input },
      { turnId: options.turnId ?? 'turn-1', signal: options.signal ?? new AbortController().signal, update: (view) => views.push(view) },
    );
    return { id, views, result };
  }

  /** Waits for the call's diff editor to be open, and returns its two sides. */
  async function reviewOf(id: string): Promise<{ original: vscode.Uri; modified: vscode.Uri }> {
    for (let i = 0; i < 200; i++) {
      const proposal = api.textEditor.reviews.proposalUri(id);
      const tab = vscode.window.tabGroups.all.flatMap((group) => group.tabs)
        .find((t) => t.input instanceof vscode.TabInputTextDiff && proposal && t.input.modified.toString() === proposal.toString());
      if (tab) return tab.input as vscode.TabInputTextDiff;
      await sleep(50);
    }
    throw new Error(`no diff editor opened for ${id}`);
  }

  before(async () => {
    api = (await vscode.extensions.getExtension<TestApi>('claude-assistant.claude-assistant')!.activate())!;
    // VS Code in a browser saves after a delay by default (files.autoSave); a saving editor would hide ours.
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    fs.mkdirSync(fileUri('tools').fsPath, { recursive: true });
  });

  /** Every save that starts, whoever started it: the tool must start none. */
  let saves: string[] = [];
  let saveWatch: vscode.Disposable | undefined;

  after(async () => {
    await vscode.workspace.getConfiguration('files').update('autoSave', undefined, vscode.ConfigurationTarget.Global);
  });

  beforeEach(() => {
    prompts = new AnsweringToolPrompts();
    api.textEditor.prompts = prompts;
    saves = [];
    saveWatch = vscode.workspace.onWillSaveTextDocument((event) => saves.push(vscode.workspace.asRelativePath(event.document.uri)));
  });

  afterEach(async () => {
    saveWatch?.dispose();
    // The user's unsaved buffers from a test are thrown away, never saved.
    for (const document of vscode.workspace.textDocuments.filter((doc) => doc.isDirty && doc.uri.scheme === 'file')) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens a diff of the live document against the proposal; Accept applies it unsaved', async () => {
    await write('tools/accept.ts', 'const a = 1;\nconst b = 2;\n');
    const viewed = await call({ command: 'view', path: 'tools/accept.ts' }).result;
    assert.match(viewed.content, /1\tconst a = 1;\n\s+2\tconst b = 2;/);

    const edit = call({ command: 'str_replace', path: 'tools/accept.ts', old_str: 'const b = 2;', new_str: 'const b = 3;' });
    const sides = await reviewOf(edit.id);
    assert.strictEqual(sides.original.toString(), fileUri('tools/accept.ts').toString(), 'the left side is the live document');
    assert.strictEqual((await vscode.workspace.openTextDocument(sides.modified)).getText(), 'const a = 1;\nconst b = 3;\n');
    assert.strictEqual(edit.views.at(-1)?.status, 'proposed');
    assert.match(edit.views.at(-1)?.diff ?? '', /-const b = 2;\n\+const b = 3;/);
    await sleep(1000); // for the picture only: the diff editor draws its decorations after opening
    await workbenchScreenshot('text-editor-review-diff');

    await vscode.commands.executeCommand('claudeAssistant.acceptEdit');
    const result = await edit.result;
    assert.strictEqual(result.isError, undefined, result.content);
    assert.match(result.content, /The user accepted the edit and it was applied to tools\/accept\.ts/);
    const document = await vscode.workspace.openTextDocument(fileUri('tools/accept.ts'));
    assert.strictEqual(document.getText(), 'const a = 1;\nconst b = 3;\n');
    assert.ok(document.isDirty, 'the edit is left unsaved');
    assert.strictEqual(disk('tools/accept.ts').toString(), 'const a = 1;\nconst b = 2;\n', 'nothing was saved');
    assert.deepStrictEqual(edit.views.map((view) => view.status).filter((s, i, all) => s !== all[i - 1]), ['running', 'proposed', 'accepted', 'applied']);
    assert.ok(!vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputTextDiff), 'the diff closed');
    // A save would have started by now: VS Code's saves of an edit start at once (and its participants wait at most 1.75 s).
    await sleep(2500);
    assert.deepStrictEqual(saves, [], 'no save was started');
    assert.ok(document.isDirty);
    // The editor's own Undo takes the edit back.
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(document.getText(), 'const a = 1;\nconst b = 2;\n');
    assert.deepStrictEqual(saves, [], 'no save was started');
  });

  it('Reject sends the user\'s reason back and changes nothing', async () => {
    await write('tools/reject.ts', 'let x = 1;\n');
    const edit = call({ command: 'str_replace', path: 'tools/reject.ts', old_str: 'let x = 1;', new_str: 'var x = 1;' });
    await reviewOf(edit.id);
    await vscode.commands.executeCommand('claudeAssistant.rejectEdit', { reason: 'Keep let; var is banned here.' });
    const result = await edit.result;
    assert.strictEqual(result.isError, true);
    assert.match(result.content, /The user rejected this edit to tools\/reject\.ts\. Nothing was changed\. Their reason, in their words: "Keep let; var is banned here\."/);
    assert.strictEqual((await vscode.workspace.openTextDocument(fileUri('tools/reject.ts'))).getText(), 'let x = 1;\n');
    assert.strictEqual(edit.views.at(-1)?.status, 'rejected');
  });

  it('the reason box: Escape keeps the edit under review, Enter rejects', async () => {
    await write('tools/reason.ts', 'one\n');
    const edit = call({ command: 'insert', path: 'tools/reason.ts', insert_line: 1, insert_text: 'two' });
    await reviewOf(edit.id);
    prompts.answers.reason = undefined;
    assert.strictEqual(await vscode.commands.executeCommand('claudeAssistant.rejectEdit'), false);
    assert.deepStrictEqual(api.textEditor.reviews.pending, [edit.id]);
    prompts.answers.reason = '';
    assert.strictEqual(await vscode.commands.executeCommand('claudeAssistant.rejectEdit'), true);
    assert.match((await edit.result).content, /The user rejected this edit to tools\/reason\.ts\. Nothing was changed\. Ask them/);
  });

  it('what the user typed into the proposal is what lands, and the result carries their diff', async () => {
    await write('tools/tweak.ts', 'export function greet() {\n  return "hi";\n}\n');
    const edit = call({ command: 'str_replace', path: 'tools/tweak.ts', old_str: '  return "hi";', new_str: '  return "hello";' });
    const { modified } = await reviewOf(edit.id);
    // The user edits the right side of the diff, as they would by typing in it.
    const proposal = await vscode.workspace.openTextDocument(modified);
    await typeInto(modified, (edit) => edit.replace(proposal.lineAt(1).range, '  return "hello, world";'));
    await vscode.commands.executeCommand('claudeAssistant.acceptEdit', edit.id);
    const result = await edit.result;
    const document = await vscode.workspace.openTextDocument(fileUri('tools/tweak.ts'));
    assert.strictEqual(document.getText(), 'export function greet() {\n  return "hello, world";\n}\n', 'the user\'s version landed, not the draft');
    assert.match(result.content, /The user changed your proposal before accepting it, and their version was applied/);
    assert.match(result.content, /- {2}return "hello";\n\+ {2}return "hello, world";/);
    assert.strictEqual(edit.views.at(-1)?.resultSummary, 'Applied, with your changes.');
  });

  it('the card\'s Open Diff brings a closed review\'s diff back', async () => {
    await write('tools/reopen.ts', 'let a = 1;\n');
    const edit = call({ command: 'str_replace', path: 'tools/reopen.ts', old_str: 'let a = 1;', new_str: 'let a = 2;' });
    const { modified } = await reviewOf(edit.id);
    const diffTabs = (): vscode.Tab[] => vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === modified.toString());
    await vscode.window.tabGroups.close(diffTabs());
    assert.strictEqual(diffTabs().length, 0);
    assert.strictEqual(await vscode.commands.executeCommand('claudeAssistant.openEditDiff', edit.id), true);
    await reviewOf(edit.id);
    assert.strictEqual(await vscode.commands.executeCommand('claudeAssistant.openEditDiff', 'toolu_unknown'), false);
    await vscode.commands.executeCommand('claudeAssistant.rejectEdit', { toolUseId: edit.id, reason: 'no' });
    assert.match((await edit.result).content, /rejected/);
  });

  it('a hunk reverted with the diff editor\'s own revert is left out; Accept takes what remains', async () => {
    const lines = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta'];
    await write('tools/hunks.txt', `${lines.join('\n')}\n`);
    const edit = call({ command: 'str_replace', path: 'tools/hunks.txt', old_str: lines.join('\n'), new_str: ['ALPHA', ...lines.slice(1, 6), 'ETA'].join('\n') });
    const { original, modified } = await reviewOf(edit.id);
    const proposal = await vscode.workspace.openTextDocument(modified);
    // The margin arrow between the sides runs this on the hunk it stands by: here, the first.
    for (let i = 0; i < 100 && proposal.lineAt(0).text !== 'alpha'; i++) {
      await vscode.commands.executeCommand('diffEditor.revert', {
        originalUri: original, modifiedUri: modified,
        mapping: { innerChanges: [{ originalRange: range(1, 1, 1, 6), modifiedRange: range(1, 1, 1, 6) }] },
      });
      if (proposal.lineAt(0).text !== 'alpha') await sleep(100); // until the diff editor has computed its diff
    }
    assert.strictEqual(proposal.getText(), ['alpha', ...lines.slice(1, 6), 'ETA', ''].join('\n'), 'the first hunk was reverted in the proposal');
    await vscode.commands.executeCommand('claudeAssistant.acceptEdit');
    const result = await edit.result;
    assert.strictEqual((await vscode.workspace.openTextDocument(fileUri('tools/hunks.txt'))).getText(), `${[...lines.slice(0, 6), 'ETA'].join('\n')}\n`);
    assert.match(result.content, /-ALPHA\n\+alpha/);
  });

  it('several edits in one turn: each has its own diff, accepted or rejected on its own', async () => {
    await write('tools/one.txt', 'one\n');
    await write('tools/two.txt', 'two\n');
    const first = call({ command: 'str_replace', path: 'tools/one.txt', old_str: 'one', new_str: 'ONE' });
    const second = call({ command: 'str_replace', path: 'tools/two.txt', old_str: 'two', new_str: 'TWO' });
    await reviewOf(first.id);
    await reviewOf(second.id);
    await vscode.commands.executeCommand('claudeAssistant.rejectEdit', { toolUseId: second.id, reason: 'not this one' });
    await vscode.commands.executeCommand('claudeAssistant.acceptEdit', first.id);
    assert.strictEqual((await first.result).isError, undefined);
    assert.strictEqual((await second.result).isError, true);
    assert.strictEqual((await vscode.workspace.openTextDocument(fileUri('tools/one.txt'))).getText(), 'ONE\n');
    assert.strictEqual((await vscode.workspace.openTextDocument(fileUri('tools/two.txt'))).getText(), 'two\n');
  });

  it('refuses a stale edit: changed since the model viewed it, or while the proposal waited', async () => {
    await write('tools/stale.ts', 'a\nb\nc\n');
    await call({ command: 'view', path: 'tools/stale.ts' }).result;
    const document = await vscode.workspace.openTextDocument(fileUri('tools/stale.ts'));
    await typeInto(document.uri, (edit) => edit.insert(new vscode.Position(3, 0), 'user line\n'));
    const before = await call({ command: 'str_replace', path: 'tools/stale.ts', old_str: 'b', new_str: 'B' }).result;
    assert.strictEqual(before.isError, true);
    assert.match(before.content, /changed since you last viewed it \(the user may have edited it; unsaved changes count\)/);
    assert.match(before.content, /4\tuser line/, 'the refusal shows the current text');

    // The model has now seen the text; its next edit is proposed, and the user types meanwhile.
    const edit = call({ command: 'str_replace', path: 'tools/stale.ts', old_str: 'b', new_str: 'B' });
    await reviewOf(edit.id);
    await typeInto(document.uri, (edit) => edit.insert(new vscode.Position(0, 0), 'typed during review\n'));
    await vscode.commands.executeCommand('claudeAssistant.acceptEdit');
    const during = await edit.result;
    assert.strictEqual(during.isError, true);
    assert.match(during.content, /changed while your edit was waiting for review/);
    assert.strictEqual(document.getText(), 'typed during review\na\nb\nc\nuser line\n', 'nothing of the user\'s was overwritten');
    assert.strictEqual(edit.views.at(-1)?.status, 'failed');
  });

  it('edits an unsaved buffer as it stands and never saves it; a CRLF file with a BOM keeps its bytes', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    await write('tools/crlf.txt', Buffer.concat([bom, Buffer.from('first\r\nsecond\r\nthird\r\n')]));
    const document = await vscode.workspace.openTextDocument(fileUri('tools/crlf.txt'));
    await typeInto(document.uri, (edit) => edit.insert(new vscode.Position(3, 0), 'unsaved fourth\r\n'));
    const viewed = await call({ command: 'view', path: 'tools/crlf.txt' }).result;
    assert.match(viewed.content, /4\tunsaved fourth\n/, 'view reads the unsaved text, with \\n endings');

    const edit = call({ command: 'str_replace', path: 'tools/crlf.txt', old_str: 'second\nthird', new_str: 'second\nnew line\nthird' });
    await reviewOf(edit.id);
    await vscode.commands.executeCommand('claudeAssistant.acceptEdit');
    assert.strictEqual((await edit.result).isError, undefined);
    assert.strictEqual(document.getText(), 'first\r\nsecond\r\nnew line\r\nthird\r\nunsaved fourth\r\n');
    assert.ok(document.isDirty);
    assert.deepStrictEqual(disk('tools/crlf.txt'), Buffer.concat([bom, Buffer.from('first\r\nsecond\r\nthird\r\n')]), 'the disk is untouched');
    assert.deepStrictEqual(saves, [], 'no save was started');
    // When the user saves, the file keeps its BOM and CRLF endings.
    await document.save();
    assert.deepStrictEqual(disk('tools/crlf.txt'), Buffer.concat([bom, Buffer.from('first\r\nsecond\r\nnew line\r\nthird\r\nunsaved fourth\r\n')]));
  });

  it('create makes a new file after review and refuses an existing one', async () => {
    const created = call({ command: 'create', path: 'tools/new/made.md', file_text: '# Made\n' });
    const sides = await reviewOf(created.id);
    assert.strictEqual((await vscode.workspace.openTextDocument(sides.original)).getText(), '', 'a new file is diffed against nothing');
    await vscode.commands.executeCommand('claudeAssistant.acceptEdit');
    assert.strictEqual((await created.result).isError, undefined);
    assert.strictEqual(disk('tools/new/made.md').toString(), '# Made\n');
    const again = await call({ command: 'create', path: 'tools/new/made.md', file_text: 'x' }).result;
    assert.strictEqual(again.isError, true);
    assert.match(again.content, /already exists, and create does not overwrite/);
  });

  it('str_replace with several matches says how many and where; view lists a folder without .gitignore\'s files or files.exclude\'s', async () => {
    await write('tools/many.txt', 'x\ny\nx\n');
    const many = await call({ command: 'str_replace', path: 'tools/many.txt', old_str: 'x', new_str: 'z' }).result;
    assert.strictEqual(many.isError, true);
    assert.match(many.content, /occurs 2 times in tools\/many\.txt, starting at lines 1, 3/);
    await write('tools/listing/.gitignore', 'build/\n*.log\n');
    await write('tools/listing/src/main.ts', '');
    await write('tools/listing/build/out.js', '');
    await write('tools/listing/debug.log', '');
    await write('tools/listing/scratch.tmp', '');
    const files = vscode.workspace.getConfiguration('files');
    await files.update('exclude', { '**/*.tmp': true }, vscode.ConfigurationTarget.Global);
    try {
      const listing = await call({ command: 'view', path: 'tools/listing' }).result;
      assert.match(listing.content, /tools\/listing\/src\/\ntools\/listing\/src\/main\.ts/);
      assert.doesNotMatch(listing.content, /build|debug\.log|scratch\.tmp/);
    } finally {
      await files.update('exclude', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('keeps the user\'s key out of what view sends the model and of the card\'s diff; the file keeps it', async () => {
    const key = 'sk-ant-api03-viewed-0123456789';
    await api.keyStore.set(key);
    try {
      const text = `const name = 'demo';\nconst key = '${key}';\n`;
      await write('tools/secret.ts', text);
      const viewed = await call({ command: 'view', path: 'tools/secret.ts' }).result;
      assert.match(viewed.content, /2\tconst key = '\[redacted: Claude Assistant API key\]';/);
      assert.ok(!viewed.content.includes(key), viewed.content);
      const edit = call({ command: 'str_replace', path: 'tools/secret.ts', old_str: "const name = 'demo';", new_str: "const name = 'live';" });
      await reviewOf(edit.id);
      const diff = edit.views.at(-1)?.diff ?? '';
      assert.match(diff, /\+const name = 'live';\n const key = '\[redacted: Claude Assistant API key\]';/);
      await vscode.commands.executeCommand('claudeAssistant.rejectEdit', { toolUseId: edit.id, reason: 'no' });
      assert.ok(!JSON.stringify([await edit.result, edit.views]).includes(key), 'the result and the card hold no key');
      assert.strictEqual(disk('tools/secret.ts').toString(), text, 'the file is untouched');
    } finally {
      await api.keyStore.clear();
    }
  });

  it('Stop closes the review at once, as cancelled', async () => {
    await write('tools/stop.txt', 'keep\n');
    const stop = new AbortController();
    const edit = call({ command: 'str_replace', path: 'tools/stop.txt', old_str: 'keep', new_str: 'gone' }, { signal: stop.signal });
    await reviewOf(edit.id);
    stop.abort();
    const result = await edit.result;
    assert.match(result.content, /Cancelled by the user/);
    assert.strictEqual(edit.views.at(-1)?.status, 'cancelled');
    assert.deepStrictEqual(api.textEditor.reviews.pending, []);
    for (let i = 0; i < 50 && vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputTextDiff); i++) await sleep(50);
    assert.ok(!vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputTextDiff), 'the diff closed');
    assert.strictEqual((await vscode.workspace.openTextDocument(fileUri('tools/stop.txt'))).getText(), 'keep\n');
  });

  it('a path outside the workspace asks once, showing the real path; a link inside that leads out is outside', async () => {
    const outsideDir = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-assistant-outside-'));
    const secret = path.join(outsideDir, 'secret.txt');
    fs.writeFileSync(secret, 'outside text\n');
    fs.symlinkSync(outsideDir, fileUri('tools/escape').fsPath);
    try {
      const refused = await call({ command: 'view', path: 'tools/escape/secret.txt' }).result;
      assert.strictEqual(refused.isError, true);
      assert.match(refused.content, /outside the workspace folders, and the user did not allow it/);
      assert.strictEqual(prompts.allowQuestions.length, 1);
      assert.strictEqual(prompts.allowQuestions[0].realPath, fs.realpathSync(secret), 'the dialog shows where the link really leads');
      prompts.answers.allow = true;
      const allowed = await call({ command: 'view', path: secret }).result;
      assert.match(allowed.content, /1\toutside text/);
      // Allowed once is once: the next call asks again.
      prompts.answers.allow = false;
      assert.strictEqual((await call({ command: 'view', path: secret }).result).isError, true);
      assert.strictEqual(prompts.allowQuestions.length, 3);
    } finally {
      fs.unlinkSync(fileUri('tools/escape').fsPath);
      fs.rmSync(outsideDir, { recursive: true, force: true });
    }
  });

  it('an allow-listed glob edits without review; a sensitive file is reviewed whatever the settings', async () => {
    const config = vscode.workspace.getConfiguration('claudeAssistant.tools');
    await config.update('autoApproveEdits', ['tools/docs/**', '.env*'], vscode.ConfigurationTarget.Global);
    try {
      await write('tools/docs/notes.md', 'draft\n');
      const allowed = await call({ command: 'str_replace', path: 'tools/docs/notes.md', old_str: 'draft', new_str: 'final' }).result;
      assert.strictEqual(allowed.isError, undefined, allowed.content);
      assert.strictEqual((await vscode.workspace.openTextDocument(fileUri('tools/docs/notes.md'))).getText(), 'final\n');
      await write('tools/.env', 'TOKEN=1\n');
      const sensitive = call({ command: 'str_replace', path: 'tools/.env', old_str: 'TOKEN=1', new_str: 'TOKEN=2' });
      await reviewOf(sensitive.id);
      await vscode.commands.executeCommand('claudeAssistant.rejectEdit', { reason: 'no' });
      assert.strictEqual((await sensitive.result).isError, true);
    } finally {
      await config.update('autoApproveEdits', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('Undo This Turn\'s Changes restores edited files, deletes created ones, and asks about later changes', async () => {
    await write('tools/undo.txt', 'original\n');
    const edit = call({ command: 'str_replace', path: 'tools/undo.txt', old_str: 'original', new_str: 'edited' }, { turnId: 'turn-undo' });
    await reviewOf(edit.id);
    await vscode.commands.executeCommand('claudeAssistant.acceptEdit');
    await edit.result;
    const create = call({ command: 'create', path: 'tools/undo-new.txt', file_text: 'new\n' }, { turnId: 'turn-undo' });
    await reviewOf(create.id);
    await vscode.commands.executeCommand('claudeAssistant.acceptEdit');
    await create.result;
    assert.ok(fs.existsSync(fileUri('tools/undo-new.txt').fsPath));

    const report = await vscode.commands.executeCommand<{ restored: string[]; deleted: string[] }>('claudeAssistant.undoTurnChanges', 'turn-undo');
    assert.deepStrictEqual(report.restored, ['tools/undo.txt']);
    assert.deepStrictEqual(report.deleted, ['tools/undo-new.txt']);
    assert.strictEqual((await vscode.workspace.openTextDocument(fileUri('tools/undo.txt'))).getText(), 'original\n');
    assert.ok(!fs.existsSync(fileUri('tools/undo-new.txt').fsPath), 'the created file is gone');
    assert.deepStrictEqual(prompts.discardQuestions, []);

    // Changed by the user after the turn: asked first; "no" leaves it as the user left it.
    const later = call({ command: 'str_replace', path: 'tools/undo.txt', old_str: 'original', new_str: 'turn two' }, { turnId: 'turn-two' });
    await reviewOf(later.id);
    await vscode.commands.executeCommand('claudeAssistant.acceptEdit');
    await later.result;
    const document = await vscode.workspace.openTextDocument(fileUri('tools/undo.txt'));
    await typeInto(document.uri, (edit) => edit.insert(new vscode.Position(1, 0), 'the user\'s line\n'));
    prompts.answers.discard = false;
    const kept = await vscode.commands.executeCommand<{ skipped: string[] }>('claudeAssistant.undoTurnChanges');
    assert.deepStrictEqual(prompts.discardQuestions, [{ displayPath: 'tools/undo.txt', deletes: false }]);
    assert.deepStrictEqual(kept.skipped, ['tools/undo.txt']);
    assert.strictEqual(document.getText(), 'turn two\nthe user\'s line\n');
  });

  it('offers the tool version the model knows, in either form', () => {
    const [claude4] = api.textEditor.toolsFor({ model: 'claude-sonnet-4-5', form: 'anthropic' });
    assert.deepStrictEqual(claude4.definition.tool, { type: 'text_editor_20250728', name: 'str_replace_based_edit_tool', max_characters: 100000 });
    const [claude37] = api.textEditor.toolsFor({ model: 'claude-3-7-sonnet-20250219', form: 'custom' });
    assert.strictEqual(claude37.name, 'str_replace_editor');
    assert.ok(claude37.definition.tool.input_schema, 'custom tools carry a JSON schema');
    assert.ok(vscode.workspace.isTrusted, 'this window is trusted; Restricted Mode has its own run');
  });
});

/** Types into the document's editor (the diff's own side when it is open), as the user would. */
async function typeInto(uri: vscode.Uri, change: (edit: vscode.TextEditorEdit) => void): Promise<void> {
  const editor = vscode.window.visibleTextEditors.find((candidate) => candidate.document.uri.toString() === uri.toString())
    ?? (await vscode.window.showTextDocument(uri, { preview: false }));
  assert.ok(await editor.edit(change));
}

function range(startLineNumber: number, startColumn: number, endLineNumber: number, endColumn: number) {
  return { startLineNumber, startColumn, endLineNumber, endColumn };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
