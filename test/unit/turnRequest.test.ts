import * as assert from 'assert';
import { continuationMessages, historyMessages, requestShape, takesPrefill } from '../../src/conversation/turnRequest';
import { modelInfo } from '../../src/providers/modelCatalog';
import type { Turn } from '../../src/webview/protocol';

const off = { thinking: { enabled: false, budgetTokens: 4096, effort: 'high' as const } };
const on = { thinking: { enabled: true, budgetTokens: 4096, effort: 'medium' as const } };

describe('requestShape', () => {
  it('sends no thinking parameter unless the user turned it on', () => {
    assert.deepStrictEqual(requestShape(modelInfo('claude-sonnet-4-5'), 8192, off), { max_tokens: 8192 });
  });

  it('uses a budget on models that take "enabled", with max_tokens above it', () => {
    assert.deepStrictEqual(requestShape(modelInfo('claude-sonnet-4-5'), 8192, on), { max_tokens: 8192 + 4096, thinking: { type: 'enabled', budget_tokens: 4096 } });
  });

  it('keeps within the model\'s output limit, shrinking the budget rather than the answer', () => {
    const roomy = requestShape(modelInfo('claude-3-7-sonnet'), 60000, { thinking: { ...on.thinking, budgetTokens: 32768 } });
    assert.deepStrictEqual(roomy, { max_tokens: 64000, thinking: { type: 'enabled', budget_tokens: 32768 } });
    const tight = requestShape(modelInfo('claude-3-7-sonnet'), 64000, { thinking: { ...on.thinking, budgetTokens: 63500 } });
    assert.deepStrictEqual(tight, { max_tokens: 64000, thinking: { type: 'enabled', budget_tokens: 64000 - 1024 } });
  });

  it('uses adaptive thinking and an effort on 4.6 and later', () => {
    assert.deepStrictEqual(requestShape(modelInfo('claude-opus-4-6'), 8192, on), { max_tokens: 8192, thinking: { type: 'adaptive', display: 'summarized' }, output_config: { effort: 'medium' } });
  });

  it('leaves thinking alone for models without it and for gateway -thinking ids', () => {
    assert.deepStrictEqual(requestShape(modelInfo('claude-3-5-haiku'), 4096, on), { max_tokens: 4096 });
    assert.deepStrictEqual(requestShape(modelInfo('claude-sonnet-4-5-20250929-thinking'), 4096, on), { max_tokens: 4096 });
  });
});

describe('historyMessages', () => {
  const turns: Turn[] = [
    { id: 't1', role: 'user', status: 'done', blocks: [{ type: 'text', text: 'Q1' }] },
    { id: 't2', role: 'assistant', status: 'error', blocks: [] },
    { id: 't3', role: 'user', status: 'done', blocks: [{ type: 'text', text: 'Q2' }] },
    { id: 't4', role: 'assistant', status: 'stopped', blocks: [{ type: 'thinking', thinking: 'half', signature: undefined }, { type: 'text', text: 'partial' }] },
    { id: 't5', role: 'user', status: 'done', blocks: [{ type: 'text', text: 'Q3' }] },
    { id: 't6', role: 'assistant', status: 'done', stopReason: 'refusal', blocks: [{ type: 'text', text: 'void' }] },
  ];

  it('leaves out empty failed replies and refusals, and a stopped reply\'s unfinished thinking', () => {
    assert.deepStrictEqual(historyMessages(turns, true), [
      { role: 'user', content: 'Q1' },
      { role: 'user', content: 'Q2' },
      { role: 'assistant', content: [{ type: 'text', text: 'partial' }] },
      { role: 'user', content: 'Q3' },
    ]);
  });
});

describe('continuing a reply', () => {
  const partial: Turn = { id: 't2', role: 'assistant', status: 'error', blocks: [{ type: 'text', text: 'Half of it \n' }] };
  const history = [{ role: 'user' as const, content: 'Q' }];

  it('prefills on 4.5 and older, without trailing white space', () => {
    assert.strictEqual(takesPrefill(modelInfo('claude-sonnet-4-5')), true);
    assert.strictEqual(takesPrefill(modelInfo('claude-3-7-sonnet-latest')), true);
    assert.deepStrictEqual(continuationMessages(history, partial, modelInfo('claude-haiku-4-5'), false).at(-1), { role: 'assistant', content: 'Half of it' });
  });

  it('asks in a user message on 4.6+, on unknown models, and whenever thinking is on', () => {
    for (const [id, thinking] of [['claude-opus-4-6', false], ['gpt-like-model', false], ['claude-sonnet-4-5', true]] as const) {
      const last = continuationMessages(history, partial, modelInfo(id), thinking).at(-1);
      assert.strictEqual(last?.role, 'user', id);
      assert.match(String(last?.content), /Half of it/);
    }
  });
});
