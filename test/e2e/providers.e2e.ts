// Provider profiles as a person uses them: choose a preset, set its key, test the connection,
// chat. The mock emulates each provider strictly, so a wrong header fails as it would for real.
import * as assert from 'assert';
import { textReply } from '../mock/server';
import { useE2eSession, waitForText } from './fixture';

const KEY = 'sk-e2e-provider-key';

describe('provider profiles in the workbench', function () {
  this.timeout(120_000);
  const session = useE2eSession();

  async function pickProfile(name: string): Promise<void> {
    const s = session();
    await s.runCommand('Claude Assistant: Select Provider Profile');
    const input = s.workbench.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible' });
    await input.fill(name);
    await s.workbench.page.locator(`.quick-input-list .monaco-list-row.focused[aria-label^="${name}"]`).waitFor({ timeout: 15_000 });
    await s.workbench.page.keyboard.press('Enter');
  }

  function notification(text: string) {
    return session().workbench.page.locator('.notifications-toasts .notification-toast', { hasText: text });
  }

  it('StarMagic: Bearer auth, no anthropic-version, its own model ids', async () => {
    const s = session();
    s.mock.configure({ provider: 'starmagic', strict: true, apiKey: KEY });
    await pickProfile('StarMagic');
    // No key is stored for the profile yet: the notification offers to set one.
    await notification('no API key is stored for StarMagic').getByRole('button', { name: 'Set API Key' }).click();
    await s.workbench.answerInputBox(KEY, { password: true });

    await s.runCommand('Claude Assistant: Test Connection');
    const connected = notification('connected to 127.0.0.1');
    await connected.waitFor({ timeout: 30_000 });
    assert.match(await connected.innerText(), /HTTP 200, claude-sonnet-4-5-20250929 answered, request id req_/);
    await s.workbench.screenshot('providers-1-test-connection');

    s.mock.enqueue({ reply: textReply('StarMagic says hello.') });
    await s.openChat();
    await s.send('Hello through StarMagic');
    await s.waitForTranscript('StarMagic says hello.');
    const request = s.mock.requests.filter((r) => r.path === '/v1/messages').at(-1)!;
    assert.strictEqual(request.headers['authorization'], `Bearer ${KEY}`);
    assert.strictEqual(request.headers['x-api-key'], undefined);
    assert.strictEqual(request.headers['anthropic-version'], undefined);
    assert.strictEqual((request.body as { model: string }).model, 'claude-sonnet-4-5-20250929');
    await waitForText(s.chat().locator('header, .status').first(), 'StarMagic');
    await s.workbench.screenshot('providers-2-starmagic-chat');
  });

  it('Qingbo: the header form is found by Test Connection and kept, dotted model ids work', async () => {
    const s = session();
    s.mock.configure({ provider: 'qingbo', strict: true, apiKey: KEY });
    await pickProfile('Qingbo');
    await notification('no API key is stored for Qingbo').getByRole('button', { name: 'Set API Key' }).click();
    await s.workbench.answerInputBox(KEY, { password: true });
    // Its documentation does not say which header carries the key: Test Connection runs and asks.
    const found = notification('accepts the key as x-api-key');
    await found.waitFor({ timeout: 30_000 });
    await s.workbench.screenshot('providers-3-qingbo-detected');
    await found.getByRole('button', { name: 'Use x-api-key' }).click();

    s.mock.enqueue({ reply: textReply('Qingbo says hello.') });
    await s.openChat();
    await s.send('Hello through Qingbo');
    await s.waitForTranscript('Qingbo says hello.');
    const request = s.mock.requests.filter((r) => r.path === '/v1/messages').at(-1)!;
    assert.strictEqual(request.headers['x-api-key'], KEY);
    assert.strictEqual(request.headers['anthropic-version'], '2023-06-01');
    assert.strictEqual((request.body as { model: string }).model, 'claude-sonnet-4.5');
  });
});
