/// <reference lib="dom" />
// Model output is untrusted: a corpus of hostile markdown must render as inert text, whether it
// arrives whole (a restored conversation) or streamed in small pieces (the open-block path).
import * as assert from 'assert';
import type { ChatPage } from './harness';
import { assistantTurn, usePage, userTurn } from './harness';

const longLine = 'A'.repeat(6000);
export const hostileCorpus = [
  '<script>window.__pwned = "script"</script>',
  '<img src=x onerror="window.__pwned = \'img\'">',
  '[click me](javascript:window.__pwned=\'js\') [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [vb](vbscript:msgbox) [cmd](command:workbench.action.terminal.new) [vs](vscode://file/etc/passwd)',
  '',
  '<a href="javascript:window.__pwned=\'raw\'">raw link</a> <a href="https://ok.example/" onclick="window.__pwned=\'click\'">raw ok</a>',
  '',
  '<iframe src="https://evil.example/" onload="window.__pwned=\'iframe\'"></iframe>',
  '',
  '<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned=\'svg\'"><script>window.__pwned="svg script"</script></svg>',
  '',
  '<style>body { display: none !important } * { background: url(https://evil.example/x.png) }</style>',
  '<div style="position:fixed;inset:0;z-index:9;background:red" class="jump turn">overlay</div>',
  '',
  '![pixel](https://tracker.example/pixel.gif) ![svg](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  '',
  '<form action="https://evil.example/"><input name="q" autofocus onfocus="window.__pwned=\'focus\'"><button>go</button></form>',
  '<object data="https://evil.example/x"></object><embed src="https://evil.example/y"><meta http-equiv="refresh" content="0;url=https://evil.example/"><base href="https://evil.example/"><link rel="stylesheet" href="https://evil.example/x.css">',
  '',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned=\'mxss\'">',
  '',
  '[ok link](https://ok.example/docs) and [a file](src/greet.ts#L2)',
  '',
  '```html',
  '<script>window.__pwned = "code"</script>',
  '```',
  '',
  longLine,
  '',
  '`' + 'B'.repeat(3000) + '`',
].join('\n');

async function assertInert(c: ChatPage): Promise<void> {
  // Error and load handlers fire asynchronously; give them the chance.
  await c.page.waitForTimeout(300);
  assert.strictEqual(await c.page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned), undefined, 'no injected code ran');
  const transcript = c.page.locator('#turns');
  const forbidden = await transcript.evaluate((root) => Array.from(root.querySelectorAll('script, img:not(.thumbnail), iframe, svg, style, object, embed, form, meta, base, link, math, video, audio, frame')).map((e) => e.tagName));
  assert.deepStrictEqual(forbidden, []);
  const badAttributes = await transcript.evaluate((root) => Array.from(root.querySelectorAll('*')).flatMap((element) => Array.from(element.attributes).filter((a) => /^on/i.test(a.name) || a.name === 'style' || a.name === 'id' || a.name === 'name').map((a) => `${element.tagName}[${a.name}]`)));
  assert.deepStrictEqual(badAttributes, []);
  const hrefs = await transcript.locator('a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  assert.deepStrictEqual(hrefs.filter((href) => !/^(https?:|file:|[^:]*$)/i.test(href)), [], 'only http(s), file and relative links keep an href');
  assert.ok(hrefs.includes('https://ok.example/docs') && hrefs.includes('src/greet.ts#L2'), 'good links survive');
  const classes = await transcript.locator('.markdown [class]').evaluateAll((elements) => elements.flatMap((e) => Array.from(e.classList)));
  assert.deepStrictEqual(classes.filter((name) => !/^(hljs|language-|code-|codicon|open-block|md-chunk|[a-z]+_$)/.test(name)), [], 'no classes from the model');
  assert.strictEqual(await c.page.locator('body').isVisible(), true);
  // The long line wraps or scrolls inside its block; the panel itself never scrolls sideways.
  const overflow = await c.page.evaluate(() => [document.documentElement.scrollWidth - document.documentElement.clientWidth, document.getElementById('transcript')!.scrollWidth - document.getElementById('transcript')!.clientWidth]);
  assert.deepStrictEqual(overflow, [0, 0]);
  assert.deepStrictEqual(await c.cspViolations(), [], 'nothing even tried to break the CSP');
}

describe('page: hostile model output', () => {
  const chat = usePage();
  const requestsElsewhere = (c: ChatPage): string[] => {
    const seen: string[] = [];
    c.page.on('request', (request) => {
      if (!request.url().startsWith('https://page.test/')) seen.push(request.url());
    });
    return seen;
  };

  it('renders the corpus inert when it arrives whole', async () => {
    const c = chat();
    const elsewhere = requestsElsewhere(c);
    await c.showConversation([userTurn('t1', hostileCorpus), assistantTurn('t2', hostileCorpus, { notice: hostileCorpus.slice(0, 300) })], { conversation: { id: 'c', title: '<img src=x onerror="window.__pwned=\'title\'">' } });
    await assertInert(c);
    const shown = await c.page.locator('article[data-turn-id="t2"] .markdown').innerText();
    assert.ok(shown.includes('<script>window.__pwned = "script"</script>'), `raw HTML shows as text: ${shown.slice(0, 200)}`);
    assert.deepStrictEqual(elsewhere, [], 'no request left the page');
  });

  it("keeps link syntax out of image addresses, and link clicks away from VS Code's frame", async () => {
    const c = chat();
    await c.showConversation([assistantTurn('t1', 'Look: ![x](#[Retry](command:workbench.action.reloadWindow)) and [docs](https://ok.example/docs).')]);
    const image = c.page.locator('a[title="Image: x"]');
    assert.strictEqual(await image.getAttribute('href'), '#%5BRetry%5D(command:workbench.action.reloadWindow)');
    // VS Code's webview frame listens on the window and opens links itself: no click may get there.
    await c.page.evaluate(() => {
      const w = window as unknown as { __reached: string[] };
      w.__reached = [];
      for (const type of ['click', 'auxclick']) window.addEventListener(type, (event) => void ((event.target as Element).closest('a') && w.__reached.push(type)));
    });
    await c.clearPosted();
    await image.click();
    await c.page.getByRole('link', { name: 'docs' }).click();
    await c.page.getByRole('link', { name: 'docs' }).click({ button: 'middle' });
    assert.deepStrictEqual(await c.page.evaluate(() => (window as unknown as { __reached: string[] }).__reached), []);
    assert.deepStrictEqual(await c.posted(), [
      { type: 'openLink', href: '#%5BRetry%5D(command:workbench.action.reloadWindow)' },
      { type: 'openLink', href: 'https://ok.example/docs' },
    ]);
  });

  it('renders the corpus inert while it streams in small pieces', async () => {
    const c = chat();
    const elsewhere = requestsElsewhere(c);
    await c.showConversation([userTurn('t1', 'go')], { busy: true });
    await c.send({ type: 'turnAdded', turn: { id: 't2', role: 'assistant', status: 'streaming', blocks: [] } });
    await c.send({ type: 'blockStarted', id: 't2', index: 0, block: { type: 'thinking', thinking: '' } }, { type: 'blockStarted', id: 't2', index: 1, block: { type: 'text', text: '' } });
    const pieces = hostileCorpus.match(/[\s\S]{1,7}/g)!;
    for (let i = 0; i < pieces.length; i += 40) {
      await c.send(...pieces.slice(i, i + 40).flatMap((append) => [{ type: 'blockDelta' as const, id: 't2', index: 0, append }, { type: 'blockDelta' as const, id: 't2', index: 1, append }]));
      await c.frame();
    }
    await assertInert(c);
    await c.send({ type: 'turnMeta', id: 't2', meta: { status: 'error', error: { title: '<b>bad</b>', detail: hostileCorpus.slice(0, 200), actions: ['retry'] } } });
    await assertInert(c);
    assert.deepStrictEqual(elsewhere, []);
  });
});
