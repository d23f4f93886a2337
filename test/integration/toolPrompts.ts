// Answers the tools' questions in the integration tests, and remembers them: the
// extension host cannot click a modal dialog or type in an input box.
import type { ToolPrompts } from '../../src/review/toolPrompts';

export class AnsweringToolPrompts implements ToolPrompts {
  readonly allowQuestions: Array<{ question: string; realPath: string; why: string }> = [];
  readonly discardQuestions: Array<{ displayPath: string; deletes: boolean }> = [];
  readonly commandUndoQuestions: Array<{ restores: readonly string[]; cannot: readonly string[]; standing: readonly string[] }> = [];
  readonly notes: string[] = [];

  /** `undoCommands`: whether to undo a turn's commands when not all they did can be undone (default yes). */
  constructor(public answers: { allow?: boolean; reason?: string; discard?: boolean; undoCommands?: boolean } = {}) {}

  allowCall(question: string, realPath: string, why: string): Thenable<boolean> {
    this.allowQuestions.push({ question, realPath, why });
    return Promise.resolve(this.answers.allow === true);
  }

  rejectReason(): Thenable<string | undefined> {
    return Promise.resolve(this.answers.reason);
  }

  discardLaterChanges(displayPath: string, deletes: boolean): Thenable<boolean> {
    this.discardQuestions.push({ displayPath, deletes });
    return Promise.resolve(this.answers.discard === true);
  }

  confirmCommandUndo(restores: readonly string[], cannot: readonly string[], standing: readonly string[]): Thenable<boolean> {
    this.commandUndoQuestions.push({ restores, cannot, standing });
    return Promise.resolve(this.answers.undoCommands !== false);
  }

  inform(message: string): void {
    this.notes.push(message);
  }
}
