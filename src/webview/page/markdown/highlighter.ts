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

/** Every `code` in the fragment that names a language is highlighted when the worker answers. */
export function highlightCodeBlocks(root: DocumentFragment | HTMLElement): void {
  for (const code of Array.from(root.querySelectorAll<HTMLElement>('pre > code[class^="language-"]'))) {
    const language = code.className.slice('language-'.length);
    startHighlighter();
    if (!worker) return;
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

