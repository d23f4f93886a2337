// Keeps the current conversation on disk as it changes: whole saves when its shape changes, and,
// while a reply streams, journal lines written in batches, asynchronously, off the hot path. The
// page's batcher calls `flush()` before it posts, so a batch is on disk before it is on screen.
// Pure (the store does the file work).
import type { SessionEvent } from '../conversation/events';
import type { Conversation } from '../conversation/record';
import type { ConversationStore } from './conversationStore';
import type { JournalEntry } from './streamJournal';

/** How long journal lines wait for a batch when no page asks for one (the view is hidden). */
export const JOURNAL_IDLE_MS = 100;

export class ConversationRecorder {
  private queue: Array<{ id: string; entry: JournalEntry }> = [];
  private writing: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly store: Pick<ConversationStore, 'save' | 'appendJournal' | 'removeJournal'>,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Call as the event happens, before it reaches the page's batcher. */
  record(event: SessionEvent, conversation: Conversation): void {
    try {
      switch (event.type) {
        case 'conversation':
          // A chat renamed before its first message is kept once it has one.
          if (conversation.turns.length > 0) this.save(conversation);
          return;
        case 'turnAdded':
        case 'turnMeta':
        case 'turnsTruncated':
        case 'toolCall':
        case 'blocksTruncated':
        case 'compactions':
          this.save(conversation);
          return;
        case 'blockStarted':
          this.enqueue(conversation.id, event);
          return;
        case 'blockDelta': {
          const block = conversation.turns.find((turn) => turn.id === event.id)?.blocks[event.index];
          const length = block?.type === 'text' ? block.text.length : block?.type === 'thinking' ? block.thinking.length : 0;
          this.enqueue(conversation.id, { ...event, at: length - event.append.length });
          return;
        }
        case 'busy':
        case 'unsent':
        case 'conversationReplaced':
          return;
      }
    } catch (error) {
      // A full disk must not break the chat; the error is reported once per failure.
      this.onError(error);
    }
  }

  /** Writes every journal line recorded so far, as one append per conversation; resolves when they are on disk. */
  flush(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      this.writing = this.writing.then(() => this.write(batch));
    }
    return this.writing;
  }

  dispose(): void {
    void this.flush();
  }

  private enqueue(id: string, entry: JournalEntry): void {
    this.queue.push({ id, entry });
    this.timer ??= setTimeout(() => void this.flush(), JOURNAL_IDLE_MS);
  }

  private save(conversation: Conversation): void {
    // The whole save holds what the queued lines would add; a line still being written is removed after it.
    this.queue = this.queue.filter((item) => item.id !== conversation.id);
    this.store.save(conversation);
    this.writing = this.writing.then(() => this.store.removeJournal(conversation.id)).catch((error: unknown) => this.onError(error));
  }

  private async write(batch: Array<{ id: string; entry: JournalEntry }>): Promise<void> {
    const byId = new Map<string, JournalEntry[]>();
    for (const { id, entry } of batch) byId.set(id, [...(byId.get(id) ?? []), entry]);
    for (const [id, entries] of byId) {
      try {
        await this.store.appendJournal(id, entries);
      } catch (error) {
        this.onError(error);
      }
    }
  }
}
