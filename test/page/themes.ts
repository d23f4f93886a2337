// The theme variables VS Code gives the chat view, recorded from the real workbench by
// test/e2e/themes.e2e.ts, so that page tests see the page as it looks in VS Code: its variables on
// the root element, its body classes, and its default webview stylesheet.
import * as fs from 'fs';
import * as path from 'path';

export interface RecordedTheme {
  name: string;
  bodyClass: string;
  kind: string;
  variables: Record<string, string>;
  defaultStyles: string;
}

export const themes = [
  { id: 'dark', name: 'Default Dark Modern', bodyClass: 'vscode-dark' },
  { id: 'light', name: 'Default Light Modern', bodyClass: 'vscode-light' },
  { id: 'high-contrast', name: 'Default High Contrast', bodyClass: 'vscode-high-contrast' },
] as const;

export type ThemeId = (typeof themes)[number]['id'];

const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const themeDir = path.join(repoRoot, 'test', 'page', 'themes');

export function readTheme(id: ThemeId): RecordedTheme {
  return JSON.parse(fs.readFileSync(path.join(themeDir, `${id}.json`), 'utf8')) as RecordedTheme;
}

/** The --vscode-* variables the page's stylesheet uses: the ones worth recording. */
export function recordedVariableNames(): Set<string> {
  const css = fs.readFileSync(path.join(repoRoot, 'src', 'webview', 'page', 'style.css'), 'utf8');
  return new Set([...css.matchAll(/--vscode-[\w-]+/g)].map((match) => match[0]));
}
