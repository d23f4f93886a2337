// Two windows on one workspace, each with its own extension host, each sending one question: both
// conversations must stay in the history. The second window is test/integration/peerWindow.ts,
// opened by test/host/runIntegration.ts on the same folder.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { MockMessagesServer, textReply } from '../mock/server';

const EXTENSION_ID = 'claude-assistant.claude-assistant';
const KEY = 'sk-ant-two-windows-key';

describe('two windows on one workspace', function () {
  this.timeout(120_000);
  const peerDir = process.env.CLAUDE_ASSISTANT_PEER_DIR;

  it('keeps the conversation of each window in the history', async function () {
    // Only the code-server runner opens a second window (test/host/runIntegration.ts).
    if (!peerDir) this.skip();
    const server = await MockMessagesServer.start();
    const config = vscode.workspace.getConfiguration('claudeAssistant');
    const api = (await vscode.extensions.getExtension<TestApi | undefined>(EXTENSION_ID)!.activate())!;
    try {
      await config.update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
      await api.keyStore.set(KEY);
      server.enqueue({ reply: textReply('Answer for one window.') });
      server.enqueue({ reply: textReply('Answer for the other window.') });
      api.session.startNew();
      // Both windows read the history before either sends.
      api.chat.store.list();
      fs.writeFileSync(path.join(peerDir!, 'go'), JSON.stringify({ key: KEY, baseUrl: server.url }));
      await api.session.send('A question from the first window');
      const first = api.session.conversation.id;
      const done = path.join(peerDir!, 'done');
      const started = Date.now();
      while (!fs.existsSync(done)) {
        if (Date.now() - started > 100_000) throw new Error('the second window did not answer');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const peer = JSON.parse(fs.readFileSync(done, 'utf8')) as { id: string; status: string; error?: string };
      assert.strictEqual(peer.status, 'done', peer.error);
      assert.notStrictEqual(peer.id, first);
      const listed = api.chat.store.list().map((summary) => summary.id);
      assert.deepStrictEqual([listed.includes(first), listed.includes(peer.id)], [true, true], `listed: ${listed.join(', ')}`);
      const index = JSON.parse(fs.readFileSync(path.join(path.dirname(api.chat.store.folder), 'index.json'), 'utf8')) as Array<{ id: string }>;
      assert.deepStrictEqual([first, peer.id].filter((id) => !index.some((entry) => entry.id === id)), [], 'index.json lists both');
    } finally {
      await config.update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
      await api.keyStore.clear();
      await server.close();
    }
  });
});
