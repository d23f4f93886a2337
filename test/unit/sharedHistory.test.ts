import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { newConversation, titleFrom, type Conversation } from '../../src/conversation/record';
import { ConversationStore } from '../../src/history/conversationStore';

function asked(id: string, question: string, at: number): Conversation {
  const conversation = newConversation(id, at);
  conversation.turns.push({ id: 't1', role: 'user', status: 'done', blocks: [{ type: 'text', text: question }] });
  conversation.title = titleFrom(conversation.turns);
  return conversation;
}

describe('History shared by two windows', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-assistant-shared-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const indexIds = () => (JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8')) as Array<{ id: string }>).map((entry) => entry.id).sort();

  it('lists the conversations of both windows, one question sent in each', () => {
    const first = new ConversationStore(dir, () => undefined);
    const second = new ConversationStore(dir, () => undefined);
    // Both windows have read the (empty) listing before either sends.
    assert.deepStrictEqual([first.list(), second.list()], [[], []]);
    first.save(asked('one', 'From the first window', 1));
    second.save(asked('two', 'From the second window', 2));
    assert.deepStrictEqual(indexIds(), ['one', 'two']);
    assert.deepStrictEqual(first.list().map((s) => s.id), ['two', 'one']);
    assert.deepStrictEqual(second.list().map((s) => s.id), ['two', 'one']);
  });

  it('sees a deletion and a conversation the index missed, from the files', () => {
    const first = new ConversationStore(dir, () => undefined);
    const second = new ConversationStore(dir, () => undefined);
    first.save(asked('one', 'Kept', 1));
    first.save(asked('two', 'Deleted elsewhere', 2));
    assert.strictEqual(second.list().length, 2);
    first.delete('two');
    // A window that closed between writing a conversation and the listing.
    fs.writeFileSync(path.join(dir, 'conversations', 'three.json'), JSON.stringify(asked('three', 'Unlisted', 3)));
    assert.deepStrictEqual(second.list().map((s) => s.id), ['three', 'one']);
    assert.deepStrictEqual(indexIds(), ['one', 'three']);
  });
});
