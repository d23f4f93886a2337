// Keys that a provider repeats never leave the client: the redactor, then the real client and the
// connection probe against a mock gateway that echoes the key over loopback.
import * as assert from 'assert';
import type { ApiError } from '../../src/api/apiError';
import type { StreamDelta } from '../../src/api/messageAccumulator';
import { MessagesClient } from '../../src/api/messagesClient';
import { buildMessagesRequest } from '../../src/api/messagesRequest';
import { describeProbe, probeConnection } from '../../src/api/providerProbe';
import { REDACTED, keysInHeaders, redactorFor } from '../../src/api/redact';
import type { AuthHeaderStyle } from '../../src/auth/credentials';
import { mockServerForSuite } from '../mock/suiteServer';
import { directSettings, keepingLog } from './loopbackClient';

describe('redactorFor', () => {
  const key = 'gw-live-0123456789abcdef';

  it('replaces the key wherever it appears, its Bearer form included', () => {
    const redact = redactorFor([key]);
    assert.strictEqual(redact(`invalid key ${key}.`), `invalid key ${REDACTED}.`);
    assert.strictEqual(redact(`saw "Authorization: Bearer ${key}"`), `saw "Authorization: Bearer ${REDACTED}"`);
    assert.strictEqual(redact(`x${key}x and ${key}`), `x${REDACTED}x and ${REDACTED}`);
  });

  it('replaces anything shaped like an Anthropic key, even one it was not given', () => {
    const redact = redactorFor([key]);
    assert.strictEqual(redact('other key sk-ant-api03-AbC_d-9 rejected'), `other key ${REDACTED} rejected`);
    assert.strictEqual(redact('keys start with sk-ant-'), 'keys start with sk-ant-');
  });

  it('takes keys with characters that mean something in a pattern literally', () => {
    const odd = 'k.e+y(1)[2]$^|*?\\end';
    const redact = redactorFor([odd]);
    assert.strictEqual(redact(`bad ${odd}!`), `bad ${REDACTED}!`);
    assert.strictEqual(redact('kaeey'), 'kaeey');
  });

  it('replaces a short key only where it stands alone, so words stay whole', () => {
    const redact = redactorFor(['abc123']);
    assert.strictEqual(redact('key abc123 rejected; xabc123y and abc1234 kept'), `key ${REDACTED} rejected; xabc123y and abc1234 kept`);
  });

  it('replaces the longer of two overlapping keys whole', () => {
    const redact = redactorFor(['secret-key-00001', 'secret-key-00001-and-more']);
    assert.strictEqual(redact('secret-key-00001-and-more'), REDACTED);
  });

  it('leaves text without keys as it is, and is idempotent', () => {
    const redact = redactorFor([key, '']);
    assert.strictEqual(redact('Overloaded, try again.'), 'Overloaded, try again.');
    assert.strictEqual(redact(redact(`a ${key}`)), `a ${REDACTED}`);
  });

  it('finds the key in x-api-key and in Authorization: Bearer', () => {
    assert.deepStrictEqual(keysInHeaders({ 'x-api-key': ' one ', Authorization: 'Bearer two', 'content-type': 'application/json' }), ['one', 'two']);
    assert.deepStrictEqual(keysInHeaders({ authorization: 'Bearer ' }), []);
  });
});

describe('a gateway that echoes the key', function () {
  this.timeout(15_000);
  const gatewayKey = 'gw-live-0123456789abcdef';
  const anthropicKey = 'sk-ant-api03-echo-0123456789';
  const server = mockServerForSuite();
  let logLines: string[];
  let client: MessagesClient;

  beforeEach(() => {
    logLines = [];
    client = new MessagesClient(keepingLog(logLines), directSettings({ maxRetries: 1 }));
  });
  afterEach(async () => {
    await client.close();
  });

  const request = (key: string, headerStyle: AuthHeaderStyle, stream = true) =>
    buildMessagesRequest(
      { baseUrl: server.url, anthropicVersion: '2023-06-01' },
      { key, headerStyle, source: 'SecretStorage' },
      { model: 'claude-sonnet-4-5', max_tokens: 16, stream, messages: [{ role: 'user', content: 'hi' }] },
    );

  /** Everything the failure left behind that anyone could see. */
  async function failureText(key: string, headerStyle: AuthHeaderStyle, stream = true): Promise<{ error: ApiError; text: string }> {
    const deltas: StreamDelta[] = [];
    const error = await client.streamMessage(request(key, headerStyle, stream), { onDelta: (delta) => deltas.push(delta) }).then(
      () => assert.fail('the request should fail'),
      (caught: unknown) => caught as ApiError,
    );
    const text = [error.message, error.stack, error.bodyExcerpt, error.requestId, error.errorType, ...logLines, JSON.stringify(deltas)].join('\n');
    return { error, text };
  }

  function assertNoKey(text: string, key: string): void {
    assert.ok(!text.includes(key), `the key leaked:\n${text}`);
    assert.ok(!/sk-ant-\w/.test(text), `an Anthropic-shaped key leaked:\n${text}`);
  }

  it('in an HTTP error: the error and the log carry no key', async () => {
    server.enqueue({ fault: { kind: 'echoKey', where: 'httpError' } });
    const { error, text } = await failureText(gatewayKey, 'bearer');
    assert.strictEqual(error.status, 401);
    assert.ok(error.message.includes(`Bearer ${REDACTED}`), error.message);
    assertNoKey(text, gatewayKey);
  });

  it('in an event: error, retried: the error, the retry log line and the retry notice carry no key', async () => {
    server.enqueue({ fault: { kind: 'echoKey', where: 'streamError' } }, { fault: { kind: 'echoKey', where: 'streamError' } });
    const { error, text } = await failureText(anthropicKey, 'x-api-key');
    assert.strictEqual(error.name, 'StreamErrorEvent');
    assert.ok(logLines.some((line) => line.startsWith('Attempt 1 failed') && line.includes(REDACTED)), logLines.join('\n'));
    assertNoKey(text, anthropicKey);
  });

  it('in a plain-text body: the excerpt carries no key', async () => {
    server.enqueue({ fault: { kind: 'echoKey', where: 'plainText', status: 403 } });
    const { error, text } = await failureText(gatewayKey, 'both', false);
    assert.ok(error.bodyExcerpt?.includes(REDACTED), error.bodyExcerpt);
    assertNoKey(text, gatewayKey);
  });

  it('in the request-id header: the error and the log line carry no key', async () => {
    server.enqueue({ fault: { kind: 'echoKey', where: 'requestId', status: 400 } });
    const { error, text } = await failureText(gatewayKey, 'x-api-key');
    assert.strictEqual(error.requestId, `req_${REDACTED}`);
    assertNoKey(text, gatewayKey);
  });

  it('in the error type, of an HTTP error or an event: error: the error carries no key', async () => {
    for (const stream of [false, true]) {
      server.enqueue({ fault: { kind: 'echoKey', where: 'errorType', status: 400 } });
      const { error, text } = await failureText(gatewayKey, 'x-api-key', stream);
      assert.strictEqual(error.errorType, `invalid_key_${REDACTED}`, `stream: ${stream}`);
      assertNoKey(text, gatewayKey);
    }
  });

  it('to Test Connection: the report carries no key', async () => {
    server.enqueue({ fault: { kind: 'echoKey', where: 'httpError' } }, { fault: { kind: 'echoKey', where: 'plainText', status: 400 } });
    const report = await probeConnection(client.dispatcher, {
      endpoint: { baseUrl: server.url, anthropicVersion: '2023-06-01' },
      key: gatewayKey,
      headerStyle: undefined,
      model: 'claude-sonnet-4-5',
      idleTimeoutMs: 5_000,
    });
    assert.deepStrictEqual(report.attempts.map((attempt) => attempt.status), [401, 400]);
    const lines = describeProbe(report, 'gateway.test').join('\n');
    assert.ok(lines.includes(REDACTED), lines);
    assertNoKey(`${lines}\n${JSON.stringify(report)}`, gatewayKey);
  });
});
