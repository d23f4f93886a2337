// One persistent shell per conversation: commands run one at a time, each in a fresh shell that
// leads its own process group (see wrapperScript.ts for why, and how `cd` and `export` persist),
// with output streamed as it comes, a timeout, and Stop, restart and dispose stopping every
// process a command started. Node only; no vscode.

import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { SecretRedaction } from '../secretRedaction';
import { OutputCapture, OUTPUT_LIMIT } from './outputCapture';
import { signalTree, treeAlive } from './processTree';
import type { ShellKind } from './shellChoice';
import { environmentAfterRun } from './shellEnv';
import type { ShellRun } from './shellResult';
import { INTERNAL_PREFIX, STATE_FILES, wrapperScript } from './wrapperScript';

/** The `claudeAssistant.bash.timeoutSeconds` default. */
export const DEFAULT_TIMEOUT_MS = 120_000;
/** setTimeout's ceiling; a longer timeout would fire at once. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export interface ShellSessionOptions {
  shell: { path: string; kind: ShellKind };
  /** Where the shell starts, and where it returns on restart: the first workspace folder. */
  cwd: string;
  /** The environment of the first command, already without our keys (see scrubEnvironment). */
  env: Readonly<Record<string, string>>;
  defaultTimeoutMs?: number;
  /** Between SIGTERM and SIGKILL when stopping, for processes that clean up on TERM. */
  killGraceMs?: number;
  outputLimit?: number;
}

export interface RunOptions {
  timeoutMs?: number;
  /** Aborting stops the command and every process it started. */
  signal?: AbortSignal;
  /** Each piece of output as it arrives (stdout and stderr together, as a terminal shows them). */
  onOutput?: (chunk: string) => void;
  /** The user's keys, replaced in the output before it is captured or streamed. */
  redaction?: SecretRedaction;
}

type StopReason = 'timeout' | 'cancel';

interface Running {
  stop(reason: StopReason): void;
}

export class ShellSession {
  private env: Record<string, string>;
  /** The shell's own spelling of its directory after the last command; undefined until one ran. */
  private shellCwd: string | undefined;
  private stateDir: string | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly running = new Set<Running>();
  /** Bumped by restart, so that a command stopped by it cannot write its state over the fresh shell's. */
  private generation = 0;
  private disposed = false;
  private readonly script: string;

  constructor(private readonly options: ShellSessionOptions) {
    this.env = { ...options.env };
    this.script = wrapperScript(options.shell.kind);
  }

  /** The shell's working directory as the shell spells it. */
  get cwd(): string {
    return this.shellCwd ?? this.options.cwd;
  }

  /** Runs after any command still running or queued. Rejects only when the shell cannot start. */
  run(command: string, options: RunOptions = {}): Promise<ShellRun> {
    const result = this.queue.then(() => this.execute(command, options));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** A fresh shell: stops what runs, and forgets the directory and exported variables. */
  restart(): void {
    this.generation++;
    this.stopAll();
    this.env = { ...this.options.env };
    this.shellCwd = undefined;
  }

  /** Stops what runs and removes the state files; later runs end at once as cancelled. */
  dispose(): void {
    this.disposed = true;
    this.generation++;
    this.stopAll();
    if (this.stateDir) fs.rmSync(this.stateDir, { recursive: true, force: true });
    this.stateDir = undefined;
  }

  private stopAll(): void {
    for (const run of this.running) run.stop('cancel');
  }

  private async execute(command: string, options: RunOptions): Promise<ShellRun> {
    const timeoutMs = clampTimeout(options.timeoutMs ?? this.options.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS);
    const capture = new OutputCapture(this.options.outputLimit ?? OUTPUT_LIMIT);
    const notRun = { command, output: capture.result(), exitCode: null, signal: null, timedOut: false, cancelled: true, timeoutMs, durationMs: 0, stoppedBackground: false, stateKept: false };
    if (this.disposed || options.signal?.aborted) return notRun;

    const stateDir = this.ensureStateDir();
    for (const file of [STATE_FILES.saved, STATE_FILES.moved]) fs.rmSync(path.join(stateDir, file), { force: true });
    const generation = this.generation;
    const started = Date.now();
    const child = spawn(this.options.shell.path, ['-c', this.script, path.basename(this.options.shell.path), shellPath(stateDir), command, this.shellCwd ?? ''], {
      cwd: fs.existsSync(this.options.cwd) ? this.options.cwd : os.homedir(),
      env: this.env,
      // stdin is /dev/null: a read gets end-of-file at once instead of waiting forever. fd 3 is the watchdog's pipe.
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      detached: true,
      windowsHide: true,
    });
    const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
      child.once('error', reject);
    });
    if (child.pid === undefined) {
      await exited; // rejects with the spawn error
      throw new Error('The shell did not start.');
    }
    const pid = child.pid;
    const grace = this.options.killGraceMs ?? 2000;

    const take = (text: string): void => {
      if (text === '') return;
      capture.append(text);
      options.onOutput?.(text);
    };
    // One redactor per pipe: a key cut between two chunks of one pipe is still caught whole.
    const redactors = [child.stdout, child.stderr].map((stream) => {
      const redactor = options.redaction?.stream();
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => take(redactor ? redactor.push(chunk) : chunk));
      return redactor;
    });

    let stopReason: StopReason | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    const stop = (reason: StopReason): void => {
      if (stopReason) return;
      stopReason = reason;
      signalTree(pid, 'SIGTERM');
      killTimer = setTimeout(() => signalTree(pid, 'SIGKILL'), grace);
    };
    const running: Running = { stop };
    this.running.add(running);
    const timer = setTimeout(() => stop('timeout'), timeoutMs);
    const onAbort = (): void => stop('cancel');
    options.signal?.addEventListener('abort', onAbort, { once: true });

    try {
      const { code, signal } = await exited;
      clearTimeout(timer);
      // Whatever the shell left behind (background jobs) goes with it: nothing runs unseen between commands.
      // A shell that ended normally saved its state and stopped its watchdog first, so what is left
      // is the command's own; a shell killed by a signal leaves the watchdog too, so nothing is claimed.
      const endedNormally = !stopReason && signal === null && fs.existsSync(path.join(stateDir, STATE_FILES.saved));
      const leftBehind = treeAlive(pid);
      if (leftBehind) await stopTree(pid, grace);
      await settle(closed, child, grace);
      for (const redactor of redactors) take(redactor?.end() ?? '');
      const stateKept = endedNormally && generation === this.generation && this.readState(stateDir);
      return {
        command, output: capture.result(), exitCode: code, signal, timedOut: stopReason === 'timeout', cancelled: stopReason === 'cancel',
        timeoutMs, durationMs: Date.now() - started, stoppedBackground: leftBehind && endedNormally, stateKept,
        ...(fs.existsSync(path.join(stateDir, STATE_FILES.moved)) ? { movedTo: this.options.cwd } : {}),
      };
    } finally {
      clearTimeout(timer);
      clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
      this.running.delete(running);
    }
  }

  /** Takes the directory and environment the command left; only after its shell saved them whole. */
  private readState(stateDir: string): true {
    const dump = fs.readFileSync(path.join(stateDir, STATE_FILES.env), 'utf8');
    this.env = environmentAfterRun(dump, this.env, INTERNAL_PREFIX);
    this.shellCwd = fs.readFileSync(path.join(stateDir, STATE_FILES.cwd), 'utf8') || undefined;
    return true;
  }

  private ensureStateDir(): string {
    // mkdtemp makes it readable by us alone (0700). Made again if a command deleted it.
    if (!this.stateDir || !fs.existsSync(this.stateDir)) this.stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-assistant-shell-'));
    return this.stateDir;
  }
}

/** TERM to the whole tree, KILL after the grace period to what is left; resolves when none is. */
async function stopTree(pid: number, grace: number): Promise<void> {
  signalTree(pid, 'SIGTERM');
  if (await waitUntil(() => !treeAlive(pid), grace)) return;
  signalTree(pid, 'SIGKILL');
  await waitUntil(() => !treeAlive(pid), grace);
}

/**
 * Waits for the output pipes to close. A process that left the group by starting its own session
 * may still hold them; then they are closed from this side, so a run always ends.
 */
async function settle(closed: Promise<void>, child: ChildProcess, grace: number): Promise<void> {
  const timeout = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), grace).unref());
  if (await Promise.race([closed, timeout]) === 'late') {
    for (const stream of child.stdio) stream?.destroy();
  }
}

/** Polls a condition that has no event (processes that are not our children). */
async function waitUntil(done: () => boolean, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (!done()) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return true;
}

function clampTimeout(ms: number): number {
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, MAX_TIMEOUT_MS) : DEFAULT_TIMEOUT_MS;
}

/** Git Bash reads `C:/Users/…` but not backslashes. */
function shellPath(file: string): string {
  return process.platform === 'win32' ? file.replace(/\\/g, '/') : file;
}
