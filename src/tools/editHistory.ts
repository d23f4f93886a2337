// What this tool changed, to take it back: `undo_edit` (the older tool versions) reverts the model's
// last edit to a file, and "Undo This Turn's Changes" restores every file a turn touched. Neither
// ever discards a change the user made afterwards: that is a question for the user, or a refusal.
// Only the files the tool itself edited are named; nothing is renamed, nothing under .git is
// touched unless the tool edited it there. Pure.

import { type EditPlan, planWholeText } from './editPlan';

interface LandedEdit { before: string; after: string }

export type UndoOutcome =
  | { ok: true; plan: EditPlan }
  | { ok: false; reason: 'undo_unavailable' | 'undo_conflict'; message: string };

const MAX_UNDO_PER_FILE = 20;

export class EditHistory {
  private readonly stacks = new Map<string, LandedEdit[]>();

  /** After an edit landed: `after` is what the user accepted, not the model's draft. */
  recordLanded(key: string, before: string, after: string): void {
    const stack = this.stacks.get(key) ?? [];
    stack.push({ before, after });
    if (stack.length > MAX_UNDO_PER_FILE) stack.shift();
    this.stacks.set(key, stack);
  }

  planUndo(key: string, currentText: string, displayPath: string): UndoOutcome {
    const last = this.stacks.get(key)?.at(-1);
    if (!last) {
      return { ok: false, reason: 'undo_unavailable', message: `There is no edit of yours to undo in ${displayPath}. Edits the user made themselves are theirs to undo.` };
    }
    if (currentText !== last.after) {
      return {
        ok: false, reason: 'undo_conflict',
        message: `${displayPath} changed after your last edit, so undoing it would also discard those changes. Nothing was changed. ` +
          'View the file and use str_replace to change back only what you need.',
      };
    }
    return { ok: true, plan: planWholeText('undo_edit', currentText, last.before) };
  }

  /** After an undo landed. */
  recordUndone(key: string): void {
    this.stacks.get(key)?.pop();
  }
}

export type TurnUndoAction =
  | { key: string; action: 'restore'; text: string }
  | { key: string; action: 'delete' }
  /** The user changed the file after the turn's last edit: ask before touching it. */
  | { key: string; action: 'ask'; restoreTo: string | undefined; current: string | undefined }
  | { key: string; action: 'nothing' };

interface TurnFile { before: string | undefined; lastAfter: string }

/** The files one turn's edits touched: their text before the turn, and after its last edit. */
export class TurnChanges {
  private readonly files = new Map<string, TurnFile>();

  /** `before` undefined: the turn created the file. */
  recordLanded(key: string, before: string | undefined, after: string): void {
    const known = this.files.get(key);
    this.files.set(key, { before: known ? known.before : before, lastAfter: after });
  }

  get touched(): string[] {
    return [...this.files.keys()];
  }

  /** `current(key)` is the file's text now, or undefined when it no longer exists. */
  planUndo(current: (key: string) => string | undefined): TurnUndoAction[] {
    return [...this.files].map(([key, file]): TurnUndoAction => {
      const now = current(key);
      // Deleted since: gone is what the turn's new file should be; anything else was the user's doing.
      if (now === undefined) return file.before === undefined ? { key, action: 'nothing' } : { key, action: 'ask', restoreTo: file.before, current: now };
      if (now !== file.lastAfter) return { key, action: 'ask', restoreTo: file.before, current: now };
      if (file.before === undefined) return { key, action: 'delete' };
      return now === file.before ? { key, action: 'nothing' } : { key, action: 'restore', text: file.before };
    });
  }
}
