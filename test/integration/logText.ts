// The extension's log as written to its files, for tests that check what a command logged.
import * as fs from 'fs';
import * as path from 'path';
import type { TestApi } from '../../src/extension';

/** Everything logged so far: writes a marker, then waits until the files hold it. */
export async function logText(api: TestApi): Promise<string> {
  const marker = `log flushed ${Date.now()}`;
  api.connection.log.info(marker);
  const deadline = Date.now() + 20_000;
  for (;;) {
    const text = logFiles(api.logUri.fsPath).map((file) => fs.readFileSync(file, 'utf8')).join('\n');
    if (text.includes(marker)) return text;
    if (Date.now() > deadline) throw new Error(`the log never showed "${marker}"`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function logFiles(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  return fs.readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.log'))
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name));
}
