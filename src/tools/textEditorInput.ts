// Reads a text editor call's input, which comes from the model and is untrusted: every field is
// checked for type and range, and a bad call gets an error that tells the model how to fix it. Pure.

import { type TextEditorSpec } from './textEditorTool';
import { isRecord } from '../common/isRecord';

/** A `[start, end]` line range: 1-based, inclusive; `end` undefined means to the end of the file. */
export interface LineRange { start: number; end: number | undefined }

export type TextEditorCommand =
  | { command: 'view'; path: string; viewRange: LineRange | undefined }
  | { command: 'create'; path: string; fileText: string }
  | { command: 'str_replace'; path: string; oldStr: string; newStr: string }
  | { command: 'insert'; path: string; insertLine: number; insertText: string }
  | { command: 'undo_edit'; path: string };

export type InputCheck = { ok: true; call: TextEditorCommand } | { ok: false; error: string };

/** Larger strings are refused before any work; a reply cannot hold more than this anyway. */
export const MAX_INPUT_STRING = 4 * 1024 * 1024;

export function readTextEditorInput(input: unknown, spec: TextEditorSpec): InputCheck {
  if (typeof input === 'string') {
    // Some gateways pass the input through as JSON text.
    try { input = JSON.parse(input) as unknown; } catch { return fail('The input is not a JSON object.'); }
  }
  if (!isRecord(input)) return fail('The input must be a JSON object with "command" and "path".');
  const command = input.command;
  if (typeof command !== 'string' || command === '') {
    return fail(`"command" is missing. Use one of: ${spec.commands.join(', ')}.`);
  }
  if (!(spec.commands as readonly string[]).includes(command)) {
    const hint = command === 'undo_edit' ? ' This version of the tool has no undo_edit; make another edit that restores the text instead.' : '';
    return fail(`Unknown command "${clip(command)}". Use one of: ${spec.commands.join(', ')}.${hint}`);
  }
  const path = input.path;
  if (typeof path !== 'string' || path.trim() === '') return fail('"path" must be a non-empty string.');
  if (path.length > 4096) return fail('"path" is too long.');

  switch (command) {
    case 'view': {
      const range = readViewRange(input.view_range);
      return typeof range === 'string' ? fail(range) : ok({ command, path, viewRange: range });
    }
    case 'create': {
      const fileText = readString(input, 'file_text', { allowEmpty: true });
      return typeof fileText === 'string' ? ok({ command, path, fileText }) : fileText;
    }
    case 'str_replace': {
      const oldStr = readString(input, 'old_str', { allowEmpty: false });
      if (typeof oldStr !== 'string') return oldStr;
      // A missing new_str means deleting old_str, as the API's reference tool does.
      const newStr = input.new_str === undefined || input.new_str === null ? '' : readString(input, 'new_str', { allowEmpty: true });
      if (typeof newStr !== 'string') return newStr;
      return ok({ command, path, oldStr, newStr });
    }
    case 'insert': {
      const line = input.insert_line;
      if (typeof line !== 'number' || !Number.isInteger(line) || line < 0) {
        return fail('"insert_line" must be a whole number, 0 or more: the line after which the text goes (0 is the top of the file).');
      }
      // The model emits insert_text; older documentation said new_str. Accept both.
      const field = input.insert_text !== undefined ? 'insert_text' : 'new_str';
      const insertText = readString(input, field, { allowEmpty: false, name: 'insert_text' });
      return typeof insertText === 'string' ? ok({ command, path, insertLine: line, insertText }) : insertText;
    }
    case 'undo_edit':
      return ok({ command, path });
    default:
      return fail(`Unknown command "${clip(command)}".`);
  }
}

function readViewRange(value: unknown): LineRange | undefined | string {
  if (value === undefined || value === null) return undefined;
  const message = '"view_range" must be two whole numbers [start, end]: start 1 or more, end at least start, or -1 for the end of the file.';
  if (!Array.isArray(value) || value.length !== 2) return message;
  const [start, end] = value as unknown[];
  if (typeof start !== 'number' || typeof end !== 'number' || !Number.isInteger(start) || !Number.isInteger(end)) return message;
  if (start < 1) return message;
  if (end === -1) return { start, end: undefined };
  if (end < start) return message;
  return { start, end };
}

interface StringRule { allowEmpty: boolean; name?: string }

function readString(input: Record<string, unknown>, field: string, rule: StringRule): string | { ok: false; error: string } {
  const name = rule.name ?? field;
  const value = input[field];
  if (typeof value !== 'string') return fail(`"${name}" must be a string.`);
  if (!rule.allowEmpty && value === '') return fail(`"${name}" must not be empty.`);
  if (value.length > MAX_INPUT_STRING) return fail(`"${name}" is larger than ${MAX_INPUT_STRING} characters; split the change into smaller edits.`);
  // The model sees every file with \n line endings; whatever it sends back is read the same way.
  return value.replace(/\r\n?/g, '\n');
}


function ok(call: TextEditorCommand): InputCheck {
  return { ok: true, call };
}

function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

/** Echoes at most 40 characters of model text back into an error. */
function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
