// Flat config: strict TypeScript everywhere; pure modules may import `vscode` only as types.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const pureFolders = ['src/api/**/*.ts', 'src/chat/**/*.ts', 'src/auth/**/*.ts', 'src/providers/**/*.ts', 'src/history/**/*.ts', 'src/webview/**/*.ts', 'src/tools/**/*.ts'];
const glueFiles = ['src/**/*View*.ts', 'src/**/*Provider*.ts', 'src/**/vscode*.ts', 'src/**/commands.ts', 'src/**/*Commands.ts', 'src/**/*Service.ts', 'src/config.ts', 'src/extension.ts'];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['warn', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      eqeqeq: ['warn', 'always', { null: 'ignore' }],
      curly: ['warn', 'multi-line'],
      'no-throw-literal': 'warn',
    },
  },
  {
    files: pureFolders,
    ignores: glueFiles,
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'Pure modules may import vscode only as types.', allowTypeImports: true }],
      }],
    },
  },
  {
    // The tool core sits below the chat and the page: it may use neither, nor vscode at run time.
    files: ['src/tools/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'Pure modules may import vscode only as types.', allowTypeImports: true }],
        patterns: [{ group: ['**/chat/**', '**/webview/**', '**/chat', '**/webview'], message: 'src/tools may not depend on chat/ or webview/.' }],
      }],
    },
  },
  {
    files: ['src/webview/page/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
