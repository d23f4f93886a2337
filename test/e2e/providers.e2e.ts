// Provider profiles as a person uses them: choose a preset, give what its documentation leaves out
// (base URL, key), chat. The mock emulates each provider strictly, so a wrong header fails as it
// would for real.
import * as assert from 'assert';
import { textReply } from '../mock/server';
import { type E2eSession, useE2eSession, waitForText } from './fixture';

const KEY = 'sk-e2e-provider-key';

/**
 * Select Provider Profile, and its picker's box once it is the one shown: the palette closes after
 * the command starts, and text typed before the picker opens would go to the palette.
 */
async function openProfilePicker(s: E2eSession) {
  await s.runCommand('Claude Assistant: Select Provider Profile');
  const input = s.workbench.page.locator('.quick-input-widget .quick-input-box input[placeholder="Where should requests go?"]');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  return input;
}

describe('provider profiles in the workbench', function () {
  this.timeout(120_000);
  const session = useE2eSession();

  async function pickProfile(name: string): Promise<void> {
    const s = session();
    const input = await openProfilePicker(s);
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
    assert.match(await connected.innerText(), /HTTP 200, claude-sonnet-4-6 answered, request id req_/);
    await s.workbench.screenshot('providers-1-test-connection');

    s.mock.enqueue({ reply: textReply('StarMagic says hello.') });
    await s.openChat();
    await s.send('Hello through StarMagic');
    await s.waitForTranscript('StarMagic says hello.');
    const request = s.mock.requests.filter((r) => r.path === '/v1/messages').at(-1)!;
    assert.strictEqual(request.headers['authorization'], `Bearer ${KEY}`);
    assert.strictEqual(request.headers['x-api-key'], undefined);
    assert.strictEqual(request.headers['anthropic-version'], undefined);
    assert.strictEqual((request.body as { model: string }).model, 'claude-sonnet-4-6');
    await waitForText(s.chat().locator('header, .status').first(), 'StarMagic');
    await s.workbench.screenshot('providers-2-starmagic-chat');
  });
});

// Qingbo's and APIMart's pages state neither their base URL nor the header form; the real service
// takes one form.
describe('Qingbo and APIMart in the workbench, with nothing but their base URL and key', function () {
  this.timeout(120_000);
  // No base URL override: the profile's own is asked for, as a new user meets it.
  const session = useE2eSession({ settings: { 'claudeAssistant.baseUrl': '' } });

  it('asks for the base URL, learns the key header on the first message, and answers', async () => {
    const s = session();
    s.mock.configure({ provider: 'qingbo', strict: true, apiKey: KEY, demandAuth: 'bearer' });
    await (await openProfilePicker(s)).fill('Qingbo');
    await s.workbench.page.locator('.quick-input-list .monaco-list-row.focused[aria-label^="Qingbo"]').waitFor({ timeout: 15_000 });
    await s.workbench.page.keyboard.press('Enter');
    // Its documentation states no base URL: asked for, with the documentation's address.
    await waitForText(s.workbench.page.locator('.quick-input-widget'), 'docs.qingbo.dev');
    await s.workbench.screenshot('providers-3-qingbo-base-url');
    await s.workbench.answerInputBox(s.mock.url);
    await s.workbench.page.locator('.notifications-toasts .notification-toast', { hasText: 'no API key is stored for Qingbo' }).getByRole('button', { name: 'Set API Key' }).click();
    await s.workbench.answerInputBox(KEY, { password: true });

    s.mock.enqueue({ reply: textReply('Qingbo says hello.') });
    await s.openChat();
    await s.send('Hello through Qingbo');
    await s.waitForTranscript('Qingbo says hello.');
    await s.waitForTranscript('Qingbo took the key as Authorization: Bearer; remembered for this profile.');
    await s.workbench.screenshot('providers-4-qingbo-learned');
    const requests = s.mock.requests.filter((r) => r.path === '/v1/messages');
    assert.deepStrictEqual(requests.map((r) => [r.headers['x-api-key'] !== undefined, r.headers['authorization'] !== undefined]), [[true, false], [false, true]]);
    assert.strictEqual(requests[1].headers['anthropic-version'], '2023-06-01');
    assert.strictEqual((requests[1].body as { model: string }).model, 'claude-sonnet-4.6');
  });

  it('asks for the base URL when the first message is sent, and Test Connection shows and forgets the learned header', async () => {
    const s = session();
    const quickInput = s.workbench.page.locator('.quick-input-widget');
    s.mock.configure({ provider: 'apimart', strict: true, apiKey: KEY, demandAuth: 'x-api-key' });
    await (await openProfilePicker(s)).fill('APIMart');
    await s.workbench.page.locator('.quick-input-list .monaco-list-row.focused[aria-label^="APIMart"]').waitFor({ timeout: 15_000 });
    await s.workbench.page.keyboard.press('Enter');
    // The base URL box is dismissed: the profile is chosen, the URL still missing.
    await waitForText(quickInput, 'docs.apimart.ai');
    await s.workbench.page.keyboard.press('Escape');
    await quickInput.waitFor({ state: 'hidden' });
    await s.setApiKey(KEY);

    // The chat's page loaded and empty before typing: a New Chat that lands late would wipe the message.
    await s.openChat();
    await s.newChat();
    s.mock.enqueue({ reply: textReply('APIMart says hello.') });
    await s.send('Hello through APIMart');
    // Sending asks for it, with the documentation's address, and checks what is typed.
    await waitForText(quickInput, 'docs.apimart.ai');
    const input = quickInput.locator('.quick-input-box input');
    await input.pressSequentially('api.apimart');
    await waitForText(quickInput, 'is not a valid URL');
    await s.workbench.screenshot('providers-5-apimart-base-url-on-send');
    await input.fill('');
    await s.workbench.answerInputBox(s.mock.url);
    await s.waitForTranscript('APIMart says hello.');
    await s.waitForTranscript('APIMart took the key as x-api-key; remembered for this profile.');
    assert.deepStrictEqual(s.mock.requests.filter((r) => r.path === '/v1/messages').map((r) => r.headers['authorization'] === undefined && r.headers['x-api-key'] === KEY), [true]);

    // Test Connection shows what the first message taught, and from which answer; it can forget it.
    await s.runCommand('Claude Assistant: Test Connection');
    const connected = s.workbench.page.locator('.notifications-toasts .notification-toast', { hasText: 'connected to 127.0.0.1' });
    await connected.waitFor({ timeout: 30_000 });
    assert.match(await connected.innerText(), /Key header x-api-key, learned .* UTC from HTTP 200 to POST \/v1\/messages with x-api-key, request id req_/);
    const forget = connected.getByRole('button', { name: 'Forget Learned Header' });
    await forget.waitFor();
    await s.workbench.screenshot('providers-6-apimart-learned-header');
    await forget.click();

    // Forgotten: the next message learns it again and says so.
    s.mock.reset();
    await s.newChat();
    s.mock.enqueue({ reply: textReply('APIMart again.') });
    await s.send('Hello once more');
    await s.waitForTranscript('APIMart again.');
    await s.waitForTranscript('APIMart took the key as x-api-key; remembered for this profile.');
  });
});
