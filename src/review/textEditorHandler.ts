// The text editor tool in VS Code: one handler per request, for the version the model knows. Reads
// come from the live document; edits are planned on it, reviewed in the diff editor (unless
// allow-listed), checked again for changes when the user accepts, and land through
// workspace.applyEdit, unsaved. Every failure is a result the model can act on; nothing throws.
import * as vscode from 'vscode';
import { createTwoFilesPatch } from 'diff';
import { runWithCard, type CardReply, type ToolCallContext, type ToolCallView, type ToolHandler } from '../conversation/toolHandler';
import type { ToolResultBlock, ToolUseBlock } from '../conversation/transcript';
import { type EditPlan, planCreate, planInsert, planStrReplace, settleAccepted } from '../tools/editPlan';
import { encodeFile, NEW_FILE_FORM } from '../tools/fileBytes';
import { viewFile } from '../tools/fileView';
import { type Eol, ModelText } from '../tools/lineEndings';
import type { Access, PathDecision, ResolvedTarget } from '../tools/pathPolicy';
import { SecretRedaction } from '../tools/secretRedaction';
import { currentTextNear } from '../tools/staleness';
import { type TextEditorCommand, readTextEditorInput } from '../tools/textEditorInput';
import type { TextEditorDefinition } from '../tools/textEditorTool';
import { editLanded, rejection, staleEdit, toolError, toolResult, type ToolResultBlock as WireResult } from '../tools/toolResults';
import type { TextEditorWorkspace } from './textEditorWorkspace';
import { fileKind, listDirectory, openDocument } from './workspaceFiles';

/** Longest diff shown on a card; the diff editor shows the rest. */
const CARD_DIFF_LIMIT = 4000;

type Reply = CardReply<WireResult>;

export class TextEditorHandler implements ToolHandler {
  readonly name: string;
  readonly definition: { tool: Record<string, unknown>; betas: string[] };

  constructor(private readonly tool: TextEditorDefinition, private readonly workspace: TextEditorWorkspace) {
    this.name = tool.spec.name;
    this.definition = { tool: tool.tool, betas: tool.betas };
  }

  async run(call: ToolUseBlock, context: ToolCallContext): Promise<ToolResultBlock> {
    const result = await runWithCard({ toolUseId: call.id, status: 'running', title: 'Text editor' }, context, async (update) => {
      // A file may hold one of the user's keys: it stays in the file, but not in what the model or the card gets.
      const redaction = new SecretRedaction(await this.workspace.secrets());
      const redactedUpdate = (change: Partial<ToolCallView>): void => update(change.diff === undefined ? change : { ...change, diff: redaction.redact(change.diff) });
      const reply = await this.dispatch(call, context, redactedUpdate);
      // Stopped meanwhile: whatever did not land is cancelled, not refused or failed.
      const final = context.signal.aborted && reply.status !== 'applied' ? cancelledReply(call.id) : reply;
      return { ...final, result: { ...final.result, content: redaction.redact(final.result.content) } };
    }, (message) => (context.signal.aborted ? cancelledReply(call.id) : failed(toolError(call.id, `The tool failed: ${message}. Nothing was changed.`), 'Failed.')));
    return { type: 'tool_result', toolUseId: result.tool_use_id, content: result.content, ...(result.is_error ? { isError: true } : {}) };
  }

  private async dispatch(call: ToolUseBlock, context: ToolCallContext, update: (change: Partial<ToolCallView>) => void): Promise<Reply> {
    const input = readTextEditorInput(call.input, this.tool.spec);
    if (!input.ok) return failed(toolError(call.id, `Invalid input: ${input.error}`), 'The call was malformed.');
    const command = input.call;
    update({ title: titleOf(command), path: command.path });
    if (context.signal.aborted) return cancelled(call.id);
    const access: Access = command.command === 'view' ? 'read' : 'write';
    const decision = await this.workspace.decide(command.path, access);
    const allowed = await this.approvePath(call.id, decision, access, context);
    if ('result' in allowed) return allowed;
    const { target, review } = allowed;
    update({ title: titleOf(command, target.displayPath), path: target.displayPath });
    switch (command.command) {
      case 'view': return this.view(call.id, command, target);
      case 'create': return this.create(call.id, command.fileText, target, review, context, update);
      case 'str_replace':
      case 'insert':
      case 'undo_edit': return this.edit(call.id, command, target, review, context, update);
    }
  }

  /** The path policy's answer, with the user's for a path it asks about. */
  private async approvePath(id: string, decision: PathDecision, access: Access, context: ToolCallContext): Promise<Reply | { target: ResolvedTarget; review: boolean }> {
    if (decision.decision === 'refuse') {
      const reason = decision.reason === 'tools_unavailable' ? 'tools_unavailable' : decision.reason === 'read_only' ? 'read_only' : 'path_invalid';
      return failed(rejection(id, reason, { message: decision.message }), decision.message);
    }
    if (decision.decision === 'allow') return { target: decision.target, review: false };
    const { target } = decision;
    if (decision.reason === 'outside_workspace' || access === 'read') {
      // One call, one answer, shown with the real path: approval comes only from the user.
      const verb = access === 'read' ? 'read' : 'edit';
      const question = decision.reason === 'outside_workspace'
        ? `Claude wants to ${verb} a file outside the workspace. Allow this once?`
        : `Claude wants to ${verb} ${target.displayPath}. Allow this once?`;
      const allowed = await this.workspace.prompts().allowCall(question, target.realPath, decision.detail);
      if (context.signal.aborted) return cancelled(id);
      if (!allowed) {
        const result = decision.reason === 'outside_workspace'
          ? rejection(id, 'outside_workspace', { path: target.displayPath })
          : toolError(id, `The user did not allow reading ${target.displayPath}. Nothing was read; do not try again without asking them.`);
        return { result, status: 'rejected', summary: 'Not allowed by the user.' };
      }
    }
    // Every edit that was asked about is reviewed; reads the user allowed go ahead.
    return { target, review: access === 'write' };
  }

  private async view(id: string, command: Extract<TextEditorCommand, { command: 'view' }>, target: ResolvedTarget): Promise<Reply> {
    const uri = this.workspace.uriOf(target);
    const kind = await fileKind(uri);
    if (kind === undefined) return failed(rejection(id, 'not_found', { path: target.displayPath }), 'Not found.');
    if (kind === 'directory') {
      const folder = this.workspace.folderUriOf(target);
      if (!folder || target.relativePath === undefined) return failed(rejection(id, 'outside_workspace', { path: target.displayPath }), 'Outside the workspace.');
      const relative = target.relativePath === '.' ? '' : target.relativePath;
      return done(toolResult(id, await listDirectory(folder, relative, target.displayPath, this.workspace.fileSettings(folder).exclude)), 'Listed the directory.');
    }
    const opened = await openDocument(uri);
    if (!opened.ok) return failed(rejection(id, opened.reason, { path: target.displayPath }), 'Could not read the file.');
    const document = opened.document;
    const outcome = viewFile(target.displayPath, new ModelText(document.getText()).lf, command.viewRange, this.workspace.settings().maxViewCharacters);
    if (!outcome.ok) return failed(toolError(id, outcome.message), 'The range is outside the file.');
    this.workspace.seen.recordSeen(target.key, { version: document.version, text: document.getText() });
    const lines = document.lineCount;
    return done(toolResult(id, outcome.text), `Read ${lines} line${lines === 1 ? '' : 's'}.`);
  }

  private async create(id: string, fileText: string, target: ResolvedTarget, review: boolean, context: ToolCallContext, update: (change: Partial<ToolCallView>) => void): Promise<Reply> {
    const uri = this.workspace.uriOf(target);
    if ((await fileKind(uri)) !== undefined) return failed(rejection(id, 'already_exists', { path: target.displayPath }), 'The file exists.');
    const plan = planCreate(fileText, { defaultEol: this.workspace.defaultEol(uri) });
    const accepted = await this.decide(id, plan, target, review, undefined, context, update);
    if ('result' in accepted) return accepted;
    if ((await fileKind(uri)) !== undefined) {
      return failed(toolError(id, `${target.displayPath} was created by someone else while your proposal waited for review, so it was not overwritten. View it, then edit it.`), 'The file appeared meanwhile.');
    }
    const settled = settleAccepted(plan, accepted.text, target.displayPath);
    const edit = new vscode.WorkspaceEdit();
    // A new file holds nothing of the user's: it is written as accepted, in UTF-8 without a BOM.
    edit.createFile(uri, { contents: encodeFile(settled.finalText, NEW_FILE_FORM), overwrite: false });
    if (!(await vscode.workspace.applyEdit(edit, { isRefactoring: false }))) return failed(toolError(id, `${target.displayPath} could not be created. Nothing was changed.`), 'Could not create the file.');
    const document = await vscode.workspace.openTextDocument(uri);
    this.workspace.landed(context.turnId, target, uri, undefined, document, 'edit');
    const lf = new ModelText(settled.finalText).lf;
    return applied(editLanded(id, target.displayPath, lf, { start: 1, end: Math.min(lf.split('\n').length, 20) }, settled.userChanges), settled.userChanges);
  }

  private async edit(
    id: string, command: Extract<TextEditorCommand, { command: 'str_replace' | 'insert' | 'undo_edit' }>, target: ResolvedTarget,
    review: boolean, context: ToolCallContext, update: (change: Partial<ToolCallView>) => void,
  ): Promise<Reply> {
    const uri = this.workspace.uriOf(target);
    const opened = await openDocument(uri);
    if (!opened.ok) return failed(rejection(id, opened.reason, { path: target.displayPath }), 'Could not read the file.');
    const document = opened.document;
    const text = document.getText();
    const options = { defaultEol: eolOf(document) };
    let plan: EditPlan;
    if (command.command === 'undo_edit') {
      const undo = this.workspace.history.planUndo(target.key, text, target.displayPath);
      if (!undo.ok) return failed(toolError(id, undo.message), 'Nothing to undo.');
      plan = undo.plan;
    } else {
      const outcome = command.command === 'str_replace'
        ? planStrReplace(text, command.oldStr, command.newStr, options, target.displayPath)
        : planInsert(text, command.insertLine, command.insertText, options, target.displayPath);
      if (!outcome.ok) return failed(toolError(id, outcome.message), outcome.reason === 'multiple_matches' ? 'Several matches.' : 'No edit made.');
      plan = outcome.plan;
      // The model's picture of the file must be the document as it is now, unsaved changes included.
      const freshness = this.workspace.seen.check(target.key, { version: document.version, text });
      if (freshness.status === 'changed') {
        // It has now been shown the text near the edit: that is its picture from here on.
        this.workspace.seen.recordSeen(target.key, { version: document.version, text });
        return failed(staleEdit(id, target.displayPath, currentTextNear(plan, text), false), 'The file changed since Claude last read it.');
      }
    }
    const accepted = await this.decide(id, plan, target, review, uri, context, update);
    if ('result' in accepted) return accepted;
    const now = document.isClosed ? (await vscode.workspace.openTextDocument(uri)) : document;
    const current = now.getText();
    if (current !== plan.before) {
      this.workspace.seen.recordSeen(target.key, { version: now.version, text: current });
      return failed(staleEdit(id, target.displayPath, currentTextNear(plan, current), review), 'The file changed during review; not applied.');
    }
    const settled = settleAccepted(plan, accepted.text, target.displayPath);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(now.positionAt(settled.edit.start), now.positionAt(settled.edit.end)), settled.edit.text);
    // Not a refactoring: VS Code then leaves the document edited and unsaved, for the user to save.
    if (!(await vscode.workspace.applyEdit(edit, { isRefactoring: false }))) return failed(toolError(id, `The edit to ${target.displayPath} could not be applied. Nothing was changed.`), 'Could not apply.');
    this.workspace.landed(context.turnId, target, uri, plan.before, now, command.command === 'undo_edit' ? 'undo' : 'edit');
    // The card shows what landed: the user's version, when they changed the proposal.
    if (settled.userChanges) update({ diff: cardDiff(target.displayPath, new ModelText(plan.before).lf, new ModelText(accepted.text).lf) });
    return applied(editLanded(id, target.displayPath, new ModelText(now.getText()).lf, plan.lines, settled.userChanges), settled.userChanges);
  }

  /** The user's verdict on a plan: the diff editor's, or the allow-list's. */
  private async decide(
    id: string, plan: EditPlan, target: ResolvedTarget, review: boolean, original: vscode.Uri | undefined,
    context: ToolCallContext, update: (change: Partial<ToolCallView>) => void,
  ): Promise<Reply | { text: string }> {
    const beforeLf = new ModelText(plan.before).lf;
    const diff = cardDiff(target.displayPath, beforeLf, plan.proposalLf);
    if (!review) {
      update({ status: 'accepted', diff, resultSummary: 'Allowed without review by your settings.' });
      return { text: plan.after };
    }
    update({ status: 'proposed', diff });
    const decision = await this.workspace.reviews.review({
      toolUseId: id,
      original: original ?? this.workspace.reviews.emptyOriginal(id, target.displayPath),
      proposalText: plan.after,
      displayPath: target.displayPath,
      title: `${target.displayPath}: Claude's proposed edit (editable) — Accept or Reject`,
      signal: context.signal,
    });
    if (decision.kind === 'cancelled') return cancelled(id);
    if (decision.kind === 'reject') {
      return { result: rejection(id, 'user_rejected', { path: target.displayPath, userReason: decision.reason }), status: 'rejected', summary: decision.reason ? 'Rejected, with a reason.' : 'Rejected.' };
    }
    update({ status: 'accepted' });
    return { text: decision.text };
  }
}

function titleOf(command: TextEditorCommand, path = command.path): string {
  switch (command.command) {
    case 'view': return command.viewRange ? `Read ${path}, lines ${command.viewRange.start}-${command.viewRange.end ?? 'end'}` : `Read ${path}`;
    case 'create': return `Create ${path}`;
    case 'str_replace': return `Edit ${path}`;
    case 'insert': return `Insert into ${path} after line ${command.insertLine}`;
    case 'undo_edit': return `Undo the last edit to ${path}`;
  }
}

function cardDiff(path: string, before: string, after: string): string {
  const full = createTwoFilesPatch(path, path, before, after, undefined, undefined, { context: 2 });
  // The card's title names the file: its Index, ===, --- and +++ lines would only crowd a narrow card.
  const firstHunk = full.indexOf('@@');
  const patch = firstHunk >= 0 ? full.slice(firstHunk) : full;
  return patch.length > CARD_DIFF_LIMIT ? `${patch.slice(0, CARD_DIFF_LIMIT)}\n…` : patch;
}

function eolOf(document: vscode.TextDocument): Eol {
  return document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
}

function cancelledReply(id: string): Reply {
  return { result: rejection(id, 'cancelled'), status: 'cancelled', summary: 'Cancelled.' };
}

function failed(result: WireResult, summary: string): Reply {
  return { result, status: 'failed', summary };
}

function done(result: WireResult, summary: string): Reply {
  return { result, status: 'applied', summary };
}

function cancelled(id: string): Reply {
  return { result: rejection(id, 'cancelled'), status: 'cancelled', summary: 'Cancelled.' };
}

function applied(result: WireResult, userChanges: string | undefined): Reply {
  return { result, status: 'applied', summary: userChanges ? 'Applied, with your changes.' : 'Applied.' };
}
