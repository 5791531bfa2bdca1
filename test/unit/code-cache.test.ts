// The parse worker's V8 code cache (src/core/scan/engine/codeCache.ts): a bundle compiled once is compiled from its
// cached data the next time, a damaged cache file is rejected and rewritten, and the module works the same either way.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { KEEP_PER_BUNDLE, pruneOlder } from '../../src/core/scan/engine/codeCache';

const hasOwnCache = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function';
const root = mkdtempSync(path.join(tmpdir(), 'tierwise-code-cache-test-'));
after(() => rmSync(root, { recursive: true, force: true }));

const bundleDir = path.join(root, 'dist');
const cacheDir = path.join(root, 'cache');
const src = path.resolve(__dirname, '../../src/core/scan/engine/codeCache.ts');

/** Loads the bundle in a fresh process with the cache installed; prints what it exported and the cache's counters. */
function loadInChild(name = 'big.js'): { value: string; hits: number; misses: number; saved: number } {
  const script = `
    const { installCodeCache, saveCodeCache, codeCacheStats } = require(${JSON.stringify(src)});
    installCodeCache(${JSON.stringify(bundleDir)}, [${JSON.stringify(name)}], ${JSON.stringify(cacheDir)});
    const m = require(${JSON.stringify(path.join(bundleDir, name))});
    const value = m.greet('cache') + ':' + m.here;
    const saved = saveCodeCache();
    process.stdout.write(JSON.stringify({ value, saved, ...codeCacheStats() }));`;
  return JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' })) as { value: string; hits: number; misses: number; saved: number };
}

describe('V8 code cache of the parse worker (Node without its own compile cache)', { skip: hasOwnCache ? 'this Node has its own module compile cache' : false }, () => {
  it('compiles from cached data the second time; a damaged cache file is rejected and rewritten', () => {
    execFileSync('mkdir', ['-p', bundleDir]);
    // Big enough for V8 to produce cached data; `require` and `__dirname` work as in any CommonJS module.
    const body = Array.from({ length: 400 }, (_, i) => `function f${i}(x) { return x * ${i} + ${i}; }`).join('\n');
    writeFileSync(path.join(bundleDir, 'big.js'), `${body}\nconst path = require('node:path');\nexports.greet = (n) => 'hello ' + n + f3(2);\nexports.here = path.basename(__dirname);\n`);

    const first = loadInChild();
    assert.deepEqual(first, { value: 'hello cache9:dist', hits: 0, misses: 1, saved: 1 });
    const files = readdirSync(cacheDir);
    assert.equal(files.length, 1);
    assert.match(files[0], /^big-[0-9a-f]{32}\.bin$/);

    const second = loadInChild();
    assert.deepEqual(second, { value: 'hello cache9:dist', hits: 1, misses: 0, saved: 0 });

    writeFileSync(path.join(cacheDir, files[0]), 'not V8 cached data');
    const damaged = loadInChild();
    assert.deepEqual(damaged, { value: 'hello cache9:dist', hits: 0, misses: 1, saved: 1 });
    assert.deepEqual(loadInChild(), { value: 'hello cache9:dist', hits: 1, misses: 0, saved: 0 });
    // Written whole: no temporary file is left beside it.
    assert.deepEqual(readdirSync(cacheDir), files);
  });

  it('caches a bundle that starts with a #! line (the CLI\'s own bundle)', () => {
    execFileSync('mkdir', ['-p', bundleDir]);
    const body = Array.from({ length: 400 }, (_, i) => `function g${i}(x) { return x * ${i} - ${i}; }`).join('\n');
    writeFileSync(path.join(bundleDir, 'cli-like.js'), `#!/usr/bin/env node\n${body}\nexports.greet = (n) => 'hi ' + n + g3(2);\nexports.here = require('node:path').basename(__dirname);\n`);
    assert.deepEqual(loadInChild('cli-like.js'), { value: 'hi cache3:dist', hits: 0, misses: 1, saved: 1 });
    assert.deepEqual(loadInChild('cli-like.js'), { value: 'hi cache3:dist', hits: 1, misses: 0, saved: 0 });
  });
});

describe('the code cache folder', () => {
  it('is not used when another user owns it: compiled code is never taken from someone else', { skip: typeof process.getuid !== 'function' || process.getuid() !== 0 ? 'needs root to make a folder owned by another user' : false }, () => {
    const foreign = path.join(root, 'foreign-cache');
    execFileSync('mkdir', ['-p', foreign, bundleDir]);
    writeFileSync(path.join(bundleDir, 'small.js'), `exports.greet = (n) => 'hey ' + n;\nexports.here = 'x';\n`);
    const mine = `
      const { installCodeCache } = require(${JSON.stringify(src)});
      process.stdout.write(String(installCodeCache(${JSON.stringify(bundleDir)}, ['small.js'], ${JSON.stringify(foreign)})));`;
    const run = () => execFileSync(process.execPath, ['--import', 'tsx', '-e', mine], { encoding: 'utf8' });
    // Owned by this user (or Node has its own cache, which the function leaves to Node): the hook may be installed.
    assert.equal(run(), hasOwnCache ? 'false' : 'true');
    execFileSync('chown', ['65534:65534', foreign]);
    assert.equal(run(), 'false');
  });
});

describe('old cache files are pruned', () => {
  it('keeps the newest few cache files of a bundle and leaves other bundles alone', () => {
    const dir = mkdtempSync(path.join(root, 'prune-'));
    const key = (i: number) => i.toString(16).padStart(32, '0');
    for (let i = 0; i < 6; i++) {
      const f = path.join(dir, `typescript-${key(i)}.bin`);
      writeFileSync(f, 'x');
      utimesSync(f, 1000 + i, 1000 + i);
    }
    writeFileSync(path.join(dir, `ts-parser-${key(1)}.bin`), 'x');
    writeFileSync(path.join(dir, 'notes.txt'), 'x');
    const written = path.join(dir, `typescript-${key(9)}.bin`);
    writeFileSync(written, 'x');
    assert.equal(pruneOlder(written), 6 - (KEEP_PER_BUNDLE - 1));
    const left = readdirSync(dir).sort();
    assert.deepEqual(left, [`notes.txt`, `ts-parser-${key(1)}.bin`, `typescript-${key(4)}.bin`, `typescript-${key(5)}.bin`, `typescript-${key(9)}.bin`].sort());
  });
});
