// What runs when dist/extension.js loads must stay cheap (activation target ≤ 30 ms, `npm run bench`). One easy
// way to lose ~10 ms: an Intl object made at module level (the first one loads the locale data). Found when the
// report started importing the cost module: activation went from 18 ms to 30 ms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const SRC = join(__dirname, '..', '..', 'src');

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) files(p, out);
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

test('no module makes an Intl object when it loads (they are made on first use)', () => {
  const found: string[] = [];
  for (const f of files(SRC)) {
    readFileSync(f, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        // A top-level declaration whose initializer builds an Intl formatter or calls toLocaleString.
        if (/^(export )?(const|let|var) [\w$]+(: [^=]+)? = (new Intl\.|[^(]*\.toLocale\w*String\()/.test(line)) found.push(`${relative(SRC, f)}:${i + 1}: ${line.trim()}`);
      });
  }
  assert.deepEqual(found, []);
});
