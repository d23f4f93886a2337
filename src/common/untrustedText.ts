// Text that the model, a provider or a workspace controls, made safe to show in VS Code's
// notifications and dialogs. VS Code renders `[label](command:id?args)` there as a link that runs
// the command when clicked, so untrusted text must never carry link syntax. Pure.

/**
 * Characters of link and code syntax, and the look-alikes that replace them: chosen from what the
 * usual UI fonts and their fallbacks draw (DejaVu, Segoe UI Symbol, Apple Symbols), unlike the
 * fullwidth forms, which show as empty boxes where no CJK font is installed.
 */
const LOOKALIKES: Record<string, string> = {
  '[': '\u27e6', // ⟦
  ']': '\u27e7', // ⟧
  '(': '\u2768', // ❨
  ')': '\u2769', // ❩
  '`': '\u02cb', // ˋ
};

/** Schemes that run something inside VS Code: `command:`, `vscode:`, `vscode-insiders:`, ... */
const RUNNING_SCHEME = /\b(command|vscode[\w+.-]*)(\s*):/gi;

/**
 * Line breaks, other control characters, and the invisible characters that reorder or hide text
 * (bidirectional overrides, zero-width marks): none of them belongs in a one-line message.
 */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]+/g;

/** Longest untrusted part shown; the notification is not the place to read a whole error body. */
export const MAX_PART_LENGTH = 300;

/**
 * The text with its link syntax defused and everything else kept readable: brackets, parentheses
 * and backticks become look-alike characters, the colon of a command-running scheme becomes a
 * ratio sign (∶), line breaks and invisible characters become single spaces, and text over
 * `maxLength` characters is cut with an ellipsis.
 */
export function neutralize(text: string, maxLength = MAX_PART_LENGTH): string {
  const flat = text.replace(INVISIBLE, ' ');
  const characters = Array.from(flat); // by code point, so a cut never splits a surrogate pair
  const cut = characters.length > maxLength ? `${characters.slice(0, Math.max(0, maxLength - 1)).join('')}…` : flat;
  return cut.replace(/[[\]()`]/g, (char) => LOOKALIKES[char]).replace(RUNNING_SCHEME, '$1$2\u2236'); // ∶
}

declare const safeBrand: unique symbol;

/** A message whose untrusted parts were neutralised; only `safeMessage` makes one. */
export interface SafeMessage {
  readonly text: string;
  readonly [safeBrand]: true;
}

/** Every SafeMessage `safeMessage` made, so that a look-alike object is never taken for one. */
const made = new WeakSet<object>();

export function isSafeMessage(value: unknown): value is SafeMessage {
  return typeof value === 'object' && value !== null && made.has(value);
}

/**
 * A tagged template: the literal text is the extension's own and kept as written; every `${…}`
 * part is untrusted and neutralised, except a SafeMessage, which is already safe and goes in as it
 * is. `safeMessage\`Apply the code to ${path}?\``
 */
export function safeMessage(literals: TemplateStringsArray, ...parts: unknown[]): SafeMessage {
  let text = literals[0];
  parts.forEach((part, index) => {
    text += (isSafeMessage(part) ? part.text : neutralize(String(part))) + literals[index + 1];
  });
  const message = Object.freeze({ text }) as SafeMessage;
  made.add(message);
  return message;
}

/** Several messages in one, each part cut on its own; the separator is neutralised too. */
export function joinSafe(messages: readonly SafeMessage[], separator: string): SafeMessage {
  return messages.reduce<SafeMessage | undefined>((joined, next) => (joined ? safeMessage`${joined}${separator}${next}` : next), undefined) ?? safeMessage``;
}

/** The text to hand to VS Code: a SafeMessage's own, anything else neutralised whole. */
export function safeText(message: SafeMessage): string {
  return isSafeMessage(message) ? message.text : neutralize(String((message as { text?: unknown } | undefined)?.text ?? message));
}
