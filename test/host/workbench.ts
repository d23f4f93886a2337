// Opens the code-server workbench in Debian's Chromium through playwright-core, and drives it the
// way a person would: the command palette, quick inputs, the chat webview, screenshots.
import * as fs from 'fs';
import * as path from 'path';
import { type Browser, chromium, type FrameLocator, type Page } from 'playwright-core';
import { repoRoot } from './codeServer';

export const screenshotDir = path.join(repoRoot, 'test-results', 'screenshots');
export const extensionId = 'claude-assistant.claude-assistant';

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Offline by construction: every host name but the loopback address fails to resolve.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

export interface WorkbenchOptions {
  /** The code-server to open. */
  server: { url: string; port: number };
  /** Folder to open (absolute path on the server). */
  folder?: string;
  /** A .code-workspace file to open instead (absolute path on the server): a multi-root window. */
  workspace?: string;
  /** Extension folder loaded in development mode (absolute path on the server). */
  extensionDevelopmentPath?: string;
  /** Test runner module exporting run() (absolute path on the server). */
  extensionTestsPath?: string;
  /** Receives the workbench's automation log (with extensionTestsPath: the extension host's console). */
  onLog?: (type: string, args: unknown[]) => void;
  colorScheme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
}

/** The workbench URL; the payload makes VS Code load an extension and/or run tests, as test-electron does. */
export function workbenchUrl(options: WorkbenchOptions): string {
  const { server } = options;
  const remote = (file: string): string => `vscode-remote://127.0.0.1:${server.port}${path.resolve(file)}`;
  const payload: Array<[string, string]> = [];
  if (options.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(options.extensionDevelopmentPath)]);
  if (options.extensionTestsPath) payload.push(['extensionTestsPath', remote(options.extensionTestsPath)]);
  const query: string[] = [];
  if (options.workspace) query.push(`workspace=${encodeURIComponent(path.resolve(options.workspace))}`);
  else if (options.folder) query.push(`folder=${encodeURIComponent(path.resolve(options.folder))}`);
  if (payload.length > 0) {
    payload.push(['skipWelcome', 'true']);
    query.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  }
  return `${server.url}/${query.length > 0 ? `?${query.join('&')}` : ''}`;
}

export class Workbench {
  /** Browser console errors and page errors, for the report of a failed test. */
  readonly consoleErrors: string[] = [];
  /** Requests the browser tried to send anywhere but loopback (they fail: see chromiumArgs). */
  readonly offsiteRequests: string[] = [];

  private constructor(
    private readonly browser: Browser,
    readonly page: Page,
    /** Settles with the code the workbench passes to codeAutomationExit (0 when run() resolved). */
    readonly exitCode: Promise<number>,
  ) {}

  static async open(options: WorkbenchOptions): Promise<Workbench> {
    const browser = await chromium.launch({
      executablePath: process.env.CLAUDE_ASSISTANT_CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      // Webviews' native scroll bars as people see them: Playwright hides them in headless mode.
      ignoreDefaultArgs: ['--hide-scrollbars'],
      args: chromiumArgs,
    });
    try {
      const context = await browser.newContext({
        viewport: options.viewport ?? { width: 1280, height: 800 },
        colorScheme: options.colorScheme ?? 'dark',
      });
      const page = await context.newPage();
      let exit: (code: number) => void = () => undefined;
      const exitCode = new Promise<number>((resolve) => {
        exit = resolve;
      });
      // Both must exist before the workbench script runs, so before goto.
      await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
      await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => options.onLog?.(type, args));
      const workbench = new Workbench(browser, page, exitCode);
      page.on('console', (message) => {
        if (message.type() === 'error') workbench.consoleErrors.push(message.text());
      });
      page.on('pageerror', (error) => workbench.consoleErrors.push(`pageerror: ${error.message}`));
      // Webview resources have https://*.vscode-resource.vscode-cdn.net URLs, but the webview's
      // service worker answers them from code-server: those responses never touch the network.
      const offsite = (url: string): boolean => /^(https?|wss?):/.test(url) && new URL(url).hostname !== '127.0.0.1';
      context.on('response', (response) => {
        if (!response.fromServiceWorker() && offsite(response.url())) workbench.offsiteRequests.push(response.url());
      });
      context.on('requestfailed', (request) => {
        if (offsite(request.url())) workbench.offsiteRequests.push(`${request.url()} (${request.failure()?.errorText ?? 'failed'})`);
      });
      await page.goto(workbenchUrl(options));
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      return workbench;
    } catch (error) {
      await browser.close().catch(() => undefined);
      throw error;
    }
  }

  /** F1, type the command's title, Enter: as a person runs a command. */
  async runCommand(title: string): Promise<void> {
    const { page } = this;
    await this.openCommandPalette(title);
    // F1 opens the palette with '>' already typed; keep it.
    await page.keyboard.type(title);
    // Enter runs the focused row; wait until that is the command asked for (the list filters
    // asynchronously, and a recently used command could be on top for a moment).
    const row = page.locator(`.quick-input-list .monaco-list-row.focused[aria-label^="${cssString(title)}"]`);
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await page.keyboard.press('Enter');
  }

  /** Ctrl+P, the file's name, Enter: as a person opens a file. */
  async quickOpen(fileName: string): Promise<void> {
    const { page } = this;
    await this.openQuickInput('Control+P', fileName);
    await page.keyboard.type(fileName);
    await page.locator(`.quick-input-list .monaco-list-row.focused[aria-label*="${cssString(fileName)}"]`).waitFor({ timeout: 30_000 });
    await page.keyboard.press('Enter');
  }

  /** F1, and the palette's box has the focus. */
  private openCommandPalette(title: string): Promise<void> {
    return this.openQuickInput('F1', title);
  }

  private async openQuickInput(key: string, forWhat: string): Promise<void> {
    const { page } = this;
    // A key pressed while a webview has focus reaches the workbench by a message, and on a busy
    // machine can be lost or land late: press again until the quick input's box has the focus.
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press(key);
      const focused = await page
        .waitForFunction(() => document.activeElement?.matches('.quick-input-widget .quick-input-box input') === true, undefined, { timeout: 10_000 })
        .then(() => true, () => false);
      if (focused) break;
      if (attempt === 3) throw new Error(`${key} for ${forWhat}: the quick input did not open`);
    }
  }

  /** Preferences: Color Theme, then the theme named; "<name> Light" is another theme. */
  async pickColorTheme(name: string): Promise<void> {
    const { page } = this;
    // "Browse Color Themes in Marketplace" comes first in the palette: pick the row itself.
    await this.openCommandPalette('Preferences: Color Theme');
    await page.keyboard.type('Preferences: Color Theme');
    await page.locator('.quick-input-list .monaco-list-row[aria-label^="Preferences: Color Theme"]').click();
    const input = page.locator('.quick-input-widget input[placeholder*="Color Theme"]');
    await input.waitFor({ timeout: 15_000 });
    await input.pressSequentially(name);
    // Rows read "Light Modern  Default Light Modern".
    await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: name }).filter({ hasNotText: `${name} Light` }).first().click();
  }

  /** Types into the open quick input box (e.g. the password box of Set API Key) and presses Enter. */
  async answerInputBox(text: string, options: { password?: boolean } = {}): Promise<void> {
    const { page } = this;
    const selector = options.password ? 'input[type="password"]' : 'input';
    const input = page.locator(`.quick-input-widget .quick-input-box ${selector}`);
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.pressSequentially(text);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 });
  }

  /** With workspace trust on, answers the "Do you trust the authors" dialog (false: Restricted Mode). */
  async answerTrustDialog(trust: boolean): Promise<void> {
    const dialog = this.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30_000 });
    const button = trust ? 'Yes, I trust the authors' : "No, I don't trust the authors";
    await dialog.getByRole('button', { name: button }).click();
    await dialog.waitFor({ state: 'hidden' });
  }

  /**
   * The content of a webview contributed by `extension` (default: this one). A webview is two
   * nested iframes: VS Code's host frame (marked `ready` once loaded) and the extension's page.
   */
  webview(extension = extensionId): FrameLocator {
    return this.page
      .frameLocator(`iframe.webview.ready[src*="extensionId=${extension}"]`)
      .frameLocator('#active-frame');
  }

  /** Saves test-results/screenshots/<name>.png and returns its path. */
  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(screenshotDir, { recursive: true });
    const file = path.join(screenshotDir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
  }
}

function cssString(text: string): string {
  return text.replace(/["\\]/g, '\\$&');
}
