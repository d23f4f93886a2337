// "Undo This Turn's Changes": every file a turn's edits touched goes back to its text before the
// turn, files the turn created are deleted, and a file the user changed since is touched only if
// they say so. Documents are edited like any other edit (unsaved, the editor's Undo works); git is
// never touched and nothing is renamed. Other tools add their own restorations to a turn.
import * as vscode from 'vscode';
import { TurnChanges, type TurnUndoAction } from '../tools/editHistory';
import type { ToolPrompts } from './toolPrompts';

/** Something a tool (the shell) can take back for a turn. */
export interface TurnRestoration {
  /** What it restores, for the summary: "src/a.ts", "the output of npm run build". */
  label: string;
  /**
   * Takes the change back; asks the user itself before discarding anything they did since.
   * Resolves whether it restored, or what it did path by path (written on disk, not as unsaved edits).
   */
  restore(): Promise<boolean | RestorationReport>;
}

/** What a restoration did, by the paths it shows. */
export interface RestorationReport {
  restored: string[];
  deleted: string[];
  skipped: string[];
}

interface TurnRecord {
  changes: TurnChanges;
  files: Map<string, { uri: vscode.Uri; displayPath: string }>;
  restorations: TurnRestoration[];
}

export interface UndoTurnReport {
  turnId: string | undefined;
  restored: string[];
  deleted: string[];
  skipped: string[];
  /** Some restoration wrote files on disk (the text editor's edits are left unsaved). */
  wroteFiles?: boolean;
}

export class TurnUndo {
  private readonly turns = new Map<string, TurnRecord>();

  constructor(private readonly prompts: () => ToolPrompts, private readonly onUndone: (key: string) => void = () => undefined) {}

  /** After an edit landed. `before` undefined: the edit created the file. */
  recordEdit(turnId: string, key: string, uri: vscode.Uri, displayPath: string, before: string | undefined, after: string): void {
    const turn = this.turn(turnId);
    turn.changes.recordLanded(key, before, after);
    turn.files.set(key, { uri, displayPath });
  }

  /** For other tools: a restoration to run when the user undoes this turn. */
  addRestoration(turnId: string, restoration: TurnRestoration): void {
    this.turn(turnId).restorations.push(restoration);
  }

  /** The latest turn that changed something. */
  get lastTurn(): string | undefined {
    return [...this.turns.keys()].at(-1);
  }

  hasChanges(turnId: string): boolean {
    return this.turns.has(turnId);
  }

  async undoTurn(turnId: string | undefined = this.lastTurn): Promise<UndoTurnReport> {
    const report: UndoTurnReport = { turnId, restored: [], deleted: [], skipped: [] };
    const turn = turnId === undefined ? undefined : this.turns.get(turnId);
    if (!turn || turnId === undefined) return report;
    this.turns.delete(turnId);
    const current = new Map<string, string | undefined>();
    for (const [key, file] of turn.files) current.set(key, await currentText(file.uri));
    for (const action of turn.changes.planUndo((key) => current.get(key))) {
      const file = turn.files.get(action.key);
      if (!file) continue;
      const done = await this.carryOut(action, file.uri, file.displayPath);
      if (done === 'restored') report.restored.push(file.displayPath);
      else if (done === 'deleted') report.deleted.push(file.displayPath);
      else if (done === 'skipped') report.skipped.push(file.displayPath);
      if (done !== 'nothing') this.onUndone(action.key);
    }
    // Other tools' restorations, latest first.
    for (const restoration of [...turn.restorations].reverse()) {
      const outcome = await restoration.restore().catch(() => false);
      if (typeof outcome === 'boolean') {
        (outcome ? report.restored : report.skipped).push(restoration.label);
        continue;
      }
      report.restored.push(...outcome.restored);
      report.deleted.push(...outcome.deleted);
      report.skipped.push(...outcome.skipped);
      if (outcome.restored.length + outcome.deleted.length > 0) report.wroteFiles = true;
    }
    return report;
  }

  private async carryOut(action: TurnUndoAction, uri: vscode.Uri, displayPath: string): Promise<'restored' | 'deleted' | 'skipped' | 'nothing'> {
    switch (action.action) {
      case 'nothing': return 'nothing';
      case 'restore': return (await restoreText(uri, action.text)) ? 'restored' : 'skipped';
      case 'delete': return (await deleteFile(uri)) ? 'deleted' : 'skipped';
      case 'ask': {
        const deletes = action.restoreTo === undefined;
        if (!(await this.prompts().discardLaterChanges(displayPath, deletes))) return 'skipped';
        if (deletes) return (await deleteFile(uri)) ? 'deleted' : 'skipped';
        return (await restoreText(uri, action.restoreTo ?? '')) ? 'restored' : 'skipped';
      }
    }
  }

  private turn(turnId: string): TurnRecord {
    let turn = this.turns.get(turnId);
    if (!turn) {
      turn = { changes: new TurnChanges(), files: new Map(), restorations: [] };
      this.turns.set(turnId, turn);
    } else {
      // The latest turn with changes goes last.
      this.turns.delete(turnId);
      this.turns.set(turnId, turn);
    }
    return turn;
  }
}

/** The file's text as the editor has it, or undefined when it no longer exists. */
async function currentText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  if (open && !open.isClosed) return open.getText();
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    return undefined;
  }
  return (await vscode.workspace.openTextDocument(uri)).getText();
}

async function restoreText(uri: vscode.Uri, text: string): Promise<boolean> {
  let document: vscode.TextDocument;
  try {
    document = await vscode.workspace.openTextDocument(uri);
  } catch {
    // Deleted since: it comes back with its old text, as a new file.
    const edit = new vscode.WorkspaceEdit();
    edit.createFile(uri, { contents: new TextEncoder().encode(text), ignoreIfExists: false });
    return vscode.workspace.applyEdit(edit, { isRefactoring: false });
  }
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(new vscode.Position(0, 0), document.positionAt(document.getText().length)), text);
  return vscode.workspace.applyEdit(edit, { isRefactoring: false });
}

async function deleteFile(uri: vscode.Uri): Promise<boolean> {
  const edit = new vscode.WorkspaceEdit();
  edit.deleteFile(uri, { ignoreIfNotExists: true });
  return vscode.workspace.applyEdit(edit, { isRefactoring: false });
}
