// The `tool_result` blocks the model gets back, and why a call can be refused. Every message says
// what happened and what the model can do next; nothing the user typed is dressed up as the
// model's own, and a user's reason for rejecting is quoted as theirs. Pure.

import { excerpt } from './fileView';

export interface ToolResultBlock {
  type: 'tool_result';
  tool_use_id: string;
  content: string;
  is_error?: true;
}

export type RejectionReason =
  | 'invalid_input'
  | 'user_rejected'
  | 'cancelled'
  | 'stale'
  | 'outside_workspace'
  | 'path_invalid'
  | 'not_found'
  | 'already_exists'
  | 'is_directory'
  | 'binary'
  | 'unknown_encoding'
  | 'too_large'
  | 'read_only'
  | 'tools_unavailable';

export function toolResult(toolUseId: string, content: string): ToolResultBlock {
  return { type: 'tool_result', tool_use_id: toolUseId, content };
}

export function toolError(toolUseId: string, message: string): ToolResultBlock {
  return { type: 'tool_result', tool_use_id: toolUseId, content: message, is_error: true };
}

/** The refusal for a reason; `detail` adds what only the caller knows (a path, a user's words). */
export function rejection(toolUseId: string, reason: RejectionReason, detail: { path?: string; message?: string; userReason?: string } = {}): ToolResultBlock {
  return toolError(toolUseId, rejectionMessage(reason, detail));
}

export function rejectionMessage(reason: RejectionReason, detail: { path?: string; message?: string; userReason?: string }): string {
  const path = detail.path ?? 'the file';
  const extra = detail.message ? ` ${detail.message}` : '';
  switch (reason) {
    case 'invalid_input': return `Invalid input: ${detail.message ?? 'the call could not be read.'}`;
    case 'user_rejected': {
      const why = detail.userReason?.trim();
      return why
        ? `The user rejected this edit to ${path}. Nothing was changed. Their reason, in their words: "${why}"`
        : `The user rejected this edit to ${path}. Nothing was changed. Ask them what they would like instead, or try a different change.`;
    }
    case 'cancelled': return 'Cancelled by the user before it finished. Nothing was changed by this call.';
    case 'stale': return `${path} changed since you last saw it, so this edit was not applied.${extra}`;
    case 'outside_workspace': return `${path} is outside the workspace folders, and the user did not allow it. Nothing was read or changed. Work with files inside the workspace.${extra}`;
    case 'path_invalid': return `The path cannot be used: ${detail.message ?? 'it is not a workspace path.'}`;
    case 'not_found': return `${path} does not exist. Check the path with view on its folder; to make a new file, use create.`;
    case 'already_exists': return `${path} already exists, and create does not overwrite. View it and change it with str_replace or insert.`;
    case 'is_directory': return `${path} is a directory; only view works on directories.`;
    case 'binary': return `${path} is a binary file; the text editor only reads and edits text.`;
    case 'unknown_encoding': return `${path} is not in an encoding this tool can keep unchanged (UTF-8 or UTF-16), so it is not edited.`;
    case 'too_large': return `${path} is too large to work on whole.${extra || ' View a line range instead.'}`;
    case 'read_only': return `${path} cannot be changed here: the workspace only allows reading.`;
    case 'tools_unavailable': return 'Tools are turned off in this workspace (it is not trusted). Answer without them.';
  }
}

/** After an edit landed. Says exactly what the user changed, when they changed the proposal. */
export function editLanded(toolUseId: string, path: string, landedLf: string, lines: { start: number; end: number }, userChanges: string | undefined): ToolResultBlock {
  const snippet = excerpt(landedLf, lines.start, lines.end);
  const head = userChanges
    ? `The user changed your proposal before accepting it, and their version was applied to ${path}. ` +
      `This is what they changed, as a diff from your proposal; keep their changes:\n${userChanges.trimEnd()}\n\n`
    : `The user accepted the edit and it was applied to ${path}. `;
  return toolResult(toolUseId, `${head}Here is the result around the edit, with line numbers:\n${snippet}\n`);
}

/** A refusal because the text moved: it shows where things stand now, so the model can retry. */
export function staleEdit(toolUseId: string, path: string, currentNear: string, whileInReview: boolean): ToolResultBlock {
  const when = whileInReview ? 'while your edit was waiting for review' : 'since you last viewed it';
  return toolError(toolUseId,
    `${path} changed ${when} (the user may have edited it; unsaved changes count), so this edit was not applied. ` +
    `Here is the current text near the edit:\n${currentNear}\nView the file if you need more, then make the edit again against this text.`);
}
