// Checks an image before it is attached: a type the API takes, found from the bytes themselves,
// and the API's 5 MB limit on the base64 text. Pure; the page checks before attaching and the host
// checks again before sending.
import { MAX_IMAGE_BASE64_BYTES, type ImageMediaType } from './protocol';

export type ImageVerdict = { ok: true; mediaType: ImageMediaType } | { ok: false; reason: string };

export function checkImage(name: string, base64: string): ImageVerdict {
  if (base64.length > MAX_IMAGE_BASE64_BYTES) return { ok: false, reason: tooLarge(name, base64.length) };
  if (base64.length === 0 || base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) {
    return { ok: false, reason: `${name} could not be read as an image.` };
  }
  const mediaType = sniffImageType(base64);
  if (!mediaType) return { ok: false, reason: `${name} is not a PNG, JPEG, GIF or WebP image.` };
  return { ok: true, mediaType };
}

/** The image type from the file's first bytes; undefined for anything else. */
export function sniffImageType(base64: string): ImageMediaType | undefined {
  let head: string;
  try {
    head = atob(base64.slice(0, 16));
  } catch {
    return undefined;
  }
  const bytes = Array.from(head, (char) => char.charCodeAt(0));
  const starts = (...expected: number[]): boolean => expected.every((byte, index) => bytes[index] === byte);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (head.startsWith('GIF87a') || head.startsWith('GIF89a')) return 'image/gif';
  if (head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}

/** The refusal for an image whose base64 text would be this long. */
export function tooLarge(name: string, base64Length: number): string {
  return `${name} is ${megabytes(base64Length)} once encoded; the API takes at most 5 MB per image.`;
}

/** Length of the base64 text for a file of this many bytes. */
export function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
