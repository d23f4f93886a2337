// Commands that run other commands. Rules judge what finally runs, so `sudo rm -rf /`,
// `timeout 5 rm -rf /`, `xargs rm -rf` and `find . -exec rm -rf {} ;` all reach `rm`. A wrapper
// that changes who runs the command (sudo, doas) is judged as well; shells and `eval` hand back
// their code, which is parsed like the command itself.
import { literalWord, type ShellWord } from './shellWords';

export interface WrappedCommand {
  words: ShellWord[];
  /** More arguments are added when it runs (xargs, `find -exec … +`). */
  openEnded: boolean;
}

export interface Unwrapped {
  commands: WrappedCommand[];
  /** Shell code that a wrapper runs: `bash -c`, `eval`, `watch`, `env -S`. */
  bodies: { code: ShellWord; via: string }[];
  /** Environment names a wrapper sets for the command (`env NAME=value cmd`). */
  assignedNames: string[];
  concerns: string[];
}

/** Options of a wrapper: which take a value, and whether the first operand is not yet the command. */
interface WrapperSpec {
  valued: string[];
  /** Operands before the command (timeout's duration). */
  leadingOperands?: number;
  /** The wrapper itself needs the user's rules too: it changes who runs the command. */
  judged?: boolean;
}

const WRAPPERS: Record<string, WrapperSpec> = {
  command: { valued: [] },
  builtin: { valued: [] },
  exec: { valued: ['-a'] },
  time: { valued: ['-f', '-o', '--format', '--output'] },
  nohup: { valued: [] },
  nice: { valued: ['-n', '--adjustment'] },
  timeout: { valued: ['-s', '-k', '--signal', '--kill-after'], leadingOperands: 1 },
  stdbuf: { valued: ['-i', '-o', '-e', '--input', '--output', '--error'] },
  setsid: { valued: [] },
  ionice: { valued: ['-c', '-n', '-t', '--class', '--classdata'] },
  coproc: { valued: [] },
  sudo: { valued: ['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U', '-T', '--user', '--group', '--host', '--prompt', '--chdir'], judged: true },
  doas: { valued: ['-u', '-C'], judged: true },
  pkexec: { valued: ['--user'], judged: true },
};

/** What a wrapper hands back: the command it runs, itself (RUNS_ITSELF), or nothing more to judge. */
const RUNS_ITSELF = undefined;
const CONSUMED = null;
type UnwrapStep = WrappedCommand | typeof RUNS_ITSELF | typeof CONSUMED;

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'fish']);
const MAX_UNWRAP = 16;

/** The file name of a command, for recognising `/usr/bin/sudo` as `sudo`. */
export function commandBaseName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

function isOption(word: ShellWord): boolean {
  return !word.dynamic && word.text.startsWith('-') && word.text !== '-';
}

/** Skips a wrapper's options; returns the index of its first operand. */
function skipOptions(args: ShellWord[], valued: string[]): number {
  let index = 0;
  while (index < args.length && isOption(args[index])) {
    const option = args[index].text;
    index += 1;
    if (option === '--') break;
    const [name] = option.split('=', 1);
    if (valued.includes(name) && !option.includes('=')) index += 1;
  }
  return index;
}

export function unwrapCommand(words: ShellWord[]): Unwrapped {
  const result: Unwrapped = { commands: [], bodies: [], assignedNames: [], concerns: [] };
  let current: WrappedCommand = { words, openEnded: false };
  for (let round = 0; round < MAX_UNWRAP; round += 1) {
    const next = unwrapOnce(current, result);
    if (next === CONSUMED) return result;
    if (next === RUNS_ITSELF) {
      result.commands.push(current);
      return result;
    }
    current = next;
  }
  result.concerns.push('It nests more wrapper commands than the rules follow.');
  result.commands.push(current);
  return result;
}

function unwrapOnce(current: WrappedCommand, result: Unwrapped): UnwrapStep {
  const [nameWord, ...args] = current.words;
  if (!nameWord || nameWord.dynamic) return RUNS_ITSELF;
  const name = commandBaseName(nameWord.text);
  // A wrapper given no command runs on its own (`env`, `time`).
  const inner = (from: number): UnwrapStep => (from < args.length ? { words: args.slice(from), openEnded: current.openEnded } : RUNS_ITSELF);

  const spec = WRAPPERS[name];
  if (spec) {
    const options = skipOptions(args, spec.valued);
    const start = options + (spec.leadingOperands ?? 0);
    const given = args.slice(0, options).map((word) => word.text);
    // `command -v rm` only looks rm up.
    if (name === 'command' && given.some((option) => /^-[pvV]*[vV]/.test(option))) return RUNS_ITSELF;
    if (!spec.judged) return inner(start);
    if (start >= args.length) return RUNS_ITSELF;
    result.commands.push({ words: current.words, openEnded: current.openEnded });
    if (name === 'sudo' && given.some((option) => /^-[a-zA-Z]*[si]/.test(option))) {
      // `sudo -s cmd` and `sudo -i cmd` hand the command to a shell.
      result.bodies.push({ code: joinWords(args.slice(start)), via: 'sudo -s' });
      return CONSUMED;
    }
    return inner(start);
  }
  switch (name) {
    case 'env':
      return unwrapEnv(args, current, result);
    case 'xargs': {
      const start = skipOptions(args, ['-I', '-n', '-P', '-L', '-s', '-d', '-E', '-a', '--max-args', '--max-procs', '--max-lines', '--max-chars', '--delimiter', '--eof', '--arg-file', '--replace']);
      return { words: start < args.length ? args.slice(start) : [literalWord('echo')], openEnded: true };
    }
    case 'eval':
      if (args.length === 0) return CONSUMED;
      result.bodies.push({ code: joinWords(args), via: 'eval' });
      return CONSUMED;
    case 'watch': {
      const start = skipOptions(args, ['-n', '-d', '--interval', '--differences', '-q', '--equexit']);
      if (args.slice(0, start).some((word) => word.text === '-x' || word.text === '--exec')) return inner(start);
      if (start >= args.length) return RUNS_ITSELF;
      result.bodies.push({ code: joinWords(args.slice(start)), via: 'watch' });
      return CONSUMED;
    }
    case 'find':
      unwrapFind(current, result);
      return CONSUMED;
    case 'trap': {
      // `trap 'code' EXIT` runs code later; trap itself still needs a rule.
      const [code] = args;
      if (code && !isOption(code)) result.bodies.push({ code, via: 'trap' });
      return RUNS_ITSELF;
    }
    case 'su': {
      // `su -c code [user]` runs code as another user: judged as su, and as the code.
      const at = args.findIndex((word) => word.text === '-c' || word.text === '--command');
      const code = at >= 0 ? args[at + 1] : undefined;
      if (code) result.bodies.push({ code, via: 'su -c' });
      return RUNS_ITSELF;
    }
    default:
      return SHELLS.has(name) ? unwrapShell(args, result, name) : RUNS_ITSELF;
  }
}

function unwrapEnv(args: ShellWord[], current: WrappedCommand, result: Unwrapped): UnwrapStep {
  let index = 0;
  while (index < args.length) {
    const word = args[index];
    if (isOption(word)) {
      const option = word.text;
      index += 1;
      if (option === '--') continue;
      if (option === '-S' || option.startsWith('--split-string')) {
        // `env -S 'rm -rf /'` splits its argument into a command line of its own.
        const code = option.includes('=') ? literalWord(option.slice(option.indexOf('=') + 1)) : args[index];
        if (!code) return RUNS_ITSELF;
        result.bodies.push({ code: joinWords([code, ...args.slice(index + (option.includes('=') ? 0 : 1))]), via: 'env -S' });
        return CONSUMED;
      }
      if (/^-(u|C)$/.test(option)) index += 1;
      continue;
    }
    const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(word.text);
    if (assignment) {
      result.assignedNames.push(assignment[1]);
      index += 1;
      continue;
    }
    if (word.dynamic && /^[A-Za-z_][A-Za-z0-9_]*=/.test(word.text)) {
      result.assignedNames.push(word.text.slice(0, word.text.indexOf('=')));
      index += 1;
      continue;
    }
    return { words: args.slice(index), openEnded: current.openEnded };
  }
  return RUNS_ITSELF;
}

/** `find … -exec cmd {} ;` runs cmd; find itself, with its other options, is judged as well. */
function unwrapFind(current: WrappedCommand, result: Unwrapped): void {
  const own: ShellWord[] = [];
  const words = current.words;
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index];
    if (word.dynamic || !/^-(exec|execdir|ok|okdir)$/.test(word.text)) {
      own.push(word);
      continue;
    }
    let end = index + 1;
    while (end < words.length && !(!words[end].dynamic && (words[end].text === ';' || words[end].text === '+'))) end += 1;
    const executed = words.slice(index + 1, end).map((arg) => (arg.text === '{}' ? { text: '{}', dynamic: true } : arg));
    const openEnded = words[end]?.text === '+';
    if (executed.length > 0) {
      const inner = unwrapCommand(executed);
      result.commands.push(...inner.commands.map((command) => ({ ...command, openEnded: command.openEnded || openEnded })));
      result.bodies.push(...inner.bodies);
      result.assignedNames.push(...inner.assignedNames);
      result.concerns.push(...inner.concerns);
    }
    own.push(word);
    index = end;
  }
  result.commands.push({ words: own, openEnded: current.openEnded });
}

/** `bash -c CODE`, `bash -lc CODE`; a shell given no code and no script reads commands from its input. */
function unwrapShell(args: ShellWord[], result: Unwrapped, name: string): UnwrapStep {
  let runsCode = false;
  let index = 0;
  while (index < args.length && !args[index].dynamic && /^[-+]/.test(args[index].text) && args[index].text !== '-') {
    const option = args[index].text;
    index += 1;
    if (option === '--') break;
    if (/^[-+]o$/.test(option) || option === '--rcfile' || option === '--init-file') index += 1;
    else if (/^-[a-zA-Z]*c/.test(option)) runsCode = true;
  }
  const operand = args[index];
  if (runsCode && operand) {
    result.bodies.push({ code: operand, via: `${name} -c` });
    return CONSUMED;
  }
  // A shell given no code and no script reads its commands from its input.
  if (!operand) result.concerns.push(`\`${name}\` runs commands from its input, which the rules cannot see.`);
  return RUNS_ITSELF;
}

/** What `eval` and `watch` run: their arguments joined by spaces. */
function joinWords(words: ShellWord[]): ShellWord {
  return { text: words.map((word) => word.text).join(' '), dynamic: words.some((word) => word.dynamic) };
}
