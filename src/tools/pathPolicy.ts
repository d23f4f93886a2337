// Where a path from the model may lead, and who must agree. The model's path is untrusted: it is
// screened as text first (URLs, ~, UNC and device paths, NUL, odd separators), placed in a workspace
// folder, then resolved through symlinks by the workspace containment helper, which is injected.
// The answer is allow, ask the user, or refuse; approval never comes from the model. Pure.

import * as nodePath from 'path';

export interface WorkspaceFolderRef {
  name: string;
  /** Absolute and real (symlinks resolved), as the platform spells it. */
  path: string;
}

/**
 * What the policy needs from the workspace containment helper (`src/workspace/containment.ts`):
 * the folders of a multi-root workspace, and the real path of a path with the folder that holds it.
 */
export interface WorkspaceContainment {
  readonly folders: readonly WorkspaceFolderRef[];
  readonly platform: 'posix' | 'win32';
  /** Whether the file system ignores case, so `SRC/A.ts` and `src/a.ts` are one file. */
  readonly caseInsensitive: boolean;
  /**
   * Resolves symlinks all the way (for a path that does not exist yet: its nearest existing
   * ancestor, then the rest) and names the folder whose real path holds the result, if any.
   */
  resolve(absolutePath: string): Promise<{ realPath: string; folder: WorkspaceFolderRef | undefined }>;
}

/** What the policy needs from `src/workspace/sensitivePaths.ts`: why a real path is sensitive, if it is. */
export type SensitivePathCheck = (realPath: string, folder: WorkspaceFolderRef | undefined) => string | undefined;

export type Access = 'read' | 'write';
export type WorkspaceMode = 'trusted' | 'untrusted' | 'virtual';

/**
 * Untrusted: Restricted Mode. Virtual: every folder is on another file system than this machine's
 * disk (a remote repository opened without a clone, say), where links cannot be resolved.
 */
export function workspaceModeOf(trusted: boolean, folderSchemes: readonly string[]): WorkspaceMode {
  if (!trusted) return 'untrusted';
  return folderSchemes.length > 0 && folderSchemes.every((scheme) => scheme !== 'file') ? 'virtual' : 'trusted';
}

/**
 * Whether the text editor is offered at all. Not in Restricted Mode; not in a virtual workspace
 * either: the tool's definition offers edits that could only be refused there, and its reads would
 * follow none of the path checks a folder on disk gets.
 */
export function offersTextEditor(mode: WorkspaceMode): boolean {
  return mode === 'trusted';
}

/** The panel's line on why tools are off, if they are. */
export function toolsOffReason(mode: WorkspaceMode): string | undefined {
  if (mode === 'untrusted') return 'Tools are off: this workspace is in Restricted Mode, so Claude cannot read or edit files or run commands here. Trust the workspace to turn them on.';
  if (mode === 'virtual') return 'Tools are off: this workspace\'s folders are not on this computer\'s disk (a virtual workspace), so Claude cannot read or edit them or run commands. Open a local folder or a clone to use them.';
  return undefined;
}

export interface ApprovalRules {
  /** Reads inside the workspace go ahead unasked (the default). */
  autoApproveReads: boolean;
  /** Edits the user allow-listed by glob; `relativePath` uses `/`. Sensitive files never qualify. */
  autoApproveEdit(relativePath: string, folder: WorkspaceFolderRef): boolean;
}

export interface ResolvedTarget {
  /** The absolute path the model's path names, before symlinks. */
  absolute: string;
  /** Where it really leads: what an approval dialog must show. */
  realPath: string;
  folder: WorkspaceFolderRef | undefined;
  /** Relative to `folder`, with `/`; undefined outside the workspace. */
  relativePath: string | undefined;
  /** How results name the file to the model. */
  displayPath: string;
  /** One key per file (case folded where the file system ignores case), for the ledgers. */
  key: string;
}

export type AskReason = 'outside_workspace' | 'sensitive' | 'git_internal' | 'edit';
export type PathDecision =
  | { decision: 'allow'; target: ResolvedTarget }
  | { decision: 'ask'; reason: AskReason; detail: string; target: ResolvedTarget }
  | { decision: 'refuse'; reason: 'path_invalid' | 'read_only' | 'tools_unavailable' | 'git_internal'; message: string };

export async function decidePath(
  rawPath: string, access: Access, mode: WorkspaceMode,
  workspace: WorkspaceContainment, sensitive: SensitivePathCheck, rules: ApprovalRules,
): Promise<PathDecision> {
  if (mode === 'untrusted') return { decision: 'refuse', reason: 'tools_unavailable', message: 'Tools are off in an untrusted workspace.' };
  if (mode === 'virtual' && access === 'write') return { decision: 'refuse', reason: 'read_only', message: 'This workspace is virtual; it can only be read.' };
  const placed = placePath(rawPath, workspace);
  if (!placed.ok) return { decision: 'refuse', reason: 'path_invalid', message: placed.message };
  const { realPath, folder } = await workspace.resolve(placed.absolute);
  const target = describe(placed.absolute, realPath, folder, workspace);
  if (!folder) return { decision: 'ask', reason: 'outside_workspace', detail: `It is outside the workspace; it leads to ${realPath}.`, target };
  if (target.relativePath !== undefined && insideGitFolder(target.relativePath, workspace.caseInsensitive)) {
    // Git's own files are the user's history: the tool never edits them, at any depth.
    if (access === 'write') return { decision: 'refuse', reason: 'git_internal', message: `${target.displayPath} is inside a .git folder, which this tool never changes.` };
    return { decision: 'ask', reason: 'git_internal', detail: 'It is inside a .git folder, which can hold credentials.', target };
  }
  const whySensitive = sensitive(realPath, folder);
  if (whySensitive) return { decision: 'ask', reason: 'sensitive', detail: whySensitive, target };
  if (access === 'read') return rules.autoApproveReads ? { decision: 'allow', target } : { decision: 'ask', reason: 'edit', detail: 'Reading asks first, by your settings.', target };
  if (target.relativePath !== undefined && rules.autoApproveEdit(target.relativePath, folder)) return { decision: 'allow', target };
  return { decision: 'ask', reason: 'edit', detail: 'Edits are reviewed before they land.', target };
}

/**
 * The absolute path a model's path names inside the workspace, or why it cannot be used. Relative
 * paths start at the only folder, or, in a multi-root workspace, at the folder they name first.
 */
export function placePath(rawPath: string, workspace: Pick<WorkspaceContainment, 'folders' | 'platform' | 'caseInsensitive'>): PlacedPath {
  const path = workspace.platform === 'win32' ? nodePath.win32 : nodePath.posix;
  const problem = screenPath(rawPath, workspace.platform);
  if (problem) return { ok: false, message: problem };
  const raw = rawPath.trim();
  if (path.isAbsolute(raw)) return { ok: true, absolute: path.normalize(raw) };
  const folders = workspace.folders;
  if (folders.length === 0) return { ok: false, message: 'No folder is open, so there is no workspace to resolve the path in.' };
  const [first, ...rest] = raw.split(workspace.platform === 'win32' ? /[\\/]/ : '/');
  const fold = (text: string): string => (workspace.caseInsensitive ? text.toLowerCase() : text);
  const named = folders.length > 1 ? folders.find((folder) => fold(folder.name) === fold(first)) : undefined;
  if (named) return { ok: true, absolute: path.join(named.path, ...rest) };
  if (folders.length > 1) {
    const names = folders.map((folder) => folder.name).join(', ');
    return { ok: false, message: `The workspace has several folders (${names}); start a relative path with one of their names, or give an absolute path.` };
  }
  return { ok: true, absolute: path.join(folders[0].path, raw) };
}

export type PlacedPath = { ok: true; absolute: string } | { ok: false; message: string };

const URL_LIKE = /^[a-z][a-z0-9+.-]+:/i;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$/i;

/** Text-level refusals, before any file system is asked. */
export function screenPath(rawPath: string, platform: 'posix' | 'win32'): string | undefined {
  const raw = rawPath.trim();
  if (raw === '') return 'The path is empty.';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(raw)) return 'The path holds control characters (such as NUL), which no real path has.';
  if (raw.length > 1024) return 'The path is longer than 1024 characters.';
  if (URL_LIKE.test(raw)) return 'Give a file path, not a URL (file:, http: and the like are not accepted).';
  if (raw.startsWith('~')) return '~ is not expanded; give a path inside the workspace.';
  if (/^[\\/]{2}/.test(raw)) return 'Network and device paths (\\\\server\\share, //server) are not accepted.';
  const segments = raw.split(platform === 'win32' ? /[\\/]/ : '/');
  if (segments.some((segment) => segment.length > 255)) return 'A part of the path is longer than 255 characters.';
  if (platform === 'posix') {
    if (raw.includes('\\')) return 'Use / to separate folders; \\ is not a separator here.';
    if (/^[a-z]:/i.test(raw)) return 'Drive letters are not paths on this system.';
    return undefined;
  }
  if (/^[a-z]:(?![\\/])/i.test(raw)) return 'A drive letter needs a full path after it, such as C:\\folder\\file.txt.';
  if (/^[\\/]/.test(raw)) return 'Give a drive letter, or a path relative to the workspace folder.';
  const rest = /^[a-z]:/i.test(raw) ? raw.slice(2) : raw;
  if (rest.includes(':')) return 'Colons are not allowed in a path here (they name alternate data streams).';
  for (const segment of segments.slice(/^[a-z]:/i.test(raw) ? 1 : 0)) {
    if (WINDOWS_DEVICE.test(segment)) return `"${segment}" names a device on Windows, not a file.`;
    // Windows drops trailing dots and spaces, so "a.txt." would be "a.txt" in disguise.
    if (segment !== '.' && segment !== '..' && /[. ]$/.test(segment)) return 'A part of the path ends with a dot or a space, which Windows drops.';
    if (/[<>"|?*]/.test(segment)) return 'The path holds a character Windows does not allow (< > " | ? *).';
  }
  return undefined;
}

function describe(absolute: string, realPath: string, folder: WorkspaceFolderRef | undefined, workspace: WorkspaceContainment): ResolvedTarget {
  const path = workspace.platform === 'win32' ? nodePath.win32 : nodePath.posix;
  const key = workspace.caseInsensitive ? realPath.toLowerCase() : realPath;
  if (!folder) return { absolute, realPath, folder, relativePath: undefined, displayPath: realPath, key };
  const relativePath = path.relative(folder.path, realPath).split(path.sep).join('/');
  const displayPath = workspace.folders.length > 1 ? `${folder.name}/${relativePath}` : relativePath || '.';
  return { absolute, realPath, folder, relativePath, displayPath, key };
}

function insideGitFolder(relativePath: string, caseInsensitive: boolean): boolean {
  return relativePath.split('/').some((segment) => (caseInsensitive ? segment.toLowerCase() : segment) === '.git');
}
