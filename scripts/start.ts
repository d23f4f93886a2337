// `npm start`: opens VS Code with the packaged extension on a copy of the sample workspace.
// Desktop VS Code when `code` is on PATH, otherwise code-server on 127.0.0.1. Without a key in the
// environment, a local mock of the Messages API stands in for the provider, clearly as a demo.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CodeServer, repoRoot } from '../test/host/codeServer';
import { MockMessagesServer } from '../test/mock/server';

const vsix = path.join(repoRoot, 'claude-assistant.vsix');
const PROVIDER_VARIABLES = ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'ANTHROPIC_BASE_URL'];

async function main(): Promise<void> {
  if (!fs.existsSync(vsix)) throw new Error('claude-assistant.vsix is missing: run `npm run package` first.');
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-assistant-start-'));
  const workspace = path.join(home, 'sample-workspace');
  fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'sample-workspace'), workspace, { recursive: true });

  const env: Record<string, string> = {};
  for (const name of PROVIDER_VARIABLES) if (process.env[name]) env[name] = process.env[name]!;
  const settings: Record<string, unknown> = {};
  let mock: MockMessagesServer | undefined;
  if (env.ANTHROPIC_API_KEY || env.ANTHROPIC_AUTH_TOKEN) {
    const source = env.ANTHROPIC_API_KEY ? 'ANTHROPIC_API_KEY' : 'ANTHROPIC_AUTH_TOKEN';
    console.log(`Using the provider from the environment: key from ${source}, base URL ${env.ANTHROPIC_BASE_URL ?? 'https://api.anthropic.com'}.`);
  } else {
    mock = await MockMessagesServer.start({ demo: true });
    settings['claudeAssistant.baseUrl'] = mock.url;
    env.ANTHROPIC_API_KEY = 'demo-key';
    console.log('DEMO MODE: no ANTHROPIC_API_KEY or ANTHROPIC_AUTH_TOKEN is set, so replies come from a');
    console.log(`local mock of the Messages API at ${mock.url}. No model is called.`);
    console.log('To use a real provider, set ANTHROPIC_API_KEY (and ANTHROPIC_BASE_URL for a gateway) and run npm start again,');
    console.log('or run "Claude Assistant: Set API Key" in the window and change claudeAssistant.baseUrl.');
  }

  const stops: Array<() => Promise<void> | void> = [];
  if (mock) stops.push(() => mock.close());
  if (hasDesktopCode()) {
    openDesktop(home, workspace, settings, env);
    console.log('\nOpened desktop VS Code with Claude Assistant on the sample workspace (its own profile).');
  } else {
    const server = await CodeServer.start({ vsix, folder: workspace, settings, env });
    stops.unshift(() => server.stop());
    console.log(`\nOpen this address in your browser:\n\n  ${server.url}/?folder=${encodeURIComponent(workspace)}\n`);
    console.log('Then click Claude Assistant in the activity bar.');
  }
  console.log('Press Ctrl+C to stop.');
  const shutdown = async (): Promise<void> => {
    for (const stop of stops) await stop();
    fs.rmSync(home, { recursive: true, force: true });
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

function hasDesktopCode(): boolean {
  return spawnSync('code', ['--version'], { stdio: 'ignore', timeout: 20_000 }).status === 0;
}

function openDesktop(home: string, workspace: string, settings: Record<string, unknown>, env: Record<string, string>): void {
  const userData = path.join(home, 'user-data');
  const extensions = path.join(home, 'extensions');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const profile = ['--user-data-dir', userData, '--extensions-dir', extensions];
  const childEnv = { ...process.env, ...env };
  const install = spawnSync('code', [...profile, '--install-extension', vsix, '--force'], { stdio: 'inherit', env: childEnv });
  if (install.status !== 0) throw new Error('code --install-extension failed');
  spawnSync('code', [...profile, '--new-window', workspace], { stdio: 'inherit', env: childEnv });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
