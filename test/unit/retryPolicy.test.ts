import * as assert from 'assert';
import { backoffMs, decideRetry, retryAfterMs } from '../../src/api/retryPolicy';

const noJitter = () => 0;
const fullJitter = () => 1;

describe('retryPolicy', () => {
  it('backs off 0.5 s, 1 s, 2 s … up to 8 s, with at most 25% jitter off', () => {
    assert.deepStrictEqual([0, 1, 2, 3, 4, 5].map((n) => backoffMs(n, noJitter)), [500, 1000, 2000, 4000, 8000, 8000]);
    assert.strictEqual(backoffMs(0, fullJitter), 375);
  });

  it('reads retry-after-ms first, then retry-after in seconds or as an HTTP date', () => {
    const now = () => Date.parse('2026-01-01T00:00:00Z');
    assert.strictEqual(retryAfterMs({ 'retry-after-ms': '150.4', 'retry-after': '9' }, now), 150);
    assert.strictEqual(retryAfterMs({ 'retry-after': '2' }, now), 2000);
    assert.strictEqual(retryAfterMs({ 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }, now), 3000);
    assert.strictEqual(retryAfterMs({ 'retry-after': 'soon' }, now), undefined);
    assert.strictEqual(retryAfterMs({}, now), undefined);
  });

  it('retries connection failures, 408, 409, 429 and 5xx; never 400, 401, 403, 404, 413', () => {
    const retried = (status: number | undefined, connectionFailed = false) => decideRetry({ status, connectionFailed }, 0, 2, noJitter).retry;
    assert.ok(retried(undefined, true));
    for (const status of [408, 409, 429, 500, 502, 503, 504, 529]) assert.ok(retried(status), `${status}`);
    for (const status of [400, 401, 402, 403, 404, 413, 422]) assert.ok(!retried(status), `${status}`);
  });

  it('lets x-should-retry decide outright', () => {
    assert.strictEqual(decideRetry({ status: 503, connectionFailed: false, headers: { 'x-should-retry': 'false' } }, 0, 2).retry, false);
    assert.strictEqual(decideRetry({ status: 400, connectionFailed: false, headers: { 'x-should-retry': 'true' } }, 0, 2, noJitter).retry, true);
  });

  it('retries overloaded error events from inside a stream', () => {
    assert.ok(decideRetry({ status: undefined, connectionFailed: false, streamErrorType: 'overloaded_error' }, 0, 2).retry);
    assert.ok(!decideRetry({ status: undefined, connectionFailed: false, streamErrorType: 'invalid_request_error' }, 0, 2).retry);
  });

  it('stops at the retry limit, and refuses to wait longer than a minute', () => {
    assert.ok(!decideRetry({ status: 529, connectionFailed: false }, 2, 2).retry);
    assert.ok(!decideRetry({ status: 529, connectionFailed: false }, 0, 0).retry);
    assert.deepStrictEqual(decideRetry({ status: 429, connectionFailed: false, headers: { 'retry-after': '30' } }, 0, 2), { retry: true, delayMs: 30_000 });
    assert.ok(!decideRetry({ status: 429, connectionFailed: false, headers: { 'retry-after': '120' } }, 0, 2).retry);
  });
});
