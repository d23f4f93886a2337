import * as assert from 'assert';
import { composite, contrastRatio, formatColor, parseComputedColor, readableColor, type Rgba } from '../../src/webview/colorContrast';

const rgb = (r: number, g: number, b: number, a = 1): Rgba => ({ r, g, b, a });

describe('colour contrast', () => {
  it('reads the colour forms getComputedStyle returns', () => {
    assert.deepStrictEqual(parseComputedColor('rgb(38, 127, 153)'), rgb(38, 127, 153));
    assert.deepStrictEqual(parseComputedColor('rgba(220, 220, 220, 0.4)'), rgb(220, 220, 220, 0.4));
    assert.deepStrictEqual(parseComputedColor('color(srgb 1 0.5 0 / 50%)'), rgb(255, 127.5, 0, 0.5));
    assert.strictEqual(parseComputedColor('var(--x)'), undefined);
  });

  it('computes WCAG contrast ratios', () => {
    assert.strictEqual(contrastRatio(rgb(0, 0, 0), rgb(255, 255, 255)), 21);
    assert.strictEqual(contrastRatio(rgb(10, 20, 30), rgb(10, 20, 30)), 1);
    // #767676 on white is the classic 4.54:1.
    assert.strictEqual(Math.round(contrastRatio(rgb(118, 118, 118), rgb(255, 255, 255)) * 100) / 100, 4.54);
  });

  it('blends a translucent background over the one beneath it', () => {
    assert.deepStrictEqual(composite(rgb(0, 0, 0, 0.5), rgb(255, 255, 255)), rgb(127.5, 127.5, 127.5));
  });

  it('keeps a theme colour that can be read', () => {
    const blue = rgb(0, 0, 255);
    assert.strictEqual(readableColor(blue, rgb(255, 255, 255), rgb(0, 0, 0)), blue);
  });

  it('moves a colour that cannot be read just far enough towards the text colour', () => {
    // Light Modern's class colour (#d67e00) on its code block background (#f8f8f8): 2.9:1.
    const background = rgb(248, 248, 248);
    const orange = rgb(214, 126, 0);
    assert.ok(contrastRatio(orange, background) < 3);
    const fixed = readableColor(orange, background, rgb(59, 59, 59));
    assert.ok(contrastRatio(fixed, background) >= 4.5, formatColor(fixed));
    assert.ok(contrastRatio(fixed, background) < 5, `the least mix that passes: ${formatColor(fixed)}`);
    assert.ok(fixed.r > fixed.b + 40, `keeps its hue: ${formatColor(fixed)}`);
  });

  it('falls back to black or white when even the text colour cannot be read', () => {
    const fixed = readableColor(rgb(120, 120, 120), rgb(128, 128, 128), rgb(130, 130, 130));
    assert.ok(contrastRatio(fixed, rgb(128, 128, 128)) >= 4.5);
  });
});
