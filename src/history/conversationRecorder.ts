// Keeps the current conversation on disk as it changes: whole saves when its shape changes, journal
// lines while a reply streams. Pure (the store does the file work).
import type { SessionEvent } from '../conversation/events';
import type { Conversation } from '../conversation/record';
import type { ConversationStore } from './conversationStore';

export class ConversationRecorder {
  constructor(
    private readonly store: Pick<ConversationStore, 'save' | 'journal'>,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Call before the event reaches the page: what the page shows is on disk first. */
  record(event: SessionEvent, conversation: Conversation): void {
    try {
      switch (event.type) {
        case 'conversation':
          // A chat renamed before its first message is kept once it has one.
          if (conversation.turns.length > 0) this.store.save(conversation);
          return;
        case 'turnAdded':
        case 'turnMeta':
        case 'turnsTruncated':
          this.store.save(conversation);
          return;
        case 'blockStarted':
          this.store.journal(conversation.id, event);
          return;
        case 'blockDelta': {
          const block = conversation.turns.find((turn) => turn.id === event.id)?.blocks[event.index];
          const length = block?.type === 'text' ? block.text.length : block?.type === 'thinking' ? block.thinking.length : 0;
          this.store.journal(conversation.id, { ...event, at: length - event.append.length });
          return;
        }
        case 'busy':
        case 'conversationReplaced':
          return;
      }
    } catch (error) {
      // A full disk must not break the chat; the error is reported once per failure.
      this.onError(error);
    }
  }
}
