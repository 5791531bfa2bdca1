// The cost lens is drawn above the fixture's call site with the figures the core computes.
import assert from 'node:assert/strict';
import { dollars, extensionHasLenses, sameAmount, scanWithCli } from '../lib/expect';
import { skip, test } from '../lib/ui';

test('cost lens drawn on the call site with the expected figures', async ({ wb, workspace, screenshot }) => {
  if (!extensionHasLenses()) skip('the extension registers no CodeLens provider yet');
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
  // The lens sits right above the call line: the line after the lens is the annotation or the call.
  const lensLine = await wb.page.locator('.codelens-decoration', { hasText: '/mo' }).first().boundingBox();
  const callLine = await wb.page.locator('.view-line', { hasText: 'client.messages.create(' }).first().boundingBox();
  assert.ok(lensLine && callLine && callLine.y > lensLine.y && callLine.y - lensLine.y < 3 * callLine.height, 'the lens is not right above the call');
});
