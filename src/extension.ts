// Composition root: builds the pieces, wires them together, and hands VS Code the disposables.
import * as vscode from 'vscode';
import type { MessagesClient } from './api/messagesClient';
import { ApiKeyStore } from './auth/apiKeyStore';
import { ChatSession, type MessageStreamer, type SessionEvent } from './chat/chatSession';
import { CHAT_VIEW_ID, ChatViewProvider } from './chat/chatViewProvider';
import { buildRequestContext, summarise } from './chat/requestContext';
import { registerCommands } from './commands';
import { onDidChangeSettings, openSettings, readSettings } from './config';
import type { ErrorAction } from './webview/protocol';

/** Handed to the integration tests only, in ExtensionMode.Test. */
export interface TestApi {
  session: ChatSession;
  keyStore: ApiKeyStore;
  activationMs: number;
}

export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  try {
    return start(context);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`Claude Assistant could not start: ${message}`);
    throw error;
  }
}

function start(context: vscode.ExtensionContext): TestApi | undefined {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Claude Assistant', { log: true });
  const keyStore = new ApiKeyStore(context.secrets);

  // undici is loaded on the first request, not at activation.
  let client: MessagesClient | undefined;
  const streamer: MessageStreamer = {
    async streamMessage(http, options) {
      if (!client) {
        const { MessagesClient } = await import('./api/messagesClient');
        client = new MessagesClient(log);
      }
      return client.streamMessage(http, options);
    },
  };

  const onSessionEvent = (event: SessionEvent): void => {
    if (event.type === 'busy') void vscode.commands.executeCommand('setContext', 'claudeAssistant.busy', event.busy);
    view.post(event);
  };
  const session = new ChatSession(
    streamer,
    async () => buildRequestContext(readSettings(), await keyStore.get(), process.env),
    onSessionEvent,
  );
  const runAction = (action: ErrorAction): void => {
    const commands: Record<ErrorAction, () => unknown> = {
      retry: () => session.retry(),
      setApiKey: () => vscode.commands.executeCommand('claudeAssistant.setApiKey'),
      openSettings: () => openSettings(),
      showLog: () => log.show(true),
    };
    void commands[action]();
  };
  const view = new ChatViewProvider(context.extensionUri, session, { runAction }, summarise(readSettings(), undefined, process.env));
  const refreshConnection = async (): Promise<void> => {
    view.post({ type: 'connection', connection: summarise(readSettings(), await keyStore.get(), process.env) });
  };

  context.subscriptions.push(
    log,
    view,
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, view),
    ...registerCommands({
      keyStore,
      log,
      newChat: () => {
        session.clear();
        view.showSnapshot();
      },
      stop: () => session.stop(),
    }),
    onDidChangeSettings(() => void refreshConnection()),
    keyStore.onDidChange(() => void refreshConnection()),
    { dispose: () => void client?.close() },
  );
  void refreshConnection();

  const activationMs = performance.now() - started;
  log.info(`Activated in ${activationMs.toFixed(1)} ms.`);
  return context.extensionMode === vscode.ExtensionMode.Test ? { session, keyStore, activationMs } : undefined;
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
