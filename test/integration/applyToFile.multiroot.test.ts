// Apply to File in a multi-root workspace (folders "first" and "second", see runIntegration.ts):
// every folder counts as inside, judged on real paths. The prompts are dismissed: nothing is written.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { windowPrompts } from '../../src/chat/vscodeCodeProposals';
import { AnsweringPrompts, proposeAndDecide } from './answeringPrompts';

const EXTENSION_ID = 'claude-assistant.claude-assistant';

describe('Apply to File in a multi-root workspace', function () {
  this.timeout(30_000);
  let api: TestApi;
  let first: string;
  let second: string;
  let outside: string;

  before(async () => {
    api = (await vscode.extensions.getExtension<TestApi | undefined>(EXTENSION_ID)!.activate())!;
    const folders = vscode.workspace.workspaceFolders!;
    assert.deepStrictEqual(folders.map((folder) => folder.name), ['first', 'second']);
    [first, second] = folders.map((folder) => fs.realpathSync(folder.uri.fsPath));
    outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'apply-outside-')));
    fs.writeFileSync(path.join(second, 'only-here.txt'), 'second\n');
    fs.symlinkSync(second, path.join(first, 'to-second'));
    fs.symlinkSync(outside, path.join(first, 'out'));
  });

  after(async () => {
    api.chat.proposals.prompts = windowPrompts;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const file of [path.join(second, 'only-here.txt'), path.join(first, 'to-second'), path.join(first, 'out')]) fs.rmSync(file, { force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it('finds a file in whichever folder has it', async () => {
    const prompts = new AnsweringPrompts();
    const { target, decision } = await proposeAndDecide(api, prompts, 'x\n', 'txt only-here.txt');
    assert.strictEqual(target?.fsPath, path.join(second, 'only-here.txt'));
    assert.strictEqual(decision, 'dismissed');
    assert.match(prompts.questions[0], /to second\/only-here\.txt\?/);
  });

  it('takes a leading folder name as that folder', async () => {
    const prompts = new AnsweringPrompts();
    const { target } = await proposeAndDecide(api, prompts, 'x\n', 'txt second/new.txt');
    assert.strictEqual(target?.fsPath, path.join(second, 'new.txt'));
    assert.match(prompts.questions[0], /to a new file, second\/new\.txt\?/);
  });

  it('follows a link into another folder, and refuses one out of all of them', async () => {
    const across = new AnsweringPrompts();
    const { target } = await proposeAndDecide(api, across, 'x\n', 'md to-second/README.md');
    assert.strictEqual(target?.fsPath, path.join(second, 'README.md'));
    assert.match(across.questions[0], /to second\/README\.md\? The code block named first\/to-second\/README\.md, a symbolic link to it\./);

    const out = new AnsweringPrompts();
    assert.strictEqual((await proposeAndDecide(api, out, 'x\n', 'txt out/x.txt')).target, undefined);
    assert.match(out.warnings[0], /outside the workspace/);
    assert.deepStrictEqual(fs.readdirSync(outside), []);
  });
});
