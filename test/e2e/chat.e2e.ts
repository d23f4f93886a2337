// The chat as a person uses it: the packaged extension in a real workbench, the mock provider
// behind it. See fixture.ts for the session and the helpers.
import * as assert from 'assert';
import { textReply, type RecordedRequest } from '../mock/server';
import { commands, useE2eSession, waitForText } from './fixture';

const apiKey = 'sk-ant-e2e-typed-0123456789';

function messageRequests(requests: readonly RecordedRequest[]): RecordedRequest[] {
  return requests.filter((request) => request.method === 'POST' && request.path === '/v1/messages');
}

/** The text of the last user turn in a Messages request body (string or text blocks). */
function lastUserText(body: unknown): string {
  const messages = (body as { messages?: Array<{ role: string; content: unknown }> }).messages ?? [];
  const last = [...messages].reverse().find((message) => message.role === 'user');
  if (!last) return '';
  if (typeof last.content === 'string') return last.content;
  return (last.content as Array<{ type: string; text?: string }>)
    .filter((block) => block.type === 'text')
    .map((block) => block.text ?? '')
    .join('');
}

describe('chat in the workbench', function () {
  this.timeout(120_000);
  const session = useE2eSession();

  it('sends a message with the key typed into Set API Key and shows the streamed reply', async () => {
    const s = session();
    const replyText = 'Ahoy from the mock provider: the e2e reply arrived intact.';
    s.mock.enqueue({ reply: textReply(['Ahoy from the mock provider: ', 'the e2e reply ', 'arrived intact.']) });

    await s.setApiKey(apiKey);
    await s.openChat();
    await s.workbench.screenshot('chat-1-empty');
    const userText = 'Hello from the end-to-end test, please reply.';
    await s.send(userText);
    await s.waitForTranscript(replyText);
    await waitForText(s.chat().locator('.message.user'), userText);
    await s.workbench.screenshot('chat-2-reply');

    const [request] = messageRequests(s.mock.requests);
    assert.ok(request, 'the mock received no POST /v1/messages');
    assert.strictEqual(request.headers['x-api-key'], apiKey);
    assert.strictEqual((request.body as { stream?: unknown }).stream, true);
    assert.strictEqual(lastUserText(request.body), userText);
  });

  it('Stop keeps the partial reply and brings Send back', async () => {
    const s = session();
    await s.ensureApiKey(apiKey);
    await s.runCommand(commands.newChat);
    // 400 deltas, 50 ms apart: 20 s of streaming, far longer than the test needs.
    const words = Array.from({ length: 400 }, (_, index) => `word${index} `);
    s.mock.enqueue({ reply: textReply(words), fault: { kind: 'slowChunks', delayMs: 50 } });

    const chat = s.chat();
    await s.send('Tell me a very long story.');
    await s.waitForTranscript('word10 ');
    const stop = chat.getByRole('button', { name: 'Stop' });
    assert.strictEqual(await stop.isEnabled(), true, 'Stop is enabled while the reply streams');
    await s.workbench.screenshot('chat-3-streaming');
    await stop.click();

    const send = chat.getByRole('button', { name: 'Send' });
    await send.waitFor({ state: 'visible', timeout: 15_000 });
    await waitUntil(() => send.isEnabled(), 'Send to be enabled again');
    await waitUntil(async () => !(await stop.isEnabled()), 'Stop to be disabled again');
    const stoppedAt = await chat.getByRole('log').innerText();
    // The stream would have gone on for seconds; after Stop nothing more arrives and nothing goes.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const later = await chat.getByRole('log').innerText();
    assert.ok(later.includes('word10 '), 'the partial reply is still shown');
    assert.ok(!later.includes('word399'), 'the reply did not run to its end');
    assert.strictEqual(countWords(later), countWords(stoppedAt), 'no text arrived after Stop');
    await s.workbench.screenshot('chat-4-stopped');
  });

  it("shows the provider's message when the key is rejected (HTTP 401)", async () => {
    const s = session();
    await s.ensureApiKey(apiKey);
    await s.runCommand(commands.newChat);
    s.mock.enqueue({ fault: { kind: 'httpError', status: 401, message: 'invalid x-api-key' } });

    await s.send('This request will be refused.');
    const alert = s.chat().locator('.message.error[role="alert"]');
    await waitForText(alert, 'invalid x-api-key');
    await s.workbench.screenshot('chat-5-error-401');
    assert.strictEqual(messageRequests(s.mock.requests).length, 1, 'a 401 is not retried');
  });
});

describe('chat in a light theme', function () {
  this.timeout(120_000);
  const session = useE2eSession({ colorTheme: 'Default Light Modern' });

  it('renders a conversation', async () => {
    const s = session();
    s.mock.enqueue({ reply: textReply('Light theme reply: **bold**, `code`, and a list:\n\n- one\n- two') });
    await s.setApiKey(apiKey);
    await s.openChat();
    await s.send('Show me some formatting.');
    await s.waitForTranscript('Light theme reply');
    await s.workbench.screenshot('chat-6-light-theme');
  });
});

/** The word<N> markers in a transcript, to compare two moments of the same reply. */
function countWords(text: string): number {
  return (text.match(/word\d+/g) ?? []).length;
}

async function waitUntil(condition: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
