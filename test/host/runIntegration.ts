// Runs the integration tests (out/test/integration) inside a real VS Code extension host: code-server
// serves VS Code 1.100.3, Chromium opens it with the extension in development mode and the test
// runner as extensionTestsPath, and the workbench reports the runner's result to codeAutomationExit.
// Two windows run one after the other: one on a folder, then one on a multi-root workspace of two
// folders, where the runner picks the *.multiroot.test.js files.
//
//   node out/test/host/runIntegration.js [--extension DIR] [--tests MODULE] [--grep PATTERN] [--restricted]
//
// --restricted keeps workspace trust on and opens the folder untrusted (Restricted Mode), and runs
// only the tests for it (test/integration/restricted.test.ts).
//
// During the folder's run, a second workbench on the same folder runs test/integration/peerWindow.ts in an extension host of
// its own, for the two-window history test.
//
// A test asks for a screenshot of the workbench by writing `<name>.request` into
// $CLAUDE_ASSISTANT_SCREENSHOT_REQUESTS; the runner takes it (test-results/screenshots/<name>.png)
// and renames the request to `<name>.done` (see test/integration/screenshot.ts).
//
// Environment: CLAUDE_ASSISTANT_RESULTS (counts file, see test/reporter.ts),
// CLAUDE_ASSISTANT_HOST_TIMEOUT_MS (whole-run limit, default 15 minutes).
import * as fs from 'fs';
import * as path from 'path';
import { format } from 'util';
import { makeTempDir, withTimeout } from './cleanup';
import { CodeServer, ensureCodeServer, repoRoot } from './codeServer';
import { Workbench, type WorkbenchOptions } from './workbench';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

/** Printed by out/test/integration/index.js when mocha starts; see forwardLog. */
const startMarker = /^Running \d+ integration test files?/;
/** Workbench chatter that keeps coming while the tests run (the gallery is off on purpose). */
const workbenchNoise = /^(Updating additional builtin extensions cache|Ignoring fetching additional builtin extensions from gallery)/;

/**
 * The workbench sends its own log lines and, once the tests run, the extension host's console
 * (mocha's output, still as console.log's format arguments) to codeAutomationLog, with nothing
 * to tell them apart. Lines before the runner's start marker are the workbench starting up: held
 * back, and printed only when the run fails.
 */
function forwardLog(): { onLog: (type: string, args: unknown[]) => void; printHeldBack: () => void } {
  const heldBack: string[] = [];
  let streaming = false;
  return {
    onLog: (_type, args) => {
      const line = format(...args);
      if (!streaming && startMarker.test(line)) streaming = true;
      if (!streaming) heldBack.push(line);
      else if (!workbenchNoise.test(line)) console.log(line);
    },
    printHeldBack: () => {
      if (heldBack.length > 0) console.error(`----- workbench log -----\n${heldBack.join('\n')}\n----- end of workbench log -----`);
    },
  };
}

async function main(): Promise<number> {
  ensureCodeServer();
  const started = Date.now();
  const extensionPath = path.resolve(option('--extension') ?? repoRoot);
  const testsPath = path.resolve(option('--tests') ?? path.join(repoRoot, 'out', 'test', 'integration', 'index'));
  const timeoutMs = Number(process.env.CLAUDE_ASSISTANT_HOST_TIMEOUT_MS ?? 15 * 60_000);
  const restricted = process.argv.includes('--restricted');
  const grep = restricted ? 'Restricted Mode' : option('--grep');

  const manifest = JSON.parse(fs.readFileSync(path.join(extensionPath, 'package.json'), 'utf8')) as { main?: string };
  if (manifest.main && !fs.existsSync(path.resolve(extensionPath, manifest.main))) {
    console.error(`integration: ${manifest.main} is missing in ${extensionPath}; run \`npm run build\` first`);
    return 1;
  }
  if (!fs.existsSync(`${testsPath}.js`) && !fs.existsSync(path.join(testsPath, 'index.js'))) {
    console.error(`integration: ${testsPath} is not compiled; run \`npm run compile-tests\` first`);
    return 1;
  }

  const workspace = makeTempDir('claude-assistant-it-ws-');
  const peerDir = makeTempDir('claude-assistant-it-peer-');
  const screenshotRequests = path.join(peerDir.dir, 'screenshots');
  fs.mkdirSync(screenshotRequests);
  fs.writeFileSync(path.join(workspace.dir, 'README.md'), '# Integration test workspace\n');
  const multiRoot = makeMultiRootWorkspace();
  let server: CodeServer | undefined;
  let peer: Workbench | undefined;
  let code = 1;
  try {
    server = await CodeServer.start({
      folder: workspace.dir,
      workspaceTrust: restricted,
      env: { CLAUDE_ASSISTANT_PEER_DIR: peerDir.dir, CLAUDE_ASSISTANT_SCREENSHOT_REQUESTS: screenshotRequests, ...(grep ? { CLAUDE_ASSISTANT_GREP: grep } : {}), ...(restricted ? { CLAUDE_ASSISTANT_RESTRICTED: '1' } : {}) },
    });
    console.log(`integration: code-server ready on ${server.url} after ${seconds(started)}`);
    const window = { server, extensionDevelopmentPath: extensionPath, extensionTestsPath: testsPath, timeoutMs };
    // A second window on the same folder, for the two-window history test; it starts first and
    // waits for the test to tell it to go.
    if (!grep || /two windows/.test(grep)) {
      const peerTests = path.join(path.dirname(testsPath), 'peerWindow');
      peer = await Workbench.open({ server, folder: workspace.dir, extensionDevelopmentPath: extensionPath, extensionTestsPath: peerTests });
    }
    const single = await runWindow({ ...window, folder: workspace.dir }, 'integration-failure', screenshotRequests);
    // The second window ends once it has answered; it only has to, when its test ran.
    let peerCode = 0;
    if (peer && fs.existsSync(path.join(peerDir.dir, 'go'))) {
      peerCode = await withTimeout(peer.exitCode, 60_000, 'the second window').catch(() => 1);
      if (peerCode !== 0) console.error(`integration: the second window exited with ${peerCode}`);
    }
    await peer?.close();
    peer = undefined;
    const counts = readCounts();
    if (restricted) {
      // Restricted Mode's tests need one untrusted folder, no more.
      writeCounts(counts);
      code = single || peerCode;
    } else {
      console.log('integration: a multi-root workspace of two folders');
      let multi = await runWindow({ ...window, workspace: multiRoot.file }, 'integration-multiroot-failure');
      const multiCounts = readCounts();
      if (multi === 0 && !grep && multiCounts && multiCounts.passed + multiCounts.failed === 0) {
        console.error('integration: the multi-root window ran no tests');
        multi = 1;
      }
      writeCounts(counts, multiCounts);
      code = single || peerCode || multi;
    }
  } catch (error) {
    console.error(`integration: ${error instanceof Error ? error.message : String(error)}`);
    code = 1;
  } finally {
    if (code !== 0) server?.printLog();
    await peer?.close();
    await server?.stop();
    workspace.remove();
    peerDir.remove();
    multiRoot.remove();
  }
  console.log(`integration: exit ${code} after ${seconds(started)}`);
  return code;
}

/** Opens one workbench window that runs the tests, and returns the runner's exit code. */
async function runWindow(options: WorkbenchOptions & { timeoutMs: number }, screenshot: string, screenshotRequests?: string): Promise<number> {
  const log = forwardLog();
  let workbench: Workbench | undefined;
  let code = 1;
  try {
    workbench = await Workbench.open({ ...options, onLog: log.onLog });
    const opened = workbench;
    const screenshots = screenshotRequests ? setInterval(() => void takeRequestedScreenshots(opened, screenshotRequests), 200) : undefined;
    code = await withTimeout(workbench.exitCode, options.timeoutMs, 'the integration run').finally(() => clearInterval(screenshots));
  } catch (error) {
    console.error(`integration: ${error instanceof Error ? error.message : String(error)}`);
    code = 1;
  } finally {
    if (code !== 0) {
      log.printHeldBack();
      if (workbench) {
        await workbench.screenshot(screenshot).then((file) => console.error(`integration: screenshot ${file}`), () => undefined);
        if (workbench.consoleErrors.length > 0) console.error(`browser console errors:\n${workbench.consoleErrors.join('\n')}`);
      }
    }
    await workbench?.close();
  }
  return code;
}

/** Two folders and a .code-workspace file naming them, in one temp folder. */
function makeMultiRootWorkspace(): { file: string; remove: () => void } {
  const root = makeTempDir('claude-assistant-it-multi-');
  for (const name of ['first', 'second']) {
    fs.mkdirSync(path.join(root.dir, name));
    fs.writeFileSync(path.join(root.dir, name, 'README.md'), `# The ${name} folder\n`);
  }
  const file = path.join(root.dir, 'two-folders.code-workspace');
  fs.writeFileSync(file, JSON.stringify({ folders: [{ path: 'first' }, { path: 'second' }] }, null, 2));
  return { file, remove: root.remove };
}

type Counts = { passed: number; failed: number; pending: number };

/** What the reporter wrote to CLAUDE_ASSISTANT_RESULTS for the last window (see test/reporter.ts). */
function readCounts(): Counts | undefined {
  const file = process.env.CLAUDE_ASSISTANT_RESULTS;
  if (!file || !fs.existsSync(file)) return undefined;
  const counts = JSON.parse(fs.readFileSync(file, 'utf8')) as Counts;
  fs.rmSync(file);
  return counts;
}

function writeCounts(...windows: Array<Counts | undefined>): void {
  const file = process.env.CLAUDE_ASSISTANT_RESULTS;
  const found = windows.filter((counts): counts is Counts => counts !== undefined);
  if (!file || found.length === 0) return;
  const sum = (key: keyof Counts): number => found.reduce((total, counts) => total + counts[key], 0);
  fs.writeFileSync(file, JSON.stringify({ passed: sum('passed'), failed: sum('failed'), pending: sum('pending') }));
}

let takingScreenshots = false;
async function takeRequestedScreenshots(workbench: Workbench, dir: string): Promise<void> {
  if (takingScreenshots) return;
  takingScreenshots = true;
  try {
    for (const request of fs.readdirSync(dir).filter((file) => file.endsWith('.request'))) {
      const name = request.slice(0, -'.request'.length);
      console.log(`integration: screenshot ${await workbench.screenshot(name)}`);
      fs.renameSync(path.join(dir, request), path.join(dir, `${name}.done`));
    }
  } finally {
    takingScreenshots = false;
  }
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
