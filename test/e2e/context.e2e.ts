// Context as a person steers it, in the real workbench with the packaged extension: Add Selection
// from the editor's context menu, the chip (open, remove), @file from the keyboard, Send with the
// mock recording what went, the Ask keybinding, and Edit Selection accepted in the diff.
import * as assert from 'assert';
import { textReply, type RecordedRequest } from '../mock/server';
import { useE2eSession, waitForText } from './fixture';

const apiKey = 'sk-ant-e2e-context-0123456789';

function lastUserText(requests: readonly RecordedRequest[]): string {
  const body = requests.filter((request) => request.method === 'POST' && request.path === '/v1/messages').at(-1)?.body as { messages: Array<{ role: string; content: unknown }> } | undefined;
  const content = body?.messages.at(-1)?.content;
  if (typeof content === 'string') return content;
  return ((content ?? []) as Array<{ type: string; text?: string }>).filter((block) => block.type === 'text').map((block) => block.text ?? '').join('');
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('e2e: context chips, @ mentions and Edit Selection', function () {
  this.timeout(180_000);
  const session = useE2eSession();

  it('steers the context of a message from the mouse and the keyboard, and edits in place', async () => {
    const s = session();
    const { page } = s.workbench;
    await s.ensureApiKey(apiKey);
    await s.openChat();
    const chat = s.chat();

    // Select the first two lines of src/greet.ts, right-click, Claude Assistant → Add Selection to Chat.
    await s.workbench.quickOpen('greet.ts');
    const lines = page.locator('.editor-instance .view-lines');
    await lines.waitFor();
    await lines.click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+End');
    await page.locator('.editor-instance .view-line').first().click({ button: 'right', position: { x: 30, y: 5 } });
    await page.getByRole('menuitem', { name: 'Claude Assistant' }).hover();
    const add = page.getByRole('menuitem', { name: 'Add Selection to Chat' });
    await add.click();
    // A click that lands while the submenu is still opening only highlights the item; Enter runs it.
    if (await add.isVisible().catch(() => false)) await page.keyboard.press('Enter');
    const chip = chat.getByRole('button', { name: /^src\/greet\.ts, lines 1-2/ });
    await chip.waitFor({ timeout: 15_000 });
    await s.workbench.screenshot('context-1-chip-added');
    // Counting the context (count_tokens) or listing models may reach the provider; no message may.
    assert.strictEqual(s.mock.requests.filter((request) => request.path === '/v1/messages').length, 0, 'attaching sent nothing');

    // The chip opens the range: close the editor, click the chip, the file comes back with the lines selected.
    await page.keyboard.press('Control+Home');
    await s.runCommand('View: Close All Editors');
    await chip.click();
    await page.getByRole('tab', { name: /greet\.ts/ }).waitFor();
    await until(async () => /\(\d+ selected\)/.test(await page.locator('.statusbar').innerText()), 'the range to be selected');
    await s.workbench.screenshot('context-2-chip-opened');

    // Delete on the focused chip removes it.
    await chip.focus();
    await page.keyboard.press('Delete');
    await chip.waitFor({ state: 'detached' });
    await s.workbench.screenshot('context-3-chip-removed');

    // @file from the keyboard: type @fi, Enter picks @file, the file picker opens; README.md, Enter.
    const box = chat.getByRole('textbox', { name: 'Message', exact: true });
    await box.click();
    await page.keyboard.type('Summarise @fi');
    await chat.getByRole('listbox', { name: 'Mentions' }).waitFor();
    await s.workbench.screenshot('context-4-mention-list');
    await page.keyboard.press('Enter');
    const picker = page.locator('.quick-input-widget .quick-input-box input');
    await picker.waitFor({ state: 'visible' });
    // Typed into the picker itself: keys pressed while focus is still on its way can land in the composer.
    await picker.fill('README');
    await page.locator('.quick-input-list .monaco-list-row.focused[aria-label*="README.md"]').waitFor();
    await s.workbench.screenshot('context-5-file-picker');
    await page.keyboard.press('Enter');
    await chat.getByRole('button', { name: /^README\.md, lines 1-3/ }).waitFor({ timeout: 15_000 });
    assert.strictEqual(await box.inputValue(), 'Summarise ', 'the mention became a chip');
    await s.workbench.screenshot('context-6-file-chip');

    // The panel reloaded keeps the chip, as it keeps the draft.
    await s.runCommand('Developer: Reload Webviews');
    await chat.getByRole('button', { name: /^README\.md, lines 1-3/ }).waitFor({ timeout: 30_000 });
    assert.strictEqual(await box.inputValue(), 'Summarise ', 'the draft came back with it');
    await s.workbench.screenshot('context-6b-reloaded');

    // Send: the mock records exactly the attachment, then the question.
    s.mock.enqueue({ reply: textReply('A sample project for the tests.') });
    await box.focus();
    await page.keyboard.press('Enter');
    await s.waitForTranscript('A sample project for the tests.');
    assert.strictEqual(lastUserText(s.mock.requests), 'README.md, lines 1-3\n```markdown\n# Sample project\n\nA small folder for the Claude Assistant end-to-end tests.\n```\n\nSummarise');
    assert.strictEqual(await chat.locator('#attachments .chip').count(), 0, 'sending took the chips');
    const sent = chat.getByRole('list', { name: 'Context sent' });
    assert.strictEqual(await sent.getByRole('listitem').first().innerText(), 'README.md:1-3', 'the transcript shows a chip, not the fenced file');
    assert.ok(!(await chat.getByRole('log').innerText()).includes('# Sample project'));
    await s.workbench.screenshot('context-7-sent');

    // The Ask keybinding: Ctrl+K A in the editor, a question, Enter.
    s.mock.reset();
    s.mock.enqueue({ reply: textReply('It greets someone by name.') });
    await lines.click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Shift+End');
    await page.keyboard.press('Control+K');
    await page.keyboard.press('A');
    await s.workbench.answerInputBox('What does this declare?');
    await s.waitForTranscript('It greets someone by name.');
    assert.strictEqual(lastUserText(s.mock.requests), 'src/greet.ts, line 1\nThe block shows lines 1-3, with surrounding context.\n```typescript\nexport function greet(name: string): string {\n  return `Hello, ${name}!`;\n}\n```\n\nWhat does this declare?');
    await s.workbench.screenshot('context-8-ask-keybinding');

    // Edit Selection: Ctrl+K Shift+I on line 2, an instruction, the diff, Accept.
    s.mock.reset();
    s.mock.enqueue({ reply: textReply('Here it is:\n```ts\n  return `Hello, ${name.trim()}!`;\n```\n') });
    await lines.click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+End');
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Shift+I');
    await s.workbench.answerInputBox('Trim the name');
    await page.getByRole('tab', { name: /Claude's edit/ }).waitFor({ timeout: 30_000 });
    assert.match(lastUserText(s.mock.requests), /Trim the name\n\nReply with the new text for line 2 of src\/greet\.ts only/);
    // The proposal side is read from the review file system; the picture waits for it to show.
    await waitForText(page.locator('.monaco-diff-editor .editor.modified .view-lines'), 'name.trim()');
    await s.workbench.screenshot('context-9-edit-diff');
    await page.getByRole('button', { name: 'Accept Edit' }).first().click();
    await page.getByRole('tab', { name: /Claude's edit/ }).waitFor({ state: 'detached' });
    await waitForText(page.locator('.editor-instance .view-lines').first(), 'name.trim()');
    await s.workbench.screenshot('context-10-edit-accepted');
    // That the file is left unsaved is checked in the extension host (test/integration/context.test.ts).
  });
});
