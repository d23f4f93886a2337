// Which shell runs the model's commands, decided from the platform, the environment and which
// files exist, so it is tested with inputs rather than with the machine it runs on. Pure.

import * as path from 'path';

export type ShellKind = 'bash' | 'zsh';

export type ShellChoice =
  | { available: true; path: string; kind: ShellKind }
  | { available: false; reason: string };

export interface ShellChoiceInputs {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  /** The user's login shell from the account database (`os.userInfo().shell`), when known. */
  loginShell?: string | null;
  /** Whether a file exists and can be run; injected so the choice stays pure. */
  exists(file: string): boolean;
}

/**
 * POSIX: the login shell when it is bash or zsh (the user's own, with its PATH habits), else
 * /bin/bash. Windows: Git Bash, never `System32\bash.exe`, which is WSL and sees another file system.
 */
export function chooseShell(inputs: ShellChoiceInputs): ShellChoice {
  return inputs.platform === 'win32' ? chooseWindowsShell(inputs) : choosePosixShell(inputs);
}

function choosePosixShell({ env, loginShell, exists }: ShellChoiceInputs): ShellChoice {
  for (const candidate of [loginShell, env.SHELL]) {
    if (!candidate || !path.posix.isAbsolute(candidate)) continue;
    const kind = posixKind(candidate);
    if (kind && exists(candidate)) return { available: true, path: candidate, kind };
  }
  for (const fallback of ['/bin/bash', '/usr/bin/bash', '/usr/local/bin/bash', '/opt/homebrew/bin/bash']) {
    if (exists(fallback)) return { available: true, path: fallback, kind: 'bash' };
  }
  return { available: false, reason: 'No bash was found (looked for your login shell, then /bin/bash). Install bash to let Claude run commands.' };
}

function posixKind(file: string): ShellKind | undefined {
  const name = path.posix.basename(file);
  if (/^bash(?:-?\d[\d.]*)?$/.test(name)) return 'bash';
  if (/^zsh(?:-?\d[\d.]*)?$/.test(name)) return 'zsh';
  return undefined;
}

function chooseWindowsShell({ env, exists }: ShellChoiceInputs): ShellChoice {
  for (const candidate of gitBashCandidates(env)) {
    if (exists(candidate)) return { available: true, path: candidate, kind: 'bash' };
  }
  return {
    available: false,
    reason: 'Commands need Git Bash on Windows, and it was not found. Install Git for Windows (which includes Git Bash), then reload the window.',
  };
}

/** Where Git for Windows puts bash.exe: the usual install folders, then next to a `git.exe` on PATH. */
export function gitBashCandidates(env: Readonly<Record<string, string | undefined>>): string[] {
  const get = (name: string): string | undefined => {
    const key = Object.keys(env).find((k) => k.toLowerCase() === name.toLowerCase());
    return key === undefined ? undefined : env[key];
  };
  const roots = [get('ProgramW6432'), get('ProgramFiles'), get('ProgramFiles(x86)')]
    .filter((root): root is string => !!root)
    .map((root) => path.win32.join(root, 'Git'));
  const local = get('LocalAppData');
  if (local) roots.push(path.win32.join(local, 'Programs', 'Git'));
  // `…\Git\cmd\git.exe` or `…\Git\bin\git.exe` on PATH: the install root is two levels up.
  for (const dir of (get('PATH') ?? '').split(';')) {
    const trimmed = dir.trim().replace(/^"|"$/g, '');
    if (/\\git\\(?:cmd|bin|mingw64\\bin)\\?$/i.test(trimmed)) roots.push(path.win32.resolve(trimmed, /mingw64/i.test(trimmed) ? '..\\..' : '..'));
  }
  const candidates = roots.map((root) => path.win32.join(root, 'bin', 'bash.exe'));
  return Array.from(new Set(candidates)).filter((file) => !/\\windows\\system32\\/i.test(file));
}
