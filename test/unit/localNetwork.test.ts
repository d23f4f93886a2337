import * as assert from 'assert';
import { linkReach } from '../../src/chat/localNetwork';

describe('linkReach', () => {
  it('finds links to this computer, however the address is written', () => {
    for (const url of [
      'http://127.0.0.1:8080/admin',
      'https://127.5.6.7/',
      'http://localhost:3000',
      'http://LOCALHOST./',
      'http://app.localhost/',
      'http://[::1]:8080/',
      'http://[::]/',
      'http://[0:0:0:0:0:0:0:1]/',
      'http://2130706433/',
      'http://0x7f.1/',
      'http://127.1/',
      'http://0.0.0.0:80/',
      'http://[::ffff:127.0.0.1]/',
    ]) {
      assert.strictEqual(linkReach(url), 'this computer', url);
    }
  });

  it('finds links to private and link-local networks', () => {
    for (const url of [
      'http://10.1.2.3/',
      'http://172.16.0.1/',
      'http://172.31.255.255/',
      'http://192.168.1.1/setup',
      'http://169.254.169.254/latest/meta-data/',
      'http://100.64.0.1/',
      'http://[fd12:3456::1]/',
      'http://[fc00::1]/',
      'http://[fe80::1]/',
      'http://[::ffff:192.168.0.1]/',
      'http://printer.local/',
      'http://router.home.arpa/',
    ]) {
      assert.strictEqual(linkReach(url), 'your local network', url);
    }
  });

  it('leaves the internet alone', () => {
    for (const url of [
      'https://example.com/',
      'https://docs.anthropic.com/en/api',
      'http://172.15.0.1/',
      'http://172.32.0.1/',
      'http://192.169.0.1/',
      'http://11.0.0.1/',
      'http://100.128.0.1/',
      'http://8.8.8.8/',
      'http://[2001:db8::1]/',
      'http://[::ffff:8.8.8.8]/',
      'http://[fec0::1]/',
      'https://localhost.example.com/',
      'https://notlocalhost/',
      'https://local/',
      'not a url',
    ]) {
      assert.strictEqual(linkReach(url), 'the internet', url);
    }
  });
});
