// What "Apply to File" proposes: which file a code block names, and the file's text with the code
// in place. Pure.

export interface CodeInfo {
  language: string;
  /** A path named in the fence's info string: ```ts src/a.ts, ```ts:src/a.ts, ```ts title="src/a.ts". */
  path?: string;
}

export function parseCodeInfo(info: string): CodeInfo {
  const text = info.trim();
  const titled = /\b(?:title|file|filename|path)=["']?([^"'\s]+)["']?/i.exec(text);
  const [first = '', ...rest] = text.split(/\s+/);
  const colon = /^([\w+#.-]+):(.+)$/.exec(first);
  if (colon) return { language: colon[1], path: titled?.[1] ?? colon[2] };
  const language = looksLikePath(first) ? '' : first;
  const named = titled?.[1] ?? (looksLikePath(first) ? first : rest.find(looksLikePath));
  return named ? { language, path: named } : { language };
}

function looksLikePath(word: string | undefined): boolean {
  return !!word && !word.includes('=') && (/[\\/]/.test(word) || /\.[A-Za-z0-9]{1,8}$/.test(word));
}

export interface Selection {
  /** Offsets into the document's text. */
  start: number;
  end: number;
}

/**
 * The document's text with the code applied: it replaces the selection when there is one, and the
 * whole text otherwise. The file's final newline, if it had one, is kept.
 */
export function proposedText(original: string, code: string, selection?: Selection): string {
  if (selection && selection.end > selection.start) {
    return original.slice(0, selection.start) + code + original.slice(selection.end);
  }
  const newline = original.includes('\r\n') ? '\r\n' : '\n';
  const body = newline === '\r\n' ? code.replace(/\r?\n/g, '\r\n') : code;
  return original.endsWith(newline) && !body.endsWith(newline) ? body + newline : body;
}
