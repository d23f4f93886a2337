// The bash tool as each model knows it: the Anthropic-defined type per version, its beta header,
// and the same tool as a plain JSON-schema ("custom") tool for gateways that reject typed tools,
// as src/tools/textEditorTool.ts does for the text editor. Also reads the model's input. Pure.

import type { TextEditorVersion, ToolForm } from '../textEditorTool';

export type BashVersion = 'bash_20250124' | 'bash_20241022';

/** The model calls the tool by this name in every version and form. */
export const BASH_TOOL_NAME = 'bash';

const BETAS: Readonly<Record<BashVersion, string | undefined>> = {
  bash_20250124: undefined,
  bash_20241022: 'computer-use-2024-10-22',
};

/** Longest command accepted from the model; anything longer is surely not a command to show a user. */
export const MAX_COMMAND_LENGTH = 100_000;

export interface BashDefinition {
  /** What goes into the request's `tools` array. */
  tool: Record<string, unknown>;
  /** `anthropic-beta` values this definition needs (none for custom tools). */
  betas: string[];
  version: BashVersion;
}

/**
 * The bash version that goes with a model's text editor: the October 2024 Sonnet 3.5 knows only
 * the 20241022 pair (behind its beta); every later model takes bash_20250124.
 */
export function bashVersionFor(textEditor: TextEditorVersion): BashVersion {
  return textEditor === 'text_editor_20241022' ? 'bash_20241022' : 'bash_20250124';
}

export function isBashVersion(value: unknown): value is BashVersion {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(BETAS, value);
}

export function bashDefinition(version: BashVersion, form: ToolForm): BashDefinition {
  if (form === 'custom') return { tool: customTool(), betas: [], version };
  const beta = BETAS[version];
  return { tool: { type: version, name: BASH_TOOL_NAME }, betas: beta ? [beta] : [], version };
}

/**
 * The same tool as a JSON-schema tool, with the typed tool's inputs. Only `name`, `description`
 * and `input_schema`: gateways that refuse typed tools often refuse unknown fields too. The
 * description tells the model what differs from a terminal, so it does not wait on a prompt.
 */
function customTool(): Record<string, unknown> {
  return {
    name: BASH_TOOL_NAME,
    description: [
      'Run a command in a bash shell in the workspace. The user sees each command and may change or refuse it.',
      'The working directory and exported variables persist between calls; plain shell variables, functions and aliases do not, so export what you need later.',
      'stdin is closed: a command that reads input gets end-of-file, so pass input with flags, files or pipes.',
      'Long output is cut in the middle. Commands time out, and background processes still running when a command ends are stopped.',
      'restart: true starts a fresh shell in the workspace folder.',
    ].join(' '),
    input_schema: {
      type: 'object',
      properties: {
        command: { type: 'string', description: 'The command to run. Required unless restart is true.' },
        restart: { type: 'boolean', description: 'Set to true to restart the shell.' },
      },
    },
  };
}

export type BashInput =
  | { ok: true; restart: true; command?: undefined }
  | { ok: true; restart: false; command: string }
  | { ok: false; error: string };

/** Reads the model's input, which is untrusted: exactly one of a command or `restart: true`. */
export function readBashInput(input: unknown): BashInput {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, error: 'the input must be an object with a "command" string, or "restart": true.' };
  const { command, restart } = input as Record<string, unknown>;
  if (restart !== undefined && typeof restart !== 'boolean') return { ok: false, error: '"restart" must be true or left out.' };
  if (restart === true) {
    if (command !== undefined && command !== '') return { ok: false, error: 'send either "restart": true or a "command", not both; restart first, then run the command in a second call.' };
    return { ok: true, restart: true };
  }
  if (typeof command !== 'string') return { ok: false, error: '"command" must be a string (or send "restart": true).' };
  if (command.trim() === '') return { ok: false, error: '"command" is empty.' };
  if (command.length > MAX_COMMAND_LENGTH) return { ok: false, error: `"command" is longer than ${MAX_COMMAND_LENGTH} characters; write a script file with the text editor and run that.` };
  if (command.includes('\0')) return { ok: false, error: '"command" contains a NUL character.' };
  return { ok: true, restart: false, command };
}
