// `npm test`: every check at every level, then one line with the totals for the whole run.
// Plain JavaScript, so that it can report even when the TypeScript does not compile.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const resultsDir = path.join(root, 'test-results');
fs.mkdirSync(resultsDir, { recursive: true });

const steps = [
  { name: 'compile', command: 'npm run --silent compile-tests' },
  { name: 'typecheck', command: 'npm run --silent typecheck' },
  { name: 'lint', command: 'npm run --silent lint' },
  { name: 'unit', command: 'npx mocha --config test/unit/.mocharc.json', counted: true },
  { name: 'build and package', command: 'npm run --silent package' },
  { name: 'test host', command: 'bash scripts/setup-test-host.sh' },
  // The built chat page (dist/webview.js) in Chromium, with the VS Code API stubbed.
  { name: 'page', command: 'npx mocha --config test/page/.mocharc.json', counted: true },
  { name: 'integration', command: 'node out/test/host/runIntegration.js', counted: true },
  { name: 'integration in Restricted Mode', command: 'node out/test/host/runIntegration.js --restricted', counted: true },
  { name: 'e2e', command: 'node out/test/host/runE2e.js', counted: true },
];

let passed = 0;
let failed = 0;
const summary = [];
for (const step of steps) {
  const resultsFile = path.join(resultsDir, `${step.name.replace(/\W+/g, '-')}.json`);
  fs.rmSync(resultsFile, { force: true });
  console.log(`\n=== ${step.name}: ${step.command}`);
  const started = Date.now();
  const run = spawnSync(step.command, {
    cwd: root,
    shell: true,
    stdio: 'inherit',
    env: { ...process.env, CLAUDE_ASSISTANT_RESULTS: resultsFile },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = run.status === 0;
  if (step.counted && fs.existsSync(resultsFile)) {
    const counts = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    // A runner that failed without a failing test (a crash, a hang) still counts as one failure.
    const stepFailed = counts.failed || (ok ? 0 : 1);
    passed += counts.passed;
    failed += stepFailed;
    summary.push(`${step.name}: ${counts.passed} passed, ${stepFailed} failed (${seconds} s)`);
  } else {
    if (ok) passed += 1;
    else failed += 1;
    summary.push(`${step.name}: ${ok ? 'ok' : `FAILED (exit ${run.status ?? run.signal})`} (${seconds} s)`);
  }
}

console.log(`\n${summary.join('\n')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
