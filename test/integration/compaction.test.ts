// Client-side compaction inside the real extension host, against the mock's context window and
// its summariser, which echoes the facts planted in the turns it is asked to summarise.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { turnText } from '../../src/webview/protocol';
import { summaryScript, textReply, type RecordedRequest } from '../mock/server';
import { requestTexts } from '../mock/contextWindow';
import { activateApi, claudeSettings as config, mockProviderForSuite } from './mockProvider';

const KEY = 'sk-ant-compaction-key';
/** About 1,000 tokens by the mock's count (four characters a token). */
const filler = (letter: string): string => `${letter.repeat(39)}\n`.repeat(100);

describe('compaction inside the extension host', function () {
  this.timeout(60_000);
  const server = mockProviderForSuite({ key: KEY, settings: { model: 'claude-sonnet-4-5' }, alsoReset: ['compaction.threshold', 'modelOverrides'], eachTest: { contextLimit: undefined } });
  let api: TestApi;
  const lastRequest = (): RecordedRequest => server.messageRequests().at(-1)!;

  before(async () => {
    api = await activateApi();
  });

  beforeEach(async () => {
    await config().update('compaction.threshold', undefined, vscode.ConfigurationTarget.Global);
    api.session.startNew();
  });

  /** Two exchanges that plant facts, each with about 1,000 tokens of filler. */
  async function plantFacts(): Promise<void> {
    server.enqueue({ reply: textReply('Noted the goal.') }, { reply: textReply('Noted the library.') });
    await api.session.send(`FACT-goal: a parser for the config files.\n${filler('a')}`);
    await api.session.send(`FACT-lib: chevrotain, not a hand-written lexer.\n${filler('b')}`);
  }

  for (const answer of ['http400', 'stopReason'] as const) {
    it(`compacts and sends once more when the window is exceeded (${answer === 'http400' ? 'a 400 about the prompt' : 'model_context_window_exceeded'})`, async () => {
      // Only an overflow compacts: the mock's window is far below the model's.
      await config().update('compaction.threshold', 1, vscode.ConfigurationTarget.Global);
      await plantFacts();
      // The first two requests fit; the third, with 1,500 tokens more, does not.
      server.configure({ contextLimit: { maxInputTokens: 3_000, answer } });
      server.enqueue(summaryScript(), { reply: textReply('Answered after compaction.') });
      await api.session.send(`What next?\n${filler('c')}${filler('d').slice(0, 2_000)}`);

      const turns = api.session.transcript;
      assert.deepStrictEqual([turns.length, turnText(turns[5]), turns[5].status], [6, 'Answered after compaction.', 'done']);
      const [compaction] = api.session.conversation.compactions ?? [];
      assert.deepStrictEqual([compaction?.reason, compaction?.throughTurnId], ['overflow', turns[3].id]);
      assert.match(compaction.summary ?? '', /FACT-goal: a parser for the config files[\s\S]*FACT-lib: chevrotain, not a hand-written lexer/);
      // Nothing was deleted: every turn is in the history as it was.
      assert.match(turnText(turns[0]), /^FACT-goal/);
      // The retry carries the summary instead of the turns, and fits.
      const retry = requestTexts(lastRequest().body);
      assert.match(retry, /<summary>[\s\S]*FACT-lib[\s\S]*<\/summary>[\s\S]*What next\?/);
      assert.ok(!retry.includes('aaaaaaaaaa') && !retry.includes('bbbbbbbbbb'), 'the summarised turns are not sent');
      // The refused request (a 400) or the empty reply (the stop reason) came before the summary request.
      const requests = server.messageRequests();
      assert.match(requestTexts(requests.at(-2)!.body), /Summarise the conversation above/);
      assert.match(requestTexts(requests.at(-3)!.body), /aaaaaaaaaa[\s\S]*What next\?/);
    });
  }

  it('Compact Conversation keeps the focus text, the summary replaces the turns, and Undo sends them whole again', async () => {
    await plantFacts();
    server.enqueue(summaryScript());
    const id = await vscode.commands.executeCommand<string | undefined>('claudeAssistant.compactConversation', 'keep the API decisions');
    assert.ok(id, 'a compaction was made');
    const summaryRequest = requestTexts(lastRequest().body);
    assert.match(summaryRequest, /keep in particular: keep the API decisions/);
    assert.match(summaryRequest, /FACT-goal/);
    // The last exchange is always sent whole, so it is not summarised.
    assert.ok(!summaryRequest.includes('FACT-lib'));
    const compaction = api.session.conversation.compactions?.[0];
    assert.deepStrictEqual([compaction?.reason, compaction?.focus, compaction?.throughTurnId], ['command', 'keep the API decisions', api.session.transcript[1].id]);

    server.enqueue({ reply: textReply('With the summary.') });
    await api.session.send('Go on.');
    const compacted = requestTexts(lastRequest().body);
    assert.match(compacted, /<summary>[\s\S]*FACT-goal[\s\S]*Focus kept: keep the API decisions[\s\S]*<\/summary>/);
    assert.ok(!compacted.includes('aaaaaaaaaa'), 'the first exchange goes as the summary');
    assert.ok(compacted.includes('FACT-lib: chevrotain') && compacted.includes('bbbbbbbbbb'), 'the second goes whole');

    api.session.undoCompaction(id);
    assert.strictEqual(api.session.conversation.compactions?.[0].undone, true);
    server.enqueue({ reply: textReply('With every turn.') });
    await api.session.send('Once more.');
    const whole = requestTexts(lastRequest().body);
    assert.ok(!whole.includes('<summary>'));
    assert.ok(whole.includes('FACT-goal: a parser') && whole.includes('aaaaaaaaaa'), 'the full turns are sent again');
    assert.strictEqual(turnText(api.session.transcript.at(-1)!), 'With every turn.');
  });

  it('compacts before sending once the context passes the threshold share of the window', async () => {
    // About 2,000 tokens before the third message, 4,000 with it: past 80 % of 4,000.
    await config().update('modelOverrides', { 'claude-sonnet-4-5': { contextWindow: 4_000 } }, vscode.ConfigurationTarget.Global);
    try {
      await plantFacts();
      server.enqueue(summaryScript(), { reply: textReply('Compacted first.') });
      await api.session.send(`And now?\n${filler('c')}${filler('d')}`);
      const [compaction] = api.session.conversation.compactions ?? [];
      assert.strictEqual(compaction?.reason, 'threshold');
      const requests = server.messageRequests();
      // Nothing over the threshold was sent: the summary request came before the third turn's.
      assert.match(requestTexts(requests.at(-2)!.body), /Summarise the conversation above/);
      assert.match(requestTexts(requests.at(-1)!.body), /<summary>[\s\S]*FACT-goal[\s\S]*FACT-lib[\s\S]*And now\?/);
      assert.strictEqual(turnText(api.session.transcript.at(-1)!), 'Compacted first.');
    } finally {
      await config().update('modelOverrides', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
