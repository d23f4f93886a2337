import * as assert from 'assert';
import { MessagesClient } from '../../src/api/messagesClient';
import { buildCountTokensRequest } from '../../src/api/tokenCount';
import { ContextCounter, estimatedContext } from '../../src/conversation/contextCount';
import type { Turn } from '../../src/conversation/transcript';
import type { GatewayMemory, OptionalFeature } from '../../src/providers/gatewayFacts';
import { modelInfo } from '../../src/providers/modelCatalog';
import { requestTarget } from '../../src/providers/requestContext';
import { mockServerForSuite } from '../mock/suiteServer';

const silent = { info: () => undefined, warn: () => undefined };
const turns: Turn[] = [
  { id: 't1', role: 'user', status: 'done', blocks: [{ type: 'text', text: 'x'.repeat(400) }] },
  { id: 't2', role: 'assistant', status: 'done', blocks: [{ type: 'text', text: 'y'.repeat(800) }], usage: { inputTokens: 100, outputTokens: 200, cacheWriteTokens: 0, cacheReadTokens: 0 } },
  { id: 't3', role: 'user', status: 'done', blocks: [{ type: 'text', text: 'z'.repeat(40) }] },
];

class Memory implements GatewayMemory {
  readonly learned: OptionalFeature[] = [];
  refuses(feature: OptionalFeature): boolean {
    return this.learned.includes(feature);
  }
  remember(feature: OptionalFeature): Promise<void> {
    this.learned.push(feature);
    return Promise.resolve();
  }
}

describe('context count', () => {
  const server = mockServerForSuite({}, { gateway: undefined });
  let client: MessagesClient;
  before(() => {
    client = new MessagesClient(silent);
  });
  after(() => client.close());

  const context = () => ({
    endpoint: { baseUrl: server.url, anthropicVersion: '2023-06-01' },
    credentials: { key: 'sk-count', headerStyle: 'x-api-key' as const, source: 'SecretStorage' as const },
    model: 'claude-sonnet-4-5',
    modelInfo: modelInfo('claude-sonnet-4-5'),
    maxTokens: 100,
    host: 'mock',
  });

  it('estimates from the last reply\'s usage plus what came after it', () => {
    assert.strictEqual(estimatedContext(turns), 100 + 200 + 10);
    assert.strictEqual(estimatedContext(turns.slice(0, 1)), 100);
    assert.strictEqual(estimatedContext([]), 0);
  });

  it('sends count_tokens only the fields it takes', () => {
    const http = buildCountTokensRequest(context().endpoint, context().credentials, { model: 'm', max_tokens: 5, stream: true, system: 's', messages: [] });
    assert.match(http.url, /\/v1\/messages\/count_tokens$/);
    assert.deepStrictEqual(JSON.parse(http.body), { model: 'm', messages: [], system: 's' });
  });

  it('asks the provider where it can, once per prefix', async () => {
    const target = requestTarget(context(), { streamMessage: () => Promise.reject(new Error('no')), countTokens: (http, signal) => client.countTokens(http, signal) }, new Memory());
    const counter = new ContextCounter();
    const first = await counter.count(target, turns);
    assert.deepStrictEqual(first, { tokens: Math.ceil((400 + 800 + 40) / 4), exact: true, turns: 3 });
    await counter.count(target, turns);
    assert.strictEqual(server.requests.filter((request) => request.path === '/v1/messages/count_tokens').length, 1, 'the same prefix is counted once');
  });

  it('falls back to the estimate where the gateway has no count_tokens, and remembers that', async () => {
    server.configure({ gateway: { countTokens: false } });
    const memory = new Memory();
    const target = requestTarget(context(), { streamMessage: () => Promise.reject(new Error('no')), countTokens: (http, signal) => client.countTokens(http, signal) }, memory);
    const counter = new ContextCounter();
    assert.deepStrictEqual(await counter.count(target, turns), { tokens: 310, exact: false, turns: 3 });
    assert.deepStrictEqual(memory.learned, ['count_tokens']);
    await counter.count(target, [...turns, { id: 't4', role: 'assistant', status: 'done', blocks: [] }]);
    assert.strictEqual(server.requests.length, 1, 'not asked again');
  });

  it('estimates when the target cannot count, and a network failure is not remembered', async () => {
    const memory = new Memory();
    const target = requestTarget({ ...context(), endpoint: { baseUrl: 'http://127.0.0.1:9', anthropicVersion: '' } }, { streamMessage: () => Promise.reject(new Error('no')), countTokens: (http, signal) => client.countTokens(http, signal) }, memory);
    assert.deepStrictEqual(await new ContextCounter().count(target, turns), { tokens: 310, exact: false, turns: 3 });
    assert.deepStrictEqual(memory.learned, []);
    assert.deepStrictEqual(await new ContextCounter().count({ model: 'm', modelInfo: modelInfo('m') }, turns), { tokens: 310, exact: false, turns: 3 });
  });

  const frame = { system: 'You are Claude, in VS Code.', tools: [{ name: 'str_replace_based_edit_tool', description: 'Edits files.', input_schema: { type: 'object' } }], betas: [] };

  it('counts the tools and system prompt the next request carries, with its context management', async () => {
    const target = requestTarget(context(), { streamMessage: () => Promise.reject(new Error('no')), countTokens: (http, signal) => client.countTokens(http, signal) }, new Memory());
    const framed = await new ContextCounter().count(target, turns, undefined, frame);
    assert.deepStrictEqual(framed, { tokens: Math.ceil((400 + 800 + 40 + frame.system.length + JSON.stringify(frame.tools[0]).length) / 4), exact: true, turns: 3 });
    const request = server.requests[0];
    const sent = request.body as Record<string, unknown>;
    assert.deepStrictEqual([sent.system, sent.tools], [frame.system, frame.tools]);
    assert.ok(sent.context_management !== undefined && /context-management-2025-06-27/.test(request.headers['anthropic-beta'] ?? ''), 'as the next request would carry it');
  });

  it('estimates the tools and system prompt too, where no reply has counted them yet', () => {
    const frameTokens = Math.ceil((frame.system.length + JSON.stringify(frame.tools).length) / 4) + 346;
    assert.strictEqual(estimatedContext(turns.slice(0, 1), frame), 100 + frameTokens);
    assert.strictEqual(estimatedContext(turns, frame), 310, 'a reply\'s usage already holds them');
  });

  it('takes a count refused for its context management as that refusal, not as a missing endpoint', async () => {
    server.configure({ gateway: { rejectFields: ['context_management'] } });
    const memory = new Memory();
    const target = requestTarget(context(), { streamMessage: () => Promise.reject(new Error('no')), countTokens: (http, signal) => client.countTokens(http, signal) }, memory);
    const counter = new ContextCounter();
    assert.strictEqual((await counter.count(target, turns)).exact, false);
    assert.deepStrictEqual(memory.learned, ['context_management']);
    assert.strictEqual((await counter.count(target, turns)).exact, true, 'the next count goes without it');
  });
});
