// Writes one streamed reply into an assistant turn, block by block, and reports each change. Pure.
import type { StreamDelta } from '../api/messageAccumulator';
import type { Usage } from '../api/types';
import { blockForView, type ReplyEvent } from './events';
import type { Turn, TurnBlock } from './transcript';

export type { ReplyEvent } from './events';

export class ReplyWriter {
  /** The API's block index → the turn's block index; blocks we do not show have no entry. */
  private readonly blocks = new Map<number, number>();
  private usage: Usage | undefined;
  private stopReason: string | null = null;
  private firstText = true;
  private incompleteCall = false;
  private readonly pendingCalls = new Set<number>();

  /**
   * @param continuing the reply continues the turn's text: its first text block is appended to
   *   the turn's last text block instead of starting a new one.
   */
  constructor(
    private readonly turn: Turn,
    private readonly emit: (event: ReplyEvent) => void,
    private readonly continuing = false,
  ) {}

  /** Usage as the API last reported it (cumulative), undefined before message_start. */
  get apiUsage(): Usage | undefined {
    return this.usage;
  }

  get apiStopReason(): string | null {
    return this.stopReason;
  }

  /** Whether a tool call's input was cut off (the reply hit max_tokens in the middle of it). */
  get cutOffInCall(): boolean {
    return this.incompleteCall || this.pendingCalls.size > 0;
  }

  apply(delta: StreamDelta): void {
    switch (delta.type) {
      case 'messageStart':
        this.usage = { ...delta.message.usage };
        return;
      case 'blockStart':
        this.startBlock(delta.index, delta.block as Record<string, unknown>);
        return;
      case 'text':
      case 'thinking':
        this.append(delta.index, delta.type === 'text' ? delta.text : delta.thinking);
        return;
      case 'blockStop':
        if (this.pendingCalls.delete(delta.index)) this.stopCall(delta.index, delta.block as Record<string, unknown>, delta.inputIncomplete === true);
        else this.stopBlock(delta.index, delta.block as Record<string, unknown>);
        return;
      case 'messageDelta':
        this.usage = { ...delta.usage };
        this.stopReason = delta.stopReason;
        return;
      case 'toolInput':
        return;
    }
  }

  private startBlock(apiIndex: number, block: Record<string, unknown>): void {
    const type = block.type;
    if (type === 'text') {
      const text = typeof block.text === 'string' ? block.text : '';
      const last = this.turn.blocks.length - 1;
      if (this.continuing && this.firstText && this.turn.blocks[last]?.type === 'text') {
        this.firstText = false;
        this.blocks.set(apiIndex, last);
        if (text) this.append(apiIndex, text);
        return;
      }
      this.firstText = false;
      this.add(apiIndex, { type: 'text', text });
    } else if (type === 'thinking') {
      this.add(apiIndex, { type: 'thinking', thinking: typeof block.thinking === 'string' ? block.thinking : '' });
    } else if (type === 'redacted_thinking') {
      this.add(apiIndex, { type: 'redacted_thinking', data: typeof block.data === 'string' ? block.data : undefined });
    } else if (type === 'tool_use') {
      // The input arrives in pieces and is complete only at the block's stop: the call joins the turn then.
      this.pendingCalls.add(apiIndex);
    } else if (type === 'compaction') {
      // Server-side compaction: shown as a note; the block itself is kept at its stop.
      this.add(apiIndex, { type: 'provider_compaction' });
    }
    // Server tool blocks are not part of a chat turn.
  }

  private add(apiIndex: number, block: TurnBlock): void {
    const index = this.turn.blocks.length;
    this.turn.blocks.push(block);
    this.blocks.set(apiIndex, index);
    this.emit({ type: 'blockStarted', id: this.turn.id, index, block: blockForView(block) });
  }

  private append(apiIndex: number, text: string): void {
    const index = this.blocks.get(apiIndex);
    if (index === undefined || !text) return;
    const block = this.turn.blocks[index];
    if (block.type === 'text') block.text += text;
    else if (block.type === 'thinking') block.thinking += text;
    else return;
    this.emit({ type: 'blockDelta', id: this.turn.id, index, append: text });
  }

  private stopBlock(apiIndex: number, final: Record<string, unknown>): void {
    const index = this.blocks.get(apiIndex);
    if (index === undefined) return;
    const block = this.turn.blocks[index];
    // Signatures and redacted data are kept byte for byte, to be sent back with the history.
    if (block.type === 'thinking' && typeof final.signature === 'string' && final.signature) block.signature = final.signature;
    if (block.type === 'redacted_thinking' && typeof final.data === 'string') block.data = final.data;
    // The compaction block goes back exactly as it came: a detached copy of every field.
    if (block.type === 'provider_compaction') block.block = JSON.parse(JSON.stringify(final)) as Record<string, unknown>;
  }

  private stopCall(apiIndex: number, final: Record<string, unknown>, inputIncomplete: boolean): void {
    // A call cut off mid-input cannot be run; it is left out, and the caller sees why.
    if (inputIncomplete) this.incompleteCall = true;
    else if (typeof final.id === 'string' && typeof final.name === 'string') {
      this.add(apiIndex, { type: 'tool_use', id: final.id, name: final.name, input: final.input ?? {} });
    }
  }
}
