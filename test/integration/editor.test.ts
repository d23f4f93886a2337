// Editor commands inside the real extension host: a real document, a real selection, the exact
// request body the mock provider receives.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { ProposedEdit } from '../../src/editor/vscodeEditReview';
import { textReply } from '../mock/server';
import { activateApi, claudeSettings as config, mockProviderForSuite } from './mockProvider';

const KEY = 'sk-editor-key';
const SOURCE = 'export function mean(values: number[]): number {\r\n\treturn values.reduce((a, b) => a + b, 0) / values.length;\r\n}\r\n\r\nexport const label = "naïve ✓";\r\n';

describe('editor commands', function () {
  this.timeout(30_000);
  const server = mockProviderForSuite({ key: KEY, settings: { contextLines: 0 } });
  let api: TestApi;
  let editor: vscode.TextEditor;
  const lastUserText = (): string => {
    const body = server.messageRequests().at(-1)?.body as { messages: Array<{ role: string; content: unknown }> };
    const content = body.messages.at(-1)!.content;
    return typeof content === 'string' ? content : (content as Array<{ type: string; text?: string }>).filter((b) => b.type === 'text').map((b) => b.text).join('');
  };

  before(async () => {
    api = await activateApi();
    const file = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'src', 'stats.ts');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(SOURCE));
    editor = await vscode.window.showTextDocument(file);
  });

  beforeEach(() => {
    server.enqueue({ reply: textReply('An answer.') });
  });

  it('Explain Selection sends the selected lines, fenced, with path, language and line numbers', async () => {
    editor.selection = new vscode.Selection(1, 0, 2, 1);
    await vscode.commands.executeCommand('claudeAssistant.explainSelection');
    assert.strictEqual(
      lastUserText(),
      'src/stats.ts, lines 2-3\n```typescript\n\treturn values.reduce((a, b) => a + b, 0) / values.length;\n}\n```\n\n' +
        'Explain what this code does, how it works, and anything surprising in it.',
    );
  });

  it('several selections become several attachments; context lines follow the setting', async () => {
    await config().update('contextLines', 1, vscode.ConfigurationTarget.Global);
    try {
      editor.selections = [new vscode.Selection(4, 0, 4, 5), new vscode.Selection(0, 0, 0, 6)];
      await vscode.commands.executeCommand('claudeAssistant.fixSelection');
      const text = lastUserText();
      assert.match(text, /^src\/stats\.ts, line 1\nThe block shows lines 1-2, with surrounding context\.\n```typescript\nexport function mean/);
      assert.match(text, /\n\nsrc\/stats\.ts, line 5\nThe block shows lines 4-5, with surrounding context\.\n```typescript\n\nexport const label = "naïve ✓";\n```\n\nFind and fix/);
    } finally {
      await config().update('contextLines', 0, vscode.ConfigurationTarget.Global);
    }
  });

  it('with nothing selected, a short file goes whole and says so', async () => {
    editor.selection = new vscode.Selection(2, 0, 2, 0);
    await vscode.commands.executeCommand('claudeAssistant.explainSelection');
    assert.match(lastUserText(), /^src\/stats\.ts, lines 1-5 \(no selection: the whole file\)\n```typescript\nexport function mean/);
  });

  it('Add Selection to Chat attaches without sending; the next message carries it', async () => {
    editor.selection = new vscode.Selection(4, 0, 4, 30);
    await vscode.commands.executeCommand('claudeAssistant.addSelectionToChat');
    assert.strictEqual(server.messageRequests().length, 0, 'nothing was sent');
    assert.strictEqual(api.chat.view.composeUserText('What is this?'), 'src/stats.ts, line 5\n```typescript\nexport const label = "naïve ✓";\n```\n\nWhat is this?');
    assert.strictEqual(api.chat.view.composeUserText('Next'), 'Next', 'the draft is empty once sent');
  });

  it('Explain Selection while a reply runs sends nothing and keeps the code as a chip for later', async () => {
    server.reset();
    server.enqueue({ reply: textReply('word '.repeat(60), { chunkSize: 5 }), fault: { kind: 'slowChunks', delayMs: 30 } });
    const running = api.session.send('A first question');
    const deadline = Date.now() + 10_000;
    while (!api.session.busy && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(api.session.busy, 'a reply is running');
    editor.selection = new vscode.Selection(4, 0, 4, 30);
    await vscode.commands.executeCommand('claudeAssistant.explainSelection');
    await running;
    assert.strictEqual(server.messageRequests().length, 1, 'only the first question was sent');
    assert.match(api.chat.view.composeUserText('Explain this'), /^src\/stats\.ts, line 5\n```typescript\nexport const label = "naïve ✓";\n```\n\nExplain this$/, 'the code waits as a chip');
  });

  /** The proposal of an edit in front of the user; rejected, so the file stays as it was. */
  async function rejectProposal(proposed: ProposedEdit | undefined): Promise<void> {
    assert.ok(proposed, 'the fix came back as a reviewed edit');
    const diff = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    assert.ok(diff instanceof vscode.TabInputTextDiff && diff.original.toString() === editor.document.uri.toString() && diff.modified.scheme === 'claude-assistant-review', 'the diff of the file and the fix is open');
    assert.strictEqual(editor.document.getText(), SOURCE, 'nothing lands before it is accepted');
    await vscode.commands.executeCommand('claudeAssistant.rejectEdit', diff.modified);
    assert.strictEqual(await proposed.decision, 'rejected');
    editor = await vscode.window.showTextDocument(editor.document);
  }

  it('Fix Selection on one range lands as a reviewed edit of those lines, not only a code block', async () => {
    server.reset();
    server.enqueue({ reply: textReply('Fixed:\n```ts\n\treturn values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;\n```') });
    editor.selection = new vscode.Selection(1, 0, 1, 10);
    const proposed = await vscode.commands.executeCommand<ProposedEdit | undefined>('claudeAssistant.fixSelection');
    assert.match(lastUserText(), /^src\/stats\.ts, line 2\n```typescript\n\treturn values[\s\S]*Reply with the new text for line 2 of src\/stats\.ts only/);
    await rejectProposal(proposed);
  });

  it('offers Fix with Claude on a diagnostic and sends its message with the code', async () => {
    const diagnostics = vscode.languages.createDiagnosticCollection('editor-test');
    try {
      const range = new vscode.Range(1, 8, 1, 14);
      diagnostics.set(editor.document.uri, [new vscode.Diagnostic(range, "Property 'reduce' is suspicious.", vscode.DiagnosticSeverity.Warning)]);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, range);
      const fix = actions.find((action) => action.title.startsWith('Fix with Claude'));
      assert.ok(fix?.command, `offered: ${actions.map((a) => a.title).join(', ')}`);
      server.reset();
      server.enqueue({ reply: textReply('Fixed:\n```ts\n\treturn values.reduce((sum, b) => sum + b, 0) / values.length;\n```') });
      const proposed = await vscode.commands.executeCommand<ProposedEdit | undefined>(fix.command.command, ...(fix.command.arguments ?? []));
      const text = lastUserText();
      assert.match(text, /^src\/stats\.ts, line 2\nDiagnostics:\n- line 2, warning: Property 'reduce' is suspicious\.\n```typescript\n\treturn values/);
      assert.match(text, /Fix this problem reported by the editor: "Property 'reduce' is suspicious\."/);
      await rejectProposal(proposed);
    } finally {
      diagnostics.dispose();
    }
  });
});
