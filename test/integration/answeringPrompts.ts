// Answers Apply to File's prompts in the integration tests, and remembers what they said: the
// extension host cannot click a notification or a modal dialog.
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { ProposalPrompts } from '../../src/chat/vscodeCodeProposals';
import type { SafeMessage } from '../../src/common/vscodeMessages';

export class AnsweringPrompts implements ProposalPrompts {
  readonly questions: string[] = [];
  readonly confirmations: Array<{ message: string; detail: string; choice: string }> = [];
  readonly warnings: string[] = [];

  constructor(private readonly answers: { ask?: string; confirm?: string } = {}) {}

  ask(message: SafeMessage): Thenable<string | undefined> {
    this.questions.push(message.text);
    return Promise.resolve(this.answers.ask);
  }

  confirm(message: SafeMessage, detail: SafeMessage, choice: string): Thenable<string | undefined> {
    this.confirmations.push({ message: message.text, detail: detail.text, choice });
    return Promise.resolve(this.answers.confirm);
  }

  warn(message: SafeMessage): void {
    this.warnings.push(message.text);
  }
}

/** Proposes the code with `prompts` answering, and waits for the user's (the prompts') decision. */
export async function proposeAndDecide(api: TestApi, prompts: AnsweringPrompts, code: string, info: string): Promise<{ target?: vscode.Uri; decision?: string }> {
  api.chat.proposals.prompts = prompts;
  const proposal = await api.chat.proposals.propose(code, info);
  return { target: proposal?.target, decision: await proposal?.decision };
}

/** Closes the editors of these documents without saving them (a dirty editor would ask). */
export async function discard(...documents: Array<vscode.TextDocument | undefined>): Promise<void> {
  for (const document of documents) {
    if (!document || document.isClosed) continue;
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** The open document for this file path (saved or untitled), if any. */
export function openDocument(fsPath: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((document) => document.uri.fsPath === fsPath);
}
