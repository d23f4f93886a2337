import * as assert from 'assert';
import { ApiError } from '../../src/api/apiError';
import type { MessageParam } from '../../src/api/types';
import {
  SUMMARY_INSTRUCTIONS,
  compactedHistory,
  compactionLimit,
  compactionState,
  elideToolResults,
  isContextOverflow,
  summaryRequestBody,
  summarySpan,
  toolResultsToElide,
} from '../../src/conversation/compaction';
import type { Compaction } from '../../src/conversation/compactionRecord';
import { parseConversation } from '../../src/conversation/record';
import { historyMessages } from '../../src/conversation/turnRequest';
import type { Turn } from '../../src/conversation/transcript';

const user = (id: string, text: string): Turn => ({ id, role: 'user', status: 'done', blocks: [{ type: 'text', text }] });
const answer = (id: string, text: string): Turn => ({ id, role: 'assistant', status: 'done', blocks: [{ type: 'text', text }] });
/** An assistant turn of `rounds` tool calls, each answered with a result of `size` characters. */
function toolTurn(id: string, rounds: number, size = 1000): Turn {
  const blocks: Turn['blocks'] = [];
  for (let round = 1; round <= rounds; round++) {
    blocks.push({ type: 'tool_use', id: `${id}_call${round}`, name: 'str_replace_based_edit_tool', input: { command: 'view', path: `src/file${round}.ts` } });
    blocks.push({ type: 'tool_result', toolUseId: `${id}_call${round}`, content: `${round}`.repeat(size) });
  }
  blocks.push({ type: 'text', text: 'Done.' });
  return { id, role: 'assistant', status: 'done', blocks };
}
const summaryOf = (throughTurnId: string, summary = 'The user wants X.', extra: Partial<Compaction> = {}): Compaction => ({ id: `c-${throughTurnId}`, at: 1, reason: 'command', throughTurnId, summary, elided: [], ...extra });

function resultContents(messages: MessageParam[]): string[] {
  return messages.flatMap((message) => (Array.isArray(message.content) ? message.content.flatMap((block) => (block.type === 'tool_result' ? [String(block.content)] : [])) : []));
}

describe('Tool-result elision', () => {
  const turns = [user('t1', 'Look at the files.'), toolTurn('t2', 5)];

  it('names the results older than the last three rounds, and only those', () => {
    const ids = toolResultsToElide(historyMessages(turns, false));
    assert.deepStrictEqual(ids, ['t2_call1', 't2_call2']);
    assert.deepStrictEqual(toolResultsToElide(historyMessages([user('t1', 'q'), toolTurn('t2', 3)], false)), []);
  });

  it('replaces them in the request with a stub that says what was elided, leaving the stored turns as they were', () => {
    const before = structuredClone(turns);
    const messages = elideToolResults(historyMessages(turns, false), new Set(['t2_call1', 't2_call2']));
    const contents = resultContents(messages);
    assert.match(contents[0], /^\[Elided to save context: an earlier result of str_replace_based_edit_tool \(1,000 characters\)\. Call the tool again/);
    assert.match(contents[1], /^\[Elided/);
    assert.deepStrictEqual(contents.slice(2), ['3'.repeat(1000), '4'.repeat(1000), '5'.repeat(1000)]);
    // Every call still has its answer, under the same id.
    const ids = messages.flatMap((message) => (Array.isArray(message.content) ? message.content.flatMap((block) => (block.type === 'tool_result' ? [block.tool_use_id] : [])) : []));
    assert.deepStrictEqual(ids, ['t2_call1', 't2_call2', 't2_call3', 't2_call4', 't2_call5']);
    assert.deepStrictEqual(turns, before);
  });

  it('does not elide a stub again', () => {
    const once = elideToolResults(historyMessages(turns, false), new Set(['t2_call1']));
    assert.deepStrictEqual(toolResultsToElide(once, 3), ['t2_call2']);
  });
});

describe('The compacted request', () => {
  const turns = [user('t1', 'FACT: the API is REST.'), answer('t2', 'Noted.'), user('t3', 'Now add a test.'), answer('t4', 'Added.'), user('t5', 'And docs?')];

  it('replaces the turns a summary stands for by the summary, leading the first message kept', () => {
    const state = compactionState([summaryOf('t2')], turns);
    const messages = compactedHistory(turns, state, false);
    assert.strictEqual(messages.length, 3);
    assert.strictEqual(messages[0].role, 'user');
    const first = messages[0].content as Array<{ type: string; text: string }>;
    assert.match(first[0].text, /compacted[\s\S]*<summary>\nThe user wants X\.\n<\/summary>/);
    assert.strictEqual(first[1].text, 'Now add a test.');
    assert.ok(!JSON.stringify(messages).includes('FACT: the API is REST.'));
  });

  it('sends every turn again once the compaction is undone, or when its turn is gone', () => {
    assert.deepStrictEqual(compactedHistory(turns, compactionState([summaryOf('t2', 'S', { undone: true })], turns), false), historyMessages(turns, false));
    assert.deepStrictEqual(compactedHistory(turns, compactionState([summaryOf('t9')], turns), false), historyMessages(turns, false));
    // An earlier compaction comes back when a later one is undone.
    const state = compactionState([summaryOf('t2', 'first'), summaryOf('t4', 'second', { undone: true })], turns);
    assert.strictEqual(state?.summary?.text, 'first');
  });

  it('summarises up to the last user message, in whole exchanges, and nothing already summarised', () => {
    assert.deepStrictEqual(summarySpan(turns, undefined), { from: 0, to: 4 });
    assert.deepStrictEqual(summarySpan(turns.slice(0, 4), undefined), { from: 0, to: 2 });
    assert.deepStrictEqual(summarySpan(turns, compactionState([summaryOf('t2')], turns)), { from: 2, to: 4 });
    assert.strictEqual(summarySpan(turns, compactionState([summaryOf('t4')], turns)), undefined);
    assert.strictEqual(summarySpan(turns.slice(0, 2), undefined), undefined);
  });

  it('asks for a summary that keeps goals, decisions, paths, open problems and the task state, with the focus text', () => {
    const body = summaryRequestBody({ model: 'm', maxTokens: 4096, turns: [...turns.slice(0, 2), toolTurn('t6', 1, 10)], previousSummary: 'Before: Y.', focus: 'keep the API decisions' });
    assert.deepStrictEqual([body.model, body.max_tokens, body.messages.length, body.messages[0].role], ['m', 4096, 1, 'user']);
    assert.strictEqual(body.tools, undefined);
    const text = body.messages[0].content as string;
    assert.match(text, /<earlier_summary>\nBefore: Y\.\n<\/earlier_summary>/);
    assert.match(text, /User: FACT: the API is REST\./);
    assert.match(text, /Assistant called str_replace_based_edit_tool: \{"command":"view","path":"src\/file1\.ts"\}/);
    for (const kept of [/goals/, /decisions/, /file path/, /open problems/, /state of the task/]) assert.match(SUMMARY_INSTRUCTIONS, kept);
    assert.ok(text.includes(SUMMARY_INSTRUCTIONS));
    assert.match(text, /keep in particular: keep the API decisions$/);
    assert.match(String(body.system), /summaries/);
  });

  it('keeps the start and the end of a transcript too long for the window', () => {
    const long = [user('t1', 'GOAL at the start'), answer('t2', 'x'.repeat(3900)), user('t3', 'y'.repeat(3900)), answer('t4', 'STATE at the end')];
    const text = summaryRequestBody({ model: 'm', maxTokens: 10, turns: long, maxCharacters: 2000 }).messages[0].content as string;
    assert.ok(text.length < 3000, String(text.length));
    assert.match(text, /GOAL at the start[\s\S]*left out[\s\S]*STATE at the end/);
  });
});

describe('When to compact', () => {
  it('past the threshold share of the window; never with a threshold of 1', () => {
    assert.strictEqual(compactionLimit(200_000, 0.8), 160_000);
    assert.strictEqual(compactionLimit(200_000, 1), undefined);
  });

  it('on a 400 about the prompt\'s length, and on no other error', () => {
    assert.ok(isContextOverflow(new ApiError('prompt is too long: 215000 tokens > 200000 maximum', 400, 'invalid_request_error', undefined)));
    assert.ok(isContextOverflow(new ApiError('input length and `max_tokens` exceed context limit: 198000 + 8192 > 200000', 400, 'invalid_request_error', undefined)));
    assert.ok(!isContextOverflow(new ApiError('messages.0.content: Field required', 400, 'invalid_request_error', undefined)));
    assert.ok(!isContextOverflow(new ApiError('prompt is too long', 500, 'invalid_request_error', undefined)));
    assert.ok(!isContextOverflow(new Error('prompt is too long')));
  });
});

describe('Compactions in the history format', () => {
  const base = { id: 'c1', title: 'T', createdAt: 1, updatedAt: 2, turns: [user('t1', 'q'), answer('t2', 'a')] };

  it('keeps compactions across a save, and opens older files without them', () => {
    const saved = { ...base, version: 3, compactions: [summaryOf('t1', 'S', { focus: 'f', elided: ['x'] })] };
    assert.deepStrictEqual(parseConversation(JSON.parse(JSON.stringify(saved))).compactions, saved.compactions);
    const older = parseConversation({ ...base, version: 2 });
    assert.deepStrictEqual([older.version, older.compactions], [3, undefined]);
  });

  it('refuses a damaged compaction record', () => {
    assert.throws(() => parseConversation({ ...base, version: 3, compactions: [{ id: 'c', at: 1, reason: 'whim', elided: [] }] }), /bad compactions/);
  });
});
