// Every key of the user's the extension knows of, for the tools to keep out of their output: the
// stored key of each profile (not only the active one: a command may print any of them), and the
// environment's ANTHROPIC_API_KEY and ANTHROPIC_AUTH_TOKEN, whether or not a profile uses them.
// Pure.

/** A secret to keep out of tool output, and what its marker calls it. */
export interface KnownSecret {
  value: string;
  /** E.g. "Claude Assistant API key": shown as `[redacted: Claude Assistant API key]`. */
  name: string;
}

/** What a stored key's marker calls it. */
export const STORED_KEY_NAME = 'Claude Assistant API key';

const ENVIRONMENT_KEYS = ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN'];

export async function knownSecrets(
  storedKey: (profileId: string) => Promise<string | undefined>,
  profileIds: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<KnownSecret[]> {
  const stored = await Promise.all([...new Set(profileIds)].map((id) => storedKey(id)));
  return [
    ...stored.filter((key): key is string => !!key?.trim()).map((value) => ({ value, name: STORED_KEY_NAME })),
    ...ENVIRONMENT_KEYS.filter((name) => env[name]?.trim()).map((name) => ({ value: env[name]!, name })),
  ];
}
