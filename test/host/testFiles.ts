// Finds compiled test files, without a glob dependency (Node 20 reads folders recursively).
import * as fs from 'fs';
import * as path from 'path';

/** Absolute paths of the files under `dir` whose names end with `suffix`, sorted. */
export function findTestFiles(dir: string, suffix: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith(suffix))
    .map((file) => path.join(dir, file))
    .sort();
}
