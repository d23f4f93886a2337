// A gateway that repeats the key it was sent, inside the real extension host: the key reaches none
// of the turn's error, the history file, the exported Markdown, the log file or Test Connection.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { conversationToMarkdown } from '../../src/history/markdownExport';
import { logText } from './logText';
import { activateApi, mockProviderForSuite } from './mockProvider';

/** Not Anthropic-shaped, so only redacting the key in use keeps it out. */
const KEY = 'gw-echo-integration-0123456789';

describe('keys a provider echoes back', function () {
  this.timeout(60_000);
  // One retry keeps the retried failures quick.
  const server = mockProviderForSuite({ key: KEY, settings: { maxRetries: 1 } });
  let api: TestApi;

  before(async () => {
    api = await activateApi();
  });

  function assertNoKey(what: string, text: string): void {
    assert.ok(!text.includes(KEY), `${what} holds the key:\n${text}`);
  }

  it('keeps it out of the turn\'s error, the history file, the export and the log', async () => {
    api.session.startNew();
    server.enqueue({ fault: { kind: 'echoKey', where: 'httpError' } });
    await api.session.send('first');
    server.enqueue({ fault: { kind: 'echoKey', where: 'streamError' } }, { fault: { kind: 'echoKey', where: 'streamError' } });
    await api.session.send('second');
    server.enqueue({ fault: { kind: 'echoKey', where: 'plainText', status: 403 } });
    await api.session.send('third');
    // The key as the error's type, in an `event: error`: the chat shows the type beside the message.
    server.enqueue({ fault: { kind: 'echoKey', where: 'errorType' } });
    await api.session.send('fourth');
    // Every request carried the key, and every answer repeated it.
    // (GET /v1/models also goes out, in the background.)
    assert.deepStrictEqual(server.messageRequests().map((request) => request.headers['x-api-key']), [KEY, KEY, KEY, KEY, KEY]);

    const errors = api.session.transcript.filter((turn) => turn.role === 'assistant').map((turn) => turn.error);
    assert.strictEqual(errors.length, 4);
    assert.ok(errors.every((error) => error && `${error.title} ${error.detail}`.includes('[redacted]')), JSON.stringify(errors, null, 2));
    assertNoKey('the turns\' errors', JSON.stringify(api.session.transcript));

    const file = path.join(api.chat.store.folder, `${api.session.conversation.id}.json`);
    const saved = await savedWithErrors(file, 4);
    assert.ok(saved.includes('[redacted]'), saved);
    assertNoKey('the history file', saved);
    const markdown = conversationToMarkdown(api.session.conversation);
    assert.ok(markdown.includes('[redacted]'), markdown);
    assertNoKey('the exported Markdown', markdown);

    const log = await logText(api);
    assert.match(log, /Attempt 1 failed \(invalid api key \[redacted\]/);
    assertNoKey('the log', log);
  });

  it('keeps it out of Test Connection\'s log and message', async () => {
    server.enqueue({ fault: { kind: 'echoKey', where: 'httpError' } }, { fault: { kind: 'echoKey', where: 'httpError' } });
    // The command waits for its notification to be dismissed.
    const testing = vscode.commands.executeCommand('claudeAssistant.testConnection');
    let log = '';
    for (const deadline = Date.now() + 20_000; !/Test Connection to [\s\S]*Authorization: Bearer: HTTP 401/.test(log); ) {
      if (Date.now() > deadline) throw new Error(`Test Connection did not log its report:\n${log}`);
      log = await logText(api);
    }
    await vscode.commands.executeCommand('notifications.clearAll');
    await testing;
    assert.strictEqual(server.messageRequests().length, 2);
    // The notification says what the log says: the same lines.
    const report = log.slice(log.lastIndexOf('Test Connection to'));
    assert.match(report, /x-api-key: HTTP 401 .*invalid api key \[redacted\]/);
    assertNoKey('the Test Connection report', report);
  });
});

/** The conversation file once it holds `count` failed turns (writes may trail the turn by a moment). */
async function savedWithErrors(file: string, count: number): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    const turns = text ? (JSON.parse(text) as { turns?: Array<{ status?: string }> }).turns ?? [] : [];
    if (turns.filter((turn) => turn.status === 'error').length >= count) return text;
    if (Date.now() > deadline) throw new Error(`${file} never held ${count} failed turns:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
