// Runs the end-to-end tests (out/test/e2e/**/*.e2e.js) with mocha in this Node process; each test
// file drives code-server + Chromium through test/e2e/fixture.ts, with the packaged VSIX installed.
//
//   node out/test/host/runE2e.js [--grep PATTERN]
//
// Environment: CLAUDE_ASSISTANT_RESULTS (counts file, see test/reporter.ts), CLAUDE_ASSISTANT_VSIX
// (default claude-assistant.vsix), CLAUDE_ASSISTANT_HOST_TIMEOUT_MS (whole-run limit, default 20 min).
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import Reporter from '../reporter';
import { ensureCodeServer, repoRoot } from './codeServer';
import { findTestFiles } from './testFiles';
import { vsixPath } from '../e2e/fixture';

function main(): void {
  ensureCodeServer();
  const vsix = vsixPath();
  if (!fs.existsSync(vsix)) {
    console.error(`e2e: ${path.relative(repoRoot, vsix)} is missing; run \`npm run package\` first`);
    process.exit(1);
  }
  const files = findTestFiles(path.join(repoRoot, 'out', 'test', 'e2e'), '.e2e.js');
  if (files.length === 0) {
    console.error('e2e: no compiled tests in out/test/e2e; run `npm run compile-tests` first');
    process.exit(1);
  }

  const started = Date.now();
  const timeoutMs = Number(process.env.CLAUDE_ASSISTANT_HOST_TIMEOUT_MS ?? 20 * 60_000);
  // Last resort against a hang mocha's own timeouts cannot catch: exiting runs the cleanup of
  // cleanup.ts (code-server process groups, temp folders) and Playwright's (Chromium).
  setTimeout(() => {
    console.error(`e2e: the run did not finish within ${timeoutMs / 1000} s; stopping`);
    process.exit(1);
  }, timeoutMs).unref();

  const mocha = new Mocha({ ui: 'bdd', reporter: Reporter, timeout: 120_000, slow: 30_000 });
  const grepIndex = process.argv.indexOf('--grep');
  if (grepIndex >= 0) mocha.grep(process.argv[grepIndex + 1]);
  for (const file of files) mocha.addFile(file);
  mocha.run((failures) => {
    console.log(`e2e: ${failures === 0 ? 'passed' : `${failures} failed`} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    // Explicit exit: a leftover handle (a keep-alive socket, say) must not keep the run alive.
    process.exit(failures === 0 ? 0 : 1);
  });
}

main();
