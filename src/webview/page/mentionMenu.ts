// The `@` completion list of the message box: arrows move, Enter or Tab picks, Escape closes, and
// typing filters it. Picking an item asks the host to turn it into a chip.
import { MENTION_KINDS, type MentionKind } from '../protocol';

const DESCRIPTIONS: Record<MentionKind, string> = {
  file: 'A workspace file',
  folder: 'A folder: its tree and small files',
  selection: 'The active editor\'s selection',
  problems: 'The workspace\'s errors and warnings',
  diff: 'Changes against HEAD (git)',
  terminal: 'The active terminal\'s selection or last output',
};

/** The `@word` being typed just before the caret, if any. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | undefined {
  const match = /(^|\s)@(\w*)$/.exec(text.slice(0, caret));
  return match ? { start: caret - match[2].length - 1, query: match[2].toLowerCase() } : undefined;
}

/** The kinds whose name contains the query's letters in order, those starting with it first. */
export function filterKinds(query: string): MentionKind[] {
  const subsequence = (name: string): boolean => {
    let at = 0;
    for (const letter of name) if (letter === query[at]) at++;
    return at === query.length;
  };
  return MENTION_KINDS.filter(subsequence).sort((a, b) => Number(!a.startsWith(query)) - Number(!b.startsWith(query)));
}

export class MentionMenu {
  private kinds: MentionKind[] = [];
  private active = 0;
  private mention: { start: number; query: string } | undefined;

  constructor(
    private readonly input: HTMLTextAreaElement,
    private readonly list: HTMLElement,
    private readonly pick: (kind: MentionKind) => void,
  ) {
    input.setAttribute('aria-autocomplete', 'list');
    // A textarea keeps its textbox role, which takes no aria-expanded: the list's visibility and
    // the active option (aria-activedescendant) tell assistive technology what is open.
    input.setAttribute('aria-controls', list.id);
    input.addEventListener('input', () => this.update());
    input.addEventListener('blur', () => this.close());
    // Keeps the focus in the message box while an item is clicked.
    list.addEventListener('mousedown', (event) => event.preventDefault());
    list.addEventListener('click', (event) => {
      const option = (event.target as Element).closest<HTMLElement>('[data-kind]');
      if (option) this.choose(option.dataset.kind as MentionKind);
    });
  }

  get isOpen(): boolean {
    return !this.list.hidden;
  }

  /** Handles a key in the message box; true when the menu used it. */
  handleKey(event: KeyboardEvent): boolean {
    if (!this.isOpen) return false;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp':
        this.active = (this.active + (event.key === 'ArrowDown' ? 1 : this.kinds.length - 1)) % this.kinds.length;
        this.render();
        return true;
      case 'Enter':
      case 'Tab':
        this.choose(this.kinds[this.active]);
        return true;
      case 'Escape':
        this.close();
        return true;
      default:
        return false;
    }
  }

  private update(): void {
    this.mention = mentionAt(this.input.value, this.input.selectionStart ?? this.input.value.length);
    this.kinds = this.mention ? filterKinds(this.mention.query) : [];
    this.active = 0;
    if (this.kinds.length === 0) this.close();
    else this.render();
  }

  /** Replaces the typed `@query` with `@kind `, which stays as text until the host resolves it. */
  private choose(kind: MentionKind): void {
    const mention = this.mention;
    this.close();
    if (!mention) return;
    const value = this.input.value;
    const end = mention.start + 1 + mention.query.length;
    const token = `@${kind} `;
    this.input.value = value.slice(0, mention.start) + token + value.slice(end);
    const caret = mention.start + token.length;
    this.input.setSelectionRange(caret, caret);
    this.input.dispatchEvent(new Event('input'));
    this.close();
    this.pick(kind);
  }

  private render(): void {
    this.list.replaceChildren(
      ...this.kinds.map((kind, index) => {
        const option = document.createElement('div');
        option.id = `mention-${kind}`;
        option.className = 'mention-option';
        option.setAttribute('role', 'option');
        option.setAttribute('aria-selected', String(index === this.active));
        option.dataset.kind = kind;
        const name = document.createElement('span');
        name.className = 'mention-name';
        name.textContent = `@${kind}`;
        const description = document.createElement('span');
        description.className = 'mention-description';
        description.textContent = DESCRIPTIONS[kind];
        option.append(name, description);
        return option;
      }),
    );
    this.list.hidden = false;
    this.input.setAttribute('aria-activedescendant', `mention-${this.kinds[this.active]}`);
  }

  close(): void {
    this.list.hidden = true;
    this.mention = undefined;
    this.input.removeAttribute('aria-activedescendant');
  }
}

/** Removes a resolved mention's `@kind` text from the draft, now that its chip shows it. */
export function withoutMention(text: string, kind: MentionKind): string {
  const token = new RegExp(`(^|\\s)@${kind}(?:\\s|$)`);
  return text.replace(token, (_whole, before: string) => before);
}
