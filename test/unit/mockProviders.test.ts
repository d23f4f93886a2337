// Strict provider emulation: for every provider, the documented headers pass, a wrong auth header form
// gets that provider's 401, a missing required anthropic-version gets 400, unknown models get 404.
import * as assert from 'assert';
import { providerIds, providers, type ProviderId } from '../mock/providers';
import { rawRequest } from '../mock/rawClient';
import { textReply } from '../mock/server';
import { mockServerForSuite } from '../mock/suiteServer';

const key = 'sk-test-123';
const version = { 'anthropic-version': '2023-06-01' };
const xApiKey = { 'x-api-key': key };
const bearer = { authorization: `Bearer ${key}` };

function body(model: string): object {
  return { model, max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] };
}

interface Expectation {
  /** Header sets the provider must accept. */
  pass: Record<string, string>[];
  /** Header sets with the key in a form the provider does not take (401). */
  wrongForm: Record<string, string>[];
  versionRequired: boolean;
  listedModel: string;
  unlistedModel: string | undefined;
}

const expectations: Record<ProviderId, Expectation> = {
  anthropic: { pass: [{ ...xApiKey, ...version }], wrongForm: [{ ...bearer, ...version }, version], versionRequired: true, listedModel: 'claude-opus-4-8', unlistedModel: 'claude-sonnet-4.5' },
  starmagic: { pass: [bearer, { ...bearer, ...version }], wrongForm: [{ ...xApiKey, ...version }, {}], versionRequired: false, listedModel: 'claude-opus-4-1-20250805', unlistedModel: 'claude-sonnet-4-5' },
  magickapi: { pass: [{ ...xApiKey, ...version }], wrongForm: [{ ...bearer, ...version }], versionRequired: true, listedModel: 'claude-sonnet-4-5-20250929', unlistedModel: undefined },
  apimart: { pass: [{ ...xApiKey, ...version }, { ...bearer, ...version }], wrongForm: [version], versionRequired: true, listedModel: 'claude-sonnet-4-5-20250929-thinking', unlistedModel: 'claude-sonnet-4.5' },
  qingbo: { pass: [{ ...xApiKey, ...version }, { ...bearer, ...version }], wrongForm: [version], versionRequired: true, listedModel: 'claude-sonnet-4.5', unlistedModel: 'claude-sonnet-4-5-20250929' },
  generic: { pass: [{ ...xApiKey, ...version }, { ...bearer, ...version }], wrongForm: [version], versionRequired: true, listedModel: 'claude-3-opus-20240229', unlistedModel: undefined },
};

function errorOf(text: string): { type: string; message: string } {
  return (JSON.parse(text) as { error: { type: string; message: string } }).error;
}

describe('mock server: strict provider emulation', () => {
  const server = mockServerForSuite({ strict: true, apiKey: key });

  for (const id of providerIds) {
    const rule = providers[id];
    const expected = expectations[id];
    describe(`${id} (${rule.source})`, () => {
      beforeEach(() => {
        server.configure({ provider: id });
      });

      it('accepts the documented headers on messages, count_tokens and models', async () => {
        for (const headers of expected.pass) {
          const res = await rawRequest(server.url, { path: '/v1/messages', headers, body: body(expected.listedModel) });
          assert.strictEqual(res.status, 200, `${JSON.stringify(Object.keys(headers))}: ${res.text}`);
          const counted = await rawRequest(server.url, { path: '/v1/messages/count_tokens', headers, body: body(expected.listedModel) });
          assert.strictEqual(counted.status, 200);
          const models = await rawRequest(server.url, { path: '/v1/models', headers });
          const ids = (JSON.parse(models.text) as { data: { id: string }[] }).data.map((m) => m.id);
          assert.deepStrictEqual(ids, rule.models.map((m) => m.id));
        }
      });

      it('answers a wrong or missing auth header form with its 401', async () => {
        for (const headers of expected.wrongForm) {
          for (const path of ['/v1/messages', '/v1/models']) {
            const res = await rawRequest(server.url, { path, headers, body: path === '/v1/models' ? undefined : body(expected.listedModel) });
            assert.strictEqual(res.status, 401, `${path} with ${JSON.stringify(Object.keys(headers))}`);
            assert.deepStrictEqual(errorOf(res.text), { type: 'authentication_error', message: rule.authMessage });
          }
        }
      });

      it('rejects a wrong key in an accepted form with 401', async () => {
        const headers = { ...(expected.pass[0] ?? {}) };
        if (headers['x-api-key']) headers['x-api-key'] = 'sk-wrong';
        if (headers.authorization) headers.authorization = 'Bearer sk-wrong';
        const res = await rawRequest(server.url, { path: '/v1/messages', headers, body: body(expected.listedModel) });
        assert.strictEqual(res.status, 401);
      });

      it(expected.versionRequired ? 'answers a missing anthropic-version with 400' : 'does not require anthropic-version', async () => {
        const headers = { ...(expected.pass[0] ?? {}) };
        delete headers['anthropic-version'];
        const res = await rawRequest(server.url, { path: '/v1/messages', headers, body: body(expected.listedModel) });
        if (expected.versionRequired) {
          assert.strictEqual(res.status, 400);
          assert.deepStrictEqual(errorOf(res.text), { type: 'invalid_request_error', message: 'anthropic-version: header is required' });
        } else {
          assert.strictEqual(res.status, 200);
        }
      });

      it(expected.unlistedModel ? 'answers a model it does not list with 404 naming the model' : 'accepts any model id', async () => {
        const model = expected.unlistedModel ?? 'some-model-nobody-lists';
        const res = await rawRequest(server.url, { path: '/v1/messages', headers: expected.pass[0], body: body(model) });
        if (expected.unlistedModel) {
          assert.strictEqual(res.status, 404);
          const error = errorOf(res.text);
          assert.strictEqual(error.type, 'not_found_error');
          assert.ok(error.message.includes(model), error.message);
        } else {
          assert.strictEqual(res.status, 200);
        }
      });
    });
  }

  describe('details', () => {
    beforeEach(() => {
      server.configure({ provider: 'anthropic' });
    });
    const headers = { ...xApiKey, ...version };

    it('Anthropic accepts its aliases and rejects versions it never published', async () => {
      assert.strictEqual((await rawRequest(server.url, { path: '/v1/messages', headers, body: body('claude-haiku-4-5') })).status, 200);
      const res = await rawRequest(server.url, { path: '/v1/messages', headers: { ...xApiKey, 'anthropic-version': '2025-10-01' }, body: body('claude-opus-4-8') });
      assert.strictEqual(res.status, 400);
      assert.match(errorOf(res.text).message, /anthropic-version/);
    });

    it('requires max_tokens on messages but not on count_tokens', async () => {
      const noMax = { model: 'claude-opus-4-8', messages: [{ role: 'user', content: 'hi' }] };
      const res = await rawRequest(server.url, { path: '/v1/messages', headers, body: noMax });
      assert.deepStrictEqual([res.status, errorOf(res.text).message], [400, 'max_tokens: Field required']);
      assert.strictEqual((await rawRequest(server.url, { path: '/v1/messages/count_tokens', headers, body: noMax })).status, 200);
    });

    it('does not use up a queued script on a rejected request', async () => {
      server.enqueue({ reply: textReply('kept for the good request') });
      assert.strictEqual((await rawRequest(server.url, { path: '/v1/messages', headers: bearer, body: body('claude-opus-4-8') })).status, 401);
      const ok = await rawRequest(server.url, { path: '/v1/messages', headers, body: body('claude-opus-4-8') });
      assert.deepStrictEqual((JSON.parse(ok.text) as { content: unknown }).content, [{ type: 'text', text: 'kept for the good request' }]);
      assert.strictEqual(server.requests.length, 2, 'rejected requests are recorded too');
    });

    it('lenient mode accepts any header form and no version', async () => {
      server.configure({ strict: false });
      try {
        for (const h of [xApiKey, bearer]) {
          assert.strictEqual((await rawRequest(server.url, { path: '/v1/messages', headers: h, body: body('anything') })).status, 200);
        }
      } finally {
        server.configure({ strict: true });
      }
    });
  });
});
