// The one way the extension shows a notification or dialog whose text is not a constant. Messages
// are `SafeMessage`s (see untrustedText.ts), so every untrusted part has lost its link syntax
// before VS Code renders it. Lint forbids calling `vscode.window.show*Message` with anything but a
// constant string outside this file.
import * as vscode from 'vscode';
import { safeText, type SafeMessage } from './untrustedText';

export { joinSafe, safeMessage } from './untrustedText';
export type { SafeMessage } from './untrustedText';

export interface SafeMessageOptions {
  /** A modal dialog instead of a notification. */
  modal?: boolean;
  /** The dialog's second paragraph (modal only). */
  detail?: SafeMessage;
}

type Show = <T extends string>(message: string, options: vscode.MessageOptions, ...items: T[]) => Thenable<T | undefined>;

function show<T extends string>(kind: Show, message: SafeMessage, rest: Array<SafeMessageOptions | T>): Thenable<T | undefined> {
  const [first, ...others] = rest;
  const hasOptions = typeof first === 'object';
  const options: SafeMessageOptions = hasOptions ? first : {};
  const items = (hasOptions ? others : rest) as T[];
  const vscodeOptions: vscode.MessageOptions = { modal: options.modal, detail: options.detail && safeText(options.detail) };
  return kind(safeText(message), vscodeOptions, ...items);
}

export function showInformation<T extends string>(message: SafeMessage, ...items: T[]): Thenable<T | undefined>;
export function showInformation<T extends string>(message: SafeMessage, options: SafeMessageOptions, ...items: T[]): Thenable<T | undefined>;
export function showInformation<T extends string>(message: SafeMessage, ...rest: Array<SafeMessageOptions | T>): Thenable<T | undefined> {
  return show((text, options, ...items) => vscode.window.showInformationMessage(text, options, ...items), message, rest);
}

export function showWarning<T extends string>(message: SafeMessage, ...items: T[]): Thenable<T | undefined>;
export function showWarning<T extends string>(message: SafeMessage, options: SafeMessageOptions, ...items: T[]): Thenable<T | undefined>;
export function showWarning<T extends string>(message: SafeMessage, ...rest: Array<SafeMessageOptions | T>): Thenable<T | undefined> {
  return show((text, options, ...items) => vscode.window.showWarningMessage(text, options, ...items), message, rest);
}

export function showError<T extends string>(message: SafeMessage, ...items: T[]): Thenable<T | undefined>;
export function showError<T extends string>(message: SafeMessage, options: SafeMessageOptions, ...items: T[]): Thenable<T | undefined>;
export function showError<T extends string>(message: SafeMessage, ...rest: Array<SafeMessageOptions | T>): Thenable<T | undefined> {
  return show((text, options, ...items) => vscode.window.showErrorMessage(text, options, ...items), message, rest);
}
