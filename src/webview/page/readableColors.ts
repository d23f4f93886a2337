// Highlight colours come from the theme, but some themes pair a token colour with a code block
// background it cannot be read on (Light Modern's class colour, #d67e00, is 2.9:1 on its code blocks). Each token colour is checked
// against the code block as painted, and only those that fall short are replaced, by the least mix
// of the same colour towards the theme's code text colour that reaches 4.5:1. Checked again whenever
// VS Code changes the theme (it rewrites the root's variables and the body's classes).
import { composite, formatColor, parseComputedColor, readableColor, type Rgba } from '../colorContrast';

/** The --hl-* variables style.css reads, and a class that shows each. */
const TOKENS: ReadonlyArray<readonly [variable: string, className: string]> = [
  ['--hl-comment', 'hljs-comment'],
  ['--hl-keyword', 'hljs-keyword'],
  ['--hl-string', 'hljs-string'],
  ['--hl-number', 'hljs-number'],
  ['--hl-title', 'hljs-title'],
  ['--hl-type', 'hljs-type'],
  ['--hl-variable', 'hljs-variable'],
  ['--hl-name', 'hljs-name'],
  ['--hl-meta', 'hljs-meta'],
  ['--hl-addition', 'hljs-addition'],
  ['--hl-deletion', 'hljs-deletion'],
];

const WHITE: Rgba = { r: 255, g: 255, b: 255, a: 1 };

export function keepCodeColorsReadable(): void {
  checkCodeColors();
  const observer = new MutationObserver(() => checkCodeColors());
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
}

/** Sets the replacements on the body (CSSOM, which the page's CSP allows); removes the rest. */
export function checkCodeColors(): void {
  const body = document.body;
  for (const [variable] of TOKENS) body.style.removeProperty(variable);
  const probe = document.createElement('div');
  probe.className = 'code-block contrast-probe';
  probe.setAttribute('aria-hidden', 'true');
  const pre = document.createElement('pre');
  const code = document.createElement('code');
  for (const [, className] of TOKENS) {
    const span = document.createElement('span');
    span.className = className;
    span.textContent = 'x';
    code.append(span);
  }
  pre.append(code);
  probe.append(pre);
  body.append(probe);
  try {
    const color = (element: Element, property: 'color' | 'backgroundColor'): Rgba | undefined => parseComputedColor(getComputedStyle(element)[property]);
    const page = composite(color(body, 'backgroundColor') ?? WHITE, color(document.documentElement, 'backgroundColor') ?? WHITE);
    const background = composite(color(probe, 'backgroundColor') ?? { ...WHITE, a: 0 }, { ...page, a: 1 });
    const text = color(code, 'color');
    if (!text) return;
    TOKENS.forEach(([variable], index) => {
      const token = color(code.children[index], 'color');
      if (!token) return;
      const readable = readableColor(token, background, text);
      if (readable !== token) body.style.setProperty(variable, formatColor(readable));
    });
  } finally {
    probe.remove();
  }
}
