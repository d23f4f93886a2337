/// <reference lib="dom" />
// Loads the built chat page (dist/webview.js and webview.css) in Chromium, inside the same HTML and
// CSP the extension serves, with `acquireVsCodeApi` stubbed: what the page posts is recorded, and
// tests send it host messages. Nothing leaves the machine: every request is answered here.
import * as fs from 'fs';
import * as path from 'path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { chatHtml } from '../../src/chat/chatHtml';
import type { HostToWebview, Turn, WebviewToHost } from '../../src/webview/protocol';
import { readTheme, type ThemeId } from './themes';

export const ORIGIN = 'https://page.test';
const repoRoot = path.resolve(__dirname, '..', '..', '..');
const distDir = path.join(repoRoot, 'dist');
const NONCE = 'pagetestnonce0123456789abcdefABCD';

let browser: Promise<Browser> | undefined;

export function launchBrowser(): Promise<Browser> {
  browser ??= chromium.launch({
    executablePath: process.env.CLAUDE_ASSISTANT_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    // Scroll bars as people see them: Playwright hides them in headless mode by default.
    ignoreDefaultArgs: ['--hide-scrollbars'],
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--host-resolver-rules=MAP * ~NOTFOUND'],
  });
  return browser;
}

export async function closeBrowser(): Promise<void> {
  const open = browser;
  browser = undefined;
  await (await open)?.close();
}

/** The page under test and its stubbed host. */
export class ChatPage {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  static async open(options: { width?: number; height?: number; state?: unknown } = {}): Promise<ChatPage> {
    if (!fs.existsSync(path.join(distDir, 'webview.js'))) throw new Error('dist/webview.js is missing: run `npm run build` first');
    const context = await (await launchBrowser()).newContext({ viewport: { width: options.width ?? 420, height: options.height ?? 700 } });
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.origin !== ORIGIN) return route.abort();
      if (url.pathname === '/') {
        const html = chatHtml({ cspSource: ORIGIN, scriptUri: `${ORIGIN}/dist/webview.js`, styleUri: `${ORIGIN}/dist/webview.css`, nonce: NONCE });
        return route.fulfill({ contentType: 'text/html', body: html });
      }
      const theme = /^\/theme\/([\w-]+)\.css$/.exec(url.pathname);
      if (theme) return route.fulfill({ contentType: 'text/css', body: readTheme(theme[1] as ThemeId).defaultStyles });
      const file = path.join(distDir, path.basename(url.pathname));
      if (!url.pathname.startsWith('/dist/') || !fs.existsSync(file)) return route.fulfill({ status: 404, body: '' });
      const types: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf' };
      return route.fulfill({ contentType: types[path.extname(file)] ?? 'application/octet-stream', body: fs.readFileSync(file) });
    });
    await context.addInitScript((state) => {
      const w = window as unknown as Record<string, unknown>;
      w.__posted = [];
      // VS Code keeps a webview's state across reloads of its page; session storage does here.
      const saved = sessionStorage.getItem('vscodeState');
      w.__state = saved ? JSON.parse(saved) : state;
      w.__cspViolations = [];
      w.__errors = [];
      document.addEventListener('securitypolicyviolation', (event) => (w.__cspViolations as string[]).push(`${event.violatedDirective}: ${event.blockedURI}`));
      window.addEventListener('error', (event) => (w.__errors as string[]).push(String(event.message)));
      w.acquireVsCodeApi = () => ({
        postMessage: (message: unknown) => (w.__posted as unknown[]).push(JSON.parse(JSON.stringify(message))),
        getState: () => w.__state,
        setState: (value: unknown) => {
          w.__state = value;
          sessionStorage.setItem('vscodeState', JSON.stringify(value));
        },
      });
    }, options.state);
    const page = await context.newPage();
    await page.goto(`${ORIGIN}/`);
    await page.waitForFunction(() => ((window as unknown as { __posted: Array<{ type: string }> }).__posted ?? []).some((m) => m.type === 'ready'));
    return new ChatPage(context, page);
  }

  /** Delivers host messages the way VS Code does: as `message` events on the window. */
  async send(...messages: HostToWebview[]): Promise<void> {
    await this.page.evaluate((list) => {
      for (const data of list) window.dispatchEvent(new MessageEvent('message', { data }));
    }, messages);
  }

  /** Waits until the page has drawn a frame. */
  async frame(): Promise<void> {
    await this.page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
  }

  /** Waits out the page's pacing of streamed text (at most 100 ms between draws), then a frame. */
  async settle(): Promise<void> {
    await this.page.waitForTimeout(120);
    await this.frame();
  }

  /**
   * Dresses the page as VS Code does in a theme (test/page/themes/): its variables on the root, its
   * classes on the body, and its default webview stylesheet before the page's own.
   */
  async applyTheme(id: ThemeId): Promise<void> {
    const theme = readTheme(id);
    await this.page.evaluate(async ({ variables, bodyClass, kind, href }) => {
      const root = document.documentElement;
      for (const name of Array.from(root.style)) if (name.startsWith('--vscode-')) root.style.removeProperty(name);
      for (const [name, value] of Object.entries(variables)) root.style.setProperty(name, value);
      document.body.classList.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast', 'vscode-high-contrast-light');
      document.body.classList.add(...bodyClass.split(' ').filter(Boolean));
      document.body.dataset.vscodeThemeKind = kind;
      document.getElementById('_defaultStyles')?.remove();
      const link = document.createElement('link');
      link.id = '_defaultStyles';
      link.rel = 'stylesheet';
      link.href = href;
      const loaded = new Promise((resolve, reject) => {
        link.onload = resolve;
        link.onerror = reject;
      });
      document.head.prepend(link);
      await loaded;
    }, { variables: theme.variables, bodyClass: theme.bodyClass, kind: theme.kind, href: `${ORIGIN}/theme/${id}.css` });
    await this.frame();
  }

  async posted(): Promise<WebviewToHost[]> {
    return this.page.evaluate(() => (window as unknown as { __posted: WebviewToHost[] }).__posted);
  }

  async clearPosted(): Promise<void> {
    await this.page.evaluate(() => {
      (window as unknown as { __posted: unknown[] }).__posted = [];
    });
  }

  async cspViolations(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
  }

  async pageErrors(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { __errors: string[] }).__errors);
  }

  /** A snapshot with these turns, a key set, and a model that takes thinking budgets. */
  async showConversation(turns: Turn[], overrides: Partial<Extract<HostToWebview, { type: 'snapshot' }>['snapshot']> = {}): Promise<void> {
    await this.send({ type: 'snapshot', snapshot: { ...snapshotWith(turns), ...overrides } });
    await this.frame();
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

export function snapshotWith(turns: Turn[]): Extract<HostToWebview, { type: 'snapshot' }>['snapshot'] {
  return {
    conversation: { id: 'c1', title: 'Page test' },
    turns,
    busy: false,
    connection: { model: 'claude-sonnet-4-5', host: 'api.anthropic.com', hasCredentials: true, credentialSource: 'SecretStorage', profile: 'Anthropic' },
    header: { modelLabel: 'Claude Sonnet 4.5', thinkingMode: 'enabled', thinking: { enabled: false, budgetTokens: 4096, effort: 'high' }, effortLevels: [], contextWindow: 200_000, pricesKnown: true },
  };
}

export function userTurn(id: string, text: string): Turn {
  return { id, role: 'user', status: 'done', blocks: [{ type: 'text', text }] };
}

export function assistantTurn(id: string, text: string, extra: Partial<Turn> = {}): Turn {
  return { id, role: 'assistant', status: 'done', blocks: [{ type: 'text', text }], ...extra };
}

/**
 * Mocha hooks for one page per test, in one browser per run. The page is reopened for each test so
 * that no state leaks from one to the next.
 */
export function usePage(options: Parameters<typeof ChatPage.open>[0] = {}): () => ChatPage {
  let current: ChatPage | undefined;
  beforeEach(async () => {
    current = await ChatPage.open(options);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && current) {
      const errors = await current.pageErrors().catch(() => []);
      if (errors.length > 0) console.error(`page errors:\n${errors.join('\n')}`);
    }
    await current?.close();
    current = undefined;
  });
  after(() => closeBrowser());
  return () => {
    if (!current) throw new Error('no page');
    return current;
  };
}
