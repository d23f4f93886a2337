// The parser as the rules see it: a tree-sitter-bash syntax tree, loaded on first use.
import type { Node } from 'web-tree-sitter';

export type SyntaxNode = Node;

export interface BashParser {
  /**
   * Reads the syntax tree of a command line, which lives only during `read`: its memory is in
   * WebAssembly and is freed after. Never throws on bad syntax: the tree holds ERROR nodes.
   */
  parse<T>(text: string, read: (root: SyntaxNode) => T): T;
}

let loading: Promise<BashParser> | undefined;

/** The one parser, loaded on the first call: its bundle and WebAssembly stay out of activation. */
export function loadBashParser(): Promise<BashParser> {
  loading ??= import('./parserBundle').then((bundle) => bundle.createBashParser());
  loading.catch(() => (loading = undefined));
  return loading;
}
