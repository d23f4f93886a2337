// Rules in the form Claude Code users know: `git status` matches that command exactly, `npm run
// test:*` matches it followed by any arguments, `rm:*` matches every rm. A rule matches one part
// of a parsed command, in a normal form where `rm -rf`, `rm -fr`, `rm -r -f` and
// `rm --recursive --force` are the same command.
import type { CommandPart } from './commandAnalysis';
import type { ShellWord } from './shellWords';
import { commandBaseName } from './wrappers';

export type RuleList = 'allow' | 'ask' | 'deny';

export interface CommandRules {
  allow: readonly string[];
  ask: readonly string[];
  deny: readonly string[];
  /** Timeouts in seconds for commands a rule matches (as an allow rule would), by rule. */
  timeouts?: Readonly<Record<string, number>>;
}

export interface CommandRule {
  list: RuleList;
  /** As the user wrote it. */
  pattern: string;
  words: string[];
  /** `:*` or a trailing ` *`: any arguments may follow. */
  prefix: boolean;
}

/** The body of a rule and whether it is a prefix; `Bash(…)` around it is accepted. */
export function splitRulePattern(pattern: string): { body: string; prefix: boolean } {
  let body = pattern.trim();
  const wrapped = /^Bash\((.*)\)$/s.exec(body);
  if (wrapped) body = wrapped[1].trim();
  for (const suffix of [':*', ' *']) {
    if (body.endsWith(suffix)) return { body: body.slice(0, -suffix.length).trim(), prefix: true };
  }
  return { body, prefix: false };
}

// Commands whose options are long words after one dash (`find -name`): never split into letters.
const SINGLE_DASH_WORDS = new Set(['find', 'java', 'javac', 'gcc', 'g++', 'cc', 'clang', 'clang++', 'go', 'ffmpeg', 'tsc']);
// Long options and capital letters that mean the same as a short option, per command.
const OPTION_ALIASES: Record<string, Record<string, string>> = {
  rm: { '--recursive': '-r', '-R': '-r', '--force': '-f', '--dir': '-d', '--verbose': '-v', '--interactive': '-i', '--no-preserve-root': '--no-preserve-root' },
  cp: { '--recursive': '-r', '-R': '-r', '--force': '-f' },
  mv: { '--force': '-f' },
  chmod: { '--recursive': '-R' },
  chown: { '--recursive': '-R' },
  chgrp: { '--recursive': '-R' },
  git: { '--force': '-f' },
};

type Token = { kind: 'flags'; atoms: string[] } | { kind: 'operand'; word: ShellWord };

/** One long option, by its full name or an abbreviation that GNU getopt would accept (`--rec`). */
function longOption(option: string, aliases: Record<string, string>): string {
  const [name, value] = option.split(/=(.*)/s, 2);
  const full = aliases[name] ? name : soleCompletion(name, Object.keys(aliases));
  const mapped = full ? aliases[full] : name;
  return value === undefined ? mapped : `${mapped}=${value}`;
}

function soleCompletion(abbreviation: string, names: string[]): string | undefined {
  if (abbreviation.length < 3) return undefined;
  const matches = names.filter((name) => name.startsWith('--') && name.startsWith(abbreviation));
  return matches.length === 1 ? matches[0] : undefined;
}

function optionAtoms(option: string, command: string): string[] {
  const aliases = OPTION_ALIASES[command] ?? {};
  if (option.startsWith('--')) return [longOption(option, aliases)];
  if (SINGLE_DASH_WORDS.has(command) || !/^-[A-Za-z]+$/.test(option)) return [aliases[option] ?? option];
  return [...option.slice(1)].map((letter) => aliases[`-${letter}`] ?? `-${letter}`);
}

/** `//`, `/./` and a trailing `/` say the same path as without them. */
function normalPath(text: string): string {
  if (!text.includes('/')) return text;
  const normal = text.replace(/\/+/g, '/').replace(/\/(\.\/)+/g, '/').replace(/\/\.$/, '/');
  return normal.length > 1 && normal.endsWith('/') ? normal.slice(0, -1) : normal;
}

function tokens(args: readonly ShellWord[], command: string): Token[] {
  const result: Token[] = [];
  let optionsEnded = false;
  for (const word of args) {
    if (!word.dynamic && !optionsEnded && word.text === '--') {
      optionsEnded = true;
    } else if (!word.dynamic && !optionsEnded && word.text.startsWith('-') && word.text !== '-') {
      const atoms = optionAtoms(word.text, command);
      const last = result.at(-1);
      if (last?.kind === 'flags') last.atoms.push(...atoms);
      else result.push({ kind: 'flags', atoms });
    } else {
      result.push({ kind: 'operand', word: word.dynamic ? word : { text: normalPath(word.text), dynamic: false } });
    }
  }
  for (const token of result) if (token.kind === 'flags') token.atoms = [...new Set(token.atoms)].sort();
  return result;
}

const isSubset = (small: string[], large: string[]): boolean => small.every((atom) => large.includes(atom));

function ruleTokens(rule: CommandRule): Token[] {
  return tokens(rule.words.slice(1).map((text) => ({ text, dynamic: false })), commandBaseName(rule.words[0]));
}

/**
 * Whether an allow rule covers a part, strictly: the name as written (`/bin/rm` is not `rm`, and
 * `./npm` is not `npm`), the same options between the same operands, nothing dynamic.
 */
export function allowRuleMatches(rule: CommandRule, part: CommandPart): boolean {
  const [name, ...args] = part.words;
  if (!name || name.dynamic || name.text !== rule.words[0]) return false;
  if (part.openEnded && !rule.prefix) return false;
  const want = ruleTokens(rule);
  const have = tokens(args, commandBaseName(name.text));
  if (rule.prefix ? have.length < want.length : have.length !== want.length) return false;
  return want.every((token, index) => {
    const other = have[index];
    if (token.kind === 'operand') return other.kind === 'operand' && !other.word.dynamic && other.word.text === token.word.text;
    if (other.kind !== 'flags') return false;
    const lastOfPrefix = rule.prefix && index === want.length - 1;
    return lastOfPrefix ? isSubset(token.atoms, other.atoms) : token.atoms.join(' ') === other.atoms.join(' ');
  });
}

export type DenyMatch = 'yes' | 'maybe' | 'no';

/**
 * Whether a deny or ask rule covers a part, leniently: the program by its file name, the rule's
 * options among the part's wherever they stand, the rule's operands in order with anything
 * between them. A dynamic word or added arguments that could complete the match make it `maybe`.
 */
export function denyRuleMatches(rule: CommandRule, part: CommandPart): DenyMatch {
  const [name, ...args] = part.words;
  if (!name || name.dynamic || commandBaseName(name.text) !== commandBaseName(rule.words[0])) return 'no';
  const want = ruleTokens(rule);
  const have = tokens(args, commandBaseName(name.text));
  const flags = (list: Token[]) => list.flatMap((token) => (token.kind === 'flags' ? token.atoms : []));
  const wantOperands = want.flatMap((token) => (token.kind === 'operand' ? [token.word.text] : []));
  const haveOperands = have.flatMap((token) => (token.kind === 'operand' ? [token.word] : []));
  // The rule's operands in order, with anything between them: `git -C . push --force` still
  // pushes with force. A dynamic word could be any of them.
  let matched = 0;
  let lastMatch = -1;
  haveOperands.forEach((word, index) => {
    if (!word.dynamic && matched < wantOperands.length && word.text === wantOperands[matched]) {
      matched += 1;
      lastMatch = index;
    }
  });
  const unsure = part.openEnded || haveOperands.some((word) => word.dynamic);
  if (matched < wantOperands.length) return unsure ? 'maybe' : 'no';
  if (!rule.prefix) {
    const after = haveOperands.slice(lastMatch + 1);
    if (after.some((word) => !word.dynamic)) return 'no';
    if (after.length > 0 || part.openEnded) return 'maybe';
  }
  if (isSubset(flags(want), flags(have))) return 'yes';
  return unsure ? 'maybe' : 'no';
}
