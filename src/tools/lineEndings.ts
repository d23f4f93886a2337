// The model sees every file with \n line endings; the file keeps its own. This maps offsets between
// the two views and picks the line ending new text is written with, so that an edit changes only
// the characters it means to, even in a file with CRLF, lone CR or mixed endings. Pure.

export type Eol = '\n' | '\r\n' | '\r';

export interface LineEndingSummary {
  /** The most common ending; undefined for a file without any line break. */
  dominant: Eol | undefined;
  mixed: boolean;
  /** Whether the text ends with a line break. */
  finalNewline: boolean;
}

export class ModelText {
  /** The text as the model sees it: every CRLF and lone CR turned into \n. */
  readonly lf: string;
  /** For each line break, its offset in `lf` (where its \n stands). */
  private readonly breakAt: number[] = [];
  /** For each line break, its ending in the original. */
  private readonly endings: Eol[] = [];
  /** Characters the original has more than `lf` before and including each line break. */
  private readonly extra: number[] = [];

  constructor(readonly original: string) {
    let lf = '';
    let from = 0;
    let extra = 0;
    const pattern = /\r\n|\r|\n/g;
    for (let match = pattern.exec(original); match; match = pattern.exec(original)) {
      lf += original.slice(from, match.index);
      this.breakAt.push(lf.length);
      lf += '\n';
      const ending = match[0] as Eol;
      this.endings.push(ending);
      extra += ending.length - 1;
      this.extra.push(extra);
      from = match.index + ending.length;
    }
    this.lf = lf + original.slice(from);
  }

  /** The offset in the original text of a model-text offset. A CRLF is never split. */
  toOriginal(offset: number): number {
    const before = this.breaksBefore(offset);
    return offset + (before === 0 ? 0 : this.extra[before - 1]);
  }

  summary(): LineEndingSummary {
    const counts = new Map<Eol, number>();
    for (const ending of this.endings) counts.set(ending, (counts.get(ending) ?? 0) + 1);
    let dominant: Eol | undefined;
    for (const [ending, count] of counts) if (!dominant || count > (counts.get(dominant) ?? 0)) dominant = ending;
    return { dominant, mixed: counts.size > 1, finalNewline: this.lf.endsWith('\n') };
  }

  /**
   * The ending for new lines replacing model-text range [start, end): the one most used by the
   * lines being replaced, else that of the line the edit sits on, else the file's own, else
   * `fallback` (the editor's default, for a file without any line break).
   */
  endingFor(start: number, end: number, fallback: Eol): Eol {
    const first = this.breaksBefore(start);
    const last = this.breaksBefore(end);
    if (last > first) {
      const counts = new Map<Eol, number>();
      for (let i = first; i < last; i++) counts.set(this.endings[i], (counts.get(this.endings[i]) ?? 0) + 1);
      return [...counts].sort((a, b) => b[1] - a[1])[0][0];
    }
    // The break that ends the edited line, else the one before it.
    if (last < this.endings.length) return this.endings[last];
    if (first > 0) return this.endings[first - 1];
    return fallback;
  }

  /** Number of line breaks whose \n sits before `offset` in `lf`. */
  private breaksBefore(offset: number): number {
    let low = 0;
    let high = this.breakAt.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.breakAt[middle] < offset) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/** Model text (\n only) written with a given ending. */
export function withEnding(lfText: string, eol: Eol): string {
  return eol === '\n' ? lfText : lfText.replace(/\n/g, eol);
}

/** 1-based line number of a model-text offset. */
export function lineOf(lfText: string, offset: number): number {
  let line = 1;
  for (let i = lfText.indexOf('\n'); i !== -1 && i < offset; i = lfText.indexOf('\n', i + 1)) line++;
  return line;
}
