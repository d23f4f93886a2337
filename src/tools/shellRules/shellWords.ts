// The value a shell word has before it runs, when the text alone decides it: quotes removed,
// escapes applied, `$'…'` decoded. A word whose value depends on the running shell (a variable,
// a substitution, a glob or a brace expansion) is dynamic, and rules never trust what it says.
import type { SyntaxNode } from './bashSyntax';

export interface ShellWord {
  /** The value for a static word; the source text for a dynamic one. */
  text: string;
  dynamic: boolean;
}

interface Piece {
  value: string;
  /** Unquoted text, where globs and braces expand. */
  bare: boolean;
}

/** The word a syntax node stands for. */
export function shellWord(node: SyntaxNode): ShellWord {
  const pieces = wordPieces(node);
  if (!pieces) return { text: node.text, dynamic: true };
  const text = pieces.map((piece) => piece.value).join('');
  const bare = pieces.filter((piece) => piece.bare).map((piece) => piece.value).join('');
  return { text, dynamic: expandsFurther(bare) };
}

/** A literal word, as wrappers such as `env -S` produce them. */
export function literalWord(text: string): ShellWord {
  return { text, dynamic: false };
}

// Unquoted `*`, `?` and `[…]` are globs; `{a,b}` and `{1..3}` are brace expansions: either may
// become several words, or other words than written.
function expandsFurther(bare: string): boolean {
  return /[*?]|\[.*\]/.test(bare) || /\{[^{}]*(,|\.\.)[^{}]*\}/.test(bare);
}

function wordPieces(node: SyntaxNode): Piece[] | undefined {
  switch (node.type) {
    case 'command_name':
      return node.namedChildren.length === 1 && node.namedChildren[0] ? wordPieces(node.namedChildren[0]) : undefined;
    case 'word':
      return [{ value: unescapeBare(node.text), bare: true }];
    case 'number':
      return [{ value: node.text, bare: true }];
    case 'raw_string':
      return [{ value: node.text.slice(1, -1), bare: false }];
    case 'ansi_c_string':
      return [{ value: decodeAnsiC(node.text.slice(2, -1)), bare: false }];
    case 'string':
    case 'translated_string':
      return stringPieces(node);
    case 'concatenation': {
      const pieces: Piece[] = [];
      for (const child of node.children) {
        const own = wordPieces(child);
        if (!own) return undefined;
        pieces.push(...own);
      }
      return pieces;
    }
    default:
      return undefined;
  }
}

function stringPieces(node: SyntaxNode): Piece[] | undefined {
  const string = node.type === 'translated_string' ? node.namedChildren[0] : node;
  if (!string || string.type !== 'string') return undefined;
  let value = '';
  for (const child of string.children) {
    if (child.type === '"') continue;
    if (child.type !== 'string_content') return undefined;
    value += child.text.replace(/\\([$`"\\\n])/g, (_all, escaped: string) => (escaped === '\n' ? '' : escaped));
  }
  return [{ value, bare: false }];
}

/** Outside quotes a backslash keeps the next character as it is, and a backslash-newline vanishes. */
function unescapeBare(text: string): string {
  return text.replace(/\\([\s\S])/g, (_all, escaped: string) => (escaped === '\n' ? '' : escaped));
}

const ANSI_C_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };

/** Bash's `$'…'` escapes: `\x72`, `\162`, `\u0072`, `\cA` and the letters. */
export function decodeAnsiC(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|[0-7]{1,3}|c.|[\s\S])/g, (all, escape: string) => {
    const kind = escape[0];
    if (kind === 'x' || kind === 'u' || kind === 'U') return String.fromCodePoint(parseInt(escape.slice(1), 16));
    if (/[0-7]/.test(kind)) return String.fromCharCode(parseInt(escape, 8) & 0xff);
    if (kind === 'c' && escape.length === 2) return String.fromCharCode(escape.charCodeAt(1) & 0x1f);
    return ANSI_C_ESCAPES[escape] ?? all;
  });
}
