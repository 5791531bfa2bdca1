// `npm run bench`: runs the scan benchmark, then every other test/bench/*.bench.ts, each in its own process.
//   npm run bench -- [path] [--only scan|editor|…] [other flags are passed to every bench]
// A path is given to the scan benchmark only (it benches that tree instead of the generated one).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args[onlyAt + 1] : null;
const rest = onlyAt >= 0 ? args.filter((_a, i) => i !== onlyAt && i !== onlyAt + 1) : args;
const pathArg = rest.find((a, i) => !a.startsWith('--') && !rest[i - 1]?.startsWith('--'));
const flags = rest.filter((a) => a !== pathArg);

const benches = readdirSync(__dirname)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort((a, b) => (a === 'scan.bench.ts' ? -1 : b === 'scan.bench.ts' ? 1 : a.localeCompare(b)));

let failed = 0;
for (const file of benches) {
  const name = file.replace(/\.bench\.ts$/, '');
  if (only && name !== only) continue;
  if (pathArg && name !== 'scan') continue;
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, file), ...(name === 'scan' && pathArg ? [pathArg] : []), ...flags], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.log(`!! ${name} bench exited with ${r.status ?? r.signal}`);
  }
}
process.exitCode = failed ? 1 : 0;
