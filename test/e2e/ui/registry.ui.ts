// "Move to registry" in the real VS Code: the quick fix from the lightbulb rewrites the call and creates the
// registry in one WorkspaceEdit; after saving, both files are on disk; the call's lens and the registry's own
// lens show the registry figures; one undo restores every file.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dollars, sameAmount, scanWithCli } from '../lib/expect';
import { waitFor } from '../lib/proc';
import { test } from '../lib/ui';

const CALL_FILE = 'src/support/triage.ts';
const REGISTRY = 'src/llm/modelRegistry.ts';

let original = '';

test('the lightbulb moves the model to a new registry; both files change on disk after save', async ({ wb, page, workspace, screenshot }) => {
  original = readFileSync(path.join(workspace, CALL_FILE), 'utf8');
  assert.ok(!existsSync(path.join(workspace, REGISTRY)), 'the fixture workspace already has a registry');
  await wb.openFile('triage.ts');
  await wb.waitForCodeLens(/\/mo/);
  await wb.selectText("'claude-sonnet-5-5'");
  await wb.applyQuickFix(/Move model to registry as `classify_intent` \(Haiku, saves/);
  await waitFor('the call to be rewritten in the editor', 45_000, async () => (await wb.visibleEditorText()).includes("modelFor('classify_intent')"));
  await screenshot('after-fix');
  await wb.runCommand('File: Save All');
  const call = await waitFor('the call file on disk', 20_000, () => {
    const t = readFileSync(path.join(workspace, CALL_FILE), 'utf8');
    return t.includes("modelFor('classify_intent')") ? t : undefined;
  });
  assert.match(call, /^import \{ modelFor \} from '\.\.\/llm\/modelRegistry';$/m);
  assert.equal(call.replace("\nimport { modelFor } from '../llm/modelRegistry';", '').replace("modelFor('classify_intent')", "'claude-sonnet-5-5'"), original, 'only the import and the model expression changed');
  const registry = await waitFor('the registry on disk', 20_000, () => {
    const p = path.join(workspace, REGISTRY);
    const t = existsSync(p) ? readFileSync(p, 'utf8') : '';
    return t.includes("classify_intent: 'claude-haiku-5-5'") ? t : undefined;
  });
  assert.match(registry, /^\/\/ Task-type registry/);
  assert.match(registry, /export const DEFAULT_MODEL = 'claude-sonnet-5-5';/);
  assert.match(registry, /export function modelFor\(task: string\): string/);
  // Nothing else is left unsaved.
  assert.equal(await page.locator('.tab.dirty').count(), 0, 'an editor is still dirty after Save All');
});

test('the lenses update to the registry figures', async ({ wb, workspace, screenshot }) => {
  const site = await waitFor('the CLI to see the registry call', 60_000, () => scanWithCli(workspace).find((s) => s.file.endsWith(CALL_FILE)));
  assert.equal(site.taskType, 'classify_intent');
  assert.ok(site.monthlyCost.current !== null && sameAmount(site.monthlyCost.current, site.monthlyCost.haiku), `the call now runs on Haiku: ${JSON.stringify(site.monthlyCost)}`);
  // The call's own lens: its current cost is now the Haiku figure.
  await wb.openFile('triage.ts');
  const callLens = await wb.waitForCodeLens(/^(?=.*classify_intent)(?=.*\/mo)/);
  assert.ok(dollars(callLens).some((d) => sameAmount(d, site.monthlyCost.haiku)), `call lens "${callLens}" lacks $${site.monthlyCost.haiku}`);
  // The registry's lens above the entry: 1 call, Haiku cost, the Sonnet alternative.
  // Quick Open's file search can lag behind a file created a moment ago (in CI it did not list it for
  // 130 s): ask for the workspace-relative path, which Quick Open resolves on disk, and retry.
  await waitFor('the registry in Quick Open', 100_000, () =>
    wb.openFile(REGISTRY, 8000).then(
      () => true,
      async () => {
        await wb.escape();
        return false;
      },
    ),
  );
  const lens = await wb.waitForCodeLens(/^1 call · Haiku/, 45_000);
  await screenshot('registry-lens');
  const [haiku, sonnet] = dollars(lens);
  assert.ok(sameAmount(haiku, site.monthlyCost.haiku), `registry lens "${lens}" Haiku figure, expected $${site.monthlyCost.haiku}`);
  assert.ok(sameAmount(sonnet, site.monthlyCost.sonnet), `registry lens "${lens}" Sonnet figure, expected $${site.monthlyCost.sonnet}`);
  assert.match(lens, /on Sonnet/);
}, { timeoutMs: 180_000 });

test('the registry entry switches tier from its lightbulb, and the lens follows', async ({ wb, page, workspace, screenshot }) => {
  await wb.openFile(REGISTRY);
  await wb.waitForCodeLens(/^1 call · Haiku/);
  await wb.selectText('classify_intent');
  await wb.applyQuickFix(/Switch classify_intent to Sonnet \(costs \$[\d.,]+\/mo more\)/);
  await waitFor('the entry to name Sonnet', 20_000, async () => (await wb.visibleEditorText()).includes("classify_intent: 'claude-sonnet-5-5'"));
  await wb.save();
  await waitFor('the switched registry on disk', 20_000, () => readFileSync(path.join(workspace, REGISTRY), 'utf8').includes("classify_intent: 'claude-sonnet-5-5'"));
  const lens = await wb.waitForCodeLens(/^1 call · Sonnet .* · on Haiku/, 45_000);
  await screenshot('registry-switched');
  assert.match(lens, /Sonnet \$[\d.,]+\/mo · on Haiku \$[\d.,]+\/mo/);
  // Put it back (undo in the registry editor) so the next test undoes the move itself.
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+Z');
  await waitFor('the entry back on Haiku', 20_000, async () => (await wb.visibleEditorText()).includes("classify_intent: 'claude-haiku-5-5'"));
  await wb.save();
  await wb.waitForCodeLens(/^1 call · Haiku/, 45_000);
});

test('one undo restores every file', async ({ wb, page, workspace, screenshot }) => {
  // Its tab is still open: click it (Quick Open is slower and flakier here).
  await page.locator('.tab', { hasText: 'triage.ts' }).first().click();
  await page.locator('.tab.active', { hasText: 'triage.ts' }).first().waitFor({ timeout: 15_000 });
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+Z');
  // VS Code may ask whether to undo across all files: the whole edit is what we want.
  const across = page.locator('.monaco-dialog-box .monaco-button', { hasText: /Undo in \d+ Files/i }).first();
  if (await across.waitFor({ state: 'visible', timeout: 4000 }).then(() => true, () => false)) {
    await screenshot('undo-dialog');
    await across.click();
  }
  await waitFor('the model literal to come back', 20_000, async () => (await wb.visibleEditorText()).includes("model: 'claude-sonnet-5-5'"));
  await wb.runCommand('File: Save All');
  await waitFor('the call file restored on disk', 20_000, () => readFileSync(path.join(workspace, CALL_FILE), 'utf8') === original);
  await waitFor('the created registry removed', 20_000, () => !existsSync(path.join(workspace, REGISTRY)));
  // The disk as before: VS Code's undo deletes the created file only; the folder the move created goes too.
  await waitFor('the created folder removed', 20_000, () => !existsSync(path.join(workspace, path.dirname(REGISTRY))));
  await screenshot('after-undo');
});

const PY_FILE = 'app/sentiment.py';
const PY_SOURCE = `"""Sentiment tagging for survey answers."""
from __future__ import annotations

import json

from anthropic import Anthropic

client = Anthropic()


def tag_sentiment(answer: str) -> dict:
    response = client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=20,
        system="Label the sentiment of the survey answer. Respond with exactly one of: positive, neutral, negative.",
        messages=[{"role": "user", "content": answer}],
    )
    return json.loads(response.content[0].text)
`;

test('Python: the fix creates model_registry.py and imports it; one undo leaves no import and no registry', async ({ wb, page, workspace, screenshot }) => {
  mkdirSync(path.join(workspace, 'app'), { recursive: true });
  writeFileSync(path.join(workspace, PY_FILE), PY_SOURCE);
  // Quick Open's file search can lag behind a file created a moment ago: the relative path resolves on disk.
  await waitFor('sentiment.py in Quick Open', 100_000, () => wb.openFile(PY_FILE, 8000).then(() => true, async () => { await wb.escape(); return false; }));
  await wb.waitForCodeLens(/\/mo/, 60_000);
  await wb.selectText('"claude-sonnet-4-6"');
  await wb.applyQuickFix(/Move model to registry as `classify_intent` \(Haiku/);
  await waitFor('the call to be rewritten', 20_000, async () => (await wb.visibleEditorText()).includes('model_for("classify_intent")'));
  await wb.runCommand('File: Save All');
  const call = await waitFor('the call file on disk', 20_000, () => {
    const t = readFileSync(path.join(workspace, PY_FILE), 'utf8');
    return t.includes('model_for("classify_intent")') ? t : undefined;
  });
  assert.match(call, /^from model_registry import model_for$/m);
  assert.ok(existsSync(path.join(workspace, 'model_registry.py')));
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+Z');
  const across = page.locator('.monaco-dialog-box .monaco-button', { hasText: /Undo in \d+ Files/i }).first();
  if (await across.waitFor({ state: 'visible', timeout: 4000 }).then(() => true, () => false)) await across.click();
  await waitFor('the model literal to come back', 20_000, async () => (await wb.visibleEditorText()).includes('model="claude-sonnet-4-6"'));
  await wb.runCommand('File: Save All');
  await waitFor('the Python file restored on disk, import included', 20_000, () => readFileSync(path.join(workspace, PY_FILE), 'utf8') === PY_SOURCE);
  await waitFor('the created registry removed', 20_000, () => !existsSync(path.join(workspace, 'model_registry.py')));
  await screenshot('python-after-undo');
}, { timeoutMs: 150_000 });
