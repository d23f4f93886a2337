// Activation: a thin shell. It registers the chat view and every command, and composes the chat
// (compose.ts, bundled as dist/chat.js) only when the view first resolves or a command first runs.
import * as vscode from 'vscode';
import { CHAT_VIEW_ID } from './chat/viewId';
import type * as ComposeModule from './compose';
import type { ToolProvider } from './conversation/toolHandler';
import type { Composed } from './compose';
import { safeMessage, showError } from './common/vscodeMessages';
import { PROPOSAL_SCHEME, ProposalFileSystem } from './review/proposalFileSystem';
import { closeLeftoverReviews } from './review/leftoverReviews';

/** The active profile's key, for the integration tests. */
export interface ActiveKey {
  get(): Promise<string | undefined>;
  set(key: string): Thenable<void>;
  clear(): Thenable<void>;
}

/** Handed to the integration tests only, in ExtensionMode.Test. Reading a part composes the chat. */
export interface TestApi {
  readonly session: Composed['session'];
  readonly keyStore: ActiveKey;
  readonly connection: Composed['connection'];
  readonly chat: Composed['chat'];
  /** The text editor tool's provider, reviews and turn ledger, to run calls without the model. */
  readonly textEditor: Composed['textEditor'];
  /** The snapshots around shell commands that let a turn's commands be undone. */
  readonly commandSnapshots: Composed['commandSnapshots'];
  /** The bash tool's provider and its waiting commands. */
  readonly bash: Composed['bash'];
  /** Whether the chat was composed yet; activation alone does not. */
  readonly composed: boolean;
  activationMs: number;
  /** The folder of the extension's log files. */
  logUri: vscode.Uri;
  /** Offers a provider's tools to the model, until disposed. */
  registerToolProvider(provider: ToolProvider): vscode.Disposable;
}

export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  try {
    return start(context);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    void showError(safeMessage`Claude Assistant could not start: ${message}`);
    throw error;
  }
}

function start(context: vscode.ExtensionContext): TestApi | undefined {
  const started = performance.now();
  let activationMs = 0;
  let composed: Composed | undefined;
  const commandStubs: vscode.Disposable[] = [];
  const chat = (): Composed => {
    if (composed) return composed;
    // The stubs give way to the real commands, which compose() registers.
    for (const stub of commandStubs.splice(0)) stub.dispose();
    const composing = performance.now();
    // The log too is made here: activation shows nothing that needs it.
    const log = vscode.window.createOutputChannel('Claude Assistant', { log: true });
    context.subscriptions.push(log);
    // esbuild maps this to dist/chat.js, a bundle of its own (see esbuild.js).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { compose } = require('./compose') as typeof ComposeModule;
    composed = compose(context, log, proposals);
    log.info(`Activated in ${activationMs.toFixed(1)} ms; the chat was composed in ${(performance.now() - composing).toFixed(1)} ms.`);
    return composed;
  };

  // The proposals of reviews, registered at once: a review tab restored with the window opens on
  // them (the onFileSystem activation) before anything else composes the chat.
  const proposals = new ProposalFileSystem();
  context.subscriptions.push(vscode.workspace.registerFileSystemProvider(PROPOSAL_SCHEME, proposals, { isCaseSensitive: true }));
  void closeLeftoverReviews();

  const manifest = context.extension.packageJSON as { contributes?: { commands?: Array<{ command: string }> } };
  for (const { command } of manifest.contributes?.commands ?? []) {
    commandStubs.push(vscode.commands.registerCommand(command, (...args: unknown[]) => {
      chat();
      return vscode.commands.executeCommand(command, ...args);
    }));
  }
  context.subscriptions.push(
    { dispose: () => commandStubs.splice(0).forEach((stub) => stub.dispose()) },
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, {
      resolveWebviewView: (view) => chat().chat.view.resolveWebviewView(view),
    }),
  );

  activationMs = performance.now() - started;
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  return {
    get session() {
      return chat().session;
    },
    get connection() {
      return chat().connection;
    },
    get chat() {
      return chat().chat;
    },
    get textEditor() {
      return chat().textEditor;
    },
    get commandSnapshots() {
      return chat().commandSnapshots;
    },
    get bash() {
      return chat().bash;
    },
    get composed() {
      return composed !== undefined;
    },
    keyStore: {
      get: () => chat().keyStore.get(chat().connection.profile().id),
      set: (key) => chat().keyStore.set(chat().connection.profile().id, key),
      clear: () => chat().keyStore.clear(chat().connection.profile().id),
    },
    activationMs,
    logUri: context.logUri,
    registerToolProvider: (provider) => chat().chat.tools.register(provider),
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
