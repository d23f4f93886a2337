// The user's keys never pass through a tool's output: whole text, and streams fed in pieces.
import * as assert from 'assert';
import { knownSecrets } from '../../src/auth/knownSecrets';
import type { KnownSecret } from '../../src/auth/knownSecrets';
import { SecretRedaction } from '../../src/tools/secretRedaction';

const STORED = 'sk-ant-api03-stored-0123456789abcdef';
const ENV = 'gw-token-from-env-9876543210';
const secrets: KnownSecret[] = [
  { value: STORED, name: 'Claude Assistant API key' },
  { value: ENV, name: 'ANTHROPIC_AUTH_TOKEN' },
];
const STORED_MARK = '[redacted: Claude Assistant API key]';
const ENV_MARK = '[redacted: ANTHROPIC_AUTH_TOKEN]';

/**
 * Everything one stream released for `chunks`, joined. What is released is final, so a joined
 * result without the key means no piece showed any part of it either.
 */
function streamed(redaction: SecretRedaction, chunks: readonly string[]): string {
  const stream = redaction.stream();
  return chunks.map((chunk) => stream.push(chunk)).join('') + stream.end();
}

describe('SecretRedaction', () => {
  it('replaces every occurrence of each secret with a marker naming it', () => {
    const redaction = new SecretRedaction(secrets);
    assert.strictEqual(
      redaction.redact(`key=${STORED}\nexport T="${ENV}"; again:${STORED}${STORED}`),
      `key=${STORED_MARK}\nexport T="${ENV_MARK}"; again:${STORED_MARK}${STORED_MARK}`,
    );
  });

  it('leaves text without a secret as it is, and does nothing without secrets', () => {
    const text = 'sk-ant-api03-stored but not the rest\n';
    assert.strictEqual(new SecretRedaction(secrets).redact(text), text);
    assert.strictEqual(new SecretRedaction([]).redact(`${STORED}`), STORED);
  });

  it('ignores "keys" too short to tell from ordinary text, and matches short ones only standing alone', () => {
    const redaction = new SecretRedaction([{ value: 'test', name: 'k' }, { value: '1234567', name: 'k' }, { value: ' ', name: 'k' }, { value: 'abcd1234', name: 'short key' }]);
    assert.strictEqual(redaction.redact('npm test passed 1234567 times'), 'npm test passed 1234567 times');
    assert.strictEqual(redaction.redact('k=abcd1234; xabcd1234 abcd12345'), 'k=[redacted: short key]; xabcd1234 abcd12345');
  });

  it('trims the secrets it is given, and names a value by the first name given for it', () => {
    const redaction = new SecretRedaction([{ value: ` ${STORED}\n`, name: 'first' }, { value: STORED, name: 'second' }]);
    assert.strictEqual(redaction.redact(STORED), '[redacted: first]');
  });

  it('replaces the longer of two secrets that start alike whole', () => {
    const redaction = new SecretRedaction([{ value: 'prefix-secret-0000', name: 'short' }, { value: 'prefix-secret-0000-and-more', name: 'long' }]);
    assert.strictEqual(redaction.redact('prefix-secret-0000-and-more prefix-secret-0000'), '[redacted: long] [redacted: short]');
  });
});

describe('SecretStream', () => {
  const redaction = new SecretRedaction(secrets);

  it('catches a secret split across chunks at every place it can be split', () => {
    const text = `before ${STORED} after\n`;
    for (let cut = 1; cut < text.length; cut++) {
      assert.strictEqual(streamed(redaction, [text.slice(0, cut), text.slice(cut)]), `before ${STORED_MARK} after\n`, `cut at ${cut}`);
    }
  });

  it('catches secrets fed one character at a time', () => {
    assert.strictEqual(streamed(redaction, [...`${ENV}|${STORED}.`]), `${ENV_MARK}|${STORED_MARK}.`);
  });

  it('shows ordinary output at once: only an end that may begin a secret waits', () => {
    const stream = redaction.stream();
    assert.strictEqual(stream.push('Building...\n'), 'Building...\n');
    assert.strictEqual(stream.push('token: sk-ant-api'), 'token: ');
    assert.strictEqual(stream.push('-other\n'), 'sk-ant-api-other\n');
    assert.strictEqual(stream.end(), '');
  });

  it('decides a short secret at the end of a chunk by the character that follows', () => {
    const short = new SecretRedaction([{ value: 'abcd1234', name: 'short key' }]);
    assert.strictEqual(streamed(short, ['id=abcd1234', '5 and ', 'abcd1234', '\n']), 'id=abcd12345 and [redacted: short key]\n');
    assert.strictEqual(streamed(short, ['x', 'abcd1234 ', 'abcd1234']), 'xabcd1234 [redacted: short key]');
  });

  it('passes everything through at once when there is nothing to look for', () => {
    const stream = new SecretRedaction([]).stream();
    assert.strictEqual(stream.push('sk-ant-'), 'sk-ant-');
    assert.strictEqual(stream.end(), '');
  });
});

describe('knownSecrets', () => {
  it('gathers every profile\'s stored key and the environment\'s keys, each named for its marker', async () => {
    const stored: Record<string, string> = { anthropic: 'sk-ant-stored-one', gateway: 'gw-stored-two' };
    const asked: string[] = [];
    const secrets = await knownSecrets(async (id) => { asked.push(id); return stored[id]; }, ['anthropic', 'gateway', 'custom', 'anthropic'],
      { ANTHROPIC_API_KEY: 'sk-ant-env', ANTHROPIC_AUTH_TOKEN: ' ', PATH: '/usr/bin' });
    assert.deepStrictEqual(asked, ['anthropic', 'gateway', 'custom']);
    assert.deepStrictEqual(secrets, [
      { value: 'sk-ant-stored-one', name: 'Claude Assistant API key' },
      { value: 'gw-stored-two', name: 'Claude Assistant API key' },
      { value: 'sk-ant-env', name: 'ANTHROPIC_API_KEY' },
    ]);
  });
});
