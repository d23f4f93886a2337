/// <reference lib="dom" />
// Wide tables and long code lines in a narrow panel: each scrolls sideways in its own block, which
// the keyboard reaches, and the transcript itself never scrolls sideways.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { assistantTurn, type ChatPage, usePage, userTurn } from './harness';
import { themes } from './themes';

const screenshotDir = path.resolve(__dirname, '..', '..', '..', 'test-results', 'screenshots');

const wideTable = [
  'Measured on the test rig:',
  '',
  '| Run | Speed | Load | Temperature | Pressure | Result |',
  '|---|--:|--:|--:|--:|---|',
  '| 1 | 59 m/s | 12.5 kN | 21.4 °C | 101.3 kPa | passed, within tolerance |',
  '| 2 | 61 m/s | 13.0 kN | 22.0 °C | 101.1 kPa | passed |',
  '',
  '```ts',
  'export const limits = { speed: 60, load: 13, temperature: 25, pressure: 101.5, note: "a long line that does not fit" };',
  '```',
].join('\n');

/** How the blocks lay out: what overflows, and how many lines the cells of row 1 take. */
function layout(c: ChatPage): Promise<{ table: boolean; code: boolean; transcript: boolean; tallestCellLines: number }> {
  return c.page.evaluate(() => {
    const overflows = (element: Element): boolean => element.scrollWidth > element.clientWidth;
    const cells = Array.from(document.querySelectorAll('.markdown tbody tr:first-child td'));
    const lineHeight = parseFloat(getComputedStyle(cells[0]).lineHeight);
    const textHeight = (cell: Element): number => {
      const range = document.createRange();
      range.selectNodeContents(cell);
      return range.getBoundingClientRect().height;
    };
    // The last column is prose; the measures before it must each fit on one line.
    const tallest = Math.max(...cells.slice(0, -1).map((cell) => textHeight(cell) / lineHeight));
    return {
      table: overflows(document.querySelector('.table-scroll')!),
      code: overflows(document.querySelector('.code-block pre')!),
      transcript: overflows(document.getElementById('transcript')!) || document.documentElement.scrollWidth > document.documentElement.clientWidth,
      tallestCellLines: Math.round(tallest * 10) / 10,
    };
  });
}

describe('page: tables and code in a narrow panel', () => {
  const chat = usePage({ width: 300, height: 640 });

  it('scrolls a wide table and a long code line in their own blocks, with cells a line high', async () => {
    const c = chat();
    await c.showConversation([userTurn('u1', 'Show the runs.'), assistantTurn('a1', wideTable)]);
    const measured = await layout(c);
    assert.deepStrictEqual({ ...measured, tallestCellLines: measured.tallestCellLines <= 1.2 }, { table: true, code: true, transcript: false, tallestCellLines: true }, JSON.stringify(measured));
  });

  it('lets the keyboard reach and scroll the table, and names it after its columns', async () => {
    const c = chat();
    await c.showConversation([assistantTurn('a1', wideTable)]);
    const wrapper = c.page.getByRole('group', { name: 'Table: Run, Speed, Load, Temperature, and 2 more columns' });
    await wrapper.focus();
    assert.strictEqual(await wrapper.evaluate((element) => element === document.activeElement), true);
    await c.page.keyboard.press('ArrowRight');
    await c.page.keyboard.press('End');
    await c.page.waitForFunction(() => document.querySelector('.table-scroll')!.scrollLeft > 0);
  });

  it('wraps a table streamed in, too, and keeps it wrapped once finished', async () => {
    const c = chat();
    await c.showConversation([userTurn('u1', 'Stream it.')], { busy: true });
    await c.send({ type: 'turnAdded', turn: { id: 'a1', role: 'assistant', status: 'streaming', blocks: [] } }, { type: 'blockStarted', id: 'a1', index: 0, block: { type: 'text', text: '' } });
    for (const append of wideTable.match(/[\s\S]{1,25}/g) ?? []) await c.send({ type: 'blockDelta', id: 'a1', index: 0, append });
    await c.settle();
    assert.strictEqual(await c.page.locator('.table-scroll > table').count(), 1);
    await c.send({ type: 'turnMeta', id: 'a1', meta: { status: 'done' } });
    await c.frame();
    assert.strictEqual(await c.page.locator('.table-scroll > table').count(), 1);
    assert.strictEqual((await layout(c)).transcript, false);
  });

  for (const theme of themes) {
    it(`screenshot: a wide table in a 300-pixel panel, ${theme.name}`, async () => {
      const c = chat();
      await c.applyTheme(theme.id);
      await c.showConversation([userTurn('u1', 'Show the runs.'), assistantTurn('a1', wideTable)]);
      await c.page.getByRole('group').focus();
      fs.mkdirSync(screenshotDir, { recursive: true });
      await c.page.screenshot({ path: path.join(screenshotDir, `page-wide-table-${theme.id}.png`) });
      assert.strictEqual((await layout(c)).transcript, false);
    });
  }
});
