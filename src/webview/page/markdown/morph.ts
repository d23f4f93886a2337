// Brings a DOM subtree in line with a freshly rendered one, changing only what differs. The open
// block is rendered again each frame, but usually only its last line grew: updating that text node
// instead of replacing the block keeps style, layout and paint work to the new text.

/** Makes `target`'s children match `source`'s; nodes may be moved out of `source`. */
export function morphChildren(target: Node, source: Node): void {
  const wanted = Array.from(source.childNodes);
  for (let index = 0; index < wanted.length; index++) {
    const want = wanted[index];
    const have = target.childNodes[index];
    if (!have) {
      target.appendChild(want);
    } else if (!sameKind(have, want)) {
      target.replaceChild(want, have);
    } else if (have.nodeType === Node.TEXT_NODE || have.nodeType === Node.COMMENT_NODE) {
      if ((have as CharacterData).data !== (want as CharacterData).data) (have as CharacterData).data = (want as CharacterData).data;
    } else {
      syncAttributes(have as Element, want as Element);
      morphChildren(have, want);
    }
  }
  while (target.childNodes.length > wanted.length) target.lastChild!.remove();
}

function sameKind(a: Node, b: Node): boolean {
  return a.nodeType === b.nodeType && a.nodeName === b.nodeName;
}

function syncAttributes(have: Element, want: Element): void {
  for (const { name } of Array.from(have.attributes)) if (!want.hasAttribute(name)) have.removeAttribute(name);
  for (const { name, value } of Array.from(want.attributes)) if (have.getAttribute(name) !== value) have.setAttribute(name, value);
}
