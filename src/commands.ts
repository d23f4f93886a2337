// The chat's own commands; provider commands live in providers/providerCommands.ts.
import * as vscode from 'vscode';
import { CHAT_VIEW_ID } from './chat/chatViewProvider';

export interface CommandTargets {
  log: vscode.LogOutputChannel;
  newChat(): void;
  stop(): void;
}

export function registerCommands({ log, newChat, stop }: CommandTargets): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('claudeAssistant.openChat', () => openChat()),
    vscode.commands.registerCommand('claudeAssistant.newChat', async () => {
      newChat();
      await openChat();
    }),
    vscode.commands.registerCommand('claudeAssistant.stop', () => stop()),
    vscode.commands.registerCommand('claudeAssistant.showLog', () => log.show(true)),
  ];
}

export function openChat(): Thenable<unknown> {
  return vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
}
