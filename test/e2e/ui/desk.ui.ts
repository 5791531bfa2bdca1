// A support desk shaped like the workspace of issue #11 (test/e2e/workspace-desk: jobs through the app's own helpers
// in several files, system prompts imported from another file, the team's registries in TypeScript and Python, direct
// SDK calls), opened as a new user opens it.
// - No wrong figure while indexing (item 6): from the moment the first file opens until the workspace is linked, its
//   lens is a neutral "…" and the status bar says "Tierwise …"; no lens or total other than the CLI's is ever drawn.
//   (Before: for about a second the lens said the model was unresolved, with other figures, and the status bar showed
//   that one file's total as the workspace's.) Eight hundred extra files make the first index last seconds.
// - The editor shows what the CLI computes: in every source file, the cost lenses sit on the lines of `tierwise scan`'s
//   call sites of that file and carry their figures (the helper's own SDK call has none: no double counting).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assertLensesEqualCli, cliLensTitle } from '../lib/equalsCli';
import { dollars, sameAmount, scanReportWithCli } from '../lib/expect';
import { E2E } from '../lib/paths';
import { waitFor } from '../lib/proc';
import { fileOptions, test, type UiContext } from '../lib/ui';

fileOptions({ workspace: path.join(E2E, 'workspace-desk') });

const FILLERS = 800;
const FILE = 'src/tickets/route.ts';

/**
 * Records what the page shows, every 20 ms when it changed: the active tab, its lens lines, the Tierwise status bar
 * item. (A string: tsx would wrap named functions of a page function in a helper the page does not have.)
 */
const SAMPLER = `(() => {
  window.__tierwise = [];
  let last = '';
  const clean = (s) => (s || '').replace(/\\s+/g, ' ').trim();
  setInterval(() => {
    const tab = clean(document.querySelector('.tab.active')?.getAttribute('aria-label'));
    const editor = document.querySelector('.editor-group-container.active .monaco-editor');
    const lenses = editor ? [...editor.querySelectorAll('.codelens-decoration')].map((d) => clean(d.textContent)) : [];
    const status = [...document.querySelectorAll('.part.statusbar .statusbar-item')].map((e) => clean(e.textContent)).filter((t) => /Tierwise|\\/mo/.test(t));
    const key = JSON.stringify([tab, lenses, status]);
    if (key === last) return;
    last = key;
    window.__tierwise.push({ t: performance.now(), tab, lenses, status });
  }, 20);
})()`;

interface Sample {
  t: number;
  tab: string;
  lenses: string[];
  status: string[];
}

test('no wrong figure while indexing: "…" on the lens and in the status bar until the file is linked', async (ctx) => {
  const { workspace } = ctx;
  // Files that mention the SDK and the app's helper (so the first index reads and parses each) and hold no call.
  const fillers = path.join(workspace, 'src', 'filler');
  mkdirSync(fillers, { recursive: true });
  for (let i = 0; i < FILLERS; i++) {
    writeFileSync(
      path.join(fillers, `f${i}.ts`),
      `import Anthropic from "@anthropic-ai/sdk";\nimport { callAI } from "../llm/callAI";\n\nexport function helper${i}(items: string[]): string[] {\n  const out: string[] = [];\n  for (const x of items) if (x.length > ${i % 7}) out.push(x.trim());\n  return out;\n}\n\nexport const kind${i}: string = typeof callAI + typeof Anthropic;\n`,
    );
  }
  try {
    await noWrongFigure(ctx);
  } finally {
    // The extra files go (the watcher tells the index), for the next test.
    rmSync(fillers, { recursive: true, force: true });
  }
}, { timeoutMs: 240_000 });

async function noWrongFigure({ wb, page, workspace, log, screenshot }: UiContext): Promise<void> {
  const report = scanReportWithCli(workspace);
  const site = report.callSites.find((s) => s.file === FILE);
  assert.ok(site && site.monthlyCost.current !== null, `the CLI prices ${FILE} with its imported model`);
  // The scenario is real: read without the rest of the workspace, the file's call has other figures.
  const alone = mkdtempSync(path.join(tmpdir(), 'tierwise-alone-'));
  try {
    mkdirSync(path.join(alone, path.dirname(FILE)), { recursive: true });
    copyFileSync(path.join(workspace, FILE), path.join(alone, FILE));
    const partial = scanReportWithCli(alone).callSites.find((s) => s.file === FILE);
    assert.ok(partial && partial.monthlyCost.current !== site.monthlyCost.current, `${FILE} alone: ${JSON.stringify(partial?.monthlyCost)}`);
  } finally {
    rmSync(alone, { recursive: true, force: true });
  }

  // Record what is drawn from before the extension starts (it starts when the first TypeScript file opens).
  await page.evaluate(SAMPLER);
  const t0 = Date.now();
  await wb.openFile(FILE);
  const finalLens = await wb.waitForCodeLens(/\/mo/, 120_000);
  await waitFor('the status bar to show the workspace total', 120_000, async () => (await wb.statusBarTexts()).some((t) => /\/mo/.test(t) && dollars(t).some((d) => sameAmount(d, report.totals.current))));
  log(`${FILE}: the lens with figures after ${((Date.now() - t0) / 1000).toFixed(1)} s: ${finalLens}`);
  await screenshot('desk-linked');
  assert.equal(finalLens, cliLensTitle(site, report), 'the lens says what the core says for the CLI\'s record');

  const samples = await page.evaluate(() => (window as unknown as { __tierwise: Sample[] }).__tierwise);
  const wrong: string[] = [];
  let pendingLens = 0;
  let pendingStatus = 0;
  for (const s of samples) {
    const mine = s.tab.includes(path.basename(FILE));
    for (const line of mine ? s.lenses : []) {
      if (line.trim() === '…') pendingLens++;
      // The cost lens is the part with a figure; "Compare…" and the other commands carry none.
      const cost = line.split('|').map((p) => p.trim()).find((p) => p.includes('$'));
      if (cost && cost !== finalLens) wrong.push(`lens "${cost}" at ${s.t.toFixed(0)} ms`);
    }
    for (const item of s.status) {
      if (/Tierwise …/.test(item)) pendingStatus++;
      if (/\/mo/.test(item) && !dollars(item).some((d) => sameAmount(d, report.totals.current))) wrong.push(`status bar "${item}" at ${s.t.toFixed(0)} ms`);
    }
  }
  log(`${samples.length} states drawn; "…" lens in ${pendingLens}, "Tierwise …" status in ${pendingStatus}`);
  assert.deepEqual(wrong, [], `figures other than the CLI's were drawn while the workspace was indexed (the CLI: lens "${finalLens}", total ${report.totals.current})`);
  assert.ok(pendingStatus > 0, 'the status bar never said "Tierwise …" while the first index ran');
  assert.ok(pendingLens > 0, 'the file\'s lens was never "…" while the first index ran');
}

test('every source file\'s cost lenses are the CLI\'s call sites of that file, with their figures', async (ctx) => {
  await assertLensesEqualCli(ctx, 'support desk');
}, { timeoutMs: 300_000 });
