// End-to-end fixture: the mock Messages API, code-server with the packaged claude-assistant.vsix
// installed (not development mode) and settings pointing at the mock, a small sample workspace,
// and the workbench open in Chromium. One session per describe block; see useE2eSession.
import * as fs from 'fs';
import * as path from 'path';
import type { FrameLocator, Locator } from 'playwright-core';
import { makeTempDir } from '../host/cleanup';
import { CodeServer, repoRoot } from '../host/codeServer';
import { Workbench } from '../host/workbench';
import { MockMessagesServer } from '../mock/server';

export const commands = {
  openChat: 'Claude Assistant: Open Chat',
  newChat: 'Claude Assistant: New Chat',
  setApiKey: 'Claude Assistant: Set API Key',
  stop: 'Claude Assistant: Stop Response',
};

export interface E2eOptions {
  /** e.g. 'Default Light Modern'; the default is Default Dark Modern. */
  colorTheme?: string;
  /** More user settings, over `claudeAssistant.baseUrl` = the mock. */
  settings?: Record<string, unknown>;
  /** Keep workspace trust on (Restricted Mode tests). */
  workspaceTrust?: boolean;
  /** More files in the sample folder, by relative path (e.g. `.vscode/settings.json`). */
  workspaceFiles?: Record<string, string>;
}

/** The VSIX under test: `npm run package` writes it; CLAUDE_ASSISTANT_VSIX names another. */
export function vsixPath(): string {
  return path.resolve(process.env.CLAUDE_ASSISTANT_VSIX ?? path.join(repoRoot, 'claude-assistant.vsix'));
}

export class E2eSession {
  private apiKey: string | undefined;

  private constructor(
    readonly mock: MockMessagesServer,
    readonly server: CodeServer,
    readonly workbench: Workbench,
    /** The sample folder open in the workbench. */
    readonly workspaceDir: string,
    private readonly removeWorkspace: () => void,
  ) {}

  static async start(options: E2eOptions = {}): Promise<E2eSession> {
    const workspace = makeTempDir('claude-assistant-e2e-');
    // A plain name, as the window title and the Explorer show it in screenshots.
    const folder = path.join(workspace.dir, 'sample-project');
    writeSampleWorkspace(folder);
    for (const [file, text] of Object.entries(options.workspaceFiles ?? {})) {
      fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
      fs.writeFileSync(path.join(folder, file), text);
    }
    let mock: MockMessagesServer | undefined;
    let server: CodeServer | undefined;
    try {
      mock = await MockMessagesServer.start();
      server = await CodeServer.start({
        folder,
        vsix: vsixPath(),
        colorTheme: options.colorTheme,
        workspaceTrust: options.workspaceTrust,
        settings: { 'claudeAssistant.baseUrl': mock.url, ...options.settings },
      });
      const workbench = await Workbench.open({ server, folder });
      // The Explorer shows the sample folder once the workbench has restored.
      await workbench.page.getByRole('treeitem', { name: 'README.md' }).waitFor({ timeout: 60_000 });
      // The Explorer can be there before the extension's contributions: until its activity bar icon
      // is, the Command Palette does not list its commands yet.
      await workbench.page.locator('.activitybar [aria-label^="Claude Assistant"]').first().waitFor({ timeout: 60_000 });
      return new E2eSession(mock, server, workbench, folder, workspace.remove);
    } catch (error) {
      server?.printLog();
      await server?.stop();
      await mock?.close();
      workspace.remove();
      throw error;
    }
  }

  /** The chat webview's page. */
  chat(): FrameLocator {
    return this.workbench.webview();
  }

  runCommand(title: string): Promise<void> {
    return this.workbench.runCommand(title);
  }

  /** As a person does it: F1, "Set API Key", type the key into the password box, Enter. */
  async setApiKey(key: string): Promise<void> {
    await this.runCommand(commands.setApiKey);
    await this.workbench.answerInputBox(key, { password: true });
    this.apiKey = key;
  }

  /** Records a key the test set through the UI some other way (the chat's own Set API Key button). */
  rememberApiKey(key: string): void {
    this.apiKey = key;
  }

  /** Sets the key through the UI unless this session already did. */
  async ensureApiKey(key: string): Promise<void> {
    if (this.apiKey !== key) await this.setApiKey(key);
  }

  /** Runs Open Chat and waits until the chat view's message box is there. */
  async openChat(): Promise<void> {
    await this.runCommand(commands.openChat);
    const chat = this.chat();
    await chat.getByRole('textbox', { name: 'Message' }).waitFor({ timeout: 60_000 });
    // The header's model button is named once the page's script runs and the host answers it. Now
    // and then the workbench asks for the page's script before its resource service worker is up,
    // and the request fails: the page stays static HTML until the webview is loaded again.
    const live = chat.locator('button[aria-label^="Model: "]');
    const loaded = await live.waitFor({ timeout: 20_000 }).then(() => true, () => false);
    if (loaded) return;
    await this.runCommand('Developer: Reload Webviews');
    await live.waitFor({ timeout: 60_000 });
  }

  /**
   * An empty chat. The palette returns before New Chat runs, so its reset could land after a
   * message sent next and wipe it: wait for the empty chat's heading, and when the chat is empty
   * already (the heading would not tell), leave it as it is.
   */
  async newChat(): Promise<void> {
    const emptyChat = this.chat().getByRole('heading', { name: 'Ask Claude about your code' });
    if (await emptyChat.isVisible()) return;
    await this.runCommand(commands.newChat);
    await emptyChat.waitFor({ state: 'visible', timeout: 30_000 });
  }

  /** Types into the Message box and clicks Send. */
  async send(text: string): Promise<void> {
    const chat = this.chat();
    await chat.getByRole('textbox', { name: 'Message', exact: true }).fill(text);
    await chat.getByRole('button', { name: 'Send', exact: true }).click();
  }

  /** Waits until the transcript's text contains `text`. */
  waitForTranscript(text: string, timeoutMs = 30_000): Promise<void> {
    return waitForText(this.chat().getByRole('log'), text, timeoutMs);
  }

  /** Prints what helps to understand a failed test: browser errors and code-server's log. */
  printDiagnostics(): void {
    if (this.workbench.offsiteRequests.length > 0) {
      console.error(`----- requests that left loopback (blocked) -----\n${this.workbench.offsiteRequests.join('\n')}`);
    }
    if (this.workbench.consoleErrors.length > 0) {
      console.error(`----- browser console errors -----\n${this.workbench.consoleErrors.join('\n')}`);
    }
    this.server.printLog();
  }

  async close(): Promise<void> {
    await this.workbench.close();
    await this.server.stop();
    await this.mock.close();
    this.removeWorkspace();
  }
}

/**
 * Registers mocha hooks for one session shared by the tests of the enclosing describe block:
 * started before them, the mock's queue and records cleared before each, a screenshot and the
 * logs taken when one fails, everything torn down after them.
 */
export function useE2eSession(options: E2eOptions = {}): () => E2eSession {
  let session: E2eSession | undefined;
  before(async function () {
    // Installing the VSIX and the first load of the workbench are slow on a two-core machine.
    this.timeout(180_000);
    session = await E2eSession.start(options);
  });
  beforeEach(() => session?.mock.reset());
  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !session) return;
    const file = await session.workbench.screenshot(`failed-${this.currentTest.fullTitle()}`).catch(() => undefined);
    if (file) console.error(`screenshot of the failure: ${path.relative(repoRoot, file)}`);
    session.printDiagnostics();
  });
  after(async function () {
    this.timeout(30_000);
    const offsite = session?.workbench.offsiteRequests ?? [];
    if (offsite.length > 0) console.warn(`e2e: the browser tried to leave loopback (blocked):\n${offsite.join('\n')}`);
    await session?.close();
    session = undefined;
  });
  return () => {
    if (!session) throw new Error('the e2e session did not start (see the before hook)');
    return session;
  };
}

/** Polls the element's visible text until it contains `text`. */
export async function waitForText(locator: Locator, text: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    last = (await locator.innerText({ timeout: Math.max(1, deadline - Date.now()) }).catch(() => last)) ?? last;
    if (last.includes(text)) return;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${JSON.stringify(text)}; the text was:\n${last}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function writeSampleWorkspace(dir: string): void {
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'README.md'), '# Sample project\n\nA small folder for the Claude Assistant end-to-end tests.\n');
  fs.writeFileSync(
    path.join(dir, 'src', 'greet.ts'),
    'export function greet(name: string): string {\n  return `Hello, ${name}!`;\n}\n',
  );
}
