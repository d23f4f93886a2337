import * as assert from 'assert';
import type * as vscode from 'vscode';
import { describeRefusals, parseGatewayFacts, withRefusal } from '../../src/providers/gatewayFacts';
import { GatewayFactsStore } from '../../src/providers/vscodeGatewayFacts';

/** global state as a plain map: the store reads and writes it as VS Code's Memento would. */
function memento(): vscode.Memento {
  const values = new Map<string, unknown>();
  return {
    keys: () => [...values.keys()],
    get: <T>(key: string, fallback?: T) => (values.has(key) ? (values.get(key) as T) : fallback),
    update: (key: string, value: unknown) => {
      values.set(key, structuredClone(value));
      return Promise.resolve();
    },
  } as vscode.Memento;
}

describe('gateway facts', () => {
  it('remembers a refusal per profile and base URL, and forgets it when the URL changes', async () => {
    const store = new GatewayFactsStore(memento(), () => Date.UTC(2026, 11, 3, 8, 0));
    const gateway = store.memoryFor('team', 'https://llm.example.com/v1/');
    assert.strictEqual(gateway.refuses('cache_control'), false);
    await gateway.remember('cache_control', 'HTTP 400 to POST /v1/messages, request id req_1');
    assert.strictEqual(store.memoryFor('team', 'https://llm.example.com').refuses('cache_control'), true, 'the same endpoint however it is written');
    assert.strictEqual(store.memoryFor('team', 'https://llm.example.com').refuses('count_tokens'), false);
    assert.strictEqual(store.memoryFor('other', 'https://llm.example.com').refuses('cache_control'), false);
    assert.strictEqual(store.memoryFor('team', 'https://elsewhere.example.com').refuses('cache_control'), false);
    assert.deepStrictEqual(describeRefusals(store.factsFor('team', 'https://llm.example.com')), [
      'Refuses prompt caching (cache_control): requests go without it (learned 2026-12-03 08:00 UTC from HTTP 400 to POST /v1/messages, request id req_1).',
    ]);
  });

  it('keeps other facts when one is added, and reads damaged state as nothing learned', () => {
    const one = withRefusal({}, 'p', 'https://a', 'count_tokens', { learnedAt: 1, evidence: 'e1' });
    const two = withRefusal(one, 'p', 'https://a', 'cache_ttl', { learnedAt: 2, evidence: 'e2' });
    assert.deepStrictEqual(Object.keys(two.p.refused).sort(), ['cache_ttl', 'count_tokens']);
    assert.deepStrictEqual(parseGatewayFacts(JSON.parse(JSON.stringify(two))), two);
    for (const junk of [null, 3, 'x', [], { p: 1 }, { p: { baseUrl: 2, refused: {} } }]) {
      assert.deepStrictEqual(Object.values(parseGatewayFacts(junk)).flatMap((entry) => Object.keys(entry.refused)), []);
    }
    assert.deepStrictEqual(parseGatewayFacts({ p: { baseUrl: 'https://a', refused: { cache_control: { learnedAt: 'soon', evidence: 'x' }, bogus: { learnedAt: 1, evidence: 'x' } } } }), { p: { baseUrl: 'https://a', refused: {} } });
  });
});
