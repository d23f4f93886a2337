// Runs the integration tests (out/test/integration) inside a real VS Code extension host: code-server
// serves VS Code 1.100.3, Chromium opens it with the extension in development mode and the test
// runner as extensionTestsPath, and the workbench reports the runner's result to codeAutomationExit.
//
//   node out/test/host/runIntegration.js [--extension DIR] [--tests MODULE] [--grep PATTERN] [--restricted]
//
// --restricted keeps workspace trust on and opens the folder untrusted (Restricted Mode), and runs
// only the tests for it (test/integration/restricted.test.ts).
//
// A second workbench on the same folder runs test/integration/peerWindow.ts in an extension host of
// its own, for the two-window history test.
//
// A test asks for a screenshot of the workbench by writing `<name>.request` into
// $CLAUDE_ASSISTANT_SCREENSHOT_REQUESTS; the runner takes it (test-results/screenshots/<name>.png)
// and renames the request to `<name>.done` (see test/integration/screenshot.ts).
//
// Environment: CLAUDE_ASSISTANT_RESULTS (counts file, see test/reporter.ts),
// CLAUDE_ASSISTANT_HOST_TIMEOUT_MS (whole-run limit, default 5 minutes).
import * as fs from 'fs';
import * as path from 'path';
import { format } from 'util';
import { makeTempDir, withTimeout } from './cleanup';
import { CodeServer, ensureCodeServer, repoRoot } from './codeServer';
import { Workbench } from './workbench';

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
  const timeoutMs = Number(process.env.CLAUDE_ASSISTANT_HOST_TIMEOUT_MS ?? 5 * 60_000);
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
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;
  let peer: Workbench | undefined;
  const log = forwardLog();
  let code = 1;
  try {
    server = await CodeServer.start({
      folder: workspace.dir,
      workspaceTrust: restricted,
      env: { CLAUDE_ASSISTANT_PEER_DIR: peerDir.dir, CLAUDE_ASSISTANT_SCREENSHOT_REQUESTS: screenshotRequests, ...(grep ? { CLAUDE_ASSISTANT_GREP: grep } : {}), ...(restricted ? { CLAUDE_ASSISTANT_RESTRICTED: '1' } : {}) },
    });
    console.log(`integration: code-server ready on ${server.url} after ${seconds(started)}`);
    const peerTests = path.join(path.dirname(testsPath), 'peerWindow');
    if (!grep || /two windows/.test(grep)) {
      peer = await Workbench.open({ server, folder: workspace.dir, extensionDevelopmentPath: extensionPath, extensionTestsPath: peerTests });
    }
    workbench = await Workbench.open({
      server,
      folder: workspace.dir,
      extensionDevelopmentPath: extensionPath,
      extensionTestsPath: testsPath,
      onLog: log.onLog,
    });
    const opened = workbench;
    const screenshots = setInterval(() => void takeRequestedScreenshots(opened, screenshotRequests), 200);
    code = await withTimeout(workbench.exitCode, timeoutMs, 'the integration run').finally(() => clearInterval(screenshots));
    // The second window ends once it has answered; it only has to, when its test ran.
    if (peer && fs.existsSync(path.join(peerDir.dir, 'go'))) {
      const peerCode = await withTimeout(peer.exitCode, 60_000, 'the second window');
      if (peerCode !== 0) {
        console.error(`integration: the second window exited with ${peerCode}`);
        code = code || peerCode;
      }
    }
  } catch (error) {
    console.error(`integration: ${error instanceof Error ? error.message : String(error)}`);
    code = 1;
  } finally {
    if (code !== 0) {
      log.printHeldBack();
      if (workbench) {
        await workbench.screenshot('integration-failure').then((file) => console.error(`integration: screenshot ${file}`), () => undefined);
        if (workbench.consoleErrors.length > 0) console.error(`browser console errors:\n${workbench.consoleErrors.join('\n')}`);
      }
      server?.printLog();
    }
    await workbench?.close();
    await peer?.close();
    await server?.stop();
    workspace.remove();
    peerDir.remove();
  }
  console.log(`integration: exit ${code} after ${seconds(started)}`);
  return code;
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
