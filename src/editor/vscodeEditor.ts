// Reads what the editor shows into plain data for codeAttachment.ts.
import * as vscode from 'vscode';
import { attachFile, attachSelection, looksBinary, truncateAttachment, type AttachedDiagnostic, type CodeAttachment } from './codeAttachment';

/** How much of the editor an attachment takes; read by config.ts and handed in. */
export interface AttachmentSettings {
  contextLines: number;
  wholeFileLineLimit: number;
  maxFileBytes: number;
}

export interface EditorSettings extends AttachmentSettings {
  /** Above this estimate the user is asked before attaching. */
  attachmentTokenWarning: number;
}

const SEVERITIES: Record<vscode.DiagnosticSeverity, AttachedDiagnostic['severity']> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'information',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

/** One diagnostic per line it starts on, 1-based. */
export function toAttachedDiagnostics(diagnostics: readonly vscode.Diagnostic[]): AttachedDiagnostic[] {
  return diagnostics.map((d) => ({
    line: d.range.start.line + 1,
    severity: SEVERITIES[d.severity],
    message: d.message,
    ...(d.source ? { source: d.source } : {}),
    ...(d.code !== undefined ? { code: String(typeof d.code === 'object' ? d.code.value : d.code) } : {}),
  }));
}

/** How the model should see a document's name: relative path, untitled name, or notebook and cell. */
export function documentPath(document: vscode.TextDocument): string {
  if (document.uri.scheme === 'vscode-notebook-cell') {
    for (const notebook of vscode.workspace.notebookDocuments) {
      const cell = notebook.getCells().find((candidate) => candidate.document === document);
      if (cell) return `${vscode.workspace.asRelativePath(notebook.uri, false)}, cell ${cell.index + 1}`;
    }
  }
  if (document.isUntitled) return document.uri.path;
  return vscode.workspace.asRelativePath(document.uri, false);
}

/** One attachment per selection of the editor (several cursors, several attachments). */
export function attachSelections(editor: vscode.TextEditor, settings: AttachmentSettings, only?: vscode.Range): CodeAttachment[] {
  const document = editor.document;
  const lines = Array.from({ length: document.lineCount }, (_, line) => document.lineAt(line).text);
  // The editor counts the empty line after a final line break; a file's lines do not.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const diagnostics = toAttachedDiagnostics(vscode.languages.getDiagnostics(document.uri));
  const ranges = only ? [only] : [...editor.selections].sort((a, b) => a.start.compareTo(b.start));
  return ranges.map((range) =>
    attachSelection({
      path: documentPath(document),
      languageId: document.languageId,
      lines,
      selection: { startLine: range.start.line, startCharacter: range.start.character, endLine: range.end.line, endCharacter: range.end.character },
      diagnostics,
      contextLines: settings.contextLines,
      wholeFileLineLimit: settings.wholeFileLineLimit,
    }),
  ).map((attachment) => ({ ...attachment, uri: document.uri.toString() }));
}

/** A whole file from disk or an open editor; refuses folders and binary files, and cuts large ones to their first lines. */
export async function attachFileAt(uri: vscode.Uri, settings: AttachmentSettings): Promise<CodeAttachment> {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  const name = vscode.workspace.asRelativePath(uri, false);
  if (!open) {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type & vscode.FileType.Directory) throw new Error(`${name} is a folder; attach files one at a time, or mention it with @folder.`);
    const bytes = await vscode.workspace.fs.readFile(uri);
    if (looksBinary(bytes)) throw new Error(`${name} looks like a binary file; only text files can be attached.`);
    if (stat.size > settings.maxFileBytes) {
      // Not opened as a document: a large file is cut without loading it into an editor model.
      const text = new TextDecoder().decode(bytes);
      return { ...capFile(attachFile(name, languageFor(name), text), settings.maxFileBytes, text), uri: uri.toString() };
    }
  }
  const document = open ?? (await vscode.workspace.openTextDocument(uri));
  const text = document.getText();
  return { ...capFile(attachFile(documentPath(document), document.languageId, text), settings.maxFileBytes, text), uri: uri.toString() };
}

/** Keeps the whole lines that fit the size limit, and says where the file was cut. */
function capFile(attachment: CodeAttachment, maxBytes: number, text: string): CodeAttachment {
  if (Buffer.byteLength(text) <= maxBytes) return attachment;
  let bytes = 0;
  let keep = 0;
  for (const line of attachment.code.split('\n')) {
    bytes += Buffer.byteLength(line) + 1;
    if (bytes > maxBytes) break;
    keep++;
  }
  return truncateAttachment(attachment, Math.max(1, keep));
}

function languageFor(name: string): string {
  const extension = name.split('.').pop() ?? '';
  const known: Record<string, string> = { ts: 'typescript', js: 'javascript', py: 'python', json: 'json', md: 'markdown', log: 'log' };
  return known[extension] ?? 'plaintext';
}
