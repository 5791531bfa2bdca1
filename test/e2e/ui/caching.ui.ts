// Prompt caching found where it is missing (issue #15), as a person sees it: a call that sends a long, unchanging
// system prompt on every call gets a lens note and an information entry in the Problems panel with the CLI's saving;
// the lightbulb adds the cache_control breakpoint (the string system prompt becomes one text block), the file on disk
// says so, and one undo gives the file back as it was.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { dollars, sameAmount } from '../lib/expect';
import { ROOT } from '../lib/paths';
import { waitFor } from '../lib/proc';
import { test } from '../lib/ui';
import { execFileSync } from 'node:child_process';

const FILE = 'src/support/policyAnswer.ts';
const POLICY = Array.from({ length: 60 }, (_v, i) => `Rule ${i + 1}: a refund is allowed within thirty days of delivery when the item is unused and in its original packaging.`).join(' ');
const ORIGINAL = [
  'import Anthropic from "@anthropic-ai/sdk";',
  '',
  'const client = new Anthropic();',
  '',
  `const POLICY = "${POLICY}";`,
  '',
  'export async function answerPolicyQuestion(question: string) {',
  '  // tierwise: calls=20k/day',
  '  const response = await client.messages.create({',
  '    model: "claude-sonnet-4-6",',
  '    max_tokens: 300,',
  '    system: POLICY,',
  '    messages: [{ role: "user", content: question }],',
  '  });',
  '  return response.content[0].type === "text" ? response.content[0].text : "";',
  '}',
  '',
].join('\n');
const FIXED = ORIGINAL.replace('    system: POLICY,', '    system: [{ type: "text", text: POLICY, cache_control: { type: "ephemeral" } }],');

interface Site {
  id: string;
  cachingOpportunity?: { savingPerMonth: number; breakpoint: string };
}

function cliSite(folder: string): Site {
  const out = execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'scan', '--format', 'json', folder], { cwd: folder, encoding: 'utf8', timeout: 60_000 });
  return (JSON.parse(out) as { callSites: Site[] }).callSites.find((s) => s.id === `${FILE}#answerPolicyQuestion`)!;
}

test('the lens and the Problems panel say what caching would save, with the CLI\'s figure', async ({ wb, page, workspace, screenshot }) => {
  writeFileSync(path.join(workspace, FILE), ORIGINAL);
  const saving = cliSite(workspace).cachingOpportunity!.savingPerMonth;
  assert.ok(saving > 100, `the CLI finds the opportunity (${saving})`);
  await wb.openFile('policyAnswer.ts');
  const lens = await wb.waitForCodeLens(/caching would save|cache: -\$/);
  const shown = dollars(lens.slice(lens.search(/caching would save|cache: -/)))[0];
  assert.ok(sameAmount(shown, saving), `lens "${lens}" shows ${shown}, the CLI ${saving}`);
  await page.keyboard.press('Control+Shift+M');
  const rows = page.locator('.markers-panel .monaco-list-row');
  const row = await waitFor('the caching entry in the Problems panel', 45_000, async () => {
    const t = (await rows.allInnerTexts()).map((x) => x.replace(/\s+/g, ' '));
    return t.find((x) => /Prompt caching would save \$[\d,.k]+\/mo here/.test(x));
  });
  assert.ok(sameAmount(dollars(row)[0], saving), row);
  // An information entry, not a warning or an error.
  assert.ok(await rows.filter({ hasText: 'Prompt caching would save' }).first().locator('.codicon-info').count(), row);
  await screenshot('caching-problem');
});

test('the lightbulb adds the breakpoint as one edit, and one undo restores the file', async ({ wb, page, workspace }) => {
  const file = path.join(workspace, FILE);
  await wb.openFile('policyAnswer.ts');
  await wb.selectText('client.messages.create');
  await wb.applyQuickFix(/Add a prompt-caching breakpoint \(cache_control\) to the system prompt/);
  await wb.save();
  await waitFor('the breakpoint on disk', 20_000, async () => readFileSync(file, 'utf8') === FIXED);
  // The call now caches: the note leaves the lens.
  await waitFor('the caching note to leave the lens', 45_000, async () => {
    const lenses = await wb.codeLensTexts();
    return lenses.some((l) => /\/mo/.test(l)) && !lenses.some((l) => /caching would save|cache: -\$/.test(l));
  });
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+Z');
  await wb.save();
  await waitFor('the original file back on disk after one undo', 20_000, async () => readFileSync(file, 'utf8') === ORIGINAL);
});
