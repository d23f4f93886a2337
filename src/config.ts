// The extension's settings, read through one typed module.
import * as vscode from 'vscode';
import type { AuthHeaderStyle } from './auth/credentials';

export const SECTION = 'claudeAssistant';

export interface Settings {
  /** The base URL only if the user set one; undefined means "default or ANTHROPIC_BASE_URL". */
  baseUrl: string | undefined;
  authHeader: AuthHeaderStyle;
  anthropicVersion: string;
  model: string;
  maxTokens: number;
}

export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration(SECTION);
  return {
    baseUrl: explicitValue(config.inspect<string>('baseUrl')),
    authHeader: config.get<AuthHeaderStyle>('authHeader', 'x-api-key'),
    anthropicVersion: config.get<string>('anthropicVersion', '2023-06-01').trim(),
    model: config.get<string>('model', 'claude-sonnet-4-5').trim(),
    maxTokens: config.get<number>('maxTokens', 8192),
  };
}

/** Fires when any of the extension's settings change. */
export function onDidChangeSettings(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(SECTION)) listener();
  });
}

export function openSettings(): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openSettings', `@ext:claude-assistant.claude-assistant`);
}

function explicitValue(inspected: { globalValue?: string; workspaceValue?: string; workspaceFolderValue?: string } | undefined): string | undefined {
  // Restricted Mode already hides workspace values of restricted settings from inspect().
  const value = inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue;
  return value?.trim() ? value.trim() : undefined;
}
