// Claude Assistant: Compact Conversation. Asks what the summary should keep (optional), compacts
// with a progress notification, and says what was done.
import * as vscode from 'vscode';
import type { ChatSession } from '../conversation/session';
import { safeMessage, showError, showInformation } from '../common/vscodeMessages';

export const COMPACT_COMMAND = 'claudeAssistant.compactConversation';

/** `focus` given as the command's argument skips the input box (a keybinding's args, or a test). */
export function registerCompactCommand(session: ChatSession, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand(COMPACT_COMMAND, async (focusArgument?: unknown) => {
    if (session.busy) {
      void vscode.window.showInformationMessage('Claude Assistant: wait for the reply to finish, or stop it, before compacting.');
      return undefined;
    }
    const focus =
      typeof focusArgument === 'string'
        ? focusArgument
        : await vscode.window.showInputBox({
            title: 'Compact Conversation',
            prompt: 'What should the summary keep in particular? Optional: press Enter to go on without.',
            placeHolder: 'e.g. keep the API decisions',
          });
    if (focus === undefined) return undefined;
    try {
      const compaction = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Claude Assistant: compacting the conversation…', cancellable: true },
        (_progress, token) => {
          const cancelled = token.onCancellationRequested(() => session.stop());
          return session.compact(focus).finally(() => cancelled.dispose());
        },
      );
      if (!compaction) void vscode.window.showInformationMessage('Claude Assistant: there is nothing to compact yet; the last exchange is always sent whole.');
      else void showInformation(safeMessage`Claude Assistant compacted the conversation: ${compaction.summary ? 'older turns go as a summary' : 'old tool results go as stubs'}. Undo it from the Compacted marker in the chat.`);
      return compaction?.id;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.error(`Compact Conversation failed: ${message}`);
      void showError(safeMessage`Claude Assistant could not compact the conversation: ${message}`);
      return undefined;
    }
  });
}
