// How the undo of a turn's commands is put into words: what a restore did, path by path, and the one
// line that tells the user, before they undo, what undo cannot take back. Pure.

import { displayPath, type RestoreItem, type RestorePlan, type TurnLimit } from './snapshotDiff';
import { type RestoreOutcome } from './restoreSnapshot';

export interface CommandUndoReport {
  /** Paths written back as they were before the turn. */
  restored: string[];
  /** Paths the commands created, now removed. */
  deleted: string[];
  /** Paths left as they are: declined, changed meanwhile, failed, or not restorable at all. */
  skipped: string[];
}

/** The item's path as the user knows it; a folder ends in `/`, so "src/gen/" reads as the folder it is. */
export function itemName(plan: RestorePlan, item: RestoreItem): string {
  return displayPath(item.path, plan.roots) + ((item.restoreTo ?? item.current)?.kind === 'dir' ? '/' : '');
}

export function reportRestore(plan: RestorePlan, outcomes: readonly RestoreOutcome[]): CommandUndoReport {
  const report: CommandUndoReport = { restored: [], deleted: [], skipped: [] };
  plan.items.forEach((item, index) => {
    const name = itemName(plan, item);
    if (outcomes[index]?.result !== 'restored') report.skipped.push(name);
    else (item.restoreTo ? report.restored : report.deleted).push(name);
  });
  for (const limit of plan.limits) report.skipped.push(displayPath(limit.path, plan.roots));
  return report;
}

/** What undo will do, one line a path, for the confirmation ("src/a.ts: written back"). */
export function describeItems(plan: RestorePlan): string[] {
  return plan.items.map((item) => {
    const action = !item.restoreTo ? 'removed (the commands created it)' : item.current ? 'put back as it was' : 'put back (the commands deleted it)';
    return `${itemName(plan, item)}: ${action}`;
  });
}

/**
 * One line for the turn: what undo cannot take back of what its commands did, the first few named.
 * Undefined when undo can take back all of it.
 */
export function limitsLine(lines: readonly string[], shownAtMost = 3): string | undefined {
  if (lines.length === 0) return undefined;
  const more = lines.length - shownAtMost;
  const named = lines.slice(0, shownAtMost).join(' ');
  return `Undo cannot restore everything these commands did: ${named}${more > 0 ? ` And ${more} more.` : ''}`;
}

/** At most `max` lines, then how many were left out. */
export function firstLines(lines: readonly string[], max: number): string[] {
  return lines.length <= max ? [...lines] : [...lines.slice(0, max), `… and ${lines.length - max} more`];
}

/**
 * Who changed what in a turn: the paths its commands changed (each command's own before and after),
 * and the paths that changed between one command's end and the next one's start, which is someone
 * else's doing (the user, a formatter, a build watcher).
 */
export interface TurnAttribution {
  byCommands: ReadonlySet<string>;
  between: ReadonlySet<string>;
}

/**
 * The undo plan of a turn, kept to what its commands did: a path only changed between commands is
 * left out (undo never reverts what the turn did not do), and a path changed both by a command and
 * between commands is asked about, like a change made after the turn.
 */
export function attributePlan(plan: RestorePlan, attribution: TurnAttribution): RestorePlan {
  const items = plan.items
    .filter((item) => attribution.byCommands.has(item.path))
    .map((item) => (attribution.between.has(item.path) ? { ...item, userChanged: true } : item));
  return { ...plan, items, limits: attributeLimits(plan.limits, attribution) };
}

export function attributeLimits(limits: readonly TurnLimit[], attribution: TurnAttribution): TurnLimit[] {
  return limits.filter((limit) => attribution.byCommands.has(limit.path));
}
