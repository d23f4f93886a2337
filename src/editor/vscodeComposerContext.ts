// The composer's context chips on the host side: what the page shows, opening and removing a chip,
// `@` mentions, files dropped on the composer, and keeping the chips across reloads.
import * as vscode from 'vscode';
import type { ContextChip, HostToWebview, MentionKind } from '../webview/protocol';
import { isCode, restoreItems, type DraftAttachments } from './draftAttachments';
import { resolveMention } from './vscodeMentions';
import { attachFileAt, type AttachmentSettings } from './vscodeEditor';
import { isOfferedFile } from './vscodeWorkspaceFiles';
import type { TerminalOutputs } from './vscodeTerminalOutputs';

const STATE_KEY = 'claudeAssistant.draftAttachments';

export class ComposerContext {
  constructor(
    private readonly draft: DraftAttachments,
    private readonly post: (message: HostToWebview) => void,
    state: vscode.Memento,
    private readonly terminals: TerminalOutputs,
    /** Read by config.ts, fresh for each use. */
    private readonly settings: () => AttachmentSettings,
  ) {
    draft.add(restoreItems(state.get(STATE_KEY)));
    draft.onChange = () => {
      void state.update(STATE_KEY, draft.save());
      this.post({ type: 'chips', chips: draft.chips() });
    };
  }

  chips(): ContextChip[] {
    return this.draft.chips();
  }

  remove(id: string): void {
    this.draft.remove(id);
  }

  /** Shows where a chip's content comes from: the range in its file, the folder, the Problems view… */
  async open(id: string): Promise<void> {
    const item = this.draft.find(id);
    if (!item) return;
    if (isCode(item)) {
      const uri = item.uri ? vscode.Uri.parse(item.uri) : undefined;
      if (!uri) return;
      const end = Math.max(0, item.endLine - 1);
      const document = await vscode.workspace.openTextDocument(uri);
      const range = new vscode.Range(item.startLine - 1, 0, end, document.lineAt(Math.min(end, document.lineCount - 1)).text.length);
      await vscode.window.showTextDocument(document, { selection: range, preview: true });
      return;
    }
    switch (item.kind) {
      case 'folder':
        if (item.uri) await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.parse(item.uri));
        return;
      case 'problems':
        await vscode.commands.executeCommand('workbench.actions.view.problems');
        return;
      case 'diff':
        await vscode.commands.executeCommand('workbench.view.scm');
        return;
      case 'terminal':
        vscode.window.activeTerminal?.show();
        return;
    }
  }

  /** Turns a mention into chips; when it cannot, the page keeps the text and a notice says why. */
  async mention(kind: MentionKind, notice: (text: string) => void): Promise<void> {
    let ok = false;
    try {
      const result = await resolveMention(kind, this.terminals, this.settings());
      if (result.ok) {
        this.draft.add(result.items);
        ok = true;
      } else if (!('cancelled' in result)) {
        notice(result.reason);
      }
    } catch (error) {
      notice(`@${kind}: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.post({ type: 'mentionResolved', kind, ok });
  }

  /** Files dragged from the Explorer or an editor tab; only workspace files the pickers would offer. */
  async drop(uris: string[], notice: (text: string) => void): Promise<void> {
    const settings = this.settings();
    const refused: string[] = [];
    for (const text of uris) {
      let uri: vscode.Uri;
      try {
        uri = vscode.Uri.parse(text, true);
      } catch {
        continue;
      }
      if (!(await isOfferedFile(uri))) {
        refused.push(uri.path.split('/').pop() ?? 'a file');
        continue;
      }
      try {
        this.draft.add([await attachFileAt(uri, settings)]);
      } catch (error) {
        notice(error instanceof Error ? error.message : String(error));
      }
    }
    if (refused.length > 0) notice(`Not attached, as outside the workspace or excluded: ${refused.join(', ')}.`);
  }
}
