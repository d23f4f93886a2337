import * as assert from 'assert';
import { FakeStreamer, type Script } from './fakeStreamer';
import type { StreamDelta } from '../../src/api/messageAccumulator';
import { ApiError } from '../../src/api/apiError';
import type { ToolFormMemory } from '../../src/conversation/agentLoop';
import type { LoopLimits } from '../../src/conversation/loopGuards';
import { ChatSession, type SessionEvent } from '../../src/conversation/session';
import type { ToolCallContext, ToolForm, ToolHandler, ToolProvider } from '../../src/conversation/toolHandler';
import type { ToolResultBlock, ToolUseBlock } from '../../src/conversation/transcript';
import type { ChatOptions } from '../../src/conversation/turnRequest';
import { modelInfo } from '../../src/providers/modelCatalog';
import type { GatewayMemory } from '../../src/providers/gatewayFacts';
import { requestTarget, type RequestContext } from '../../src/providers/requestContext';
import { textEditorDefinition } from '../../src/tools/textEditorTool';

const MODEL = 'claude-sonnet-4-5';
const context: RequestContext = {
  endpoint: { baseUrl: 'https://api.anthropic.com', anthropicVersion: '2023-06-01' },
  credentials: { key: 'sk-test', headerStyle: 'x-api-key', source: 'SecretStorage' },
  model: MODEL,
  // Server-side context management has tests of its own; these requests go without it.
  modelInfo: { ...modelInfo(MODEL), contextManagement: { clearToolUses: false, clearThinking: false, compact: false } },
  maxTokens: 1024,
  host: 'api.anthropic.com',
  profileId: 'gw',
  toolForm: 'auto',
};
const EDITOR = 'str_replace_based_edit_tool';



type Part = { text: string } | { call: ToolUseBlock; cut?: true } | { thinking: string; signature: string } | { redacted: string };

/** A reply of these blocks that stops for `stopReason`, with this usage. */
function replyOf(parts: Part[], stopReason: string, usage = { input_tokens: 100, output_tokens: 50 }): Script {
  return async ({ onDelta }) => {
    const emit = (delta: StreamDelta): void => onDelta?.(delta);
    emit({ type: 'messageStart', message: { id: 'm', type: 'message', role: 'assistant', model: MODEL, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: usage.input_tokens, output_tokens: 1 } } });
    parts.forEach((part, index) => {
      if ('text' in part) {
        emit({ type: 'blockStart', index, block: { type: 'text', text: '' } });
        emit({ type: 'text', index, text: part.text });
        emit({ type: 'blockStop', index, block: { type: 'text', text: part.text } });
      } else if ('thinking' in part) {
        emit({ type: 'blockStart', index, block: { type: 'thinking', thinking: '', signature: '' } });
        emit({ type: 'thinking', index, thinking: part.thinking });
        emit({ type: 'blockStop', index, block: { type: 'thinking', thinking: part.thinking, signature: part.signature } });
      } else if ('redacted' in part) {
        emit({ type: 'blockStart', index, block: { type: 'redacted_thinking', data: part.redacted } });
        emit({ type: 'blockStop', index, block: { type: 'redacted_thinking', data: part.redacted } });
      } else {
        emit({ type: 'blockStart', index, block: { type: 'tool_use', id: part.call.id, name: part.call.name, input: {} } });
        emit({ type: 'toolInput', index, partialJson: '{"command":' });
        emit(part.cut
          ? { type: 'blockStop', index, block: { type: 'tool_use', id: part.call.id, name: part.call.name, input: {} }, inputIncomplete: true }
          : { type: 'blockStop', index, block: { ...part.call } });
      }
    });
    emit({ type: 'messageDelta', stopReason, usage });
  };
}

const call = (id: string, input: Record<string, unknown> = { command: 'view', path: 'a.txt' }, name = EDITOR): ToolUseBlock => ({ type: 'tool_use', id, name, input });
const callReply = (...calls: ToolUseBlock[]): Script => replyOf([{ text: 'Let me look.' }, ...calls.map((c) => ({ call: c }))], 'tool_use');
const endReply = (text = 'Done.'): Script => replyOf([{ text }], 'end_turn');

/** A text editor handler that answers each call with `answer`, recording what it ran. */
class FakeEditor implements ToolProvider {
  readonly ran: Array<{ id: string; form: ToolForm }> = [];
  readonly offers: ToolForm[] = [];
  constructor(private readonly answer: (call: ToolUseBlock, context: ToolCallContext) => Promise<ToolResultBlock> = async (c) => ({ type: 'tool_result', toolUseId: c.id, content: `1\tcontents of ${String((c.input as { path?: string }).path)}` })) {}
  toolsFor({ form }: { model: string; form: ToolForm }): ToolHandler[] {
    this.offers.push(form);
    const definition = textEditorDefinition('text_editor_20250728', form, { maxCharacters: 10000 });
    return [{
      name: EDITOR,
      definition: { tool: definition.tool, betas: definition.betas },
      run: (c, ctx) => {
        this.ran.push({ id: c.id, form });
        ctx.update({ toolUseId: c.id, status: 'running', title: `View ${String((c.input as { path?: string }).path)}` });
        return this.answer(c, ctx);
      },
    }];
  }
}

function setup(scripts: Script[], extra: { tools?: ToolProvider; limits?: LoopLimits; forms?: ToolFormMemory; thinking?: boolean; ctx?: Partial<RequestContext>; gateway?: GatewayMemory } = {}) {
  const streamer = new FakeStreamer(scripts);
  const events: SessionEvent[] = [];
  const logs: string[] = [];
  let id = 0;
  const options: ChatOptions = { thinking: { enabled: extra.thinking ?? false, budgetTokens: 2048, effort: 'high' } };
  const session = new ChatSession({
    resolveTarget: async () => requestTarget({ ...context, ...extra.ctx }, streamer, extra.gateway),
    resolveOptions: () => options,
    emit: (event) => events.push(event),
    newId: () => `c${++id}`,
    tools: extra.tools ?? new FakeEditor(),
    loopLimits: () => extra.limits ?? { maxToolRounds: 25, maxTurnCostUsd: 1, maxTurnTokens: 1_000_000 },
    toolForms: extra.forms,
    surroundings: () => ({ os: 'Linux', folders: ['/work/sample'] }),
    log: (message) => logs.push(message),
  });
  return { streamer, events, session, logs };
}

describe('The agent loop', () => {
  it('runs a call, answers it first in the next user message, and keeps one turn on screen', async () => {
    const editor = new FakeEditor();
    const { streamer, session, events } = setup([callReply(call('toolu_1')), endReply('It says hello.')], { tools: editor });
    await session.send('What is in a.txt?');
    assert.strictEqual(streamer.requests.length, 2);
    const first = streamer.body(0);
    assert.deepStrictEqual(first.tools, [{ type: 'text_editor_20250728', name: EDITOR, max_characters: 10000 }]);
    assert.match(first.system ?? '', /Linux/);
    assert.match(first.system ?? '', /str_replace_based_edit_tool/);
    assert.deepStrictEqual(streamer.body(1).messages, [
      { role: 'user', content: 'What is in a.txt?' },
      { role: 'assistant', content: [{ type: 'text', text: 'Let me look.' }, { type: 'tool_use', id: 'toolu_1', name: EDITOR, input: { command: 'view', path: 'a.txt' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '1\tcontents of a.txt' }] },
    ]);
    assert.strictEqual(streamer.body(1).system, first.system, 'the system prompt is the same from one request to the next');
    assert.strictEqual(session.transcript.length, 2, 'one user turn and one assistant turn');
    const turn = session.transcript[1];
    assert.deepStrictEqual(turn.blocks.map((b) => b.type), ['text', 'tool_use', 'tool_result', 'text']);
    assert.strictEqual(turn.status, 'done');
    assert.strictEqual(turn.toolCalls?.toolu_1?.status, 'running');
    assert.ok(events.some((e) => e.type === 'toolCall' && e.view.toolUseId === 'toolu_1'));
    assert.strictEqual(turn.usage?.inputTokens, 200, 'usage adds up over the loop\'s requests');
  });

  it('runs several calls of one reply in order and answers them together; an unknown tool gets an error result', async () => {
    const editor = new FakeEditor();
    const { streamer, session } = setup([callReply(call('toolu_1'), call('toolu_2', {}, 'bash'), call('toolu_3', { command: 'view', path: 'b.txt' })), endReply()], { tools: editor });
    await session.send('Look around');
    assert.deepStrictEqual(editor.ran.map((r) => r.id), ['toolu_1', 'toolu_3']);
    const results = streamer.body(1).messages[2].content as Array<{ tool_use_id: string; is_error?: boolean; content: string }>;
    assert.deepStrictEqual(results.map((r) => [r.tool_use_id, r.is_error ?? false]), [['toolu_1', false], ['toolu_2', true], ['toolu_3', false]]);
    assert.match(results[1].content, /no tool named "bash"/);
  });

  it('sends the thinking blocks of the turn so far back unchanged, signatures and redacted data included', async () => {
    const { streamer, session } = setup([
      replyOf([{ thinking: 'I should read it.', signature: 'sig-1' }, { redacted: 'opaque==' }, { call: call('toolu_1') }], 'tool_use'),
      endReply(),
    ], { thinking: true });
    await session.send('Read a.txt');
    const assistant = streamer.body(1).messages[1];
    assert.deepStrictEqual(assistant.content, [
      { type: 'thinking', thinking: 'I should read it.', signature: 'sig-1' },
      { type: 'redacted_thinking', data: 'opaque==' },
      { type: 'tool_use', id: 'toolu_1', name: EDITOR, input: { command: 'view', path: 'a.txt' } },
    ]);
  });

  it('continues after pause_turn with the reply so far as the last assistant message', async () => {
    const { streamer, session } = setup([replyOf([{ text: 'Searching… ' }], 'pause_turn'), endReply('Found it.')]);
    await session.send('Search');
    const last = streamer.body(1).messages.at(-1);
    assert.deepStrictEqual(last, { role: 'assistant', content: [{ type: 'text', text: 'Searching…' }] });
    assert.strictEqual(session.transcript[1].status, 'done');
    assert.deepStrictEqual(session.transcript[1].blocks.map((b) => b.type), ['text', 'text']);
  });

  it('asks once more with a larger max_tokens when the reply is cut off in a call, dropping the cut-off part', async () => {
    const { streamer, session, events } = setup([
      replyOf([{ text: 'Editing.' }, { call: call('toolu_cut'), cut: true }], 'max_tokens'),
      callReply(call('toolu_1')),
      endReply(),
    ]);
    await session.send('Edit');
    assert.strictEqual(streamer.body(0).max_tokens, 1024);
    assert.strictEqual(streamer.body(1).max_tokens, 2048);
    assert.strictEqual(streamer.body(1).messages.length, 1, 'the cut-off reply is not sent back');
    assert.ok(events.some((e) => e.type === 'blocksTruncated' && e.keep === 0));
    assert.ok(!session.transcript[1].blocks.some((b) => b.type === 'tool_use' && b.id === 'toolu_cut'));
    assert.strictEqual(session.transcript[1].status, 'done');
  });

  it('reports a second cut-off call instead of asking again', async () => {
    const cut = (): Script => replyOf([{ call: call('toolu_cut'), cut: true }], 'max_tokens');
    const { streamer, session } = setup([cut(), cut()]);
    await session.send('Edit');
    assert.strictEqual(streamer.requests.length, 2);
    assert.match(session.transcript[1].notice ?? '', /output limit \(2048 tokens\) in the middle of a tool call/);
  });

  it('pauses after the maximum number of rounds with a message, and Continue goes on', async () => {
    const editor = new FakeEditor();
    const { streamer, session } = setup([
      callReply(call('toolu_1', { command: 'view', path: '1' })),
      callReply(call('toolu_2', { command: 'view', path: '2' })),
      endReply(),
    ], { tools: editor, limits: { maxToolRounds: 1, maxTurnCostUsd: 0, maxTurnTokens: 0 } });
    await session.send('Go');
    const turn = session.transcript[1];
    assert.strictEqual(streamer.requests.length, 2);
    assert.deepStrictEqual(editor.ran.map((r) => r.id), ['toolu_1']);
    assert.strictEqual(turn.status, 'done');
    assert.strictEqual(turn.stopReason, 'tool_use');
    assert.match(turn.notice ?? '', /Paused after 1 rounds.*Continue/);
    await session.continueReply();
    assert.deepStrictEqual(editor.ran.map((r) => r.id), ['toolu_1', 'toolu_2']);
    assert.strictEqual(streamer.requests.length, 3);
    const results = streamer.body(2).messages.at(-1)?.content as Array<{ tool_use_id: string }>;
    assert.strictEqual(results[0].tool_use_id, 'toolu_2');
    assert.strictEqual(session.transcript[1].notice, undefined);
    assert.strictEqual(session.transcript.length, 2);
  });

  it('pauses when the same call comes three times in a row', async () => {
    const editor = new FakeEditor();
    const same = { command: 'view', path: 'a.txt' };
    const { session } = setup([callReply(call('t1', same)), callReply(call('t2', same)), callReply(call('t3', same))], { tools: editor });
    await session.send('Go');
    assert.deepStrictEqual(editor.ran.map((r) => r.id), ['t1', 't2']);
    assert.match(session.transcript[1].notice ?? '', /same str_replace_based_edit_tool call 3 times in a row/);
  });

  it('pauses when the turn costs more than the cap, in USD with known prices', async () => {
    // Sonnet 4.5: $3 in, $15 out per million; 100k in + 10k out is $0.45 a request.
    const big = { input_tokens: 100_000, output_tokens: 10_000 };
    const { streamer, session } = setup([
      replyOf([{ call: call('t1', { command: 'view', path: '1' }) }], 'tool_use', big),
      replyOf([{ call: call('t2', { command: 'view', path: '2' }) }], 'tool_use', big),
    ], { limits: { maxToolRounds: 0, maxTurnCostUsd: 0.5, maxTurnTokens: 0 } });
    await session.send('Go');
    assert.strictEqual(streamer.requests.length, 2);
    assert.match(session.transcript[1].notice ?? '', /cost \$0\.90, over the \$0\.50/);
  });

  it('pauses on tokens when the prices are unknown', async () => {
    const { session } = setup([replyOf([{ call: call('t1') }], 'tool_use', { input_tokens: 600, output_tokens: 500 })], {
      limits: { maxToolRounds: 0, maxTurnCostUsd: 0.01, maxTurnTokens: 1000 },
      ctx: { model: 'my-model', modelInfo: modelInfo('my-model') },
    });
    await session.send('Go');
    assert.match(session.transcript[1].notice ?? '', /used 1,100 tokens, over the 1,000/);
  });

  it('Stop ends a call in progress at once; the next request answers it as cancelled', async () => {
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    let sawAbort = false;
    const editor = new FakeEditor((_call, ctx) => {
      started();
      ctx.signal.addEventListener('abort', () => (sawAbort = true));
      return new Promise<ToolResultBlock>(() => undefined); // never answers by itself
    });
    const { streamer, session } = setup([callReply(call('toolu_1')), endReply('ok')], { tools: editor });
    const sending = session.send('Edit');
    await running;
    session.stop();
    await sending;
    assert.ok(sawAbort, 'the tool saw the abort');
    assert.strictEqual(session.transcript[1].status, 'stopped');
    assert.strictEqual(session.transcript[1].toolCalls?.toolu_1?.status, 'cancelled');
    await session.send('Never mind');
    const messages = streamer.body(1).messages;
    assert.deepStrictEqual(messages.slice(2), [{
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'toolu_1', content: 'Cancelled by the user before it finished. Nothing was changed by this call.', is_error: true },
        { type: 'text', text: 'Never mind' },
      ],
    }]);
  });

  it('in auto, a 400 naming the tools is asked again once with custom tools, remembered for the profile and model, and logged', async () => {
    const remembered = new Map<string, ToolForm>();
    const forms: ToolFormMemory = { get: (p, m) => remembered.get(`${p}/${m}`), set: (p, m, f) => void remembered.set(`${p}/${m}`, f) };
    // As the HTTP client's own bundle throws it: an ApiError by name, of another class than this bundle's.
    class ClientBundleApiError extends Error {
      readonly status = 400;
      constructor(message: string) {
        super(message);
        this.name = 'ApiError';
      }
    }
    const refuse: Script = async () => {
      throw new ClientBundleApiError('tools.0: Extra inputs are not permitted');
    };
    const editor = new FakeEditor();
    const { streamer, session, logs } = setup([refuse, callReply(call('t1')), endReply()], { tools: editor, forms });
    await session.send('Go');
    assert.strictEqual(session.transcript[1].status, 'done');
    assert.deepStrictEqual(streamer.body(0).tools, [{ type: 'text_editor_20250728', name: EDITOR, max_characters: 10000 }]);
    const custom = streamer.body(1).tools as Array<Record<string, unknown>>;
    assert.strictEqual(custom[0].name, EDITOR);
    assert.ok(custom[0].input_schema && !('type' in custom[0]));
    assert.deepStrictEqual(editor.ran.map((r) => r.form), ['custom']);
    assert.strictEqual(remembered.get(`gw/${MODEL}`), 'custom');
    assert.ok(logs.some((line) => /refused Anthropic-defined tools/.test(line)));
    // The next turn starts with custom tools.
    const next = setup([endReply()], { forms });
    await next.session.send('Again');
    assert.ok(!('type' in (next.streamer.body(0).tools as Array<Record<string, unknown>>)[0]));
  });

  it('does not retry with custom tools when the profile says anthropic, nor for other 400s', async () => {
    const refuse = (message: string): Script => async () => {
      throw new ApiError(message, 400, 'invalid_request_error', 'req_x');
    };
    const fixed = setup([refuse('tools.0: Extra inputs are not permitted')], { ctx: { toolForm: 'anthropic' } });
    await fixed.session.send('Go');
    assert.strictEqual(fixed.streamer.requests.length, 1);
    assert.strictEqual(fixed.session.transcript[1].status, 'error');
    const other = setup([refuse('messages: roles must alternate')]);
    await other.session.send('Go');
    assert.strictEqual(other.streamer.requests.length, 1);
  });

  it('puts the tools and system prompt under a cache breakpoint, and keeps a typed tool\'s beta when a gateway refuses cache_control', async () => {
    // A tool long enough that tools and system pass the model's minimum cacheable prefix.
    const long: ToolProvider = {
      toolsFor: ({ form }) => {
        const d = textEditorDefinition('text_editor_20241022', form);
        const tool = { ...d.tool, description: 'Edits files. '.repeat(500) };
        return [{ name: d.spec.name, definition: { tool, betas: d.betas }, run: async (c) => ({ type: 'tool_result', toolUseId: c.id, content: 'x' }) }];
      },
    };
    const remembered: string[] = [];
    const gateway: GatewayMemory = { refuses: (feature) => remembered.includes(feature), remember: async (feature) => void remembered.push(feature) };
    const refuse: Script = async () => {
      throw new ApiError('cache_control: Extra inputs are not permitted', 400, 'invalid_request_error', 'req_2');
    };
    const { streamer, session } = setup([callReply(call('t1')), refuse, endReply()], { tools: long, gateway });
    await session.send('Go');
    assert.strictEqual(session.transcript[1].status, 'done');
    const first = streamer.body(0) as unknown as { system: Array<Record<string, unknown>> };
    assert.deepStrictEqual(first.system.at(-1)?.cache_control, { type: 'ephemeral' }, 'the breakpoint ends the tools and system prompt');
    assert.ok(JSON.stringify(streamer.body(1)).includes('cache_control'), 'the second request carries breakpoints too');
    assert.ok(!JSON.stringify(streamer.body(2)).includes('cache_control'), 'the retry leaves them out');
    assert.deepStrictEqual(remembered, ['cache_control']);
    for (const index of [0, 1, 2]) assert.strictEqual(streamer.requests[index].headers['anthropic-beta'], 'computer-use-2024-10-22', `request ${index} keeps the tool's beta`);
  });

  it('sends the beta a typed tool needs, on top of the profile\'s', async () => {
    const old: ToolProvider = {
      toolsFor: ({ form }) => {
        const d = textEditorDefinition('text_editor_20241022', form);
        return [{ name: d.spec.name, definition: { tool: d.tool, betas: d.betas }, run: async (c) => ({ type: 'tool_result', toolUseId: c.id, content: 'x' }) }];
      },
    };
    const { streamer, session } = setup([endReply()], { tools: old, ctx: { endpoint: { ...context.endpoint, betas: ['other-beta'] } } });
    await session.send('Hi');
    assert.strictEqual(streamer.requests[0].headers['anthropic-beta'], 'other-beta,computer-use-2024-10-22');
  });
});
