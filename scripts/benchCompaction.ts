// The bench:context case "a conversation that crosses the window and compacts": the real session,
// client and mock, whose window refuses (400) a prompt over the limit and whose summariser echoes
// the facts planted in what it is asked to summarise. It checks that every request after the
// first compaction fits, that the summary keeps every fact planted in the early turns, and
// compares the last request with the same conversation sent whole (the baseline).
import { DEFAULT_CLIENT_SETTINGS, MessagesClient } from '../src/api/messagesClient';
import { ChatSession } from '../src/conversation/session';
import { historyMessages } from '../src/conversation/turnRequest';
import { modelInfo } from '../src/providers/modelCatalog';
import { requestTarget, type RequestContext } from '../src/providers/requestContext';
import { echoSummary, requestTexts } from '../test/mock/contextWindow';
import { countInputTokens } from '../test/mock/promptCache';
import { MockMessagesServer, textReply } from '../test/mock/server';

const MODEL = 'claude-sonnet-4-5';
const WINDOW = 40_000;
const TURNS = 30;
/** Facts go into the first turns only: the summary must carry them to the end. */
const FACT_TURNS = 5;

export interface CompactionFigures {
  turns: number;
  answered: number;
  requests: number;
  refused: number;
  compactions: number;
  largestAfterCompaction: number;
  lastRequest: number;
  lastRequestWhole: number;
  factsKept: number;
  facts: number;
}

export async function compactionCase(prose: (seed: number, chars: number) => string): Promise<CompactionFigures> {
  const server = await MockMessagesServer.start({ contextLimit: { maxInputTokens: WINDOW, answer: 'http400' } });
  const client = new MessagesClient({ info: () => undefined, warn: () => undefined }, { ...DEFAULT_CLIENT_SETTINGS, maxRetries: 0, proxy: { url: undefined, noProxy: ['*'], strictSSL: true } });
  const context: RequestContext = {
    endpoint: { baseUrl: server.url, anthropicVersion: '2023-06-01' },
    credentials: { key: 'sk-bench', headerStyle: 'x-api-key', source: 'SecretStorage' },
    model: MODEL,
    modelInfo: { ...modelInfo(MODEL), contextWindow: WINDOW },
    maxTokens: 1024,
    host: '127.0.0.1',
    profileId: 'bench',
    toolForm: 'auto',
  };
  let id = 0;
  const session = new ChatSession({
    resolveTarget: async () => requestTarget(context, client),
    resolveOptions: () => ({ thinking: { enabled: false, budgetTokens: 4096, effort: 'high' } }),
    emit: () => undefined,
    newId: () => `c${++id}`,
  });
  const sent: Array<{ tokens: number; refused: boolean; summary: boolean; afterCompaction: boolean }> = [];
  let compacted = false;
  const facts = Array.from({ length: FACT_TURNS }, (_, i) => `FACT-${String(i + 1)}: decision number ${String(i + 1)} stands`);
  try {
    for (let turn = 0; turn < TURNS; turn++) {
      // Every request gets this script: a summary request is answered by the summariser.
      const script = { replyFor: (body: unknown) => textReply(requestTexts(body).includes('Summarise the conversation above') ? echoSummary(body) : prose(500 + turn, 6000)) };
      server.enqueue(script, script);
      const fact = turn < FACT_TURNS ? `${facts[turn]}.\n` : '';
      await session.send(`${fact}Question ${String(turn)}: ${prose(300 + turn, 6000)}`);
      for (const request of server.requests.filter((r) => r.path === '/v1/messages')) {
        const tokens = countInputTokens(request.body);
        const summary = requestTexts(request.body).includes('Summarise the conversation above');
        sent.push({ tokens, refused: tokens > WINDOW, summary, afterCompaction: compacted && !summary });
        compacted ||= summary;
      }
      // The second script is there for a summary request; unused, it goes.
      server.reset();
    }
  } finally {
    await server.close();
  }
  const conversation = session.conversation;
  const compactions = conversation.compactions ?? [];
  const summary = [...compactions].reverse().find((c) => c.summary)?.summary ?? '';
  const turns = conversation.turns;
  return {
    turns: TURNS,
    answered: turns.filter((turn) => turn.role === 'assistant' && turn.status === 'done').length,
    requests: sent.length,
    refused: sent.filter((request) => request.refused).length,
    compactions: compactions.length,
    largestAfterCompaction: Math.max(...sent.filter((request) => request.afterCompaction && !request.refused).map((request) => request.tokens)),
    lastRequest: sent.filter((request) => !request.refused && !request.summary).at(-1)?.tokens ?? 0,
    lastRequestWhole: countInputTokens({ model: MODEL, max_tokens: 1024, messages: historyMessages(turns.slice(0, -1), false) }),
    factsKept: facts.filter((fact) => summary.includes(fact)).length,
    facts: facts.length,
  };
}
