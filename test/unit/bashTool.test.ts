import * as assert from 'assert';
import { bashDefinition, bashVersionFor, isBashVersion, readBashInput, MAX_COMMAND_LENGTH } from '../../src/tools/shellRun/bashTool';
import { chooseShell, gitBashCandidates } from '../../src/tools/shellRun/shellChoice';
import { environmentAfterRun, scrubEnvironment } from '../../src/tools/shellRun/shellEnv';
import { modelInfo } from '../../src/providers/modelCatalog';

describe('bash tool definitions', () => {
  it('sends the typed tool named bash, with the beta only for the 2024 version', () => {
    assert.deepStrictEqual(bashDefinition('bash_20250124', 'anthropic'), { tool: { type: 'bash_20250124', name: 'bash' }, betas: [], version: 'bash_20250124' });
    assert.deepStrictEqual(bashDefinition('bash_20241022', 'anthropic'), { tool: { type: 'bash_20241022', name: 'bash' }, betas: ['computer-use-2024-10-22'], version: 'bash_20241022' });
  });

  it('pairs with the model catalogue: only the October 2024 Sonnet 3.5 gets the old version', () => {
    assert.strictEqual(bashVersionFor(modelInfo('claude-3-5-sonnet-20241022').textEditorTool), 'bash_20241022');
    assert.strictEqual(bashVersionFor(modelInfo('claude-3-7-sonnet-latest').textEditorTool), 'bash_20250124');
    assert.strictEqual(bashVersionFor(modelInfo('claude-sonnet-4-5').textEditorTool), 'bash_20250124');
    assert.ok(isBashVersion('bash_20241022') && isBashVersion('bash_20250124'));
    assert.ok(!isBashVersion('bash_2099') && !isBashVersion(undefined));
  });

  it('offers the same inputs as a plain JSON-schema tool, without typed fields or betas', () => {
    for (const version of ['bash_20250124', 'bash_20241022'] as const) {
      const custom = bashDefinition(version, 'custom');
      assert.deepStrictEqual(Object.keys(custom.tool).sort(), ['description', 'input_schema', 'name']);
      assert.strictEqual(custom.tool.name, 'bash');
      assert.deepStrictEqual(custom.betas, []);
      const schema = custom.tool.input_schema as { type: string; properties: Record<string, { type: string }> };
      assert.strictEqual(schema.type, 'object');
      assert.deepStrictEqual(Object.keys(schema.properties).sort(), ['command', 'restart']);
      assert.strictEqual(schema.properties.command.type, 'string');
      assert.strictEqual(schema.properties.restart.type, 'boolean');
      assert.match(String(custom.tool.description), /stdin is closed/);
    }
  });
});

describe('bash tool input from the model', () => {
  const refusal = (input: unknown): string => {
    const result = readBashInput(input);
    assert.ok(!result.ok, `expected a refusal for ${JSON.stringify(input)}`);
    return result.error;
  };

  it('takes a command, or a restart', () => {
    assert.deepStrictEqual(readBashInput({ command: 'ls -la' }), { ok: true, restart: false, command: 'ls -la' });
    assert.deepStrictEqual(readBashInput({ command: 'ls', restart: false }), { ok: true, restart: false, command: 'ls' });
    assert.deepStrictEqual(readBashInput({ restart: true }), { ok: true, restart: true });
    assert.deepStrictEqual(readBashInput({ restart: true, command: '' }), { ok: true, restart: true });
  });

  it('refuses what is not a command, saying what to send', () => {
    assert.match(refusal(null), /object/);
    assert.match(refusal(['ls']), /object/);
    assert.match(refusal({}), /"command" must be a string/);
    assert.match(refusal({ command: 42 }), /"command" must be a string/);
    assert.match(refusal({ command: '   ' }), /empty/);
    assert.match(refusal({ restart: 'yes' }), /"restart" must be true/);
    assert.match(refusal({ restart: true, command: 'rm -rf build' }), /not both/);
    assert.match(refusal({ command: 'x'.repeat(MAX_COMMAND_LENGTH + 1) }), /longer than/);
    assert.match(refusal({ command: 'echo a\0b' }), /NUL/);
  });
});

describe('choosing the shell', () => {
  const existing = (...files: string[]) => (file: string) => files.includes(file);

  it('uses the login shell when it is bash or zsh', () => {
    assert.deepStrictEqual(chooseShell({ platform: 'darwin', env: {}, loginShell: '/bin/zsh', exists: existing('/bin/zsh', '/bin/bash') }), { available: true, path: '/bin/zsh', kind: 'zsh' });
    assert.deepStrictEqual(chooseShell({ platform: 'linux', env: {}, loginShell: '/usr/local/bin/bash', exists: existing('/usr/local/bin/bash', '/bin/bash') }), { available: true, path: '/usr/local/bin/bash', kind: 'bash' });
    assert.deepStrictEqual(chooseShell({ platform: 'linux', env: { SHELL: '/usr/bin/zsh' }, loginShell: null, exists: existing('/usr/bin/zsh', '/bin/bash') }), { available: true, path: '/usr/bin/zsh', kind: 'zsh' });
  });

  it('falls back to /bin/bash for other shells, missing ones, and relative paths', () => {
    for (const loginShell of ['/usr/bin/fish', '/bin/sh', '/bin/dash', '/usr/bin/nu', 'zsh', '/bin/zsh-missing', '/bin/bashful']) {
      assert.deepStrictEqual(chooseShell({ platform: 'linux', env: { SHELL: loginShell }, loginShell, exists: existing('/bin/bash', 'zsh', '/bin/bashful') }), { available: true, path: '/bin/bash', kind: 'bash' }, loginShell);
    }
    assert.deepStrictEqual(chooseShell({ platform: 'darwin', env: {}, loginShell: '/bin/zsh', exists: existing('/bin/bash') }), { available: true, path: '/bin/bash', kind: 'bash' });
    assert.deepStrictEqual(chooseShell({ platform: 'linux', env: {}, loginShell: '/usr/bin/fish', exists: existing('/usr/bin/bash') }), { available: true, path: '/usr/bin/bash', kind: 'bash' });
  });

  it('says why when there is no bash at all', () => {
    const choice = chooseShell({ platform: 'linux', env: {}, loginShell: '/bin/sh', exists: existing('/bin/sh') });
    assert.ok(!choice.available);
    assert.match(choice.reason, /No bash was found/);
  });

  it('uses Git Bash on Windows, found in the install folders or beside git on PATH, never WSL bash', () => {
    const env = { ProgramFiles: 'C:\\Program Files', LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local', Path: 'C:\\Windows\\System32;D:\\Tools\\Git\\cmd' };
    assert.deepStrictEqual(gitBashCandidates(env), [
      'C:\\Program Files\\Git\\bin\\bash.exe',
      'C:\\Users\\u\\AppData\\Local\\Programs\\Git\\bin\\bash.exe',
      'D:\\Tools\\Git\\bin\\bash.exe',
    ]);
    assert.deepStrictEqual(chooseShell({ platform: 'win32', env, exists: existing('D:\\Tools\\Git\\bin\\bash.exe', 'C:\\Windows\\System32\\bash.exe') }), { available: true, path: 'D:\\Tools\\Git\\bin\\bash.exe', kind: 'bash' });
    const none = chooseShell({ platform: 'win32', env: { ...env, SHELL: '/bin/bash' }, loginShell: 'C:\\Windows\\System32\\bash.exe', exists: existing('C:\\Windows\\System32\\bash.exe', '/bin/bash') });
    assert.ok(!none.available);
    assert.match(none.reason, /Git Bash/);
  });
});

describe('the shell environment', () => {
  it('drops our key variables and any variable holding a configured key, and nothing else', () => {
    const key = 'sk-ant-api03-secret-value-1234';
    const env = scrubEnvironment({
      PATH: '/usr/bin', HOME: '/home/u', ANTHROPIC_API_KEY: 'sk-1', anthropic_auth_token: 'tok', ANTHROPIC_BASE_URL: 'https://gw.example',
      MY_COPY: key, PROXY_URL: `https://user:${key}@proxy.example`, SHORT: 'abc', ELECTRON_RUN_AS_NODE: '1', EMPTY: '', UNSET: undefined,
    }, [key, 'abc', '  ']);
    assert.deepStrictEqual(env, { PATH: '/usr/bin', HOME: '/home/u', ANTHROPIC_BASE_URL: 'https://gw.example', EMPTY: '' });
    // A short configured "key" is matched whole only, so it cannot wipe out unrelated variables.
    assert.deepStrictEqual(scrubEnvironment({ A: 'xabcx', B: 'abc' }, ['abc']), { A: 'xabcx' });
  });

  it('carries what the shell exported, forgets what it unset, and keeps what it cannot name', () => {
    const previous = { PATH: '/usr/bin', GONE: '1', 'ProgramFiles(x86)': 'C:\\PF86', SHLVL: '1' };
    const dump = 'PATH=/opt/bin:/usr/bin\0NEW=a=b\nc\0SHLVL=7\0_=/usr/bin/printf\0__claude_assistant_status=0\0EMPTY=\0';
    assert.deepStrictEqual(environmentAfterRun(dump, previous, '__claude_assistant_'), {
      'ProgramFiles(x86)': 'C:\\PF86', SHLVL: '1', PATH: '/opt/bin:/usr/bin', NEW: 'a=b\nc', EMPTY: '',
    });
  });
});
