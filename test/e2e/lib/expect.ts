// Expected figures for lens tests, from the same core the extension uses (the CLI's JSON), so a
// lens that is drawn but wrong, or drawn on the wrong line, fails.
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT } from './paths';

export interface ScannedSite { id: string; file: string; line: number; taskType: string; callsPerDay: number; monthlyCost: { haiku: number; sonnet: number; current: number | null } }

export interface ScanTotals { allHaiku: number; allSonnet: number; recommended: number; current: number }

/** `tierwise scan --format json` on a folder (contract: CLI JSON version 1 in DESIGN.md). */
export function scanWithCli(folder: string): ScannedSite[] {
  return scanReportWithCli(folder).callSites;
}

/** The CLI's whole JSON report of a folder: call sites and totals. */
export function scanReportWithCli(folder: string): { callSites: ScannedSite[]; totals: ScanTotals } {
  const out = execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'scan', '--format', 'json', folder], { cwd: folder, encoding: 'utf8', timeout: 60_000 });
  const json = JSON.parse(out) as { version: number; callSites: ScannedSite[]; totals: ScanTotals };
  if (json.version !== 1) throw new Error(`unexpected CLI JSON version ${json.version}`);
  return json;
}

/** Dollar amounts in a lens text, e.g. "$58.50/mo", "$1.2k/mo" → [58.5, 1200]. */
export function dollars(text: string): number[] {
  return [...text.matchAll(/\$([\d,]+(?:\.\d+)?)(k|m)?/gi)].map((m) => Number(m[1].replace(/,/g, '')) * (m[2]?.toLowerCase() === 'k' ? 1e3 : m[2]?.toLowerCase() === 'm' ? 1e6 : 1));
}

/** Equal within the precision a displayed amount can have (cents, whole dollars, or 3 significant digits). */
export function sameAmount(shown: number, exact: number): boolean {
  return Math.abs(shown - exact) <= Math.max(0.006, Math.abs(exact) * 0.006);
}
