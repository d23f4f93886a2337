import * as assert from 'assert';
import { randomBytes } from 'crypto';
import { chatHtml, makeNonce } from '../../src/chat/chatHtml';

describe('chatHtml', () => {
  const html = chatHtml({ cspSource: 'vscode-resource:', scriptUri: 'vscode-resource:/dist/webview.js', styleUri: 'vscode-resource:/dist/webview.css', nonce: 'abc123' });
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';

  it('has a strict CSP: nothing by default, nonce scripts, no network', () => {
    const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    assert.deepStrictEqual(directives.get('default-src'), ["'none'"]);
    assert.deepStrictEqual(directives.get('script-src'), ["'nonce-abc123'"]);
    assert.deepStrictEqual(directives.get('connect-src'), ["'none'"]);
    // Workers only from blobs the page makes of its own code: never a script from elsewhere.
    assert.deepStrictEqual(directives.get('worker-src'), ['blob:']);
    assert.ok(!csp.includes('unsafe'));
  });

  it('loads its one script by nonce and has no inline handlers', () => {
    assert.deepStrictEqual(html.match(/<script[^>]*>/g), ['<script nonce="abc123" src="vscode-resource:/dist/webview.js">']);
    assert.ok(!/\son[a-z]+=/i.test(html));
  });

  it('names its controls and marks the transcript as a log', () => {
    assert.match(html, /<textarea id="message" aria-label="Message"/);
    assert.match(html, /role="log" aria-label="Conversation"/);
    assert.match(html, />Send<\/button>/);
    assert.match(html, />Stop<\/button>/);
  });

  it('makes a fresh 32-character nonce each time', () => {
    const a = makeNonce(randomBytes);
    assert.match(a, /^[A-Za-z0-9]{32}$/);
    assert.notStrictEqual(a, makeNonce(randomBytes));
  });
});
