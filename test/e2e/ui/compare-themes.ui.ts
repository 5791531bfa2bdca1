// The compare panel follows the workbench theme through VS Code's CSS variables: in High Contrast its text,
// borders and focus outline come from the theme (no hard-coded colours), and the text is readable.
import assert from 'node:assert/strict';
import { fileOptions, test } from '../lib/ui';
import { waitFor } from '../lib/proc';
import { contrast } from '../lib/compare';

fileOptions({ needsFakeAnthropic: true, settings: { 'workbench.colorTheme': 'Default High Contrast' } });

test('High Contrast: the panel takes the theme colours, readable text and visible borders', async ({ wb, screenshot }) => {
  await wb.openFile('triage.ts');
  await wb.runCommand('Tierwise: Compare on Haiku vs Sonnet');
  const w = wb.webview();
  await w.locator('#run').waitFor({ state: 'visible', timeout: 30_000 });
  await w.locator('.message textarea').first().fill('Say hello');
  await waitFor('the Run button to be enabled', 20_000, async () => w.locator('#run').isEnabled());
  await w.locator('#run').click();
  await waitFor('the run to finish', 30_000, async () => (await w.locator('body').getAttribute('data-finished-run')) !== null);
  await screenshot('compare-high-contrast');
  // No named helpers inside evaluate(): tsx wraps them in a __name() call the page does not have.
  const look = await w.locator('body').evaluate(() => {
    return {
      hc: document.body.classList.contains('vscode-high-contrast'),
      text: getComputedStyle(document.querySelector('#out-haiku')!).color,
      background: getComputedStyle(document.body).backgroundColor,
      columnBorder: getComputedStyle(document.querySelector('#col-haiku')!).borderTopColor,
      contrastBorder: getComputedStyle(document.documentElement).getPropertyValue('--vscode-contrastBorder').trim(),
    };
  });
  assert.ok(look.hc, 'the webview body does not carry the vscode-high-contrast class');
  assert.ok(contrast(look.text, look.background) >= 7, `text ${look.text} on ${look.background}: contrast ${contrast(look.text, look.background).toFixed(1)}`);
  assert.ok(look.contrastBorder, 'the theme gives no contrastBorder');
  assert.notEqual(look.columnBorder, 'rgba(0, 0, 0, 0)', 'columns have no visible border in High Contrast');
}, { timeoutMs: 150_000 });
