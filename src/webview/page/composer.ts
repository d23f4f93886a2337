// The message box: Enter sends, Shift+Enter starts a new line, Stop (or Escape) ends the reply.
// Images come by paste, drop or the Attach button; each is checked before it is attached. Context
// chips (code, files, @ mentions) belong to the host and sit in the same strip.
import { base64Length, checkImage, tooLarge } from '../imageCheck';
import { MAX_IMAGE_BASE64_BYTES, MAX_IMAGES_PER_MESSAGE, type ContextChip, type ImageAttachment, type MentionKind } from '../protocol';
import { renderChips, wireChips } from './contextChips';
import { codicon } from './dom';
import { MentionMenu, withoutMention } from './mentionMenu';

/** An upper estimate of an image's tokens (the API's limit is about 1,600 for a large one). */
const IMAGE_TOKENS = 1600;

export interface ComposerEvents {
  send(text: string, images: ImageAttachment[]): void;
  stop(): void;
  draftChanged(text: string): void;
  /** A short message for the user: an image was refused, and why. */
  notice(text: string): void;
  chip(action: 'open' | 'remove', id: string): void;
  mention(kind: MentionKind): void;
}

export class Composer {
  private attachments: ImageAttachment[] = [];
  private chips: ContextChip[] = [];
  private busy = false;
  private readonly mentions: MentionMenu;
  private readonly tokens: HTMLElement;
  private readonly input: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private readonly strip: HTMLElement;
  private readonly fileInput: HTMLInputElement;

  constructor(
    form: HTMLFormElement,
    private readonly events: ComposerEvents,
  ) {
    const find = <T extends Element>(selector: string): T => form.querySelector(selector) as T;
    this.input = find('#message');
    this.sendButton = find('#send');
    this.stopButton = find('#stop');
    this.strip = find('#attachments');
    this.fileInput = find('#image-file');
    this.tokens = find('#draft-tokens');
    this.mentions = new MentionMenu(this.input, find('#mentions'), (kind) => events.mention(kind));
    wireChips(this.strip, { open: (id) => events.chip('open', id), remove: (id) => events.chip('remove', id) });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.send();
    });
    this.input.addEventListener('keydown', (event) => {
      if (this.mentions.handleKey(event)) {
        event.preventDefault();
        event.stopPropagation();
        return;
      }
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.send();
      }
    });
    this.input.addEventListener('input', () => {
      events.draftChanged(this.input.value);
      this.showTokens();
    });
    this.input.addEventListener('paste', (event) => {
      const files = Array.from(event.clipboardData?.files ?? []);
      if (files.length === 0) return;
      event.preventDefault();
      void this.attach(files);
    });
    this.stopButton.addEventListener('click', () => events.stop());
    find<HTMLButtonElement>('#attach').addEventListener('click', () => this.fileInput.click());
    this.fileInput.addEventListener('change', () => {
      void this.attach(Array.from(this.fileInput.files ?? []));
      this.fileInput.value = '';
    });
    this.strip.addEventListener('click', (event) => {
      const remove = (event.target as Element).closest<HTMLElement>('[data-remove]');
      if (remove) this.removeAttachment(Number(remove.dataset.remove));
    });
  }

  /** Files dropped anywhere on the page. */
  acceptDrop(files: File[]): void {
    void this.attach(files);
  }

  get text(): string {
    return this.input.value;
  }

  set text(value: string) {
    this.input.value = value;
    this.showTokens();
  }

  /** A message the host did not send: its text goes back before anything typed since, its images back in the strip. */
  handBack(text: string, images: ImageAttachment[]): void {
    this.input.value = [text, this.input.value].filter((part) => part.trim() !== '').join('\n');
    this.attachments = [...images, ...this.attachments].slice(0, MAX_IMAGES_PER_MESSAGE);
    this.renderAttachments();
    this.events.draftChanged(this.input.value);
    this.showTokens();
  }

  /** The host's context chips, after any change. */
  setChips(chips: ContextChip[]): void {
    const before = Array.from(this.strip.querySelectorAll<HTMLElement>('[data-chip-id]'));
    const focusedIndex = before.findIndex((item) => item.contains(document.activeElement));
    const focusedId = before[focusedIndex]?.dataset.chipId;
    this.chips = chips;
    this.renderAttachments();
    if (focusedIndex < 0) return;
    // The focus stays on the same chip, or moves to the one that took the removed one's place, so
    // Delete can be pressed again and again; with no chip left it returns to the message box.
    const after = Array.from(this.strip.querySelectorAll<HTMLElement>('[data-chip-id]'));
    const target = after.find((item) => item.dataset.chipId === focusedId) ?? after[Math.min(focusedIndex, after.length - 1)];
    if (target) target.querySelector<HTMLElement>('.chip-open')?.focus();
    else this.input.focus();
  }

  /** The host turned an @ mention into a chip: its text goes; otherwise it stays as typed. */
  mentionResolved(kind: MentionKind, ok: boolean): void {
    if (!ok) return;
    this.input.value = withoutMention(this.input.value, kind);
    this.events.draftChanged(this.input.value);
    this.showTokens();
  }

  focus(): void {
    this.input.focus();
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    this.sendButton.disabled = busy;
    this.stopButton.disabled = !busy;
  }

  get attachedCount(): number {
    return this.attachments.length;
  }

  private send(): void {
    const text = this.input.value.trim();
    if ((!text && this.attachments.length === 0 && this.chips.length === 0) || this.busy) return;
    this.events.send(text, this.attachments);
    this.input.value = '';
    this.attachments = [];
    this.renderAttachments();
    this.events.draftChanged('');
  }

  private async attach(files: File[]): Promise<void> {
    for (const file of files) {
      if (this.attachments.length >= MAX_IMAGES_PER_MESSAGE) {
        this.events.notice(`At most ${MAX_IMAGES_PER_MESSAGE} images can go with one message.`);
        return;
      }
      const name = file.name || 'pasted image';
      if (file.type && !file.type.startsWith('image/')) {
        this.events.notice(`${name} is not an image. Attach PNG, JPEG, GIF or WebP images.`);
        continue;
      }
      // Checked before reading: a huge file is refused without loading it.
      if (base64Length(file.size) > MAX_IMAGE_BASE64_BYTES) {
        this.events.notice(tooLarge(name, base64Length(file.size)));
        continue;
      }
      const data = await readBase64(file);
      const verdict = checkImage(name, data);
      if (!verdict.ok) {
        this.events.notice(verdict.reason);
        continue;
      }
      this.attachments.push({ mediaType: verdict.mediaType, data, name });
    }
    this.renderAttachments();
  }

  /** The draft's estimated size: about four characters a token, chips and images included. */
  private showTokens(): void {
    const total = Math.ceil(this.input.value.length / 4) + this.chips.reduce((sum, chip) => sum + chip.tokens, 0) + this.attachments.length * IMAGE_TOKENS;
    this.tokens.textContent = total > 0 ? `~${total.toLocaleString('en')} tokens` : '';
    this.tokens.title = 'Estimated size of the message: text, attached context and images';
  }

  private removeAttachment(index: number): void {
    this.attachments.splice(index, 1);
    this.renderAttachments();
    this.input.focus();
  }

  private renderAttachments(): void {
    this.strip.replaceChildren(
      ...renderChips(this.chips),
      ...this.attachments.map((image, index) => {
        const item = document.createElement('div');
        item.className = 'attachment';
        item.setAttribute('role', 'listitem');
        const thumbnail = document.createElement('img');
        thumbnail.src = `data:${image.mediaType};base64,${image.data}`;
        thumbnail.alt = image.name;
        const remove = document.createElement('button');
        remove.type = 'button';
        remove.className = 'icon-button remove-attachment';
        remove.dataset.remove = String(index);
        remove.title = `Remove ${image.name}`;
        remove.setAttribute('aria-label', `Remove ${image.name}`);
        remove.append(codicon('close'));
        item.append(thumbnail, remove);
        return item;
      }),
    );
    this.strip.hidden = this.attachments.length === 0 && this.chips.length === 0;
    this.showTokens();
  }
}

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.addEventListener('load', () => resolve(String(reader.result).replace(/^data:[^,]*,/, '')));
    reader.addEventListener('error', () => reject(reader.error ?? new Error('could not read the file')));
    reader.readAsDataURL(file);
  });
}
