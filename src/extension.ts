// Composition root: builds the pieces, wires them together, and hands VS Code the disposables.
import * as vscode from 'vscode';
import { ApiKeyStore } from './auth/apiKeyStore';
import type { ChatSession } from './chat/chatSession';
import { ChatPanel } from './chat/vscodeChatPanel';
import { openChat, registerCommands } from './commands';
import { openSettings } from './config';
import { resolveModelInfo } from './providers/modelCatalog';
import { ConnectionService } from './providers/connectionService';
import { registerProviderCommands } from './providers/providerCommands';
import { DraftAttachments, composeUserMessage } from './editor/draftAttachments';
import { registerEditorCommands } from './editor/editorCommands';
import { EditorChatBridge } from './editor/vscodeChatBridge';
import { EditReview } from './editor/vscodeEditReview';
import { turnText } from './webview/protocol';
import { ComposerContext } from './editor/vscodeComposerContext';
import { TerminalOutputs } from './editor/vscodeTerminalOutputs';
import { trackRecentFiles } from './editor/vscodeWorkspaceFiles';

/** The active profile's key, for the integration tests. */
export interface ActiveKey {
  get(): Promise<string | undefined>;
  set(key: string): Thenable<void>;
  clear(): Thenable<void>;
}

/** Handed to the integration tests only, in ExtensionMode.Test. */
export interface TestApi {
  session: ChatSession;
  keyStore: ActiveKey;
  connection: ConnectionService;
  chat: ChatPanel;
  activationMs: number;
  /** The folder of the extension's log files. */
  logUri: vscode.Uri;
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
  // undici is loaded on the first request, not at activation (esbuild maps this to dist/client.js).
  const connection = new ConnectionService(keyStore, () => import('./api/clientBundle'), log);

  const chat = new ChatPanel({
    context,
    log,
    streamer: connection,
    resolveContext: () => connection.requestContext(),
    modelInfo: (model) => resolveModelInfo(model, connection.settings().modelOverrides),
    initialConnection: { profile: connection.profile().name, model: '', host: '', hasCredentials: false },
    openSettings: (query) => (query ? vscode.commands.executeCommand('workbench.action.openSettings', query) : openSettings()),
  });
  const session: ChatSession = chat.session;
  const draft = new DraftAttachments();
  chat.view.composeUserMessage = (text) => composeUserMessage(text, draft.take());
  const terminals = new TerminalOutputs();
  chat.view.composerContext = new ComposerContext(draft, (message) => chat.view.post(message), context.workspaceState, terminals);
  const editorBridge = new EditorChatBridge(
    {
      send: (text, context) => session.send(text, [], context),
      lastReply: () => {
        const last = session.conversation.turns.at(-1);
        return last?.role === 'assistant' && last.status === 'done' ? turnText(last) : undefined;
      },
      notice: (text) => chat.view.notice(text),
      reveal: () => openChat(),
    },
    draft,
  );
  const editReview = new EditReview();
  const refreshConnection = async (): Promise<void> => {
    chat.setConnection(await connection.summary());
  };

  context.subscriptions.push(
    log,
    chat,
    connection,
    terminals,
    trackRecentFiles(),
    ...registerProviderCommands(connection),
    editReview,
    ...registerEditorCommands(editorBridge, editReview),
    ...registerCommands({
      log,
      newChat: () => session.startNew(),
      stop: () => session.stop(),
    }),
    connection.onDidChange(() => void refreshConnection()),
  );
  void refreshConnection();

  const activationMs = performance.now() - started;
  log.info(`Activated in ${activationMs.toFixed(1)} ms.`);
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  const activeKey: ActiveKey = {
    get: () => keyStore.get(connection.profile().id),
    set: (key) => keyStore.set(connection.profile().id, key),
    clear: () => keyStore.clear(connection.profile().id),
  };
  return { session, keyStore: activeKey, connection, chat, activationMs, logUri: context.logUri };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
