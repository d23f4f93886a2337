// The script each command runs inside: `<shell> -c SCRIPT <shell> STATE_DIR COMMAND CWD`.
//
// Why not one long-lived shell fed commands on stdin? Its commands would share its process group,
// so stopping one command's tree would kill the shell, and its `cd` with it. Instead every command
// is a fresh shell that leads its own process group, so Stop and timeouts signal the whole group
// and nothing in it survives; the state a terminal would keep is carried between these shells:
// - the directory: passed in as CWD, and written back from $PWD when the command ends;
// - exported variables: the extension starts each shell with the environment the previous one
//   left, which this script dumps (NUL-separated `name=value`, exact for any value) when it ends.
// Plain variables, functions, aliases and `set` options do not carry over; the tool's description
// tells the model so. A command that is stopped or killed keeps nothing: its shell cannot save.
//
// The watchdog: a background job blocked reading fd 3, a pipe whose other end only the extension
// host holds. If the host dies without stopping the command (a crash, a killed window), the read
// ends and the watchdog signals the whole group. It is stopped before a normal end, and the
// command itself never sees fd 3.
//
// Everything after the command uses builtins only, so a command that empties PATH, sets -e, -u or
// -x, or changes IFS still has its state saved, and nothing of ours shows in its output.

import type { ShellKind } from './shellChoice';

/** Our variables in the shell all start with this; they are never carried as environment. */
export const INTERNAL_PREFIX = '__claude_assistant_';

/** Files in the state directory. `saved` is written last: the others are whole only if it exists. */
export const STATE_FILES = { cwd: 'cwd', env: 'env', saved: 'saved', moved: 'moved' } as const;

const DUMP_EXPORTS: Record<ShellKind, string> = {
  bash: 'for __claude_assistant_n in $(compgen -e); do printf \'%s=%s\\0\' "$__claude_assistant_n" "${!__claude_assistant_n}"; done',
  zsh: 'for __claude_assistant_n in ${(k)parameters[(R)*export*]}; do printf \'%s=%s\\0\' "$__claude_assistant_n" "${(P)__claude_assistant_n}"; done',
};

function scriptLines(kind: ShellKind): string[] {
  return [
    '__claude_assistant_state=$1',
    '__claude_assistant_command=$2',
    '__claude_assistant_cwd=$3',
    'set --',
    kind === 'zsh' ? 'zmodload zsh/parameter 2>/dev/null' : '',
    'exec 2>&1',
    '{ read -r __claude_assistant_x <&3; kill -TERM 0; } </dev/null >/dev/null 2>&1 &',
    '__claude_assistant_watchdog=$!',
    'exec 3<&-',
    'if [ -n "$__claude_assistant_cwd" ]; then',
    `  cd -- "$__claude_assistant_cwd" 2>/dev/null || : > "$__claude_assistant_state/${STATE_FILES.moved}"`,
    'fi',
    '__claude_assistant_finish() {',
    '  { set +x +e +u; } 2>/dev/null',
    "  local IFS=$' \\t\\n'",
    '  {',
    `    printf '%s' "$PWD" > "$__claude_assistant_state/${STATE_FILES.cwd}"`,
    `    ${DUMP_EXPORTS[kind]} > "$__claude_assistant_state/${STATE_FILES.env}"`,
    `    : > "$__claude_assistant_state/${STATE_FILES.saved}"`,
    '    kill "$__claude_assistant_watchdog"',
    '    wait "$__claude_assistant_watchdog"',
    '  } 2>/dev/null',
    '}',
    // Reached when the command calls `exit`; the shell keeps the command's exit status. The
    // `{ set +x; } 2>/dev/null` first hides our own lines from a command that turned on xtrace.
    "trap '{ set +x; } 2>/dev/null; __claude_assistant_finish' EXIT",
    'eval "$__claude_assistant_command"',
    '{ __claude_assistant_status=$?; set +x; } 2>/dev/null',
    'trap - EXIT',
    '__claude_assistant_finish',
    'exit "$__claude_assistant_status"',
  ];
}

/**
 * The script on one line, so that the shell's messages about the command ("line 1: …") do not
 * count our lines before it.
 */
export function wrapperScript(kind: ShellKind): string {
  return scriptLines(kind).filter((line) => line !== '').map((line) => line.trim())
    .reduce((script, line) => script === '' ? line : /(?:\{|then|do|&)$/.test(script) ? `${script} ${line}` : `${script}; ${line}`, '');
}
