// A command's output, kept within a budget however much it prints: the first half of the budget
// and the last half, counting what falls between. Memory stays bounded while it streams. Pure.

/** What the model gets of a command's output, as Claude Code does: 30,000 characters. */
export const OUTPUT_LIMIT = 30_000;

/** A cut moves to a line break when one is this close, so the model sees whole lines. */
const SNAP_TO_LINE = 500;

export interface CapturedOutput {
  head: string;
  /** Empty unless something was cut. */
  tail: string;
  /** What fell between head and tail; undefined when nothing did. */
  elided?: { characters: number; lines: number };
  totalCharacters: number;
}

export class OutputCapture {
  private head = '';
  private tail = '';
  private elidedCharacters = 0;
  private elidedLines = 0;
  private total = 0;
  private readonly headLimit: number;
  private readonly tailLimit: number;

  constructor(limit = OUTPUT_LIMIT) {
    this.headLimit = Math.ceil(limit / 2);
    this.tailLimit = Math.floor(limit / 2);
  }

  append(text: string): void {
    this.total += text.length;
    if (this.head.length < this.headLimit) {
      const room = this.headLimit - this.head.length;
      this.head += text.slice(0, room);
      text = text.slice(room);
    }
    if (text === '') return;
    this.tail += text;
    // Trimmed in batches so a stream of small chunks does not copy the tail every time.
    if (this.tail.length > 2 * this.tailLimit + 4096) this.dropFromTail(this.tail.length - this.tailLimit);
  }

  result(): CapturedOutput {
    if (this.total <= this.headLimit + this.tailLimit) {
      return { head: this.head + this.tail, tail: '', totalCharacters: this.total };
    }
    let head = this.head;
    let tail = this.tail.slice(this.tail.length - this.tailLimit);
    let characters = this.elidedCharacters + (this.tail.length - tail.length);
    let lines = this.elidedLines + countLines(this.tail.slice(0, this.tail.length - tail.length));
    const headBreak = head.lastIndexOf('\n');
    if (headBreak >= 0 && head.length - (headBreak + 1) <= SNAP_TO_LINE) {
      const moved = head.slice(headBreak + 1);
      head = head.slice(0, headBreak + 1);
      characters += moved.length;
    }
    const tailBreak = tail.indexOf('\n');
    if (tailBreak >= 0 && tailBreak < SNAP_TO_LINE && tailBreak < tail.length - 1) {
      const moved = tail.slice(0, tailBreak + 1);
      tail = tail.slice(tailBreak + 1);
      characters += moved.length;
      lines += 1;
    }
    return { head: keepWholeCharacters(head, 'end'), tail: keepWholeCharacters(tail, 'start'), elided: { characters, lines }, totalCharacters: this.total };
  }

  private dropFromTail(count: number): void {
    const dropped = this.tail.slice(0, count);
    this.elidedCharacters += dropped.length;
    this.elidedLines += countLines(dropped);
    this.tail = this.tail.slice(count);
  }
}

function countLines(text: string): number {
  let lines = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

/** A cut may split a surrogate pair; the lone half would be sent as U+FFFD, so it is left out. */
function keepWholeCharacters(text: string, side: 'start' | 'end'): string {
  if (side === 'end' && /[\uD800-\uDBFF]$/.test(text)) return text.slice(0, -1);
  if (side === 'start' && /^[\uDC00-\uDFFF]/.test(text)) return text.slice(1);
  return text;
}
