// Keeps the user's keys out of what the tools read: a command may print one (a config file, a
// profile script's export, a keychain query), and a file the model views may hold one. Each
// occurrence becomes a marker that says what was there, before the text reaches the model, a card
// or the history. Streamed output is redacted as it arrives, holding back just enough of its end
// that a key split across chunks is still caught whole. Pure.

import { keyPatternSource, SHORT_KEY } from '../api/redact';
import type { KnownSecret } from '../auth/knownSecrets';

/**
 * Shorter "keys" are never looked for: they would match ordinary words and numbers in the output,
 * and no provider issues them (a test or a typo may set one). The environment scrub shares it.
 */
export const MIN_SECRET_LENGTH = 8;

export function redactionMarker(name: string): string {
  return `[redacted: ${name}]`;
}

export class SecretRedaction {
  /** Undefined when there is nothing to look for. */
  private readonly pattern: RegExp | undefined;
  private readonly markers = new Map<string, string>();
  private readonly values: string[];

  constructor(secrets: readonly KnownSecret[]) {
    for (const secret of secrets) {
      const value = secret.value.trim();
      // The first name given for a value is the one its marker says.
      if (value.length >= MIN_SECRET_LENGTH && !this.markers.has(value)) this.markers.set(value, redactionMarker(secret.name));
    }
    // Longest first: where two start at the same place, the longer is replaced whole.
    this.values = [...this.markers.keys()].sort((a, b) => b.length - a.length);
    this.pattern = this.values.length > 0 ? new RegExp(this.values.map(keyPatternSource).join('|'), 'g') : undefined;
  }

  redact(text: string): string {
    return this.pattern ? text.replace(this.pattern, (found) => this.markers.get(found) ?? found) : text;
  }

  /** A redactor for one stream of output, fed chunk by chunk. */
  stream(): SecretStream {
    return new SecretStream(this);
  }

  /**
   * How much of the end of `text` may still turn out to be a secret once more arrives: the longest
   * end that begins one, or that is one of the short secrets matched only where they stand alone
   * (the next character decides).
   */
  undecidedEnd(text: string): number {
    const longest = Math.min(this.values[0]?.length ?? 0, text.length);
    for (let length = longest; length > 0; length--) {
      const end = text.slice(-length);
      if (this.values.some((value) => (value.length > length || (value.length === length && length < SHORT_KEY)) && value.startsWith(end))) return length;
    }
    return 0;
  }

  /**
   * Redacts `text` from `from` on (what precedes it is only context, for a short secret's
   * boundary) up to `until`, or on to the end of a secret that starts before `until`. Returns the
   * redacted text and where in `text` it stopped.
   */
  redactUntil(text: string, from: number, until: number): { redacted: string; end: number } {
    const pattern = this.pattern;
    if (!pattern) return { redacted: text.slice(from, until), end: until };
    pattern.lastIndex = from;
    let redacted = '';
    let position = from;
    for (let match = pattern.exec(text); match && match.index < until; match = pattern.exec(text)) {
      redacted += text.slice(position, match.index) + (this.markers.get(match[0]) ?? match[0]);
      position = match.index + match[0].length;
    }
    const end = Math.max(position, until);
    return { redacted: redacted + text.slice(position, end), end };
  }
}

/**
 * One stream's redactor. It holds back only the end of what it was given that may still become a
 * secret (see undecidedEnd), so ordinary output shows at once; everything before that end is
 * decided, and what is released never changes.
 */
export class SecretStream {
  private pending = '';
  /** The last character released: a short secret's boundary check looks back at it. */
  private before = '';

  constructor(private readonly redaction: SecretRedaction) {}

  /** Takes a chunk; returns what can be shown now, redacted (maybe empty). */
  push(chunk: string): string {
    this.pending += chunk;
    return this.release(this.pending.length - this.redaction.undecidedEnd(this.pending));
  }

  /** The output ended: the rest, redacted. */
  end(): string {
    return this.release(this.pending.length);
  }

  private release(until: number): string {
    if (until <= 0) return '';
    const text = this.before + this.pending;
    const from = this.before.length;
    const { redacted, end } = this.redaction.redactUntil(text, from, from + until);
    this.before = text.slice(end - 1, end);
    this.pending = text.slice(end);
    return redacted;
  }
}
