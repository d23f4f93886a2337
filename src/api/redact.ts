// Keeps API keys out of provider text (error bodies, stream errors, probe replies) before it is
// stored, logged, shown or exported: a gateway may repeat the key it was sent. Pure.

/** What a key is replaced with. */
export const REDACTED = '[redacted]';

/**
 * Anything shaped like an Anthropic key, whoever's it is: `sk-ant-` and the key's own characters.
 * Also matches the prefix of one cut short by an excerpt.
 */
const ANTHROPIC_KEY = /sk-ant-[A-Za-z0-9_-]+/g;

/**
 * Keys this short are replaced only where they stand alone: anywhere would mangle ordinary words
 * (no provider issues keys this short, but a test or a typo may set one).
 */
export const SHORT_KEY = 12;

/** A function that redacts one piece of text. */
export type Redact = (text: string) => string;

/** The keys a request carries: `x-api-key`, and the token of `Authorization: Bearer`. */
export function keysInHeaders(headers: Readonly<Record<string, string>>): string[] {
  const keys: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === 'x-api-key') keys.push(value.trim());
    if (lower === 'authorization') keys.push(value.trim().replace(/^Bearer(\s+|$)/i, '').trim());
  }
  return keys.filter((key) => key !== '');
}

/**
 * Builds a redactor for the given keys. The key is replaced wherever it appears, so its `Bearer`
 * form becomes `Bearer [redacted]`; Anthropic-shaped keys are replaced whatever the keys given.
 */
export function redactorFor(keys: readonly string[]): Redact {
  const patterns = [...new Set(keys.filter((key) => key !== ''))]
    // Longest first, so a key that contains another is replaced whole.
    .sort((a, b) => b.length - a.length)
    .map((key) => new RegExp(keyPatternSource(key), 'g'));
  return (text) => {
    let result = text;
    for (const pattern of patterns) result = result.replace(pattern, REDACTED);
    return result.replace(ANTHROPIC_KEY, REDACTED);
  };
}

/**
 * A regular expression's source matching `key`: anywhere, or only where it stands alone when it
 * is shorter than SHORT_KEY.
 */
export function keyPatternSource(key: string): string {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return key.length >= SHORT_KEY ? escaped : `(?<![A-Za-z0-9_-])${escaped}(?![A-Za-z0-9_-])`;
}

/** Redacts text that may be missing. */
export function redactOptional(redact: Redact, text: string | undefined): string | undefined {
  return text === undefined ? undefined : redact(text);
}
