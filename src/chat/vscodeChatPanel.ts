// Builds the chat panel: the session, its history on disk, the webview view, and what the page can
// ask of VS Code. The composition root hands it the request pipeline.
import * as path from 'path';
import { randomUUID } from 'crypto';
import * as vscode from 'vscode';
import { ChatHistory } from '../history/commands';
import { ConversationRecorder } from '../history/conversationRecorder';
import { ConversationStore } from '../history/conversationStore';
import { historyRoot } from '../history/historyLocation';
import { ContextCounter } from '../conversation/contextCount';
import type { SessionEvent } from '../conversation/events';
import { ChatSession } from '../conversation/session';
import type { ToolFormMemory } from '../conversation/agentLoop';
import type { LoopLimits } from '../conversation/loopGuards';
import { turnKey } from '../conversation/toolHandler';
import type { ThinkingPreferences } from '../conversation/transcript';
import type { ConnectionSummary } from '../providers/connectionSettings';
import { modelInfo as catalogModelInfo, type ModelInfo } from '../providers/modelCatalog';
import type { RequestTarget } from '../providers/requestContext';
import type { HeaderState } from '../webview/protocol';
import { CHAT_VIEW_ID, ChatViewProvider } from './chatViewProvider';
import { headerState } from './headerState';
import { TOOL_CALL_COMMANDS, UNDO_TURN_COMMAND, runIfAvailable, surroundings, toolsOffNotice } from './toolCallCommands';
import { ToolRegistry } from './toolRegistry';
import { VscodeChatActions } from './vscodeChatActions';
import { CodeProposals } from './vscodeCodeProposals';
import { safeMessage, showError, showWarning } from '../common/vscodeMessages';

/** The thinking settings, as config.ts reads and writes them. */
export interface ThinkingSettings {
  read(): ThinkingPreferences;
  write(change: Partial<ThinkingPreferences>): Promise<void>;
  onDidChange(listener: () => void): vscode.Disposable;
}

export interface ChatPanelDependencies {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  /** Where each turn's requests go. */
  resolveTarget: () => Promise<RequestTarget>;
  /** Where the context count between turns goes; it asks the user nothing. Defaults to `resolveTarget`. */
  resolveCountTarget?: () => Promise<RequestTarget>;
  thinking: ThinkingSettings;
  initialConnection: ConnectionSummary;
  /** What the catalog (with the user's overrides) says about a model id. */
  modelInfo?: (model: string) => ModelInfo;
  /** Opens the extension's settings, or the one named. */
  openSettings: (query?: string) => Thenable<unknown>;
  /** The agent loop's guards, read for each turn. */
  loopLimits?: () => LoopLimits;
  /** claudeAssistant.compaction.threshold, read for each turn. */
  compactionThreshold?: () => number;
  /** Whether VS Code saves an edited document of this file by itself (files.autoSave). */
  autoSaves?: (uri: vscode.Uri) => boolean;
  /** Where the tool form a gateway takes is remembered (the connection's store of learned facts). */
  toolForms?: ToolFormMemory;
}

export class ChatPanel implements vscode.Disposable {
  readonly session: ChatSession;
  readonly view: ChatViewProvider;
  readonly store: ConversationStore;
  readonly history: ChatHistory;
  readonly actions: VscodeChatActions;
  readonly proposals: CodeProposals;
  /** The tools offered to the model; the tools register their providers here. */
  readonly tools = new ToolRegistry();
  private connection: ConnectionSummary;
  private readonly modelInfo: (model: string) => ModelInfo;
  private readonly thinking: ThinkingSettings;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly contextCounter = new ContextCounter();
  private counting: AbortController | undefined;
  private readonly replaced = new vscode.EventEmitter<void>();
  /** Fires on New Chat and on opening another conversation. */
  readonly onConversationReplaced = this.replaced.event;
  private readonly sessionEvents = new vscode.EventEmitter<SessionEvent>();
  /** Every event of the session, after the page has it (Edit Selection streams its proposal from it). */
  readonly onSessionEvent = this.sessionEvents.event;

  constructor({ context, log, resolveTarget, resolveCountTarget = resolveTarget, thinking, initialConnection, modelInfo, openSettings, loopLimits, compactionThreshold, toolForms, autoSaves }: ChatPanelDependencies) {
    this.proposals = new CodeProposals(autoSaves);
    this.thinking = thinking;
    this.connection = initialConnection;
    this.modelInfo = modelInfo ?? catalogModelInfo;
    const workspace = vscode.workspace.workspaceFile ? [vscode.workspace.workspaceFile] : (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri);
    const identity = workspace.length > 0 ? workspace.map((uri) => uri.toString()).join('\n') : undefined;
    const legacyDir = context.storageUri?.fsPath ?? path.join(context.globalStorageUri.fsPath, 'no-workspace');
    const storageDir = historyRoot(context.globalStorageUri.fsPath, identity, legacyDir);
    this.store = new ConversationStore(storageDir, (problem) => {
      log.warn(problem.message);
      void showWarning(safeMessage`Claude Assistant: ${problem.message}`);
    });
    let lastSaveError = '';
    const saveFailed = (error: unknown): void => {
      const message = error instanceof Error ? error.message : String(error);
      log.error(`Chat history: ${message}`);
      if (message !== lastSaveError) void showError(safeMessage`Claude Assistant could not save the conversation: ${message}`);
      lastSaveError = message;
    };
    const recorder = new ConversationRecorder(this.store, saveFailed);
    const onEvent = (event: SessionEvent): void => {
      // On disk before it is on screen (the view's batches wait for the journal): a reload then loses nothing that was shown.
      recorder.record(event, this.session.conversation);
      if (event.type === 'turnAdded') this.history.rememberCurrent();
      switch (event.type) {
        case 'busy':
          void vscode.commands.executeCommand('setContext', 'claudeAssistant.busy', event.busy);
          this.view.post(event);
          if (!event.busy) this.countContext(resolveCountTarget, log);
          return;
        case 'conversationReplaced':
          this.replaced.fire();
          this.history.rememberCurrent();
          this.view.showSnapshot();
          this.countContext(resolveCountTarget, log);
          return;
        default:
          this.view.post(event);
      }
    };
    this.session = new ChatSession({
      resolveTarget,
      resolveOptions: () => ({ thinking: thinking.read() }),
      emit: (event) => {
        onEvent(event);
        this.sessionEvents.fire(event);
      },
      newId: () => randomUUID(),
      tools: this.tools,
      loopLimits,
      toolForms,
      surroundings,
      log: (message) => log.info(message),
      compactionThreshold,
    });
    this.history = new ChatHistory(this.store, this.session, () => vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`), saveFailed);
    this.actions = new VscodeChatActions({ session: this.session, log, openSettings });
    // What the page asks for runs in the background; a failure is logged and shown, never thrown away.
    const guard = (what: string, work: Thenable<unknown>): void => {
      Promise.resolve(work).catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        log.error(`${what} failed: ${message}`);
        void showError(safeMessage`Claude Assistant: ${what} failed: ${message}`);
      });
    };
    this.view = new ChatViewProvider(context.extensionUri, this.session, {
      prepare: () => this.history.restoreLast(),
      header: () => this.header(),
      runAction: (action) => this.actions.runAction(action),
      runCommand: (command) => guard('The command', this.actions.runCommand(command)),
      copy: (text) => this.actions.copy(text),
      insertCode: (code) => guard('Insert at Cursor', this.actions.insertCode(code)),
      applyCode: (code, info) => guard('Apply to File', this.proposals.propose(code, info).then((proposal) => proposal?.decision)),
      openLink: (href) => guard('Opening the link', this.actions.openLink(href)),
      setThinking: (change) => guard('Saving the thinking setting', thinking.write(change)),
      toolCall: (action, toolUseId, command) => guard('The tool card\'s command', runIfAvailable(TOOL_CALL_COMMANDS[action], command === undefined ? toolUseId : { toolUseId, command }, (text) => this.view.notice(text))),
      undoCompaction: (id) => this.session.undoCompaction(id),
      undoTurn: (turnId) => guard('Undo This Turn\'s Changes', runIfAvailable(UNDO_TURN_COMMAND, turnKey(this.session.conversation.id, turnId), (text) => this.view.notice(text))),
      rejected: (reason) => log.warn(`Ignored a message from the chat view: ${reason}.`),
    }, initialConnection, () => recorder.flush());
    this.disposables.push(
      this.replaced,
      this.view,
      recorder,
      this.proposals,
      ...this.history.register(),
      thinking.onDidChange(() => this.view.post({ type: 'header', header: this.header() })),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.view.post({ type: 'header', header: this.header() })),
      // A folder added or removed can make the workspace virtual, or local again: tools follow.
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.view.post({ type: 'header', header: this.header() })),
    );
  }

  /**
   * Counts the context the next request starts from, between turns (never on the way to sending),
   * and shows it in the header; a newer count supersedes one still running.
   */
  private countContext(resolveTarget: () => Promise<RequestTarget>, log: vscode.LogOutputChannel): void {
    this.counting?.abort();
    const counting = new AbortController();
    this.counting = counting;
    const turns = this.session.transcript.slice();
    void resolveTarget()
      .then((target) => this.contextCounter.count(target, turns, counting.signal, this.session.requestFrame(target)))
      .then((count) => {
        if (!counting.signal.aborted && !this.session.busy) this.view.post({ type: 'contextCount', count });
      })
      .catch((error: unknown) => log.info(`Context count skipped: ${error instanceof Error ? error.message : String(error)}`));
  }

  /** The header follows the model named in the connection summary. */
  setConnection(connection: ConnectionSummary): void {
    this.connection = connection;
    this.view.post({ type: 'connection', connection });
    this.view.post({ type: 'header', header: this.header() });
  }

  header(): HeaderState {
    return { ...headerState(this.modelInfo(this.connection.model), this.thinking.read()), toolsOff: toolsOffNotice() ?? this.tools.unavailable() };
  }

  dispose(): void {
    this.counting?.abort();
    this.session.stop();
    this.sessionEvents.dispose();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}
