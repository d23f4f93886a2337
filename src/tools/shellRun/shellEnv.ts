// The environment the model's commands see: the extension host's, less every variable holding a
// key of ours. And the parsing of the environment a command leaves behind, so that exported
// variables carry over to the next command. Pure.

import { MIN_SECRET_LENGTH } from '../secretRedaction';

/** Variables that name our credentials whatever their value. */
const KEY_VARIABLES = ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN'];

/**
 * Set in the extension host so that Electron runs as Node; in a user's shell it would break every
 * Electron program they start (VS Code's own terminal removes it too).
 */
const HOST_ONLY_VARIABLES = ['ELECTRON_RUN_AS_NODE'];

/**
 * A copy of `hostEnv` without our key variables, and without any variable whose value is, or
 * contains, one of `secrets` (keys from secret storage, which a user may also have exported under
 * another name, or inside a URL; shorter than MIN_SECRET_LENGTH, only whole values, or unrelated
 * variables would go). Names compare case-insensitively, as Windows does.
 */
export function scrubEnvironment(hostEnv: Readonly<Record<string, string | undefined>>, secrets: readonly string[] = []): Record<string, string> {
  const dropNames = new Set([...KEY_VARIABLES, ...HOST_ONLY_VARIABLES].map((name) => name.toUpperCase()));
  const keys = secrets.map((secret) => secret.trim()).filter((secret) => secret !== '');
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(hostEnv)) {
    if (value === undefined || dropNames.has(name.toUpperCase())) continue;
    if (keys.some((key) => value === key || (key.length >= MIN_SECRET_LENGTH && value.includes(key)))) continue;
    result[name] = value;
  }
  return result;
}

/** A name the shell can hold as a variable; others pass through the environment untouched. */
export function isShellName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

/**
 * Kept from the previous environment rather than taken from the dump: the shell bumps SHLVL on
 * every start (it would climb by one per command), and `_` is the last argument of the dump itself.
 */
const NOT_CARRIED = new Set(['SHLVL', '_']);

/**
 * The next command's environment from the NUL-separated `name=value` dump the shell wrote after
 * the previous one. Variables the shell cannot name (e.g. `ProgramFiles(x86)`) are invisible to
 * it, so they are carried from `previous` unchanged; a variable the command unset is gone. Names
 * with `internalPrefix` are the runner's own and are dropped.
 */
export function environmentAfterRun(dump: string, previous: Readonly<Record<string, string>>, internalPrefix?: string): Record<string, string> {
  const next: Record<string, string> = {};
  for (const [name, value] of Object.entries(previous)) {
    if (!isShellName(name) || NOT_CARRIED.has(name)) next[name] = value;
  }
  for (const entry of dump.split('\0')) {
    const equals = entry.indexOf('=');
    if (equals <= 0) continue;
    const name = entry.slice(0, equals);
    if (!isShellName(name) || NOT_CARRIED.has(name) || (internalPrefix && name.startsWith(internalPrefix))) continue;
    next[name] = entry.slice(equals + 1);
  }
  return next;
}
