/// <reference lib="dom" />
// The Compacted marker: the summary above the turns it stands for, which stay on the page folded
// away; expanding them from the keyboard; Undo; and the themes' colours.
import * as assert from 'assert';
import type { Compaction } from '../../src/webview/protocol';
import { auditAccessibility, describeViolations } from './axe';
import { assistantTurn, usePage, userTurn } from './harness';
import { themes } from './themes';

const turns = [userTurn('u1', 'FIRST question about the parser'), assistantTurn('a1', 'First answer.'), userTurn('u2', 'Second question'), assistantTurn('a2', 'Second answer.')];
const compaction: Compaction = {
  id: 'comp-1',
  at: 1,
  reason: 'command',
  throughTurnId: 'a1',
  summary: 'The user wants a parser.\n<img src=x onerror=alert(1)> stays text.',
  focus: 'the API decisions',
  elided: [],
};

describe('page: the Compacted marker', () => {
  const chat = usePage({ width: 360, height: 700 });

  it('shows the summary and folds the turns it stands for, which expand and fold again from the keyboard', async () => {
    const c = chat();
    await c.showConversation(turns, { compactions: [compaction] });
    const marker = c.page.getByRole('region', { name: 'Compacted: 2 earlier messages sent as a summary' });
    assert.strictEqual(await marker.isVisible(), true);
    assert.strictEqual(await marker.locator('.compaction-summary').innerText(), 'The user wants a parser.\n<img src=x onerror=alert(1)> stays text.');
    assert.strictEqual(await c.page.locator('.compaction img').count(), 0, 'the summary is text, never markup');
    // The marker comes first, and the turns it stands for are still on the page, folded.
    assert.strictEqual(await c.page.evaluate(() => document.getElementById('turns')?.firstElementChild?.className), 'compaction');
    assert.deepStrictEqual(await Promise.all(['u1', 'a1', 'u2', 'a2'].map((id) => c.page.locator(`[data-turn-id="${id}"]`).isVisible())), [false, false, true, true]);

    const toggle = c.page.getByRole('button', { name: /^Compacted: 2 earlier messages sent as a summary, keeping the API decisions$/ });
    assert.strictEqual(await toggle.getAttribute('aria-expanded'), 'false');
    await toggle.focus();
    await c.page.keyboard.press('Enter');
    assert.strictEqual(await toggle.getAttribute('aria-expanded'), 'true');
    assert.strictEqual(await c.page.locator('[data-turn-id="u1"]').isVisible(), true);
    assert.match(await c.page.locator('[data-turn-id="u1"]').innerText(), /FIRST question about the parser/);
    await c.page.screenshot({ path: 'test-results/screenshots/page-compaction-expanded.png' });
    await c.page.keyboard.press('Space');
    assert.strictEqual(await toggle.getAttribute('aria-expanded'), 'false');
    assert.strictEqual(await c.page.locator('[data-turn-id="u1"]').isVisible(), false);
  });

  it('asks the host to undo it, and shows the full turns when the host says it is undone', async () => {
    const c = chat();
    await c.showConversation(turns, { compactions: [compaction] });
    await c.page.getByRole('button', { name: 'Undo compaction: send the full turns again' }).click();
    assert.deepStrictEqual((await c.posted()).at(-1), { type: 'undoCompaction', id: 'comp-1' });
    await c.send({ type: 'compactions', compactions: [{ ...compaction, undone: true }] });
    await c.frame();
    assert.strictEqual(await c.page.locator('.compaction').isHidden(), true);
    assert.strictEqual(await c.page.locator('[data-turn-id="u1"]').isVisible(), true);
  });

  it('appears when a compaction arrives, and goes when its turns are cut', async () => {
    const c = chat();
    await c.showConversation(turns);
    assert.strictEqual(await c.page.locator('.compaction').isHidden(), true);
    await c.send({ type: 'compactions', compactions: [compaction] });
    await c.frame();
    assert.strictEqual(await c.page.locator('[data-turn-id="a1"]').isVisible(), false);
    await c.send({ type: 'turnsTruncated', keep: 1 });
    await c.frame();
    assert.strictEqual(await c.page.locator('.compaction').isHidden(), true);
    assert.strictEqual(await c.page.locator('[data-turn-id="u1"]').isVisible(), true);
  });

  for (const theme of themes) {
    it(`has no axe-core violations in ${theme.name}`, async () => {
      const c = chat();
      await c.applyTheme(theme.id);
      await c.showConversation(turns, { compactions: [compaction] });
      await c.page.getByRole('button', { name: /^Compacted:/ }).click();
      const violations = await auditAccessibility(c.page);
      assert.deepStrictEqual(violations.map((v) => v.id), [], describeViolations(violations));
      await c.page.screenshot({ path: `test-results/screenshots/page-compaction-${theme.id}.png` });
    });
  }
});
