// Prompt caching and token counting inside the real extension host, against the mock's emulation
// of the API's cache and of gateways that refuse cache_control or have no count_tokens.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { ContextCount, HostToWebview } from '../../src/webview/protocol';
import { turnText } from '../../src/webview/protocol';
import { textReply } from '../mock/server';
import { activateApi, claudeSettings as config, mockProviderForSuite } from './mockProvider';

const KEY = 'sk-ant-caching-key';
/** Long enough (about 1,500 tokens) for a breakpoint on Sonnet 4.5. */
const LONG_QUESTION = `Review this module:\n${'const value = compute(input);\n'.repeat(200)}`;

function hasCacheControl(body: unknown): boolean {
  return JSON.stringify(body).includes('"cache_control"');
}

describe('prompt caching and token counting inside the extension host', function () {
  this.timeout(30_000);
  const server = mockProviderForSuite({ key: KEY, settings: { model: 'claude-sonnet-4-5' }, alsoReset: ['promptCaching'], eachTest: { gateway: undefined } });
  let api: TestApi;
  const counts: ContextCount[] = [];

  before(async () => {
    api = await activateApi();
    // What the panel tells the page about the context in use.
    const view = api.chat.view;
    const post = view.post.bind(view);
    view.post = (message: HostToWebview) => {
      if (message.type === 'contextCount') counts.push(message.count);
      post(message);
    };
  });

  beforeEach(() => {
    counts.length = 0;
    api.session.startNew();
  });

  async function nextCount(): Promise<ContextCount> {
    const deadline = Date.now() + 10_000;
    while (counts.length === 0) {
      if (Date.now() > deadline) throw new Error('no context count was posted');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return counts.shift()!;
  }

  it('writes the cache on the first turn and reads it on the next, which the usage shows', async () => {
    server.enqueue({ reply: textReply('First answer.') }, { reply: textReply('Second answer.') });
    await api.session.send(LONG_QUESTION);
    await api.session.send('And the second half?');
    const [, first, , second] = api.session.transcript;
    assert.ok(hasCacheControl(server.messageRequests()[0].body) && hasCacheControl(server.messageRequests()[1].body));
    assert.ok(first.usage && first.usage.cacheWriteTokens > 1000, JSON.stringify(first.usage));
    assert.ok(second.usage && second.usage.cacheReadTokens >= first.usage.cacheWriteTokens, JSON.stringify(second.usage));
  });

  it('sends no breakpoints with promptCaching off', async () => {
    await config().update('promptCaching', 'off', vscode.ConfigurationTarget.Global);
    try {
      await api.session.send(LONG_QUESTION);
      assert.strictEqual(hasCacheControl(server.messageRequests()[0].body), false);
    } finally {
      await config().update('promptCaching', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('answers through a gateway that rejects cache_control: retried once without it, and remembered for the profile', async () => {
    server.configure({ gateway: { rejectFields: ['cache_control'] } });
    server.enqueue({ reply: textReply('Answered without caching.') }, { reply: textReply('Still fine.') });
    await api.session.send(LONG_QUESTION);
    const reply = api.session.transcript[1];
    assert.deepStrictEqual([turnText(reply), reply.status], ['Answered without caching.', 'done']);
    assert.deepStrictEqual(server.messageRequests().map((request) => [request.body !== undefined && hasCacheControl(request.body)]), [[true], [false]]);
    const facts = api.connection.gatewayFacts?.factsFor(api.connection.profile().id, server.url);
    assert.match(facts?.refused.cache_control?.evidence ?? '', /^HTTP 400 to POST \/v1\/messages/);
    // The next turn goes without it at once.
    await api.session.send('Go on.');
    assert.strictEqual(server.messageRequests().length, 3);
    assert.strictEqual(hasCacheControl(server.messageRequests()[2].body), false);
    assert.strictEqual(turnText(api.session.transcript[3]), 'Still fine.');
  });

  it('shows the context counted by the provider, and an estimate (≈) where a gateway has no count_tokens', async () => {
    server.enqueue({ reply: textReply('Counted.') });
    await api.session.send('Count this.');
    const exact = await nextCount();
    assert.deepStrictEqual([exact.exact, exact.turns], [true, 2]);
    assert.ok(server.requests.some((request) => request.path === '/v1/messages/count_tokens'));

    server.configure({ gateway: { countTokens: false } });
    api.session.startNew();
    counts.length = 0;
    server.enqueue({ reply: textReply('Estimated.') });
    await api.session.send('Estimate this.');
    let estimate = await nextCount();
    // The empty conversation New Chat opened may be counted first.
    if (estimate.turns === 0) estimate = await nextCount();
    assert.deepStrictEqual([estimate.exact, estimate.turns], [false, 2]);
    assert.ok(api.connection.gatewayFacts?.factsFor(api.connection.profile().id, server.url)?.refused.count_tokens, 'remembered for the profile');
  });
});
