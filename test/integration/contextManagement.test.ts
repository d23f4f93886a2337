// Server-side context management inside the real extension host, against the mock's emulation of
// the API's `context_management` and of a gateway that refuses it.
import * as assert from 'assert';
import type { TestApi } from '../../src/extension';
import { describeRefusals } from '../../src/providers/gatewayFacts';
import { turnText } from '../../src/webview/protocol';
import { summarise } from '../mock/contextManagement';
import { textReply, type RecordedRequest } from '../mock/server';
import { activateApi, mockProviderForSuite } from './mockProvider';

const KEY = 'sk-ant-context-key';

function edits(request: RecordedRequest): unknown[] | undefined {
  const body = request.body as { context_management?: { edits?: Array<{ type: string }> } };
  return body.context_management?.edits?.map((edit) => edit.type);
}

describe('server-side context management inside the extension host', function () {
  this.timeout(30_000);
  const server = mockProviderForSuite({ key: KEY, settings: { model: 'claude-sonnet-4-6' }, eachTest: { gateway: undefined, compaction: undefined } });
  let api: TestApi;

  before(async () => {
    api = await activateApi();
  });

  beforeEach(() => {
    api.session.startNew();
  });

  it('sends context_management to a model that takes it, and sends its compaction block back byte for byte', async () => {
    // The first request is compacted whatever its size; the second is not.
    server.configure({ compaction: { atTokens: 1 } });
    server.enqueue({ reply: textReply('First answer.') });
    await api.session.send('Remember: the port is 8443.');
    server.configure({ compaction: undefined });
    server.enqueue({ reply: textReply('Second answer.') });
    await api.session.send('Which port?');
    const [first, second] = server.messageRequests();
    assert.deepStrictEqual(edits(first), ['clear_tool_uses_20250919', 'compact_20260112']);
    assert.match(first.headers['anthropic-beta'] ?? '', /context-management-2025-06-27/);
    assert.match(first.headers['anthropic-beta'] ?? '', /compact-2026-01-12/);
    const block = JSON.stringify(summarise(first.body as Record<string, unknown>));
    assert.ok(second.rawBody.includes(`{"role":"assistant","content":[${block},{"type":"text","text":"First answer."`), second.rawBody);
    const reply = api.session.transcript[1];
    assert.deepStrictEqual([reply.blocks[0].type, turnText(reply), reply.status], ['provider_compaction', 'First answer.', 'done']);
  });

  it('counts the context with the tools and system prompt the next request carries', async () => {
    server.enqueue({ reply: textReply('Counted.') });
    await api.session.send('Count this.');
    const deadline = Date.now() + 10_000;
    while (!server.requests.some((request) => request.path === '/v1/messages/count_tokens')) {
      if (Date.now() > deadline) throw new Error('no count_tokens request');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const sent = server.messageRequests()[0].body as Record<string, unknown>;
    const counted = server.requests.find((request) => request.path === '/v1/messages/count_tokens')!.body as Record<string, unknown>;
    assert.ok(Array.isArray(sent.tools) && typeof sent.system === 'string', 'the turn was sent with tools and a system prompt');
    assert.deepStrictEqual([counted.tools, counted.system], [sent.tools, sent.system]);
  });

  it('answers through a gateway that rejects it: retried once without it, remembered for the profile and shown by Test Connection', async () => {
    server.configure({ gateway: { rejectFields: ['context_management'] } });
    server.enqueue({ reply: textReply('Answered without it.') }, { reply: textReply('Still fine.') });
    await api.session.send('Hello.');
    assert.deepStrictEqual([turnText(api.session.transcript[1]), api.session.transcript[1].status], ['Answered without it.', 'done']);
    assert.deepStrictEqual(server.messageRequests().map((request) => [edits(request) !== undefined, /compact-2026-01-12/.test(request.headers['anthropic-beta'] ?? '')]), [[true, true], [false, false]]);
    const facts = api.connection.gatewayFacts?.factsFor(api.connection.profile().id, server.url);
    assert.match(facts?.refused.context_management?.evidence ?? '', /^HTTP 400 to POST \/v1\/messages/);
    assert.match(describeRefusals(facts).join(' '), /Refuses server-side context management \(context_management\): requests go without it/);
    // The next turn goes without it at once.
    await api.session.send('Go on.');
    assert.strictEqual(server.messageRequests().length, 3);
    assert.strictEqual(edits(server.messageRequests()[2]), undefined);
    assert.strictEqual(turnText(api.session.transcript[3]), 'Still fine.');
  });
});
