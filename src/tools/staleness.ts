// Whether the model's picture of a file is still true. An edit is refused when the document changed
// after the model last saw it (a view, or its own edit landing), or after the edit was proposed and
// before the user accepted it. Unsaved text counts: the glue passes the live document's text. Pure.

import { createHash } from 'crypto';
import { excerpt } from './fileView';
import { ModelText } from './lineEndings';
import { type EditPlan } from './editPlan';

/** A document as the glue sees it: the editor's version number and its text, unsaved changes included. */
export interface DocumentState {
  version: number;
  text: string;
}

export type Freshness =
  /** The model has seen this exact text. */
  | { status: 'fresh' }
  /** The model never viewed or edited the file in this conversation; exact matching still guards the edit. */
  | { status: 'unseen' }
  /** The text changed since the model last saw it. */
  | { status: 'changed'; seenVersion: number; currentVersion: number };

interface Seen { version: number; digest: string }

/** The last text the model saw of each file, keyed by the path policy's resolved key. */
export class SeenFiles {
  private readonly seen = new Map<string, Seen>();

  /** After a view, and after one of the model's edits lands (it knows the text it asked for). */
  recordSeen(key: string, state: DocumentState): void {
    this.seen.set(key, { version: state.version, digest: digest(state.text) });
  }

  forget(key: string): void {
    this.seen.delete(key);
  }

  check(key: string, state: DocumentState): Freshness {
    const seen = this.seen.get(key);
    if (!seen) return { status: 'unseen' };
    // Compared by text, not version alone: a document closed and reopened starts its versions
    // again, and a new version with the same text (typed, then undone) is still what the model saw.
    if (seen.digest === digest(state.text)) return { status: 'fresh' };
    return { status: 'changed', seenVersion: seen.version, currentVersion: state.version };
  }
}

/** Whether the document is still the text the plan was made from: checked when the user accepts. */
export function proposalStillApplies(plan: EditPlan, currentText: string): boolean {
  return plan.before === currentText;
}

/** The current text around where the plan meant to edit, for a refusal to show the model. */
export function currentTextNear(plan: EditPlan, currentText: string): string {
  return excerpt(new ModelText(currentText).lf, plan.lines.start, plan.lines.end);
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64');
}
