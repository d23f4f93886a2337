// What a workspace's .vscode/settings.json can change, inside the real extension host: not the
// prices (a user setting only), while its ordinary settings in the same file apply.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { textReply } from '../mock/server';
import { activateApi, claudeSettings as config, mockProviderForSuite } from './mockProvider';

const KEY = 'sk-ant-integration-key';

describe('settings from the workspace', function () {
  this.timeout(30_000);
  const server = mockProviderForSuite({ key: KEY, alsoReset: ['model'] });
  let api: TestApi;
  const folder = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
  const settingsFile = () => path.join(folder(), '.vscode', 'settings.json');

  before(async () => {
    api = await activateApi();
  });

  after(() => {
    fs.rmSync(path.join(folder(), '.vscode'), { recursive: true, force: true });
  });

  it('cannot set the prices: a workspace cannot hide what a reply costs', async () => {
    // A model whose prices are published (the Claude 5 generation's are not).
    await config().update('model', 'claude-sonnet-4-6', vscode.ConfigurationTarget.Global);
    const model = (await api.connection.requestContext()).model;
    fs.mkdirSync(path.dirname(settingsFile()), { recursive: true });
    fs.writeFileSync(settingsFile(), JSON.stringify({
      'claudeAssistant.contextLines': 7,
      'claudeAssistant.modelOverrides': { [model]: { prices: { input: 0, output: 0 } } },
    }, null, 2));
    // The file is read: its ordinary setting applies.
    const deadline = Date.now() + 15_000;
    while (config().get('contextLines') !== 7) {
      if (Date.now() > deadline) throw new Error('the workspace settings file was not read');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.deepStrictEqual(api.connection.settings().modelOverrides, {});

    server.enqueue({ reply: textReply('Priced.', { usage: { input_tokens: 1000, output_tokens: 1000 } }) });
    api.session.startNew();
    await api.session.send('What does this cost?');
    const cost = api.session.transcript[1].usage?.costUsd;
    assert.ok(cost !== undefined && cost > 0, `the reply's cost is ${cost}`);
  });
});
