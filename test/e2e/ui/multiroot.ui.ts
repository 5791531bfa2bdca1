// A multi-root workspace (a .code-workspace file with two folders): the fixture workspace and
// test/e2e/workspace-b, whose call has the same path and function (so the same call-site id) at another volume.
// Each folder's lens shows that folder's CLI figures; the "LLM Calls" tree lists both calls; the status-bar
// total is the sum of the two folders' CLI totals (each call counted once); the registry quick fix on the call
// in folder B writes the registry inside folder B and leaves folder A alone.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { dollars, sameAmount, scanReportWithCli } from '../lib/expect';
import { E2E, ROOT } from '../lib/paths';
import { waitFor } from '../lib/proc';
import { exportReport } from '../lib/report';
import { fileOptions, test, type UiContext } from '../lib/ui';

fileOptions({ extraFolders: [{ name: 'service-b', from: path.join(E2E, 'workspace-b') }] });

const CALL_FILE = 'src/support/triage.ts';
const REGISTRY = 'src/llm/modelRegistry.ts';

/** Opens a file of one folder with Quick Open, alone in the editor area, and checks which folder it is in. */
async function openAbsolute(ctx: UiContext, file: string, folderName: string): Promise<void> {
  const { wb, page } = ctx;
  await wb.runCommand('View: Close All Editor Groups');
  await waitFor(`${file} in Quick Open`, 30_000, async () => {
    await wb.escape(1);
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input').first();
    if (!(await input.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false))) return false;
    await input.fill(path.basename(file));
    // Both folders have this file: pick the row whose description names the folder ("service-b • src/support").
    const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: path.basename(file) }).filter({ hasText: new RegExp(`${folderName}\\s*•`) }).first();
    if (!(await row.waitFor({ state: 'visible', timeout: 5000 }).then(() => true, () => false))) return false;
    await row.click();
    return true;
  }, 500);
  await page.locator(`.tab.active[aria-label*="${path.basename(file)}"]`).first().waitFor({ timeout: 20_000 });
  await page.locator('.monaco-editor .view-lines').first().waitFor({ state: 'visible', timeout: 20_000 });
  // In a multi-root window the breadcrumbs start with the workspace folder's name.
  await waitFor(`the breadcrumbs to name ${folderName}`, 10_000, async () => (await page.locator('.breadcrumbs-control').first().innerText()).includes(folderName));
}

function folderFigures(folder: string) {
  const report = scanReportWithCli(folder);
  const site = report.callSites.find((s) => s.file === CALL_FILE);
  assert.ok(site, `the CLI finds no call in ${CALL_FILE} of ${path.basename(folder)}`);
  return { site, totals: report.totals };
}

test('each folder\'s lens shows that folder\'s CLI figures', async (ctx) => {
  const [a, b] = ctx.folders;
  assert.ok(a && b, `two workspace folders expected, got ${ctx.folders.length}`);
  const fa = folderFigures(a);
  const fb = folderFigures(b);
  assert.equal(fa.site.id, fb.site.id, 'the fixture folders must share the call-site id');
  assert.ok(!sameAmount(fa.site.monthlyCost.sonnet, fb.site.monthlyCost.sonnet), 'the folders must differ in volume');
  for (const [folder, f, name] of [[a, fa, path.basename(a)], [b, fb, 'service-b']] as const) {
    await openAbsolute(ctx, path.join(folder, CALL_FILE), name);
    const lens = await ctx.wb.waitForCodeLens(/^(?=.*classify_intent)(?=.*\/mo)/);
    const shown = dollars(lens);
    assert.ok(shown.some((d) => sameAmount(d, f.site.monthlyCost.sonnet)), `${name}: lens "${lens}" lacks the Sonnet figure $${f.site.monthlyCost.sonnet}`);
    assert.ok(shown.some((d) => sameAmount(d, f.site.monthlyCost.haiku)), `${name}: lens "${lens}" lacks the Haiku figure $${f.site.monthlyCost.haiku}`);
    // The compact lens names no volume that is set; its tooltip says which and where from.
    const tip = (await ctx.page.locator('.codelens-decoration a', { hasText: 'classify_intent' }).first().getAttribute('title')) ?? '';
    assert.match(tip, new RegExp(`${f.site.callsPerDay / 1000}k/day \\(annotation\\)`), `${name}: lens tooltip "${tip}"`);
  }
  await ctx.screenshot('lens-folder-b');
}, { timeoutMs: 120_000 });

test('the "LLM Calls" tree lists the call of each folder; the status-bar total counts each once', async (ctx) => {
  const { wb, page } = ctx;
  const [fa, fb] = ctx.folders.map(folderFigures);
  const current = fa!.totals.current + fb!.totals.current;
  const saving = current - (fa!.totals.recommended + fb!.totals.recommended);
  const status = await waitFor('the status-bar total of both folders', 30_000, async () => (await wb.statusBarTexts()).find((t) => /\/mo/.test(t) && sameAmount(dollars(t)[0] ?? -1, current)))
    .catch(async (e: unknown) => assert.fail(`status bar ${JSON.stringify(await wb.statusBarTexts())}, expected $${current}/mo: ${String(e)}`));
  assert.ok(sameAmount(dollars(status)[1] ?? -1, saving), `status bar "${status}" lacks the saving $${saving}`);
  await wb.runCommand('Tierwise: Focus on LLM Calls View');
  const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'LLM Calls' }) });
  const rows = view.locator('.monaco-list-row');
  const texts = await waitFor('both calls in the tree', 30_000, async () => {
    const ts = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    return ts.filter((t) => /triage\.ts:\d+/.test(t)).length >= 2 ? ts : undefined;
  }).catch(async (e: unknown) => assert.fail(`tree rows ${JSON.stringify(await rows.allInnerTexts())}: ${String(e)}`));
  await ctx.screenshot('tree');
  const group = texts.find((t) => t.startsWith('classify_intent'));
  assert.ok(group, `no classify_intent group in ${JSON.stringify(texts)}`);
  // Rows are short (the default side-bar width): the saving; the rest is in the tooltip.
  assert.match(group, /save \$/, group);
  assert.ok(sameAmount(dollars(group)[0] ?? -1, saving), `group "${group}" does not save $${saving}/mo`);
  const calls = texts.filter((t) => /triage\.ts:\d+/.test(t));
  assert.equal(calls.length, 2, JSON.stringify(texts));
  for (const f of [fa!, fb!]) {
    const s = (f.site.monthlyCost.current ?? 0) - f.site.monthlyCost.haiku;
    assert.ok(calls.some((t) => sameAmount(dollars(t)[0] ?? -1, s)), `no tree row saving $${s}/mo: ${JSON.stringify(calls)}`);
  }
  // The tree drew without an error (a duplicate tree item id is reported as an error notification).
  assert.ok(!(await wb.notifications()).some((n) => /already registered|error/i.test(n)), JSON.stringify(await wb.notifications()));
}, { timeoutMs: 90_000 });

test('clicking a call in the tree opens it in its own folder; grouped by file, the two files stay apart', async (ctx) => {
  const { wb, page } = ctx;
  const [fa, fb] = ctx.folders.map(folderFigures);
  await wb.runCommand('View: Close All Editor Groups');
  await wb.runCommand('Tierwise: Focus on LLM Calls View');
  const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'LLM Calls' }) });
  const rows = view.locator('.monaco-list-row');
  for (const [f, name] of [[fb!, 'service-b'], [fa!, path.basename(ctx.folders[0]!)]] as const) {
    const row = rows.filter({ hasText: /triage\.ts:\d+/ }).filter({ hasText: `save $${(f.site.monthlyCost.current! - f.site.monthlyCost.haiku).toFixed(2)}` }).first();
    await row.click();
    await page.locator('.tab.active[aria-label*="triage.ts"]').first().waitFor({ timeout: 20_000 });
    await waitFor(`the breadcrumbs to name ${name}`, 10_000, async () => (await page.locator('.breadcrumbs-control').first().innerText()).includes(name));
    await waitFor(`the cursor on line ${f.site.line}`, 10_000, async () => (await wb.statusBarTexts()).some((t) => t.startsWith(`Ln ${f.site.line},`)));
  }
  // The view's title button (the command is not in the palette); the only view of its container shows it in the side bar's title.
  const groupBy = async (title: string) => {
    await page.locator('.part.sidebar .composite.title').hover();
    await page.locator(`.part.sidebar .action-label[aria-label*="${title}"]`).first().click();
  };
  await groupBy('Group by File');
  // Both calls drawn (merged into one group or not), and no row half-drawn; on a slow machine the second group's row
  // is drawn after the first's calls, so wait for two groups a while before reading whatever is drawn.
  const texts = async () => (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  const drawn = (ts: string[], groups: number) => ts.filter((t) => /^classify_intent(?!_)/.test(t)).length >= 2 && ts.filter((t) => /^triage\.ts \(/.test(t)).length >= groups;
  const files = await waitFor('two file groups', 20_000, async () => {
    const ts = await texts();
    return drawn(ts, 2) ? ts : undefined;
  }).catch(() => waitFor('file groups', 10_000, async () => {
    const ts = await texts();
    return drawn(ts, 1) ? ts : undefined;
  }));
  await ctx.screenshot('tree-by-file');
  const groups = files.filter((t) => /^triage\.ts\b/.test(t));
  try {
    assert.equal(groups.length, 2, `one group per folder's triage.ts expected: ${JSON.stringify(files)}`);
    for (const g of groups) assert.match(g, /save \$/, g);
    // Each group says its folder: "triage.ts (<folder>)", two different folders.
    const named = groups.map((g) => /^triage\.ts \(([^)]+)\)/.exec(g)?.[1]);
    assert.ok(named[0] && named[1] && named[0] !== named[1], `the groups name their folders: ${JSON.stringify(groups)}`);
  } finally {
    await groupBy('Group by Task Type');
  }
}, { timeoutMs: 90_000 });

test('the report counts both folders once: two call sites, totals = the sum of the folders\' CLI totals', async (ctx) => {
  const { wb } = ctx;
  const [fa, fb] = ctx.folders.map(folderFigures);
  await wb.runCommand('Tierwise: Show Report');
  const w = wb.webview();
  const meta = w.locator('.meta');
  await meta.waitFor({ timeout: 30_000 });
  assert.match(await meta.innerText(), new RegExp(`^2 call sites in ${path.basename(ctx.folders[0]!)}, service-b`));
  const cards = (await w.locator('#totals').innerText()).replace(/\s+/g, ' ');
  await ctx.screenshot('report');
  const amounts = dollars(cards);
  for (const k of ['current', 'recommended', 'allSonnet', 'allHaiku'] as const) {
    const sum = fa!.totals[k] + fb!.totals[k];
    assert.ok(amounts.some((d) => sameAmount(d, sum)), `report totals "${cards}" lack ${k} $${sum.toFixed(2)}`);
  }
  await wb.runCommand('View: Close All Editor Groups');
}, { timeoutMs: 60_000 });

test('the JSON export names each call from the folders\' common parent, as `tierwise scan <A> <B>` run there', async (ctx) => {
  const { wb } = ctx;
  const [a, b] = ctx.folders as [string, string];
  const parent = path.dirname(a);
  assert.equal(path.dirname(b), parent);
  await wb.openFile('triage.ts');
  const exported = JSON.parse(await exportReport(ctx, 'JSON', 'tierwise-report.json')) as { root: string; callSites: Array<{ id: string; file: string }>; totals: unknown };
  const out = execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'scan', '--format', 'json', path.basename(a), path.basename(b)], { cwd: parent, encoding: 'utf8', timeout: 60_000 });
  const expected = JSON.parse(out) as typeof exported;
  assert.equal(exported.root, parent);
  assert.deepEqual(exported.callSites.map((s) => s.id).sort(), [`${path.basename(a)}/${CALL_FILE}#classifyTicket`, `service-b/${CALL_FILE}#classifyTicket`].sort());
  assert.deepEqual(exported.callSites, expected.callSites);
  assert.deepEqual(exported.totals, expected.totals);
  await wb.runCommand('View: Close All Editor Groups');
}, { timeoutMs: 90_000 });

test('the registry quick fix on the call in folder B writes the registry inside folder B', async (ctx) => {
  const { wb, page } = ctx;
  const [a, b] = ctx.folders as [string, string];
  const originalA = readFileSync(path.join(a, CALL_FILE), 'utf8');
  await openAbsolute(ctx, path.join(b, CALL_FILE), 'service-b');
  await wb.waitForCodeLens(/^(?=.*classify_intent)(?=.*\/mo)/);
  await wb.selectText("'claude-sonnet-5-5'");
  await wb.applyQuickFix(/Move model to registry as `classify_intent`/);
  await waitFor('the call to be rewritten in the editor', 20_000, async () => (await wb.visibleEditorText()).includes("modelFor('classify_intent')"));
  await wb.runCommand('File: Save All');
  const registry = await waitFor('the registry in folder B', 20_000, () => {
    const p = path.join(b, REGISTRY);
    const t = existsSync(p) ? readFileSync(p, 'utf8') : '';
    return t.includes("classify_intent: 'claude-haiku-5-5'") ? t : undefined;
  });
  assert.match(registry, /export function modelFor\(task: string\): string/);
  const callB = readFileSync(path.join(b, CALL_FILE), 'utf8');
  assert.match(callB, /^import \{ modelFor \} from '\.\.\/llm\/modelRegistry';$/m);
  assert.match(callB, /modelFor\('classify_intent'\)/);
  assert.ok(!existsSync(path.join(a, REGISTRY)), 'a registry was written into folder A');
  assert.ok(!existsSync(path.join(path.dirname(a), REGISTRY)), 'a registry was written outside the folders');
  assert.equal(readFileSync(path.join(a, CALL_FILE), 'utf8'), originalA, 'folder A\'s call changed');
  assert.equal(await page.locator('.tab.dirty').count(), 0, 'an editor is still dirty after Save All');
  // The CLI on folder B sees the registry call on Haiku; folder A still runs on Sonnet.
  const fb = await waitFor('the CLI to see the registry call in B', 30_000, () => {
    const f = folderFigures(b);
    return f.site.monthlyCost.current !== null && sameAmount(f.site.monthlyCost.current, f.site.monthlyCost.haiku) ? f : undefined;
  });
  const fa = folderFigures(a);
  assert.ok(fa.site.monthlyCost.current !== null && sameAmount(fa.site.monthlyCost.current, fa.site.monthlyCost.sonnet));
  // And the status-bar total follows: A on Sonnet + B on Haiku.
  const current = fa.totals.current + fb.totals.current;
  await waitFor(`the status-bar total to become $${current.toFixed(2)}`, 30_000, async () => (await wb.statusBarTexts()).some((t) => /\/mo/.test(t) && sameAmount(dollars(t)[0] ?? -1, current)));
}, { timeoutMs: 120_000 });
