// The chat as a person uses it: the packaged extension in a real workbench, the mock provider
// behind it. See fixture.ts for the session and the helpers.
import * as assert from 'assert';
import * as zlib from 'zlib';
import { reply, textBlock, textReply, thinkingBlock, type RecordedRequest } from '../mock/server';
import { useE2eSession, waitForText, type E2eSession } from './fixture';

const apiKey = 'sk-ant-e2e-typed-0123456789';
/** A small gradient PNG, so that the thumbnail shows in screenshots. */
function gradientPng(width: number, height: number): Buffer {
  const rows = Array.from({ length: height }, (_, y) => Buffer.from([0, ...Array.from({ length: width }, (_, x) => [40 + (x * 200) / width, 90 + (y * 120) / height, 200, 255]).flat().map(Math.round)]));
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

const richReply = [
  '## Greeting helper',
  '',
  'Here is a **typed** version of `greet`, with a [link to the file](src/greet.ts#L1):',
  '',
  '```ts src/greet.ts',
  'export function greet(name: string, excited = false): string {',
  '  // Add an exclamation mark when asked',
  '  return `Hello, ${name}${excited ? "!" : "."}`;',
  '}',
  '```',
  '',
  '| Argument | Type | Default |',
  '|:--|:--|--:|',
  '| `name` | string | — |',
  '| `excited` | boolean | `false` |',
  '',
  '- [x] keeps the signature',
  '- [ ] adds tests',
].join('\n');

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

/** Chunks of about `size` characters, so the reply streams in many deltas. */
function chunks(text: string, size: number): string[] {
  return text.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g')) ?? [];
}

async function newChat(s: E2eSession): Promise<void> {
  await s.ensureApiKey(apiKey);
  await s.newChat();
  await s.chat().getByRole('textbox', { name: 'Message' }).waitFor();
}

describe('chat in the workbench', function () {
  this.timeout(120_000);
  // A model whose prices are published, so each reply shows its cost (the Claude 5 generation's are not).
  const session = useE2eSession({ settings: { 'claudeAssistant.model': 'claude-sonnet-4-6' } });

  it('sends a message with the key typed into Set API Key and shows the streamed reply', async () => {
    const s = session();
    const replyText = 'Ahoy from the mock provider: the e2e reply arrived intact.';
    s.mock.enqueue({ reply: textReply(['Ahoy from the mock provider: ', 'the e2e reply ', 'arrived intact.']) });

    // No key yet: the empty state says so, and its button runs Set API Key.
    await s.openChat();
    const setKey = s.chat().getByRole('button', { name: 'Set API Key' });
    await setKey.waitFor();
    await waitForText(s.chat().locator('#empty'), 'No API key is set');
    await s.workbench.screenshot('chat-0-no-key');
    await setKey.click();
    await s.workbench.answerInputBox(apiKey, { password: true });
    s.rememberApiKey(apiKey);
    await setKey.waitFor({ state: 'hidden' });
    await s.workbench.screenshot('chat-1-empty');
    const userText = 'Hello from the end-to-end test, please reply.';
    await s.send(userText);
    await s.waitForTranscript(replyText);
    await waitForText(s.chat().locator('.turn.user'), userText);

    const [request] = messageRequests(s.mock.requests);
    assert.ok(request, 'the mock received no POST /v1/messages');
    assert.strictEqual(request.headers['x-api-key'], apiKey);
    assert.strictEqual((request.body as { stream?: unknown }).stream, true);
    assert.strictEqual(lastUserText(request.body), userText);
  });

  it('streams markdown: highlighted code with its actions, a table, a task list, thinking', async () => {
    const s = session();
    await newChat(s);
    s.mock.enqueue({ reply: reply([thinkingBlock('The user wants a typed greet function. Keep the signature.'), { type: 'text', text: richReply, chunks: chunks(richReply, 12) }], { usage: { input_tokens: 1234, output_tokens: 321, cache_read_input_tokens: 4000 } }) });
    await s.send('Make greet typed, please.');
    await s.waitForTranscript('adds tests');
    const chat = s.chat();
    const block = chat.locator('.code-block');
    await block.locator('.hljs-keyword').first().waitFor();
    assert.strictEqual(await block.locator('.code-language').innerText(), 'ts');
    assert.strictEqual(await block.getByRole('button').count(), 3);
    assert.strictEqual(await chat.locator('.markdown table td').count(), 6);
    assert.strictEqual(await chat.locator('.markdown input[type="checkbox"]').count(), 2);
    assert.match(await chat.locator('details.thinking summary').innerText(), /Thinking/);
    await waitForText(chat.locator('.turn.assistant .usage'), 'in 1.2K · out 321 · cache write 0 · cache read 4.0K · $0.0');
    await s.workbench.screenshot('chat-2-markdown-dark');
  });

  it('Stop keeps the partial reply and brings Send back', async () => {
    const s = session();
    await newChat(s);
    // 400 deltas, 50 ms apart: 20 s of streaming, far longer than the test needs.
    const words = Array.from({ length: 400 }, (_, index) => `word${index} `);
    s.mock.enqueue({ reply: textReply(words), fault: { kind: 'slowChunks', delayMs: 50 } });

    const chat = s.chat();
    await s.send('Tell me a very long story.');
    await s.waitForTranscript('word10 ');
    const stop = chat.getByRole('button', { name: 'Stop', exact: true });
    assert.strictEqual(await stop.isEnabled(), true, 'Stop is enabled while the reply streams');
    await s.workbench.screenshot('chat-3-streaming');
    await stop.click();

    const send = chat.getByRole('button', { name: 'Send', exact: true });
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
    assert.match(later, /Stopped\./);
  });

  it('regenerates the last reply, replacing it', async () => {
    const s = session();
    await newChat(s);
    s.mock.enqueue({ reply: textReply('First answer: forty-one.') }, { reply: textReply('Second answer: forty-two.') });
    await s.send('What is the answer?');
    await s.waitForTranscript('First answer');
    const chat = s.chat();
    const last = chat.locator('.turn.assistant').last();
    await last.hover();
    await last.getByRole('button', { name: /^Regenerate/ }).click();
    await s.waitForTranscript('Second answer: forty-two.');
    assert.ok(!(await chat.getByRole('log').innerText()).includes('First answer'), 'the old reply is gone');
    const requests = messageRequests(s.mock.requests);
    assert.strictEqual(requests.length, 2);
    assert.deepStrictEqual((requests[1].body as { messages: unknown[] }).messages, [{ role: 'user', content: 'What is the answer?' }]);
  });

  it('attaches an image, shows its thumbnail, and sends it as an image block', async () => {
    const s = session();
    await newChat(s);
    s.mock.enqueue({ reply: textReply('A blue gradient.') });
    const chat = s.chat();
    const png = gradientPng(96, 64);
    await chat.locator('#image-file').setInputFiles({ name: 'gradient.png', mimeType: 'image/png', buffer: png });
    await chat.getByRole('img', { name: 'gradient.png' }).waitFor();
    await s.send('What is in this picture?');
    await s.waitForTranscript('A blue gradient.');
    assert.strictEqual(await chat.locator('.turn.user img.thumbnail').count(), 1, 'the thumbnail stays with the message');
    const content = (messageRequests(s.mock.requests)[0].body as { messages: Array<{ content: unknown }> }).messages[0].content;
    assert.deepStrictEqual(content, [
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png.toString('base64') } },
      { type: 'text', text: 'What is in this picture?' },
    ]);
    await s.workbench.screenshot('chat-4-image');
  });

  it('keeps what was shown when the window reloads mid-stream, and lists it in history', async () => {
    const s = session();
    await newChat(s);
    const words = Array.from({ length: 600 }, (_, index) => `token${index} `);
    s.mock.enqueue({ reply: textReply(words), fault: { kind: 'slowChunks', delayMs: 40 } });
    await s.send('Stream slowly, then the window reloads.');
    await s.waitForTranscript('token30 ');
    const shown = await s.chat().getByRole('log').innerText();
    const lastShown = Math.max(...[...shown.matchAll(/token(\d+)/g)].map((match) => Number(match[1])));
    const reloaded = s.workbench.page.waitForEvent('load', { timeout: 90_000 });
    await s.runCommand('Developer: Reload Window');
    await reloaded;
    // The reloaded window restores the chat view where it was, with a new extension host behind it.
    await s.chat().getByRole('textbox', { name: 'Message' }).waitFor({ timeout: 90_000 });
    await s.waitForTranscript(`token${lastShown} `, 60_000);
    await s.waitForTranscript('Stream slowly, then the window reloads.');
    await s.workbench.screenshot('chat-5-after-reload');

    await s.runCommand('Claude Assistant: Show Chat History');
    const row = s.workbench.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Stream slowly, then the window reloads.' });
    await row.first().waitFor({ timeout: 15_000 });
    await s.workbench.page.keyboard.press('Escape');
  });

  it("shows the provider's message when the key is rejected (HTTP 401)", async () => {
    const s = session();
    await newChat(s);
    s.mock.enqueue({ fault: { kind: 'httpError', status: 401, message: 'invalid x-api-key' } });

    await s.send('This request will be refused.');
    const alert = s.chat().getByRole('alert');
    await waitForText(alert, 'invalid x-api-key');
    assert.strictEqual(await alert.getByRole('button', { name: 'Set API Key' }).count(), 1);
    await s.workbench.screenshot('chat-6-error-401');
    assert.strictEqual(messageRequests(s.mock.requests).length, 1, 'a 401 is not retried');
  });
});

describe('chat in a light theme', function () {
  this.timeout(120_000);
  const session = useE2eSession({ colorTheme: 'Default Light Modern' });

  it('renders a conversation with markdown, code and thinking', async () => {
    const s = session();
    s.mock.enqueue({ reply: reply([thinkingBlock('Short and typed.'), textBlock(richReply)]) });
    await s.setApiKey(apiKey);
    await s.openChat();
    await s.send('Make greet typed, please.');
    await s.waitForTranscript('adds tests');
    await s.chat().locator('details.thinking summary').click();
    await s.workbench.screenshot('chat-7-markdown-light');
  });

  it('follows a switch to a high-contrast theme', async () => {
    const s = session();
    const page = s.workbench.page;
    await s.workbench.pickColorTheme('Default High Contrast');
    await page.locator('.monaco-workbench.hc-black').waitFor({ timeout: 30_000 });
    await s.chat().locator('body.vscode-high-contrast').waitFor({ timeout: 30_000 });
    await s.workbench.screenshot('chat-8-markdown-high-contrast');
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
