// The parse worker: turns (file, text) into IR with the language front-ends. Its own bundle (dist/parseWorker.js);
// the pool stops it when a file runs over its time budget.
import { parentPort } from 'node:worker_threads';
import { loadFrontEnds, parseFile } from './frontends';
import './frontendsAll';
import type { ParseRequest } from './project';

const port = parentPort;
if (port) {
  // The parsers load before the worker says it is ready (the TS one loads on first use): a file's time budget
  // counts its own reading, not the start of a fresh worker (one replaces each worker stopped for its budget).
  void loadFrontEnds().then(() => {
    parseFile('warm-up.ts', 'export {};\n');
    port.postMessage({ type: 'ready' });
  });
  port.on('message', (msg: { type: 'parse'; req: ParseRequest }) => {
    if (msg.type !== 'parse') return;
    const answer = parseFile(msg.req.file, msg.req.text, msg.req.options);
    port.postMessage({ type: 'result', answer });
  });
}
