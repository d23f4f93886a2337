// The highlighting worker: highlight.js compiles a language's rules (tens of milliseconds the first
// time) and highlights code here, off the page's main thread, so neither ever lengthens a frame.
// Bundled on its own and started from a Blob (see highlighter.ts); it has no access to the page.
import { highlightCode } from './highlight';

export interface HighlightRequest {
  id: number;
  code: string;
  language: string;
}

export interface HighlightReply {
  id: number;
  /** Escaped code with hljs-* spans, or null for a language highlight.js does not know. */
  html: string | null;
}

const scope = self as unknown as { onmessage: ((event: MessageEvent<HighlightRequest>) => void) | null; postMessage(reply: HighlightReply): void };
scope.onmessage = ({ data }) => {
  let html: string | null = null;
  try {
    html = highlightCode(data.code, data.language) ?? null;
  } catch {
    // A grammar that fails on this text leaves the code plain.
  }
  scope.postMessage({ id: data.id, html });
};
