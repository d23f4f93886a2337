// Files whose change does more than change a file: VS Code or Git run what they name, or they hold
// secrets. Writing one always takes a confirmation that names the risk, and no tool approves one on
// its own. The one list of them. Pure.

export type SensitiveKind = 'editorConfig' | 'gitConfig' | 'gitHook' | 'gitData' | 'secrets' | 'key';

export interface SensitiveFile {
  kind: SensitiveKind;
  /** What changing the file can do, as a sentence for the confirmation (no brackets: it is shown as is). */
  risk: string;
}

const EDITOR_FILES: Record<string, string> = {
  'settings.json': 'Workspace settings can change which programs VS Code and its extensions run.',
  'tasks.json': 'VS Code runs the commands of tasks, some as soon as the folder opens.',
  'launch.json': 'VS Code runs the programs named in debug configurations.',
  'mcp.json': 'VS Code starts the programs named as MCP servers.',
};
const KEY_NAMES = new Set(['id_rsa', 'id_dsa', 'id_ecdsa', 'id_ed25519', 'authorized_keys']);
const KEY_EXTENSIONS = new Set(['pem', 'key', 'crt', 'cer', 'der', 'p8', 'p12', 'pfx', 'jks', 'keystore', 'ppk']);
const CREDENTIAL_FILES = new Set(['.npmrc', '.netrc', '.pypirc']);

/**
 * Whether a file is sensitive, from its path (relative or absolute, `/` or `\`). Case does not
 * matter: on case-insensitive disks `.GIT/config` is `.git/config`.
 */
export function sensitiveFile(file: string): SensitiveFile | undefined {
  const segments = file.toLowerCase().split(/[\\/]+/).filter((segment) => segment !== '' && segment !== '.');
  const name = segments[segments.length - 1] ?? '';
  const gitAt = segments.indexOf('.git');
  if (gitAt >= 0) {
    const inside = segments.slice(gitAt + 1);
    if (inside[0] === 'hooks') return { kind: 'gitHook', risk: 'Git runs its hooks as programs on commit, checkout and other commands.' };
    if (inside.length === 1 && inside[0] === 'config') return { kind: 'gitConfig', risk: 'Git runs programs named in its config, such as core.fsmonitor, core.sshCommand and aliases, as soon as Git runs.' };
    return { kind: 'gitData', risk: "This is Git's own data: a change can run programs through Git or damage the repository." };
  }
  if (name.endsWith('.code-workspace')) return { kind: 'editorConfig', risk: 'A workspace file holds settings and tasks that VS Code applies and runs.' };
  const parent = segments[segments.length - 2];
  if (parent === '.vscode' && EDITOR_FILES[name]) return { kind: 'editorConfig', risk: EDITOR_FILES[name] };
  if (name === '.envrc') return { kind: 'editorConfig', risk: 'direnv runs this file as a shell script when you enter the folder.' };
  // `.env*`: .env, .env.local, .env-prod, .env_test and the like.
  if (name.startsWith('.env')) return { kind: 'secrets', risk: 'Environment files usually hold passwords and API keys.' };
  if (CREDENTIAL_FILES.has(name)) return { kind: 'secrets', risk: 'This file usually holds credentials for a package registry or server.' };
  if (segments.includes('.ssh') || KEY_NAMES.has(name) || KEY_EXTENSIONS.has(name.slice(name.lastIndexOf('.') + 1))) {
    return { kind: 'key', risk: 'This is a key, certificate or SSH file: a change can lock you out or let someone else in.' };
  }
  return undefined;
}

/** The risk of a real path, as the text editor tool's policy asks for it (`SensitivePathCheck`); `folder` holds it. */
export function sensitiveRisk(realPath: string, folder: { path: string } | undefined): string | undefined {
  const relative = folder ? realPath.slice(folder.path.length) : realPath;
  return sensitiveFile(relative)?.risk;
}
