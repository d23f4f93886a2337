/// <reference lib="dom" />
// The baseline for `npm run bench:render`, bundled for the browser: what several peers do, rendering
// the whole accumulated markdown again on every delta, with the same parser, sanitiser and
// highlighter, all on the main thread.
import { decorateCodeBlocks } from '../src/webview/page/markdown/codeBlocks';
import { highlightCode } from '../src/webview/page/markdown/highlight';
import { highlightWhileRendering, renderWhole } from '../src/webview/page/markdown/renderMarkdown';
import { decorateTables } from '../src/webview/page/markdown/tables';

highlightWhileRendering(highlightCode);

(window as unknown as { __baseline: unknown }).__baseline = {
  render(element: HTMLElement, text: string): void {
    const fragment = renderWhole(text);
    decorateCodeBlocks(fragment, true);
    decorateTables(fragment);
    element.replaceChildren(fragment);
  },
};
