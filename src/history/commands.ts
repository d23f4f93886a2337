// Chat history in VS Code: restoring the last conversation, and the commands that list, search,
// open, rename, delete and export conversations.
import * as vscode from 'vscode';
import type { ChatSession } from '../conversation/session';
import type { Conversation } from '../conversation/record';
import type { ConversationStore, ConversationSummary } from './conversationStore';
import { searchConversations } from './historySearch';
import { conversationToMarkdown } from './markdownExport';
import { safeMessage, showInformation, showWarning } from '../common/vscodeMessages';

interface ConversationItem extends vscode.QuickPickItem {
  id?: string;
  special?: 'new' | 'search';
}

const renameButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('edit'), tooltip: 'Rename' };
const exportButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('markdown'), tooltip: 'Export as Markdown' };
const deleteButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('trash'), tooltip: 'Delete' };

export class ChatHistory {
  private restored = false;
  private remembered: string | undefined;
  /** Set while the history list is open. */
  private refreshList: (() => void) | undefined;

  constructor(
    private readonly store: ConversationStore,
    private readonly session: ChatSession,
    private readonly openChat: () => Thenable<unknown>,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Shows the conversation that was open last time, once, when the panel first needs it. */
  restoreLast(): void {
    if (this.restored) return;
    this.restored = true;
    try {
      const id = this.store.currentId;
      const conversation = id ? this.store.load(id) : undefined;
      this.remembered = id;
      if (conversation && this.session.transcript.length === 0) this.session.open(conversation);
    } catch (error) {
      this.onError(error);
    }
  }

  /** Call when the conversation on screen may have changed; writes only when it did. */
  rememberCurrent(): void {
    const { id } = this.session.conversation;
    if (id === this.remembered) return;
    try {
      this.store.currentId = id;
      this.remembered = id;
    } catch (error) {
      this.onError(error);
    }
  }

  /**
   * Another window wrote a conversation: the open history list is refreshed, and the conversation
   * on screen is reloaded when the other window changed it last (never while a reply streams here).
   */
  private changedOnDisk(uri: vscode.Uri): void {
    this.refreshList?.();
    const id = /([^/\\]+)\.json$/.exec(uri.fsPath)?.[1];
    const current = this.session.conversation;
    if (id !== current.id || this.session.busy) return;
    try {
      const onDisk = this.store.load(id);
      if (onDisk && onDisk.updatedAt > current.updatedAt) this.session.open(onDisk);
    } catch (error) {
      this.onError(error);
    }
  }

  register(): vscode.Disposable[] {
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(this.store.folder), '*.json'));
    return [
      watcher,
      watcher.onDidChange((uri) => this.changedOnDisk(uri)),
      watcher.onDidCreate((uri) => this.changedOnDisk(uri)),
      watcher.onDidDelete(() => this.refreshList?.()),
      vscode.commands.registerCommand('claudeAssistant.showHistory', () => this.showHistory()),
      vscode.commands.registerCommand('claudeAssistant.searchHistory', () => this.search()),
      vscode.commands.registerCommand('claudeAssistant.renameChat', () => this.rename(this.session.conversation.id)),
      vscode.commands.registerCommand('claudeAssistant.deleteChat', () => this.delete(this.session.conversation.id)),
      vscode.commands.registerCommand('claudeAssistant.exportChat', () => this.export(this.session.conversation.id)),
    ];
  }

  async showHistory(): Promise<void> {
    this.restoreLast();
    const pick = vscode.window.createQuickPick<ConversationItem>();
    pick.title = 'Claude Assistant: Chat History';
    pick.placeholder = 'Open a conversation; the buttons rename, export or delete it';
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    const refresh = (): void => {
      pick.items = [
        { label: '$(add) New Chat', special: 'new', alwaysShow: true },
        { label: '$(search) Search in conversations…', special: 'search', alwaysShow: true },
        { label: '', kind: vscode.QuickPickItemKind.Separator },
        ...this.store.list().map((summary) => this.item(summary)),
      ];
    };
    refresh();
    this.refreshList = refresh;
    pick.onDidTriggerItemButton(async ({ item, button }) => {
      if (!item.id) return;
      if (button === renameButton) await this.rename(item.id);
      else if (button === exportButton) await this.export(item.id);
      else if (button === deleteButton) await this.delete(item.id);
      refresh();
      pick.show();
    });
    pick.onDidAccept(() => {
      const [chosen] = pick.selectedItems;
      pick.hide();
      if (chosen?.special === 'new') void vscode.commands.executeCommand('claudeAssistant.newChat');
      else if (chosen?.special === 'search') void this.search();
      else if (chosen?.id) void this.open(chosen.id);
    });
    pick.onDidHide(() => {
      if (this.refreshList === refresh) this.refreshList = undefined;
      pick.dispose();
    });
    pick.show();
  }

  async search(): Promise<void> {
    const pick = vscode.window.createQuickPick<ConversationItem>();
    pick.title = 'Claude Assistant: Search Chat History';
    pick.placeholder = 'Words to find in titles and messages';
    let loaded: Conversation[] | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    pick.onDidChangeValue((value) => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        loaded ??= [...this.store.all()];
        pick.items = searchConversations(loaded, value).map((hit) => ({
          label: hit.title,
          description: relativeTime(hit.updatedAt),
          detail: hit.snippet,
          id: hit.id,
          // Matched here, in the messages; the quick pick must not filter them again by label.
          alwaysShow: true,
        }));
      }, 150);
    });
    pick.onDidAccept(() => {
      const [chosen] = pick.selectedItems;
      pick.hide();
      if (chosen?.id) void this.open(chosen.id);
    });
    pick.onDidHide(() => {
      if (timer) clearTimeout(timer);
      pick.dispose();
    });
    pick.show();
  }

  async open(id: string): Promise<void> {
    if (id !== this.session.conversation.id) {
      const conversation = this.store.load(id);
      if (!conversation) {
        void vscode.window.showWarningMessage('That conversation is no longer available.');
        return;
      }
      this.session.open(conversation);
    }
    await this.openChat();
  }

  async rename(id: string): Promise<void> {
    const current = id === this.session.conversation.id;
    const title = current ? this.session.conversation.title : this.store.list().find((s) => s.id === id)?.title;
    const value = await vscode.window.showInputBox({ title: 'Rename Chat', value: title, prompt: 'A new name for the conversation', validateInput: (v) => (v.trim() ? undefined : 'The name cannot be empty.') });
    if (value === undefined) return;
    if (current) this.session.rename(value);
    else this.store.rename(id, value.trim());
  }

  async delete(id: string): Promise<void> {
    const title = id === this.session.conversation.id ? this.session.conversation.title : this.store.list().find((s) => s.id === id)?.title ?? 'this conversation';
    const answer = await showWarning(safeMessage`Delete "${title}"?`, { modal: true, detail: safeMessage`The conversation is removed from this workspace's history. This cannot be undone.` }, 'Delete');
    if (answer !== 'Delete') return;
    this.store.delete(id);
    if (id === this.session.conversation.id) this.session.startNew();
  }

  async export(id: string): Promise<void> {
    const conversation = id === this.session.conversation.id ? this.session.conversation : this.store.load(id);
    if (!conversation || conversation.turns.length === 0) {
      void vscode.window.showInformationMessage('There is nothing to export yet.');
      return;
    }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const fileName = `${conversation.title.replace(/[^\w\- ]+/g, '').trim().replace(/\s+/g, '-').slice(0, 60) || 'chat'}.md`;
    const target = await vscode.window.showSaveDialog({
      title: 'Export Chat as Markdown',
      defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
      filters: { Markdown: ['md'] },
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(conversationToMarkdown(conversation)));
    const choice = await showInformation(safeMessage`Exported to ${vscode.workspace.asRelativePath(target)}.`, 'Open');
    if (choice === 'Open') await vscode.window.showTextDocument(target);
  }

  private item(summary: ConversationSummary): ConversationItem {
    const current = summary.id === this.session.conversation.id;
    return {
      label: summary.title,
      description: `${relativeTime(summary.updatedAt)}${current ? ' · open now' : ''}`,
      detail: `${summary.turnCount} message${summary.turnCount === 1 ? '' : 's'}`,
      id: summary.id,
      buttons: [renameButton, exportButton, deleteButton],
    };
  }
}

function relativeTime(time: number): string {
  const minutes = Math.round((Date.now() - time) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return new Date(time).toLocaleDateString();
}
