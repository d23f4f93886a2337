import * as assert from 'assert';
import { errorFromResponse } from '../../src/api/apiError';
import { MessageAccumulator } from '../../src/api/messageAccumulator';
import type { StreamResult } from '../../src/api/messagesClient';
import type { MessagesRequestBody } from '../../src/api/types';
import { COMPACTION_BETA, CONTEXT_EDITING_BETA, contextEdits, withContextManagement, withoutContextManagement } from '../../src/conversation/contextManagement';
import { blockForView } from '../../src/conversation/events';
import { parseConversation, newConversation } from '../../src/conversation/record';
import { ReplyWriter } from '../../src/conversation/replyWriter';
import { refusedFeature, streamWithFallback } from '../../src/conversation/requestCaching';
import type { Turn } from '../../src/conversation/transcript';
import { historyMessages } from '../../src/conversation/turnRequest';
import type { GatewayMemory, OptionalFeature } from '../../src/providers/gatewayFacts';
import { parseLiveModel } from '../../src/providers/liveModels';
import { modelInfo, type ModelInfo } from '../../src/providers/modelCatalog';

const ALL = { clearToolUses: true, clearThinking: true, compact: true };
const NONE = { clearToolUses: false, clearThinking: false, compact: false };
const model = (contextManagement = ALL, contextWindow = 200_000): ModelInfo => ({ ...modelInfo('claude-sonnet-4-6'), contextManagement, contextWindow });
const body: MessagesRequestBody = { model: 'claude-sonnet-4-6', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] };
const COMPACTION = { type: 'compaction', content: 'Summary: the user wants \u00e9 fixed.', encrypted_content: 'b3BhcXVl+/=' };

class Memory implements GatewayMemory {
  readonly learned: OptionalFeature[] = [];
  constructor(private readonly refused: OptionalFeature[] = []) {}
  refuses(feature: OptionalFeature): boolean {
    return this.refused.includes(feature) || this.learned.includes(feature);
  }
  remember(feature: OptionalFeature): Promise<void> {
    this.learned.push(feature);
    return Promise.resolve();
  }
}

const badRequest = (message: string): Error => errorFromResponse(400, 'req_cm', JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message } }));

describe('server-side context management: the request', () => {
  it('sends the strategies the model takes, thinking first and only with thinking on, with triggers from its window', () => {
    assert.deepStrictEqual(contextEdits(model(), true), [
      { type: 'clear_thinking_20251015', keep: 'all' },
      { type: 'clear_tool_uses_20250919', trigger: { type: 'input_tokens', value: 120_000 }, keep: { type: 'tool_uses', value: 3 }, clear_at_least: { type: 'input_tokens', value: 20_000 } },
      { type: 'compact_20260112', trigger: { type: 'input_tokens', value: 160_000 } },
    ]);
    assert.deepStrictEqual(contextEdits(model(), false).map((edit) => edit.type), ['clear_tool_uses_20250919', 'compact_20260112']);
    assert.deepStrictEqual(contextEdits(model({ ...NONE, compact: true }, 40_000), false), [{ type: 'compact_20260112', trigger: { type: 'input_tokens', value: 50_000 } }], 'never below the API\'s lowest trigger');
    assert.deepStrictEqual(contextEdits(model(NONE), true), []);
  });

  it('adds context_management and the beta headers each strategy needs', () => {
    const managed = withContextManagement(body, { modelInfo: model() }, false);
    assert.deepStrictEqual(managed.betas, [CONTEXT_EDITING_BETA, COMPACTION_BETA]);
    assert.deepStrictEqual((managed.body.context_management as { edits: unknown[] }).edits.length, 2);
    assert.deepStrictEqual(withContextManagement(body, { modelInfo: model({ ...NONE, clearToolUses: true }) }, false).betas, [CONTEXT_EDITING_BETA]);
    assert.deepStrictEqual(withContextManagement(body, { modelInfo: model({ ...NONE, compact: true }) }, false).betas, [COMPACTION_BETA]);
  });

  it('sends none to a model without it, or to a provider found to refuse it', () => {
    assert.deepStrictEqual(withContextManagement(body, { modelInfo: model(NONE) }, true), { body, betas: [] });
    assert.deepStrictEqual(withContextManagement(body, { modelInfo: model(), gateway: new Memory(['context_management']) }, true), { body, betas: [] });
  });

  it('sends compaction blocks back only where compaction is on; elsewhere the full history goes instead', () => {
    const history: MessagesRequestBody = { ...body, messages: [
      { role: 'user', content: 'Long ago' },
      { role: 'assistant', content: [COMPACTION, { type: 'text', text: 'Done.' }] },
      { role: 'assistant', content: [COMPACTION] },
      { role: 'user', content: 'Next' },
    ] };
    assert.strictEqual(withContextManagement(history, { modelInfo: model() }, false).body.messages, history.messages);
    const without = withContextManagement(history, { modelInfo: model({ ...ALL, compact: false }) }, false).body;
    assert.deepStrictEqual(without.messages, [{ role: 'user', content: 'Long ago' }, { role: 'assistant', content: [{ type: 'text', text: 'Done.' }] }, { role: 'user', content: 'Next' }]);
    const stripped = withoutContextManagement({ ...history, context_management: { edits: [] } }, ['computer-use-2024-10-22', CONTEXT_EDITING_BETA, COMPACTION_BETA]);
    assert.deepStrictEqual([stripped.body.context_management, stripped.body.messages.length, stripped.betas], [undefined, 3, ['computer-use-2024-10-22']]);
  });

  it('reads which strategies a model takes from the Models API, and from the table for bare ids', () => {
    const entry = (context_management: unknown) => parseLiveModel({ id: 'claude-x', capabilities: { context_management } })?.contextManagement;
    assert.deepStrictEqual(entry({ supported: true, clear_tool_uses_20250919: { supported: true }, clear_thinking_20251015: null, compact_20260112: { supported: false } }), { ...NONE, clearToolUses: true });
    assert.deepStrictEqual(entry({ supported: false, clear_tool_uses_20250919: { supported: true }, clear_thinking_20251015: { supported: true }, compact_20260112: { supported: true } }), NONE);
    assert.deepStrictEqual([modelInfo('claude-opus-4-6').contextManagement, modelInfo('claude-haiku-4-5').contextManagement, modelInfo('claude-3-5-sonnet').contextManagement, modelInfo('my-gateway-model').contextManagement], [ALL, { ...ALL, compact: false }, NONE, NONE]);
  });
});

describe('server-side context management: a gateway that refuses it', () => {
  const managed = withContextManagement(body, { modelInfo: model() }, false);

  it('reads gateways\' wordings of the refusal', () => {
    assert.strictEqual(refusedFeature(badRequest('context_management: Extra inputs are not permitted'), managed.body), 'context_management');
    assert.strictEqual(refusedFeature(badRequest('Unexpected value(s) `compact-2026-01-12` for the `anthropic-beta` header.'), managed.body), 'context_management');
    assert.strictEqual(refusedFeature(badRequest('messages.1.content.0.type: unknown block type compaction'), managed.body), 'context_management');
    assert.strictEqual(refusedFeature(badRequest('max_tokens: Field required'), managed.body), undefined);
    assert.strictEqual(refusedFeature(badRequest('context_management: Extra inputs are not permitted'), body), undefined, 'not when it was not sent');
  });

  it('retries once without it, keeping the tools\' betas, and remembers it for the profile', async () => {
    const sent: Array<[MessagesRequestBody, readonly string[] | undefined]> = [];
    const answers: Array<Error | 'ok'> = [badRequest('context_management: Extra inputs are not permitted'), 'ok'];
    const gateway = new Memory();
    const target = {
      gateway,
      stream: (sentBody: MessagesRequestBody, _options: unknown, betas?: readonly string[]): Promise<StreamResult> => {
        sent.push([sentBody, betas]);
        const answer = answers.shift();
        return answer instanceof Error ? Promise.reject(answer) : Promise.resolve({} as StreamResult);
      },
    };
    await streamWithFallback(target, managed.body, {}, ['computer-use-2024-10-22', ...managed.betas]);
    assert.deepStrictEqual(sent.map(([sentBody, betas]) => [sentBody.context_management !== undefined, betas]), [
      [true, ['computer-use-2024-10-22', CONTEXT_EDITING_BETA, COMPACTION_BETA]],
      [false, ['computer-use-2024-10-22']],
    ]);
    assert.deepStrictEqual(gateway.learned, ['context_management']);
  });

  it('retries once per refused field: cache_control and context_management both', async () => {
    const cached = { ...managed.body, system: [{ type: 'text', text: 'x'.repeat(8000), cache_control: { type: 'ephemeral' } }] };
    const answers: Array<Error | 'ok'> = [badRequest('system.0.cache_control: Extra inputs are not permitted'), badRequest('context_management: Extra inputs are not permitted'), 'ok'];
    const sent: MessagesRequestBody[] = [];
    const gateway = new Memory();
    const target = { gateway, stream: (sentBody: MessagesRequestBody): Promise<StreamResult> => {
      sent.push(sentBody);
      const answer = answers.shift();
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve({} as StreamResult);
    } };
    await streamWithFallback(target, cached, {}, managed.betas);
    assert.strictEqual(sent.length, 3);
    assert.deepStrictEqual(gateway.learned, ['cache_control', 'context_management']);
    const again = { gateway: new Memory(), stream: () => Promise.reject(badRequest('context_management: Extra inputs are not permitted')) };
    await assert.rejects(streamWithFallback(again, managed.body, {}, managed.betas), /context_management/);
  });
});

describe('server-side context management: the compaction block', () => {
  const events = [
    ['message_start', { type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'm', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 5, output_tokens: 1 } } }],
    ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'compaction', content: null, encrypted_content: null } }],
    ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'compaction_delta', content: COMPACTION.content, encrypted_content: COMPACTION.encrypted_content } }],
    ['content_block_stop', { type: 'content_block_stop', index: 0 }],
    ['content_block_start', { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } }],
    ['content_block_delta', { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'Fixed.' } }],
    ['content_block_stop', { type: 'content_block_stop', index: 1 }],
    ['message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 9 }, context_management: { applied_edits: [] } }],
    ['message_stop', { type: 'message_stop' }],
  ] as const;

  function streamedTurn(): { turn: Turn; shown: unknown[] } {
    const accumulator = new MessageAccumulator();
    const turn: Turn = { id: 'a1', role: 'assistant', status: 'streaming', blocks: [] };
    const shown: unknown[] = [];
    const writer = new ReplyWriter(turn, (event) => event.type === 'blockStarted' && shown.push(event.block));
    for (const [event, data] of events) {
      const delta = accumulator.apply({ event, data: JSON.stringify(data) });
      if (delta) writer.apply(delta);
    }
    turn.status = 'done';
    return { turn, shown };
  }

  it('is kept from the stream as it came, and goes back byte for byte in the next request', () => {
    const { turn, shown } = streamedTurn();
    assert.deepStrictEqual(turn.blocks, [{ type: 'provider_compaction', block: COMPACTION }, { type: 'text', text: 'Fixed.' }]);
    assert.deepStrictEqual(shown, [{ type: 'provider_compaction' }, { type: 'text', text: '' }], 'the page gets the note, not the block');
    const turns: Turn[] = [{ id: 'u1', role: 'user', status: 'done', blocks: [{ type: 'text', text: 'Fix it' }] }, turn, { id: 'u2', role: 'user', status: 'done', blocks: [{ type: 'text', text: 'Thanks' }] }];
    const next = withContextManagement({ ...body, messages: historyMessages(turns, false) }, { modelInfo: model() }, false).body;
    assert.ok(JSON.stringify(next).includes(`{"role":"assistant","content":[${JSON.stringify(COMPACTION)},{"type":"text","text":"Fixed."}]}`), JSON.stringify(next.messages));
  });

  it('survives the history on disk, and the page never sees its content', () => {
    const { turn } = streamedTurn();
    const saved = { ...newConversation('c1', 1), turns: [turn] };
    assert.deepStrictEqual(parseConversation(JSON.parse(JSON.stringify(saved))).turns[0].blocks[0], { type: 'provider_compaction', block: COMPACTION });
    assert.throws(() => parseConversation({ ...saved, turns: [{ ...turn, blocks: [{ type: 'provider_compaction', block: { type: 'text' } }] }] }), /bad blocks/);
    assert.deepStrictEqual(blockForView(turn.blocks[0]), { type: 'provider_compaction' });
  });
});
