// Flat config: strict TypeScript everywhere; src/ is layered by folder (eslint/layers.mjs).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import layers from './eslint/layers.mjs';

// VS Code renders `[label](command:…)` in notifications and dialogs as a link that runs the command,
// so a message that is not a constant goes through src/common/vscodeMessages.ts, which neutralises
// its untrusted parts.
const showMessageName = '/^show(Information|Warning|Error)Message$/';
const showMessage = `CallExpression[callee.property.name=${showMessageName}]`;
const constantMessagesOnly = {
  message: 'Only a constant string may go straight to show*Message; use showInformation/showWarning/showError with safeMessage`…` from src/common/vscodeMessages.ts.',
};
// Input boxes render their prompt the same way (and open its links with commands allowed), as do
// notifications that show progress: every part there that is not a constant goes through neutralize().
const notNeutralized = ":not(TemplateElement, CallExpression[callee.name='neutralize'])";
const neutralizedParts = { message: 'Every `${…}` here must be neutralize(…) from src/common/untrustedText.ts: VS Code renders link syntax in it as a command link.' };

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
    files: ['src/**/*.ts', 'test/unit/**/*.ts'],
    plugins: { layers },
    rules: { 'layers/folders': 'error' },
  },
  {
    files: ['src/**/*.ts'],
    rules: { 'layers/one-home': 'error' },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/common/vscodeMessages.ts'],
    rules: {
      'no-restricted-syntax': ['error',
        { selector: `${showMessage}[arguments.0.type!=/^(Literal|TemplateLiteral)$/]`, ...constantMessagesOnly },
        { selector: `${showMessage}[arguments.0.expressions.0]`, ...constantMessagesOnly },
        { selector: `${showMessage} > ObjectExpression > Property[key.name='detail'][value.type!='Literal']`, ...constantMessagesOnly },
        // Options or choices held in a variable could carry a detail that no selector sees.
        { selector: `${showMessage} > .arguments:not(:first-child):not(Literal, TemplateLiteral, ObjectExpression)`, ...constantMessagesOnly },
        { selector: `${showMessage} > ObjectExpression > :not(Property[key.name=/^(modal|detail)$/])`, ...constantMessagesOnly },
        // The functions taken apart from vscode.window, or named by a computed key, escape the checks above.
        { selector: `MemberExpression[computed=true][property.value=${showMessageName}]`, ...constantMessagesOnly },
        { selector: `MemberExpression[property.name=${showMessageName}]:not(CallExpression > MemberExpression.callee)`, ...constantMessagesOnly },
        { selector: `ObjectPattern > Property[key.name=${showMessageName}]`, ...constantMessagesOnly },
        { selector: `CallExpression[callee.property.name='showInputBox'] Property[key.name=/^(prompt|placeHolder)$/] > TemplateLiteral > ${notNeutralized}`, ...neutralizedParts },
        { selector: `CallExpression[callee.property.name='showInputBox'] Property[key.name=/^(prompt|placeHolder)$/][value.type!=/^(Literal|TemplateLiteral|ConditionalExpression)$/]`, ...neutralizedParts },
        { selector: `CallExpression[callee.property.name='withProgress'] > ObjectExpression:has(Property[key.name='location'] > MemberExpression[property.name='Notification']) > Property[key.name='title'] > TemplateLiteral > ${notNeutralized}`, ...neutralizedParts },
      ],
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
