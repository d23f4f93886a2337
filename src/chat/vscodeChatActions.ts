// What the chat page asks of VS Code: error fixes, header commands, the clipboard, inserting code,
// and opening links after checking them.
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { ErrorAction, PageCommand } from '../webview/protocol';
import type { ChatSession } from '../conversation/session';
import { safeMessage, showInformation, showWarning } from '../common/vscodeMessages';
import { locateInWorkspace } from '../workspace/containment';
import { checkRelativePath } from '../workspace/relativePath';
import { classifyLink } from './linkTarget';
import { linkReach } from './localNetwork';

export interface ChatActionTargets {
  session: ChatSession;
  log: vscode.LogOutputChannel;
  openSettings(query?: string): Thenable<unknown>;
}

/** Commands the header and the error box run; the first registered id wins, else the fallback. */
const COMMANDS: Record<PageCommand | 'testConnection' | 'useDefaultModel', { id: string; fallback?: string }> = {
  newChat: { id: 'claudeAssistant.newChat' },
  showHistory: { id: 'claudeAssistant.showHistory' },
  setApiKey: { id: 'claudeAssistant.setApiKey' },
  selectModel: { id: 'claudeAssistant.selectModel', fallback: 'claudeAssistant.model' },
  selectProfile: { id: 'claudeAssistant.selectProfile', fallback: 'claudeAssistant.baseUrl' },
  testConnection: { id: 'claudeAssistant.testConnection' },
  useDefaultModel: { id: 'claudeAssistant.useDefaultModel', fallback: 'claudeAssistant.model' },
};

export class VscodeChatActions {
  constructor(private readonly targets: ChatActionTargets) {}

  runAction(action: ErrorAction): void {
    const { session, log } = this.targets;
    switch (action) {
      case 'retry':
        void session.retry();
        return;
      case 'continue':
        void session.continueReply();
        return;
      case 'setApiKey':
        void this.runCommand('setApiKey');
        return;
      case 'openSettings':
        void this.targets.openSettings();
        return;
      case 'testConnection':
        void this.run('testConnection');
        return;
      case 'selectProfile':
      case 'selectModel':
        void this.run(action);
        return;
      case 'useDefaultModel':
        // One click: the default (never a retired model), then the same question again.
        void this.run('useDefaultModel').then(() => session.retry());
        return;
      case 'showLog':
        log.show(true);
        return;
    }
  }

  runCommand(command: PageCommand): Promise<void> {
    return this.run(command);
  }

  copy(text: string): void {
    void vscode.env.clipboard.writeText(text).then(() => vscode.window.setStatusBarMessage('$(copy) Copied', 2_000));
  }

  /** Replaces the selection(s) of the last active editor with the code. */
  async insertCode(code: string): Promise<boolean> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('Open a file and place the cursor where the code should go, then choose Insert at Cursor again.');
      return false;
    }
    const done = await editor.edit((edit) => {
      for (const selection of editor.selections) edit.replace(selection, code);
    });
    if (done) await vscode.window.showTextDocument(editor.document, editor.viewColumn);
    return done;
  }

  /**
   * Opens http(s) links outside VS Code (after asking, for this computer and private networks) and
   * workspace files in an editor; refuses anything else.
   */
  async openLink(href: string): Promise<'external' | 'file' | 'refused' | 'declined'> {
    const target = classifyLink(href);
    if (target.kind === 'external') {
      if (!(await this.confirmLocal(target.url))) return 'declined';
      await vscode.env.openExternal(vscode.Uri.parse(target.url, true));
      return 'external';
    }
    if (target.kind === 'file') {
      const uri = await this.workspaceFile(target.path);
      if (uri) {
        const position = new vscode.Position(Math.max(0, (target.line ?? 1) - 1), Math.max(0, (target.column ?? 1) - 1));
        await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position), preview: true });
        return 'file';
      }
      this.refuse(href, 'it is not a file in this workspace');
      return 'refused';
    }
    this.refuse(href, target.reason);
    return 'refused';
  }

  private refuse(href: string, reason: string): void {
    const shown = href.length > 80 ? `${href.slice(0, 77)}…` : href;
    this.targets.log.warn(`Refused to open a link from the chat: ${reason}.`);
    void showWarning(safeMessage`Claude Assistant did not open "${shown}": ${reason}. Only http and https links and files in this workspace are opened.`);
  }

  /** True for links to the internet; links to this computer or a private network ask first. */
  private async confirmLocal(url: string): Promise<boolean> {
    const reach = linkReach(url);
    if (reach === 'the internet') return true;
    const choice = await showWarning(
      safeMessage`Open a link to ${reach}?`,
      {
        modal: true,
        detail: safeMessage`${url}\n\nThe chat's link points to an address on ${reach}. Pages there can act on services that trust local connections, such as development servers and routers; in a remote window VS Code forwards the port to reach it.`,
      },
      'Open Link',
    );
    if (choice !== 'Open Link') this.targets.log.info(`Did not open a chat link to ${reach}: not confirmed.`);
    return choice === 'Open Link';
  }

  /** The file's URI when it is inside a workspace folder, symbolic links resolved. */
  private async workspaceFile(file: string): Promise<vscode.Uri | undefined> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const local = folders.filter((folder) => folder.uri.scheme === 'file').map((folder) => folder.uri.fsPath);
    const found = locateInWorkspace(file, local, ({ real, exists }) => exists && fs.statSync(real).isFile());
    if (found) return vscode.Uri.file(found.named);
    // Virtual workspaces have no real paths: plain relative paths only.
    const relative = checkRelativePath(file);
    if (!relative.ok) return undefined;
    for (const folder of folders.filter((f) => f.uri.scheme !== 'file')) {
      const uri = vscode.Uri.joinPath(folder.uri, relative.path);
      const stat = await Promise.resolve(vscode.workspace.fs.stat(uri)).catch(() => undefined);
      if (stat?.type === vscode.FileType.File) return uri;
    }
    return undefined;
  }

  private async run(name: PageCommand | 'testConnection' | 'useDefaultModel'): Promise<void> {
    const { id, fallback } = COMMANDS[name];
    const registered = (await vscode.commands.getCommands(true)).includes(id);
    if (registered) {
      await vscode.commands.executeCommand(id);
    } else if (fallback) {
      await this.targets.openSettings(fallback);
    } else {
      void showInformation(safeMessage`"${id}" is not available in this version of Claude Assistant.`);
    }
  }
}
