// The shell choice (shellChoice.ts) made for this machine: its platform, environment, login shell
// and files. Node only; no vscode.

import * as fs from 'fs';
import * as os from 'os';
import { chooseShell, type ShellChoice } from './shellChoice';

export function chooseLocalShell(): ShellChoice {
  let loginShell: string | undefined;
  try {
    loginShell = os.userInfo().shell ?? undefined;
  } catch {
    // No account entry (some containers): fall back to $SHELL.
  }
  return chooseShell({ platform: process.platform, env: process.env, loginShell, exists: isRunnableFile });
}

function isRunnableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
