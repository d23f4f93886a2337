// What the editor commands need from the chat. Pure (types only).
import type { CodeAttachment } from './codeAttachment';

export interface ChatBridge {
  /** Adds attachments to the draft, shown as chips, and shows the chat; nothing is sent. */
  attach(attachments: CodeAttachment[]): Promise<void>;
  /** Shows the chat and sends the question with the attachments; resolves when the reply ends. */
  ask(question: string, attachments: CodeAttachment[]): Promise<void>;
  /**
   * Sends only these attachments and the question (the draft stays); the reply's text once it is
   * complete. `onText` gets the reply's text so far as it streams.
   */
  askForEdit(question: string, attachments: CodeAttachment[], onText?: (text: string) => void): Promise<string | undefined>;
}
