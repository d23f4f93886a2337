import * as assert from 'assert';
import { fastTextDelta } from '../../src/api/messageAccumulator';

const compact = (text: string, index = 0) => JSON.stringify({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } });

describe('fastTextDelta', () => {
  const texts = ['plain', '', 'with "quotes"', 'back\\slash', 'line\nbreak\ttab', 'unicode é ✓ 日本語', 'emoji 🎉 \ud83d\ude00', 'control \u0001 and \u2028', '"', '\\', 'ends with backslash\\', '}}', '","x":"y'];

  it('reads exactly what JSON.parse reads, for every kind of text', () => {
    for (const text of texts) {
      for (const index of [0, 3, 12]) {
        const data = compact(text, index);
        const parsed = JSON.parse(data) as { index: number; delta: { text: string } };
        assert.deepStrictEqual(fastTextDelta(data), { index: parsed.index, text: parsed.delta.text }, data);
      }
    }
  });

  it('declines anything not in the compact text_delta shape, leaving it to JSON.parse', () => {
    const declined = [
      '{"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "spaced"}}',
      '{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"x"}}',
      '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a","extra":1}}',
      '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a","b":"c"}}',
      '{"type":"content_block_delta","index":x,"delta":{"type":"text_delta","text":"a"}}',
      '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"bad \\q escape"}}',
      '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":1}}',
    ];
    for (const data of declined) assert.strictEqual(fastTextDelta(data), undefined, data);
  });
});
