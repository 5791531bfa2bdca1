// The index worker: all parsing, linking, inference and pricing runs here, off the extension host's
// main thread. One FolderEngine per workspace folder. Messages are handled one at a time; long jobs
// (the initial index) yield between slices so a `cancel` or a buffer edit is seen promptly.
import { parentPort } from 'node:worker_threads';
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { initPythonScanner } from '../../core/scan/python/index';
import { FolderEngine } from './engine';
import type { FromWorker, Listed, Timings, ToWorker } from './protocol';
import { walkSourceFiles } from './walk';

const MAX_FILE_BYTES = 1_000_000;
const SLICE = 64;
/** Publish partial results of a long index at most this often. */
const PARTIAL_EVERY_MS = 1500;

const port = parentPort;
if (!port) throw new Error('index worker started outside worker_threads');

const engines = new Map<string, FolderEngine>();
const cancelled = new Set<number>();
const queue: ToWorker[] = [];
let running = false;

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
const pythonReady: Promise<void> = initPythonScanner({ wasmDir: __dirname })
  .then((error) => {
    if (error) log('warn', `Python files are not analysed: ${error}`);
  })
  .catch((e: unknown) => log('warn', `Python files are not analysed: ${e instanceof Error ? e.message : String(e)}`));

async function pump(): Promise<void> {
  if (running) return;
  running = true;
  try {
    await pythonReady;
    while (queue.length) {
      const msg = queue.shift()!;
      try {
        if (msg.type === 'list') {
          const t = performance.now();
          const r = await walkSourceFiles(engineOf(msg.key).root, { globMaps: msg.globMaps, globs: msg.globs }, () => cancelled.has(msg.id));
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

async function handleUrgent(): Promise<void> {
  for (let i = 0; i < queue.length; ) {
    const q = queue[i];
    if (q.type !== 'set' && q.type !== 'usage' && q.type !== 'settings') {
      i++;
      continue;
    }
    queue.splice(i, 1);
    try {
      const timings = await handle(q);
      post({ type: 'done', id: q.id, ok: true, timings: timings ?? undefined });
    } catch (e) {
      post({ type: 'done', id: q.id, ok: false, error: e instanceof Error ? e.message : String(e) });
    }
  }
}

function engineOf(key: string): FolderEngine {
  const e = engines.get(key);
  if (!e) throw new Error(`unknown workspace folder ${key}`);
  return e;
}

function publish(key: string, engine: FolderEngine, timings?: Timings): void {
  const r = engine.analyze();
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
      engines.set(msg.folder.key, new FolderEngine(msg.folder.root, msg.folder.settings));
      return null;
    case 'removeFolder':
      engines.delete(msg.key);
      return null;
    case 'settings': {
      const e = engineOf(msg.key);
      e.setSettings(msg.settings);
      publish(msg.key, e, timings);
      return timings;
    }
    case 'usage': {
      const e = engineOf(msg.key);
      e.setUsage(msg.text);
      publish(msg.key, e, timings);
      return timings;
    }
    case 'set': {
      const e = engineOf(msg.key);
      e.setFile(msg.file, msg.text, msg.version);
      timings.files = 1;
      await followUp(e, timings);
      publish(msg.key, e, timings);
      return timings;
    }
    case 'delete': {
      const e = engineOf(msg.key);
      for (const f of msg.files) e.deleteFile(f);
      publish(msg.key, e, timings);
      return timings;
    }
    case 'reload':
    case 'index': {
      const e = engineOf(msg.key);
      const total = msg.files.length;
      let lastPartial = performance.now();
      for (let i = 0; i < total; i += SLICE) {
        if (cancelled.has(msg.id)) break;
        const slice = msg.files.slice(i, i + SLICE);
        const t = performance.now();
        const texts = await Promise.all(slice.map((f) => readText(e.root, f)));
        timings.readMs += performance.now() - t;
        for (let j = 0; j < slice.length; j++) {
          const text = texts[j];
          if (text === null) e.deleteFile(slice[j]);
          else e.setFile(slice[j], text);
        }
        timings.files += slice.length;
        if (msg.type === 'index') post({ type: 'progress', id: msg.id, done: Math.min(total, i + SLICE), total });
        if (performance.now() - lastPartial > PARTIAL_EVERY_MS) {
          publish(msg.key, e, timings);
          lastPartial = performance.now();
        }
        // Let queued messages (cancel, buffer edits) in between slices: an edit in an open editor must not
        // wait for the whole workspace to be indexed.
        await new Promise((r) => setImmediate(r));
        await handleUrgent();
      }
      if (!cancelled.has(msg.id)) await followUp(e, timings);
      publish(msg.key, e, timings);
      return timings;
    }
    default:
      return null;
  }
}

/**
 * Files skipped by the cheap text test may matter once another file is known (callers of a wrapper,
 * modules a call imports its prompt from): read them again, a few rounds until nothing new turns up.
 */
async function followUp(e: FolderEngine, timings: Timings): Promise<void> {
  for (let round = 0; round < 4; round++) {
    const files = e.followUpCandidates();
    if (!files || !files.length) return;
    for (let i = 0; i < files.length; i += SLICE) {
      const slice = files.slice(i, i + SLICE);
      const t = performance.now();
      const texts = await Promise.all(slice.map((f) => readText(e.root, f)));
      timings.readMs += performance.now() - t;
      for (let j = 0; j < slice.length; j++) {
        const text = texts[j];
        if (text !== null) e.refeed(slice[j], text);
      }
    }
  }
}

async function readText(root: string, rel: string): Promise<string | null> {
  // A folder that is not on the local disk (a virtual file system): only editor buffers are analysed.
  if (!root) return null;
  const abs = path.join(root, rel);
  try {
    const s = await stat(abs);
    if (!s.isFile()) return null;
    if (s.size > MAX_FILE_BYTES) {
      log('info', `skipping ${rel}: ${s.size} bytes is larger than ${MAX_FILE_BYTES}`);
      return null;
    }
    return await readFile(abs, 'utf8');
  } catch {
    return null;
  }
}

post({ type: 'ready' });
