import * as assert from 'assert';
import * as vscode from 'vscode';

const extensionId = 'claude-assistant.claude-assistant';

describe('activation', () => {
  it('the extension is installed', () => {
    assert.ok(vscode.extensions.getExtension(extensionId), `${extensionId} is not among the extensions`);
  });

  it('activates', async () => {
    const extension = vscode.extensions.getExtension(extensionId)!;
    await extension.activate();
    assert.strictEqual(extension.isActive, true);
  });

  it('registers its commands', async () => {
    await vscode.extensions.getExtension(extensionId)!.activate();
    const commands = new Set(await vscode.commands.getCommands(true));
    const expected = [
      'claudeAssistant.openChat',
      'claudeAssistant.newChat',
      'claudeAssistant.setApiKey',
      'claudeAssistant.clearApiKey',
      'claudeAssistant.stop',
      'claudeAssistant.showLog',
    ];
    assert.deepStrictEqual(expected.filter((command) => !commands.has(command)), [], 'commands missing');
  });

  it('defaults claudeAssistant.baseUrl to the Anthropic API', () => {
    const config = vscode.workspace.getConfiguration('claudeAssistant');
    assert.strictEqual(config.inspect<string>('baseUrl')?.defaultValue, 'https://api.anthropic.com');
    // The launchers start with fresh user settings, so nothing overrides it.
    assert.strictEqual(config.get<string>('baseUrl'), 'https://api.anthropic.com');
  });
});
