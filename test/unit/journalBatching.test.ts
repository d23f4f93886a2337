import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { UpdateBatcher } from '../../src/chat/updateBatcher';
import { newConversation, type Conversation } from '../../src/conversation/record';
import { ConversationRecorder } from '../../src/history/conversationRecorder';
import { ConversationStore } from '../../src/history/conversationStore';
import type { JournalEntry } from '../../src/history/streamJournal';
import type { HostToWebview } from '../../src/webview/protocol';

/** A conversation with a user turn and an empty streaming reply, saved, as when a reply starts. */
function streaming(): Conversation {
  const conversation = newConversation('a', 0);
  conversation.turns.push({ id: 't1', role: 'user', status: 'done', blocks: [{ type: 'text', text: 'Q' }] }, { id: 't2', role: 'assistant', status: 'streaming', blocks: [{ type: 'text', text: '' }] });
  return conversation;
}

describe('Journal batching', () => {
  let dir: string;
  let store: ConversationStore;
  const journalFile = () => path.join(dir, 'conversations', 'a.journal');

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-assistant-journal-'));
    store = new ConversationStore(dir, () => undefined);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes nothing per delta, and one append per batch', async () => {
    const appends: JournalEntry[][] = [];
    const counting = { save: store.save.bind(store), removeJournal: store.removeJournal.bind(store), appendJournal: (id: string, entries: readonly JournalEntry[]) => { appends.push([...entries]); return store.appendJournal(id, entries); } };
    const recorder = new ConversationRecorder(counting, (error) => assert.fail(String(error)));
    const conversation = streaming();
    recorder.record({ type: 'turnAdded', turn: conversation.turns[1] }, conversation);
    const block = conversation.turns[1].blocks[0] as { text: string };
    for (let i = 0; i < 1000; i++) {
      block.text += 'x';
      recorder.record({ type: 'blockDelta', id: 't2', index: 0, append: 'x' }, conversation);
    }
    assert.strictEqual(appends.length, 0, 'recording a delta writes nothing');
    assert.ok(!fs.existsSync(journalFile()));
    await recorder.flush();
    assert.strictEqual(appends.length, 1);
    assert.strictEqual(appends[0].length, 1000);
    assert.strictEqual(fs.readFileSync(journalFile(), 'utf8').split('\n').filter(Boolean).length, 1000);
  });

  it('posts a batch to the page only once its lines are on disk', async () => {
    const recorder = new ConversationRecorder(store, (error) => assert.fail(String(error)));
    const conversation = streaming();
    recorder.record({ type: 'turnAdded', turn: conversation.turns[1] }, conversation);
    const onDiskWhenPosted: string[] = [];
    const batcher = new UpdateBatcher((message: HostToWebview) => {
      assert.strictEqual(message.type, 'blockDelta');
      onDiskWhenPosted.push(fs.existsSync(journalFile()) ? fs.readFileSync(journalFile(), 'utf8') : '');
    }, 1, undefined, () => recorder.flush());
    const block = conversation.turns[1].blocks[0] as { text: string };
    for (const part of ['Hel', 'lo']) {
      block.text += part;
      const event = { type: 'blockDelta', id: 't2', index: 0, append: part } as const;
      recorder.record(event, conversation);
      batcher.push(event);
    }
    // The post waits for the disk; on a busy machine that can take a while.
    for (const deadline = Date.now() + 5000; onDiskWhenPosted.length === 0 && Date.now() < deadline;) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.strictEqual(onDiskWhenPosted.length, 1);
    assert.match(onDiskWhenPosted[0], /"append":"Hel".*\n.*"append":"lo"/);
    // A reload now restores what the page showed.
    assert.strictEqual((new ConversationStore(dir, () => undefined).load('a')!.turns[1].blocks[0] as { text: string }).text, 'Hello');
  });
});
