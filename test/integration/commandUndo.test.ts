// Undo This Turn's Changes for what a turn's shell commands did, in the real extension host: the
// test stands in for a command, changing files on disk between the hooks the bash tool calls
// (beforeCommand, afterCommand), and undoes the turn through the command the turn's button runs.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { AnsweringToolPrompts } from './toolPrompts';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('undo of a turn\'s commands', function () {
  this.timeout(60_000);
  let api: TestApi;
  let prompts: AnsweringToolPrompts;
  const base = (): string => path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'command-undo');
  const file = (relative: string): string => path.join(base(), ...relative.split('/'));
  const write = (relative: string, content: string | Buffer): void => {
    fs.mkdirSync(path.dirname(file(relative)), { recursive: true });
    fs.writeFileSync(file(relative), content);
  };
  const read = (relative: string): Buffer => fs.readFileSync(file(relative));
  const undo = (turnId: string) => vscode.commands.executeCommand<{ restored: string[]; deleted: string[]; skipped: string[] }>('claudeAssistant.undoTurnChanges', turnId);

  /** Runs `command` between the hooks, as the bash tool runs a command. */
  async function runCommand(turnId: string, command: () => void): Promise<void> {
    await api.commandSnapshots.beforeCommand(turnId);
    try {
      command();
    } finally {
      await api.commandSnapshots.afterCommand(turnId);
    }
  }

  before(async () => {
    api = (await vscode.extensions.getExtension<TestApi>('claude-assistant.claude-assistant')!.activate())!;
  });

  beforeEach(() => {
    fs.rmSync(base(), { recursive: true, force: true });
    prompts = new AnsweringToolPrompts();
    api.textEditor.prompts = prompts;
  });

  after(() => fs.rmSync(base(), { recursive: true, force: true }));

  it('restores what the commands deleted, changed and created, byte for byte, and leaves .git and the limits alone', async () => {
    const crlf = Buffer.concat([BOM, Buffer.from('first line\r\nsecond line\r\nno final newline')]);
    write('doomed.txt', 'deleted by the command\n');
    write('windows.txt', crlf);
    write('.gitignore', 'build/\n');
    write('build/old.log', 'ignored\n');
    write('nested/.git/HEAD', 'ref: refs/heads/main\n');
    write('nested/lib.txt', 'library\n');
    const binary = Buffer.alloc(1536 * 1024, 7);
    binary[10] = 0;
    write('image.bin', binary);
    const headInode = fs.statSync(file('nested/.git/HEAD')).ino;

    await runCommand('command-turn-1', () => {
      fs.rmSync(file('doomed.txt'));
      fs.writeFileSync(file('windows.txt'), 'rewritten\n');
      write('made/created.txt', 'created by the command\n');
      write('build/new.log', 'ignored output\n');
      fs.writeFileSync(file('nested/.git/HEAD'), 'ref: refs/heads/other\n');
      write('nested/.git/index', 'a git index\n');
      const changedBinary = Buffer.from(binary);
      changedBinary[20] = 9;
      fs.writeFileSync(file('image.bin'), changedBinary);
    });

    // Listed on the turn before any undo: what cannot be restored.
    const line = api.commandSnapshots.limitsLine('command-turn-1') ?? '';
    assert.match(line, /^Undo cannot restore everything these commands did:/);
    const limits = api.commandSnapshots.limits('command-turn-1')!;
    const named = limits.lines.join('\n');
    assert.match(named, /command-undo\/build \(changed\) is ignored/);
    assert.match(named, /command-undo\/nested\/\.git \(changed\) is git's own data/);
    assert.match(named, /command-undo\/image\.bin \(changed\) is a binary file larger than the snapshot keeps/);
    assert.ok(limits.standing.some((standing) => /outside the workspace folders/.test(standing)));

    const report = await undo('command-turn-1');

    // The confirmation came first and named what undo cannot restore, and what it will.
    assert.strictEqual(prompts.commandUndoQuestions.length, 1);
    const [question] = prompts.commandUndoQuestions;
    assert.deepStrictEqual([...question.cannot].sort(), [...limits.lines].sort());
    assert.ok(question.restores.includes('command-undo/doomed.txt: put back (the commands deleted it)'), question.restores.join('\n'));
    assert.ok(question.restores.includes('command-undo/made/created.txt: removed (the commands created it)'), question.restores.join('\n'));
    assert.ok(question.restores.includes('command-undo/windows.txt: put back as it was'), question.restores.join('\n'));

    assert.deepStrictEqual(read('doomed.txt').toString(), 'deleted by the command\n');
    assert.ok(read('windows.txt').equals(crlf), 'the BOM, CRLF and missing final newline are back, byte for byte');
    assert.ok(!fs.existsSync(file('made/created.txt')), 'the created file is gone');
    assert.ok(!fs.existsSync(file('made')), 'and so is the folder the command made for it');
    assert.deepStrictEqual(report.restored.filter((name) => name.startsWith('command-undo/')).sort(), ['command-undo/doomed.txt', 'command-undo/windows.txt']);
    assert.deepStrictEqual(report.deleted.filter((name) => name.startsWith('command-undo/')).sort(), ['command-undo/made/', 'command-undo/made/created.txt']);
    // Git's data and the rest stay as the command left them, and are reported as left.
    assert.strictEqual(read('nested/.git/HEAD').toString(), 'ref: refs/heads/other\n');
    assert.strictEqual(fs.statSync(file('nested/.git/HEAD')).ino, headInode, '.git/HEAD was never replaced');
    assert.deepStrictEqual(fs.readdirSync(file('nested/.git')).sort(), ['HEAD', 'index'], 'nothing removed or written beside them');
    assert.strictEqual(read('build/new.log').toString(), 'ignored output\n');
    assert.strictEqual(read('image.bin')[20], 9);
    assert.ok(report.skipped.includes('command-undo/image.bin'), report.skipped.join(', '));
    assert.match(prompts.notes.at(-1) ?? '', /written back on disk/);
  });

  it('restores a file changed since the turn only when the user says so', async () => {
    write('later.txt', 'before the turn\n');
    write('plain.txt', 'before the turn\n');

    for (const [turnId, discard] of [['command-turn-no', false], ['command-turn-yes', true]] as const) {
      prompts.answers.discard = discard;
      await runCommand(turnId, () => {
        fs.writeFileSync(file('later.txt'), `the command of ${turnId}\n`);
        fs.writeFileSync(file('plain.txt'), `the command of ${turnId}\n`);
      });
      // The user edits the file after the turn.
      fs.writeFileSync(file('later.txt'), `the user's text after ${turnId}\n`);

      const report = await undo(turnId);

      assert.deepStrictEqual(prompts.discardQuestions.at(-1), { displayPath: 'command-undo/later.txt', deletes: false });
      assert.strictEqual(read('plain.txt').toString(), 'before the turn\n', 'an untouched file is restored without asking');
      if (discard) {
        assert.strictEqual(read('later.txt').toString(), 'before the turn\n');
        assert.ok(report.restored.includes('command-undo/later.txt'));
      } else {
        assert.strictEqual(read('later.txt').toString(), `the user's text after ${turnId}\n`, 'the user\'s change is kept');
        assert.ok(report.skipped.includes('command-undo/later.txt'));
        fs.writeFileSync(file('later.txt'), 'before the turn\n');
      }
      assert.strictEqual(prompts.commandUndoQuestions.length, 0, 'nothing to warn about: no confirmation');
    }
    assert.strictEqual(prompts.discardQuestions.length, 2);
  });

  it('leaves alone what changed between two commands and no command touched, and asks where a command did too', async () => {
    write('mine-only.txt', 'before the turn\n');
    write('both.txt', 'before the turn\n');
    write('second.txt', 'before the turn\n');
    prompts.answers.discard = false;

    await runCommand('command-turn-between', () => fs.writeFileSync(file('both.txt'), 'the first command\n'));
    // The user edits while the model works out its next command.
    fs.writeFileSync(file('mine-only.txt'), 'the user, between the commands\n');
    fs.writeFileSync(file('both.txt'), 'the user, between the commands\n');
    await runCommand('command-turn-between', () => {
      fs.writeFileSync(file('second.txt'), 'the second command\n');
      fs.appendFileSync(file('both.txt'), 'and the second command\n');
    });

    const report = await undo('command-turn-between');

    assert.strictEqual(read('second.txt').toString(), 'before the turn\n', "the second command's change is undone without asking");
    assert.strictEqual(read('mine-only.txt').toString(), 'the user, between the commands\n', 'what no command touched is not undone');
    assert.ok(!report.restored.includes('command-undo/mine-only.txt') && !report.skipped.includes('command-undo/mine-only.txt'), 'nor offered');
    assert.deepStrictEqual(prompts.discardQuestions, [{ displayPath: 'command-undo/both.txt', deletes: false }], 'the user was asked about the file they changed between the commands');
    assert.strictEqual(read('both.txt').toString(), 'the user, between the commands\nand the second command\n', 'and their answer kept it');
  });

  it('takes the first snapshot while the command waits, and still undoes from the moment it ran', async () => {
    write('edited-while-waiting.txt', 'before the card\n');
    await api.commandSnapshots.prepareCommand('command-turn-prepared');
    // The user edits after the snapshot taken for the card, before clicking Run.
    fs.writeFileSync(file('edited-while-waiting.txt'), 'the user, while the card waited\n');
    await runCommand('command-turn-prepared', () => write('made-by-command.txt', 'the command\n'));

    const report = await undo('command-turn-prepared');

    assert.strictEqual(read('edited-while-waiting.txt').toString(), 'the user, while the card waited\n', "the user's edit before Run is not the command's to undo");
    assert.ok(!fs.existsSync(file('made-by-command.txt')));
    assert.deepStrictEqual(report.deleted.filter((name) => name.startsWith('command-undo/')), ['command-undo/made-by-command.txt']);
    assert.deepStrictEqual(prompts.discardQuestions, []);
  });
});
