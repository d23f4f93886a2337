// Real temporary workspaces for the snapshot tests, and a workspace file system that logs every call.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { type WorkspaceFs } from '../../src/tools/snapshot/takeSnapshot';

export interface TempWorkspace {
  root: string;
  storage: string;
  file(relative: string): string;
  write(relative: string, content: string | Buffer, mode?: number): string;
  read(relative: string): Buffer;
  remove(): void;
}

export function tempWorkspace(): TempWorkspace {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'snapshot-test-')));
  const root = path.join(base, 'ws');
  const storage = path.join(base, 'storage');
  fs.mkdirSync(root);
  const file = (relative: string): string => path.join(root, ...relative.split('/'));
  return {
    root, storage, file,
    write(relative, content, mode) {
      const full = file(relative);
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, content);
      if (mode !== undefined) fs.chmodSync(full, mode);
      return full;
    },
    read: (relative) => fs.readFileSync(file(relative)),
    remove: () => fs.rmSync(base, { recursive: true, force: true }),
  };
}

export interface FsCall { call: string; path: string }

/** Node's fs, with every call and the path it was given (an fd resolves to the path it opened). */
export function loggingFs(calls: FsCall[]): WorkspaceFs {
  const opened = new Map<number, string>();
  const log = (call: string, target: string): void => { calls.push({ call, path: target }); };
  return {
    readdirSync: ((dir: fs.PathLike, options?: unknown) => { log('readdir', String(dir)); return fs.readdirSync(dir, options as { withFileTypes: true }); }) as WorkspaceFs['readdirSync'],
    lstatSync: ((target: fs.PathLike) => { log('lstat', String(target)); return fs.lstatSync(target); }) as WorkspaceFs['lstatSync'],
    readlinkSync: ((target: fs.PathLike) => { log('readlink', String(target)); return fs.readlinkSync(target, 'utf8'); }) as WorkspaceFs['readlinkSync'],
    openSync: ((target: fs.PathLike, flags?: fs.OpenMode) => {
      log('open', String(target));
      const fd = fs.openSync(target, flags ?? "r");
      opened.set(fd, String(target));
      return fd;
    }) as WorkspaceFs['openSync'],
    fstatSync: ((fd: number) => fs.fstatSync(fd)) as WorkspaceFs['fstatSync'],
    readSync: ((fd: number, buffer: Buffer, offset: number, length: number, position: number) => {
      log('read', opened.get(fd) ?? '?');
      return fs.readSync(fd, buffer, offset, length, position);
    }) as WorkspaceFs['readSync'],
    closeSync: (fd: number) => { opened.delete(fd); fs.closeSync(fd); },
  };
}

/**
 * The inode and times of each path, read with lstat only: neither listing nor reading, so a moved
 * atime means something else listed the folder or read the file (on relatime mounts, the first
 * access after a write moves it).
 */
export function statFingerprint(paths: string[]): string[] {
  return paths.map((target) => {
    const stat = fs.lstatSync(target);
    return `${target} ino=${stat.ino} mtime=${stat.mtimeMs} atime=${stat.atimeMs} ctime=${stat.ctimeMs} mode=${stat.mode} size=${stat.size}`;
  });
}

/** Every file and folder under `dir`, with its bytes, inode, times and mode. */
export function treeFingerprint(dir: string): string {
  const lines: string[] = [];
  const visit = (current: string): void => {
    const stat = fs.lstatSync(current);
    const content = stat.isFile() ? fs.readFileSync(current).toString('base64') : '';
    lines.push(`${path.relative(dir, current)} ino=${stat.ino} mtime=${stat.mtimeMs} atime=${stat.atimeMs} ctime=${stat.ctimeMs} mode=${stat.mode} ${content}`);
    if (stat.isDirectory()) for (const name of fs.readdirSync(current).sort()) visit(path.join(current, name));
  };
  visit(dir);
  return lines.join('\n');
}

export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
