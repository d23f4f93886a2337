// Where a workspace's chat history lives: under the extension's global storage, in a folder named
// for the workspace, so that every window on the same workspace shares one history (a second
// window may be given workspace storage of its own). No `vscode` import.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/**
 * @param identity the workspace file's URI, or its folders' URIs one per line; undefined without a workspace.
 * @param legacyRoot where earlier versions kept this workspace's history: copied over once, and left in place.
 */
export function historyRoot(globalStorage: string, identity: string | undefined, legacyRoot?: string): string {
  const name = identity ? createHash('sha256').update(identity).digest('hex').slice(0, 24) : 'no-workspace';
  const root = path.join(globalStorage, 'history', name);
  if (!fs.existsSync(root) && legacyRoot && fs.existsSync(path.join(legacyRoot, 'conversations'))) {
    fs.mkdirSync(path.dirname(root), { recursive: true });
    fs.cpSync(legacyRoot, root, { recursive: true, filter: (source) => !source.endsWith('.tmp') });
  }
  return root;
}
