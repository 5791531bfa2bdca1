// Prints expected.json for a Python fixture folder from what the engine finds now (review it before keeping it):
//   node --import tsx scripts/dev/genexp-py.ts <fixture dir>
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { initScanEngine, scanAllTexts } from '../../src/core/scan/engine/simple';
import { callSiteIds } from '../../src/core/scan/ids';
import { listPy, summarize } from '../../test/unit/scan-py-helpers';

const root = process.argv[2];
void initScanEngine().then(() => {
  const files: Record<string, string> = {};
  for (const f of listPy(root)) files[f] = readFileSync(path.join(root, f), 'utf8');
  const { calls, skipped } = scanAllTexts(files);
  const ids = callSiteIds(calls);
  console.log(JSON.stringify({ callSites: calls.map((c, i) => ({ file: c.file, ...summarize(c, ids[i]) })), skipped }, null, 2));
});
