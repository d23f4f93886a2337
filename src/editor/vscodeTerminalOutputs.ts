// Keeps each terminal's last command and its output, read through shell integration, for @terminal.
import * as vscode from 'vscode';

const MAX_OUTPUT_CHARS = 1024 * 1024;

export class TerminalOutputs implements vscode.Disposable {
  private readonly last = new WeakMap<vscode.Terminal, { command: string; output: string }>();
  private readonly disposables: vscode.Disposable[];

  constructor() {
    this.disposables = [vscode.window.onDidStartTerminalShellExecution((event) => void this.record(event.terminal, event.execution))];
  }

  lastOutput(terminal: vscode.Terminal): { command: string; output: string } | undefined {
    return this.last.get(terminal);
  }

  private async record(terminal: vscode.Terminal, execution: vscode.TerminalShellExecution): Promise<void> {
    let output = '';
    for await (const chunk of execution.read()) {
      // Only the end is kept of a command that prints a great deal.
      output = (output + chunk).slice(-MAX_OUTPUT_CHARS);
    }
    this.last.set(terminal, { command: execution.commandLine.value, output });
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
