// Decides what a link clicked in the chat may open: http(s) pages, and files inside the workspace.
// Everything else (javascript:, data:, command:, vscode:, file paths outside the workspace) is
// refused. Pure; the host then finds the file in the workspace with src/workspace/containment.ts,
// which resolves symbolic links.

export type LinkTarget =
  | { kind: 'external'; url: string }
  | { kind: 'file'; path: string; line?: number; column?: number }
  | { kind: 'refused'; reason: string };

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const MAX_LENGTH = 4096;

export function classifyLink(href: string): LinkTarget {
  const link = href.trim();
  // eslint-disable-next-line no-control-regex
  if (!link || link.length > MAX_LENGTH || /[\u0000-\u001f\u007f]/.test(link)) return refused('it is empty or malformed');
  const scheme = SCHEME.exec(link)?.[1].toLowerCase();
  // A Windows drive letter is a path, not a scheme.
  if (scheme && !/^[a-z]:[\\/]/i.test(link)) {
    if (scheme === 'http' || scheme === 'https') return externalLink(link);
    if (scheme === 'file') return fileUrl(link);
    return refused(`"${scheme}:" links are not opened`);
  }
  if (link.startsWith('#')) return refused('it points inside the chat');
  if (link.startsWith('//')) return refused('it has no scheme');
  return filePath(link);
}

function externalLink(link: string): LinkTarget {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return refused('it is not a valid address');
  }
  if (url.username || url.password) return refused('it carries a user name or password');
  if (!url.hostname) return refused('it has no host');
  return { kind: 'external', url: url.href };
}

function fileUrl(link: string): LinkTarget {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return refused('it is not a valid file address');
  }
  if (url.host && url.host !== 'localhost') return refused('it names another machine');
  return withPosition(safeDecode(url.pathname), url.hash);
}

function filePath(link: string): LinkTarget {
  const hashAt = link.indexOf('#');
  const withoutHash = hashAt >= 0 ? link.slice(0, hashAt) : link;
  const hash = hashAt >= 0 ? link.slice(hashAt) : '';
  const withoutQuery = withoutHash.split('?')[0];
  return withPosition(safeDecode(withoutQuery), hash);
}

/** Reads a line from `#L12`, `#L12-L20`, `#12`, or a `:12` / `:12:5` suffix on the path. */
function withPosition(rawPath: string, hash: string): LinkTarget {
  let file = rawPath;
  let line: number | undefined;
  let column: number | undefined;
  const fromHash = /^#L?(\d+)(?:C(\d+))?(?:-L?\d+)?$/i.exec(hash);
  if (fromHash) {
    line = Number(fromHash[1]);
    column = fromHash[2] ? Number(fromHash[2]) : undefined;
  } else {
    const suffix = /:(\d+)(?::(\d+))?$/.exec(file);
    if (suffix) {
      file = file.slice(0, suffix.index);
      line = Number(suffix[1]);
      column = suffix[2] ? Number(suffix[2]) : undefined;
    }
  }
  if (!file) return refused('it names no file');
  return { kind: 'file', path: file, line, column };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function refused(reason: string): LinkTarget {
  return { kind: 'refused', reason };
}
