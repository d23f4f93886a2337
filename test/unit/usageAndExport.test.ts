import * as assert from 'assert';
import { addUsage, cacheHitRate, usageFromApi } from '../../src/conversation/usage';
import { newConversation } from '../../src/conversation/record';
import { searchConversations } from '../../src/history/historySearch';
import { conversationToMarkdown } from '../../src/history/markdownExport';
import { modelInfo } from '../../src/providers/modelCatalog';
import { contextInUse, conversationTotals, describeUsage, formatTokens } from '../../src/webview/usageSummary';
import type { Turn } from '../../src/webview/protocol';

describe('usage and cost', () => {
  const prices = modelInfo('claude-sonnet-4-5').prices;

  it('prices input, output, 5-minute and 1-hour cache writes and cache reads separately', () => {
    const usage = usageFromApi({ input_tokens: 1000, output_tokens: 500, cache_creation_input_tokens: 3000, cache_read_input_tokens: 10000, cache_creation: { ephemeral_5m_input_tokens: 2000, ephemeral_1h_input_tokens: 1000 } }, prices);
    const expected = (1000 * 3 + 500 * 15 + 2000 * 3.75 + 1000 * 6 + 10000 * 0.3) / 1e6;
    assert.deepStrictEqual({ ...usage, costUsd: Number(usage.costUsd?.toFixed(10)) }, { inputTokens: 1000, outputTokens: 500, cacheWriteTokens: 3000, cacheReadTokens: 10000, costUsd: Number(expected.toFixed(10)) });
  });

  it('shows tokens but no cost when prices are unknown, and sums turns', () => {
    const unknown = usageFromApi({ input_tokens: 10, output_tokens: 2 }, undefined);
    assert.strictEqual(unknown.costUsd, undefined);
    const known = usageFromApi({ input_tokens: 10, output_tokens: 2 }, prices);
    assert.strictEqual(addUsage(known, unknown).costUsd, undefined);
    const turns: Turn[] = [
      { id: 'a', role: 'assistant', status: 'done', blocks: [], usage: known },
      { id: 'b', role: 'assistant', status: 'done', blocks: [], usage: unknown },
    ];
    const totals = conversationTotals(turns);
    assert.deepStrictEqual([totals.inputTokens, totals.outputTokens, totals.turnsWithoutCost, totals.costUsd], [20, 4, 1, known.costUsd]);
    assert.strictEqual(contextInUse(turns), 12);
    assert.strictEqual(describeUsage(unknown), 'in 10 · out 2 · cache write 0 · cache read 0 · cache hit 0%');
    assert.deepStrictEqual([formatTokens(999), formatTokens(1234), formatTokens(200_000), formatTokens(1_000_000)], ['999', '1.2K', '200K', '1.00M']);
  });
});

describe('cache usage from any gateway', () => {
  const prices = modelInfo('claude-sonnet-4-5').prices;

  it('counts missing, null, negative or non-numeric cache fields as zero, never NaN', () => {
    const gateways: unknown[] = [
      { input_tokens: 100, output_tokens: 5 },
      { input_tokens: 100, output_tokens: 5, cache_creation_input_tokens: null, cache_read_input_tokens: null, cache_creation: null },
      { input_tokens: 100, output_tokens: 5, cache_creation_input_tokens: '12', cache_read_input_tokens: -3, cache_creation: 7 },
      { input_tokens: 100, output_tokens: 5, cache_creation_input_tokens: Number.NaN, cache_read_input_tokens: Number.POSITIVE_INFINITY, cache_creation: { ephemeral_1h_input_tokens: 'x' } },
    ];
    for (const raw of gateways) {
      const usage = usageFromApi(raw as never, prices);
      assert.deepStrictEqual([usage.cacheWriteTokens, usage.cacheReadTokens], [0, 0], JSON.stringify(raw));
      assert.strictEqual(usage.costUsd, (100 * 3 + 5 * 15) / 1e6);
      assert.strictEqual(cacheHitRate(usage), 0);
    }
    const empty = usageFromApi(undefined, prices);
    assert.deepStrictEqual(empty, { inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0, costUsd: 0 });
    assert.strictEqual(cacheHitRate(empty), undefined);
    assert.strictEqual(describeUsage(empty), 'in 0 · out 0 · cache write 0 · cache read 0 · $0');
  });

  it('takes the write total from the lifetime split when a gateway reports only that', () => {
    const usage = usageFromApi({ input_tokens: 10, output_tokens: 0, cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 500 } }, prices);
    assert.strictEqual(usage.cacheWriteTokens, 1500);
    assert.strictEqual(Number(usage.costUsd?.toFixed(10)), Number(((10 * 3 + 1000 * 3.75 + 500 * 6) / 1e6).toFixed(10)));
  });

  it('shows the hit rate per turn and for the conversation: reads over all input', () => {
    const cached = usageFromApi({ input_tokens: 50, output_tokens: 10, cache_creation_input_tokens: 150, cache_read_input_tokens: 800 }, prices);
    assert.strictEqual(cacheHitRate(cached), 0.8);
    assert.match(describeUsage(cached), / · cache hit 80%$/);
    const first = usageFromApi({ input_tokens: 50, output_tokens: 10, cache_creation_input_tokens: 950 }, prices);
    const totals = conversationTotals([first, cached].map((usage, i): Turn => ({ id: `t${i}`, role: 'assistant', status: 'done', blocks: [], usage })));
    assert.match(describeUsage(totals), / · cache hit 40%$/);
    // 999 of 1,000 is not yet everything.
    assert.match(describeUsage({ inputTokens: 1, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 999 }), /cache hit 99%$/);
  });
});

describe('export and search', () => {
  const conversation = newConversation('c1', Date.UTC(2025, 0, 2));
  conversation.title = 'Greeting helper';
  conversation.turns.push(
    { id: 't1', role: 'user', status: 'done', blocks: [{ type: 'image', mediaType: 'image/png', data: 'x', name: 'shot.png' }, { type: 'text', text: 'How do I greet?' }] },
    { id: 't2', role: 'assistant', status: 'done', model: 'claude-sonnet-4-5', blocks: [{ type: 'thinking', thinking: 'Simple.', signature: 's' }, { type: 'redacted_thinking', data: 'd' }, { type: 'text', text: 'Use `greet("Ada")`.' }], usage: { inputTokens: 5, outputTokens: 7, cacheWriteTokens: 0, cacheReadTokens: 0 } },
  );

  it('exports a conversation as Markdown', () => {
    assert.strictEqual(conversationToMarkdown(conversation), [
      '# Greeting helper', '', '_Exported from Claude Assistant on 2025-01-02._', '',
      '## You', '', '_[Image: shot.png]_', '', 'How do I greet?', '', '',
      '## Claude (claude-sonnet-4-5)', '', '<details><summary>Thinking</summary>', '', 'Simple.', '', '</details>', '',
      '_Part of the reasoning was redacted by the provider._', '', 'Use `greet("Ada")`.', '', '<sub>in 5 · out 7 · cache write 0 · cache read 0 · cache hit 0%</sub>', '', '',
      '---', '', 'Conversation usage: in 5 · out 7 · cache write 0 · cache read 0 · cache hit 0%', '',
    ].join('\n'));
    assert.ok(!conversationToMarkdown(conversation).includes('signature'));
  });

  it('finds conversations containing every word, with a snippet', () => {
    const hits = searchConversations([conversation], 'GREET ada');
    assert.deepStrictEqual(hits.map((h) => [h.id, h.snippet]), [['c1', 'How do I greet?']]);
    assert.deepStrictEqual(searchConversations([conversation], 'greet python'), []);
  });
});
