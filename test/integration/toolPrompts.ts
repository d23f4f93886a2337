// Answers the text editor tool's questions in the integration tests, and remembers them: the
// extension host cannot click a modal dialog or type in an input box.
import type { ToolPrompts } from '../../src/review/toolPrompts';

export class AnsweringToolPrompts implements ToolPrompts {
  readonly allowQuestions: Array<{ question: string; realPath: string; why: string }> = [];
  readonly discardQuestions: Array<{ displayPath: string; deletes: boolean }> = [];
  readonly notes: string[] = [];

  constructor(public answers: { allow?: boolean; reason?: string; discard?: boolean } = {}) {}

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

  inform(message: string): void {
    this.notes.push(message);
  }
}
