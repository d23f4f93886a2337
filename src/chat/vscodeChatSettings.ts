// The Chat settings (thinking), read and written through VS Code's configuration.
import * as vscode from 'vscode';
import { THINKING_BUDGETS, THINKING_EFFORTS, type ThinkingEffort, type ThinkingPreferences } from '../webview/protocol';

const SECTION = 'claudeAssistant.thinking';

export function readThinking(): ThinkingPreferences {
  const config = vscode.workspace.getConfiguration(SECTION);
  const budget = config.get<number>('budgetTokens', 8192);
  const effort = config.get<string>('effort', 'high');
  return {
    enabled: config.get<boolean>('enabled', false),
    budgetTokens: Number.isInteger(budget) && budget >= 1024 ? budget : 8192,
    effort: THINKING_EFFORTS.includes(effort as ThinkingEffort) ? (effort as ThinkingEffort) : 'high',
  };
}

/** Saves what the header's thinking controls changed, in the user's settings. */
export async function writeThinking(change: Partial<ThinkingPreferences>): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  // Written where it is set now, so that a workspace value does not hide the user's choice.
  const update = (key: string, value: unknown): Thenable<void> => {
    const inspected = config.inspect(key);
    const target = inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    return config.update(key, value, target);
  };
  if (change.enabled !== undefined) await update('enabled', change.enabled);
  if (change.budgetTokens !== undefined && THINKING_BUDGETS.includes(change.budgetTokens)) await update('budgetTokens', change.budgetTokens);
  if (change.effort !== undefined) await update('effort', change.effort);
}

export function onDidChangeThinking(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(SECTION)) listener();
  });
}
