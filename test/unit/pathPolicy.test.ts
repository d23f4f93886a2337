import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  decidePath, offersTextEditor, placePath, screenPath, toolsOffReason, workspaceModeOf,
  type ApprovalRules, type PathDecision, type SensitivePathCheck, type WorkspaceContainment, type WorkspaceFolderRef,
} from '../../src/tools/pathPolicy';

/**
 * A containment helper over the real file system, with the contract the policy states: realpath of
 * the nearest existing ancestor, then the rest, and the folder whose real path holds the result.
 */
function realContainment(folders: WorkspaceFolderRef[], caseInsensitive = false): WorkspaceContainment {
  return {
    folders, platform: 'posix', caseInsensitive,
    async resolve(absolutePath) {
      const rest: string[] = [];
      let current = absolutePath;
      for (;;) {
        try {
          const realPath = path.join(await fs.promises.realpath(current), ...rest);
          const fold = (text: string): string => (caseInsensitive ? text.toLowerCase() : text);
          const folder = folders.find((candidate) => fold(realPath) === fold(candidate.path) || fold(realPath).startsWith(fold(candidate.path) + path.sep));
          return { realPath, folder };
        } catch {
          rest.unshift(path.basename(current));
          current = path.dirname(current);
        }
      }
    },
  };
}

const noSensitive: SensitivePathCheck = () => undefined;
const defaults: ApprovalRules = { autoApproveReads: true, autoApproveEdit: () => false };

describe('path policy', () => {
  let root: string;
  let ws: WorkspaceFolderRef;
  let web: WorkspaceFolderRef;
  let single: WorkspaceContainment;

  before(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tools-paths-')));
    const dir = (...parts: string[]): string => { const full = path.join(root, ...parts); fs.mkdirSync(full, { recursive: true }); return full; };
    ws = { name: 'app', path: dir('app') };
    web = { name: 'web', path: dir('web') };
    dir('outside');
    fs.writeFileSync(path.join(root, 'outside', 'secret.txt'), 'secret');
    dir('app', 'src');
    fs.writeFileSync(path.join(ws.path, 'src', 'a.ts'), 'a');
    dir('app', 'sub', 'repo', '.git');
    fs.writeFileSync(path.join(ws.path, 'sub', 'repo', '.git', 'config'), '[core]');
    dir('app', '%2e%2e');
    fs.symlinkSync(path.join(root, 'outside'), path.join(ws.path, 'link-out'));
    fs.symlinkSync(path.join(root, 'outside', 'secret.txt'), path.join(ws.path, 'file-link'));
    fs.symlinkSync(ws.path, path.join(root, 'app-alias'));
    fs.symlinkSync(path.join(ws.path, 'src'), path.join(ws.path, 'src-alias'));
    single = realContainment([ws]);
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  const decide = (raw: string, access: 'read' | 'write' = 'read', workspace = single, sensitive = noSensitive, rules = defaults): Promise<PathDecision> =>
    decidePath(raw, access, 'trusted', workspace, sensitive, rules);

  it('allows reads inside the workspace, and asks before edits', async () => {
    const read = await decide('src/a.ts');
    assert.strictEqual(read.decision, 'allow');
    assert.ok(read.decision === 'allow' && read.target.realPath === path.join(ws.path, 'src', 'a.ts') && read.target.displayPath === 'src/a.ts');
    const absolute = await decide(path.join(ws.path, 'src', 'a.ts'));
    assert.strictEqual(absolute.decision, 'allow');
    const write = await decide('src/a.ts', 'write');
    assert.ok(write.decision === 'ask' && write.reason === 'edit');
    const newFile = await decide('src/new/deep.ts', 'write');
    assert.ok(newFile.decision === 'ask' && newFile.target.relativePath === 'src/new/deep.ts');
  });

  it('lets allow-listed edits through, but never a sensitive file', async () => {
    const rules: ApprovalRules = { autoApproveReads: true, autoApproveEdit: (relative) => relative.startsWith('src/') || relative === '.env' };
    assert.strictEqual((await decide('src/a.ts', 'write', single, noSensitive, rules)).decision, 'allow');
    const sensitive: SensitivePathCheck = (real) => (path.basename(real).startsWith('.env') ? 'It holds environment secrets.' : undefined);
    const env = await decide('.env', 'write', single, sensitive, rules);
    assert.ok(env.decision === 'ask' && env.reason === 'sensitive' && env.detail === 'It holds environment secrets.');
    const envRead = await decide('.env.local', 'read', single, sensitive, rules);
    assert.ok(envRead.decision === 'ask' && envRead.reason === 'sensitive');
  });

  it('asks first for reads when the settings say so', async () => {
    const decision = await decide('src/a.ts', 'read', single, noSensitive, { autoApproveReads: false, autoApproveEdit: () => true });
    assert.strictEqual(decision.decision, 'ask');
  });

  it('never changes anything inside a .git folder, at any depth, and asks before reading there', async () => {
    for (const raw of ['sub/repo/.git/config', '.git/HEAD', 'sub/repo/.git/hooks/pre-commit']) {
      const write = await decide(raw, 'write', single, noSensitive, { autoApproveReads: true, autoApproveEdit: () => true });
      assert.ok(write.decision === 'refuse' && write.reason === 'git_internal', raw);
      const read = await decide(raw);
      assert.ok(read.decision === 'ask' && read.reason === 'git_internal', raw);
    }
    // A file merely named like it is not git's.
    assert.strictEqual((await decide('sub/repo/.gitignore', 'write', single, noSensitive, { autoApproveReads: true, autoApproveEdit: () => true })).decision, 'allow');
  });

  describe('hostile paths', () => {
    const refused: Array<[string, RegExp]> = [
      ['~/.ssh/id_rsa', /~ is not expanded/],
      ['~', /~ is not expanded/],
      ['C:\\Windows\\win.ini', /\\ is not a separator|Drive letters/],
      ['c:/Windows/win.ini', /Drive letters/],
      ['\\\\server\\share\\file.txt', /Network and device paths/],
      ['//server/share/file.txt', /Network and device paths/],
      ['src/a.ts\0.png', /control characters/],
      ['src/a\nb.ts', /control characters/],
      ['file:///etc/passwd', /not a URL/],
      ['FILE:src/a.ts', /not a URL/],
      ['https://example.com/a.ts', /not a URL/],
      ['vscode-remote://ssh-remote+host/etc/passwd', /not a URL/],
      ['src\\..\\..\\outside\\secret.txt', /\\ is not a separator/],
      [`${'a'.repeat(256)}.ts`, /longer than 255/],
      [`${'abc/'.repeat(300)}x.ts`, /longer than 1024/],
      ['', /empty/],
    ];
    for (const [raw, message] of refused) {
      it(`refuses ${JSON.stringify(raw.slice(0, 60))}`, async () => {
        const decision = await decide(raw, 'write');
        assert.ok(decision.decision === 'refuse' && decision.reason === 'path_invalid', JSON.stringify(decision));
        assert.match(decision.message, message);
      });
    }

    const outside: Array<[string, string]> = [
      ['../outside/secret.txt', 'outside/secret.txt'],
      ['src/../../outside/secret.txt', 'outside/secret.txt'],
      ['./../outside/new.txt', 'outside/new.txt'],
      ['/etc/passwd', ''],
      ['link-out/secret.txt', 'outside/secret.txt'],
      ['file-link', 'outside/secret.txt'],
      // A file that does not exist yet, under a symlinked folder that leads out.
      ['link-out/new-file.ts', 'outside/new-file.ts'],
      ['link-out/deeper/new-file.ts', 'outside/deeper/new-file.ts'],
    ];
    for (const [raw, lands] of outside) {
      it(`asks before ${raw}, showing where it really leads`, async () => {
        for (const access of ['read', 'write'] as const) {
          const decision = await decide(raw, access);
          assert.ok(decision.decision === 'ask' && decision.reason === 'outside_workspace', JSON.stringify(decision));
          if (lands) {
            assert.strictEqual(decision.target.realPath, path.join(root, lands));
            assert.ok(decision.detail.includes(path.join(root, lands)));
          }
          assert.strictEqual(decision.target.folder, undefined);
        }
      });
    }

    it('takes percent-encoding literally: %2e%2e is a folder name, not ..', async () => {
      const decision = await decide('%2e%2e/x.txt');
      assert.ok(decision.decision === 'allow' && decision.target.realPath === path.join(ws.path, '%2e%2e', 'x.txt'));
    });

    it('follows symlinks that stay inside, and names the real file', async () => {
      const viaLink = await decide('src-alias/a.ts');
      assert.ok(viaLink.decision === 'allow' && viaLink.target.displayPath === 'src/a.ts');
      const viaAlias = await decide(path.join(root, 'app-alias', 'src', 'a.ts'));
      assert.ok(viaAlias.decision === 'allow' && viaAlias.target.realPath === path.join(ws.path, 'src', 'a.ts'));
    });

    it('on a case-insensitive file system, one file has one key and .GIT is .git', async () => {
      const insensitive = realContainment([ws], true);
      const upper = await decide('SRC/A.ts', 'read', insensitive);
      const lower = await decide('src/a.ts', 'read', insensitive);
      assert.ok(upper.decision === 'allow' && lower.decision === 'allow');
      assert.strictEqual(upper.target.key, lower.target.key);
      const git = await decide('sub/repo/.GIT/config', 'write', insensitive);
      assert.ok(git.decision === 'refuse' && git.reason === 'git_internal');
      // A case-sensitive one keeps them apart.
      const sensitiveUpper = await decide('SRC/A.ts');
      assert.ok(sensitiveUpper.decision === 'allow' && sensitiveUpper.target.key !== lower.target.key);
    });
  });

  it('in a multi-root workspace, a relative path starts with a folder name', async () => {
    const both = realContainment([ws, web]);
    const inWeb = await decide('web/index.html', 'read', both);
    assert.ok(inWeb.decision === 'allow' && inWeb.target.folder === web && inWeb.target.displayPath === 'web/index.html');
    const inApp = await decide('app/src/a.ts', 'read', both);
    assert.ok(inApp.decision === 'allow' && inApp.target.displayPath === 'app/src/a.ts');
    const ambiguous = await decide('src/a.ts', 'read', both);
    assert.ok(ambiguous.decision === 'refuse' && /several folders \(app, web\)/.test(ambiguous.message));
    // Walking from one folder into another is inside the workspace, and named by the folder it reaches.
    const across = await decide('app/../web/x.txt', 'read', both);
    assert.ok(across.decision === 'allow' && across.target.folder === web);
  });

  it('refuses everything without a folder, in Restricted Mode, and edits in a virtual workspace', async () => {
    const none = await decide('a.txt', 'read', realContainment([]));
    assert.ok(none.decision === 'refuse' && /No folder is open/.test(none.message));
    const untrusted = await decidePath('src/a.ts', 'read', 'untrusted', single, noSensitive, defaults);
    assert.ok(untrusted.decision === 'refuse' && untrusted.reason === 'tools_unavailable');
    const virtualWrite = await decidePath('src/a.ts', 'write', 'virtual', single, noSensitive, defaults);
    assert.ok(virtualWrite.decision === 'refuse' && virtualWrite.reason === 'read_only');
    assert.strictEqual((await decidePath('src/a.ts', 'read', 'virtual', single, noSensitive, defaults)).decision, 'allow');
  });
});

describe('Windows path screening', () => {
  const folders = [{ name: 'app', path: 'C:\\work\\app' }];
  const windows = { folders, platform: 'win32' as const, caseInsensitive: true };
  const refused: Array<[string, RegExp]> = [
    ['C:foo.txt', /needs a full path/],
    ['\\\\?\\C:\\work\\app\\a.txt', /Network and device paths/],
    ['\\\\.\\pipe\\x', /Network and device paths/],
    ['\\\\server\\share', /Network and device paths/],
    ['\\Windows\\win.ini', /drive letter/],
    ['src\\CON', /names a device/],
    ['nul.txt', /names a device/],
    ['COM1', /names a device/],
    ['a.txt.', /ends with a dot or a space/],
    ['a.txt ', /empty|dot or a space/],
    ['src\\a.ts:secret', /Colons/],
    ['src\\a?.ts', /does not allow/],
    ['file:C:/x', /not a URL/],
  ];
  for (const [raw, message] of refused) {
    it(`refuses ${JSON.stringify(raw)}`, () => {
      const problem = screenPath(raw, 'win32');
      // "a.txt " trims to "a.txt", which is fine: trailing whitespace from the model is not a name.
      if (raw === 'a.txt ') return assert.strictEqual(problem, undefined);
      assert.match(problem ?? '', message);
    });
  }

  it('places paths with either separator inside the folder, and drive paths as given', () => {
    const placed = (raw: string): string | undefined => { const result = placePath(raw, windows); return result.ok ? result.absolute : undefined; };
    assert.strictEqual(placed('src\\a.ts'), 'C:\\work\\app\\src\\a.ts');
    assert.strictEqual(placed('src/a.ts'), 'C:\\work\\app\\src\\a.ts');
    assert.strictEqual(placed('D:\\other\\x.txt'), 'D:\\other\\x.txt');
    assert.strictEqual(placed('..\\..\\Windows\\win.ini'), 'C:\\Windows\\win.ini');
  });
});

describe('which workspaces are offered the text editor', () => {
  it('a workspace whose every folder is on another file system is virtual, and gets no text editor', () => {
    assert.strictEqual(workspaceModeOf(true, ['vscode-vfs', 'memfs']), 'virtual');
    assert.strictEqual(offersTextEditor(workspaceModeOf(true, ['vscode-vfs'])), false);
    assert.match(toolsOffReason('virtual') ?? '', /virtual workspace/);
  });

  it('one folder on disk, or none, is an ordinary workspace; Restricted Mode wins over everything', () => {
    assert.strictEqual(workspaceModeOf(true, ['file', 'memfs']), 'trusted');
    assert.strictEqual(workspaceModeOf(true, []), 'trusted');
    assert.strictEqual(offersTextEditor(workspaceModeOf(true, ['file'])), true);
    assert.strictEqual(toolsOffReason('trusted'), undefined);
    assert.strictEqual(workspaceModeOf(false, ['file']), 'untrusted');
    assert.strictEqual(offersTextEditor('untrusted'), false);
    assert.match(toolsOffReason('untrusted') ?? '', /Restricted Mode/);
  });
});
