// A fuzzy pick of workspace files that honours files.exclude and each folder's .gitignore.
import ignore from 'ignore';
import * as vscode from 'vscode';

const MAX_FILES = 20_000;

/** Workspace files, minus files.exclude (findFiles applies it) and what .gitignore ignores. */
export async function listWorkspaceFiles(token?: vscode.CancellationToken): Promise<vscode.Uri[]> {
  const files = await vscode.workspace.findFiles('**/*', undefined, MAX_FILES, token);
  const filters = new Map<string, (relative: string) => boolean>();
  for (const folder of vscode.workspace.workspaceFolders ?? []) filters.set(folder.uri.toString(), await gitignoreFilter(folder.uri));
  return files.filter((file) => {
    const folder = vscode.workspace.getWorkspaceFolder(file);
    if (!folder) return true;
    const relative = file.path.slice(folder.uri.path.replace(/\/$/, '').length + 1);
    return !filters.get(folder.uri.toString())?.(relative);
  });
}

async function gitignoreFilter(folder: vscode.Uri): Promise<(relative: string) => boolean> {
  const rules = ignore().add('.git/');
  try {
    rules.add(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, '.gitignore'))));
  } catch {
    // No .gitignore: only files.exclude applies.
  }
  return (relative) => relative !== '' && rules.ignores(relative);
}

/** Whether a file is one the pickers offer: inside the workspace, not excluded, not ignored. */
export async function isOfferedFile(uri: vscode.Uri): Promise<boolean> {
  if (!vscode.workspace.getWorkspaceFolder(uri)) return false;
  return (await listWorkspaceFiles()).some((file) => file.toString() === uri.toString());
}

const recent: string[] = [];

/** Remembers the files the user opens, most recent first, so the pickers can offer them first. */
export function trackRecentFiles(): vscode.Disposable {
  const note = (editor: vscode.TextEditor | undefined): void => {
    if (!editor || editor.document.uri.scheme !== 'file') return;
    const key = editor.document.uri.toString();
    const index = recent.indexOf(key);
    if (index >= 0) recent.splice(index, 1);
    recent.unshift(key);
    recent.splice(50);
  };
  note(vscode.window.activeTextEditor);
  return vscode.window.onDidChangeActiveTextEditor(note);
}

/** Lets the user choose a folder of the workspace by fuzzy name. */
export async function pickWorkspaceFolder(): Promise<vscode.Uri | undefined> {
  const folders = new Map<string, vscode.Uri>();
  for (const root of vscode.workspace.workspaceFolders ?? []) folders.set(root.uri.toString(), root.uri);
  for (const file of await listWorkspaceFiles()) {
    let folder = file.with({ path: file.path.replace(/\/[^/]*$/, '') });
    while (vscode.workspace.getWorkspaceFolder(folder) && !folders.has(folder.toString())) {
      folders.set(folder.toString(), folder);
      folder = folder.with({ path: folder.path.replace(/\/[^/]*$/, '') });
    }
  }
  const picked = await vscode.window.showQuickPick(
    [...folders.values()].map((uri) => ({ uri, label: `${vscode.workspace.asRelativePath(uri, true)}/` })).sort((a, b) => a.label.localeCompare(b.label)),
    { title: 'Claude Assistant: @folder', placeHolder: 'Type to find a folder' },
  );
  return picked?.uri;
}

/** Lets the user choose files by fuzzy name; several when `many`. Recently opened files come first. */
export async function pickWorkspaceFiles(many: boolean, title = 'Claude Assistant: Add File to Chat'): Promise<vscode.Uri[] | undefined> {
  const quickPick = vscode.window.createQuickPick<vscode.QuickPickItem & { uri: vscode.Uri }>();
  quickPick.title = title;
  quickPick.placeholder = 'Type to find a file';
  quickPick.canSelectMany = many;
  quickPick.matchOnDescription = true;
  quickPick.busy = true;
  quickPick.show();
  const cancel = new vscode.CancellationTokenSource();
  void listWorkspaceFiles(cancel.token).then((uris) => {
    const rank = (uri: vscode.Uri): number => {
      const index = recent.indexOf(uri.toString());
      return index < 0 ? recent.length : index;
    };
    quickPick.items = uris
      .map((uri) => ({ uri, label: uri.path.split('/').pop() ?? uri.path, description: folderOf(vscode.workspace.asRelativePath(uri, true)) }))
      .sort((a, b) => rank(a.uri) - rank(b.uri) || a.label.localeCompare(b.label))
      .map((item) => (rank(item.uri) < recent.length ? { ...item, detail: 'recently opened' } : item));
    quickPick.busy = false;
  });
  return new Promise((resolve) => {
    quickPick.onDidAccept(() => {
      const chosen = (many && quickPick.selectedItems.length > 0 ? quickPick.selectedItems : quickPick.activeItems).map((item) => item.uri);
      // Enter before the list has loaded picks nothing; the picker stays open.
      if (chosen.length === 0) return;
      resolve(chosen);
      quickPick.hide();
    });
    quickPick.onDidHide(() => {
      cancel.cancel();
      resolve(undefined);
      quickPick.dispose();
    });
  });
}

/** "src" for "src/a.ts"; nothing for a file at the top of the workspace. */
function folderOf(relative: string): string {
  const slash = relative.lastIndexOf('/');
  return slash < 0 ? '' : relative.slice(0, slash);
}
