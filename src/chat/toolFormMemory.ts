// Remembers, per profile and model, that a gateway refused Anthropic-defined tools, so that later
// turns send custom tools at once. Kept in the extension's global state, for every window.
import type * as vscode from 'vscode';
import type { ToolFormMemory } from '../conversation/agentLoop';
import type { ToolForm } from '../conversation/toolHandler';

const KEY = 'claudeAssistant.toolForms';

export class MementoToolForms implements ToolFormMemory {
  constructor(private readonly state: vscode.Memento) {}

  get(profileId: string, model: string): ToolForm | undefined {
    const value = this.all()[entryKey(profileId, model)];
    return value === 'anthropic' || value === 'custom' ? value : undefined;
  }

  set(profileId: string, model: string, form: ToolForm): void {
    void this.state.update(KEY, { ...this.all(), [entryKey(profileId, model)]: form });
  }

  private all(): Record<string, unknown> {
    const stored = this.state.get<unknown>(KEY);
    return typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  }
}

function entryKey(profileId: string, model: string): string {
  return `${profileId}\n${model}`;
}
