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
 * The HTTP client (undici and the stream parser) is its own bundle, `dist/client.js`, which the
 * extension loads on the first request, so activation never pays for parsing it.
 * @type {import('esbuild').Plugin}
 */
const lazyClientPlugin = {
  name: 'lazy-client',
  setup(build) {
    build.onResolve({ filter: /^\.\/api\/clientBundle$/ }, (args) =>
      args.importer.endsWith(path.join('src', 'extension.ts')) ? { path: './client.js', external: true } : undefined,
    );
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
      entryPoints: { extension: 'src/extension.ts', client: 'src/api/clientBundle.ts', snapshotWorker: 'src/tools/snapshot/snapshotWorker.ts' },
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      outdir: 'dist',
      external: ['vscode'],
      plugins: [lazyClientPlugin, esbuildProblemMatcherPlugin],
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
