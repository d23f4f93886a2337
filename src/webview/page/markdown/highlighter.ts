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
    worker.onmessage = (event: MessageEvent<HighlightReply>) => apply(event.data);
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

function apply({ id, html }: HighlightReply): void {
  const request = waiting.get(id);
  waiting.delete(id);
  if (!request || html === null || request.code.textContent !== request.text) return;
  const fragment = sanitizeToFragment(html);
  // Highlighting only wraps the code in spans: anything else is not shown.
  if (fragment.textContent === request.text) request.code.replaceChildren(fragment);
}

