// Prints the call sites the engine finds in a folder of Python (and TS) files: node --import tsx scripts/dev/showpy.ts <dir>
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { initScanEngine, scanAllTexts } from '../../src/core/scan/engine/simple';

const root = process.argv[2];
const files: Record<string, string> = {};
const walk = (d: string) => {
  for (const n of readdirSync(d)) {
    const p = join(d, n);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.(py|ts|tsx|js)$/.test(n)) files[relative(root, p)] = readFileSync(p, 'utf8');
  }
};
walk(root);
void initScanEngine().then(() => {
  const r = scanAllTexts(files);
  for (const c of r.calls) console.log(c.file, c.enclosingFunction, '|', c.api, '|', c.model.resolved, '|', c.wrapper ?? '', '|', JSON.stringify(c.prompt.map((p) => p.text.slice(0, 50))));
  if (r.skipped.length) console.log(r.skipped);
});
