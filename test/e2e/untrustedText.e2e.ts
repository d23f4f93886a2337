// Untrusted text in front of the user, in the real workbench: what the model, the provider and the
// workspace say must never become a clickable command in a notification, dialog or input box, and
// a link to this computer opens only after the user says so.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { textReply } from '../mock/server';
import { useE2eSession, waitForText, type E2eSession } from './fixture';

const apiKey = 'sk-ant-e2e-untrusted-0123456789';
/** Types and runs a shell command in the open terminal, if the link were ever clicked. */
const sendSequence = 'command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22echo%20pwned%5Cn%22%7D';
/** Short enough to survive the refused-link warning's 80-character cut. */
const reload = 'command:workbench.action.reloadWindow';

const messageSurfaces = '.notifications-toasts, .notifications-center, .monaco-dialog-box, .quick-input-widget';

/** Every link in a notification or dialog that would run a command when clicked. */
async function commandLinks(page: Page): Promise<string[]> {
  return page.locator(messageSurfaces).evaluateAll((surfaces) =>
    surfaces.flatMap((surface) =>
      Array.from(surface.querySelectorAll('a[href], [data-href]'))
        .map((link) => link.getAttribute('href') ?? link.getAttribute('data-href') ?? '')
        .filter((href) => /^\s*(command|vscode[\w+.-]*):/i.test(href)),
    ),
  );
}

function toast(s: E2eSession, text: string) {
  return s.workbench.page.locator('.notifications-toasts .notification-toast', { hasText: text });
}

/** Waits until the toast has slid in, so that a screenshot shows it. */
async function shown(s: E2eSession, text: string) {
  const locator = toast(s, text);
  await locator.and(s.workbench.page.locator('.notification-fade-in-done')).waitFor({ timeout: 30_000 });
  return locator;
}

async function clearNotifications(s: E2eSession): Promise<void> {
  await s.runCommand('Notifications: Clear All Notifications');
  await s.workbench.page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'hidden', timeout: 15_000 }).catch(() => undefined);
}

async function newChat(s: E2eSession): Promise<void> {
  await s.ensureApiKey(apiKey);
  await s.newChat();
  await s.chat().getByRole('textbox', { name: 'Message' }).waitFor({ timeout: 60_000 });
}

describe('untrusted text in the workbench', function () {
  this.timeout(120_000);
  const session = useE2eSession();

  afterEach(async () => {
    const s = session();
    // Whatever a test left open (a dialog, a toast) must not leak into the next one.
    await s.workbench.page.keyboard.press('Escape').catch(() => undefined);
    await clearNotifications(s).catch(() => undefined);
  });

  it('Apply to File: a fence path with a command link is refused, and a file name with link syntax stays text in the prompt and the stale-file warning', async () => {
    const s = session();
    await newChat(s);
    const fence = ['Run this first:', '', '```sh [scripts/setup.sh](' + sendSequence + ')', 'echo setup', '```'].join('\n');
    s.mock.enqueue({ reply: textReply(fence) });
    await s.send('How do I set up?');
    await s.waitForTranscript('echo setup');
    await s.chat().locator('.code-block').getByRole('button', { name: /^Apply to File/ }).click();
    // A path with a colon (a scheme, a drive, a stream) is never a workspace path.
    const refused = await shown(s, 'did not apply the code');
    await s.workbench.screenshot('untrusted-1-apply-refused');
    assert.deepStrictEqual(await commandLinks(s.workbench.page), [], 'no command link in the refusal');
    assert.match(await refused.innerText(), /it contains a colon/);
    await clearNotifications(s);

    // A file whose name is link syntax, changed on disk between the proposal and Apply.
    const name = '[notes.md](reload)';
    const file = path.join(s.workspaceDir, name);
    fs.writeFileSync(file, 'first\n');
    s.mock.enqueue({ reply: textReply(['```markdown path=' + name, 'second', '```'].join('\n')) });
    await s.send('Rewrite the notes.');
    await s.waitForTranscript('second');
    await s.chat().locator('.code-block').last().getByRole('button', { name: /^Apply to File/ }).click();
    const prompt = await shown(s, "Apply Claude's code to");
    await s.workbench.screenshot('untrusted-2-apply-prompt');
    assert.deepStrictEqual(await commandLinks(s.workbench.page), [], 'no command link in the Apply prompt');
    assert.match(await prompt.innerText(), /Apply Claude's code to ⟦notes\.md⟧❨reload❩\?/);
    fs.writeFileSync(file, 'changed on disk\n');
    await s.workbench.page.locator('.monaco-diff-editor .editor.original', { hasText: 'changed on disk' }).waitFor({ timeout: 30_000 });
    await prompt.getByRole('button', { name: 'Apply' }).click();
    const stale = await shown(s, 'changed since the proposal was made');
    await s.workbench.screenshot('untrusted-3-stale-file');
    assert.deepStrictEqual(await commandLinks(s.workbench.page), [], 'no command link in the stale-file warning');
    assert.match(await stale.innerText(), /⟦notes\.md⟧❨reload❩ changed since/);
    assert.strictEqual(fs.readFileSync(file, 'utf8'), 'changed on disk\n', 'nothing was written');
  });

  it('a refused link: an image whose address carries a command link is repeated as text', async () => {
    const s = session();
    await newChat(s);
    s.mock.enqueue({ reply: textReply(`Look: ![x](#[Retry](${reload}))`) });
    await s.send('Show me the picture.');
    await s.waitForTranscript('Image: x');
    await s.chat().locator('a[title="Image: x"]').click();
    const warning = await shown(s, 'did not open');
    await s.workbench.screenshot('untrusted-4-refused-link');
    assert.deepStrictEqual(await commandLinks(s.workbench.page), [], 'no command link in the refused-link warning');
    assert.doesNotMatch(await warning.innerText(), /\[Retry\]/);
  });

  it("Test Connection: the provider's error message and the model it names stay text", async () => {
    const s = session();
    await s.ensureApiKey(apiKey);
    s.mock.enqueue({ fault: { kind: 'httpError', status: 400, message: `Unknown model. [Retry](${sendSequence})` } });
    await s.runCommand('Claude Assistant: Test Connection');
    const failed = await shown(s, 'could not use');
    await waitForText(failed, 'Unknown model.');
    await s.workbench.screenshot('untrusted-5-test-connection-error');
    assert.deepStrictEqual(await commandLinks(s.workbench.page), [], 'no command link in the error');
    await clearNotifications(s);

    s.mock.enqueue({ reply: textReply('pong', { model: `claude-sonnet-4-5 [Retry](${sendSequence})` }) });
    await s.runCommand('Claude Assistant: Test Connection');
    const connected = await shown(s, 'connected to 127.0.0.1');
    await s.workbench.screenshot('untrusted-6-test-connection-model');
    assert.deepStrictEqual(await commandLinks(s.workbench.page), [], 'no command link in the report');
    assert.match(await connected.innerText(), /claude-sonnet-4-5 ⟦Retry⟧❨command∶/);
  });

  it('an input box: a workspace file whose name is a command link stays text in the Ask About Selection prompt', async () => {
    const s = session();
    const page = s.workbench.page;
    await s.ensureApiKey(apiKey);
    // Input boxes render their prompt's links and open them with commands allowed.
    const name = `[Open](${reload}).md`;
    fs.writeFileSync(path.join(s.workspaceDir, name), 'first line\n');
    await s.workbench.quickOpen('reloadWindow');
    const lines = page.locator('.editor-instance .view-lines');
    await lines.waitFor();
    await lines.click();
    await page.keyboard.press('Control+A');
    await s.runCommand('Claude Assistant: Ask About Selection');
    const prompt = page.locator('.quick-input-widget .quick-input-message', { hasText: 'About' });
    await prompt.waitFor({ timeout: 30_000 });
    await s.workbench.screenshot('untrusted-8-input-box-prompt');
    assert.deepStrictEqual(await commandLinks(page), [], 'no command link in the input box');
    assert.match(await prompt.innerText(), /About ⟦Open⟧❨command∶workbench\.action\.reloadWindow❩\.md:1-\d/);
    await page.keyboard.press('Escape');
    await s.runCommand('View: Close All Editors');
  });

  it('a link to this computer asks first, and the webview frame does not open it on its own', async () => {
    const s = session();
    await newChat(s);
    const page = s.workbench.page;
    const secret = `${s.mock.url}/local-secret`;
    s.mock.enqueue({ reply: textReply(`The dev server: [open it](${secret}).`) });
    await s.send('Where is the dev server?');
    await s.waitForTranscript('open it');
    const popups: string[] = [];
    page.context().on('page', (popup) => popups.push(popup.url()));
    const visits = (): number => s.mock.requests.filter((request) => request.path === '/local-secret').length;

    await s.chat().getByRole('link', { name: 'open it' }).click();
    const dialog = page.locator('.monaco-dialog-box', { hasText: 'Open a link to this computer?' });
    await dialog.waitFor({ timeout: 30_000 });
    await waitForText(dialog, secret);
    await s.workbench.screenshot('untrusted-7-loopback-dialog');
    // The click's own effects (VS Code's frame opening the link) would have happened by now.
    await page.waitForTimeout(1_000);
    assert.deepStrictEqual([popups, visits()], [[], 0], 'nothing opened before the answer');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.waitForTimeout(1_000);
    assert.deepStrictEqual([popups, visits()], [[], 0], 'nothing opened after Cancel');

    await s.chat().getByRole('link', { name: 'open it' }).click();
    await dialog.waitFor({ timeout: 30_000 });
    await dialog.getByRole('button', { name: 'Open Link' }).click();
    await waitUntil(() => popups.length > 0 || visits() > 0, 'the link to open after Open Link');
  });
});

async function waitUntil(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
