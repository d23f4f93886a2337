// Code blocks get a toolbar: the language, and Copy, Insert at Cursor and Apply to File. The
// buttons carry no handlers of their own; the transcript handles their clicks in one place.
export type CodeAction = 'copy' | 'insert' | 'apply';

const ACTIONS: ReadonlyArray<{ action: CodeAction; label: string; icon: string }> = [
  { action: 'copy', label: 'Copy', icon: 'copy' },
  { action: 'insert', label: 'Insert at Cursor', icon: 'insert' },
  { action: 'apply', label: 'Apply to File', icon: 'diff' },
];

/**
 * Wraps each `pre` in the fragment with a toolbar. A block still streaming shows only its language:
 * its code is not complete yet.
 */
export function decorateCodeBlocks(root: DocumentFragment | HTMLElement, complete: boolean): void {
  for (const pre of Array.from(root.querySelectorAll('pre'))) {
    const info = pre.dataset.info ?? '';
    const language = /^[\w+#.-]+/.exec(info)?.[0] ?? '';
    const block = document.createElement('div');
    block.className = 'code-block';
    const toolbar = document.createElement('div');
    toolbar.className = 'code-toolbar';
    const label = document.createElement('span');
    label.className = 'code-language';
    label.textContent = language || 'text';
    toolbar.append(label);
    if (complete) {
      for (const { action, label: name, icon } of ACTIONS) {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'code-action';
        button.dataset.codeAction = action;
        button.title = name;
        button.setAttribute('aria-label', `${name}${language ? ` (${language})` : ''}`);
        const glyph = document.createElement('span');
        glyph.className = `codicon codicon-${icon}`;
        glyph.setAttribute('aria-hidden', 'true');
        const text = document.createElement('span');
        text.className = 'code-action-label';
        text.textContent = name;
        button.append(glyph, text);
        toolbar.append(button);
      }
    }
    pre.replaceWith(block);
    pre.tabIndex = 0;
    pre.setAttribute('aria-label', `Code${language ? ` in ${language}` : ''}`);
    block.append(toolbar, pre);
  }
}

/** The code and its fence info for a toolbar button that was clicked. */
export function codeOf(button: Element): { code: string; info: string } | undefined {
  const pre = button.closest('.code-block')?.querySelector('pre');
  if (!pre) return undefined;
  return { code: pre.textContent ?? '', info: pre.dataset.info ?? '' };
}
