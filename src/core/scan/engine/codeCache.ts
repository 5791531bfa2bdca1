// V8 code cache for the parse worker's big bundles (the TypeScript compiler, 9 MB, and typescript-estree) on a Node
// without its own module compile cache (< 22.1). Compiling the compiler is most of a small scan's time; with V8's
// cached data it is a fraction of it. Only these bundles, only next to the worker, only in the CLI's workers; any
// failure falls back to a plain compile: a cache is a speed-up, never a reason to fail.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

interface CompilableModule {
  _compile(content: string, filename: string): unknown;
  exports: unknown;
  require(id: string): unknown;
}

interface Pending {
  script: vm.Script;
  file: string;
}

const pending: Pending[] = [];
/** Bundles compiled with accepted cached data, and without (none yet, or rejected: another V8, a damaged file). */
const stats = { hits: 0, misses: 0 };

export function codeCacheStats(): { hits: number; misses: number } {
  return { ...stats };
}

/** The cache file of one bundle: keyed by Node's V8 version, the bundle's path, size and modification time. */
export function cacheFileOf(dir: string, filename: string): string | null {
  try {
    const st = statSync(filename);
    const key = createHash('sha256').update(`${process.versions.v8}\0${process.arch}\0${filename}\0${st.size}\0${st.mtimeMs}`).digest('hex').slice(0, 32);
    return path.join(dir, `${path.basename(filename, '.js')}-${key}.bin`);
  } catch {
    return null;
  }
}

/** The default place: per user, in the temporary folder (the same place Node's own compile cache uses). */
export function defaultCacheDir(): string {
  const uid = typeof process.getuid === 'function' ? `-${process.getuid()}` : '';
  return path.join(tmpdir(), `tierwise-code-cache${uid}`);
}

/** The cache folder is missing (made by the first save) or this user's: compiled code is never taken from another's. */
function ownDir(dir: string): boolean {
  try {
    const st = statSync(dir);
    return typeof process.getuid !== 'function' || st.uid === process.getuid();
  } catch {
    return true;
  }
}

/**
 * Compiles the named bundles (base names, in `bundleDir`) with V8's cached data when there is some. Returns false
 * when Node has its own cache or the hook cannot be installed.
 */
export function installCodeCache(bundleDir: string, names: readonly string[], cacheDir = defaultCacheDir()): boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Module = require('node:module') as { prototype?: CompilableModule; wrap?(s: string): string; enableCompileCache?: unknown; createRequire(f: string): NodeJS.Require; _cache?: unknown };
  if (typeof Module.enableCompileCache === 'function') return false;
  const proto = Module.prototype;
  const wrap = Module.wrap;
  if (!proto || typeof proto._compile !== 'function' || typeof wrap !== 'function') return false;
  if (!ownDir(cacheDir)) return false;
  const wanted = new Set(names.map((n) => path.join(bundleDir, n)));
  const original = proto._compile;
  proto._compile = function (this: CompilableModule, content: string, filename: string): unknown {
    if (!wanted.has(filename)) return original.call(this, content, filename);
    const cacheFile = cacheFileOf(cacheDir, filename);
    let cachedData: Buffer | undefined;
    if (cacheFile) {
      try {
        cachedData = readFileSync(cacheFile);
      } catch {
        cachedData = undefined;
      }
    }
    let script: vm.Script;
    try {
      // A bundle's `#!` line is only valid at the very start of a script, not inside the module wrapper.
      script = new vm.Script(wrap(content.startsWith('#!') ? `//${content.slice(2)}` : content), { filename, cachedData });
    } catch {
      return original.call(this, content, filename);
    }
    const accepted = !!cachedData && script.cachedDataRejected !== true;
    if (accepted) stats.hits++;
    else stats.misses++;
    if (cacheFile && !accepted) pending.push({ script, file: cacheFile });
    const fn = script.runInThisContext({ displayErrors: true }) as (exports: unknown, require: unknown, module: unknown, filename: string, dirname: string) => void;
    const req = Object.assign((id: string) => this.require(id), {
      resolve: (id: string) => Module.createRequire(filename).resolve(id),
      cache: Module._cache,
      main: require.main,
    });
    fn.call(this.exports, this.exports, req, this, filename, path.dirname(filename));
    return undefined;
  };
  return true;
}

/**
 * Writes the cached data of the bundles compiled without it (call it after some work, so that the functions V8
 * compiled lazily meanwhile are in it). Each file is written whole (a temporary file renamed) or not at all.
 */
export function saveCodeCache(): number {
  let saved = 0;
  for (const p of pending.splice(0)) {
    try {
      const data = p.script.createCachedData();
      mkdirSync(path.dirname(p.file), { recursive: true });
      const tmp = `${p.file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      writeFileSync(tmp, data);
      renameSync(tmp, p.file);
      saved++;
      pruneOlder(p.file);
    } catch {
      // Not writable: the next run compiles again.
    }
  }
  return saved;
}

/** Cache files kept per bundle: the newest few (another installed version may use its own). */
export const KEEP_PER_BUNDLE = 3;

/**
 * Removes a bundle's older cache files beside the one just written: each new version of the bundle (each update, each
 * build) has a key of its own, and without this the folder grows by a few megabytes per version, forever.
 */
export function pruneOlder(written: string): number {
  const dir = path.dirname(written);
  const bundle = path.basename(written).replace(/-[0-9a-f]{32}\.bin$/, '');
  let removed = 0;
  try {
    const mine = readdirSync(dir)
      .filter((f) => f.startsWith(`${bundle}-`) && /^-[0-9a-f]{32}\.bin$/.test(f.slice(bundle.length)))
      .map((f) => {
        const file = path.join(dir, f);
        try {
          return { file, at: statSync(file).mtimeMs };
        } catch {
          return null;
        }
      })
      .filter((x): x is { file: string; at: number } => x !== null && x.file !== written)
      .sort((a, b) => b.at - a.at);
    for (const old of mine.slice(KEEP_PER_BUNDLE - 1)) {
      try {
        unlinkSync(old.file);
        removed++;
      } catch {
        // Another process may have removed it.
      }
    }
  } catch {
    // An unreadable folder: nothing to prune.
  }
  return removed;
}
