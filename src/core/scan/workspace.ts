// The workspace walker: lists the files a scan should read (default ignores, .gitignore files at any
// depth, user globs), reads them cheaply, and feeds a ScanProject. Every problem with a file becomes a
// `skipped` entry with its reason; nothing here throws for a bad file.
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import picomatch from 'picomatch';
import ignore, { type Ignore } from 'ignore';
import type { ScannedCall, SkippedFile } from '../types';
import type { BaseAnalysis, LanguageScanner } from './language';
import { callSiteIds } from './ids';
import { ScanProject } from './project';
import { initPythonScanner } from './python/index';

export const DEFAULT_IGNORES = ['node_modules', 'dist', 'build', 'out', '.next', 'coverage', '.git'] as const;
export const MAX_FILE_BYTES = 1024 * 1024;

export interface ScanProgress {
  phase: 'listing' | 'reading' | 'follow-up' | 'linking' | 'done';
  done: number;
  total: number;
}

export interface ScanWorkspaceOptions {
  /** Globs (picomatch, relative to the root) to leave out, e.g. "legacy/**". */
  exclude?: readonly string[];
  /** Read .gitignore files (root and nested). Default true. */
  gitignore?: boolean;
  /** Leave out node_modules, dist, build, out, .next, coverage, .git. Default true. */
  defaultIgnores?: boolean;
  /** Files larger than this are skipped. Default 1 MB. */
  maxFileBytes?: number;
  signal?: AbortSignal;
  onProgress?: (progress: ScanProgress) => void;
  scanners?: readonly LanguageScanner<BaseAnalysis>[];
  /** Reuse a project (the editor keeps one); files are re-analysed only when their text changed. */
  project?: ScanProject;
  /**
   * Worker threads for the first pass (read + pre-filter). Default 0: everything on the calling thread.
   * Measured on a loaded 2-CPU machine, one worker made the 20k-file bench slower (the cores were busy);
   * on an idle multi-core machine it can overlap reading with parsing. `npm run bench -- --workers N`.
   */
  readWorkers?: number;
  /**
   * Scan test, spec and mock files too (`tierwise.scanTests`, `--include-tests`; src/core/testFiles.ts says which
   * files are tests). Default false: their calls are left out, and the views say how many files that was.
   */
  includeTests?: boolean;
}

export interface ScanWorkspaceResult {
  calls: ScannedCall[];
  /** Call-site ids, parallel to `calls`. */
  ids: string[];
  skipped: SkippedFile[];
  /** Files the scanners handle that were read (each counted once). */
  filesRead: number;
  /** Files that were parsed and analysed. */
  filesParsed: number;
  /** Files listed after ignores. */
  filesListed: number;
}

interface Listed {
  rel: string;
  abs: string;
}

export class ScanAbortedError extends Error {
  constructor() {
    super('scan cancelled');
    this.name = 'AbortError';
  }
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

/**
 * Lists the files under `paths` (default: the root) that a scanner reads, applying the ignores.
 * Returns the files and the entries left out for a reason worth telling (symlink loops, unreadable dirs).
 */
export function listWorkspaceFiles(
  root: string,
  paths: readonly string[],
  handles: (file: string) => boolean,
  options: Pick<ScanWorkspaceOptions, 'exclude' | 'gitignore' | 'defaultIgnores'> = {},
): { files: Listed[]; skipped: SkippedFile[] } {
  const rootAbs = resolve(root);
  const files: Listed[] = [];
  const skipped: SkippedFile[] = [];
  const useDefault = options.defaultIgnores !== false;
  const useGitignore = options.gitignore !== false;
  const defaultNames = new Set<string>(useDefault ? DEFAULT_IGNORES : ['.git']);
  const excluded = options.exclude?.length ? picomatch(options.exclude as string[], { dot: true }) : null;
  const seenFiles = new Set<string>();
  const visitedReal = new Set<string>();
  let rootReal: string;
  try {
    rootReal = realpathSync(rootAbs);
  } catch (e) {
    return { files, skipped: [{ file: '.', reason: `cannot read the workspace folder: ${(e as Error).message}` }] };
  }

  interface IgnoreLayer {
    base: string; // rel dir of the .gitignore ('' for root)
    test: (path: string) => { ignored: boolean; unignored: boolean };
  }

  const isExcluded = (rel: string, isDir: boolean) => !!excluded && (excluded(rel) || (isDir && excluded(`${rel}/`)));

  const gitIgnored = (rel: string, isDir: boolean, layers: readonly IgnoreLayer[]): boolean => {
    // The deepest .gitignore that has an opinion wins (as in git). Parents were tested on the way down
    // (an ignored folder is never entered), so only the path itself is matched against the rules.
    for (let i = layers.length - 1; i >= 0; i--) {
      const { base, test } = layers[i];
      const sub = base ? rel.slice(base.length + 1) : rel;
      const r = test(isDir ? `${sub}/` : sub);
      if (r.ignored) return true;
      if (r.unignored) return false;
    }
    return false;
  };

  const loadGitignore = (dirAbs: string, rel: string, layers: IgnoreLayer[]): IgnoreLayer[] => {
    if (!useGitignore) return layers;
    try {
      const text = readFileSync(join(dirAbs, '.gitignore'), 'utf8');
      return [...layers, { base: rel, test: pathTester(ignore().add(text)) }];
    } catch {
      return layers;
    }
  };

  // Explicit .gitignore layers for a starting path below the root.
  const layersFor = (rel: string): IgnoreLayer[] => {
    let layers: IgnoreLayer[] = loadGitignore(rootAbs, '', []);
    const parts = rel ? rel.split('/') : [];
    for (let i = 0; i < parts.length - 1; i++) {
      const sub = parts.slice(0, i + 1).join('/');
      layers = loadGitignore(join(rootAbs, sub), sub, layers);
    }
    return layers;
  };

  const walkDir = (dirAbs: string, rel: string, real: string, ancestors: readonly string[], layers: IgnoreLayer[]) => {
    visitedReal.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(dirAbs, { withFileTypes: true });
    } catch (e) {
      skipped.push({ file: rel || '.', reason: `cannot read folder: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
      return;
    }
    const hasGitignore = useGitignore && entries.some((e) => e.name === '.gitignore');
    const here = hasGitignore ? loadGitignore(dirAbs, rel, layers) : layers;
    const chain = [...ancestors, real];
    const relPrefix = rel ? `${rel}/` : '';
    const absPrefix = dirAbs.endsWith('/') ? dirAbs : `${dirAbs}/`;
    const checkIgnores = here.length > 0;
    for (const entry of entries) {
      const name = entry.name;
      let isDir = entry.isDirectory();
      let isFile = !isDir && entry.isFile();
      if (isFile) {
        // The common case, kept cheap: most entries are files of other types or plain source files.
        if (!handles(name)) continue;
        const childRel = relPrefix + name;
        if ((excluded && isExcluded(childRel, false)) || (checkIgnores && gitIgnored(childRel, false, here))) continue;
        files.push({ rel: childRel, abs: absPrefix + name });
        continue;
      }
      const childRel = relPrefix + name;
      const childAbs = absPrefix + name;
      let childReal: string | null = null;
      if (entry.isSymbolicLink()) {
        try {
          const st = statSync(childAbs);
          isDir = st.isDirectory();
          isFile = st.isFile();
          if (isDir) childReal = realpathSync(childAbs);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code === 'ELOOP') skipped.push({ file: childRel, reason: 'symlink loop' });
          else if (handles(name)) skipped.push({ file: childRel, reason: `broken symlink (${code ?? 'unreadable'})` });
          continue;
        }
        if (isFile) {
          if (!handles(name)) continue;
          if ((excluded && isExcluded(childRel, false)) || (checkIgnores && gitIgnored(childRel, false, here))) continue;
          if (seenFiles.has(childRel)) continue;
          seenFiles.add(childRel);
          files.push({ rel: childRel, abs: childAbs });
          continue;
        }
      }
      if (!isDir) continue;
      if (defaultNames.has(name)) continue;
      if ((excluded && isExcluded(childRel, true)) || (checkIgnores && gitIgnored(childRel, true, here))) continue;
      if (childReal) {
        if (isAncestorReal(childReal, chain)) {
          skipped.push({ file: childRel, reason: 'symlink loop (links back to a parent folder)' });
          continue;
        }
        if (visitedReal.has(childReal) || childReal.startsWith(`${rootReal}/`)) {
          // A link to a folder inside the workspace: that folder is scanned at its own path.
          skipped.push({ file: childRel, reason: 'symlink to a folder already scanned' });
          continue;
        }
      }
      walkDir(childAbs, childRel, childReal ?? `${real}/${name}`, chain, here);
    }
  };

  const starts = paths.length ? paths : [rootAbs];
  for (const p of starts) {
    const abs = isAbsolute(p) ? p : resolve(rootAbs, p);
    const rel = toPosix(relative(rootAbs, abs));
    if (rel.startsWith('..')) {
      skipped.push({ file: toPosix(p), reason: 'outside the workspace folder' });
      continue;
    }
    let st;
    try {
      st = statSync(abs);
    } catch (e) {
      skipped.push({ file: rel || '.', reason: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
      continue;
    }
    if (st.isFile()) {
      // A file named explicitly is scanned even when an ignore rule would leave it out.
      if (handles(rel) && !seenFiles.has(rel)) {
        seenFiles.add(rel);
        files.push({ rel, abs });
      }
    } else if (st.isDirectory()) {
      let real = rootReal;
      try {
        real = realpathSync(abs);
      } catch {
        /* keep root */
      }
      walkDir(abs, rel === '' ? '' : rel, real, [], layersFor(rel === '' ? '' : `${rel}/x`));
    }
  }
  return { files, skipped };
}

/** Matches one path against a .gitignore's rules without re-testing (and caching) every parent folder. */
function pathTester(ig: Ignore): (path: string) => { ignored: boolean; unignored: boolean } {
  const rules = (ig as unknown as { _rules?: { test?: (path: string, mode: string) => { ignored: boolean; unignored: boolean } } })._rules;
  if (rules && typeof rules.test === 'function') {
    const probe = rules.test('x', 'regex');
    if (probe && typeof probe.ignored === 'boolean') return (path) => rules.test!(path, 'regex');
  }
  return (path) => ig.test(path);
}

function isAncestorReal(target: string, chain: readonly string[]): boolean {
  return chain.some((a) => a === target || a.startsWith(`${target}/`));
}

/** Looks like bundler output: very long lines. */
export function looksMinified(text: string): boolean {
  if (text.length < 2000) return false;
  let lines = 1;
  let longest = 0;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    lines++;
    if (i - start > longest) longest = i - start;
    start = i + 1;
  }
  if (text.length - start > longest) longest = text.length - start;
  return longest > 2000 && text.length / lines > 300;
}

/** Reads one file into text, or says why it cannot be scanned. Reuses one buffer: no per-file allocation. */
export class FileReader {
  private readonly buffer: Buffer;
  constructor(private readonly maxBytes = MAX_FILE_BYTES) {
    this.buffer = Buffer.allocUnsafe(maxBytes + 1);
  }

  read(abs: string): { text: string } | { reason: string } {
    let fd: number;
    try {
      fd = openSync(abs, 'r');
    } catch (e) {
      return { reason: `unreadable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
    }
    try {
      // No fstat: read up to max+1 bytes; a short read of a regular file is its end. Three system calls a
      // file (open, read, close) instead of five matters when there are tens of thousands of files.
      let n = 0;
      for (;;) {
        const want = this.buffer.length - n;
        const got = readSync(fd, this.buffer, n, want, null);
        n += got;
        if (got === 0 || got < want || n > this.maxBytes) break;
      }
      if (n > this.maxBytes) return { reason: `larger than ${Math.round(this.maxBytes / 1024)} KB (${Math.round(fstatSync(fd).size / 1024)} KB)` };
      const bytes = this.buffer.subarray(0, n);
      const probe = bytes.subarray(0, 8000);
      if (probe.includes(0)) return { reason: 'binary file' };
      if (!isUtf8(bytes)) return { reason: 'not valid UTF-8' };
      let text = bytes.toString('utf8');
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      return { text };
    } catch (e) {
      return { reason: `unreadable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
    } finally {
      closeSync(fd);
    }
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

/**
 * Scans a workspace folder: lists, reads every file a scanner handles once, analyses those that may
 * matter, then follows up (imported constant modules, callers of wrappers) and links.
 */
export async function scanWorkspace(root: string, paths: readonly string[] = [], options: ScanWorkspaceOptions = {}): Promise<ScanWorkspaceResult> {
  // Python's tree-sitter grammar loads asynchronously (WASM), once; analyze() is synchronous after that.
  await initPythonScanner();
  const project = options.project ?? new ScanProject(options.scanners);
  const progress = options.onProgress ?? (() => {});
  const checkAbort = () => {
    if (options.signal?.aborted) throw new ScanAbortedError();
  };
  checkAbort();
  progress({ phase: 'listing', done: 0, total: 0 });
  const listed = listWorkspaceFiles(root, paths, (f) => project.handles(f), options);
  const total = listed.files.length;
  const reader = new FileReader(options.maxFileBytes ?? MAX_FILE_BYTES);
  const byRel = new Map<string, string>();
  for (const f of listed.files) byRel.set(f.rel, f.abs);
  // Files from a previous scan that are gone now.
  if (options.project) for (const f of project.unanalysedFiles()) if (!byRel.has(f)) project.deleteFile(f);

  let read = 0;
  const feed = (rel: string, abs: string, force: boolean): boolean => {
    const r = reader.read(abs);
    if ('reason' in r) {
      project.skipFile(rel, r.reason);
      return false;
    }
    return project.setFile(rel, r.text, { force, skipIf: minifiedReason });
  };

  progress({ phase: 'reading', done: 0, total });
  const workers = Math.min(options.readWorkers ?? 0, Math.max(1, availableParallelism()));
  let onThisThread = listed.files;
  if (workers > 0) {
    const viaWorkers: Listed[] = [];
    onThisThread = [];
    for (const f of listed.files) (hintsFor(project, f.rel) ? viaWorkers : onThisThread).push(f);
    try {
      read += await firstPassInWorkers(project, viaWorkers, workers, options.maxFileBytes ?? MAX_FILE_BYTES, options.signal, (done) => progress({ phase: 'reading', done, total }));
    } catch (e) {
      if (e instanceof ScanAbortedError) throw e;
      // Workers unavailable (sandbox, bundling): do the same work here.
      onThisThread = listed.files;
      read = 0;
    }
  }
  for (let i = 0; i < onThisThread.length; i++) {
    const f = onThisThread[i];
    feed(f.rel, f.abs, false);
    read++;
    if ((i & 255) === 255) {
      progress({ phase: 'reading', done: i + 1, total });
      if (options.signal) {
        await yieldToEventLoop();
        checkAbort();
      }
    }
  }
  progress({ phase: 'reading', done: total, total });

  // Follow-up: modules imported by analysed files, then callers of wrappers, until nothing new.
  let namesDone = '';
  for (let round = 0; round < 5; round++) {
    checkAbort();
    const fu = project.followUp();
    let added = 0;
    for (const file of fu.files) {
      const abs = byRel.get(file);
      if (abs && !project.isAnalysed(file)) if (feed(file, abs, true)) added++;
    }
    const key = fu.names.join(',');
    if (fu.namesRe && key !== namesDone) {
      namesDone = key;
      const pending = project.followUpCandidates();
      progress({ phase: 'follow-up', done: 0, total: pending.length });
      let n = 0;
      for (const file of pending) {
        const abs = byRel.get(file);
        if (!abs) continue;
        const r = reader.read(abs);
        if ('text' in r && fu.namesRe.test(r.text)) if (project.setFile(file, r.text, { force: true, skipIf: minifiedReason })) added++;
        if ((++n & 255) === 0) {
          progress({ phase: 'follow-up', done: n, total: pending.length });
          if (options.signal) {
            await yieldToEventLoop();
            checkAbort();
          }
        }
      }
    }
    if (!added) break;
  }

  progress({ phase: 'linking', done: 0, total: 1 });
  const { calls, skipped } = project.link();
  const allSkipped = [...listed.skipped, ...skipped].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  progress({ phase: 'done', done: total, total });
  return { calls, ids: callSiteIds(calls), skipped: allSkipped, filesRead: read, filesParsed: project.analyses, filesListed: total };
}

function hintsFor(project: ScanProject, file: string): { mayMatter: RegExp; importKeysFactory?: string } | null {
  const scanner = project.scanners.find((s) => s.extensions.some((e) => file.endsWith(e)));
  return scanner?.readerHints?.() ?? null;
}

// The worker's code: self-contained CommonJS (it runs from a string, so it works the same from the
// bundled CLI, the extension and tsx). It reads files exactly like FileReader and answers, per file:
// a skip reason, the text (the file may matter), or the import keys (it does not).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { isUtf8 } = require('node:buffer');
var __name = (f) => f;
const { files, maxBytes, hints } = workerData;
const tests = hints.map((h) => ({ re: new RegExp(h.source, h.flags), keys: h.factory ? new Function('__name', 'return (' + h.factory + ')()')(__name) : null }));
const buf = Buffer.allocUnsafe(maxBytes + 1);
const kb = (n) => Math.round(n / 1024);
function read(abs) {
  let fd;
  try { fd = fs.openSync(abs, 'r'); } catch (e) { return { reason: 'unreadable (' + (e.code || e.message) + ')' }; }
  try {
    let n = 0;
    for (;;) {
      const want = buf.length - n;
      const got = fs.readSync(fd, buf, n, want, null);
      n += got;
      if (got === 0 || got < want || n > maxBytes) break;
    }
    if (n > maxBytes) return { reason: 'larger than ' + kb(maxBytes) + ' KB (' + kb(fs.fstatSync(fd).size) + ' KB)' };
    const bytes = buf.subarray(0, n);
    if (bytes.subarray(0, 8000).includes(0)) return { reason: 'binary file' };
    if (!isUtf8(bytes)) return { reason: 'not valid UTF-8' };
    let text = bytes.toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { text };
  } catch (e) {
    return { reason: 'unreadable (' + (e.code || e.message) + ')' };
  } finally {
    fs.closeSync(fd);
  }
}
let out = [];
for (const [rel, abs, h] of files) {
  const r = read(abs);
  if (r.reason) out.push([rel, 0, r.reason]);
  else if (tests[h].re.test(r.text)) out.push([rel, 1, r.text]);
  else {
    const keys = tests[h].keys ? tests[h].keys(r.text) : [];
    out.push([rel, 2, keys]);
  }
  if (out.length >= 200) { parentPort.postMessage(out); out = []; }
}
parentPort.postMessage(out);
parentPort.postMessage(null);
`;

/** The first pass on worker threads; the calling thread analyses the files that may matter as they arrive. */
function firstPassInWorkers(
  project: ScanProject,
  files: readonly Listed[],
  count: number,
  maxBytes: number,
  signal: AbortSignal | undefined,
  onProgress: (done: number) => void,
): Promise<number> {
  const hintList: { source: string; flags: string; factory?: string }[] = [];
  const hintIndex = new Map<string, number>();
  const tagged: [string, string, number][] = files.map((f) => {
    const h = hintsFor(project, f.rel)!;
    const key = `${h.mayMatter.source}\0${h.mayMatter.flags}\0${h.importKeysFactory ?? ''}`;
    let i = hintIndex.get(key);
    if (i === undefined) {
      i = hintList.length;
      hintIndex.set(key, i);
      hintList.push({ source: h.mayMatter.source, flags: h.mayMatter.flags.replace(/[gy]/g, ''), factory: h.importKeysFactory });
    }
    return [f.rel, f.abs, i];
  });
  return new Promise((resolvePass, rejectPass) => {
    const workers: Worker[] = [];
    let finished = 0;
    let done = 0;
    let failed = false;
    const stopAll = () => {
      for (const w of workers) void w.terminate();
    };
    const onAbort = () => {
      failed = true;
      stopAll();
      rejectPass(new ScanAbortedError());
    };
    if (signal) {
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
    }
    const per = Math.ceil(tagged.length / count);
    for (let w = 0; w < count; w++) {
      const slice = tagged.slice(w * per, (w + 1) * per);
      if (!slice.length) {
        finished++;
        continue;
      }
      let worker: Worker;
      try {
        worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { files: slice, maxBytes, hints: hintList } });
      } catch (e) {
        failed = true;
        stopAll();
        return rejectPass(e);
      }
      workers.push(worker);
      worker.on('message', (batch: [string, 0 | 1 | 2, string | string[]][] | null) => {
        if (failed) return;
        if (batch === null) {
          if (++finished === count) {
            signal?.removeEventListener('abort', onAbort);
            resolvePass(done);
          }
          return;
        }
        for (const [rel, kind, value] of batch) {
          if (kind === 0) project.skipFile(rel, value as string);
          else if (kind === 1) project.setFile(rel, value as string, { skipIf: minifiedReason });
          else project.noteFile(rel, value as string[]);
        }
        done += batch.length;
        onProgress(done);
      });
      worker.on('error', (e) => {
        if (failed) return;
        failed = true;
        stopAll();
        rejectPass(e);
      });
    }
    if (finished === count) resolvePass(done);
  });
}

/** Only asked about files that may matter, so minified vendor files that cannot matter are not listed. */
function minifiedReason(file: string, text: string): string | null {
  if (/\.min\.[cm]?js$/.test(file)) return 'minified file (.min.js)';
  return looksMinified(text) ? 'minified file (very long lines)' : null;
}
