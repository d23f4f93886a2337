// The context attached to the message being written, shown as chips until it is sent. Pure.
import type { ContextChip, SentContext } from '../webview/protocol';
import { attachmentLabel, estimateTokens, renderAttachment, type CodeAttachment } from './codeAttachment';
import { renderTextContext, type TextContext } from './contextText';

/** A code range or file from the editor, or a piece of text context (folder, problems, diff, terminal). */
export type DraftItem = CodeAttachment | TextContext;

export function isCode(item: DraftItem): item is CodeAttachment {
  return 'startLine' in item;
}

export function renderItem(item: DraftItem): string {
  return isCode(item) ? renderAttachment(item) : renderTextContext(item);
}

export class DraftAttachments {
  private items: Array<{ id: string; item: DraftItem }> = [];
  private nextId = 1;
  /** Called after every change, to show the chips and keep them across reloads. */
  onChange: () => void = () => undefined;

  get isEmpty(): boolean {
    return this.items.length === 0;
  }

  /** Adds items, skipping any that repeat one already in the draft. */
  add(items: readonly DraftItem[]): void {
    const before = this.items.length;
    for (const item of items) {
      const rendered = renderItem(item);
      if (!this.items.some((other) => renderItem(other.item) === rendered)) this.items.push({ id: `a${this.nextId++}`, item });
    }
    if (this.items.length !== before) this.onChange();
  }

  remove(id: string): void {
    const before = this.items.length;
    this.items = this.items.filter((entry) => entry.id !== id);
    if (this.items.length !== before) this.onChange();
  }

  find(id: string): DraftItem | undefined {
    return this.items.find((entry) => entry.id === id)?.item;
  }

  /** Hands over everything attached and empties the draft, as sending does. */
  take(): DraftItem[] {
    const taken = this.items.map((entry) => entry.item);
    this.items = [];
    if (taken.length > 0) this.onChange();
    return taken;
  }

  /** The items as plain data, to keep across a reload. */
  save(): DraftItem[] {
    return this.items.map((entry) => entry.item);
  }

  chips(): ContextChip[] {
    return this.items.map(({ id, item }) => chipFor(id, item));
  }
}

function chipFor(id: string, item: DraftItem): ContextChip {
  const tokens = estimateTokens(renderItem(item));
  if (!isCode(item)) return { id, kind: item.kind, label: item.label, title: item.title, diagnostics: 0, tokens, ...(item.note ? { note: item.note } : {}) };
  const range = item.startLine === item.endLine ? `line ${item.startLine}` : `lines ${item.startLine}-${item.endLine}`;
  const diagnostics = item.diagnostics.length > 0 ? `, ${item.diagnostics.length} diagnostic${item.diagnostics.length === 1 ? '' : 's'}` : '';
  const note = item.truncatedFromLine !== undefined ? `cut at line ${item.endLine} of ${item.truncatedFromLine}` : undefined;
  return {
    id,
    kind: item.origin === 'file' ? 'file' : 'code',
    label: attachmentLabel(item),
    title: `${item.path}, ${range}${diagnostics}`,
    diagnostics: item.diagnostics.length,
    tokens,
    ...(note ? { note } : {}),
  };
}

/** Checks items restored from storage: anything malformed is dropped. */
export function restoreItems(value: unknown): DraftItem[] {
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is DraftItem => {
    if (typeof item !== 'object' || item === null) return false;
    const record = item as Record<string, unknown>;
    if ('startLine' in record) return typeof record.path === 'string' && typeof record.code === 'string' && Number.isInteger(record.startLine) && Number.isInteger(record.endLine) && Array.isArray(record.diagnostics);
    return typeof record.kind === 'string' && typeof record.label === 'string' && typeof record.title === 'string' && typeof record.text === 'string';
  });
}

/** The user message's text: each attachment, then the question. */
export function composeUserText(question: string, items: readonly DraftItem[]): string {
  if (items.length === 0) return question;
  return `${items.map(renderItem).join('\n\n')}\n\n${question}`;
}

/** The user text and, when context leads it, the chips the transcript shows in its place. */
export function composeUserMessage(question: string, items: readonly DraftItem[]): { text: string; context?: SentContext } {
  const text = composeUserText(question, items);
  if (items.length === 0) return { text };
  const chips = items.map((item, index) => {
    const { kind, label, title } = chipFor(`s${index}`, item);
    const href = isCode(item) && item.uri?.startsWith('file:') ? `${item.path}#L${item.startLine}-L${item.endLine}` : undefined;
    return { kind, label, title, ...(href ? { href } : {}) };
  });
  return { text, context: { chips, length: text.length - question.length } };
}
