// Model statuses as a person sees them: the Problems panel lists the retired Claude model as an error and the
// deprecated OpenAI models as warnings with their dates; the lightbulb switches each to the current model of its tier
// and its own provider, and the file on disk says so.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { waitFor } from '../lib/proc';
import { test } from '../lib/ui';
import { LEGACY_MODELS, LEGACY_MODELS_FILE } from '../lib/legacyModelsFixture';

test('Problems panel: a retired Claude model is an error, deprecated OpenAI models are warnings with their date', async ({ wb, page, workspace, screenshot }) => {
  writeFileSync(path.join(workspace, LEGACY_MODELS_FILE), LEGACY_MODELS);
  await wb.openFile('legacyModels.ts');
  await wb.waitForCodeLens(/\/mo/);
  await page.keyboard.press('Control+Shift+M');
  const rows = page.locator('.markers-panel .monaco-list-row');
  const texts = await waitFor('the model statuses in the Problems panel', 45_000, async () => {
    const t = (await rows.allInnerTexts()).map((x) => x.replace(/\s+/g, ' '));
    return t.some((x) => /claude-3-5-haiku-20241022 was retired on 2026-02-19/.test(x)) && t.some((x) => /gpt-5 (is deprecated and retires|was retired) on 2026-12-11/.test(x)) && t.some((x) => /gpt-4o (is deprecated and retires|was retired) on 2027-01-14/.test(x)) && t;
  });
  await screenshot('problems');
  // The retired model's row carries the error icon.
  const claudeRow = rows.filter({ hasText: 'claude-3-5-haiku-20241022 was retired' }).first();
  assert.ok(await claudeRow.locator('.codicon-error').count(), `no error icon on ${texts.find((x) => x.includes('claude-3-5-haiku'))}`);
});

test('the lightbulb switches the OpenAI model to an OpenAI model and the Claude model to a Claude model; the file on disk says so', async ({ wb, page, workspace }) => {
  const file = path.join(workspace, LEGACY_MODELS_FILE);
  await wb.openFile('legacyModels.ts');
  await wb.selectText("'gpt-5'");
  await wb.applyQuickFix(/Use gpt-6\.1-sol \(current openai model of the same tier\)/);
  await wb.selectText("'claude-3-5-haiku-20241022'");
  await wb.applyQuickFix(/Use claude-haiku-5-5 \(current anthropic model of the same tier\)/);
  await wb.save();
  const text = await waitFor('the fixes on disk', 20_000, async () => {
    const t = readFileSync(file, 'utf8');
    return t.includes("model: 'gpt-6.1-sol'") && t.includes("model: 'claude-haiku-5-5'") && t;
  });
  // Only the two literals changed: the OpenAI calls still use the OpenAI client, gpt-4o (no agreed replacement) is untouched.
  assert.equal(text, LEGACY_MODELS.replace("model: 'gpt-5'", "model: 'gpt-6.1-sol'").replace("model: 'claude-3-5-haiku-20241022'", "model: 'claude-haiku-5-5'"));
  await waitFor('the fixed models to leave the Problems panel', 30_000, async () => {
    const t = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
    return !t.some((x) => /gpt-5 is|claude-3-5-haiku-20241022 was/.test(x)) && t.some((x) => /gpt-4o/.test(x));
  });
});
