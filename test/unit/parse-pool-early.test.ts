// The CLI's entry starts a parse worker before the CLI is loaded (src/cli/boot.ts); the first pool that would start the
// same worker takes that one instead of a second (src/core/scan/engine/pool.ts). A worker that died before it was taken
// is not used: the pool starts its own and every file is still answered.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { after, describe, it } from 'node:test';
import type { Worker } from 'node:worker_threads';
import { ParsePool, startEarlyParseWorker, stopEarlyParseWorker } from '../../src/core/scan/engine/pool';

const dir = mkdtempSync(path.join(tmpdir(), 'tierwise-early-worker-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// A stand-in parse worker: says ready, answers each file with the thread that read it.
const workerFile = path.join(dir, 'worker.js');
writeFileSync(
  workerFile,
  `const { parentPort, threadId } = require('node:worker_threads');
parentPort.postMessage({ type: 'ready' });
parentPort.on('message', (msg) => {
  for (const req of msg.reqs) parentPort.postMessage({ type: 'result', json: JSON.stringify({ skipped: 'thread ' + threadId + ' read ' + req.file }) });
});`,
);

const early = (): { worker: Worker } | undefined => (globalThis as Record<symbol, { worker: Worker } | undefined>)[Symbol.for('tierwise.earlyParseWorker')];

describe('a parse worker started before the CLI is loaded', () => {
  it('is taken by the first pool (no second worker), once', async () => {
    startEarlyParseWorker(workerFile, false);
    const thread = early()!.worker.threadId;
    // Its ready message arrives before any pool exists.
    await new Promise((r) => setTimeout(r, 300));
    const pool = new ParsePool({ file: workerFile }).warm();
    const first = await pool.parse({ file: 'a.ts', text: 'x', options: {} });
    assert.deepEqual(first, { skipped: `thread ${thread} read a.ts` });
    assert.equal(early(), undefined);
    await pool.close();
    // A second pool starts its own worker.
    const second = new ParsePool({ file: workerFile }).warm();
    const answer = (await second.parse({ file: 'b.ts', text: 'y', options: {} })) as { skipped: string };
    assert.notEqual(answer.skipped, `thread ${thread} read b.ts`);
    assert.match(answer.skipped, /^thread \d+ read b\.ts$/);
    await second.close();
  });

  it('is not taken for another worker file, and is stopped when no pool took it', async () => {
    startEarlyParseWorker(workerFile, false);
    const other = path.join(dir, 'other.js');
    writeFileSync(other, readFileSync(workerFile, 'utf8'));
    const pool = new ParsePool({ file: other }).warm();
    const answer = (await pool.parse({ file: 'c.ts', text: 'z', options: {} })) as { skipped: string };
    assert.notEqual(answer.skipped, `thread ${early()!.worker.threadId} read c.ts`);
    await pool.close();
    const left = early()!.worker;
    const exited = new Promise<number>((r) => left.once('exit', r));
    stopEarlyParseWorker();
    assert.equal(early(), undefined);
    await exited;
  });

  it('that died before a pool took it is replaced: the file is still read', async () => {
    const dying = path.join(dir, 'dying.js');
    writeFileSync(dying, 'process.exit(3);');
    startEarlyParseWorker(dying, false);
    const gone = early()!.worker;
    gone.ref();
    await new Promise<void>((r) => gone.once('exit', () => r()));
    // The same file name, now a worker that lives (an early worker is matched by file).
    writeFileSync(dying, readFileSync(workerFile, 'utf8'));
    const pool = new ParsePool({ file: dying }).warm();
    const answer = (await pool.parse({ file: 'd.ts', text: 'w', options: {} })) as { skipped: string };
    assert.match(answer.skipped, /^thread \d+ read d\.ts$/);
    await pool.close();
  });

  it('a pool waiting for a worker that is still loading keeps the process alive until the file is answered', async () => {
    const slow = path.join(dir, 'slow.js');
    writeFileSync(slow, `setTimeout(() => {\n${readFileSync(workerFile, 'utf8')}\n}, 300);`);
    const pool = new ParsePool({ file: slow });
    // Nothing else holds the event loop: the worker with work must.
    const answer = (await pool.parse({ file: 'e.ts', text: 'v', options: {} })) as { skipped: string };
    assert.match(answer.skipped, /^thread \d+ read e\.ts$/);
    await pool.close();
  });

  it('closing a pool whose worker is in the middle of a file lets the caller go on (the process does not end first)', () => {
    const busy = path.join(dir, 'busy.js');
    writeFileSync(
      busy,
      `const { parentPort } = require('node:worker_threads');
parentPort.postMessage({ type: 'ready' });
parentPort.on('message', (msg) => {
  for (const req of msg.reqs) {
    const end = Date.now() + 60;
    while (Date.now() < end);
    parentPort.postMessage({ type: 'result', json: JSON.stringify({ skipped: 'read ' + req.file }) });
  }
});`,
    );
    const pool = path.resolve(__dirname, '../../src/core/scan/engine/pool.ts');
    const script = `
      const { ParsePool } = require(${JSON.stringify(pool)});
      const p = new ParsePool({ file: ${JSON.stringify(busy)} });
      for (let i = 0; i < 12; i++) void p.parse({ file: 'f' + i + '.ts', text: 'x', options: {} }, true);
      // The worker answers while this thread is busy: its answers wait in the port when the pool closes.
      setTimeout(async () => { const end = Date.now() + 500; while (Date.now() < end); await p.close(); process.stdout.write('after close'); }, 150);
      const q = new ParsePool({ file: ${JSON.stringify(workerFile)} });
      q.parse({ file: 'b.ts', text: 'y', options: {} }).then(async () => { await q.close(); process.stdout.write(' and after an idle one'); });`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    assert.match(out, /after close/);
    assert.match(out, /and after an idle one/);
  });
});
