// Highlights finished code blocks in a worker (highlightWorker.ts), started from a Blob of its
// bundled code: the page's main thread never compiles a grammar or scans code, so highlighting
// never lengthens a frame. A block shows plain code until its highlighted form arrives; that form is
// sanitised like everything else, and used only if the block still holds the same code.
import workerSource from 'highlight-worker-source';
import type { HighlightReply, HighlightRequest } from './highlightWorker';
import { sanitizeToFragment } from './sanitize';

/** undefined: not started yet; null: could not start (code stays plain). */
let worker: Worker | null | undefined;
let nextId = 0;
const waiting = new Map<number, { code: HTMLElement; text: string }>();

/** Starts the worker ahead of the first code block (it takes a moment to load). */
export function startHighlighter(): void {
  if (worker !== undefined) return;
  try {
    // The URL is kept: a worker may load its script after the constructor returns.
    const url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
    worker = new Worker(url, { name: 'highlight' });
    worker.onmessage = (event: MessageEvent<HighlightReply>) => keep(event.data);
    worker.onerror = () => {
      worker?.terminate();
      worker = null;
      waiting.clear();
    };
  } catch {
    worker = null;
  }
}

/** Blocks waiting to be sent to the worker, and whether a task to send them is queued. */
let unsent: HTMLElement[] = [];
let sendQueued = false;

/**
 * Every `code` in the fragment that names a language is highlighted when the worker answers. The
 * requests go out in a task of their own: starting the worker and copying the code to it is work
 * the task that renders (a restore's first screen, a streamed draw) need not wait for.
 */
export function highlightCodeBlocks(root: DocumentFragment | HTMLElement): void {
  unsent.push(...Array.from(root.querySelectorAll<HTMLElement>('pre > code[class^="language-"]')));
  if (sendQueued || unsent.length === 0) return;
  sendQueued = true;
  setTimeout(sendRequests, 0);
}

function sendRequests(): void {
  const codes = unsent;
  unsent = [];
  sendQueued = false;
  startHighlighter();
  if (!worker) return;
  for (const code of codes) {
    const language = code.className.slice('language-'.length);
    const id = nextId++;
    const text = code.textContent ?? '';
    waiting.set(id, { code, text });
    worker.postMessage({ id, code: text, language } satisfies HighlightRequest);
  }
}

/**
 * Replies wait for the next draw of the stream, which applies them in its own task (see
 * applyHighlighted): applied as they come, each would cost a frame of its own (style, layout, paint
 * of the transcript) on top of the draws'. With no draw coming, they are applied after this wait (ms).
 */
const APPLY_WAIT_MS = 100;
const ready: HighlightReply[] = [];
let applyTimer: ReturnType<typeof setTimeout> | undefined;

/** Whether a reply is streaming, so that draws are coming: only then do replies wait for one. */
let held = false;

function keep(reply: HighlightReply): void {
  ready.push(reply);
  if (!held) applyHighlighted();
  else applyTimer ??= setTimeout(applyHighlighted, APPLY_WAIT_MS);
}

/** While a reply streams, highlighted code waits for the next draw; once it ends, it is shown at once. */
export function holdHighlights(hold: boolean): void {
  held = hold;
  if (!hold) applyHighlighted();
}

/**
 * Applies the highlighted code that has arrived, for about `budgetMs` (the rest waits for the next
 * call): called by a draw, so that one frame shows both, without making the draw a long task.
 */
export function applyHighlighted(budgetMs = Infinity): void {
  if (applyTimer !== undefined) clearTimeout(applyTimer);
  applyTimer = undefined;
  const until = performance.now() + budgetMs;
  while (ready.length > 0 && performance.now() < until) apply(ready.shift()!);
  if (ready.length > 0) applyTimer = setTimeout(applyHighlighted, APPLY_WAIT_MS);
}

function apply({ id, html }: HighlightReply): void {
  const request = waiting.get(id);
  waiting.delete(id);
  if (!request || html === null || request.code.textContent !== request.text) return;
  const fragment = sanitizeToFragment(html);
  // Highlighting only wraps the code in spans: anything else is not shown.
  if (fragment.textContent === request.text) request.code.replaceChildren(fragment);
}

