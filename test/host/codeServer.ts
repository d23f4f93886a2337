// Starts and stops code-server (VS Code 1.100.3 served to a browser) for the integration and
// end-to-end tests: loopback only, an ephemeral port, fresh user-data and extensions folders per
// run, and the whole process tree killed on stop (or at exit, see cleanup.ts).
import { type ChildProcess, execFile, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { makeTempDir, registerExitCleanup } from './cleanup';

/** The repository root (this file runs from out/test/host/). */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const codeServerVersion = '4.100.3';
const installDir = path.join(repoRoot, '.vscode-test', `code-server-${codeServerVersion}`);

export interface CodeServerOptions {
  /** Folder passed on the command line, opened when the workbench URL names no other. */
  folder?: string;
  /** false (the default) passes --disable-workspace-trust; true keeps trust on, for Restricted Mode tests. */
  workspaceTrust?: boolean;
  /** Extra environment for code-server and so for the extension host (e.g. CLAUDE_ASSISTANT_RESULTS). */
  env?: Record<string, string>;
  /** User settings, written to <user-data-dir>/User/settings.json over the test defaults below. */
  settings?: Record<string, unknown>;
  /** Shortcut for the `workbench.colorTheme` setting, e.g. 'Default Light Modern'. */
  colorTheme?: string;
  /** A VSIX installed into the fresh extensions folder before start. */
  vsix?: string;
  /** How long to wait for the server to answer HTTP. */
  startTimeoutMs?: number;
}

/** Settings that keep the workbench quiet, offline and deterministic; tests may override them. */
export const defaultSettings: Record<string, unknown> = {
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
};

/**
 * Returns the code-server entry script, installing code-server first (scripts/setup-test-host.sh,
 * a few minutes, once) when it is missing. Call it before any test timer starts: it blocks.
 */
export function ensureCodeServer(): string {
  const bin = path.join(installDir, 'node_modules', '.bin', 'code-server');
  if (!fs.existsSync(path.join(installDir, '.complete')) || !fs.existsSync(bin)) {
    console.log('test host: code-server is missing; running scripts/setup-test-host.sh (first run only)');
    const setup = spawnSync('bash', [path.join(repoRoot, 'scripts', 'setup-test-host.sh')], { stdio: 'inherit' });
    if (setup.status !== 0) throw new Error(`scripts/setup-test-host.sh failed (exit ${setup.status ?? setup.signal})`);
  }
  // The .bin entry is a symlink to a `#!/usr/bin/env node` script; resolving it lets us run it with
  // this very Node (20), whatever `node` is first on PATH.
  return fs.realpathSync(bin);
}

/** The environment for code-server: ours, minus what would leak in or redirect it, plus `extra`. */
function childEnv(home: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // ANTHROPIC_*: a contributor's real key or endpoint must never reach a test.
    // VSCODE_*: inside a VS Code terminal, VSCODE_IPC_HOOK_CLI makes code-server hand its arguments
    // to that VS Code instead of starting. PORT overrides --bind-addr. GITHUB_TOKEN is a credential.
    if (/^(ANTHROPIC_|VSCODE_|ELECTRON_)/.test(key) || ['PORT', 'PASSWORD', 'HASHED_PASSWORD', 'GITHUB_TOKEN'].includes(key)) continue;
    env[key] = value;
  }
  const noProxy = [env.NO_PROXY ?? env.no_proxy, '127.0.0.1', 'localhost'].filter(Boolean).join(',');
  return {
    ...env,
    // code-server's own config and state (config.yaml, last opened folder) go to the temp folder too.
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_DATA_HOME: path.join(home, 'data'),
    // An empty gallery turns off the marketplace (open-vsx.org) in server and workbench: no
    // network attempts, no "unknown error" notification about it.
    EXTENSIONS_GALLERY: '{}',
    NO_PROXY: noProxy,
    no_proxy: noProxy,
    ...extra,
  };
}

export class CodeServer {
  private exited = false;
  private stopped: Promise<void> | undefined;

  private constructor(
    /** http://127.0.0.1:PORT */
    readonly url: string,
    readonly port: number,
    readonly userDataDir: string,
    readonly extensionsDir: string,
    private readonly child: ChildProcess,
    private readonly output: string[],
    private readonly removeHome: () => void,
    private readonly unregisterKill: () => void,
  ) {
    child.once('exit', () => {
      this.exited = true;
    });
  }

  static async start(options: CodeServerOptions = {}): Promise<CodeServer> {
    const entry = ensureCodeServer();
    const home = makeTempDir('claude-assistant-cs-');
    const output: string[] = [];
    let child: ChildProcess | undefined;
    let unregisterKill = (): void => undefined;
    try {
      const userDataDir = path.join(home.dir, 'user-data');
      const extensionsDir = path.join(home.dir, 'extensions');
      fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
      fs.mkdirSync(extensionsDir, { recursive: true });
      const settings = { ...defaultSettings, ...(options.colorTheme ? { 'workbench.colorTheme': options.colorTheme } : {}), ...options.settings };
      fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
      const env = childEnv(home.dir, options.env ?? {});
      const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--config', path.join(home.dir, 'config.yaml')];

      if (options.vsix) await installVsix(entry, path.resolve(options.vsix), common, env, output);

      const args = [
        entry,
        '--auth', 'none',
        // Port 0: the kernel picks a free port and code-server prints it; no race with other runs.
        '--bind-addr', '127.0.0.1:0',
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-proxy',
        '--disable-getting-started-override',
        ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
        ...common,
        ...(options.folder ? [options.folder] : []),
      ];
      // detached: its own process group, so that stop() reaches the extension host, file watcher
      // and pty host that code-server forks.
      child = spawn(process.execPath, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      const pid = child.pid;
      if (pid === undefined) throw new Error('code-server did not start');
      unregisterKill = registerExitCleanup(() => killTree(pid, 'SIGKILL'));
      const port = await waitForListening(child, output, options.startTimeoutMs ?? 90_000);
      const server = new CodeServer(`http://127.0.0.1:${port}`, port, userDataDir, extensionsDir, child, output, home.remove, unregisterKill);
      return server;
    } catch (error) {
      if (child?.pid !== undefined) killTree(child.pid, 'SIGKILL');
      unregisterKill();
      home.remove();
      printLog(output);
      throw error;
    }
  }

  /** Everything code-server printed so far. */
  get log(): string {
    return this.output.join('');
  }

  /** Prints the log, for a failed run; a passing run stays quiet. */
  printLog(): void {
    printLog(this.output);
  }

  /** Kills the whole process tree and removes the temp folders. Safe to call twice. */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      const pid = this.child.pid!;
      const descendants = descendantsOf(pid);
      if (!this.exited) {
        killTree(pid, 'SIGTERM');
        await waitFor(() => this.exited, 5_000);
      }
      killTree(pid, 'SIGKILL', descendants);
      this.unregisterKill();
      this.removeHome();
    })();
    return this.stopped;
  }
}

async function installVsix(entry: string, vsix: string, common: string[], env: NodeJS.ProcessEnv, output: string[]): Promise<void> {
  if (!fs.existsSync(vsix)) throw new Error(`VSIX not found: ${vsix} (run \`npm run package\`)`);
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, [entry, ...common, '--install-extension', vsix, '--force'], { env, timeout: 120_000 }, (error, stdout, stderr) => {
      output.push(`[install-extension]\n${stdout}${stderr}`);
      if (error) reject(new Error(`installing ${path.basename(vsix)} failed: ${error.message}`));
      else resolve();
    });
  });
}

/** Resolves with the port from "HTTP server listening on http://127.0.0.1:PORT/" once /healthz answers. */
async function waitForListening(child: ChildProcess, output: string[], timeoutMs: number): Promise<number> {
  const portFound = new Promise<number>((resolve, reject) => {
    let text: string | undefined = '';
    const onData = (chunk: Buffer): void => {
      output.push(chunk.toString());
      if (text === undefined) return;
      text += chunk.toString();
      const match = /HTTP server listening on https?:\/\/127\.0\.0\.1:(\d+)/.exec(text);
      if (match) {
        text = undefined;
        resolve(Number(match[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`code-server exited during start (${code ?? signal})`)));
    child.once('error', reject);
  });
  const deadline = Date.now() + timeoutMs;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`code-server did not listen within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    const port = await Promise.race([portFound, timeout]);
    while (!(await answers(`http://127.0.0.1:${port}/healthz`))) {
      if (Date.now() > deadline) throw new Error(`code-server did not answer HTTP within ${timeoutMs / 1000} s`);
      await delay(200);
    }
    return port;
  } finally {
    clearTimeout(timer);
  }
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: 2_000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

/** Child pids, recursively, read from /proc (Linux). Catches processes that left the group. */
function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  let entries: string[] = [];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended meanwhile.
    }
  }
  const result: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      result.push(child);
      queue.push(child);
    }
  }
  return result;
}

function killTree(pid: number, signal: NodeJS.Signals, known: number[] = []): void {
  const targets = [...known, ...descendantsOf(pid)];
  for (const target of [-pid, pid, ...targets]) {
    try {
      process.kill(target, signal);
    } catch {
      // Already gone.
    }
  }
}

function printLog(output: string[]): void {
  if (output.length === 0) return;
  console.error('----- code-server log -----');
  console.error(output.join('').trimEnd());
  console.error('----- end of code-server log -----');
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await delay(100);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
