// Sanitising rendered markdown with DOMPurify and a strict allowlist: text formatting, lists,
// tables, code, and links that are http(s), file: or relative. No images, styles, scripts, frames,
// forms, SVG or MathML; classes only those highlight.js and the renderer set.

import DOMPurify from 'dompurify';

const ALLOWED_TAGS = [
  'a', 'b', 'blockquote', 'br', 'code', 'del', 'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i',
  'input', 'li', 'ol', 'p', 'pre', 's', 'span', 'strong', 'sub', 'sup', 'table', 'tbody', 'td',
  'th', 'thead', 'tr', 'ul',
];
const ALLOWED_ATTR = ['href', 'title', 'class', 'align', 'type', 'checked', 'disabled', 'start', 'data-info'];
/** http(s), file:, or no scheme at all (relative paths, #fragments); never javascript:, data:, command:, vscode:. */
const ALLOWED_URI_REGEXP = /^(?:https?:|file:|[^a-z]|[a-z0-9+.-]+(?:[^a-z0-9+.\-:]|$))/i;
/** hljs scopes ("hljs-title function_": v11 marks sub-scopes with a trailing underscore) and language-*. */
const ALLOWED_CLASS = /^(?:hljs(?:-[\w-]+)?|language-[\w+#.-]+|[a-z]+_)$/;

/**
 * DOMPurify parses every input into a new document of its own (a DOMParser per call), which costs
 * more than the rest of sanitising a streamed block. It is given one inert document instead, which
 * each call's markup replaces whole: parsed as the content of a new body, with no browsing context
 * (nothing loads or runs), and still walked node by node by DOMPurify with the same allowlist.
 */
class ReusedDocumentParser {
  private static document: Document | undefined;
  parseFromString(markup: string): Document {
    const inert = (ReusedDocumentParser.document ??= document.implementation.createHTMLDocument(''));
    // A new body each time: DOMPurify takes the one it walked out of the document.
    const body = inert.createElement('body');
    body.innerHTML = markup;
    inert.documentElement.replaceChildren(body);
    return inert;
  }
}

const purify = DOMPurify(new Proxy(window, { get: (target, key) => (key === 'DOMParser' ? ReusedDocumentParser : Reflect.get(target, key)) }));
purify.addHook('uponSanitizeAttribute', (node, data) => {
  if (data.attrName === 'class') {
    data.attrValue = data.attrValue.split(/\s+/).filter((name) => ALLOWED_CLASS.test(name)).join(' ');
    if (!data.attrValue) data.keepAttr = false;
  }
  if (data.attrName === 'type' && (node.nodeName !== 'INPUT' || data.attrValue !== 'checkbox')) data.keepAttr = false;
});
purify.addHook('afterSanitizeAttributes', (node) => {
  // Task-list boxes show state; they are never inputs the user can change.
  if (node.nodeName === 'INPUT') {
    if (node.getAttribute('type') !== 'checkbox') {
      node.remove();
    } else {
      node.setAttribute('disabled', '');
      node.setAttribute('aria-label', node.hasAttribute('checked') ? 'Done' : 'Not done');
    }
  }
});

purify.setConfig({
  ALLOWED_TAGS,
  ALLOWED_ATTR,
  ALLOWED_URI_REGEXP,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  RETURN_DOM_FRAGMENT: true,
});

export function sanitizeToFragment(html: string): DocumentFragment {
  return purify.sanitize(html) as unknown as DocumentFragment;
}
