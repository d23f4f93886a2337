import * as assert from 'assert';
import { echoSummary, summaryScript, textReply, type MockMessagesServer } from '../mock/server';
import { mockServerForSuite } from '../mock/suiteServer';

async function post(server: MockMessagesServer, text: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: text }] }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('mock server: the context window and the summariser', () => {
  const server = mockServerForSuite({}, { contextLimit: undefined });

  it('refuses a prompt over the limit with the API\'s 400, using no script', async () => {
    server.configure({ contextLimit: { maxInputTokens: 100, answer: 'http400' } });
    server.enqueue({ reply: textReply('Kept for later.') });
    const over = await post(server, 'x'.repeat(800));
    assert.strictEqual(over.status, 400);
    assert.match(JSON.stringify(over.body), /prompt is too long: 2\d\d tokens > 100 maximum/);
    const under = await post(server, 'short');
    assert.deepStrictEqual((under.body.content as Array<{ text: string }>)[0].text, 'Kept for later.');
  });

  it('or stops at once with model_context_window_exceeded', async () => {
    server.configure({ contextLimit: { maxInputTokens: 100, answer: 'stopReason' } });
    const over = await post(server, 'x'.repeat(800));
    assert.deepStrictEqual([over.status, over.body.stop_reason, over.body.content], [200, 'model_context_window_exceeded', []]);
  });

  it('summarises by echoing every planted fact once, and the focus text', async () => {
    server.enqueue(summaryScript());
    const { body } = await post(server, 'User: FACT-db: Postgres 16.\nUser: FACT-db: Postgres 16.\nFACT-port: 8080\nThe user asked the summary to keep in particular: the ports');
    assert.strictEqual((body.content as Array<{ text: string }>)[0].text, 'Summary of the earlier conversation.\n- FACT-db: Postgres 16\n- FACT-port: 8080\nFocus kept: the ports');
    assert.strictEqual(echoSummary({ messages: [{ role: 'user', content: 'nothing planted' }] }), 'Summary of the earlier conversation.');
  });
});
