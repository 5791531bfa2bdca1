// TS/JS → ModuleIR. Knows the language, nothing about SDKs: every function, class, binding and call of the file
// is recorded with its expressions unevaluated; the cross-file engine decides which calls reach a model.
// Linear in the size of the file: each node is converted once; nesting deeper than MAX_DEPTH is reported, not read.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { IR_VERSION, type Guard, TOP, keptByIdField, own, type Assign, type CallIR, type ClassIR, type Expr, type FnIR, type ModuleIR, type ParamIR, type Span, type TypeIR, type UseEvent } from '../ir';
import { MAX_EXPR_DEPTH, deepNote } from '../depth';
import { componentScript, isComponentFile } from './component';
import { languageOfTs, tsIgnoredReason } from './files';
import { lineStartsOf, pointAt } from '../../lines';
import { parseTs } from './parse';

type Node = TSESTree.Node;

const MAX_DEPTH = 1500;
const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
const TRANSPARENT = new Set(['TSAsExpression', 'TSNonNullExpression', 'TSSatisfiesExpression', 'TSTypeAssertion', 'ChainExpression', 'TSInstantiationExpression']);

export interface FrontEndOptions {
  /** Read test and mock files too (they are left out by default). */
  includeTests?: boolean;
}

export function emptyModule(file: string, text: string, language: ModuleIR['language']): ModuleIR {
  return {
    v: IR_VERSION,
    file,
    language,
    text,
    problems: [],
    imports: {},
    exports: {},
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

export function tsFrontEnd(file: string, fileText: string, options: FrontEndOptions = {}, recovery: 'tree' | 'blank' = 'tree'): ModuleIR {
  const component = isComponentFile(file) ? componentScript(file, fileText) : null;
  const text = component?.text ?? fileText;
  const out = emptyModule(file, text, component?.lang ?? languageOfTs(file));
  const ignored = tsIgnoredReason(file, options);
  if (ignored) {
    out.ignored = ignored;
    return out;
  }
  collectNotes(text, out);
  const parsed = parseTs(file, text, { recovery });
  if ('fatal' in parsed) {
    out.problems.push(`${parsed.fatal} (the file was not read)`);
    return out;
  }
  try {
    new Builder(out, parsed.text, text.length).run(parsed.ast);
    out.problems.unshift(...parsed.problems);
    return out;
  } catch (e) {
    if (!parsed.recovered) {
      out.problems.push(...parsed.problems, `could not be read: ${e instanceof Error ? e.message : String(e)}`);
      return out;
    }
  }
  // TypeScript's tree of the broken text was more than the reader could take: leave out the broken statements instead.
  const again = tsFrontEnd(file, fileText, options, 'blank');
  return again;
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
    const before = text.slice(lineStart, i);
    const marker = Math.max(before.lastIndexOf('//'), before.lastIndexOf('/*'), before.lastIndexOf('*'), before.lastIndexOf('#'));
    if (marker < 0) continue;
    const lineEnd = text.indexOf('\n', i);
    out.notes[line] = text.slice(lineStart + marker, lineEnd < 0 ? text.length : lineEnd).replace(/^\/\/|^\/\*|^\*|^#/, '');
  }
}

interface Scope {
  fn: FnIR;
  declared: Set<string>;
}

class Builder {
  private readonly scopes: Scope[] = [];
  private readonly classStack: ClassIR[] = [];
  private readonly ancestors: Node[] = [];
  private depth = 0;
  private tooDeep = false;
  /** Nesting of the expression being read, from the start of its function body. */
  private exprDepth = 0;
  /** Where expressions nested deeper than MAX_EXPR_DEPTH were left out: [start, end) of each outermost one. */
  private readonly deepSpans: Span[] = [];
  private anon = 0;
  private stmtLine = 1;
  /** The guard of the statements being read (a switch case or an `if (x === "…")` branch). */
  private guard: Guard = null;

  constructor(
    private readonly out: ModuleIR,
    private readonly text: string,
    private readonly originalLength: number,
  ) {}

  private lineStarts: number[] | null = null;

  /** Line (1-based) and column (1-based) of an offset: the parser is asked for ranges only, lines are found here. */
  private at(offset: number): { line: number; column: number } {
    this.lineStarts ??= lineStartsOf(this.text);
    return pointAt(this.lineStarts, offset);
  }

  run(ast: TSESTree.Program): void {
    const top = this.out.fns[TOP];
    const declared = new Set<string>();
    for (const st of ast.body) declaredBy(st, declared);
    this.scopes.push({ fn: top, declared });
    for (const st of ast.body) this.moduleStatement(st);
    this.scopes.pop();
    if (this.tooDeep) this.out.problems.push(`code nested deeper than ${MAX_DEPTH} levels was not read`);
    if (this.deepSpans.length) this.out.problems.push(deepNote(this.text, this.deepSpans));
  }

  // --- positions -----------------------------------------------------------------------------------------

  private span(n: Node): Span {
    return [Math.min(n.range[0], this.originalLength), Math.min(n.range[1], this.originalLength)];
  }

  private get scope(): Scope {
    return this.scopes[this.scopes.length - 1];
  }

  private get fn(): FnIR {
    return this.scope.fn;
  }

  // --- module level ----------------------------------------------------------------------------------------

  private moduleStatement(st: Node): void {
    switch (st.type) {
      case 'ImportDeclaration': {
        if (st.importKind === 'type') {
          // Types name interfaces and classes too (`import type { ChatProvider }`): keep them for dispatch.
        }
        const m = String(st.source.value);
        for (const s of st.specifiers) {
          const n = s.type === 'ImportDefaultSpecifier' ? 'default' : s.type === 'ImportNamespaceSpecifier' ? '*' : nameOf(s.imported);
          this.out.imports[s.local.name] = { m, n };
        }
        return;
      }
      case 'ExportNamedDeclaration': {
        const exports = this.out.exports!;
        if (st.source) {
          for (const s of st.specifiers) exports[nameOf(s.exported)] = { m: String(st.source.value), n: nameOf(s.local) };
          return;
        }
        if (st.declaration) {
          for (const name of namesDeclared(st.declaration)) exports[name] = { local: name };
          this.statement(st.declaration);
        }
        for (const s of st.specifiers) exports[nameOf(s.exported)] = { local: nameOf(s.local) };
        return;
      }
      case 'ExportAllDeclaration':
        if (st.exported) this.out.exports![nameOf(st.exported)] = { m: String(st.source.value), n: '*' };
        else this.out.exportAll.push(String(st.source.value));
        return;
      case 'ExportDefaultDeclaration': {
        const d = st.declaration as Node;
        if ((d.type === 'FunctionDeclaration' || d.type === 'ClassDeclaration') && d.id) {
          this.statement(d);
          this.out.exports!.default = { local: d.id.name };
        } else if (d.type === 'Identifier') this.out.exports!.default = { local: d.name };
        else {
          this.ancestors.push(st);
          const e = this.expr(d);
          this.ancestors.pop();
          this.assign(TOP, 'default', { e, at: st.range[0], op: 'decl', fixed: true });
          this.out.exports!.default = { local: 'default' };
        }
        return;
      }
      case 'TSExportAssignment': {
        // export = x
        const e = this.expr(st.expression);
        this.assign(TOP, 'default', { e, at: st.range[0], op: 'decl', fixed: true });
        this.out.exports!.default = { local: 'default' };
        return;
      }
      default:
        this.statement(st);
    }
  }

  // --- statements ------------------------------------------------------------------------------------------

  private statement(st: Node): void {
    if (++this.depth > MAX_DEPTH) {
      this.depth--;
      this.tooDeep = true;
      return;
    }
    this.ancestors.push(st);
    const savedLine = this.stmtLine;
    if (st.type !== 'BlockStatement') this.stmtLine = this.at(st.range[0]).line;
    try {
      this.statementInner(st);
    } finally {
      this.stmtLine = savedLine;
      this.ancestors.pop();
      this.depth--;
    }
  }

  private statementInner(st: Node): void {
    switch (st.type) {
      case 'VariableDeclaration':
        for (const d of st.declarations) this.declarator(d, st.kind === 'const');
        return;
      case 'FunctionDeclaration': {
        const key = this.function(st, st.id?.name ?? null);
        if (st.id) this.assign(this.fn.key, st.id.name, { e: { k: 'fn', key, p: this.span(st) }, at: st.range[0], op: 'decl', fixed: true });
        return;
      }
      case 'ClassDeclaration': {
        const key = this.klass(st, st.id?.name ?? null);
        if (st.id) this.assign(this.fn.key, st.id.name, { e: { k: 'cls', key, p: this.span(st) }, at: st.range[0], op: 'decl', fixed: true });
        return;
      }
      case 'ExpressionStatement':
        this.expr(st.expression);
        return;
      case 'ReturnStatement':
        if (st.argument) {
          const e = this.expr(st.argument);
          this.pushReturn(e);
          this.use('return', st.argument, st.range[0]);
        }
        return;
      case 'IfStatement': {
        this.expr(st.test);
        const g = equalityGuard(st.test as Node) ?? noneGuard(st.test as Node);
        const saved = this.guard;
        if (g) this.guard = g;
        this.statement(st.consequent);
        this.guard = saved;
        if (st.alternate) this.statement(st.alternate);
        return;
      }
      case 'BlockStatement':
      case 'StaticBlock':
        for (const s of st.body) this.statement(s);
        return;
      case 'ForStatement':
      case 'ForOfStatement':
      case 'ForInStatement':
      case 'WhileStatement':
      case 'DoWhileStatement':
        this.fn.loops.push(this.span(st));
        if (st.type === 'ForStatement') {
          if (st.init?.type === 'VariableDeclaration') this.statement(st.init);
          else if (st.init) this.expr(st.init);
          if (st.test) this.expr(st.test);
          if (st.update) this.expr(st.update);
        } else if (st.type === 'ForOfStatement' || st.type === 'ForInStatement') {
          const right = this.expr(st.right);
          const left = st.left.type === 'VariableDeclaration' ? st.left.declarations[0]?.id : st.left;
          if (left) {
            const names = patternNames(left as Node);
            for (const n of names) this.assign(this.declaringFn(n.name), n.name, { e: { k: 'idx', o: right, i: { k: 'dyn', p: this.span(st.right) }, p: this.span(st.right) }, at: st.range[0], op: '=', path: n.path });
            this.events.push({ at: st.right.range[1], kind: 'derive', names: identifiersIn(st.right), targets: names.map((n) => n.name) });
          }
        } else this.expr(st.test);
        this.statement(st.body);
        return;
      case 'SwitchStatement': {
        this.expr(st.discriminant);
        const labels = st.cases.flatMap((c) => (c.test && c.test.type === 'Literal' && typeof c.test.value === 'string' ? [c.test.value] : c.test ? [sourceOf(this.text, c.test, 40)] : []));
        this.events.push({ at: st.range[0], kind: 'switch', names: identifiersIn(st.discriminant), detail: `switch (${sourceOf(this.text, st.discriminant, 60)})${labels.length ? `: ${labels.slice(0, 20).join(', ')}` : ''}` });
        const name = memberPath(st.discriminant as Node)?.join('.') ?? null;
        const saved = this.guard;
        let pending: string[] = [];
        for (const c of st.cases) {
          if (c.test) this.expr(c.test);
          if (c.test?.type === 'Literal' && typeof c.test.value === 'string') pending.push(c.test.value);
          if (name) this.guard = c.test ? { n: name, eq: [...pending] } : { n: name, eq: [...pending], dflt: true };
          for (const s of c.consequent) this.statement(s);
          // Cases that fall through share the next one's statements.
          if (c.consequent.length) pending = [];
        }
        this.guard = saved;
        return;
      }
      case 'TryStatement':
        this.statement(st.block);
        if (st.handler) this.statement(st.handler.body);
        if (st.finalizer) this.statement(st.finalizer);
        return;
      case 'ThrowStatement':
        this.expr(st.argument);
        return;
      case 'LabeledStatement':
        this.statement(st.body);
        return;
      case 'WithStatement':
        this.expr(st.object);
        this.statement(st.body);
        return;
      case 'TSInterfaceDeclaration': {
        const ext = (st.extends ?? []).map((h) => exprName(h.expression as Node)).filter((x): x is string => !!x);
        this.out.types[st.id.name] = { name: st.id.name, ext, ...membersOf(st.body.body as Node[]) };
        return;
      }
      case 'TSTypeAliasDeclaration': {
        const t = st.typeAnnotation as Node;
        if (t.type === 'TSUnionType') {
          const union = t.types.flatMap((u) => (u.type === 'TSTypeReference' ? [entityName(u.typeName as Node)] : []));
          this.out.types[st.id.name] = { name: st.id.name, methods: [], ext: [], union };
        } else if (t.type === 'TSTypeLiteral') {
          this.out.types[st.id.name] = { name: st.id.name, ext: [], ...membersOf(t.members as Node[]) };
        } else if (t.type === 'TSTypeReference') {
          this.out.types[st.id.name] = { name: st.id.name, methods: [], ext: [entityName(t.typeName as Node)] };
        }
        return;
      }
      case 'TSEnumDeclaration': {
        const props: [string, Expr][] = [];
        const members = (st as unknown as { members?: TSESTree.TSEnumMember[]; body?: { members: TSESTree.TSEnumMember[] } }).members ?? (st as unknown as { body: { members: TSESTree.TSEnumMember[] } }).body.members;
        for (const m of members) {
          const k = keyName(m.id as Node);
          if (k && m.initializer) props.push([k, this.expr(m.initializer)]);
        }
        this.assign(this.fn.key, st.id.name, { e: { k: 'obj', props, spreads: [], p: this.span(st) }, at: st.range[0], op: 'decl', fixed: true });
        return;
      }
      case 'TSModuleDeclaration':
        if (st.body && st.body.type === 'TSModuleBlock') for (const s of st.body.body) this.moduleStatement(s);
        return;
      case 'ImportDeclaration':
      case 'ExportNamedDeclaration':
      case 'ExportAllDeclaration':
      case 'ExportDefaultDeclaration':
        this.moduleStatement(st);
        return;
      default:
        // Anything else: find the calls and functions inside.
        this.children(st);
    }
  }

  private declarator(d: TSESTree.VariableDeclarator, isConst: boolean): void {
    this.ancestors.push(d);
    try {
      const init = d.init ? this.expr(d.init) : null;
      const type = d.id.type === 'Identifier' && d.id.typeAnnotation ? typeOf(d.id.typeAnnotation.typeAnnotation as Node) : undefined;
      const names = patternNames(d.id as Node, true);
      for (const n of names) {
        const e = n.dflt && n.path.length ? ({ k: 'or', op: '??', l: init ? this.pathExpr(init, n.path) : { k: 'dyn', p: this.span(d) }, r: this.expr(n.dflt), p: this.span(d) } as Expr) : init;
        this.assign(this.fn.key, n.name, {
          e: e ?? { k: 'dyn', p: this.span(d) },
          at: d.range[0],
          op: 'decl',
          ...(n.dflt && n.path.length ? {} : n.path.length ? { path: n.path } : {}),
          ...(type && !n.path.length ? { type } : n.type ? { type: n.type } : {}),
          ...(isConst ? { fixed: true } : {}),
        });
      }
      if (d.init) {
        this.events.push({ at: d.init.range[1], kind: 'derive', names: identifiersIn(d.init), targets: names.map((n) => n.name) });
        // Top-level require: part of the import graph.
        if (this.fn.key === TOP) this.noteRequire(d.id as Node, d.init);
      }
    } finally {
      this.ancestors.pop();
    }
  }

  private pathExpr(e: Expr, path: string[]): Expr {
    let cur = e;
    for (const p of path) cur = { k: 'get', o: cur, n: p, p: e.p };
    return cur;
  }

  private noteRequire(id: Node, init: Node): void {
    let n: Node = init;
    let member: string | null = null;
    if (n.type === 'MemberExpression' && !n.computed && n.property.type === 'Identifier') {
      member = n.property.name;
      n = n.object;
    }
    if (n.type === 'AwaitExpression') n = n.argument;
    let spec: string | null = null;
    if (n.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === 'require' && n.arguments[0]?.type === 'Literal' && typeof n.arguments[0].value === 'string') spec = n.arguments[0].value;
    if (n.type === 'ImportExpression' && n.source.type === 'Literal' && typeof n.source.value === 'string') spec = n.source.value;
    if (!spec) return;
    if (id.type === 'Identifier') this.out.imports[id.name] ??= { m: spec, n: member ?? '*' };
    else if (id.type === 'ObjectPattern') {
      for (const p of id.properties) {
        if (p.type !== 'Property') continue;
        const k = keyName(p.key as Node);
        const local = p.value.type === 'Identifier' ? p.value.name : p.value.type === 'AssignmentPattern' && p.value.left.type === 'Identifier' ? p.value.left.name : null;
        if (k && local) this.out.imports[local] ??= { m: spec, n: k };
      }
    }
  }

  // --- names and assignments ------------------------------------------------------------------------------

  private get events(): UseEvent[] {
    return this.fn.uses;
  }

  private assign(fnKey: string, name: string, a: Assign): void {
    const fn = this.out.fns[fnKey];
    listOf(fn.locals, name).push(a);
  }

  /** The function whose scope declares a name (the current one when nobody does). */
  private declaringFn(name: string): string {
    for (let i = this.scopes.length - 1; i >= 0; i--) if (this.scopes[i].declared.has(name)) return this.scopes[i].fn.key;
    return this.scopes[0].fn.key;
  }

  private use(kind: UseEvent['kind'], node: Node, at: number, detail?: string): void {
    const names = identifiersIn(node);
    if (names.length) this.events.push({ at, kind, names, ...(detail ? { detail } : {}) });
  }

  // --- functions and classes ------------------------------------------------------------------------------

  /** The name a function or class gets from where it is written (const x = …, a method, a property). */
  private nameFromParent(node?: Node): string | null {
    const top = this.ancestors.length - (node && this.ancestors[this.ancestors.length - 1] === node ? 2 : 1);
    const parent = this.ancestors[top];
    if (!parent) return null;
    if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
    if ((parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition' || parent.type === 'Property') && !parent.computed) return keyName(parent.key as Node);
    if (parent.type === 'AssignmentExpression') {
      const p = memberPath(parent.left as Node);
      if (p) return p[p.length - 1];
    }
    if (parent.type === 'ExportDefaultDeclaration') return 'default';
    // export const x = wrap(async () => …) / memo(() => …): the const two levels up.
    if (parent.type === 'CallExpression' && parent.callee.type === 'Identifier') {
      const gp = this.ancestors[top - 1];
      if (gp?.type === 'VariableDeclarator' && gp.id.type === 'Identifier') return gp.id.name;
    }
    return null;
  }

  private uniqueKey(base: string, line: number): string {
    if (!own(this.out.fns, base)) return base;
    let k = `${base}@${line}`;
    for (let i = 2; own(this.out.fns, k); i++) k = `${base}@${line}#${i}`;
    return k;
  }

  /** Records a function (its parameters, locals, returns, calls) and returns its key. */
  private function(node: TSESTree.FunctionLike, declaredName: string | null, method?: { cls: ClassIR; name: string; kind: FnIR['kind']; isStatic: boolean }): string {
    let name: string | null = declaredName;
    if (!name && !method) name = this.nameFromParent(node);
    if (!name && node.type === 'FunctionExpression' && node.id) name = node.id.name;
    if (method) name = `${method.cls.name}.${method.name}`;
    const start = this.at(node.range[0]);
    const line = start.line;
    const key = name ? this.uniqueKey(name, line) : `<anonymous>@${line}:${start.column - 1}#${this.anon++}`;
    const fn: FnIR = {
      key,
      name,
      cls: method?.cls.key ?? null,
      parent: this.fn.key,
      kind: method ? method.kind : node.type === 'ArrowFunctionExpression' ? 'arrow' : 'function',
      ...(method?.isStatic ? { isStatic: true } : {}),
      params: [],
      locals: {},
      returns: [],
      p: this.span(node),
      loops: [],
      uses: [],
      ...(node.generator ? { generator: true } : {}),
      ...(node.returnType ? { ret: typeOf(node.returnType.typeAnnotation as Node) } : {}),
    };
    this.out.fns[key] = fn;
    if (method) method.cls.methods[method.name] = key;
    const declared = new Set<string>();
    const params: ParamIR[] = [];
    node.params.forEach((p0, index) => {
      let p = p0 as Node;
      if (p.type === 'TSParameterProperty') {
        const inner = p.parameter as Node;
        const id = inner.type === 'AssignmentPattern' ? inner.left : inner;
        if (id.type === 'Identifier' && method) {
          // constructor(private client: OpenAI): a field holding the parameter.
          const type = id.typeAnnotation ? typeOf(id.typeAnnotation.typeAnnotation as Node) : undefined;
          listOf(method.cls.fields, id.name).push({ e: { k: 'name', n: id.name, p: this.span(id) }, at: id.range[0], fn: key, ...(type ? { type } : {}) });
        }
        p = inner;
      }
      if (p.type === 'RestElement') {
        for (const n of patternNames(p.argument as Node)) {
          params.push({ name: n.name, index, rest: true, ...(n.path.length ? { path: n.path } : {}) });
          declared.add(n.name);
        }
        return;
      }
      let dflt: Node | null = null;
      if (p.type === 'AssignmentPattern') {
        dflt = p.right;
        p = p.left;
      }
      const paramType = 'typeAnnotation' in p && p.typeAnnotation ? typeOf((p.typeAnnotation as TSESTree.TSTypeAnnotation).typeAnnotation as Node) : undefined;
      for (const n of patternNames(p, true)) {
        declared.add(n.name);
        const param: ParamIR = { name: n.name, index };
        if (n.path.length) param.path = n.path;
        const type = n.path.length ? (n.type ?? typeAt(paramType, n.path)) : paramType;
        if (type) param.type = type;
        else if (n.path.length && paramType && paramType.k !== 'lit') param.wholeType = paramType;
        params.push(param);
        // Defaults are read in the function's scope (later: after it is pushed).
        (param as ParamIR & { _d?: Node })._d = n.dflt ?? (n.path.length ? undefined : (dflt ?? undefined));
      }
    });
    fn.params = params;
    if (node.body && node.body.type === 'BlockStatement') for (const st of node.body.body) declaredBy(st, declared);
    this.scopes.push({ fn, declared });
    const savedAncestors = this.ancestors.length;
    const savedGuard = this.guard;
    const savedExprDepth = this.exprDepth;
    this.guard = null;
    this.exprDepth = 0;
    try {
      for (const p of params) {
        const d = (p as ParamIR & { _d?: Node })._d;
        delete (p as ParamIR & { _d?: Node })._d;
        if (d) p.d = this.expr(d);
      }
      if (node.body) {
        if (node.body.type === 'BlockStatement') for (const st of node.body.body) this.statement(st);
        else {
          const e = this.expr(node.body as Node);
          this.pushReturn(e);
          this.use('return', node.body as Node, node.body.range[0]);
        }
      }
    } finally {
      this.ancestors.length = savedAncestors;
      this.scopes.pop();
      this.guard = savedGuard;
      this.exprDepth = savedExprDepth;
    }
    return key;
  }

  private pushReturn(e: Expr): void {
    const fn = this.fn;
    if (this.guard || fn.guards) {
      fn.guards ??= fn.returns.map(() => null);
      fn.guards.push(this.guard);
    }
    fn.returns.push(e);
  }

  private klass(node: TSESTree.ClassDeclaration | TSESTree.ClassExpression, declaredName: string | null): string {
    const name = declaredName ?? this.nameFromParent(node) ?? `AnonymousClass@${this.at(node.range[0]).line}`;
    let key = name;
    for (let i = 2; own(this.out.classes, key); i++) key = `${name}#${i}`;
    const cls: ClassIR = {
      key,
      name,
      bases: node.superClass ? [this.expr(node.superClass)] : [],
      impl: (node.implements ?? []).map((h) => exprName(h.expression as Node)).filter((x): x is string => !!x),
      fields: {},
      methods: {},
      ...(node.abstract ? { abstract: true } : {}),
      parent: this.fn.key,
      p: this.span(node),
    };
    this.out.classes[key] = cls;
    this.classStack.push(cls);
    try {
      for (const m of node.body.body) {
        this.ancestors.push(m);
        try {
          if (m.type === 'MethodDefinition' && !m.computed) {
            const mname = keyName(m.key as Node);
            if (!mname) continue;
            const kind: FnIR['kind'] = m.kind === 'constructor' ? 'ctor' : 'method';
            this.function(m.value as TSESTree.FunctionLike, null, { cls, name: m.kind === 'constructor' ? 'constructor' : mname, kind, isStatic: m.static });
          } else if ((m.type === 'PropertyDefinition' || m.type === 'AccessorProperty') && !m.computed) {
            const fname = keyName(m.key as Node);
            if (!fname) continue;
            const type = m.typeAnnotation ? typeOf(m.typeAnnotation.typeAnnotation as Node) : undefined;
            if (m.value && FUNCTION_TYPES.has(m.value.type)) {
              // handler = async (x) => { … }: a method.
              this.ancestors.pop();
              this.ancestors.push(m);
              this.function(m.value as TSESTree.FunctionLike, null, { cls, name: fname, kind: 'method', isStatic: m.static });
            } else {
              const e = m.value ? this.expr(m.value) : undefined;
              listOf(cls.fields, fname).push({ ...(e ? { e } : {}), ...(type ? { type } : {}), at: m.range[0], fn: this.fn.key, ...(m.static ? { isStatic: true } : {}) });
            }
          } else if (m.type === 'StaticBlock') {
            for (const s of m.body) this.statement(s);
          } else if (m.type === 'TSAbstractMethodDefinition' && !m.computed) {
            const mname = keyName(m.key as Node);
            if (mname && !own(cls.methods, mname)) cls.methods[mname] = '';
          }
        } finally {
          this.ancestors.pop();
        }
      }
    } finally {
      this.classStack.pop();
    }
    return key;
  }

  // --- expressions -----------------------------------------------------------------------------------------

  private expr(node: Node): Expr {
    if (++this.depth > MAX_DEPTH) {
      this.depth--;
      this.tooDeep = true;
      return { k: 'dyn', p: this.span(node) };
    }
    if (++this.exprDepth > MAX_EXPR_DEPTH) {
      this.exprDepth--;
      this.depth--;
      const p = this.span(node);
      const last = this.deepSpans[this.deepSpans.length - 1];
      if (!last || p[0] >= last[1]) this.deepSpans.push(p);
      return { k: 'dyn', p };
    }
    this.ancestors.push(node);
    try {
      return this.exprInner(node);
    } finally {
      this.ancestors.pop();
      this.exprDepth--;
      this.depth--;
    }
  }

  private exprInner(node: Node): Expr {
    const p = this.span(node);
    if (TRANSPARENT.has(node.type)) return this.expr((node as { expression: Node }).expression);
    switch (node.type) {
      case 'Literal':
        if (typeof node.value === 'string') return { k: 'str', v: node.value, p };
        if (typeof node.value === 'number') return { k: 'num', v: node.value, p };
        if (typeof node.value === 'boolean') return { k: 'bool', v: node.value, p };
        if (node.value === null && !('regex' in node)) return { k: 'null', p };
        return { k: 'dyn', p };
      case 'TemplateLiteral':
        return this.template(node, p);
      case 'TaggedTemplateExpression': {
        this.expr(node.tag);
        return this.template(node.quasi, p);
      }
      case 'Identifier':
        return node.name === 'undefined' ? { k: 'null', p } : { k: 'name', n: node.name, p };
      case 'ThisExpression':
        return { k: 'this', p };
      case 'Super':
        return { k: 'super', p };
      case 'MemberExpression': {
        const path = memberPath(node);
        if (path && path[0] === 'process' && path[1] === 'env' && path.length === 3) return { k: 'env', n: path[2], p };
        if (path && path[0] === 'import' && path[1] === 'meta' && path[2] === 'env' && path.length === 4) return { k: 'env', n: path[3], p };
        const o = this.expr(node.object);
        if (!node.computed && (node.property.type === 'Identifier' || node.property.type === 'PrivateIdentifier')) return { k: 'get', o, n: node.property.type === 'PrivateIdentifier' ? `#${node.property.name}` : node.property.name, p };
        if (node.computed && node.property.type === 'Literal' && (typeof node.property.value === 'string' || typeof node.property.value === 'number')) return { k: 'get', o, n: String(node.property.value), p };
        return { k: 'idx', o, i: this.expr(node.property as Node), p };
      }
      case 'CallExpression':
      case 'NewExpression':
        return this.call(node);
      case 'ImportExpression': {
        // import("m"): a call of `import`.
        const id = this.out.calls.length;
        const call: CallIR = { id, fn: this.fn.key, f: { k: 'name', n: 'import', p }, a: [this.expr(node.source)], p, at: p[0], stmtLine: this.stmtLine };
        this.out.calls.push(call);
        return { k: 'call', id, p };
      }
      case 'AwaitExpression':
        return this.expr(node.argument);
      case 'YieldExpression':
        if (node.argument) this.expr(node.argument);
        return { k: 'dyn', p };
      case 'ObjectExpression':
        return this.object(node, p);
      case 'ArrayExpression': {
        const items: Expr[] = [];
        for (const el of node.elements) {
          if (!el) continue;
          if (el.type === 'SpreadElement') items.push({ k: 'spread', o: this.expr(el.argument), p: this.span(el) });
          else items.push(this.expr(el));
        }
        return { k: 'arr', items, p };
      }
      case 'BinaryExpression':
        return this.binary(node, p);
      case 'LogicalExpression':
        return { k: 'or', op: node.operator, l: this.expr(node.left), r: this.expr(node.right), p };
      case 'ConditionalExpression':
        const t = this.expr(node.test);
        return { k: 'cond', a: this.expr(node.consequent), b: this.expr(node.alternate), t, p };
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
        return { k: 'fn', key: this.function(node, null), p };
      case 'ClassExpression':
        return { k: 'cls', key: this.klass(node, node.id?.name ?? null), p };
      case 'AssignmentExpression':
        return this.assignment(node);
      case 'SequenceExpression': {
        let last: Expr = { k: 'dyn', p };
        for (const e of node.expressions) last = this.expr(e);
        return last;
      }
      case 'UnaryExpression': {
        const a = this.expr(node.argument);
        if (node.operator === '-' && a.k === 'num') return { k: 'num', v: -a.v, p };
        return { k: 'dyn', p };
      }
      case 'UpdateExpression':
        this.expr(node.argument);
        return { k: 'dyn', p };
      case 'SpreadElement':
        return { k: 'spread', o: this.expr(node.argument), p };
      default:
        this.children(node);
        return { k: 'dyn', p };
    }
  }

  /** Visits the children of a node we do not model (JSX, …) for the calls and functions inside. */
  private children(node: Node): void {
    for (const key in node) {
      if (key === 'parent' || key === 'loc' || key === 'range' || key === 'type' || key === 'typeAnnotation' || key === 'returnType' || key === 'typeParameters' || key === 'typeArguments') continue;
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (const c of child) if (isNode(c)) this.child(c);
      } else if (isNode(child)) this.child(child);
    }
  }

  private child(c: Node): void {
    if (c.type.endsWith('Statement') || c.type.endsWith('Declaration')) this.statement(c);
    else this.expr(c);
  }

  private template(node: TSESTree.TemplateLiteral, p: Span): Expr {
    const parts: (string | Expr)[] = [];
    node.quasis.forEach((q, i) => {
      const s = q.value.cooked ?? q.value.raw;
      if (s) parts.push(s);
      const e = node.expressions[i];
      if (e) parts.push(this.expr(e as Node));
    });
    if (parts.every((x) => typeof x === 'string')) return { k: 'str', v: (parts as string[]).join(''), p };
    return { k: 'tpl', parts, p };
  }

  private binary(node: TSESTree.BinaryExpression, p: Span): Expr {
    if (node.operator === '+') {
      // Flatten a left-deep chain without recursing on its length.
      const operands: Node[] = [];
      let cur: Node = node;
      while (cur.type === 'BinaryExpression' && cur.operator === '+') {
        operands.push(cur.right);
        cur = cur.left as Node;
      }
      operands.push(cur);
      operands.reverse();
      return { k: 'cat', items: operands.map((o) => this.expr(o)), p };
    }
    const l = this.expr(node.left as Node);
    const r = this.expr(node.right);
    if (/^(===|==|!==|!=)$/.test(node.operator)) {
      const lt = sourceOf(this.text, node.left as Node, 200);
      const rt = sourceOf(this.text, node.right, 200);
      const isLit = (x: Node) => (x.type === 'Literal' && typeof x.value === 'string') || (x.type === 'MemberExpression' && /^[A-Z]/.test(sourceOf(this.text, x, 40)));
      if (!/stop_reason|finish_reason|\.type\b|\.role\b|length/.test(lt + rt) && !DISCRIMINATOR.test(lt) && !DISCRIMINATOR.test(rt)) {
        if (isLit(node.right)) this.use('compare', node.left as Node, node.range[0], sourceOf(this.text, node, 120));
        else if (isLit(node.left as Node)) this.use('compare', node.right, node.range[0], sourceOf(this.text, node, 120));
      }
    } else if (node.operator === 'in' && node.left.type === 'Literal') {
      this.use('includes', node.right, node.range[0], sourceOf(this.text, node, 120));
    }
    return { k: 'bin', op: node.operator, l, r, p };
  }

  private object(node: TSESTree.ObjectExpression, p: Span): Expr {
    const props: [string, Expr][] = [];
    const spreads: Expr[] = [];
    for (const prop of node.properties) {
      if (prop.type === 'SpreadElement') {
        spreads.push(this.expr(prop.argument));
        continue;
      }
      if (prop.type !== 'Property') continue;
      let k: string | null = null;
      if (!prop.computed) k = keyName(prop.key as Node);
      else {
        const kv = this.expr(prop.key as Node);
        if (kv.k === 'str') k = kv.v;
      }
      this.ancestors.push(prop);
      try {
        if (prop.kind === 'get' || prop.kind === 'set') {
          if (prop.kind === 'get' && k) {
            const key = this.function(prop.value as TSESTree.FunctionLike, null);
            props.push([k, { k: 'call', id: this.syntheticCall({ k: 'fn', key, p: this.span(prop) }, this.span(prop)), p: this.span(prop) }]);
          } else this.expr(prop.value as Node);
          continue;
        }
        const v = prop.value as Node;
        const e = v.type === 'AssignmentPattern' ? this.expr(v.right) : this.expr(v);
        if (k !== null) props.push([k, e]);
      } finally {
        this.ancestors.pop();
      }
    }
    return { k: 'obj', props, spreads, p };
  }

  /** A call the code makes implicitly (a getter read as a property): recorded like any other. */
  private syntheticCall(f: Expr, p: Span): number {
    const id = this.out.calls.length;
    this.out.calls.push({ id, fn: this.fn.key, f, a: [], p, at: p[0], stmtLine: this.stmtLine });
    return id;
  }

  private assignment(node: TSESTree.AssignmentExpression): Expr {
    const right = this.expr(node.right);
    const left = node.left as Node;
    const op: Assign['op'] = node.operator === '+=' ? '+=' : '=';
    if (node.operator !== '=' && node.operator !== '+=' && node.operator !== '??=' && node.operator !== '||=') return right;
    if (left.type === 'Identifier') {
      this.assign(this.declaringFn(left.name), left.name, { e: right, at: node.range[0], op });
      this.events.push({ at: node.right.range[1], kind: 'derive', names: identifiersIn(node.right), targets: [left.name] });
      return right;
    }
    if (left.type === 'ObjectPattern' || left.type === 'ArrayPattern') {
      for (const n of patternNames(left)) this.assign(this.declaringFn(n.name), n.name, { e: right, at: node.range[0], op: '=', path: n.path });
      return right;
    }
    if (left.type === 'MemberExpression' && left.computed && !(left.property.type === 'Literal' && typeof left.property.value === 'string') && this.classStack.length) {
      // this.byThread[threadId] = agent: an object kept by an id known at run time (the field `byThread[*]`).
      const path = memberPath(left.object as Node);
      const cls = path && path[0] === 'this' && path.length === 2 ? this.methodClass() : null;
      if (cls && path) {
        listOf(cls.fields, keptByIdField(path[1])).push({ e: right, at: node.range[0], fn: this.fn.key });
        this.expr(left.property as Node);
        return right;
      }
    }
    if (left.type === 'MemberExpression') {
      const path = memberPath(left);
      if (path && path[0] === 'this' && path.length === 2 && this.classStack.length) {
        const cls = this.methodClass();
        if (cls) listOf(cls.fields, path[1]).push({ e: right, at: node.range[0], fn: this.fn.key });
        this.events.push({ at: node.right.range[1], kind: 'derive', names: identifiersIn(node.right), targets: [path.join('.'), path[1]] });
        return right;
      }
      if (path && this.fn.key === TOP) {
        // module.exports = { a, b } / module.exports.x = … / exports.x = …
        if (path[0] === 'module' && path[1] === 'exports' && path.length === 2) {
          const exports = this.out.exports!;
          if (right.k === 'obj') {
            for (const [k, v] of right.props) {
              if (v.k === 'name') exports[k] = { local: v.n };
              else {
                this.assign(TOP, `exports.${k}`, { e: v, at: node.range[0], op: 'decl', fixed: true });
                exports[k] = { local: `exports.${k}` };
              }
            }
          } else if (right.k === 'name') exports.default = { local: right.n };
          else {
            this.assign(TOP, 'default', { e: right, at: node.range[0], op: 'decl', fixed: true });
            exports.default = { local: 'default' };
          }
          return right;
        }
        if ((path[0] === 'module' && path[1] === 'exports' && path.length === 3) || (path[0] === 'exports' && path.length === 2)) {
          const name = path[path.length - 1];
          if (right.k === 'name') this.out.exports![name] = { local: right.n };
          else {
            this.assign(TOP, `exports.${name}`, { e: right, at: node.range[0], op: 'decl', fixed: true });
            this.out.exports![name] = { local: `exports.${name}` };
          }
          return right;
        }
      }
      if (path && path.length === 2 && path[0] !== 'this') {
        // obj.prop = value: a property added to a local object (config.model = "…").
        this.assign(this.declaringFn(path[0]), path[0], { e: right, at: node.range[0], op: '=', path: [path[1], '='] });
      } else this.expr(left.object);
    }
    return right;
  }

  /** The class whose method (or arrow inside a method) is running: `this` inside it. */
  private methodClass(): ClassIR | null {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const fn = this.scopes[i].fn;
      if (fn.cls) return own(this.out.classes, fn.cls) ?? null;
      if (fn.kind !== 'arrow') return null;
    }
    return null;
  }

  private call(node: TSESTree.CallExpression | TSESTree.NewExpression): Expr {
    const p = this.span(node);
    const id = this.out.calls.length;
    const callee = node.callee as Node;
    const call: CallIR = { id, fn: this.fn.key, f: { k: 'dyn', p }, a: [], p, at: Math.min(callee.range[0], this.originalLength), stmtLine: this.stmtLine, ...(node.type === 'NewExpression' ? { isNew: true } : {}) };
    this.out.calls.push(call);
    this.resultOf(node, call);
    call.f = this.expr(callee);
    const args: Expr[] = [];
    for (const a of node.arguments) args.push(a.type === 'SpreadElement' ? { k: 'spread', o: this.expr(a.argument), p: this.span(a) } : this.expr(a as Node));
    call.a = args;
    // Evidence of how other values are used (the output of an earlier call): parsing, includes, schema checks.
    if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier') {
      const method = callee.property.name;
      const ctext = sourceOf(this.text, callee, 80);
      if (ctext === 'JSON.parse' && node.arguments[0]) this.use('json-parse', node.arguments[0] as Node, node.range[0], `JSON.parse(${sourceOf(this.text, node.arguments[0] as Node, 40)})`);
      else if (/^(parse|safeParse|parseAsync|safeParseAsync|validate)$/.test(method) && node.arguments[0]) this.use('schema-parse', node.arguments[0] as Node, node.range[0], `${ctext}(…)`);
      else if (/^(includes|startsWith|endsWith|match|test|indexOf)$/.test(method)) {
        const objText = sourceOf(this.text, callee.object, 60);
        if (!/stop_reason|finish_reason/.test(objText)) this.use('includes', callee.object, node.range[0], `${objText}.${method}(…)`);
        if (method === 'includes' && node.arguments[0]) this.use('enum-includes', node.arguments[0] as Node, node.range[0], `${objText}.includes(…)`);
      } else if (method === 'set' && args.length === 2 && this.classStack.length) {
        // this.agents.set(threadId, agent): an object kept by an id known at run time (the field `agents[*]`).
        const path = memberPath(callee.object as Node);
        const cls = path && path[0] === 'this' && path.length === 2 ? this.methodClass() : null;
        if (cls && path) listOf(cls.fields, keptByIdField(path[1])).push({ e: args[1], at: node.range[0], fn: this.fn.key });
      } else if (method === 'push' && callee.object.type === 'Identifier' && args.length) {
        // messages.push({ role: "user", content }): the array grows.
        for (const a of args) this.assign(this.declaringFn(callee.object.name), callee.object.name, { e: a, at: node.range[0], op: 'push' });
      }
    }
    return { k: 'call', id, p };
  }

  /** Where a call's result goes: the variable receiving it, a parse around it, a return. */
  private resultOf(node: Node, call: CallIR): void {
    let child: Node = node;
    for (let i = this.ancestors.length - 2; i >= 0; i--) {
      const a = this.ancestors[i];
      if (a.type === 'AwaitExpression' || a.type === 'ChainExpression' || TRANSPARENT.has(a.type) || (a.type === 'MemberExpression' && a.object === child)) {
        child = a;
        continue;
      }
      if (a.type === 'CallExpression' && a.callee === child) {
        child = a; // (await …).then(…) / .finalMessage()
        continue;
      }
      if (a.type === 'CallExpression' && a.arguments[0] === child) {
        const ctext = sourceOf(this.text, a.callee as Node, 60);
        if (ctext === 'JSON.parse') {
          call.parsed = 'json-parse';
          call.parsedDetail = 'JSON.parse of the response';
        } else if (/\.(parse|safeParse|parseAsync|validate)$/.test(ctext)) {
          call.parsed = 'schema-parse';
          call.parsedDetail = `${ctext}(…)`;
        }
        child = a;
        continue;
      }
      if (a.type === 'VariableDeclarator') {
        if (a.id.type === 'Identifier') call.rv = a.id.name;
        else if (a.id.type === 'ObjectPattern') {
          const first = a.id.properties.find((q): q is TSESTree.Property => q.type === 'Property' && q.value.type === 'Identifier');
          if (first) call.rv = (first.value as TSESTree.Identifier).name;
        }
      } else if (a.type === 'AssignmentExpression' && a.right === child) {
        const path = memberPath(a.left as Node);
        if (path) call.rv = path[path.length - 1];
      } else if (a.type === 'ReturnStatement' || a.type === 'ArrowFunctionExpression') call.returned = true;
      break;
    }
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

/** `x === "a"`, `x == "a" || x === "b"`, `"a" === x`: the name and the strings it is tested against. */
function equalityGuard(test: Node): { n: string; eq: string[] } | null {
  const eq: string[] = [];
  let name: string | null = null;
  const stack: Node[] = [test];
  while (stack.length) {
    const t = stack.pop()!;
    if (t.type === 'LogicalExpression' && t.operator === '||') {
      stack.push(t.left, t.right);
      continue;
    }
    if (t.type !== 'BinaryExpression' || (t.operator !== '===' && t.operator !== '==')) return null;
    const [lit, other] = t.right.type === 'Literal' && typeof t.right.value === 'string' ? [t.right.value, t.left] : t.left.type === 'Literal' && typeof t.left.value === 'string' ? [t.left.value, t.right] : [null, null];
    if (lit === null || !other) return null;
    const n = memberPath(other as Node)?.join('.');
    if (!n || (name && name !== n)) return null;
    name = n;
    eq.push(lit);
  }
  return name ? { n: name, eq } : null;
}

/** `!x`, `x == null`, `x === undefined`: a test that a name is missing. */
function noneGuard(test: Node): Guard {
  let n: string | undefined;
  if (test.type === 'UnaryExpression' && test.operator === '!') n = memberPath(test.argument as Node)?.join('.');
  else if (test.type === 'BinaryExpression' && (test.operator === '==' || test.operator === '===')) {
    const isNil = (x: Node) => (x.type === 'Literal' && x.value === null) || (x.type === 'Identifier' && x.name === 'undefined');
    if (isNil(test.right as Node)) n = memberPath(test.left as Node)?.join('.');
    else if (isNil(test.left as Node)) n = memberPath(test.right as Node)?.join('.');
  }
  return n ? { n, eq: [], none: true } : null;
}

const DISCRIMINATOR = /^(?:type|kind|role|event|eventType|chunkType|partType|object)$/;

// --- AST helpers ---------------------------------------------------------------------------------------------

function isNode(v: unknown): v is Node {
  return !!v && typeof v === 'object' && typeof (v as Node).type === 'string';
}

function nameOf(n: TSESTree.Identifier | TSESTree.StringLiteral | Node): string {
  return n.type === 'Identifier' ? n.name : n.type === 'Literal' ? String(n.value) : '?';
}

function keyName(key: Node): string | null {
  if (key.type === 'Identifier') return key.name;
  if (key.type === 'Literal') return String(key.value);
  if (key.type === 'PrivateIdentifier') return `#${key.name}`;
  return null;
}

function memberPath(node: Node): string[] | null {
  const out: string[] = [];
  let cur: Node = node;
  for (let i = 0; i < 64; i++) {
    if (TRANSPARENT.has(cur.type)) {
      cur = (cur as { expression: Node }).expression;
      continue;
    }
    if (cur.type === 'Identifier') return [cur.name, ...out.reverse()];
    if (cur.type === 'ThisExpression') return ['this', ...out.reverse()];
    if (cur.type === 'MetaProperty') return [cur.meta.name, cur.property.name, ...out.reverse()];
    if (cur.type === 'MemberExpression') {
      if (!cur.computed && cur.property.type === 'Identifier') out.push(cur.property.name);
      else if (cur.computed && cur.property.type === 'Literal' && typeof cur.property.value === 'string') out.push(cur.property.value);
      else return null;
      cur = cur.object;
      continue;
    }
    return null;
  }
  return null;
}

function exprName(n: Node): string | null {
  const p = memberPath(n);
  return p ? p.join('.') : null;
}

function entityName(n: Node): string {
  if (n.type === 'Identifier') return n.name;
  if (n.type === 'TSQualifiedName') return `${entityName(n.left as Node)}.${n.right.name}`;
  return '?';
}

function sourceOf(text: string, n: Node, max: number): string {
  const t = text.slice(n.range[0], Math.min(n.range[1], n.range[0] + max));
  return n.range[1] - n.range[0] > max ? `${t}…` : t;
}

/** Names a statement declares in its scope (var/let/const, functions, classes, enums), not inside nested functions. */
function declaredBy(st: Node, into: Set<string>): void {
  const stack: Node[] = [st];
  let guard = 200_000;
  while (stack.length && guard-- > 0) {
    const n = stack.pop()!;
    switch (n.type) {
      case 'VariableDeclaration':
        for (const d of n.declarations) for (const b of patternNames(d.id as Node)) into.add(b.name);
        break;
      case 'FunctionDeclaration':
      case 'ClassDeclaration':
      case 'TSEnumDeclaration':
        if (n.id) into.add(n.id.name);
        continue;
      case 'ExportNamedDeclaration':
        if (n.declaration) stack.push(n.declaration);
        continue;
      case 'ExportDefaultDeclaration':
        stack.push(n.declaration as Node);
        continue;
      case 'ImportDeclaration':
        for (const s of n.specifiers) into.add(s.local.name);
        continue;
      default:
        break;
    }
    if (FUNCTION_TYPES.has(n.type) || n.type === 'ClassExpression') continue;
    // Only statements hold declarations of this scope; expressions hold none (except nested functions, skipped).
    for (const key of ['body', 'consequent', 'alternate', 'block', 'handler', 'finalizer', 'cases', 'init', 'left', 'declarations'] as const) {
      const c = (n as unknown as Record<string, unknown>)[key];
      if (Array.isArray(c)) {
        for (const x of c) if (isNode(x) && (x.type.endsWith('Statement') || x.type.endsWith('Declaration') || x.type === 'SwitchCase' || x.type === 'CatchClause' || x.type === 'StaticBlock')) stack.push(x);
      } else if (isNode(c) && (c.type.endsWith('Statement') || c.type.endsWith('Declaration') || c.type === 'CatchClause')) stack.push(c);
    }
  }
}

function namesDeclared(decl: Node): string[] {
  const s = new Set<string>();
  if ((decl.type === 'FunctionDeclaration' || decl.type === 'ClassDeclaration' || decl.type === 'TSEnumDeclaration') && decl.id) return [decl.id.name];
  if (decl.type === 'VariableDeclaration') for (const d of decl.declarations) for (const b of patternNames(d.id as Node)) s.add(b.name);
  if (decl.type === 'TSInterfaceDeclaration' || decl.type === 'TSTypeAliasDeclaration') return [decl.id.name];
  return [...s];
}

interface PatternName {
  name: string;
  path: string[];
  dflt?: Node;
  type?: TypeIR;
}

/** Names bound by a pattern, with the property path into the value they come from. Iterative. */
function patternNames(id: Node, withRest = false): PatternName[] {
  const out: PatternName[] = [];
  const stack: { n: Node; path: string[]; dflt?: Node; type?: TypeIR }[] = [{ n: id, path: [] }];
  let guard = 10_000;
  while (stack.length && guard-- > 0) {
    const { n, path, dflt, type } = stack.pop()!;
    switch (n.type) {
      case 'Identifier':
        out.push({ name: n.name, path, ...(dflt ? { dflt } : {}), ...(type ? { type } : n.typeAnnotation ? { type: typeOf(n.typeAnnotation.typeAnnotation as Node) } : {}) });
        break;
      case 'AssignmentPattern':
        stack.push({ n: n.left as Node, path, dflt: n.right, type });
        break;
      case 'ObjectPattern': {
        const ann = n.typeAnnotation ? typeOf(n.typeAnnotation.typeAnnotation as Node) : type;
        for (const p of n.properties) {
          // `const { onText, ...rest } = params`, `({ orgId, ...options }) =>` (a parameter): the rest is the object
          // itself for a reader (`rest.messages` is `params.messages`).
          if (p.type === 'RestElement') {
            if (withRest && p.argument.type === 'Identifier') stack.push({ n: p.argument as Node, path });
            continue;
          }
          const k = p.computed ? null : keyName(p.key as Node);
          if (!k) continue;
          stack.push({ n: p.value as Node, path: [...path, k], type: typeAt(ann, [k]) });
        }
        break;
      }
      case 'ArrayPattern':
        n.elements.forEach((e, i) => {
          if (e) stack.push({ n: e as Node, path: [...path, String(i)] });
        });
        break;
      case 'RestElement':
        stack.push({ n: n.argument as Node, path });
        break;
      case 'TSParameterProperty':
        stack.push({ n: n.parameter as Node, path });
        break;
      default:
        break;
    }
  }
  return out.reverse();
}

function typeAt(t: TypeIR | undefined, path: string[]): TypeIR | undefined {
  let cur = t;
  for (const p of path) {
    if (!cur || cur.k !== 'lit') return undefined;
    cur = cur.props[p];
  }
  return cur;
}

function typeOf(t: Node, depth = 0): TypeIR {
  if (depth > 20) return { k: 'other' };
  switch (t.type) {
    case 'TSTypeReference': {
      const n = entityName(t.typeName as Node);
      const args = t.typeArguments?.params.map((a) => typeOf(a as Node, depth + 1));
      return args?.length ? { k: 'ref', n, args } : { k: 'ref', n };
    }
    case 'TSUnionType':
      return { k: 'union', ts: t.types.map((u) => typeOf(u as Node, depth + 1)) };
    case 'TSTypeLiteral': {
      const props: Record<string, TypeIR> = {};
      for (const m of t.members) {
        if (m.type === 'TSPropertySignature' && !m.computed && m.typeAnnotation) {
          const k = keyName(m.key as Node);
          if (k) props[k] = typeOf(m.typeAnnotation.typeAnnotation as Node, depth + 1);
        }
      }
      return { k: 'lit', props };
    }
    case 'TSTypeQuery':
      return { k: 'ref', n: `typeof ${entityName(t.exprName as Node)}` };
    case 'TSFunctionType':
      return { k: 'fn', ret: t.returnType ? typeOf(t.returnType.typeAnnotation as Node, depth + 1) : { k: 'other' } };
    default:
      return { k: 'other' };
  }
}

/**
 * The members of an interface or an object type alias: its methods and function-typed properties (with what they
 * return, where declared) and its other properties' types.
 */
function membersOf(members: readonly Node[]): { methods: string[]; props: Record<string, TypeIR>; returns?: Record<string, TypeIR> } {
  const methods: string[] = [];
  const props: Record<string, TypeIR> = {};
  const returns: Record<string, TypeIR> = {};
  for (const m of members) {
    if ((m.type !== 'TSMethodSignature' && m.type !== 'TSPropertySignature') || m.computed) continue;
    const k = keyName(m.key as Node);
    if (!k) continue;
    if (m.type === 'TSMethodSignature' || m.typeAnnotation?.typeAnnotation.type === 'TSFunctionType') {
      methods.push(k);
      const ret = returnTypeOf(m);
      if (ret) returns[k] = ret;
    } else if (m.typeAnnotation) props[k] = typeOf(m.typeAnnotation.typeAnnotation as Node);
  }
  return { methods, props, ...(Object.keys(returns).length ? { returns } : {}) };
}

/** The declared return type of an interface's method or function-typed property (`get(): Promise<Model>`, `get?: () => Model`). */
function returnTypeOf(m: Node): TypeIR | null {
  if (m.type === 'TSMethodSignature') return m.returnType ? typeOf(m.returnType.typeAnnotation as Node) : null;
  if (m.type === 'TSPropertySignature' && m.typeAnnotation?.typeAnnotation.type === 'TSFunctionType') {
    const fnType = m.typeAnnotation.typeAnnotation;
    return fnType.returnType ? typeOf(fnType.returnType.typeAnnotation as Node) : null;
  }
  return null;
}

/** Identifiers read in an expression (not property names), bounded: what a use of a value mentions. */
function identifiersIn(node: Node): string[] {
  const out = new Set<string>();
  const stack: Node[] = [node];
  let budget = 400;
  while (stack.length && budget-- > 0 && out.size < 24) {
    const n = stack.pop()!;
    if (n.type === 'Identifier') {
      out.add(n.name);
      continue;
    }
    if (FUNCTION_TYPES.has(n.type)) continue;
    if (n.type === 'MemberExpression') {
      const p = memberPath(n);
      if (p && p[0] === 'this' && p.length >= 2) out.add(`this.${p[1]}`);
      stack.push(n.object);
      if (n.computed) stack.push(n.property as Node);
      continue;
    }
    if (n.type === 'Property') {
      stack.push(n.value as Node);
      if (n.computed) stack.push(n.key as Node);
      continue;
    }
    for (const key in n) {
      if (key === 'parent' || key === 'loc' || key === 'range' || key === 'type' || key === 'typeAnnotation') continue;
      const c = (n as unknown as Record<string, unknown>)[key];
      if (Array.isArray(c)) {
        for (const x of c) if (isNode(x)) stack.push(x);
      } else if (isNode(c)) stack.push(c);
    }
  }
  return [...out];
}

