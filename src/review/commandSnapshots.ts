// "Undo This Turn's Changes" for what a turn's shell commands did to the workspace. The bash tool
// calls `prepareCommand` when a command waits for the user's yes, `beforeCommand` right before each
// command and `afterCommand` right after it ends (Stop and the timeout included). The workspace
// folders are snapshotted into the extension's own storage before and after each command; the turn
// gets one restoration in the turn ledger, which on undo puts back every path the commands changed
// as it was before the first command. A path changed between two commands (by the user, or a
// watcher) is not the commands' doing: alone it is left out, and where a command changed it too,
// undo asks first, as it does for anything changed since the turn. The snapshot engine keeps to
// .gitignore and its budgets and never touches a `.git`, nested repositories' included.
// The first snapshot of a turn reads every file; taking it while the card waits for the user means
// that Run waits only for a quick one that rereads what changed meanwhile.
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { attributePlan, describeItems, firstLines, itemName, limitsLine, reportRestore } from '../tools/snapshot/commandUndo';
import { WorkspaceSnapshots, type TurnLimits } from '../tools/snapshot/workspaceSnapshots';
import type { CommandTurnHooks } from '../shell/bashHandler';
import type { ToolPrompts } from './toolPrompts';
import type { RestorationReport, TurnUndo } from './turnUndo';

export type { CommandTurnHooks } from '../shell/bashHandler';

export interface CommandSnapshotsOptions {
  /** The extension's own storage (`context.storageUri`, else `globalStorageUri`), as a path. */
  storageRoot: string;
  turns: TurnUndo;
  prompts: () => ToolPrompts;
  /** The workspace folders on this machine's disk. */
  workspaceRoots?: () => string[];
  log?: (message: string) => void;
  /** Snapshots made elsewhere (tests); by default a worker thread's, in a folder of this window's. */
  snapshots?: WorkspaceSnapshots;
}

interface TurnSnapshots {
  roots: string[];
  beforeId?: string;
  /** After the turn's latest command. */
  afterId?: string;
  /** The latest of the turn's snapshots: the next one rereads only what changed since. */
  latestId?: string;
  /** Before the command running now (the turn's `beforeId` for its first). */
  commandStartId?: string;
  /** Paths the turn's commands changed, each command judged by its own before and after. */
  byCommands: Set<string>;
  /** Paths that changed between one command's end and the next one's start. */
  between: Set<string>;
  /** Why this turn's commands cannot be undone at all. */
  failure?: string;
  limits?: TurnLimits;
}

const SHOWN_IN_DIALOG = 12;

export class CommandSnapshots implements CommandTurnHooks, vscode.Disposable {
  private readonly turnSnapshots = new Map<string, TurnSnapshots>();
  /** Snapshots taken while a turn's first command waited for the user, by turn. */
  private readonly prepared = new Map<string, Promise<string | undefined>>();
  private readonly storageDir: string;
  private snapshotStore: WorkspaceSnapshots | undefined;
  private cleanedUp = false;

  constructor(private readonly options: CommandSnapshotsOptions) {
    // A folder per window: two windows on one workspace share its storage, and each prunes its own.
    this.storageDir = path.join(options.storageRoot, 'command-snapshots', `${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
    this.snapshotStore = options.snapshots;
  }

  /** A command of this turn waits for the user: snapshot now, so that Run has little left to read. */
  async prepareCommand(turnId: string): Promise<void> {
    if (this.turnSnapshots.has(turnId) || this.prepared.has(turnId)) return;
    const roots = (this.options.workspaceRoots ?? fileWorkspaceRoots)();
    if (roots.length === 0) return;
    const taking = (async () => {
      await this.prune();
      return (await this.store().snapshot(roots)).id;
    })().catch((error: unknown) => {
      this.options.log?.(`Snapshot while a command waited failed: ${messageOf(error)}`);
      return undefined;
    });
    this.prepared.set(turnId, taking);
    await taking;
  }

  async beforeCommand(turnId: string): Promise<void> {
    const existing = this.turnSnapshots.get(turnId);
    if (existing) return this.beforeLaterCommand(existing);
    const roots = (this.options.workspaceRoots ?? fileWorkspaceRoots)();
    const turn: TurnSnapshots = { roots, byCommands: new Set(), between: new Set() };
    this.turnSnapshots.set(turnId, turn);
    this.options.turns.addRestoration(turnId, { label: "what the turn's commands changed", restore: () => this.restore(turnId) });
    if (roots.length === 0) {
      turn.failure = 'there is no workspace folder on this computer to snapshot';
      return;
    }
    const preparedId = await this.prepared.get(turnId);
    this.prepared.delete(turnId);
    try {
      // Once a turn, before its snapshot: earlier turns' snapshots between their first and last command go.
      if (!preparedId) await this.prune();
      turn.beforeId = (await this.snapshotFrom(roots, preparedId)).id;
      turn.latestId = turn.commandStartId = turn.beforeId;
    } catch (error) {
      turn.failure = `the workspace could not be snapshotted before the first command (${messageOf(error)})`;
      this.options.log?.(`Snapshot before a command failed: ${messageOf(error)}`);
    }
  }

  async afterCommand(turnId: string): Promise<void> {
    const turn = this.turnSnapshots.get(turnId);
    if (!turn?.beforeId || turn.failure) return;
    try {
      const after = await this.store().snapshot(turn.roots, turn.latestId);
      turn.afterId = turn.latestId = after.id;
      for (const change of (await this.store().diff(turn.commandStartId ?? turn.beforeId, after.id)).changes) turn.byCommands.add(change.path);
      turn.limits = await this.store().limits(turn.beforeId, after.id, (limit) => turn.byCommands.has(limit.path));
    } catch (error) {
      turn.failure = `the workspace could not be snapshotted after a command (${messageOf(error)})`;
      this.options.log?.(`Snapshot after a command failed: ${messageOf(error)}`);
    }
  }

  /** A later command of the turn: what changed since the last one ended is not the commands' doing. */
  private async beforeLaterCommand(turn: TurnSnapshots): Promise<void> {
    if (!turn.beforeId || !turn.afterId || turn.failure) return;
    try {
      const start = await this.store().snapshot(turn.roots, turn.latestId);
      for (const change of (await this.store().diff(turn.afterId, start.id)).changes) turn.between.add(change.path);
      turn.latestId = turn.commandStartId = start.id;
    } catch (error) {
      turn.failure = `the workspace could not be snapshotted before a command (${messageOf(error)})`;
      this.options.log?.(`Snapshot before a command failed: ${messageOf(error)}`);
    }
  }

  /** A snapshot that rereads only what changed since `previousId`; a whole one when that is gone. */
  private async snapshotFrom(roots: string[], previousId: string | undefined): Promise<{ id: string }> {
    if (previousId) {
      try {
        return await this.store().snapshot(roots, previousId);
      } catch (error) {
        this.options.log?.(`Snapshot from an earlier one failed, taking a whole one: ${messageOf(error)}`);
      }
    }
    return this.store().snapshot(roots);
  }

  /** What undo cannot restore of this turn's commands so far (after `afterCommand`). */
  limits(turnId: string): TurnLimits | undefined {
    return this.turnSnapshots.get(turnId)?.limits;
  }

  /** One line for the turn's card: what undo cannot take back, or why it cannot take back anything. */
  limitsLine(turnId: string): string | undefined {
    const turn = this.turnSnapshots.get(turnId);
    if (turn?.failure) return `Undo cannot restore what these commands did: ${turn.failure}.`;
    return turn?.limits && limitsLine(turn.limits.lines);
  }

  dispose(): void {
    this.snapshotStore?.dispose();
    this.snapshotStore = undefined;
    // Undo lives as long as the window: what this window stored is of no use after it.
    if (!this.options.snapshots) fs.rmSync(this.storageDir, { recursive: true, force: true });
  }

  private async restore(turnId: string): Promise<RestorationReport> {
    const turn = this.turnSnapshots.get(turnId);
    const nothing: RestorationReport = { restored: [], deleted: [], skipped: [] };
    if (!turn) return nothing;
    if (turn.failure || !turn.beforeId) {
      this.options.prompts().inform(`Undo cannot restore what the turn's commands changed: ${turn.failure ?? 'no snapshot was taken'}.`);
      return { ...nothing, skipped: ["what the turn's commands changed"] };
    }
    const store = this.store();
    // No snapshot after the command (the window's host stopped it midway): what is there now is what it left.
    let afterId = turn.afterId;
    if (!afterId) {
      afterId = (await store.snapshot(turn.roots, turn.latestId)).id;
      for (const change of (await store.diff(turn.commandStartId ?? turn.beforeId, afterId)).changes) turn.byCommands.add(change.path);
    }
    const plan = attributePlan(await store.restorePlan(turn.beforeId, afterId), turn);
    const prompts = this.options.prompts();
    // An unsaved document over a file is the user's change too: writing under it would conflict.
    for (const item of plan.items) if (hasUnsavedDocument(item.path)) item.userChanged = true;
    if (plan.items.length > 0 && plan.limits.length > 0) {
      const { lines, standing } = await store.limits(turn.beforeId, afterId, (limit) => turn.byCommands.has(limit.path));
      if (!(await prompts.confirmCommandUndo(firstLines(describeItems(plan), SHOWN_IN_DIALOG), firstLines(lines, SHOWN_IN_DIALOG), standing))) {
        return { ...nothing, skipped: reportRestore(plan, []).skipped };
      }
    }
    const approved: string[] = [];
    for (const item of plan.items.filter((candidate) => candidate.userChanged)) {
      if (await prompts.discardLaterChanges(itemName(plan, item), item.restoreTo === undefined)) approved.push(item.path);
    }
    const outcomes = await store.restore(plan, approved);
    this.turnSnapshots.delete(turnId);
    await this.prune().catch(() => undefined);
    return reportRestore(plan, outcomes);
  }

  /**
   * Keeps the snapshots the turns still need: the one before each, the one after its latest command,
   * and the latest. A snapshot prepared for a command the user then rejected goes.
   */
  private async prune(): Promise<void> {
    this.prepared.clear();
    const keep = [...this.turnSnapshots.values()].flatMap((turn) => [turn.beforeId, turn.afterId, turn.latestId]).filter((id): id is string => id !== undefined);
    await this.store().prune(keep);
  }

  private store(): WorkspaceSnapshots {
    if (!this.cleanedUp && !this.options.snapshots) {
      this.cleanedUp = true;
      removeAbandonedFolders(path.dirname(this.storageDir), this.storageDir);
    }
    this.snapshotStore ??= new WorkspaceSnapshots({ storageDir: this.storageDir });
    return this.snapshotStore;
  }
}

function fileWorkspaceRoots(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => folder.uri.fsPath);
}

function hasUnsavedDocument(filePath: string): boolean {
  return vscode.workspace.textDocuments.some((document) => document.isDirty && document.uri.scheme === 'file' && document.uri.fsPath === filePath);
}

/** Folders of windows whose extension host has ended (a crash, a kill) are removed. */
function removeAbandonedFolders(parent: string, own: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(name.split('-')[0]);
    if (path.join(parent, name) === own || !Number.isInteger(pid) || isRunning(pid)) continue;
    fs.rm(path.join(parent, name), { recursive: true, force: true }, () => undefined);
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
