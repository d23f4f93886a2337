// Colour contrast as WCAG 2 defines it, and the nearest readable colour to a theme's own. Pure: the
// page reads colours from the theme (getComputedStyle) and asks here whether they can be read.

export interface Rgba {
  r: number;
  g: number;
  b: number;
  /** 0 (transparent) to 1 (opaque). */
  a: number;
}

/** WCAG AA for normal text. */
export const MIN_TEXT_CONTRAST = 4.5;

/** Reads what getComputedStyle gives for a colour: `rgb(…)`, `rgba(…)` or `color(srgb …)`. */
export function parseComputedColor(text: string): Rgba | undefined {
  const rgb = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+)(%?))?\s*\)$/.exec(text.trim());
  if (rgb) return { r: Number(rgb[1]), g: Number(rgb[2]), b: Number(rgb[3]), a: alpha(rgb[4], rgb[5]) };
  const srgb = /^color\(srgb\s+([\d.e-]+)\s+([\d.e-]+)\s+([\d.e-]+)(?:\s*\/\s*([\d.]+)(%?))?\s*\)$/.exec(text.trim());
  if (srgb) return { r: Number(srgb[1]) * 255, g: Number(srgb[2]) * 255, b: Number(srgb[3]) * 255, a: alpha(srgb[4], srgb[5]) };
  return undefined;
}

function alpha(value: string | undefined, percent: string | undefined): number {
  if (value === undefined) return 1;
  return percent ? Number(value) / 100 : Number(value);
}

/** `top` painted over `bottom`, as the browser blends them. */
export function composite(top: Rgba, bottom: Rgba): Rgba {
  const a = top.a + bottom.a * (1 - top.a);
  if (a === 0) return { r: 0, g: 0, b: 0, a: 0 };
  const mix = (t: number, b: number): number => (t * top.a + b * bottom.a * (1 - top.a)) / a;
  return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a };
}

function luminance({ r, g, b }: Rgba): number {
  const linear = (channel: number): number => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** The contrast ratio (1 to 21) of text in `foreground` over an opaque `background`. */
export function contrastRatio(foreground: Rgba, background: Rgba): number {
  const text = luminance(composite(foreground, background));
  const back = luminance(background);
  return (Math.max(text, back) + 0.05) / (Math.min(text, back) + 0.05);
}

/** `a` moved `amount` (0 to 1) of the way to `b`, in sRGB, as CSS `color-mix(in srgb, …)` does. */
export function mix(a: Rgba, b: Rgba, amount: number): Rgba {
  const step = (x: number, y: number): number => x + (y - x) * amount;
  return { r: step(a.r, b.r), g: step(a.g, b.g), b: step(a.b, b.b), a: step(a.a, b.a) };
}

/**
 * The theme's colour when it can be read on `background`; otherwise the least mix of it towards
 * `towards` (the theme's own text colour) that can, and towards black or white as a last resort.
 */
export function readableColor(color: Rgba, background: Rgba, towards: Rgba, minimum = MIN_TEXT_CONTRAST): Rgba {
  // A little above the minimum: the browser rounds channels to whole numbers when it paints.
  const target = minimum + 0.05;
  if (contrastRatio(color, background) >= target) return color;
  const black = { r: 0, g: 0, b: 0, a: 1 };
  const white = { r: 255, g: 255, b: 255, a: 1 };
  const extreme = contrastRatio(black, background) > contrastRatio(white, background) ? black : white;
  for (const end of [towards, extreme]) {
    for (let amount = 0.05; amount <= 1.0001; amount += 0.05) {
      const candidate = mix({ ...color, a: 1 }, { ...end, a: 1 }, amount);
      if (contrastRatio(candidate, background) >= target) return candidate;
    }
  }
  return extreme;
}

export function formatColor({ r, g, b }: Rgba): string {
  return `rgb(${Math.round(r)}, ${Math.round(g)}, ${Math.round(b)})`;
}
