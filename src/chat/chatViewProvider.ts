// Hosts the chat webview view: sends it the transcript and carries out what the user asks for.
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import { forView } from '../conversation/events';
import type { ChatSession } from '../conversation/session';
import type { ErrorAction, SentContext, ThinkingPreferences } from '../conversation/transcript';
import type { ConnectionSummary } from '../providers/connectionSettings';
import type { ChatSnapshot, ContextChip, HeaderState, HostToWebview, MentionKind, PageCommand, ToolCallAction } from '../webview/protocol';
import { chatHtml, makeNonce } from './chatHtml';
import { parsePageMessage } from './pageMessages';
import { UpdateBatcher } from './updateBatcher';

export { CHAT_VIEW_ID } from './viewId';

/** What the page can ask of the host besides the session's own work. */
export interface ChatViewActions {
  /** Runs before the first snapshot: restores the last conversation. */
  prepare(): void;
  header(): HeaderState;
  runAction(action: ErrorAction): void;
  runCommand(command: PageCommand): void;
  copy(text: string): void;
  insertCode(code: string): void;
  applyCode(code: string, info: string): void;
  openLink(href: string): void;
  setThinking(change: Partial<ThinkingPreferences>): void;
  /** A tool call's card asked to open, accept or reject its edit. */
  /** `command` is the user's edit of a proposed command, run instead of it. */
  toolCall(action: ToolCallAction, toolUseId: string, command?: string): void;
  undoTurn(turnId: string): void;
  /** The Compacted marker's Undo: requests send the full turns again. */
  undoCompaction(id: string): void;
  /** A message that failed the checks; logged, never acted on. */
  rejected(reason: string): void;
}

/** The composer's context chips and @ mentions (see editor/vscodeComposerContext.ts). */
export interface ComposerContextHandler {
  chips(): ContextChip[];
  open(id: string): Promise<void>;
  remove(id: string): void;
  mention(kind: MentionKind, notice: (text: string) => void): Promise<void>;
  drop(uris: string[], notice: (text: string) => void): Promise<void>;
}

export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private connection: ConnectionSummary;
  private readonly batcher: UpdateBatcher;
  private readonly viewDisposables: vscode.Disposable[] = [];
  /** Adds what the editor attached to the draft (code, files) to the text being sent. */
  composeUserMessage: (text: string) => { text: string; context?: SentContext } = (text) => ({ text });
  composerContext: ComposerContextHandler | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly session: ChatSession,
    private readonly actions: ChatViewActions,
    initialConnection: ConnectionSummary,
    /** Runs before each batch is posted: the journal write that keeps it safe across a reload. */
    beforePost?: () => Promise<void>,
  ) {
    this.connection = initialConnection;
    this.batcher = new UpdateBatcher((message) => this.postNow(message), undefined, undefined, beforePost);
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.disposeView();
    this.view = view;
    this.ready = false;
    const distUri = vscode.Uri.joinPath(this.extensionUri, 'dist');
    view.webview.options = { enableScripts: true, localResourceRoots: [distUri] };
    view.webview.html = chatHtml({
      cspSource: view.webview.cspSource,
      scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(distUri, 'webview.js')).toString(),
      styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(distUri, 'webview.css')).toString(),
      nonce: makeNonce(randomBytes),
    });
    this.viewDisposables.push(
      view.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      // A hidden view loses its page; it says `ready` again when shown and gets a fresh snapshot.
      view.onDidChangeVisibility(() => {
        if (!view.visible) this.unready();
      }),
      view.onDidDispose(() => {
        if (this.view === view) this.disposeView();
      }),
    );
  }

  /** The text the model would receive for `text` with the draft's context; takes the draft. */
  composeUserText(text: string): string {
    return this.composeUserMessage(text).text;
  }

  /** Session events and connection changes go through here; before `ready` the snapshot covers them. */
  post(message: HostToWebview): void {
    if (message.type === 'connection') this.connection = message.connection;
    if (this.ready) this.batcher.push(message);
  }

  /** Re-sends the whole transcript, after it changed other than by a session event. */
  showSnapshot(): void {
    if (!this.ready) return;
    this.batcher.dispose();
    this.postNow({ type: 'snapshot', snapshot: this.snapshot() });
  }

  /** Shows a short message in the panel (e.g. why an image was refused). */
  notice(text: string): void {
    this.post({ type: 'notice', text });
  }

  get isVisible(): boolean {
    return this.view?.visible ?? false;
  }

  dispose(): void {
    this.disposeView();
  }

  private receive(raw: unknown): void {
    const parsed = parsePageMessage(raw);
    if (!parsed.ok) {
      this.actions.rejected(parsed.reason);
      if (parsed.reason.includes('image')) this.notice(parsed.reason);
      return;
    }
    const message = parsed.message;
    switch (message.type) {
      case 'ready':
        this.actions.prepare();
        this.ready = true;
        this.postNow({ type: 'snapshot', snapshot: this.snapshot() });
        if (this.composerContext) this.postNow({ type: 'chips', chips: this.composerContext.chips() });
        return;
      case 'send': {
        // Checked before the draft's chips are taken, so that they stay for the next try.
        if (this.session.handBackIfBusy(message.text, message.images)) return;
        const composed = this.composeUserMessage(message.text);
        void this.session.send(composed.text, message.images, composed.context);
        return;
      }
      case 'stop':
        this.session.stop();
        return;
      case 'action':
        this.actions.runAction(message.action);
        return;
      case 'regenerate':
        void this.session.regenerate(message.turnId);
        return;
      case 'editResend':
        void this.session.editResend(message.turnId, message.text);
        return;
      case 'copy':
        this.actions.copy(message.text);
        return;
      case 'insertCode':
        this.actions.insertCode(message.code);
        return;
      case 'applyCode':
        this.actions.applyCode(message.code, message.info);
        return;
      case 'openLink':
        this.actions.openLink(message.href);
        return;
      case 'command':
        this.actions.runCommand(message.command);
        return;
      case 'setThinking':
        this.actions.setThinking(message.thinking);
        return;
      case 'toolCall':
        this.actions.toolCall(message.action, message.toolUseId, message.command);
        return;
      case 'undoTurn':
        this.actions.undoTurn(message.turnId);
        return;
      case 'undoCompaction':
        this.actions.undoCompaction(message.id);
        return;
      case 'chip':
        if (message.action === 'remove') this.composerContext?.remove(message.id);
        else void this.composerContext?.open(message.id);
        return;
      case 'mention':
        void this.composerContext?.mention(message.kind, (text) => this.notice(text));
        return;
      case 'dropUris':
        void this.composerContext?.drop(message.uris, (text) => this.notice(text));
        return;
    }
  }

  private snapshot(): ChatSnapshot {
    const { conversation } = this.session;
    return {
      conversation: { id: conversation.id, title: conversation.title },
      turns: conversation.turns.map(forView),
      compactions: structuredClone(conversation.compactions ?? []),
      busy: this.session.busy,
      connection: this.connection,
      header: this.actions.header(),
    };
  }

  private postNow(message: HostToWebview): void {
    void this.view?.webview.postMessage(message);
  }

  private unready(): void {
    this.batcher.dispose();
    this.ready = false;
  }

  private disposeView(): void {
    this.unready();
    this.view = undefined;
    for (const disposable of this.viewDisposables.splice(0)) disposable.dispose();
  }
}
