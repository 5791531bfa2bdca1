// Parsing in worker threads with a time budget per file: one file's pathological input (an exponential case of a
// parser, a huge nesting) is stopped and reported instead of hanging the scan or the editor. A worker that runs over
// its budget is terminated and a fresh one takes the next file.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { ParseAnswer, ParseRequest } from './project';

export interface PoolOptions {
  /** Worker threads (default 1). */
  size?: number;
  /** Time budget of one file, in milliseconds (default 10 s). */
  fileTimeoutMs?: number;
  /** Stack of a worker, in MB: deep inputs need more than the default before a parser gives up. */
  stackSizeMb?: number;
}

/**
 * Set by the CLI (its own process): workers cache V8's compiled code on disk (Node ≥ 22.1's module compile cache), so
 * loading the TypeScript compiler takes a fraction of its first time. Not set in the editor: the extension host is
 * shared with other extensions and VS Code keeps its own cache.
 */
let compileCacheInWorkers = false;
export function useCompileCacheInWorkers(): void {
  compileCacheInWorkers = true;
}

const DEFAULT_STACK_MB = 64;

/** How every parse worker is started (the pool's and the CLI entry's early one alike). */
function workerOptions(stackSizeMb: number, compileCache: boolean): WorkerOptions {
  return { resourceLimits: { stackSizeMb }, name: 'tierwise-parse', workerData: { compileCache } };
}

/** A parse worker started by the CLI's entry before the CLI itself was loaded (src/cli/boot.ts), until a pool takes it. */
interface EarlyWorker {
  worker: Worker;
  file: string;
  compileCache: boolean;
  ready: boolean;
  /** What its front-ends could not load, from its ready message. */
  problem: string | null;
  gone: boolean;
  /** Removes the listeners that watched it until a pool took it. */
  detach(): void;
}
const EARLY = Symbol.for('tierwise.earlyParseWorker');
type EarlyHolder = { [EARLY]?: EarlyWorker };

/**
 * Starts a parse worker now and keeps it for the first pool of this process that would start the same one: the CLI's
 * entry calls this before loading the rest of the CLI, so the TypeScript compiler loads in the worker meanwhile.
 */
export function startEarlyParseWorker(file: string, compileCache: boolean): void {
  const worker = new Worker(file, workerOptions(DEFAULT_STACK_MB, compileCache));
  worker.unref();
  // Until a pool takes it: the ready message is noted (a pool that comes later would not see it), a failure too.
  const onMessage = (msg: { type?: string; problem?: string | null }) => {
    if (msg?.type === 'ready') {
      early.ready = true;
      early.problem = msg.problem ?? null;
    }
  };
  const onGone = () => {
    early.gone = true;
  };
  const early: EarlyWorker = {
    worker,
    file,
    compileCache,
    ready: false,
    problem: null,
    gone: false,
    detach: () => {
      worker.off('message', onMessage);
      worker.off('error', onGone);
      worker.off('exit', onGone);
    },
  };
  worker.on('message', onMessage);
  worker.once('error', onGone);
  worker.once('exit', onGone);
  (globalThis as EarlyHolder)[EARLY] = early;
}

/** The early worker when it was started for this file and options and is still alive; it is taken once. */
function takeEarlyWorker(file: string, compileCache: boolean): EarlyWorker | null {
  const holder = globalThis as EarlyHolder;
  const early = holder[EARLY];
  if (!early || early.file !== file || early.compileCache !== compileCache) return null;
  delete holder[EARLY];
  early.detach();
  if (early.gone) {
    void early.worker.terminate();
    return null;
  }
  return early;
}

/** Stops an early worker no pool took (a command that ended before scanning). */
export function stopEarlyParseWorker(): void {
  const holder = globalThis as EarlyHolder;
  const early = holder[EARLY];
  delete holder[EARLY];
  if (early) void early.worker.terminate();
}

interface Job {
  req: ParseRequest;
  resolve: (a: ParseAnswer) => void;
}

interface Slot {
  worker: Worker;
  /** Jobs sent to the worker, in the order it answers them; the first one is being parsed. */
  jobs: Job[];
  timer: NodeJS.Timeout | null;
  ready: Promise<void>;
  sending: boolean;
}

/** Files sent to a worker in one message: a message costs about a millisecond of thread wake-up, a small file less. */
const BATCH_FILES = 32;
const BATCH_CHARS = 512 * 1024;
const LATER_BATCH_FILES = 6;

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
  /** Files asked for ahead of need (a guess at the next round): read only while no file of `queue` waits. */
  private readonly later: Job[] = [];
  private closed = false;
  readonly timeoutMs: number;
  private readonly size: number;
  private readonly stackSizeMb: number;
  /** Files stopped for running over their budget (for logs and tests). */
  timedOut: string[] = [];
  private problemResolve!: (p: string | null) => void;
  /**
   * What the workers' front-ends could not load (the Python grammar), from the first worker that said it was ready;
   * null when everything loaded or no worker ever got ready (its files are reported one by one).
   */
  readonly loadProblem: Promise<string | null> = new Promise((r) => (this.problemResolve = r));

  constructor(
    private readonly where: WorkerCode,
    options: PoolOptions = {},
  ) {
    this.size = Math.max(1, options.size ?? 1);
    this.timeoutMs = Math.max(50, options.fileTimeoutMs ?? 10_000);
    this.stackSizeMb = options.stackSizeMb ?? DEFAULT_STACK_MB;
  }

  private spawn(): Slot {
    const early = !this.where.eval && this.stackSizeMb === DEFAULT_STACK_MB ? takeEarlyWorker(this.where.file, compileCacheInWorkers) : null;
    const worker =
      early?.worker ??
      (this.where.eval
        ? new Worker(this.where.eval, { eval: true, ...workerOptions(this.stackSizeMb, compileCacheInWorkers) })
        : new Worker(this.where.file, workerOptions(this.stackSizeMb, compileCacheInWorkers)));
    worker.unref();
    let readyResolve!: () => void;
    const slot: Slot = { worker, jobs: [], timer: null, ready: new Promise((r) => (readyResolve = r)), sending: false };
    if (early?.ready) {
      readyResolve();
      this.problemResolve(early.problem);
    }
    worker.on('message', (msg: { type: 'ready'; problem?: string | null } | { type: 'result'; json: string }) => {
      if (msg.type === 'ready') {
        if (process.env.TIERWISE_DEBUG) process.stderr.write(`tierwise: debug: at ${Math.round(performance.now())} ms: a parse worker is ready\n`);
        readyResolve();
        this.problemResolve(msg.problem ?? null);
        return;
      }
      const job = slot.jobs.shift();
      if (job) {
        // The worker sends the IR as JSON without the text it was made from: the request's text is put back.
        const answer = JSON.parse(msg.json) as ParseAnswer;
        if (!('skipped' in answer)) answer.text = job.req.text;
        job.resolve(answer);
      }
      this.startClock(slot);
      // An answer that arrives after the pool closed leaves the worker as close() left it (held until it stops).
      if (!slot.jobs.length && !this.closed) slot.worker.unref();
      this.pump();
    });
    const fail = (reason: string) => {
      const [job, ...rest] = slot.jobs.splice(0);
      readyResolve();
      this.replace(slot);
      // The file being read is reported; the others sent with it go to the next worker.
      this.queue.unshift(...rest);
      job?.resolve({ skipped: reason });
      this.pump();
    };
    worker.on('error', (e) => fail(`could not be read (${e instanceof Error ? e.message : String(e)})`));
    // The answer could not be passed back (its data nested too deeply to copy between threads): without this the
    // file would wait for its time budget and be reported as slow.
    worker.on('messageerror', (e) => fail(`could not be read (its analysis could not be passed back: ${e instanceof Error ? e.message : String(e)})`));
    worker.on('exit', (code) => {
      if (slot.jobs.length) fail(`the reader stopped (exit ${code})`);
    });
    return slot;
  }

  /** The time budget of the file the worker is reading now (the first of its jobs). */
  private startClock(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    const job = slot.jobs[0];
    if (!job) return;
    slot.timer = setTimeout(() => {
      if (slot.jobs[0] !== job) return;
      this.timedOut.push(job.req.file);
      const rest = slot.jobs.splice(0).slice(1);
      slot.timer = null;
      this.replace(slot);
      this.queue.unshift(...rest);
      job.resolve({ skipped: `took longer than ${Math.round(this.timeoutMs / 100) / 10} s to read (the per-file time budget); not scanned` });
      this.pump();
    }, this.timeoutMs);
  }

  private replace(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    void slot.worker.terminate();
    if (i >= 0) {
      if (this.closed) this.slots.splice(i, 1);
      else this.slots[i] = this.spawn();
    }
  }

  private pump(): void {
    if (this.closed) return;
    while (this.slots.length < this.size && this.queue.length > this.slots.filter((s) => !s.jobs.length).length) this.slots.push(this.spawn());
    for (const slot of this.slots) {
      // A worker gets a batch when it has nothing left to do: the queue is shared fairly between workers. Files asked
      // for ahead of need go in small batches, so a file that is needed now waits for few of them.
      if (slot.jobs.length || slot.sending || (!this.queue.length && !this.later.length)) continue;
      const from = this.queue.length ? this.queue : this.later;
      const most = from === this.queue ? BATCH_FILES : LATER_BATCH_FILES;
      const share = Math.max(1, Math.ceil(from.length / this.slots.length));
      const batch: Job[] = [];
      let chars = 0;
      while (from.length && batch.length < Math.min(most, share) && (batch.length === 0 || chars + from[0].req.text.length <= BATCH_CHARS)) {
        const job = from.shift()!;
        chars += job.req.text.length;
        batch.push(job);
      }
      slot.jobs.push(...batch);
      // A worker with work keeps the process alive (an idle one does not): before it is ready no timer does.
      slot.worker.ref();
      slot.sending = true;
      void slot.ready.then(() => {
        slot.sending = false;
        if (!this.slots.includes(slot) || slot.jobs[0] !== batch[0]) return;
        this.startClock(slot);
        slot.worker.postMessage({ type: 'parse', reqs: batch.map((j) => j.req) });
      });
    }
  }

  /** Starts the workers now (loading the parsers takes a few hundred ms): the caller lists and reads files meanwhile. */
  warm(): this {
    while (!this.closed && this.slots.length < this.size) this.slots.push(this.spawn());
    return this;
  }

  /** Parses a file; `ahead` for a file that may be needed later (read only while no other file waits). */
  parse(req: ParseRequest, ahead = false): Promise<ParseAnswer> {
    if (this.closed) return Promise.resolve({ skipped: 'the scan was stopped' });
    return new Promise((resolve) => {
      (ahead ? this.later : this.queue).push({ req, resolve });
      this.pump();
    });
  }

  /** A file asked for ahead of need is needed now: it moves to the front of the files that wait. */
  hurry(file: string): void {
    const i = this.later.findIndex((j) => j.req.file === file);
    if (i >= 0) this.queue.push(...this.later.splice(i, 1));
  }

  parseAll(reqs: ParseRequest[]): Promise<ParseAnswer[]> {
    return Promise.all(reqs.map((r) => this.parse(r)));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.problemResolve(null);
    for (const j of [...this.queue.splice(0), ...this.later.splice(0)]) j.resolve({ skipped: 'the scan was stopped' });
    const stopped = Promise.all(
      this.slots.splice(0).map((s) => {
        if (s.timer) clearTimeout(s.timer);
        for (const j of s.jobs.splice(0)) j.resolve({ skipped: 'the scan was stopped' });
        s.worker.ref();
        return s.worker.terminate();
      }),
    );
    // A worker stopped in the middle of a file does not hold the process while it stops: without a timer of ours the
    // process could end here, before the caller's output. Bounded: a worker that does not say it stopped is let go.
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([stopped, new Promise<void>((r) => (timer = setTimeout(r, 2000)))]);
    } finally {
      clearTimeout(timer);
    }
  }
}
