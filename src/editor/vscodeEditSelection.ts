// Edit Selection, and Fix Selection and Fix with Claude on one range: the reply's code comes back as
// a reviewed edit of exactly the chosen lines. The exchange stays in the chat, for follow-ups.
import * as vscode from 'vscode';
import type { ChatBridge } from './chatBridge';
import { editRequest, replacementFrom, toDocumentText } from './editProposal';
import { attachSelections, type AttachmentSettings } from './vscodeEditor';
import type { EditReview, ProposedEdit } from './vscodeEditReview';

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
  const reply = await chat.askForEdit(editRequest(asked, attachment), [attachment]);
  if (reply === undefined) return undefined;
  const code = replacementFrom(reply);
  if (code === undefined) {
    void vscode.window.showWarningMessage('Claude Assistant: the reply has no code block to apply; see the chat.');
    return undefined;
  }
  const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  return review.propose(document, version, range, toDocumentText(code, eol));
}
