// A person runs commands from the palette: the workbench lists Tierwise as a running extension,
// and Tierwise's own commands appear under their category and run.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../lib/paths';
import { test } from '../lib/ui';
import { waitFor } from '../lib/proc';

interface CommandContribution { command: string; title: string; category?: string }
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes?: { commands?: CommandContribution[]; menus?: Record<string, Array<{ command: string; when?: string }>> } };
const commands = manifest.contributes?.commands ?? [];
// Commands with a commandPalette `when` clause show only in some contexts (or never): not checked here.
const conditional = new Set((manifest.contributes?.menus?.commandPalette ?? []).filter((m) => m.when).map((m) => m.command));
const paletteTitle = (c: CommandContribution) => (c.category ? `${c.category}: ${c.title}` : c.title);

test('"Developer: Show Running Extensions" lists Tierwise as activated', async ({ wb, page }) => {
  await wb.openFile('triage.ts');
  await wb.runCommand('Developer: Show Running Extensions');
  const list = page.locator('.runtime-extensions-editor .monaco-list').first();
  await list.waitFor({ state: 'visible', timeout: 30_000 });
  const row = page.locator('.runtime-extensions-editor .monaco-list-row').filter({ hasText: 'Tierwise' }).first();
  // The list is virtualised and re-sorted by activation time as it fills: scroll down through it,
  // and back to the top every few steps, until Tierwise's row is drawn.
  const box = await list.boundingBox();
  let step = 0;
  await waitFor('Tierwise in the running extensions list', 45_000, async () => {
    if (await row.isVisible()) return true;
    if (box) {
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.wheel(0, step++ % 6 === 5 ? -10_000 : 300);
    }
    return false;
  }, 300);
  // The activation time is filled in once the extension has activated.
  const text = await waitFor('Tierwise activation time in the running extensions editor', 30_000, async () => {
    const t = (await row.innerText()).replace(/\s+/g, ' ');
    return /Activation: \d+\s*ms/.test(t) ? t : undefined;
  });
  assert.match(text, /Tierwise/);
  await wb.escape();
});

test('the palette shows every unconditional Tierwise command under its category', async ({ wb }) => {
  const visible = commands.filter((c) => !conditional.has(c.command));
  if (!visible.length) {
    const rows = await wb.paletteRows('Tierwise');
    assert.deepEqual(rows.filter((r) => /^Tierwise:/.test(r)), [], 'the palette shows Tierwise commands the manifest does not contribute');
    return;
  }
  // The palette's list draws only the rows that fit (about 17 at this window's height; Tierwise has more commands):
  // ask for each command by its own title.
  const missing: string[] = [];
  for (const c of visible) {
    const rows = await wb.paletteRows(paletteTitle(c));
    if (!rows.some((r) => r.includes(paletteTitle(c)))) missing.push(`"${paletteTitle(c)}" (rows: ${rows.join(' | ')})`);
  }
  assert.deepEqual(missing, [], 'commands missing from the palette');
});
