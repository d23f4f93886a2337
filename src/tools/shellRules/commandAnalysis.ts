// Everything a command line would run, from its syntax tree: every simple command in lists,
// pipelines, subshells, compound commands, substitutions and the code that wrappers run; every
// file it writes by redirection or tee; and every construct the rules cannot see through.
import * as path from 'path';
import type { BashParser, SyntaxNode } from './bashSyntax';
import { shellWord, type ShellWord } from './shellWords';
import { commandBaseName, unwrapCommand } from './wrappers';

export interface CommandPart {
  /** The command name first; wrappers removed. */
  words: ShellWord[];
  /** More arguments are added when it runs (xargs, `find -exec … +`). */
  openEnded: boolean;
}

export interface FileWrite {
  target: ShellWord;
  /** The directory a relative target is in; undefined after a `cd` the rules cannot follow. */
  cwd: string | undefined;
  /** `>`, `>>`, `tee`, … */
  how: string;
}

export interface CommandAnalysis {
  parts: CommandPart[];
  writes: FileWrite[];
  /** Why the command cannot be judged by rules alone: each one makes it ask. */
  concerns: string[];
}

const MAX_NESTING = 8;
const SUBSHELLS = new Set(['subshell', 'command_substitution', 'process_substitution', 'pipeline']);
/** Children of a command that are not its words. */
const NOT_WORDS = new Set(['variable_assignment', 'file_redirect', 'heredoc_redirect', 'herestring_redirect', 'comment']);
const WRITE_OPERATORS = new Set(['>', '>>', '>|', '&>', '&>>', '>&', '<>']);
// Names whose value decides which program runs or what it loads: setting one can turn an allowed
// command into another program.
const RISKY_NAME = /^(PATH|IFS|ENV|BASH_ENV|CDPATH|SHELLOPTS|BASHOPTS|GLOBIGNORE|PS4|PROMPT_COMMAND|LD_\w+|DYLD_\w+|NODE_OPTIONS|NODE_PATH|PYTHON\w*|PERL5?\w*|RUBY\w*|GIT_\w+|PAGER|\w+_PAGER|EDITOR|VISUAL|\w*_COMMAND|npm_config_\w+|BASH_FUNC_\S*)$/i;
// `${name}`, `${#name}` and the plain default, trim and replace forms; other forms (`${x@P}`,
// `${!x}`, `${a[i]}`, `${x:$n}`) can run code hidden in a variable.
const PLAIN_EXPANSION = /^\$\{#?(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]|[@*#?$!-])(?:(?::?[-=+?]|%%?|##?|\/\/?|\^\^?|,,?)[^$`{}[\]]*)?\}$/;

class Walker {
  readonly analysis: CommandAnalysis = { parts: [], writes: [], concerns: [] };

  constructor(
    private readonly parser: BashParser,
    private cwd: string | undefined,
    private readonly homeDir: string | undefined,
  ) {}

  concern(text: string): void {
    if (!this.analysis.concerns.includes(text)) this.analysis.concerns.push(text);
  }

  walkCode(code: string, depth: number): void {
    if (depth > MAX_NESTING) return this.concern('It nests shell code deeper than the rules follow.');
    if (/[^\s\\]\\\r?\n[^\s]/.test(code)) this.concern('A line continuation joins words, which the parser does not follow.');
    this.parser.parse(code, (root) => this.walk(root, depth));
  }

  walk(node: SyntaxNode, depth: number): void {
    if (node.type === 'ERROR' || node.isMissing) this.concern('Part of it could not be parsed.');
    switch (node.type) {
      case 'command':
        return this.command(node, depth);
      case 'file_redirect':
        this.redirect(node);
        break;
      case 'heredoc_body':
        if (node.namedChildren.some((child) => child.type !== 'heredoc_content')) this.concern('A here-document expands variables or commands.');
        break;
      case 'expansion':
        if (!PLAIN_EXPANSION.test(node.text)) this.concern(`\`${node.text}\` can run code hidden in a variable.`);
        break;
      case 'arithmetic_expansion':
      case 'subscript':
        this.arithmetic(node);
        break;
      case 'compound_statement':
        if (node.firstChild?.type === '((') this.arithmetic(node);
        break;
      case 'test_command':
        if (/\s-(eq|ne|lt|le|gt|ge)\s/.test(node.text)) this.arithmetic(node);
        break;
      case 'function_definition':
        this.concern('It defines a shell function, which later commands would run instead of the program.');
        break;
      case 'variable_assignment':
        this.assignment(node.firstChild?.text ?? '');
        break;
      case 'declaration_command':
        this.declaration(node);
        break;
    }
    // A `cd` in a subshell, a substitution or a pipeline does not move the shell itself.
    const cwdAfter = SUBSHELLS.has(node.type) ? this.cwd : undefined;
    for (const child of node.children) this.walk(child, depth);
    if (SUBSHELLS.has(node.type)) this.cwd = cwdAfter;
  }

  /** Bash evaluates the text of a variable used in arithmetic, and `a[$(cmd)]` in it runs cmd. */
  arithmetic(node: SyntaxNode): void {
    const usesVariable = (inner: SyntaxNode): boolean =>
      inner.type === 'variable_name' || inner.type === 'simple_expansion' || inner.type === 'expansion' || inner.children.some(usesVariable);
    if (usesVariable(node)) this.concern('Arithmetic on a variable can run commands hidden in its value.');
  }

  assignment(name: string): void {
    if (RISKY_NAME.test(name)) this.concern(`It sets \`${name}\`, which changes which programs run.`);
  }

  declaration(node: SyntaxNode): void {
    const options = node.namedChildren.filter((child) => child.type === 'word' && child.text.startsWith('-'));
    // -x exports and -r makes read-only; -i makes every later assignment arithmetic, -f and -n reach functions and names.
    if (options.some((option) => !/^-[xrga]+$/.test(option.text))) this.concern(`\`${node.text}\` changes how the shell treats names.`);
    for (const child of node.namedChildren) if (child.type === 'variable_name') this.assignment(child.text);
  }

  command(node: SyntaxNode, depth: number): void {
    const words: ShellWord[] = [];
    for (const child of node.children) {
      if (child.isNamed && !NOT_WORDS.has(child.type)) words.push(shellWord(child));
      this.walk(child, depth);
    }
    if (words.length === 0) return;
    if (words[0].dynamic) this.concern(`The command name \`${words[0].text}\` is only known when it runs.`);
    const unwrapped = unwrapCommand(words);
    unwrapped.concerns.forEach((text) => this.concern(text));
    unwrapped.assignedNames.forEach((name) => this.assignment(name));
    for (const part of unwrapped.commands) {
      this.analysis.parts.push(part);
      this.followEffects(part.words);
    }
    for (const body of unwrapped.bodies) {
      if (body.code.dynamic) this.concern(`The code run by \`${body.via}\` is only known when it runs.`);
      else this.walkCode(body.code.text, depth + 1);
    }
  }

  /** Files that tee and dd write, and the directory a `cd` moves to. */
  followEffects(words: ShellWord[]): void {
    const name = commandBaseName(words[0]?.text ?? '');
    const args = words.slice(1);
    if (name === 'tee') {
      for (const arg of args) if (arg.dynamic || !arg.text.startsWith('-')) this.analysis.writes.push({ target: arg, cwd: this.cwd, how: 'tee' });
    } else if (name === 'dd') {
      for (const arg of args) if (arg.text.startsWith('of=')) this.analysis.writes.push({ target: { ...arg, text: arg.text.slice(3) }, cwd: this.cwd, how: 'dd of=' });
    } else if (name === 'cd' || name === 'pushd' || name === 'popd') {
      this.cwd = this.changedDirectory(name, args);
    }
  }

  changedDirectory(name: string, args: ShellWord[]): string | undefined {
    const operands = args.filter((arg) => !arg.text.startsWith('-') || arg.dynamic);
    if (name === 'popd' || operands.length > 1 || args.some((arg) => arg.text === '-')) return undefined;
    const target = operands[0];
    if (!target) return this.homeDir;
    if (target.dynamic || this.cwd === undefined) return undefined;
    return resolveShellPath(target.text, this.cwd, this.homeDir);
  }

  redirect(node: SyntaxNode): void {
    const operator = node.children.find((child) => WRITE_OPERATORS.has(child.type) || child.type === '<' || child.type === '<&');
    if (!operator || !WRITE_OPERATORS.has(operator.type)) return;
    const destination = node.namedChildren.filter((child) => child.type !== 'file_descriptor').at(-1);
    if (!destination) return;
    // `2>&1` and `>&2` duplicate a descriptor; they write no file.
    if (operator.type === '>&' && (destination.type === 'number' || destination.text === '-')) return;
    this.analysis.writes.push({ target: shellWord(destination), cwd: this.cwd, how: operator.type });
  }
}

/** An absolute path for a static shell path: `~` is the home directory, relative paths are in `cwd`. */
export function resolveShellPath(text: string, cwd: string, homeDir: string | undefined): string | undefined {
  if (text === '~' || text.startsWith('~/')) return homeDir === undefined ? undefined : path.posix.join(homeDir, text.slice(1));
  if (text.startsWith('~')) return undefined;
  return path.posix.resolve(cwd, text);
}

export function analyseCommand(parser: BashParser, command: string, cwd: string, homeDir: string | undefined): CommandAnalysis {
  const walker = new Walker(parser, cwd, homeDir);
  walker.walkCode(command, 0);
  return walker.analysis;
}
