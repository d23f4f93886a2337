// Composes the chat: the connection, the conversation engine, its history and the panel, and every
// command. Loaded on first need (the view resolving, or a command) as dist/chat.js, so that
// activation does not pay for evaluating it.
import * as vscode from 'vscode';
import { ApiKeyStore } from './auth/apiKeyStore';
import { ChatPanel } from './chat/vscodeChatPanel';
import { openChat, registerCommands } from './commands';
import { onDidChangeSettings, openSettings, readEditorSettings, readLoopLimits, readSettings, readThinking, readToolSettings, updateSetting, writeThinking } from './config';
import type { ChatSession } from './conversation/session';
import { DraftAttachments, composeUserMessage } from './editor/draftAttachments';
import { registerEditorCommands } from './editor/editorCommands';
import { EditorChatBridge } from './editor/vscodeChatBridge';
import { ComposerContext } from './editor/vscodeComposerContext';
import { EditReview } from './editor/vscodeEditReview';
import { TerminalOutputs } from './editor/vscodeTerminalOutputs';
import { trackRecentFiles } from './editor/vscodeWorkspaceFiles';
import { turnText } from './conversation/transcript';
import { ConnectionService } from './providers/connectionService';
import { LearnedFactsStore } from './providers/vscodeLearnedFacts';
import { registerProviderCommands } from './providers/providerCommands';
import { type TextEditorTools, createTextEditorTools } from './review/textEditorTools';
import { GatewayFactsStore } from './providers/vscodeGatewayFacts';
import type { ProposalFileSystem } from './review/proposalFileSystem';

/** What the composition hands back: the parts the tests drive, and the view the shell delegates to. */
export interface Composed {
  session: ChatSession;
  keyStore: ApiKeyStore;
  connection: ConnectionService;
  chat: ChatPanel;
  /** The text editor tool: the agent loop offers `textEditor.toolsFor(...)` to the model. */
  textEditor: TextEditorTools;
}

/** The text editor tool's provider, its reviews and its commands (registered on creation). */
export function composeTextEditorTools(connection: ConnectionService, files: ProposalFileSystem, sharedReview?: EditReview): TextEditorTools {
  return createTextEditorTools({
    files,
    sharedReview,
    settings: readToolSettings,
    versionFor: (model) => connection.modelInfo(model).textEditorTool,
  });
}

/** `proposals`: the review file system, registered at activation. */
export function compose(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, proposals: ProposalFileSystem): Composed {
  const keyStore = new ApiKeyStore(context.secrets);
  // undici is loaded on the first request, not here (esbuild maps this to dist/client.js).
  const connection = new ConnectionService(
    keyStore,
    {
      read: readSettings,
      update: updateSetting,
      onDidChange: (listener) => onDidChangeSettings((change) => change.connection && listener()),
    },
    () => import('./api/clientBundle'),
    log,
    new LearnedFactsStore(context.globalState),
  );
  connection.gatewayFacts = new GatewayFactsStore(connection.learned);

  const chat = new ChatPanel({
    context,
    log,
    resolveTarget: () => connection.requestTarget(),
    thinking: {
      read: readThinking,
      write: writeThinking,
      onDidChange: (listener) => onDidChangeSettings((change) => change.thinking && listener()),
    },
    modelInfo: (model) => connection.modelInfo(model),
    initialConnection: { profile: connection.profile().name, model: '', host: '', hasCredentials: false },
    openSettings: (query) => (query ? vscode.commands.executeCommand('workbench.action.openSettings', query) : openSettings()),
    loopLimits: readLoopLimits,
    toolForms: connection.toolForms,
  });
  const session: ChatSession = chat.session;
  const draft = new DraftAttachments();
  chat.view.composeUserMessage = (text) => composeUserMessage(text, draft.take());
  const terminals = new TerminalOutputs();
  chat.view.composerContext = new ComposerContext(draft, (message) => chat.view.post(message), context.workspaceState, terminals, readEditorSettings);
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
  const textEditor = composeTextEditorTools(connection, proposals, editReview);
  // The agent loop offers the text editor's tools to the model from here on.
  const offered = chat.tools.register(textEditor);
  const refreshConnection = async (): Promise<void> => {
    chat.setConnection(await connection.summary());
  };

  context.subscriptions.push(
    chat,
    connection,
    textEditor,
    offered,
    ...registerProviderCommands(connection),
    terminals,
    trackRecentFiles(),
    editReview,
    ...registerEditorCommands(editorBridge, editReview, readEditorSettings),
    ...registerCommands({
      log,
      newChat: () => session.startNew(),
      stop: () => session.stop(),
    }),
    connection.onDidChange(() => void refreshConnection()),
  );
  void refreshConnection();
  return { session, keyStore, connection, chat, textEditor };
}
