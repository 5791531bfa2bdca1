// The editor shows what the CLI computes (issue #11): for every source file of a workspace, the cost lenses drawn in
// VS Code sit on the lines of `tierwise scan`'s call sites of that file (no more, no fewer) and say what the core's lens
// text says for each CLI record (its figures, task type and volume note).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { lensTitle } from '../../../src/core/present/lens';
import type { CallSite } from '../../../src/core/types';
import { dollars, sameAmount, scanReportWithCli, type ScannedSite } from './expect';
import { waitFor } from './proc';
import type { UiContext } from './ui';

const SOURCE = /\.(?:[cm]?[jt]sx?|py)$/;

/** Source files of a folder (relative, forward slashes), as the scanners read them. */
export function sourceFiles(root: string, dir = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(root, dir))) {
    const rel = dir ? `${dir}/${name}` : name;
    if (name === 'node_modules' || name.startsWith('.')) continue;
    if (statSync(path.join(root, rel)).isDirectory()) out.push(...sourceFiles(root, rel));
    else if (SOURCE.test(name) && !/\.d\.[mc]?ts$/.test(name)) out.push(rel);
  }
  return out.sort();
}

/** The cost lens the editor must draw for a call site of the CLI's JSON (the default, compact form). */
export function cliLensTitle(site: ScannedSite, report: object): string {
  const tiers = (report as { pricing: { tiers: { haiku: string; sonnet: string } } }).pricing.tiers;
  return lensTitle(site as unknown as CallSite, 'compact', tiers);
}

export interface DrawnLens {
  /** 1-based line the lens stands above. */
  line: number;
  text: string;
}

/**
 * The cost lenses drawn in the active editor, with the line each stands above (from the line numbers in the gutter),
 * and the last line drawn (to know the whole file is in view).
 */
export async function drawnCostLenses(page: Page): Promise<{ lenses: DrawnLens[]; lastLine: number }> {
  return page.evaluate(() => {
    const editor = document.querySelector('.editor-group-container.active .monaco-editor') ?? document.querySelector('.monaco-editor');
    if (!editor) return { lenses: [], lastLine: 0 };
    const numbers = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')]
      .map((n) => ({ line: Number((n.textContent ?? '').trim()), top: n.getBoundingClientRect().top }))
      .filter((n) => Number.isFinite(n.line) && n.line > 0)
      .sort((a, b) => a.top - b.top);
    const lenses = [...editor.querySelectorAll('.codelens-decoration')].flatMap((d) => {
      const box = d.getBoundingClientRect();
      const below = numbers.find((n) => n.top >= box.bottom - 2);
      // One decoration holds every lens of its line ("save … | Compare… | Move to registry"): the cost lens has "/mo".
      // A registry file's lenses ("2 calls · Haiku 4.5 $16.29/mo · …", "Switch x to Haiku (saves …/mo)") are about its
      // entries, not call sites.
      const costs = [...d.querySelectorAll('a, span')]
        .map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim())
        .filter((t) => t.includes('/mo') && !t.includes('|') && !/^(\d+ calls? · |unused · |Switch |[\w.-]+: \d+ calls?, not in the registry)/.test(t));
      return [...new Set(costs)].map((text) => ({ line: below?.line ?? -1, text }));
    });
    return { lenses, lastLine: numbers.length ? Math.max(...numbers.map((n) => n.line)) : 0 };
  });
}

/**
 * Opens every source file of the workspace and checks that its cost lenses are the CLI's call sites of that file:
 * the same lines and the same current figure. Waits first for the status bar to show the CLI's workspace total (the
 * index has read everything).
 */
export async function assertLensesEqualCli(ctx: UiContext, label: string): Promise<{ files: number; lenses: number }> {
  const { wb, page, workspace, log } = ctx;
  const report = scanReportWithCli(workspace);
  const total = report.totals.current;
  const files = sourceFiles(workspace);
  // Opening a source file starts the extension (a workspace without a usage file does not start it).
  await wb.openFile(files[0]);
  await waitFor(`the status bar to show the CLI's total ${total}`, 120_000, async () => (await wb.statusBarTexts()).some((t) => /\/mo/.test(t) && dollars(t).some((d) => sameAmount(d, total))));
  const mismatches: string[] = [];
  let lensCount = 0;
  for (const file of files) {
    const want = report.callSites.filter((s) => s.file === file).sort((a, b) => a.line - b.line);
    const lineCount = readFileSync(path.join(workspace, file), 'utf8').replace(/\n$/, '').split('\n').length;
    await wb.openFile(file);
    const titles = want.map((s) => cliLensTitle(s, report));
    const matches = (got: DrawnLens[]) => got.length === want.length && want.every((s, i) => got[i].line === s.line && got[i].text === titles[i]);
    let last: { lenses: DrawnLens[]; lastLine: number } = { lenses: [], lastLine: 0 };
    const read = async () => {
      last = await drawnCostLenses(page);
      last.lenses.sort((a, b) => a.line - b.line);
      return last;
    };
    if (want.length) {
      await waitFor(`${file}: lenses on lines ${want.map((s) => s.line).join(', ')}`, 20_000, async () => matches((await read()).lenses)).catch(() => undefined);
    } else {
      // Nothing to wait for: give the lens provider the time it takes to answer for a linked index, then look.
      await waitFor(`${file} drawn`, 30_000, async () => (await read()).lastLine > 0);
      await page.waitForTimeout(2000);
      await read();
    }
    assert.ok(last.lastLine >= lineCount, `${file}: only lines up to ${last.lastLine} of ${lineCount} are in view; the lens count would be partial`);
    lensCount += last.lenses.length;
    if (!matches(last.lenses)) {
      mismatches.push(`${file}: CLI ${JSON.stringify(want.map((s, i) => [s.line, titles[i]]))}, editor ${JSON.stringify(last.lenses.map((l) => [l.line, l.text]))}`);
    }
  }
  log(`${label}: ${files.length} source files, ${report.callSites.length} call sites (CLI), ${lensCount} cost lenses drawn`);
  assert.deepEqual(mismatches, [], `${label}: the editor's lenses differ from tierwise scan:\n${mismatches.join('\n')}`);
  assert.equal(lensCount, report.callSites.length);
  return { files: files.length, lenses: lensCount };
}
