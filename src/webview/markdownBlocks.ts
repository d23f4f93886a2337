// Splits streaming markdown into finished blocks and the one open block, so that each finished block
// is lexed once and only the open block is lexed again as text arrives. Pure (no DOM).
//
// A block is finished once the lexer, reading the open region, starts another block after it:
// CommonMark decides where a block ends from the lines seen so far, so later text cannot change it.
import { Marked, type Token } from 'marked';

/** One configuration for every lexer and parser: GitHub-flavoured markdown, no soft line breaks. */
export const markdown = new Marked({ gfm: true, breaks: false });

export interface BlockUpdate {
  /** Blocks that finished since the last call, lexed; never returned again. */
  finished: Token[];
  /** The raw text of the open block (may be empty). */
  open: string;
}

export class MarkdownBlockSplitter {
  /** The whole text so far, with line endings normalised. */
  private text = '';
  /** Everything before this offset belongs to finished blocks. */
  private stable = 0;
  private heldCarriageReturn = false;

  append(chunk: string): void {
    let next = chunk;
    if (this.heldCarriageReturn) {
      next = `\r${next}`;
      this.heldCarriageReturn = false;
    }
    // A \r at the end may be the first half of \r\n: wait for the next chunk.
    if (next.endsWith('\r')) {
      next = next.slice(0, -1);
      this.heldCarriageReturn = true;
    }
    this.text += next.replace(/\r\n?/g, '\n');
  }

  get source(): string {
    return this.heldCarriageReturn ? `${this.text}\n` : this.text;
  }

  /** Lexes the open region once: returns the blocks that have just finished and the open remainder. */
  update(): BlockUpdate {
    const region = this.text.slice(this.stable);
    if (!region) return { finished: [], open: '' };
    const tokens = markdown.lexer(region);
    let last = tokens.length - 1;
    while (last >= 0 && tokens[last].type === 'space') last--;
    if (last <= 0) return { finished: [], open: region };
    const finished = tokens.slice(0, last);
    const consumed = finished.reduce((sum, token) => sum + token.raw.length, 0);
    // The lexer's raw text covers its input exactly; if it ever did not, keep everything open.
    if (region.slice(0, consumed) !== finished.map((token) => token.raw).join('')) return { finished: [], open: region };
    this.stable += consumed;
    return { finished: finished.filter((token) => token.type !== 'space'), open: this.text.slice(this.stable) };
  }

  /** The end of the stream: the open block is finished too. */
  finish(): BlockUpdate {
    if (this.heldCarriageReturn) {
      this.text += '\n';
      this.heldCarriageReturn = false;
    }
    const { finished } = this.update();
    const rest = this.text.slice(this.stable);
    this.stable = this.text.length;
    const last = rest ? markdown.lexer(rest).filter((token) => token.type !== 'space') : [];
    return { finished: [...finished, ...last], open: '' };
  }
}
