// Runs the integration tests (out/test/integration) in desktop VS Code 1.100.3 through
// @vscode/test-electron, for contributors with internet access: it downloads VS Code from
// Microsoft into .vscode-test/ on first use. On this project's offline machines use
// runIntegration.ts (code-server) instead; both load the same runner, test/integration/index.ts.
//
//   node out/test/host/runDesktop.js [--grep PATTERN]      (Linux without a display: xvfb-run -a ...)
import * as fs from 'fs';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';
import { makeTempDir } from './cleanup';
import { defaultSettings, repoRoot } from './codeServer';

async function main(): Promise<number> {
  const grepIndex = process.argv.indexOf('--grep');
  const grep = grepIndex >= 0 ? process.argv[grepIndex + 1] : undefined;
  const home = makeTempDir('claude-assistant-desktop-');
  const userDataDir = path.join(home.dir, 'user-data');
  const extensionsDir = path.join(home.dir, 'extensions');
  const workspace = path.join(home.dir, 'workspace');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(workspace, { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(defaultSettings, null, 2));
  fs.writeFileSync(path.join(workspace, 'README.md'), '# Integration test workspace\n');
  try {
    return await runTests({
      version: '1.100.3',
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, 'out', 'test', 'integration', 'index'),
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${userDataDir}`,
        `--extensions-dir=${extensionsDir}`,
      ],
      // undefined removes a variable: a contributor's real key or endpoint must not reach the tests.
      extensionTestsEnv: {
        ANTHROPIC_API_KEY: undefined,
        ANTHROPIC_AUTH_TOKEN: undefined,
        ANTHROPIC_BASE_URL: undefined,
        ...(grep ? { CLAUDE_ASSISTANT_GREP: grep } : {}),
      },
    });
  } finally {
    home.remove();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    // runTests rejects (TestRunFailedError) when VS Code exits non-zero, i.e. a test failed.
    console.error(`desktop: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
