// Checks a path that untrusted text (a code fence, a tool input) names inside the workspace. Only
// plain relative paths pass: forward slashes, no `..`, nothing a platform reads as a drive, a host,
// a home folder or an alternate data stream. Pure.

export type CheckedPath =
  | { ok: true; /** Segments joined with `/`, without `.` and empty segments. */ path: string; segments: readonly string[] }
  | { ok: false; reason: string };

const MAX_LENGTH = 1024;

export function checkRelativePath(raw: string): CheckedPath {
  if (raw.length === 0) return refused('it is empty');
  if (raw.length > MAX_LENGTH) return refused('it is too long');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(raw)) return refused('it contains control characters');
  if (raw.includes('\\')) return refused('it contains a backslash');
  if (raw.startsWith('//')) return refused('it names another machine');
  if (raw.startsWith('/')) return refused('it is an absolute path');
  // A drive letter (C:), a URL scheme (file:), or an NTFS stream (a.txt:hidden).
  if (raw.includes(':')) return refused('it contains a colon');
  const segments = raw.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.length === 0) return refused('it names no file');
  if (segments.includes('..')) return refused('it climbs out with ".."');
  if (segments[0] === '~') return refused('it starts from the home folder');
  // Windows drops trailing dots and spaces, so ".git." would reach ".git".
  if (segments.some((segment) => /[. ]$/.test(segment))) return refused('a part of it ends with a dot or a space');
  return { ok: true, path: segments.join('/'), segments };
}

function refused(reason: string): CheckedPath {
  return { ok: false, reason };
}
