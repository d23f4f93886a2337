// The user's command rules from settings. A workspace may add ask and deny rules, never allow
// rules: a cloned repository must not be able to let the model run commands unasked. Timeouts by
// rule come from every scope, the most specific winning: a project knows its slow test suite.
import type * as vscode from 'vscode';
import type { CommandRules } from './commandRules';

/** The `claudeAssistant` section of the configuration, or anything that inspects like it. */
export type RulesConfiguration = Pick<vscode.WorkspaceConfiguration, 'inspect'>;

export function readCommandRules(configuration: RulesConfiguration): CommandRules {
  const values = (key: string, scopes: ('globalValue' | 'workspaceValue' | 'workspaceFolderValue')[]): string[] => {
    const inspected = configuration.inspect<unknown>(key);
    const lists = scopes.map((scope) => inspected?.[scope]);
    return [...new Set(lists.flatMap((list) => (Array.isArray(list) ? list.filter((rule): rule is string => typeof rule === 'string' && rule.trim() !== '') : [])))];
  };
  const everyScope = ['globalValue', 'workspaceValue', 'workspaceFolderValue'] as const;
  return {
    allow: values('commands.allow', ['globalValue']),
    ask: values('commands.ask', [...everyScope]),
    deny: values('commands.deny', [...everyScope]),
    timeouts: timeouts(configuration.inspect<unknown>('bash.timeouts')),
  };
}

const MAX_TIMEOUT_SECONDS = 3600;

function timeouts(inspected: ReturnType<RulesConfiguration['inspect']> | undefined): Record<string, number> {
  const merged: Record<string, number> = {};
  for (const scope of [inspected?.globalValue, inspected?.workspaceValue, inspected?.workspaceFolderValue]) {
    if (!scope || typeof scope !== 'object' || Array.isArray(scope)) continue;
    for (const [pattern, seconds] of Object.entries(scope)) {
      if (pattern.trim() !== '' && typeof seconds === 'number' && seconds > 0) merged[pattern] = Math.min(seconds, MAX_TIMEOUT_SECONDS);
    }
  }
  return merged;
}
