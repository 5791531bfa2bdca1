// "Tierwise: Export Report…" from the palette: pick a format, accept the save dialog's suggested file; the file on
// disk is what `tierwise scan` prints for the same folder (the same formatter and the same figures), Markdown and JSON.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../lib/paths';
import { waitFor } from '../lib/proc';
import { test, type UiContext } from '../lib/ui';

function cli(folder: string, format: 'json' | 'markdown'): string {
  return execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'scan', '--format', format, folder], { cwd: folder, encoding: 'utf8', timeout: 60_000 });
}

/** Runs the export command, picks `format` in its quick pick and accepts the save dialog's default path. */
async function exportAs(ctx: UiContext, format: 'Markdown' | 'JSON', fileName: string): Promise<string> {
  const { page } = ctx;
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('input').first();
  const rows = widget.locator('.quick-input-list .monaco-list-row');
  await waitFor('the palette', 20_000, async () => {
    await ctx.wb.escape(1);
    await page.keyboard.press('Control+Shift+P');
    return input.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false);
  }, 500);
  await input.fill('>Tierwise: Export Report');
  await rows.filter({ hasText: 'Tierwise: Export Report…' }).first().waitFor({ timeout: 20_000 });
  await page.keyboard.press('Enter');
  // The format quick pick.
  const pick = rows.filter({ hasText: format }).first();
  await pick.waitFor({ state: 'visible', timeout: 20_000 });
  assert.match(await widget.innerText(), /Tierwise: export the report as/);
  await pick.click();
  // The save dialog (VS Code's own file dialog in the browser) suggests <first folder>/<fileName>.
  await waitFor('the save dialog with the suggested file', 20_000, async () => (await input.inputValue().catch(() => '')).endsWith(fileName));
  await page.keyboard.press('Enter');
  const file = path.join(ctx.workspace, fileName);
  await waitFor(`${fileName} on disk`, 20_000, () => existsSync(file) && readFileSync(file, 'utf8').length > 0);
  // The export opens beside the code.
  await page.locator(`.tab[aria-label*="${fileName}"]`).first().waitFor({ timeout: 20_000 });
  return readFileSync(file, 'utf8');
}

test('Markdown export equals `tierwise scan --format markdown`', async (ctx) => {
  await ctx.wb.openFile('triage.ts');
  await ctx.wb.waitForCodeLens(/\/mo/);
  const text = await exportAs(ctx, 'Markdown', 'tierwise-report.md');
  await ctx.screenshot('export-markdown');
  assert.match(text, /^### Tierwise: monthly LLM cost/);
  assert.equal(text.trim(), cli(ctx.workspace, 'markdown').trim());
}, { timeoutMs: 90_000 });

test('JSON export equals `tierwise scan --format json`: the same call sites, figures and totals', async (ctx) => {
  await ctx.wb.runCommand('View: Close All Editor Groups');
  await ctx.wb.openFile('triage.ts');
  const exported = JSON.parse(await exportAs(ctx, 'JSON', 'tierwise-report.json')) as Record<string, unknown>;
  const expected = JSON.parse(cli(ctx.workspace, 'json')) as Record<string, unknown>;
  assert.equal(exported.version, 1);
  assert.ok(Array.isArray(exported.callSites) && exported.callSites.length > 0, 'no call sites exported');
  assert.deepEqual(exported.callSites, expected.callSites);
  assert.deepEqual(exported.totals, expected.totals);
  assert.deepEqual(exported.pricing, expected.pricing);
  assert.equal(exported.root, expected.root);
}, { timeoutMs: 90_000 });
