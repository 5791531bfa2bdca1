// The compare panel in a light theme (Default Light Modern): it takes the theme's colours through VS Code's CSS
// variables (a light background, dark text), every kind of text on it is readable (WCAG AA, 4.5:1) and the
// columns, the inputs and the error box have borders that stand out from the background.
import assert from 'node:assert/strict';
import { fileOptions, test } from '../lib/ui';
import { waitFor } from '../lib/proc';
import { contrast, luminance, rgba, visibleColour } from '../lib/compare';

fileOptions({ needsFakeAnthropic: true, settings: { 'workbench.colorTheme': 'Default Light Modern' } });

test('Light: the panel takes the theme colours, readable text and visible borders', async ({ wb, screenshot }) => {
  await wb.openFile('triage.ts');
  await wb.runCommand('Tierwise: Compare on Haiku vs Sonnet');
  const w = wb.webview();
  await w.locator('#run').waitFor({ state: 'visible', timeout: 30_000 });
  await w.locator('.message textarea').first().fill('Say hello');
  await waitFor('the Run button to be enabled', 20_000, async () => w.locator('#run').isEnabled());
  await w.locator('#run').click();
  await waitFor('the run to finish', 30_000, async () => (await w.locator('body').getAttribute('data-finished-run')) !== null);
  await w.locator('#fig-haiku [data-figure=cost]').waitFor({ timeout: 10_000 });
  await screenshot('compare-light');
  // No named helpers inside evaluate(): tsx wraps them in a __name() call the page does not have.
  const look = await w.locator('body').evaluate(() => {
    const root = getComputedStyle(document.documentElement);
    const textarea = document.querySelector('.message textarea')!;
    const muted = document.querySelector('.muted')!;
    return {
      classes: document.body.className,
      themeBackground: root.getPropertyValue('--vscode-editor-background').trim(),
      themeForeground: root.getPropertyValue('--vscode-foreground').trim(),
      background: getComputedStyle(document.querySelector('body')!).backgroundColor,
      text: getComputedStyle(document.querySelector('body')!).color,
      output: getComputedStyle(document.querySelector('#out-haiku')!).color,
      outputBackground: getComputedStyle(document.querySelector('#out-haiku')!).backgroundColor,
      figure: getComputedStyle(document.querySelector('#fig-haiku [data-figure=cost]')!).color,
      muted: getComputedStyle(muted).color,
      runText: getComputedStyle(document.querySelector('#run')!).color,
      runBackground: getComputedStyle(document.querySelector('#run')!).backgroundColor,
      inputText: getComputedStyle(textarea).color,
      inputBackground: getComputedStyle(textarea).backgroundColor,
      inputBorder: getComputedStyle(textarea).borderTopColor,
      columnBorder: getComputedStyle(document.querySelector('#col-haiku')!).borderTopColor,
      columnBorderWidth: getComputedStyle(document.querySelector('#col-haiku')!).borderTopWidth,
    };
  });
  assert.match(look.classes, /\bvscode-light\b/, `the webview body is not marked as a light theme: "${look.classes}"`);
  assert.ok(look.themeBackground && look.themeForeground, 'the theme variables are missing');
  assert.ok(luminance(look.background) > 0.8, `the panel background ${look.background} is not light`);
  assert.ok(luminance(look.text) < 0.1, `the panel text ${look.text} is not dark`);
  // The panel's own colours are the theme's, not fixed ones (the body's background is the editor's).
  assert.equal(rgba(look.background).slice(0, 3).join(','), hexToRgb(look.themeBackground), `background ${look.background} is not --vscode-editor-background ${look.themeBackground}`);
  assert.equal(rgba(look.text).slice(0, 3).join(','), hexToRgb(look.themeForeground), `text ${look.text} is not --vscode-foreground ${look.themeForeground}`);
  const outputOn = rgba(look.outputBackground)[3]! > 0 ? look.outputBackground : look.background;
  const pairs: Array<[string, string, string]> = [
    ['body text', look.text, look.background],
    ['model output', look.output, outputOn],
    ['figures', look.figure, look.background],
    ['muted hints', look.muted, look.background],
    ['Run button', look.runText, look.runBackground],
    ['prompt input', look.inputText, look.inputBackground],
  ];
  for (const [what, fg, bg] of pairs) assert.ok(contrast(fg, bg) >= 4.5, `${what}: ${fg} on ${bg} has contrast ${contrast(fg, bg).toFixed(2)} < 4.5`);
  assert.ok(visibleColour(look.columnBorder) && look.columnBorderWidth !== '0px', `the columns have no visible border: ${look.columnBorder} ${look.columnBorderWidth}`);
  assert.ok(contrast(look.columnBorder, look.background) > 1.15, `column border ${look.columnBorder} hardly differs from ${look.background}`);
  assert.ok(visibleColour(look.inputBorder) && contrast(look.inputBorder, look.inputBackground) > 1.15, `prompt input border ${look.inputBorder} on ${look.inputBackground} is not visible`);
}, { timeoutMs: 150_000 });

function hexToRgb(hex: string): string {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h.slice(0, 6);
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)).join(',');
}
