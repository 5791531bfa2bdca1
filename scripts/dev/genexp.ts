import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { scanTexts } from '../../src/core/scan/engine/scan';
const scanAllTexts = (f: Record<string, string>) => scanTexts(f);
import { callSiteIds } from '../../src/core/scan/ids';
import { summarize } from '../../test/unit/scan-fixture-util';
function readTree(dir: string, root = dir, out: Record<string, string> = {}): Record<string, string> {
  for (const name of readdirSync(dir)) { const p = join(dir, name); if (statSync(p).isDirectory()) readTree(p, root, out); else if (name !== 'expected.json') out[relative(root, p)] = readFileSync(p, 'utf8'); }
  return out;
}
const r = scanAllTexts(readTree(process.argv[2]));
const ids = callSiteIds(r.calls);
console.log(JSON.stringify({ calls: r.calls.map((c, i) => { const s = summarize(c, ids[i]) as any; s.prompt = s.prompt.map((p: string) => p.slice(0, 60)); return s; }) }, null, 2));
