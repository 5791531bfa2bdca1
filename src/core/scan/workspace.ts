// The workspace walker: lists the files a scan should read (default ignores, .gitignore files at any
// depth, user globs), reads them cheaply, and feeds a ScanProject. Every problem with a file becomes a
// `skipped` entry with its reason; nothing here throws for a bad file.
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import ignore, { type Ignore } from 'ignore';
import type { ScannedCall, SkippedFile } from '../types';
import { callSiteIds } from './ids';
import { frontEnds, loadFrontEnds, parseFile } from './engine/frontends';
import './engine/frontendsAll';
import type { ParsePool } from './engine/pool';
import { Project, runAsync, type ParseAnswer } from './engine/project';
import type { ProjectConfig, TsConfigInfo, WorkspacePackage } from './engine/resolve';
import { MAX_PROMPT_ASSETS, isPromptAsset } from './promptFiles';
import { isTestFile } from '../testFiles';

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
  /** Reuse a project (the editor keeps one); files are re-parsed only when their text changed. */
  project?: Project;
  /** Parse in these worker threads, with their per-file time budget (default: in place, no budget). */
  pool?: ParsePool;
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
  /** The listed files the scanners' rules call tests (src/core/testFiles.ts), decided while each text was at hand. */
  testFiles: string[];
}

interface Listed {
  /** The path shown and used as the id (a name that is not valid UTF-8 is decoded with U+FFFD in place of its bad bytes). */
  rel: string;
  /** The path to open: the name's own bytes when they are not valid UTF-8 (Linux names are bytes). */
  abs: string | Buffer;
}

/** A config or prompt file: opened by its path as a string. */
interface ListedText {
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
): { files: Listed[]; skipped: SkippedFile[]; configs: ListedText[]; assets: ListedText[] } {
  const rootAbs = resolve(root);
  const files: Listed[] = [];
  const configs: ListedText[] = [];
  /** Prompt-like files (`.md`, `.j2` …): listed by path, read only when a prompt names them. */
  const assets: ListedText[] = [];
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
    return { files, configs, assets, skipped: [{ file: '.', reason: `cannot read the workspace folder: ${(e as Error).message}` }] };
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

  const loadGitignore = (dirAbs: string | Buffer, rel: string, layers: IgnoreLayer[]): IgnoreLayer[] => {
    if (!useGitignore) return layers;
    try {
      const text = readFileSync(typeof dirAbs === 'string' ? join(dirAbs, '.gitignore') : Buffer.concat([dirAbs, Buffer.from('/.gitignore')]), 'utf8');
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

  const walkDir = (dirAbs: string | Buffer, rel: string, real: string, ancestors: readonly string[], layers: IgnoreLayer[]) => {
    visitedReal.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(dirAbs, { withFileTypes: true });
    } catch (e) {
      skipped.push({ file: rel || '.', reason: `cannot read folder: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
      return;
    }
    // A name that is not valid UTF-8 comes back decoded with U+FFFD, and that name does not exist: such an entry
    // is opened by its bytes, read again for it (only in the rare folder that has one).
    const byteNames = entries.some((e) => e.name.includes('\uFFFD')) ? rawNames(dirAbs) : null;
    const hasGitignore = useGitignore && entries.some((e) => e.name === '.gitignore');
    const here = hasGitignore ? loadGitignore(dirAbs, rel, layers) : layers;
    const chain = [...ancestors, real];
    const relPrefix = rel ? `${rel}/` : '';
    const absPrefix = typeof dirAbs === 'string' ? (dirAbs.endsWith('/') ? dirAbs : `${dirAbs}/`) : `${dirAbs.toString('utf8')}/`;
    // In a folder opened by its bytes, every entry is too.
    const bytePrefix = typeof dirAbs === 'string' ? null : Buffer.concat([dirAbs, Buffer.from('/')]);
    const pathOf = (name: string): string | Buffer => byteNames?.get(name) ?? (bytePrefix ? Buffer.concat([bytePrefix, Buffer.from(name)]) : absPrefix + name);
    const checkIgnores = here.length > 0;
    for (const entry of entries) {
      const name = entry.name;
      let isDir = entry.isDirectory();
      let isFile = !isDir && entry.isFile();
      if (isFile) {
        // The common case, kept cheap: most entries are files of other types or plain source files.
        if (!handles(name)) {
          if (name === 'package.json' || name === 'tsconfig.json' || name === 'jsconfig.json') configs.push({ rel: relPrefix + name, abs: absPrefix + name });
          else if (assets.length < MAX_PROMPT_ASSETS && isPromptAsset(relPrefix + name)) {
            const childRel = relPrefix + name;
            if (!(excluded && isExcluded(childRel, false)) && !(checkIgnores && gitIgnored(childRel, false, here))) assets.push({ rel: childRel, abs: absPrefix + name });
          }
          continue;
        }
        const childRel = relPrefix + name;
        if ((excluded && isExcluded(childRel, false)) || (checkIgnores && gitIgnored(childRel, false, here))) continue;
        files.push({ rel: childRel, abs: pathOf(name) });
        continue;
      }
      const childRel = relPrefix + name;
      const childAbs = pathOf(name);
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
  if (!configs.some((c) => c.rel === 'tsconfig.json' || c.rel === 'package.json' || c.rel === 'jsconfig.json')) {
    for (const name of ['tsconfig.json', 'jsconfig.json', 'package.json']) {
      try {
        if (statSync(join(rootAbs, name)).isFile()) configs.push({ rel: name, abs: join(rootAbs, name) });
      } catch {
        /* none */
      }
    }
  }
  assets.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return { files, skipped, configs, assets };
}

/**
 * The entries of a folder whose names are not valid UTF-8: their decoded name (as `readdirSync` gives it) → the
 * path to open, in bytes. Two such names that decode alike keep the first.
 */
function rawNames(dirAbs: string | Buffer): Map<string, Buffer> | null {
  try {
    const dir = typeof dirAbs === 'string' ? Buffer.from(dirAbs) : dirAbs;
    const prefix = dir[dir.length - 1] === 0x2f ? dir : Buffer.concat([dir, Buffer.from('/')]);
    const out = new Map<string, Buffer>();
    for (const raw of readdirSync(dir, { encoding: 'buffer' })) {
      if (isUtf8(raw)) continue;
      const name = raw.toString('utf8');
      if (!out.has(name)) out.set(name, Buffer.concat([prefix, raw]));
    }
    return out;
  } catch {
    return null;
  }
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

/**
 * Looks like bundler output: long lines of dense code. A hand-written file whose prompt is one long string literal
 * has long lines too, but of prose: few braces, parentheses, semicolons and operators, where minified code is full
 * of them (and bundles often say so: a source map comment, a bundler banner).
 */
export function looksMinified(text: string): boolean {
  if (text.length < 2000) return false;
  let lines = 1;
  let longChars = 0;
  let longCode = 0;
  let longest = 0;
  let start = 0;
  const scan = (from: number, to: number) => {
    const len = to - from;
    if (len > longest) longest = len;
    if (len <= 1000) return;
    longChars += len;
    // Sample long lines (bounded work): spaces per character.
    const step = len > 20_000 ? Math.floor(len / 20_000) : 1;
    let code = 0;
    let seen = 0;
    for (let i = from; i < to; i += step) {
      seen++;
      // Characters prose hardly uses and code is full of.
      const c = text.charCodeAt(i);
      if (c === 123 || c === 125 || c === 40 || c === 41 || c === 59 || c === 61 || c === 60 || c === 62 || c === 91 || c === 93 || c === 124 || c === 38 || c === 33 || c === 43 || c === 42) code++;
    }
    longCode += (code / Math.max(1, seen)) * len;
  };
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    lines++;
    scan(start, i);
    start = i + 1;
  }
  scan(start, text.length);
  if (longest <= 2000) return false;
  const tail = text.slice(-300);
  if (/\/[/*][#@] sourceMappingURL=/.test(tail) && text.length / lines > 300) return true;
  if (/^\s*(\/\*![\s\S]{0,400}?\*\/|!function\(|\(function\(\w?\)\{|"use strict";var |var __webpack|\(\(\)=>\{)/.test(text.slice(0, 600)) && text.length / lines > 300) return true;
  // Dense code in the long lines, which hold most of the file: braces, parentheses, semicolons, operators.
  return longChars > text.length * 0.5 && longCode / Math.max(1, longChars) > 0.08;
}

/** Reads one file into text, or says why it cannot be scanned. Reuses one buffer: no per-file allocation. */
export class FileReader {
  private readonly buffer: Buffer;
  constructor(private readonly maxBytes = MAX_FILE_BYTES) {
    this.buffer = Buffer.allocUnsafe(maxBytes + 1);
  }

  read(abs: string | Buffer): { text: string } | { reason: string } {
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
      // A NUL byte or more: binary (an image, an object file, UTF-16), unless rare in valid UTF-8 (a source file
      // with a NUL written into a regular expression or a string, `replace(/\u0000/g, "")` typed as the character).
      if (probe.includes(0) && (nulCount(probe) * 1000 > probe.length || !isUtf8(bytes))) return { reason: 'binary file' };
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

function nulCount(bytes: Buffer): number {
  let n = 0;
  for (let i = bytes.indexOf(0); i >= 0; i = bytes.indexOf(0, i + 1)) n++;
  return n;
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

/**
 * Scans a workspace folder: lists, reads every file a front-end handles once, and lets the engine decide what to
 * parse (a parse pool with a per-file time budget when `pool` is given) and link.
 */
export async function scanWorkspace(root: string, paths: readonly string[] = [], options: ScanWorkspaceOptions = {}): Promise<ScanWorkspaceResult> {
  // With a parse pool the workers parse, and load the front-ends for themselves (the Python grammar, a WASM module
  // of tens of MB): this thread does not.
  const loadProblem = options.pool ? null : await loadFrontEnds();
  const project = options.project ?? new Project(frontEnds(), { includeTests: options.includeTests });
  const progress = options.onProgress ?? (() => {});
  const checkAbort = () => {
    if (options.signal?.aborted) throw new ScanAbortedError();
  };
  checkAbort();
  progress({ phase: 'listing', done: 0, total: 0 });
  const listed = listWorkspaceFiles(root, paths, (f) => project.handles(f), options);
  const total = listed.files.length;
  const reader = new FileReader(options.maxFileBytes ?? MAX_FILE_BYTES);
  const byRel = new Map<string, string | Buffer>();
  for (const f of listed.files) byRel.set(f.rel, f.abs);
  if (options.project) for (const f of project.fileList()) if (!byRel.has(f)) project.deleteFile(f);
  project.setConfig(readProjectConfig(listed.configs));
  project.setAssets(listed.assets.map((a) => a.rel));
  for (const a of listed.assets) byRel.set(a.rel, a.abs);

  if (typeof process !== 'undefined' && process.env?.TIERWISE_DEBUG) process.stderr.write(`tierwise: debug: at ${Math.round(performance.now())} ms: ${total} files listed\n`);
  progress({ phase: 'reading', done: 0, total });
  const pool = options.pool ?? null;
  /** Parses started while reading, by file, with the text they were asked for. */
  const early = new Map<string, { text: string; answer: Promise<ParseAnswer> }>();
  let read = 0;
  const testFiles: string[] = [];
  for (let i = 0; i < listed.files.length; i++) {
    const f = listed.files[i];
    const r = reader.read(f.abs);
    read++;
    if (isTestFile(f.rel, () => ('text' in r ? r.text : null))) testFiles.push(f.rel);
    if ('reason' in r) project.skipFile(f.rel, r.reason);
    else {
      const fe = project.frontEndFor(f.rel);
      const mayMatter = fe?.mayMatter(r.text) ?? false;
      const minified = mayMatter ? minifiedReason(f.rel, r.text) : null;
      if (minified) project.skipFile(f.rel, minified);
      else {
        project.setFile(f.rel, r.text, mayMatter);
        // The first round parses these: the workers start on them while the other files are read.
        const req = pool && mayMatter ? project.firstRequest(f.rel, r.text) : null;
        if (req) early.set(req.file, { text: req.text, answer: pool!.parse(req) });
      }
    }
    if ((i & 255) === 255) {
      progress({ phase: 'reading', done: i + 1, total });
      // With workers: their messages (ready, answers) are taken in while reading, so the first parses start early.
      if (options.signal || early.size) {
        await yieldToEventLoop();
        checkAbort();
      }
    }
  }
  progress({ phase: 'reading', done: total, total });
  if (typeof process !== 'undefined' && process.env?.TIERWISE_DEBUG) process.stderr.write(`tierwise: debug: at ${Math.round(performance.now())} ms: files read\n`);
  progress({ phase: 'linking', done: 0, total: 1 });
  const readText = (rel: string): string | null => {
    const abs = byRel.get(rel);
    if (!abs) return null;
    const r = reader.read(abs);
    return 'text' in r ? r.text : null;
  };
  // With workers: the files the next round most likely reads are parsed while this round links (a guess; the
  // answers are used only for the same text, and a file needed now goes before any guessed one).
  const gen = project.compute(
    readText,
    pool
      ? (guess) => {
          for (const r of guess) if (!early.has(r.file)) early.set(r.file, { text: r.text, answer: pool.parse(r, true) });
        }
      : undefined,
  );
  let result;
  const debug = typeof process !== 'undefined' && !!process.env?.TIERWISE_DEBUG;
  let parseMs = 0;
  const started = Date.now();
  if (pool) {
    result = await runAsync(gen, async (batch) => {
      checkAbort();
      progress({ phase: 'follow-up', done: 0, total: batch.length });
      const t = Date.now();
      let hits = 0;
      const answers = await Promise.all(
        batch.map((r) => {
          const started = early.get(r.file);
          early.delete(r.file);
          if (started && started.text === r.text) {
            hits++;
            pool.hurry(r.file);
            return started.answer;
          }
          return pool.parse(r);
        }),
      );
      parseMs += Date.now() - t;
      if (debug) process.stderr.write(`tierwise: debug: at ${Math.round(performance.now())} ms: parsed ${batch.length} files (${hits} started earlier) in ${Date.now() - t} ms${process.env.TIERWISE_DEBUG === "files" ? `: ${batch.map((b) => b.file).join(" ")}` : ""}\n`);
      return answers;
    });
  } else {
    let step = gen.next();
    while (!step.done) {
      checkAbort();
      progress({ phase: 'follow-up', done: 0, total: step.value.length });
      const answers = [];
      for (let i = 0; i < step.value.length; i++) {
        const r = step.value[i];
        answers.push(parseFile(r.file, r.text, r.options));
        if ((i & 31) === 31 && options.signal) {
          await yieldToEventLoop();
          checkAbort();
        }
      }
      step = gen.next(answers);
    }
    result = step.value;
  }
  if (debug) process.stderr.write(`tierwise: debug: ${total} files listed, ${result.parsed} parsed in ${result.rounds} rounds; parsing ${parseMs} ms, the rest ${Date.now() - started - parseMs} ms\n`);
  const skipped = [...listed.skipped, ...result.skipped];
  const problem = loadProblem ?? (pool ? await Promise.race([pool.loadProblem, Promise.resolve(null)]) : null);
  if (problem) skipped.push({ file: '(python)', reason: problem.startsWith('Python files cannot be read') ? problem : `Python files cannot be read: ${problem}` });
  skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  progress({ phase: 'done', done: total, total });
  return { calls: result.calls, ids: callSiteIds(result.calls), skipped, filesRead: read, filesParsed: result.parsed, filesListed: total, testFiles };
}

/** tsconfig/jsconfig `paths` and `baseUrl`, and the packages of a monorepo (package.json `name`). */
export function readProjectConfig(configs: readonly ListedText[]): ProjectConfig {
  return projectConfigFrom(configs.map((c) => ({ rel: c.rel, file: c.abs })), readJsonLoose);
}

/** The same, from texts held in memory (tests, scans of texts). */
export function projectConfigFromTexts(files: Readonly<Record<string, string>>): ProjectConfig {
  const configs = Object.keys(files).filter((f) => /(^|\/)(package|tsconfig|jsconfig)\.json$/.test(f));
  return projectConfigFrom(configs.map((rel) => ({ rel, file: rel })), (rel) => (files[rel] !== undefined ? parseJsonLoose(files[rel]) : null));
}

/** `file` is what `read` takes (an absolute path, or the path relative to the root for texts in memory). */
function projectConfigFrom(configs: readonly { rel: string; file: string }[], read: (file: string) => unknown): ProjectConfig {
  const tsconfigs: TsConfigInfo[] = [];
  const packages: WorkspacePackage[] = [];
  for (const c of configs) {
    const dir = c.rel.includes('/') ? c.rel.slice(0, c.rel.lastIndexOf('/')) : '';
    const name = c.rel.slice(c.rel.lastIndexOf('/') + 1);
    if (name === 'package.json') {
      const pkg = read(c.file) as { name?: unknown; main?: unknown; module?: unknown; types?: unknown; exports?: unknown } | null;
      if (!pkg || typeof pkg.name !== 'string') continue;
      const entries: string[] = [];
      for (const k of ['types', 'module', 'main'] as const) if (typeof pkg[k] === 'string') entries.push(pkg[k] as string);
      const dot = pkg.exports && typeof pkg.exports === 'object' ? (pkg.exports as Record<string, unknown>)['.'] : pkg.exports;
      if (typeof dot === 'string') entries.push(dot);
      else if (dot && typeof dot === 'object') for (const v of Object.values(dot as Record<string, unknown>)) if (typeof v === 'string') entries.push(v);
      packages.push({ name: pkg.name, dir, entries });
    } else {
      const info = readTsconfig(c.file, 0, read);
      if (info) tsconfigs.push({ dir, ...info });
    }
  }
  return { tsconfigs, packages };
}

/** A tsconfig by its path (relative to the root, or absolute), following relative `extends`. */
function readTsconfig(file: string, depth: number, read: (file: string) => unknown): { baseUrl?: string; paths: Record<string, string[]> } | null {
  const json = read(file) as { extends?: unknown; compilerOptions?: { baseUrl?: unknown; paths?: unknown } } | null;
  if (!json || depth > 5) return null;
  let base: { baseUrl?: string; paths: Record<string, string[]> } = { paths: {} };
  if (typeof json.extends === 'string' && json.extends.startsWith('.')) {
    const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
    const target = json.extends.endsWith('.json') ? json.extends : `${json.extends}.json`;
    const parentFile = isAbsolute(file) ? resolve(dir, target) : posixJoin(dir, target);
    const parent = readTsconfig(parentFile, depth + 1, read);
    if (parent) {
      // The parent's paths are relative to the parent's folder: rebase them onto this file's folder.
      const parentDir = parentFile.includes('/') ? parentFile.slice(0, parentFile.lastIndexOf('/')) : '';
      const rel = relative(resolve('/', dir), resolve('/', parentDir)).split(sep).join('/');
      base = { baseUrl: parent.baseUrl !== undefined ? (rel ? `${rel}/${parent.baseUrl}` : parent.baseUrl) : undefined, paths: parent.paths };
    }
  }
  const co = json.compilerOptions ?? {};
  const paths: Record<string, string[]> = { ...base.paths };
  if (co.paths && typeof co.paths === 'object') for (const [k, v] of Object.entries(co.paths as Record<string, unknown>)) if (Array.isArray(v)) paths[k] = v.filter((x): x is string => typeof x === 'string');
  const baseUrl = typeof co.baseUrl === 'string' ? co.baseUrl : base.baseUrl;
  return { ...(baseUrl !== undefined ? { baseUrl } : co.paths ? { baseUrl: '.' } : {}), paths };
}

function posixJoin(a: string, b: string): string {
  const out: string[] = [];
  for (const part of `${a}/${b}`.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

/** JSON with comments and trailing commas (tsconfig); null when it cannot be read. */
function readJsonLoose(abs: string): unknown {
  try {
    const st = statSync(abs);
    if (!st.isFile() || st.size > 1024 * 1024) return null;
    return parseJsonLoose(readFileSync(abs, 'utf8'));
  } catch {
    return null;
  }
}

function parseJsonLoose(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    try {
      const stripped = text.replace(/("(?:\\.|[^"\\])*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (_m, str: string | undefined) => str ?? '').replace(/,(\s*[}\]])/g, '$1');
      return JSON.parse(stripped);
    } catch {
      return null;
    }
  }
}

/** Only asked about files that may matter, so minified vendor files that cannot matter are not listed. */
export function minifiedReason(file: string, text: string): string | null {
  if (/\.min\.[cm]?js$/.test(file)) return 'minified file (.min.js)';
  return looksMinified(text) ? 'minified file (bundler output: long lines of dense code)' : null;
}
