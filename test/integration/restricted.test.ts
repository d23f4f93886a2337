// Restricted Mode, in a window whose folder is not trusted (runIntegration --restricted): the model
// is offered no tools at all, and the chat still works. In the usual trusted run this is skipped.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';

describe('Restricted Mode', function () {
  this.timeout(30_000);

  before(function () {
    if (process.env.CLAUDE_ASSISTANT_RESTRICTED !== '1') this.skip();
  });

  it('offers the model no tools, for any model or form', async () => {
    const api = (await vscode.extensions.getExtension<TestApi>('claude-assistant.claude-assistant')!.activate())!;
    assert.strictEqual(vscode.workspace.isTrusted, false, 'the folder is untrusted');
    assert.deepStrictEqual(api.textEditor.toolsFor({ model: 'claude-sonnet-4-5', form: 'anthropic' }), []);
    assert.deepStrictEqual(api.textEditor.toolsFor({ model: 'claude-3-7-sonnet-20250219', form: 'custom' }), []);
    assert.deepStrictEqual(api.bash.toolsFor({ model: 'claude-sonnet-4-5', form: 'anthropic' }), [], 'no commands either');
    assert.deepStrictEqual(api.chat.tools.toolsFor({ model: 'claude-sonnet-4-5', form: 'custom' }), []);
    assert.ok(api.session, 'the chat itself still composes');
  });
});
