// The extension's settings: the one module that reads them, typed, with one change event. Every
// other module is handed the values it needs.
import * as vscode from 'vscode';
import type { AuthHeaderStyle } from './auth/credentials';
import { isRecord } from './common/isRecord';
import { THINKING_BUDGETS, THINKING_EFFORTS, type ThinkingEffort, type ThinkingPreferences } from './conversation/transcript';
import type { LoopLimits } from './conversation/loopGuards';
import type { EditorSettings } from './editor/vscodeEditor';
import type { ConnectionSettings } from './providers/connectionSettings';
import { DEFAULT_TOOL_SETTINGS, type FileSettings, type ToolSettings } from './review/toolSettings';
import { PROMPT_CACHING_VALUES } from './providers/gatewayFacts';
import type { CommandRules } from './tools/shellRules/commandRules';
import { readCommandRules } from './tools/shellRules/readCommandRules';
import type { ModelOverrides } from './providers/modelCatalog';

export const SECTION = 'claudeAssistant';
const THINKING = `${SECTION}.thinking`;

export type Settings = ConnectionSettings;

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
    promptCaching: oneOf(config.get<string>('promptCaching'), PROMPT_CACHING_VALUES, 'auto'),
    proxy: {
      url: http.get<string>('proxy')?.trim() || undefined,
      noProxy: http.get<string[]>('noProxy', []),
      strictSSL: http.get<boolean>('proxyStrictSSL', true),
    },
  };
}

export function readThinking(): ThinkingPreferences {
  const config = vscode.workspace.getConfiguration(THINKING);
  const budget = config.get<number>('budgetTokens', 8192);
  const effort = config.get<string>('effort', 'high');
  return {
    enabled: config.get<boolean>('enabled', false),
    budgetTokens: Number.isInteger(budget) && budget >= 1024 ? budget : 8192,
    effort: THINKING_EFFORTS.includes(effort as ThinkingEffort) ? (effort as ThinkingEffort) : 'high',
  };
}

/** The agent loop's guards; `0` turns one off. */
export function readLoopLimits(): LoopLimits {
  const config = vscode.workspace.getConfiguration(`${SECTION}.tools`);
  const count = (key: string, fallback: number): number => {
    const value = config.get<number>(key, fallback);
    return Number.isFinite(value) && value >= 0 ? value : fallback;
  };
  return { maxToolRounds: Math.floor(count('maxToolRounds', 25)), maxTurnCostUsd: count('maxTurnCostUsd', 1), maxTurnTokens: Math.floor(count('maxTurnTokens', 1_000_000)) };
}

export function readEditorSettings(): EditorSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  return {
    contextLines: config.get<number>('contextLines', 3),
    wholeFileLineLimit: config.get<number>('wholeFileLineLimit', 200),
    maxFileBytes: config.get<number>('maxFileKilobytes', 256) * 1024,
    attachmentTokenWarning: config.get<number>('attachmentTokenWarning', 8000),
  };
}

export function readToolSettings(): ToolSettings {
  const config = vscode.workspace.getConfiguration(`${SECTION}.tools`);
  const edits = config.get<unknown>('autoApproveEdits', []);
  const maxView = config.get<number>('maxViewCharacters', DEFAULT_TOOL_SETTINGS.maxViewCharacters);
  return {
    autoApproveReads: config.get<boolean>('autoApproveReads', DEFAULT_TOOL_SETTINGS.autoApproveReads) !== false,
    autoApproveEdits: Array.isArray(edits) ? edits.filter((pattern): pattern is string => typeof pattern === 'string') : [],
    saveAfterAccept: config.get<boolean>('saveAfterAccept', false) === true,
    maxViewCharacters: Number.isInteger(maxView) && maxView >= 1000 ? maxView : DEFAULT_TOOL_SETTINGS.maxViewCharacters,
  };
}

/** Saves what the header's thinking controls changed, in the user's settings. */
export async function writeThinking(change: Partial<ThinkingPreferences>): Promise<void> {
  const config = vscode.workspace.getConfiguration(THINKING);
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

/** `claudeAssistant.bash.timeoutSeconds`, in milliseconds: how long a command may run. */
export function readBashTimeoutMs(): number {
  return clamp(vscode.workspace.getConfiguration(SECTION).get<number>('bash.timeoutSeconds', 120), 1, 3600) * 1000;
}

/** VS Code's `files.eol` and the `files.exclude` patterns that are on, as they apply to `resource`. */
export function readFileSettings(resource: vscode.Uri): FileSettings {
  const files = vscode.workspace.getConfiguration('files', resource);
  const exclude = files.get<unknown>('exclude', {});
  return {
    eol: files.get<string>('eol', 'auto'),
    exclude: isRecord(exclude) ? Object.entries(exclude).filter(([, on]) => on === true).map(([pattern]) => pattern) : [],
  };
}

/** Whether VS Code saves an edited document of `resource` by itself (any `files.autoSave` but "off"). */
export function readAutoSaves(resource: vscode.Uri): boolean {
  return vscode.workspace.getConfiguration('files', resource).get<string>('autoSave', 'off') !== 'off';
}

/**
 * Removes one of the extension's settings from the workspace's settings, where a trusted workspace
 * sets it (in Restricted Mode the workspace's value is not heeded, so it is left alone).
 */
export async function clearWorkspaceSetting(key: string): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  if (vscode.workspace.isTrusted && config.inspect(key)?.workspaceValue !== undefined) await config.update(key, undefined, vscode.ConfigurationTarget.Workspace);
}

/** `claudeAssistant.commands.allow`, `ask` and `deny`, each from the scopes it may come from. */
export function readShellCommandRules(): CommandRules {
  return readCommandRules(vscode.workspace.getConfiguration(SECTION));
}

export async function updateSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(key, value, vscode.ConfigurationTarget.Global);
}

/** Which group of settings a change touched. */
export interface SettingsChange {
  /** Where requests go and how: the extension's settings or VS Code's proxy settings. */
  connection: boolean;
  thinking: boolean;
}

/** Fires when any of the extension's settings, or VS Code's proxy settings, change. */
export function onDidChangeSettings(listener: (change: SettingsChange) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    const connection = event.affectsConfiguration(SECTION) || event.affectsConfiguration('http');
    if (connection) listener({ connection, thinking: event.affectsConfiguration(THINKING) });
  });
}

export function openSettings(): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openSettings', `@ext:claude-assistant.claude-assistant`);
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(Math.max(value, min), max) : min;
}

/** claudeAssistant.compaction.threshold: the share of the window past which requests are compacted first. */
export function readCompactionThreshold(): number {
  const value = vscode.workspace.getConfiguration(`${SECTION}.compaction`).get<number>('threshold', 0.8);
  return Number.isFinite(value) ? clamp(value, 0.1, 1) : 0.8;
}
