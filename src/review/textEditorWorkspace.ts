// What the text editor's handlers share across calls and turns: the workspace as the path policy
// sees it (every folder, real paths), what the model last saw of each file, the tool's own edit
// history for undo_edit, each turn's changes for "Undo This Turn's Changes", and the reviews.
import * as path from 'path';
import * as vscode from 'vscode';
import { EditHistory } from '../tools/editHistory';
import type { Eol } from '../tools/lineEndings';
import type { KnownSecret } from '../auth/knownSecrets';
import { type Access, type PathDecision, type ResolvedTarget, type WorkspaceContainment, type WorkspaceMode, decidePath, workspaceModeOf } from '../tools/pathPolicy';
import { SeenFiles } from '../tools/staleness';
import { folderContainment } from '../workspace/containment';
import { sensitiveRisk } from '../workspace/sensitivePaths';
import type { ReviewController } from './reviews';
import type { ToolPrompts } from './toolPrompts';
import { type FileSettings, type ToolSettings, editAllowListed } from './toolSettings';
import type { TurnUndo } from './turnUndo';

/** This window's workspace, as the path policy sees it. */
export function currentWorkspaceMode(): WorkspaceMode {
  return workspaceModeOf(vscode.workspace.isTrusted, (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.scheme));
}

export class TextEditorWorkspace {
  readonly seen = new SeenFiles();
  readonly history = new EditHistory();

  constructor(
    readonly reviews: ReviewController,
    readonly turns: TurnUndo,
    readonly settings: () => ToolSettings,
    readonly prompts: () => ToolPrompts,
    readonly fileSettings: (resource: vscode.Uri) => FileSettings,
    /** The user's keys: what the model and the cards get of a file never holds them. */
    readonly secrets: () => Promise<KnownSecret[]>,
  ) {}

  /** Untrusted or virtual: no text editor is offered (a workspace that turns so mid-turn refuses every write). */
  mode(): WorkspaceMode {
    return currentWorkspaceMode();
  }

  decide(rawPath: string, access: Access): Promise<PathDecision> {
    const settings = this.settings();
    return decidePath(rawPath, access, this.mode(), this.containment(), sensitiveRisk, {
      autoApproveReads: settings.autoApproveReads,
      autoApproveEdit: (relativePath) => editAllowListed(settings.autoApproveEdits, relativePath),
    });
  }

  /** The document's address: the path as named inside the workspace, so an open editor on it is the one edited. */
  uriOf(target: ResolvedTarget): vscode.Uri {
    const folder = this.folderUriOf(target);
    if (folder && folder.scheme !== 'file') return folder.with({ path: target.absolute.split(path.sep).join('/') });
    return vscode.Uri.file(target.absolute);
  }

  folderUriOf(target: ResolvedTarget): vscode.Uri | undefined {
    if (!target.folder) return undefined;
    const folders = vscode.workspace.workspaceFolders ?? [];
    const named = folders.find((folder) => folder.name === target.folder?.name);
    return named?.uri;
  }

  /** The ending of a new file's lines: `files.eol`, or the platform's for `auto`. */
  defaultEol(uri: vscode.Uri): Eol {
    const setting = this.fileSettings(uri).eol;
    if (setting === '\r\n' || setting === '\n') return setting;
    return process.platform === 'win32' ? '\r\n' : '\n';
  }

  /** After an edit landed: the model knows the text it asked for, undo_edit and the turn can take it back. */
  landed(turnId: string, target: ResolvedTarget, uri: vscode.Uri, before: string | undefined, document: vscode.TextDocument, kind: 'edit' | 'undo'): void {
    const after = document.getText();
    this.seen.recordSeen(target.key, { version: document.version, text: after });
    if (kind === 'undo') this.history.recordUndone(target.key);
    else this.history.recordLanded(target.key, before ?? '', after);
    this.turns.recordEdit(turnId, target.key, uri, target.displayPath, before, after);
    if (this.settings().saveAfterAccept && !document.isUntitled) void document.save();
  }

  private containment(): WorkspaceContainment {
    const folders = (vscode.workspace.workspaceFolders ?? []).map((folder) => ({ name: folder.name, uri: folder.uri }));
    if (this.mode() === 'virtual') {
      // No links to follow on a virtual file system: paths are what they say.
      const refs = folders.map((folder) => ({ name: folder.name, path: folder.uri.path }));
      return {
        folders: refs, platform: 'posix', caseInsensitive: false,
        resolve: (absolutePath) => Promise.resolve({
          realPath: absolutePath,
          folder: refs.find((folder) => absolutePath === folder.path || absolutePath.startsWith(`${folder.path.replace(/\/$/, '')}/`)),
        }),
      };
    }
    return folderContainment(folders.filter((folder) => folder.uri.scheme === 'file').map((folder) => ({ name: folder.name, path: folder.uri.fsPath })));
  }
}
