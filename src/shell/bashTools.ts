// The bash tool's VS Code side, composed: the ToolProvider the agent loop offers the model (only in
// a trusted workspace on this machine's disk, with a usable shell), one persistent shell per
// conversation started in the first workspace folder, and the Run Command and Reject Command
// commands behind the card's buttons.
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ToolHandler, ToolOffer, ToolProvider } from '../conversation/toolHandler';
import type { KnownSecret } from '../auth/knownSecrets';
import type { CommandRules } from '../tools/shellRules/commandRules';
import { decideCommand, type CommandContext } from '../tools/shellRules/decideCommand';
import { bashDefinition, chooseLocalShell, scrubEnvironment, ShellSession, type BashVersion, type ShellChoice } from '../tools/shellRun';
import { isWithin, resolveRealPath } from '../workspace/containment';
import { sensitiveFile } from '../workspace/sensitivePaths';
import { BashHandler, type BashWorkspace, type CommandTurnHooks } from './bashHandler';
import { CommandConfirmations, type CommandPrompts, type CommandTarget } from './commandConfirmations';

export interface BashToolsOptions {
  /** The conversation on screen: each has its own shell. */
  conversationId: () => string;
  /** Fires on New Chat and on opening another conversation: the old shell is stopped. */
  onConversationReplaced: vscode.Event<void>;
  /** Our keys, which no command's environment or output may hold. */
  secrets: () => Promise<KnownSecret[]>;
  versionFor: (model: string) => BashVersion;
  timeoutMs: () => number;
  /** The user's command rules (claudeAssistant.commands.*), read fresh for each command. */
  rules: () => CommandRules;
  hooks?: CommandTurnHooks;
  log: (message: string) => void;
  /** The shell for this machine; injected by tests. */
  chooseShell?: () => ShellChoice;
}

export interface BashTools extends ToolProvider, vscode.Disposable {
  readonly confirmations: CommandConfirmations;
  /** The question asked for a rejection's reason; the integration tests answer it. */
  prompts: CommandPrompts;
}

export function createBashTools(options: BashToolsOptions): BashTools {
  const confirmations = new CommandConfirmations();
  const choose = options.chooseShell ?? chooseLocalShell;
  let shell: { conversationId: string; session: ShellSession } | undefined;

  const stopShell = (): void => {
    shell?.session.dispose();
    shell = undefined;
  };

  const startShell = async (): Promise<ShellSession> => {
    const choice = choose();
    if (!choice.available) throw new Error(choice.reason);
    const folder = firstFolder();
    if (!folder) throw new Error('no workspace folder is open on this machine.');
    const session = new ShellSession({
      shell: { path: choice.path, kind: choice.kind },
      cwd: folder,
      env: scrubEnvironment(process.env, (await options.secrets()).map((secret) => secret.value)),
      defaultTimeoutMs: options.timeoutMs(),
    });
    stopShell();
    shell = { conversationId: options.conversationId(), session };
    return session;
  };

  const workspace: BashWorkspace = {
    confirmations,
    hooks: options.hooks,
    async session() {
      // A shell belongs to one conversation; another conversation on screen gets a fresh one.
      if (shell && shell.conversationId === options.conversationId()) return shell.session;
      return startShell();
    },
    restart: () => startShell(),
    rules: options.rules,
    commandContext,
    decide: decideCommand,
    timeoutMs: options.timeoutMs,
    secrets: options.secrets,
    unsavedFiles: () => vscode.workspace.textDocuments
      .filter((document) => document.isDirty && document.uri.scheme === 'file' && vscode.workspace.getWorkspaceFolder(document.uri) !== undefined)
      .map((document) => vscode.workspace.asRelativePath(document.uri)),
    log: options.log,
  };

  const disposables: vscode.Disposable[] = [
    confirmations,
    options.onConversationReplaced(stopShell),
    vscode.commands.registerCommand('claudeAssistant.runCommand', (target?: CommandTarget) => confirmations.run(target)),
    vscode.commands.registerCommand('claudeAssistant.rejectCommand', (target?: CommandTarget) => confirmations.reject(target)),
  ];

  return {
    confirmations,
    get prompts() {
      return confirmations.prompts;
    },
    set prompts(value: CommandPrompts) {
      confirmations.prompts = value;
    },
    toolsFor(offer: ToolOffer): ToolHandler[] {
      // Restricted Mode and virtual workspaces: no commands at all. Nor without a shell.
      if (!vscode.workspace.isTrusted || !firstFolder() || !choose().available) return [];
      return [new BashHandler(bashDefinition(options.versionFor(offer.model), offer.form), workspace)];
    },
    unavailable(): string | undefined {
      if (!vscode.workspace.isTrusted || !firstFolder()) return undefined;
      const choice = choose();
      return choice.available ? undefined : `Claude cannot run commands here: ${choice.reason}`;
    },
    dispose() {
      stopShell();
      disposables.forEach((disposable) => disposable.dispose());
    },
  };
}

/** The first workspace folder, when it is on this machine's disk (a virtual one has no shell). */
function firstFolder(): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
}

/** What the rules need to judge where a command writes: the workspace's folders, by real path. */
function commandContext(cwd: string): CommandContext {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => safeReal(folder.uri.fsPath));
  const folderOf = (absolute: string): string | undefined => {
    const real = safeReal(absolute);
    return folders.find((folder) => isWithin(real, folder));
  };
  return {
    cwd,
    homeDir: os.homedir(),
    isInsideWorkspace: (absolute) => folderOf(absolute) !== undefined,
    isSensitive: (absolute) => {
      const folder = folderOf(absolute);
      return sensitiveFile(folder ? path.relative(folder, safeReal(absolute)) : absolute) !== undefined;
    },
  };
}

/** The real path, or the path as given when it cannot be resolved (a link loop): judged as named. */
function safeReal(file: string): string {
  try {
    return resolveRealPath(file);
  } catch {
    return path.resolve(file);
  }
}
