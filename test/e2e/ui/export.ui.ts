// "Tierwise: Export Report…" from the palette: pick a format, accept the save dialog's suggested file; the file on
// disk is what `tierwise scan` prints for the same folder (the same formatter and the same figures), Markdown and JSON.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../lib/paths';
import { exportReport } from '../lib/report';
import { test } from '../lib/ui';

function cli(folder: string, format: 'json' | 'markdown'): string {
  return execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'scan', '--format', format, folder], { cwd: folder, encoding: 'utf8', timeout: 60_000 });
}

test('Markdown export equals `tierwise scan --format markdown`', async (ctx) => {
  await ctx.wb.openFile('triage.ts');
  await ctx.wb.waitForCodeLens(/\/mo/);
  const text = await exportReport(ctx, 'Markdown', 'tierwise-report.md');
  await ctx.screenshot('export-markdown');
  assert.match(text, /^### Tierwise: monthly LLM cost/);
  assert.equal(text.trim(), cli(ctx.workspace, 'markdown').trim());
}, { timeoutMs: 90_000 });

test('JSON export equals `tierwise scan --format json`: the same call sites, figures and totals', async (ctx) => {
  await ctx.wb.runCommand('View: Close All Editor Groups');
  await ctx.wb.openFile('triage.ts');
  const exported = JSON.parse(await exportReport(ctx, 'JSON', 'tierwise-report.json')) as Record<string, unknown>;
  const expected = JSON.parse(cli(ctx.workspace, 'json')) as Record<string, unknown>;
  assert.equal(exported.version, 1);
  assert.ok(Array.isArray(exported.callSites) && exported.callSites.length > 0, 'no call sites exported');
  assert.deepEqual(exported.callSites, expected.callSites);
  assert.deepEqual(exported.totals, expected.totals);
  assert.deepEqual(exported.pricing, expected.pricing);
  assert.equal(exported.root, expected.root);
}, { timeoutMs: 90_000 });
