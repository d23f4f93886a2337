// The commands waiting for the user's yes: each proposed command waits here until the user runs it
// (as proposed, or as they edited it), rejects it (with a reason, if they typed one), or the turn
// is stopped. Only the user's actions answer: the card's buttons and the two commands, never
// anything in the model's output.
import * as vscode from 'vscode';
import { neutralize } from '../common/untrustedText';

export type CommandVerdict =
  | { kind: 'run'; command: string; edited: boolean }
  | { kind: 'reject'; reason?: string }
  | { kind: 'cancelled' };

/** What the Run and Reject commands take: a tool_use id, or an object from the card or a test. */
export type CommandTarget = string | { toolUseId?: unknown; command?: unknown; reason?: unknown } | undefined;

/** The question asked when a command is rejected without a reason given; replaceable for tests. */
export interface CommandPrompts {
  /** The reason for rejecting: undefined when the user dismissed the box (the command stays proposed). */
  rejectReason(command: string): Thenable<string | undefined>;
}

export const vscodeCommandPrompts: CommandPrompts = {
  rejectReason(command) {
    const shown = command.length > 200 ? `${command.slice(0, 200)}…` : command;
    return vscode.window.showInputBox({
      title: 'Reject the Command',
      prompt: `Why reject \`${neutralize(shown)}\`? Claude gets your reason (optional). Escape keeps the command waiting.`,
      placeHolder: 'Reason (optional)',
      ignoreFocusOut: true,
    });
  },
};

interface Pending {
  command: string;
  settle(verdict: CommandVerdict): void;
}

export class CommandConfirmations implements vscode.Disposable {
  private readonly pending = new Map<string, Pending>();
  prompts: CommandPrompts = vscodeCommandPrompts;

  /** The tool_use ids of the commands waiting, oldest first. */
  get waiting(): string[] {
    return [...this.pending.keys()];
  }

  /** Waits for the user's verdict on `command`; the signal (Stop, New Chat) cancels it. */
  ask(toolUseId: string, command: string, signal: AbortSignal): Promise<CommandVerdict> {
    if (signal.aborted) return Promise.resolve({ kind: 'cancelled' });
    return new Promise((resolve) => {
      const onAbort = (): void => settle({ kind: 'cancelled' });
      const settle = (verdict: CommandVerdict): void => {
        if (this.pending.get(toolUseId)?.settle !== settle) return;
        this.pending.delete(toolUseId);
        signal.removeEventListener('abort', onAbort);
        this.updateContext();
        resolve(verdict);
      };
      this.pending.set(toolUseId, { command, settle });
      signal.addEventListener('abort', onAbort, { once: true });
      this.updateContext();
    });
  }

  /** Runs the command, or the user's edit of it when `target.command` is given. False when none waits. */
  run(target: CommandTarget): boolean {
    const found = this.find(target);
    if (!found) return false;
    const edit = typeof target === 'object' && typeof target.command === 'string' ? target.command : undefined;
    if (edit !== undefined && edit.trim() === '') return false;
    const command = edit ?? found.pending.command;
    found.pending.settle({ kind: 'run', command, edited: command !== found.pending.command });
    return true;
  }

  /** Rejects the command, with the reason given or asked for; false when none waits or the box was dismissed. */
  async reject(target: CommandTarget): Promise<boolean> {
    const found = this.find(target);
    if (!found) return false;
    const given = typeof target === 'object' && typeof target.reason === 'string' ? target.reason : undefined;
    const reason = given ?? (await this.prompts.rejectReason(found.pending.command));
    if (reason === undefined || this.pending.get(found.id) !== found.pending) return false;
    found.pending.settle({ kind: 'reject', reason: reason.trim() || undefined });
    return true;
  }

  dispose(): void {
    for (const pending of [...this.pending.values()]) pending.settle({ kind: 'cancelled' });
  }

  /** The command named by id, or the only one waiting when none is named. */
  private find(target: CommandTarget): { id: string; pending: Pending } | undefined {
    const id = typeof target === 'string' ? target : typeof target?.toolUseId === 'string' ? target.toolUseId : undefined;
    if (id !== undefined) {
      const pending = this.pending.get(id);
      return pending && { id, pending };
    }
    const [only, ...others] = this.pending.keys();
    return only !== undefined && others.length === 0 ? { id: only, pending: this.pending.get(only)! } : undefined;
  }

  private updateContext(): void {
    void vscode.commands.executeCommand('setContext', 'claudeAssistant.commandPending', this.pending.size > 0);
  }
}
