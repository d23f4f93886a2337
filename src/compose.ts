// Composes the chat: the connection, the conversation engine, its history and the panel, and every
// command. Loaded on first need (the view resolving, or a command) as dist/chat.js, so that
// activation does not pay for evaluating it.
import * as vscode from 'vscode';
import { ApiKeyStore } from './auth/apiKeyStore';
import { registerCompactCommand } from './chat/compactCommand';
import { ChatPanel } from './chat/vscodeChatPanel';
import { openChat, registerCommands } from './commands';
import { clearWorkspaceSetting, onDidChangeSettings, openSettings, readAutoSaves, readBashTimeoutMs, readCompactionThreshold, readEditorSettings, readFileSettings, readLoopLimits, readSettings, readShellCommandRules, readThinking, readToolSettings, updateSetting, writeThinking } from './config';
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
import { CommandSnapshots } from './review/commandSnapshots';
import { GatewayFactsStore } from './providers/vscodeGatewayFacts';
import type { ProposalFileSystem } from './review/proposalFileSystem';
import { type BashTools, createBashTools } from './shell/bashTools';
import { bashVersionFor } from './tools/shellRun';

/** What the composition hands back: the parts the tests drive, and the view the shell delegates to. */
export interface Composed {
  session: ChatSession;
  keyStore: ApiKeyStore;
  connection: ConnectionService;
  chat: ChatPanel;
  /** The text editor tool: the agent loop offers `textEditor.toolsFor(...)` to the model. */
  textEditor: TextEditorTools;
  /** Snapshots around the bash tool's commands, so that Undo This Turn's Changes covers them too. */
  commandSnapshots: CommandSnapshots;
  /** The bash tool: its provider and the commands waiting for the user's yes. */
  bash: BashTools;
}

/** The text editor tool's provider, its reviews and its commands (registered on creation). */
export function composeTextEditorTools(connection: ConnectionService, files: ProposalFileSystem, sharedReview?: EditReview): TextEditorTools {
  return createTextEditorTools({
    files,
    sharedReview,
    settings: readToolSettings,
    fileSettings: readFileSettings,
    versionFor: (model) => connection.modelInfo(model).textEditorTool,
    secrets: () => connection.secrets(),
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
      clearFromWorkspace: clearWorkspaceSetting,
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
    resolveCountTarget: () => connection.requestTarget({ askForMissing: false }),
    thinking: {
      read: readThinking,
      write: writeThinking,
      onDidChange: (listener) => onDidChangeSettings((change) => change.thinking && listener()),
    },
    modelInfo: (model) => connection.modelInfo(model),
    initialConnection: { profile: connection.profile().name, model: '', host: '', hasCredentials: false },
    openSettings: (query) => (query ? vscode.commands.executeCommand('workbench.action.openSettings', query) : openSettings()),
    loopLimits: readLoopLimits,
    compactionThreshold: readCompactionThreshold,
    autoSaves: readAutoSaves,
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
      busy: () => session.busy,
      onReplyText: (listener) => chat.onSessionEvent((event) => {
        if (event.type !== 'blockDelta') return;
        const last = session.conversation.turns.at(-1);
        if (last?.role === 'assistant' && last.id === event.id) listener(turnText(last));
      }),
    },
    draft,
  );
  const editReview = new EditReview(proposals);
  const textEditor = composeTextEditorTools(connection, proposals, editReview);
  const commandSnapshots = new CommandSnapshots({
    storageRoot: (context.storageUri ?? context.globalStorageUri).fsPath,
    turns: textEditor.turns,
    prompts: () => textEditor.prompts,
    log: (message) => log.warn(message),
  });
  const bash = createBashTools({
    hooks: commandSnapshots,
    conversationId: () => session.conversation.id,
    onConversationReplaced: chat.onConversationReplaced,
    secrets: () => connection.secrets(),
    versionFor: (model) => bashVersionFor(connection.modelInfo(model).textEditorTool),
    timeoutMs: readBashTimeoutMs,
    rules: readShellCommandRules,
    log: (message) => log.warn(message),
  });
  // The agent loop offers these tools to the model from here on; the last registered comes first.
  const offeredBash = chat.tools.register(bash);
  const offered = chat.tools.register(textEditor);
  const refreshConnection = async (): Promise<void> => {
    chat.setConnection(await connection.summary());
  };

  context.subscriptions.push(
    chat,
    connection,
    textEditor,
    commandSnapshots,
    offered,
    bash,
    offeredBash,
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
    registerCompactCommand(session, log),
  );
  void refreshConnection();
  return { session, keyStore, connection, chat, textEditor, commandSnapshots, bash };
}
