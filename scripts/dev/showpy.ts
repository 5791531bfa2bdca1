// Prints the call sites the engine finds in a folder of Python (and TS) files: node --import tsx scripts/dev/showpy.ts <dir>
import { initScanEngine, scanAllTexts } from '../../src/core/scan/engine/simple';
import { readTree } from './devEngine';

const files = readTree(process.argv[2]);
void initScanEngine().then(() => {
  const r = scanAllTexts(files);
  for (const c of r.calls) console.log(c.file, c.enclosingFunction, '|', c.api, '|', c.model.resolved, '|', c.wrapper ?? '', '|', JSON.stringify(c.prompt.map((p) => p.text.slice(0, 50))));
  if (r.skipped.length) console.log(r.skipped);
});
