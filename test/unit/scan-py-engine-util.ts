// Shared by the new engine's Python fixture test and scripts/dev/runfix-py.ts: scan a fixture folder with the new
// engine and compare it with its expected.json (every field of `summarize`; signals by kind unless strict — the
// engine words its evidence its own way, the kinds are what cost and task inference read).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { initScanEngine, scanAllTexts } from '../../src/core/scan/engine/simple';
import { callSiteIds } from '../../src/core/scan/ids';
import { listPy, summarize } from './scan-py-helpers';

type Summary = Record<string, unknown> & { id: string; signals: string[] };

interface ExpectedPy {
  callSites: Summary[];
  skipped: { file: string; reason: string }[];
}

function kinds(signals: string[]): string[] {
  return [...new Set(signals.map((s) => (s.includes(':') ? s.slice(0, s.indexOf(':')) : s)))].sort();
}

/** The differences between the engine's answer for a fixture folder and its expected.json, in words. */
export async function engineDifferences(root: string, strict = false): Promise<string[]> {
  const err = await initScanEngine();
  if (err) return [`parser: ${err}`];
  const expected = JSON.parse(readFileSync(path.join(root, 'expected.json'), 'utf8')) as ExpectedPy;
  const files: Record<string, string> = {};
  for (const f of listPy(root)) files[f] = readFileSync(path.join(root, f), 'utf8');
  const { calls, skipped } = scanAllTexts(files);
  const ids = callSiteIds(calls);
  const actual = calls.map((c, i) => ({ file: c.file, ...summarize(c, ids[i]) }) as unknown as Summary);
  const problems: string[] = [];
  const gotIds = actual.map((c) => c.id).join(',');
  const expIds = expected.callSites.map((c) => c.id).join(',');
  if (gotIds !== expIds) problems.push(`ids: got [${gotIds}] want [${expIds}]`);
  else
    expected.callSites.forEach((exp, i) => {
      const got = actual[i];
      for (const [key, value] of Object.entries(exp)) {
        const same = key === 'signals' && !strict ? JSON.stringify(kinds(got.signals)) === JSON.stringify(kinds(exp.signals)) : JSON.stringify(got[key]) === JSON.stringify(value);
        if (!same) problems.push(`${exp.id}.${key}: got ${JSON.stringify(got[key])} want ${JSON.stringify(value)}`);
      }
      // `provider` is pinned by the fixtures written with the provider catalogue; older ones leave it out.
      for (const key of Object.keys(got)) if (!(key in exp) && key !== 'provider') problems.push(`${exp.id}.${key}: got ${JSON.stringify(got[key])}, not expected`);
    });
  const sk = (list: { file: string; reason: string }[]) => JSON.stringify(list.map((s) => `${s.file}: ${s.reason}`).sort());
  if (sk(skipped) !== sk(expected.skipped)) problems.push(`skipped: got ${sk(skipped)} want ${sk(expected.skipped)}`);
  return problems;
}
