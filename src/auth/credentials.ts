// Decides which key to use and how to send it, from SecretStorage and the environment. Pure.

export type AuthHeaderStyle = 'x-api-key' | 'bearer' | 'both';
export type CredentialSource = 'SecretStorage' | 'ANTHROPIC_API_KEY' | 'ANTHROPIC_AUTH_TOKEN';

export interface Credentials {
  key: string;
  headerStyle: AuthHeaderStyle;
  source: CredentialSource;
}

export interface CredentialInputs {
  storedKey: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
  headerStyle: AuthHeaderStyle;
  /**
   * Whether the environment's keys may go to this profile: they are Anthropic's keys, so only the
   * Anthropic profile, or a profile whose user opted in (`useEnvironmentKey`), may use them.
   */
  environmentAllowed: boolean;
}

/**
 * A key the user stored wins over the environment. `ANTHROPIC_AUTH_TOKEN` is a bearer token by
 * definition (as in Anthropic's SDK), so it is always sent as `Authorization: Bearer`.
 */
export function resolveCredentials({ storedKey, env, headerStyle, environmentAllowed }: CredentialInputs): Credentials | undefined {
  const stored = storedKey?.trim();
  if (stored) return { key: stored, headerStyle, source: 'SecretStorage' };
  if (!environmentAllowed) return undefined;
  const apiKey = env.ANTHROPIC_API_KEY?.trim();
  if (apiKey) return { key: apiKey, headerStyle, source: 'ANTHROPIC_API_KEY' };
  const token = env.ANTHROPIC_AUTH_TOKEN?.trim();
  if (token) return { key: token, headerStyle: 'bearer', source: 'ANTHROPIC_AUTH_TOKEN' };
  return undefined;
}

/** Whether a string is a usable http(s) base URL; returns a reason when it is not. */
export function checkBaseUrl(baseUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return `"${baseUrl}" is not a valid URL.`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `"${baseUrl}" must start with https:// or http://.`;
  if (url.username || url.password) return 'The base URL must not contain a user name or password.';
  return undefined;
}
