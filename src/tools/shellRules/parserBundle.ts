// Everything that needs web-tree-sitter, in one bundle (dist/shellParser.js) loaded on the first
// command to judge, so activation never pays for it. The two WebAssembly files sit beside the
// bundle in dist/; in development and tests they are read from node_modules.
import * as fs from 'fs';
import * as path from 'path';
import { Language, Parser } from 'web-tree-sitter';
import type { BashParser } from './bashSyntax';

const RUNTIME_WASM = { file: 'web-tree-sitter.wasm', fromPackage: 'web-tree-sitter/web-tree-sitter.wasm' };
const BASH_WASM = { file: 'tree-sitter-bash.wasm', fromPackage: 'tree-sitter-bash/tree-sitter-bash.wasm' };

function locate(wasm: { file: string; fromPackage: string }): string {
  const bundled = path.join(__dirname, wasm.file);
  return fs.existsSync(bundled) ? bundled : require.resolve(wasm.fromPackage);
}

export async function createBashParser(): Promise<BashParser> {
  await Parser.init({ locateFile: () => locate(RUNTIME_WASM) });
  const bash = await Language.load(locate(BASH_WASM));
  const parser = new Parser();
  parser.setLanguage(bash);
  return {
    parse(text, read) {
      const tree = parser.parse(text);
      if (!tree) throw new Error('The shell parser returned no tree.');
      try {
        return read(tree.rootNode);
      } finally {
        tree.delete();
      }
    },
  };
}
