// The context chips above the message box: code, files, folders, problems, diff, terminal output.
// Clicking a chip opens its source; its × or Delete/Backspace removes it. Names are shown as text only.
import type { ContextChip, SentContext } from '../protocol';
import { codicon } from './dom';

const ICONS: Record<ContextChip['kind'], string> = {
  code: 'code',
  file: 'file',
  folder: 'folder',
  problems: 'warning',
  diff: 'diff',
  terminal: 'terminal',
};

export interface ChipEvents {
  open(id: string): void;
  remove(id: string): void;
}

/** The chips' elements, in order; names go in as text only. */
export function renderChips(chips: readonly ContextChip[]): HTMLElement[] {
  return chips.map((chip) => {
    const item = document.createElement('div');
    item.className = 'chip';
    item.setAttribute('role', 'listitem');
    item.dataset.chipId = chip.id;
    const described = [chip.title, chip.note ? `(${chip.note})` : '', `about ${chip.tokens.toLocaleString('en')} tokens`].filter(Boolean).join(' ');
    const open = document.createElement('button');
    open.type = 'button';
    open.className = 'chip-open';
    open.dataset.chipOpen = chip.id;
    open.title = `${described}. Delete removes it.`;
    open.setAttribute('aria-label', described);
    const label = document.createElement('span');
    label.className = 'chip-label';
    label.textContent = chip.label;
    open.append(codicon(ICONS[chip.kind]), label);
    if (chip.diagnostics > 0) {
      const marker = document.createElement('span');
      marker.className = 'chip-diagnostics';
      marker.append(codicon('warning'), document.createTextNode(String(chip.diagnostics)));
      open.append(marker);
    }
    if (chip.note) {
      const cut = document.createElement('span');
      cut.className = 'chip-note';
      cut.textContent = 'cut';
      open.append(cut);
    }
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'icon-button chip-remove';
    remove.dataset.chipRemove = chip.id;
    remove.title = `Remove ${chip.label}`;
    remove.setAttribute('aria-label', `Remove ${chip.title}`);
    remove.append(codicon('close'));
    item.append(open, remove);
    return item;
  });
}

/** One set of listeners for every chip the strip will ever hold. */
export function wireChips(strip: HTMLElement, events: ChipEvents): void {
  strip.addEventListener('click', (event) => {
    const target = event.target as Element;
    const remove = target.closest<HTMLElement>('[data-chip-remove]');
    if (remove?.dataset.chipRemove) {
      events.remove(remove.dataset.chipRemove);
      return;
    }
    const open = target.closest<HTMLElement>('[data-chip-open]');
    if (open?.dataset.chipOpen) events.open(open.dataset.chipOpen);
  });
  strip.addEventListener('keydown', (event) => {
    const open = (event.target as Element).closest<HTMLElement>('[data-chip-open]');
    if (!open?.dataset.chipOpen || (event.key !== 'Delete' && event.key !== 'Backspace')) return;
    event.preventDefault();
    events.remove(open.dataset.chipOpen);
  });
}

/** The context a sent message carried, as compact chips; those with a link open their range. */
export function sentChips(context: SentContext): HTMLElement {
  const strip = document.createElement('div');
  strip.className = 'sent-chips';
  strip.setAttribute('role', 'list');
  strip.setAttribute('aria-label', 'Context sent');
  for (const chip of context.chips) {
    const entry = document.createElement('span');
    entry.setAttribute('role', 'listitem');
    const item = document.createElement(chip.href ? 'a' : 'span');
    item.className = 'chip sent-chip';
    if (chip.href) item.setAttribute('href', chip.href);
    item.title = chip.title;
    item.setAttribute('aria-label', chip.title);
    const label = document.createElement('span');
    label.className = 'chip-label';
    label.textContent = chip.label;
    item.append(codicon(ICONS[chip.kind] ?? 'file'), label);
    entry.append(item);
    strip.append(entry);
  }
  return strip;
}
