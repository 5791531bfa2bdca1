// Prompt text read from files at run time: `prompt_engine.load_prompt("parse-otp-login", …)` renders
// `templates/parse-otp-login.j2`, `readFileSync(join(__dirname, "prompts/triage.md"))` reads a Markdown file. The
// engine names such reads in a prompt's holes; here they are matched with the workspace's prompt-like files (listed
// by path by the walkers, not parsed) and their text is put on the call (`promptFiles`), for the call card and
// task inference. Pure: the caller gives the list of files and a way to read one.
import { parse as parseToml } from 'smol-toml';
import type { PromptPart, ScannedCall } from '../types';

/** Extensions of files that hold prompt text (the editor's file watcher builds its glob from them). */
export const PROMPT_EXTENSIONS = ['md', 'markdown', 'txt', 'prompt', 'prompty', 'j2', 'jinja', 'jinja2', 'mustache', 'hbs', 'handlebars', 'tmpl', 'tpl', 'liquid', 'yaml', 'yml', 'toml'] as const;
const PROMPT_EXT = new RegExp(`\\.(${PROMPT_EXTENSIONS.join('|')})$`, 'i');
/** Folders that never hold an app's prompts. */
const NOT_PROMPTS = /(^|\/)(docs?|\.github|changelog|CHANGELOG|licenses?|node_modules|dist|build|coverage|\.venv|venv|site-packages)(\/|$)/;

/** A folder whose files without an extension are prompt texts. */
const PROMPT_DIR = /(^|\/)(pre_?)?prompts?(_\w+)?\/(?:[\w-]+\/)?$/i;

/** Longest text kept from one prompt file. */
export const PROMPT_FILE_LIMIT = 20_000;
/** Most prompt-like files a workspace lists (the rest are ignored: a docs site is not a prompt library). */
export const MAX_PROMPT_ASSETS = 5_000;
/** Most files attached to one call. */
const MAX_PER_CALL = 6;
/** Most files one name matches (the nearest first). */
const MAX_PER_REF = 3;

/** Whether a workspace file may hold prompt text read at run time (by its path). */
export function isPromptAsset(rel: string): boolean {
  if (NOT_PROMPTS.test(rel)) return false;
  const base = rel.slice(rel.lastIndexOf('/') + 1).toLowerCase();
  // A file without an extension in a prompts folder (`preprompts/roadmap`, read as `preprompts["roadmap"]`).
  if (!base.includes('.')) return PROMPT_DIR.test(rel.slice(0, rel.length - base.length));
  if (!PROMPT_EXT.test(rel)) return false;
  return !/^(readme|license|licence|changelog|contributing|code_of_conduct|security|authors|notice)\b/.test(base) && !/^(package|tsconfig|pnpm-lock|yarn|\.|docker-compose|mkdocs|pyproject|poetry|cargo)/.test(base);
}

/**
 * Calls in a hole's source that load a template by name: `load_prompt("x"`, `render('x.md'`, `hub.pull("a/b"`,
 * `Prompter(prompt_template="ask/entry"` (the name given as a keyword named for it).
 */
const LOADER = /([A-Za-z_$][\w$]*)\s*\(\s*(?:[A-Za-z_$][\w$.]*\s*,\s*)?(?:[A-Za-z_]*(?:template|prompt|name|path|file)[A-Za-z_]*\s*=\s*)?(?:f?r?)(["'`])([^"'`\n]{2,120})\2/gi;
/** A prompt read by name from a store of prompt files: `preprompts["roadmap"]`, `PROMPTS['triage']`. */
const STORE_READ = /([A-Za-z_$][\w$]*(?:prompts?|templates?)[\w$]*)\s*\[\s*(["'])([\w./-]{2,80})\2\s*\]/gi;
/** A string literal in an expression's source. */
const QUOTED = /(["'`])([^"'`\n]{2,160})\1/g;
const LOADER_NAME = /prompt|template|render|load|read|open|get|pull|file|text|jinja|env/i;

/** The names of prompt files a call's prompt reads at run time, as written (`parse-otp-login`, `prompts/triage.md`). */
export function promptRefsOf(parts: readonly PromptPart[]): string[] {
  const out: string[] = [];
  const add = (r: string) => {
    const ref = r.trim().replace(/^\.\//, '');
    if (ref && !out.includes(ref) && !/[{}$<>]/.test(ref)) out.push(ref);
  };
  for (const p of parts) {
    // `read from parse-otp-login` / `read from one of a, b`: the names of templates the engine saw loaded.
    const read = /^read from (?:one of )?(.+)$/.exec(p.origin ?? '');
    if (read) for (const name of read[1].split(', ')) if (/^[\w./-]{2,120}$/.test(name)) add(name);
    const texts = [...(p.holes ?? []), p.origin ?? ''];
    for (const t of texts) {
      // A path written with a prompt file's extension anywhere in the expression (`join(__dirname, "prompts/x.md")`).
      for (const m of t.matchAll(QUOTED)) if (PROMPT_EXT.test(m[2])) add(m[2]);
      for (const m of t.matchAll(LOADER)) if (LOADER_NAME.test(m[1])) add(m[3]);
      // Named with the store (`preprompts/roadmap`): a file of that name elsewhere (a ROADMAP.md) is not it.
      for (const m of t.matchAll(STORE_READ)) add(`${m[1]}/${m[3]}`);
    }
  }
  return out;
}

/**
 * An entry of a settings object read by section and key (`get_settings().pr_review_prompt.system`,
 * `settings.prompts.summarize`, `config["pr_review_prompt"]["user"]`): the last two names, not a method call.
 */
const SETTINGS_READ = /(?:\)|[\w\]])(?:\.([A-Za-z_]\w{1,60})|\[\s*["']([A-Za-z_][\w-]{1,60})["']\s*\])(?:\.([A-Za-z_]\w{0,40})|\[\s*["']([A-Za-z_][\w-]{0,40})["']\s*\])(?![\w(])/g;

/** The `section.key` pairs a call's prompt reads from a settings object (see SETTINGS_READ). */
export function settingsRefsOf(parts: readonly PromptPart[]): { section: string; key: string }[] {
  const out: { section: string; key: string }[] = [];
  for (const p of parts) {
    for (const t of [...(p.holes ?? []), p.origin ?? '']) {
      for (const m of t.matchAll(SETTINGS_READ)) {
        const section = m[1] ?? m[2];
        const key = m[3] ?? m[4];
        if (!out.some((r) => r.section === section && r.key === key) && out.length < MAX_PER_CALL) out.push({ section, key });
      }
    }
  }
  return out;
}

/** Keys of a settings section that hold prompt text. */
const PROMPT_KEY = /^(?:system|user|assistant|prompt|instructions?|template|(?:system|user)_?(?:prompt|message|template))$/i;

/** A prompt file's (or settings entry's) text as the call keeps it: at most PROMPT_FILE_LIMIT characters, the rest counted. */
function bounded(t: string): string {
  return t.length > PROMPT_FILE_LIMIT ? `${t.slice(0, PROMPT_FILE_LIMIT)}\n⟪… ${t.length - PROMPT_FILE_LIMIT} more characters⟫` : t;
}

/** Shortest settings entry taken for prompt text. */
const MIN_SETTINGS_TEXT = 20;

/** Path of a file without its (possibly double: `x.prompt.md`) extension, and its last segment. */
function stem(path: string): { full: string; base: string } {
  const noExt = path.replace(/(\.[A-Za-z0-9]{1,9}){1,2}$/, '');
  return { full: noExt.toLowerCase(), base: noExt.slice(noExt.lastIndexOf('/') + 1).toLowerCase() };
}

function sharedDirs(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  let n = 0;
  while (n < x.length - 1 && n < y.length - 1 && x[n] === y[n]) n++;
  return n;
}

/** The workspace files a reference names: same path suffix, else same name without extension; nearest first. */
/** A name in the app's own prompt store without its scheme (`builtin://summarize_alert.jinja2` → the file's name). */
export function withoutStoreScheme(name: string): string {
  return name.replace(/^[a-z][\w+.-]{0,20}:\/\//, '');
}

export function matchPromptFiles(ref: string, fromFile: string, assets: readonly string[]): string[] {
  const r = stem(withoutStoreScheme(ref.replace(/\\/g, '/')));
  if (r.base.length < 2) return [];
  const hits = assets.filter((a) => {
    const s = stem(a);
    return s.full === r.full || s.full.endsWith(`/${r.full}`) || (!r.full.includes('/') && s.base === r.base);
  });
  return hits.sort((a, b) => sharedDirs(b, fromFile) - sharedDirs(a, fromFile) || a.length - b.length || (a < b ? -1 : 1)).slice(0, MAX_PER_REF);
}

/** Calls with their prompt files, by the call the link gave: the same object while its files read the same. */
export type PromptFileCache = WeakMap<ScannedCall, { sig: string; call: ScannedCall }>;

/**
 * The calls with `promptFiles` set where their prompt reads a file the workspace has (the text, bounded) or names
 * one it does not (text null). A call without prompt files is returned as given; one with them is a copy, kept in
 * `cache` so that an unchanged call stays the same object from one computation to the next. `read` gives a file's
 * text or null.
 */
export function attachPromptFiles(
  calls: readonly ScannedCall[],
  assets: readonly string[],
  read: (rel: string) => string | null,
  cache: PromptFileCache = new WeakMap(),
): ScannedCall[] {
  const texts = new Map<string, string | null>();
  const textOf = (rel: string): string | null => {
    if (!texts.has(rel)) {
      const t = read(rel);
      texts.set(rel, t === null ? null : bounded(t));
    }
    return texts.get(rel)!;
  };
  const tables = new Map<string, Record<string, unknown> | null>();
  const tableOf = (rel: string): Record<string, unknown> | null => {
    if (!tables.has(rel)) {
      let t: Record<string, unknown> | null = null;
      try {
        const text = read(rel);
        t = text === null ? null : (parseToml(text) as Record<string, unknown>);
      } catch {
        t = null; // not TOML after all: no entries
      }
      tables.set(rel, t);
    }
    return tables.get(rel)!;
  };
  const settingsFiles = assets.filter((a) => /\.toml$/i.test(a));
  return calls.map((call) => {
    const refs = promptRefsOf(call.prompt);
    // `get_settings().pr_review_prompt.system` with a `[pr_review_prompt]` table in a settings TOML: that entry's text.
    const keyed = settingsFiles.length ? settingsRefsOf(call.prompt) : [];
    if (!refs.length && !keyed.length) return call;
    const files: { path: string; text: string | null; key?: string }[] = [];
    for (const { section, key } of keyed) {
      for (const rel of settingsFiles) {
        const sec = tableOf(rel)?.[section];
        const entries = sec && typeof sec === 'object' && !Array.isArray(sec) ? (sec as Record<string, unknown>) : {};
        const text = (k: string): string | null => {
          const v = Object.hasOwn(entries, k) ? entries[k] : undefined;
          return typeof v === 'string' && v.trim().length >= MIN_SETTINGS_TEXT ? bounded(v) : null;
        };
        if (text(key) === null) continue;
        // The entry read, and the section's other prompt texts (its `system` beside the `user` read here): the
        // model receives them together, and the read of one may sit in a branch the engine did not show.
        for (const k of [key, ...Object.keys(entries).filter((k) => k !== key && PROMPT_KEY.test(k))]) {
          const t = text(k);
          if (t !== null && files.length < MAX_PER_CALL && !files.some((f) => f.path === rel && f.key === `${section}.${k}`)) files.push({ path: rel, key: `${section}.${k}`, text: t });
        }
        break;
      }
    }
    for (const ref of refs) {
      const hits = matchPromptFiles(ref, call.file, assets);
      for (const h of hits) if (!files.some((f) => f.path === h) && files.length < MAX_PER_CALL) files.push({ path: h, text: textOf(h) });
      // A file named with an extension that the workspace does not have: said, without text.
      if (!hits.length && /\.[A-Za-z0-9]{1,9}$/.test(ref) && PROMPT_EXT.test(ref) && files.length < MAX_PER_CALL) files.push({ path: ref, text: null });
    }
    if (!files.length) return call;
    const sig = JSON.stringify(files);
    const kept = cache.get(call);
    if (kept && kept.sig === sig) return kept.call;
    const copy = { ...call, promptFiles: files };
    cache.set(call, { sig, call: copy });
    return copy;
  });
}
