// Per-file analysis of TS/JS: pure in (file, text), so results can be cached by content.
// Produces plain data (no AST kept): SDK calls with their arguments as static values, calls that may
// reach a wrapper, module constants, imports and exports. Cross-file work is in link.ts.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type * as EstreeModule from '@typescript-eslint/typescript-estree';
import type { Annotation, Signal, SourcePoint, TextSpan } from '../../types';
import type { BaseAnalysis } from '../language';
import { parseAnnotation } from '../../usage/annotations';
import { MAX_TEXT, holeText, type SValue, type Src } from './values';
import { pruneForScan, withOriginalOffsets } from './prune';
import { HTTP_ENDPOINT_WORDS, httpEndpoint } from '../httpEndpoint';
import { lineStartsOf, pointAt } from '../../lines';
import { blankKeepingLines, parseReusingUnits, type UnitTrees } from './unitCache';
import {
  LANGCHAIN_CALLS,
  LANGCHAIN_WRAPS,
  MAY_MATTER,
  REGISTRY_FN,
  NOT_A_CLIENT,
  REGISTRY_OBJ,
  VERCEL_FUNCTIONS,
  isVercelModule,
  langchainClass,
  matchShape,
  sdkOfModule,
  type Sdk,
} from './sdk';

type Node = TSESTree.Node;

let estree: typeof EstreeModule | undefined;
/** The parser is loaded on first use so that activating the extension stays cheap. */
function parser(): typeof EstreeModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  estree ??= require('@typescript-eslint/typescript-estree') as typeof EstreeModule;
  return estree;
}

export type ClientOrigin =
  | { kind: 'sdk'; sdk: Sdk; how: string }
  | { kind: 'langchain'; provider: string; ctor: string; args: SValue[]; structured: boolean; tools: boolean; how: string; template?: SValue }
  | { kind: 'ref'; module: string; name: string; member: string | null }
  | { kind: 'shape' };

export interface CallContext {
  callee: SourcePoint;
  span: TextSpan;
  enclosingFunction: string;
  className: string | null;
  annotation: Annotation | null;
  /** Signals read from the code around the call (result variable, parsing of the output, loops …). */
  signals: Signal[];
  /** Several documents joined into the arguments (`docs.map(…).join(…)`). */
  joinsDocuments: boolean;
  /** The callee as written (`callAI`, `this.llm.complete`). */
  calleeText: string;
}

export interface TsSdkCall {
  kind: 'sdk' | 'vercel';
  /** For kind "sdk": the shape's api; for vercel the function name; for langchain the method. */
  api: string;
  /** A request to the HTTP API without an SDK: the endpoint as written (`POST /v1/messages`); `api` is the matching SDK shape. */
  written?: string;
  client: ClientOrigin;
  args: SValue[];
  /** Named function whose parameters this call reads (fn key), when any. */
  fnKey: string | null;
  ctx: CallContext;
}

export interface TsInvocation {
  target: { kind: 'local'; fnKey: string } | { kind: 'import'; module: string; name: string; member: string | null };
  args: SValue[];
  /** Named function the invocation sits in. */
  fnKey: string | null;
  ctx: CallContext;
}

export interface TsFunction {
  key: string;
  name: string;
  params: string[];
  line: number;
  /** What the function returns when it is one expression (registry helpers, client factories). */
  returns: SValue | null;
  returnsClient: ClientOrigin | null;
  /** The static text of the string or template the function returns, when it builds a prompt (`buildAnswerPrompt(q, docs)`). */
  returnsPrompt?: SValue;
}

export type ExportTarget = { local: string } | { module: string; name: string };

export interface TsAnalysis extends BaseAnalysis {
  language: 'typescript' | 'javascript';
  imports: Record<string, { module: string; name: string }>;
  exports: Record<string, ExportTarget>;
  exportAll: string[];
  /** Module-level constants with a static value. */
  consts: Record<string, SValue>;
  /** Module-level bindings (consts, exported functions) that hold an SDK client or a LangChain model. */
  clients: Record<string, ClientOrigin>;
  functions: Record<string, TsFunction>;
  /** Local name of a function or class → its key in `functions` (classes map to their name). */
  localFunctions: Record<string, string>;
  /** Module-level instances of classes: `export const llm = new LlmService()` → the class (local name or import). */
  instances: Record<string, { className: string } | { module: string; name: string }>;
  calls: TsSdkCall[];
  invocations: TsInvocation[];
  /** Calls left out on purpose (test file, declaration file). */
  ignoredReason?: string;
}

const JSX_EXT = /\.(jsx|tsx|js|mjs|cjs)$/;
const TEST_PATH = /(^|\/)(__mocks__|__tests__|tests?|spec|__fixtures__)\/|\.(test|spec)\.[cm]?[jt]sx?$/;

export function languageOf(file: string): 'typescript' | 'javascript' {
  return /\.[cm]?tsx?$/.test(file) ? 'typescript' : 'javascript';
}

function emptyAnalysis(file: string): TsAnalysis {
  return {
    file,
    language: languageOf(file),
    imports: {},
    exports: {},
    exportAll: [],
    consts: {},
    clients: {},
    functions: {},
    localFunctions: {},
    instances: {},
    calls: [],
    invocations: [],
  };
}

/** Blank a range while keeping offsets and line numbers. */
function blank(text: string, start: number, end: number): string {
  return text.slice(0, start) + blankKeepingLines(text.slice(start, end)) + text.slice(end);
}

/** How this file is parsed: positions on, comments off (annotations are found by their marker). */
function sourceParser(file: string): (code: string) => TSESTree.Program {
  const options = { loc: true, range: true, comment: false, jsx: JSX_EXT.test(file), errorOnUnknownASTType: false } as const;
  return (code) => parser().parse(code, options);
}

interface ParsedFile {
  ast: TSESTree.Program;
  error?: string;
}

/**
 * Parses, and when the file has a syntax error, blanks the top-level statement that holds it and tries
 * again (a few times), so the rest of the file is still analysed.
 */
function parseRecovering(file: string, text: string): ParsedFile | { fatal: string } {
  const parse = sourceParser(file);
  let current = text;
  let firstError: string | undefined;
  for (let attempt = 0; attempt < 6; attempt++) {
    try {
      const ast = parse(current);
      return { ast, error: firstError };
    } catch (e) {
      const err = e as { message?: string; location?: { start?: { offset?: number; line?: number } }; index?: number; lineNumber?: number };
      const line = err.location?.start?.line ?? err.lineNumber;
      const msg = `syntax error${line ? ` at line ${line}` : ''}: ${err.message ?? String(e)}`;
      firstError ??= msg;
      const offset = err.location?.start?.offset ?? err.index;
      if (offset === undefined) return { fatal: msg };
      const range = topLevelRange(current, offset);
      if (!range) return { fatal: msg };
      current = blank(current, range.start, range.end);
    }
  }
  return { fatal: firstError ?? 'syntax error' };
}

/** Range of the top-level statement around `offset`, found with TypeScript's error-tolerant parser. */
function topLevelRange(text: string, offset: number): TextSpan | null {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require('typescript') as typeof import('typescript');
  const sf = ts.createSourceFile('x.tsx', text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TSX);
  for (const st of sf.statements) {
    const start = st.getFullStart();
    if (offset >= start && offset < st.end) return { start, end: Math.max(st.end, offset + 1) };
  }
  // Past the last statement: blank from the error to the end.
  return offset < text.length ? { start: offset, end: text.length } : null;
}

// ---------------------------------------------------------------------------------------------

interface Binding {
  kind: 'local' | 'param' | 'import' | 'function' | 'class';
  node?: Node; // initializer or function/class node
  path?: string[]; // destructuring path into node's value
  index?: number;
  fnKey?: string;
  named?: boolean; // param of a named function
  typeAnn?: Node;
  module?: string;
  importName?: string;
  name: string;
  isConst?: boolean;
  /** A `let` given a new value with `=` somewhere in its function: its initializer is only one of its values. */
  reassigned?: boolean;
  decl?: Node;
}

interface Frame {
  key: string;
  name: string | null; // null for anonymous functions
  node: Node;
  bindings: Map<string, Binding>;
  memo: Map<string, SValue>;
}

interface ClassInfo {
  name: string;
  node: TSESTree.ClassDeclaration | TSESTree.ClassExpression;
}

const LOOP_TYPES = new Set(['WhileStatement', 'DoWhileStatement', 'ForStatement', 'ForOfStatement', 'ForInStatement']);
const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);



export interface AnalyzeTsOptions {
  /** Drop top-level code that cannot matter before parsing (default true; false is for tests that compare). */
  prune?: boolean;
  /**
   * The last analysis of each file in pruned coordinates (the editor's worker keeps one): when an edit leaves
   * the kept code unchanged (typing inside a function that cannot matter), that analysis is reused with the
   * new offsets instead of parsing again.
   */
  reuse?: Map<string, ReuseEntry>;
}

/**
 * What the editor keeps of a file between edits: its last analysis (pruned coordinates) and its declarations'
 * trees. A file analysed once (the workspace index) gets only a marker (`analysis` null): the copies are kept
 * from its second analysis on, when it is being edited, so the index does not hold every file twice.
 */
export interface ReuseEntry {
  kept: string;
  analysis: TsAnalysis | null;
  trees: UnitTrees;
}

export function analyzeTs(file: string, text: string, options: AnalyzeTsOptions = {}): TsAnalysis {
  const analysis = emptyAnalysis(file);
  if (/\.d\.[cm]?ts$/.test(file)) {
    analysis.ignoredReason = 'declaration file';
    return analysis;
  }
  if (TEST_PATH.test(file)) {
    analysis.ignoredReason = 'test or mock file';
    return analysis;
  }
  // Parse only the code that may matter (lines and columns unchanged, offsets mapped back); on any trouble parse it all.
  const pruned = options.prune === false ? null : pruneForScan(text, MAY_MATTER);
  if (pruned !== null) {
    const previous = options.reuse?.get(file);
    if (previous?.analysis && previous.kept === pruned.text) return withOriginalOffsets(previous.analysis, pruned);
    const parse = sourceParser(file);
    const trees: UnitTrees = previous?.trees ?? new Map();
    let ast: TSESTree.Program | null = null;
    try {
      ast = (previous && parseReusingUnits(pruned, parse, trees)) || parse(pruned.text);
    } catch {
      ast = null;
    }
    if (ast) {
      try {
        new FileAnalyzer(file, pruned.text, ast, analysis).run();
      } catch (e) {
        analysis.error = `analysis failed: ${(e as Error).message}`;
      }
      options.reuse?.set(file, previous ? { kept: pruned.text, analysis, trees } : { kept: '', analysis: null, trees });
      return withOriginalOffsets(analysis, pruned);
    }
  }
  // A whole parse (a syntax error mid-typing, or nothing to drop): the analysis cannot be reused next time,
  // the declarations' trees still can.
  const stale = options.reuse?.get(file);
  if (stale) stale.kept = '';
  const parsed = parseRecovering(file, text);
  if ('fatal' in parsed) {
    analysis.error = parsed.fatal;
    return analysis;
  }
  if (parsed.error) analysis.error = parsed.error;
  try {
    new FileAnalyzer(file, text, parsed.ast, analysis).run();
  } catch (e) {
    analysis.error = `analysis failed: ${(e as Error).message}`;
  }
  return analysis;
}

class FileAnalyzer {
  private readonly lineStarts: number[];
  private readonly moduleBindings = new Map<string, Binding>();
  private readonly moduleMemo = new Map<string, SValue>();
  private readonly frames: Frame[] = [];
  private readonly classes: ClassInfo[] = [];
  private readonly ancestors: Node[] = [];
  private readonly inProgress = new Set<Node>();
  private readonly commentsByLine = new Map<number, string[]>();
  private readonly fnKeys = new Map<Node, string>();
  private anon = 0;
  /** The text names an LLM HTTP endpoint: calls are checked for requests to it (see httpRequest). */
  private readonly mayCallHttp: boolean;

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly ast: TSESTree.Program,
    private readonly out: TsAnalysis,
  ) {
    this.lineStarts = lineStartsOf(text);
    this.mayCallHttp = HTTP_ENDPOINT_WORDS.test(text);
    // Annotations only: finding them by their marker is much cheaper than asking the parser for comments.
    for (let i = text.indexOf('tierwise:'); i !== -1; i = text.indexOf('tierwise:', i + 9)) {
      const lineStart = text.lastIndexOf('\n', i) + 1;
      const before = text.slice(lineStart, i);
      const marker = Math.max(before.lastIndexOf('//'), before.lastIndexOf('/*'), before.lastIndexOf('*'));
      if (marker < 0) continue;
      const lineEnd = text.indexOf('\n', i);
      const comment = text.slice(lineStart + marker, lineEnd < 0 ? text.length : lineEnd);
      const line = lineAt(this.lineStarts, i);
      const list = this.commentsByLine.get(line) ?? [];
      list.push(comment.replace(/^\/\/|^\/\*|^\*/, ''));
      this.commentsByLine.set(line, list);
    }
  }

  run(): void {
    this.collectModule();
    this.visit(this.ast);
    this.finishModule();
  }

  // --- positions ------------------------------------------------------------------------------

  private src(node: Node): Src {
    const [start, end] = node.range;
    return {
      file: this.file,
      text: end - start > MAX_TEXT ? this.text.slice(start, start + MAX_TEXT) : this.text.slice(start, end),
      start,
      end,
      line: node.loc.start.line,
      column: node.loc.start.column + 1,
    };
  }

  // --- module level ---------------------------------------------------------------------------

  private collectModule(): void {
    for (const st of this.ast.body) this.collectStatement(st, false);
  }

  private collectStatement(st: Node, exported: boolean): void {
    switch (st.type) {
      case 'ImportDeclaration': {
        const module = String(st.source.value);
        for (const s of st.specifiers) {
          const name =
            s.type === 'ImportDefaultSpecifier' ? 'default' : s.type === 'ImportNamespaceSpecifier' ? '*' : s.imported.type === 'Identifier' ? s.imported.name : String(s.imported.value);
          this.moduleBindings.set(s.local.name, { kind: 'import', module, importName: name, name: s.local.name });
          this.out.imports[s.local.name] = { module, name };
        }
        return;
      }
      case 'ExportNamedDeclaration': {
        if (st.source) {
          for (const s of st.specifiers) {
            this.out.exports[nameOf(s.exported)] = { module: String(st.source.value), name: nameOf(s.local) };
          }
          return;
        }
        if (st.declaration) this.collectStatement(st.declaration, true);
        for (const s of st.specifiers) {
          const local = nameOf(s.local);
          const exp = nameOf(s.exported);
          this.out.exports[exp] = { local };
        }
        return;
      }
      case 'ExportAllDeclaration':
        if (st.exported) {
          this.out.exports[nameOf(st.exported)] = { module: String(st.source.value), name: '*' };
        } else this.out.exportAll.push(String(st.source.value));
        return;
      case 'ExportDefaultDeclaration': {
        const d = st.declaration;
        if ((d.type === 'FunctionDeclaration' || d.type === 'ClassDeclaration') && d.id) {
          this.collectStatement(d, false);
          this.out.exports.default = { local: d.id.name };
        } else if (d.type === 'Identifier') {
          this.out.exports.default = { local: d.name };
        } else {
          this.moduleBindings.set('default', { kind: 'local', node: d as Node, name: 'default', isConst: true });
          this.out.exports.default = { local: 'default' };
        }
        return;
      }
      case 'FunctionDeclaration':
        if (st.id) {
          this.moduleBindings.set(st.id.name, { kind: 'function', node: st, name: st.id.name });
          if (exported) this.out.exports[st.id.name] = { local: st.id.name };
        }
        return;
      case 'ClassDeclaration':
        if (st.id) {
          this.moduleBindings.set(st.id.name, { kind: 'class', node: st, name: st.id.name });
          this.out.localFunctions[st.id.name] = st.id.name;
          if (exported) this.out.exports[st.id.name] = { local: st.id.name };
        }
        return;
      case 'VariableDeclaration':
        for (const d of st.declarations) {
          if (d.init && isRequire(d.init)) {
            this.collectRequire(d.id, d.init);
            continue;
          }
          for (const b of patternBindings(d.id, d.init ?? null, [])) {
            this.moduleBindings.set(b.name, { kind: 'local', node: b.node ?? undefined, path: b.path, name: b.name, isConst: st.kind === 'const', decl: d });
            if (exported) this.out.exports[b.name] = { local: b.name };
          }
        }
        return;
      case 'ExpressionStatement': {
        // module.exports = { a, b } / module.exports.x = … / exports.x = …
        const e = st.expression;
        if (e.type === 'AssignmentExpression') {
          const left = memberPath(e.left);
          if (left && left[0] === 'module' && left[1] === 'exports' && left.length === 2) {
            if (e.right.type === 'ObjectExpression') {
              for (const p of e.right.properties) {
                if (p.type === 'Property' && !p.computed && p.key.type === 'Identifier') {
                  if (p.value.type === 'Identifier') this.out.exports[p.key.name] = { local: p.value.name };
                  else {
                    const name = `exports.${p.key.name}`;
                    this.moduleBindings.set(name, { kind: 'local', node: p.value as Node, name, isConst: true });
                    this.out.exports[p.key.name] = { local: name };
                  }
                }
              }
            } else if (e.right.type === 'Identifier') this.out.exports.default = { local: e.right.name };
          } else if (left && ((left[0] === 'module' && left[1] === 'exports' && left.length === 3) || (left[0] === 'exports' && left.length === 2))) {
            const exp = left[left.length - 1];
            if (e.right.type === 'Identifier') this.out.exports[exp] = { local: e.right.name };
            else {
              const name = `exports.${exp}`;
              this.moduleBindings.set(name, { kind: 'local', node: e.right as Node, name, isConst: true });
              this.out.exports[exp] = { local: name };
            }
          }
        }
        return;
      }
      default:
        return;
    }
  }

  private collectRequire(id: TSESTree.BindingName, init: Node): void {
    const req = requireOf(init);
    if (!req) return;
    if (id.type === 'Identifier') {
      const name = req.member ?? 'default';
      this.moduleBindings.set(id.name, { kind: 'import', module: req.module, importName: name, name: id.name });
      this.out.imports[id.name] = { module: req.module, name };
    } else if (id.type === 'ObjectPattern') {
      for (const p of id.properties) {
        if (p.type === 'Property' && p.key.type === 'Identifier') {
          const local = p.value.type === 'Identifier' ? p.value.name : p.value.type === 'AssignmentPattern' && p.value.left.type === 'Identifier' ? p.value.left.name : null;
          if (!local) continue;
          this.moduleBindings.set(local, { kind: 'import', module: req.module, importName: p.key.name, name: local });
          this.out.imports[local] = { module: req.module, name: p.key.name };
        }
      }
    }
  }

  private finishModule(): void {
    for (const [name, b] of this.moduleBindings) {
      if (b.kind === 'local' && b.node?.type === 'NewExpression' && b.node.callee.type === 'Identifier' && !b.path?.length) {
        const cb = this.moduleBindings.get(b.node.callee.name);
        if (cb?.kind === 'class') this.out.instances[name] = { className: b.node.callee.name };
        else if (cb?.kind === 'import' && !isPackage(cb.module!)) this.out.instances[name] = { module: cb.module!, name: cb.importName! };
      }
      if (b.kind !== 'local') continue;
      const v = this.evalIdentifierBinding(b, name);
      if (v.k !== 'dyn') this.out.consts[name] = v;
      const client = b.node ? this.clientOf(b.node as Node, 0) : null;
      if (client && client.kind !== 'ref' && client.kind !== 'shape') this.out.clients[name] = client;
      else if (client && client.kind === 'ref' && b.path?.length === 0) this.out.clients[name] = client;
    }
    for (const [name, b] of this.moduleBindings) {
      if (b.kind === 'function' && b.node) {
        const key = this.fnKeys.get(b.node);
        if (key && this.out.functions[key]?.returnsClient) this.out.clients[name] = this.out.functions[key].returnsClient!;
      }
    }
  }

  // --- traversal ------------------------------------------------------------------------------

  private visit(node: Node): void {
    const isFn = FUNCTION_TYPES.has(node.type);
    const isClass = node.type === 'ClassDeclaration' || node.type === 'ClassExpression';
    if (isFn) this.enterFunction(node as TSESTree.FunctionLike);
    if (isClass) {
      const c = node as TSESTree.ClassDeclaration;
      this.classes.push({ name: c.id?.name ?? this.nameFromParent() ?? 'AnonymousClass', node: c });
    }
    if (node.type === 'CallExpression') this.onCall(node);
    else if (node.type === 'NewExpression') this.onNew(node);
    this.ancestors.push(node);
    forEachChild(node, (c) => this.visit(c), NOT_VISITED);
    this.ancestors.pop();
    if (isFn) this.leaveFunction();
    if (isClass) this.classes.pop();
  }

  /** The name a function or class gets from where it is written (const x = …, method, property). */
  private nameFromParent(): string | null {
    const parent = this.ancestors[this.ancestors.length - 1];
    if (!parent) return null;
    if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
    if ((parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition' || parent.type === 'Property') && !parent.computed) return keyName(parent.key);
    if (parent.type === 'AssignmentExpression') {
      const p = memberPath(parent.left);
      if (p) return p[p.length - 1];
    }
    if (parent.type === 'ExportDefaultDeclaration') return 'default';
    // export const x = wrap(async () => …) / memo(() => …): the const two levels up.
    if (parent.type === 'CallExpression') {
      const gp = this.ancestors[this.ancestors.length - 2];
      if (gp?.type === 'VariableDeclarator' && gp.id.type === 'Identifier') return gp.id.name;
    }
    return null;
  }

  private enterFunction(fn: TSESTree.FunctionLike): void {
    let name: string | null = fn.type === 'FunctionDeclaration' && fn.id ? fn.id.name : null;
    const parent = this.ancestors[this.ancestors.length - 1];
    const inClass = parent && (parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition') && this.classes.length > 0;
    if (!name) name = this.nameFromParent();
    if (!name && fn.type === 'FunctionExpression' && fn.id) name = fn.id.name;
    if (name && inClass) name = `${this.classes[this.classes.length - 1].name}.${name}`;
    let key: string;
    if (name) {
      key = name;
      if (this.out.functions[key]) key = `${name}@${fn.loc.start.line}`;
    } else key = `<anonymous>@${fn.loc.start.line}:${fn.loc.start.column}#${this.anon++}`;
    this.fnKeys.set(fn, key);
    const frame: Frame = { key, name, node: fn, bindings: new Map(), memo: new Map() };
    const named = name !== null;
    fn.params.forEach((p, index) => {
      let param: Node = p;
      if (param.type === 'TSParameterProperty') param = param.parameter;
      for (const b of patternBindings(param as TSESTree.BindingName, null, [])) {
        frame.bindings.set(b.name, { kind: 'param', index, path: b.path, fnKey: key, named, name: b.name, typeAnn: b.typeAnn, node: b.defaultValue ?? undefined });
      }
    });
    if (fn.body && fn.body.type === 'BlockStatement') collectLocals(fn.body, frame.bindings);
    this.frames.push(frame);
    if (named) {
      let returns: SValue | null = null;
      let returnsClient: ClientOrigin | null = null;
      // Only registry helpers (modelFor) and client factories need what a function returns.
      const bodyText = this.text.slice(fn.range[0], fn.range[1]);
      const ret = REGISTRY_FN.test(name!) || /\bnew\s|Anthropic|OpenAI|Chat[A-Z]|create[A-Z]\w*\(/.test(bodyText) ? singleReturn(fn) : null;
      if (ret) {
        returns = this.eval(ret);
        returnsClient = this.clientOf(ret, 0);
        if (returnsClient?.kind === 'shape') returnsClient = null;
      }
      const returnsPrompt = this.returnedText(fn);
      this.out.functions[key] = { key, name: name!, params: fn.params.map((p) => paramName(p)), line: fn.loc.start.line, returns, returnsClient, ...(returnsPrompt ? { returnsPrompt } : {}) };
      const localName = fn.type === 'FunctionDeclaration' && fn.id ? fn.id.name : parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier' ? parent.id.name : null;
      if (localName && this.frames.length === 1) this.out.localFunctions[localName] = key;
      if (inClass) this.out.localFunctions[key] = key;
    }
  }

  /**
   * The longest static text among the strings and templates a function returns: a prompt builder's prompt.
   * Parameters and run-time values stay holes. Only string-shaped return expressions are read, so the cost stays small.
   */
  private returnedText(fn: TSESTree.FunctionLike): SValue | undefined {
    let best: Extract<SValue, { k: 'str' }> | undefined;
    let pair: Extract<SValue, { k: 'obj' }> | undefined;
    for (const r of returnExpressions(fn)) {
      // A builder that returns its prompt in parts: `return { system: \`…\`, user: \`…\` }`.
      if (r.type === 'ObjectExpression' && !best) {
        const v = this.eval(r);
        if (v.k === 'obj' && Object.values(v.props).some((p) => p.k === 'str' && p.text.trim().length >= 12)) pair ??= v;
        continue;
      }
      if (!STRINGISH_RETURN.has(r.type) && !(r.type === 'CallExpression' && STRING_CALL.test(calleeText(r.callee)))) continue;
      const v = this.eval(r);
      if (v.k !== 'str' || v.text.trim().length < 12) continue;
      if (!best || v.text.trim().length > best.text.trim().length) best = v;
    }
    return best ?? pair;
  }

  private leaveFunction(): void {
    this.frames.pop();
  }

  // --- scope ----------------------------------------------------------------------------------

  private lookup(name: string): Binding | undefined {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const b = this.frames[i].bindings.get(name);
      if (b) return b;
    }
    return this.moduleBindings.get(name);
  }

  private enclosingNamed(): Frame | null {
    for (let i = this.frames.length - 1; i >= 0; i--) if (this.frames[i].name) return this.frames[i];
    return null;
  }

  // --- evaluation -----------------------------------------------------------------------------

  private evalIdentifierBinding(b: Binding, name: string): SValue {
    const memo = this.moduleBindings.get(name) === b ? this.moduleMemo : null;
    if (memo?.has(name)) return memo.get(name)!;
    let v: SValue;
    if (!b.node) v = { k: 'dyn', src: { file: this.file, text: name, start: 0, end: 0, line: 1, column: 1 } };
    else if (this.inProgress.has(b.node)) v = { k: 'dyn', src: this.src(b.node) };
    else {
      this.inProgress.add(b.node);
      try {
        v = this.eval(b.node);
        for (const p of b.path ?? []) v = this.member(v, { k: 'str', text: p, slots: 0, src: v.src }, v.src);
      } finally {
        this.inProgress.delete(b.node);
      }
    }
    memo?.set(name, v);
    return v;
  }

  private identifier(node: TSESTree.Identifier): SValue {
    const src = this.src(node);
    const name = node.name;
    if (name === 'undefined') return { k: 'dyn', src };
    const b = this.lookup(name);
    if (!b) return { k: 'dyn', src };
    switch (b.kind) {
      case 'import':
        return { k: 'ref', module: b.module!, name: b.importName!, src };
      case 'param': {
        if (!b.named) return { k: 'dyn', src };
        let v: SValue = { k: 'param', fn: b.fnKey!, index: b.index!, name, src };
        for (const p of b.path ?? []) v = { k: 'get', obj: v, key: { k: 'str', text: p, slots: 0, src }, src };
        if (b.node) v = { k: 'or', left: v, right: this.eval(b.node), op: '=', src };
        return v;
      }
      case 'function': {
        const key = this.fnKeys.get(b.node!) ?? name;
        return { k: 'fn', fn: key, src };
      }
      case 'class':
        return { k: 'fn', fn: name, src };
      case 'local': {
        const v = this.evalIdentifierBinding(b, name);
        // `let kind = "document"; if (code) kind = "code";`: a short word that changes at run time is a hole, not
        // its first value (that read a code generator as a document writer). Longer texts (`let prompt = \`…\``,
        // then `prompt = prompt + …`) are still read through their initializer.
        if (b.reassigned && v.k === 'str' && v.text.trim().length <= 40) return { k: 'dyn', src };
        if (v.k === 'str' || v.k === 'obj' || v.k === 'arr' || v.k === 'num') {
          const decl = b.decl ?? b.node!;
          if (!v.via || v.via.kind !== 'imported-constant')
            return { ...v, via: { kind: 'constant', name, file: this.file, line: decl.loc.start.line, span: { start: decl.range[0], end: decl.range[1] } }, use: src };
        }
        return v;
      }
    }
  }

  /** Member access on a value: `obj.x`, `arr[0]`, `process.env.X`. */
  private member(obj: SValue, key: SValue, src: Src): SValue {
    if (obj.k === 'obj' && obj.via && REGISTRY_OBJ.test(obj.via.name)) return { k: 'get', obj, key, src };
    if (obj.k === 'obj' && key.k === 'str' && key.slots === 0 && Object.prototype.hasOwnProperty.call(obj.props, key.text)) {
      const v = obj.props[key.text];
      if (obj.via && (v.k === 'str' || v.k === 'num' || v.k === 'obj'))
        return { ...v, via: { ...obj.via, kind: obj.via.kind === 'imported-constant' ? 'imported-constant' : 'config', name: `${obj.via.name}.${key.text}` }, use: src };
      return v;
    }
    if (obj.k === 'arr' && key.k === 'num' && obj.items[key.value]) return obj.items[key.value];
    return { k: 'get', obj, key, src };
  }

  eval(node: Node, depth = 0): SValue {
    const src = this.src(node);
    if (depth > 60) return { k: 'dyn', src };
    switch (node.type) {
      case 'Literal':
        if (typeof node.value === 'string') return { k: 'str', text: node.value, slots: 0, src };
        if (typeof node.value === 'number') return { k: 'num', value: node.value, src };
        if (typeof node.value === 'boolean') return { k: 'bool', value: node.value, src };
        return { k: 'dyn', src };
      case 'TemplateLiteral':
        return this.template(node, src, depth);
      case 'TaggedTemplateExpression':
        return this.template(node.quasi, src, depth);
      case 'BinaryExpression': {
        if (node.operator !== '+') return { k: 'dyn', src };
        const l = this.eval(node.left as Node, depth + 1);
        const r = this.eval(node.right, depth + 1);
        if (l.k === 'num' && r.k === 'num') return { k: 'num', value: l.value + r.value, src };
        if (l.k !== 'str' && r.k !== 'str') return { k: 'dyn', src };
        const part = (v: SValue) => (v.k === 'str' ? { t: v.text, s: v.slots, h: v.holes ?? [] } : v.k === 'num' ? { t: String(v.value), s: 0, h: [] } : { t: '', s: 1, h: [holeText(v.src.text)] });
        const a = part(l);
        const b = part(r);
        const holes = [...a.h, ...b.h];
        return { k: 'str', text: a.t + b.t, slots: a.s + b.s, src, ...(holes.length ? { holes } : {}) };
      }
      case 'Identifier':
        return this.identifier(node);
      case 'ThisExpression':
        return { k: 'dyn', src };
      case 'MemberExpression': {
        const path = memberPath(node);
        if (path && path[0] === 'process' && path[1] === 'env' && path.length === 3) return { k: 'env', name: path[2], src };
        if (node.object.type === 'MetaProperty' || (path && path[0] === 'import' && path[1] === 'meta' && path[2] === 'env')) return { k: 'env', name: path?.[path.length - 1] ?? '', src };
        if (node.object.type === 'ThisExpression' && !node.computed && node.property.type === 'Identifier') {
          const field = this.classField(node.property.name);
          if (field) {
            const fv = this.eval(field, depth + 1);
            // An array field (`history = []`) is filled at run time: keep how the call names it (`this.history`).
            return fv.k === 'arr' && !fv.use ? { ...fv, use: src } : fv;
          }
          return { k: 'dyn', src };
        }
        const obj = this.eval(node.object, depth + 1);
        const key: SValue = node.computed ? this.eval(node.property, depth + 1) : { k: 'str', text: (node.property as TSESTree.Identifier).name, slots: 0, src: this.src(node.property) };
        return this.member(obj, key, src);
      }
      case 'ChainExpression':
        return this.eval(node.expression, depth + 1);
      case 'CallExpression':
        return this.evalCall(node, src, depth);
      case 'NewExpression': {
        const callee = this.eval(node.callee, depth + 1);
        return { k: 'new', callee, name: calleeText(node.callee), args: node.arguments.map((a) => this.eval(a, depth + 1)), src };
      }
      case 'ObjectExpression': {
        const props: Record<string, SValue> = {};
        const spreads: SValue[] = [];
        for (const p of node.properties) {
          if (p.type === 'SpreadElement') spreads.push(this.eval(p.argument, depth + 1));
          else if (p.type === 'Property') {
            let k: string | null = null;
            if (!p.computed) k = p.key.type === 'Identifier' ? p.key.name : p.key.type === 'Literal' ? String(p.key.value) : null;
            else {
              const kv = this.eval(p.key, depth + 1);
              if (kv.k === 'str' && kv.slots === 0) k = kv.text;
            }
            if (k === null) continue;
            if (p.value.type === 'FunctionExpression' || p.value.type === 'ArrowFunctionExpression') props[k] = { k: 'dyn', src: this.src(p.value) };
            else props[k] = this.eval(p.value as Node, depth + 1);
          }
        }
        return { k: 'obj', props, spreads, src };
      }
      case 'ArrayExpression':
        return {
          k: 'arr',
          items: node.elements.filter((e): e is TSESTree.Expression | TSESTree.SpreadElement => e !== null).map((e) => (e.type === 'SpreadElement' ? { k: 'spread' as const, of: this.eval(e.argument, depth + 1), src: this.src(e) } : this.eval(e, depth + 1))),
          src,
        };
      case 'LogicalExpression':
        if (node.operator === '&&') return { k: 'dyn', src };
        return { k: 'or', left: this.eval(node.left, depth + 1), right: this.eval(node.right, depth + 1), op: node.operator, src };
      case 'ConditionalExpression':
        return { k: 'alt', options: [this.eval(node.consequent, depth + 1), this.eval(node.alternate, depth + 1)], src };
      case 'AssignmentPattern':
        return this.eval(node.right, depth + 1);
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'AwaitExpression':
        return this.eval(node.type === 'AwaitExpression' ? node.argument : node.expression, depth + 1);
      default:
        return { k: 'dyn', src };
    }
  }

  private template(node: TSESTree.TemplateLiteral, src: Src, depth: number): SValue {
    let text = '';
    let slots = 0;
    const holes: string[] = [];
    node.quasis.forEach((q, i) => {
      text += q.value.cooked ?? q.value.raw;
      const e = node.expressions[i];
      if (!e) return;
      const v = this.eval(e, depth + 1);
      if (v.k === 'str') {
        text += v.text;
        slots += v.slots;
        if (v.holes) holes.push(...v.holes);
      } else if (v.k === 'num') text += String(v.value);
      else {
        slots += 1;
        holes.push(holeText(this.text.slice(e.range[0], e.range[1])));
      }
    });
    return { k: 'str', text, slots, src, ...(holes.length ? { holes } : {}) };
  }

  private evalCall(node: TSESTree.CallExpression, src: Src, depth: number): SValue {
    const callee = node.callee;
    const name = calleeText(callee);
    if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier') {
      const method = callee.property.name;
      if (method === 'trim' || method === 'trimStart' || method === 'trimEnd' || method === 'toString') {
        const v = this.eval(callee.object, depth + 1);
        if (v.k === 'str') return { ...v, text: method === 'trimEnd' ? v.text.trimEnd() : method === 'trimStart' ? v.text.trimStart() : method === 'trim' ? v.text.trim() : v.text, src };
      }
      if (method === 'join') {
        const v = this.eval(callee.object, depth + 1);
        if (v.k === 'arr') {
          const sep = node.arguments[0] ? this.eval(node.arguments[0], depth + 1) : null;
          const sepText = sep?.k === 'str' ? sep.text : ',';
          let text = '';
          let slots = 0;
          const holes: string[] = [];
          v.items.forEach((it, i) => {
            if (i) text += sepText;
            if (it.k === 'str') {
              text += it.text;
              slots += it.slots;
              if (it.holes) holes.push(...it.holes);
            } else {
              slots += 1;
              holes.push(holeText(it.src.text));
            }
          });
          return { k: 'str', text, slots, src, ...(holes.length ? { holes } : {}) };
        }
        return { k: 'str', text: '', slots: 1, src, holes: [holeText(src.text)] };
      }
    }
    if (name === 'JSON.stringify' || name === 'String') return { k: 'str', text: '', slots: 1, src, holes: [holeText(src.text)] };
    if ((name === 'dedent' || name === 'outdent' || name === 'stripIndent') && node.arguments[0]) return this.eval(node.arguments[0], depth + 1);
    const args = node.arguments.map((a) => (a.type === 'SpreadElement' ? { k: 'spread' as const, of: this.eval(a.argument, depth + 1), src: this.src(a) } : this.eval(a, depth + 1)));
    let ret: SValue | undefined;
    if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' && callee.property.name === 'map') {
      const fn = node.arguments[0];
      if (fn && (fn.type === 'ArrowFunctionExpression' || fn.type === 'FunctionExpression')) {
        const body = fn.body.type === 'BlockStatement' ? singleReturn(fn) : fn.body;
        if (body) {
          const frame: Frame = { key: `<map>@${fn.loc.start.line}`, name: null, node: fn, bindings: new Map(), memo: new Map() };
          fn.params.forEach((p, index) => {
            for (const b of patternBindings(p as TSESTree.BindingName, null, [])) frame.bindings.set(b.name, { kind: 'param', index, name: b.name, named: false });
          });
          if (fn.body.type === 'BlockStatement') collectLocals(fn.body, frame.bindings);
          this.frames.push(frame);
          try {
            ret = this.eval(body as Node, depth + 1);
          } finally {
            this.frames.pop();
          }
        }
      }
    }
    return { k: 'call', callee: this.thisMethod(callee) ?? this.eval(callee, depth + 1), name, args, ret, src };
  }

  /** `this.buildPrompt` called on the class that defines it (and has no field of that name): the method. */
  private thisMethod(callee: Node): SValue | null {
    if (callee.type !== 'MemberExpression' || callee.computed || callee.object.type !== 'ThisExpression' || callee.property.type !== 'Identifier') return null;
    const cls = this.classes[this.classes.length - 1];
    const name = callee.property.name;
    if (!cls || this.classField(name)) return null;
    const has = cls.node.body.body.some((m) => m.type === 'MethodDefinition' && m.kind === 'method' && !m.computed && keyName(m.key) === name);
    return has ? { k: 'fn', fn: `${cls.name}.${name}`, src: this.src(callee) } : null;
  }

  /** A class field's initializer, or what the constructor assigns to `this.name`. */
  private classField(name: string): Node | null {
    const cls = this.classes[this.classes.length - 1];
    if (!cls) return null;
    for (const m of cls.node.body.body) {
      if (m.type === 'PropertyDefinition' && !m.computed && keyName(m.key) === name && m.value) return m.value;
    }
    for (const m of cls.node.body.body) {
      if (m.type === 'MethodDefinition' && m.kind === 'constructor') {
        const found = m.value.body ? findThisAssignment(m.value.body, name) : null;
        if (found) return found;
      }
    }
    return null;
  }

  /** `constructor(client: Anthropic) { this.client = client }`. */
  private constructorParamClient(name: string, depth: number): ClientOrigin | null {
    const cls = this.classes[this.classes.length - 1];
    for (const m of cls?.node.body.body ?? []) {
      if (m.type !== 'MethodDefinition' || m.kind !== 'constructor') continue;
      for (const p of m.value.params) {
        const id = p.type === 'TSParameterProperty' ? p.parameter : p;
        const inner = id.type === 'AssignmentPattern' ? id.left : id;
        if (inner.type === 'Identifier' && inner.name === name) {
          if (inner.typeAnnotation) return this.clientOfType(inner.typeAnnotation.typeAnnotation, [], depth + 1);
          if (id.type === 'AssignmentPattern') return this.clientOf(id.right, depth + 1);
        }
      }
    }
    return this.clientOf({ type: 'Identifier', name } as unknown as Node, depth + 1);
  }

  private classFieldType(name: string): Node | null {
    const cls = this.classes[this.classes.length - 1];
    if (!cls) return null;
    for (const m of cls.node.body.body) {
      if (m.type === 'PropertyDefinition' && !m.computed && keyName(m.key) === name && m.typeAnnotation) return m.typeAnnotation.typeAnnotation;
      if (m.type === 'MethodDefinition' && m.kind === 'constructor') {
        for (const p of m.value.params) {
          if (p.type === 'TSParameterProperty' && p.parameter.type === 'Identifier' && p.parameter.name === name && p.parameter.typeAnnotation) return p.parameter.typeAnnotation.typeAnnotation;
          if (p.type === 'Identifier' && p.name === name && p.typeAnnotation) {
            // constructor(client: Anthropic) { this.client = client } is found by classField.
          }
        }
      }
    }
    return null;
  }

  // --- clients --------------------------------------------------------------------------------

  /** Where a client expression comes from: an SDK constructor, a LangChain model, another file, or nothing known. */
  private clientOf(node: Node, depth: number): ClientOrigin | null {
    if (depth > 8) return null;
    switch (node.type) {
      case 'NewExpression': {
        const origin = this.constructorOrigin(node.callee);
        if (!origin) return null;
        if (origin.kind === 'sdk') return { kind: 'sdk', sdk: origin.sdk, how: `new ${calleeText(node.callee)}()` };
        return {
          kind: 'langchain',
          provider: origin.provider,
          ctor: origin.name,
          args: node.arguments.map((a) => this.eval(a)),
          structured: false,
          tools: false,
          how: `new ${calleeText(node.callee)}()`,
        };
      }
      case 'AwaitExpression':
        return this.clientOf(node.argument, depth + 1);
      case 'TSAsExpression':
      case 'TSNonNullExpression':
      case 'TSSatisfiesExpression':
        return this.clientOf(node.expression, depth + 1);
      case 'ChainExpression':
        return this.clientOf(node.expression, depth + 1);
      case 'LogicalExpression':
        return this.clientOf(node.left, depth + 1) ?? this.clientOf(node.right, depth + 1);
      case 'ConditionalExpression':
        return this.clientOf(node.consequent, depth + 1) ?? this.clientOf(node.alternate, depth + 1);
      case 'Identifier': {
        const b = this.lookup(node.name);
        if (!b) return null;
        if (b.kind === 'import') {
          const sdk = sdkOfModule(b.module!);
          if (sdk) return null; // the class itself, not an instance
          if (isPackage(b.module!)) return null;
          return { kind: 'ref', module: b.module!, name: b.importName!, member: null };
        }
        if (b.kind === 'param') {
          if (b.typeAnn) return this.clientOfType(b.typeAnn, b.path ?? [], depth + 1);
          return null;
        }
        if (b.kind === 'local' && b.node) {
          if (this.inProgress.has(b.node)) return null;
          this.inProgress.add(b.node);
          try {
            const c = this.clientOf(b.node, depth + 1);
            if (c && (b.path?.length ?? 0) > 0) return this.memberOfClientContainer(b.node, b.path!, depth + 1);
            if (!c && (b.path?.length ?? 0) > 0) return this.memberOfClientContainer(b.node, b.path!, depth + 1);
            return c;
          } finally {
            this.inProgress.delete(b.node);
          }
        }
        return null;
      }
      case 'MemberExpression': {
        if (node.computed) return null;
        const prop = (node.property as TSESTree.Identifier).name;
        if (node.object.type === 'ThisExpression') {
          const field = this.classField(prop);
          if (field) {
            const c = field.type === 'Identifier' ? this.constructorParamClient(field.name, depth) : this.clientOf(field, depth + 1);
            if (c) return c;
          }
          const t = this.classFieldType(prop);
          if (t) return this.clientOfType(t, [], depth + 1);
          return null;
        }
        // LangChain: model.withStructuredOutput(…) is reached via CallExpression; here: obj.client
        if (node.object.type === 'Identifier') {
          const b = this.lookup(node.object.name);
          if (b?.kind === 'import' && !isPackage(b.module!)) return { kind: 'ref', module: b.module!, name: b.importName!, member: prop };
          if (b?.kind === 'param' && b.typeAnn) return this.clientOfType(b.typeAnn, [...(b.path ?? []), prop], depth + 1);
          if (b?.kind === 'local' && b.node) return this.memberOfClientContainer(b.node, [...(b.path ?? []), prop], depth + 1);
        }
        return null;
      }
      case 'CallExpression': {
        const callee = node.callee;
        if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier') {
          const method = callee.property.name;
          if (LANGCHAIN_WRAPS.has(method)) {
            const inner = this.clientOf(callee.object, depth + 1);
            if (inner?.kind === 'langchain')
              return { ...inner, structured: inner.structured || method === 'withStructuredOutput', tools: inner.tools || method === 'bindTools', how: `${inner.how}.${method}()` };
            return inner?.kind === 'ref' ? inner : null;
          }
          if (method === 'pipe') {
            // prompt.pipe(model) and prompt.pipe(model).pipe(parser): the model in the chain, with the prompt template.
            for (const a of node.arguments) {
              const c = this.clientOf(a as Node, depth + 1);
              if (c?.kind === 'langchain') {
                const template = this.eval(callee.object, depth + 1);
                return template.k === 'call' && /PromptTemplate\.from/.test(template.name) ? { ...c, template } : c;
              }
            }
            const inner = this.clientOf(callee.object, depth + 1);
            if (inner?.kind === 'langchain') return inner;
          }
        }
        if (callee.type === 'MemberExpression' && calleeText(callee) === 'RunnableSequence.from' && node.arguments[0]?.type === 'ArrayExpression') {
          for (const el of node.arguments[0].elements) {
            const c = el && el.type !== 'SpreadElement' ? this.clientOf(el, depth + 1) : null;
            if (c?.kind === 'langchain') return c;
          }
        }
        if (callee.type === 'Identifier') {
          const b = this.lookup(callee.name);
          if (b?.kind === 'function' && b.node && !this.inProgress.has(b.node)) {
            const ret = singleReturn(b.node as TSESTree.FunctionLike);
            if (ret) {
              this.inProgress.add(b.node);
              try {
                return this.clientOf(ret, depth + 1);
              } finally {
                this.inProgress.delete(b.node);
              }
            }
          }
          if (b?.kind === 'import' && !isPackage(b.module!)) return { kind: 'ref', module: b.module!, name: b.importName!, member: '()' };
          // LangChain's universal model: `await initChatModel("claude-…", { modelProvider, temperature })`.
          if (b?.kind === 'import' && b.importName === 'initChatModel' && /^@?langchain(\/|$)|^@langchain\//.test(b.module!)) {
            const [modelArg, optionsArg] = node.arguments.map((a) => (a.type === 'SpreadElement' ? null : this.eval(a)));
            const src = this.src(node);
            const options = optionsArg?.k === 'obj' ? optionsArg : null;
            // As the constructors' options read: `model` next to the other settings.
            const ctorArgs: SValue = { k: 'obj', props: { ...(options?.props ?? {}), ...(modelArg ? { model: modelArg } : {}) }, spreads: options?.spreads ?? [], src };
            const provider = options?.props.modelProvider;
            const named = provider?.k === 'str' ? provider.text : modelArg?.k === 'str' ? modelArg.text : '';
            return {
              kind: 'langchain',
              provider: /anthropic|claude/i.test(named) ? 'anthropic' : /openai|gpt|^o\d/i.test(named) ? 'openai' : 'other',
              ctor: 'initChatModel',
              args: [ctorArgs],
              structured: false,
              tools: false,
              how: 'initChatModel()',
            };
          }
        }
        return null;
      }
      default:
        return null;
    }
  }

  /** `const clients = { claude: new Anthropic() }` then `clients.claude`. */
  private memberOfClientContainer(node: Node, path: string[], depth: number): ClientOrigin | null {
    let cur: Node | null = node;
    for (const p of path) {
      if (!cur) return null;
      while (cur.type === 'TSAsExpression' || cur.type === 'TSSatisfiesExpression') cur = cur.expression;
      if (cur.type === 'Identifier') {
        const b = this.lookup(cur.name);
        cur = b?.kind === 'local' && b.node && !b.path?.length ? b.node : null;
        if (!cur) return null;
      }
      if (cur.type !== 'ObjectExpression') {
        const inner = this.clientOf(cur, depth + 1);
        if (inner?.kind === 'ref' && inner.member === null) return { ...inner, member: p };
        return null;
      }
      const found: TSESTree.Property | undefined = cur.properties.find((q): q is TSESTree.Property => q.type === 'Property' && !q.computed && keyName(q.key) === p);
      cur = found ? (found.value as Node) : null;
    }
    return cur ? this.clientOf(cur, depth + 1) : null;
  }

  /** A parameter or field typed as the SDK client (`client: Anthropic`, `{ ai }: { ai: OpenAI }`). */
  private clientOfType(type: Node, path: string[], depth: number): ClientOrigin | null {
    let t: Node | null = type;
    if (t.type === 'TSTypeAnnotation') t = t.typeAnnotation;
    for (const p of path) {
      if (!t || t.type !== 'TSTypeLiteral') return null;
      const m: TSESTree.TypeElement | undefined = t.members.find((q) => q.type === 'TSPropertySignature' && !q.computed && keyName(q.key) === p);
      t = m && m.type === 'TSPropertySignature' && m.typeAnnotation ? m.typeAnnotation.typeAnnotation : null;
    }
    if (!t) return null;
    if (t.type === 'TSUnionType') {
      for (const u of t.types) {
        const c = this.clientOfType(u, [], depth + 1);
        if (c) return c;
      }
      return null;
    }
    if (t.type !== 'TSTypeReference') return null;
    const root = t.typeName.type === 'Identifier' ? t.typeName.name : t.typeName.type === 'TSQualifiedName' ? rootName(t.typeName) : null;
    if (!root) return null;
    const b = this.lookup(root);
    if (b?.kind === 'import') {
      const sdk = sdkOfModule(b.module!);
      if (sdk && !NOT_A_CLIENT.test(b.importName === 'default' ? root : b.importName!)) return { kind: 'sdk', sdk, how: `typed ${root}` };
      const lc = langchainClass(b.module!, b.importName!);
      if (lc) return { kind: 'langchain', provider: lc, ctor: b.importName!, args: [], structured: false, tools: false, how: `typed ${root}` };
    }
    return null;
  }

  private constructorOrigin(callee: Node): { kind: 'sdk'; sdk: Sdk } | { kind: 'langchain'; provider: string; name: string } | null {
    let name: string | null = null;
    let member: string | null = null;
    if (callee.type === 'Identifier') name = callee.name;
    else if (callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && !callee.computed && callee.property.type === 'Identifier') {
      name = callee.object.name;
      member = callee.property.name;
    }
    if (!name) return null;
    const b = this.lookup(name);
    if (!b || b.kind !== 'import') return null;
    const imported = member ?? (b.importName === 'default' || b.importName === '*' ? name : b.importName!);
    const sdk = sdkOfModule(b.module!);
    if (sdk) return NOT_A_CLIENT.test(imported) ? null : { kind: 'sdk', sdk };
    const lc = langchainClass(b.module!, imported);
    if (lc) return { kind: 'langchain', provider: lc, name: imported };
    return null;
  }

  // --- calls ----------------------------------------------------------------------------------

  private onNew(_node: TSESTree.NewExpression): void {
    // LangChain models are reached through the calls on them; nothing to record on construction.
  }

  private onCall(node: TSESTree.CallExpression): void {
    const callee = node.callee.type === 'ChainExpression' ? (node.callee as TSESTree.ChainExpression).expression : node.callee;
    const named = this.enclosingNamed();
    // Vercel AI SDK: generateText({ model: anthropic("…") … })
    if (callee.type === 'Identifier' || (callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && !callee.computed)) {
      const baseName = callee.type === 'Identifier' ? callee.name : (callee.object as TSESTree.Identifier).name;
      const b = this.lookup(baseName);
      if (b?.kind === 'import' && isVercelModule(b.module!)) {
        const fname = callee.type === 'Identifier' ? b.importName! : ((callee as TSESTree.MemberExpression).property as TSESTree.Identifier).name;
        if (VERCEL_FUNCTIONS[fname]) {
          this.record(node, 'vercel', fname, { kind: 'shape' }, named);
          return;
        }
      }
    }
    if (callee.type === 'MemberExpression') {
      let chain = flattenMember(callee);
      if (chain && chain.base.type === 'Identifier') {
        // const { messages } = client; messages.create(…)
        const b = this.lookup(chain.base.name);
        if (b?.kind === 'local' && b.node && b.path?.length && b.path.every((p) => !/^\d+$/.test(p))) chain = { base: b.node, path: [...b.path, ...chain.path] };
      }
      if (chain) {
        const m = matchShape(chain.path);
        if (m) {
          const client = this.clientOfChain(chain.base, chain.path.slice(0, m.clientLength));
          if (client !== 'no') {
            this.record(node, 'sdk', m.shape.api, client ?? { kind: 'shape' }, named);
            return;
          }
        }
        // LangChain: model.invoke(…) / model.withStructuredOutput(s).invoke(…)
        const method = chain.path[chain.path.length - 1];
        if (LANGCHAIN_CALLS.has(method)) {
          const c = this.clientOf(callee.object, 0);
          if (c?.kind === 'langchain') {
            this.record(node, 'sdk', method, c, named);
            return;
          }
          if (c?.kind === 'ref') {
            // Maybe a LangChain model from another file, maybe a wrapper method (llm.generate): link decides.
            this.record(node, 'sdk', method, c, named, true);
          }
        }
      }
    }
    if (this.mayCallHttp && this.httpRequest(node, named)) return;
    this.recordInvocation(node, callee, named);
  }

  /**
   * A request to an LLM HTTP API without an SDK: `fetch(url, { body: JSON.stringify(params) })`,
   * `axios.post(url, params)`, `ky.post(url, { json: params })`, or an own helper given the endpoint and the params
   * (`httpsPost(host, "/v1/chat/completions", headers, params)`). The endpoint (a literal, a constant, a template's
   * static text) must be among the arguments, and the request parameters must be found among them too (an object,
   * or a value the link step resolves: a parameter, an import); then it is recorded as the SDK call it stands for.
   */
  private httpRequest(node: TSESTree.CallExpression, named: Frame | null): boolean {
    // A function argument makes it a route of a server (`app.post("/v1/chat/completions", auth, handler)`), not a request.
    if (node.arguments.length < 2 || node.arguments.some((a) => a.type === 'SpreadElement' || FUNCTION_TYPES.has(a.type))) return false;
    const values = node.arguments.map((a) => this.eval(a));
    const at = values.findIndex((v) => v.k === 'str' && httpEndpoint(v.text) !== null);
    if (at < 0) return false;
    // A bare path with no host among the arguments could be anything's route: only literal parameters say it is a request.
    const hosted = values.some((v) => v.k === 'str' && (/:\/\//.test(v.text) || /^[\w-]+(\.[\w-]+)+(:\d+)?$/.test(v.text.trim())));
    const endpoint = httpEndpoint((values[at] as Extract<SValue, { k: 'str' }>).text)!;
    // The request parameters as written: `{ body: JSON.stringify(params) }`, `{ json: params }`, `params`.
    const unwrap = (n: Node): Node => {
      if (n.type === 'Identifier') {
        const b = this.lookup(n.name);
        if (b?.kind === 'local' && !b.path?.length && b.node?.type === 'ObjectExpression') n = b.node;
      }
      if (n.type === 'ObjectExpression') {
        const inner = n.properties.find((p): p is TSESTree.Property => p.type === 'Property' && !p.computed && p.key.type === 'Identifier' && (p.key.name === 'body' || p.key.name === 'json' || p.key.name === 'data'));
        if (inner) n = inner.value as Node;
      }
      if (n.type === 'CallExpression' && /(^|\.)stringify$/.test(calleeText(n.callee)) && n.arguments[0] && n.arguments[0].type !== 'SpreadElement') n = n.arguments[0];
      return n;
    };
    let params: SValue | null = null;
    for (let i = 0; i < values.length && !params; i++) {
      if (i === at) continue;
      const inner = unwrap(node.arguments[i] as Node);
      const v = inner === node.arguments[i] ? values[i] : this.eval(inner);
      if (v.k === 'obj' ? 'messages' in v.props || 'model' in v.props || 'input' in v.props : hosted && (v.k === 'param' || v.k === 'ref')) params = v;
    }
    if (!params) return false;
    const ctx = this.context(node, named);
    this.out.calls.push({ kind: 'sdk', api: endpoint.api, written: `POST ${endpoint.path}`, client: { kind: 'sdk', sdk: endpoint.sdk, how: `HTTP request to ${endpoint.path}` }, args: [params], fnKey: named?.key ?? null, ctx });
    return true;
  }

  /** The client of `base.p1.p2` (the part before the SDK method path). 'no' when it is known not to be a client. */
  private clientOfChain(base: Node, path: string[]): ClientOrigin | null | 'no' {
    let node: Node = base;
    // Rebuild the member expression for the client part so clientOf can follow it.
    if (path.length === 0) return this.clientOrNo(node);
    if (path.length === 1) {
      const synthetic = { type: 'MemberExpression', object: node, property: { type: 'Identifier', name: path[0] }, computed: false } as unknown as Node;
      const c = this.clientOf(synthetic, 0);
      if (c) return c;
      if (node.type === 'Identifier') {
        // `const { messages } = client` handled via the binding; a known non-client base (ORM) says no.
        const b = this.lookup(node.name);
        if (b?.kind === 'import' && isPackage(b.module!)) return 'no';
      }
      return null;
    }
    // Deeper: this.deps.anthropic.messages.create → follow the first step only.
    node = { type: 'MemberExpression', object: node, property: { type: 'Identifier', name: path[0] }, computed: false } as unknown as Node;
    return this.clientOfChain(node, path.slice(1)) ;
  }

  private clientOrNo(node: Node): ClientOrigin | null | 'no' {
    if (node.type === 'Identifier') {
      const b = this.lookup(node.name);
      // `const { messages } = anthropic; messages.create(…)` reaches here with the base being `messages`.
      if (b?.kind === 'local' && b.path?.length && b.node) {
        const c = this.clientOf(b.node, 0);
        if (c) return c;
      }
      if (b?.kind === 'import' && isPackage(b.module!) && !sdkOfModule(b.module!)) return 'no';
    }
    return this.clientOf(node, 0);
  }

  private record(node: TSESTree.CallExpression, kind: 'sdk' | 'vercel', api: string, client: ClientOrigin, named: Frame | null, _viaRef = false): void {
    const args = node.arguments.map((a) => (a.type === 'SpreadElement' ? { k: 'spread' as const, of: this.eval(a.argument), src: this.src(a) } : this.eval(a)));
    const ctx = this.context(node, named);
    this.out.calls.push({ kind, api, client, args, fnKey: named?.key ?? null, ctx });
  }

  private recordInvocation(node: TSESTree.CallExpression, callee: Node, named: Frame | null): void {
    let target: TsInvocation['target'] | null = null;
    if (callee.type === 'Identifier') {
      const b = this.lookup(callee.name);
      if (b?.kind === 'function' && b.node) target = { kind: 'local', fnKey: this.fnKeys.get(b.node) ?? callee.name };
      else if (b?.kind === 'local' && b.node && (b.node.type === 'ArrowFunctionExpression' || b.node.type === 'FunctionExpression' || b.node.type === 'CallExpression'))
        target = { kind: 'local', fnKey: callee.name };
      else if (b?.kind === 'import' && !isPackage(b.module!)) target = { kind: 'import', module: b.module!, name: b.importName!, member: null };
    } else if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier') {
      const method = callee.property.name;
      const obj = callee.object;
      if (obj.type === 'ThisExpression' && this.classes.length) target = { kind: 'local', fnKey: `${this.classes[this.classes.length - 1].name}.${method}` };
      else if (obj.type === 'Identifier') {
        const b = this.lookup(obj.name);
        if (b?.kind === 'import' && !isPackage(b.module!)) target = { kind: 'import', module: b.module!, name: b.importName!, member: method };
        else if (b?.kind === 'class') target = { kind: 'local', fnKey: `${obj.name}.${method}` };
        else if (b?.kind === 'local' && b.node?.type === 'NewExpression' && b.node.callee.type === 'Identifier') {
          const cb = this.lookup(b.node.callee.name);
          if (cb?.kind === 'class') target = { kind: 'local', fnKey: `${b.node.callee.name}.${method}` };
          else if (cb?.kind === 'import' && !isPackage(cb.module!)) target = { kind: 'import', module: cb.module!, name: cb.importName!, member: `#${method}` };
        } else if (b?.kind === 'local' && b.node?.type === 'ObjectExpression') target = { kind: 'local', fnKey: method };
      } else if (obj.type === 'MemberExpression' && obj.object.type === 'ThisExpression' && !obj.computed && obj.property.type === 'Identifier') {
        // this.llm.complete(…) where the field is `new LlmService()` or typed `LlmService`.
        const field = this.classField(obj.property.name);
        const ctor = field?.type === 'NewExpression' && field.callee.type === 'Identifier' ? field.callee.name : null;
        const typeNode = this.classFieldType(obj.property.name);
        const typeName = ctor ?? (typeNode?.type === 'TSTypeReference' && typeNode.typeName.type === 'Identifier' ? typeNode.typeName.name : null);
        if (typeName) {
          const cb = this.lookup(typeName);
          if (cb?.kind === 'class') target = { kind: 'local', fnKey: `${typeName}.${method}` };
          else if (cb?.kind === 'import' && !isPackage(cb.module!)) target = { kind: 'import', module: cb.module!, name: cb.importName!, member: `#${method}` };
        }
      }
    }
    if (!target) return;
    const args = node.arguments.map((a) => (a.type === 'SpreadElement' ? { k: 'spread' as const, of: this.eval(a.argument), src: this.src(a) } : this.eval(a)));
    this.out.invocations.push({ target, args, fnKey: named?.key ?? null, ctx: this.context(node, named) });
  }

  // --- context: where, annotation, signals ----------------------------------------------------

  /**
   * The source of a call argument without the functions inside it: `onFinish: ({ object }) => …errors.map(…).join()`
   * handles the answer; it is not the prompt.
   */
  private textWithoutCallbacks(arg: Node): string {
    let text = this.text.slice(arg.range[0], arg.range[1]);
    const cuts: [number, number][] = [];
    walk(arg, (n) => {
      if (n !== arg && (n.type === 'ArrowFunctionExpression' || n.type === 'FunctionExpression')) cuts.push([n.range[0] - arg.range[0], n.range[1] - arg.range[0]]);
    });
    for (const [start, end] of cuts.sort((x, y) => y[0] - x[0])) text = text.slice(0, start) + ' '.repeat(Math.max(0, end - start)) + text.slice(end);
    return text;
  }

  private context(node: TSESTree.CallExpression, named: Frame | null): CallContext {
    const calleeNode = node.callee;
    const callee: SourcePoint = { line: calleeNode.loc.start.line, column: calleeNode.loc.start.column + 1, offset: calleeNode.range[0] };
    const cls = this.classes.length ? this.classes[this.classes.length - 1].name : null;
    const enclosingFunction = named?.name ?? '(top)';
    const statement = this.statementOf();
    const annotation = this.annotationFor(callee.line, node.loc.end.line, statement?.loc.start.line ?? callee.line);
    const fnBody = named ? (named.node as TSESTree.FunctionLike).body : null;
    const signals = this.signalsAround(node, fnBody ?? this.ast);
    const argText = node.arguments.map((a) => this.textWithoutCallbacks(a)).join('\n');
    let joinsDocuments = JOIN_DOCS.test(argText);
    if (!joinsDocuments) {
      for (const id of new Set(argText.match(/[A-Za-z_$][\w$]*/g) ?? [])) {
        const b = this.lookup(id);
        if (b?.kind === 'local' && b.node && JOIN_DOCS.test(this.text.slice(b.node.range[0], b.node.range[1]))) {
          joinsDocuments = true;
          break;
        }
      }
    }
    const calleeSrc = this.text.slice(calleeNode.range[0], calleeNode.range[1]);
    return { callee, span: { start: node.range[0], end: node.range[1] }, enclosingFunction, className: cls, annotation, signals, joinsDocuments, calleeText: calleeSrc.length > 80 ? calleeText(calleeNode) : calleeSrc };
  }

  private statementOf(): Node | null {
    for (let i = this.ancestors.length - 1; i >= 0; i--) {
      const a = this.ancestors[i];
      if (a.type.endsWith('Statement') || a.type === 'VariableDeclaration' || a.type === 'PropertyDefinition') return a;
    }
    return null;
  }

  private annotationFor(calleeLine: number, endLine: number, statementLine: number): Annotation | null {
    for (const line of [calleeLine, endLine, statementLine - 1, calleeLine - 1]) {
      for (const c of this.commentsByLine.get(line) ?? []) {
        const parsed = parseAnnotation(c, line);
        if (parsed.annotation) return parsed.annotation;
      }
    }
    return null;
  }

  private signalsAround(call: TSESTree.CallExpression, scope: Node | null): Signal[] {
    const signals: Signal[] = [];
    const add = (kind: Signal['kind'], detail: string, line: number) => {
      if (!signals.some((s) => s.kind === kind && s.detail === detail)) signals.push({ kind, detail: detail.length > 120 ? `${detail.slice(0, 117)}…` : detail, file: this.file, line });
    };
    // The variable receiving the result.
    let resultVar: string | null = null;
    let child: Node = call;
    for (let i = this.ancestors.length - 1; i >= 0; i--) {
      const a = this.ancestors[i];
      if (a.type === 'AwaitExpression' || a.type === 'MemberExpression' || a.type === 'ChainExpression' || a.type === 'TSAsExpression' || a.type === 'TSNonNullExpression') {
        child = a;
        continue;
      }
      if (a.type === 'CallExpression' && a.callee === child) {
        child = a; // (await …).then(…) / .finalMessage()
        continue;
      }
      if (a.type === 'CallExpression' && calleeText(a.callee) === 'JSON.parse') add('json-parse', 'JSON.parse of the response', a.loc.start.line);
      if (a.type === 'CallExpression' && a.callee.type === 'MemberExpression' && /^(parse|safeParse|parseAsync|validate)$/.test(calleeText(a.callee).split('.').pop() ?? '') && calleeText(a.callee) !== 'JSON.parse')
        add('schema-parse', `${calleeText(a.callee)}(…)`, a.loc.start.line);
      if (a.type === 'VariableDeclarator') {
        if (a.id.type === 'Identifier') resultVar = a.id.name;
        else if (a.id.type === 'ObjectPattern') {
          const names = a.id.properties.map((p) => (p.type === 'Property' && p.value.type === 'Identifier' ? p.value.name : null)).filter(Boolean);
          resultVar = names[0] ?? null;
        }
      } else if (a.type === 'AssignmentExpression') {
        const p = memberPath(a.left);
        if (p) resultVar = p[p.length - 1];
      }
      break;
    }
    if (resultVar) add('result-variable', resultVar, call.loc.start.line);
    // Loops: a tool-use loop when the loop body checks stop_reason / feeds tool results back.
    for (let i = this.ancestors.length - 1; i >= 0; i--) {
      const a = this.ancestors[i];
      if (FUNCTION_TYPES.has(a.type)) break;
      if (LOOP_TYPES.has(a.type)) {
        const body = this.text.slice(a.range[0], a.range[1]);
        if (/tool_use|tool_result|tool_calls|stop_reason|finish_reason\s*===?\s*['"]tool|functionCall|function_call/.test(body)) {
          add('tool-use-loop', 'called in a loop that handles tool use', a.loc.start.line);
          break;
        }
      }
    }
    if (!scope) return signals;
    const scopeText = this.text.slice(scope.range[0], scope.range[1]);
    const streamMatch = STREAM_TO_RESPONSE.exec(scopeText);
    if (streamMatch) add('streams-to-response', streamMatch[0], lineAt(this.lineStarts, scope.range[0] + streamMatch.index));
    if (!resultVar) return signals;
    // Names derived from the result (text = res.content[0].text …), then how they are used.
    const tainted = new Set([resultVar]);
    const after = call.range[1];
    const uses: Node[] = [];
    walk(scope, (n) => {
      if (n.range[0] < after) return;
      if (n.type === 'VariableDeclarator' && n.init) {
        const init = this.text.slice(n.init.range[0], n.init.range[1]);
        if (mentions(init, tainted)) for (const b of patternBindings(n.id, null, [])) tainted.add(b.name);
      } else if (n.type === 'ForOfStatement' && mentions(this.text.slice(n.right.range[0], n.right.range[1]), tainted)) {
        if (n.left.type === 'VariableDeclaration') for (const d of n.left.declarations) for (const b of patternBindings(d.id, null, [])) tainted.add(b.name);
      } else if (n.type === 'CallExpression' || n.type === 'SwitchStatement' || n.type === 'BinaryExpression') uses.push(n);
    });
    for (const n of uses) {
      if (n.type === 'SwitchStatement') {
        if (mentions(this.text.slice(n.discriminant.range[0], n.discriminant.range[1]), tainted)) add('switch-on-output', `switch (${this.text.slice(n.discriminant.range[0], n.discriminant.range[1])})`, n.loc.start.line);
      } else if (n.type === 'BinaryExpression') {
        if (!/^(===|==|!==|!=)$/.test(n.operator)) continue;
        const l = this.text.slice(n.left.range[0], n.left.range[1]);
        const r = this.text.slice(n.right.range[0], n.right.range[1]);
        if (/stop_reason|finish_reason|\.type\b|\.role\b|length/.test(l + r)) continue;
        // A discriminator of stream parts or content blocks (`const { type } = delta; type === "object"`), not the output.
        if (DISCRIMINATOR.test(l) || DISCRIMINATOR.test(r)) continue;
        const lit = (x: Node) => (x.type === 'Literal' && typeof x.value === 'string') || (x.type === 'MemberExpression' && /^[A-Z]/.test(calleeText(x)));
        if ((mentions(l, tainted) && lit(n.right)) || (mentions(r, tainted) && lit(n.left as Node))) add('enum-compare', this.text.slice(n.range[0], n.range[1]), n.loc.start.line);
      } else if (n.type === 'CallExpression') {
        const name = calleeText(n.callee);
        const argText = n.arguments.map((a) => this.text.slice(a.range[0], a.range[1])).join(',');
        const method = name.split('.').pop() ?? '';
        if (name === 'JSON.parse' && mentions(argText, tainted)) add('json-parse', `JSON.parse(${argText})`, n.loc.start.line);
        else if (/^(parse|safeParse|parseAsync|validate)$/.test(method) && name !== 'JSON.parse' && mentions(argText, tainted)) add('schema-parse', `${name}(…)`, n.loc.start.line);
        else if (/^(includes|startsWith|endsWith|match|test|indexOf)$/.test(method) && n.callee.type === 'MemberExpression') {
          const objText = this.text.slice(n.callee.object.range[0], n.callee.object.range[1]);
          if (mentions(objText, tainted) && !/stop_reason|finish_reason/.test(objText)) add('includes-on-output', `${objText.slice(0, 60)}.${method}(…)`, n.loc.start.line);
          else if (mentions(argText, tainted) && method === 'includes') add('enum-compare', `${objText.slice(0, 60)}.includes(…)`, n.loc.start.line);
        }
      }
    }
    return signals;
  }
}

const DISCRIMINATOR = /^(?:type|kind|role|event|eventType|chunkType|partType|object)$/;
const JOIN_DOCS = /\.map\s*\([\s\S]*?\)\s*\.join\s*\(/;
const STREAM_TO_RESPONSE =
  /toDataStreamResponse|toTextStreamResponse|toUIMessageStreamResponse|\.toUIMessageStream\(|\.mergeIntoDataStream\(|createUIMessageStreamResponse|createDataStreamResponse|pipeDataStreamToResponse|pipeTextStreamToResponse|pipeUIMessageStreamToResponse|StreamingTextResponse|\bres\.write\(|\.pipe\(\s*res\b|new Response\(\s*\w*[sS]tream|controller\.enqueue\(|reply\.raw\.write\(|text\/event-stream|\bsocket\.(emit|send)\(|\bws\.send\(/;

// --- AST helpers ----------------------------------------------------------------------------

function lineAt(lineStarts: readonly number[], offset: number): number {
  return pointAt(lineStarts, offset).line;
}

function mentions(text: string, names: Set<string>): boolean {
  for (const n of names) {
    const i = text.indexOf(n);
    if (i < 0) continue;
    const re = new RegExp(`(^|[^\\w$.])${n.replace(/\$/g, '\\$')}(?![\\w$])`);
    if (re.test(text)) return true;
  }
  return false;
}

const NOT_CHILDREN: ReadonlySet<string> = new Set(['parent', 'loc', 'range', 'type']);
/** The visitor does not go into type annotations: they hold no calls or values. */
const NOT_VISITED: ReadonlySet<string> = new Set([...NOT_CHILDREN, 'typeAnnotation', 'returnType', 'typeParameters', 'typeArguments']);

function isNode(v: unknown): v is Node {
  return !!v && typeof v === 'object' && typeof (v as Node).type === 'string';
}

/** Calls `fn` on each child node of `node` (not positions, not the parent link, not the keys in `skip`). */
function forEachChild(node: Node, fn: (child: Node) => void, skip: ReadonlySet<string> = NOT_CHILDREN): void {
  for (const key in node) {
    if (skip.has(key)) continue;
    const child = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(child)) {
      for (const c of child) if (isNode(c)) fn(c);
    } else if (isNode(child)) fn(child);
  }
}

function walk(node: Node, fn: (n: Node) => void): void {
  fn(node);
  forEachChild(node, (c) => walk(c, fn));
}

export function calleeText(node: Node): string {
  switch (node.type) {
    case 'Identifier':
      return node.name;
    case 'ThisExpression':
      return 'this';
    case 'MemberExpression':
      return `${calleeText(node.object)}.${node.computed ? '[]' : (node.property as TSESTree.Identifier).name}`;
    case 'CallExpression':
      return `${calleeText(node.callee)}()`;
    case 'ChainExpression':
      return calleeText(node.expression);
    case 'AwaitExpression':
      return calleeText(node.argument);
    case 'TSNonNullExpression':
    case 'TSAsExpression':
      return calleeText(node.expression);
    default:
      return '?';
  }
}

function memberPath(node: Node): string[] | null {
  if (node.type === 'Identifier') return [node.name];
  if (node.type === 'MetaProperty') return [node.meta.name, node.property.name];
  if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier') {
    const p = memberPath(node.object);
    return p ? [...p, node.property.name] : null;
  }
  if (node.type === 'MemberExpression' && node.computed && node.property.type === 'Literal' && typeof node.property.value === 'string') {
    const p = memberPath(node.object);
    return p ? [...p, node.property.value] : null;
  }
  return null;
}

/** `a.b?.c.d` → base `a`, path [b, c, d]. Stops at anything that is not a plain property name. */
function flattenMember(node: Node): { base: Node; path: string[] } | null {
  const path: string[] = [];
  let cur: Node = node;
  for (;;) {
    if (cur.type === 'ChainExpression') cur = cur.expression;
    else if (cur.type === 'TSNonNullExpression') cur = cur.expression;
    else if (cur.type === 'MemberExpression') {
      if (!cur.computed && cur.property.type === 'Identifier') path.unshift(cur.property.name);
      else if (cur.computed && cur.property.type === 'Literal' && typeof cur.property.value === 'string') path.unshift(cur.property.value);
      else return { base: cur, path };
      cur = cur.object;
    } else return { base: cur, path };
  }
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

function rootName(q: TSESTree.TSQualifiedName | TSESTree.EntityName): string | null {
  if (q.type === 'Identifier') return q.name;
  if (q.type === 'TSQualifiedName') return rootName(q.left);
  return null;
}

function paramName(p: TSESTree.Parameter): string {
  if (p.type === 'Identifier') return p.name;
  if (p.type === 'AssignmentPattern' && p.left.type === 'Identifier') return p.left.name;
  if (p.type === 'TSParameterProperty' && p.parameter.type === 'Identifier') return p.parameter.name;
  if (p.type === 'RestElement' && p.argument.type === 'Identifier') return `...${p.argument.name}`;
  return '{…}';
}

function isPackage(module: string): boolean {
  return !(module.startsWith('.') || module.startsWith('/') || module.startsWith('@/') || module.startsWith('~/') || module.startsWith('#') || module.startsWith('src/') || module.startsWith('@src/') || module.startsWith('$lib/') || module.startsWith('~~/'));
}

function isRequire(node: Node): boolean {
  return requireOf(node) !== null;
}

function requireOf(node: Node): { module: string; member: string | null } | null {
  let member: string | null = null;
  let n: Node = node;
  if (n.type === 'MemberExpression' && !n.computed && n.property.type === 'Identifier') {
    member = n.property.name;
    n = n.object;
  }
  if (n.type === 'AwaitExpression' && n.argument.type === 'ImportExpression' && n.argument.source.type === 'Literal') return { module: String(n.argument.source.value), member };
  if (n.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === 'require' && n.arguments[0]?.type === 'Literal' && typeof n.arguments[0].value === 'string')
    return { module: n.arguments[0].value, member };
  return null;
}

interface PatternBinding {
  name: string;
  path: string[];
  node: Node | null;
  typeAnn?: Node;
  defaultValue?: Node;
}

/** Names bound by a pattern, with the property path into the value they come from. */
function patternBindings(id: TSESTree.BindingName | TSESTree.Parameter | Node, init: Node | null, path: string[], typeAnn?: Node): PatternBinding[] {
  switch (id.type) {
    case 'Identifier':
      return [{ name: id.name, path, node: init, typeAnn: typeAnn ?? id.typeAnnotation?.typeAnnotation }];
    case 'AssignmentPattern': {
      const inner = patternBindings(id.left, init, path, typeAnn);
      if (inner.length === 1 && path.length === 0) inner[0].defaultValue = id.right;
      else if (inner.length === 1) inner[0].defaultValue = id.right;
      return inner;
    }
    case 'ObjectPattern': {
      const out: PatternBinding[] = [];
      const ann = typeAnn ?? id.typeAnnotation?.typeAnnotation;
      for (const p of id.properties) {
        if (p.type === 'RestElement') continue;
        const k = p.computed ? null : keyName(p.key);
        if (!k) continue;
        const bindings = patternBindings(p.value as Node, init, [...path, k], ann);
        out.push(...bindings);
      }
      return out;
    }
    case 'ArrayPattern': {
      const out: PatternBinding[] = [];
      id.elements.forEach((e, i) => {
        if (e) out.push(...patternBindings(e, init, [...path, String(i)], typeAnn));
      });
      return out;
    }
    case 'RestElement':
      return patternBindings(id.argument, null, path, typeAnn);
    case 'TSParameterProperty':
      return patternBindings(id.parameter, init, path, typeAnn);
    default:
      return [];
  }
}

function isObjectLiteral(n: Node | null): boolean {
  return n?.type === 'ObjectExpression';
}

/** Names given a new value with a plain `=` in a function body (`kind = "code"`), not `+=`. */
function plainlyAssigned(body: Node): Set<string> {
  const names = new Set<string>();
  walk(body, (n) => {
    if (n.type === 'AssignmentExpression' && n.operator === '=' && n.left.type === 'Identifier') names.add(n.left.name);
  });
  return names;
}

/** Variables declared in a function body (not in nested functions). */
function collectLocals(body: Node, into: Map<string, Binding>): void {
  let assigned: Set<string> | null = null;
  const visit = (n: Node) => {
    if (FUNCTION_TYPES.has(n.type) && n !== body) {
      if (n.type === 'FunctionDeclaration' && n.id && !into.has(n.id.name)) into.set(n.id.name, { kind: 'function', node: n, name: n.id.name });
      return;
    }
    if (n.type === 'ClassDeclaration' || n.type === 'ClassExpression') return;
    if (n.type === 'VariableDeclaration') {
      for (const d of n.declarations) {
        for (const b of patternBindings(d.id, d.init ?? null, [])) {
          if (into.has(b.name)) continue;
          // `const { system = SYSTEM_PROMPT } = options || {}`: what the options hold is known only at run time;
          // the default is the value whenever a caller does not pass one, so it is the best reading of it.
          const fromOptions = b.defaultValue && b.path.length > 0 && !isObjectLiteral(d.init ?? null);
          const reassigned = n.kind === 'let' && (assigned ??= plainlyAssigned(body)).has(b.name);
          if (fromOptions) into.set(b.name, { kind: 'local', node: b.defaultValue, path: [], name: b.name, isConst: n.kind === 'const', decl: d, typeAnn: b.typeAnn });
          else into.set(b.name, { kind: 'local', node: b.node ?? undefined, path: b.path, name: b.name, isConst: n.kind === 'const', decl: d, typeAnn: b.typeAnn, ...(reassigned ? { reassigned } : {}) });
        }
      }
    }
    forEachChild(n, visit);
  };
  visit(body);
}

function singleReturn(fn: TSESTree.FunctionLike | Node): Node | null {
  const f = fn as TSESTree.FunctionLike;
  if (!f.body) return null;
  if (f.body.type !== 'BlockStatement') return f.body as Node;
  let found: Node | null = null;
  let count = 0;
  const visit = (n: Node) => {
    if (FUNCTION_TYPES.has(n.type) && n !== f) return;
    if (n.type === 'ReturnStatement' && n.argument) {
      count++;
      found ??= n.argument;
    }
    forEachChild(n, visit);
  };
  visit(f.body);
  return count >= 1 ? found : null;
}

const STRINGISH_RETURN = new Set(['TemplateLiteral', 'TaggedTemplateExpression', 'Literal', 'BinaryExpression', 'Identifier']);
const STRING_CALL = /\.(?:join|trim|trimStart|trimEnd)$|^(?:dedent|outdent|stripIndent)$/;

/** The expressions a function returns (its own returns, not those of nested functions). */
function returnExpressions(fn: TSESTree.FunctionLike): Node[] {
  if (!fn.body) return [];
  if (fn.body.type !== 'BlockStatement') return [fn.body as Node];
  const out: Node[] = [];
  const visit = (n: Node) => {
    if (FUNCTION_TYPES.has(n.type)) return;
    if (n.type === 'ReturnStatement') {
      if (n.argument) out.push(n.argument);
      return;
    }
    forEachChild(n, visit);
  };
  for (const st of fn.body.body) visit(st as Node);
  return out;
}

function findThisAssignment(body: Node, name: string): Node | null {
  let found: Node | null = null;
  walk(body, (n) => {
    if (found) return;
    if (n.type === 'AssignmentExpression' && n.left.type === 'MemberExpression' && n.left.object.type === 'ThisExpression' && !n.left.computed && keyName(n.left.property) === name) found = n.right;
  });
  return found;
}
