// A file's bytes as text and back, without changing a byte of its form: the encoding (UTF-8 or
// UTF-16 in either order) and the byte order mark are detected and written back as found. A file
// that would not come back byte for byte is refused rather than damaged. Pure.

export type TextEncodingName = 'utf8' | 'utf16le' | 'utf16be';

export interface EncodingForm {
  encoding: TextEncodingName;
  bom: boolean;
}

export type DecodedFile =
  | { ok: true; text: string; form: EncodingForm }
  | { ok: false; reason: 'binary' | 'unknown-encoding' };

export const NEW_FILE_FORM: EncodingForm = { encoding: 'utf8', bom: false };

const UTF8_BOM = [0xef, 0xbb, 0xbf];

export function decodeFile(bytes: Uint8Array): DecodedFile {
  const form = detectForm(bytes);
  if (!form) return { ok: false, reason: looksBinary(bytes) ? 'binary' : 'unknown-encoding' };
  const body = bytes.subarray(form.bom ? bomLength(form.encoding) : 0);
  let text: string;
  try {
    text = new TextDecoder(LABELS[form.encoding], { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    return { ok: false, reason: looksBinary(bytes) ? 'binary' : 'unknown-encoding' };
  }
  // NUL is not text: a UTF-8 file holding one is binary, whatever decodes.
  if (text.includes('\0')) return { ok: false, reason: 'binary' };
  // The promise is byte-for-byte: check it rather than trust the decoder.
  if (!sameBytes(encodeFile(text, form), bytes)) return { ok: false, reason: 'unknown-encoding' };
  return { ok: true, text, form };
}

export function encodeFile(text: string, form: EncodingForm): Uint8Array {
  let body: Uint8Array;
  if (form.encoding === 'utf8') {
    body = new TextEncoder().encode(text);
  } else {
    body = new Uint8Array(text.length * 2);
    const bigEndian = form.encoding === 'utf16be';
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      body[2 * i + (bigEndian ? 1 : 0)] = unit & 0xff;
      body[2 * i + (bigEndian ? 0 : 1)] = unit >> 8;
    }
  }
  if (!form.bom) return body;
  const bom = form.encoding === 'utf8' ? UTF8_BOM : form.encoding === 'utf16le' ? [0xff, 0xfe] : [0xfe, 0xff];
  const out = new Uint8Array(bom.length + body.length);
  out.set(bom, 0);
  out.set(body, bom.length);
  return out;
}

const LABELS: Record<TextEncodingName, string> = { utf8: 'utf-8', utf16le: 'utf-16le', utf16be: 'utf-16be' };

function bomLength(encoding: TextEncodingName): number {
  return encoding === 'utf8' ? 3 : 2;
}

function detectForm(bytes: Uint8Array): EncodingForm | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf8', bom: true };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf16le', bom: true };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf16be', bom: true };
  const order = utf16WithoutBom(bytes);
  if (order) return { encoding: order, bom: false };
  return { encoding: 'utf8', bom: false };
}

/**
 * UTF-16 without a byte order mark shows as NULs on one side of every pair when the text is mostly
 * Latin; anything less clear is not guessed at.
 */
function utf16WithoutBom(bytes: Uint8Array): TextEncodingName | undefined {
  if (bytes.length < 2 || bytes.length % 2 !== 0) return undefined;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0) {
      if (i % 2 === 0) evenNuls++;
      else oddNuls++;
    }
  }
  const pairs = bytes.length / 2;
  if (evenNuls === 0 && oddNuls >= pairs * 0.5) return 'utf16le';
  if (oddNuls === 0 && evenNuls >= pairs * 0.5) return 'utf16be';
  return undefined;
}

/** Binary when the first 8 KB hold a NUL, as git decides. */
function looksBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, 8192).includes(0);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
