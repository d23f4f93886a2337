// Compares the shell parsers considered for command rules, on one corpus in one run: which finds
// every simple command, their shipped size, load time and parse time. shell-quote, the smallest,
// is the baseline of the ratios. The candidates are installed in a folder of their own, so the
// extension depends only on the one chosen:
//   mkdir -p /tmp/parsers && npm install --prefix /tmp/parsers --ignore-scripts sh-syntax shell-quote web-tree-sitter tree-sitter-bash
//   node scripts/benchShellParsers.mjs /tmp/parsers
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const folder = path.resolve(process.argv[2] ?? '/tmp/parsers');
const require = createRequire(path.join(folder, 'node_modules', 'bench.js'));

// Each command with the names of the simple commands a shell would run, in any order.
const CORPUS = [
  ['npm test', ['npm']],
  ['git log --oneline | head', ['git', 'head']],
  ['ls -la && git status', ['ls', 'git']],
  ['rm -fr / || echo failed', ['rm', 'echo']],
  ['# comment\nrm -rf /', ['rm']],
  ['a; b & c', ['a', 'b', 'c']],
  ['(cd src && ls) | wc -l', ['cd', 'ls', 'wc']],
  ['{ a; b; } > out.txt', ['a', 'b']],
  ['echo $(rm -rf /)', ['echo', 'rm']],
  ['echo `rm -rf /`', ['echo', 'rm']],
  ['echo "$(id) and `whoami`"', ['echo', 'id', 'whoami']],
  ['diff <(ls a) <(ls b)', ['diff', 'ls', 'ls']],
  ['ls | tee >(grep x) > /dev/null', ['ls', 'tee', 'grep']],
  ['if true; then rm x; fi', ['true', 'rm']],
  ['for f in $(ls); do echo "$f"; done', ['ls', 'echo']],
  ['while read l; do echo "$l"; done < in.txt', ['read', 'echo']],
  ["git show > ~/.ssh/id_rsa", ['git']],
  ["x=$(date) && echo $x", ['date', 'echo']],
  ["echo 'rm -rf /'", ['echo']],
  ["r''m -rf / ; \"rm\" -fr /", ['rm', 'rm']],
  ['cat <<EOF\n$(id)\nEOF', ['cat', 'id']],
  ['npm test 2>&1 | tee log.txt', ['npm', 'tee']],
  ['echo $(echo $(echo deep))', ['echo', 'echo', 'echo']],
  ['! grep -q x file || exit 1', ['grep', 'exit']],
];

const CANDIDATES = {
  'shell-quote': {
    packages: ['shell-quote'],
    shipped: ['shell-quote/index.js', 'shell-quote/parse.js', 'shell-quote/quote.js'],
    async load() {
      const { parse } = require('shell-quote');
      return (text) => {
        // Tokens only: commands are the runs of words between operators.
        const names = [];
        let atStart = true;
        for (const token of parse(text, (name) => `$${name}`)) {
          if (typeof token === 'object' && 'op' in token) atStart = true;
          else if (typeof token === 'string' && atStart) {
            names.push(token);
            atStart = false;
          }
        }
        return names;
      };
    },
  },
  'sh-syntax': {
    packages: ['sh-syntax'],
    shipped: ['sh-syntax/main.wasm', 'sh-syntax/lib/index.cjs', 'sh-syntax/vendors/wasm_exec.cjs'],
    async load() {
      const { parse } = require('sh-syntax');
      await parse('true');
      return async (text) => {
        const names = [];
        const visit = (node) => {
          if (Array.isArray(node)) return node.forEach(visit);
          if (!node || typeof node !== 'object') return;
          if (Array.isArray(node.Args) && node.Args[0]) names.push(node.Args[0].Parts?.map((part) => part.Value ?? '').join('') ?? '?');
          Object.values(node).forEach(visit);
        };
        try {
          visit(await parse(text));
        } catch {
          return undefined;
        }
        return names;
      };
    },
  },
  'web-tree-sitter + tree-sitter-bash': {
    packages: ['web-tree-sitter', 'tree-sitter-bash'],
    shipped: ['web-tree-sitter/web-tree-sitter.cjs', 'web-tree-sitter/web-tree-sitter.wasm', 'tree-sitter-bash/tree-sitter-bash.wasm'],
    async load() {
      const { Parser, Language } = require('web-tree-sitter');
      await Parser.init();
      const parser = new Parser();
      parser.setLanguage(await Language.load(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm')));
      return (text) => {
        const root = parser.parse(text).rootNode;
        if (root.hasError) return undefined;
        return root.descendantsOfType('command').map((command) => command.childForFieldName('name')?.text.replace(/['"]/g, '') ?? '?');
      };
    },
  },
};

function directorySize(directory) {
  let total = 0;
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    total += entry.isDirectory() ? directorySize(full) : fs.statSync(full).size;
  }
  return total;
}

const kb = (bytes) => `${Math.round(bytes / 1024)} KB`;
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
const sameNames = (found, expected) => found !== undefined && [...found].sort().join(' ') === [...expected].sort().join(' ');

async function measureLoad(name) {
  const started = performance.now();
  await CANDIDATES[name].load();
  return performance.now() - started;
}

async function main() {
  const child = process.argv[3];
  if (child) {
    // One cold load in a fresh process.
    process.stdout.write(String(await measureLoad(child)));
    return;
  }
  const rows = [];
  for (const [name, candidate] of Object.entries(CANDIDATES)) {
    const parse = await candidate.load();
    const results = await Promise.all(CORPUS.map(async ([text, names]) => sameNames(await parse(text), names)));
    const loads = [0, 1, 2, 3, 4].map(() => Number(execFileSync(process.execPath, [process.argv[1], folder, name])));
    const rounds = name === 'sh-syntax' ? 3 : 200;
    const started = performance.now();
    for (let round = 0; round < rounds; round += 1) for (const [text] of CORPUS) await parse(text);
    const perParse = (performance.now() - started) / (rounds * CORPUS.length);
    const modules = path.join(folder, 'node_modules');
    const installed = candidate.packages.reduce((sum, pkg) => sum + directorySize(path.join(modules, pkg)), 0);
    const shipped = candidate.shipped.reduce((sum, file) => sum + fs.statSync(path.join(modules, file)).size, 0);
    rows.push({ name, correct: results.filter(Boolean).length, installed, shipped, load: median(loads), perParse });
  }
  const baseline = rows[0];
  console.log(`Corpus: ${CORPUS.length} command lines. Ratios are against ${baseline.name}, measured in the same run.\n`);
  console.log('| parser | commands found right | installed | shipped | cold load (median of 5) | parse, per command line |');
  console.log('|---|---|---|---|---|---|');
  for (const row of rows) {
    console.log(`| ${row.name} | ${row.correct} of ${CORPUS.length} | ${kb(row.installed)} | ${kb(row.shipped)} | ${row.load.toFixed(1)} ms (×${(row.load / baseline.load).toFixed(1)}) | ${(row.perParse * 1000).toFixed(0)} µs (×${(row.perParse / baseline.perParse).toFixed(1)}) |`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
