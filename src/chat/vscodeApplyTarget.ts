// Which file "Apply to File" writes. A path that a code block names must be a plain relative path
// that stays inside a workspace folder once symbolic links are resolved; the file is then addressed
// by its real place, and named by it in every prompt. Without a path, the user's own choice (the
// active editor, or a file they pick) is the target.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { locateInWorkspace, resolveRealPath, type WorkspaceLocation } from '../workspace/containment';
import { checkRelativePath } from '../workspace/relativePath';
import { sensitiveFile, type SensitiveFile } from '../workspace/sensitivePaths';

export interface ApplyTarget {
  uri: vscode.Uri;
  /** The workspace-relative path of the real file, as the prompts show it. */
  label: string;
  /** The path the code block named, when a symbolic link leads from it to `label`. */
  linkedFrom?: string;
  sensitive?: SensitiveFile;
  /** True when nothing changed on the way to the file since it was chosen. */
  unchanged(): boolean;
}

export type TargetChoice = { target: ApplyTarget } | { refused: string } | { cancelled: true };

/** The file the code block names, else the active editor's, else one the user picks. */
export async function chooseApplyTarget(named: string | undefined, skipScheme: string): Promise<TargetChoice> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (named && folders.length > 0) return namedTarget(named, folders);
  const active = vscode.window.activeTextEditor?.document;
  const chosen = active && !active.isUntitled && active.uri.scheme !== skipScheme
    ? active.uri
    : (await vscode.window.showOpenDialog({ canSelectMany: false, defaultUri: folders[0]?.uri, openLabel: 'Apply to This File', title: 'Apply the code to which file?' }))?.[0];
  return chosen ? { target: userChosen(chosen) } : { cancelled: true };
}

async function namedTarget(named: string, folders: readonly vscode.WorkspaceFolder[]): Promise<TargetChoice> {
  const checked = checkRelativePath(named);
  if (!checked.ok) return { refused: `the path that the code block names is not allowed: ${checked.reason}` };
  const local = folders.filter((folder) => folder.uri.scheme === 'file');
  if (local.length === 0) return virtualTarget(checked.path, folders);

  // In a multi-root workspace, "api/src/a.ts" may name the folder "api" first.
  const [first, ...rest] = checked.segments;
  const byName = local.length > 1 ? local.find((folder) => folder.name === first) : undefined;
  const attempts: Array<[string, readonly vscode.WorkspaceFolder[]]> = byName && rest.length > 0 ? [[rest.join('/'), [byName]], [checked.path, local]] : [[checked.path, local]];
  const roots = (list: readonly vscode.WorkspaceFolder[]): string[] => list.map((folder) => folder.uri.fsPath);
  const existing = attempts.map(([file, list]) => locateInWorkspace(file, roots(list), (found) => found.exists)).find(Boolean);
  // A new file goes to the first folder tried; when the path leads out of it, to no other.
  const [file, list] = attempts[0];
  const location = existing ?? locateInWorkspace(file, roots(list).slice(0, 1));
  if (!location) return { refused: 'the file that the code block names is outside the workspace (a symbolic link leads out of it)' };
  if (location.exists && !isFile(location.real)) return { refused: 'the path that the code block names is a folder' };

  const folder = local.find((candidate) => sameRealPath(candidate.uri.fsPath, location.folder));
  const realRelative = path.relative(location.folder, location.real).split(path.sep);
  if (!folder || realRelative[0] === '') return { refused: 'the path that the code block names is not a file in the workspace' };
  const uri = vscode.Uri.joinPath(folder.uri, ...realRelative);
  const label = vscode.workspace.asRelativePath(uri);
  const namedLabel = vscode.workspace.asRelativePath(vscode.Uri.file(location.named));
  const linked = throughLink(location, folder);
  return {
    target: {
      uri,
      label,
      linkedFrom: linked ? namedLabel : undefined,
      sensitive: sensitiveFile(realRelative.join('/')) ?? sensitiveFile(checked.path),
      unchanged: () => resolvesTo(uri.fsPath, location.real),
    },
  };
}

/** Virtual workspaces have no symbolic links to follow: the checked path inside the first folder that has it. */
async function virtualTarget(relative: string, folders: readonly vscode.WorkspaceFolder[]): Promise<TargetChoice> {
  const candidates = folders.map((folder) => vscode.Uri.joinPath(folder.uri, relative));
  let uri = candidates[0];
  for (const candidate of candidates) {
    const stat = await Promise.resolve(vscode.workspace.fs.stat(candidate)).catch(() => undefined);
    if (stat) {
      uri = candidate;
      break;
    }
  }
  return { target: { uri, label: vscode.workspace.asRelativePath(uri), sensitive: sensitiveFile(relative), unchanged: () => true } };
}

function userChosen(uri: vscode.Uri): ApplyTarget {
  const local = uri.scheme === 'file';
  const real = local ? tryResolve(uri.fsPath) : undefined;
  return {
    uri,
    label: vscode.workspace.asRelativePath(uri),
    sensitive: sensitiveFile(uri.path) ?? (real ? sensitiveFile(real) : undefined),
    unchanged: () => !local || resolvesTo(uri.fsPath, real),
  };
}

/** Whether the named path reached its file through a link, not just through the folder's own real path. */
function throughLink(location: WorkspaceLocation, folder: vscode.WorkspaceFolder): boolean {
  return path.relative(folder.uri.fsPath, location.named) !== path.relative(location.folder, location.real);
}

function resolvesTo(file: string, real: string | undefined): boolean {
  return real !== undefined && tryResolve(file) === real;
}

function sameRealPath(a: string, b: string): boolean {
  return tryResolve(a) === b;
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function tryResolve(file: string): string | undefined {
  try {
    return resolveRealPath(file);
  } catch {
    return undefined;
  }
}
