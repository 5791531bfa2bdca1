// Parsing in worker threads with a time budget per file: one file's pathological input (an exponential case of a
// parser, a huge nesting) is stopped and reported instead of hanging the scan or the editor. A worker that runs over
// its budget is terminated and a fresh one takes the next file.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ParseAnswer, ParseRequest } from './project';

export interface PoolOptions {
  /** Worker threads (default 1). */
  size?: number;
  /** Time budget of one file, in milliseconds (default 10 s). */
  fileTimeoutMs?: number;
  /** Stack of a worker, in MB: deep inputs need more than the default before a parser gives up. */
  stackSizeMb?: number;
}

interface Job {
  req: ParseRequest;
  resolve: (a: ParseAnswer) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
  ready: Promise<void>;
}

/** Where the worker's code is: next to the bundle (dist/parseWorker.js), or the TypeScript source under tsx. */
export function parseWorkerPath(): WorkerCode | null {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  const bundled = path.join(here, 'parseWorker.js');
  if (existsSync(bundled)) return { file: bundled };
  const source = path.join(here, 'parseWorker.ts');
  // Running from source (tests, tsx): the worker registers tsx's loader for itself, then loads the TypeScript file.
  if (existsSync(source)) return { file: source, eval: `require('tsx/cjs/api').register(); require(${JSON.stringify(source)});` };
  return null;
}

export interface WorkerCode {
  file: string;
  /** Code to evaluate instead of loading `file` directly. */
  eval?: string;
}

export class ParsePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private closed = false;
  readonly timeoutMs: number;
  private readonly size: number;
  private readonly stackSizeMb: number;
  /** Files stopped for running over their budget (for logs and tests). */
  timedOut: string[] = [];

  constructor(
    private readonly where: WorkerCode,
    options: PoolOptions = {},
  ) {
    this.size = Math.max(1, options.size ?? 1);
    this.timeoutMs = Math.max(50, options.fileTimeoutMs ?? 10_000);
    this.stackSizeMb = options.stackSizeMb ?? 64;
  }

  private spawn(): Slot {
    const worker = this.where.eval
      ? new Worker(this.where.eval, { eval: true, resourceLimits: { stackSizeMb: this.stackSizeMb }, name: 'tierwise-parse' })
      : new Worker(this.where.file, { resourceLimits: { stackSizeMb: this.stackSizeMb }, name: 'tierwise-parse' });
    worker.unref();
    let readyResolve!: () => void;
    const slot: Slot = { worker, job: null, timer: null, ready: new Promise((r) => (readyResolve = r)) };
    worker.on('message', (msg: { type: 'ready' } | { type: 'result'; answer: ParseAnswer }) => {
      if (msg.type === 'ready') {
        readyResolve();
        return;
      }
      const job = slot.job;
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = null;
      slot.job = null;
      job?.resolve(msg.answer);
      this.pump();
    });
    const fail = (reason: string) => {
      const job = slot.job;
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = null;
      slot.job = null;
      readyResolve();
      this.replace(slot);
      job?.resolve({ skipped: reason });
      this.pump();
    };
    worker.on('error', (e) => fail(`could not be read (${e instanceof Error ? e.message : String(e)})`));
    // The answer could not be passed back (its data nested too deeply to copy between threads): without this the
    // file would wait for its time budget and be reported as slow.
    worker.on('messageerror', (e) => fail(`could not be read (its analysis could not be passed back: ${e instanceof Error ? e.message : String(e)})`));
    worker.on('exit', (code) => {
      if (slot.job) fail(`the reader stopped (exit ${code})`);
    });
    return slot;
  }

  private replace(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    void slot.worker.terminate();
    if (i >= 0) {
      if (this.closed) this.slots.splice(i, 1);
      else this.slots[i] = this.spawn();
    }
  }

  private pump(): void {
    if (this.closed) return;
    while (this.slots.length < this.size && this.queue.length > this.slots.filter((s) => !s.job).length) this.slots.push(this.spawn());
    for (const slot of this.slots) {
      if (slot.job || !this.queue.length) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      void slot.ready.then(() => {
        if (slot.job !== job) return;
        slot.timer = setTimeout(() => {
          if (slot.job !== job) return;
          this.timedOut.push(job.req.file);
          slot.job = null;
          slot.timer = null;
          this.replace(slot);
          job.resolve({ skipped: `took longer than ${Math.round(this.timeoutMs / 100) / 10} s to read (the per-file time budget); not scanned` });
          this.pump();
        }, this.timeoutMs);
        slot.worker.postMessage({ type: 'parse', req: job.req });
      });
    }
  }

  parse(req: ParseRequest): Promise<ParseAnswer> {
    if (this.closed) return Promise.resolve({ skipped: 'the scan was stopped' });
    return new Promise((resolve) => {
      this.queue.push({ req, resolve });
      this.pump();
    });
  }

  parseAll(reqs: ParseRequest[]): Promise<ParseAnswer[]> {
    return Promise.all(reqs.map((r) => this.parse(r)));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const j of this.queue.splice(0)) j.resolve({ skipped: 'the scan was stopped' });
    await Promise.all(
      this.slots.splice(0).map((s) => {
        if (s.timer) clearTimeout(s.timer);
        s.job?.resolve({ skipped: 'the scan was stopped' });
        return s.worker.terminate();
      }),
    );
  }
}
