// The parse worker: turns (file, text) into IR with the language front-ends. Its own bundle (dist/parseWorker.js);
// the pool stops it when a file runs over its time budget.
import { parentPort } from 'node:worker_threads';
import { loadFrontEnds, parseFile } from './frontends';
import './frontendsAll';
import type { ParseRequest } from './project';

const port = parentPort;
if (port) {
  void loadFrontEnds().then(() => port.postMessage({ type: 'ready' }));
  port.on('message', (msg: { type: 'parse'; req: ParseRequest }) => {
    if (msg.type !== 'parse') return;
    const answer = parseFile(msg.req.file, msg.req.text, msg.req.options);
    port.postMessage({ type: 'result', answer });
  });
}
