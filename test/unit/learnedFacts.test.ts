import * as assert from 'assert';
import type { StreamOptions, StreamResult } from '../../src/api/messagesClient';
import type { HttpRequest } from '../../src/api/messagesRequest';
import { streamLearningHeader, type HeaderLearning } from '../../src/providers/headerLearning';
import { describeHeaderFact, factsFor, headerPlan, parseLearnedFacts, withHeaderForm, withoutMoved, withoutProfile, type HeaderForm } from '../../src/providers/learnedFacts';

describe('learned facts', () => {
  const learnedAt = Date.UTC(2026, 11, 3, 3, 30);

  it('records a header form per profile and base URL, with when and from what', () => {
    const facts = withHeaderForm({}, 'apimart', 'https://api.apimart.example/', 'bearer', 'HTTP 200 to POST /v1/messages', learnedAt);
    assert.deepStrictEqual(factsFor(facts, 'apimart', 'https://api.apimart.example/v1')?.headerForm, { value: 'bearer', learnedAt, evidence: 'HTTP 200 to POST /v1/messages' });
    assert.strictEqual(factsFor(facts, 'qingbo', 'https://api.apimart.example'), undefined, 'another profile learns nothing');
    assert.match(describeHeaderFact(facts.apimart.headerForm) ?? '', /Authorization: Bearer, learned 2026-12-03 03:30 UTC from HTTP 200/);
  });

  it('forgets what a base URL taught once the profile points elsewhere', () => {
    const facts = withHeaderForm({}, 'qingbo', 'https://old.example', 'x-api-key', 'e', learnedAt);
    assert.strictEqual(factsFor(facts, 'qingbo', 'https://new.example'), undefined);
    const moved = withHeaderForm(facts, 'qingbo', 'https://new.example', 'bearer', 'e2', learnedAt);
    assert.deepStrictEqual(Object.keys(moved), ['qingbo']);
    assert.strictEqual(moved.qingbo.baseUrl, 'https://new.example');
    const both = withHeaderForm(moved, 'apimart', 'https://a.example', 'bearer', 'e', learnedAt);
    assert.deepStrictEqual(Object.keys(withoutMoved(both, (id) => (id === 'apimart' ? 'https://a.example' : 'https://elsewhere.example'))), ['apimart']);
    assert.deepStrictEqual(Object.keys(withoutProfile(both, 'apimart')), ['qingbo']);
  });

  it('plans the header: configured, else learned, else x-api-key with Bearer as the second try', () => {
    const facts = { baseUrl: 'https://x', headerForm: { value: 'bearer' as const, learnedAt, evidence: 'e' } };
    assert.deepStrictEqual(headerPlan('x-api-key', facts), { style: 'x-api-key' });
    assert.deepStrictEqual(headerPlan(undefined, facts), { style: 'bearer' });
    assert.deepStrictEqual(headerPlan(undefined, undefined), { style: 'x-api-key', alternative: 'bearer' });
  });

  it('reads stored facts defensively', () => {
    assert.deepStrictEqual(parseLearnedFacts('junk'), {});
    assert.deepStrictEqual(parseLearnedFacts({ a: { baseUrl: 'https://a', headerForm: { value: 'cookie', learnedAt: 1, evidence: 'e' } }, b: 5 }), { a: { baseUrl: 'https://a' } });
  });
});

describe('learning the header form while sending', () => {
  const KEY = 'sk-learn';
  const ok: StreamResult = { message: {} as StreamResult['message'], status: 200, requestId: 'req_1', retries: 0 };

  /** A provider that takes the key in one form only, answering 401 to the other, as the API does. */
  function provider(accepts: HeaderForm | 'none') {
    const sent: HttpRequest[] = [];
    return {
      sent,
      async streamMessage(http: HttpRequest, _options: StreamOptions): Promise<StreamResult> {
        sent.push(http);
        const form = http.headers['x-api-key'] ? 'x-api-key' : http.headers['authorization'] ? 'bearer' : undefined;
        if (form === accepts) return ok;
        throw Object.assign(new Error('invalid x-api-key'), { name: 'ApiError', status: 401 });
      },
    };
  }

  function learning(): HeaderLearning & { recorded: Array<[HeaderForm, string]> } {
    const recorded: Array<[HeaderForm, string]> = [];
    return { recorded, profileName: 'APIMart', alternative: 'bearer', record: async (form, evidence) => void recorded.push([form, evidence]) };
  }

  const request = (headerLearning?: HeaderLearning) => ({
    endpoint: { baseUrl: 'https://gw.example', anthropicVersion: '2023-06-01' },
    credentials: { key: KEY, headerStyle: 'x-api-key' as const, source: 'SecretStorage' as const },
    headerLearning,
  });
  const body = { model: 'm', max_tokens: 1, messages: [] };

  for (const accepts of ['x-api-key', 'bearer'] as const) {
    it(`answers the first message when the provider takes only ${accepts}, and records it`, async () => {
      const gateway = provider(accepts);
      const plan = learning();
      const { result, notice } = await streamLearningHeader(gateway, request(plan), body, {});
      assert.strictEqual(result.status, 200);
      assert.deepStrictEqual(plan.recorded.map(([form]) => form), [accepts]);
      assert.match(plan.recorded[0][1], /HTTP 200 to POST \/v1\/messages .*request id req_1/);
      assert.strictEqual(notice, `APIMart took the key as ${accepts === 'bearer' ? 'Authorization: Bearer' : 'x-api-key'}; remembered for this profile.`);
      assert.strictEqual(gateway.sent.length, accepts === 'x-api-key' ? 1 : 2);
      // Each request carries one form only.
      for (const http of gateway.sent) assert.ok(!(http.headers['x-api-key'] && http.headers['authorization']));
    });
  }

  it('names both forms when both are refused', async () => {
    const plan = learning();
    await assert.rejects(streamLearningHeader(provider('none'), request(plan), body, {}), (error: Error) =>
      error.name === 'HeaderFormsRefused' && /x-api-key \(HTTP 401\).*Authorization: Bearer \(HTTP 401\)/.test(error.message));
    assert.deepStrictEqual(plan.recorded, []);
  });

  it('does not retry when the form is known, nor on errors that are not about the key', async () => {
    const known = provider('bearer');
    await assert.rejects(streamLearningHeader(known, request(), body, {}), /invalid x-api-key/);
    assert.strictEqual(known.sent.length, 1);
    const notFound = { async streamMessage(): Promise<StreamResult> { throw Object.assign(new Error('model not found'), { name: 'ApiError', status: 404 }); } };
    await assert.rejects(streamLearningHeader(notFound, request(learning()), body, {}), /model not found/);
  });
});
