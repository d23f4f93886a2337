// The "Compacted" marker: the summary that requests send instead of the older turns, above those
// turns, folded away until the user expands them, and Undo, which sends them whole again. The turns
// themselves are never removed from the page.
import { activeSummary, type Compaction } from '../protocol';
import { button, codicon } from './dom';
import type { TranscriptView } from './transcriptView';

export class CompactionMarker {
  readonly element = document.createElement('section');
  private readonly toggle = document.createElement('button');
  private readonly toggleLabel = document.createElement('span');
  private readonly summary = document.createElement('div');
  private readonly undo = button('Undo compaction', 'secondary');
  private compactions: Compaction[] = [];
  private shown: Compaction | undefined;
  private expanded = false;

  constructor(
    private readonly transcript: TranscriptView,
    onUndo: (id: string) => void,
  ) {
    this.element.className = 'compaction';
    this.element.hidden = true;
    this.toggle.type = 'button';
    this.toggle.className = 'compaction-toggle';
    this.toggle.setAttribute('aria-expanded', 'false');
    this.toggle.append(codicon('chevron-right'), this.toggleLabel);
    this.undo.setAttribute('aria-label', 'Undo compaction: send the full turns again');
    const head = document.createElement('div');
    head.className = 'compaction-head';
    head.append(this.toggle, this.undo);
    this.summary.className = 'compaction-summary';
    this.element.append(head, this.summary);
    this.toggle.addEventListener('click', () => {
      this.expanded = !this.expanded;
      this.fold();
    });
    this.undo.addEventListener('click', () => {
      if (this.shown) onUndo(this.shown.id);
    });
  }

  /** The conversation's compactions changed (or were sent with a snapshot). */
  set(compactions: readonly Compaction[] | undefined): void {
    this.compactions = [...(compactions ?? [])];
    this.refresh();
  }

  /** The turns changed under it (a new transcript, or turns cut): shown again where it belongs. */
  refresh(): void {
    const turns = this.transcript.turns;
    const active = activeSummary(this.compactions, new Set(turns.map((view) => view.id)));
    if (active?.id !== this.shown?.id) this.expanded = false;
    this.shown = active;
    this.element.hidden = !active;
    if (!active) {
      this.fold();
      return;
    }
    const count = turns.findIndex((view) => view.id === active.throughTurnId) + 1;
    const what = `${String(count)} earlier ${count === 1 ? 'message' : 'messages'}`;
    this.element.setAttribute('aria-label', `Compacted: ${what} sent as a summary`);
    this.toggleLabel.textContent = `Compacted: ${what} sent as a summary${active.focus ? `, keeping ${active.focus}` : ''}`;
    this.summary.textContent = active.summary ?? '';
    // Always first in the transcript, above the turns it stands for.
    if (this.transcript.container.firstChild !== this.element) this.transcript.container.prepend(this.element);
    this.fold();
  }

  /** Hides the turns the summary stands for, unless expanded. */
  private fold(): void {
    this.toggle.setAttribute('aria-expanded', String(this.expanded));
    this.toggle.firstElementChild?.classList.toggle('codicon-chevron-down', this.expanded);
    this.toggle.firstElementChild?.classList.toggle('codicon-chevron-right', !this.expanded);
    const through = this.shown ? this.transcript.turns.findIndex((view) => view.id === this.shown!.throughTurnId) : -1;
    this.transcript.turns.forEach((view, index) => {
      view.element.hidden = index <= through && !this.expanded;
    });
  }
}
