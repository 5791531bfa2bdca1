// The parse worker: turns (file, text) into IR with the language front-ends. Its own bundle (dist/parseWorker.js);
// the pool stops it when a file runs over its time budget.
import * as nodeModule from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { loadFrontEnds, parseFile } from './frontends';
import { preloadTsParser } from '../ts/parse';
import { installCodeCache, saveCodeCache } from './codeCache';
import './frontendsAll';
import type { ParseRequest } from './project';

const port = parentPort;
if (port) {
  // Started by the CLI: the compiler's compiled code comes from Node's on-disk cache where Node has one (≥ 22.1).
  // On an older Node, the compiler's own bundles get V8's cached data (written after the first batch).
  let cacheSaved = false;
  const cli = !!(workerData as { compileCache?: boolean } | null)?.compileCache;
  if (cli && !enableCompileCache()) installCodeCache(__dirname, ['typescript.js', 'ts-parser.js']);
  // The TS/JS parser is loaded before saying ready: the pool starts the worker while the caller lists and reads the
  // files, so the compiler's load overlaps with that instead of delaying the first file.
  void loadFrontEnds().then((problem) => {
    try {
      preloadTsParser();
    } catch {
      // Said when a TS file is parsed.
    }
    // What could not be loaded (the Python grammar) is the scan's to report: the caller does not load it again.
    port.postMessage({ type: 'ready', problem });
  });
  port.on('message', (msg: { type: 'parse'; reqs: ParseRequest[] }) => {
    if (msg.type !== 'parse') return;
    for (const req of msg.reqs) {
      const answer = parseFile(req.file, req.text, req.options);
      // As JSON, without the text the caller already has: a string crosses threads far faster than a cloned
      // object graph, and the text is not copied back. One answer per file: the caller times each file.
      if (!('skipped' in answer)) answer.text = '';
      port.postMessage({ type: 'result', json: JSON.stringify(answer) });
    }
    // After the first batch, so the parser's functions V8 compiled meanwhile are in the cache too.
    if (cli && !cacheSaved) {
      cacheSaved = true;
      saveCodeCache();
    }
  });
}

/** Node's own module compile cache (≥ 22.1); false where Node has none. */
function enableCompileCache(): boolean {
  const enable = (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache;
  if (typeof enable !== 'function') return false;
  try {
    enable();
  } catch {
    // A cache is only a speed-up.
  }
  return true;
}
