// The extension's commands, registered in one place.
import * as vscode from 'vscode';
import type { ApiKeyStore } from './auth/apiKeyStore';
import { CHAT_VIEW_ID } from './chat/chatViewProvider';

export interface CommandTargets {
  keyStore: ApiKeyStore;
  log: vscode.LogOutputChannel;
  newChat(): void;
  stop(): void;
}

export function registerCommands({ keyStore, log, newChat, stop }: CommandTargets): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('claudeAssistant.openChat', () => openChat()),
    vscode.commands.registerCommand('claudeAssistant.newChat', async () => {
      newChat();
      await openChat();
    }),
    vscode.commands.registerCommand('claudeAssistant.stop', () => stop()),
    vscode.commands.registerCommand('claudeAssistant.setApiKey', () => promptForApiKey(keyStore, log)),
    vscode.commands.registerCommand('claudeAssistant.clearApiKey', async () => {
      await keyStore.clear();
      log.info('API key cleared from SecretStorage.');
      vscode.window.setStatusBarMessage('$(key) Claude Assistant: stored API key removed', 5_000);
    }),
    vscode.commands.registerCommand('claudeAssistant.showLog', () => log.show(true)),
  ];
}

export function openChat(): Thenable<unknown> {
  return vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
}

async function promptForApiKey(keyStore: ApiKeyStore, log: vscode.LogOutputChannel): Promise<boolean> {
  const key = await vscode.window.showInputBox({
    title: 'Claude Assistant: Set API Key',
    prompt: 'Paste the API key for your provider. It is kept in VS Code\'s secret storage.',
    placeHolder: 'sk-ant-…',
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() ? undefined : 'The key cannot be empty.'),
  });
  if (key === undefined) return false;
  await keyStore.set(key);
  log.info('API key saved to SecretStorage.');
  vscode.window.setStatusBarMessage('$(key) Claude Assistant: API key saved', 5_000);
  return true;
}
