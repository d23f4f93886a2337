// A review's documents are addressed by the file's own path, with the review's id out of sight in
// the query, and every form of address, earlier versions' included, reads back.
import * as assert from 'assert';
import { proposalParts, readProposalAddress } from '../../src/review/proposalAddress';

describe('proposal addresses', () => {
  it('put the file\'s path in the path and the review in the query, so no id shows as a folder', () => {
    const parts = proposalParts('toolu_01AbC', 'src/greet.ts');
    assert.strictEqual(parts.path, '/src/greet.ts');
    assert.ok(!parts.path.includes('toolu_'), parts.path);
    assert.deepStrictEqual(readProposalAddress(parts), { id: 'toolu_01AbC', side: 'proposal', file: 'src/greet.ts' });
    const before = proposalParts('toolu_01AbC', 'src/new.ts', 'before');
    assert.strictEqual(before.path, '/src/new.ts');
    assert.notStrictEqual(before.query, parts.query, 'the two sides of one review are two documents');
    assert.deepStrictEqual(readProposalAddress(before), { id: 'toolu_01AbC', side: 'before', file: 'src/new.ts' });
  });

  it('takes Windows and absolute paths, and ids with characters a query escapes', () => {
    assert.strictEqual(proposalParts('x', 'C:\\work\\app.ts').path, '/C:/work/app.ts');
    assert.strictEqual(proposalParts('x', '/home/me/notes.md').path, '/home/me/notes.md');
    assert.strictEqual(proposalParts('x', '').path, '/file');
    const odd = proposalParts('edit-1&side=before', 'a.ts');
    assert.deepStrictEqual(readProposalAddress(odd), { id: 'edit-1&side=before', side: 'proposal', file: 'a.ts' });
  });

  it('reads the addresses earlier versions made, which a reloaded window restores', () => {
    assert.deepStrictEqual(readProposalAddress({ path: '/toolu_old/restored.ts', query: '' }), { id: 'toolu_old', side: 'proposal', file: 'restored.ts' });
    assert.deepStrictEqual(readProposalAddress({ path: '/toolu_old/before/restored.ts', query: '' }), { id: 'toolu_old', side: 'before', file: 'restored.ts' });
  });

  it('reads nothing from a document\'s folder, which VS Code addresses with the document\'s query', () => {
    const { query } = proposalParts('toolu_01AbC', 'src/greet.ts');
    assert.strictEqual(readProposalAddress({ path: '/src', query }), undefined);
  });

  it('reads nothing from anything else', () => {
    for (const parts of [{ path: '/', query: '' }, { path: '/a/b/c/d.ts', query: '' }, { path: '/a.ts', query: 'other=1' }, { path: '/', query: 'review=x' }, { path: '/a.ts', query: 'review=x&side=left&name=a.ts' }]) {
      assert.strictEqual(readProposalAddress(parts), undefined, JSON.stringify(parts));
    }
  });
});
