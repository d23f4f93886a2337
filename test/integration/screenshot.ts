// A screenshot of the whole workbench, taken by the runner outside the extension host (see
// test/host/runIntegration.ts). Resolves once the picture is on disk; under a runner that takes
// none (test:desktop), at once.
import * as fs from 'fs';
import * as path from 'path';

export async function workbenchScreenshot(name: string): Promise<void> {
  const dir = process.env.CLAUDE_ASSISTANT_SCREENSHOT_REQUESTS;
  if (!dir) return;
  fs.writeFileSync(path.join(dir, `${name}.request`), '');
  for (let i = 0; i < 300; i++) {
    if (fs.existsSync(path.join(dir, `${name}.done`))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the runner took no screenshot ${name}`);
}
