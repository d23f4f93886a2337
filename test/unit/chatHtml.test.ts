import * as assert from 'assert';
import { randomBytes } from 'crypto';
import { chatHtml, makeNonce } from '../../src/chat/chatHtml';
import { buildRequestContext, summarise } from '../../src/chat/requestContext';
import type { Settings } from '../../src/config';
import { modelInfo } from '../../src/providers/modelCatalog';

describe('chatHtml', () => {
  const html = chatHtml({ cspSource: 'vscode-resource:', scriptUri: 'vscode-resource:/dist/webview.js', styleUri: 'vscode-resource:/dist/webview.css', nonce: 'abc123' });
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';

  it('has a strict CSP: nothing by default, nonce scripts, no network', () => {
    const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    assert.deepStrictEqual(directives.get('default-src'), ["'none'"]);
    assert.deepStrictEqual(directives.get('script-src'), ["'nonce-abc123'"]);
    assert.deepStrictEqual(directives.get('connect-src'), ["'none'"]);
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

describe('buildRequestContext', () => {
  const settings: Settings = { baseUrl: undefined, authHeader: 'x-api-key', anthropicVersion: '2023-06-01', model: 'claude-sonnet-4-5', maxTokens: 1024 };

  it('combines settings, key and environment', () => {
    const context = buildRequestContext(settings, undefined, { ANTHROPIC_BASE_URL: 'http://127.0.0.1:9/', ANTHROPIC_AUTH_TOKEN: 'tok' });
    assert.deepStrictEqual(context, {
      endpoint: { baseUrl: 'http://127.0.0.1:9/', anthropicVersion: '2023-06-01' },
      credentials: { key: 'tok', headerStyle: 'bearer', source: 'ANTHROPIC_AUTH_TOKEN' },
      model: 'claude-sonnet-4-5', modelInfo: modelInfo('claude-sonnet-4-5'), maxTokens: 1024, host: '127.0.0.1:9',
    });
  });

  it('refuses broken settings with a way to fix them', () => {
    assert.throws(() => buildRequestContext({ ...settings, baseUrl: 'nope' }, 'k', {}), (e: Error & { actions?: string[] }) => e.name === 'SetupError' && e.actions?.[0] === 'openSettings');
    assert.throws(() => buildRequestContext({ ...settings, model: '' }, 'k', {}), /No model/);
    assert.throws(() => buildRequestContext({ ...settings, maxTokens: 0 }, 'k', {}), /Max Tokens/);
  });

  it('summarises the connection without the key', () => {
    const summary = summarise(settings, 'sk-secret', {});
    assert.deepStrictEqual(summary, { model: 'claude-sonnet-4-5', host: 'api.anthropic.com', hasCredentials: true, credentialSource: 'SecretStorage' });
    assert.ok(!JSON.stringify(summary).includes('sk-secret'));
  });
});
