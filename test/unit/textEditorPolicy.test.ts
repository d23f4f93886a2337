// The path policy as the text editor tool runs it: with the workspace containment helper and the
// sensitive-file list the extension uses (not a test double), over a real file system with links,
// and with the edit allow-list read from the settings.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { decidePath, type ApprovalRules, type PathDecision } from '../../src/tools/pathPolicy';
import { editAllowListed } from '../../src/review/toolSettings';
import { folderContainment } from '../../src/workspace/containment';
import { sensitiveRisk } from '../../src/workspace/sensitivePaths';

describe('text editor path policy, as composed', () => {
  let root: string;
  let app: string;
  const allowEverything: ApprovalRules = { autoApproveReads: true, autoApproveEdit: () => true };

  before(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'text-editor-policy-')));
    app = path.join(root, 'app');
    for (const dir of ['app/src', 'app/.vscode', 'app/keys', 'app/sub/.git', 'outside/deeper']) fs.mkdirSync(path.join(root, dir), { recursive: true });
    for (const file of ['app/src/a.ts', 'app/.env', 'app/.env.local', 'app/keys/server.key', 'app/keys/cert.pem', 'app/.vscode/settings.json', 'outside/secret.txt']) {
      fs.writeFileSync(path.join(root, file), 'x');
    }
    // A harmless name for a sensitive file, a dangling link that leads out, a parent folder that is a link out, and a loop.
    fs.symlinkSync(path.join(app, '.env'), path.join(app, 'config.txt'));
    fs.symlinkSync(path.join(root, 'outside', 'not-yet.txt'), path.join(app, 'dangling'));
    fs.symlinkSync(path.join(root, 'outside'), path.join(app, 'src', 'vendor'));
    fs.symlinkSync(path.join(app, 'loop-b'), path.join(app, 'loop-a'));
    fs.symlinkSync(path.join(app, 'loop-a'), path.join(app, 'loop-b'));
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  const decide = (raw: string, access: 'read' | 'write', rules = allowEverything): Promise<PathDecision> =>
    decidePath(raw, access, 'trusted', folderContainment([{ name: 'app', path: app }]), sensitiveRisk, rules);

  it('never lets a sensitive file through, whatever the settings allow', async () => {
    for (const file of ['.env', '.env.local', 'keys/server.key', 'keys/cert.pem', '.vscode/settings.json', 'config.txt']) {
      for (const access of ['read', 'write'] as const) {
        const decision = await decide(file, access);
        assert.ok(decision.decision === 'ask' && decision.reason === 'sensitive', `${access} ${file}: ${JSON.stringify(decision)}`);
      }
    }
    assert.strictEqual((await decide('src/a.ts', 'write')).decision, 'allow', 'the allow-list does work for ordinary files');
  });

  it('asks before links that lead out: a dangling one, and a file under a linked parent folder', async () => {
    for (const raw of ['dangling', 'src/vendor/secret.txt', 'src/vendor/deeper/new.ts']) {
      const decision = await decide(raw, 'write');
      assert.ok(decision.decision === 'ask' && decision.reason === 'outside_workspace', `${raw}: ${JSON.stringify(decision)}`);
      assert.ok(decision.target.realPath.startsWith(path.join(root, 'outside')), decision.target.realPath);
    }
  });

  it('never edits inside .git, even allow-listed', async () => {
    const decision = await decide('sub/.git/config', 'write');
    assert.ok(decision.decision === 'refuse' && decision.reason === 'git_internal');
  });

  it('a link loop is an error, never an allowed path', async () => {
    await assert.rejects(decide('loop-a', 'read'), /too many symbolic links/);
  });
});

describe('edit allow-list', () => {
  it('reads patterns as .gitignore lines, relative to the folder', () => {
    assert.ok(editAllowListed(['docs/**'], 'docs/a/b.md'));
    assert.ok(editAllowListed(['*.md'], 'deep/down/README.md'));
    assert.ok(!editAllowListed(['*.md'], 'src/a.ts'));
    assert.ok(!editAllowListed(['docs/**', '!docs/legal.md'], 'docs/legal.md'), 'a negation takes a file back');
  });

  it('allows nothing when empty, commented out, or malformed', () => {
    assert.ok(!editAllowListed([], 'a.ts'));
    assert.ok(!editAllowListed(['# *.ts', '   '], 'a.ts'));
    assert.ok(!editAllowListed(['**'], '../outside.ts'), 'a path that climbs out is never allow-listed');
  });
});
