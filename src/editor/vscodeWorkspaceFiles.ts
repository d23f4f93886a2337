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

/** Lets the user choose files by fuzzy name; several when `many`. */
export async function pickWorkspaceFiles(many: boolean): Promise<vscode.Uri[] | undefined> {
  const quickPick = vscode.window.createQuickPick<vscode.QuickPickItem & { uri: vscode.Uri }>();
  quickPick.title = 'Claude Assistant: Add File to Chat';
  quickPick.placeholder = 'Type to find a file';
  quickPick.canSelectMany = many;
  quickPick.matchOnDescription = true;
  quickPick.busy = true;
  quickPick.show();
  const cancel = new vscode.CancellationTokenSource();
  void listWorkspaceFiles(cancel.token).then((uris) => {
    quickPick.items = uris
      .map((uri) => ({ uri, label: uri.path.split('/').pop() ?? uri.path, description: vscode.workspace.asRelativePath(uri.with({ path: uri.path.replace(/\/[^/]*$/, '') }), true) }))
      .sort((a, b) => a.label.localeCompare(b.label));
    quickPick.busy = false;
  });
  return new Promise((resolve) => {
    quickPick.onDidAccept(() => {
      resolve((many ? quickPick.selectedItems : quickPick.activeItems).map((item) => item.uri));
      quickPick.hide();
    });
    quickPick.onDidHide(() => {
      cancel.cancel();
      resolve(undefined);
      quickPick.dispose();
    });
  });
}
