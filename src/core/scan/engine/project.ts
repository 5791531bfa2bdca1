// The scan of a set of files: which files are read (parsed into IR) and the cross-file link over them. One
// computation for the CLI and the editor: the editor keeps a Project between edits and asks again; what it gets
// is by construction what a scan from scratch of the same texts gives (the per-file work is only cached by content).
//
// Not every file is parsed: a file is read when its text names an SDK, an endpoint or a registry (`mayMatter`), or
// when the link of the files read so far says it may matter — it imports a file that makes requests or holds the
// app's LLM layer, it is imported by such a file or by a file holding a job (prompts, builders, interfaces), or its
// text calls a plumbing method by name. This repeats until nothing new is read.
import { createHash } from 'node:crypto';
import type { ScannedCall, SkippedFile } from '../../types';
import { TOP, own, type ClassIR, type Expr, type FnIR, type ModuleIR } from '../ir';
import { SEND_KEYED_METHODS, keyOf, linkModules, type LinkOutput } from './link';
import { EMPTY_CONFIG, Resolver, importsOf, type ProjectConfig } from './resolve';
import { isTestFile, TS_TEST_PATH } from '../../testFiles';
import { MAX_PROMPT_ASSETS, attachPromptFiles, isPromptAsset, type PromptFileCache } from '../promptFiles';

export interface FrontEnd {
  lang: 'ts' | 'py';
  extensions: readonly string[];
  /** Cheap text test: does the file name an SDK, an endpoint, a model id or a registry? */
  mayMatter(text: string): boolean;
  /** Parse into IR. Pure in (file, text, options). */
  analyze(file: string, text: string, options: AnalyzeOptions): ModuleIR;
}

export interface AnalyzeOptions {
  includeTests?: boolean;
}

export interface FileState {
  hash: string;
  lang: 'ts' | 'py';
  mayMatter: boolean;
  /** Modules the file imports (cheap, without parsing), for the follow-up. */
  imports: { spec: string; names: string[] }[];
}

/** A batch of files the computation needs parsed, answered by a driver (in place, or in worker threads with a time budget). */
export interface ParseRequest {
  file: string;
  text: string;
  options: AnalyzeOptions;
}

export type ParseAnswer = ModuleIR | { skipped: string };

export interface ProjectResult {
  calls: ScannedCall[];
  skipped: SkippedFile[];
  /** Files parsed (IR computed) for this result. */
  parsed: number;
  /** Follow-up rounds the computation took. */
  rounds: number;
}

const MAX_ROUNDS = 8;
/** How many times (up to `max`) a name stands alone in a text: not part of a longer name, not after a dot. */
/** A module's name as imports name it: `services/manualService.js` → `manualService`, `tools/__init__.py` → `tools`. */
function moduleStem(file: string): string {
  return file.replace(/\/__init__\.py$/, '').replace(/(\/index)?\.[^./]+$/, '').split('/').pop() ?? '';
}

/**
 * The stems an import of each module may end with: `services/llm.ts` → `llm`; a dotted name (`reports.controller.ts`)
 * also by its last part, as a specifier's stem is cut at its last dot (`./reports.controller` → `controller`).
 */
function moduleStems(files: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const f of files) {
    const stem = moduleStem(f);
    out.add(stem);
    out.add(stem.slice(stem.lastIndexOf('.') + 1));
  }
  return out;
}

/** The last segment of an import specifier (`../services/manualService.js`, `.llm_function_tool`). */
function specStem(spec: string): string {
  return spec.replace(/\.[cm]?[jt]sx?$/, '').split(/[./]/).pop() ?? '';
}

/**
 * Whether a module runs something when loaded: a script or an entry point, not a library. (A client made at load,
 * `client = OpenAI()`, is not that; `main()`, `app.listen(…)` are.)
 */
function runsOnLoad(ir: ModuleIR): boolean {
  if (ir.mainBlocks?.length) return true;
  const ownFns = new Set(Object.values(ir.fns).flatMap((f) => (f.parent === TOP && f.name ? [f.name] : [])));
  return ir.calls.some((call) => call.fn === TOP && ((call.f.k === 'name' && ownFns.has(call.f.n)) || (call.f.k === 'get' && /^(listen|run|serve|start|main|launch|run_polling|mount|command|on)$/.test(call.f.n))));
}

/** Whether a module runs something when loaded, leaving its `__main__` block aside (run only as a script). */
function runsOnLoadBesidesMain(ir: ModuleIR): boolean {
  const main = ir.mainBlocks ?? [];
  return runsOnLoad({ ...ir, mainBlocks: [], calls: ir.calls.filter((c) => !main.some(([s, e]) => c.p[0] >= s && c.p[1] <= e)) });
}

/**
 * A source text without its comments (line comments and, in TypeScript, block comments), each replaced by spaces so
 * offsets stay. Approximate (a `//` or `#` right after a space inside a string is taken for a comment): only used to
 * ask whether a name is mentioned in code.
 */
export function withoutComments(text: string, lang: 'ts' | 'py'): string {
  const blank = (m: string) => m.replace(/[^\n]/g, ' ');
  const marker = lang === 'py' ? /(^|[ \t])#/g : /(^|[ \t;{}])\/\//g;
  // A marker after an even number of each quote on its line starts a comment (not `f"Issue #{n}"`, `"https://…"`).
  const line = (l: string): string => {
    marker.lastIndex = 0;
    for (let m = marker.exec(l); m; m = marker.exec(l)) {
      const at = m.index + m[1].length;
      const before = l.slice(0, at);
      if ((before.split('"').length - 1) % 2 === 0 && (before.split("'").length - 1) % 2 === 0 && (before.split('`').length - 1) % 2 === 0) return before + blank(l.slice(at));
    }
    return l;
  };
  const body = lang === 'py' ? text : text.replace(/\/\*[\s\S]*?\*\//g, (m, at: number) => (at > 0 && /["'`\w]/.test(text[at - 1]) ? m : blank(m)));
  return body.split('\n').map(line).join('\n');
}

/** Whether `offset` lies in a block switched off by a constant (see `switchedOffBlocks`). */
export function underFalseFlag(source: string, lang: 'ts' | 'py', offset: number): boolean {
  return switchedOffBlocks(source, lang).some(([s, e]) => s < offset && offset < e);
}

/**
 * The blocks of `if (FLAG)` / `if FLAG:` where FLAG is a module-level constant set to false once in the file (`const
 * USE_ANTHROPIC = false;`, `USE_CACHE = False`) and assigned nowhere else in it, as [start, end) offsets.
 */
function switchedOffBlocks(source: string, lang: 'ts' | 'py'): Array<[number, number]> {
  if (!/\b(false|False)\b/.test(source)) return [];
  const text = withoutComments(source, lang);
  const flagDecl = lang === 'py' ? /^([A-Za-z_]\w*)[ \t]*(?::[ \t]*bool)?[ \t]*=[ \t]*False[ \t]*$/gm : /^(?:export[ \t]+)?const[ \t]+([A-Za-z_$][\w$]*)[ \t]*(?::[ \t]*boolean)?[ \t]*=[ \t]*false[ \t]*;?[ \t]*$/gm;
  const blocks: Array<[number, number]> = [];
  for (const m of text.matchAll(flagDecl)) {
    const esc = m[1].replace(/\$/g, '\\$');
    // Set once: no other assignment of the name in the file (`FLAG = True` in a function, `global FLAG`).
    if ((text.match(new RegExp(`(?<![\\w$.])${esc}[ \\t]*(?::[^=\\n]*)?=(?!=)`, 'g')) ?? []).length !== 1 || new RegExp(`\\bglobal\\b[^\\n]*\\b${esc}\\b`).test(text)) continue;
    if (lang === 'py') {
      for (const g of text.matchAll(new RegExp(`^([ \\t]*)if[ \\t]+${esc}[ \\t]*:[ \\t]*$`, 'gm'))) {
        // The block: the lines after it indented deeper (blank lines inside it allowed).
        const indent = g[1].length;
        let end = g.index + g[0].length;
        for (let next = text.indexOf('\n', end); next >= 0 && next < text.length; next = text.indexOf('\n', end)) {
          const eol = text.indexOf('\n', next + 1);
          const l = text.slice(next + 1, eol < 0 ? text.length : eol);
          if (l.trim() && l.length - l.trimStart().length <= indent) break;
          end = eol < 0 ? text.length : eol;
          if (eol < 0) break;
        }
        blocks.push([g.index + g[0].length, end]);
      }
    } else {
      for (const g of text.matchAll(new RegExp(`\\bif[ \\t]*\\([ \\t]*${esc}[ \\t]*\\)[ \\t\\n]*\\{`, 'g'))) {
        const open = g.index + g[0].length - 1;
        blocks.push([open, closingBrace(text, open)]);
      }
    }
  }
  return blocks;
}

/** The index of the `}` closing the `{` at `open` (strings skipped), or the text's length when it is not closed. */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' || ch === "'" || ch === '`') {
      for (i++; i < text.length && text[i] !== ch; i++) if (text[i] === '\\') i++;
      continue;
    }
    if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return i;
  }
  return text.length;
}

function occurrences(text: string, name: string, max: number): number {
  const word = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
  let n = 0;
  for (let i = text.indexOf(name); i >= 0 && n < max; i = text.indexOf(name, i + name.length)) {
    const before = i > 0 ? text.charCodeAt(i - 1) : 32;
    const after = i + name.length < text.length ? text.charCodeAt(i + name.length) : 32;
    if (!word(before) && before !== 46 && !word(after)) n++;
  }
  return n;
}

/** Decorators that wrap a method (retries, tracing, caching, error handling) without registering it anywhere. */
const WRAPPING_DECORATOR = /^(?:\w*(?:retry|retries|backoff|exception|errors?|trace|traceable|traced|observe|log|logged|cache|cached|lru_cache|timer|timed|measure|limit|limiter|throttle|wraps)\w*|staticmethod|classmethod)$/i;

/** The name a decorator is written with (`api_exception_mechanism` of `@api_exception_mechanism(max_retries=3)`). */
function decoratorName(d: Expr, ir: ModuleIR): string {
  const f = d.k === 'call' ? ir.calls[d.id]?.f : d;
  return f?.k === 'name' ? f.n : f?.k === 'get' ? f.n : '';
}

/** Bases that call none of a class's methods by name. */
const PLAIN_BASE = /^(object|ABC|ABCMeta|Protocol|Generic|BaseModel|Enum|IntEnum|StrEnum|TypedDict|NamedTuple|Exception|Error)$/;

/** Functions a framework or the runtime calls by their name: never taken for dead code. */
const ENTRY_NAME = /^(?:main|run|handler|lambda_handler|app|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|middleware|loader|action|default|setup|activate|deactivate|register|init|start|execute|cli|index)$/;

/** Files guessed for the next round: at most this many per file parsed, and in all. */
const GUESS_PER_FILE = 2;
const MAX_GUESS = 400;
const BARREL = /(^|\/)(index\.[cm]?[jt]sx?|__init__\.py)$/;

export function hashText(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}

/** A module of Next.js server actions: `'use server'` before any other statement (comments aside). */
const SERVER_ACTIONS = /^(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*['"]use server['"]/;

export class Project {
  private readonly files = new Map<string, FileState>();
  private readonly skippedFiles = new Map<string, string>();
  /** IR by file, valid while the file's hash is unchanged (it records the hash it was made from). */
  private readonly irs = new Map<string, { hash: string; ir: ParseAnswer }>();
  private config: ProjectConfig = EMPTY_CONFIG;
  private resolver: Resolver | null = null;
  /**
   * The names each file calls (`summarize`, and `llm.complete` for a call on a receiver), read once per text: the
   * follow-up looks the app's plumbing names up here in every round instead of reading the files again.
   */
  private readonly importTargets = new Map<string, { hash: string; resolver: Resolver; targets: readonly { file: string | null; subs: readonly string[] }[] }>();
  private readonly calledNames = new Map<string, { hash: string; names: readonly string[] }>();
  private lastLink: { key: string; out: LinkOutput } | null = null;
  /** Files parsed since the project was made (for tests and benchmarks). */
  parses = 0;

  constructor(
    readonly frontEnds: readonly FrontEnd[],
    private readonly options: AnalyzeOptions = {},
  ) {}

  frontEndFor(file: string): FrontEnd | null {
    let best: FrontEnd | null = null;
    let len = 0;
    for (const f of this.frontEnds) {
      for (const e of f.extensions) {
        if (e.length > len && file.endsWith(e)) {
          best = f;
          len = e.length;
        }
      }
    }
    return best;
  }

  handles(file: string): boolean {
    return this.frontEndFor(file) !== null;
  }

  /**
   * A file's text (path relative to the root, forward slashes). Cheap: hashing and two text tests. `mayMatter` is the
   * front-end's answer for this text when the caller already asked it.
   */
  setFile(file: string, text: string, mayMatter?: boolean): void {
    const fe = this.frontEndFor(file);
    if (!fe) return;
    const hash = hashText(text);
    const prev = this.files.get(file);
    this.skippedFiles.delete(file);
    if (prev?.hash === hash) return;
    if (!prev) this.resolver = null;
    this.files.set(file, { hash, lang: fe.lang, mayMatter: mayMatter ?? fe.mayMatter(text), imports: importsOf(text.length > 256 * 1024 ? text.slice(0, 256 * 1024) : text, fe.lang) });
    // While the text is at hand: the follow-up would read it again for this.
    this.calledNames.set(file, { hash, names: calledNamesOf(text) });
  }

  /** A file that could not be read or is left out (too large, binary, minified …): it shows in `skipped`. */
  skipFile(file: string, reason: string): void {
    if (this.files.delete(file)) this.resolver = null;
    this.irs.delete(file);
    this.skippedFiles.set(file, reason);
  }

  deleteFile(file: string): void {
    if (this.files.delete(file)) this.resolver = null;
    this.irs.delete(file);
    this.skippedFiles.delete(file);
    this.calledNames.delete(file);
    this.importTargets.delete(file);
  }

  has(file: string): boolean {
    return this.files.has(file);
  }

  /**
   * The parse request the next computation starts with for this file (it names an SDK, an endpoint or a registry) when
   * its IR is not cached, else null: a driver may parse it while it still reads the other files. `text` is the text
   * just given to `setFile`.
   */
  firstRequest(file: string, text: string): ParseRequest | null {
    const st = this.files.get(file);
    if (!st?.mayMatter || this.cachedIr(file)) return null;
    return { file, text, options: this.options };
  }

  fileList(): string[] {
    return [...this.files.keys()];
  }

  private assets: string[] = [];
  private readonly promptFileCache: PromptFileCache = new WeakMap();

  /** Prompt-like files of the workspace (`.md`, `.j2`, `.prompt` …), by path: matched with prompts read at run time. */
  setAssets(paths: readonly string[]): void {
    this.assets = [...paths].filter(isPromptAsset).sort().slice(0, MAX_PROMPT_ASSETS);
  }

  /** tsconfig `paths`/`baseUrl` and the monorepo's packages. */
  setConfig(config: ProjectConfig): void {
    this.config = config;
    this.resolver = null;
  }

  private getResolver(): Resolver {
    this.resolver ??= new Resolver(new Set(this.files.keys()), this.config);
    return this.resolver;
  }

  private cachedIr(file: string): ParseAnswer | null {
    const st = this.files.get(file);
    const hit = this.irs.get(file);
    return st && hit && hit.hash === st.hash ? hit.ir : null;
  }

  /**
   * The computation, as a generator: it yields the files it needs parsed (not cached yet) and takes their IR back.
   * `read` gives the current text of a file (the editor's buffer or the disk), or null when it cannot be read.
   */
  *compute(read: (file: string) => string | null, ahead?: (guess: ParseRequest[]) => void): Generator<ParseRequest[], ProjectResult, ParseAnswer[]> {
    const resolver = this.getResolver();
    const wanted = new Set<string>();
    for (const [file, st] of this.files) if (st.mayMatter) wanted.add(file);
    let rounds = 0;
    let out: LinkOutput = { calls: [], skipped: [], relevant: new Set(), siteFiles: new Set(), plumbingNames: [] };
    const readFailed = new Map<string, string>();
    for (;;) {
      rounds++;
      // Parse what is wanted and not cached.
      const requests: ParseRequest[] = [];
      for (const file of wanted) {
        if (this.cachedIr(file) || readFailed.has(file)) continue;
        const text = read(file);
        if (text === null) {
          readFailed.set(file, 'could not be read');
          continue;
        }
        if (hashText(text) !== this.files.get(file)?.hash) this.setFile(file, text);
        requests.push({ file, text, options: this.options });
      }
      // A driver with workers may parse what the next round most likely asks for as soon as this round's files are
      // parsed, while this thread waits for them and links (the guess needs only the files' imports, not their IR).
      if (ahead && requests.length && rounds < MAX_ROUNDS) {
        const tg = DEBUG ? performance.now() : 0;
        const guess = this.guessNext(requests, wanted, resolver, read);
        if (DEBUG) process.stderr.write(`tierwise: debug: round ${rounds + 1}: ${guess.length} files guessed in ${Math.round(performance.now() - tg)} ms for the next round${process.env.TIERWISE_DEBUG === 'files' ? `: ${guess.map((b) => b.file).join(' ')}` : ''}\n`);
        if (guess.length) ahead(guess);
      }
      if (requests.length) {
        const answers = yield requests;
        requests.forEach((r, i) => {
          const st = this.files.get(r.file);
          if (st) this.irs.set(r.file, { hash: st.hash, ir: answers[i] });
          this.parses++;
        });
      }
      const modules = new Map<string, ModuleIR>();
      for (const file of wanted) {
        const ir = this.cachedIr(file);
        if (ir && !('skipped' in ir)) modules.set(file, ir);
      }
      const t0 = DEBUG ? performance.now() : 0;
      out = this.link(modules, resolver);
      const t1 = DEBUG ? performance.now() : 0;
      if (rounds >= MAX_ROUNDS) break;
      const next = this.followUp(out, modules, resolver, wanted, read);
      if (DEBUG) process.stderr.write(`tierwise: debug: round ${rounds}: ${modules.size} modules linked in ${Math.round(t1 - t0)} ms, follow-up ${Math.round(performance.now() - t1)} ms → ${next.length} more files\n`);
      if (!next.length) break;
      for (const f of next) wanted.add(f);
    }
    const tb = DEBUG ? performance.now() : 0;
    const skipped: SkippedFile[] = [...out.skipped];
    if (DEBUG) process.stderr.write(`tierwise: debug: at ${Math.round(performance.now())} ms: sites built in ${Math.round(performance.now() - tb)} ms\n`);
    for (const file of wanted) {
      const ir = this.cachedIr(file);
      if (ir && 'skipped' in ir) skipped.push({ file, reason: ir.skipped });
    }
    for (const [file, reason] of readFailed) skipped.push({ file, reason });
    for (const [file, reason] of this.skippedFiles) skipped.push({ file, reason });
    skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.reason < b.reason ? -1 : 1));
    let parsed = 0;
    for (const f of wanted) if (this.cachedIr(f)) parsed++;
    // The link's output is kept for the next computation: calls that read prompt files are copies.
    const tw = DEBUG ? performance.now() : 0;
    const live = this.withoutUncalled(this.withoutSwitchedOff(this.withoutShadowed(out.calls), read), read);
    if (DEBUG) process.stderr.write(`tierwise: debug: dead code left out in ${Math.round(performance.now() - tw)} ms\n`);
    const calls = this.assets.length ? attachPromptFiles(live, this.assets, read, this.promptFileCache) : live;
    return { calls, skipped, parsed, rounds };
  }

  /**
   * Python: `services/llm.py` beside a package `services/llm/__init__.py` can never be imported (the package wins):
   * its jobs are dead code.
   */
  private withoutShadowed(calls: ScannedCall[]): ScannedCall[] {
    const shadowed = (file: string) => file.endsWith('.py') && !file.endsWith('/__init__.py') && this.files.has(`${file.slice(0, -3)}/__init__.py`);
    return calls.some((c) => shadowed(c.file)) ? calls.filter((c) => !shadowed(c.file)) : calls;
  }

  /** Jobs under a flag the module sets to false once and never changes (`const USE_ANTHROPIC = false; if (USE_ANTHROPIC) {…}`): dead code. */
  private withoutSwitchedOff(calls: ScannedCall[], read: (file: string) => string | null): ScannedCall[] {
    // Each file's blocks once, for all its calls.
    const blocks = new Map<string, Array<[number, number]>>();
    const off = (c: ScannedCall): boolean => {
      let b = blocks.get(c.file);
      if (!b) {
        const text = read(c.file);
        blocks.set(c.file, (b = text === null ? [] : switchedOffBlocks(text, c.file.endsWith('.py') ? 'py' : 'ts')));
      }
      return b.some(([s, e]) => s < c.span.start && c.span.start < e);
    };
    const live = calls.filter((c) => !off(c));
    return live.length === calls.length ? calls : live;
  }

  /**
   * Jobs in a module-level function nothing calls: no file imports its name or calls it, and its own file names it only
   * where it is defined (`export async function generateTags(…)` in a service file whose other functions the routes
   * use). Dead code a reviewer does not count. Functions a framework may call are kept: decorated ones, entry points
   * and handlers by name (`main`, `handler`, `GET`, `POST` …), default exports, and anything named more than once.
   */
  private withoutUncalled(calls: ScannedCall[], read: (file: string) => string | null): ScannedCall[] {
    // Each check may read every file of the workspace: each file is read once for all of them.
    const texts = new Map<string, string | null>();
    const once = (file: string): string | null => {
      let text = texts.get(file);
      if (text === undefined) texts.set(file, (text = read(file)));
      return text;
    };
    return this.withoutUnimportedTwins(this.withoutUncalledMethods(this.withoutUnusedClasses(this.withoutUncalledFunctions(calls, once), once), once), once);
  }

  /**
   * Jobs in a module nothing imports while its twins are imported: `prompts/<task>/prompt.py` files of which the app
   * imports some by name (`from prompts.draft.prompt import main`), the others left in the folder unused. Dead code a
   * reviewer does not count. Only beside two imported twins at least; not a module that runs on load (a script, an
   * entry point), nor one whose folder another file names (loaded by name: `importlib`, a registry, a path), nor one of
   * a package that loads its modules itself.
   */
  private withoutUnimportedTwins(calls: ScannedCall[], read: (file: string) => string | null): ScannedCall[] {
    const twinKey = (file: string): string | null => {
      const parts = file.split('/');
      if (parts.length < 3 || BARREL.test(file)) return null;
      return `${parts.slice(0, -2).join('/')}/*/${parts[parts.length - 1]}`;
    };
    const candidates = new Set<string>();
    for (const c of calls) {
      if (candidates.has(c.file) || !twinKey(c.file)) continue;
      const ir = this.cachedIr(c.file);
      if (ir && !('skipped' in ir) && !runsOnLoad(ir)) candidates.add(c.file);
    }
    if (!candidates.size) return calls;
    const keys = new Set([...candidates].map((f) => twinKey(f)!));
    const twins = new Map<string, string[]>();
    for (const f of this.files.keys()) {
      const k = twinKey(f);
      if (k && keys.has(k)) twins.set(k, [...(twins.get(k) ?? []), f]);
    }
    for (const f of [...candidates]) if ((twins.get(twinKey(f)!)?.length ?? 0) < 2) candidates.delete(f);
    if (!candidates.size) return calls;
    // What the app imports among the twins (by the module or by its package and name: `from prompts.draft import prompt`).
    const resolver = this.getResolver();
    const stems = moduleStems(candidates);
    const imported = new Set<string>();
    for (const [file, st] of this.files) {
      if (!st.imports.some((imp) => stems.has(specStem(imp.spec)) || imp.names.some((n) => stems.has(n)))) continue;
      for (const t of this.importTargetsOf(file, st, resolver)) {
        if (t.file && t.file !== file) imported.add(t.file);
        for (const sub of t.subs) if (sub !== file) imported.add(sub);
      }
    }
    const folderOf = (f: string) => f.slice(0, f.lastIndexOf('/'));
    // (Two imported twins at least: `apps/web/app.ts` imported, `apps/worker/app.ts` an entry point, is not this.)
    for (const f of [...candidates]) {
      const group = twins.get(twinKey(f)!)!;
      if (imported.has(f) || group.filter((g) => g !== f && imported.has(g)).length < 2) candidates.delete(f);
    }
    if (!candidates.size) return calls;
    // A package loading its modules itself, or a folder named in another file's text: loaded by name.
    const root = (f: string) => folderOf(folderOf(f));
    for (const f of [...candidates]) {
      const init = read(`${root(f)}/__init__.py`) ?? read(`${root(f)}/index.ts`) ?? read(`${root(f)}/index.js`) ?? '';
      if (/importlib|__import__|\bglob\b|pkgutil|walk_packages|require\.context|import\.meta\.glob/.test(init)) candidates.delete(f);
    }
    const folderNames = new Map([...candidates].map((f) => [f, folderOf(f).split('/').pop()!] as const));
    for (const other of this.files.keys()) {
      if (!candidates.size) break;
      const text = read(other);
      if (text === null) continue;
      for (const [f, name] of folderNames) if (candidates.has(f) && !other.startsWith(`${folderOf(f)}/`) && text.includes(name)) candidates.delete(f);
    }
    return candidates.size ? calls.filter((c) => !candidates.has(c.file)) : calls;
  }

  /**
   * Jobs in a method nothing names: no file of the workspace mentions the method's name outside its own definition
   * (no call, no reference, no string), on a class of the app's own (no base or interface from a library or framework,
   * whose machinery may call it by name) that never looks its methods up by a computed name. `analysis_tool` left
   * behind on an executor whose other methods the agent calls. Dead code a reviewer does not count.
   */
  private withoutUncalledMethods(calls: ScannedCall[], read: (file: string) => string | null): ScannedCall[] {
    const candidates = new Map<ScannedCall, { name: string; span: readonly [number, number]; cls: string }>();
    const resolver = this.getResolver();
    for (const c of calls) {
      const dot = c.enclosingFunction.indexOf('.');
      if (!c.className || dot < 0 || c.enclosingFunction.indexOf('.', dot + 1) >= 0) continue;
      const name = c.enclosingFunction.slice(dot + 1);
      if (name.length < 4 || /^__\w+__$/.test(name) || ENTRY_NAME.test(name) || !/^[A-Za-z_$][\w$]*$/.test(name)) continue;
      const ir = this.cachedIr(c.file);
      if (!ir || 'skipped' in ir) continue;
      const cls = Object.values(ir.classes).find((k) => k?.name === c.className);
      const key = cls ? own(cls.methods, name) : undefined;
      const fn = key ? own(ir.fns, key) : undefined;
      // (A decorator that registers the method with a framework makes it called by that framework; one that wraps it
      // in retries, tracing or a cache does not.)
      // (Nor an override of a base class's method: the base's callers reach it.)
      if (!cls || !fn || fn.decorators?.some((d) => !WRAPPING_DECORATOR.test(decoratorName(d, ir))) || fn.kind === 'ctor' || !this.ownClass(c.file, cls.key, resolver) || this.baseDefines(c.file, cls.key, name, resolver)) continue;
      // A method looked up by a computed name (`getattr(self, f"handle_{kind}")`, `this[action]()`) may be any of them.
      const text = read(c.file);
      if (text === null || (ir.language === 'python' ? /\bgetattr\s*\(/ : /\bthis\s*\[/).test(text)) continue;
      candidates.set(c, { name, span: fn.p, cls: cls.name });
    }
    if (!candidates.size) return calls;
    const names = new Set([...candidates.values()].flatMap((x) => [x.name, x.cls]));
    /** Where each candidate is defined (its method's span): not a use of its name. */
    const defs = new Map<string, { file: string; s: number; e: number }[]>();
    for (const [c, x] of candidates) defs.set(x.name, [...(defs.get(x.name) ?? []), { file: c.file, s: x.span[0], e: x.span[1] }]);
    const classNames = new Set([...candidates.values()].map((x) => x.cls));
    /** The files naming each class, two at most; where each method is named (outside its own definition), 20 at most. */
    const namedIn = new Map<string, string[]>();
    const uses = new Map<string, { file: string; at: number }[]>();
    const definedIn = new Map<string, Set<string>>();
    const pattern = new RegExp(`(?<![\\w$])(?:${[...names].map((n) => n.replace(/\$/g, '\\$')).join('|')})(?![\\w$])`, 'g');
    for (const file of this.files.keys()) {
      const text = read(file);
      if (text === null) continue;
      pattern.lastIndex = 0;
      for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
        const at = m.index;
        const end = at + m[0].length;
        if (classNames.has(m[0])) {
          // A class of the same name defined in another module (`class PointwiseLLMReranker:` twice): which one a file
          // names is not known here, so neither's methods are taken for dead.
          if (/\b(?:class|interface|type)\s+$/.test(text.slice(Math.max(0, at - 12), at))) {
            const defined = definedIn.get(m[0]) ?? new Set<string>();
            definedIn.set(m[0], defined.add(file));
            continue;
          }
          const list = namedIn.get(m[0]) ?? [];
          if (list.length < 2 && !list.includes(file)) namedIn.set(m[0], [...list, file]);
          continue;
        }
        // (A TS method's span starts at its parameters: the name just before them is its definition too.)
        if (defs.get(m[0])?.some((d) => d.file === file && ((at >= d.s && at < d.e) || (end <= d.s && d.s - end < 200 && /^\s*[?!]?\s*(?:<[^()]*>)?\s*$/.test(text.slice(end, d.s)))))) continue;
        // Not a use of a method: a definition of another one (`def name(`, `async name(`) or a call of a function of
        // that name (`name(…)`); a method is reached through an object (`x.name(…)`, `self.name`).
        if (text[at - 1] !== '.' && /^\s*(?:<[^()]*>)?\s*\(/.test(text.slice(end, end + 80))) continue;
        const list = uses.get(m[0]) ?? [];
        if (list.length < 20) uses.set(m[0], [...list, { file, at }]);
      }
    }
    const elsewhere = (n: string, file: string) => (namedIn.get(n) ?? []).some((f) => f !== file);
    // Only on a class another file names (a module of jobs nothing imports yet keeps them). A method named only inside
    // methods found dead is dead too (`generatePosts`, called only by the uncalled `extractWebsiteText`).
    const dead = new Set<ScannedCall>();
    const deadSpans: { file: string; s: number; e: number }[] = [];
    for (let round = 0; round < 4; round++) {
      const before = dead.size;
      for (const [c, x] of candidates) {
        if (dead.has(c) || !elsewhere(x.cls, c.file) || (definedIn.get(x.cls)?.size ?? 0) > 1) continue;
        const live = (uses.get(x.name) ?? []).some((u) => !deadSpans.some((d) => d.file === u.file && u.at >= d.s && u.at < d.e));
        if (live) continue;
        dead.add(c);
        deadSpans.push({ file: c.file, s: x.span[0], e: x.span[1] });
      }
      if (dead.size === before) break;
    }
    return dead.size ? calls.filter((c) => !dead.has(c)) : calls;
  }

  /** Whether a workspace base of a class (or one of theirs) defines a method of that name. */
  private baseDefines(file: string, key: string, name: string, resolver: Resolver, depth = 0): boolean {
    const ir = this.cachedIr(file);
    const cls = ir && !('skipped' in ir) ? own(ir.classes, key) : undefined;
    if (depth > 6 || !ir || 'skipped' in ir || !cls) return false;
    for (const b of cls.bases) {
      const base = b.k === 'idx' ? b.o : b;
      const found = base.k === 'name' ? this.workspaceBase(ir, file, key, base.n, resolver) : null;
      if (found && (own(found.cls.methods, name) || this.baseDefines(found.file, found.cls.key, name, resolver, depth + 1))) return true;
    }
    return false;
  }

  /** The parsed workspace class a base of class `key` names (`Base`, defined beside it or imported), or null. */
  private workspaceBase(ir: ModuleIR, file: string, key: string, name: string, resolver: Resolver): { file: string; cls: ClassIR } | null {
    const local = Object.values(ir.classes).find((k) => k?.name === name && k.key !== key);
    if (local) return { file, cls: local };
    const imp = own(ir.imports, name);
    if (!imp) return null;
    const target = ir.language === 'python' ? resolver.py(file, imp.m) : resolver.ts(file, imp.m);
    const tir = target ? this.cachedIr(target) : null;
    const tcls = tir && !('skipped' in tir) ? Object.values(tir.classes).find((k) => k?.name === imp.n) : undefined;
    return target && tcls ? { file: target, cls: tcls } : null;
  }

  /**
   * A class of the app's own making: every base (and each of theirs) is a class of the workspace or a plain one of the
   * language (`ABC`, `BaseModel`, `Enum`), and it implements no interface (TS: a framework's provider interface calls
   * its methods by name).
   */
  private ownClass(file: string, key: string, resolver: Resolver, depth = 0): boolean {
    const ir = this.cachedIr(file);
    if (depth > 6 || !ir || 'skipped' in ir) return false;
    const cls = own(ir.classes, key);
    if (!cls || cls.impl.length) return false;
    for (const b of cls.bases) {
      const base = b.k === 'idx' ? b.o : b.k === 'call' ? null : b;
      const n = base?.k === 'name' ? base.n : base?.k === 'get' ? base.n : null;
      if (!n) return false;
      if (PLAIN_BASE.test(n)) continue;
      const found = base?.k === 'name' ? this.workspaceBase(ir, file, key, n, resolver) : null;
      if (!found || !this.ownClass(found.file, found.cls.key, resolver, depth + 1)) return false;
    }
    return true;
  }

  /**
   * Whether a module's classes with jobs are all defined, by name, in another module of its folder that another file
   * imports (a copy left beside the module the app uses: `x_rebuilt.py`, `x_old.py`).
   */
  private copyOfImported(file: string, ir: ModuleIR, calls: ScannedCall[]): boolean {
    const folder = file.slice(0, file.lastIndexOf('/') + 1);
    const names = new Set(calls.map((c) => c.className!));
    const twins: string[] = [];
    for (const other of this.files.keys()) {
      if (other === file || !other.startsWith(folder) || other.slice(folder.length).includes('/')) continue;
      const oir = this.cachedIr(other);
      if (!oir || 'skipped' in oir || oir.language !== ir.language) continue;
      const defined = new Set(Object.values(oir.classes).flatMap((k) => (k ? [k.name] : [])));
      if ([...names].every((n) => defined.has(n))) twins.push(other);
    }
    if (!twins.length) return false;
    const resolver = this.getResolver();
    const stems = moduleStems(new Set(twins));
    for (const [f, st] of this.files) {
      if (twins.includes(f) || f === file || !st.imports.some((imp) => stems.has(specStem(imp.spec)) || imp.names.some((n) => stems.has(n)))) continue;
      if (this.importTargetsOf(f, st, resolver).some((t) => (t.file && twins.includes(t.file)) || t.subs.some((x) => twins.includes(x)))) return true;
    }
    return false;
  }

  /**
   * Jobs in the methods of a class nothing uses: no other file imports its module (no import even names the module)
   * or names the class, and the module runs nothing when loaded (no top-level calls but `require`, no `__main__`
   * block): a service class left behind (`ManualService` in a file no route requires). Dead code a reviewer does not count.
   */
  private withoutUnusedClasses(calls: ScannedCall[], read: (file: string) => string | null): ScannedCall[] {
    const byFile = new Map<string, ScannedCall[]>();
    for (const c of calls) {
      if (!c.className || c.className.length > 200 || !/^[A-Za-z_$][\w$]*$/.test(c.className)) continue;
      const list = byFile.get(c.file) ?? [];
      list.push(c);
      byFile.set(c.file, list);
    }
    if (!byFile.size) return calls;
    const candidates = new Set<string>();
    /** Candidates that copy a module the app imports: a mention of their classes' names is the imported module's. */
    const copies = new Set<string>();
    for (const file of byFile.keys()) {
      const ir = this.cachedIr(file);
      if (!ir || 'skipped' in ir) continue;
      if (BARREL.test(file)) continue;
      // A module with a `__main__` block runs as a script — unless it is a copy left beside the module the app uses
      // (`pentest_gpt_rebuilt.py` defining the class `pentest_gpt.py` defines, which the app imports).
      if (ir.mainBlocks?.length) {
        if (this.copyOfImported(file, ir, byFile.get(file)!) && !runsOnLoadBesidesMain(ir)) {
          candidates.add(file);
          copies.add(file);
        }
        continue;
      }
      if (!runsOnLoad(ir)) candidates.add(file);
    }
    if (!candidates.size) return calls;
    const stems = moduleStems(candidates);
    const classNames = new Set([...candidates].flatMap((f) => byFile.get(f)!.map((c) => c.className!)));
    const resolver = this.getResolver();
    const dropNamed = (n: string, from: string) => {
      for (const f of [...candidates]) if (f !== from && byFile.get(f)!.some((c) => c.className === n)) candidates.delete(f);
    };
    // Per file, the module each candidate class name is imported from, when that module defines a class of the name
    // (the class used): `from .utils import LoggerChatModel` names utils' class, not the one of an unused
    // `llm_manager.py` beside it.
    const definers = new Map<string, Map<string, string>>();
    const definedAt = (file: string, st: FileState): Map<string, string> => {
      let map = definers.get(file);
      if (map) return map;
      map = new Map();
      definers.set(file, map);
      if (!st.imports.some((imp) => imp.names.some((n) => classNames.has(n)))) return map;
      const targets = this.importTargetsOf(file, st, resolver);
      st.imports.forEach((imp, i) => {
        const t = targets[i]?.file;
        const ir = t && t !== file ? this.cachedIr(t) : null;
        if (!t || !ir || 'skipped' in ir) return;
        for (const n of imp.names) if (classNames.has(n) && Object.values(ir.classes).some((c) => c?.name === n)) map.set(n, t);
      });
      return map;
    };
    /** Whether a file defines a class of that name itself (naming it there uses its own). */
    const definesClass = (file: string, n: string) => {
      const ir = this.cachedIr(file);
      return !!ir && !('skipped' in ir) && Object.values(ir.classes).some((c) => c?.name === n);
    };
    /** A file names the class `n`: the candidate it imports it from, else every candidate defining one of that name. */
    const used = (n: string, file: string, from: Map<string, string>) => {
      const t = from.get(n);
      if (t === undefined) {
        if (!definesClass(file, n)) dropNamed(n, file);
      } else candidates.delete(t);
    };
    for (const [file, st] of this.files) {
      if (!candidates.size) return calls;
      // The class named by another file (imported, called): used.
      const from = definedAt(file, st);
      for (const imp of st.imports) for (const n of imp.names) if (classNames.has(n)) used(n, file, from);
      for (const entry of this.calledNames.get(file)?.names ?? []) {
        const n = entry.slice(entry.lastIndexOf('.') + 1);
        if (classNames.has(n)) used(n, file, from);
      }
      // Imports naming a candidate module (`./manualService`, `.llm_function_tool`): resolved, the module is used.
      if (!st.imports.some((imp) => stems.has(specStem(imp.spec)) || imp.names.some((n) => stems.has(n)))) continue;
      const targets = this.importTargetsOf(file, st, resolver);
      st.imports.forEach((imp, i) => {
        const t = targets[i]?.file;
        if (t && t !== file && candidates.has(t)) candidates.delete(t);
        // `from tools import llm_function_tool`: the submodule by name.
        for (const n of imp.names) for (const f of [...candidates]) if (f !== file && moduleStem(f) === n) candidates.delete(f);
      });
    }
    if (!candidates.size) return calls;
    // Only in a folder the app uses: another module beside it is imported from elsewhere (`services/openaiService.js`
    // beside the unused `services/manualService.js`). A lone file of classes (a snippet, a module of jobs nothing
    // imports yet) keeps them.
    const dirOf = (f: string) => f.slice(0, f.lastIndexOf('/') + 1);
    // (Beside it or in a package under its folder: `src/libs/llm_manager.py` beside the used `src/libs/resume_builder/`.)
    const siblingStems = new Map<string, Set<string>>();
    for (const file of candidates) siblingStems.set(dirOf(file), new Set());
    const candidateDirs = [...siblingStems.keys()];
    const dirsOver = (f: string) => candidateDirs.filter((d) => f.startsWith(d));
    for (const f of this.files.keys()) {
      if (candidates.has(f)) continue;
      for (const d of dirsOver(f)) siblingStems.get(d)!.add(moduleStem(f));
    }
    const usedDirs = new Set<string>();
    const allStems = new Set([...siblingStems.values()].flatMap((x) => [...x]));
    for (const [file, st] of this.files) {
      if (!st.imports.some((imp) => allStems.has(specStem(imp.spec)))) continue;
      // Resolved: a module beside a candidate (or under its folder) that a file outside that folder imports.
      for (const t of this.importTargetsOf(file, st, resolver)) {
        if (!t.file || candidates.has(t.file)) continue;
        for (const d of dirsOver(t.file)) if (!file.startsWith(d)) usedDirs.add(d);
      }
    }
    // A package that loads its modules itself (`from . import *` over a globbed `__all__`, importlib, pkgutil): its
    // classes are found by the framework, not imported by name.
    const loadsItself = (dir: string) => {
      const init = read(`${dir}__init__.py`) ?? read(`${dir}index.ts`) ?? read(`${dir}index.js`) ?? '';
      return /import \*|importlib|__import__|\bglob\b|pkgutil|walk_packages|require\.context|import\.meta\.glob/.test(init);
    };
    for (const file of [...candidates]) if (!usedDirs.has(dirOf(file)) || loadsItself(dirOf(file))) candidates.delete(file);
    if (!candidates.size) return calls;
    // Named in any other file's text (a string `"app.eval.simple_evaluator.SimpleEvaluator"` a loader imports by
    // path, a registry entry), or its folder named as a dotted module path: loaded by name, not dead.
    const dotted = new Map(
      [...candidates].map((f) => {
        // (A copy: its own module's dotted path, `utils.pentest_gpt_rebuilt`; its folder is the imported module's too.)
        const segments = copies.has(f) ? f.replace(/\.py$/, '').split('/').slice(-2) : dirOf(f).replace(/\/$/, '').split('/').slice(-2);
        const tail = segments.map((seg) => seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\.');
        return [f, tail.includes('.') ? new RegExp(`["'](?:\\w+\\.)*${tail}${copies.has(f) ? '(?![\\w])' : '\\.\\w'}`) : null] as const;
      }),
    );
    for (const [other, st] of this.files) {
      if (!candidates.size) break;
      const raw = read(other);
      if (raw === null) continue;
      // Not in comments (`# from app.llm_manager import GPTAnswerer`, an import left commented out).
      const text = raw.replace(st.lang === 'py' ? /^[ \t]*#.*$/gm : /^[ \t]*\/\/.*$/gm, '');
      // …nor a class of the same name it defines itself or imports from another module that defines one.
      const from = definedAt(other, st);
      const ownIr = this.cachedIr(other);
      const own = new Set(ownIr && !('skipped' in ownIr) ? Object.values(ownIr.classes).map((c) => c?.name) : []);
      for (const file of [...candidates]) {
        if (other === file) continue;
        const names = new Set(byFile.get(file)!.map((c) => c.className!));
        const path = dotted.get(file);
        const named = (n: string) => !own.has(n) && !copies.has(file) && (from.get(n) ?? file) === file && occurrences(text, n, 1) > 0;
        if ([...names].some(named) || (path && path.test(text))) candidates.delete(file);
      }
    }
    const dead = new Set<ScannedCall>();
    for (const file of candidates) {
      for (const c of byFile.get(file)!) dead.add(c);
    }
    return dead.size ? calls.filter((c) => !dead.has(c)) : calls;
  }

  private withoutUncalledFunctions(calls: ScannedCall[], read: (file: string) => string | null): ScannedCall[] {
    const candidates = new Map<string, ScannedCall[]>();
    /** Each candidate's module-level function (its span is read below). */
    const fnOf = new Map<ScannedCall, FnIR>();
    for (const c of calls) {
      const name = c.enclosingFunction;
      if (!name || name === '(top)' || name.length > 200 || name.includes('.') || c.className || ENTRY_NAME.test(name) || !/^[A-Za-z_$][\w$]*$/.test(name)) continue;
      const ir = this.cachedIr(c.file);
      if (!ir || 'skipped' in ir) continue;
      const fn = Object.values(ir.fns).find((f) => f.name === name && f.parent === '(top)');
      if (!fn || fn.decorators?.length || (fn.kind !== 'function' && fn.kind !== 'arrow')) continue;
      if (exportsAs(ir, name, 'default')) continue;
      // An exported function of a `'use server'` module is a Next.js server action: the client calls it (from
      // components this scan may not hold), an entry point.
      if (ir.language !== 'python' && SERVER_ACTIONS.test(read(c.file) ?? '') && (!ir.exports || exportsAs(ir, name, name))) continue;
      const list = candidates.get(name) ?? [];
      list.push(c);
      candidates.set(name, list);
      fnOf.set(c, fn);
    }
    if (!candidates.size) return calls;
    // Which files import or call each module-level function name of the candidates' modules (`name`, `module.name`).
    const topNames = new Map<string, string[]>();
    for (const list of candidates.values()) {
      for (const c of list) {
        if (topNames.has(c.file)) continue;
        const ir = this.cachedIr(c.file);
        topNames.set(c.file, ir && !('skipped' in ir) ? Object.values(ir.fns).flatMap((f) => (f.parent === '(top)' && f.name && !f.name.includes('.') ? [f.name] : [])) : []);
      }
    }
    const wanted = new Set([...topNames.values()].flat());
    const users = new Map<string, Set<string>>();
    const use = (n: string, file: string) => {
      if (!wanted.has(n)) return;
      const s = users.get(n) ?? new Set<string>();
      s.add(file);
      users.set(n, s);
    };
    // A Python import the module never uses (`from utils.markdown import consolidate_paper_md` left behind, the name
    // nowhere else in the file, not renamed with `as`) does not call it. (A package's `__init__.py` re-exports.)
    // (Nor a TypeScript import whose only other mention is in a comment: `// await reduceAnswers(…)` left behind.)
    const code = new Map<string, string | null>();
    const codeOf = (file: string, lang: string): string | null => {
      let text = code.get(file);
      if (text === undefined) {
        const raw = read(file);
        code.set(file, (text = raw === null ? null : withoutComments(raw, lang === 'py' ? 'py' : 'ts')));
      }
      return text;
    };
    const importUsed = (n: string, file: string, lang: string): boolean => {
      if (BARREL.test(file)) return true;
      const text = codeOf(file, lang);
      return text === null || occurrences(text, n, 2) >= 2 || (lang === 'py' ? new RegExp(`(?<![\\w.])${n}\\s+as\\s`) : new RegExp(`(?<![\\w.$])${n.replace(/\$/g, '\\$')}\\s+as\\s`)).test(text);
    };
    for (const [file, st] of this.files) {
      for (const imp of st.imports) for (const n of imp.names) if (wanted.has(n) && importUsed(n, file, st.lang)) use(n, file);
      for (const entry of this.calledNames.get(file)?.names ?? []) {
        const n = entry.slice(entry.lastIndexOf('.') + 1);
        // (A call in a comment is none.)
        if (!wanted.has(n)) continue;
        const text = codeOf(file, st.lang);
        if (text === null || new RegExp(`(?<![\\w$])${n.replace(/\$/g, '\\$')}\\s*(<[^;(){}=]{0,120}>\\s*)?\\(`).test(text)) use(n, file);
      }
    }
    const usedElsewhere = (n: string, file: string) => [...(users.get(n) ?? [])].some((f) => f !== file);
    // The names other files import from each candidate module, by resolved import (`import { generateTags } from
    // "./aiService"`, `from .service import summarize`).
    const resolver = this.getResolver();
    const importedFrom = new Map<string, Set<string>>();
    // Only imports whose last segment names a candidate module are resolved (`./aiService`, `.service`).
    const stems = moduleStems(topNames.keys());
    /** The files importing each candidate module whole (`import * as reports from "./reports.controller"`). */
    const wholeIn = new Map<string, Set<string>>();
    for (const [file, st] of this.files) {
      if (!st.imports.some((imp) => stems.has(specStem(imp.spec)) || (st.lang === 'py' && imp.names.some((n) => stems.has(n))))) continue;
      const targets = this.importTargetsOf(file, st, resolver);
      st.imports.forEach((imp, i) => {
        // `from python.helpers import call_llm` naming the module, left unused in the file: its functions are imported
        // by nobody there (used, `call_llm.call_llm(…)` is a call read above).
        for (const sub of targets[i]?.subs ?? []) {
          const stem = sub.slice(sub.lastIndexOf('/') + 1).replace(/\.py$/, '');
          if (sub === file || !topNames.has(sub) || !imp.names.includes(stem) || importUsed(stem, file, st.lang)) continue;
          const set = importedFrom.get(sub) ?? new Set<string>();
          for (const n of topNames.get(sub) ?? []) set.add(n);
          importedFrom.set(sub, set);
        }
        const t = targets[i]?.file;
        if (!t || t === file || !topNames.has(t)) return;
        const set = importedFrom.get(t) ?? new Set<string>();
        for (const n of imp.names) set.add(n);
        importedFrom.set(t, set);
        if (imp.names.includes('*')) wholeIn.set(t, (wholeIn.get(t) ?? new Set<string>()).add(file));
      });
    }
    // A function of a module imported whole is used where that file names it as a member (`reports.postTitle`, handed
    // to a router without a call).
    const memberOf = (name: string, file: string) => [...(wholeIn.get(file) ?? [])].some((f) => {
      const text = read(f);
      return text !== null && new RegExp(`\\.\\s*${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(text);
    });
    /**
     * A module of entry points a framework calls by the names its manifest gives (`path: src/chat-panel.ts:startPanel
     * Chat` in a plugin's YAML, not read here), of which the app imports one helper: of its other public functions, at
     * most one is reached and three or more are not.
     */
    const entryModule = (name: string, file: string): boolean => {
      const ir = this.cachedIr(file);
      if (!ir || 'skipped' in ir) return false;
      const text = read(file) ?? '';
      // (Named in its own file beside its definition: reached from there.)
      const namedInFile = (n: string) => {
        const fn = Object.values(ir.fns).find((f) => f.name === n && f.parent === '(top)');
        return !fn || occurrences(text.slice(0, fn.p[0]) + text.slice(fn.p[1]), n, 2) > 1;
      };
      const siblings = (topNames.get(file) ?? []).filter((n) => n !== name && !n.startsWith('_') && (!ir.exports || exportsAs(ir, n, n)));
      const reached = siblings.filter((n) => usedElsewhere(n, file) || memberOf(n, file)).length;
      return reached <= 1 && siblings.filter((n) => !usedElsewhere(n, file) && !memberOf(n, file) && !namedInFile(n)).length >= 3;
    };
    const dead = new Set<ScannedCall>();
    for (const [name, list] of candidates) {
      for (const c of list) {
        if (usedElsewhere(name, c.file)) continue;
        // Only in a service module whose other functions the app imports: a module of jobs nothing imports yet (a
        // script, the fixtures' and the evaluation set's shape) keeps them.
        const imported = importedFrom.get(c.file);
        // (Or imported by its name and never used where it is imported: the app meant to call it and does not.)
        const importedUnused = !!imported?.has(name);
        if (!imported || (!importedUnused && !(topNames.get(c.file) ?? []).some((n) => n !== name && imported.has(n))) || memberOf(name, c.file)) continue;
        // …whose other public functions the app reaches (not a module of a framework's entry points).
        if (entryModule(name, c.file)) continue;
        // Named in its own file only by its definition and its own body (a label it gives itself,
        // `get_chat_model("transform_api_response_from_schema")`, or a call of itself).
        const text = read(c.file);
        const fn = fnOf.get(c)!;
        if (text !== null && occurrences(text.slice(0, fn.p[0]) + text.slice(fn.p[1]), name, 1) === 0) dead.add(c);
      }
    }
    return dead.size ? calls.filter((c) => !dead.has(c)) : calls;
  }

  /** The link of a set of modules, reused while the same IR objects are linked again. */
  private link(modules: Map<string, ModuleIR>, resolver: Resolver): LinkOutput {
    const key = [...modules.keys()].sort().map((f) => `${f}:${this.files.get(f)?.hash}`).join('\n') + `\n${resolver === this.resolver ? '' : 'r'}`;
    if (this.lastLink && this.lastLink.key === key) return this.lastLink.out;
    const out = linkModules(modules, resolver);
    this.lastLink = { key, out };
    return out;
  }

  /** What a file's imports resolve to (Python: the submodules they name too), kept while the file and resolver stay. */
  private importTargetsOf(file: string, st: FileState, resolver: Resolver): readonly { file: string | null; subs: readonly string[] }[] {
    const kept = this.importTargets.get(file);
    if (kept && kept.hash === st.hash && kept.resolver === resolver) return kept.targets;
    const targets = st.imports.map((imp) => {
      const f = st.lang === 'ts' ? resolver.ts(file, imp.spec) : resolver.py(file, imp.spec);
      const subs: string[] = [];
      if (st.lang === 'py') for (const n of imp.names) {
        // `from app import llm`: app/llm.py, also when `app/` has no `__init__.py` (a namespace package).
        const sub = f ? resolver.pySubmodule(f, n) : n === '*' ? null : resolver.py(file, imp.spec.endsWith('.') ? `${imp.spec}${n}` : `${imp.spec}.${n}`);
        if (sub) subs.push(sub);
      }
      return { file: f, subs };
    });
    this.importTargets.set(file, { hash: st.hash, resolver, targets });
    return targets;
  }

  /**
   * The files the next round most likely reads, before the link says: what the files just parsed import, and the files
   * that import them (a layer of the app's LLM layer calls the one below). Test files are left out as the follow-up
   * leaves them out; at most a few per file parsed. A guess only: a file it misses is read when asked for.
   */
  private guessNext(parsed: readonly ParseRequest[], wanted: Set<string>, resolver: Resolver, read: (file: string) => string | null): ParseRequest[] {
    const just = new Set(parsed.map((r) => r.file));
    const guess = new Set<string>();
    const limit = Math.min(MAX_GUESS, GUESS_PER_FILE * just.size);
    const tests = !this.options.includeTests;
    const take = (f: string | null): void => {
      if (!f || wanted.has(f) || guess.has(f) || guess.size >= limit || this.cachedIr(f)) return;
      const st = this.files.get(f);
      if (!st || (tests && (st.lang === 'ts' ? TS_TEST_PATH.test(f) : isTestFile(f, read)))) return;
      guess.add(f);
    };
    for (const file of just) {
      const st = this.files.get(file);
      if (st) for (const t of this.importTargetsOf(file, st, resolver)) take(t.file);
    }
    // The files importing them, and through a barrel (`index.ts`, `__init__.py` re-exporting them) the files importing that.
    // (Barrels chain: `providers/openai.ts` → `providers/index.ts` → the package's `index.ts` → its importers. A barrel
    // already guessed, as an importer at an earlier level, is followed all the same.)
    const targets = new Set(just);
    const followed = new Set<string>();
    for (let level = 0; level < 4 && guess.size < limit; level++) {
      const barrels: string[] = [];
      const barrel = (file: string) => {
        if (BARREL.test(file) && !followed.has(file)) {
          followed.add(file);
          barrels.push(file);
        }
      };
      for (const [file, st] of this.files) {
        if (guess.size >= limit) break;
        const known = wanted.has(file) || guess.has(file);
        if (known && !BARREL.test(file)) continue;
        for (const t of this.importTargetsOf(file, st, resolver)) {
          if (t.file && targets.has(t.file)) {
            if (!known) take(file);
            barrel(file);
            break;
          }
        }
      }
      for (const file of targets) barrel(file);
      if (!barrels.length) break;
      targets.clear();
      for (const b of barrels) targets.add(b);
    }
    const out: ParseRequest[] = [];
    for (const file of guess) {
      const text = read(file);
      if (text !== null && hashText(text) === this.files.get(file)?.hash) out.push({ file, text, options: this.options });
    }
    return out;
  }

  private followUp(out: LinkOutput, modules: Map<string, ModuleIR>, resolver: Resolver, wanted: Set<string>, read: (file: string) => string | null): string[] {
    const next = new Set<string>();
    const resolve = (from: string, spec: string, lang: 'ts' | 'py') => (lang === 'ts' ? resolver.ts(from, spec) : resolver.py(from, spec));
    // What files that make requests, hold plumbing or jobs import: prompts, builders, constants, interfaces; and
    // what a prompt module read for them imports (`prompt/provider.ts` building the system prompt from `./constants`).
    const promptModules = [...wanted].filter((f) => PROMPT_MODULE.test(f));
    // (Through the barrels of their own package they import, `import { getSystemPrompt } from "../index"`: what the
    // barrel re-exports. Not a package's barrel, `@acme/db`: the rest of the app.)
    const expand = new Set([...out.relevant, ...out.siteFiles, ...promptModules]);
    let barrels = 0;
    const throughBarrel = (f: string | null, spec: string) => {
      if (f && spec.startsWith('.') && modules.has(f) && BARREL.test(f) && !expand.has(f) && barrels++ < 50) expand.add(f);
    };
    for (const file of expand) {
      const m = modules.get(file);
      if (!m) continue;
      const lang = m.language === 'python' ? 'py' : 'ts';
      for (const imp of Object.values(m.imports)) {
        const f = resolve(file, imp.m, lang);
        if (f && !wanted.has(f)) next.add(f);
        throughBarrel(f, imp.m);
        if (lang === 'py' && imp.n !== '*') {
          const sub = f ? resolver.pySubmodule(f, imp.n) : resolver.py(file, `${imp.m}.${imp.n}`);
          if (sub && !wanted.has(sub)) next.add(sub);
        }
      }
      for (const spec of m.exportAll) {
        const f = resolve(file, spec, lang);
        if (f && !wanted.has(f)) next.add(f);
        throughBarrel(f, spec);
      }
      if (m.exports) for (const ex of Object.values(m.exports)) if ('m' in ex) {
        const f = resolve(file, ex.m, lang);
        if (f && !wanted.has(f)) next.add(f);
        throughBarrel(f, ex.m);
      }
    }
    // Files that import a file of the app's LLM layer (or a barrel re-exporting one).
    const relevant = new Set(out.relevant);
    const all = out.plumbingNames.filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n.length > 2 && n !== '__call__');
    // Names every codebase calls (`service.complete(…)`, `queue.run(…)`): a call on a receiver named like an LLM
    // client (`this.llm.complete(…)`, `ai.chat(…)`); a file that imports the layer is found by its imports.
    const generic = all.filter((n) => GENERIC_VERB.test(n));
    const names = all.filter((n) => !GENERIC_VERB.test(n));
    const plain = new Set(names);
    const onReceiver = new Set(generic);
    const nameHit = (called: readonly string[]): boolean => {
      for (const c of called) {
        const dot = c.indexOf('.');
        if (dot < 0) {
          if (plain.has(c)) return true;
          continue;
        }
        const name = c.slice(dot + 1);
        if (plain.has(name) || (onReceiver.has(name) && LLM_ISH_RECEIVER.test(c.slice(0, dot)))) return true;
      }
      return false;
    };
    // Keys of the app's message channels whose handlers are in the LLM layer: files sending them (`channel.call("sendLLMMessage", …)`).
    const keys = new Set(out.messageKeys ?? []);
    const sendsKey = (file: string, called: readonly string[]): boolean => {
      if (!keys.size || !called.some((c) => SENDS_KEYED.test(c))) return false;
      const text = read(file);
      if (text === null) return false;
      for (const m of text.matchAll(KEYED_SEND)) if (keys.has(keyOf(m[2] ?? m[3] ?? m[4] ?? ''))) return true;
      return false;
    };
    // Paths of the app's own HTTP routes whose handlers hand the body to the model: files posting to them.
    const routes = (out.routePaths ?? []).map((r) => r.replace(/^\/+/, ''));
    const postsToRoute = (file: string): boolean => {
      if (!routes.length) return false;
      const text = read(file);
      return text !== null && routes.some((r) => text.includes(r)) && POSTS.test(text);
    };
    const tests = !this.options.includeTests;
    const candidates: [string, FileState][] = [];
    const reexported = new Map<string, boolean>();
    const reexports = (f: string): boolean => {
      let r = reexported.get(f);
      if (r === undefined) reexported.set(f, (r = reexportsRelevant(modules.get(f)!, relevant, resolver)));
      return r;
    };
    const named = all.length ? new RegExp(`\\.(?:${all.slice(0, 200).map((n) => n.replace(/\$/g, '\\$')).join('|')})\\b(?!\\s*\\()`) : null;
    // A file read earlier (a guess) that calls the layer: its prompts and constants, as for a candidate below.
    // Likewise a file read earlier that imports the layer without calling it by name, and holds no job yet: it may hand
    // the layer's function to a runner of its own (`withBackoff(completeText, [turns, opts, model], 3)`) not read yet.
    for (const file of wanted) {
      const st = this.files.get(file);
      if (!st || !modules.has(file) || out.siteFiles.has(file) || out.relevant.has(file)) continue;
      const called = this.calledNames.get(file);
      if ((plain.size || onReceiver.size) && called?.hash === st.hash && nameHit(called.names)) candidates.push([file, st]);
      else if (this.importTargetsOf(file, st, resolver).some((t) => t.file && relevant.has(t.file))) candidates.push([file, st]);
      // …or names a method of the layer without calling it (`functools.partial(self._ask, prompt_name="…")` handed to
      // a runner imported from a file not read yet).
      else if (named && named.test(read(file) ?? '')) candidates.push([file, st]);
    }
    for (const [file, st] of this.files) {
      if (wanted.has(file) || next.has(file)) continue;
      // Test and mock files are not scanned: nothing in them is a job of the app.
      if (tests && (st.lang === 'ts' ? TS_TEST_PATH.test(file) : isTestFile(file, read))) continue;
      let hit = false;
      for (const t of this.importTargetsOf(file, st, resolver)) {
        if (t.file && (relevant.has(t.file) || (wanted.has(t.file) && modules.has(t.file) && reexports(t.file)))) {
          hit = true;
          break;
        }
        if (t.subs.some((sub) => relevant.has(sub))) {
          hit = true;
          break;
        }
      }
      if (!hit && (plain.size || onReceiver.size || keys.size || routes.length)) {
        let called = this.calledNames.get(file);
        if (!called || called.hash !== st.hash) {
          const text = read(file);
          called = { hash: st.hash, names: text === null ? [] : calledNamesOf(text) };
          this.calledNames.set(file, called);
        }
        hit = nameHit(called.names) || sendsKey(file, called.names) || postsToRoute(file);
      }
      if (hit) {
        next.add(file);
        candidates.push([file, st]);
      }
    }
    // A file that calls the layer is most often a job, whose prompts, builders and constants the next round would ask
    // for: read them in this one (a round re-links every file; a parse is cheap).
    for (const [file, st] of candidates) {
      for (const t of this.importTargetsOf(file, st, resolver)) if (t.file && !wanted.has(t.file) && this.files.has(t.file)) next.add(t.file);
    }
    return [...next].filter((f) => this.files.has(f));
  }
}

/** A module named for prompts (`prompts/`, `system_prompt.py`, `templates.ts`): its imports hold their text. */
const PROMPT_MODULE = /(^|\/)[^/]*(prompt|instruction|template|persona)[^/]*(\/|\.[a-z]+$)/i;

/** A call sending a keyed message (`this.channel.call`, `ipcRenderer.invoke`), as `calledNamesOf` records it. */
const SENDS_KEYED = new RegExp(`\\.(${SEND_KEYED_METHODS})$`);
/** The key such a call sends, as written. */
const KEYED_SEND = new RegExp(`\\.(${SEND_KEYED_METHODS})\\s*\\(\\s*(?:'([^'\\n]{1,120})'|"([^"\\n]{1,120})"|\`([^\`$\\n]{1,120})\`)`, 'g');
/** An HTTP post written in a file (fetch, axios, ky, requests, httpx): a file that may post to a route of the app's own. */
const POSTS = /\bfetch\s*\(|\.(?:post|put|patch)\s*\(/;

/** Method names too common to search for on any receiver. */
const GENERIC_VERB = /^_?(chat|complete|completion|generate|run|handle|ask|call|invoke|send|query|predict|execute|process|create|request|prompt|stream|respond|reply|answer|infer|inference)(_?(json|text|stream|async|sync|structured|object))?$/i;
/** Receivers named like an LLM client, a model or a provider (`llm`, `this.ai`, `self.chat_model`, `openaiClient`). */
const LLM_ISH_RECEIVER = /llm|^ai$|^ai_|^ai[A-Z]|[a-z]Ai$|_ai$|model|client|gpt|claude|openai|anthropic|gemini|provider|assistant|agent|gateway|completer|generator|^lm$|bot$|chat/i;

const isIdent = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36;
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

/**
 * The distinct names a text calls: `name` for `name(` and `name<T>(`, `recv.name` for `recv.name(` and
 * `recv?.name(`. A scan back from each `(`, linear in the text. The names are copied out (not slices of the text).
 */
export function calledNamesOf(text: string): string[] {
  const seen = new Set<string>();
  const identBefore = (end: number): number => {
    let i = end;
    while (i > 0 && isIdent(text.charCodeAt(i - 1))) i--;
    return i;
  };
  for (let p = text.indexOf('('); p >= 0 && seen.size < 4000; p = text.indexOf('(', p + 1)) {
    let e = p;
    while (e > 0 && isSpace(text.charCodeAt(e - 1))) e--;
    // `name<T>(`: skip a short type argument list.
    if (e > 0 && text.charCodeAt(e - 1) === 62 /* > */) {
      const lt = text.lastIndexOf('<', e - 1);
      if (lt < 0 || e - lt > 120 || /[;(){}=]/.test(text.slice(lt, e))) continue;
      e = lt;
      while (e > 0 && isSpace(text.charCodeAt(e - 1))) e--;
    }
    const s = identBefore(e);
    if (e - s < 3 || (text.charCodeAt(s) >= 48 && text.charCodeAt(s) <= 57)) continue;
    const name = text.slice(s, e);
    let d = s;
    while (d > 0 && isSpace(text.charCodeAt(d - 1))) d--;
    if (d > 0 && text.charCodeAt(d - 1) === 46 /* . */) {
      let r = d - 1;
      if (r > 0 && text.charCodeAt(r - 1) === 63 /* ? */) r--;
      while (r > 0 && isSpace(text.charCodeAt(r - 1))) r--;
      const rs = identBefore(r);
      seen.add(rs < r ? `${text.slice(rs, r)}.${name}` : `.${name}`);
    } else seen.add(name);
  }
  // One small string split again: the names do not keep the file's text alive.
  const joined = [...seen].join('\n');
  return joined ? joined.split('\n') : [];
}

const DEBUG = typeof process !== 'undefined' && !!process.env?.TIERWISE_DEBUG;

function reexportsRelevant(m: ModuleIR, relevant: Set<string>, resolver: Resolver): boolean {
  const lang = m.language === 'python' ? 'py' : 'ts';
  const specs = [...m.exportAll, ...(m.exports ? Object.values(m.exports).flatMap((e) => ('m' in e ? [e.m] : [])) : []), ...(lang === 'py' ? Object.values(m.imports).map((i) => i.m) : [])];
  for (const s of specs) {
    const f = lang === 'ts' ? resolver.ts(m.file, s) : resolver.py(m.file, s);
    if (f && relevant.has(f)) return true;
  }
  // A factory that hands out what it imports from the layer (`static current() { switch (…) { case 'azure': return
  // azureNotes; default: return anthropicNotes } }`, `return new OpenAIBackend()`): its callers call the layer.
  if (lang === 'ts') {
    const fromLayer = new Set<string>();
    for (const [local, imp] of Object.entries(m.imports)) {
      const f = resolver.ts(m.file, imp.m);
      if (f && relevant.has(f)) fromLayer.add(local);
    }
    if (!fromLayer.size) return false;
    for (const fn of Object.values(m.fns)) {
      for (const r of fn.returns) {
        const e = r.k === 'call' ? m.calls[r.id]?.f : r;
        if (e?.k === 'name' && fromLayer.has(e.n)) return true;
      }
    }
  }
  return false;
}

/** Runs a computation, parsing in place (tests, small scans). */
export function runSync(gen: Generator<ParseRequest[], ProjectResult, ParseAnswer[]>, parse: (r: ParseRequest) => ParseAnswer): ProjectResult {
  let step = gen.next();
  while (!step.done) step = gen.next(step.value.map(parse));
  return step.value;
}

/** Runs a computation with an asynchronous parser (worker threads with a time budget). */
export async function runAsync(gen: Generator<ParseRequest[], ProjectResult, ParseAnswer[]>, parse: (batch: ParseRequest[]) => Promise<ParseAnswer[]>): Promise<ProjectResult> {
  let step = gen.next();
  while (!step.done) step = gen.next(await parse(step.value));
  return step.value;
}

/** Whether a module exports its own `local` under the name `as` (`export default summarize`, `export { summarize }`). */
function exportsAs(ir: ModuleIR, local: string, as: string): boolean {
  const e = ir.exports && Object.hasOwn(ir.exports, as) ? ir.exports[as] : undefined;
  return !!e && 'local' in e && e.local === local;
}
