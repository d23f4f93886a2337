import * as assert from 'assert';
import { modelInfo, parseModelId } from '../../src/providers/modelCatalog';

describe('modelInfo', () => {
  const cases: Array<[id: string, family: string, version: string | undefined]> = [
    ['claude-sonnet-4-5', 'sonnet', '4.5'],
    ['claude-sonnet-4-5-20250929', 'sonnet', '4.5'],
    ['claude-sonnet-4.5', 'sonnet', '4.5'],
    ['claude-sonnet-4-5-20250929-thinking', 'sonnet', '4.5'],
    ['claude-opus-4-1-20250805-thinking', 'opus', '4.1'],
    ['claude-opus-4-20250514', 'opus', '4'],
    ['claude-haiku-4.5', 'haiku', '4.5'],
    ['claude-opus-4-8', 'opus', '4.8'],
    ['claude-opus-5', 'opus', '5'],
    ['claude-3-5-sonnet-20241022', 'sonnet', '3.5'],
    ['claude-3-7-sonnet-latest', 'sonnet', '3.7'],
    ['claude-3-opus-20240229', 'opus', '3'],
    ['anthropic/claude-sonnet-4.6', 'sonnet', '4.6'],
    ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'sonnet', '4.5'],
    ['CLAUDE-OPUS-4-6', 'opus', '4.6'],
  ];
  for (const [id, family, version] of cases) {
    it(`reads ${id} as ${family} ${version}`, () => {
      assert.deepStrictEqual(parseModelId(id).family, family);
      assert.deepStrictEqual(parseModelId(id).version, version);
      assert.strictEqual(modelInfo(id).known, true);
    });
  }

  it('knows limits, thinking mode, tool version and prices', () => {
    const sonnet45 = modelInfo('claude-sonnet-4.5');
    assert.deepStrictEqual(
      [sonnet45.displayName, sonnet45.contextWindow, sonnet45.maxOutputTokens, sonnet45.thinking, sonnet45.textEditorTool],
      ['Claude Sonnet 4.5', 200_000, 64_000, 'enabled', 'text_editor_20250728'],
    );
    assert.deepStrictEqual(sonnet45.prices, { input: 3, output: 15, cacheWrite5m: 3.75, cacheWrite1h: 6, cacheRead: 0.3 });
    assert.strictEqual(modelInfo('claude-opus-4-7').thinking, 'adaptive');
    assert.strictEqual(modelInfo('claude-opus-4-6').contextWindow, 1_000_000);
    assert.strictEqual(modelInfo('claude-3-7-sonnet-20250219').textEditorTool, 'text_editor_20250124');
    assert.deepStrictEqual(modelInfo('claude-haiku-4-5-20251001').prices?.cacheWrite1h, 2);
  });

  it('leaves thinking to the gateway for -thinking variants', () => {
    const info = modelInfo('claude-sonnet-4-5-20250929-thinking');
    assert.strictEqual(info.thinking, 'none');
    assert.strictEqual(info.thinkingByGateway, true);
  });

  it('gives unknown models safe defaults and no invented prices', () => {
    const info = modelInfo('my-private-model');
    assert.deepStrictEqual(
      [info.known, info.family, info.contextWindow, info.maxOutputTokens, info.thinking, info.prices, info.displayName],
      [false, 'unknown', 200_000, 8192, 'none', undefined, 'my-private-model'],
    );
    assert.strictEqual(modelInfo('claude-sonnet-9-9').known, false);
    assert.strictEqual(modelInfo('claude-opus-5').prices, undefined);
  });
});
