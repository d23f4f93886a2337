import * as assert from 'assert';
import { buildRequestContext, summarise } from '../../src/providers/requestContext';
import { modelInfo } from '../../src/providers/modelCatalog';
import { settingsFor } from './settingsFixture';

describe('buildRequestContext', () => {
  it('combines the profile, the environment and the settings', () => {
    const context = buildRequestContext(settingsFor('anthropic', { maxTokens: 1024 }), undefined, { ANTHROPIC_BASE_URL: 'http://127.0.0.1:9/', ANTHROPIC_AUTH_TOKEN: 'tok' });
    assert.deepStrictEqual(context, {
      endpoint: { baseUrl: 'http://127.0.0.1:9/', anthropicVersion: '2023-06-01', extraHeaders: {}, betas: [] },
      credentials: { key: 'tok', headerStyle: 'bearer', source: 'ANTHROPIC_AUTH_TOKEN' },
      model: 'claude-sonnet-5-5', modelInfo: modelInfo('claude-sonnet-5-5'), maxTokens: 1024, host: '127.0.0.1:9',
    });
  });

  it('refuses broken settings with a way to fix them', () => {
    assert.throws(() => buildRequestContext(settingsFor('anthropic', { baseUrl: 'nope' }), 'k', {}), (e: Error & { actions?: string[] }) => e.name === 'SetupError' && e.actions?.[0] === 'openSettings');
    assert.throws(() => buildRequestContext(settingsFor('custom', { baseUrl: 'https://x.example', authHeader: 'bearer' }), 'k', {}), /No model/);
    assert.throws(() => buildRequestContext(settingsFor('anthropic', { maxTokens: 0 }), 'k', {}), /Max Tokens/);
  });

  it('summarises the connection without the key', () => {
    const summary = summarise(settingsFor('anthropic'), 'sk-secret', {});
    assert.deepStrictEqual(summary, { profile: 'Anthropic', model: 'claude-sonnet-5-5', host: 'api.anthropic.com', hasCredentials: true, credentialSource: 'SecretStorage' });
    assert.ok(!JSON.stringify(summary).includes('sk-secret'));
  });
});
