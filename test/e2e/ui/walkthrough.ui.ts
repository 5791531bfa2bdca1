// The first-run walkthrough as a new user meets it (issue #11, item 8): "Welcome: Open Walkthrough…" lists
// "Get started with Tierwise"; its four steps are there in order, with their pictures; the "Set the real volumes"
// step's button opens the usage file, and the step is ticked. Screenshot: walkthrough.ui--walkthrough.png.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { waitFor } from '../lib/proc';
import { test } from '../lib/ui';

const STEPS = ['See what each LLM call costs', 'Set the real volumes', 'Compare Haiku and Sonnet', 'Move calls to the registry'];

test('the walkthrough has the four first-run steps; a step\'s button does its job and ticks the step', async ({ wb, page, workspace, screenshot }) => {
  await wb.openFile('triage.ts');
  await wb.waitForCodeLens(/\/mo/, 60_000);
  await wb.runCommand('Welcome: Open Walkthrough');
  const pick = page.locator('.quick-input-widget');
  await pick.locator('input').first().fill('Tierwise');
  await pick.locator('.quick-input-list .monaco-list-row', { hasText: 'Get started with Tierwise' }).first().click();
  const walk = page.locator('.gettingStartedContainer').first();
  await walk.waitFor({ timeout: 30_000 });
  const steps = walk.locator('.getting-started-step');
  const titles = await waitFor('the walkthrough steps', 30_000, async () => {
    const t = (await steps.locator('.step-title').allInnerTexts()).map((x) => x.trim());
    return t.length >= STEPS.length ? t : undefined;
  });
  assert.deepEqual(titles.filter((t) => STEPS.includes(t)), STEPS, `steps: ${titles.join(' | ')}`);
  // The first step is open with its picture (an SVG in the theme's colours).
  // The first step is open with its picture, drawn in the theme's colours (a <style> in it would be blocked by the
  // walkthrough's CSP and leave every shape black).
  const media = wb.webview();
  const look = await waitFor('the first step\'s picture', 30_000, async () =>
    media
      .locator('svg text')
      .first()
      .evaluate((t) => ({ text: getComputedStyle(t).fill, page: getComputedStyle(t.closest('svg')!.querySelector('rect')!).fill }))
      .catch(() => undefined),
  );
  assert.notEqual(look.text, 'rgb(0, 0, 0)', 'the picture\'s text is black on the dark theme');
  assert.notEqual(look.text, look.page, 'the picture\'s text has the colour of its background');
  await screenshot('walkthrough');

  const step = steps.filter({ hasText: 'Set the real volumes' }).first();
  await step.locator('.step-title').click();
  const button = step.getByText('Open the Usage File', { exact: true }).first();
  await button.waitFor({ timeout: 20_000 });
  await screenshot('walkthrough-volumes');
  await button.click();
  await page.locator('.tab.active', { hasText: '.tierwise.json' }).first().waitFor({ timeout: 30_000 });
  assert.ok(existsSync(path.join(workspace, '.tierwise.json')), 'the usage file was created');
  // Back on the walkthrough, the step is ticked.
  await page.locator('.tab', { hasText: 'Walkthrough' }).first().click().catch(() => page.locator('.tab', { hasText: 'Welcome' }).first().click());
  await waitFor('the "Set the real volumes" step to be ticked', 30_000, async () => (await step.locator('.codicon-pass-filled, .codicon-getting-started-step-checked').count()) > 0);
}, { timeoutMs: 150_000 });
