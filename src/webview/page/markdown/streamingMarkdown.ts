// One streaming markdown text in the DOM. Finished blocks are rendered once and appended; only the
// open (last) block is rendered again, at most once per frame, as text arrives. Finished blocks are
// grouped into chunks that the browser skips (style, layout, paint) while they are off screen, so a
// frame's cost does not grow with the length of the reply. Blocks that finish are rendered in one
// task and shown in the next, with the open block: each task does about half a draw's work, and the
// page never shows a block twice (finished, and still open).
import type { Token } from 'marked';
import { MarkdownBlockSplitter } from '../../markdownBlocks';
import { decorateCodeBlocks } from './codeBlocks';
import { highlightCodeBlocks } from './highlighter';
import { morphChildren } from './morph';
import { renderOpenBlock, renderTokens } from './renderMarkdown';
import { decorateTables } from './tables';

/** Characters of markdown per chunk of finished blocks. */
const CHUNK_CHARS = 6_000;

export class StreamingMarkdown {
  readonly element: HTMLElement;
  private readonly splitter = new MarkdownBlockSplitter();
  private readonly openElement: HTMLElement;
  private chunk: HTMLElement | undefined;
  private chunkChars = 0;
  private renderedOpen = '';
  private finished = false;
  /** Finished blocks rendered, not shown yet: the next `render` shows them. */
  private prepared: { fragment: DocumentFragment; chars: number } | undefined;

  constructor() {
    this.element = document.createElement('div');
    this.element.className = 'markdown';
    this.openElement = document.createElement('div');
    this.openElement.className = 'open-block';
    this.element.append(this.openElement);
  }

  get text(): string {
    return this.splitter.source;
  }

  append(text: string): void {
    this.splitter.append(text);
  }

  /**
   * Brings the DOM up to date with the text; cheap when nothing changed. Returns true when blocks
   * finished: they are rendered but shown only by the next call, which should come in a later task.
   */
  render(): boolean {
    if (this.finished) return false;
    // The open region is lexed once per draw.
    const { finished, open } = this.splitter.update();
    if (this.prepared) {
      this.showPrepared();
      // Text that arrived since the last draw may have finished more blocks: shown at once.
      if (finished.length > 0) this.appendFinished(finished);
    } else if (finished.length > 0) {
      this.prepared = this.renderFinished(finished);
      return true;
    }
    if (open !== this.renderedOpen) {
      const fragment = renderOpenBlock(open);
      decorateCodeBlocks(fragment, false);
      decorateTables(fragment);
      morphChildren(this.openElement, fragment);
      this.renderedOpen = open;
    }
    return false;
  }

  /** The text is complete: the open block is rendered as finished, with full code toolbars. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.showPrepared();
    const { finished } = this.splitter.finish();
    this.openElement.remove();
    this.renderedOpen = '';
    if (finished.length > 0) this.appendFinished(finished);
  }

  private appendFinished(tokens: Token[]): void {
    this.prepared = this.renderFinished(tokens);
    this.showPrepared();
  }

  private renderFinished(tokens: Token[]): { fragment: DocumentFragment; chars: number } {
    const fragment = renderTokens(tokens);
    decorateCodeBlocks(fragment, true);
    decorateTables(fragment);
    highlightCodeBlocks(fragment);
    return { fragment, chars: tokens.reduce((sum, token) => sum + token.raw.length, 0) };
  }

  private showPrepared(): void {
    if (!this.prepared) return;
    const { fragment, chars } = this.prepared;
    this.prepared = undefined;
    if (!this.chunk || this.chunkChars >= CHUNK_CHARS) {
      this.chunk = document.createElement('div');
      this.chunk.className = 'md-chunk';
      this.chunkChars = 0;
      if (this.openElement.parentNode === this.element) this.element.insertBefore(this.chunk, this.openElement);
      else this.element.append(this.chunk);
    }
    this.chunk.append(fragment);
    this.chunkChars += chars;
  }
}
