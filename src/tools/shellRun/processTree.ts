// Stopping everything a command started. Each command leads its own process group (and session),
// so one signal to the group reaches its children and background jobs; on Linux the session is
// swept too, which also catches jobs a command moved to groups of their own (`set -m`). A process
// that starts a new session of its own (setsid, daemons) leaves both and is not followed.

import { execFile } from 'child_process';
import * as fs from 'fs';

export function signalTree(leaderPid: number, signal: NodeJS.Signals): void {
  if (process.platform === 'win32') {
    // Windows has no process groups to signal; taskkill walks the tree from the shell.
    execFile('taskkill', ['/pid', String(leaderPid), '/T', '/F'], () => undefined);
    return;
  }
  trySignal(-leaderPid, signal);
  for (const pid of sessionMembers(leaderPid)) trySignal(pid, signal);
}

/**
 * Whether any live process is left in the command's group or session. Where /proc exists it is
 * read, so zombies waiting for a reaper do not count; elsewhere the group is probed with signal 0.
 */
export function treeAlive(leaderPid: number): boolean {
  if (process.platform === 'win32') return false;
  const stats = procStats();
  if (stats.length > 0) return stats.some((stat) => stat.pgid === leaderPid || stat.sid === leaderPid);
  try {
    process.kill(-leaderPid, 0);
    return true;
  } catch (error) {
    // EPERM: the group exists but we may not signal it; it is still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Processes whose session id is `sid` (Linux only: read from /proc; elsewhere none). */
export function sessionMembers(sid: number): number[] {
  return procStats().filter((stat) => stat.sid === sid).map((stat) => stat.pid);
}

export interface ProcStat {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  /** `Z` for a zombie: dead, waiting to be reaped. */
  state: string;
}

/** Every process's ids from /proc; empty where there is no /proc. */
export function procStats(): ProcStat[] {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  const stats: ProcStat[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let text: string;
    try {
      text = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone since the listing
    }
    // "pid (comm) state ppid pgrp session …"; comm may hold spaces and parentheses.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    stats.push({ pid: Number(entry), state: fields[0], ppid: Number(fields[1]), pgid: Number(fields[2]), sid: Number(fields[3]) });
  }
  return stats.filter((stat) => stat.state !== 'Z');
}

function trySignal(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone, or not ours to signal.
  }
}
