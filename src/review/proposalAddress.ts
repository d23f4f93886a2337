// Where a review's documents live in the proposal file system. The path is the file's own path as
// the user knows it (`/src/greet.ts`), so the editor's breadcrumb reads `src › greet.ts` and the
// proposal gets the file's language; which review it belongs to, and which side, go in the query,
// which VS Code shows nowhere (the breadcrumb and the tab show path segments only). Pure.

export type ProposalSide = 'proposal' | 'before';

export interface ProposalAddress {
  /** The review's own id: the tool call's id, or Edit Selection's. */
  id: string;
  /** `before`: the empty left side of a new file's review. */
  side: ProposalSide;
  /** The file's path as shown, `/`-separated, without a leading slash. */
  file: string;
}

/** A URI's path and query, as vscode.Uri.from takes them. */
export interface UriParts {
  path: string;
  query: string;
}

export function proposalParts(id: string, displayPath: string, side: ProposalSide = 'proposal'): UriParts {
  const file = displayPath.replace(/\\/g, '/').replace(/^\/+/, '') || 'file';
  // The name tells the document from its folders, which VS Code addresses with the same query.
  const query = new URLSearchParams({ review: id, ...(side === 'before' ? { side } : {}), name: file.split('/').pop() || file });
  return { path: `/${file}`, query: query.toString() };
}

/**
 * The review a proposal document belongs to, read back from its address (a restored tab's, say).
 * Addresses of earlier versions, `/<id>/<name>` and `/<id>/before/<name>` without a query, are
 * read too: a window reloaded after an update restores those. Undefined for anything else.
 */
export function readProposalAddress(parts: UriParts): ProposalAddress | undefined {
  if (parts.query !== '') {
    const query = new URLSearchParams(parts.query);
    const id = query.get('review');
    const side = query.get('side') ?? 'proposal';
    const file = parts.path.replace(/^\/+/, '');
    if (!id || file === '' || file.split('/').pop() !== query.get('name') || (side !== 'proposal' && side !== 'before')) return undefined;
    return { id, side, file };
  }
  const legacy = /^\/([^/]+)\/(before\/)?([^/]+)$/.exec(parts.path);
  if (!legacy) return undefined;
  return { id: legacy[1], side: legacy[2] ? 'before' : 'proposal', file: legacy[3] };
}
