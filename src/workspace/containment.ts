// Whether a path is inside the workspace, decided on real paths: every symbolic link on the way is
// resolved, dangling ones and those above a file that does not exist yet included. The one place
// that answers this for opening links, applying code and the tools. No `vscode` import; it reads
// the file system (lstat, realpath, readlink) synchronously.
import * as fs from 'fs';
import * as path from 'path';

/** Symbolic links followed before a path counts as a loop, as the kernel's ELOOP limit. */
const MAX_LINKS = 40;

/**
 * The absolute path that writing to `file` would reach. The deepest part that exists is resolved by
 * realpath and the rest appended; a dangling link is followed to where its target would be.
 * Throws on a link loop or a link that cannot be read.
 */
export function resolveRealPath(file: string): string {
  let wanted = path.resolve(file);
  for (let links = 0; links <= MAX_LINKS; links++) {
    const existing = deepestExisting(wanted);
    const rest = path.relative(existing, wanted);
    let real: string;
    try {
      real = fs.realpathSync.native(existing);
    } catch {
      // Every ancestor of `existing` resolves (lstat reached it through them), so `existing` itself is
      // a link whose target is missing: continue from that target.
      wanted = path.resolve(path.dirname(existing), fs.readlinkSync(existing), rest);
      continue;
    }
    return rest ? path.join(real, rest) : real;
  }
  throw new Error(`too many symbolic links in ${file}`);
}

/** True when `candidate` is `folder` or lies under it (both absolute, already resolved). */
export function isWithin(candidate: string, folder: string): boolean {
  const relative = path.relative(folder, candidate);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

export interface WorkspaceLocation {
  /** The path as named, joined to a folder. */
  named: string;
  /** `named` with every symbolic link resolved: what a read or write reaches. */
  real: string;
  /** The resolved workspace folder that holds `real`. */
  folder: string;
  exists: boolean;
}

/**
 * Finds `file` (absolute, or relative to each folder in turn) inside the workspace folders, judged
 * by its real path: a link inside a folder that leads out of every folder is outside. Returns the
 * first location that `accept` takes, else undefined.
 */
export function locateInWorkspace(
  file: string,
  folders: readonly string[],
  accept: (location: WorkspaceLocation) => boolean = () => true,
): WorkspaceLocation | undefined {
  const realFolders = folders.flatMap((folder) => tryResolve(folder) ?? []);
  const candidates = path.isAbsolute(file) ? [path.normalize(file)] : folders.map((folder) => path.resolve(folder, file));
  for (const named of candidates) {
    const real = tryResolve(named);
    const folder = real === undefined ? undefined : realFolders.find((root) => isWithin(real, root));
    if (real === undefined || folder === undefined) continue;
    const location = { named, real, folder, exists: fs.existsSync(real) };
    if (accept(location)) return location;
  }
  return undefined;
}

function deepestExisting(file: string): string {
  let current = file;
  for (;;) {
    try {
      fs.lstatSync(current);
      return current;
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return current;
      current = parent;
    }
  }
}

function tryResolve(file: string): string | undefined {
  try {
    return resolveRealPath(file);
  } catch {
    return undefined;
  }
}

export interface NamedFolder {
  name: string;
  /** Absolute; resolved through symbolic links here. */
  path: string;
}

/**
 * The containment the text editor tool's path policy takes (src/tools/pathPolicy.ts,
 * `WorkspaceContainment`), built on the helpers above so that the tool and Apply to File judge
 * paths alike.
 */
export function folderContainment(folders: readonly NamedFolder[]) {
  const real = folders.map((folder) => ({ name: folder.name, path: tryResolve(folder.path) ?? path.resolve(folder.path) }));
  return {
    folders: real,
    platform: process.platform === 'win32' ? ('win32' as const) : ('posix' as const),
    // The default file systems of Windows and macOS ignore case; Linux's do not.
    caseInsensitive: process.platform === 'win32' || process.platform === 'darwin',
    async resolve(absolutePath: string): Promise<{ realPath: string; folder: NamedFolder | undefined }> {
      const realPath = resolveRealPath(absolutePath);
      return { realPath, folder: real.find((folder) => isWithin(realPath, folder.path)) };
    },
  };
}
