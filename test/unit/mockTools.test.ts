import * as assert from 'assert';
import { demoToolReply, expectToolResult, textReply, type MessageReply, type MockMessagesServer } from '../mock/server';
import { mockServerForSuite } from '../mock/suiteServer';

const typed = [{ type: 'text_editor_20250728', name: 'str_replace_based_edit_tool' }];
const custom = [{ name: 'str_replace_based_edit_tool', description: 'x', input_schema: { type: 'object', properties: {} } }];

async function post(mock: MockMessagesServer, body: Record<string, unknown>): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${mock.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'k', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 100, ...body }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('Mock tool turns', () => {
  const mock = mockServerForSuite();

  it('refuses, as the API does, a request that does not answer the call first in its last message', async () => {
    const call = { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'str_replace_based_edit_tool', input: {} }] };
    mock.enqueue({ reply: textReply('ok'), expect: expectToolResult('toolu_1') }, { reply: textReply('ok'), expect: expectToolResult('toolu_1') });
    const missing = await post(mock, { messages: [{ role: 'user', content: 'hi' }, call, { role: 'user', content: 'next' }] });
    assert.strictEqual(missing.status, 400);
    assert.match(JSON.stringify(missing.json), /tool_use ids were found without tool_result blocks immediately after: toolu_1/);
    const answered = await post(mock, { messages: [{ role: 'user', content: 'hi' }, call, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'x' }] }] });
    assert.strictEqual(answered.status, 200);
  });

  it('plays a gateway that refuses Anthropic-defined tool types with a 400 naming the type, and takes custom tools', async () => {
    mock.enqueue({ reply: textReply('ok'), fault: { kind: 'rejectTypedTools' } }, { reply: textReply('ok'), fault: { kind: 'rejectTypedTools' } });
    const refused = await post(mock, { messages: [{ role: 'user', content: 'hi' }], tools: typed });
    assert.strictEqual(refused.status, 400);
    assert.match(JSON.stringify(refused.json), /tools\.0: Input tag 'text_editor_20250728'/);
    const taken = await post(mock, { messages: [{ role: 'user', content: 'hi' }], tools: custom });
    assert.strictEqual(taken.status, 200);
  });

  it('scripts the demo\'s edit: view the sample file, then propose the fix once its text was seen, then report', () => {
    const tools = typed;
    const ask = { role: 'user', content: 'Please fix the bug in stats' };
    const first = demoToolReply({ tools, messages: [ask] }) as MessageReply;
    const view = first.content.find((block) => block.type === 'tool_use');
    assert.deepStrictEqual(view && 'input' in view ? view.input : undefined, { command: 'view', path: 'src/stats.ts' });
    const viewId = view && 'id' in view ? view.id : '';
    const seen = { role: 'user', content: [{ type: 'tool_result', tool_use_id: viewId, content: '6\t  const sorted = [...values].sort();' }] };
    const second = demoToolReply({ tools, messages: [ask, { role: 'assistant', content: [] }, seen] }) as MessageReply;
    const edit = second.content.find((block) => block.type === 'tool_use');
    assert.strictEqual(edit && 'input' in edit ? edit.input.command : undefined, 'str_replace');
    const editId = edit && 'id' in edit ? edit.id : '';
    const done = demoToolReply({ tools, messages: [ask, { role: 'assistant', content: [] }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: editId, content: 'The user rejected', is_error: true }] }] }) as MessageReply;
    assert.match(JSON.stringify(done.content), /not applied/);
    assert.strictEqual(demoToolReply({ messages: [ask] }), undefined, 'no tools offered: the plain demo reply');
    assert.strictEqual(demoToolReply({ tools, messages: [{ role: 'user', content: 'What is TypeScript?' }] }), undefined);
  });
});
