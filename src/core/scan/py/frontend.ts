// Python → ModuleIR. Knows the language, nothing about SDKs: every function, class, binding and call of the file is
// recorded with its expressions unevaluated; the cross-file engine decides which calls reach a model.
// Linear in the size of the file: each node is converted once; nesting deeper than MAX_DEPTH is reported, not read.
import { lineStartsOf, pointAt } from '../../lines';
import { IR_VERSION, TOP, keptByIdField, own, type Assign, type Guard, type CallIR, type ClassIR, type Expr, type FnIR, type ModuleIR, type ParamIR, type Span, type TypeIR, type UseEvent } from '../ir';
import { isPythonParserReady } from '../python/parser';
import { MAX_EXPR_DEPTH, deepNote } from '../depth';
import { isFString, parsePy, type N } from './parse';

const MAX_DEPTH = 1000;

export interface PyFrontEndOptions {
  /** Read test and mock files too (they are left out by default). */
  includeTests?: boolean;
}

import { isTestFile } from '../../testFiles';

export const PY_EXTENSIONS = ['.py', '.pyi'] as const;

/** Test files and stubs: their calls are not the application's (unless tests are included). */
export function pyIgnoredReason(file: string, options: PyFrontEndOptions = {}, text?: string): string | null {
  if (file.endsWith('.pyi')) return 'stub file';
  if (!options.includeTests && isTestFile(file, text === undefined ? undefined : () => text)) return 'test or mock file';
  return null;
}

function emptyPyModule(file: string, text: string): ModuleIR {
  return {
    v: IR_VERSION,
    file,
    language: 'python',
    text,
    problems: [],
    imports: {},
    exports: null,
    exportAll: [],
    fns: {
      [TOP]: { key: TOP, name: TOP, cls: null, parent: null, kind: 'top', params: [], locals: {}, returns: [], p: [0, text.length], loops: [], uses: [] },
    },
    classes: {},
    types: {},
    calls: [],
    notes: {},
  };
}

export function pyFrontEnd(file: string, text: string, options: PyFrontEndOptions = {}): ModuleIR {
  const out = emptyPyModule(file, text);
  const ignored = pyIgnoredReason(file, options, text);
  if (ignored) {
    out.ignored = ignored;
    return out;
  }
  collectNotes(text, out);
  if (!isPythonParserReady()) {
    out.problems.push('python parser not initialised (the file was not read)');
    return out;
  }
  let parsed;
  try {
    parsed = parsePy(text);
  } catch (e) {
    out.problems.push(`could not be parsed: ${e instanceof Error ? e.message : String(e)} (the file was not read)`);
    return out;
  }
  if ('fatal' in parsed) {
    out.problems.push(`${parsed.fatal} (the file was not read)`);
    return out;
  }
  out.problems.push(...parsed.problems);
  try {
    new Builder(out, text).run(parsed.root);
  } catch (e) {
    out.problems.push(`could not be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  return out;
}

/** `tierwise:` comments by line: found by their marker, much cheaper than asking the parser for comments. */
function collectNotes(text: string, out: ModuleIR): void {
  let line = 1;
  let lastPos = 0;
  for (let i = text.indexOf('tierwise:'); i !== -1; i = text.indexOf('tierwise:', i + 9)) {
    for (let j = text.indexOf('\n', lastPos); j !== -1 && j < i; j = text.indexOf('\n', j + 1)) {
      line++;
      lastPos = j + 1;
    }
    const lineStart = text.lastIndexOf('\n', i) + 1;
    const marker = text.slice(lineStart, i).lastIndexOf('#');
    if (marker < 0) continue;
    const lineEnd = text.indexOf('\n', i);
    out.notes[line] = text.slice(lineStart + marker + 1, lineEnd < 0 ? text.length : lineEnd);
  }
}

// --- tree helpers ---------------------------------------------------------------------------------------------

function field(n: N, name: string): N | null {
  for (const c of n.c) if (c.f === name) return c;
  return null;
}

function fields(n: N, name: string): N[] {
  return n.c.filter((c) => c.f === name);
}

/** Named children (operators and other anonymous field tokens left out). */
function kids(n: N): N[] {
  return n.c.filter((c) => c.named);
}

/** Parentheses and `await` add nothing to a value. */
function unwrap(n: N): N {
  let cur = n;
  for (let i = 0; i < 64; i++) {
    if ((cur.t === 'parenthesized_expression' || cur.t === 'await') && kids(cur).length === 1) cur = kids(cur)[0];
    else break;
  }
  return cur;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '\n': '', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0' };

function decodeEscapes(t: string): string {
  return t.replace(/\\(U[0-9a-fA-F]{8}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[0-7]{1,3}|\r\n|.|\n)/g, (m, e: string) => {
    if (e.length > 1 && (e[0] === 'u' || e[0] === 'x' || e[0] === 'U')) {
      const cp = parseInt(e.slice(1), 16);
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    if (/^[0-7]+$/.test(e) && e !== '0') return String.fromCharCode(parseInt(e, 8));
    if (e === '\r\n') return '';
    return ESCAPES[e] ?? m;
  });
}

interface StrPrefix {
  raw: boolean;
  f: boolean;
  quote: string;
  start: number;
}

function prefixOf(text: string, s: number): StrPrefix {
  let i = s;
  while (i < text.length && /[a-zA-Z]/.test(text[i])) i++;
  const pre = text.slice(s, i).toLowerCase();
  const q = text.startsWith('"""', i) ? '"""' : text.startsWith("'''", i) ? "'''" : text[i] ?? '"';
  return { raw: pre.includes('r'), f: pre.includes('f'), quote: q, start: i + q.length };
}

/** The value of a plain (non-f) string literal. */
function plainString(text: string, n: N): string {
  const pre = prefixOf(text, n.s);
  const end = Math.max(pre.start, text.endsWith(pre.quote, n.e) && n.e - pre.quote.length >= pre.start ? n.e - pre.quote.length : n.e);
  const body = text.slice(pre.start, end);
  return pre.raw ? body : decodeEscapes(body);
}

function isStringLit(text: string, n: N): boolean {
  return (n.t === 'string' && !isFString(text, n.s)) || (n.t === 'concatenated_string' && kids(n).every((c) => c.t === 'string' && !isFString(text, c.s)));
}

function literalText(text: string, n: N): string {
  if (n.t === 'concatenated_string') return kids(n).map((c) => plainString(text, c)).join('');
  return plainString(text, n);
}

const DISCRIMINATOR = /stop_reason|finish_reason|\.type\b|\.role\b|status/;
const JSON_PARSE = /(^|\.)(loads|parse_json|from_json)$/;
const SCHEMA_PARSE = /model_validate(_json)?$|parse_raw$|parse_obj(_as)?$|validate_json$|validate_python$/;
const ABSTRACT_BASE = /^(abc\.)?ABC$|^(typing\.|typing_extensions\.)?Protocol\b/;

interface SelfInfo {
  /** The name of the method's first parameter. */
  name: string;
  kind: 'this' | 'cls';
  cls: ClassIR;
  /** Bound in this function (or a lambda in it): written as `this`; in a nested def it is read through the method's local. */
  here: boolean;
}

interface Scope {
  fn: FnIR;
  /** Names bound in this function (parameters, assignments, loops, imports, defs …), found before it is read. */
  bound: Set<string>;
  globals: Set<string>;
  nonlocals: Set<string>;
  self: SelfInfo | null;
  /** The class whose body is being read (class attributes), or null. */
  classBody: ClassIR | null;
  /** Names imported in the `try` blocks around (`except ImportError: X = None` does not replace them). */
  tryImports: Set<string> | null;
}

interface Target {
  name: string;
  path: string[];
}

class Builder {
  private readonly scopes: Scope[] = [];
  private readonly lineStarts: number[];
  private depth = 0;
  private tooDeep = false;
  /** Nesting of the expression being read (see ../depth.ts), and where deeper ones were left out. */
  private exprDepth = 0;
  private readonly deepSpans: Span[] = [];
  private anon = 0;
  private stmtLine = 1;

  constructor(
    private readonly out: ModuleIR,
    private readonly text: string,
  ) {
    this.lineStarts = lineStartsOf(text);
  }

  run(root: N): void {
    const top = this.out.fns[TOP];
    const scope: Scope = { fn: top, bound: new Set(), globals: new Set(), nonlocals: new Set(), self: null, classBody: null, tryImports: null };
    collectBound(this.text, root.c, scope);
    this.scopes.push(scope);
    const body = root.c;
    const doc = body[0] ? this.docstring(body[0]) : null;
    if (doc !== null) this.out.doc = doc;
    for (const st of body) this.statement(st);
    this.scopes.pop();
    if (this.tooDeep) this.out.problems.push(`code nested deeper than ${MAX_DEPTH} levels was not read`);
    if (this.deepSpans.length) this.out.problems.push(deepNote(this.text, this.deepSpans));
  }

  // --- positions and scopes -------------------------------------------------------------------------------

  private span(n: N): Span {
    return [n.s, n.e];
  }

  private line(offset: number): number {
    return pointAt(this.lineStarts, offset).line;
  }

  private src(n: N, max = 200): string {
    const t = this.text.slice(n.s, Math.min(n.e, n.s + max));
    return n.e - n.s > max ? `${t}…` : t;
  }

  private get scope(): Scope {
    return this.scopes[this.scopes.length - 1];
  }

  private get fn(): FnIR {
    return this.scope.fn;
  }

  private get events(): UseEvent[] {
    return this.fn.uses;
  }

  private assign(fnKey: string, name: string, a: Assign): void {
    listOf(this.out.fns[fnKey].locals, name).push(a);
  }

  /** The function an assignment to `name` binds in (`global` / `nonlocal` respected). */
  private targetFn(name: string): string {
    const s = this.scope;
    if (s.globals.has(name)) return TOP;
    if (s.nonlocals.has(name)) {
      for (let i = this.scopes.length - 2; i >= 1; i--) if (this.scopes[i].bound.has(name) && !this.scopes[i].classBody) return this.scopes[i].fn.key;
    }
    return s.fn.key;
  }

  /** The function whose name `name` is (for `x.append(…)` on a name bound outside). */
  private declaringFn(name: string): string {
    const s = this.scope;
    if (s.globals.has(name)) return TOP;
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const sc = this.scopes[i];
      if (sc.bound.has(name) && !(sc.nonlocals.has(name) || (sc.globals.has(name) && i > 0))) return sc.fn.key;
    }
    return TOP;
  }

  private use(kind: UseEvent['kind'], node: N, at: number, detail?: string): void {
    const names = this.identifiersIn(node);
    if (names.length) this.events.push({ at, kind, names, ...(detail ? { detail } : {}) });
  }

  private guard<T>(fallback: () => T, fn: () => T): T {
    if (++this.depth > MAX_DEPTH) {
      this.depth--;
      this.tooDeep = true;
      return fallback();
    }
    try {
      return fn();
    } finally {
      this.depth--;
    }
  }

  // --- statements ------------------------------------------------------------------------------------------

  private block(n: N | null): void {
    if (!n) return;
    for (const st of n.c) this.statement(st);
  }

  private statement(st: N): void {
    this.guard(
      () => undefined,
      () => {
        const saved = this.stmtLine;
        if (st.t !== 'block') this.stmtLine = this.line(st.s);
        try {
          this.statementInner(st);
        } finally {
          this.stmtLine = saved;
        }
      },
    );
  }

  private statementInner(st: N): void {
    switch (st.t) {
      case 'expression_statement':
        for (const c of kids(st)) this.expr(c);
        return;
      case 'import_statement':
      case 'import_from_statement':
      case 'future_import_statement':
        this.importStatement(st);
        return;
      case 'function_definition':
        this.defStatement(st, []);
        return;
      case 'class_definition':
        this.classStatement(st, []);
        return;
      case 'decorated_definition': {
        const decorators = st.c.filter((c) => c.t === 'decorator');
        const def = field(st, 'definition');
        if (def?.t === 'function_definition') this.defStatement(def, decorators);
        else if (def?.t === 'class_definition') this.classStatement(def, decorators);
        return;
      }
      case 'return_statement': {
        const v = kids(st)[0];
        const e: Expr = v ? this.expr(v) : { k: 'null', p: this.span(st) };
        this.fn.returns.push(e);
        if (this.noneGuard || this.fn.guards) {
          this.fn.guards ??= this.fn.returns.slice(0, -1).map(() => null);
          this.fn.guards.push(this.noneGuard);
        }
        if (v) this.use('return', v, st.s);
        return;
      }
      case 'if_statement': {
        const cond = field(st, 'condition');
        this.expr(cond ?? st);
        // `if __name__ == "__main__":` at module level: a script's entry, or a module trying itself out.
        const body = field(st, 'consequence');
        if (cond && body && this.fn.key === TOP && /^__name__\s*==\s*["']__main__["']$/.test(this.text.slice(cond.s, cond.e).trim())) (this.out.mainBlocks ??= []).push(this.span(body));
        // `if text is None: return None` / `if not text: return ""`: a return taken when the name is missing.
        const saved = this.noneGuard;
        const g = cond ? this.noneTest(cond) : null;
        if (g) this.noneGuard = { n: g, eq: [], none: true };
        this.block(field(st, 'consequence'));
        this.noneGuard = saved;
        for (const alt of fields(st, 'alternative')) {
          if (alt.t === 'elif_clause') {
            const cond = field(alt, 'condition');
            if (cond) this.expr(cond);
            this.block(field(alt, 'consequence'));
          } else this.block(field(alt, 'body') ?? kids(alt).find((c) => c.t === 'block') ?? null);
        }
        return;
      }
      case 'for_statement':
      case 'while_statement':
        this.fn.loops.push(this.span(st));
        if (st.t === 'for_statement') {
          const left = field(st, 'left');
          const right = field(st, 'right');
          const rv = right ? this.expr(right) : ({ k: 'dyn', p: this.span(st) } as Expr);
          if (left && right) {
            const targets = patternTargets(this.text, left);
            for (const t of targets) this.assign(this.targetFn(t.name), t.name, { e: { k: 'idx', o: rv, i: { k: 'dyn', p: this.span(right) }, p: this.span(right) }, at: st.s, op: '=', ...(t.path.length ? { path: t.path } : {}) });
            this.events.push({ at: right.e, kind: 'derive', names: this.identifiersIn(right), targets: targets.map((t) => t.name) });
          }
        } else {
          const cond = field(st, 'condition');
          if (cond) this.expr(cond);
        }
        this.block(field(st, 'body'));
        for (const alt of fields(st, 'alternative')) this.block(field(alt, 'body') ?? kids(alt).find((c) => c.t === 'block') ?? null);
        return;
      case 'try_statement': {
        const body = field(st, 'body');
        const imported = new Set<string>();
        if (body) for (const s of body.c) if (s.t === 'import_statement' || s.t === 'import_from_statement') for (const n of importedNames(this.text, s)) imported.add(n);
        this.block(body);
        for (const c of kids(st)) {
          if (c.t === 'except_clause' || c.t === 'except_group_clause') {
            const asPat = c.c.find((x) => x.t === 'as_pattern');
            const alias = asPat ? field(asPat, 'alias') : null;
            const id = alias ? kids(alias)[0] : null;
            if (asPat) this.expr(kids(asPat)[0] ?? asPat);
            else for (const x of c.c) if (x.t !== 'block' && x.named) this.expr(x);
            if (id?.t === 'identifier') this.assign(this.targetFn(this.text.slice(id.s, id.e)), this.text.slice(id.s, id.e), { e: { k: 'dyn', p: this.span(id) }, at: c.s, op: '=' });
            const saved = this.scope.tryImports;
            const fallback = /ImportError|ModuleNotFoundError|Exception|^except\s*:/.test(this.src(c, 80));
            if (imported.size && fallback) this.scope.tryImports = new Set([...(saved ?? []), ...imported]);
            try {
              this.block(c.c.find((x) => x.t === 'block') ?? null);
            } finally {
              this.scope.tryImports = saved;
            }
          } else if (c.t === 'else_clause' || c.t === 'finally_clause') this.block(field(c, 'body') ?? c.c.find((x) => x.t === 'block') ?? null);
        }
        return;
      }
      case 'with_statement': {
        const clause = st.c.find((c) => c.t === 'with_clause');
        for (const item of clause ? kids(clause) : []) {
          const v = field(item, 'value') ?? kids(item)[0];
          if (!v) continue;
          if (v.t === 'as_pattern') {
            const ctx = kids(v)[0];
            const alias = field(v, 'alias');
            const e = ctx ? this.expr(ctx) : ({ k: 'dyn', p: this.span(v) } as Expr);
            const target = alias ? kids(alias)[0] : null;
            if (target && ctx) {
              const targets = patternTargets(this.text, target);
              for (const t of targets) this.assign(this.targetFn(t.name), t.name, { e, at: item.s, op: '=', ...(t.path.length ? { path: t.path } : {}) });
              this.events.push({ at: ctx.e, kind: 'derive', names: this.identifiersIn(ctx), targets: targets.map((t) => t.name) });
            }
          } else this.expr(v);
        }
        this.block(field(st, 'body'));
        return;
      }
      case 'match_statement': {
        const subjects = fields(st, 'subject');
        for (const s of subjects) this.expr(s);
        const body = field(st, 'body');
        const cases = body ? body.c.filter((c) => c.t === 'case_clause') : [];
        const labels: string[] = [];
        for (const c of cases) {
          const stack: N[] = c.c.filter((x) => x.t === 'case_pattern');
          let budget = 200;
          while (stack.length && budget-- > 0 && labels.length < 20) {
            const x = stack.pop()!;
            if (x.t === 'string') labels.push(literalText(this.text, x));
            else if (x.t !== 'class_pattern') for (let i = x.c.length - 1; i >= 0; i--) stack.push(x.c[i]);
          }
        }
        if (subjects.length) {
          const subj = subjects[0];
          this.events.push({ at: st.s, kind: 'switch', names: this.identifiersIn(subj), detail: labels.length ? `match on ${labels.join(', ')}` : `match ${this.src(subj, 60)}` });
        }
        for (const c of cases) {
          const guard = field(c, 'guard');
          if (guard) this.expr(guard);
          this.block(field(c, 'consequence') ?? c.c.find((x) => x.t === 'block') ?? null);
        }
        return;
      }
      case 'global_statement':
      case 'nonlocal_statement':
        return;
      case 'block':
        this.block(st);
        return;
      case 'ERROR':
      case 'MISSING':
      case 'pass_statement':
      case 'break_statement':
      case 'continue_statement':
        return;
      default:
        // raise, assert, del, print, exec, type aliases …: the calls and functions inside.
        for (const c of kids(st)) {
          if (c.t === 'block' || c.t.endsWith('_statement') || c.t.endsWith('_definition')) this.statement(c);
          else this.expr(c);
        }
    }
  }

  // --- imports ---------------------------------------------------------------------------------------------

  private importStatement(st: N): void {
    const imports = this.out.imports;
    const add = (local: string, m: string, n: string) => {
      // An import inside a function counts for the file (`from litellm import completion` in a def).
      if (this.fn.key === TOP || !own(imports, local)) imports[local] = { m, n };
    };
    if (st.t === 'import_statement') {
      for (const c of kids(st)) {
        if (c.t === 'dotted_name') {
          const full = this.text.slice(c.s, c.e).replace(/\s+/g, '');
          const first = full.split('.')[0];
          add(first, first, '*');
          // `import a.b.c` binds `a`; the submodules are reached through it. The full path is kept for the import graph.
          if (full !== first) add(full, full, '*');
        } else if (c.t === 'aliased_import') {
          const name = field(c, 'name');
          const alias = field(c, 'alias');
          if (name && alias) add(this.text.slice(alias.s, alias.e), this.text.slice(name.s, name.e).replace(/\s+/g, ''), '*');
        }
      }
      return;
    }
    if (st.t === 'future_import_statement') return;
    const modNode = field(st, 'module_name');
    if (!modNode) return;
    const m = this.text.slice(modNode.s, modNode.e).replace(/\s+/g, '');
    if (st.c.some((c) => c.t === 'wildcard_import')) {
      if (!this.out.exportAll.includes(m)) this.out.exportAll.push(m);
      return;
    }
    for (const c of fields(st, 'name')) {
      if (c.t === 'dotted_name') {
        const n = this.text.slice(c.s, c.e);
        add(n, m, n);
      } else if (c.t === 'aliased_import') {
        const name = field(c, 'name');
        const alias = field(c, 'alias');
        if (name && alias) add(this.text.slice(alias.s, alias.e), m, this.text.slice(name.s, name.e));
      }
    }
  }

  // --- functions and classes ------------------------------------------------------------------------------

  private uniqueKey(base: string, line: number): string {
    if (!own(this.out.fns, base)) return base;
    let k = `${base}@${line}`;
    for (let i = 2; own(this.out.fns, k); i++) k = `${base}@${line}#${i}`;
    return k;
  }

  private defStatement(def: N, decorators: N[]): void {
    const nameNode = field(def, 'name');
    const name = nameNode ? this.text.slice(nameNode.s, nameNode.e) : null;
    const cls = this.scope.classBody;
    const key = this.function(def, name, decorators, cls);
    if (name && !cls) this.assign(this.targetFn(name), name, { e: { k: 'fn', key, p: this.span(def) }, at: def.s, op: 'decl', fixed: true });
  }

  private classStatement(def: N, decorators: N[]): void {
    const nameNode = field(def, 'name');
    const name = nameNode ? this.text.slice(nameNode.s, nameNode.e) : `AnonymousClass@${this.line(def.s)}`;
    const outer = this.scope.classBody;
    const key = this.klass(def, name, decorators);
    if (outer) listOf(outer.fields, name).push({ e: { k: 'cls', key, p: this.span(def) }, at: def.s, fn: this.fn.key });
    else this.assign(this.targetFn(name), name, { e: { k: 'cls', key, p: this.span(def) }, at: def.s, op: 'decl', fixed: true });
  }

  /** Records a function (its parameters, locals, returns, calls) and returns its key. */
  private function(def: N, name: string | null, decoratorNodes: N[], cls: ClassIR | null): string {
    const decorators = decoratorNodes.map((d) => this.expr(kids(d)[0] ?? d));
    const decoText = decoratorNodes.map((d) => this.src(d, 80));
    const isStatic = decoText.some((t) => /^@(\w+\.)?staticmethod\b/.test(t));
    const isClassMethod = decoText.some((t) => /^@(\w+\.)?classmethod\b/.test(t));
    if (cls && decoText.some((t) => /^@(\w+\.)?abstract(method|property)\b/.test(t))) cls.abstract = true;
    const line = this.line(def.s);
    const fullName = cls && name ? `${cls.name}.${name}` : name;
    const key = fullName ? this.uniqueKey(fullName, line) : `<anonymous>@${line}#${this.anon++}`;
    const fn: FnIR = {
      key,
      name: fullName,
      cls: cls?.key ?? null,
      parent: this.fn.key,
      kind: cls ? (name === '__init__' ? 'ctor' : 'method') : 'function',
      ...(cls && isStatic ? { isStatic: true } : {}),
      params: [],
      locals: {},
      returns: [],
      ...(decorators.length ? { decorators } : {}),
      p: this.span(def),
      loops: [],
      uses: [],
    };
    const retNode = field(def, 'return_type');
    if (retNode) fn.ret = this.typeOf(retNode);
    this.out.fns[key] = fn;
    if (cls && name) cls.methods[name] = key;
    const paramsNode = field(def, 'parameters');
    const { params, defaults, selfName } = this.params(paramsNode, !!cls && !isStatic);
    fn.params = params;
    const scope: Scope = { fn, bound: new Set(params.map((p) => p.name)), globals: new Set(), nonlocals: new Set(), self: null, classBody: null, tryImports: null };
    if (selfName && cls) {
      scope.self = { name: selfName, kind: isClassMethod ? 'cls' : 'this', cls, here: true };
      scope.bound.add(selfName);
      // A def nested in the method reads `self` through this local.
      fn.locals[selfName] = [{ e: isClassMethod ? { k: 'cls', key: cls.key, p: this.span(def) } : { k: 'this', p: this.span(def) }, at: def.s, op: 'decl', fixed: true }];
    } else {
      const outer = this.scope.self;
      if (outer && !scope.bound.has(outer.name)) scope.self = { ...outer, here: outer.kind === 'cls' };
    }
    const body = field(def, 'body');
    if (body) collectBound(this.text, body.c, scope);
    if (scope.self && !selfName && scope.bound.has(scope.self.name)) scope.self = null;
    this.scopes.push(scope);
    const savedNone = this.noneGuard;
    this.noneGuard = null;
    try {
      for (const [p, d] of defaults) p.d = this.expr(d);
      this.block(body);
    } finally {
      this.scopes.pop();
      this.noneGuard = savedNone;
    }
    return key;
  }

  /** Parameters as callers pass them: `self`/`cls` of a method left out, `*args` rest, `**kwargs` kwrest, keyword-only flagged. */
  private params(node: N | null, method: boolean): { params: ParamIR[]; defaults: [ParamIR, N][]; selfName: string | null } {
    const params: ParamIR[] = [];
    const defaults: [ParamIR, N][] = [];
    let selfName: string | null = null;
    let kwOnly = false;
    let index = 0;
    let first = true;
    for (const p of node ? kids(node) : []) {
      if (p.t === 'keyword_separator') {
        kwOnly = true;
        continue;
      }
      if (p.t === 'positional_separator') continue;
      let id: N | null = null;
      let dflt: N | null = null;
      let type: N | null = null;
      let rest = false;
      let kwrest = false;
      let inner = p;
      if (p.t === 'default_parameter' || p.t === 'typed_default_parameter') {
        id = field(p, 'name');
        dflt = field(p, 'value');
        type = field(p, 'type');
      } else if (p.t === 'typed_parameter') {
        type = field(p, 'type');
        inner = kids(p).find((c) => c !== type) ?? p;
      }
      if (!id) {
        if (inner.t === 'identifier') id = inner;
        else if (inner.t === 'list_splat_pattern' || inner.t === 'dictionary_splat_pattern') {
          id = kids(inner)[0] ?? null;
          rest = inner.t === 'list_splat_pattern';
          kwrest = inner.t === 'dictionary_splat_pattern';
        }
      }
      if (!id || id.t !== 'identifier') {
        index++;
        first = false;
        continue;
      }
      const name = this.text.slice(id.s, id.e);
      if (first && method && !rest && !kwrest) {
        selfName = name;
        first = false;
        continue;
      }
      first = false;
      const param: ParamIR = { name, index, ...(rest ? { rest: true } : {}), ...(kwrest ? { kwrest: true } : {}), ...(kwOnly && !rest && !kwrest ? { kwOnly: true } : {}) };
      if (type) param.type = this.typeOf(type);
      params.push(param);
      if (dflt) defaults.push([param, dflt]);
      if (rest) kwOnly = true;
      index++;
    }
    return { params, defaults, selfName };
  }

  private klass(def: N, name: string, decoratorNodes: N[]): string {
    for (const d of decoratorNodes) this.expr(kids(d)[0] ?? d);
    let key = name;
    for (let i = 2; own(this.out.classes, key); i++) key = `${name}#${i}`;
    const bases: Expr[] = [];
    let abstract = false;
    const supers = field(def, 'superclasses');
    for (const b of supers ? kids(supers) : []) {
      if (b.t === 'keyword_argument') {
        const v = field(b, 'value');
        if (v && /ABCMeta/.test(this.src(v, 60))) abstract = true;
        if (v) this.expr(v);
        continue;
      }
      if (b.t === 'list_splat' || b.t === 'dictionary_splat') continue;
      const bt = this.src(b, 80);
      if (ABSTRACT_BASE.test(bt)) abstract = true;
      // A generic base (`AdapterClient[AsyncStream[Chunk], Completion]`, `Generic[T]`) is the class it subscripts.
      const base = this.expr(b);
      bases.push(base.k === 'idx' ? base.o : base);
    }
    const cls: ClassIR = { key, name, bases, impl: [], fields: {}, methods: {}, ...(abstract ? { abstract: true } : {}), parent: this.fn.key, p: this.span(def) };
    this.out.classes[key] = cls;
    const body = field(def, 'body');
    const first = body?.c[0];
    const doc = first ? this.docstring(first) : null;
    if (doc !== null) cls.doc = doc;
    const saved = this.scope.classBody;
    this.scope.classBody = cls;
    try {
      for (const st of body?.c ?? []) this.classMember(cls, st);
    } finally {
      this.scope.classBody = saved;
    }
    return key;
  }

  /** A statement of a class body: attributes, methods, nested classes; anything else read as code of the enclosing function. */
  private classMember(cls: ClassIR, st: N): void {
    this.guard(
      () => undefined,
      () => {
        const saved = this.stmtLine;
        this.stmtLine = this.line(st.s);
        try {
          if (st.t === 'expression_statement') {
            const a = kids(st)[0];
            if (a?.t === 'assignment') {
              this.classAttribute(cls, a);
              return;
            }
          }
          if (st.t === 'if_statement' || st.t === 'try_statement') {
            // Conditional members (`if TYPE_CHECKING:`, `try:`): their blocks hold members too.
            const blocks: N[] = [];
            const stack: N[] = [st];
            while (stack.length) {
              const x = stack.pop()!;
              for (const c of x.c) {
                if (c.t === 'block') blocks.push(c);
                else if (/clause$/.test(c.t)) stack.push(c);
                else if (c.named && c.f === 'condition') this.expr(c);
              }
            }
            for (const b of blocks) for (const s of b.c) this.classMember(cls, s);
            return;
          }
          this.statementInner(st);
        } finally {
          this.stmtLine = saved;
        }
      },
    );
  }

  private classAttribute(cls: ClassIR, a: N): void {
    const left = field(a, 'left');
    const typeNode = field(a, 'type');
    let right = field(a, 'right');
    const lefts: N[] = left ? [left] : [];
    // a = b = value
    while (right?.t === 'assignment') {
      const l = field(right, 'left');
      if (l) lefts.push(l);
      right = field(right, 'right');
    }
    const e = right ? this.expr(right) : undefined;
    const type = typeNode ? this.typeOf(typeNode) : undefined;
    for (const l of lefts) {
      if (l.t === 'identifier') listOf(cls.fields, this.text.slice(l.s, l.e)).push({ ...(e ? { e } : {}), ...(type ? { type } : {}), at: a.s, fn: this.fn.key });
      else if (e) this.assignTo(l, e, right!, a.s);
    }
  }

  private docstring(st: N): string | null {
    if (st.t !== 'expression_statement') return null;
    const k = kids(st);
    if (k.length !== 1 || !isStringLit(this.text, k[0])) return null;
    return literalText(this.text, k[0]);
  }

  private lambda(n: N): Expr {
    const p = this.span(n);
    const name = this.nameFromParent(n);
    const line = this.line(n.s);
    const key = name ? this.uniqueKey(name, line) : `<lambda>@${line}:${pointAt(this.lineStarts, n.s).column}#${this.anon++}`;
    const fn: FnIR = { key, name, cls: null, parent: this.fn.key, kind: 'lambda', params: [], locals: {}, returns: [], p, loops: [], uses: [] };
    this.out.fns[key] = fn;
    const { params, defaults } = this.params(field(n, 'parameters'), false);
    fn.params = params;
    const scope: Scope = { fn, bound: new Set(params.map((x) => x.name)), globals: new Set(), nonlocals: new Set(), self: null, classBody: null, tryImports: null };
    const outer = this.scope.self;
    if (outer && !scope.bound.has(outer.name)) scope.self = outer;
    const body = field(n, 'body');
    if (body) collectBound(this.text, [body], scope);
    this.scopes.push(scope);
    try {
      for (const [param, d] of defaults) param.d = this.expr(d);
      if (body) {
        fn.returns.push(this.expr(body));
        this.use('return', body, body.s);
      }
    } finally {
      this.scopes.pop();
    }
    return { k: 'fn', key, p };
  }

  /** The name a lambda gets from where it is written (`f = lambda …`, `key=lambda …`, `{"k": lambda …}`). */
  private nameFromParent(n: N): string | null {
    let p = n.up;
    while (p && p.t === 'parenthesized_expression') p = p.up;
    if (!p) return null;
    if (p.t === 'assignment') {
      const l = field(p, 'left');
      if (l?.t === 'identifier') return this.text.slice(l.s, l.e);
      if (l?.t === 'attribute') return this.src(field(l, 'attribute') ?? l, 80);
    }
    if (p.t === 'keyword_argument') {
      const k = field(p, 'name');
      if (k) return this.text.slice(k.s, k.e);
    }
    if (p.t === 'pair') {
      const k = field(p, 'key');
      if (k && isStringLit(this.text, k)) return literalText(this.text, k);
    }
    return null;
  }

  /** The test of the `if` whose body is being read, when it checks that a name is missing. */
  private noneGuard: Guard = null;

  /** `x is None`, `not x`, `x == None`: the name tested (a plain name or attribute path), else null. */
  private noneTest(cond: N): string | null {
    let c = cond;
    while (c.t === 'parenthesized_expression' && kids(c)[0]) c = kids(c)[0];
    const nameOf = (n: N | undefined): string | null => (n && (n.t === 'identifier' || n.t === 'attribute') ? this.text.slice(n.s, n.e) : null);
    if (c.t === 'not_operator') return nameOf(field(c, 'argument') ?? kids(c)[0]);
    if (c.t === 'comparison_operator') {
      const parts = kids(c);
      const ops = this.text.slice(c.s, c.e);
      if (parts.length === 2 && parts[1].t === 'none' && /\bis\s+None\b|==\s*None\b/.test(ops) && !/is\s+not/.test(ops)) return nameOf(parts[0]);
    }
    return null;
  }

  // --- assignments -----------------------------------------------------------------------------------------

  private assignment(a: N): Expr {
    const left = field(a, 'left');
    const typeNode = field(a, 'type');
    let right = field(a, 'right');
    const lefts: N[] = left ? [left] : [];
    while (right?.t === 'assignment') {
      const l = field(right, 'left');
      if (l) lefts.push(l);
      right = field(right, 'right');
    }
    if (!right) {
      // `x: Type` alone: a declaration with a type.
      if (left?.t === 'identifier' && typeNode) this.assign(this.targetFn(this.text.slice(left.s, left.e)), this.text.slice(left.s, left.e), { e: { k: 'dyn', p: this.span(a) }, at: a.s, op: '=', type: this.typeOf(typeNode) });
      else if (left?.t === 'attribute' && typeNode) this.selfField(left, undefined, a.s, this.typeOf(typeNode));
      return { k: 'dyn', p: this.span(a) };
    }
    const e = this.expr(right);
    const type = typeNode ? this.typeOf(typeNode) : undefined;
    for (const l of lefts) this.assignTo(l, e, right, a.s, type);
    return e;
  }

  private assignTo(left: N, e: Expr, right: N, at: number, type?: TypeIR): void {
    if (left.t === 'identifier') {
      const name = this.text.slice(left.s, left.e);
      // `except ImportError: Anthropic = None` after `from anthropic import Anthropic` in the try: the import stays.
      if (this.scope.tryImports?.has(name)) return;
      this.assign(this.targetFn(name), name, { e, at, op: '=', ...(type ? { type } : {}) });
      this.events.push({ at: right.e, kind: 'derive', names: this.identifiersIn(right), targets: [name], ...(this.isParseCall(right) ? { detail: 'parsed' } : {}) });
      return;
    }
    if (left.t === 'pattern_list' || left.t === 'tuple_pattern' || left.t === 'list_pattern' || left.t === 'tuple' || left.t === 'list') {
      const targets = patternTargets(this.text, left);
      for (const t of targets) this.assign(this.targetFn(t.name), t.name, { e, at, op: '=', ...(t.path.length ? { path: t.path } : {}) });
      this.events.push({ at: right.e, kind: 'derive', names: this.identifiersIn(right), targets: targets.map((t) => t.name) });
      return;
    }
    if (left.t === 'attribute') {
      if (this.selfField(left, e, at, type)) {
        this.events.push({ at: right.e, kind: 'derive', names: this.identifiersIn(right), targets: [this.src(left, 80)] });
        return;
      }
      // obj.prop = value on a local object (`config.model = "…"`).
      const obj = field(left, 'object');
      const attr = field(left, 'attribute');
      if (obj?.t === 'identifier' && attr && !own(this.out.imports, this.text.slice(obj.s, obj.e))) {
        const name = this.text.slice(obj.s, obj.e);
        this.assign(this.declaringFn(name), name, { e, at, op: '=', path: [this.text.slice(attr.s, attr.e), '='] });
      } else if (obj) this.expr(obj);
      return;
    }
    if (left.t === 'subscript') {
      // params["messages"] = messages: a key set on a local dict.
      const obj = field(left, 'value');
      const subs = fields(left, 'subscript');
      if (obj?.t === 'identifier' && subs.length === 1 && isStringLit(this.text, subs[0])) {
        const name = this.text.slice(obj.s, obj.e);
        this.assign(this.declaringFn(name), name, { e, at, op: '=', path: [literalText(this.text, subs[0]), '='] });
      } else if (obj?.t === 'attribute' && e && subs.length === 1 && !isStringLit(this.text, subs[0]) && this.scope.self) {
        // self.agents[thread_id] = agent: an object kept by an id known at run time, read back as `self.agents[id]`
        // (the field `agents[*]`).
        const o2 = field(obj, 'object');
        const attr = field(obj, 'attribute');
        if (o2?.t === 'identifier' && attr && this.text.slice(o2.s, o2.e) === this.scope.self.name) listOf(this.scope.self.cls.fields, keptByIdField(this.text.slice(attr.s, attr.e))).push({ e, at, fn: this.fn.key });
        this.expr(subs[0]);
      } else {
        if (obj) this.expr(obj);
        for (const s of subs) this.expr(s);
      }
    }
  }

  /** `self.x = …` / `cls.x = …` in a method: a field of its class. */
  private selfField(left: N, e: Expr | undefined, at: number, type?: TypeIR): boolean {
    const obj = field(left, 'object');
    const attr = field(left, 'attribute');
    const self = this.scope.self;
    if (!self || !obj || !attr || obj.t !== 'identifier' || this.text.slice(obj.s, obj.e) !== self.name) return false;
    listOf(self.cls.fields, this.text.slice(attr.s, attr.e)).push({ ...(e ? { e } : {}), ...(type ? { type } : {}), at, fn: this.fn.key, ...(self.kind === 'cls' ? { isStatic: true } : {}) });
    return true;
  }

  private augmented(a: N): Expr {
    const left = field(a, 'left');
    const right = field(a, 'right');
    const op = field(a, 'operator');
    const p = this.span(a);
    if (!right) return { k: 'dyn', p };
    const e = this.expr(right);
    if (!left || !op || this.text.slice(op.s, op.e) !== '+=') {
      if (left) this.expr(left);
      return e;
    }
    if (left.t === 'identifier') {
      const name = this.text.slice(left.s, left.e);
      // messages += [{…}, {…}]: the list grows by these items.
      if (e.k === 'arr' && !e.runtime) for (const item of e.items) this.assign(this.declaringFn(name), name, { e: item, at: a.s, op: 'push' });
      else this.assign(this.declaringFn(name), name, { e, at: a.s, op: '+=' });
      this.events.push({ at: right.e, kind: 'derive', names: this.identifiersIn(right), targets: [name] });
    } else if (left.t === 'attribute') {
      const obj = field(left, 'object');
      const self = this.scope.self;
      const attr = field(left, 'attribute');
      if (self && obj?.t === 'identifier' && attr && this.text.slice(obj.s, obj.e) === self.name && e.k === 'arr') {
        listOf(self.cls.fields, this.text.slice(attr.s, attr.e)).push({ e, at: a.s, fn: this.fn.key });
      } else this.expr(left);
    } else this.expr(left);
    return e;
  }

  // --- expressions -----------------------------------------------------------------------------------------

  private expr(n: N): Expr {
    if (this.exprDepth >= MAX_EXPR_DEPTH) {
      const p = this.span(n);
      const last = this.deepSpans[this.deepSpans.length - 1];
      if (!last || p[0] >= last[1]) this.deepSpans.push(p);
      return { k: 'dyn', p };
    }
    this.exprDepth++;
    try {
      return this.guard(
        () => ({ k: 'dyn', p: this.span(n) }) as Expr,
        () => this.exprInner(n),
      );
    } finally {
      this.exprDepth--;
    }
  }

  private exprInner(n: N): Expr {
    const p = this.span(n);
    switch (n.t) {
      case 'string':
        return this.string(n);
      case 'concatenated_string':
        return this.concatenated(n);
      case 'integer':
      case 'float': {
        const v = Number(this.text.slice(n.s, n.e).replace(/_/g, '').replace(/[lLjJ]$/, ''));
        return Number.isFinite(v) ? { k: 'num', v, p } : { k: 'dyn', p };
      }
      case 'true':
        return { k: 'bool', v: true, p };
      case 'false':
        return { k: 'bool', v: false, p };
      case 'none':
        return { k: 'null', p };
      case 'identifier':
        return this.identifier(n);
      case 'attribute':
        return this.attribute(n);
      case 'subscript':
        return this.subscript(n);
      case 'call':
        return this.call(n);
      case 'parenthesized_expression':
      case 'await': {
        const k = kids(n);
        if (k.length === 1) return this.expr(k[0]);
        for (const c of k) this.expr(c);
        return { k: 'dyn', p };
      }
      case 'list':
      case 'tuple':
      case 'set':
      case 'expression_list':
      case 'pattern_list': {
        const items: Expr[] = [];
        for (const c of kids(n)) {
          if (c.t === 'list_splat' || c.t === 'list_splat_pattern') {
            const inner = kids(c)[0];
            items.push({ k: 'spread', o: inner ? this.expr(inner) : { k: 'dyn', p: this.span(c) }, p: this.span(c) });
          } else items.push(this.expr(c));
        }
        return { k: 'arr', items, p };
      }
      case 'dictionary':
        return this.dictionary(n);
      case 'list_comprehension':
      case 'set_comprehension':
      case 'generator_expression':
      case 'dictionary_comprehension':
        return this.comprehension(n);
      case 'binary_operator':
        return this.binary(n);
      case 'boolean_operator': {
        const op = field(n, 'operator');
        const l = field(n, 'left');
        const r = field(n, 'right');
        if (!l || !r) return { k: 'dyn', p };
        return { k: 'or', op: op ? this.text.slice(op.s, op.e) : 'or', l: this.expr(l), r: this.expr(r), p };
      }
      case 'not_operator': {
        const a = field(n, 'argument');
        if (a) this.expr(a);
        return { k: 'dyn', p };
      }
      case 'comparison_operator':
        return this.comparison(n);
      case 'conditional_expression': {
        const [a, cond, b] = kids(n);
        const t = cond ? this.expr(cond) : undefined;
        if (!a || !b) return { k: 'dyn', p };
        return { k: 'cond', a: this.expr(a), b: this.expr(b), ...(t ? { t } : {}), p };
      }
      case 'unary_operator': {
        const a = field(n, 'argument');
        const op = field(n, 'operator');
        const v = a ? this.expr(a) : null;
        if (v?.k === 'num' && op && this.text.slice(op.s, op.e) === '-') return { k: 'num', v: -v.v, p };
        if (v?.k === 'num' && op && this.text.slice(op.s, op.e) === '+') return { ...v, p };
        return { k: 'dyn', p };
      }
      case 'lambda':
        return this.lambda(n);
      case 'assignment':
        return this.assignment(n);
      case 'augmented_assignment':
        return this.augmented(n);
      case 'named_expression': {
        const name = field(n, 'name');
        const value = field(n, 'value');
        if (!value) return { k: 'dyn', p };
        const e = this.expr(value);
        if (name) this.assignTo(name, e, value, n.s);
        return e;
      }
      case 'yield': {
        this.fn.generator = true;
        for (const c of kids(n)) this.expr(c);
        return { k: 'dyn', p };
      }
      case 'keyword_argument': {
        const v = field(n, 'value');
        return v ? this.expr(v) : { k: 'dyn', p };
      }
      case 'list_splat':
      case 'dictionary_splat': {
        const inner = kids(n)[0];
        return { k: 'spread', o: inner ? this.expr(inner) : { k: 'dyn', p }, ...(n.t === 'dictionary_splat' ? { kw: true } : {}), p };
      }
      case 'ERROR':
      case 'MISSING':
      case 'ellipsis':
        return { k: 'dyn', p };
      default:
        // slices, type conversions, print >>f …: the calls and functions inside.
        for (const c of kids(n)) {
          if (c.t === 'block' || c.t.endsWith('_statement')) this.statement(c);
          else this.expr(c);
        }
        return { k: 'dyn', p };
    }
  }

  private identifier(n: N): Expr {
    const p = this.span(n);
    const name = this.text.slice(n.s, n.e);
    const self = this.scope.self;
    if (self && self.here && name === self.name) return self.kind === 'this' ? { k: 'this', p } : { k: 'cls', key: self.cls.key, p };
    return { k: 'name', n: name, p };
  }

  /** `a.b.c.d`: the chain read without recursing on its length. */
  private attribute(n: N): Expr {
    const names: { n: string; p: Span }[] = [];
    let cur: N = n;
    for (let i = 0; i < 10_000 && cur.t === 'attribute'; i++) {
      const attr = field(cur, 'attribute');
      const obj = field(cur, 'object');
      if (!attr || !obj) return { k: 'dyn', p: this.span(n) };
      names.push({ n: this.text.slice(attr.s, attr.e), p: this.span(cur) });
      cur = obj;
    }
    let e = this.expr(cur);
    for (let i = names.length - 1; i >= 0; i--) e = { k: 'get', o: e, n: names[i].n, p: names[i].p };
    return e;
  }

  private subscript(n: N): Expr {
    const p = this.span(n);
    const value = field(n, 'value');
    const subs = fields(n, 'subscript');
    if (!value) return { k: 'dyn', p };
    const env = this.envName(value);
    if (env && subs.length === 1) {
      const s = subs[0];
      return { k: 'env', n: isStringLit(this.text, s) ? literalText(this.text, s) : this.src(s, 80), p };
    }
    const o = this.expr(value);
    if (subs.length === 1) {
      const s = subs[0];
      if (isStringLit(this.text, s)) return { k: 'get', o, n: literalText(this.text, s), p };
      if (s.t === 'integer') return { k: 'get', o, n: String(Number(this.text.slice(s.s, s.e).replace(/_/g, ''))), p };
      return { k: 'idx', o, i: this.expr(s), p };
    }
    for (const s of subs) this.expr(s);
    return { k: 'idx', o, i: { k: 'dyn', p }, p };
  }

  /** `os.environ` (or `environ` imported from os). */
  private envName(n: N): boolean {
    const t = this.text.slice(n.s, n.e);
    if (t === 'os.environ') return true;
    if (t === 'environ') return own(this.out.imports, 'environ')?.m === 'os';
    return false;
  }

  private string(n: N): Expr {
    const p = this.span(n);
    if (!isFString(this.text, n.s)) return { k: 'str', v: plainString(this.text, n), p };
    const pre = prefixOf(this.text, n.s);
    const parts: (string | Expr)[] = [];
    let buf = '';
    for (const c of n.c) {
      if (c.t === 'string_content') {
        let t = this.text.slice(c.s, c.e).replace(/\{\{/g, '{').replace(/\}\}/g, '}');
        if (!pre.raw) t = decodeEscapes(t);
        buf += t;
      } else if (c.t === 'interpolation') {
        const e = field(c, 'expression');
        if (!e) continue;
        if (buf) parts.push(buf);
        buf = '';
        parts.push(this.expr(e));
        // Format specs (`{x:>{w}}`) are dropped; their nested expressions may hold calls.
        const spec = field(c, 'format_specifier');
        if (spec) for (const fe of spec.c) if (fe.t === 'format_expression') for (const x of kids(fe)) this.expr(x);
      }
    }
    if (buf) parts.push(buf);
    if (parts.every((x) => typeof x === 'string')) return { k: 'str', v: (parts as string[]).join(''), p };
    return { k: 'tpl', parts, p };
  }

  private concatenated(n: N): Expr {
    const p = this.span(n);
    const parts: (string | Expr)[] = [];
    for (const c of kids(n)) {
      const e = this.expr(c);
      if (e.k === 'str') parts.push(e.v);
      else if (e.k === 'tpl') parts.push(...e.parts);
      else parts.push(e);
    }
    const merged: (string | Expr)[] = [];
    for (const x of parts) {
      if (typeof x === 'string' && typeof merged[merged.length - 1] === 'string') merged[merged.length - 1] = (merged[merged.length - 1] as string) + x;
      else merged.push(x);
    }
    if (merged.every((x) => typeof x === 'string')) return { k: 'str', v: (merged as string[]).join(''), p };
    return { k: 'tpl', parts: merged, p };
  }

  private dictionary(n: N): Expr {
    const props: [string, Expr][] = [];
    const spreads: Expr[] = [];
    for (const c of kids(n)) {
      if (c.t === 'pair') {
        const k = field(c, 'key');
        const v = field(c, 'value');
        if (!k || !v) continue;
        let key: string | null = null;
        if (isStringLit(this.text, k)) key = literalText(this.text, k);
        else if (k.t === 'integer') key = this.text.slice(k.s, k.e);
        else this.expr(k);
        const e = this.expr(v);
        if (key !== null) props.push([key, e]);
      } else if (c.t === 'dictionary_splat') {
        const inner = kids(c)[0];
        if (inner) spreads.push(this.expr(inner));
      }
    }
    return { k: 'obj', props, spreads, p: this.span(n) };
  }

  /** `{k: v for k, v in params.items() if v is not None}`: the same dict, some keys left out (`params`), else null. */
  private filteredCopy(n: N, body: N): Expr | null {
    const clauses = kids(n).filter((c) => c.t === 'for_in_clause');
    if (clauses.length !== 1 || body.t !== 'pair') return null;
    const [left] = fields(clauses[0], 'left');
    const [right] = fields(clauses[0], 'right');
    const key = field(body, 'key');
    const value = field(body, 'value');
    if (!left || !right || !key || !value || key.t !== 'identifier') return null;
    const names = patternTargets(this.text, left).map((t) => t.name);
    if (names.length !== 2 || names[0] !== this.text.slice(key.s, key.e)) return null;
    // Each value as it was, or cleaned (`{k: str(v).strip() for k, v in inputs.items()}`): the same entries.
    const valueText = this.text.slice(value.s, value.e);
    if (value.t === 'identifier' ? names[1] !== valueText : !new RegExp(`(^|[^\\w.])${names[1]}(?!\\w)`).test(valueText)) return null;
    const fn = right.t === 'call' ? field(right, 'function') : null;
    const args = right.t === 'call' ? field(right, 'arguments') : null;
    const obj = fn?.t === 'attribute' ? field(fn, 'object') : null;
    const attr = fn?.t === 'attribute' ? field(fn, 'attribute') : null;
    if (!obj || !attr || this.text.slice(attr.s, attr.e) !== 'items' || (args && kids(args).length)) return null;
    return this.expr(obj);
  }

  /** `[f(x) for x in xs]`: a list known at run time, shown by one item; its loop names are bound (to unknown values). */
  private comprehension(n: N): Expr {
    const p = this.span(n);
    for (const c of kids(n)) {
      if (c.t === 'for_in_clause') {
        const right = fields(c, 'right');
        const rvs = right.map((r) => this.expr(r));
        for (const left of fields(c, 'left')) {
          // `[f(m) for m in messages]`: each `m` is an item of what is iterated (as a `for` statement reads it).
          const of = rvs.length === 1 ? rvs[0] : null;
          for (const t of patternTargets(this.text, left))
            this.assign(this.fn.key, t.name, {
              e: of ? { k: 'idx', o: of, i: { k: 'dyn', p: this.span(left) }, p: this.span(left) } : { k: 'dyn', p: this.span(left) },
              at: n.s,
              op: '=',
              ...(of && t.path.length ? { path: t.path } : {}),
            });
        }
      } else if (c.t === 'if_clause') for (const x of kids(c)) this.expr(x);
    }
    const body = field(n, 'body');
    if (!body) return { k: 'dyn', p };
    if (n.t === 'dictionary_comprehension') {
      for (const x of kids(body)) this.expr(x);
      const copied = this.filteredCopy(n, body);
      return copied ? { k: 'obj', props: [], spreads: [copied], p } : { k: 'dyn', p };
    }
    return { k: 'arr', items: [this.expr(body)], runtime: true, p };
  }

  private binary(n: N): Expr {
    const p = this.span(n);
    const opText = (x: N) => {
      const op = field(x, 'operator');
      return op ? this.text.slice(op.s, op.e) : '';
    };
    const op = opText(n);
    if (op === '+') {
      // Flatten a left-deep chain without recursing on its length.
      const operands: N[] = [];
      let cur: N = n;
      while (cur.t === 'binary_operator' && opText(cur) === '+') {
        const r = field(cur, 'right');
        const l = field(cur, 'left');
        if (!r || !l) break;
        operands.push(r);
        cur = l;
      }
      operands.push(cur);
      operands.reverse();
      return { k: 'cat', items: operands.map((o) => this.expr(o)), p };
    }
    const l = field(n, 'left');
    const r = field(n, 'right');
    if (!l || !r) return { k: 'dyn', p };
    return { k: 'bin', op, l: this.expr(l), r: this.expr(r), p };
  }

  private comparison(n: N): Expr {
    const p = this.span(n);
    const operands = kids(n);
    for (const o of operands) this.expr(o);
    const ops = fields(n, 'operators').map((o) => this.text.slice(o.s, o.e).replace(/\s+/g, ' '));
    if (operands.length < 2 || !ops.length) return { k: 'dyn', p };
    const [a, b] = operands;
    const whole = this.src(n, 200);
    if (DISCRIMINATOR.test(whole)) return { k: 'dyn', p };
    const op = ops[0];
    if (op === '==' || op === '!=') {
      const isLabel = (x: N) => isStringLit(this.text, x) || (x.t === 'attribute' && /^[A-Z]/.test(this.src(x, 40)));
      if (isLabel(b) && !isLabel(a)) this.use('compare', a, n.s, `== ${this.src(b, 80)}`);
      else if (isLabel(a) && !isLabel(b)) this.use('compare', b, n.s, `== ${this.src(a, 80)}`);
    } else if (op === 'in' || op === 'not in') {
      if (isStringLit(this.text, a)) this.use('includes', b, n.s, `${this.src(a, 60)} in ${this.src(b, 60)}`);
      else this.use('enum-includes', a, n.s, `in ${this.src(b, 80)}`);
    }
    return { k: 'dyn', p };
  }

  // --- calls -----------------------------------------------------------------------------------------------

  private call(n: N): Expr {
    const p = this.span(n);
    const fnNode = field(n, 'function');
    const argsNode = field(n, 'arguments');
    if (!fnNode) return { k: 'dyn', p };
    const calleeText = this.src(fnNode, 120);
    const argNodes = argsNode ? (argsNode.t === 'generator_expression' ? [argsNode] : kids(argsNode)) : [];
    // super(): the base class of the method's class.
    if (fnNode.t === 'identifier' && calleeText === 'super') return { k: 'super', p };
    // os.getenv("X", d), os.environ.get("X", d): an environment variable.
    if (this.isEnvGet(fnNode)) {
      const positional = argNodes.filter((a) => a.t !== 'keyword_argument');
      const nameArg = positional[0] ?? argNodes.find((a) => a.t === 'keyword_argument' && /^key\b/.test(this.src(a, 10)));
      const dNode = positional[1] ?? argNodes.find((a) => a.t === 'keyword_argument' && /^default\b/.test(this.src(a, 10)));
      const nameValue = nameArg?.t === 'keyword_argument' ? field(nameArg, 'value') : nameArg;
      const name = nameValue ? (isStringLit(this.text, nameValue) ? literalText(this.text, nameValue) : this.src(nameValue, 80)) : '';
      const d = dNode ? this.expr(dNode) : undefined;
      return { k: 'env', n: name, ...(d ? { d } : {}), p };
    }
    const id = this.out.calls.length;
    const call: CallIR = { id, fn: this.fn.key, f: { k: 'dyn', p }, a: [], p, at: fnNode.s, stmtLine: this.stmtLine };
    this.out.calls.push(call);
    this.resultOf(n, call);
    call.f = this.expr(fnNode);
    const a: Expr[] = [];
    const kw: Record<string, Expr> = {};
    for (const arg of argNodes) {
      if (arg.t === 'keyword_argument') {
        const k = field(arg, 'name');
        const v = field(arg, 'value');
        if (!v) continue;
        const e = this.expr(v);
        if (k) kw[this.text.slice(k.s, k.e)] = e;
      } else if (arg.t === 'list_splat' || arg.t === 'dictionary_splat') {
        const inner = kids(arg)[0];
        a.push({ k: 'spread', o: inner ? this.expr(inner) : { k: 'dyn', p: this.span(arg) }, ...(arg.t === 'dictionary_splat' ? { kw: true } : {}), p: this.span(arg) });
      } else a.push(this.expr(arg));
    }
    call.a = a;
    if (Object.keys(kw).length) call.kw = kw;
    this.callUses(n, fnNode, argsNode, argNodes, a, calleeText);
    return { k: 'call', id, p };
  }

  private isEnvGet(fnNode: N): boolean {
    if (fnNode.t === 'identifier') return this.text.slice(fnNode.s, fnNode.e) === 'getenv' && own(this.out.imports, 'getenv')?.m === 'os';
    if (fnNode.t !== 'attribute') return false;
    const obj = field(fnNode, 'object');
    const attr = field(fnNode, 'attribute');
    if (!obj || !attr) return false;
    const a = this.text.slice(attr.s, attr.e);
    if (a === 'getenv') return this.text.slice(obj.s, obj.e) === 'os';
    return a === 'get' && this.envName(obj);
  }

  /** Evidence of how values are used (the output of an earlier call): parsing, checks, growing lists. */
  private callUses(n: N, fnNode: N, argsNode: N | null, argNodes: N[], args: Expr[], f: string): void {
    const argText = argsNode ? this.src(argsNode, 200) : '';
    if (JSON_PARSE.test(f) && argsNode) this.use('json-parse', argsNode, n.s, `${f}(${argText.slice(1, 40)}`);
    else if (SCHEMA_PARSE.test(f) && argsNode) this.use('schema-parse', argsNode, n.s, f);
    else if (/^[A-Z]\w*$/.test(f) && argNodes.some((x) => x.t === 'dictionary_splat')) {
      for (const x of argNodes) if (x.t === 'dictionary_splat') this.use('schema-parse', x, n.s, `${f}(**…)`);
    }
    if (fnNode.t !== 'attribute') return;
    const obj = field(fnNode, 'object');
    const attr = field(fnNode, 'attribute');
    if (!obj || !attr) return;
    const method = this.text.slice(attr.s, attr.e);
    if (method === 'startswith' || method === 'endswith') this.use('includes', obj, n.s, f);
    // `params.update(kwargs)`: the dict grows by the caller's keys (`client.create(**params)` then sends them).
    // Only the function's own `**kwargs` (or another parameter) merged in: a local dict of options is read as written.
    else if (method === 'update' && args.length === 1 && args[0].k === 'name' && this.fn.params.some((x) => x.name === (args[0] as { n: string }).n) && obj.t === 'identifier') {
      const name = this.text.slice(obj.s, obj.e);
      this.assign(this.declaringFn(name), name, { e: { k: 'spread', o: args[0], kw: true, p: args[0].p }, at: n.s, op: 'push' });
    } else if ((method === 'append' || method === 'extend' || method === 'insert') && args.length) {
      const item = method === 'insert' ? args[1] : args[0];
      if (!item) return;
      const items: Expr[] = method === 'extend' ? (item.k === 'arr' && !item.runtime ? item.items : [{ k: 'spread', o: item, p: item.p }]) : [item];
      if (obj.t === 'identifier') {
        const name = this.text.slice(obj.s, obj.e);
        for (const it of items) this.assign(this.declaringFn(name), name, { e: it, at: n.s, op: 'push' });
      } else if (obj.t === 'attribute') {
        const o2 = field(obj, 'object');
        const a2 = field(obj, 'attribute');
        const self = this.scope.self;
        if (self && o2?.t === 'identifier' && a2 && this.text.slice(o2.s, o2.e) === self.name) {
          for (const it of items) listOf(self.cls.fields, this.text.slice(a2.s, a2.e)).push({ e: { k: 'arr', items: [it], p: it.p }, at: n.s, fn: this.fn.key });
        }
      }
    }
  }

  /** Whether an expression is a call that parses (`json.loads(…)`, `Model.model_validate_json(…)`). */
  private isParseCall(n: N): boolean {
    const x = unwrap(n);
    if (x.t !== 'call') return false;
    const f = field(x, 'function');
    if (!f) return false;
    const t = this.src(f, 120);
    return JSON_PARSE.test(t) || SCHEMA_PARSE.test(t);
  }

  /** Where a call's result goes: the name receiving it, a parse around it, a return. */
  private resultOf(n: N, call: CallIR): void {
    let child: N = n;
    for (let a = n.up, i = 0; a && i < 64; a = a.up, i++) {
      if (a.t === 'await' || a.t === 'parenthesized_expression') {
        child = a;
        continue;
      }
      if ((a.t === 'attribute' && field(a, 'object') === child) || (a.t === 'subscript' && field(a, 'value') === child) || (a.t === 'call' && field(a, 'function') === child)) {
        child = a;
        continue;
      }
      if (a.t === 'argument_list' && a.up?.t === 'call') {
        const positional = kids(a).filter((x) => x.t !== 'keyword_argument');
        if (positional[0] !== child) break;
        const f = field(a.up, 'function');
        const ft = f ? this.src(f, 120) : '';
        if (JSON_PARSE.test(ft)) {
          call.parsed = 'json-parse';
          call.parsedDetail = ft;
        } else if (SCHEMA_PARSE.test(ft)) {
          call.parsed = 'schema-parse';
          call.parsedDetail = ft;
        }
        child = a.up;
        a = a.up;
        continue;
      }
      if (a.t === 'assignment' && field(a, 'right') === child) {
        const left = field(a, 'left');
        if (left?.t === 'identifier' || left?.t === 'attribute') call.rv = this.src(left, 80);
        else if (left) {
          const t = patternTargets(this.text, left)[0];
          if (t) call.rv = t.name;
        }
      } else if (a.t === 'as_pattern' && kids(a)[0] === child) {
        const alias = field(a, 'alias');
        const id = alias ? kids(alias)[0] : null;
        if (id?.t === 'identifier') call.rv = this.text.slice(id.s, id.e);
      } else if (a.t === 'return_statement' || (a.t === 'lambda' && field(a, 'body') === child)) call.returned = true;
      break;
    }
  }

  // --- types ---------------------------------------------------------------------------------------------

  private typeOf(n: N, depth = 0): TypeIR {
    if (depth > 20) return { k: 'other' };
    const x = n.t === 'type' && kids(n).length === 1 ? kids(n)[0] : n;
    switch (x.t) {
      case 'identifier':
      case 'attribute':
      case 'dotted_name':
        return { k: 'ref', n: this.text.slice(x.s, x.e).replace(/\s+/g, '') };
      case 'none':
        return { k: 'other' };
      case 'string':
        return typeFromText(plainString(this.text, x));
      case 'generic_type': {
        const head = kids(x)[0];
        const params = x.c.find((c) => c.t === 'type_parameter');
        const args = params ? kids(params).map((a) => this.typeOf(a, depth + 1)) : [];
        return typeApply(head ? this.text.slice(head.s, head.e) : '?', args);
      }
      case 'subscript': {
        const v = field(x, 'value');
        const args = fields(x, 'subscript').map((a) => this.typeOf(a, depth + 1));
        return typeApply(v ? this.text.slice(v.s, v.e).replace(/\s+/g, '') : '?', args);
      }
      case 'binary_operator':
      case 'union_type': {
        const parts = x.t === 'union_type' ? kids(x) : [field(x, 'left'), field(x, 'right')].filter((y): y is N => !!y);
        const ts = parts.map((y) => this.typeOf(y, depth + 1));
        return { k: 'union', ts: ts.flatMap((t) => (t.k === 'union' ? t.ts : [t])) };
      }
      case 'member_type':
        return { k: 'ref', n: this.text.slice(x.s, x.e).replace(/\s+/g, '') };
      case 'type':
        return kids(x)[0] ? this.typeOf(kids(x)[0], depth + 1) : { k: 'other' };
      default:
        return { k: 'other' };
    }
  }

  // --- helpers -------------------------------------------------------------------------------------------

  /** Names read in an expression (not attribute or keyword names), bounded: what a use of a value mentions. */
  private identifiersIn(node: N): string[] {
    const out = new Set<string>();
    const stack: N[] = [node];
    let budget = 400;
    const selfName = this.scope.self?.name ?? 'self';
    while (stack.length && budget-- > 0 && out.size < 24) {
      const n = stack.pop()!;
      switch (n.t) {
        case 'identifier':
          out.add(this.text.slice(n.s, n.e));
          continue;
        case 'lambda':
        case 'string':
          continue;
        case 'attribute': {
          const obj = field(n, 'object');
          const attr = field(n, 'attribute');
          if (obj?.t === 'identifier' && attr && this.text.slice(obj.s, obj.e) === selfName) out.add(`self.${this.text.slice(attr.s, attr.e)}`);
          if (obj) stack.push(obj);
          continue;
        }
        case 'keyword_argument': {
          const v = field(n, 'value');
          if (v) stack.push(v);
          continue;
        }
        default:
          for (const c of n.c) if (c.named) stack.push(c);
      }
    }
    if (node.t === 'string' && isFString(this.text, node.s)) {
      // f-strings: the names in their holes.
      const inner: N[] = node.c.filter((c) => c.t === 'interpolation');
      for (const c of inner) for (const x of this.identifiersIn(c)) out.add(x);
    }
    return [...out];
  }
}

/** The list kept under a key of a record, made on first use (own keys only: `constructor` is a name like any other). */
function listOf<T>(rec: Record<string, T[]>, key: string): T[] {
  const cur = own(rec, key);
  if (cur) return cur;
  const list: T[] = [];
  rec[key] = list;
  return list;
}

/** Names bound by an assignment target, with the path into the value (`a, (b, c) = x` → b: ["1", "0"]). */
function patternTargets(text: string, left: N): Target[] {
  const out: Target[] = [];
  const stack: { n: N; path: string[] }[] = [{ n: left, path: [] }];
  let guard = 10_000;
  while (stack.length && guard-- > 0) {
    const { n, path } = stack.pop()!;
    if (n.t === 'identifier') out.push({ name: text.slice(n.s, n.e), path });
    else if (n.t === 'pattern_list' || n.t === 'tuple_pattern' || n.t === 'list_pattern' || n.t === 'tuple' || n.t === 'list' || n.t === 'expression_list') {
      const k = kids(n);
      for (let i = k.length - 1; i >= 0; i--) {
        if (k[i].t === 'list_splat_pattern' || k[i].t === 'list_splat') continue;
        stack.push({ n: k[i], path: [...path, String(i)] });
      }
    } else if (n.t === 'parenthesized_expression' && kids(n).length === 1) stack.push({ n: kids(n)[0], path });
  }
  return out;
}


/** Names a function body binds (not inside nested defs, classes or lambdas), and its global / nonlocal names. */
function collectBound(text: string, body: N[], scope: Scope): void {
  const textOf = (n: N) => text.slice(n.s, n.e);
  const stack: N[] = [...body];
  let guard = 2_000_000;
  const bind = (target: N) => {
    for (const t of patternTargets(text, target)) scope.bound.add(t.name);
  };
  while (stack.length && guard-- > 0) {
    const n = stack.pop()!;
    switch (n.t) {
      case 'function_definition':
      case 'class_definition': {
        const name = field(n, 'name');
        if (name) scope.bound.add(textOf(name));
        // Decorators, defaults and bases are read in this scope; bodies are not.
        for (const c of n.c) if (c.f === 'superclasses' || c.f === 'parameters') stack.push(c);
        continue;
      }
      case 'lambda':
        continue;
      case 'global_statement':
        for (const c of kids(n)) scope.globals.add(textOf(c));
        continue;
      case 'nonlocal_statement':
        for (const c of kids(n)) scope.nonlocals.add(textOf(c));
        continue;
      case 'import_statement':
      case 'import_from_statement':
        for (const name of importedNames(text, n)) scope.bound.add(name);
        continue;
      case 'assignment':
      case 'augmented_assignment': {
        const l = field(n, 'left');
        if (l) bind(l);
        break;
      }
      case 'named_expression': {
        const l = field(n, 'name');
        if (l) bind(l);
        break;
      }
      case 'for_statement':
      case 'for_in_clause': {
        const l = field(n, 'left');
        if (l) bind(l);
        break;
      }
      case 'as_pattern': {
        const alias = field(n, 'alias');
        const t = alias ? kids(alias)[0] : null;
        if (t) bind(t);
        break;
      }
      default:
        break;
    }
    for (const c of n.c) if (c.named) stack.push(c);
  }
}

function importedNames(text: string, st: N): string[] {
  const textOf = (n: N) => text.slice(n.s, n.e);
  const out: string[] = [];
  for (const c of st.c) {
    if (c.f !== 'name') continue;
    if (c.t === 'dotted_name') out.push(textOf(c).split('.')[0]);
    else if (c.t === 'aliased_import') {
      const alias = field(c, 'alias');
      if (alias) out.push(textOf(alias));
    }
  }
  return out;
}

function typeApply(name: string, args: TypeIR[]): TypeIR {
  const base = name.split('.').pop() ?? name;
  if (base === 'Union') return { k: 'union', ts: args.flatMap((t) => (t.k === 'union' ? t.ts : [t])) };
  if (/^(Annotated|ClassVar|Final|Required|NotRequired|ReadOnly)$/.test(base) && args[0]) return args[0];
  if (base === 'Optional' && args[0]) return { k: 'ref', n: 'Optional', args: [args[0]] };
  return args.length ? { k: 'ref', n: name, args } : { k: 'ref', n: name };
}

/** A type written as a string (a forward reference): `"Client"`, `"Optional[llm.Client]"`, `"A | None"`. */
function typeFromText(s: string): TypeIR {
  const tokens = s.match(/[A-Za-z_][\w.]*|[[\],|]/g) ?? [];
  let i = 0;
  const parseUnion = (depth: number): TypeIR => {
    const ts: TypeIR[] = [parseOne(depth)];
    while (tokens[i] === '|') {
      i++;
      ts.push(parseOne(depth));
    }
    return ts.length === 1 ? ts[0] : { k: 'union', ts: ts.flatMap((t) => (t.k === 'union' ? t.ts : [t])) };
  };
  const parseOne = (depth: number): TypeIR => {
    const name = tokens[i];
    if (!name || !/^[A-Za-z_]/.test(name) || depth > 20) {
      i++;
      return { k: 'other' };
    }
    i++;
    if (name === 'None') return { k: 'other' };
    if (tokens[i] !== '[') return { k: 'ref', n: name };
    i++;
    const args: TypeIR[] = [];
    while (i < tokens.length && tokens[i] !== ']') {
      args.push(parseUnion(depth + 1));
      if (tokens[i] === ',') i++;
      else if (tokens[i] !== ']') break;
    }
    i++;
    return typeApply(name, args);
  };
  return tokens.length ? parseUnion(0) : { k: 'other' };
}

