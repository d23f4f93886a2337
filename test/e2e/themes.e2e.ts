// The chat view in VS Code's dark, light and high-contrast themes: the theme variables the workbench
// gives it are the ones the page tests audit with (test/page/themes/), axe-core finds nothing in the
// real view, and a wide table in the side bar scrolls in its own block.
//
// CLAUDE_ASSISTANT_RECORD_THEMES=1 writes the variables to test/page/themes/ instead of comparing.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Frame } from 'playwright-core';
import { repoRoot } from '../host/codeServer';
import { extensionId } from '../host/workbench';
import { reply, textBlock, thinkingBlock } from '../mock/server';
import { auditAccessibility, describeViolations } from '../page/axe';
import { readTheme, recordedVariableNames, type RecordedTheme, themeDir, themes } from '../page/themes';
import { useE2eSession, type E2eSession } from './fixture';

const recording = process.env.CLAUDE_ASSISTANT_RECORD_THEMES === '1';

export const wideTable = [
  'Measured on the test rig:',
  '',
  '| Run | Speed | Load | Temperature | Pressure | Result |',
  '|---|--:|--:|--:|--:|---|',
  '| 1 | 59 m/s | 12.5 kN | 21.4 °C | 101.3 kPa | passed, within tolerance |',
  '| 2 | 61 m/s | 13.0 kN | 22.0 °C | 101.1 kPa | passed |',
  '',
  '```ts',
  'export const limits = { speed: 60, load: 13, temperature: 25, pressure: 101.5, note: "a long line that does not fit the side bar" };',
  '```',
].join('\n');

/** The chat page's frame, for evaluating scripts in it (a FrameLocator cannot). */
async function chatFrame(s: E2eSession): Promise<Frame> {
  const outer = await s.workbench.page.locator(`iframe.webview.ready[src*="extensionId=${extensionId}"]`).elementHandle();
  const outerFrame = await outer?.contentFrame();
  const inner = await outerFrame?.locator('#active-frame').elementHandle();
  const frame = await inner?.contentFrame();
  if (!frame) throw new Error('the chat view is not open');
  return frame;
}

async function switchTheme(s: E2eSession, name: string, bodyClass: string): Promise<void> {
  await s.workbench.pickColorTheme(name);
  await s.chat().locator(`body.${bodyClass}`).waitFor({ timeout: 30_000 });
}

/** What the workbench gives the page in the current theme, as the page tests apply it. */
async function readLiveTheme(frame: Frame, names: ReadonlySet<string>): Promise<Omit<RecordedTheme, 'name'>> {
  const live = await frame.evaluate(() => {
    const style = document.documentElement.style;
    const variables: Record<string, string> = {};
    for (let i = 0; i < style.length; i++) variables[style[i]] = style.getPropertyValue(style[i]).trim();
    const defaults = document.getElementById('_defaultStyles');
    return { bodyClass: document.body.className.split(/\s+/).filter((c) => c.startsWith('vscode-')).join(' '), kind: document.body.dataset.vscodeThemeKind ?? '', variables, defaultStyles: defaults?.textContent ?? '' };
  });
  const variables = Object.fromEntries(Object.entries(live.variables).filter(([name]) => names.has(name) || live.defaultStyles.includes(name)).sort(([a], [b]) => a.localeCompare(b)));
  return { ...live, variables };
}

describe('the chat view in dark, light and high-contrast themes', function () {
  this.timeout(240_000);
  const session = useE2eSession();

  it('gets the theme variables the page tests use, has no axe violations, and scrolls a wide table in its own block', async () => {
    const s = session();
    // On a busy machine the palette may not list the extension's commands for a while yet.
    for (let attempt = 1; ; attempt++) {
      try {
        await s.openChat();
        break;
      } catch (error) {
        if (attempt === 4) throw error;
        await s.workbench.page.keyboard.press('Escape');
      }
    }
    await s.setApiKey('sk-ant-e2e-themes-0123456789');
    s.mock.enqueue(
      { reply: reply([thinkingBlock('Compare the runs.'), textBlock(wideTable)]) },
      { fault: { kind: 'httpError', status: 401, message: 'invalid x-api-key' } },
    );
    await s.send('Show the runs as a table.');
    await s.waitForTranscript('passed, within tolerance');
    await s.send('And again?');
    await s.waitForTranscript('invalid x-api-key');
    const names = recordedVariableNames();
    const problems: string[] = [];
    for (const theme of themes) {
      if (theme.name !== 'Default Dark Modern') await switchTheme(s, theme.name, theme.bodyClass);
      const frame = await chatFrame(s);
      const live = { name: theme.name, ...(await readLiveTheme(frame, names)) };
      const file = path.join(themeDir, `${theme.id}.json`);
      if (recording) {
        fs.writeFileSync(file, `${JSON.stringify(live, null, 2)}\n`);
        continue;
      } else {
        const recorded = readTheme(theme.id);
        assert.deepStrictEqual(live.variables, recorded.variables, `${theme.name}: the variables in ${path.relative(repoRoot, file)} are out of date; record them again (see the top of this file)`);
        assert.strictEqual(live.defaultStyles, recorded.defaultStyles, `${theme.name}: VS Code's default webview styles changed; record them again`);
      }
      const violations = await auditAccessibility(frame);
      if (violations.length > 0) problems.push(`${theme.name}:\n${describeViolations(violations)}`);
      const scroll = await frame.evaluate(() => {
        const wrapper = document.querySelector<HTMLElement>('.table-scroll')!;
        const transcript = document.getElementById('transcript')!;
        return { tableOverflows: wrapper.scrollWidth > wrapper.clientWidth, transcriptOverflows: transcript.scrollWidth > transcript.clientWidth };
      });
      assert.deepStrictEqual(scroll, { tableOverflows: true, transcriptOverflows: false }, `${theme.name}: the table scrolls in its block, not the transcript`);
      await s.chat().locator('.table-scroll').scrollIntoViewIfNeeded();
      await s.workbench.screenshot(`themes-wide-table-${theme.id}`);
    }
    assert.deepStrictEqual(problems, [], problems.join('\n'));
  });
});
