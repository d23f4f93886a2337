import * as assert from 'assert';
import { decodeFile, encodeFile, type EncodingForm } from '../../src/tools/fileBytes';
import { planInsert, planStrReplace } from '../../src/tools/editPlan';

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');
const utf16le = (text: string): Buffer => Buffer.from(text, 'utf16le');
const utf16be = (text: string): Buffer => utf16le(text).swap16();

function decoded(bytes: Uint8Array): { text: string; form: EncodingForm } {
  const result = decodeFile(bytes);
  if (!result.ok) assert.fail(`expected text, got ${result.reason}`);
  return result;
}

describe('file bytes', () => {
  const text = 'héllo wörld\r\nλ → ∑ 😀\r\n';
  const cases: Array<[name: string, bytes: Buffer, form: EncodingForm]> = [
    ['UTF-8', utf8(text), { encoding: 'utf8', bom: false }],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(text)]), { encoding: 'utf8', bom: true }],
    ['UTF-16 LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le(text)]), { encoding: 'utf16le', bom: true }],
    ['UTF-16 BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)]), { encoding: 'utf16be', bom: true }],
    ['UTF-16 LE without BOM', utf16le('plain ascii text\r\nline two\r\n'), { encoding: 'utf16le', bom: false }],
    ['UTF-16 BE without BOM', utf16be('plain ascii text\nline two\n'), { encoding: 'utf16be', bom: false }],
  ];

  for (const [name, bytes, form] of cases) {
    it(`reads ${name} and writes it back byte for byte`, () => {
      const file = decoded(bytes);
      assert.deepStrictEqual(file.form, form);
      assert.ok(!file.text.startsWith('\uFEFF'), 'the BOM is form, not text');
      assert.deepStrictEqual(Buffer.from(encodeFile(file.text, file.form)), bytes);
    });

    it(`an edit to ${name} changes only the edited bytes`, () => {
      const file = decoded(bytes);
      const target = file.text.includes('line two') ? 'line two' : 'wörld';
      const outcome = planStrReplace(file.text, target, 'EDITED', { defaultEol: '\n' });
      assert.ok(outcome.ok);
      const written = Buffer.from(encodeFile(outcome.plan.after, file.form));
      const expected = Buffer.from(encodeFile(file.text.replace(target, 'EDITED'), file.form));
      assert.deepStrictEqual(written, expected);
      // Same BOM, same line endings as before.
      assert.deepStrictEqual(written.subarray(0, 2), bytes.subarray(0, 2));
      assert.strictEqual(decoded(written).text.split('\r\n').length, file.text.split('\r\n').length);
    });
  }

  it('keeps a CRLF, BOM-marked UTF-16 file in its form through an insert', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le('[section]\r\nkey=value\r\n')]);
    const file = decoded(bytes);
    const outcome = planInsert(file.text, 1, 'added=1', { defaultEol: '\n' });
    assert.ok(outcome.ok);
    const written = Buffer.from(encodeFile(outcome.plan.after, file.form));
    assert.deepStrictEqual(written, Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le('[section]\r\nadded=1\r\nkey=value\r\n')]));
  });

  it('refuses binary files', () => {
    assert.deepStrictEqual(decodeFile(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d])), { ok: false, reason: 'binary' });
    assert.deepStrictEqual(decodeFile(utf8('text\0with a NUL')), { ok: false, reason: 'binary' });
  });

  it('refuses what it could not write back unchanged', () => {
    // Latin-1 "café": not UTF-8, and guessing would rewrite it.
    assert.deepStrictEqual(decodeFile(Buffer.from([0x63, 0x61, 0x66, 0xe9])), { ok: false, reason: 'unknown-encoding' });
    // A lone surrogate in UTF-16.
    assert.strictEqual(decodeFile(Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00])).ok, false);
    // An odd number of bytes after a UTF-16 BOM.
    assert.strictEqual(decodeFile(Buffer.from([0xff, 0xfe, 0x41, 0x00, 0x42])).ok, false);
    // Overlong UTF-8.
    assert.strictEqual(decodeFile(Buffer.from([0xc0, 0xaf])).ok, false);
  });

  it('reads an empty file as empty UTF-8 text', () => {
    assert.deepStrictEqual(decodeFile(new Uint8Array(0)), { ok: true, text: '', form: { encoding: 'utf8', bom: false } });
    assert.deepStrictEqual(decodeFile(Buffer.from([0xef, 0xbb, 0xbf])), { ok: true, text: '', form: { encoding: 'utf8', bom: true } });
  });

  it('round-trips every byte sequence it accepts', () => {
    // A deterministic sweep of short sequences, text-like and not.
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    const alphabet = [0x00, 0x0a, 0x0d, 0x41, 0x7f, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xef, 0xbb, 0xbf, 0xff, 0xfe, 0xf0, 0x9f, 0x98, 0x80];
    let accepted = 0;
    for (let run = 0; run < 5000; run++) {
      const bytes = Buffer.from(Array.from({ length: next() % 12 }, () => alphabet[next() % alphabet.length]));
      const file = decodeFile(bytes);
      if (!file.ok) continue;
      accepted++;
      assert.deepStrictEqual(Buffer.from(encodeFile(file.text, file.form)), bytes, bytes.toString('hex'));
    }
    assert.ok(accepted > 100, `only ${accepted} samples were text`);
  });
});
