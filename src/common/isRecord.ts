// The one check for "a plain JSON object" that untrusted input is run through. Pure.

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
