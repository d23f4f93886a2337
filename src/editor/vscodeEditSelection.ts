// Edit Selection, and Fix Selection and Fix with Claude on one range: the reply's code comes back as
// a reviewed edit of exactly the chosen lines. The exchange stays in the chat, for follow-ups.
import * as vscode from 'vscode';
import type { ChatBridge } from './chatBridge';
import { editRequest, replacementFrom, streamingReplacementFrom, toDocumentText } from './editProposal';
import { attachSelections, type AttachmentSettings } from './vscodeEditor';
import type { EditReview, ProposedEdit, StreamingProposal } from './vscodeEditReview';

/** Asks for the instruction, then shows the proposed edit; undefined when cancelled or nothing came back. */
export async function editSelection(chat: ChatBridge, review: EditReview, settings: AttachmentSettings, instruction?: string, only?: vscode.Range): Promise<ProposedEdit | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Claude Assistant: open a file and select the code to edit first.');
    return undefined;
  }
  const document = editor.document;
  const [attachment] = attachSelections(editor, settings, only ?? editor.selection);
  const asked =
    instruction ??
    (await vscode.window.showInputBox({
      title: 'Claude Assistant: Edit Selection',
      prompt: attachment.startLine === attachment.endLine ? `Edit line ${attachment.startLine}` : `Edit lines ${attachment.startLine}-${attachment.endLine}`,
      placeHolder: 'How should the code change? e.g. "handle an empty list"',
      ignoreFocusOut: true,
    }));
  if (!asked?.trim()) return undefined;
  const version = document.version;
  const range = new vscode.Range(attachment.startLine - 1, 0, attachment.endLine - 1, document.lineAt(attachment.endLine - 1).text.length);
  const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const stream = new StreamedProposal(review, document, version, range, eol);
  const reply = await chat.askForEdit(editRequest(asked, attachment), [attachment], (text) => stream.grow(text));
  const code = reply === undefined ? undefined : replacementFrom(reply);
  if (code === undefined) {
    await stream.abandon();
    if (reply !== undefined) void vscode.window.showWarningMessage('Claude Assistant: the reply has no code block to apply; see the chat.');
    return undefined;
  }
  return stream.finish(toDocumentText(code, eol));
}

/** Shows the reply's code in the diff as it streams: opened with the first line of code, then updated at most every UPDATE_MS. */
class StreamedProposal {
  private proposal: Promise<StreamingProposal> | undefined;
  private latest: string | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly review: EditReview,
    private readonly document: vscode.TextDocument,
    private readonly version: number,
    private readonly range: vscode.Range,
    private readonly eol: '\n' | '\r\n',
  ) {}

  grow(replyText: string): void {
    const code = streamingReplacementFrom(replyText);
    if (code === undefined || code === '') return;
    this.latest = toDocumentText(code, this.eol);
    if (!this.proposal) {
      this.proposal = this.review.open(this.document, this.version, this.range, this.latest);
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.proposal?.then((shown) => this.latest !== undefined && shown.update(this.latest));
    }, UPDATE_MS);
  }

  async finish(replacement: string): Promise<ProposedEdit> {
    clearTimeout(this.timer);
    if (!this.proposal) return this.review.propose(this.document, this.version, this.range, replacement);
    return (await this.proposal).finish(replacement);
  }

  async abandon(): Promise<void> {
    clearTimeout(this.timer);
    await (await this.proposal)?.abandon();
  }
}

/** How often the streaming proposal is rewritten: each write makes the diff editor compute again. */
const UPDATE_MS = 100;
