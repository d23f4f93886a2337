// Tables sit in a block of their own that scrolls sideways, so a wide table keeps readable columns
// in a narrow panel instead of being squeezed to a few characters a line. The block is focusable
// (keyboard users scroll it with the arrow keys) and named after the table's columns.

const MAX_LABEL_COLUMNS = 4;

export function decorateTables(root: DocumentFragment | HTMLElement): void {
  for (const table of Array.from(root.querySelectorAll('table'))) {
    if (table.parentElement?.classList.contains('table-scroll')) continue;
    const wrapper = document.createElement('div');
    wrapper.className = 'table-scroll';
    wrapper.tabIndex = 0;
    // A group, not a region: a landmark per table would crowd the page's landmarks.
    wrapper.setAttribute('role', 'group');
    wrapper.setAttribute('aria-label', tableLabel(table));
    table.replaceWith(wrapper);
    wrapper.append(table);
  }
}

/** "Table: Run, Speed, Load, Temperature, and 2 more columns". */
function tableLabel(table: HTMLTableElement): string {
  const headings = Array.from(table.querySelectorAll('thead th'), (cell) => (cell.textContent ?? '').trim()).filter(Boolean);
  if (headings.length === 0) return 'Table';
  const shown = headings.slice(0, MAX_LABEL_COLUMNS).join(', ');
  const more = headings.length - MAX_LABEL_COLUMNS;
  return `Table: ${shown}${more > 0 ? `, and ${more} more column${more > 1 ? 's' : ''}` : ''}`;
}
