import * as assert from 'assert';
import { errorFromResponse } from '../../src/api/apiError';
import type { StreamOptions, StreamResult } from '../../src/api/messagesClient';
import type { MessagesRequestBody } from '../../src/api/types';
import { countBreakpoints } from '../../src/conversation/cacheBreakpoints';
import { refusedFeature, streamWithFallback, withPromptCaching } from '../../src/conversation/requestCaching';
import type { GatewayMemory, OptionalFeature } from '../../src/providers/gatewayFacts';

const LONG = 'x'.repeat(8000);
const body: MessagesRequestBody = { model: 'm', max_tokens: 10, system: LONG, messages: [{ role: 'user', content: LONG }] };

class Memory implements GatewayMemory {
  readonly learned: [OptionalFeature, string][] = [];
  constructor(private readonly refused: OptionalFeature[] = []) {}
  refuses(feature: OptionalFeature): boolean {
    return this.refused.includes(feature) || this.learned.some(([known]) => known === feature);
  }
  remember(feature: OptionalFeature, evidence: string): Promise<void> {
    this.learned.push([feature, evidence]);
    return Promise.resolve();
  }
}

const result = { message: {}, status: 200, requestId: 'req_ok', retries: 0 } as unknown as StreamResult;
const badRequest = (message: string): Error => errorFromResponse(400, 'req_bad', JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message } }));

/** A target that answers each request with the next of `answers` (an error is thrown). */
function target(answers: (Error | ((options: StreamOptions) => void) | 'ok')[], gateway = new Memory()) {
  const sent: MessagesRequestBody[] = [];
  return {
    sent,
    gateway,
    stream: (sentBody: MessagesRequestBody, options: StreamOptions): Promise<StreamResult> => {
      sent.push(sentBody);
      const answer = answers.shift();
      if (answer instanceof Error) return Promise.reject(answer);
      if (typeof answer === 'function') answer(options);
      return Promise.resolve(result);
    },
  };
}

describe('withPromptCaching', () => {
  const caching = (setting: 'auto' | '1h' | 'off') => ({ setting, minTokens: 1024 });

  it('places breakpoints in auto, with a one-hour lifetime in 1h, and none when off', () => {
    assert.strictEqual(countBreakpoints(withPromptCaching(body, { caching: caching('auto') })), 2);
    assert.ok(!JSON.stringify(withPromptCaching(body, { caching: caching('auto') })).includes('"ttl"'));
    assert.ok(JSON.stringify(withPromptCaching(body, { caching: caching('1h') })).includes('"ttl":"1h"'));
    assert.strictEqual(withPromptCaching(body, { caching: caching('off') }), body);
    assert.strictEqual(withPromptCaching(body, {}), body);
  });

  it('leaves out what the provider was found to refuse', () => {
    assert.strictEqual(withPromptCaching(body, { caching: caching('auto'), gateway: new Memory(['cache_control']) }), body);
    const fiveMinutes = withPromptCaching(body, { caching: caching('1h'), gateway: new Memory(['cache_ttl']) });
    assert.strictEqual(countBreakpoints(fiveMinutes), 2);
    assert.ok(!JSON.stringify(fiveMinutes).includes('"ttl"'));
  });
});

describe('refusedFeature', () => {
  const cached = withPromptCaching(body, { caching: { setting: '1h', minTokens: 1024 } });
  it('reads gateways\' wordings of a refused cache_control or ttl', () => {
    assert.strictEqual(refusedFeature(badRequest('system.0.cache_control: Extra inputs are not permitted'), cached), 'cache_control');
    assert.strictEqual(refusedFeature(badRequest('Unsupported parameter: cache_control'), cached), 'cache_control');
    assert.strictEqual(refusedFeature(badRequest('messages.0.content.0.cache_control.ttl: Input should be \'5m\''), cached), 'cache_ttl');
  });

  it('knows the error by name, as the client bundle has its own copy of the class', () => {
    const foreign = Object.assign(new Error('cache_control: Extra inputs are not permitted'), { name: 'ApiError', status: 400 });
    assert.strictEqual(refusedFeature(foreign, cached), 'cache_control');
  });

  it('ignores other errors, other statuses, and bodies that sent no breakpoint', () => {
    assert.strictEqual(refusedFeature(badRequest('max_tokens: Field required'), cached), undefined);
    assert.strictEqual(refusedFeature(errorFromResponse(500, undefined, '{"error":{"type":"api_error","message":"cache_control broke"}}'), cached), undefined);
    assert.strictEqual(refusedFeature(badRequest('cache_control: Extra inputs are not permitted'), body), undefined);
    assert.strictEqual(refusedFeature(new Error('cache_control'), cached), undefined);
  });
});

describe('streamWithFallback', () => {
  const cached = withPromptCaching(body, { caching: { setting: 'auto', minTokens: 1024 } });

  it('retries once without cache_control after a 400 naming it, and remembers it for the profile', async () => {
    const gateway = target([badRequest('cache_control: Extra inputs are not permitted'), 'ok']);
    assert.strictEqual(await streamWithFallback(gateway, cached, {}), result);
    assert.deepStrictEqual(gateway.sent.map(countBreakpoints), [2, 0]);
    assert.deepStrictEqual(gateway.gateway.learned, [['cache_control', 'HTTP 400 to POST /v1/messages, request id req_bad']]);
  });

  it('drops only the lifetime when the 400 names ttl', async () => {
    const oneHour = withPromptCaching(body, { caching: { setting: '1h', minTokens: 1024 } });
    const gateway = target([badRequest('cache_control.ttl: unknown field'), 'ok']);
    await streamWithFallback(gateway, oneHour, {});
    assert.deepStrictEqual(gateway.sent.map(countBreakpoints), [2, 2]);
    assert.ok(!JSON.stringify(gateway.sent[1]).includes('"ttl"'));
    assert.deepStrictEqual(gateway.gateway.learned.map(([feature]) => feature), ['cache_ttl']);
  });

  it('retries only once', async () => {
    const gateway = target([badRequest('cache_control: no'), badRequest('cache_control: no')]);
    await assert.rejects(streamWithFallback(gateway, cached, {}), /cache_control/);
    assert.strictEqual(gateway.sent.length, 2);
  });

  it('does not retry once output was shown, nor other errors', async () => {
    const failing = (options: StreamOptions): void => {
      options.onDelta?.({ type: 'text', index: 0, text: 'Hel' });
      throw badRequest('cache_control: no');
    };
    const afterOutput = target([failing]);
    await assert.rejects(streamWithFallback(afterOutput, cached, {}), /cache_control/);
    assert.strictEqual(afterOutput.sent.length, 1);
    const other = target([badRequest('messages: Field required')]);
    await assert.rejects(streamWithFallback(other, cached, {}), /Field required/);
    assert.strictEqual(other.sent.length, 1);
    assert.deepStrictEqual([afterOutput.gateway.learned, other.gateway.learned], [[], []]);
  });
});
