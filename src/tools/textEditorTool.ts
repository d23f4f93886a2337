// The text editor tool as each model knows it: the Anthropic-defined type and name per version,
// its commands, its beta header, and the same tool as a plain JSON-schema ("custom") tool for
// gateways that reject Anthropic-defined types. Pure.

/** Every text editor version the Messages API has defined; the model catalogue picks one per model. */
export type TextEditorVersion = 'text_editor_20250728' | 'text_editor_20250429' | 'text_editor_20250124' | 'text_editor_20241022';

export type TextEditorCommandName = 'view' | 'create' | 'str_replace' | 'insert' | 'undo_edit';

/** `anthropic` sends the typed, schema-less tool; `custom` the same name and inputs as a JSON-schema tool. */
export type ToolForm = 'anthropic' | 'custom';

export interface TextEditorSpec {
  version: TextEditorVersion;
  /** Fixed by the API for each version; the model calls the tool by this name. */
  name: 'str_replace_based_edit_tool' | 'str_replace_editor';
  commands: readonly TextEditorCommandName[];
  /** Whether the typed tool takes the optional `max_characters` parameter. */
  takesMaxCharacters: boolean;
  /** The `anthropic-beta` value the typed tool needs, if any. */
  beta: string | undefined;
}

const WITH_UNDO: readonly TextEditorCommandName[] = ['view', 'create', 'str_replace', 'insert', 'undo_edit'];
const WITHOUT_UNDO: readonly TextEditorCommandName[] = ['view', 'create', 'str_replace', 'insert'];

const SPECS: Readonly<Record<TextEditorVersion, TextEditorSpec>> = {
  text_editor_20250728: { version: 'text_editor_20250728', name: 'str_replace_based_edit_tool', commands: WITHOUT_UNDO, takesMaxCharacters: true, beta: undefined },
  text_editor_20250429: { version: 'text_editor_20250429', name: 'str_replace_based_edit_tool', commands: WITHOUT_UNDO, takesMaxCharacters: false, beta: undefined },
  text_editor_20250124: { version: 'text_editor_20250124', name: 'str_replace_editor', commands: WITH_UNDO, takesMaxCharacters: false, beta: undefined },
  text_editor_20241022: { version: 'text_editor_20241022', name: 'str_replace_editor', commands: WITH_UNDO, takesMaxCharacters: false, beta: 'computer-use-2024-10-22' },
};

export function textEditorSpec(version: TextEditorVersion): TextEditorSpec {
  return SPECS[version];
}

export function isTextEditorVersion(value: unknown): value is TextEditorVersion {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(SPECS, value);
}

export interface TextEditorDefinition {
  /** What goes into the request's `tools` array. */
  tool: Record<string, unknown>;
  /** `anthropic-beta` values this definition needs (none for custom tools). */
  betas: string[];
  spec: TextEditorSpec;
}

export interface DefinitionOptions {
  /** Cuts `view` output to this many characters; only the 20250728 typed tool declares it, but the limit applies to every form. */
  maxCharacters?: number;
}

export function textEditorDefinition(version: TextEditorVersion, form: ToolForm, options: DefinitionOptions = {}): TextEditorDefinition {
  const spec = SPECS[version];
  if (form === 'custom') return { tool: customTool(spec), betas: [], spec };
  const tool: Record<string, unknown> = { type: spec.version, name: spec.name };
  const max = options.maxCharacters;
  if (spec.takesMaxCharacters && max !== undefined && Number.isInteger(max) && max > 0) tool.max_characters = max;
  return { tool, betas: spec.beta ? [spec.beta] : [], spec };
}

/**
 * The same tool as a JSON-schema tool. Only `name`, `description` and `input_schema`: gateways that
 * refuse typed tools often refuse unknown fields too. The inputs are the typed tool's, so a model
 * trained on it uses them as it would the real one.
 */
function customTool(spec: TextEditorSpec): Record<string, unknown> {
  const undo = spec.commands.includes('undo_edit');
  const properties: Record<string, unknown> = {
    command: { type: 'string', enum: [...spec.commands], description: 'The operation to perform.' },
    path: { type: 'string', description: 'Path of the file or directory, absolute or relative to the workspace folder.' },
    view_range: {
      type: 'array', items: { type: 'integer' }, minItems: 2, maxItems: 2,
      description: 'For view: [start, end] line numbers, 1-based and inclusive; end -1 reads to the end of the file.',
    },
    old_str: { type: 'string', description: 'For str_replace: the exact text to replace; it must occur exactly once in the file.' },
    new_str: { type: 'string', description: 'For str_replace: the replacement text.' },
    file_text: { type: 'string', description: 'For create: the content of the new file.' },
    insert_line: { type: 'integer', minimum: 0, description: 'For insert: the line after which to insert; 0 inserts at the top.' },
    insert_text: { type: 'string', description: 'For insert: the text to insert.' },
  };
  return {
    name: spec.name,
    description: [
      'View, create and edit text files in the workspace.',
      'view shows a file with line numbers, or lists a directory two levels deep.',
      'create makes a new file and fails if the path exists.',
      'str_replace replaces old_str, which must match exactly once, whitespace included.',
      'insert puts insert_text after line insert_line.',
      undo ? 'undo_edit reverts your last edit to the file.' : '',
      'Every edit is shown to the user, who may change or reject it; the result says what they did.',
    ].filter(Boolean).join(' '),
    input_schema: { type: 'object', properties, required: ['command', 'path'] },
  };
}

/** The profile setting: a fixed form, or `auto` (typed first, custom after a gateway refuses typed tools). */
export type ToolFormSetting = ToolForm | 'auto';

/** The form to send: the setting, or in `auto` what this profile and model were found to take. */
export function toolFormFor(setting: ToolFormSetting, remembered: ToolForm | undefined): ToolForm {
  return setting === 'auto' ? remembered ?? 'anthropic' : setting;
}

/**
 * Whether an error means the gateway refuses Anthropic-defined tool types, so that `auto` retries
 * once with custom tools: a 400 that names a typed tool or the `tools` field. Messages seen in the
 * wild: "does not support tool types: text_editor_20250429", "tools.0: Extra inputs are not permitted".
 */
export function refusesTypedTools(status: number, message: string): boolean {
  if (status !== 400) return false;
  return /\b(?:text_editor|bash|computer)_\d{8}\b|\bstr_replace(?:_based)?_edit(?:or|_tool)\b|\btools\b/i.test(message);
}
