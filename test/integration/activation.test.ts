import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';

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

  it('sends requests to the Anthropic API when nothing is configured', async () => {
    const config = vscode.workspace.getConfiguration('claudeAssistant');
    // The base URL setting only overrides the active profile; empty means the profile's own.
    assert.strictEqual(config.inspect<string>('baseUrl')?.defaultValue, '');
    assert.strictEqual(config.get<string>('profile'), 'anthropic');
    const api = await vscode.extensions.getExtension<TestApi>('claude-assistant.claude-assistant')!.activate();
    const summary = await api!.connection.summary();
    assert.deepStrictEqual([summary.profile, summary.host, summary.model], ['Anthropic', 'api.anthropic.com', 'claude-sonnet-5-5']);
  });
});
