// Whether a command runs without asking, asks, or is blocked: from the command text and the
// user's rules only, so a model can never mark its own command safe. Deny wins over ask, ask over
// allow; one denied part blocks the whole command; what no allow rule covers asks.
import { analyseCommand, resolveShellPath, type CommandAnalysis, type CommandPart, type FileWrite } from './commandAnalysis';
import { loadBashParser, type BashParser, type SyntaxNode } from './bashSyntax';
import { allowRuleMatches, denyRuleMatches, splitRulePattern, type CommandRule, type CommandRules, type RuleList } from './commandRules';
import { shellWord, type ShellWord } from './shellWords';
import { commandBaseName } from './wrappers';

export type CommandOutcome = 'allow' | 'ask' | 'deny';

export interface CommandContext {
  /** The shell's working directory, absolute. */
  cwd: string;
  /** For `~`; without it a path under `~` counts as outside the workspace. */
  homeDir?: string;
  isInsideWorkspace(absolutePath: string): boolean;
  isSensitive(absolutePath: string): boolean;
}

export interface DecidingRule {
  list: RuleList;
  pattern: string;
}

export interface PartVerdict {
  /** The part as it runs, wrappers removed. */
  command: string;
  outcome: CommandOutcome;
  rule?: DecidingRule;
  reason: string;
}

export interface CommandDecision {
  outcome: CommandOutcome;
  /** One sentence for the card: which rule decided, or why it asks. */
  reason: string;
  rule?: DecidingRule;
  parts: PartVerdict[];
  /** Every reason to ask that is not a part's: syntax, expansions, writes. */
  concerns: string[];
  /** Rules that are not one plain command and so match nothing. */
  ignoredRules: string[];
  /** The longest timeout a rule of `timeouts` sets for one of the command's parts. */
  timeout?: { seconds: number; pattern: string };
}

export async function decideCommand(command: string, rules: CommandRules, context: CommandContext): Promise<CommandDecision> {
  return decideWithParser(await loadBashParser(), command, rules, context);
}

export function decideWithParser(parser: BashParser, command: string, rules: CommandRules, context: CommandContext): CommandDecision {
  const { parsed, ignoredRules } = parseRules(parser, rules);
  const analysis = analyseCommand(parser, command, context.cwd, context.homeDir);
  const concerns = [...analysis.concerns, ...writeConcerns(analysis, context)];
  const parts = analysis.parts.map((part) => judgePart(part, parsed));
  const timeout = ruleTimeout(parser, analysis.parts, rules.timeouts ?? {}, ignoredRules);
  return { ...combine(parts, concerns), parts, concerns, ignoredRules, ...(timeout && { timeout }) };
}

/** The longest of the timeouts whose rules match a part; a pattern that is no command is ignored. */
function ruleTimeout(parser: BashParser, parts: readonly CommandPart[], timeouts: Readonly<Record<string, number>>, ignoredRules: string[]): CommandDecision['timeout'] {
  let longest: CommandDecision['timeout'];
  for (const [pattern, seconds] of Object.entries(timeouts)) {
    if (typeof seconds !== 'number' || !(seconds > 0)) continue;
    const { body, prefix } = splitRulePattern(pattern);
    const words = ruleWords(parser, body);
    if (!words) {
      ignoredRules.push(pattern);
      continue;
    }
    const rule: CommandRule = { list: 'allow', pattern, words, prefix };
    if (parts.some((part) => allowRuleMatches(rule, part)) && seconds > (longest?.seconds ?? 0)) longest = { seconds, pattern };
  }
  return longest;
}

function combine(parts: PartVerdict[], concerns: string[]): Pick<CommandDecision, 'outcome' | 'reason' | 'rule'> {
  const denied = parts.find((part) => part.outcome === 'deny');
  if (denied) return { outcome: 'deny', rule: denied.rule, reason: `Blocked: \`${denied.command}\` ${denied.reason}.` };
  const askedByRule = parts.find((part) => part.outcome === 'ask' && part.rule);
  if (askedByRule) return { outcome: 'ask', rule: askedByRule.rule, reason: `Asks: \`${askedByRule.command}\` ${askedByRule.reason}.` };
  if (concerns.length > 0) return { outcome: 'ask', reason: `Asks: ${lowerFirst(concerns[0])}` };
  const asked = parts.find((part) => part.outcome === 'ask');
  if (asked) return { outcome: 'ask', reason: `Asks: \`${asked.command}\` ${asked.reason}.` };
  if (parts.length === 0) return { outcome: 'ask', reason: 'Asks: it runs no command that the rules can judge.' };
  const patterns = [...new Set(parts.map((part) => part.rule?.pattern ?? ''))];
  const reason = patterns.length === 1
    ? `Ran without asking: every part matched allow rule \`${patterns[0]}\`.`
    : `Ran without asking: every part matched an allow rule (${patterns.map((pattern) => `\`${pattern}\``).join(', ')}).`;
  return { outcome: 'allow', reason, rule: parts[0].rule };
}

function judgePart(part: CommandPart, rules: CommandRule[]): PartVerdict {
  const command = displayCommand(part.words);
  const maybe: CommandRule[] = [];
  for (const list of ['deny', 'ask'] as const) {
    for (const rule of rules.filter((candidate) => candidate.list === list)) {
      const match = denyRuleMatches(rule, part);
      if (match === 'yes') return { command, outcome: list, rule: { list, pattern: rule.pattern }, reason: `matched ${list} rule \`${rule.pattern}\`` };
      if (match === 'maybe') maybe.push(rule);
    }
  }
  const [unsure] = maybe;
  if (unsure) {
    return { command, outcome: 'ask', rule: { list: unsure.list, pattern: unsure.pattern }, reason: `may match ${unsure.list} rule \`${unsure.pattern}\` when it runs` };
  }
  const smuggled = rules.find((rule) => rule.list === 'deny' && runsInside(part, rule));
  if (smuggled) {
    return { command, outcome: 'ask', rule: { list: 'deny', pattern: smuggled.pattern }, reason: `may run a command that deny rule \`${smuggled.pattern}\` blocks` };
  }
  const allowing = rules.find((rule) => rule.list === 'allow' && allowRuleMatches(rule, part));
  if (allowing) return { command, outcome: 'allow', rule: { list: 'allow', pattern: allowing.pattern }, reason: `matched allow rule \`${allowing.pattern}\`` };
  return { command, outcome: 'ask', reason: 'matched no allow rule' };
}

/**
 * Whether the part's arguments hold a denied command, as a wrapper the rules do not know would
 * run it (`mywrapper rm -rf /`). It only makes the part ask: `echo rm -rf /` is harmless.
 */
function runsInside(part: CommandPart, rule: CommandRule): boolean {
  return part.words.slice(1).some((word, index) =>
    !word.dynamic && commandBaseName(word.text) === commandBaseName(rule.words[0]) && denyRuleMatches(rule, { ...part, words: part.words.slice(index + 1) }) === 'yes');
}

// Writing to these changes no file.
const HARMLESS_TARGETS = /^\/dev\/(null|stdout|stderr|tty|fd\/\d+)$/;

function writeConcerns(analysis: CommandAnalysis, context: CommandContext): string[] {
  return analysis.writes.flatMap((write: FileWrite) => {
    const shown = `\`${write.how} ${write.target.text}\``;
    if (write.target.dynamic) return [`${shown} writes to a path only known when it runs.`];
    if (HARMLESS_TARGETS.test(write.target.text)) return [];
    const isAbsolute = write.target.text.startsWith('/') || write.target.text.startsWith('~');
    if (write.cwd === undefined && !isAbsolute) return [`${shown} writes after a \`cd\` that the rules cannot follow.`];
    const absolute = resolveShellPath(write.target.text, write.cwd ?? context.cwd, context.homeDir);
    if (absolute === undefined || !context.isInsideWorkspace(absolute)) return [`${shown} writes outside the workspace.`];
    if (context.isSensitive(absolute)) return [`${shown} writes a sensitive file.`];
    return [];
  });
}

function parseRules(parser: BashParser, rules: CommandRules): { parsed: CommandRule[]; ignoredRules: string[] } {
  const parsed: CommandRule[] = [];
  const ignoredRules: string[] = [];
  for (const list of ['deny', 'ask', 'allow'] as const) {
    for (const pattern of rules[list]) {
      const { body, prefix } = splitRulePattern(pattern);
      const words = ruleWords(parser, body);
      if (words) parsed.push({ list, pattern, words, prefix });
      else ignoredRules.push(pattern);
    }
  }
  return { parsed, ignoredRules };
}

/** The words of a rule: one plain command of static words, or nothing. */
function ruleWords(parser: BashParser, body: string): string[] | undefined {
  return parser.parse(body, (root) => staticCommandWords(root));
}

function staticCommandWords(root: SyntaxNode): string[] | undefined {
  const [command, ...others] = root.namedChildren;
  if (root.hasError || !command || others.length > 0 || command.type !== 'command') return undefined;
  const nodes = command.namedChildren;
  if (nodes.some((node: SyntaxNode) => node.type.endsWith('redirect') || node.type === 'variable_assignment')) return undefined;
  const words: ShellWord[] = nodes.map(shellWord);
  return words.length > 0 && words.every((word) => !word.dynamic) ? words.map((word) => word.text) : undefined;
}

/** A part as the user would type it: words with spaces or shell characters quoted. */
function displayCommand(words: ShellWord[]): string {
  return words.map((word) => (word.dynamic || /^[\w@%+=:,./~{}-]+$/.test(word.text) ? word.text : `'${word.text.replace(/'/g, `'\\''`)}'`)).join(' ');
}

function lowerFirst(text: string): string {
  return text.startsWith('`') ? text : text.charAt(0).toLowerCase() + text.slice(1);
}
