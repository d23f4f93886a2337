// The bash tool's runner, as the tool handler uses it: choose the shell, scrub the environment,
// run commands in a ShellSession, and turn each ShellRun into the model's tool_result text.

export { BASH_TOOL_NAME, bashDefinition, bashVersionFor, isBashVersion, readBashInput, type BashDefinition, type BashInput, type BashVersion } from './bashTool';
export { chooseShell, type ShellChoice, type ShellKind } from './shellChoice';
export { chooseLocalShell } from './localShell';
export { scrubEnvironment } from './shellEnv';
export { OUTPUT_LIMIT } from './outputCapture';
export { formatShellResult, shellRunFailed, type ShellRun } from './shellResult';
export { DEFAULT_TIMEOUT_MS, ShellSession, type RunOptions, type ShellSessionOptions } from './shellSession';
