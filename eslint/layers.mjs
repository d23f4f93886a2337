// The layering of src/, checked by folder. Each folder may import its own layer and those below,
// never one above, types included. A module that imports `vscode` at run time is glue; a module
// that does not is pure, and a pure module imports no glue. Whole folders are pure by rule.
// The rule `one-home` keeps a few things written once: settings are read in config.ts, isRecord
// lives in common/, auth headers are built in api/messagesRequest.ts.
import * as fs from 'fs';
import * as path from 'path';

/** Top to bottom; folders in one entry share a layer. The root files (extension.ts, compose.ts, config.ts, commands.ts) are above all. */
export const LAYERS = [['chat', 'editor', 'review', 'shell'], ['history'], ['webview'], ['conversation'], ['tools'], ['providers'], ['workspace'], ['api'], ['auth'], ['common']];

/** Folders where nothing may import `vscode` at run time. */
// common/ is not among them: vscodeMessages.ts there is the one wrapper of VS Code's notifications.
export const PURE_FOLDERS = ['webview', 'conversation', 'tools', 'workspace', 'api', 'auth'];

const RUNTIME_VSCODE = /^\s*import\s+(?!type\b)[^;]*from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)/m;

function folderOf(srcDir, file) {
  const relative = path.relative(srcDir, file);
  if (relative.startsWith('..')) return undefined;
  const parts = relative.split(path.sep);
  return parts.length === 1 ? '(root)' : parts[0];
}

function rankOf(folder) {
  if (folder === '(root)') return -1;
  const index = LAYERS.findIndex((layer) => layer.includes(folder));
  return index < 0 ? undefined : index;
}

function resolveModule(fromFile, source) {
  const base = path.resolve(path.dirname(fromFile), source);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), base]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

const glueCache = new Map();
function isGlue(file) {
  if (!glueCache.has(file)) glueCache.set(file, RUNTIME_VSCODE.test(fs.readFileSync(file, 'utf8')));
  return glueCache.get(file);
}

/** @type {import('eslint').Rule.RuleModule} */
const foldersRule = {
  meta: {
    type: 'problem',
    messages: {
      unknownFolder: 'src/{{folder}}/ has no place in eslint/layers.mjs: add it to LAYERS.',
      upward: '{{from}} may not import from {{to}}, a layer above it (see eslint/layers.mjs).',
      pureVscode: 'src/{{from}}/ is pure: it may import vscode only as types.',
      pureGlue: 'This module is pure (no run-time vscode import, or a unit test); it may not import {{target}}, which is VS Code glue.',
    },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const srcDir = path.join(context.cwd, 'src');
    // Unit tests run in plain Node: whatever they import from src/ must be pure.
    const unitTest = !path.relative(path.join(context.cwd, 'test', 'unit'), file).startsWith('..');
    const from = unitTest ? 'test/unit' : folderOf(srcDir, file);
    if (from === undefined) return {};
    const fromRank = rankOf(from);
    const source = context.sourceCode.getText();
    const pure = !RUNTIME_VSCODE.test(source);

    function check(node, specifier, typeOnly) {
      if (typeof specifier !== 'string') return;
      if (specifier === 'vscode') {
        if (!typeOnly && PURE_FOLDERS.includes(from)) context.report({ node, messageId: 'pureVscode', data: { from } });
        return;
      }
      if (!specifier.startsWith('.')) return;
      const target = resolveModule(file, specifier);
      if (!target) return;
      if (unitTest) {
        if (!typeOnly && folderOf(srcDir, target) !== undefined && isGlue(target)) context.report({ node, messageId: 'pureGlue', data: { target: specifier } });
        return;
      }
      const to = folderOf(srcDir, target);
      if (to === undefined || to === from) {
        if (to === from && pure && !typeOnly && isGlue(target)) context.report({ node, messageId: 'pureGlue', data: { target: specifier } });
        return;
      }
      const toRank = rankOf(to);
      if (toRank === undefined) return context.report({ node, messageId: 'unknownFolder', data: { folder: to } });
      if (fromRank === undefined) return context.report({ node, messageId: 'unknownFolder', data: { folder: from } });
      if (toRank < fromRank) return context.report({ node, messageId: 'upward', data: { from: from === '(root)' ? 'src/' : `src/${from}/`, to: to === '(root)' ? 'src/ (its root files)' : `src/${to}/` } });
      if (pure && !typeOnly && isGlue(target)) context.report({ node, messageId: 'pureGlue', data: { target: specifier } });
    }

    return {
      ImportDeclaration(node) {
        const typeOnly = node.importKind === 'type' || (node.specifiers.length > 0 && node.specifiers.every((s) => s.importKind === 'type'));
        check(node, node.source.value, typeOnly);
      },
      ExportNamedDeclaration(node) {
        if (node.source) check(node, node.source.value, node.exportKind === 'type');
      },
      ExportAllDeclaration(node) {
        check(node, node.source.value, node.exportKind === 'type');
      },
      ImportExpression(node) {
        if (node.source.type === 'Literal') check(node, node.source.value, false);
      },
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') check(node, node.arguments[0].value, false);
      },
    };
  },
};

/** What is written once, and where: src/-relative path → what only it may do. */
const HOMES = {
  settings: 'config.ts',
  isRecord: path.join('common', 'isRecord.ts'),
  authHeaders: path.join('api', 'messagesRequest.ts'),
};
const AUTH_HEADER = /^(authorization|x-api-key)$/i;

/** @type {import('eslint').Rule.RuleModule} */
const oneHomeRule = {
  meta: {
    type: 'problem',
    messages: {
      settings: 'Settings are read in src/config.ts only; take the value as a parameter.',
      isRecord: 'Import isRecord from src/common/isRecord.ts instead of writing another.',
      authHeaders: 'Auth headers are built in src/api/messagesRequest.ts only (authHeaders, endpointHeaders).',
    },
    schema: [],
  },
  create(context) {
    const relative = path.relative(path.join(context.cwd, 'src'), context.filename);
    if (relative.startsWith('..')) return {};
    const report = (node, home) => {
      if (relative !== HOMES[home]) context.report({ node, messageId: home });
    };
    const headerKey = (node) => {
      const name = node.type === 'Literal' ? node.value : node.type === 'Identifier' ? node.name : undefined;
      return typeof name === 'string' && AUTH_HEADER.test(name);
    };
    return {
      'CallExpression > MemberExpression.callee[property.name="getConfiguration"]': (node) => report(node, 'settings'),
      'FunctionDeclaration[id.name="isRecord"], VariableDeclarator[id.name="isRecord"]': (node) => report(node, 'isRecord'),
      // A header given a value that is not a constant: `{ 'x-api-key': key }`, `headers['authorization'] = …`.
      // (The header styles' names, as keys of constant tables, are not headers.)
      Property(node) {
        if (!node.computed && headerKey(node.key) && node.value.type !== 'Literal') report(node, 'authHeaders');
      },
      AssignmentExpression(node) {
        if (node.left.type === 'MemberExpression' && node.left.computed && headerKey(node.left.property)) report(node, 'authHeaders');
      },
    };
  },
};

export default { rules: { folders: foldersRule, 'one-home': oneHomeRule } };
