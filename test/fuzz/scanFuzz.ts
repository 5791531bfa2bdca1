// Mutated inputs for the scanner (issue 12): one generator shared by the bounded fuzz test in the suite
// (test/unit/scan-fuzz.test.ts) and the long run done once (scripts/scan-fuzz.ts), which also drives older
// versions of the scanner with exactly the same inputs. Nothing here scans: a caller passes its scanner in.
//
// Two kinds of input:
// - robustness inputs: a fixture project with one file mutated at random (truncations, inserted garbage, deleted
//   brackets, duplicated or deleted lines, deep nesting, long literals and identifiers, long `+` chains, many calls
//   in one function). Asked: does anything throw, how long does it take.
// - recall trials: a syntax error planted in one statement or member of a file (a sibling method, a statement of
//   the same function, another top-level statement) or the file cut inside a statement (a half-written end).
//   The reference is the same project with that statement removed cleanly (blanked, or the file ending before it):
//   what a scanner finds there and no longer finds with the error is what the error cost elsewhere in the file.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';
import { loadPythonParser, parsePython, type PyNode } from '../../src/core/scan/python/parser';

export type Lang = 'ts' | 'py';

export interface FuzzProject {
  name: string;
  files: Record<string, string>;
  /** Source files that may be mutated, with their language. */
  sources: { file: string; lang: Lang }[];
}

/** What a scanner returns, reduced to what the fuzz compares. */
export interface ScanOutcome {
  /** `file:line:column` of each call site's callee. */
  calls: string[];
  skipped: { file: string; reason: string }[];
}

export type ScanFn = (files: Record<string, string>) => ScanOutcome;

export interface FuzzInput {
  id: number;
  kind: string;
  lang: Lang;
  project: string;
  file: string;
  files: Record<string, string>;
}

export type RecallKind = 'member' | 'top' | 'eof';

export interface RecallTrial {
  id: number;
  kind: RecallKind;
  lang: Lang;
  mutation: string;
  project: string;
  file: string;
  /** The project with the error planted (or the file cut). */
  broken: Record<string, string>;
  /** The same project with the statement removed cleanly: the calls it keeps are the ones to keep. */
  reference: Record<string, string>;
}

const SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|py)$/;

function readTree(dir: string, root = dir, out: Record<string, string> = {}): Record<string, string> {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) readTree(p, root, out);
    else if ((SOURCE.test(name) || /^(package|tsconfig)\.json$|^\.tierwise\.json$/.test(name)) && name !== 'expected.json') out[relative(root, p).split('\\').join('/')] = readFileSync(p, 'utf8');
  }
  return out;
}

function langOf(file: string): Lang | null {
  if (!SOURCE.test(file)) return null;
  return file.endsWith('.py') ? 'py' : 'ts';
}

function project(name: string, files: Record<string, string>): FuzzProject {
  const sources = Object.keys(files)
    .map((file) => ({ file, lang: langOf(file) }))
    .filter((s): s is { file: string; lang: Lang } => s.lang !== null);
  return { name, files, sources };
}

/**
 * The corpus: every scanner fixture (a small project each) and every file of the task-type evaluation cases (one
 * project per file, with the registries they read). `repo` is the repository root.
 */
export function loadCorpus(repo: string): FuzzProject[] {
  const out: FuzzProject[] = [];
  for (const kind of ['scan-ts', 'scan-py']) {
    const dir = join(repo, 'test', 'fixtures', kind);
    for (const d of readdirSync(dir).sort()) if (statSync(join(dir, d)).isDirectory()) out.push(project(`${kind}/${d}`, readTree(join(dir, d))));
  }
  const cases = join(repo, 'test', 'eval', 'cases');
  const all = readTree(cases);
  const registries = Object.fromEntries(Object.entries(all).filter(([f]) => /model_?[rR]egistry\.(py|ts)$/.test(f)));
  for (const [file, text] of Object.entries(all)) {
    if (file in registries) continue;
    out.push(project(`eval/${file}`, { ...registries, [file]: text }));
  }
  return out.filter((p) => p.sources.length > 0);
}

// --- randomness -------------------------------------------------------------------------------------------------

export type Rng = () => number;

/** mulberry32: small, fast, and the same sequence on every machine. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (r: Rng, n: number) => Math.floor(r() * n);
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[int(r, xs.length)];

// --- robustness inputs ------------------------------------------------------------------------------------------

const GARBAGE = ['{', '}', '(', ')', '[', ']', '"', "'", '`', '"""', "'''", '/*', '*/', '//', '#', '\\', '${', '<div>', '</', ':', '=>', ';', ',', '@', '\t', '\u0000', '\uffff', '\ud83d\ude00', '\u2028', 'async ', 'def ', 'class ', 'function ', 'return ', 'import ', 'lambda', '...', '?.', '**', '%', '\r', '\n    ', 'else:', 'except', '`${', '} from "x"'];

function garbage(r: Rng): string {
  let s = '';
  const n = 1 + int(r, 6);
  for (let i = 0; i < n; i++) s += r() < 0.8 ? pick(r, GARBAGE) : String.fromCharCode(32 + int(r, 95));
  return s;
}

function insertAt(text: string, at: number, s: string): string {
  return text.slice(0, at) + s + text.slice(at);
}

function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) out.push(i + 1);
  return out;
}

/** The start of a random line, and its indentation. */
function randomLineStart(r: Rng, text: string): { at: number; indent: string } {
  const starts = lineStarts(text);
  const at = starts[int(r, starts.length)];
  const indent = /^[ \t]*/.exec(text.slice(at, at + 200))![0];
  return { at, indent };
}

function bigInt(r: Rng, scale: number, small: number, big: number): number {
  // Mostly small, sometimes large (the sizes that broke passes: 1,000 `+` terms, 500 nested calls, 60,000 characters).
  return r() < 0.7 ? 1 + int(r, small) : small + int(r, Math.max(1, Math.round(big * scale) - small));
}

/** A construct nested `depth` levels, on one line. */
function nested(r: Rng, lang: Lang, depth: number): string {
  const shapes =
    lang === 'py'
      ? [
          ['(', ')'],
          ['[', ']'],
          ['{"k": ', '}'],
          ['f(', ')'],
          ['client.messages.create(model="claude-haiku-4-5", messages=', ')'],
          ['-', ''],
          ['not ', ''],
          ['lambda: ', ''],
        ]
      : [
          ['(', ')'],
          ['[', ']'],
          ['{ k: ', ' }'],
          ['f(', ')'],
          ['!', ''],
          ['() => ', ''],
          ['async function () { return ', ' }'],
          ['(async () => { await ', ' })()'],
          ['client.messages.create({ model: "claude-haiku-4-5", messages: ', ' })'],
          ['`${', '}`'],
        ];
  const [open, close] = pick(r, shapes);
  return open.repeat(depth) + '1' + close.repeat(depth);
}

function plusChain(r: Rng, lang: Lang, terms: number): string {
  const term = pick(r, lang === 'py' ? ['"a"', 'a', 'f"x{a}"', "'text '"] : ['"a"', 'a', '`x${a}`', "'text '"]);
  return Array.from({ length: terms }, () => term).join(' + ');
}

function statement(lang: Lang, name: string, value: string): string {
  return lang === 'py' ? `${name} = ${value}\n` : `const ${name} = ${value};\n`;
}

/** A function with `n` calls of the SDK in a row (the 800-calls case). */
function manyCalls(lang: Lang, n: number): string {
  if (lang === 'py') {
    const call = '    client.messages.create(model="claude-haiku-4-5", max_tokens=5, messages=[{"role": "user", "content": q}])\n';
    return `def many_calls(q):\n${call.repeat(n)}`;
  }
  const call = '  client.messages.create({ model: "claude-haiku-4-5", max_tokens: 5, messages: [{ role: "user", content: q }] });\n';
  return `async function manyCalls(q: string) {\n${call.repeat(n)}}\n`;
}

/** Indented blocks `depth` deep (Python `if`s, TS blocks). */
function deepBlocks(lang: Lang, depth: number): string {
  let s = '';
  if (lang === 'py') {
    for (let i = 0; i < depth; i++) s += `${' '.repeat(i)}if x:\n`;
    return `${s}${' '.repeat(depth)}y = 1\n`;
  }
  return `${'{ '.repeat(depth)}y = 1;${' }'.repeat(depth)}\n`;
}

export const MUTATIONS = ['truncate', 'garbage', 'delete-bracket', 'duplicate-lines', 'delete-lines', 'deep-nesting', 'long-literal', 'plus-chain', 'long-identifier', 'many-calls', 'deep-blocks', 'repeat-file', 'crlf', 'tabs'] as const;
export type Mutation = (typeof MUTATIONS)[number];

/** One mutation of a text. `scale` (0–1) bounds the sizes of the large constructs (1: the sizes that broke passes). */
export function mutate(r: Rng, text: string, lang: Lang, kind: Mutation, scale: number): string {
  switch (kind) {
    case 'truncate':
      return text.slice(0, int(r, text.length + 1));
    case 'garbage':
      return insertAt(text, int(r, text.length + 1), garbage(r));
    case 'delete-bracket': {
      const at: number[] = [];
      for (let i = 0; i < text.length; i++) if ('(){}[]'.includes(text[i])) at.push(i);
      if (!at.length) return text;
      const i = pick(r, at);
      return text.slice(0, i) + text.slice(i + 1);
    }
    case 'duplicate-lines': {
      const lines = text.split('\n');
      const a = int(r, lines.length);
      const b = Math.min(lines.length, a + 1 + int(r, 8));
      lines.splice(b, 0, ...lines.slice(a, b));
      return lines.join('\n');
    }
    case 'delete-lines': {
      const lines = text.split('\n');
      lines.splice(int(r, lines.length), 1 + int(r, 4));
      return lines.join('\n');
    }
    case 'deep-nesting': {
      const { at, indent } = randomLineStart(r, text);
      return insertAt(text, at, indent + statement(lang, 'deep_value', nested(r, lang, bigInt(r, scale, 60, lang === 'ts' && r() < 0.5 ? 30 : 3000))));
    }
    case 'long-literal': {
      const { at, indent } = randomLineStart(r, text);
      const len = bigInt(r, scale, 2000, 100_000);
      const body = r() < 0.5 ? 'Classify the ticket as billing, bug or other. '.repeat(Math.ceil(len / 46)).slice(0, len) : 'x'.repeat(len);
      return insertAt(text, at, indent + statement(lang, 'LONG_PROMPT', JSON.stringify(body)));
    }
    case 'plus-chain': {
      const { at, indent } = randomLineStart(r, text);
      return insertAt(text, at, indent + statement(lang, 'JOINED', plusChain(r, lang, bigInt(r, scale, 200, 50_000))));
    }
    case 'long-identifier': {
      const { at, indent } = randomLineStart(r, text);
      const name = `id_${'x'.repeat(bigInt(r, scale, 1000, 70_000))}`;
      return insertAt(text, at, indent + statement(lang, name, '1'));
    }
    case 'many-calls': {
      const { at } = randomLineStart(r, text);
      return insertAt(text, at, manyCalls(lang, bigInt(r, scale, 50, 800)));
    }
    case 'deep-blocks': {
      const { at } = randomLineStart(r, text);
      return insertAt(text, at, deepBlocks(lang, bigInt(r, scale, 50, lang === 'py' ? 200 : 3000)));
    }
    case 'repeat-file':
      return `${text}\n`.repeat(2 + int(r, Math.max(1, Math.round(40 * scale))));
    case 'crlf':
      return text.replace(/\n/g, '\r\n');
    case 'tabs':
      return text.replace(/^( {4})+/gm, (m) => '\t'.repeat(m.length / 4));
  }
}

/**
 * The `id`-th robustness input of a run with `seed`: a project of the corpus with one of its source files mutated
 * once to three times. The same (seed, id) always gives the same input.
 */
export function robustnessInput(corpus: readonly FuzzProject[], seed: number, id: number, scale = 1): FuzzInput {
  const r = rng(seed * 1_000_003 + id);
  const p = corpus[int(r, corpus.length)];
  const src = pick(r, p.sources);
  let text = p.files[src.file];
  const kinds: Mutation[] = [];
  const n = 1 + (r() < 0.3 ? 1 + int(r, 2) : 0);
  for (let i = 0; i < n; i++) {
    const kind = pick(r, MUTATIONS);
    kinds.push(kind);
    text = mutate(r, text, src.lang, kind, scale);
  }
  return { id, kind: kinds.join('+'), lang: src.lang, project: p.name, file: src.file, files: { ...p.files, [src.file]: text } };
}

// --- recall trials ----------------------------------------------------------------------------------------------

interface Unit {
  start: number;
  end: number;
  /** Where blanking may end (a following comma of an object member is removed with it). */
  cut: number;
  top: boolean;
  /** A Python statement alone in its block: blanked to `pass`, not to nothing. */
  needsStatement: boolean;
}

/** Statements and members of a TS/JS file, at every depth (functions' statements, class and object members). */
function tsUnits(file: string, text: string): Unit[] {
  const jsx = /\.(tsx|jsx|js|mjs|cjs)$/.test(file);
  const sf = ts.createSourceFile(jsx ? 'x.tsx' : 'x.ts', text, ts.ScriptTarget.Latest, true, jsx ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: Unit[] = [];
  const stack: ts.Node[] = [sf];
  while (stack.length) {
    const n = stack.pop()!;
    const unit = (ts.isStatement(n) && !ts.isBlock(n)) || ts.isClassElement(n) || ts.isObjectLiteralElementLike(n);
    if (unit && n.parent) {
      const start = n.getStart(sf);
      let cut = n.end;
      if (ts.isObjectLiteralElementLike(n)) {
        const m = /^\s*,/.exec(text.slice(n.end, n.end + 200));
        if (m) cut = n.end + m[0].length;
      }
      if (n.end > start) out.push({ start, end: n.end, cut, top: ts.isSourceFile(n.parent), needsStatement: false });
    }
    n.forEachChild((c) => {
      stack.push(c);
    });
  }
  return out.sort((a, b) => a.start - b.start);
}

const PY_STATEMENT_PARENTS = new Set(['module', 'block']);

/** Statements of a Python file at every depth (module, class and function bodies, blocks). */
function pyUnits(text: string): Unit[] {
  const tree = parsePython(text);
  if (!tree) return [];
  const out: Unit[] = [];
  try {
    const stack: PyNode[] = [tree.rootNode];
    while (stack.length) {
      const n = stack.pop()!;
      const parent = n.parent;
      if (parent && PY_STATEMENT_PARENTS.has(parent.type) && n.isNamed && n.type !== 'comment' && n.endIndex > n.startIndex) {
        const siblings = parent.namedChildren.filter((c) => c && c.type !== 'comment');
        out.push({ start: n.startIndex, end: n.endIndex, cut: n.endIndex, top: parent.type === 'module', needsStatement: parent.type === 'block' && siblings.length === 1 });
      }
      for (let i = n.namedChildCount - 1; i >= 0; i--) {
        const c = n.namedChild(i);
        if (c) stack.push(c);
      }
    }
  } finally {
    tree.delete();
  }
  return out.sort((a, b) => a.start - b.start);
}

function blank(s: string): string {
  return s.replace(/[^\n\r]/g, ' ');
}

/** Does the text hold a syntax error? TypeScript's parser for TS/JS, tree-sitter for Python. */
export function hasSyntaxError(file: string, text: string): boolean {
  if (file.endsWith('.py')) {
    const tree = parsePython(text);
    if (!tree) return false;
    try {
      return tree.rootNode.hasError;
    } finally {
      tree.delete();
    }
  }
  const jsx = /\.(tsx|jsx|js|mjs|cjs)$/.test(file);
  const sf = ts.createSourceFile(jsx ? 'x.tsx' : 'x.ts', text, ts.ScriptTarget.Latest, false, jsx ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  return ((sf as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics ?? []).length > 0;
}

/** Closing brackets for those open at the end of a TS/JS text (strings, templates and comments skipped). */
function tsClosers(text: string, jsx: boolean): string {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, jsx ? ts.LanguageVariant.JSX : ts.LanguageVariant.Standard, text);
  const stack: string[] = [];
  const K = ts.SyntaxKind;
  for (let kind = scanner.scan(), guard = text.length + 10; kind !== K.EndOfFileToken && guard > 0; kind = scanner.scan(), guard--) {
    if (kind === K.OpenBraceToken) stack.push('}');
    else if (kind === K.OpenParenToken) stack.push(')');
    else if (kind === K.OpenBracketToken) stack.push(']');
    else if (kind === K.TemplateHead) stack.push('`');
    else if (kind === K.CloseBraceToken || kind === K.CloseParenToken || kind === K.CloseBracketToken) {
      const want = kind === K.CloseBraceToken ? '}' : kind === K.CloseParenToken ? ')' : ']';
      while (stack.length && stack[stack.length - 1] !== want) stack.pop();
      stack.pop();
      if (want === '}' && stack[stack.length - 1] === '`' && scanner.reScanTemplateToken(false) === K.TemplateTail) stack.pop();
    }
  }
  return stack.reverse().join('');
}

const ERRORS_TS = ['delete-closer', 'delete-opener', 'garbage', 'half-written', 'stray-keyword', 'unclosed-string'] as const;
const ERRORS_PY = ['delete-closer', 'delete-opener', 'garbage', 'half-written', 'stray-keyword', 'unclosed-string', 'missing-colon', 'bad-indent'] as const;

/** Plants one syntax error inside [start, end) of `text`; the rest of the text keeps its lines and columns. */
function plantError(r: Rng, text: string, lang: Lang, u: Unit, kind: string): string {
  const inUnit = (re: RegExp): number[] => {
    const at: number[] = [];
    for (let i = u.start; i < u.end; i++) if (re.test(text[i])) at.push(i);
    return at;
  };
  const replaceAt = (i: number, s: string) => text.slice(0, i) + s + text.slice(i + 1);
  const anywhere = () => u.start + int(r, u.end - u.start);
  switch (kind) {
    case 'delete-closer': {
      const at = inUnit(/[)\]}]/);
      return at.length ? replaceAt(pick(r, at), ' ') : text;
    }
    case 'delete-opener': {
      const at = inUnit(/[([{]/);
      return at.length ? replaceAt(pick(r, at), ' ') : text;
    }
    case 'garbage':
      return insertAt(text, anywhere(), pick(r, lang === 'py' ? ['@@ ', ') (', '{{', ' = = ', 'def (', ' <<< ', ' import ', ', ,'] : ['@@ ', ') (', '{{', ' => => ', 'function (', ' <<< ', ' import ', ', ,', ' #!', ' class {']));
    case 'half-written': {
      // The unit as if still being typed: its tail blanked (lines kept).
      const cut = u.start + 1 + int(r, Math.max(1, u.end - u.start - 1));
      return text.slice(0, cut) + blank(text.slice(cut, u.end)) + text.slice(u.end);
    }
    case 'stray-keyword':
      return insertAt(text, u.start, pick(r, lang === 'py' ? ['if ', 'def ', 'class ', 'return return ', 'for '] : ['if ( ', 'function ', 'class ', 'return return ', 'for (', 'const = ']));
    case 'unclosed-string': {
      const lineEnd = text.indexOf('\n', u.start);
      const at = u.start + int(r, Math.max(1, (lineEnd < 0 || lineEnd > u.end ? u.end : lineEnd) - u.start));
      return insertAt(text, at, pick(r, ['"', "'"]));
    }
    case 'missing-colon': {
      const at = inUnit(/:/).filter((i) => /^[ \t]*(#.*)?$/.test(text.slice(i + 1, text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i))));
      return at.length ? replaceAt(pick(r, at), ' ') : text;
    }
    case 'bad-indent': {
      const starts = lineStarts(text).filter((s) => s > u.start && s < u.end);
      return starts.length ? insertAt(text, pick(r, starts), '   ') : text;
    }
  }
  return text;
}

/** The same text with the unit removed cleanly (a Python statement alone in its block becomes `pass`). */
function withoutUnit(text: string, u: Unit): string {
  const removed = blank(text.slice(u.start, u.cut));
  const kept = u.needsStatement ? `pass${removed.slice(4)}` : removed;
  return text.slice(0, u.start) + kept + text.slice(u.cut);
}

/** Per project, the units of each source file and where its call sites are (from a clean scan). */
export interface TrialPlan {
  project: FuzzProject;
  file: string;
  lang: Lang;
  units: Unit[];
}

/**
 * Where errors may be planted: statements and members that hold no call site of the clean project (so a call is
 * lost only through the error's recovery, never because its own code was broken). `scan` is the scanner whose clean
 * results choose the units (the same plan is then given to any scanner).
 */
export function planTrials(corpus: readonly FuzzProject[], scan: ScanFn): TrialPlan[] {
  const plans: TrialPlan[] = [];
  for (const p of corpus) {
    const clean = scan(p.files);
    if (!clean.calls.length) continue;
    for (const src of p.sources) {
      const text = p.files[src.file];
      if (hasSyntaxError(src.file, text)) continue;
      const starts = lineStarts(text);
      const callOffsets = clean.calls
        .filter((c) => c.slice(0, c.lastIndexOf(':', c.lastIndexOf(':') - 1)) === src.file)
        .map((c) => {
          const parts = c.split(':');
          const col = Number(parts.pop());
          const line = Number(parts.pop());
          return starts[line - 1] + col - 1;
        });
      const all = src.lang === 'py' ? pyUnits(text) : tsUnits(src.file, text);
      // A unit holding a call's callee holds the call: breaking it is not "elsewhere".
      const units = all.filter((u) => !callOffsets.some((o) => u.start <= o && o < u.end));
      if (units.length) plans.push({ project: p, file: src.file, lang: src.lang, units });
    }
  }
  return plans;
}

/**
 * The `id`-th recall trial of a run with `seed`, or null when the draw gave no usable trial (the mutation made no
 * syntax error, or removing the unit cleanly did not leave valid code). `kinds` weights the three kinds.
 */
export function recallTrial(plans: readonly TrialPlan[], seed: number, id: number, kinds: readonly RecallKind[] = ['member', 'top', 'eof']): RecallTrial | null {
  const r = rng(seed * 7_000_003 + id);
  const kind = pick(r, kinds);
  const usable = plans.filter((p) => (kind === 'member' ? p.units.some((u) => !u.top) : kind === 'top' ? p.units.some((u) => u.top) : true));
  if (!usable.length) return null;
  const plan = pick(r, usable);
  const text = plan.project.files[plan.file];
  const candidates = kind === 'member' ? plan.units.filter((u) => !u.top) : kind === 'top' ? plan.units.filter((u) => u.top) : plan.units;
  const u = pick(r, candidates);
  let broken: string;
  let reference: string;
  let mutation: string;
  if (kind === 'eof') {
    // The file ends inside the unit: a half-written last statement (everything after it not written yet).
    mutation = 'cut';
    const cut = u.start + 1 + int(r, Math.max(1, u.end - u.start - 1));
    broken = text.slice(0, cut);
    const prefix = text.slice(0, u.start);
    reference = plan.lang === 'py' ? prefix + (u.needsStatement ? 'pass\n' : '') : `${prefix}\n${tsClosers(prefix, /\.(tsx|jsx|js|mjs|cjs)$/.test(plan.file))}\n`;
  } else {
    mutation = pick(r, plan.lang === 'py' ? ERRORS_PY : ERRORS_TS);
    broken = plantError(r, text, plan.lang, u, mutation);
    reference = withoutUnit(text, u);
  }
  if (!hasSyntaxError(plan.file, broken) || hasSyntaxError(plan.file, reference)) return null;
  return {
    id,
    kind,
    lang: plan.lang,
    mutation,
    project: plan.project.name,
    file: plan.file,
    broken: { ...plan.project.files, [plan.file]: broken },
    reference: { ...plan.project.files, [plan.file]: reference },
  };
}

/** Calls of the reference found again in the broken project. */
export function keptCalls(reference: ScanOutcome, broken: ScanOutcome): { expected: number; kept: number } {
  const got = new Set(broken.calls);
  return { expected: reference.calls.length, kept: reference.calls.filter((c) => got.has(c)).length };
}

/** The Python grammar, for the units of Python files and the syntax check. */
export function loadFuzzParsers(): Promise<unknown> {
  return loadPythonParser();
}

/** A scanner's result reduced to what the fuzz compares. */
export function outcomeOf(result: { calls: { file: string; callee: { line: number; column: number } }[]; skipped: { file: string; reason: string }[] }): ScanOutcome {
  return { calls: result.calls.map((c) => `${c.file}:${c.callee.line}:${c.callee.column}`).sort(), skipped: result.skipped.map((s) => ({ file: s.file, reason: s.reason })) };
}
