// Two bundles: the extension host (Node, CommonJS) and the chat webview (browser).
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints errors in the form the `$esbuild-watch` problem matcher reads. @type {import('esbuild').Plugin} */
const esbuildProblemMatcherPlugin = {
  name: 'esbuild-problem-matcher',
  setup(build) {
    build.onStart(() => {
      console.log('[watch] build started');
    });
    build.onEnd((result) => {
      result.errors.forEach(({ text, location }) => {
        console.error(`✘ [ERROR] ${text}`);
        if (location == null) return;
        console.error(`    ${location.file}:${location.line}:${location.column}:`);
      });
      console.log('[watch] build finished');
    });
  },
};

/**
 * Two parts load later, each its own bundle, so activation never pays for parsing them: the chat
 * (`dist/chat.js`: engine, history, panel, commands), composed when the view resolves or a command
 * runs, and the HTTP client (`dist/client.js`: undici and the stream parser), on the first request.
 * @type {import('esbuild').Plugin}
 */
const lazyBundlesPlugin = {
  name: 'lazy-bundles',
  setup(build) {
    build.onResolve({ filter: /^\.\/compose$/ }, (args) =>
      args.importer.endsWith(path.join('src', 'extension.ts')) ? { path: './chat.js', external: true } : undefined,
    );
    build.onResolve({ filter: /^\.\/api\/clientBundle$/ }, (args) =>
      args.importer.endsWith(path.join('src', 'compose.ts')) ? { path: './client.js', external: true } : undefined,
    );
  },
};

/**
 * The shell parser for command rules (web-tree-sitter) is its own bundle too, `dist/shellParser.js`,
 * loaded on the first command to judge; its two WebAssembly files are copied beside it.
 * @type {import('esbuild').Plugin}
 */
const lazyShellParserPlugin = {
  name: 'lazy-shell-parser',
  setup(build) {
    build.onResolve({ filter: /^\.\/parserBundle$/ }, (args) =>
      args.importer.endsWith(path.join('shellRules', 'bashSyntax.ts')) ? { path: './shellParser.js', external: true } : undefined,
    );
    // The CommonJS build: the ES module one finds its WebAssembly through import.meta.url.
    build.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: require.resolve('web-tree-sitter') }));
    build.onEnd(() => {
      for (const wasm of ['web-tree-sitter/web-tree-sitter.wasm', 'tree-sitter-bash/tree-sitter-bash.wasm']) {
        fs.copyFileSync(require.resolve(wasm), path.join('dist', path.basename(wasm)));
      }
    });
  },
};

/**
 * The page highlights code in a worker started from a Blob: `import source from
 * 'highlight-worker-source'` is the worker's own bundle, as text.
 * @type {import('esbuild').Plugin}
 */
const highlightWorkerPlugin = {
  name: 'highlight-worker',
  setup(build) {
    build.onResolve({ filter: /^highlight-worker-source$/ }, () => ({ path: 'highlightWorker', namespace: 'highlight-worker' }));
    build.onLoad({ filter: /.*/, namespace: 'highlight-worker' }, async () => {
      const result = await esbuild.build({
        entryPoints: ['src/webview/page/markdown/highlightWorker.ts'],
        bundle: true,
        format: 'iife',
        platform: 'browser',
        target: ['chrome120'],
        minify: production,
        legalComments: production ? 'none' : 'inline',
        write: false,
        metafile: true,
        logLevel: 'silent',
      });
      return { contents: result.outputFiles[0].text, loader: 'text', watchFiles: Object.keys(result.metafile.inputs).map((file) => path.resolve(file)) };
    });
  },
};

/**
 * `import * as vscode from 'vscode'` (and the same of Node's own modules) is bundled as
 * `__toESM(require('vscode'))`, which copies every one of the API's hundreds of exports into a new
 * object, once per importing module, at load: activation paid for it four times, the chat bundle
 * 34 times. Read as TypeScript's `import vscode = require('vscode')`, it is the plain `require`.
 * @type {import('esbuild').Plugin}
 */
const plainRequirePlugin = {
  name: 'plain-require',
  setup(build) {
    const namespaceImport = /^import \* as (\w+) from '(vscode|path|fs|os|crypto)';$/gm;
    build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      return { contents: source.replace(namespaceImport, "import $1 = require('$2');"), loader: 'ts' };
    });
  },
};

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  legalComments: production ? 'none' : 'inline',
  logLevel: 'silent',
  plugins: [esbuildProblemMatcherPlugin],
};

async function main() {
  // A production build must not leave a development build's source maps behind for the VSIX.
  if (!watch) fs.rmSync('dist', { recursive: true, force: true });
  const contexts = await Promise.all([
    esbuild.context({
      ...common,
      // The workspace snapshot's worker thread is loaded from beside the bundle that starts it.
      entryPoints: { extension: 'src/extension.ts', chat: 'src/compose.ts', client: 'src/api/clientBundle.ts', shellParser: 'src/tools/shellRules/parserBundle.ts', snapshotWorker: 'src/tools/snapshot/snapshotWorker.ts' },
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      outdir: 'dist',
      external: ['vscode'],
      plugins: [lazyBundlesPlugin, lazyShellParserPlugin, plainRequirePlugin, esbuildProblemMatcherPlugin],
    }),
    esbuild.context({
      ...common,
      entryPoints: { webview: 'src/webview/page/main.ts' },
      format: 'iife',
      platform: 'browser',
      target: ['chrome120'],
      outdir: 'dist',
      // The codicon font referenced by codicon.css becomes dist/codicon.ttf.
      loader: { '.ttf': 'file' },
      assetNames: '[name]',
      plugins: [highlightWorkerPlugin, esbuildProblemMatcherPlugin],
    }),
  ]);
  if (watch) {
    await Promise.all(contexts.map((ctx) => ctx.watch()));
  } else {
    await Promise.all(contexts.map((ctx) => ctx.rebuild()));
    await Promise.all(contexts.map((ctx) => ctx.dispose()));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
