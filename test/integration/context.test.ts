// Context for the composer inside the real extension host: every @ mention against a real workspace,
// a real git repository and a real terminal; dropped files; and Edit Selection on a CRLF, tab-indented
// file, accepted, rejected and refused when the file changed.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { ComposerContextHandler } from '../../src/chat/chatViewProvider';
import type { ProposedEdit } from '../../src/editor/vscodeEditReview';
import { closeLeftoverReviews, isReviewTab } from '../../src/review/leftoverReviews';
import { GONE_PROPOSAL_NOTE } from '../../src/review/proposalFileSystem';
import type { HostToWebview, MentionKind } from '../../src/webview/protocol';
import { ComposerContext } from '../../src/editor/vscodeComposerContext';
import { DraftAttachments } from '../../src/editor/draftAttachments';
import { TerminalOutputs } from '../../src/editor/vscodeTerminalOutputs';
import { readEditorSettings } from '../../src/config';
import { textReply } from '../mock/server';
import { activateApi, claudeSettings as config, mockProviderForSuite } from './mockProvider';

const KEY = 'sk-context-key';
const CALC = 'export function pick(x: number): number {\r\n\tif (x > 1) {\r\n\t\treturn 1;\r\n\t}\r\n\treturn 0;\r\n}\r\n';

describe('composer context and Edit Selection', function () {
  this.timeout(60_000);
  const server = mockProviderForSuite({ key: KEY, settings: { contextLines: 1 } });
  let api: TestApi;
  let context: ComposerContextHandler;
  const root = (): vscode.Uri => vscode.workspace.workspaceFolders![0].uri;
  const write = (relative: string, text: string): Thenable<void> => vscode.workspace.fs.writeFile(vscode.Uri.joinPath(root(), relative), new TextEncoder().encode(text));
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: root().fsPath, encoding: 'utf8' });

  /** Resolves a mention as the page asks for it; returns what the model would receive, and any notice. */
  async function mention(kind: MentionKind, whilePicking?: () => Promise<void>): Promise<{ text: string; notices: string[] }> {
    const notices: string[] = [];
    const done = context.mention(kind, (text) => notices.push(text));
    if (whilePicking) await whilePicking();
    await done;
    return { text: api.chat.view.composeUserText('Q'), notices };
  }

  /** Accepts the first item of the open quick pick once its items have loaded. */
  async function acceptFirstPick(settled: () => boolean): Promise<void> {
    for (let i = 0; i < 100 && !settled(); i++) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
  }

  before(async () => {
    api = await activateApi();
    context = api.chat.view.composerContext!;
    await write('.gitignore', 'ignored.txt\n');
    await write('ignored.txt', 'secret notes\n');
    await write('lib/calc.ts', CALC);
    await write('lib/deep/more/far.ts', 'export const far = 1;\n');
    git('init', '-q');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=T', 'add', '.');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=T', 'commit', '-qm', 'start');
  });

  beforeEach(() => {
    api.chat.view.composeUserText('');
  });

  it('@file picks a workspace file, recently opened first, and the chip opens it', async () => {
    await vscode.window.showTextDocument(vscode.Uri.joinPath(root(), 'lib/calc.ts'));
    let settled = false;
    const result = await mention('file', () => acceptFirstPick(() => settled)).finally(() => (settled = true));
    assert.deepStrictEqual(result.notices, []);
    assert.match(result.text, /^lib\/calc\.ts, lines 1-6\n```typescript\nexport function pick/);
  });

  it('@folder gives the tree two levels deep and the small files, within the budget', async () => {
    let settled = false;
    const result = await mention('folder', () => acceptFirstPick(() => settled)).finally(() => (settled = true));
    assert.match(result.text, /^Folder claude-assistant-it-ws-\w+: \d+ files, \d+\.\d of 256 KB\n````text\nTree \(two levels\):\n/);
    assert.match(result.text, /\n\nlib\/calc\.ts\n```\nexport function pick/, 'small files follow, by their workspace path');
    assert.match(result.text, /\nlib\/\n {2}calc\.ts\n {2}deep\/\n/);
    const tree = result.text.slice(result.text.indexOf('Tree (two levels):'), result.text.indexOf('\n\n'));
    assert.ok(!tree.includes('more/'), `no third level in the tree:\n${tree}`);
    assert.ok(!result.text.includes('secret notes'), '.gitignore is honoured');
  });

  it('@selection takes the active editor\'s selection, with its context', async () => {
    const editor = await vscode.window.showTextDocument(vscode.Uri.joinPath(root(), 'lib/calc.ts'));
    editor.selection = new vscode.Selection(2, 0, 2, 11);
    const result = await mention('selection');
    assert.strictEqual(result.text, 'lib/calc.ts, line 3\nThe block shows lines 2-4, with surrounding context.\n```typescript\n\tif (x > 1) {\n\t\treturn 1;\n\t}\n```\n\nQ');
  });

  it('@problems lists errors and warnings with file, line and code; says so when there are none', async () => {
    const empty = await mention('problems');
    assert.deepStrictEqual(empty.notices, ['@problems: the workspace has no errors or warnings.']);
    assert.strictEqual(empty.text, 'Q', 'nothing attached');
    const diagnostics = vscode.languages.createDiagnosticCollection('context-test');
    try {
      const uri = vscode.Uri.joinPath(root(), 'lib/calc.ts');
      diagnostics.set(uri, [
        new vscode.Diagnostic(new vscode.Range(4, 1, 4, 7), 'Unreachable?', vscode.DiagnosticSeverity.Warning),
        new vscode.Diagnostic(new vscode.Range(1, 5, 1, 6), 'x is odd', vscode.DiagnosticSeverity.Error),
        new vscode.Diagnostic(new vscode.Range(0, 0, 0, 1), 'a hint', vscode.DiagnosticSeverity.Hint),
      ]);
      const result = await mention('problems');
      assert.strictEqual(result.text, "The workspace's problems: 1 error, 1 warning\n```text\nlib/calc.ts:2: error: x is odd\n    if (x > 1) {\nlib/calc.ts:5: warning: Unreachable?\n    return 0;\n```\n\nQ");
    } finally {
      diagnostics.dispose();
    }
  });

  it('@diff reads the working tree against HEAD through the Git extension', async () => {
    const off = await mention('diff');
    assert.deepStrictEqual(off.notices, ['@diff: Git is turned off or not installed (see the git.enabled setting).']);
    await vscode.workspace.getConfiguration('git').update('enabled', true, vscode.ConfigurationTarget.Global);
    let clean = await mention('diff');
    for (let i = 0; i < 50 && clean.notices[0]?.includes('turned off'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      clean = await mention('diff');
    }
    assert.deepStrictEqual(clean.notices, ['@diff: the working tree has no changes against HEAD.']);
    await write('lib/deep/more/far.ts', 'export const far = 2;\n');
    try {
      let result = await mention('diff');
      // The Git extension notices the change on its own schedule.
      for (let i = 0; i < 30 && result.notices.length > 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 300));
        result = await mention('diff');
      }
      assert.match(result.text, /^Changes in claude-assistant-it-ws-\w+ against HEAD, 1 file\n```diff\ndiff --git a\/lib\/deep\/more\/far\.ts b\/lib\/deep\/more\/far\.ts\n[\s\S]*-export const far = 1;\n\+export const far = 2;\n```\n\nQ$/);
    } finally {
      git('checkout', '--', '.');
      await vscode.workspace.getConfiguration('git').update('enabled', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('@terminal reads the last command\'s output through shell integration; says why when it cannot', async () => {
    for (const open of vscode.window.terminals) open.dispose();
    const none = await mention('terminal');
    assert.deepStrictEqual(none.notices, ['@terminal: no terminal is open.']);
    const terminal = vscode.window.createTerminal({ name: 'context-it', shellPath: '/bin/bash' });
    try {
      terminal.show();
      const integration = terminal.shellIntegration ?? (await new Promise<vscode.TerminalShellIntegration>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no shell integration in 20 s')), 20_000);
        const listener = vscode.window.onDidChangeTerminalShellIntegration((event) => {
          if (event.terminal !== terminal) return;
          clearTimeout(timer);
          listener.dispose();
          resolve(event.shellIntegration);
        });
      }));
      // A command that prints at once can finish before the extension host subscribes to its output
      // (VS Code sends the two separately), so the command waits a moment first, and is run again if
      // shell integration still reported nothing: what is tested is that reported output reaches the message.
      const command = 'sleep 0.5; printf "mention-%s\\n" marker';
      const fresh = async (): Promise<{ text: string; notices: string[] }> => {
        for (const chip of context.chips()) context.remove(chip.id);
        return mention('terminal');
      };
      let result = { text: '', notices: [] as string[] };
      for (let attempt = 0; attempt < 3 && !result.text.includes('mention-marker'); attempt++) {
        const ended = new Promise<void>((resolve) => {
          const listener = vscode.window.onDidEndTerminalShellExecution((event) => {
            if (event.terminal === terminal) {
              listener.dispose();
              resolve();
            }
          });
        });
        integration.executeCommand(command);
        await ended;
        result = await fresh();
        // The terminal's output can reach shell integration a moment after the execution ends.
        for (let i = 0; i < 25 && !result.text.includes('mention-marker'); i++) {
          await new Promise((resolve) => setTimeout(resolve, 200));
          result = await fresh();
        }
      }
      assert.match(result.text, /^Output of `sleep 0\.5; printf "mention-%s\\n" marker` in terminal context-it\n```text\n(?:[\s\S]*\n)?mention-marker\n```\n\nQ$/, `notices: ${result.notices.join(' | ')}`);
    } finally {
      terminal.dispose();
    }
  });

  it('takes dropped workspace files, and refuses ignored files and files outside the workspace', async () => {
    const notices: string[] = [];
    const outside = vscode.Uri.file(path.join(os.tmpdir(), 'outside-workspace.ts'));
    await vscode.workspace.fs.writeFile(outside, new TextEncoder().encode('const outside = 1;\n'));
    await context.drop([vscode.Uri.joinPath(root(), 'lib/deep/more/far.ts').toString(), vscode.Uri.joinPath(root(), 'ignored.txt').toString(), outside.toString()], (text) => notices.push(text));
    assert.deepStrictEqual(context.chips().map((chip) => chip.title), ['lib/deep/more/far.ts, line 1']);
    assert.deepStrictEqual(notices, ['Not attached, as outside the workspace or excluded: ignored.txt, outside-workspace.ts.']);
    await context.open(context.chips()[0].id);
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.path.endsWith('lib/deep/more/far.ts'), true, 'the chip opens its file');
    context.remove(context.chips()[0].id);
    assert.deepStrictEqual(context.chips(), []);
  });

  it('keeps the chips across a reload: a new window\'s composer gets them back from the workspace state', async () => {
    // The workspace state as the extension gets it: what one window stores, the next one reads.
    const stored = new Map<string, unknown>();
    const state = { keys: () => [...stored.keys()], get: (key: string) => stored.get(key), update: async (key: string, value: unknown) => void stored.set(key, value) } as vscode.Memento;
    const terminals = new TerminalOutputs();
    try {
      const before = new ComposerContext(new DraftAttachments(), () => undefined, state, terminals, readEditorSettings);
      await before.drop([vscode.Uri.joinPath(root(), 'lib/deep/more/far.ts').toString()], () => undefined);
      const posted: HostToWebview[] = [];
      const after = new ComposerContext(new DraftAttachments(), (message) => posted.push(message), state, terminals, readEditorSettings);
      assert.deepStrictEqual(after.chips().map((chip) => chip.title), ['lib/deep/more/far.ts, line 1']);
      after.remove(after.chips()[0].id);
      assert.deepStrictEqual(posted, [{ type: 'chips', chips: [] }], 'a change reaches the page');
      const third = new ComposerContext(new DraftAttachments(), () => undefined, state, terminals, readEditorSettings);
      assert.deepStrictEqual(third.chips(), [], 'and is kept as well');
    } finally {
      terminals.dispose();
    }
  });

  it('caps a large file with a note on its chip', async () => {
    await config().update('maxFileKilobytes', 1, vscode.ConfigurationTarget.Global);
    try {
      await write('big.log', Array.from({ length: 400 }, (_, i) => `line ${i + 1}`).join('\n'));
      await context.drop([vscode.Uri.joinPath(root(), 'big.log').toString()], () => undefined);
      const [chip] = context.chips();
      assert.match(chip.note ?? '', /^cut at line \d+ of 400$/);
      assert.match(api.chat.view.composeUserText('Q'), /^big\.log, lines 1-\d+\nTruncated: the selection went on to line 400\./);
    } finally {
      await config().update('maxFileKilobytes', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  describe('Edit Selection', () => {
    const uri = (): vscode.Uri => vscode.Uri.joinPath(root(), 'lib/calc.ts');
    const reply = 'Changed it:\n```typescript\n\tif (x > 2) {\n\t\treturn 2;\n\t}\n```\n';
    let document: vscode.TextDocument;
    const files = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('files');

    // code-server's `files.autoSave` defaults to "afterDelay", which would save the accepted edit a
    // second later on its own; what Accept itself saves is what these tests look at.
    before(() => files().update('autoSave', 'off', vscode.ConfigurationTarget.Global));
    after(() => files().update('autoSave', undefined, vscode.ConfigurationTarget.Global));

    beforeEach(async () => {
      await write('lib/calc.ts', CALC);
      const editor = await vscode.window.showTextDocument(uri());
      document = editor.document;
      await vscode.commands.executeCommand('workbench.action.files.revert');
      editor.selection = new vscode.Selection(1, 1, 3, 2);
      server.enqueue({ reply: textReply(reply) });
    });

    const run = async (): Promise<ProposedEdit> => {
      const proposed = await vscode.commands.executeCommand<ProposedEdit | undefined>('claudeAssistant.editSelection', 'return 2 above 2');
      assert.ok(proposed, 'an edit was proposed');
      return proposed;
    };

    it('asks for exactly the selected lines and, accepted, replaces only them, keeping CRLF and tabs, unsaved', async () => {
      const proposed = await run();
      // The chat counts its context between turns, so count_tokens requests can come after this one.
      const body = server.messageRequests().at(-1)?.body as { messages: Array<{ content: string | Array<{ type: string; text: string }> }> };
      const content = body.messages.at(-1)!.content;
      const sent = typeof content === 'string' ? content : content.map((block) => block.text).join('');
      assert.match(sent, /^lib\/calc\.ts, lines 2-4\nThe block shows lines 1-5, with surrounding context\.\n```typescript\nexport function pick/);
      assert.match(sent, /return 2 above 2\n\nReply with the new text for lines 2-4 of lib\/calc\.ts only/);
      assert.strictEqual(document.getText(), CALC, 'nothing lands before it is accepted');
      const diff = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      assert.ok(diff instanceof vscode.TabInputTextDiff && diff.modified.scheme === 'claude-assistant-review', 'the diff editor shows the proposal');

      await vscode.commands.executeCommand('claudeAssistant.acceptEdit');
      assert.strictEqual(await proposed.decision, 'accepted');
      assert.strictEqual(document.getText(), 'export function pick(x: number): number {\r\n\tif (x > 2) {\r\n\t\treturn 2;\r\n\t}\r\n\treturn 0;\r\n}\r\n');
      assert.strictEqual(document.isDirty, true, 'the file is left for the user to save');
      const onDisk = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri()));
      assert.strictEqual(onDisk, CALC, 'nothing was saved');
      const turns = api.session.conversation.turns;
      assert.strictEqual(turns.at(-1)?.role, 'assistant', 'the edit is a turn of the chat, to follow up on');
      await vscode.commands.executeCommand('undo');
      assert.strictEqual(document.getText(), CALC, 'Undo takes it back');
    });

    it('accepted after the user changed the proposal, writes their version, still only the selected lines', async () => {
      const proposed = await run();
      const diff = vscode.window.tabGroups.activeTabGroup.activeTab?.input as vscode.TabInputTextDiff;
      const proposal = await vscode.workspace.openTextDocument(diff.modified);
      const typing = new vscode.WorkspaceEdit();
      typing.replace(diff.modified, new vscode.Range(2, 9, 2, 10), '3');
      assert.ok(await vscode.workspace.applyEdit(typing), 'the proposal is editable');
      assert.strictEqual(proposal.isDirty, true);
      await vscode.commands.executeCommand('claudeAssistant.acceptEdit', diff.modified);
      assert.strictEqual(await proposed.decision, 'accepted');
      assert.strictEqual(document.getText(), 'export function pick(x: number): number {\r\n\tif (x > 2) {\r\n\t\treturn 3;\r\n\t}\r\n\treturn 0;\r\n}\r\n');
      assert.ok(!vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === diff.modified.toString())), 'the diff closed');
      await vscode.commands.executeCommand('undo');
      assert.strictEqual(document.getText(), CALC, 'Undo takes it back');
    });

    it('its diff, restored by a reload after the review ended with its window, reads as a note and is closed as a leftover', async () => {
      const proposed = await run();
      const tab = vscode.window.tabGroups.activeTabGroup.activeTab!;
      assert.ok(isReviewTab(tab), 'the diff is a review tab, which activation closes when a reload brings it back');
      const live = (tab.input as vscode.TabInputTextDiff).modified;
      await vscode.commands.executeCommand('claudeAssistant.rejectEdit', live);
      assert.strictEqual(await proposed.decision, 'rejected');
      // The same tab as an earlier window's: a proposal address this window never made.
      const earlier = live.with({ path: live.path.replace(/^\/[^/]+/, '/edit-earlierwindow-1') });
      await vscode.commands.executeCommand('vscode.diff', uri(), earlier, "calc.ts: current ↔ Claude's edit (editable)");
      assert.strictEqual((await vscode.workspace.openTextDocument(earlier)).getText(), GONE_PROPOSAL_NOTE, 'not an empty editor');
      assert.strictEqual(await closeLeftoverReviews(), true);
      assert.ok(!vscode.window.tabGroups.all.some((group) => group.tabs.some((open) => open.input instanceof vscode.TabInputTextDiff && open.input.modified.toString() === earlier.toString())));
      assert.strictEqual(document.getText(), CALC);
    });

    it('streams the replacement into the diff as the reply comes, then asks', async () => {
      server.reset();
      const lines = ['Changed it:\n```typescript\n', '\tif (x > 2) {\n', '\t\treturn 2;\n', '\t}\n', '```\n'];
      server.enqueue({ reply: textReply(lines), fault: { kind: 'slowChunks', delayMs: 400 } });
      let finished = false;
      const running = vscode.commands.executeCommand<ProposedEdit | undefined>('claudeAssistant.editSelection', 'return 2 above 2').then((proposed) => {
        finished = true;
        return proposed;
      });
      // The diff opens with the first line of code, while the rest is still on its way.
      let partial: string | undefined;
      const deadline = Date.now() + 20_000;
      while (partial === undefined && !finished && Date.now() < deadline) {
        const diff = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
        if (diff instanceof vscode.TabInputTextDiff && diff.modified.scheme === 'claude-assistant-review') partial = (await vscode.workspace.openTextDocument(diff.modified)).getText();
        else await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.ok(partial !== undefined && !finished, 'the diff showed before the reply ended');
      assert.ok(!partial.includes('\t\treturn 2;'), `only the code so far: ${JSON.stringify(partial)}`);
      assert.match(partial, /^export function pick\(x: number\): number \{\r\n\tif \(x > 2\) \{\r\n/, 'in the file\'s CRLF, around the text it replaces');
      const proposed = await running;
      assert.ok(proposed);
      const diff = vscode.window.tabGroups.activeTabGroup.activeTab?.input as vscode.TabInputTextDiff;
      assert.strictEqual((await vscode.workspace.openTextDocument(diff.modified)).getText(), 'export function pick(x: number): number {\r\n\tif (x > 2) {\r\n\t\treturn 2;\r\n\t}\r\n\treturn 0;\r\n}\r\n');
      await vscode.commands.executeCommand('claudeAssistant.acceptEdit');
      assert.strictEqual(await proposed.decision, 'accepted');
      assert.strictEqual(document.getText(), 'export function pick(x: number): number {\r\n\tif (x > 2) {\r\n\t\treturn 2;\r\n\t}\r\n\treturn 0;\r\n}\r\n');
      await vscode.commands.executeCommand('undo');
    });

    it('rejected, changes nothing', async () => {
      const proposed = await run();
      await vscode.commands.executeCommand('claudeAssistant.rejectEdit');
      assert.strictEqual(await proposed.decision, 'rejected');
      assert.strictEqual(document.getText(), CALC);
    });

    it('writes nothing when the file changed after the proposal', async () => {
      const proposed = await run();
      const edit = new vscode.WorkspaceEdit();
      edit.insert(uri(), new vscode.Position(5, 0), '// user typing\r\n');
      await vscode.workspace.applyEdit(edit);
      const changed = document.getText();
      await vscode.commands.executeCommand('claudeAssistant.acceptEdit');
      assert.strictEqual(await proposed.decision, 'stale');
      assert.strictEqual(document.getText(), changed);
    });
  });
});
