// The CLI's entry (dist/cli.js): a few kilobytes that start a scan's parse worker before the CLI itself (dist/cli-main.js,
// ~1.7 MB) is loaded, so the worker loads the TypeScript compiler while this thread compiles the CLI, lists and reads
// the files. The CLI's own bundle is not compiled from V8's cached data: a script compiled that way on Node < 22.1
// cannot `import()` (the Python parser's loader does), and the warning the way around it prints is not for users.
// Nothing here may fail the command: the early worker falls back to the pool's own.
import * as path from 'node:path';
import { parseWorkerPath, startEarlyParseWorker } from '../core/scan/engine/pool';

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
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cli = require(path.join(__dirname, 'cli-main.js')) as { main(): void };
  cli.main();
}

boot();
