// The cost lens is drawn above the fixture's call site with the figures the core computes, and
// "Tierwise: Toggle Cost Lenses" from the palette hides and shows it.
import assert from 'node:assert/strict';
import { dollars, sameAmount, scanWithCli } from '../lib/expect';
import { waitFor } from '../lib/proc';
import { test } from '../lib/ui';

test('cost lens drawn on the call site with the expected figures', async ({ wb, workspace, screenshot }) => {
  await wb.openFile('triage.ts');
  const text = await wb.waitForCodeLens(/\/mo/);
  await screenshot('lens');
  const site = scanWithCli(workspace).find((s) => s.file.endsWith('src/support/triage.ts'));
  assert.ok(site, 'the CLI finds no call site in src/support/triage.ts');
  assert.equal(site.taskType, 'classify_intent');
  assert.equal(site.callsPerDay, 1000, 'the annotation sets 1000 calls/day');
  assert.match(text, /classify_intent/);
  assert.match(text, /Sonnet/);
  assert.match(text, /Haiku/);
  const shown = dollars(text);
  assert.ok(shown.some((d) => sameAmount(d, site.monthlyCost.sonnet)), `lens "${text}" lacks the Sonnet figure $${site.monthlyCost.sonnet}`);
  assert.ok(shown.some((d) => sameAmount(d, site.monthlyCost.haiku)), `lens "${text}" lacks the Haiku figure $${site.monthlyCost.haiku}`);
  // Same tokenizer generation on both current tiers: Sonnet 5.5 costs exactly 20× Haiku 5.5.
  assert.ok(Math.abs(site.monthlyCost.sonnet / site.monthlyCost.haiku - 20) < 0.01, `Sonnet/Haiku ratio ${site.monthlyCost.sonnet / site.monthlyCost.haiku}`);
  // The lens is drawn right above the line of the call.
  const lensBox = await wb.page.locator('.codelens-decoration', { hasText: '/mo' }).first().boundingBox();
  const callBox = await wb.page.locator('.view-line', { hasText: 'client.messages.create(' }).first().boundingBox();
  assert.ok(lensBox && callBox, 'lens or call line not drawn');
  assert.ok(callBox.y > lensBox.y && callBox.y - lensBox.y < 2.5 * callBox.height, `the lens (y=${lensBox.y}) is not right above the call (y=${callBox.y})`);
});

test('"Tierwise: Toggle Cost Lenses" hides the lens and shows it again', async ({ wb }) => {
  await wb.openFile('triage.ts');
  await wb.waitForCodeLens(/\/mo/);
  await wb.runCommand('Tierwise: Toggle Cost Lenses');
  await waitFor('the cost lens to disappear', 20_000, async () => !(await wb.codeLensTexts()).some((t) => t.includes('/mo')));
  await wb.runCommand('Tierwise: Toggle Cost Lenses');
  await wb.waitForCodeLens(/\/mo/, 20_000);
});
