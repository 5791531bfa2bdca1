import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, fixtureNames, summarize, type Expected } from '../../test/unit/scan-fixture-util';
import { scanTexts } from '../../src/core/scan/engine/scan';
const scanAllTexts = (f: Record<string, string>) => scanTexts(f);
import { callSiteIds } from '../../src/core/scan/ids';
import { readdirSync, statSync } from 'node:fs';
import { relative } from 'node:path';
function readTree(dir: string, root = dir, out: Record<string, string> = {}): Record<string, string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) readTree(p, root, out);
    else if (name !== 'expected.json') out[relative(root, p).split('\\').join('/')] = readFileSync(p, 'utf8');
  }
  return out;
}
const only = process.argv[2];
let pass = 0, fail = 0;
for (const name of fixtureNames()) {
  if (only && !name.includes(only)) continue;
  const expected = JSON.parse(readFileSync(join(FIXTURES, name, 'expected.json'), 'utf8')) as Expected;
  let calls, skipped;
  try { ({ calls, skipped } = scanAllTexts(readTree(join(FIXTURES, name)))); } catch (e) { console.log(`CRASH ${name}: ${(e as Error).stack}`); fail++; continue; }
  const ids = callSiteIds(calls);
  const actual = calls.map((c, i) => summarize(c, ids[i]));
  const problems: string[] = [];
  const gotIds = actual.map((c) => c.id).join(',');
  const expIds = expected.calls.map((c) => c.id).join(',');
  if (gotIds !== expIds) problems.push(`ids: got [${gotIds}] want [${expIds}]`);
  else expected.calls.forEach((exp, i) => {
    const got = actual[i];
    const { prompt, signals, ...rest } = exp;
    for (const [key, value] of Object.entries(rest)) if (JSON.stringify((got as any)[key]) !== JSON.stringify(value)) problems.push(`${exp.id}.${key}: got ${JSON.stringify((got as any)[key])} want ${JSON.stringify(value)}`);
    for (const excerpt of prompt) if (!got.prompt.some((p) => p.includes(excerpt))) problems.push(`${exp.id}: prompt lacks "${excerpt}" (got ${JSON.stringify(got.prompt)})`);
    for (const kind of signals) if (!got.signals.includes(kind)) problems.push(`${exp.id}: signal ${kind} missing (got ${got.signals.join(',')})`);
  });
  for (const [file, reason] of Object.entries(expected.skipped ?? {})) if (!skipped.some((s) => s.file === file && s.reason.includes(reason))) problems.push(`skipped ${file} "${reason}" (got ${JSON.stringify(skipped)})`);
  if (problems.length) { fail++; console.log(`FAIL ${name}\n  ${problems.slice(0, 8).join('\n  ')}`); } else pass++;
}
console.log(`${pass} pass, ${fail} fail`);
