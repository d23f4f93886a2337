import * as assert from 'assert';
import { parsePageMessage } from '../../src/chat/pageMessages';
import { checkImage, sniffImageType } from '../../src/webview/imageCheck';

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).toString('base64');
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]).toString('base64');
const gif = Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1').toString('base64');
const webp = Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1').toString('base64');

describe('checkImage', () => {
  it('knows the four image types by their bytes, whatever the file claims', () => {
    assert.deepStrictEqual([png, jpeg, gif, webp].map(sniffImageType), ['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
    assert.deepStrictEqual(checkImage('photo.png', jpeg), { ok: true, mediaType: 'image/jpeg' });
  });

  it('refuses what is not an image, and anything over 5 MB of base64', () => {
    assert.deepStrictEqual(checkImage('notes.txt', Buffer.from('hello world!').toString('base64')), { ok: false, reason: 'notes.txt is not a PNG, JPEG, GIF or WebP image.' });
    assert.strictEqual(checkImage('svg.svg', Buffer.from('<svg onload=alert(1)>').toString('base64')).ok, false);
    const big = png + 'A'.repeat(5 * 1024 * 1024);
    const verdict = checkImage('big.png', big.slice(0, big.length - (big.length % 4)));
    assert.deepStrictEqual(verdict, { ok: false, reason: 'big.png is 5.0 MB once encoded; the API takes at most 5 MB per image.' });
    assert.strictEqual(checkImage('odd.png', `${png}!`).ok, false);
  });
});

describe('parsePageMessage', () => {
  it('accepts well-formed messages', () => {
    assert.deepStrictEqual(parsePageMessage({ type: 'send', text: 'hi', images: [{ mediaType: 'image/gif', data: png, name: 'a.gif' }] }), {
      ok: true, message: { type: 'send', text: 'hi', images: [{ mediaType: 'image/png', data: png, name: 'a.gif' }] },
    });
    assert.deepStrictEqual(parsePageMessage({ type: 'setThinking', thinking: { enabled: true, effort: 'low' } }), { ok: true, message: { type: 'setThinking', thinking: { enabled: true, effort: 'low' } } });
  });

  it('refuses anything else, so the host never acts on it', () => {
    for (const message of [
      null, 'ready', { type: 'nope' },
      { type: 'send', text: 'x' },
      { type: 'send', text: 'x', images: [{ data: Buffer.from('MZ executable').toString('base64') }] },
      { type: 'action', action: 'runArbitraryCommand' },
      { type: 'command', command: 'workbench.action.terminal.new' },
      { type: 'regenerate', turnId: '../x' },
      { type: 'setThinking', thinking: { budgetTokens: 99 } },
      { type: 'openLink', href: 42 },
    ]) {
      assert.strictEqual(parsePageMessage(message).ok, false, JSON.stringify(message));
    }
  });

  it('accepts a tool card\'s review actions and Undo for a turn, and nothing else in them', () => {
    assert.deepStrictEqual(parsePageMessage({ type: 'toolCall', action: 'accept', toolUseId: 'toolu_01A09q90qw90lq917835lq9' }), { ok: true, message: { type: 'toolCall', action: 'accept', toolUseId: 'toolu_01A09q90qw90lq917835lq9' } });
    assert.deepStrictEqual(parsePageMessage({ type: 'undoTurn', turnId: 't4' }), { ok: true, message: { type: 'undoTurn', turnId: 't4' } });
    for (const message of [
      { type: 'toolCall', action: 'approveAll', toolUseId: 'toolu_1' },
      { type: 'toolCall', action: 'accept', toolUseId: '../../etc' },
      { type: 'toolCall', action: 'accept', toolUseId: 'x'.repeat(200) },
      { type: 'undoTurn', turnId: 't 4; rm' },
    ]) {
      assert.strictEqual(parsePageMessage(message).ok, false, JSON.stringify(message));
    }
  });

  it('takes a command card\'s Run, with the user\'s edit, and Reject; an edit goes only with Run', () => {
    assert.deepStrictEqual(parsePageMessage({ type: 'toolCall', action: 'runCommand', toolUseId: 'toolu_9', command: 'npm test -- --grep stats' }), { ok: true, message: { type: 'toolCall', action: 'runCommand', toolUseId: 'toolu_9', command: 'npm test -- --grep stats' } });
    assert.deepStrictEqual(parsePageMessage({ type: 'toolCall', action: 'rejectCommand', toolUseId: 'toolu_9' }), { ok: true, message: { type: 'toolCall', action: 'rejectCommand', toolUseId: 'toolu_9' } });
    for (const message of [
      { type: 'toolCall', action: 'accept', toolUseId: 'toolu_9', command: 'ls' },
      { type: 'toolCall', action: 'rejectCommand', toolUseId: 'toolu_9', command: 'ls' },
      { type: 'toolCall', action: 'runCommand', toolUseId: 'toolu_9', command: '   ' },
      { type: 'toolCall', action: 'runCommand', toolUseId: 'toolu_9', command: 'ls\0 -la' },
      { type: 'toolCall', action: 'runCommand', toolUseId: 'toolu_9', command: 42 },
      { type: 'toolCall', action: 'runCommand', toolUseId: 'toolu_9', command: 'x'.repeat(100_001) },
    ]) {
      assert.strictEqual(parsePageMessage(message).ok, false, JSON.stringify(message).slice(0, 100));
    }
  });
});
