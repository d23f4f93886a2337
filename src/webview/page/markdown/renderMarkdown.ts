// Markdown tokens → sanitised DOM. Raw HTML in model output is shown as text, images as links;
// DOMPurify then checks everything that was rendered. Code is rendered plain: the page highlights
// finished blocks in a worker (highlighter.ts).
import remend from 'remend';
import type { Token } from 'marked';
import { markdown } from '../../markdownBlocks';
import { sanitizeToFragment } from './sanitize';

/** Highlighting done while rendering: none on the page; the benchmark's baseline sets highlight.js. */
let highlightNow: ((code: string, language: string) => string | undefined) | undefined;
export function highlightWhileRendering(highlight: (code: string, language: string) => string | undefined): void {
  highlightNow = highlight;
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => escapes[char]);
}

markdown.use({
  renderer: {
    // Raw HTML from the model is shown as the text it is; a block of it keeps its lines.
    html(token) {
      const text = escapeHtml(token.text);
      return 'block' in token && token.block ? `<p>${text.trimEnd().replace(/\n/g, '<br>')}</p>\n` : text;
    },
    image({ href, text }) {
      // Brackets percent-encoded, as marked does for links: an address never carries link syntax
      // into the messages that repeat it.
      const address = href.replace(/\[/g, '%5B').replace(/\]/g, '%5D');
      const label = `Image: ${text || address}`;
      return `<a href="${escapeHtml(address)}" title="${escapeHtml(label)}">[${escapeHtml(label)}]</a>`;
    },
    code({ text, lang }) {
      const info = (lang ?? '').trim();
      const language = /^[\w+#.-]+/.exec(info)?.[0] ?? '';
      const highlighted = highlightNow?.(text, language);
      const languageClass = language ? ` class="language-${escapeHtml(language)}"` : '';
      return `<pre data-info="${escapeHtml(info)}"><code${languageClass}>${highlighted ?? escapeHtml(text)}</code></pre>\n`;
    },
  },
});

/** Renders finished blocks (already lexed). */
export function renderTokens(tokens: Token[]): DocumentFragment {
  return sanitizeToFragment(markdown.parser(tokens));
}

/** Renders an unfinished block: unclosed emphasis, code and links are closed first, so it reads well mid-stream. */
export function renderOpenBlock(raw: string): DocumentFragment {
  const mended = remend(raw, { linkMode: 'text-only', katex: false, inlineKatex: false });
  return sanitizeToFragment(markdown.parse(mended, { async: false }));
}

/** Renders a whole text at once (for the baseline benchmark and one-off uses). */
export function renderWhole(text: string): DocumentFragment {
  return sanitizeToFragment(markdown.parse(text, { async: false }));
}
