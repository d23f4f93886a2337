// The extension's settings, read through one typed module.
import * as vscode from 'vscode';
import type { AuthHeaderStyle } from './auth/credentials';
import type { ModelOverrides } from './providers/modelCatalog';

export const SECTION = 'claudeAssistant';

export interface Settings {
  /** Id of the active provider profile. */
  profile: string;
  /** The user's `claudeAssistant.profiles` entries, unvalidated. */
  profiles: unknown;
  /** Overrides of the active profile; undefined means "the profile's own". */
  baseUrl: string | undefined;
  authHeader: AuthHeaderStyle | undefined;
  anthropicVersion: string | undefined;
  model: string | undefined;
  maxTokens: number;
  modelOverrides: ModelOverrides;
  maxRetries: number;
  connectTimeoutMs: number;
  idleTimeoutMs: number;
  proxy: { url: string | undefined; noProxy: string[]; strictSSL: boolean };
}

export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const http = vscode.workspace.getConfiguration('http');
  const text = (key: string): string | undefined => config.get<string>(key)?.trim() || undefined;
  return {
    profile: text('profile') ?? 'anthropic',
    profiles: config.get<unknown>('profiles', []),
    baseUrl: text('baseUrl'),
    authHeader: text('authHeader') as AuthHeaderStyle | undefined,
    anthropicVersion: text('anthropicVersion'),
    model: text('model'),
    maxTokens: config.get<number>('maxTokens', 8192),
    modelOverrides: config.get<ModelOverrides>('modelOverrides', {}),
    maxRetries: clamp(config.get<number>('maxRetries', 2), 0, 10),
    connectTimeoutMs: clamp(config.get<number>('connectTimeout', 15), 1, 600) * 1000,
    idleTimeoutMs: clamp(config.get<number>('idleTimeout', 120), 5, 3600) * 1000,
    proxy: {
      url: http.get<string>('proxy')?.trim() || undefined,
      noProxy: http.get<string[]>('noProxy', []),
      strictSSL: http.get<boolean>('proxyStrictSSL', true),
    },
  };
}

/** `claudeAssistant.bash.timeoutSeconds`, in milliseconds: how long a command may run. */
export function readBashTimeoutMs(): number {
  return clamp(vscode.workspace.getConfiguration(SECTION).get<number>('bash.timeoutSeconds', 120), 1, 3600) * 1000;
}

export async function updateSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(key, value, vscode.ConfigurationTarget.Global);
}

/** Fires when any of the extension's settings, or VS Code's proxy settings, change. */
export function onDidChangeSettings(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(SECTION) || event.affectsConfiguration('http')) listener();
  });
}

export function openSettings(): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openSettings', `@ext:claude-assistant.claude-assistant`);
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(Math.max(value, min), max) : min;
}
