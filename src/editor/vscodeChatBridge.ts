// The editor commands' way into the chat: attach to the draft, or ask right away.
import * as vscode from 'vscode';
import type { ChatBridge } from './chatBridge';
import { attachmentLabel, type CodeAttachment } from './codeAttachment';
import type { SentContext } from '../webview/protocol';
import { composeUserMessage, type DraftAttachments } from './draftAttachments';

export interface ChatForEditor {
  send(text: string, context?: SentContext): Promise<void>;
  /** The text of the last reply, when it finished normally. */
  lastReply(): string | undefined;
  /** Shows a short line in the chat view. */
  notice(text: string): void;
  /** Shows the chat view. */
  reveal(): Thenable<unknown>;
  /** Whether a reply is running: a message sent now is handed back to the message box. */
  busy(): boolean;
  /** Calls `listener` with the text of the reply being written, each time it grows. */
  onReplyText(listener: (text: string) => void): vscode.Disposable;
}

export class EditorChatBridge implements ChatBridge {
  constructor(
    private readonly chat: ChatForEditor,
    private readonly draft: DraftAttachments,
  ) {}

  async attach(attachments: CodeAttachment[]): Promise<void> {
    this.draft.add(attachments);
    await this.chat.reveal();
    // The chips above the message box show what is attached; the status bar confirms it.
    const labels = attachments.map(attachmentLabel).join(', ');
    vscode.window.setStatusBarMessage(`$(paperclip) Claude Assistant: ${labels} attached`, 5_000);
  }

  async ask(question: string, attachments: CodeAttachment[]): Promise<void> {
    await this.chat.reveal();
    if (this.chat.busy()) {
      // Not sent while a reply runs: the code waits as chips and the question goes back to the
      // message box (the session hands it back with a notice), to send when the reply ends.
      this.draft.add(attachments);
      await this.chat.send(question);
      return;
    }
    // Anything already attached goes with it, as it would from the message box.
    const composed = composeUserMessage(question, [...this.draft.take(), ...attachments]);
    await this.chat.send(composed.text, composed.context);
  }

  async askForEdit(question: string, attachments: CodeAttachment[], onText?: (text: string) => void): Promise<string | undefined> {
    await this.chat.reveal();
    if (this.chat.busy()) {
      this.chat.notice('Edit Selection waits for the reply that is running: stop it, or run Edit Selection again when it ends.');
      return undefined;
    }
    const composed = composeUserMessage(question, attachments);
    const listening = onText && this.chat.onReplyText(onText);
    try {
      await this.chat.send(composed.text, composed.context);
    } finally {
      listening?.dispose();
    }
    return this.chat.lastReply();
  }
}
