import * as assert from 'assert';
import type * as vscode from 'vscode';
import { describeRefusals, parseGatewayFacts } from '../../src/providers/gatewayFacts';
import { describeToolForms, parseLearnedFacts } from '../../src/providers/learnedFacts';
import { GatewayFactsStore } from '../../src/providers/vscodeGatewayFacts';
import { LEGACY_KEYS, LearnedFactsStore } from '../../src/providers/vscodeLearnedFacts';

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

  it('reads stored facts back as written, and damaged state as nothing learned', () => {
    const two = { p: { baseUrl: 'https://a', refused: { count_tokens: { learnedAt: 1, evidence: 'e1' }, cache_ttl: { learnedAt: 2, evidence: 'e2' } } } };
    assert.deepStrictEqual(parseGatewayFacts(JSON.parse(JSON.stringify(two))), two);
    for (const junk of [null, 3, 'x', [], { p: 1 }, { p: { baseUrl: 2, refused: {} } }]) {
      assert.deepStrictEqual(Object.values(parseGatewayFacts(junk)).flatMap((entry) => Object.keys(entry.refused)), []);
    }
    assert.deepStrictEqual(parseGatewayFacts({ p: { baseUrl: 'https://a', refused: { cache_control: { learnedAt: 'soon', evidence: 'x' }, bogus: { learnedAt: 1, evidence: 'x' } } } }), { p: { baseUrl: 'https://a', refused: {} } });
  });
});

describe('one store of learned facts per profile', () => {
  const at = Date.UTC(2026, 11, 3, 9, 0);
  const legacyState = (): vscode.Memento => {
    const state = memento();
    void state.update(LEGACY_KEYS.headerForms, { team: { baseUrl: 'https://llm.example.com', headerForm: { value: 'bearer', learnedAt: 1, evidence: 'HTTP 200 with Bearer' } } });
    void state.update(LEGACY_KEYS.gatewayFacts, {
      team: { baseUrl: 'https://llm.example.com/v1', refused: { cache_control: { learnedAt: 2, evidence: 'HTTP 400 naming cache_control' } } },
      // Learned at a base URL the profile has since left: the header form's, current, is kept.
      old: { baseUrl: 'https://old.example.com', refused: { count_tokens: { learnedAt: 3, evidence: 'HTTP 404' } } },
    });
    void state.update(LEGACY_KEYS.toolForms, { 'team\nclaude-sonnet-4-5': 'custom', 'gone\nclaude-sonnet-4-5': 'custom', 'team\nbroken': 'sideways' });
    return state;
  };
  const currentBaseUrl = (id: string): string | undefined => ({ team: 'https://llm.example.com', old: 'https://new.example.com' } as Record<string, string>)[id];

  it('moves the three earlier stores into one, clears their keys, and keeps every fact readable', async () => {
    const state = legacyState();
    const store = new LearnedFactsStore(state, () => at);
    await store.migrate(currentBaseUrl);
    for (const key of Object.values(LEGACY_KEYS)) assert.strictEqual(state.get(key), undefined, `${key} is cleared`);
    const team = store.factsFor('team', 'https://llm.example.com/');
    assert.deepStrictEqual(team?.headerForm, { value: 'bearer', learnedAt: 1, evidence: 'HTTP 200 with Bearer' });
    assert.deepStrictEqual(team?.refused, { cache_control: { learnedAt: 2, evidence: 'HTTP 400 naming cache_control' } });
    assert.deepStrictEqual(Object.keys(team?.toolForms ?? {}), ['claude-sonnet-4-5'], 'a junk form and a profile that is gone are dropped');
    assert.strictEqual(team?.toolForms?.['claude-sonnet-4-5'].value, 'custom');
    assert.strictEqual(store.factsFor('old', 'https://new.example.com'), undefined, 'a refusal at a base URL left behind is not carried over');
    // The caching code's view reads the same store, over the same global state.
    assert.strictEqual(new GatewayFactsStore(state).memoryFor('team', 'https://llm.example.com').refuses('cache_control'), true);
    assert.deepStrictEqual(describeToolForms('auto', team, 'claude-sonnet-4-5'), [
      'Tools for claude-sonnet-4-5 go as custom JSON-schema tools, learned 2026-12-03 09:00 UTC from a refusal of Anthropic-defined tools remembered by an earlier version.',
    ]);
  });

  it('migrates once; facts learned since win, and each kind of fact is added without losing the others', async () => {
    const state = legacyState();
    const store = new LearnedFactsStore(state, () => at);
    await store.recordHeaderForm('team', 'https://llm.example.com', 'x-api-key', 'HTTP 200 with x-api-key');
    await store.migrate(currentBaseUrl);
    assert.strictEqual(store.factsFor('team', 'https://llm.example.com')?.headerForm?.value, 'x-api-key');
    await store.recordToolForm('team', 'https://llm.example.com', 'claude-opus-4-1', 'custom', 'HTTP 400 to POST /v1/messages refusing Anthropic-defined tools');
    await new GatewayFactsStore(store).memoryFor('team', 'https://llm.example.com').remember('count_tokens', 'HTTP 404');
    const team = store.factsFor('team', 'https://llm.example.com');
    assert.deepStrictEqual(Object.keys(team?.refused ?? {}).sort(), ['count_tokens']);
    assert.deepStrictEqual(Object.keys(team?.toolForms ?? {}).sort(), ['claude-opus-4-1']);
    assert.strictEqual(team?.headerForm?.value, 'x-api-key');
    // Nothing left to migrate: a second run changes nothing.
    const before = JSON.stringify(store.all());
    await store.migrate(currentBaseUrl);
    assert.strictEqual(JSON.stringify(store.all()), before);
    assert.deepStrictEqual(parseLearnedFacts(JSON.parse(before)), store.all(), 'what is stored reads back the same');
  });

  it('says which form tools go in: the setting, what was learned, or the default', () => {
    assert.deepStrictEqual(describeToolForms('custom', undefined, 'm'), ['Tools go as custom JSON-schema tools, as the profile\'s toolForm says.']);
    assert.deepStrictEqual(describeToolForms('auto', undefined, 'claude-sonnet-4-6'), ['Tools for claude-sonnet-4-6 go as Anthropic-defined tool types; nothing refused them so far.']);
  });
});
