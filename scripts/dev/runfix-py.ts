// Compares the new scan engine with the Python fixture expectations (test/fixtures/scan-py).
//   node --import tsx scripts/dev/runfix-py.ts [name] [--strict]
// Default: every field of the fixture summary, signals by kind; --strict: signal details too.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../../test/unit/scan-py-helpers';
import { engineDifferences } from '../../test/unit/scan-py-engine-util';

const args = process.argv.slice(2);
const strict = args.includes('--strict');
const only = args.find((a) => !a.startsWith('--'));

(async () => {
  let pass = 0;
  let fail = 0;
  for (const name of readdirSync(FIXTURES).filter((d) => statSync(join(FIXTURES, d)).isDirectory()).sort()) {
    if (only && !name.includes(only)) continue;
    let problems: string[];
    try {
      problems = await engineDifferences(join(FIXTURES, name), strict);
    } catch (e) {
      problems = [`CRASH ${(e as Error).stack}`];
    }
    if (problems.length) {
      fail++;
      console.log(`FAIL ${name}\n  ${problems.slice(0, 12).join('\n  ')}`);
    } else pass++;
  }
  console.log(`${pass} pass, ${fail} fail${strict ? ' (strict)' : ''}`);
})();
