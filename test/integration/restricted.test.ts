// Restricted Mode, in a window whose folder is not trusted (runIntegration --restricted): the model
// is offered no tools at all, and the chat still works. In the usual trusted run this is skipped.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';

describe('Restricted Mode', function () {
  this.timeout(30_000);

  before(function () {
    if (process.env.CLAUDE_ASSISTANT_RESTRICTED !== '1') this.skip();
  });

  it('offers the model no tools, for any model or form', async () => {
    const api = (await vscode.extensions.getExtension<TestApi>('claude-assistant.claude-assistant')!.activate())!;
    assert.strictEqual(vscode.workspace.isTrusted, false, 'the folder is untrusted');
    assert.deepStrictEqual(api.textEditor.toolsFor({ model: 'claude-sonnet-4-5', form: 'anthropic' }), []);
    assert.deepStrictEqual(api.textEditor.toolsFor({ model: 'claude-3-7-sonnet-20250219', form: 'custom' }), []);
    assert.deepStrictEqual(api.bash.toolsFor({ model: 'claude-sonnet-4-5', form: 'anthropic' }), [], 'no commands either');
    assert.deepStrictEqual(api.chat.tools.toolsFor({ model: 'claude-sonnet-4-5', form: 'custom' }), []);
    assert.ok(api.session, 'the chat itself still composes');
  });

  it('heeds none of the workspace settings that choose the model or raise what a message costs', async () => {
    const restricted: Record<string, unknown> = {
      'claudeAssistant.model': 'claude-opus-4-1',
      'claudeAssistant.maxTokens': 64000,
      'claudeAssistant.thinking.enabled': true,
      'claudeAssistant.thinking.budgetTokens': 60000,
      'claudeAssistant.thinking.effort': 'max',
      'claudeAssistant.maxRetries': 10,
      'claudeAssistant.promptCaching': 'off',
      'claudeAssistant.compaction.threshold': 0.1,
      'claudeAssistant.contextLines': 5000,
      'claudeAssistant.wholeFileLineLimit': 100000,
      'claudeAssistant.attachmentTokenWarning': 10000000,
      'claudeAssistant.maxFileKilobytes': 100000,
    };
    const settingsFile = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.vscode', 'settings.json');
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    // A setting Restricted Mode leaves to the workspace shows that the file was read.
    const heeded = { 'claudeAssistant.commands.deny': ['restricted-mode-probe'] };
    const changed = new Promise<void>((resolve) => {
      const listening = vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('claudeAssistant.commands.deny')) {
          listening.dispose();
          resolve();
        }
      });
    });
    fs.writeFileSync(settingsFile, JSON.stringify({ ...restricted, ...heeded }, null, 2));
    try {
      await changed;
      const config = vscode.workspace.getConfiguration();
      assert.deepStrictEqual(config.get('claudeAssistant.commands.deny'), ['restricted-mode-probe'], 'the workspace settings were read');
      // VS Code drops these from the workspace's settings in Restricted Mode: the user's or the default apply.
      for (const [key, value] of Object.entries(restricted)) assert.notDeepStrictEqual(config.get(key), value, `${key} is not taken from the workspace`);
    } finally {
      fs.rmSync(settingsFile, { force: true });
    }
  });
});
