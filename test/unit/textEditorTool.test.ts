import * as assert from 'assert';
import { isTextEditorVersion, refusesTypedTools, textEditorDefinition, textEditorSpec, toolFormFor, type TextEditorVersion } from '../../src/tools/textEditorTool';
import { readTextEditorInput, MAX_INPUT_STRING } from '../../src/tools/textEditorInput';
import { modelInfo, type TextEditorTool } from '../../src/providers/modelCatalog';

// Every version the model catalogue can name is one this module defines.
const catalogueVersions: TextEditorVersion[] = ['text_editor_20250728', 'text_editor_20250124', 'text_editor_20241022'] satisfies TextEditorTool[];

describe('text editor tool definitions', () => {
  it('sends the typed tool with the name fixed for each version', () => {
    assert.deepStrictEqual(textEditorDefinition('text_editor_20250728', 'anthropic').tool, { type: 'text_editor_20250728', name: 'str_replace_based_edit_tool' });
    assert.deepStrictEqual(textEditorDefinition('text_editor_20250429', 'anthropic').tool, { type: 'text_editor_20250429', name: 'str_replace_based_edit_tool' });
    assert.deepStrictEqual(textEditorDefinition('text_editor_20250124', 'anthropic').tool, { type: 'text_editor_20250124', name: 'str_replace_editor' });
    assert.deepStrictEqual(textEditorDefinition('text_editor_20241022', 'anthropic').tool, { type: 'text_editor_20241022', name: 'str_replace_editor' });
  });

  it('picks the version the catalogue gives each model', () => {
    assert.strictEqual(textEditorSpec(modelInfo('claude-sonnet-4-5').textEditorTool).name, 'str_replace_based_edit_tool');
    assert.strictEqual(textEditorSpec(modelInfo('claude-opus-5').textEditorTool).version, 'text_editor_20250728');
    assert.strictEqual(textEditorSpec(modelInfo('claude-3-7-sonnet-latest').textEditorTool).name, 'str_replace_editor');
    assert.deepStrictEqual(textEditorDefinition(modelInfo('claude-3-5-sonnet-20241022').textEditorTool, 'anthropic').betas, ['computer-use-2024-10-22']);
    for (const version of catalogueVersions) assert.ok(isTextEditorVersion(version));
    assert.ok(!isTextEditorVersion('text_editor_2099'));
  });

  it('has undo_edit only where the version does', () => {
    assert.ok(!textEditorSpec('text_editor_20250728').commands.includes('undo_edit'));
    assert.ok(!textEditorSpec('text_editor_20250429').commands.includes('undo_edit'));
    assert.ok(textEditorSpec('text_editor_20250124').commands.includes('undo_edit'));
    assert.ok(textEditorSpec('text_editor_20241022').commands.includes('undo_edit'));
  });

  it('declares max_characters only on the version that takes it', () => {
    assert.strictEqual(textEditorDefinition('text_editor_20250728', 'anthropic', { maxCharacters: 20000 }).tool.max_characters, 20000);
    assert.strictEqual(textEditorDefinition('text_editor_20250124', 'anthropic', { maxCharacters: 20000 }).tool.max_characters, undefined);
    assert.strictEqual(textEditorDefinition('text_editor_20250728', 'anthropic', { maxCharacters: -3 }).tool.max_characters, undefined);
  });

  it('offers the same tool as plain JSON schema for gateways, with no typed fields and no beta', () => {
    const custom = textEditorDefinition('text_editor_20250728', 'custom', { maxCharacters: 100 });
    assert.deepStrictEqual(Object.keys(custom.tool).sort(), ['description', 'input_schema', 'name']);
    assert.strictEqual(custom.tool.name, 'str_replace_based_edit_tool');
    assert.deepStrictEqual(custom.betas, []);
    const schema = custom.tool.input_schema as { type: string; properties: { command: { enum: string[] } }; required: string[] };
    assert.strictEqual(schema.type, 'object');
    assert.deepStrictEqual(schema.properties.command.enum, ['view', 'create', 'str_replace', 'insert']);
    assert.deepStrictEqual(schema.required, ['command', 'path']);
    const old = textEditorDefinition('text_editor_20241022', 'custom');
    assert.deepStrictEqual(old.betas, []);
    assert.ok((old.tool.input_schema as { properties: { command: { enum: string[] } } }).properties.command.enum.includes('undo_edit'));
  });
});

describe('text editor input from the model', () => {
  const current = textEditorSpec('text_editor_20250728');
  const older = textEditorSpec('text_editor_20250124');
  const read = (input: unknown, spec = current) => readTextEditorInput(input, spec);
  const error = (input: unknown, spec = current): string => {
    const result = read(input, spec);
    assert.ok(!result.ok, `expected a refusal for ${JSON.stringify(input)}`);
    return result.error;
  };

  it('reads each command', () => {
    assert.deepStrictEqual(read({ command: 'view', path: 'a.ts' }), { ok: true, call: { command: 'view', path: 'a.ts', viewRange: undefined } });
    assert.deepStrictEqual(read({ command: 'view', path: 'a.ts', view_range: [3, -1] }), { ok: true, call: { command: 'view', path: 'a.ts', viewRange: { start: 3, end: undefined } } });
    assert.deepStrictEqual(read({ command: 'view', path: 'a.ts', view_range: [3, 3] }), { ok: true, call: { command: 'view', path: 'a.ts', viewRange: { start: 3, end: 3 } } });
    assert.deepStrictEqual(read({ command: 'create', path: 'n.ts', file_text: '' }), { ok: true, call: { command: 'create', path: 'n.ts', fileText: '' } });
    assert.deepStrictEqual(read({ command: 'str_replace', path: 'a', old_str: 'x', new_str: 'y' }), { ok: true, call: { command: 'str_replace', path: 'a', oldStr: 'x', newStr: 'y' } });
    assert.deepStrictEqual(read({ command: 'str_replace', path: 'a', old_str: 'x' }), { ok: true, call: { command: 'str_replace', path: 'a', oldStr: 'x', newStr: '' } });
    assert.deepStrictEqual(read({ command: 'undo_edit', path: 'a' }, older), { ok: true, call: { command: 'undo_edit', path: 'a' } });
  });

  it('accepts insert_text and, for older versions, new_str', () => {
    assert.deepStrictEqual(read({ command: 'insert', path: 'a', insert_line: 0, insert_text: 'x' }), { ok: true, call: { command: 'insert', path: 'a', insertLine: 0, insertText: 'x' } });
    assert.deepStrictEqual(read({ command: 'insert', path: 'a', insert_line: 2, new_str: 'y' }, older), { ok: true, call: { command: 'insert', path: 'a', insertLine: 2, insertText: 'y' } });
  });

  it('takes input sent as JSON text', () => {
    assert.ok(read(JSON.stringify({ command: 'view', path: 'a' })).ok);
    assert.match(error('{not json'), /not a JSON object/);
  });

  it('reads the model\'s CRLF as \\n, the way it sees files', () => {
    const result = read({ command: 'str_replace', path: 'a', old_str: 'a\r\nb', new_str: 'c\r\nd\re' });
    assert.ok(result.ok && result.call.command === 'str_replace');
    assert.strictEqual(result.call.oldStr, 'a\nb');
    assert.strictEqual(result.call.newStr, 'c\nd\ne');
  });

  it('refuses undo_edit on the version without it, and says what to do instead', () => {
    assert.match(error({ command: 'undo_edit', path: 'a' }), /no undo_edit; make another edit/);
  });

  it('refuses malformed input with a message that says how to fix it', () => {
    const cases: Array<[unknown, RegExp]> = [
      [null, /JSON object/],
      [[1, 2], /JSON object/],
      [{ path: 'a' }, /"command" is missing. Use one of: view, create, str_replace, insert/],
      [{ command: 'delete', path: 'a' }, /Unknown command "delete"/],
      [{ command: 'x'.repeat(500), path: 'a' }, /Unknown command "x{40}…"/],
      [{ command: 'view' }, /"path" must be a non-empty string/],
      [{ command: 'view', path: '   ' }, /"path" must be a non-empty string/],
      [{ command: 'view', path: 7 }, /"path"/],
      [{ command: 'view', path: 'a'.repeat(5000) }, /too long/],
      [{ command: 'view', path: 'a', view_range: [0, 4] }, /view_range/],
      [{ command: 'view', path: 'a', view_range: [5, 4] }, /view_range/],
      [{ command: 'view', path: 'a', view_range: [1] }, /view_range/],
      [{ command: 'view', path: 'a', view_range: [1.5, 3] }, /view_range/],
      [{ command: 'view', path: 'a', view_range: ['1', '3'] }, /view_range/],
      [{ command: 'view', path: 'a', view_range: [2, -2] }, /view_range/],
      [{ command: 'create', path: 'a' }, /"file_text" must be a string/],
      [{ command: 'str_replace', path: 'a', old_str: '', new_str: 'x' }, /"old_str" must not be empty/],
      [{ command: 'str_replace', path: 'a', old_str: 'x', new_str: 5 }, /"new_str" must be a string/],
      [{ command: 'insert', path: 'a', insert_line: -1, insert_text: 'x' }, /insert_line/],
      [{ command: 'insert', path: 'a', insert_line: 1.2, insert_text: 'x' }, /insert_line/],
      [{ command: 'insert', path: 'a', insert_line: '3', insert_text: 'x' }, /insert_line/],
      [{ command: 'insert', path: 'a', insert_line: 0 }, /"insert_text" must be a string/],
      [{ command: 'create', path: 'a', file_text: 'x'.repeat(MAX_INPUT_STRING + 1) }, /smaller edits/],
    ];
    for (const [input, pattern] of cases) assert.match(error(input), pattern, JSON.stringify(input)?.slice(0, 80));
  });

  it('ignores fields it does not know rather than failing the call', () => {
    assert.ok(read({ command: 'view', path: 'a', extra: { nested: true } }).ok);
  });
});

describe('tool form behind gateways', () => {
  it('sends the setting, or in auto what the gateway was found to take', () => {
    assert.strictEqual(toolFormFor('anthropic', 'custom'), 'anthropic');
    assert.strictEqual(toolFormFor('custom', undefined), 'custom');
    assert.strictEqual(toolFormFor('auto', undefined), 'anthropic');
    assert.strictEqual(toolFormFor('auto', 'custom'), 'custom');
  });

  it('recognises a 400 that refuses typed tools', () => {
    const refusals = [
      'does not support tool types: text_editor_20250429',
      'tools.0: Input tag \'text_editor_20250728\' found using \'type\' does not match any of the expected tags',
      'tools.0.custom.defer_loading: Extra inputs are not permitted',
      'Invalid value for tools[0].type',
      'unknown tool str_replace_based_edit_tool',
    ];
    for (const message of refusals) assert.ok(refusesTypedTools(400, message), message);
  });

  it('leaves other errors alone', () => {
    assert.ok(!refusesTypedTools(400, 'max_tokens: must be at most 8192'));
    assert.ok(!refusesTypedTools(400, 'messages.1.content: tool_use ids were found without tool_result blocks immediately after'));
    assert.ok(!refusesTypedTools(401, 'invalid x-api-key for tools'));
    assert.ok(!refusesTypedTools(500, 'text_editor_20250728 crashed'));
  });
});
