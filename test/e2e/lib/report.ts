// "Tierwise: Export Report…" as a person runs it, for the suites that compare an export with the CLI.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { waitFor } from './proc';
import type { UiContext } from './ui';

/** Runs the export command, picks `format` in its quick pick and accepts the save dialog's default path. */
export async function exportReport(ctx: UiContext, format: 'Markdown' | 'JSON', fileName: string): Promise<string> {
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
