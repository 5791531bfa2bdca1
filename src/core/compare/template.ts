// The text a prompt expression evaluates to, with one run-time hole per piece only known when the code runs.
//
// `"Classify this ticket. " + "Answer with one label.\n" + `Ticket: ${ticket.subject}\n${thread}`` is the text
// "Classify this ticket. Answer with one label.\nTicket: ⟨ticket.subject⟩\n⟨thread⟩" with two holes — never the
// source code. What is read: string and template literals, `+`, Python implicit concatenation, f-strings,
// `.format(…)`, `%`-formatting, `.join(…)` (JS and Python), `String(x)` / `str(x)`, `dedent`, simple string methods,
// and constants of the same file (`const CATEGORIES = [...]`, module-level `LABELS = (...)`), including their
// members (`PROMPTS.triage`, `PROMPTS["triage"]`). Anything else is one hole named by its source text.
//
// Parsers: typescript-estree for TS/JS and tree-sitter for Python, both loaded on first use (never at activation).
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type * as EstreeModule from '@typescript-eslint/typescript-estree';
import type * as PyParserModule from '../scan/python/parser';
import type { PyNode } from '../scan/python/parser';
import { isComponentFile, scriptText } from '../scan/ts/component';

export type Segment = { text: string } | { hole: string };
export type SourceLanguage = 'typescript' | 'javascript' | 'python';

/** What an expression evaluates to. `dyn` is known only at run time. */
type Value =
  | { k: 'str'; segs: Segment[] }
  | { k: 'num'; n: number }
  | { k: 'arr'; items: Value[] }
  | { k: 'obj'; props: Map<string, Value> }
  | { k: 'dyn'; src: string };

/** A prompt text larger than this is not built from constants (it would not fit in the panel's message limit). */
const MAX_TEXT = 400_000;
const MAX_DEPTH = 60;
const MAX_HOLE_NAME = 120;

export interface EvaluatedTemplate {
  segments: Segment[];
  /** Constants of the file whose values were filled in, in order of use. */
  constants: string[];
}

/** One parsed source file that prompt expressions are read from. */
export interface PromptSource {
  /** The template of the expression that spans exactly [start, end) (surrounding whitespace ignored); null when none does. */
  templateAt(start: number, end: number): EvaluatedTemplate | null;
  /** The template of an expression written elsewhere (a selection), with this file's constants; null when it does not parse. */
  templateOf(expression: string): (EvaluatedTemplate & { kind: ExpressionKind }) | null;
  /** True when [start, end) lies inside one string literal's text (the user selected prose, not code). */
  insideString(start: number, end: number): boolean;
  dispose(): void;
}

/** How a parsed expression looks from outside: text, a plain name (`ticket`, `ticket.body`) or other code. */
export type ExpressionKind = 'text' | 'name' | 'code';

// ---------------------------------------------------------------------------------------------
// Segments

export function holeName(src: string): string {
  const s = src.replace(/\s+/g, ' ').trim();
  return s.length > MAX_HOLE_NAME ? `${s.slice(0, MAX_HOLE_NAME - 1)}…` : s;
}

function pushText(out: Segment[], text: string): void {
  if (!text) return;
  const last = out[out.length - 1];
  if (last && 'text' in last) out[out.length - 1] = { text: last.text + text };
  else out.push({ text });
}

function pushAll(out: Segment[], segs: readonly Segment[]): void {
  for (const s of segs) {
    if ('text' in s) pushText(out, s.text);
    else out.push(s);
  }
}

function textLength(segs: readonly Segment[]): number {
  let n = 0;
  for (const s of segs) if ('text' in s) n += s.text.length;
  return n;
}

const str = (segs: Segment[]): Value => ({ k: 'str', segs });
const text = (t: string): Value => ({ k: 'str', segs: t ? [{ text: t }] : [] });
const dyn = (src: string): Value => ({ k: 'dyn', src });

function isStatic(v: Value): v is { k: 'str'; segs: Array<{ text: string }> } {
  return v.k === 'str' && v.segs.every((s) => 'text' in s);
}
function staticText(v: Value): string | null {
  if (v.k === 'num') return String(v.n);
  return isStatic(v) ? v.segs.map((s) => s.text).join('') : null;
}

/** The segments a value contributes to a text; `jsArrays`: an array in a JS template prints joined by ",". */
function segmentsOf(v: Value, srcIfDyn: string, jsArrays: boolean): Segment[] {
  switch (v.k) {
    case 'str':
      return v.segs;
    case 'num':
      return [{ text: String(v.n) }];
    case 'arr':
      return jsArrays ? joinValues(v.items, ',', jsArrays).segs : [{ hole: holeName(srcIfDyn) }];
    case 'obj':
      return [{ hole: holeName(srcIfDyn) }];
    case 'dyn':
      return [{ hole: holeName(v.src) }];
  }
}

function joinValues(items: readonly Value[], sep: string, jsArrays: boolean): { k: 'str'; segs: Segment[] } {
  const out: Segment[] = [];
  items.forEach((item, i) => {
    if (i > 0) pushText(out, sep);
    pushAll(out, segmentsOf(item, item.k === 'dyn' ? item.src : '…', jsArrays));
  });
  return { k: 'str', segs: out };
}

function concat(a: Value, aSrc: string, b: Value, bSrc: string, jsArrays: boolean): Value {
  const out: Segment[] = [];
  pushAll(out, segmentsOf(a, aSrc, jsArrays));
  pushAll(out, segmentsOf(b, bSrc, jsArrays));
  return str(out);
}

/** Dedent as textwrap.dedent / the `dedent` tag do: the common leading whitespace of non-blank lines goes. */
function dedentSegments(segs: readonly Segment[], trimEnds: boolean): Segment[] {
  // Holes stand in as one private-use character each, so the text around them dedents as a whole.
  const MARK = '\uE000';
  const holes: string[] = [];
  let joined = segs.map((s) => ('text' in s ? s.text.replace(/\uE000/g, ' ') : (holes.push(s.hole), MARK))).join('');
  const lines = joined.split('\n');
  let common: string | null = null;
  for (const line of lines) {
    if (!line.trim()) continue;
    const lead = /^[ \t]*/.exec(line)![0];
    if (common === null || !lead.startsWith(common)) common = common === null ? lead : commonPrefix(common, lead);
  }
  if (common) joined = lines.map((l) => (l.startsWith(common!) ? l.slice(common!.length) : l.trim() ? l : '')).join('\n');
  if (trimEnds) joined = joined.replace(/^[ \t]*\n/, '').replace(/\n[ \t]*$/, '');
  const out: Segment[] = [];
  let h = 0;
  for (const piece of joined.split(/(\uE000)/)) {
    if (piece === MARK) out.push({ hole: holes[h++]! });
    else pushText(out, piece);
  }
  return out;
}

function commonPrefix(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(0, i);
}

/** A string method applied to text known in full; null for a method we do not model. */
function applyMethod(s: string, method: string, args: readonly (string | null)[]): string | null {
  switch (method) {
    case 'trim':
    case 'strip':
      return args[0] ? null : s.trim();
    case 'trimStart':
    case 'lstrip':
      return args[0] ? null : s.trimStart();
    case 'trimEnd':
    case 'rstrip':
      return args[0] ? null : s.trimEnd();
    case 'toUpperCase':
    case 'upper':
      return s.toUpperCase();
    case 'toLowerCase':
    case 'lower':
      return s.toLowerCase();
    default:
      return null;
  }
}

/** Python `%` formatting of a known format string: `%s`, `%r`, `%d`, `%(name)s`, `%%`. Null when the spec is unusual. */
function percentFormat(fmt: string, args: Value[] | null, named: Map<string, Value> | null, argSrc: (i: number) => string, wholeSrc: string): Value | null {
  const out: Segment[] = [];
  let i = 0;
  let next = 0;
  const re = /%(?:\(([^)]*)\))?([-#0 +]*\d*(?:\.\d+)?)([sdirfgeExXoc%])/g;
  for (let m = re.exec(fmt); m !== null; m = re.exec(fmt)) {
    pushText(out, fmt.slice(i, m.index));
    i = m.index + m[0].length;
    if (m[3] === '%') {
      pushText(out, '%');
      continue;
    }
    let v: Value | undefined;
    let src: string;
    if (m[1] !== undefined) {
      v = named?.get(m[1]);
      src = `${wholeSrc}[${JSON.stringify(m[1])}]`;
    } else {
      v = args?.[next];
      src = argSrc(next++);
    }
    if (v === undefined) return null;
    pushAll(out, segmentsOf(v, src, false));
  }
  pushText(out, fmt.slice(i));
  return str(out);
}

/** `str.format` fields: `{}`, `{0}`, `{name}`, `{name.attr}`, `{0[key]}`, with `!r` and `:spec`; `{{` `}}` escape. */
function braceFormat(fmt: string, positional: readonly Value[], positionalSrc: readonly string[], named: ReadonlyMap<string, { v: Value; src: string }>): Value {
  const out: Segment[] = [];
  let auto = 0;
  let i = 0;
  while (i < fmt.length) {
    const c = fmt[i]!;
    if (c === '{' && fmt[i + 1] === '{') {
      pushText(out, '{');
      i += 2;
      continue;
    }
    if (c === '}' && fmt[i + 1] === '}') {
      pushText(out, '}');
      i += 2;
      continue;
    }
    if (c !== '{') {
      pushText(out, c);
      i++;
      continue;
    }
    const close = fmt.indexOf('}', i);
    if (close < 0) {
      pushText(out, fmt.slice(i));
      break;
    }
    const field = fmt.slice(i + 1, close);
    i = close + 1;
    const m = /^([^.[!:]*)([^!:]*)(?:![rsa])?(?::.*)?$/.exec(field);
    const head = m?.[1] ?? '';
    const rest = m?.[2] ?? '';
    let v: Value | undefined;
    let src: string;
    if (head === '' || /^\d+$/.test(head)) {
      const idx = head === '' ? auto++ : Number(head);
      v = positional[idx];
      src = positionalSrc[idx] ?? `{${field}}`;
    } else {
      const found = named.get(head);
      v = found?.v;
      src = found?.src ?? head;
    }
    if (rest || v === undefined) out.push({ hole: holeName(`${src}${rest}`) });
    else pushAll(out, segmentsOf(v, src, false));
  }
  return str(out);
}

// ---------------------------------------------------------------------------------------------
// TypeScript / JavaScript

let estree: typeof EstreeModule | undefined;
function loadEstree(): typeof EstreeModule {
  // Required on first use: the parser is a bundle of its own (dist/ts-parser.js) that must not load at activation.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  estree ??= require('@typescript-eslint/typescript-estree') as typeof EstreeModule;
  return estree;
}

type TsNode = TSESTree.Node;

function tsChildren(node: TsNode): TsNode[] {
  const out: TsNode[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'parent' || key === 'loc' || key === 'range') continue;
    if (Array.isArray(value)) {
      for (const v of value) if (v && typeof v === 'object' && typeof (v as { type?: unknown }).type === 'string') out.push(v as TsNode);
    } else if (value && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string') out.push(value as TsNode);
  }
  return out;
}

function parseTs(code: string, jsx: boolean): TSESTree.Program | null {
  try {
    return loadEstree().parse(code, { range: true, loc: false, comment: false, jsx, errorOnUnknownASTType: false });
  } catch {
    return null;
  }
}

class TsSource implements PromptSource {
  private readonly consts = new Map<string, { init: TsNode | null; count: number }>();
  private readonly program: TSESTree.Program | null;

  constructor(
    private readonly text: string,
    private readonly jsx: boolean,
  ) {
    this.program = parseTs(text, jsx);
    if (this.program) this.collectDeclarations(this.program);
  }

  private declare(name: string, init: TsNode | null): void {
    const d = this.consts.get(name);
    this.consts.set(name, { init: d ? null : init, count: (d?.count ?? 0) + 1 });
  }

  /** Every name declared in the file; only one declared exactly once, as a `const` with a value, is a constant. */
  private collectDeclarations(root: TsNode): void {
    const stack: TsNode[] = [root];
    const names = (p: TsNode | null | undefined): void => {
      if (!p) return;
      if (p.type === 'Identifier') this.declare(p.name, null);
      else if (p.type === 'AssignmentPattern') names(p.left);
      else if (p.type === 'RestElement') names(p.argument);
      else if (p.type === 'ArrayPattern') p.elements.forEach((e) => names(e));
      else if (p.type === 'ObjectPattern') p.properties.forEach((prop) => names(prop.type === 'Property' ? (prop.value as TsNode) : prop));
      else if (p.type === 'TSParameterProperty') names(p.parameter);
    };
    while (stack.length) {
      const n = stack.pop()!;
      switch (n.type) {
        case 'VariableDeclaration':
          for (const d of n.declarations) {
            if (d.id.type === 'Identifier') this.declare(d.id.name, n.kind === 'const' ? (d.init ?? null) : null);
            else names(d.id);
          }
          break;
        case 'FunctionDeclaration':
        case 'FunctionExpression':
        case 'ArrowFunctionExpression':
          if (n.id) this.declare(n.id.name, null);
          n.params.forEach((p) => names(p));
          break;
        case 'ClassDeclaration':
          if (n.id) this.declare(n.id.name, null);
          break;
        case 'ImportSpecifier':
        case 'ImportDefaultSpecifier':
        case 'ImportNamespaceSpecifier':
          this.declare(n.local.name, null);
          break;
        case 'CatchClause':
          names(n.param);
          break;
        case 'ForInStatement':
        case 'ForOfStatement':
          if (n.left.type !== 'VariableDeclaration') names(n.left as TsNode);
          break;
        case 'AssignmentExpression':
          // A reassigned name is no constant (a `let` is already one; this catches a reassigned import or param).
          if (n.left.type === 'Identifier') this.declare(n.left.name, null);
          break;
      }
      stack.push(...tsChildren(n));
    }
  }

  private src(node: TsNode, text = this.text): string {
    return text.slice(node.range[0], node.range[1]);
  }

  private find(start: number, end: number): TsNode | null {
    if (!this.program) return null;
    let best: TsNode | null = null;
    const stack: TsNode[] = [this.program];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.range[0] > start || n.range[1] < end) continue;
      if (n.range[0] === start && n.range[1] === end && n.type !== 'ExpressionStatement' && n.type !== 'Program') best = n;
      stack.push(...tsChildren(n));
    }
    return best;
  }

  templateAt(start: number, end: number): EvaluatedTemplate | null {
    const [s, e] = trimSpan(this.text, start, end);
    const node = this.find(s, e);
    if (node) return this.evaluate(node, this.text).template;
    // The file does not parse (or the span is not one node): read the span on its own.
    const alone = this.templateOf(this.text.slice(s, e));
    return alone ? { segments: alone.segments, constants: alone.constants } : null;
  }

  templateOf(expression: string): (EvaluatedTemplate & { kind: ExpressionKind }) | null {
    const code = `(${expression}\n)`;
    const program = parseTs(code, this.jsx);
    const stmt = program?.body.length === 1 ? program.body[0] : undefined;
    if (!stmt || stmt.type !== 'ExpressionStatement') return null;
    const r = this.evaluate(stmt.expression, code);
    return { ...r.template, kind: r.kind };
  }

  insideString(start: number, end: number): boolean {
    if (!this.program) return false;
    const stack: TsNode[] = [this.program];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.range[0] > start || n.range[1] < end) continue;
      if (n.type === 'Literal' && typeof n.value === 'string') return n.range[0] < start && end < n.range[1];
      // Inside a template's text part (between `…${` and `}…`), not across a hole.
      if (n.type === 'TemplateElement') return true;
      if (n.type === 'JSXText') return true;
      stack.push(...tsChildren(n));
    }
    return false;
  }

  private evaluate(node: TsNode, text: string): { template: EvaluatedTemplate; kind: ExpressionKind } {
    const constants: string[] = [];
    const value = new TsEvaluator(this, text, constants).ev(node, 0, new Set());
    const segments = segmentsOf(value, this.src(node, text), true);
    const bare = unwrapTs(node);
    const kind: ExpressionKind = segments.some((s) => 'text' in s) ? 'text' : isNameTs(bare) ? 'name' : 'code';
    return { template: { segments, constants }, kind };
  }

  constantInit(name: string): TsNode | null {
    const c = this.consts.get(name);
    return c && c.count === 1 ? c.init : null;
  }

  get fileText(): string {
    return this.text;
  }

  dispose(): void {
    // Nothing native to free.
  }
}

function unwrapTs(n: TsNode): TsNode {
  let cur = n;
  while (cur.type === 'TSAsExpression' || cur.type === 'TSSatisfiesExpression' || cur.type === 'TSNonNullExpression' || cur.type === 'TSTypeAssertion' || cur.type === 'AwaitExpression') {
    cur = cur.type === 'AwaitExpression' ? cur.argument : cur.expression;
  }
  return cur;
}

function isNameTs(n: TsNode): boolean {
  if (n.type === 'Identifier' || n.type === 'ThisExpression') return true;
  if (n.type === 'MemberExpression') return isNameTs(n.object) && (!n.computed || n.property.type === 'Literal');
  if (n.type === 'ChainExpression') return isNameTs(n.expression);
  return false;
}

function trimSpan(text: string, start: number, end: number): [number, number] {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s]!)) s++;
  while (e > s && /\s/.test(text[e - 1]!)) e--;
  return [s, e];
}

class TsEvaluator {
  constructor(
    private readonly file: TsSource,
    /** The text the nodes being evaluated were parsed from (the file, or a selection wrapped in parentheses). */
    private readonly text: string,
    private readonly constants: string[],
  ) {}

  private src(n: TsNode, text = this.text): string {
    return text.slice(n.range[0], n.range[1]);
  }

  ev(node: TsNode, depth: number, seen: Set<string>, text = this.text): Value {
    if (depth > MAX_DEPTH) return dyn(this.src(node, text));
    const n = unwrapTs(node);
    const at = (c: TsNode): Value => this.ev(c, depth + 1, seen, text);
    const s = (c: TsNode): string => this.src(c, text);
    switch (n.type) {
      case 'Literal':
        if (typeof n.value === 'string') return text_(n.value);
        if (typeof n.value === 'number') return { k: 'num', n: n.value };
        if (typeof n.value === 'boolean' || n.value === null) return text_(String(n.value));
        return dyn(s(n));
      case 'TemplateLiteral': {
        const out: Segment[] = [];
        n.quasis.forEach((q, i) => {
          if (q.value.cooked === null) {
            out.push({ hole: holeName(s(q)) });
          } else pushText(out, q.value.cooked);
          const e = n.expressions[i];
          if (e) pushAll(out, segmentsOf(at(e), s(e), true));
        });
        return str(out);
      }
      case 'TaggedTemplateExpression': {
        const tag = n.tag.type === 'Identifier' ? n.tag.name : n.tag.type === 'MemberExpression' && n.tag.property.type === 'Identifier' ? n.tag.property.name : '';
        const inner = at(n.quasi);
        if (/^(dedent|outdent|stripIndent|stripIndents|oneLine|html|sql|md|markdown)$/.test(tag) && inner.k === 'str') {
          return /dedent|outdent|stripIndent/.test(tag) ? str(dedentSegments(inner.segs, true)) : inner;
        }
        return dyn(s(n));
      }
      case 'BinaryExpression': {
        if (n.operator !== '+') return dyn(s(n));
        const a = at(n.left);
        const b = at(n.right);
        if (a.k === 'num' && b.k === 'num') return { k: 'num', n: a.n + b.n };
        // `+` makes a string only when one side is one: two unknowns may be numbers.
        if (a.k !== 'str' && b.k !== 'str' && !(a.k === 'arr' || b.k === 'arr')) return dyn(s(n));
        return concat(a, s(n.left), b, s(n.right), true);
      }
      case 'Identifier': {
        const init = seen.has(n.name) ? null : this.file.constantInit(n.name);
        if (!init) return dyn(n.name);
        const next = new Set(seen).add(n.name);
        const v = this.ev(init, depth + 1, next, this.file.fileText);
        if (v.k !== 'dyn' && !this.constants.includes(n.name)) this.constants.push(n.name);
        return v.k === 'dyn' ? dyn(n.name) : v;
      }
      case 'ArrayExpression':
        return { k: 'arr', items: n.elements.map((e) => (!e || e.type === 'SpreadElement' ? dyn(e ? s(e) : '') : at(e))) };
      case 'ObjectExpression': {
        const props = new Map<string, Value>();
        for (const p of n.properties) {
          if (p.type !== 'Property' || p.kind !== 'init') continue;
          const key = p.computed ? (p.key.type === 'Literal' ? String(p.key.value) : null) : p.key.type === 'Identifier' ? p.key.name : p.key.type === 'Literal' ? String(p.key.value) : null;
          if (key !== null) props.set(key, at(p.value as TsNode));
        }
        return { k: 'obj', props };
      }
      case 'MemberExpression': {
        const key = n.computed ? (n.property.type === 'Literal' ? String(n.property.value) : null) : n.property.type === 'Identifier' ? n.property.name : null;
        if (key === null) return dyn(s(n));
        const obj = at(n.object);
        if (obj.k === 'obj') return obj.props.get(key) ?? dyn(s(n));
        if (obj.k === 'arr' && /^\d+$/.test(key)) return obj.items[Number(key)] ?? dyn(s(n));
        if (obj.k === 'arr' && key === 'length') return { k: 'num', n: obj.items.length };
        return dyn(s(n));
      }
      case 'ChainExpression':
        return dyn(s(n));
      case 'CallExpression': {
        const callee = n.callee;
        const args = n.arguments;
        if (callee.type === 'Identifier' && callee.name === 'String' && args.length === 1 && args[0]!.type !== 'SpreadElement') {
          const v = at(args[0]!);
          return v.k === 'dyn' ? dyn(s(n)) : str(segmentsOf(v, s(args[0]!), true));
        }
        if (callee.type === 'Identifier' && /^(dedent|outdent|stripIndent)$/.test(callee.name) && args.length === 1 && args[0]!.type !== 'SpreadElement') {
          const v = at(args[0]!);
          return v.k === 'str' ? str(dedentSegments(v.segs, true)) : dyn(s(n));
        }
        if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return dyn(s(n));
        const method = callee.property.name;
        const target = at(callee.object);
        if (method === 'join' && target.k === 'arr') {
          const sepArg = args[0];
          const sep = sepArg === undefined ? ',' : sepArg.type === 'SpreadElement' ? null : staticText(at(sepArg));
          return sep === null ? dyn(s(n)) : joinValues(target.items, sep, true);
        }
        if (method === 'concat' && target.k === 'str') {
          const out = [...target.segs];
          for (const a of args) pushAll(out, a.type === 'SpreadElement' ? [{ hole: holeName(s(a)) }] : segmentsOf(at(a), s(a), true));
          return str(out);
        }
        if (method === 'toString' && target.k !== 'dyn' && target.k !== 'obj') return str(segmentsOf(target, s(callee.object), true));
        const t = staticText(target);
        if (t !== null) {
          const argTexts = args.map((a) => (a.type === 'SpreadElement' ? null : staticText(at(a))));
          const r = applyMethod(t, method, argTexts);
          if (r !== null) return text_(r);
        }
        return dyn(s(n));
      }
      default:
        return dyn(s(n));
    }
  }
}

const text_ = text;

// ---------------------------------------------------------------------------------------------
// Python

let pyParser: typeof PyParserModule | undefined;
function loadPyParserModule(): typeof PyParserModule {
  // Loaded with the first Python prompt: the tree-sitter runtime is not needed before.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  pyParser ??= require('../scan/python/parser') as typeof PyParserModule;
  return pyParser;
}

function kids(n: PyNode): PyNode[] {
  return n.namedChildren.filter((c): c is PyNode => c !== null);
}

function pyUnwrap(n: PyNode): PyNode {
  let cur = n;
  for (let i = 0; i < 50 && (cur.type === 'parenthesized_expression' || cur.type === 'await'); i++) {
    const inner = kids(cur)[0];
    if (!inner) break;
    cur = inner;
  }
  return cur;
}

const PY_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', 0: '\0', '\n': '' };

function decodePy(raw: string, isRaw: boolean, isF: boolean): string {
  let t = isF ? raw.replace(/\{\{/g, '{').replace(/\}\}/g, '}') : raw;
  if (isRaw) return t;
  t = t.replace(/\\(N\{[^}]*\}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|[0-7]{1,3}|.|\n)/g, (m, e: string) => {
    if (e[0] === 'u' || e[0] === 'U' || e[0] === 'x') return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/^[0-7]{1,3}$/.test(e) && e !== '0') return String.fromCharCode(parseInt(e, 8));
    return PY_ESCAPES[e] ?? m;
  });
  return t;
}

class PySource implements PromptSource {
  private readonly tree: ReturnType<typeof PyParserModule.parsePython>;
  private readonly assigned = new Map<string, { value: PyNode | null; count: number }>();

  constructor(
    private readonly text: string,
    private readonly parser: typeof PyParserModule,
  ) {
    this.tree = parser.parsePython(text);
    if (this.tree) this.collect(this.tree.rootNode);
  }

  private assign(name: string, value: PyNode | null): void {
    const a = this.assigned.get(name);
    this.assigned.set(name, { value: a ? null : value, count: (a?.count ?? 0) + 1 });
  }

  private targets(n: PyNode | null): void {
    if (!n) return;
    if (n.type === 'identifier') this.assign(n.text, null);
    else for (const c of kids(n)) if (c.type !== 'attribute' && c.type !== 'subscript') this.targets(c);
  }

  /** Every name bound anywhere; a constant is bound once, by a plain module-level assignment. */
  private collect(root: PyNode): void {
    const stack: PyNode[] = [root];
    while (stack.length) {
      const n = stack.pop()!;
      switch (n.type) {
        case 'assignment': {
          const left = n.childForFieldName('left');
          const right = n.childForFieldName('right');
          const moduleLevel = n.parent?.type === 'expression_statement' && n.parent.parent?.type === 'module';
          if (left?.type === 'identifier') this.assign(left.text, moduleLevel && right && right.type !== 'assignment' ? right : null);
          else this.targets(left);
          // `a = b = "x"`: the inner assignment binds too (visited below), but neither is a simple constant.
          break;
        }
        case 'augmented_assignment':
        case 'named_expression':
        case 'for_statement':
        case 'for_in_clause':
          this.targets(n.childForFieldName(n.type === 'named_expression' ? 'name' : 'left'));
          break;
        case 'as_pattern':
          this.targets(n.childForFieldName('alias'));
          break;
        case 'function_definition':
        case 'class_definition':
          this.targets(n.childForFieldName('name'));
          break;
        case 'parameters':
        case 'lambda_parameters':
          for (const p of kids(n)) this.targets(p.type === 'identifier' ? p : (p.childForFieldName('name') ?? kids(p).find((c) => c.type === 'identifier') ?? null));
          break;
        case 'aliased_import':
          this.targets(n.childForFieldName('alias'));
          break;
        case 'dotted_name':
          if (n.parent?.type === 'import_statement' || (n.parent?.type === 'import_from_statement' && n.parent.childForFieldName('module_name')?.id !== n.id)) {
            const first = kids(n)[0];
            if (first) this.assign(first.text, null);
          }
          break;
        case 'global_statement':
        case 'nonlocal_statement':
          for (const c of kids(n)) this.assign(c.text, null);
          break;
      }
      stack.push(...kids(n));
    }
  }

  constantValue(name: string): PyNode | null {
    const a = this.assigned.get(name);
    return a && a.count === 1 ? a.value : null;
  }

  get fileText(): string {
    return this.text;
  }

  private find(start: number, end: number): PyNode | null {
    if (!this.tree) return null;
    let node: PyNode | null = this.tree.rootNode.descendantForIndex(start, Math.max(start, end - 1));
    while (node && (node.startIndex > start || node.endIndex < end)) node = node.parent;
    // The outermost node with exactly this span (a parenthesised expression and its content share none).
    let best: PyNode | null = null;
    for (let n = node; n && n.startIndex === start && n.endIndex === end; n = n.parent) {
      if (n.type !== 'expression_statement' && n.type !== 'module') best = n;
    }
    return best;
  }

  templateAt(start: number, end: number): EvaluatedTemplate | null {
    const [s, e] = trimSpan(this.text, start, end);
    const node = this.find(s, e);
    if (node) return this.evaluate(textTransformAround(node)).template;
    const alone = this.templateOf(this.text.slice(s, e));
    return alone ? { segments: alone.segments, constants: alone.constants } : null;
  }

  templateOf(expression: string): (EvaluatedTemplate & { kind: ExpressionKind }) | null {
    const code = `(\n${expression}\n)`;
    const tree = this.parser.parsePython(code);
    if (!tree) return null;
    try {
      const root = tree.rootNode;
      const stmt = kids(root);
      if (root.hasError || stmt.length !== 1 || stmt[0]!.type !== 'expression_statement') return null;
      const expr = kids(stmt[0]!)[0];
      if (!expr || kids(stmt[0]!).length !== 1) return null;
      const r = this.evaluate(expr);
      return { ...r.template, kind: r.kind };
    } finally {
      tree.delete();
    }
  }

  insideString(start: number, end: number): boolean {
    if (!this.tree) return false;
    let n: PyNode | null = this.tree.rootNode.descendantForIndex(start, Math.max(start, end - 1));
    for (; n; n = n.parent) {
      if (n.startIndex > start || n.endIndex < end) continue;
      if (n.type === 'string_content') return true;
      if (n.type === 'interpolation') return false;
      if (n.type === 'string') return n.startIndex < start && end < n.endIndex;
    }
    return false;
  }

  private evaluate(node: PyNode): { template: EvaluatedTemplate; kind: ExpressionKind } {
    const constants: string[] = [];
    const value = new PyEvaluator(this, constants).ev(node, 0, new Set());
    const segments = segmentsOf(value, node.text, false);
    const bare = pyUnwrap(node);
    const kind: ExpressionKind = segments.some((s) => 'text' in s) ? 'text' : isNamePy(bare) ? 'name' : 'code';
    return { template: { segments, constants }, kind };
  }

  dispose(): void {
    this.tree?.delete();
  }
}

/**
 * The expression a span really stands for: a literal the scanner points at inside `textwrap.dedent(…)`,
 * `inspect.cleandoc(…)` or `.strip()` is read with that transform applied.
 */
function textTransformAround(node: PyNode): PyNode {
  let cur = node;
  for (let i = 0; i < 10; i++) {
    const parent = cur.parent;
    if (!parent) break;
    if (parent.type === 'parenthesized_expression') {
      cur = parent;
      continue;
    }
    if (parent.type === 'argument_list' && kids(parent).length === 1 && parent.parent?.type === 'call') {
      const fn = parent.parent.childForFieldName('function');
      const name = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.text;
      if (name === 'dedent' || name === 'cleandoc') {
        cur = parent.parent;
        continue;
      }
    }
    if (parent.type === 'attribute' && parent.childForFieldName('object')?.id === cur.id && parent.parent?.type === 'call') {
      const name = parent.childForFieldName('attribute')?.text ?? '';
      if (/^(strip|lstrip|rstrip|upper|lower)$/.test(name) && kids(parent.parent.childForFieldName('arguments') ?? parent.parent).length === 0) {
        cur = parent.parent;
        continue;
      }
    }
    break;
  }
  return cur;
}

function isNamePy(n: PyNode): boolean {
  if (n.type === 'identifier') return true;
  if (n.type === 'attribute') {
    const obj = n.childForFieldName('object');
    return !!obj && isNamePy(obj);
  }
  if (n.type === 'subscript') {
    const obj = n.childForFieldName('value');
    const sub = n.childForFieldName('subscript');
    return !!obj && isNamePy(obj) && (sub?.type === 'string' || sub?.type === 'integer');
  }
  return false;
}

class PyEvaluator {
  constructor(
    private readonly file: PySource,
    private readonly constants: string[],
  ) {}

  ev(node: PyNode, depth: number, seen: Set<string>): Value {
    if (depth > MAX_DEPTH) return dyn(node.text);
    const n = pyUnwrap(node);
    const at = (c: PyNode): Value => this.ev(c, depth + 1, seen);
    switch (n.type) {
      case 'string':
        return this.string(n, at);
      case 'concatenated_string': {
        const out: Segment[] = [];
        for (const c of kids(n)) pushAll(out, segmentsOf(at(c), c.text, false));
        return str(out);
      }
      case 'integer':
      case 'float': {
        const v = Number(n.text.replace(/_/g, ''));
        return Number.isFinite(v) ? { k: 'num', n: v } : dyn(n.text);
      }
      case 'true':
        return text('True');
      case 'false':
        return text('False');
      case 'none':
        return text('None');
      case 'binary_operator': {
        const left = n.childForFieldName('left');
        const right = n.childForFieldName('right');
        const op = n.childForFieldName('operator')?.text;
        if (!left || !right) return dyn(n.text);
        if (op === '+') {
          const a = at(left);
          const b = at(right);
          if (a.k === 'num' && b.k === 'num') return { k: 'num', n: a.n + b.n };
          if (a.k !== 'str' && b.k !== 'str') return dyn(n.text);
          return concat(a, left.text, b, right.text, false);
        }
        if (op === '%') {
          const fmt = staticText(at(left));
          if (fmt === null) return dyn(n.text);
          const r = pyUnwrap(right);
          const rv = at(r);
          const named = rv.k === 'obj' ? rv.props : null;
          const items = r.type === 'tuple' && rv.k === 'arr' ? rv.items : rv.k === 'obj' ? null : [rv];
          const srcs = r.type === 'tuple' ? kids(r).map((c) => c.text) : [r.text];
          return percentFormat(fmt, items, named, (i) => srcs[i] ?? r.text, r.text) ?? dyn(n.text);
        }
        return dyn(n.text);
      }
      case 'identifier': {
        const value = seen.has(n.text) ? null : this.file.constantValue(n.text);
        if (!value) return dyn(n.text);
        const v = this.ev(value, depth + 1, new Set(seen).add(n.text));
        if (v.k !== 'dyn' && !this.constants.includes(n.text)) this.constants.push(n.text);
        return v.k === 'dyn' ? dyn(n.text) : v;
      }
      case 'list':
      case 'tuple':
        return { k: 'arr', items: kids(n).map((c) => (c.type === 'list_splat' ? dyn(c.text) : at(c))) };
      case 'dictionary': {
        const props = new Map<string, Value>();
        for (const p of kids(n)) {
          if (p.type !== 'pair') continue;
          const key = p.childForFieldName('key');
          const value = p.childForFieldName('value');
          const k = key ? staticText(at(key)) : null;
          if (k !== null && value) props.set(k, at(value));
        }
        return { k: 'obj', props };
      }
      case 'subscript': {
        const obj = n.childForFieldName('value');
        const sub = n.childForFieldName('subscript');
        if (!obj || !sub) return dyn(n.text);
        const o = at(obj);
        const key = staticText(at(sub));
        if (key === null) return dyn(n.text);
        if (o.k === 'obj') return o.props.get(key) ?? dyn(n.text);
        if (o.k === 'arr' && /^-?\d+$/.test(key)) return o.items.at(Number(key)) ?? dyn(n.text);
        return dyn(n.text);
      }
      case 'call':
        return this.call(n, at);
      default:
        return dyn(n.text);
    }
  }

  private string(n: PyNode, at: (c: PyNode) => Value): Value {
    const start = n.children.find((c) => c?.type === 'string_start');
    const prefix = (start?.text ?? '').replace(/['"]/g, '').toLowerCase();
    const isRaw = prefix.includes('r');
    const isF = prefix.includes('f');
    const out: Segment[] = [];
    for (const c of kids(n)) {
      if (c.type === 'string_content') pushText(out, decodePy(c.text, isRaw, isF));
      else if (c.type === 'escape_sequence') pushText(out, decodePy(c.text, false, false));
      else if (c.type === 'interpolation') {
        const expr = c.childForFieldName('expression') ?? kids(c)[0];
        const spec = c.childForFieldName('format_specifier');
        const conv = c.childForFieldName('type_conversion');
        if (!expr) continue;
        const v = at(expr);
        // A value known in full prints as itself unless a conversion or format spec would change it.
        if (!spec && !conv && v.k !== 'dyn' && v.k !== 'obj' && v.k !== 'arr') pushAll(out, segmentsOf(v, expr.text, false));
        else out.push({ hole: holeName(expr.text) });
      }
    }
    return str(out);
  }

  private call(n: PyNode, at: (c: PyNode) => Value): Value {
    const fn = n.childForFieldName('function');
    const argList = n.childForFieldName('arguments');
    if (!fn || !argList || argList.type !== 'argument_list') return dyn(n.text);
    const args = kids(argList).filter((a) => a.type !== 'comment');
    const positional = args.filter((a) => a.type !== 'keyword_argument' && a.type !== 'list_splat' && a.type !== 'dictionary_splat');
    const keywords = args.filter((a) => a.type === 'keyword_argument');
    const splats = args.some((a) => a.type === 'list_splat' || a.type === 'dictionary_splat');
    const fname = fn.type === 'identifier' ? fn.text : fn.type === 'attribute' ? (fn.childForFieldName('attribute')?.text ?? '') : '';
    if (fn.type === 'identifier' && fname === 'str' && positional.length === 1 && args.length === 1) {
      const v = at(positional[0]!);
      return v.k === 'dyn' || v.k === 'obj' ? dyn(n.text) : str(segmentsOf(v, positional[0]!.text, false));
    }
    if ((fname === 'dedent' || fname === 'cleandoc') && positional.length === 1 && args.length === 1) {
      const v = at(positional[0]!);
      return v.k === 'str' ? str(dedentSegments(v.segs, fname === 'cleandoc')) : dyn(n.text);
    }
    if (fn.type !== 'attribute') return dyn(n.text);
    const object = fn.childForFieldName('object');
    if (!object) return dyn(n.text);
    const target = at(object);
    if (fname === 'format' && !splats) {
      const fmt = staticText(target);
      if (fmt === null) return dyn(n.text);
      const named = new Map<string, { v: Value; src: string }>();
      for (const k of keywords) {
        const name = k.childForFieldName('name')?.text;
        const value = k.childForFieldName('value');
        if (name && value) named.set(name, { v: at(value), src: value.text });
      }
      return braceFormat(
        fmt,
        positional.map((a) => at(a)),
        positional.map((a) => a.text),
        named,
      );
    }
    if (fname === 'join' && positional.length === 1 && args.length === 1) {
      const sep = staticText(target);
      const items = at(positional[0]!);
      if (sep !== null && items.k === 'arr') return joinValues(items.items, sep, false);
      return dyn(n.text);
    }
    const t = staticText(target);
    if (t !== null) {
      const r = applyMethod(
        t,
        fname,
        args.map((a) => staticText(at(a))),
      );
      if (r !== null) return text(r);
    }
    return dyn(n.text);
  }
}

// ---------------------------------------------------------------------------------------------
// Entry points

export function languageOfFile(file: string): SourceLanguage {
  if (/\.pyi?$/i.test(file)) return 'python';
  if (/\.[cm]?tsx?$/i.test(file)) return 'typescript';
  return 'javascript';
}

/** Parses a file for reading prompt expressions. Python needs its parser loaded (async, once). */
export async function promptSource(text: string, language: SourceLanguage, file = ''): Promise<PromptSource> {
  if (language === 'python') {
    const parser = loadPyParserModule();
    try {
      await parser.loadPythonParser();
    } catch {
      return NO_SOURCE;
    }
    return new PySource(text, parser);
  }
  // A single-file component's scripts at their own offsets (markup blanked); JSX only where it can occur: `<T>x` is a
  // type assertion in a .ts file.
  if (isComponentFile(file)) return new TsSource(scriptText(file, text), false);
  return new TsSource(text, language === 'javascript' || /\.(tsx|jsx|[cm]?js)$/i.test(file));
}

/** Stands in when a language cannot be parsed here: nothing is read from source, so nothing is sent as source. */
const NO_SOURCE: PromptSource = {
  templateAt: () => null,
  templateOf: () => null,
  insideString: () => false,
  dispose: () => undefined,
};

/** Plain text of segments, with each hole written as `${name}` (the panel's template form). */
export function segmentsToTemplate(segs: readonly Segment[]): string {
  return segs.map((s) => ('text' in s ? s.text : `\${${s.hole}}`)).join('');
}

export function isTooLong(segs: readonly Segment[]): boolean {
  return textLength(segs) > MAX_TEXT;
}
