import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CONVERSATION_VERSION, newConversation, parseConversation } from '../../src/conversation/record';
import { ConversationStore, type StoreProblem } from '../../src/history/conversationStore';

/** A history folder written by version 1 of the extension (its own store and session). */
const V1_FOLDER = path.resolve(__dirname, '../../../test/fixtures/history-v1');

describe('History format', () => {
  let dir: string;
  let problems: StoreProblem[];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-assistant-format-'));
    problems = [];
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('opens a version 1 folder unchanged, and saves it in the current version', () => {
    fs.cpSync(V1_FOLDER, dir, { recursive: true });
    const file = path.join(dir, 'conversations', 'v1-sample.json');
    const v1 = JSON.parse(fs.readFileSync(file, 'utf8')) as { version: number; turns: unknown[]; title: string };
    assert.strictEqual(v1.version, 1);
    const store = new ConversationStore(dir, (problem) => problems.push(problem));
    assert.deepStrictEqual(store.list().map((s) => [s.id, s.title, s.turnCount]), [['v1-sample', v1.title, 4]]);
    assert.strictEqual(store.currentId, 'v1-sample');
    const opened = store.load('v1-sample')!;
    assert.strictEqual(opened.version, CONVERSATION_VERSION);
    assert.deepStrictEqual(opened.turns, v1.turns, 'every turn and block, signatures and usage included, as written');
    store.save(opened);
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { version: number; turns: unknown[] };
    assert.deepStrictEqual([saved.version, saved.turns], [CONVERSATION_VERSION, v1.turns]);
    assert.deepStrictEqual(problems, []);
  });

  it('keeps tool calls and results with their ids, inputs, results and error flags', () => {
    const conversation = newConversation('tools', 1);
    conversation.turns.push(
      { id: 't1', role: 'user', status: 'done', blocks: [{ type: 'text', text: 'List the files' }] },
      { id: 't2', role: 'assistant', status: 'done', blocks: [{ type: 'tool_use', id: 'toolu_1', name: 'bash', input: { command: 'ls' } }] },
      { id: 't3', role: 'user', status: 'done', blocks: [{ type: 'tool_result', toolUseId: 'toolu_1', content: 'ls: permission denied', isError: true }] },
    );
    const store = new ConversationStore(dir, (problem) => problems.push(problem));
    store.save(conversation);
    assert.deepStrictEqual(new ConversationStore(dir, () => undefined).load('tools')!.turns, conversation.turns);
    assert.throws(() => parseConversation({ ...conversation, turns: [{ id: 't', role: 'user', status: 'done', blocks: [{ type: 'tool_result', content: 'no id' }] }] }), /bad blocks/);
  });

  it('sets a file of a newer version aside, byte for byte, and reports it', () => {
    const store = new ConversationStore(dir, (problem) => problems.push(problem));
    store.save(newConversation('kept', 1));
    const future = `${JSON.stringify({ version: CONVERSATION_VERSION + 1, id: 'future', title: 'From a newer version', createdAt: 1, updatedAt: 2, turns: [], somethingNew: true })}\n`;
    const file = path.join(dir, 'conversations', 'future.json');
    fs.writeFileSync(file, future);
    const fresh = new ConversationStore(dir, (problem) => problems.push(problem));
    assert.strictEqual(fresh.load('future'), undefined);
    assert.strictEqual(problems.length, 1);
    assert.match(problems[0].message, /newer version of Claude Assistant/);
    assert.match(problems[0].setAsidePath ?? '', /future\.json\.newer-\d+$/);
    assert.strictEqual(fs.readFileSync(problems[0].setAsidePath!, 'utf8'), future);
    assert.ok(!fs.existsSync(file));
    fresh.save(newConversation('another', 3));
    assert.strictEqual(fs.readFileSync(problems[0].setAsidePath!, 'utf8'), future, 'never overwritten');
  });
});
