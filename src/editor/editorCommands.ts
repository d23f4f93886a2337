// Ask about the selected code: commands, the editor context menu and the Fix with Claude quick fix.
import * as vscode from 'vscode';
import type { ChatBridge } from './chatBridge';
import { estimateTokens, renderAttachment, truncateAttachment, type CodeAttachment } from './codeAttachment';
import { EXPLAIN_PROMPT, FIX_INSTRUCTION, FIX_PROMPT, fixDiagnosticInstruction } from './prompts';
import { attachFileAt, attachSelections, type EditorSettings } from './vscodeEditor';
import { pickWorkspaceFiles } from './vscodeWorkspaceFiles';
import { editSelection } from './vscodeEditSelection';
import type { EditReview } from './vscodeEditReview';
import { safeMessage, showWarning } from '../common/vscodeMessages';
import { neutralize } from '../common/untrustedText';

export function registerEditorCommands(chat: ChatBridge, review: EditReview, settings: () => EditorSettings): vscode.Disposable[] {
  const withSelection = (run: (attachments: CodeAttachment[]) => Promise<unknown>) => async (): Promise<void> => {
    const attachments = await selectionAttachments(settings());
    if (attachments) await run(attachments);
  };
  return [
    vscode.commands.registerCommand('claudeAssistant.askAboutSelection', withSelection(async (attachments) => {
      const question = await vscode.window.showInputBox({
        title: 'Claude Assistant: Ask About Selection',
        prompt: `About ${neutralize(describe(attachments))}`,
        placeHolder: 'What would you like to know?',
        ignoreFocusOut: true,
      });
      if (question?.trim()) await chat.ask(question.trim(), attachments);
    })),
    vscode.commands.registerCommand('claudeAssistant.explainSelection', withSelection((attachments) => chat.ask(EXPLAIN_PROMPT, attachments))),
    vscode.commands.registerCommand('claudeAssistant.editSelection', (instruction?: unknown) => editSelection(chat, review, settings(), typeof instruction === 'string' ? instruction : undefined)),
    // One range comes back as a reviewed edit; several ranges cannot be one edit, so they go to the chat.
    vscode.commands.registerCommand('claudeAssistant.fixSelection', () =>
      vscode.window.activeTextEditor?.selections.length === 1 ? editSelection(chat, review, settings(), FIX_INSTRUCTION) : withSelection((attachments) => chat.ask(FIX_PROMPT, attachments))(),
    ),
    vscode.commands.registerCommand('claudeAssistant.addSelectionToChat', withSelection((attachments) => chat.attach(attachments))),
    vscode.commands.registerCommand('claudeAssistant.addFileToChat', async (uri?: vscode.Uri, uris?: vscode.Uri[]) => {
      const targets = uris && uris.length > 0 ? uris : uri ? [uri] : (await pickWorkspaceFiles(true));
      if (!targets || targets.length === 0) return;
      const attachments: CodeAttachment[] = [];
      const current = settings();
      for (const target of targets) {
        try {
          attachments.push(await attachFileAt(target, current));
        } catch (error) {
          void showWarning(safeMessage`Claude Assistant: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      if (attachments.length > 0 && (await confirmSize(attachments, current.attachmentTokenWarning))) await chat.attach(attachments);
    }),
    vscode.commands.registerCommand('claudeAssistant.fixDiagnostic', async (uri: vscode.Uri, range: vscode.Range, message: string) => {
      const editor = await vscode.window.showTextDocument(uri, { preserveFocus: true });
      return editSelection(chat, review, settings(), fixDiagnosticInstruction(message), new vscode.Range(range.start.line, 0, range.end.line, editor.document.lineAt(range.end.line).text.length));
    }),
    vscode.languages.registerCodeActionsProvider({ scheme: '*' }, new FixWithClaudeProvider(), { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
  ];
}

/** Offers "Fix with Claude" on every diagnostic under the cursor or selection. */
class FixWithClaudeProvider implements vscode.CodeActionProvider {
  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    return context.diagnostics.map((diagnostic) => {
      const action = new vscode.CodeAction(`Fix with Claude: ${short(diagnostic.message)}`, vscode.CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      action.command = { command: 'claudeAssistant.fixDiagnostic', title: 'Fix with Claude', arguments: [document.uri, diagnostic.range, diagnostic.message] };
      return action;
    });
  }
}

/** The active editor's selections as attachments, after the size check; undefined when cancelled. */
async function selectionAttachments(settings: EditorSettings): Promise<CodeAttachment[] | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Claude Assistant: open a file and select some code first.');
    return undefined;
  }
  const attachments = attachSelections(editor, settings);
  const stoodIn = attachments.find((attachment) => attachment.origin === 'current line' || attachment.origin === 'whole file');
  if (stoodIn) vscode.window.setStatusBarMessage(`Claude Assistant: nothing selected, so the ${stoodIn.origin} is attached`, 5_000);
  return (await confirmSize(attachments, settings.attachmentTokenWarning)) ? attachments : undefined;
}

/** Asks before sending more than the configured estimate; the user may send only the start. */
async function confirmSize(attachments: CodeAttachment[], limit: number): Promise<boolean> {
  const tokens = estimateTokens(attachments.map(renderAttachment).join('\n'));
  if (tokens <= limit) return true;
  const keepLines = 200;
  const all = `Send All (~${tokens.toLocaleString('en')} tokens)`;
  const start = `Send First ${keepLines} Lines of Each`;
  const choice = await showWarning(
    safeMessage`Claude Assistant: ${describe(attachments)} is about ${tokens.toLocaleString('en')} tokens, over the ${limit.toLocaleString('en')} set in Attachment Token Warning.`,
    { modal: true },
    all,
    start,
  );
  if (choice === start) attachments.splice(0, attachments.length, ...attachments.map((attachment) => truncateAttachment(attachment, keepLines)));
  return choice !== undefined;
}

function describe(attachments: CodeAttachment[]): string {
  if (attachments.length === 1) return `${attachments[0].path}:${attachments[0].startLine}-${attachments[0].endLine}`;
  return `${attachments.length} selections`;
}

function short(message: string): string {
  const line = message.split('\n')[0];
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}
