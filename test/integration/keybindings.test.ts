// The extension's keybindings must not take a key VS Code already uses.
import * as assert from 'assert';
import * as vscode from 'vscode';

interface Keybinding {
  key: string;
  command: string;
  when?: string;
}

async function defaultKeybindings(): Promise<Keybinding[]> {
  await vscode.commands.executeCommand('workbench.action.openDefaultKeybindingsFile');
  for (let i = 0; i < 100 && !vscode.window.activeTextEditor?.document.uri.toString().includes('keybindings'); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const text = vscode.window.activeTextEditor?.document.getText() ?? '';
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  // The file is JSON with line comments.
  return JSON.parse(text.replace(/^\s*\/\/.*$/gm, '')) as Keybinding[];
}

describe('keybindings', function () {
  this.timeout(30_000);

  it('clash with none of VS Code\'s default keybindings', async () => {
    const extension = vscode.extensions.getExtension('claude-assistant.claude-assistant')!;
    const ours = (extension.packageJSON.contributes.keybindings as Array<Keybinding & { mac?: string }>);
    assert.ok(ours.length >= 2, 'Ask and Add Selection have keybindings');
    const defaults = await defaultKeybindings();
    assert.ok(defaults.length > 500, `read ${defaults.length} default keybindings`);
    for (const binding of ours) {
      const taken = defaults.filter((other) => other.key === binding.key && !other.command.startsWith('claudeAssistant.') && !other.command.startsWith('-'));
      assert.deepStrictEqual(taken.map((other) => other.command), [], `${binding.key} (${binding.command}) is free`);
    }
  });
});
