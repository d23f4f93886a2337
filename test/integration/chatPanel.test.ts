// The chat panel's work inside the real extension host: history on disk in the workspace's storage,
// links checked before they open, code inserted and proposed as a diff, thinking in the request.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { ConversationStore } from '../../src/history/conversationStore';
import { turnText } from '../../src/webview/protocol';
import { textReply } from '../mock/server';
import { activateApi, claudeSettings as config, mockProviderForSuite } from './mockProvider';

const KEY = 'sk-ant-integration-key';

describe('chat panel inside the extension host', function () {
  this.timeout(30_000);
  const server = mockProviderForSuite({ key: KEY, alsoReset: ['thinking.enabled'] });
  let api: TestApi;
  const readme = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'README.md');

  before(async () => {
    api = await activateApi();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  beforeEach(() => {
    api.session.startNew();
  });

  it('registers the history commands', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const ours = ['claudeAssistant.showHistory', 'claudeAssistant.searchHistory', 'claudeAssistant.renameChat', 'claudeAssistant.exportChat', 'claudeAssistant.deleteChat'];
    assert.deepStrictEqual(ours.filter((command) => !registered.has(command)), []);
  });

  it('keeps conversations in the workspace storage and opens them again', async () => {
    server.enqueue({ reply: textReply('Saved reply.') });
    await api.session.send('Remember this conversation');
    const { id } = api.session.conversation;
    const { store, history } = api.chat;
    assert.ok(store.folder.includes('workspaceStorage') || store.folder.includes('claude-assistant'), store.folder);
    assert.ok(fs.existsSync(path.join(store.folder, `${id}.json`)), 'the conversation file is written');
    assert.strictEqual(store.list()[0].title, 'Remember this conversation');

    api.session.startNew();
    assert.strictEqual(api.session.transcript.length, 0);
    await history.open(id);
    assert.strictEqual(api.session.conversation.id, id);
    assert.deepStrictEqual(api.session.transcript.map(turnText), ['Remember this conversation', 'Saved reply.']);
  });

  it('sets a damaged conversation file aside and keeps the rest', async () => {
    server.enqueue({ reply: textReply('Fine.') });
    await api.session.send('A healthy conversation');
    const healthy = api.session.conversation.id;
    const { store } = api.chat;
    fs.writeFileSync(path.join(store.folder, 'damaged-one.json'), '{ this is not json');
    fs.writeFileSync(path.join(path.dirname(store.folder), 'index.json'), 'also damaged');
    // Another window, or the next start: a store that reads the files afresh.
    const fresh = new ConversationStore(path.dirname(store.folder), () => undefined);
    assert.ok(fresh.list().some((summary) => summary.id === healthy), 'the healthy conversation is still listed');
    const names = [...fs.readdirSync(store.folder), ...fs.readdirSync(path.dirname(store.folder))];
    assert.ok(names.some((name) => name.startsWith('damaged-one.json.damaged-')), names.join(', '));
    assert.ok(names.some((name) => name.startsWith('index.json.damaged-')), names.join(', '));
  });

  it('opens workspace files and http links, and refuses everything else', async () => {
    const { actions } = api.chat;
    assert.strictEqual(await actions.openLink('command:workbench.action.terminal.new'), 'refused');
    assert.strictEqual(await actions.openLink('javascript:alert(1)'), 'refused');
    assert.strictEqual(await actions.openLink('../outside.txt'), 'refused');
    assert.strictEqual(await actions.openLink('README.md#L1'), 'file');
    assert.strictEqual(path.basename(vscode.window.activeTextEditor?.document.uri.fsPath ?? ''), 'README.md');
  });

  it('inserts code at the cursor of the last active editor', async () => {
    const editor = await vscode.window.showTextDocument(readme());
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    assert.strictEqual(await api.chat.actions.insertCode('INSERTED '), true);
    assert.ok(editor.document.getText().startsWith('INSERTED # Integration'), editor.document.getText());
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('Apply to File opens a diff of the file and the proposal, writing nothing yet', async () => {
    await vscode.window.showTextDocument(readme());
    const before = fs.readFileSync(readme().fsPath, 'utf8');
    const proposal = await api.chat.proposals.propose('# Proposed title\n', 'markdown README.md');
    assert.ok(proposal, 'a proposal was made');
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    assert.ok(input instanceof vscode.TabInputTextDiff, 'the active tab is a diff');
    assert.strictEqual(input.original.toString(), readme().toString());
    assert.strictEqual(input.modified.scheme, 'claude-assistant-proposal');
    assert.strictEqual((await vscode.workspace.openTextDocument(input.modified)).getText(), '# Proposed title\n');
    assert.strictEqual(fs.readFileSync(readme().fsPath, 'utf8'), before, 'nothing is written before the user applies it');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('asks for thinking with a budget when the setting is on', async () => {
    await config().update('thinking.enabled', true, vscode.ConfigurationTarget.Global);
    // Haiku 4.5 takes a budget; the newer default decides its own.
    await config().update('model', 'claude-haiku-4-5', vscode.ConfigurationTarget.Global);
    try {
      server.enqueue({ reply: textReply('Thought about it.') });
      await api.session.send('Think first');
      const body = server.messageRequests()[0].body as { thinking?: unknown; max_tokens: number };
      assert.deepStrictEqual(body.thinking, { type: 'enabled', budget_tokens: config().get('thinking.budgetTokens') });
      assert.strictEqual(body.max_tokens, (config().get<number>('maxTokens') ?? 0) + (config().get<number>('thinking.budgetTokens') ?? 0));
    } finally {
      await config().update('thinking.enabled', undefined, vscode.ConfigurationTarget.Global);
      await config().update('model', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
