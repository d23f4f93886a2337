// Resolves an `@` mention from the composer into context: files, folders, the selection, the
// problems, the git diff, a terminal's output. Each says why when it cannot.
import * as vscode from 'vscode';
import { type CodeAttachment } from './codeAttachment';
import { diffContext, folderContext, problemsContext, terminalContext, type FolderEntry, type ProblemEntry } from './contextText';
import type { DraftItem } from './draftAttachments';
import type { MentionKind } from '../webview/protocol';
import { attachFileAt, attachSelections, documentPath, toAttachedDiagnostics, type AttachmentSettings } from './vscodeEditor';
import { listWorkspaceFiles, pickWorkspaceFiles, pickWorkspaceFolder } from './vscodeWorkspaceFiles';
import type { TerminalOutputs } from './vscodeTerminalOutputs';

export type MentionResult = { ok: true; items: DraftItem[] } | { ok: false; reason: string } | { ok: false; cancelled: true };

export async function resolveMention(kind: MentionKind, terminals: TerminalOutputs, settings: AttachmentSettings): Promise<MentionResult> {
  switch (kind) {
    case 'file': {
      const uris = await pickWorkspaceFiles(false, 'Claude Assistant: @file');
      if (!uris || uris.length === 0) return { ok: false, cancelled: true };
      const items: CodeAttachment[] = [];
      for (const uri of uris) items.push(await attachFileAt(uri, settings));
      return { ok: true, items };
    }
    case 'folder':
      return folderMention(settings.maxFileBytes);
    case 'selection': {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return { ok: false, reason: '@selection: no editor is active; select some code first.' };
      return { ok: true, items: attachSelections(editor, settings) };
    }
    case 'problems': {
      const item = problemsContext(await problemEntries(), settings.maxFileBytes);
      return item ? { ok: true, items: [item] } : { ok: false, reason: '@problems: the workspace has no errors or warnings.' };
    }
    case 'diff':
      return diffMention(settings.maxFileBytes);
    case 'terminal':
      return terminalMention(terminals, settings.maxFileBytes);
  }
}

async function folderMention(budget: number): Promise<MentionResult> {
  const folder = await pickWorkspaceFolder();
  if (!folder) return { ok: false, cancelled: true };
  const files = await listWorkspaceFiles();
  const prefix = folder.path.replace(/\/$/, '') + '/';
  const inside = files.filter((file) => file.scheme === folder.scheme && file.path.startsWith(prefix)).sort((a, b) => a.path.localeCompare(b.path));
  const entries: FolderEntry[] = [];
  const seenFolders = new Set<string>();
  for (const file of inside) {
    const relative = file.path.slice(prefix.length);
    const parts = relative.split('/');
    for (let depth = 1; depth < parts.length; depth++) {
      const sub = `${parts.slice(0, depth).join('/')}/`;
      if (!seenFolders.has(sub)) {
        seenFolders.add(sub);
        entries.push({ path: sub });
      }
    }
    entries.push({ path: relative, text: await smallText(file, 16 * 1024) });
  }
  const root = vscode.workspace.getWorkspaceFolder(folder);
  const isRoot = root?.uri.toString() === folder.toString();
  const relative = isRoot ? '' : vscode.workspace.asRelativePath(folder, false);
  return { ok: true, items: [folderContext(relative, isRoot ? root.name : relative, entries, budget, folder.toString())] };
}

/** A file's text when it is small and not binary; undefined otherwise. */
async function smallText(uri: vscode.Uri, maxBytes: number): Promise<string | undefined> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > maxBytes) return undefined;
    const bytes = await vscode.workspace.fs.readFile(uri);
    if (bytes.subarray(0, 8192).includes(0)) return undefined;
    return new TextDecoder().decode(bytes);
  } catch {
    return undefined;
  }
}

async function problemEntries(): Promise<ProblemEntry[]> {
  const entries: ProblemEntry[] = [];
  for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
    if (!vscode.workspace.getWorkspaceFolder(uri) || diagnostics.length === 0) continue;
    let document: vscode.TextDocument | undefined;
    try {
      document = await vscode.workspace.openTextDocument(uri);
    } catch {
      document = undefined;
    }
    const attached = toAttachedDiagnostics(diagnostics);
    for (const diagnostic of attached) {
      const lineText = document && diagnostic.line <= document.lineCount ? document.lineAt(diagnostic.line - 1).text : '';
      entries.push({ path: document ? documentPath(document) : vscode.workspace.asRelativePath(uri, false), line: diagnostic.line, severity: diagnostic.severity, message: diagnostic.message, source: diagnostic.source, lineText });
    }
  }
  return entries;
}

/** The parts of the built-in Git extension's API used here. */
interface GitRepository {
  rootUri: vscode.Uri;
  diffWithHEAD(): Promise<Array<{ uri: vscode.Uri }>>;
  diffWithHEAD(path: string): Promise<string>;
}
interface GitApi {
  repositories: GitRepository[];
  openRepository?(root: vscode.Uri): Promise<GitRepository | null>;
}

async function diffMention(maxChars: number): Promise<MentionResult> {
  const extension = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi }>('vscode.git');
  if (!extension) return { ok: false, reason: '@diff: the built-in Git extension is not available.' };
  let git: GitApi;
  try {
    git = (extension.isActive ? extension.exports : await extension.activate()).getAPI(1);
  } catch {
    // getAPI throws while Git is turned off (git.enabled) or no git executable was found.
    return { ok: false, reason: '@diff: Git is turned off or not installed (see the git.enabled setting).' };
  }
  let repositories = git.repositories;
  // The Git extension finds repositories a little after it starts, or not at all for one made since.
  if (repositories.length === 0 && git.openRepository) {
    for (const folder of vscode.workspace.workspaceFolders ?? []) await git.openRepository(folder.uri).catch(() => null);
    repositories = git.repositories;
  }
  if (repositories.length === 0) return { ok: false, reason: '@diff: no git repository is open in this workspace.' };
  const items: DraftItem[] = [];
  for (const repository of repositories) {
    const changes = await repository.diffWithHEAD();
    const diffs: string[] = [];
    for (const change of changes) diffs.push(await repository.diffWithHEAD(change.uri.fsPath));
    const folder = vscode.workspace.getWorkspaceFolder(repository.rootUri);
    const name = folder && folder.uri.fsPath === repository.rootUri.fsPath ? folder.name : vscode.workspace.asRelativePath(repository.rootUri, true);
    const item = diffContext(name, diffs.filter(Boolean).join('\n'), maxChars);
    if (item) items.push(item);
  }
  return items.length > 0 ? { ok: true, items } : { ok: false, reason: '@diff: the working tree has no changes against HEAD.' };
}

function terminalMention(terminals: TerminalOutputs, maxChars: number): MentionResult {
  const terminal = vscode.window.activeTerminal;
  if (!terminal) return { ok: false, reason: '@terminal: no terminal is open.' };
  // `selection` is newer than VS Code 1.100; used where the running VS Code has it.
  const selection = (terminal as { selection?: string }).selection;
  if (selection?.trim()) {
    const item = terminalContext(terminal.name, 'selection', selection, maxChars);
    if (item) return { ok: true, items: [item] };
  }
  const last = terminals.lastOutput(terminal);
  if (!last) {
    const reason = terminal.shellIntegration
      ? `@terminal: ${terminal.name} has run no command since the extension started.`
      : `@terminal: ${terminal.name} has no shell integration, so its output cannot be read; select text in it instead.`;
    return { ok: false, reason };
  }
  const item = terminalContext(terminal.name, 'last command', last.output, maxChars, last.command);
  return item ? { ok: true, items: [item] } : { ok: false, reason: `@terminal: nothing could be read from the last command in ${terminal.name}: it printed nothing, or finished before its output reached the extension. Select text in the terminal instead.` };
}
