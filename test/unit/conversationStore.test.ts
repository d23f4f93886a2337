import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { newConversation, parseConversation, titleFrom, type Conversation } from '../../src/conversation/record';
import { ConversationRecorder } from '../../src/history/conversationRecorder';
import { ConversationStore, type StoreProblem } from '../../src/history/conversationStore';
import { INTERRUPTED_NOTICE } from '../../src/history/streamJournal';
import { turnText } from '../../src/webview/protocol';

function conversation(id: string, text: string, updatedAt = 1000): Conversation {
  const value = newConversation(id, updatedAt);
  value.turns.push(
    { id: 't1', role: 'user', status: 'done', blocks: [{ type: 'text', text }] },
    { id: 't2', role: 'assistant', status: 'done', blocks: [{ type: 'text', text: `Answer to ${text}` }] },
  );
  value.title = titleFrom(value.turns);
  return value;
}

describe('ConversationStore', () => {
  let dir: string;
  let problems: StoreProblem[];
  let store: ConversationStore;
  const conversationsDir = () => path.join(dir, 'conversations');

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-assistant-history-'));
    problems = [];
    store = new ConversationStore(dir, (problem) => problems.push(problem));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('saves, lists newest first, loads, renames and deletes', () => {
    store.save(conversation('a', 'First question', 1000));
    store.save(conversation('b', 'Second question', 2000));
    assert.deepStrictEqual(store.list().map((s) => [s.id, s.title, s.turnCount]), [['b', 'Second question', 2], ['a', 'First question', 2]]);
    assert.strictEqual(turnText(store.load('a')!.turns[1]), 'Answer to First question');
    store.rename('a', 'Renamed');
    assert.strictEqual(store.load('a')?.title, 'Renamed');
    store.delete('b');
    assert.deepStrictEqual(store.list().map((s) => s.id), ['a']);
    // A fresh store (another window, a restart) reads the same index.
    assert.deepStrictEqual(new ConversationStore(dir, () => undefined).list().map((s) => s.title), ['Renamed']);
  });

  it('writes through a temporary file and a rename, leaving no temporary files behind', () => {
    const renames: string[] = [];
    // The module object itself: the store's import reads through to it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const nodeFs = require('fs') as typeof fs;
    const original = nodeFs.renameSync;
    nodeFs.renameSync = (from, to) => {
      renames.push(`${path.basename(String(from))} -> ${path.basename(String(to))}`);
      original(from, to);
    };
    try {
      store.save(conversation('a', 'Q'));
    } finally {
      nodeFs.renameSync = original;
    }
    assert.ok(renames.some((r) => /^a\.json\.\d+\.\w+\.tmp -> a\.json$/.test(r)), renames.join(', '));
    assert.deepStrictEqual(fs.readdirSync(conversationsDir()).filter((name) => name.endsWith('.tmp')), []);
  });

  it('sets a damaged file aside, reports it, and keeps the others', () => {
    store.save(conversation('good', 'Still here'));
    store.save(conversation('bad', 'Will be damaged'));
    fs.writeFileSync(path.join(conversationsDir(), 'bad.json'), '{"version":1,"id":"bad","tit');
    const fresh = new ConversationStore(dir, (problem) => problems.push(problem));
    assert.strictEqual(fresh.load('bad'), undefined);
    assert.strictEqual(problems.length, 1);
    assert.match(problems[0].message, /could not be read.*set aside as bad\.json\.damaged-\d+/);
    assert.ok(fs.existsSync(problems[0].setAsidePath!));
    assert.deepStrictEqual(fresh.list().map((s) => s.id), ['good']);
    assert.strictEqual(fresh.load('good')?.title, 'Still here');
  });

  it('rebuilds a damaged index from the conversation files', () => {
    store.save(conversation('a', 'Kept'));
    fs.writeFileSync(path.join(dir, 'index.json'), 'not json');
    const fresh = new ConversationStore(dir, (problem) => problems.push(problem));
    assert.deepStrictEqual(fresh.list().map((s) => s.title), ['Kept']);
    assert.match(problems[0].message, /list of saved conversations could not be read/);
  });

  it('folds a journaled reply into the conversation after a reload, exactly once', async () => {
    const saved = conversation('a', 'Q');
    saved.turns.push({ id: 't3', role: 'user', status: 'done', blocks: [{ type: 'text', text: 'Go on' }] }, { id: 't4', role: 'assistant', status: 'streaming', blocks: [] });
    const recorder = new ConversationRecorder(store, (error) => assert.fail(String(error)));
    recorder.record({ type: 'turnAdded', turn: saved.turns[3] }, saved);
    // What the session does while streaming: the turn grows, and each update is journaled first.
    const reply = saved.turns[3];
    reply.blocks.push({ type: 'text', text: '' });
    recorder.record({ type: 'blockStarted', id: 't4', index: 0, block: { type: 'text', text: '' } }, saved);
    for (const part of ['Streamed ', 'text ', 'so far.']) {
      (reply.blocks[0] as { text: string }).text += part;
      recorder.record({ type: 'blockDelta', id: 't4', index: 0, append: part }, saved);
    }
    // The page's batcher writes the batch before posting it.
    await recorder.flush();
    // The window reloads here: the file still holds the empty streaming turn.
    const restored = new ConversationStore(dir, () => undefined).load('a')!;
    const turn = restored.turns[3];
    assert.deepStrictEqual([turnText(turn), turn.status, turn.notice], ['Streamed text so far.', 'stopped', INTERRUPTED_NOTICE]);
    assert.ok(!fs.existsSync(path.join(conversationsDir(), 'a.journal')), 'the journal is folded in and removed');
    assert.strictEqual(turnText(new ConversationStore(dir, () => undefined).load('a')!.turns[3]), 'Streamed text so far.');
  });

  it('ignores journal entries the file already holds, and a torn last line', () => {
    const saved = conversation('a', 'Q');
    saved.turns[1].status = 'streaming';
    store.save(saved);
    const journal = path.join(conversationsDir(), 'a.journal');
    // "Answer to Q" is 11 characters: an entry at 0 is already in the file; one at 11 is new.
    fs.writeFileSync(journal, `${JSON.stringify({ type: 'blockDelta', id: 't2', index: 0, append: 'Answer', at: 0 })}\n${JSON.stringify({ type: 'blockDelta', id: 't2', index: 0, append: '!', at: 11 })}\n{"type":"blockDel`);
    assert.strictEqual(turnText(store.load('a')!.turns[1]), 'Answer to Q!');
  });

  it('remembers the conversation open last, beside the conversations, never among them', () => {
    store.save(conversation('a', 'Q'));
    store.currentId = 'a';
    const fresh = new ConversationStore(dir, (problem) => problems.push(problem));
    assert.strictEqual(fresh.currentId, 'a');
    // With no index, the conversations folder is scanned: only conversations are in it.
    fs.rmSync(path.join(dir, 'index.json'));
    assert.deepStrictEqual(new ConversationStore(dir, (problem) => problems.push(problem)).list().map((s) => s.id), ['a']);
    assert.deepStrictEqual(problems, []);
  });

  it('refuses ids that are not file-name safe and files that are not conversations', () => {
    assert.strictEqual(store.load('../../etc/passwd'), undefined);
    assert.throws(() => parseConversation({ version: 1, id: 'x', title: 't', createdAt: 1, updatedAt: 1, turns: [{ id: 't1', role: 'system', status: 'done', blocks: [] }] }), /no id or role/);
    assert.throws(() => parseConversation({ version: 0 }), /unknown version/);
  });
});
