import * as assert from 'assert';
import { applyContextManagement, CLEARED_RESULT, COMPACTION_BETA, CONTEXT_EDITING_BETA } from '../mock/contextManagement';
import { rawRequest } from '../mock/rawClient';
import { textReply } from '../mock/server';
import { parseSseEvents } from '../mock/sseEvents';
import { mockServerForSuite } from '../mock/suiteServer';

const MODEL = 'claude-sonnet-4-6';
const BOTH = [CONTEXT_EDITING_BETA, COMPACTION_BETA];
const result = (id: string, size: number) => ({ type: 'tool_result', tool_use_id: id, content: 'r'.repeat(size) });
const use = (id: string) => ({ type: 'tool_use', id, name: 'view', input: {} });
/** Four rounds of tool calls, 4,000 characters (1,000 tokens) of result each. */
const rounds = [1, 2, 3, 4].flatMap((n) => [{ role: 'assistant', content: [use(`t${n}`)] }, { role: 'user', content: [result(`t${n}`, 4000)] }]);
const agentBody = (edits: unknown[]) => ({ model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: 'Go' }, ...rounds], context_management: { edits } });
const clearEdit = (trigger: number, atLeast = 0) => ({ type: 'clear_tool_uses_20250919', trigger: { type: 'input_tokens', value: trigger }, keep: { type: 'tool_uses', value: 3 }, clear_at_least: { type: 'input_tokens', value: atLeast } });

describe('mock context management', () => {
  it('needs the beta header of each strategy, and clear_thinking needs thinking on, first', () => {
    const outcome = applyContextManagement(agentBody([clearEdit(100)]), []);
    assert.ok(!outcome.ok && /context_management\.edits\.0: .*context-management-2025-06-27/.test(outcome.message));
    const compact = applyContextManagement(agentBody([{ type: 'compact_20260112' }]), [CONTEXT_EDITING_BETA]);
    assert.ok(!compact.ok && /compact-2026-01-12/.test(compact.message));
    const thinking = applyContextManagement(agentBody([{ type: 'clear_thinking_20251015', keep: 'all' }]), BOTH);
    assert.ok(!thinking.ok && /requires thinking/.test(thinking.message));
    const order = applyContextManagement({ ...agentBody([clearEdit(100), { type: 'clear_thinking_20251015' }]), thinking: { type: 'adaptive' } }, BOTH);
    assert.ok(!order.ok && /must come first/.test(order.message));
    assert.ok(applyContextManagement({ ...agentBody([{ type: 'clear_thinking_20251015', keep: 'all' }, clearEdit(100)]), thinking: { type: 'adaptive' } }, BOTH).ok);
  });

  it('clears the oldest tool results past the trigger, keeping the newest three, and reports it', () => {
    const outcome = applyContextManagement(agentBody([clearEdit(3000)]), BOTH);
    assert.ok(outcome.ok);
    const results = (outcome.effective.messages as Array<{ content: unknown }>).flatMap((message) => (Array.isArray(message.content) ? message.content : [])).filter((block: { type?: string }) => block.type === 'tool_result') as Array<{ content: string }>;
    assert.deepStrictEqual(results.map((block) => block.content === CLEARED_RESULT), [true, false, false, false]);
    assert.deepStrictEqual(outcome.applied, [{ type: 'clear_tool_uses_20250919', cleared_tool_uses: 1, cleared_input_tokens: 1000 - Math.floor(CLEARED_RESULT.length / 4) }]);
    const below = applyContextManagement(agentBody([clearEdit(100_000)]), BOTH);
    assert.ok(below.ok && below.applied?.length === 0, 'under the trigger nothing is cleared');
    const tooLittle = applyContextManagement(agentBody([clearEdit(3000, 5000)]), BOTH);
    assert.ok(tooLittle.ok && tooLittle.applied?.length === 0, 'nor when less than clear_at_least would go');
  });

  it('compacts past the trigger (or the mock\'s own), and a compaction block sent back stands for everything before it', () => {
    const body = agentBody([{ type: 'compact_20260112', trigger: { type: 'input_tokens', value: 50_000 } }]);
    const plain = applyContextManagement(body, BOTH);
    assert.ok(plain.ok && !plain.compaction);
    const compacted = applyContextManagement(body, BOTH, { atTokens: 1000 });
    assert.ok(compacted.ok && compacted.compaction?.content?.startsWith('Summary of 9 earlier messages'));
    const low = applyContextManagement(agentBody([{ type: 'compact_20260112', trigger: { type: 'input_tokens', value: 1000 } }]), BOTH);
    assert.ok(!low.ok && /at least 50000/.test(low.message));
    const block = { type: 'compaction', content: 'Summary.', encrypted_content: 'x' };
    const next = { model: MODEL, max_tokens: 10, messages: [...rounds, { role: 'assistant', content: [block, { type: 'text', text: 'Done.' }] }, { role: 'user', content: 'More' }] };
    const kept = applyContextManagement(next, [COMPACTION_BETA]);
    assert.ok(kept.ok);
    assert.deepStrictEqual(kept.effective.messages, [{ role: 'assistant', content: [block, { type: 'text', text: 'Done.' }] }, { role: 'user', content: 'More' }]);
    const refused = applyContextManagement(next, []);
    assert.ok(!refused.ok && /messages\.8\.content\.0\.type: .*'compaction'/.test(refused.message));
  });

  describe('on the wire', () => {
    const server = mockServerForSuite({}, { gateway: undefined, compaction: undefined });
    const headers = { 'anthropic-beta': BOTH.join(',') };

    it('streams a compaction block first and reports the applied edits in message_delta', async () => {
      server.configure({ compaction: { atTokens: 1 } });
      server.enqueue({ reply: textReply('After.') });
      const response = await rawRequest(server.url, { path: '/v1/messages', headers, body: { ...agentBody([clearEdit(3000), { type: 'compact_20260112' }]), stream: true } });
      const events = parseSseEvents(response.text).map((event) => ({ event: event.event, data: JSON.parse(event.data) as Record<string, unknown> }));
      const start = events.find((event) => event.event === 'content_block_start');
      assert.deepStrictEqual(start?.data, { type: 'content_block_start', index: 0, content_block: { type: 'compaction', content: null, encrypted_content: null } });
      const delta = events.find((event) => event.event === 'content_block_delta')?.data as { delta: { type: string; content: string } };
      assert.strictEqual(delta.delta.type, 'compaction_delta');
      assert.match(delta.delta.content, /^Summary of 9 earlier messages/);
      const messageDelta = events.find((event) => event.event === 'message_delta')?.data as { context_management?: { applied_edits: Array<{ type: string }> } };
      assert.deepStrictEqual(messageDelta.context_management?.applied_edits.map((edit) => edit.type), ['clear_tool_uses_20250919']);
    });

    it('as a gateway, refuses the betas or the field with a 400 naming them; count_tokens counts what the model would see', async () => {
      server.configure({ gateway: { rejectBetas: [COMPACTION_BETA] } });
      const refused = await rawRequest(server.url, { path: '/v1/messages', headers, body: agentBody([clearEdit(3000)]) });
      assert.strictEqual(refused.status, 400);
      assert.match(refused.text, /Unexpected value\(s\) `compact-2026-01-12` for the `anthropic-beta` header/);
      server.configure({ gateway: { rejectFields: ['context_management'] } });
      assert.match((await rawRequest(server.url, { path: '/v1/messages', headers, body: agentBody([clearEdit(3000)]) })).text, /"context_management: Extra inputs are not permitted"/);
      server.configure({ gateway: undefined });
      const counted = async (edits: unknown[]) => (JSON.parse((await rawRequest(server.url, { path: '/v1/messages/count_tokens', headers, body: agentBody(edits) })).text) as { input_tokens: number }).input_tokens;
      assert.ok(await counted([clearEdit(3000)]) < await counted([]) - 900, 'the cleared result is not counted');
    });
  });
});
