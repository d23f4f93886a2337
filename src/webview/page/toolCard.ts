// A tool call's card: what the call wants (path, range or a short diff, or the exact command), its
// status and its result; for an edit waiting for review, Open Diff, Accept and Reject; for a command
// waiting for confirmation, Run, Edit and Reject. Every string is the model's or a handler's,
// untrusted: it goes in as text, never as markup.
import type { ToolCallView, ToolResultBlock, ToolUseBlock, TurnStatus } from '../protocol';
import { button, codicon } from './dom';

const STATUS_LABELS: Record<string, string> = {
  proposed: 'Waiting for your review',
  running: 'Running',
  accepted: 'Accepted',
  rejected: 'Rejected',
  applied: 'Applied',
  failed: 'Failed',
  cancelled: 'Cancelled',
  done: 'Done',
  pending: 'Not run',
};
/** Where a command's card says something else than an edit's. */
const COMMAND_LABELS: Record<string, string> = {
  proposed: 'Waiting for your confirmation',
  applied: 'Ran',
  accepted: 'Running',
  rejected: 'Not run',
};
const STATUS_ICONS: Record<string, string> = {
  proposed: 'diff', running: 'loading', accepted: 'check', rejected: 'close', applied: 'check',
  failed: 'error', cancelled: 'circle-slash', done: 'check', pending: 'circle-large-outline',
};
const MAX_DIFF_LINES = 40;
const MAX_RESULT_CHARS = 4000;

export interface CardData {
  call: ToolUseBlock;
  view: ToolCallView | undefined;
  result: ToolResultBlock | undefined;
  turnStatus: TurnStatus;
}

/** The status shown: the handler's, unless a result has settled it since. */
export function cardStatus({ view, result, turnStatus }: CardData): string {
  const settled = result ? (result.isError ? 'failed' : 'done') : undefined;
  if (view && !(settled && (view.status === 'running' || view.status === 'proposed'))) return view.status;
  if (settled) return settled;
  if (turnStatus === 'streaming') return 'running';
  return turnStatus === 'stopped' ? 'cancelled' : 'pending';
}

export function toolCard(data: CardData): HTMLElement {
  const { call, view, result } = data;
  const status = cardStatus(data);
  const title = view?.title || describeCall(call);
  const isCommand = view?.command !== undefined;
  const label = (isCommand ? COMMAND_LABELS[status] : undefined) ?? STATUS_LABELS[status] ?? status;
  const card = document.createElement('section');
  card.className = `tool-card status-${status}`;
  card.dataset.toolUseId = call.id;
  card.setAttribute('aria-label', `Tool call: ${title}. ${label}.`);

  const head = document.createElement('div');
  head.className = 'tool-card-head';
  const name = document.createElement('span');
  name.className = 'tool-card-title';
  name.textContent = title;
  const badge = document.createElement('span');
  badge.className = 'tool-card-status';
  badge.append(codicon(isCommand && status === 'proposed' ? 'terminal' : STATUS_ICONS[status] ?? 'tools'), ` ${label}`);
  head.append(codicon(isCommand ? 'terminal' : 'tools'), name, badge);
  card.append(head);

  if (view?.command !== undefined) {
    const command = preformatted(view.command, 'tool-command');
    command.setAttribute('aria-label', 'Command');
    card.append(command);
  }
  if (view?.diff) card.append(diffView(view.diff));
  if (view?.output) card.append(preformatted(view.output, 'tool-output'));
  if (view?.resultSummary) {
    const summary = document.createElement('p');
    summary.className = 'tool-card-summary';
    summary.textContent = view.resultSummary;
    card.append(summary);
  }
  if (status === 'proposed' && view?.diff !== undefined) card.append(reviewButtons(call.id, view.path ?? title));
  if (status === 'proposed' && view?.command !== undefined) card.append(commandButtons(call.id));
  if (result) {
    const details = document.createElement('details');
    details.className = 'tool-result';
    const summary = document.createElement('summary');
    summary.textContent = result.isError ? 'Result (error)' : 'Result';
    const content = result.content.length > MAX_RESULT_CHARS ? `${result.content.slice(0, MAX_RESULT_CHARS)}\n…` : result.content;
    details.append(summary, preformatted(content, 'tool-result-text', summary.textContent));
    card.append(details);
  }
  return card;
}

/** One line from the call's own input, until its handler describes it: "view src/a.ts, lines 1-20". */
export function describeCall(call: ToolUseBlock): string {
  const input = (typeof call.input === 'object' && call.input !== null ? call.input : {}) as Record<string, unknown>;
  const command = typeof input.command === 'string' ? input.command : call.name;
  const path = typeof input.path === 'string' ? ` ${input.path}` : '';
  const range = Array.isArray(input.view_range) && input.view_range.length === 2 ? `, lines ${String(input.view_range[0])}-${String(input.view_range[1])}` : '';
  const line = typeof input.insert_line === 'number' ? `, after line ${input.insert_line}` : '';
  return `${command}${path}${range}${line}`.slice(0, 300);
}

function actionButton(toolUseId: string, action: string, label: string, className: string, accessibleName: string): HTMLButtonElement {
  const b = button(label, className);
  b.dataset.toolAction = action;
  b.dataset.toolUseId = toolUseId;
  b.setAttribute('aria-label', accessibleName);
  return b;
}

function reviewButtons(toolUseId: string, what: string): HTMLElement {
  const row = document.createElement('div');
  row.className = 'actions tool-card-actions';
  const make = (action: string, label: string, className: string): HTMLButtonElement => actionButton(toolUseId, action, label, className, `${label}: ${what}`);
  row.append(make('openDiff', 'Open Diff', 'secondary'), make('accept', 'Accept', 'primary'), make('reject', 'Reject', 'secondary'));
  return row;
}

function commandButtons(toolUseId: string): HTMLElement {
  const row = document.createElement('div');
  row.className = 'actions tool-card-actions';
  row.append(
    actionButton(toolUseId, 'runCommand', 'Run', 'primary', 'Run the command'),
    actionButton(toolUseId, 'editCommand', 'Edit', 'secondary', 'Edit the command before it runs'),
    actionButton(toolUseId, 'rejectCommand', 'Reject', 'secondary', 'Reject the command'),
  );
  return row;
}

/**
 * Edit on a waiting command's card: the command becomes a text box, with Run Edited and Cancel in
 * place of the buttons. Ctrl+Enter (Cmd+Enter) runs, Escape cancels. Nothing leaves the page until
 * Run Edited; the host then runs exactly the text in the box.
 */
export function startCommandEdit(card: HTMLElement): void {
  const shown = card.querySelector<HTMLElement>('.tool-command');
  const actions = card.querySelector<HTMLElement>('.tool-card-actions');
  const toolUseId = card.dataset.toolUseId;
  if (!shown || !actions || !toolUseId || card.querySelector('.tool-command-edit')) return;
  const form = document.createElement('div');
  form.className = 'tool-command-edit';
  const box = document.createElement('textarea');
  box.className = 'tool-command-input';
  box.value = shown.textContent ?? '';
  box.rows = Math.min(12, Math.max(2, box.value.split('\n').length + 1));
  box.spellcheck = false;
  box.setAttribute('aria-label', 'Command to run (your edit)');
  const row = document.createElement('div');
  row.className = 'actions tool-card-actions';
  row.append(
    actionButton(toolUseId, 'runEdited', 'Run Edited', 'primary', 'Run the command as edited'),
    actionButton(toolUseId, 'cancelEdit', 'Cancel', 'secondary', 'Cancel the edit'),
  );
  form.append(box, row);
  shown.hidden = true;
  actions.hidden = true;
  shown.after(form);
  box.focus();
}

/** The edit box's text, or undefined when the card is not being edited. */
export function editedCommand(card: HTMLElement): string | undefined {
  return card.querySelector<HTMLTextAreaElement>('.tool-command-input')?.value;
}

export function cancelCommandEdit(card: HTMLElement): void {
  card.querySelector('.tool-command-edit')?.remove();
  for (const hidden of Array.from(card.querySelectorAll<HTMLElement>('.tool-command, .tool-card-actions'))) hidden.hidden = false;
  card.querySelector<HTMLElement>('[data-tool-action="editCommand"]')?.focus();
}

function diffView(diff: string): HTMLElement {
  const pre = document.createElement('pre');
  pre.className = 'tool-diff';
  pre.setAttribute('aria-label', 'Proposed change');
  // A long diff scrolls inside the card: the keyboard can reach and scroll it.
  pre.tabIndex = 0;
  const lines = diff.split('\n');
  for (const line of lines.slice(0, MAX_DIFF_LINES)) {
    const span = document.createElement('span');
    span.className = line.startsWith('+') && !line.startsWith('+++') ? 'added' : line.startsWith('-') && !line.startsWith('---') ? 'removed' : line.startsWith('@@') ? 'hunk' : '';
    span.textContent = `${line}\n`;
    pre.append(span);
  }
  if (lines.length > MAX_DIFF_LINES) pre.append(`… ${lines.length - MAX_DIFF_LINES} more lines (Open Diff shows all)\n`);
  return pre;
}

function preformatted(text: string, className: string, label?: string): HTMLElement {
  const pre = document.createElement('pre');
  pre.className = className;
  pre.textContent = text;
  if (label) {
    // A long result scrolls inside the card: the keyboard can reach and scroll it.
    pre.tabIndex = 0;
    pre.setAttribute('aria-label', label);
  }
  return pre;
}
