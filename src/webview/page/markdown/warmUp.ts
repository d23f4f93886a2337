// The page's first rendering is slow: V8 compiles the parser's, sanitiser's and renderer's code and
// regular expressions on first use. Done while the page is idle, before a conversation arrives, that work stays out of the task that
// restores it and out of streamed frames. One step per idle period: a step cannot be cut short.
import { startHighlighter } from './highlighter';
import { renderOpenBlock } from './renderMarkdown';
import { StreamingMarkdown } from './streamingMarkdown';

/** Every kind of block and inline the renderer handles, without a code language (highlighting is the worker's). */
const SAMPLE = [
  '# Heading', '', 'Some **bold**, *emphasis*, `code`, ~~struck~~ and a [link](https://example.com).', '',
  '- one', '- [x] done', '  1. nested', '', '> quoted', '', '| a | b |', '|:--|--:|', '| 1 | 2 |', '',
  '```', 'plain code', '```', '', '---', '', 'The end.',
].join('\n');

export function warmUpRendering(): void {
  const steps: Array<() => void> = [
    // Off the document: nothing is shown, and nothing of it is kept.
    () => renderOpenBlock(SAMPLE),
    () => {
      // As a streamed reply is drawn: finished blocks rendered, then shown with the open one.
      const markdown = new StreamingMarkdown();
      markdown.append(SAMPLE);
      while (markdown.render());
    },
    () => {
      const markdown = new StreamingMarkdown();
      markdown.append(SAMPLE);
      markdown.finish();
    },
    // Highlighting happens in a worker: started now, it has loaded by the first code block.
    startHighlighter,
  ];
  const next = (): void => {
    steps.shift()!();
    if (steps.length > 0) requestIdleCallback(next);
  };
  requestIdleCallback(next);
}
