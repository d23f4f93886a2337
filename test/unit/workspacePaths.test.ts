// The workspace path rules: which named paths pass, containment on real paths (real symbolic links
// in a temporary folder), and the list of sensitive files.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { decidePath } from '../../src/tools/pathPolicy';
import { folderContainment, isWithin, locateInWorkspace, resolveRealPath } from '../../src/workspace/containment';
import { checkRelativePath } from '../../src/workspace/relativePath';
import { sensitiveFile, sensitiveRisk } from '../../src/workspace/sensitivePaths';

describe('checkRelativePath', () => {
  it('takes plain relative paths and normalises . and empty parts', () => {
    assert.deepStrictEqual(checkRelativePath('src/a.ts'), { ok: true, path: 'src/a.ts', segments: ['src', 'a.ts'] });
    assert.deepStrictEqual(checkRelativePath('./src//a.ts'), { ok: true, path: 'src/a.ts', segments: ['src', 'a.ts'] });
    assert.strictEqual(checkRelativePath('.env.local').ok, true);
    assert.strictEqual(checkRelativePath('my file (1).txt').ok, true);
  });

  it('refuses hostile paths, saying why', () => {
    const hostile: Array<[string, RegExp]> = [
      ['', /empty/],
      ['../outside.txt', /\.\./],
      ['src/../../outside.txt', /\.\./],
      ['a\\..\\..\\Windows\\x.bat', /backslash/],
      ['..\\x', /backslash/],
      ['\\\\host\\share\\x', /backslash/],
      ['//host/share/x', /another machine/],
      ['/etc/passwd', /absolute/],
      ['C:/Windows/x.bat', /colon/],
      ['c:x.bat', /colon/],
      ['notes.txt:hidden', /colon/],
      ['file:///etc/passwd', /colon/],
      ['[a](command:workbench.action.terminal.sendSequence)', /colon/],
      ['a\u0000.txt', /control/],
      ['a\nb.txt', /control/],
      ['~/.bashrc', /home/],
      ['.git./config', /dot or a space/],
      ['src /a.ts', /dot or a space/],
      ['.', /no file/],
      ['x'.repeat(2000), /too long/],
    ];
    for (const [raw, reason] of hostile) {
      const checked = checkRelativePath(raw);
      assert.strictEqual(checked.ok, false, JSON.stringify(raw));
      if (!checked.ok) assert.match(checked.reason, reason, JSON.stringify(raw));
    }
  });
});

describe('workspace containment on real paths', () => {
  let root: string;
  let workspace: string;
  let outside: string;

  before(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'containment-')));
    workspace = path.join(root, 'workspace');
    outside = path.join(root, 'outside');
    fs.mkdirSync(path.join(workspace, 'src'), { recursive: true });
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(workspace, 'src', 'a.ts'), 'a');
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'secret');
    fs.symlinkSync(outside, path.join(workspace, 'notes'));
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(workspace, 'config.txt'));
    fs.symlinkSync(path.join(outside, 'not-yet.txt'), path.join(workspace, 'dangling.txt'));
    fs.symlinkSync('src', path.join(workspace, 'source'));
    fs.symlinkSync('loop-b', path.join(workspace, 'loop-a'));
    fs.symlinkSync('loop-a', path.join(workspace, 'loop-b'));
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('resolves links on the way, including dangling ones and beyond the part that exists', () => {
    assert.strictEqual(resolveRealPath(path.join(workspace, 'notes', 'new', 'x.txt')), path.join(outside, 'new', 'x.txt'));
    assert.strictEqual(resolveRealPath(path.join(workspace, 'config.txt')), path.join(outside, 'secret.txt'));
    assert.strictEqual(resolveRealPath(path.join(workspace, 'dangling.txt')), path.join(outside, 'not-yet.txt'));
    assert.strictEqual(resolveRealPath(path.join(workspace, 'source', 'b.ts')), path.join(workspace, 'src', 'b.ts'));
    assert.throws(() => resolveRealPath(path.join(workspace, 'loop-a')), /too many symbolic links/);
  });

  it('finds files inside and refuses links that lead out', () => {
    const inside = locateInWorkspace('src/a.ts', [workspace]);
    assert.deepStrictEqual(inside, { named: path.join(workspace, 'src/a.ts'), real: path.join(workspace, 'src/a.ts'), folder: workspace, exists: true });
    assert.strictEqual(locateInWorkspace(path.join(workspace, 'src/a.ts'), [workspace])?.exists, true);
    assert.strictEqual(locateInWorkspace('source/new.ts', [workspace])?.real, path.join(workspace, 'src', 'new.ts'));
    for (const escape of ['notes/x.txt', 'notes/new/dir/x.txt', 'config.txt', 'dangling.txt', 'loop-a', '../outside/secret.txt', path.join(outside, 'secret.txt')]) {
      assert.strictEqual(locateInWorkspace(escape, [workspace]), undefined, escape);
    }
  });

  it('takes a link from one workspace folder into another', () => {
    assert.strictEqual(locateInWorkspace('notes/secret.txt', [workspace, outside])?.folder, outside);
  });

  it('tries every folder and returns the first that the caller accepts', () => {
    const exists = (location: { exists: boolean }) => location.exists;
    assert.strictEqual(locateInWorkspace('secret.txt', [workspace, outside], exists)?.real, path.join(outside, 'secret.txt'));
    assert.strictEqual(locateInWorkspace('missing.txt', [workspace, outside], exists), undefined);
    assert.strictEqual(locateInWorkspace('missing.txt', [workspace, outside])?.folder, workspace);
  });

  it("is what the text editor tool's path policy resolves with", async () => {
    const containment = folderContainment([{ name: 'workspace', path: workspace }]);
    const rules = { autoApproveReads: true, autoApproveEdit: () => true };
    const decide = (raw: string) => decidePath(raw, 'write', 'trusted', containment, sensitiveRisk, rules);
    const out = await decide('notes/x.txt');
    assert.deepStrictEqual([out.decision, 'reason' in out && out.reason], ['ask', 'outside_workspace']);
    const linked = await decide('source/b.ts');
    assert.strictEqual(linked.decision === 'allow' && linked.target.displayPath, 'src/b.ts');
    fs.mkdirSync(path.join(workspace, '.vscode'));
    const tasks = await decide('.vscode/tasks.json');
    assert.strictEqual(tasks.decision === 'ask' && tasks.detail, sensitiveFile('.vscode/tasks.json')?.risk);
  });

  it('compares whole path segments', () => {
    assert.strictEqual(isWithin(path.join(root, 'workspace-evil', 'x'), workspace), false);
    assert.strictEqual(isWithin(path.join(workspace, '..foo'), workspace), true);
    assert.strictEqual(isWithin(workspace, workspace), true);
    assert.strictEqual(isWithin(root, workspace), false);
  });
});

describe('sensitiveFile', () => {
  it('names the risk of editor, Git, secret and key files', () => {
    const expected: Array<[string, string]> = [
      ['.vscode/tasks.json', 'editorConfig'],
      ['.vscode/settings.json', 'editorConfig'],
      ['.vscode/launch.json', 'editorConfig'],
      ['proj.code-workspace', 'editorConfig'],
      ['.git/config', 'gitConfig'],
      ['.GIT/Config', 'gitConfig'],
      ['.git/hooks/pre-commit', 'gitHook'],
      ['sub/.git/hooks/post-checkout', 'gitHook'],
      ['.git/HEAD', 'gitData'],
      ['.git/modules/lib/config', 'gitData'],
      ['.env', 'secrets'],
      ['.env.production', 'secrets'],
      ['.env-staging', 'secrets'],
      ['config/.env_local', 'secrets'],
      ['app\\.npmrc', 'secrets'],
      ['certs/server.pem', 'key'],
      ['tls/server.key', 'key'],
      ['deploy/id_ed25519', 'key'],
      ['/home/me/.ssh/config', 'key'],
    ];
    for (const [file, kind] of expected) {
      const found = sensitiveFile(file);
      assert.strictEqual(found?.kind, kind, file);
      assert.ok(found.risk.length > 20, file);
    }
  });

  it('leaves ordinary files alone', () => {
    for (const file of ['src/a.ts', 'README.md', '.gitignore', 'docs/settings.json', 'environment.ts', 'keys.ts', '.vscode/extensions.json']) {
      assert.strictEqual(sensitiveFile(file), undefined, file);
    }
  });
});
