// What the server says when no script is queued: a short fixed reply for tests, or in demo mode a
// clearly labelled demo that echoes the question and explains how to connect a real model.
import type { MockScript } from './faults';
import { textReply, type ReplySpec } from './replies';
import { lastUserText } from './requestText';
import { demoToolReply } from './toolTurns';

export const defaultReplyText = 'Hello from the mock Messages API.';

const echoLimit = 300;
/** Small pieces with a pause, so a person watching the chat sees the text stream in. */
const demoChunkSize = 6;
const demoDelayMs = 20;

export function demoReplyText(body: unknown): string {
  const asked = lastUserText(body);
  const echo = asked.length > echoLimit ? `${asked.slice(0, echoLimit).trimEnd()}…` : asked;
  const quoted = echo ? echo.split('\n').map((line) => `> ${line}`).join('\n') : '> (your message had no text)';
  return [
    '**Demo reply from the local mock server** — no real model was called.',
    '',
    'You asked:',
    '',
    quoted,
    '',
    'To see an edit proposed and reviewed, ask me to fix the bug in src/stats.ts.',
    '',
    'To talk to Claude, stop the demo, set ANTHROPIC_API_KEY (and ANTHROPIC_BASE_URL for a gateway) and run npm start again. ' +
      'In your own VS Code, install the VSIX and run **Claude Assistant: Set API Key**.',
  ].join('\n');
}

/** The reply used when a script has none. */
export function defaultReply(body: unknown, demo: boolean): ReplySpec {
  if (!demo) return textReply(defaultReplyText, { chunkSize: 8 });
  return demoToolReply(body) ?? textReply(demoReplyText(body), { chunkSize: demoChunkSize });
}

/** The script used when the queue is empty. */
export function defaultScript(body: unknown, demo: boolean): MockScript {
  const reply = defaultReply(body, demo);
  return demo ? { reply, fault: { kind: 'slowChunks', delayMs: demoDelayMs } } : { reply };
}
