// Hosts the chat webview view: sends it the transcript and carries out what the user asks for.
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import type { ChatSnapshot, ConnectionSummary, ErrorAction, HostToWebview, WebviewToHost } from '../webview/protocol';
import { chatHtml, makeNonce } from './chatHtml';
import type { ChatSession } from './chatSession';
import { UpdateBatcher } from './updateBatcher';

export const CHAT_VIEW_ID = 'claudeAssistant.chat';

export interface ChatViewActions {
  runAction(action: ErrorAction): void;
}

export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private connection: ConnectionSummary;
  private readonly batcher = new UpdateBatcher((message) => this.postNow(message));
  private readonly viewDisposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly session: ChatSession,
    private readonly actions: ChatViewActions,
    initialConnection: ConnectionSummary,
  ) {
    this.connection = initialConnection;
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
      view.webview.onDidReceiveMessage((message: WebviewToHost) => this.receive(message)),
      view.onDidDispose(() => {
        if (this.view === view) this.disposeView();
      }),
    );
  }

  /** Session events and connection changes go through here; before `ready` the snapshot covers them. */
  post(message: HostToWebview): void {
    if (message.type === 'connection') this.connection = message.connection;
    if (this.ready) this.batcher.push(message);
  }

  /** Re-sends the whole transcript, after it changed other than by a session event. */
  showSnapshot(): void {
    if (this.ready) {
      this.batcher.dispose();
      this.postNow({ type: 'snapshot', snapshot: this.snapshot() });
    }
  }

  dispose(): void {
    this.disposeView();
  }

  private receive(message: WebviewToHost): void {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.postNow({ type: 'snapshot', snapshot: this.snapshot() });
        return;
      case 'send':
        void this.session.send(message.text);
        return;
      case 'stop':
        this.session.stop();
        return;
      case 'action':
        this.actions.runAction(message.action);
        return;
    }
  }

  private snapshot(): ChatSnapshot {
    return { turns: this.session.transcript.map((turn) => ({ ...turn })), busy: this.session.busy, connection: this.connection };
  }

  private postNow(message: HostToWebview): void {
    void this.view?.webview.postMessage(message);
  }

  private disposeView(): void {
    this.batcher.dispose();
    this.ready = false;
    this.view = undefined;
    for (const disposable of this.viewDisposables.splice(0)) disposable.dispose();
  }
}
