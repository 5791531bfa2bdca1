// The CLI's entry (dist/cli.js): a few kilobytes that start a scan's parse worker before the CLI itself (dist/cli-main.js,
// ~1.7 MB) is loaded, so the worker loads the TypeScript compiler while this thread compiles the CLI, lists and reads
// the files. The CLI's own bundle is compiled from V8's code cache (Node's own from 22.1, ours before): a scan's
// functions come compiled from the second run on. A script compiled from cached data on Node < 22 cannot `import()`,
// so the bundle has none (the Python parser's runtime, which does, is a bundle of its own: esbuild.mjs).
// Nothing here may fail the command: the early worker falls back to the pool's own, the cache to a plain compile.
import * as nodeModule from 'node:module';
import * as path from 'node:path';
import { parseWorkerPath, startEarlyParseWorker } from '../core/scan/engine/pool';
import { installCodeCache, saveCodeCache } from '../core/scan/engine/codeCache';

/** Commands that scan a folder in worker threads (the others never start one). */
const SCANNING = new Set(['scan', 'classify', 'import-usage', 'verify']);

function boot(): void {
  const argv = process.argv.slice(2);
  if (SCANNING.has(argv[0] ?? '') && !argv.some((a) => a === '--help' || a === '-h' || a === '--version')) {
    try {
      // Node ≥ 22.1: the worker turns Node's compile cache on for itself; before, it installs ours (workerData).
      const where = parseWorkerPath();
      if (where && !where.eval) startEarlyParseWorker(where.file, true);
    } catch {
      // The pool starts its own.
    }
  }
  compiledFromCache(SCANNING.has(argv[0] ?? ''));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cli = require(path.join(__dirname, 'cli-main.js')) as { main(): void };
  cli.main();
}

/**
 * Compiles dist/cli-main.js with V8's cached data. The data is written at exit of a command that scans, when there was
 * none to use (the first run, a new version): by then the scan's functions are compiled, so the next run skips that too.
 */
function compiledFromCache(scans: boolean): void {
  try {
    const enable = (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache;
    if (typeof enable === 'function') {
      enable();
      return;
    }
    if (installCodeCache(__dirname, ['cli-main.js']) && scans) process.once('exit', () => saveCodeCache());
  } catch {
    // A cache is only a speed-up.
  }
}

boot();
