import * as assert from 'assert';
import { ConnectionError, MalformedStreamError, StreamErrorEvent, errorFromResponse } from '../../src/api/apiError';
import { SetupError, describeError } from '../../src/conversation/errorAdvice';

const context = { host: 'api.anthropic.com', model: 'claude-sonnet-4-5', headerStyle: 'x-api-key' as const };

describe('errorFromResponse', () => {
  it('reads the API\'s error JSON', () => {
    const error = errorFromResponse(404, 'req_1', '{"type":"error","error":{"type":"not_found_error","message":"model: nope"},"request_id":"req_2"}');
    assert.strictEqual(error.message, 'model: nope');
    assert.strictEqual(error.errorType, 'not_found_error');
    assert.strictEqual(error.status, 404);
    assert.strictEqual(error.requestId, 'req_1');
  });

  it('reads a gateway-wrapped {code, msg, data} body', () => {
    const error = errorFromResponse(500, undefined, '{"code":500,"msg":"upstream timeout","data":null}');
    assert.strictEqual(error.message, 'upstream timeout');
  });

  it('turns an HTML page into a short excerpt of its text, and names an empty body', () => {
    const html = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>body{}</style></head><body><h1>502 Bad Gateway</h1><p>${'x'.repeat(500)}</p></body></html>`;
    const error = errorFromResponse(502, undefined, html);
    assert.match(error.message, /HTTP 502 with an HTML page/);
    assert.ok(error.bodyExcerpt?.startsWith('502 Bad Gateway 502 Bad Gateway'));
    assert.ok((error.bodyExcerpt?.length ?? 0) <= 201);
    assert.match(errorFromResponse(503, undefined, '').message, /empty body/);
  });
});

describe('describeError', () => {
  it('names the header sent on a 401 and the alternative', () => {
    const advice = describeError(errorFromResponse(401, 'req_9', '{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}'), context);
    assert.match(advice.title, /rejected the API key \(HTTP 401\)/);
    assert.match(advice.detail, /invalid x-api-key/);
    assert.match(advice.detail, /sent as "x-api-key"/);
    assert.match(advice.detail, /Authorization: Bearer/);
    assert.match(advice.detail, /req_9/);
    assert.deepStrictEqual(advice.actions, ['setApiKey', 'testConnection', 'openSettings']);
  });

  it('offers Retry for overload, rate limits and mid-stream errors', () => {
    assert.deepStrictEqual(describeError(errorFromResponse(529, undefined, '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}'), context).actions, ['retry']);
    assert.deepStrictEqual(describeError(errorFromResponse(429, undefined, '{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}'), context).actions, ['retry']);
    const midStream = describeError(new StreamErrorEvent({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }), context);
    assert.match(midStream.detail, /Overloaded \(overloaded_error\)/);
    assert.deepStrictEqual(midStream.actions, ['retry']);
  });

  it('explains transport, protocol and setup failures', () => {
    assert.match(describeError(new ConnectionError('refused'), context).title, /api\.anthropic\.com/);
    assert.deepStrictEqual(describeError(new MalformedStreamError('bad'), context).actions, ['retry', 'showLog']);
    assert.deepStrictEqual(describeError(new SetupError('No key', ['setApiKey']), context), { title: 'Not ready to send', detail: 'No key', actions: ['setApiKey'] });
  });

  it('recognises errors by name, since the client bundle has its own copies of the classes', () => {
    const foreign = Object.assign(new Error('Overloaded'), { name: 'StreamErrorEvent', errorType: 'overloaded_error' });
    assert.deepStrictEqual(describeError(foreign, context).actions, ['retry']);
  });
});

describe('describeError for models and header forms', () => {
  it('offers the default model, in one click, for a retired or unknown model', () => {
    const retired = errorFromResponse(404, 'req_1', '{"type":"error","error":{"type":"not_found_error","message":"model: claude-sonnet-4-5 has been retired"}}');
    assert.deepStrictEqual(describeError(retired, context).actions, ['useDefaultModel', 'selectModel']);
    const path = errorFromResponse(404, 'req_1', '{"type":"error","error":{"type":"not_found_error","message":"POST /v2/messages not found"}}');
    assert.deepStrictEqual(describeError(path, context).actions, ['openSettings', 'testConnection']);
  });

  it('offers the default model too when a gateway answers an unavailable model with 400', () => {
    const bad = (message: string) => describeError(errorFromResponse(400, 'req_1', JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message } })), context);
    for (const message of ['model: claude-3-5-sonnet-20241022 does not exist', 'Invalid model: claude-x', 'The model claude-sonnet-4-5 has been retired.', '模型 claude-x 不存在']) {
      assert.deepStrictEqual(bad(message).actions, ['useDefaultModel', 'selectModel'], message);
      assert.match(bad(message).title, /^The model is not available \(HTTP 400\)$/);
    }
    for (const message of ['max_tokens: 200000 > 64000, which is the maximum allowed number of output tokens for this model', 'messages: at least one message is required']) {
      assert.deepStrictEqual(bad(message).actions, ['openSettings', 'retry'], message);
    }
  });

  it('names both header forms when both were refused, and offers Set API Key', () => {
    const error = Object.assign(new Error('APIMart refused the key both as x-api-key (HTTP 401) and as Authorization: Bearer (HTTP 401).'), { name: 'HeaderFormsRefused' });
    const advice = describeError(error, context);
    assert.match(advice.detail, /x-api-key.*Authorization: Bearer/);
    assert.strictEqual(advice.actions[0], 'setApiKey');
  });
});
