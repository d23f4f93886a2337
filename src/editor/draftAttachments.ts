// The code attached to the message being written, shown as chips until it is sent. Pure.
import { attachmentLabel, renderAttachment, type CodeAttachment } from './codeAttachment';

export interface AttachmentChip {
  id: string;
  /** "stats.ts:12-40" */
  label: string;
  /** The full path and range, for the chip's tooltip and accessible name. */
  title: string;
}

export class DraftAttachments {
  private items: Array<{ id: string; attachment: CodeAttachment }> = [];
  private nextId = 1;

  get isEmpty(): boolean {
    return this.items.length === 0;
  }

  /** Adds attachments, skipping any that repeat one already in the draft. */
  add(attachments: readonly CodeAttachment[]): void {
    for (const attachment of attachments) {
      const same = this.items.some(({ attachment: other }) => other.path === attachment.path && other.startLine === attachment.startLine && other.endLine === attachment.endLine && other.code === attachment.code);
      if (!same) this.items.push({ id: `a${this.nextId++}`, attachment });
    }
  }

  remove(id: string): void {
    this.items = this.items.filter((item) => item.id !== id);
  }

  find(id: string): CodeAttachment | undefined {
    return this.items.find((item) => item.id === id)?.attachment;
  }

  /** Hands over everything attached and empties the draft, as sending does. */
  take(): CodeAttachment[] {
    const taken = this.items.map((item) => item.attachment);
    this.items = [];
    return taken;
  }

  chips(): AttachmentChip[] {
    return this.items.map(({ id, attachment }) => ({
      id,
      label: attachmentLabel(attachment),
      title: attachment.startLine === attachment.endLine ? `${attachment.path}, line ${attachment.startLine}` : `${attachment.path}, lines ${attachment.startLine}-${attachment.endLine}`,
    }));
  }
}

/** The user message's text: each attachment, then the question. */
export function composeUserText(question: string, attachments: readonly CodeAttachment[]): string {
  if (attachments.length === 0) return question;
  return `${attachments.map(renderAttachment).join('\n\n')}\n\n${question}`;
}
