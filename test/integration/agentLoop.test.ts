// The agent loop in the real extension host: the mock provider calls the text editor tool, a
// test ToolProvider (registered through the TestApi) answers from the live documents, and the
// next request must carry the answers. Also Stop during a call, and a gateway that refuses typed tools.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ToolHandler, ToolProvider } from '../../src/conversation/toolHandler';
import type { ToolResultBlock, ToolUseBlock } from '../../src/conversation/transcript';
import type { TestApi } from '../../src/extension';
import { textEditorDefinition } from '../../src/tools/textEditorTool';
import { turnText } from '../../src/webview/protocol';
import { logText } from './logText';
import { expectToolResult, reply, textBlock, textReply, toolUseBlock } from '../mock/server';
import { activateApi, claudeSettings as config, mockProviderForSuite } from './mockProvider';

const EDITOR = 'str_replace_based_edit_tool';

/** A small text editor over the live documents: view and str_replace, nothing saved. */
class LiveEditor implements ToolProvider {
  readonly forms: string[] = [];
  hold: Promise<void> | undefined;
  onRun: (() => void) | undefined;
  toolsFor({ form }: { model: string; form: 'anthropic' | 'custom' }): ToolHandler[] {
    this.forms.push(form);
    const definition = textEditorDefinition('text_editor_20250728', form);
    return [{ name: EDITOR, definition: { tool: definition.tool, betas: definition.betas }, run: (call, context) => this.run(call, context) }];
  }

  private async run(call: ToolUseBlock, context: Parameters<ToolHandler['run']>[1]): Promise<ToolResultBlock> {
    const input = call.input as { command: string; path: string; old_str?: string; new_str?: string };
    const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, input.path);
    context.update({ toolUseId: call.id, status: 'running', title: `${input.command} ${input.path}`, path: input.path });
    this.onRun?.();
    if (this.hold) await this.hold;
    const document = await vscode.workspace.openTextDocument(uri);
    if (input.command === 'view') return { type: 'tool_result', toolUseId: call.id, content: document.getText() };
    const text = document.getText();
    const at = text.indexOf(input.old_str ?? '\u0000');
    if (at < 0) return { type: 'tool_result', toolUseId: call.id, content: 'No match.', isError: true };
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(document.positionAt(at), document.positionAt(at + input.old_str!.length)), input.new_str ?? '');
    await vscode.workspace.applyEdit(edit);
    context.update({ toolUseId: call.id, status: 'applied', title: `Edit ${input.path}`, path: input.path, diff: `-${input.old_str}\n+${input.new_str}` });
    return { type: 'tool_result', toolUseId: call.id, content: `Edited ${input.path}.` };
  }
}

describe('the agent loop inside the extension host', function () {
  this.timeout(30_000);
  const server = mockProviderForSuite({ key: 'sk-ant-loop-key', settings: { authHeader: 'x-api-key' } });
  let api: TestApi;
  let editor: LiveEditor;
  let registration: vscode.Disposable;

  before(async () => {
    api = await activateApi();
  });

  beforeEach(() => {
    api.session.startNew();
    editor = new LiveEditor();
    registration = api.registerToolProvider(editor);
  });

  afterEach(() => {
    registration.dispose();
  });

  it('views, then edits the live document, answering each call in the next request, as one turn', async () => {
    server.enqueue(
      { reply: reply([textBlock('Reading.'), toolUseBlock(EDITOR, { command: 'view', path: 'README.md' }, 'toolu_view')]) },
      { expect: expectToolResult('toolu_view'), reply: reply([toolUseBlock(EDITOR, { command: 'str_replace', path: 'README.md', old_str: 'Integration test', new_str: 'Edited' }, 'toolu_edit')]) },
      { expect: expectToolResult('toolu_edit'), reply: textReply('Renamed the heading.') },
    );
    await api.session.send('Rename the heading');
    const turn = api.session.transcript[1];
    assert.strictEqual(api.session.transcript.length, 2);
    assert.deepStrictEqual([turn.status, turn.error], ['done', undefined]);
    assert.strictEqual(turnText(turn), 'Reading.\n\nRenamed the heading.');
    assert.strictEqual(server.messageRequests().length, 3);
    const first = server.messageRequests()[0].body as { tools: unknown[]; system: string };
    assert.deepStrictEqual(first.tools, [{ type: 'text_editor_20250728', name: EDITOR }, { type: 'bash_20250124', name: 'bash' }]);
    assert.match(first.system, new RegExp(vscode.workspace.workspaceFolders![0].uri.fsPath.replace(/[\\/.]/g, '.')));
    const viewAnswer = (server.messageRequests()[1].body as { messages: Array<{ content: Array<{ content: string }> }> }).messages.at(-1)!.content[0];
    assert.strictEqual(viewAnswer.content, '# Integration test workspace\n');
    const document = vscode.workspace.textDocuments.find((doc) => doc.uri.path.endsWith('/README.md'))!;
    assert.strictEqual(document.getText(), '# Edited workspace\n');
    assert.strictEqual(document.isDirty, true, 'the edit is in the live document, unsaved');
    assert.deepStrictEqual(Object.values(turn.toolCalls ?? {}).map((view) => view.status), ['running', 'applied']);
    // Later tests read the README as the runner wrote it.
    const restore = new vscode.WorkspaceEdit();
    restore.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), '# Integration test workspace\n');
    await vscode.workspace.applyEdit(restore);
    await document.save();
  });

  it('Stop ends the loop during a call at once; the next request answers the call as cancelled', async () => {
    let release!: () => void;
    editor.hold = new Promise((resolve) => (release = resolve));
    const running = new Promise<void>((resolve) => (editor.onRun = resolve));
    server.enqueue({ reply: reply([toolUseBlock(EDITOR, { command: 'view', path: 'README.md' }, 'toolu_slow')]) });
    const sending = api.session.send('Look at the README');
    await running;
    await vscode.commands.executeCommand('claudeAssistant.stop');
    await sending;
    release();
    assert.strictEqual(api.session.transcript[1].status, 'stopped');
    assert.strictEqual(api.session.transcript[1].toolCalls?.toolu_slow?.status, 'cancelled');
    server.enqueue({ expect: expectToolResult('toolu_slow'), reply: textReply('Fine.') });
    await api.session.send('Never mind');
    assert.strictEqual(api.session.transcript[3].status, 'done');
    const answer = (server.messageRequests()[1].body as { messages: Array<{ content: Array<{ is_error?: boolean; content: string }> }> }).messages.at(-1)!.content[0];
    assert.deepStrictEqual([answer.is_error, /Cancelled by the user/.test(answer.content)], [true, true]);
  });

  it('behind a gateway that refuses typed tools, asks again with custom tools and keeps to them', async () => {
    // A model of its own, since the form is remembered for the profile and model beyond this test.
    const model = 'claude-sonnet-4-5-gateway-test';
    await config().update('model', model, vscode.ConfigurationTarget.Global);
    server.enqueue(
      { fault: { kind: 'rejectTypedTools' }, reply: textReply('never sent') },
      { fault: { kind: 'rejectTypedTools' }, reply: textReply('Custom tools work here.') },
      { fault: { kind: 'rejectTypedTools' }, reply: textReply('Still custom.') },
    );
    await api.session.send('Hello');
    assert.deepStrictEqual([api.session.transcript[1].status, turnText(api.session.transcript[1])], ['done', 'Custom tools work here.']);
    assert.strictEqual(server.messageRequests().length, 2);
    const retried = (server.messageRequests()[1].body as { tools: Array<Record<string, unknown>> }).tools[0];
    assert.deepStrictEqual([retried.name, 'type' in retried, typeof retried.input_schema], [EDITOR, false, 'object']);
    await api.session.send('Again');
    assert.strictEqual(server.messageRequests().length, 3, `the form is remembered for ${model}: no refused request first`);
    assert.ok(editor.forms.slice(-1)[0] === 'custom');
    // Kept with the profile's other learned facts, and Test Connection reports it.
    const learned = api.connection.learnedFacts()?.toolForms?.[model];
    assert.strictEqual(learned?.value, 'custom');
    assert.match(learned?.evidence ?? '', /^HTTP 400 to POST \/v1\/messages refusing Anthropic-defined tools/);
    const testing = vscode.commands.executeCommand('claudeAssistant.testConnection');
    let log = '';
    for (const deadline = Date.now() + 20_000; !log.includes(`Tools for ${model} go as`); log = await logText(api)) {
      if (Date.now() > deadline) throw new Error(`Test Connection did not report the tool form:\n${log.slice(-2000)}`);
    }
    await vscode.commands.executeCommand('notifications.clearAll');
    await testing;
    assert.match(log, new RegExp(`Tools for ${model} go as custom JSON-schema tools, learned [\\d-]+ [\\d:]+ UTC from HTTP 400 to POST /v1/messages refusing Anthropic-defined tools`));
    await config().update('model', undefined, vscode.ConfigurationTarget.Global);
  });
});
