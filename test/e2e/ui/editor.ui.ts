// The editor experience as a person sees it, on the example workspace (copied into this run's workspace):
// lenses with the CLI's figures, the hover table, the LLM Calls tree with totals, the status bar, the report.
// Screenshots of each go to test-results/e2e/editor.ui--*.png in Dark Modern and, with "-light", in Light Modern
// (media/screenshots/ has copies of them for the README).
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { formatMoney } from '../../../src/core/present/format';
import { setWorkspaceTheme } from '../lib/colours';
import { dollars, sameAmount, scanWithCli } from '../lib/expect';
import { ROOT } from '../lib/paths';
import { waitFor } from '../lib/proc';
import { test } from '../lib/ui';

const EXAMPLES = path.join(ROOT, 'examples');

/** Takes the picture in the default theme (Dark Modern), then in Light Modern, and goes back. */
async function inBothThemes(page: Page, workspace: string, screenshot: (name: string) => Promise<string>, name: string, redraw?: () => Promise<void>): Promise<void> {
  await screenshot(name);
  const kind = async (): Promise<string> => (await page.locator('.monaco-workbench').first().getAttribute('class')) ?? '';
  setWorkspaceTheme(workspace, 'Light Modern');
  await waitFor('the Light Modern theme', 30_000, async () => /\bvs\b(?!-)/.test(await kind()));
  await redraw?.();
  await screenshot(`${name}-light`);
  setWorkspaceTheme(workspace, 'Dark Modern');
  await waitFor('the Dark Modern theme', 30_000, async () => /\bvs-dark\b/.test(await kind()));
  await redraw?.();
}

test('example workspace: lenses carry the CLI figures', async ({ wb, workspace, screenshot }) => {
  assert.ok(existsSync(EXAMPLES), 'examples/ is missing');
  // Dropped in while VS Code runs: the file watcher has to pick the files (and the usage file) up.
  cpSync(EXAMPLES, workspace, { recursive: true });
  const sites = scanWithCli(workspace);
  const triage = sites.find((s) => s.id === 'src/support/triage.ts#classifyTicket');
  assert.ok(triage, 'the CLI finds classifyTicket');
  await wb.openFile('src/support/triage.ts');
  const text = await wb.waitForCodeLens(/^save .*classify_intent/, 60_000);
  const shown = dollars(text);
  assert.ok(triage.monthlyCost.current !== null && shown.some((d) => sameAmount(d, triage.monthlyCost.current!)), `lens "${text}" lacks the current figure ${triage.monthlyCost.current}`);
  assert.ok(shown.some((d) => sameAmount(d, triage.monthlyCost.haiku)), `lens "${text}" lacks the Haiku figure ${triage.monthlyCost.haiku}`);
  // It leads with the saving (the figure the tree shows), and the volume, set by an annotation, is in its tooltip.
  assert.ok(text.startsWith(`save ${formatMoney(triage.monthlyCost.current! - triage.monthlyCost.haiku)}/mo`), `lens "${text}" does not lead with the saving`);
  assert.ok(text.length <= 70, `lens "${text}" is ${text.length} characters`);
  const tip = (await wb.page.locator('.codelens-decoration a', { hasText: 'classify_intent' }).first().getAttribute('title')) ?? '';
  assert.match(tip, /50k\/day \(annotation\)/, tip);
  // Let the index take in every copied file (the status bar shows the workspace total) before the picture.
  const total = sites.reduce((n, s) => n + (s.monthlyCost.current ?? s.monthlyCost.sonnet), 0);
  await waitFor('the status bar to show the whole workspace', 60_000, async () => (await wb.statusBarTexts()).some((t) => /\/mo/.test(t) && dollars(t).some((d) => sameAmount(d, total))));
  await inBothThemes(wb.page, workspace, screenshot, 'lens');
});

test('clicking the lens shows the details hover; its tokens × prices × volume give each figure', async ({ page, workspace, screenshot }) => {
  // The lens runs tierwise.showCallDetails: cursor on the call, then the hover with the details table.
  const lens = page.locator('.codelens-decoration a', { hasText: 'classify_intent' }).first();
  const hover = page.locator('.monaco-hover:visible, .monaco-resizable-hover:visible').filter({ hasText: 'Task type' }).first();
  const show = async (): Promise<void> => {
    await waitFor('the Tierwise hover', 60_000, async () => {
      // A hover left open over the lens (the pointer rests on the code when the lenses redraw) takes the click:
      // close it and move the pointer away first, and keep each attempt short.
      await page.keyboard.press('Escape');
      await page.mouse.move(0, 0);
      if (!(await lens.click({ timeout: 5000 }).then(() => true, () => false))) return false;
      return hover.waitFor({ state: 'visible', timeout: 4000 }).then(() => true, () => false);
    });
  };
  await show();
  const t = (await hover.innerText()).replace(/\u00a0/g, ' ');
  for (const s of ['Task type', 'classify_intent', 'Recommendation', 'Tokens', 'Volume', 'tierwise: calls=50k/day', 'Per month']) assert.ok(t.includes(s), `hover lacks "${s}"`);
  // The cost table as drawn: each model's tokens and prices, multiplied by the calls a month, give its figure.
  const head = /Per month = ([\d,]+) calls\/day × 30 = ([\d,]+) calls/.exec(t);
  assert.ok(head, `no cost table in the hover:\n${t}`);
  const calls = Number(head[2].replace(/,/g, ''));
  const site = scanWithCli(workspace).find((s) => s.id === 'src/support/triage.ts#classifyTicket')!;
  const rows = [...t.matchAll(/(Current|Haiku tier|Sonnet tier)[^\n]*?\s(claude-[\w-]+)\s+([\d,]+) · ([\d,]+)\s*¹?\s+\$([\d.]+) · \$([\d.]+)\s+(\$[\d.,]+k?)/g)];
  assert.equal(rows.length, 3, `three models in the cost table:\n${t}`);
  for (const r of rows) {
    const [tin, tout, pin, pout] = [r[3], r[4], r[5], r[6]].map((x) => Number(x.replace(/,/g, '')));
    assert.equal(formatMoney((calls * (tin * pin + tout * pout)) / 1e6), r[7], `${r[1]} (${r[2]}): ${tin} × $${pin} + ${tout} × $${pout} per call × ${calls} calls ≠ ${r[7]}`);
  }
  const figures = rows.map((r) => r[7]);
  for (const f of [site.monthlyCost.current!, site.monthlyCost.haiku, site.monthlyCost.sonnet]) assert.ok(figures.includes(formatMoney(f)), `the hover has no row giving ${formatMoney(f)}: ${figures.join(', ')}`);
  assert.match(t, /newer tokenizer: the same text is about 1\.3× the tokens/);
  await inBothThemes(page, workspace, screenshot, 'hover', show);
  await page.keyboard.press('Escape');
});

test('LLM Calls tree: groups with totals, click reveals the call', async ({ page, wb, workspace, screenshot }) => {
  const sites = scanWithCli(workspace);
  await wb.runCommand('Tierwise: Focus on LLM Calls View').catch(async () => {
    await page.locator('.activitybar .action-item a[aria-label*="Tierwise"]').first().click();
  });
  const rows = page.locator('.pane:has(.pane-header:has-text("LLM Calls")) .monaco-list-row');
  await waitFor('tree rows', 30_000, async () => (await rows.count()) >= 3);
  const texts = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  // At the side bar's default width, no row's text is cut (the rows were "classifyTicket · $2,673/mo · save $2,559").
  const cut = await page.evaluate(() =>
    [...document.querySelectorAll('.pane .monaco-list-row .monaco-icon-label-container')]
      .filter((c) => c.closest('.pane')?.querySelector('.pane-header')?.textContent?.includes('LLM Calls'))
      .filter((c) => c.scrollWidth > c.clientWidth + 1)
      .map((c) => `${(c.textContent ?? '').trim()} (${c.scrollWidth} > ${c.clientWidth} px)`),
  );
  const width = (await page.locator('.part.sidebar').first().boundingBox())?.width ?? 0;
  assert.deepEqual(cut, [], `rows cut at the default side-bar width (${width} px)`);
  const triage = sites.find((s) => s.id === 'src/support/triage.ts#classifyTicket')!;
  assert.ok(texts.some((t) => t.startsWith('classify_intent') && /save \$/.test(t)), `no classify_intent group: ${texts.join(' | ')}`);
  const row = `triage.tssave${formatMoney(triage.monthlyCost.current! - triage.monthlyCost.haiku)}`;
  assert.ok(texts.some((t) => t.replace(/\s/g, '') === row), `no triage.ts row with its saving: ${texts.join(' | ')}`);
  // The view's description is the workspace total: the sum of the sites (each counted once).
  const header = (await page.locator('.pane-header:has-text("LLM Calls")').first().innerText()).replace(/\s+/g, ' ');
  const current = sites.reduce((n, s) => n + (s.monthlyCost.current ?? s.monthlyCost.sonnet), 0);
  assert.ok(dollars(header).some((d) => sameAmount(d, current)), `tree header "${header}" lacks the total ${current}`);
  // Wider side bar for the picture: drag the sash at its right edge.
  const bar = await page.locator('.part.sidebar').first().boundingBox();
  if (bar) {
    await page.mouse.move(bar.x + bar.width + 1, bar.y + bar.height / 2);
    await page.mouse.down();
    await page.mouse.move(bar.x + bar.width + 260, bar.y + bar.height / 2, { steps: 8 });
    await page.mouse.up();
  }
  await inBothThemes(page, workspace, screenshot, 'tree');
  await rows.filter({ hasText: 'extract.ts' }).first().click();
  await page.locator('.tab.active:has-text("extract.ts")').first().waitFor({ timeout: 15_000 });
});

test('status bar total opens the report', async ({ page, wb, workspace, screenshot }) => {
  const sites = scanWithCli(workspace);
  const current = sites.reduce((n, s) => n + (s.monthlyCost.current ?? s.monthlyCost.sonnet), 0);
  const item = await waitFor('the status bar total', 30_000, async () => (await wb.statusBarTexts()).find((t) => /\/mo/.test(t) && /save/.test(t)));
  assert.ok(dollars(item).some((d) => sameAmount(d, current)), `status bar "${item}" lacks ${current}`);
  await page.locator('.part.statusbar .statusbar-item', { hasText: '/mo' }).first().click();
  const frame = wb.webview();
  await frame.locator('#totals').waitFor({ timeout: 30_000 });
  const totals = await frame.locator('#totals').innerText();
  // The card labels are upper-cased by CSS, and innerText reports them as drawn.
  for (const s of ['Current', 'Recommended routing', 'All Sonnet', 'All Haiku']) assert.ok(totals.toLowerCase().includes(s.toLowerCase()), `report lacks ${s}: ${totals}`);
  const width = async (sel: string): Promise<number> => (await frame.locator(sel).boundingBox())?.width ?? 0;
  // classify_intent: current far above recommended, so its bars differ in length.
  assert.ok((await width('#bar-r-0')) < (await width('#bar-c-0')) / 2, 'the bar chart draws current and recommended at their sizes');
  assert.ok((await frame.locator('#by-task tbody tr').count()) >= 3, 'the bar chart has a row per task type');
  assert.ok((await frame.locator('#top tbody tr').count()) >= 1, 'the report lists the top call sites by saving');
  await inBothThemes(page, workspace, screenshot, 'report');
});

test('a syntax error mid-typing keeps the lenses', async ({ page, wb, workspace }) => {
  // The report webview has the focus (it would take Ctrl+P): go back through the editor tab.
  await page.locator('.tab', { hasText: 'triage.ts' }).first().click();
  await page.locator('.tab.active', { hasText: 'triage.ts' }).first().waitFor({ timeout: 15_000 });
  const before = await wb.waitForCodeLens(/^save .*classify_intent/, 30_000);
  // Type an unfinished line at the top of the function (above the annotation, which must stay right above the call).
  // Go to the function's line (it may be scrolled under the sticky header after the hover test), then its end.
  const header = readFileSync(path.join(workspace, 'src', 'support', 'triage.ts'), 'utf8').split('\n').findIndex((l) => l.includes('export async function classifyTicket')) + 1;
  await wb.goToLine(header);
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('const x = (', { delay: 40 });
  for (let i = 0; i < 6; i++) {
    await new Promise((r) => setTimeout(r, 400));
    const now = await wb.codeLensTexts();
    assert.ok(now.includes(before), `the lens vanished while the file does not parse: ${JSON.stringify(now)}`);
  }
  for (let i = 0; i < 'const x = ('.length + 1; i++) await page.keyboard.press('Backspace');
  await wb.waitForCodeLens(before, 30_000);
});
