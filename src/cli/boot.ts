// The CLI's entry (dist/cli.js): a few kilobytes that start a scan's parse worker before the CLI itself (dist/cli-main.js,
// ~1.7 MB) is loaded, so the worker loads the TypeScript compiler while this thread compiles the CLI, lists and reads
// the files. On a Node without its own compile cache (< 22.1) the CLI's bundle gets V8's cached data as the worker's
// bundles do (src/core/scan/engine/codeCache.ts). Nothing here may fail the command: each speed-up falls back to the
// plain path.
import * as nodeModule from 'node:module';
import * as path from 'node:path';
import { installCodeCache, saveCodeCache } from '../core/scan/engine/codeCache';
import { parseWorkerPath, startEarlyParseWorker } from '../core/scan/engine/pool';

/** Commands that scan a folder in worker threads (the others never start one). */
const SCANNING = new Set(['scan', 'classify', 'import-usage', 'verify']);

function boot(): void {
  const argv = process.argv.slice(2);
  const ownCache = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache !== 'function';
  if (SCANNING.has(argv[0] ?? '') && !argv.some((a) => a === '--help' || a === '-h' || a === '--version')) {
    try {
      // Node ≥ 22.1: the worker turns Node's compile cache on for itself; before, it installs ours (workerData).
      const where = parseWorkerPath();
      if (where && !where.eval) startEarlyParseWorker(where.file, true);
    } catch {
      // The pool starts its own.
    }
  }
  let cached = false;
  if (ownCache) {
    try {
      cached = installCodeCache(__dirname, ['cli-main.js']);
    } catch {
      cached = false;
    }
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cli = require(path.join(__dirname, 'cli-main.js')) as { main(): void };
  // The first run writes the cache of the CLI's bundle, at exit (later runs read it).
  if (cached) process.once('exit', () => saveCodeCache());
  cli.main();
}

boot();
