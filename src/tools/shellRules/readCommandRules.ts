// The user's command rules from settings. A workspace may add ask and deny rules, never allow
// rules: a cloned repository must not be able to let the model run commands unasked.
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
  };
}
