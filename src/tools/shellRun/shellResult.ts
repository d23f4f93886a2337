// What a finished command was, and the `tool_result` text the model gets for it: the output (cut
// in the middle when long, saying how much), the exit code or signal, and why it ended when it
// did not end by itself. Pure.

import * as os from 'os';
import type { CapturedOutput } from './outputCapture';

export interface ShellRun {
  command: string;
  output: CapturedOutput;
  /** The shell's exit code; null when it was ended by a signal. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Stopped because it ran past `timeoutMs`. */
  timedOut: boolean;
  /** Stopped by the user (Stop, New Chat, closing the window). */
  cancelled: boolean;
  timeoutMs: number;
  durationMs: number;
  /** Processes it left running in the background when it ended; they were stopped. */
  stoppedBackground: boolean;
  /** Whether its `cd` and `export`s carry over; not when it was stopped or killed. */
  stateKept: boolean;
  /** Set when the directory the shell was in is gone, and the command ran here instead. */
  movedTo?: string;
}

/** Whether the result should go back with `is_error`: the command failed, or did not finish. */
export function shellRunFailed(run: ShellRun): boolean {
  return run.timedOut || run.cancelled || run.signal !== null || run.exitCode !== 0;
}

export function formatShellResult(run: ShellRun): string {
  const parts: string[] = [];
  const { head, tail, elided } = run.output;
  if (elided) {
    parts.push(ensureNewline(head) +
      `[… ${count(elided.characters, 'character')} (${count(elided.lines, 'line')}) cut from the middle of the output; ` +
      `the first and last parts are shown. Redirect to a file and search it (grep, head, tail) to see the rest. …]\n` + tail);
  } else {
    parts.push(head === '' ? '(no output)' : head);
  }
  const notes: string[] = [];
  if (run.movedTo !== undefined) notes.push(`The shell's directory no longer exists, so this ran in ${run.movedTo}.`);
  notes.push(endLine(run));
  if (run.stoppedBackground) notes.push('Processes it left running in the background were stopped when it ended; nothing keeps running between commands.');
  if (!run.stateKept && (run.timedOut || run.cancelled || run.signal !== null)) notes.push('Its changes to the directory and exported variables were not kept.');
  if (!run.timedOut && !run.cancelled && looksLikeItReadStdin(run.command, head + tail)) {
    notes.push('stdin is closed: anything reading input got end-of-file, and no one can answer a prompt. Pass input with flags, a file, or a pipe (e.g. `yes | …`).');
  }
  return ensureNewline(parts[0]) + notes.join('\n');
}

function endLine(run: ShellRun): string {
  const seconds = formatSeconds(run.durationMs);
  if (run.timedOut) return `Timed out after ${formatSeconds(run.timeoutMs)}: the command and every process it started were stopped.`;
  if (run.cancelled) return `Stopped by the user after ${seconds}: the command and every process it started were stopped.`;
  if (run.signal !== null) return `Killed by signal ${run.signal}.`;
  const code = run.exitCode ?? 0;
  const bySignal = code > 128 ? signalName(code - 128) : undefined;
  return bySignal ? `Exit code ${code} (the last command was killed by ${bySignal}).` : `Exit code ${code}.`;
}

/** The signal's name for its number on this platform (numbers differ between Linux and macOS). */
export function signalName(signalNumber: number): NodeJS.Signals | undefined {
  const entry = Object.entries(os.constants.signals).find(([, n]) => n === signalNumber);
  return entry?.[0] as NodeJS.Signals | undefined;
}

// A stdin read leaves no trace, so this guesses from the command and from how its output ends.
// After a pipe, `read` and the filters read the pipe, not stdin, so `|` alone does not count.
const READS_STDIN = /(?:^|\|\||[;&(`\n]|\$\(|\b(?:then|do|while|until|if|else)\s)\s*(?:read\b|cat\s*(?:$|[;&|)\n])|(?:head|tail|wc|sort|uniq|tr)(?:\s+-\S+)*\s*(?:$|[;&)\n]))/;
// A question or a field label, perhaps with a default in brackets ("Proceed? (y)", "Name: [app]").
const PROMPT_AT_END = /(?:[?:](?:\s*[([][^()[\]\n]{0,20}[)\]])?|\[[yn]\/[yn]\]|\(y(?:es)?\/n(?:o)?\)|press (?:any key|enter)[^\n]*)\s*$/i;

/** Whether the command seems to have read stdin, or stopped at a question waiting for an answer. */
export function looksLikeItReadStdin(command: string, output: string): boolean {
  if (READS_STDIN.test(command)) return true;
  const lastLine = output.trimEnd().split('\n').pop() ?? '';
  return lastLine.length > 0 && lastLine.length < 200 && !output.endsWith('\n') && PROMPT_AT_END.test(lastLine);
}

function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

function ensureNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}
