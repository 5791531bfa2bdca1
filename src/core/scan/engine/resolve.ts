// Which workspace file an import names: relative specifiers, tsconfig `paths`/`baseUrl`, packages of a monorepo
// (package.json `name` and `workspaces`), Python packages, relative imports and source roots. Anything else is a
// package from a registry (looked up in the provider catalogue).
import { PACKAGES } from '../catalogue';
import { TS_EXTENSIONS } from '../ts/files';

/** The top-level names of the Python SDKs the catalogue knows (`litellm`, `openai`, `anthropic`, `langchain_openai` …). */
const PY_SDK_MODULES: ReadonlySet<string> = new Set(PACKAGES.filter((p) => p.lang === 'py').flatMap((p) => p.modules.map((m) => m.split('.')[0])));

export interface TsConfigInfo {
  /** Folder of the tsconfig/jsconfig file, relative to the root ('' for the root). */
  dir: string;
  baseUrl?: string;
  paths: Record<string, string[]>;
}

export interface WorkspacePackage {
  name: string;
  /** Folder relative to the root. */
  dir: string;
  /** Entry files named by package.json (main, module, types, exports "."), relative to `dir`. */
  entries: string[];
}

export interface ProjectConfig {
  tsconfigs: TsConfigInfo[];
  packages: WorkspacePackage[];
}

export const EMPTY_CONFIG: ProjectConfig = { tsconfigs: [], packages: [] };

function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

function dirname(file: string): string {
  const i = file.lastIndexOf('/');
  return i < 0 ? '' : file.slice(0, i);
}

function join(a: string, b: string): string {
  return normalize(a ? `${a}/${b}` : b);
}

export class Resolver {
  private readonly cache = new Map<string, string | null>();
  /** Known files by their last path segment without extension, for suffix lookups. */
  private readonly byBase = new Map<string, string[]>();

  constructor(
    private readonly files: ReadonlySet<string>,
    private readonly config: ProjectConfig = EMPTY_CONFIG,
  ) {
    for (const f of files) {
      const noExt = f.replace(/\.(?:[cm]?[jt]sx?|pyi?)$/, '');
      const base = noExt.split('/').pop()!;
      const list = this.byBase.get(base);
      if (list) list.push(f);
      else this.byBase.set(base, [f]);
    }
  }

  has(file: string): boolean {
    return this.files.has(file);
  }

  /** A TS/JS import specifier from `from`: the workspace file, or null for a package. */
  ts(from: string, spec: string): string | null {
    // What a specifier names depends only on the importer's folder: the files of a folder share one lookup.
    const dir = dirname(from);
    const key = `t\0${dir}\0${spec}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const found = this.tsUncached(dir, spec);
    this.cache.set(key, found);
    return found;
  }

  private tryTs(base: string): string | null {
    if (!base && base !== '') return null;
    if (this.files.has(base) && TS_EXTENSIONS.some((e) => base.endsWith(e))) return base;
    const stripped = base.replace(/\.(js|jsx|mjs|cjs)$/, '');
    for (const e of TS_EXTENSIONS) if (this.files.has(stripped + e)) return stripped + e;
    for (const e of TS_EXTENSIONS) if (this.files.has(`${base}/index${e}`)) return `${base}/index${e}`;
    return null;
  }

  private tsUncached(dir: string, spec: string): string | null {
    if (spec.startsWith('.')) return this.tryTs(join(dir, spec));
    if (spec.startsWith('/')) return this.tryTs(normalize(spec));
    // tsconfig paths of the nearest config above the importing file's folder.
    const configs = this.config.tsconfigs.filter((c) => c.dir === '' || dir === c.dir || dir.startsWith(`${c.dir}/`)).sort((a, b) => b.dir.length - a.dir.length);
    for (const c of configs) {
      const baseDir = join(c.dir, c.baseUrl ?? '.');
      for (const [pattern, targets] of Object.entries(c.paths)) {
        const star = pattern.indexOf('*');
        let rest: string | null = null;
        if (star < 0) rest = pattern === spec ? '' : null;
        else if (spec.startsWith(pattern.slice(0, star)) && spec.endsWith(pattern.slice(star + 1))) rest = spec.slice(star, spec.length - (pattern.length - star - 1));
        if (rest === null) continue;
        for (const t of targets) {
          const found = this.tryTs(join(baseDir, t.replace('*', rest)));
          if (found) return found;
        }
      }
      if (c.baseUrl !== undefined) {
        const found = this.tryTs(join(baseDir, spec));
        if (found) return found;
      }
    }
    // Packages of the monorepo.
    for (const p of this.config.packages) {
      if (spec !== p.name && !spec.startsWith(`${p.name}/`)) continue;
      const sub = spec.slice(p.name.length + 1);
      if (sub) {
        const found = this.tryTs(join(p.dir, sub)) ?? this.tryTs(join(p.dir, `src/${sub}`));
        if (found) return found;
        continue;
      }
      for (const e of p.entries) {
        const src = e.replace(/^(\.\/)?(dist|build|lib|out)\//, 'src/').replace(/\.d\.ts$/, '.ts');
        const found = this.tryTs(join(p.dir, src)) ?? this.tryTs(join(p.dir, e));
        if (found) return found;
      }
      const found = this.tryTs(join(p.dir, 'src/index')) ?? this.tryTs(join(p.dir, 'index'));
      if (found) return found;
    }
    // Common aliases without a config we can read: @/x, ~/x, #x, src/x, $lib/x.
    if (/^(@|~|~~|#|\$lib|@src)\//.test(spec) || /^#/.test(spec) || spec.startsWith('src/')) {
      const tail = spec.replace(/^(@|~|~~|#|\$lib|@src)\//, '').replace(/^#/, '');
      const prefixes = spec.startsWith('$lib/') ? ['src/lib', 'src', '', 'app', 'lib'] : ['src', '', 'app', 'lib'];
      for (const pre of prefixes) {
        const found = this.tryTs(join(pre, tail));
        if (found) return found;
      }
      return this.uniqueSuffix(tail, 'ts');
    }
    // A scope alias of a config not in the workspace (`@server/aiServer/x` for `server/aiServer/x.ts`): the one file at
    // that path under a folder named like the scope (a package's `@scope/name/sub` has no such folder).
    const scoped = /^@([\w.-]+)\/(.+)$/.exec(spec);
    if (scoped) return this.uniqueSuffix(`${scoped[1]}/${scoped[2]}`, 'ts');
    return null;
  }

  /** The one known file whose path ends like `tail` (aliases of configs we could not read). */
  private uniqueSuffix(tail: string, lang: 'ts' | 'py'): string | null {
    const clean = tail.replace(/\.(js|ts|py)$/, '');
    const base = clean.split('/').pop()!;
    const candidates = [...(this.byBase.get(base) ?? []), ...(base === 'index' || base === '__init__' ? [] : (this.byBase.get(lang === 'ts' ? 'index' : '__init__') ?? []))];
    const hits = candidates.filter((f) => {
      const noExt = f.replace(/\.(?:[cm]?[jt]sx?|pyi?)$/, '');
      const isLang = lang === 'ts' ? !/\.pyi?$/.test(f) : /\.pyi?$/.test(f);
      return isLang && (noExt === clean || noExt.endsWith(`/${clean}`) || noExt.endsWith(`/${clean}/index`) || noExt.endsWith(`/${clean}/__init__`));
    });
    return hits.length === 1 ? hits[0] : null;
  }

  /**
   * A Python module (`app.llm`, relative `.llm` / `..core.llm`) imported from `from`: the workspace file
   * (module.py or package/__init__.py), or null for a package from a registry.
   */
  py(from: string, module: string): string | null {
    const key = `p\0${from}\0${module}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const found = this.pyUncached(from, module);
    this.cache.set(key, found);
    return found;
  }

  private tryPy(path: string): string | null {
    for (const c of [`${path}.py`, `${path}/__init__.py`, `${path}.pyi`]) if (this.files.has(c)) return c;
    return null;
  }

  private pyUncached(from: string, module: string): string | null {
    const dots = /^\.+/.exec(module)?.[0].length ?? 0;
    if (dots) {
      let dir = dirname(from);
      for (let i = 1; i < dots; i++) dir = dirname(dir);
      const rest = module.slice(dots).split('.').filter(Boolean).join('/');
      return rest ? this.tryPy(join(dir, rest)) : this.tryPy(dir) ?? (this.files.has(join(dir, '__init__.py')) ? join(dir, '__init__.py') : null);
    }
    const path = module.split('.').join('/');
    // A module never imports itself by a bare name: `import browser_use` in the app's `helpers/browser_use.py` (a
    // wrapper of the package, named after it) is the installed package.
    const direct = this.tryPy(path);
    if (direct && direct !== from) return direct;
    // Source roots (src/, backend/, a package folder): the file whose path ends like the module, nearest to the importer.
    const candidates: string[] = [];
    // An SDK's name (`from litellm import completion`) written in a package of the app that bears that name
    // (`dailalib/api/litellm/litellm_api.py`) is the installed SDK: a package does not import itself by a bare name.
    const first = path.split('/')[0];
    /** The folder a candidate's module path starts from (`app/helpers` for `app/helpers/browser_use.py`). */
    const rootOf = (f: string) => f.slice(0, f.length - (f.endsWith('/__init__.py') ? `/${path}/__init__.py` : `/${path}.py`).length);
    const holdsImporter = (f: string) => from.startsWith(`${rootOf(f)}/${first}/`);
    // …nor one inside a package of the app (`app/helpers/browser_use.py` beside an `__init__.py` is
    // `app.helpers.browser_use`, not importable as `browser_use`).
    const inPackage = (f: string) => this.files.has(`${rootOf(f)}/__init__.py`);
    for (const c of [`/${path}.py`, `/${path}/__init__.py`]) {
      const base = c.endsWith('__init__.py') ? '__init__' : path.split('/').pop()!;
      for (const f of this.byBase.get(base) ?? []) if (f !== from && f.endsWith(c) && !(PY_SDK_MODULES.has(first) && (holdsImporter(f) || inPackage(f)))) candidates.push(f);
    }
    if (!candidates.length) return null;
    if (candidates.length === 1) return candidates[0];
    // Several: the one sharing the longest folder prefix with the importer.
    let best = candidates[0];
    let bestLen = -1;
    for (const c of candidates) {
      let n = 0;
      while (n < c.length && n < from.length && c[n] === from[n]) n++;
      if (n > bestLen) {
        best = c;
        bestLen = n;
      }
    }
    return best;
  }

  /** A Python package folder (`from app import llm` where app/llm.py is a module, not a name in app/__init__.py). */
  pySubmodule(pkgFile: string, name: string): string | null {
    if (!pkgFile.endsWith('__init__.py')) return null;
    return this.tryPy(join(dirname(pkgFile), name));
  }
}

/** Cheap, parse-free list of the modules a file imports, with the names it takes from each (`*` for all). */
export function importsOf(text: string, lang: 'ts' | 'py'): { spec: string; names: string[] }[] {
  const out: { spec: string; names: string[] }[] = [];
  if (lang === 'ts') {
    // Linear on any text (it runs on every file listed, with no time budget): a clause stops at the next `import`,
    // a brace list at the next brace, and no two whitespace runs meet (each `\s+` next to a group that takes
    // whitespace made "import import import …" quadratic: 112 KB took 13 s).
    const re = /\bimport\s(?:type\s)?((?:(?!\bimport\b)[\w$*{}\s,])+?)\sfrom\s*['"]([^'"\n]+)['"]|\bexport\s+(?:type\s+)?(\*(?:\s+as\s+[\w$]+)?|\{[^{}]*\})\s*from\s*['"]([^'"\n]+)['"]|\brequire\s*\(\s*['"]([^'"\n]+)['"]\s*\)|\bimport\s*\(\s*['"]([^'"\n]+)['"]\s*\)|^[ \t]*import\s*['"]([^'"\n]+)['"]/gm;
    for (const m of text.matchAll(re)) {
      if (m[2]) out.push({ spec: m[2], names: tsImportNames(m[1]) });
      else if (m[4]) out.push({ spec: m[4], names: tsImportNames(m[3]) });
      else out.push({ spec: (m[5] ?? m[6] ?? m[7])!, names: ['*'] });
    }
  } else {
    // (Module names may be any letters: `from prompts.创作正文.prompt import main`.)
    const re = /^[ \t]*from[ \t]+(\.*[\p{L}\p{N}_.]*)[ \t]+import[ \t]+(\([^()]*\)|[^\n#]+)|^[ \t]*import[ \t]+([^\n#]+)/gmu;
    for (const m of text.matchAll(re)) {
      if (m[1] !== undefined) {
        const names = m[2].replace(/[()\\\n]/g, ' ').split(',').map((x) => x.trim().split(/\s+as\s+/)[0].trim()).filter(Boolean);
        out.push({ spec: m[1], names });
      } else {
        for (const part of m[3].split(',')) {
          const mod = part.trim().split(/\s+as\s+/)[0].trim();
          if (mod) out.push({ spec: mod, names: ['*'] });
        }
      }
    }
  }
  return out;
}

function tsImportNames(clause: string): string[] {
  const names: string[] = [];
  const c = clause.trim();
  if (c.startsWith('*')) return ['*'];
  const brace = /\{([^}]*)\}/.exec(c);
  const def = c.replace(/\{[^}]*\}/, '').replace(/,/g, ' ').trim();
  if (def && def !== 'type') names.push('default');
  if (brace) for (const part of brace[1].split(',')) {
    const n = part.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0].trim();
    if (n) names.push(n);
  }
  return names.length ? names : ['*'];
}
