// What the tool cards' buttons run: the review commands of the text editor tool, by id. A command
// that is not there (a build without the review part) leaves a short notice, nothing broken.
import * as vscode from 'vscode';
import type { Surroundings } from '../conversation/systemPrompt';
import type { ToolCallAction } from '../webview/protocol';
import { currentWorkspaceMode } from '../review/textEditorWorkspace';
import { toolsOffReason } from '../tools/pathPolicy';

export const TOOL_CALL_COMMANDS: Readonly<Record<ToolCallAction, string>> = {
  openDiff: 'claudeAssistant.openEditDiff',
  accept: 'claudeAssistant.acceptEdit',
  reject: 'claudeAssistant.rejectEdit',
  runCommand: 'claudeAssistant.runCommand',
  rejectCommand: 'claudeAssistant.rejectCommand',
};
export const UNDO_TURN_COMMAND = 'claudeAssistant.undoTurnChanges';

/** Runs `command` with `argument` if it exists; otherwise says so and resolves. */
export async function runIfAvailable(command: string, argument: unknown, unavailable: (message: string) => void): Promise<void> {
  const known = await vscode.commands.getCommands(true);
  if (!known.includes(command)) {
    unavailable('This tool action is not available in this version of Claude Assistant.');
    return;
  }
  await vscode.commands.executeCommand(command, argument);
}

/** Where the model works, for the system prompt: stable for the window's life but for folder changes. */
export function surroundings(): Surroundings {
  const os = process.platform === 'darwin' ? 'macOS' : process.platform === 'win32' ? 'Windows' : process.platform === 'linux' ? 'Linux' : process.platform;
  const folders = (vscode.workspace.workspaceFolders ?? []).map((folder) => (folder.uri.scheme === 'file' ? folder.uri.fsPath : folder.uri.toString()));
  return { os, folders };
}

/** The panel's notice while tools are off; undefined while they are on. */
export function toolsOffNotice(): string | undefined {
  return toolsOffReason(currentWorkspaceMode());
}
