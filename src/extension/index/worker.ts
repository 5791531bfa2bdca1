// The index worker: all parsing, linking, inference and pricing runs here, off the extension host's main thread.
// One FolderEngine per workspace folder: the CLI's computation over the folder's texts. Messages are handled one at
// a time; the initial index yields between slices so a `cancel` or a buffer edit is seen promptly. Parsing itself
// runs in a parse worker with a time budget per file.
import { parentPort } from 'node:worker_threads';
import * as path from 'node:path';
import { loadFrontEnds } from '../../core/scan/engine/frontends';
import '../../core/scan/engine/frontendsAll';
import { ParsePool, parseWorkerPath } from '../../core/scan/engine/pool';
import { readProjectConfig } from '../../core/scan/workspace';
import { FolderEngine } from './engine';
import type { FromWorker, Listed, Timings, ToWorker } from './protocol';
import { walkSourceFiles } from './walk';

const SLICE = 64;

const port = parentPort;
if (!port) throw new Error('index worker started outside worker_threads');

const engines = new Map<string, FolderEngine>();
const cancelled = new Set<number>();
const queue: ToWorker[] = [];
let running = false;
let pool: ParsePool | null = null;
let poolTimeout = 0;

function post(msg: FromWorker): void {
  port!.postMessage(msg);
}

function log(level: 'trace' | 'info' | 'warn' | 'error', message: string): void {
  post({ type: 'log', level, message });
}

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'cancel') {
    cancelled.add(msg.target);
    return;
  }
  // A newer buffer text for the same file replaces a queued one: only the latest version matters.
  if (msg.type === 'set') {
    const i = queue.findIndex((q) => q.type === 'set' && q.key === msg.key && q.file === msg.file);
    if (i >= 0) {
      const old = queue[i];
      queue.splice(i, 1);
      post({ type: 'done', id: old.id, ok: true, cancelled: true });
    }
  }
  queue.push(msg);
  void pump();
});

// The Python grammar (WASM) loads once, in the worker, before the first analysis: never on the main thread.
const frontEndsReady: Promise<void> = loadFrontEnds()
  .then((error) => {
    if (error) log('warn', `Python files are not analysed: ${error}`);
  })
  .catch((e: unknown) => log('warn', `Python files are not analysed: ${e instanceof Error ? e.message : String(e)}`));

/** The parse pool, made on first use; a new time budget makes a new pool. */
function poolFor(timeoutSeconds: number | undefined): ParsePool | null {
  const ms = Math.max(1, timeoutSeconds ?? 10) * 1000;
  if (pool && poolTimeout === ms) return pool;
  const where = parseWorkerPath();
  if (!where) {
    log('warn', 'the parse worker was not found: files are read without a time budget');
    return null;
  }
  void pool?.close();
  pool = new ParsePool(where, { size: 1, fileTimeoutMs: ms });
  poolTimeout = ms;
  return pool;
}

async function pump(): Promise<void> {
  if (running) return;
  running = true;
  try {
    await frontEndsReady;
    while (queue.length) {
      const msg = queue.shift()!;
      try {
        if (msg.type === 'list') {
          const t = performance.now();
          const engine = engineOf(msg.key);
          const r = await walkSourceFiles(engine.root, { globMaps: msg.globMaps, globs: msg.globs }, () => cancelled.has(msg.id));
          engine.setConfig(readProjectConfig(r.configs.map((rel) => ({ rel, abs: path.join(engine.root, rel) }))));
          engine.setAssets(r.assets);
          // A complete listing is the truth about which files exist (a stopped one is not).
          if (!cancelled.has(msg.id)) engine.forgetUnlisted(new Set(r.files));
          const listed: Listed = { ...r, ms: performance.now() - t };
          post({ type: 'done', id: msg.id, ok: true, listed, cancelled: cancelled.delete(msg.id) || undefined });
          continue;
        }
        const timings = await handle(msg);
        post({ type: 'done', id: msg.id, ok: true, timings: timings ?? undefined, cancelled: cancelled.delete(msg.id) || undefined });
      } catch (e) {
        cancelled.delete(msg.id);
        const error = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
        log('error', `worker: ${msg.type} failed: ${error}`);
        post({ type: 'done', id: msg.id, ok: false, error });
      }
    }
  } finally {
    running = false;
  }
}

function engineOf(key: string): FolderEngine {
  const e = engines.get(key);
  if (!e) throw new Error(`unknown workspace folder ${key}`);
  return e;
}

async function publish(key: string, engine: FolderEngine, timings?: Timings): Promise<void> {
  const r = await engine.analyze();
  if (timings) {
    timings.linkMs += r.timings.linkMs;
    timings.costMs += r.timings.costMs;
    timings.analyzeMs += r.timings.analyzeMs;
  }
  if (r.changed.length || r.removed.length || r.metaChanged) {
    post({ type: 'result', key, changed: r.changed, removed: r.removed, pricing: r.pricing, usageProblems: r.usageProblems, skipped: r.skipped });
  }
}

async function handle(msg: ToWorker): Promise<Timings | null> {
  const timings: Timings = { readMs: 0, analyzeMs: 0, linkMs: 0, costMs: 0, files: 0 };
  switch (msg.type) {
    case 'folder':
      engines.set(msg.folder.key, new FolderEngine(msg.folder.root, msg.folder.settings, poolFor(msg.folder.settings.fileTimeoutSeconds)));
      return null;
    case 'removeFolder':
      engines.delete(msg.key);
      return null;
    case 'settings': {
      const e = engineOf(msg.key);
      e.setSettings(msg.settings);
      await publish(msg.key, e, timings);
      return timings;
    }
    case 'usage': {
      const e = engineOf(msg.key);
      e.setUsage(msg.text);
      await publish(msg.key, e, timings);
      return timings;
    }
    case 'set': {
      const e = engineOf(msg.key);
      e.setFile(msg.file, msg.text, msg.version);
      timings.files = 1;
      await publish(msg.key, e, timings);
      return timings;
    }
    case 'delete': {
      const e = engineOf(msg.key);
      for (const f of msg.files) e.deleteFile(f);
      await publish(msg.key, e, timings);
      return timings;
    }
    case 'reload':
    case 'index': {
      const e = engineOf(msg.key);
      const total = msg.files.length;
      for (let i = 0; i < total; i += SLICE) {
        if (cancelled.has(msg.id)) break;
        const slice = msg.files.slice(i, i + SLICE);
        const t = performance.now();
        for (const f of slice) e.loadFromDisk(f);
        timings.readMs += performance.now() - t;
        timings.files += slice.length;
        if (msg.type === 'index') post({ type: 'progress', id: msg.id, done: Math.min(total, i + SLICE), total });
        // Let queued messages (cancel, buffer edits) in between slices.
        await new Promise((r) => setImmediate(r));
      }
      // One complete result, never a partial one: an unlinked file would show wrong figures.
      await publish(msg.key, e, timings);
      return timings;
    }
    default:
      return null;
  }
}

post({ type: 'ready' });
