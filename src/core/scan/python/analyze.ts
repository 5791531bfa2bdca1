// Per-file analysis of Python: finds SDK calls, calls that may go to wrappers, module constants, classes and
// the task-type registry. Pure in (file, text): the result holds plain data only (no tree), so it can be cached.
import type { Annotation, Signal, SourcePoint, TextSpan } from '../../types';
import type { BaseAnalysis } from './legacyLanguage';
import { parseAnnotation } from '../../usage/annotations';
import { parsePython, type PyNode } from './parser';
import { MAX_TEXT, substitute, type ClientInfo, type PSrc, type PV } from './values';
import { HTTP_ENDPOINT_WORDS, httpEndpoint } from '../httpEndpoint';
import { lineStartsOf, pointAt } from '../../lines';

export interface PyCallRec {
  sdk: string;
  api: string;
  /** Key of the enclosing def in `funcs` ("fn", "Class.method"), null at module level. */
  fnKey: string | null;
  enclosingFunction: string;
  className: string | null;
  callee: SourcePoint;
  span: TextSpan;
  /** Keyword arguments (with `**dict` spreads merged). */
  kwargs: Record<string, PV>;
  /** First positional argument (LangChain `.invoke(x)`, a prompt given positionally). */
  input?: PV;
  /** The LangChain model / chain, or the instructor-patched client. */
  client?: ClientInfo;
  streaming: boolean;
  batch: boolean;
  signals: Signal[];
  annotation: Annotation | null;
}

export type PyTarget =
  | { kind: 'local'; name: string }
  | { kind: 'value'; value: PV }
  | { kind: 'method'; cls: string | PV; name: string };

/** A call that may go to a wrapper (a function defined here or imported from the workspace). */
export interface PyCandidate {
  target: PyTarget;
  /** What the callee is called in the code: "call_ai", "llm.ask", "self.complete". */
  calleeText: string;
  args: PV[];
  kwargs: Record<string, PV>;
  fnKey: string | null;
  enclosingFunction: string;
  className: string | null;
  callee: SourcePoint;
  span: TextSpan;
  signals: Signal[];
  annotation: Annotation | null;
}

export interface PyParam {
  name: string;
  dflt?: PV;
  /** *args / **kwargs */
  star?: boolean;
}

export interface PyFunc {
  key: string;
  name: string;
  className: string | null;
  /** Parameters as called (self / cls dropped for methods). */
  params: PyParam[];
  line: number;
  /** Nested inside another def: not callable from elsewhere. */
  nested: boolean;
}

export interface PyRegistry {
  entries: Record<string, PV>;
  defaultModel: PV | null;
  line: number;
  hasModelFor: boolean;
}

export interface PythonAnalysis extends BaseAnalysis {
  language: 'python';
  calls: PyCallRec[];
  candidates: PyCandidate[];
  funcs: Record<string, PyFunc>;
  /** Module-level names: constants, imported re-exports (refs), instances. */
  exports: Record<string, PV>;
  /** Class members: class-level attributes and `self.x = …` assignments. */
  classes: Record<string, Record<string, PV>>;
  registry: PyRegistry | null;
  /** Import specs this file uses in values the link step must resolve (for followUp). */
  importSpecs: string[];
  isStub: boolean;
  isTest: boolean;
}

// ---------------------------------------------------------------------------------------------------------
// SDK shapes

/** Method paths after an Anthropic client that generate text. */
const ANTHROPIC_APIS = new Set([
  'messages.create',
  'messages.stream',
  'messages.parse',
  'beta.messages.create',
  'beta.messages.stream',
  'beta.messages.parse',
  'messages.batches.create',
  'beta.messages.batches.create',
  'beta.tools.messages.create',
  'beta.messages.tool_runner',
  'messages.tool_runner',
  'completions.create',
]);
const OPENAI_APIS = new Set([
  'chat.completions.create',
  'chat.completions.parse',
  'chat.completions.stream',
  'beta.chat.completions.parse',
  'beta.chat.completions.stream',
  'responses.create',
  'responses.parse',
  'responses.stream',
  'completions.create',
  'ChatCompletion.create',
  'ChatCompletion.acreate',
  'Completion.create',
  'Completion.acreate',
]);
const LANGCHAIN_METHODS = new Set(['invoke', 'ainvoke', 'stream', 'astream', 'batch', 'abatch', 'predict', 'apredict', 'run', 'arun']);
const LITELLM_FUNCS = new Set(['completion', 'acompletion']);
/** A call that hands over a conversation's turns: `session.get_messages()`, `self.history.format_for_api()`, `memory.load_messages()`. */
const HISTORY_SOURCE = /(?:history|conversation|session|messages|transcript|turns)\w*\.\w+$|\.(?:get_|load_)?(?:messages|history|chat_history|conversation)$/i;
/** Arguments that show an unknown receiver is an LLM client (Twilio's `client.messages.create(to=…, body=…)` has none). */
const LLM_KWARGS = ['model', 'max_tokens', 'messages', 'system', 'max_completion_tokens', 'response_format', 'input', 'instructions', 'max_output_tokens'];

const CLIENT_CTORS: Record<string, Record<string, ClientInfo['sdk']>> = {
  anthropic: {
    Anthropic: 'anthropic',
    AsyncAnthropic: 'anthropic',
    AnthropicBedrock: 'anthropic',
    AsyncAnthropicBedrock: 'anthropic',
    AnthropicVertex: 'anthropic',
    AsyncAnthropicVertex: 'anthropic',
    Client: 'anthropic',
    AsyncClient: 'anthropic',
  },
  openai: { OpenAI: 'openai', AsyncOpenAI: 'openai', AzureOpenAI: 'openai', AsyncAzureOpenAI: 'openai', Client: 'openai', AsyncClient: 'openai' },
};
const LANGCHAIN_MODELS = new Set(['ChatAnthropic', 'ChatAnthropicMessages', 'ChatOpenAI', 'AzureChatOpenAI', 'ChatLiteLLM', 'ChatLiteLLMRouter', 'init_chat_model', 'ChatBedrock', 'ChatBedrockConverse', 'ChatVertexAI', 'ChatAnthropicVertex']);
const MOCKS = new Set(['Mock', 'MagicMock', 'AsyncMock', 'NonCallableMock', 'create_autospec', 'mocker']);
/** Modules never holding workspace wrappers: calls to their names are not recorded as candidates. */
const EXTERNAL_ROOTS = new Set(
  (
    'os sys re json typing typing_extensions logging asyncio collections dataclasses functools itertools pathlib time datetime math random ' +
    'subprocess shutil uuid hashlib base64 enum abc contextlib copy io textwrap string unittest pytest mock inspect traceback warnings ' +
    'anthropic openai litellm langchain langchain_core langchain_anthropic langchain_openai langchain_community instructor pydantic ' +
    'requests httpx aiohttp fastapi flask django starlette sqlalchemy numpy pandas tenacity dotenv yaml click typer rich tqdm csv argparse'
  ).split(' '),
);
const BUILTINS = new Set(
  'print len str int float bool dict list set tuple range enumerate zip map filter sorted reversed min max sum any all isinstance getattr setattr hasattr open repr type super iter next abs round format vars id'.split(
    ' ',
  ),
);

const IRREVERSIBLE = /\b(send|delete|remove|drop|refund|pay|charge|transfer|deploy|publish|cancel|wire|purchase|destroy|terminate|execute|rm)\w*/i;
const DOC_WORDS = /doc|chunk|passage|context|snippet|source|page|retriev|hit|article|excerpt|search|result|record|note|ticket|review|comment|email|feedback|transcript|paper|report|file|entries|items/i;

// ---------------------------------------------------------------------------------------------------------

interface LocalDef {
  at: number;
  value: PyNode | null;
  /** 'assign': value is the right-hand side; 'with'/'for': value is the context / iterable; 'import'. */
  kind: 'assign' | 'with' | 'for' | 'import';
  name: string;
  line: number;
  /** The assigned name node (for spans). */
  target: PyNode;
}

interface Scope {
  kind: 'module' | 'function';
  node: PyNode;
  parent: Scope | null;
  fnKey: string | null;
  fnName: string;
  className: string | null;
  params: Map<string, { node: PyNode; dflt: PyNode | null; type: PyNode | null }>;
  defs: Map<string, LocalDef[]>;
  appends: Map<string, PyNode[]>;
  /** `params["messages"] = messages`: keys set on a local dict after it is built. */
  sets: Map<string, { key: string; value: PyNode; at: number }[]>;
}

interface ImportBinding {
  module: string;
  /** null: the module itself (`import x`, `import x.y as z`). */
  name: string | null;
}

interface ClassInfo {
  node: PyNode;
  name: string;
  attrs: Map<string, { node: PyNode; scope: Scope; line: number; target: PyNode }>;
}

const PY_TEST = /(^|\/)(tests?|testing)\/|(^|\/)test_[^/]*\.pyi?$|_test\.pyi?$|(^|\/)conftest\.py$/;

export function emptyPythonAnalysis(file: string, error?: string): PythonAnalysis {
  return {
    file,
    language: 'python',
    calls: [],
    candidates: [],
    funcs: {},
    exports: {},
    classes: {},
    registry: null,
    importSpecs: [],
    isStub: file.endsWith('.pyi'),
    isTest: PY_TEST.test(file),
    ...(error ? { error } : {}),
  };
}

export function analyzePython(file: string, text: string): PythonAnalysis {
  let tree;
  try {
    tree = parsePython(text);
  } catch (e) {
    return emptyPythonAnalysis(file, `python parse failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!tree) return emptyPythonAnalysis(file, 'python parser not initialised');
  try {
    return new FileAnalyzer(file, text, tree.rootNode).run();
  } catch (e) {
    return emptyPythonAnalysis(file, `python analysis failed: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    tree.delete();
  }
}

function kids(n: PyNode): PyNode[] {
  return n.namedChildren.filter((c): c is PyNode => c !== null);
}
function allKids(n: PyNode): PyNode[] {
  return n.children.filter((c): c is PyNode => c !== null);
}
function field(n: PyNode, name: string): PyNode | null {
  return n.childForFieldName(name);
}
function unwrap(n: PyNode): PyNode {
  let cur = n;
  for (let i = 0; i < 20; i++) {
    if (cur.type === 'parenthesized_expression' || cur.type === 'await') {
      const inner = kids(cur)[0];
      if (!inner) return cur;
      cur = inner;
    } else return cur;
  }
  return cur;
}

/** Literal lists / dicts longer than this are data, not prompts or params: not evaluated item by item. */
const MAX_ITEMS = 400;

/** Method names that may be LLM wrappers, matched by name alone when the object's class is not known. */
const WRAPPER_LIKE = /complet|chat|ask|llm|prompt|generat|send|query|call_?ai|call_?model|invoke|summar|classif|extract|translat|review|answer/i;
const COMMON_METHODS = new Set(['send', 'query', 'invoke', 'ask', 'chat', 'answer', 'review', 'generate', 'sendall', 'send_message', 'extract', 'extractall']);

/** Nodes that can hold statements, assignments or `x.append(…)` calls: the scope collector goes no deeper. */
const STATEMENT_LEVEL = new Set([
  'module', 'block', 'expression_statement', 'if_statement', 'elif_clause', 'else_clause', 'for_statement', 'while_statement',
  'try_statement', 'except_clause', 'except_group_clause', 'finally_clause', 'with_statement', 'with_clause', 'match_statement',
  'case_clause', 'decorated_definition', 'ERROR', 'assignment', 'await', 'call', 'attribute',
]);

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '\n': '' };

class FileAnalyzer {
  private readonly out: PythonAnalysis;
  private readonly comments = new Map<number, { text: string; own: boolean }>();
  private readonly lineStarts: number[];
  private readonly imports = new Map<string, ImportBinding>();
  private readonly moduleScope: Scope;
  private readonly classes = new Map<string, ClassInfo>();
  private readonly fnScopes = new Map<number, Scope>();
  private readonly usedSpecs = new Set<string>();
  private readonly callNodes: PyNode[] = [];
  private readonly funcNodes: PyNode[] = [];
  private evalDepth = 0;
  private readonly evaluating = new Set<string>();
  /** The text names an LLM HTTP endpoint: calls are checked for requests to it (see httpRequest). */
  private readonly mayCallHttp: boolean;

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly root: PyNode,
  ) {
    this.out = emptyPythonAnalysis(file);
    this.lineStarts = lineStartsOf(text);
    this.mayCallHttp = HTTP_ENDPOINT_WORDS.test(text);
    this.moduleScope = {
      kind: 'module',
      node: root,
      parent: null,
      fnKey: null,
      fnName: '(top)',
      className: null,
      params: new Map(),
      defs: new Map(),
      appends: new Map(),
      sets: new Map(),
    };
  }

  run(): PythonAnalysis {
    if (this.root.hasError) this.out.error = 'syntax errors: parts of the file could not be read (the rest was scanned)';
    this.walk();
    this.collectScope(this.moduleScope, this.root);
    this.collectClasses();
    this.collectExports();
    this.collectRegistry();
    if (!this.out.isStub && !this.out.isTest) this.collectBuilders();
    if (!this.out.isStub && !this.out.isTest) {
      for (const call of this.callNodes) this.visitCall(call);
      this.collectFuncs();
    }
    this.out.importSpecs = [...this.usedSpecs];
    return this.out;
  }

  // ----- one pass over the tree: comments, calls, defs (iterative: generated files can nest deeply)
  private walk(): void {
    // A cursor, not `children`: materialising a Node object for every token of a big generated file is the cost.
    const cursor = this.root.walk();
    try {
      for (;;) {
        const t = cursor.nodeType;
        if (t === 'comment' || t === 'call' || t === 'function_definition' || t === 'class_definition') {
          const n = cursor.currentNode;
          if (t === 'comment') {
            const line = n.startPosition.row + 1;
            const ls = this.lineStarts[line - 1] ?? 0;
            const own = this.text.slice(ls, n.startIndex).trim() === '';
            this.comments.set(line, { text: n.text, own });
          } else if (t === 'call') this.callNodes.push(n);
          else if (t === 'function_definition') this.funcNodes.push(n);
          else {
            const name = field(n, 'name')?.text;
            if (name && !this.classes.has(name) && this.isModuleLevel(n)) this.classes.set(name, { node: n, name, attrs: new Map() });
          }
        }
        if (t !== 'comment' && t !== 'string' && cursor.gotoFirstChild()) continue;
        if (t === 'string' && this.hasInterpolation(cursor)) continue;
        while (!cursor.gotoNextSibling()) {
          if (!cursor.gotoParent()) return;
        }
      }
    } finally {
      cursor.delete();
    }
  }

  /** Strings hold no calls unless they are f-strings: enter them only then (the cursor is moved in when true). */
  private hasInterpolation(cursor: ReturnType<PyNode['walk']>): boolean {
    const start = cursor.startIndex;
    const prefix = this.text.slice(start, start + 4).toLowerCase();
    if (!/^[rbu]*f/.test(prefix)) return false;
    return cursor.gotoFirstChild();
  }

  private isModuleLevel(n: PyNode): boolean {
    let p = n.parent;
    while (p) {
      if (p.type === 'function_definition' || p.type === 'class_definition') return false;
      p = p.parent;
    }
    return true;
  }

  // ----- positions
  private point(offset: number): SourcePoint {
    return pointAt(this.lineStarts, offset);
  }
  private src(n: PyNode): PSrc {
    const p = this.point(n.startIndex);
    const end = n.endIndex;
    const t = this.text.slice(n.startIndex, Math.min(end, n.startIndex + MAX_TEXT));
    return { file: this.file, text: t, start: n.startIndex, end, line: p.line, column: p.column };
  }
  private dyn(n: PyNode): PV {
    return { k: 'dyn', src: this.src(n) };
  }

  // ----- scopes
  /** Collects assignments, imports, with/for targets of a module or function body (not nested defs). */
  private collectScope(scope: Scope, body: PyNode): void {
    const stack: PyNode[] = [body];
    const add = (name: string, d: Omit<LocalDef, 'name'>) => {
      const list = scope.defs.get(name) ?? [];
      list.push({ ...d, name });
      scope.defs.set(name, list);
    };
    while (stack.length) {
      const n = stack.pop()!;
      const t = n.type;
      if (n !== body && (t === 'function_definition' || t === 'class_definition' || t === 'lambda')) {
        if (t !== 'lambda') {
          const nm = field(n, 'name');
          if (nm) add(nm.text, { at: n.startIndex, value: n, kind: 'assign', line: nm.startPosition.row + 1, target: nm });
        }
        continue;
      }
      if (t === 'assignment') {
        const left = field(n, 'left');
        const right = field(n, 'right');
        if (left?.type === 'identifier') add(left.text, { at: n.startIndex, value: right, kind: 'assign', line: left.startPosition.row + 1, target: left });
        else if (left?.type === 'subscript' && right) {
          const obj = field(left, 'value');
          const key = field(left, 'subscript');
          if (obj?.type === 'identifier' && key?.type === 'string' && !kids(key).some((c) => c.type === 'interpolation')) {
            const list = scope.sets.get(obj.text) ?? [];
            list.push({ key: key.text.replace(/^[rbuRBU]*(['"]{1,3})([\s\S]*)\1$/, '$2'), value: right, at: n.startIndex });
            scope.sets.set(obj.text, list);
          }
        }
        else if (left && right && (left.type === 'pattern_list' || left.type === 'tuple_pattern') && (right.type === 'expression_list' || right.type === 'tuple')) {
          const ls = kids(left);
          const rs = kids(right);
          ls.forEach((l, i) => {
            if (l.type === 'identifier' && rs[i]) add(l.text, { at: n.startIndex, value: rs[i], kind: 'assign', line: l.startPosition.row + 1, target: l });
          });
        }
      } else if (t === 'with_item') {
        const v = field(n, 'value');
        if (v?.type === 'as_pattern') {
          const alias = field(v, 'alias');
          const ctx = kids(v)[0];
          const id = alias ? kids(alias)[0] : null;
          if (id?.type === 'identifier' && ctx) add(id.text, { at: n.startIndex, value: ctx, kind: 'with', line: id.startPosition.row + 1, target: id });
        }
      } else if (t === 'for_statement') {
        const left = field(n, 'left');
        const right = field(n, 'right');
        if (left?.type === 'identifier' && right) add(left.text, { at: n.startIndex, value: right, kind: 'for', line: left.startPosition.row + 1, target: left });
      } else if (t === 'import_statement' || t === 'import_from_statement' || t === 'future_import_statement') {
        // Imports inside functions (`from litellm import completion` in a def) count for the whole file.
        if (scope.kind === 'module' || !this.imports.has(n.text)) this.collectImport(n);
        continue;
      } else if (t === 'call') {
        const fn = field(n, 'function');
        if (fn?.type === 'attribute') {
          const attr = field(fn, 'attribute')?.text;
          const obj = field(fn, 'object');
          if ((attr === 'append' || attr === 'extend' || attr === 'insert') && obj?.type === 'identifier') {
            const arg = field(n, 'arguments');
            const a = arg ? kids(arg)[attr === 'insert' ? 1 : 0] : undefined;
            if (a) {
              const list = scope.appends.get(obj.text) ?? [];
              list.push(a);
              scope.appends.set(obj.text, list);
            }
          }
        }
      }
      if (!STATEMENT_LEVEL.has(t) && n !== body) continue;
      const ch = kids(n);
      for (let i = ch.length - 1; i >= 0; i--) stack.push(ch[i]);
    }
  }

  private collectImport(n: PyNode): void {
    if (n.type === 'import_statement') {
      for (const c of kids(n)) {
        if (c.type === 'dotted_name') {
          const full = c.text;
          const first = full.split('.')[0];
          this.imports.set(first, { module: first, name: null });
        } else if (c.type === 'aliased_import') {
          const name = field(c, 'name')?.text;
          const alias = field(c, 'alias')?.text;
          if (name && alias) this.imports.set(alias, { module: name, name: null });
        }
      }
      return;
    }
    if (n.type !== 'import_from_statement') return;
    const modNode = field(n, 'module_name');
    if (!modNode) return;
    const module = modNode.text.replace(/\s+/g, '');
    for (const c of n.childrenForFieldName('name')) {
      if (!c) continue;
      if (c.type === 'dotted_name') this.imports.set(c.text, { module, name: c.text });
      else if (c.type === 'aliased_import') {
        const name = field(c, 'name')?.text;
        const alias = field(c, 'alias')?.text;
        if (name && alias) this.imports.set(alias, { module, name });
      }
    }
  }

  private scopeOf(n: PyNode): Scope {
    let p = n.parent;
    while (p) {
      if (p.type === 'function_definition') return this.fnScope(p);
      p = p.parent;
    }
    return this.moduleScope;
  }

  private classOfDef(def: PyNode): string | null {
    let p = def.parent;
    if (p?.type === 'decorated_definition') p = p.parent;
    if (p?.type === 'block') p = p.parent;
    if (p?.type === 'class_definition') return field(p, 'name')?.text ?? null;
    return null;
  }

  private fnScope(def: PyNode): Scope {
    const cached = this.fnScopes.get(def.id);
    if (cached) return cached;
    const name = field(def, 'name')?.text ?? '(anonymous)';
    const className = this.classOfDef(def);
    const parent = this.scopeOf(def);
    const scope: Scope = {
      kind: 'function',
      node: def,
      parent,
      fnKey: className ? `${className}.${name}` : name,
      fnName: className ? `${className}.${name}` : name,
      className: className ?? parent.className,
      params: new Map(),
      defs: new Map(),
      appends: new Map(),
      sets: new Map(),
    };
    this.fnScopes.set(def.id, scope);
    const params = field(def, 'parameters');
    for (const p of params ? kids(params) : []) {
      let id: PyNode | null = null;
      let dflt: PyNode | null = null;
      let type: PyNode | null = null;
      if (p.type === 'identifier') id = p;
      else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') {
        id = field(p, 'name');
        dflt = field(p, 'value');
        type = field(p, 'type');
      } else if (p.type === 'typed_parameter') {
        id = kids(p).find((c) => c.type === 'identifier') ?? null;
        type = field(p, 'type');
      } else if (p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern') {
        id = kids(p)[0] ?? null;
      }
      if (id?.type === 'identifier') scope.params.set(id.text, { node: p, dflt, type });
    }
    const body = field(def, 'body');
    if (body) this.collectScope(scope, body);
    return scope;
  }

  private collectClasses(): void {
    for (const info of this.classes.values()) {
      const body = field(info.node, 'body');
      if (!body) continue;
      for (const st of kids(body)) {
        const a = st.type === 'expression_statement' ? kids(st)[0] : null;
        if (a?.type === 'assignment') {
          const left = field(a, 'left');
          const right = field(a, 'right');
          if (left?.type === 'identifier' && right) info.attrs.set(left.text, { node: right, scope: this.moduleScope, line: left.startPosition.row + 1, target: left });
        }
      }
    }
    // self.x = … in methods (in source order; class-level values stay unless none).
    for (const def of this.funcNodes) {
      const cls = this.classOfDef(def);
      const info = cls ? this.classes.get(cls) : undefined;
      if (!info) continue;
      const body = field(def, 'body');
      if (!body) continue;
      const stack: PyNode[] = [body];
      while (stack.length) {
        const n = stack.pop()!;
        if (n.type === 'function_definition' || n.type === 'class_definition') continue;
        if (n.type === 'assignment') {
          const left = field(n, 'left');
          const right = field(n, 'right');
          if (left?.type === 'attribute' && right && field(left, 'object')?.text === 'self') {
            const attr = field(left, 'attribute')?.text;
            if (attr && !info.attrs.has(attr)) info.attrs.set(attr, { node: right, scope: this.fnScope(def), line: left.startPosition.row + 1, target: left });
          }
        }
        for (const c of kids(n)) stack.push(c);
      }
    }
  }

  private collectExports(): void {
    for (const [name, list] of this.moduleScope.defs) {
      const d = list[list.length - 1];
      if (d.kind !== 'assign' || !d.value || d.value.type === 'function_definition' || d.value.type === 'class_definition') continue;
      // Generated data tables are not model ids or prompts: leave big values unread (the registry excepted).
      if (d.value.endIndex - d.value.startIndex > MAX_TEXT && name !== 'MODEL_REGISTRY') continue;
      const v = this.lookupName(name, this.moduleScope, Number.MAX_SAFE_INTEGER);
      if (v && v.k !== 'dyn') this.out.exports[name] = v;
    }
    for (const [name, b] of this.imports) {
      if (this.out.exports[name]) continue;
      // Re-exports (`from .config import MODEL` in __init__.py) so that importers can follow them.
      this.out.exports[name] = { k: 'ref', module: b.module, name: b.name ?? '', src: { file: this.file, text: name, start: 0, end: 0, line: 1, column: 1 } };
    }
    for (const info of this.classes.values()) {
      const attrs: Record<string, PV> = {};
      for (const [attr, a] of info.attrs) {
        const v = this.withVia(this.paramDefault(this.ev(a.node, a.scope)), { kind: 'config', name: `${info.name}.${attr}`, line: a.line, target: a.target });
        if (v.k !== 'dyn') attrs[attr] = v;
      }
      this.out.classes[info.name] = attrs;
    }
  }

  private collectRegistry(): void {
    const reg = this.out.exports.MODEL_REGISTRY;
    if (!reg || reg.k !== 'dict') return;
    const entries: Record<string, PV> = {};
    for (const [k, v] of Object.entries(reg.entries)) entries[k] = v;
    this.out.registry = {
      entries,
      defaultModel: this.out.exports.DEFAULT_MODEL ?? null,
      line: reg.via?.line ?? reg.src.line,
      hasModelFor: this.moduleScope.defs.has('model_for'),
    };
  }

  private collectFuncs(): void {
    const keys = new Set<string>();
    for (const c of this.out.calls) if (c.fnKey) keys.add(c.fnKey);
    for (const c of this.out.candidates) if (c.fnKey) keys.add(c.fnKey);
    for (const def of this.funcNodes) {
      const scope = this.fnScope(def);
      if (!scope.fnKey || !keys.has(scope.fnKey) || this.out.funcs[scope.fnKey]) continue;
      const params: PyParam[] = [];
      let first = true;
      for (const [name, p] of scope.params) {
        const isSelf = first && scope.className && this.classOfDef(def) && (name === 'self' || name === 'cls');
        first = false;
        if (isSelf) continue;
        const star = p.node.type === 'list_splat_pattern' || p.node.type === 'dictionary_splat_pattern';
        params.push({ name, ...(p.dflt ? { dflt: this.ev(p.dflt, this.moduleScope) } : {}), ...(star ? { star } : {}) });
      }
      this.out.funcs[scope.fnKey] = {
        key: scope.fnKey,
        name: field(def, 'name')?.text ?? '',
        className: this.classOfDef(def),
        params,
        line: def.startPosition.row + 1,
        nested: scope.parent?.kind === 'function',
      };
    }
  }

  // ----- evaluation
  private withVia(v: PV, d: { kind: 'constant' | 'config'; name: string; line: number; target: PyNode }): PV {
    if (v.via || v.k === 'ref' || v.k === 'param' || v.k === 'dyn' || v.k === 'client') return v;
    return { ...v, via: { kind: d.kind, name: d.name, file: this.file, line: d.line, span: { start: d.target.startIndex, end: d.target.endIndex } } };
  }

  private lookupName(name: string, scope: Scope, at: number): PV | undefined {
    const key = `${scope.node.id}:${name}`;
    if (this.evaluating.has(key)) return undefined;
    this.evaluating.add(key);
    try {
      return this.lookupNameInner(name, scope, at);
    } finally {
      this.evaluating.delete(key);
    }
  }

  private lookupNameInner(name: string, scope: Scope, at: number): PV | undefined {
    let s: Scope | null = scope;
    while (s) {
      const defs = s.defs.get(name);
      if (defs?.length) {
        let d = defs[0];
        for (const x of defs) if (x.at < at) d = x;
        if (s.kind === 'function' && at < d.at && defs.every((x) => x.at >= at)) {
          // used before any assignment in this function (a loop): the last one applies
          d = defs[defs.length - 1];
        }
        if (!d.value) return undefined;
        if (d.value.type === 'function_definition' || d.value.type === 'class_definition') return undefined;
        let v = this.ev(d.value, s);
        if (d.kind === 'for') return v.k === 'list' && v.items[0] ? v.items[0] : { k: 'dyn', src: v.src };
        // `messages = ensure_alternating_roles(messages)`, `lc = convert_openai_messages(prompt)`: still the
        // parameter, as far as a wrapper goes.
        if (v.k === 'dyn' && s.kind === 'function') {
          let pname: string | null = s.params.has(name) && new RegExp(`\\b${name}\\b`).test(d.value.text) ? name : null;
          if (!pname && d.value.type === 'call') {
            const a = field(d.value, 'arguments');
            const first = a ? kids(a) : [];
            if (first.length === 1 && first[0].type === 'identifier' && s.params.has(first[0].text)) pname = first[0].text;
          }
          // `expr` keeps the call (`prompt = build_prompt(question)`): the link step reads an imported builder through it.
          if (pname) return { k: 'param', fn: s.fnKey ?? '', name: pname, src: this.src(s.params.get(pname)!.node), ...(d.value.type === 'call' ? { expr: this.src(d.value) } : {}) };
        }
        if (d.kind === 'with' && v.k !== 'client') return { k: 'dyn', src: v.src };
        const appends = s.appends.get(name);
        if (v.k === 'list' && appends?.length) {
          const extra = appends.filter((a) => a.startIndex < at).map((a) => this.ev(a, s!));
          v = { ...v, items: [...v.items, ...extra] };
        }
        const sets = s.sets.get(name);
        if (v.k === 'dict' && sets?.length) {
          const entries = { ...v.entries };
          for (const x of sets) if (x.at > d.at && x.at < at) entries[x.key] = this.ev(x.value, s);
          v = { ...v, entries };
        }
        if (s.kind === 'module') return this.withVia(v, { kind: 'constant', name, line: d.line, target: d.target });
        return v;
      }
      const p = s.params.get(name);
      if (p) {
        const dflt = p.dflt ? this.ev(p.dflt, s.parent ?? this.moduleScope) : undefined;
        const typeText = p.type?.text ?? '';
        const c = this.clientFromType(typeText, p.node);
        if (c) return c;
        return { k: 'param', fn: s.fnKey ?? '', name, ...(dflt ? { dflt } : {}), src: this.src(p.node) };
      }
      if (s.kind === 'module') {
        const imp = this.imports.get(name);
        if (imp) {
          this.usedSpecs.add(imp.module);
          return { k: 'ref', module: imp.module, name: imp.name ?? '', src: { file: this.file, text: name, start: 0, end: 0, line: 1, column: 1 } };
        }
      }
      s = s.parent;
    }
    return undefined;
  }

  private clientFromType(typeText: string, node: PyNode): PV | null {
    if (!typeText) return null;
    const m = /\b(Async)?(AnthropicBedrock|AnthropicVertex|Anthropic|AzureOpenAI|OpenAI)\b/.exec(typeText);
    if (m) return { k: 'client', client: { sdk: /Anthropic/.test(m[2]) ? 'anthropic' : 'openai', ctor: m[0] }, src: this.src(node) };
    if (/\b(ChatAnthropic|ChatOpenAI|AzureChatOpenAI|BaseChatModel|BaseLanguageModel|ChatLiteLLM)\b/.test(typeText)) {
      return { k: 'client', client: { sdk: 'langchain', ctor: typeText }, src: this.src(node) };
    }
    return null;
  }

  ev(node: PyNode, scope: Scope): PV {
    if (this.evalDepth > 40) return this.dyn(node);
    this.evalDepth++;
    try {
      return this.evInner(node, scope);
    } finally {
      this.evalDepth--;
    }
  }

  private evInner(n0: PyNode, scope: Scope): PV {
    const n = unwrap(n0);
    const src = this.src(n);
    switch (n.type) {
      case 'string':
        return this.evString(n, scope);
      case 'concatenated_string':
        return this.cat(kids(n).map((c) => this.ev(c, scope)), src);
      case 'integer':
      case 'float': {
        const v = Number(n.text.replace(/_/g, '').replace(/[lLjJ]$/, ''));
        return Number.isFinite(v) ? { k: 'num', value: v, src } : { k: 'dyn', src };
      }
      case 'unary_operator': {
        const arg = field(n, 'argument');
        const v = arg ? this.ev(arg, scope) : undefined;
        if (v?.k === 'num' && n.text.trim().startsWith('-')) return { k: 'num', value: -v.value, src };
        return v ?? { k: 'dyn', src };
      }
      case 'true':
        return { k: 'bool', value: true, src };
      case 'false':
        return { k: 'bool', value: false, src };
      case 'none':
        return { k: 'none', src };
      case 'identifier': {
        if (n.text === 'self' || n.text === 'cls') {
          const cls = scope.className;
          if (cls && this.classes.has(cls)) return { k: 'inst', cls, src };
        }
        const found = this.lookupName(n.text, scope, n.startIndex);
        if (found) return found;
        // An SDK module used without an import here (injected by a framework, imported in a try/exec block).
        if (n.text === 'litellm' || n.text === 'openai' || n.text === 'anthropic') return { k: 'ref', module: n.text, name: '', src };
        return { k: 'dyn', src };
      }
      case 'dictionary':
        if (n.namedChildCount > MAX_ITEMS) return { k: 'dyn', src };
        return this.evDict(n, scope);
      case 'list':
      case 'set': {
        if (n.namedChildCount > MAX_ITEMS) return { k: 'list', items: [], spreads: [{ k: 'dyn', src }], src };
        const items: PV[] = [];
        const spreads: PV[] = [];
        for (const c of kids(n)) {
          if (c.type === 'list_splat') spreads.push(kids(c)[0] ? this.ev(kids(c)[0], scope) : this.dyn(c));
          else if (c.type !== 'comment') items.push(this.ev(c, scope));
        }
        return { k: 'list', items, spreads, src };
      }
      case 'list_comprehension':
      case 'generator_expression': {
        const body = field(n, 'body');
        return { k: 'list', items: body ? [this.ev(body, scope)] : [], spreads: [this.dyn(n)], src };
      }
      case 'tuple':
      case 'expression_list':
        return { k: 'tuple', items: kids(n).filter((c) => c.type !== 'comment').map((c) => this.ev(c, scope)), src };
      case 'binary_operator':
        return this.evBinary(n, scope);
      case 'boolean_operator': {
        const l = field(n, 'left');
        const r = field(n, 'right');
        const op = allKids(n).find((c) => !c.isNamed)?.text;
        if (op === 'or' && l && r) return { k: 'alt', options: [this.ev(l, scope), this.ev(r, scope)], src };
        return r ? this.ev(r, scope) : { k: 'dyn', src };
      }
      case 'conditional_expression': {
        const [a, , b] = kids(n);
        if (a && b) return { k: 'alt', options: [this.ev(a, scope), this.ev(b, scope)], src };
        return { k: 'dyn', src };
      }
      case 'attribute':
        return this.evAttribute(n, scope);
      case 'subscript':
        return this.evSubscript(n, scope);
      case 'call':
        return this.evCall(n, scope);
      default:
        return { k: 'dyn', src };
    }
  }

  private cat(parts: PV[], src: PSrc): PV {
    const flat: PV[] = [];
    for (const p of parts) {
      if (p.k === 'cat') flat.push(...p.parts);
      else flat.push(p);
    }
    if (flat.every((p) => p.k === 'str' || p.k === 'dyn' || p.k === 'num')) {
      let text = '';
      let slots = 0;
      for (const p of flat) {
        if (p.k === 'str') {
          text += p.text;
          slots += p.slots;
        } else if (p.k === 'num') text += String(p.value);
        else slots++;
      }
      return { k: 'str', text, slots, src };
    }
    return { k: 'cat', parts: flat, src };
  }

  private evString(n: PyNode, scope: Scope): PV {
    const start = kids(n).find((c) => c.type === 'string_start');
    const prefix = (start?.text ?? '').replace(/['"]/g, '').toLowerCase();
    const raw = prefix.includes('r');
    const fstr = prefix.includes('f');
    const parts: PV[] = [];
    let text = '';
    const flush = () => {
      if (text) parts.push({ k: 'str', text, slots: 0, src: this.src(n) });
      text = '';
    };
    for (const c of kids(n)) {
      if (c.type === 'string_content') {
        text += this.decodeContent(c, raw, fstr);
      } else if (c.type === 'interpolation') {
        const expr = field(c, 'expression');
        const v = expr ? this.ev(expr, scope) : this.dyn(c);
        if (v.k === 'str' && v.slots === 0 && !field(c, 'format_specifier')) text += v.text;
        else {
          flush();
          parts.push(v.k === 'str' || v.k === 'param' || v.k === 'ref' || v.k === 'cat' || v.k === 'attr' ? v : this.dyn(c));
        }
      }
    }
    flush();
    if (parts.length === 0) return { k: 'str', text: '', slots: 0, src: this.src(n) };
    if (parts.length === 1 && parts[0].k === 'str') return { ...parts[0], src: this.src(n) };
    return this.cat(parts, this.src(n));
  }

  private decodeContent(c: PyNode, raw: boolean, fstr: boolean): string {
    let t = c.text;
    if (fstr) t = t.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
    if (raw) return t;
    return t.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.|\n)/g, (m, e: string) => {
      if (e.length > 1 && (e[0] === 'u' || e[0] === 'x')) return String.fromCharCode(parseInt(e.slice(1), 16));
      return ESCAPES[e] ?? m;
    });
  }

  private evDict(n: PyNode, scope: Scope): PV {
    const entries: Record<string, PV> = {};
    const spreads: PV[] = [];
    for (const c of kids(n)) {
      if (c.type === 'pair') {
        const k = field(c, 'key');
        const v = field(c, 'value');
        if (!k || !v) continue;
        const kv = this.ev(k, scope);
        if (kv.k === 'str' && kv.slots === 0) entries[kv.text] = this.ev(v, scope);
      } else if (c.type === 'dictionary_splat') {
        const inner = kids(c)[0];
        if (inner) spreads.push(this.ev(inner, scope));
      }
    }
    // Merge known spreads so `{**BASE, "model": …}` reads like the literal.
    const merged: Record<string, PV> = {};
    const rest: PV[] = [];
    for (const s of spreads) {
      if (s.k === 'dict') Object.assign(merged, s.entries);
      else rest.push(s);
    }
    return { k: 'dict', entries: { ...merged, ...entries }, spreads: rest, src: this.src(n) };
  }

  private evBinary(n: PyNode, scope: Scope): PV {
    const l = field(n, 'left');
    const r = field(n, 'right');
    const op = field(n, 'operator')?.text ?? allKids(n).find((c) => !c.isNamed)?.text;
    const src = this.src(n);
    if (!l || !r) return { k: 'dyn', src };
    const lv = this.ev(l, scope);
    if (op === '+') {
      const rv = this.ev(r, scope);
      if (lv.k === 'list' || rv.k === 'list') {
        const items: PV[] = [];
        const spreads: PV[] = [];
        for (const v of [lv, rv]) {
          if (v.k === 'list') {
            items.push(...v.items);
            spreads.push(...v.spreads);
          } else spreads.push(v);
        }
        return { k: 'list', items, spreads, src };
      }
      if (lv.k === 'num' && rv.k === 'num') return { k: 'num', value: lv.value + rv.value, src };
      return this.cat([lv, rv], src);
    }
    if (op === '*' && lv.k === 'num') {
      const rv = this.ev(r, scope);
      if (rv.k === 'num') return { k: 'num', value: lv.value * rv.value, src };
    }
    if (op === '%' && lv.k === 'str') {
      let slots = 0;
      const text = lv.text.replace(/%(\([^)]*\))?[-#0 +]*\d*(\.\d+)?[sdifr]/g, () => {
        slots++;
        return '';
      });
      return { k: 'str', text, slots: lv.slots + slots, src };
    }
    if (op === '|') {
      const rv = this.ev(r, scope);
      return this.pipe(lv, rv, src);
    }
    return { k: 'dyn', src };
  }

  /** LangChain LCEL: `prompt | llm | parser`. */
  private pipe(lv: PV, rv: PV, src: PSrc): PV {
    const isTemplate = (v: PV) => v.k === 'msg' && v.role === 'template';
    if (lv.k === 'client' && lv.client.sdk === 'langchain') {
      if (rv.k === 'client') return lv;
      const parser = rv.k === 'inst' && typeof rv.cls === 'string' ? rv.cls : rv.src.text;
      const structured = /Json|Pydantic|Structured/i.test(parser) ? parser.replace(/\(.*$/s, '') : undefined;
      return { ...lv, client: { ...lv.client, structured: lv.client.structured ?? structured } };
    }
    if (rv.k === 'client' && rv.client.sdk === 'langchain') {
      return { k: 'client', client: { ...rv.client, template: isTemplate(lv) ? lv : rv.client.template }, src };
    }
    return { k: 'dyn', src };
  }

  private evAttribute(n: PyNode, scope: Scope): PV {
    const obj = field(n, 'object');
    const name = field(n, 'attribute')?.text ?? '';
    const src = this.src(n);
    if (!obj) return { k: 'dyn', src };
    const ov = this.ev(obj, scope);
    return this.member(ov, name, src);
  }

  private member(ov: PV, name: string, src: PSrc): PV {
    if (name === 'value' && ov.k === 'str') return ov; // Enum member .value
    switch (ov.k) {
      case 'ref':
        if (ov.name === '') return { k: 'ref', module: joinModule(ov.module, name), name: '', src };
        return { k: 'attr', obj: ov, name, src };
      case 'inst': {
        if (typeof ov.cls === 'string') {
          const v = this.classMember(ov.cls, name);
          if (v) return v;
          return { k: 'dyn', src };
        }
        return { k: 'attr', obj: ov, name, src };
      }
      case 'dict':
        return ov.entries[name] ?? { k: 'dyn', src };
      case 'attr':
        return { k: 'attr', obj: ov, name, src };
      case 'client':
        return { k: 'dyn', src };
      default:
        return { k: 'dyn', src };
    }
  }

  /** `self.model = model` in `__init__(self, model="…")`: the attribute's value is the constructor default. */
  private paramDefault(v: PV): PV {
    if (v.k === 'param' && v.dflt) return v.dflt;
    if (v.k === 'alt') return { ...v, options: v.options.map((o) => this.paramDefault(o)) };
    return v;
  }

  private classMember(cls: string, name: string): PV | undefined {
    const info = this.classes.get(cls);
    const a = info?.attrs.get(name);
    if (!info || !a) return undefined;
    const key = `cls:${cls}.${name}`;
    if (this.evaluating.has(key)) return undefined;
    this.evaluating.add(key);
    try {
      return this.withVia(this.paramDefault(this.ev(a.node, a.scope)), { kind: 'config', name: `${cls}.${name}`, line: a.line, target: a.target });
    } finally {
      this.evaluating.delete(key);
    }
  }

  private isRegistryName(v: PV, node: PyNode): { local: boolean; module: string | null } | null {
    const text = node.text;
    if (!/(^|\.)MODEL_REGISTRY$/.test(text)) return null;
    if (v.k === 'ref') return { local: false, module: v.name === '' ? null : v.module };
    if (v.k === 'attr' && v.obj.k === 'ref') return { local: false, module: v.obj.name === '' ? v.obj.module : `${v.obj.module}.${v.obj.name}` };
    if (v.k === 'dict') return { local: true, module: null };
    return { local: false, module: null };
  }

  private evSubscript(n: PyNode, scope: Scope): PV {
    const value = field(n, 'value');
    const sub = field(n, 'subscript');
    const src = this.src(n);
    if (!value || !sub) return { k: 'dyn', src };
    const vv = this.ev(value, scope);
    const key = this.ev(sub, scope);
    const reg = this.isRegistryName(vv, value);
    if (reg) return { k: 'reg', task: key, registry: reg, src };
    if (this.isEnviron(value)) return { k: 'env', name: key.k === 'str' ? key.text : sub.text, src };
    if (key.k === 'str' && key.slots === 0) return this.member(vv, key.text, src);
    if (key.k === 'num' && (vv.k === 'list' || vv.k === 'tuple')) return vv.items[key.value] ?? { k: 'dyn', src };
    return { k: 'dyn', src };
  }

  private isEnviron(n: PyNode): boolean {
    const t = n.text;
    if (t === 'os.environ') return true;
    if (t === 'environ') return this.imports.get('environ')?.module === 'os';
    return false;
  }

  private args(n: PyNode, scope: Scope): { args: PV[]; kwargs: Record<string, PV>; kwNodes: Record<string, PyNode>; argNodes: PyNode[] } {
    const argList = field(n, 'arguments');
    const args: PV[] = [];
    const argNodes: PyNode[] = [];
    const kwargs: Record<string, PV> = {};
    const kwNodes: Record<string, PyNode> = {};
    if (!argList) return { args, kwargs, kwNodes, argNodes };
    if (argList.type === 'generator_expression') {
      args.push(this.ev(argList, scope));
      argNodes.push(argList);
      return { args, kwargs, kwNodes, argNodes };
    }
    for (const c of kids(argList)) {
      if (c.type === 'keyword_argument') {
        const k = field(c, 'name')?.text;
        const v = field(c, 'value');
        if (k && v) {
          kwargs[k] = { ...this.ev(v, scope), expr: this.src(v) };
          kwNodes[k] = v;
        }
      } else if (c.type === 'dictionary_splat') {
        const inner = kids(c)[0];
        const d = inner ? this.ev(inner, scope) : undefined;
        if (d?.k === 'dict') for (const [k, v] of Object.entries(d.entries)) if (!(k in kwargs)) kwargs[k] = v;
      } else if (c.type === 'list_splat') {
        args.push(this.dyn(c));
        argNodes.push(c);
      } else if (c.type !== 'comment') {
        args.push({ ...this.ev(c, scope), expr: this.src(c) });
        argNodes.push(c);
      }
    }
    return { args, kwargs, kwNodes, argNodes };
  }

  /**
   * A call of a prompt builder defined in this file (`build_answer_prompt(question, sources)`): the string it returns
   * with the most static text, its parameters replaced by this call's arguments.
   */
  private builtPrompt(fn: PyNode, n: PyNode, scope: Scope): PV | null {
    // `build_prompt(…)` in this file (nested defs included), or a method of this class: `self._system_prompt()`.
    let def: PyNode | null = null;
    if (fn.type === 'identifier') {
      for (let s: Scope | null = scope; s && !def; s = s.parent) {
        const defs = s.defs.get(fn.text);
        if (defs?.length) {
          def = defs.find((d) => d.value?.type === 'function_definition')?.value ?? null;
          break;
        }
      }
    }
    def ??= this.localDef(fn, scope);
    if (!def) return null;
    const fnName = field(def, 'name')?.text ?? fn.text;
    const best = this.returnedText(def);
    if (!best) return null;
    const fscope = this.fnScope(def);
    // Parameters → this call's arguments (positional, then by keyword).
    const { args, kwargs } = this.args(n, scope);
    const bind = new Map<string, PV>();
    const names = [...fscope.params.keys()].filter((nm, i) => !(i === 0 && (nm === 'self' || nm === 'cls')));
    names.forEach((nm, i) => {
      const a = args[i] ?? kwargs[nm];
      if (a) bind.set(nm, a);
    });
    let v = substitute(best.v, bind);
    if (v.k === 'cat') v = this.cat(v.parts, v.src);
    return { ...v, via: { kind: 'returned', name: fnName, file: this.file, line: best.at.startPosition.row + 1, span: { start: best.at.startIndex, end: best.at.endIndex } } };
  }

  /** The returned string (or f-string) with the most static text, when a function builds a prompt. */
  private returnedText(def: PyNode): { v: PV; at: PyNode } | null {
    const key = `builder:${def.id}`;
    const body = field(def, 'body');
    if (!body || this.evaluating.has(key)) return null;
    const returns: PyNode[] = [];
    const visit = (x: PyNode) => {
      if (x.type === 'function_definition' || x.type === 'class_definition' || x.type === 'lambda') return;
      if (x.type === 'return_statement') {
        const e = kids(x)[0];
        if (e && (e.type === 'string' || e.type === 'concatenated_string' || e.type === 'binary_operator' || e.type === 'identifier' || e.type === 'call')) returns.push(e);
        return;
      }
      for (const c of kids(x)) visit(c);
    };
    visit(body);
    if (!returns.length) return null;
    const fscope = this.fnScope(def);
    this.evaluating.add(key);
    let best: { v: PV; at: PyNode; len: number } | null = null;
    try {
      for (const r of returns) {
        const v = this.ev(r, fscope);
        if (v.k !== 'str' && v.k !== 'cat') continue;
        const len = v.k === 'str' ? v.text.trim().length : v.parts.reduce((a, p) => a + (p.k === 'str' ? p.text.trim().length : 0), 0);
        if (len >= 12 && (!best || len > best.len)) best = { v, at: r, len };
      }
    } finally {
      this.evaluating.delete(key);
    }
    return best;
  }

  /** Module-level prompt builders, exported as `name()` so a call from another file can read what they return. */
  private collectBuilders(): void {
    for (const def of this.funcNodes) {
      const name = field(def, 'name')?.text;
      if (!name || !this.isModuleLevel(def) || this.out.exports[`${name}()`]) continue;
      const best = this.returnedText(def);
      if (!best) continue;
      this.out.exports[`${name}()`] = { ...best.v, via: { kind: 'returned', name, file: this.file, line: best.at.startPosition.row + 1, span: { start: best.at.startIndex, end: best.at.endIndex } } };
    }
  }

  private evCall(n: PyNode, scope: Scope): PV {
    const fn = field(n, 'function');
    const src = this.src(n);
    if (!fn) return { k: 'dyn', src };
    const fnText = fn.text;
    const method = fn.type === 'attribute' ? (field(fn, 'attribute')?.text ?? '') : fnText;
    const objNode = fn.type === 'attribute' ? field(fn, 'object') : null;

    // os.environ.get / os.getenv / settings.get("k", "default")
    if (method === 'getenv' || (method === 'get' && objNode && this.isEnviron(objNode))) {
      const { args } = this.args(n, scope);
      const name = args[0]?.k === 'str' ? args[0].text : (args[0]?.src.text ?? '');
      return { k: 'env', name, ...(args[1] ? { dflt: args[1] } : {}), src };
    }
    const fv = this.ev(fn, scope);
    // Registry: model_for("x"), MODEL_REGISTRY.get("x", DEFAULT_MODEL)
    if (method === 'model_for') {
      const { args, kwargs } = this.args(n, scope);
      const task = args[0] ?? kwargs.task ?? kwargs.task_type ?? { k: 'dyn', src };
      const local = fn.type === 'identifier' && this.moduleScope.defs.has('model_for');
      let module: string | null = null;
      if (fv.k === 'ref') module = fv.name === '' ? fv.module : fv.module;
      else if (fv.k === 'attr' && fv.obj.k === 'ref') module = fv.obj.name === '' ? fv.obj.module : `${fv.obj.module}.${fv.obj.name}`;
      return { k: 'reg', task, registry: { local, module }, src };
    }
    if (method === 'get' && objNode) {
      const ov = this.ev(objNode, scope);
      const reg = this.isRegistryName(ov, objNode);
      const { args } = this.args(n, scope);
      if (reg) return { k: 'reg', task: args[0] ?? { k: 'dyn', src }, ...(args[1] ? { dflt: args[1] } : {}), registry: reg, src };
      if (args[0]?.k === 'str') {
        const hit = ov.k === 'dict' ? ov.entries[args[0].text] : undefined;
        if (hit) return hit.k === 'none' && args[1] ? args[1] : hit;
        if (ov.k === 'ref' || ov.k === 'attr' || ov.k === 'inst') return { k: 'attr', obj: ov, name: args[0].text, src };
        return { k: 'env', name: `${objNode.text}["${args[0].text}"]`, ...(args[1] ? { dflt: args[1] } : {}), src };
      }
    }
    // str.format / "\n".join(...)
    if (method === 'format' && objNode) {
      const ov = this.ev(objNode, scope);
      if (ov.k === 'str') {
        const { kwargs } = this.args(n, scope);
        return this.fillTemplate(ov, kwargs, src);
      }
      if (ov.k === 'cat') return { k: 'cat', parts: [...ov.parts, { k: 'dyn', src }], src };
    }
    // TEMPLATE.replace("{text}", text): the template's text, the filled-in value a hole.
    if (method === 'replace' && objNode) {
      const ov = this.ev(objNode, scope);
      if (ov.k === 'str') {
        const { args } = this.args(n, scope);
        const old = args[0];
        const filled = args[1];
        if (old?.k === 'str' && filled?.k === 'str' && filled.slots === 0) return { ...ov, text: ov.text.split(old.text).join(filled.text), src };
        if (old?.k === 'str') return { ...ov, text: ov.text.split(old.text).join(''), slots: ov.slots + 1, src };
        return { ...ov, slots: ov.slots + 1, src };
      }
    }
    if (method === 'join' && objNode && (objNode.type === 'string' || objNode.type === 'identifier')) return { k: 'str', text: '', slots: 1, src };
    if (/^(strip|lstrip|rstrip|dedent|cleandoc)$/.test(method)) {
      const inner = method === 'dedent' || method === 'cleandoc' ? field(n, 'arguments') && kids(field(n, 'arguments')!)[0] : objNode;
      if (inner) {
        const v = this.ev(inner, scope);
        if (v.k === 'str') return { ...v, text: method === 'dedent' || method === 'cleandoc' ? dedent(v.text) : v.text.trim() };
        return v;
      }
    }
    const built = this.builtPrompt(fn, n, scope);
    if (built) return built;
    // Clients and LangChain pieces
    const ctor = this.clientCtor(fv, fn, n, scope);
    if (ctor) return ctor;
    if (objNode && (method === 'with_structured_output' || method === 'bind_tools' || method === 'bind' || method === 'with_retry' || method === 'with_config' || method === 'with_fallbacks' || method === 'configurable_fields')) {
      const ov = this.ev(objNode, scope);
      if (ov.k === 'client') {
        const { args, kwargs } = this.args(n, scope);
        if (method === 'with_structured_output') return { ...ov, client: { ...ov.client, structured: 'with_structured_output' }, src };
        if (method === 'bind_tools') return { ...ov, client: { ...ov.client, tools: args[0] ?? kwargs.tools }, src };
        return ov;
      }
    }
    if (method === 'from_messages' || method === 'from_template' || method === 'PromptTemplate' || method === 'ChatPromptTemplate') {
      const { args, kwargs } = this.args(n, scope);
      const content = args[0] ?? kwargs.template ?? kwargs.messages;
      const fill = (v: PV): PV => (v.k === 'str' ? this.fillTemplate(v, {}, v.src) : v);
      const filled = (v: PV): PV => {
        if (v.k === 'str') return fill(v);
        if (v.k === 'tuple') return { ...v, items: v.items.map(fill) };
        if (v.k === 'msg') return { ...v, content: fill(v.content) };
        if (v.k === 'list') return { ...v, items: v.items.map(filled) };
        return v;
      };
      if (content) return { k: 'msg', role: 'template', content: filled(content), src };
    }
    if (/^(SystemMessage|HumanMessage|AIMessage|ToolMessage|SystemMessagePromptTemplate|HumanMessagePromptTemplate)$/.test(method)) {
      const { args, kwargs } = this.args(n, scope);
      const role = /System/.test(method) ? 'system' : /Human/.test(method) ? 'user' : /Tool/.test(method) ? 'tool' : 'assistant';
      const c = args[0] ?? kwargs.content ?? kwargs.prompt ?? { k: 'dyn', src };
      return { k: 'msg', role, content: c, src };
    }
    if (method === 'from_template' && objNode && /MessagePromptTemplate/.test(objNode.text)) {
      const { args } = this.args(n, scope);
      return { k: 'msg', role: /System/.test(objNode.text) ? 'system' : 'user', content: args[0] ?? { k: 'dyn', src }, src };
    }
    if (method === 'dict' && fn.type === 'identifier') {
      const { kwargs } = this.args(n, scope);
      return { k: 'dict', entries: kwargs, spreads: [], src };
    }
    if (method === 'LLMChain' || method === 'ConversationChain') {
      const { kwargs } = this.args(n, scope);
      const llm = kwargs.llm;
      if (llm?.k === 'client') return { k: 'client', client: { ...llm.client, template: kwargs.prompt ?? llm.client.template }, src };
    }
    // SDK param types (`MessageCreateParamsNonStreaming(model=…)`, `Request(custom_id=…, params=…)`) read like dicts.
    if (fv.k === 'ref' && /^(anthropic|openai)$/.test(fv.module.split('.')[0])) {
      const { kwargs } = this.args(n, scope);
      return { k: 'dict', entries: kwargs, spreads: [], src };
    }
    // `self._params()` / `build_params()`: a local function's returned value (a params dict, a prompt).
    const local = this.localDef(fn, scope);
    if (local) {
      const key = `ret:${local.id}`;
      const ret = this.returnExpr(local);
      if (ret && !this.evaluating.has(key)) {
        this.evaluating.add(key);
        try {
          const v = this.ev(ret, this.fnScope(local));
          if (v.k === 'dict' || v.k === 'str' || v.k === 'list') return v;
        } finally {
          this.evaluating.delete(key);
        }
      }
    }
    // Instances of local classes / imported classes (settings objects)
    if (fn.type === 'identifier' && this.classes.has(fnText)) return { k: 'inst', cls: fnText, src };
    if ((fv.k === 'ref' && fv.name && /^[A-Z]/.test(fv.name)) || (fv.k === 'attr' && /^[A-Z]/.test(fv.name))) return { k: 'inst', cls: fv, src };
    return { k: 'dyn', src };
  }

  private localDef(fn: PyNode, scope: Scope): PyNode | null {
    let name: string | null = null;
    let cls: string | null = null;
    if (fn.type === 'identifier') name = fn.text;
    else if (fn.type === 'attribute' && /^(self|cls)$/.test(field(fn, 'object')?.text ?? '') && scope.className) {
      name = field(fn, 'attribute')?.text ?? null;
      cls = scope.className;
    }
    if (!name) return null;
    for (const def of this.funcNodes) {
      if (field(def, 'name')?.text !== name) continue;
      if ((cls ? this.classOfDef(def) === cls : this.classOfDef(def) === null && this.isModuleLevel(def))) return def;
    }
    return null;
  }

  private returnExpr(def: PyNode): PyNode | null {
    const body = field(def, 'body');
    for (const st of body ? kids(body) : []) if (st.type === 'return_statement') return kids(st)[0] ?? null;
    return null;
  }

  private fillTemplate(t: PVOfStr, kwargs: Record<string, PV>, src: PSrc): PV {
    let slots = t.slots;
    const text = t.text
      .replace(/\{\{/g, '\u0000')
      .replace(/\}\}/g, '\u0001')
      .replace(/\{([^{}]*)\}/g, (_m, name: string) => {
        const v = kwargs[name.split(/[!:]/)[0]];
        if (v?.k === 'str' && v.slots === 0) return v.text;
        slots++;
        return '';
      })
      .replace(/\u0000/g, '{')
      .replace(/\u0001/g, '}');
    return { k: 'str', text, slots, src, ...(t.via ? { via: t.via } : {}) };
  }

  private clientCtor(fv: PV, fn: PyNode, n: PyNode, scope: Scope): PV | null {
    const src = this.src(n);
    let module = '';
    let name = '';
    if (fv.k === 'ref') {
      module = fv.name === '' ? fv.module.split('.').slice(0, -1).join('.') : fv.module;
      name = fv.name === '' ? (fv.module.split('.').pop() ?? '') : fv.name;
    } else if (fn.type === 'identifier') name = fn.text;
    else if (fn.type === 'attribute') name = field(fn, 'attribute')?.text ?? '';
    const root = module.split('.')[0];
    if (MOCKS.has(name) && (/mock/.test(module) || module === '' || root === 'unittest' || root === 'pytest_mock')) {
      return { k: 'client', client: { sdk: 'mock', ctor: name }, src };
    }
    const known = CLIENT_CTORS[root]?.[name];
    if (known) return { k: 'client', client: { sdk: known, ctor: `${root}.${name}` }, src };
    if (LANGCHAIN_MODELS.has(name) && (root.startsWith('langchain') || root === '' || /langchain/.test(module))) {
      if (root === '' && fv.k !== 'ref' && !this.importsLangchain()) return null;
      const { args, kwargs } = this.args(n, scope);
      const kw = { ...kwargs };
      if (!kw.model && !kw.model_name && args[0]) kw.model = args[0];
      return { k: 'client', client: { sdk: 'langchain', ctor: name, kwargs: kw }, src };
    }
    if ((root === 'instructor' && /^(from_anthropic|from_openai|patch|from_litellm|apatch)$/.test(name)) || /^instructor\.(from_\w+|patch)$/.test(fn.text)) {
      const { args, kwargs } = this.args(n, scope);
      const inner = args[0] ?? kwargs.client;
      const sdk = inner?.k === 'client' ? inner.client.sdk : /anthropic/.test(name) ? 'anthropic' : /litellm/.test(name) ? 'litellm' : 'openai';
      return { k: 'client', client: { sdk, ctor: `instructor.${name}`, instructor: true }, src };
    }
    if (root === 'litellm' && name === 'Router') return { k: 'client', client: { sdk: 'litellm', ctor: 'litellm.Router' }, src };
    return null;
  }

  private importsLangchain(): boolean {
    for (const b of this.imports.values()) if (b.module.startsWith('langchain')) return true;
    return false;
  }

  // ----- calls
  private visitCall(n: PyNode): void {
    const fn = field(n, 'function');
    if (!fn) return;
    const scope = this.scopeOf(n);
    if (fn.type === 'attribute') {
      // Flatten the attribute chain: base.names[0].names[1]…
      const names: string[] = [];
      const objs: PyNode[] = [];
      let cur: PyNode = fn;
      while (cur.type === 'attribute') {
        names.unshift(field(cur, 'attribute')?.text ?? '');
        const o = field(cur, 'object');
        if (!o) return;
        objs.unshift(o);
        cur = o;
      }
      const kept: number[] = [];
      names.forEach((nm, i) => {
        if (nm !== 'with_raw_response' && nm !== 'with_streaming_response') kept.push(i);
      });
      const path = kept.map((i) => names[i]);
      for (let k = 0; k < path.length; k++) {
        const api = path.slice(k).join('.');
        const anth = ANTHROPIC_APIS.has(api);
        const oai = OPENAI_APIS.has(api);
        if (!anth && !oai) continue;
        const receiverNode = objs[kept[k]];
        const rv = this.ev(receiverNode, scope);
        const sdk = this.sdkOfReceiver(rv, anth, oai, api, n, scope);
        // `responses.stream(response_id=…, starting_after=…)` resumes a response made elsewhere: not a new call.
        if (sdk && /^responses\./.test(api) && /\bresponse_id\s*=/.test(field(n, 'arguments')?.text ?? '') && !/\b(model|input)\s*=/.test(field(n, 'arguments')?.text ?? '')) return;
        if (sdk) this.addSdkCall(n, scope, sdk.sdk, api, sdk.client);
        return;
      }
      const method = names[names.length - 1];
      // `api = client.beta.messages if betas else client.messages; api.stream(…)`
      if (names.length === 1 && /^(create|stream|parse)$/.test(method) && objs[0].type === 'identifier') {
        const alias = this.resourceAlias(objs[0].text, scope, n.startIndex);
        if (alias) {
          const api = `${alias}.${method}`;
          const anth = ANTHROPIC_APIS.has(api);
          const sdk = this.sdkOfReceiver({ k: 'dyn', src: this.src(objs[0]) }, anth, OPENAI_APIS.has(api), api, n, scope);
          if (sdk) {
            this.addSdkCall(n, scope, sdk.sdk, api, sdk.client);
            return;
          }
        }
      }
      if (LANGCHAIN_METHODS.has(method)) {
        const rv = this.ev(objs[objs.length - 1], scope);
        if (rv.k === 'client' && rv.client.sdk === 'langchain') {
          this.addSdkCall(n, scope, 'langchain', method, rv.client);
          return;
        }
        // A chat model held by an untyped name (`self.llm = llm` from a provider factory) in a LangChain file.
        const recvName = (objs[objs.length - 1].text.split('.').pop() ?? '').toLowerCase();
        if (
          rv.k !== 'client' &&
          /^(llm|chat|chat_model|chat_llm|lc_llm|llm_model|base_llm|\w+_llm|llm_\w+)$/.test(recvName) &&
          /^(invoke|ainvoke|stream|astream)$/.test(method) &&
          this.importsLangchain()
        ) {
          this.addSdkCall(n, scope, 'langchain', method, { sdk: 'langchain', ctor: objs[objs.length - 1].text });
          return;
        }
      }
      if (LITELLM_FUNCS.has(method)) {
        const rv = this.ev(objs[objs.length - 1], scope);
        // `from aider.llm import litellm` (a lazy proxy) reads the same as the module.
        if ((rv.k === 'ref' && rv.name === '' && rv.module === 'litellm') || (rv.k === 'client' && rv.client.sdk === 'litellm') || objs[objs.length - 1].text === 'litellm') {
          this.addSdkCall(n, scope, 'litellm', method, rv.k === 'client' ? rv.client : undefined);
          return;
        }
      }
    } else if (fn.type === 'identifier' && LITELLM_FUNCS.has(fn.text)) {
      const b = this.imports.get(fn.text);
      if (b?.module === 'litellm') {
        this.addSdkCall(n, scope, 'litellm', fn.text);
        return;
      }
    }
    if (this.mayCallHttp && this.httpRequest(n, scope)) return;
    this.maybeCandidate(n, fn, scope);
  }

  /**
   * A request to an LLM HTTP API without an SDK: `requests.post(url, json=params)`, `httpx.post(…)`,
   * `session.post(url, json=…)`, `data=json.dumps(params)`. The endpoint (a literal, a constant, an f-string's
   * static text) ends in /v1/messages, /chat/completions or /v1/responses, and the parameters are a dict with a
   * model or messages: then it is the SDK call it stands for, with the endpoint as its api.
   */
  private httpRequest(n: PyNode, scope: Scope): boolean {
    const { args, kwargs, kwNodes } = this.args(n, scope);
    const url = kwargs.url ?? args[0];
    const text = url?.k === 'str' ? url.text : url?.k === 'cat' ? url.parts.map((p) => (p.k === 'str' ? p.text : '')).join('') : null;
    const endpoint = text === null ? null : httpEndpoint(text);
    // A batch's requests are not read here (they are over HTTP what `messages.batches.create` reads with the SDK).
    if (!endpoint || endpoint.api.includes('batches')) return false;
    let params = kwargs.json;
    const data = kwNodes.data;
    if (!params && data) {
      const dumped = data.type === 'call' && /(^|\.)dumps$/.test(field(data, 'function')?.text ?? '') ? field(data, 'arguments')?.namedChildren.find((c) => c !== null && c.type !== 'comment') : undefined;
      params = dumped ? this.ev(dumped, scope) : kwargs.data;
    }
    if (params?.k !== 'dict' || !('model' in params.entries || 'messages' in params.entries)) return false;
    const fn = field(n, 'function')!;
    const streaming = params.entries.stream?.k === 'bool' && params.entries.stream.value;
    this.out.calls.push({
      sdk: endpoint.sdk,
      api: `POST ${endpoint.path}`,
      ...this.enclosing(scope, n),
      callee: this.point(fn.startIndex),
      span: { start: n.startIndex, end: n.endIndex },
      kwargs: params.entries,
      streaming,
      batch: false,
      signals: this.signals(n, scope, streaming, kwNodes),
      annotation: this.annotationFor(n),
    });
    return true;
  }

  private sdkOfReceiver(rv0: PV, anth: boolean, oai: boolean, api: string, call: PyNode, scope: Scope): { sdk: string; client?: ClientInfo } | null {
    // `client or Anthropic()`, `a if x else b`: the first option that is a client decides.
    const rv = rv0.k === 'alt' ? (rv0.options.find((o) => o.k === 'client') ?? rv0) : rv0;
    if (rv.k === 'client') {
      if (rv.client.sdk === 'mock' || rv.client.sdk === 'langchain') return null;
      if (rv.client.sdk === 'litellm') return null;
      if (rv.client.sdk === 'anthropic' && !anth) return api === 'completions.create' ? { sdk: 'anthropic', client: rv.client } : null;
      if (rv.client.sdk === 'openai' && !oai) return null;
      return { sdk: rv.client.sdk, client: rv.client };
    }
    if (rv.k === 'ref' && rv.name === '') {
      const root = rv.module.split('.')[0];
      if (root === 'openai' && oai) return { sdk: 'openai' };
      if (root === 'anthropic' && anth) return { sdk: 'anthropic' };
      if (root === 'unittest' || root === 'mock') return null;
    }
    if (/^(ChatCompletion|Completion)\./.test(api)) return null;
    // Unknown receiver (imported client, untyped parameter …): the arguments must look like an LLM call,
    // or be a `**params` spread in a file that imports the SDK.
    const { kwargs } = this.args(call, scope);
    const argNames = Object.keys(kwargs);
    const spread = /\(\s*\*\*|,\s*\*\*/.test(field(call, 'arguments')?.text ?? '');
    const imported = (anth && this.importsModule('anthropic')) || (oai && this.importsModule('openai'));
    if (!LLM_KWARGS.some((k) => argNames.includes(k)) && !(spread && imported)) return null;
    if (/mock/i.test(rv.src.text)) return null;
    if (anth && !oai) return { sdk: 'anthropic' };
    if (oai && !anth) return { sdk: 'openai' };
    // completions.create: legacy on both; pick by the file's imports.
    return { sdk: this.importsModule('anthropic') && !this.importsModule('openai') ? 'anthropic' : 'openai' };
  }

  /** The SDK resource a local name is bound to: `messages`, `beta.messages`, `chat.completions`. */
  private resourceAlias(name: string, scope: Scope, at: number): string | null {
    for (let s: Scope | null = scope; s; s = s.parent) {
      const defs = s.defs.get(name);
      if (!defs?.length) continue;
      const d = [...defs].reverse().find((x) => x.at < at) ?? defs[defs.length - 1];
      const t = d.value?.text ?? '';
      const m = /\.(beta\.messages|messages|chat\.completions|beta\.chat\.completions|responses)\s*$/.exec(t.split(/\s+if\s+/)[0]);
      return m ? m[1] : null;
    }
    return null;
  }

  private importsModule(root: string): boolean {
    for (const b of this.imports.values()) if (b.module.split('.')[0] === root) return true;
    return false;
  }

  private enclosing(scope: Scope, n?: PyNode): { fnKey: string | null; enclosingFunction: string; className: string | null } {
    if (scope.kind === 'module') {
      const guess = n && this.inError(n) ? this.textualEnclosing(n) : null;
      return guess ?? { fnKey: null, enclosingFunction: '(top)', className: null };
    }
    const cls = this.classOfDef(scope.node);
    return { fnKey: scope.fnKey, enclosingFunction: scope.fnName, className: cls };
  }

  private inError(n: PyNode): boolean {
    for (let p = n.parent; p; p = p.parent) if (p.type === 'ERROR') return true;
    return false;
  }

  /** Inside a region tree-sitter could not parse: the enclosing def by indentation, as a reader would see it. */
  private textualEnclosing(n: PyNode): { fnKey: string | null; enclosingFunction: string; className: string | null } | null {
    const lines = this.text.split('\n', n.startPosition.row + 1);
    const indentOf = (l: string) => /^[ \t]*/.exec(l)![0].length;
    let indent = indentOf(lines[n.startPosition.row] ?? '');
    let fn: string | null = null;
    for (let i = n.startPosition.row - 1; i >= 0 && i >= n.startPosition.row - 400; i--) {
      const l = lines[i];
      if (!l.trim() || l.trim().startsWith('#')) continue;
      const ind = indentOf(l);
      if (ind >= indent) continue;
      const m = /^\s*(?:async\s+)?def\s+(\w+)|^\s*class\s+(\w+)/.exec(l);
      indent = ind;
      if (m?.[1] && !fn) fn = m[1];
      else if (m?.[2] && fn) return { fnKey: null, enclosingFunction: `${m[2]}.${fn}`, className: m[2] };
      if (ind === 0) break;
    }
    return fn ? { fnKey: null, enclosingFunction: fn, className: null } : null;
  }

  private addSdkCall(n: PyNode, scope: Scope, sdk: string, api: string, client?: ClientInfo): void {
    const fn = field(n, 'function')!;
    const { args, kwargs, kwNodes, argNodes } = this.args(n, scope);
    const streaming =
      /(^|\.)(stream|astream)$/.test(api) || (kwargs.stream?.k === 'bool' && kwargs.stream.value) || (client?.kwargs?.streaming?.k === 'bool' && client.kwargs.streaming.value === true);
    let batch = false;
    let kw = kwargs;
    if (/batches\.create$/.test(api)) {
      batch = true;
      kw = this.batchParams(kwargs.requests) ?? kwargs;
    }
    const rec: PyCallRec = {
      sdk,
      api,
      ...this.enclosing(scope, n),
      callee: this.point(fn.startIndex),
      span: { start: n.startIndex, end: n.endIndex },
      kwargs: kw,
      ...(args[0] ? { input: args[0] } : {}),
      ...(client ? { client } : {}),
      streaming: Boolean(streaming),
      batch,
      signals: this.signals(n, scope, Boolean(streaming), kwNodes, sdk === 'langchain' ? argNodes[0] : undefined),
      annotation: this.annotationFor(n),
    };
    this.out.calls.push(rec);
  }

  /** `requests=[{"custom_id": …, "params": {…}}]` or `[Request(custom_id=…, params=MessageCreateParamsNonStreaming(…)) for …]`. */
  private batchParams(requests: PV | undefined): Record<string, PV> | null {
    if (!requests || requests.k !== 'list') return null;
    for (const item of requests.items) {
      const params = item.k === 'dict' ? item.entries.params : undefined;
      if (params?.k === 'dict') return params.entries;
    }
    return null;
  }

  private maybeCandidate(n: PyNode, fn: PyNode, scope: Scope): void {
    let target: PyTarget | null = null;
    if (fn.type === 'identifier') {
      const name = fn.text;
      if (BUILTINS.has(name)) return;
      const local = this.moduleScope.defs.get(name);
      const isLocalDef = local?.some((d) => d.value?.type === 'function_definition');
      if (isLocalDef && !this.classes.has(name)) target = { kind: 'local', name };
      else if (!local) {
        const imp = this.imports.get(name);
        if (imp && imp.name && !EXTERNAL_ROOTS.has(imp.module.split('.')[0])) {
          this.usedSpecs.add(imp.module);
          target = { kind: 'value', value: { k: 'ref', module: imp.module, name: imp.name, src: this.src(fn) } };
        }
      }
    } else if (fn.type === 'attribute') {
      const obj = field(fn, 'object');
      const name = field(fn, 'attribute')?.text ?? '';
      if (!obj || !name) return;
      if ((obj.text === 'self' || obj.text === 'cls') && scope.className) target = { kind: 'method', cls: scope.className, name };
      else {
        const ov = this.ev(obj, scope);
        if (ov.k === 'inst') target = { kind: 'method', cls: ov.cls, name };
        else if (ov.k === 'ref' && ov.name === '' && !EXTERNAL_ROOTS.has(ov.module.split('.')[0])) {
          target = { kind: 'value', value: { k: 'ref', module: ov.module, name, src: this.src(fn) } };
        } else if (ov.k === 'ref' && ov.name !== '' && !EXTERNAL_ROOTS.has(ov.module.split('.')[0])) {
          // `from . import llm; llm.ask()`: the link step tries module `<module>.<name>`.
          target = { kind: 'value', value: { k: 'attr', obj: ov, name, src: this.src(fn) } };
        } else if (ov.k !== 'client' && ov.k !== 'ref' && WRAPPER_LIKE.test(name) && !COMMON_METHODS.has(name)) {
          // `self.main_model.send_completion(…)`: the object is unknown here; the link step accepts it when exactly
          // one class in the workspace defines a wrapper method of that name.
          target = { kind: 'method', cls: '*', name };
        }
      }
    }
    if (!target) return;
    const { args, kwargs, kwNodes } = this.args(n, scope);
    this.out.candidates.push({
      target,
      calleeText: fn.text.length > 80 ? fn.text.slice(0, 80) : fn.text,
      args,
      kwargs,
      ...this.enclosing(scope, n),
      callee: this.point(fn.startIndex),
      span: { start: n.startIndex, end: n.endIndex },
      signals: this.signals(n, scope, kwargs.stream?.k === 'bool' && kwargs.stream.value, kwNodes),
      annotation: this.annotationFor(n),
    });
  }

  // ----- annotations
  private annotationFor(n: PyNode): Annotation | null {
    const startLine = n.startPosition.row + 1;
    const endLine = n.endPosition.row + 1;
    const tryLine = (line: number): Annotation | null => {
      const c = this.comments.get(line);
      return c ? parseAnnotation(c.text, line).annotation : null;
    };
    const own = tryLine(startLine) ?? (endLine !== startLine ? tryLine(endLine) : null);
    if (own) return own;
    // The statement holding the call may start above it (`x = (\n  client…`, decorators aside).
    let stmtLine = startLine;
    let p: PyNode | null = n.parent;
    while (p && !/statement$|^decorated_definition$|^function_definition$|^block$|^module$/.test(p.type)) p = p.parent;
    if (p && /statement$/.test(p.type)) stmtLine = Math.min(stmtLine, p.startPosition.row + 1);
    for (const first of new Set([startLine, stmtLine])) {
      for (let line = first - 1; line >= 1 && line >= first - 6; line--) {
        const c = this.comments.get(line);
        if (!c || !c.own) break;
        const a = parseAnnotation(c.text, line).annotation;
        if (a) return a;
      }
    }
    return null;
  }

  // ----- signals around a call
  private signals(n: PyNode, scope: Scope, streaming: boolean, kwNodes: Record<string, PyNode>, input?: PyNode): Signal[] {
    const out: Signal[] = [];
    const line = (x: PyNode) => x.startPosition.row + 1;
    const add = (kind: Signal['kind'], detail: string, at: PyNode) => {
      if (!out.some((s) => s.kind === kind && s.detail === detail)) out.push({ kind, detail: detail.length > 120 ? `${detail.slice(0, 117)}…` : detail, file: this.file, line: line(at) });
    };
    // The variable receiving the result.
    let p: PyNode | null = n.parent;
    let resultVar: string | null = null;
    let viaParse: PyNode | null = null;
    for (let i = 0; p && i < 6; i++, p = p.parent) {
      if (p.type === 'await' || p.type === 'parenthesized_expression') continue;
      if (p.type === 'assignment') {
        const left = field(p, 'left');
        if (left?.type === 'identifier' || left?.type === 'attribute') resultVar = left.text;
        break;
      }
      if (p.type === 'as_pattern') {
        const alias = field(p, 'alias');
        if (alias) resultVar = alias.text;
        break;
      }
      if (p.type === 'argument_list') {
        const call = p.parent;
        const f = call ? field(call, 'function')?.text : undefined;
        if (f && /(^|\.)(loads|parse_json)$/.test(f)) viaParse = call;
        if (f && /model_validate(_json)?$|parse_raw$|parse_obj$|validate_json$|validate_python$/.test(f)) add('schema-parse', f, call!);
        continue;
      }
      if (p.type === 'call' || p.type === 'attribute' || p.type === 'subscript') continue;
      break;
    }
    if (viaParse) add('json-parse', field(viaParse, 'function')?.text ?? 'json.loads', viaParse);
    if (resultVar) add('result-variable', resultVar, n);

    const fnBody = scope.kind === 'function' ? field(scope.node, 'body') : null;
    const region = fnBody ?? this.root;
    // Names derived from the result, in source order.
    const derived = new Set<string>();
    const parsedNames = new Set<string>();
    if (resultVar) derived.add(resultVar.replace(/^self\./, 'self.'));
    const mentions = (t: string) => {
      for (const d of derived) if (new RegExp(`(^|[^\\w.])${d.replace(/[.]/g, '\\.')}\\b`).test(t)) return true;
      return false;
    };
    const limit = fnBody ? Number.MAX_SAFE_INTEGER : n.endIndex + 4000; // module level: only what follows closely
    const stack: PyNode[] = [region];
    const visits: PyNode[] = [];
    let budget = 20000;
    while (stack.length && budget-- > 0) {
      const x = stack.pop()!;
      if (x.startIndex > limit) continue;
      if (x !== region && (x.type === 'function_definition' || x.type === 'class_definition')) continue;
      visits.push(x);
      const ch = kids(x);
      for (let i = ch.length - 1; i >= 0; i--) stack.push(ch[i]);
    }
    visits.sort((a, b) => a.startIndex - b.startIndex);
    const after = visits.filter((x) => x.startIndex >= n.endIndex);
    if (derived.size) {
      for (const x of after) {
        if (x.type === 'assignment') {
          const r = field(x, 'right');
          const l = field(x, 'left');
          // Only names bound here carry the output on: `st.session_state.code = out` does not make `st` the output.
          const bound = l?.type === 'identifier' ? [l] : l && (l.type === 'pattern_list' || l.type === 'tuple_pattern') ? kids(l).filter((c) => c.type === 'identifier') : [];
          if (r && l && mentions(r.text)) {
            for (const id of bound) derived.add(id.text);
            // `data = json.loads(out)`: a dict; `"key" in data` then checks a key, not the text.
            const fr = r.type === 'call' ? (field(r, 'function')?.text ?? '') : '';
            if (/(^|\.)(loads|parse_json|from_json)$|model_validate(_json)?$|parse_raw$/.test(fr)) for (const id of bound) parsedNames.add(id.text);
          }
        } else if (x.type === 'for_statement') {
          const r = field(x, 'right');
          const l = field(x, 'left');
          if (r && l?.type === 'identifier' && mentions(r.text)) derived.add(l.text);
        } else if (x.type === 'call') {
          const f = field(x, 'function')?.text ?? '';
          const a = field(x, 'arguments')?.text ?? '';
          if (!mentions(a) && !mentions(f)) continue;
          if (/(^|\.)(loads|parse_json|from_json)$/.test(f) && mentions(a)) add('json-parse', `${f}(${a.slice(1, 40)}`, x);
          else if (/model_validate(_json)?$|parse_raw$|parse_obj(_as)?$|validate_json$|validate_python$/.test(f)) add('schema-parse', f, x);
          else if (/^[A-Z]\w*$/.test(f) && /\*\*/.test(a)) add('schema-parse', `${f}(**…)`, x);
          else if (/\.(startswith|endswith)$/.test(f) && mentions(f)) add('includes-on-output', f, x);
        } else if (x.type === 'match_statement') {
          const subj = field(x, 'subject');
          if (subj && mentions(subj.text)) {
            const labels = [...x.text.matchAll(/case\s+(['"])([^'"]*)\1/g)].map((m) => m[2]);
            add('switch-on-output', labels.length ? `match on ${labels.slice(0, 20).join(', ')}` : `match ${subj.text}`, x);
          }
        } else if (x.type === 'comparison_operator') {
          const ops = allKids(x).filter((c) => !c.isNamed).map((c) => c.text);
          const operands = kids(x);
          if (operands.length < 2) continue;
          const [a, b] = operands;
          if (/stop_reason|finish_reason|\.type\b|\.role\b|status/.test(x.text)) continue;
          if ((ops.includes('==') || ops.includes('!=')) && (mentions(a.text) || mentions(b.text))) {
            const lit = [a, b].find((o) => o.type === 'string');
            if (lit) add('enum-compare', `== ${lit.text}`, x);
          } else if (ops.includes('in') || ops.includes('not in')) {
            const keyOfParsed = b.type === 'identifier' && parsedNames.has(b.text);
            if (mentions(b.text) && a.type === 'string' && !keyOfParsed) add('includes-on-output', `${a.text} in ${b.text}`, x);
            else if (a.type !== 'string' && mentions(a.text) && !mentions(b.text)) add('enum-compare', `in ${b.text.slice(0, 80)}`, x);
          }
        }
      }
    }
    // The SDK's tool runner is the tool-use loop itself.
    const calleeText = field(n, 'function')?.text ?? '';
    if (/\.tool_runner$/.test(calleeText)) add('tool-use-loop', 'tool_runner runs tools until the model stops', n);
    // Loops around the call that feed tool results back.
    for (let q: PyNode | null = n.parent; q && q.id !== region.id; q = q.parent) {
      if (q.type === 'while_statement' || q.type === 'for_statement') {
        const t = q.text;
        if (/stop_reason|tool_use|tool_calls|finish_reason|tool_result|function_call/.test(t)) {
          add('tool-use-loop', `${q.type === 'while_statement' ? 'while' : 'for'} loop line ${line(q)} checks ${/stop_reason/.test(t) ? 'stop_reason' : 'tool calls'}`, q);
          break;
        }
      }
    }
    // Message history: messages built up by append / a parameter / spreads.
    // LangChain takes the messages as its first argument: `llm.invoke(self.history)`, `chain.invoke({"history": …})`.
    const msgNode = kwNodes.messages ?? kwNodes.input ?? input;
    if (msgNode) {
      const m = unwrap(msgNode);
      // A session, memory or conversation object hands over its turns: `session.get_messages()`, `self.history.format_for_api()`.
      if (m.type === 'call' && HISTORY_SOURCE.test(field(m, 'function')?.text ?? '')) add('message-history', m.text.slice(0, 60), m);
      if (m.type === 'dictionary') {
        for (const pair of kids(m)) {
          const key = pair.type === 'pair' ? field(pair, 'key') : null;
          if (key && key.type === 'string' && /^[rbuRBU]*["'](?:chat_)?(?:history|messages|conversation|memory)["']$/.test(key.text)) add('message-history', pair.text.slice(0, 60), pair);
        }
      }
      if (m.type === 'identifier') {
        const nm = m.text;
        const appended = scope.appends.has(nm);
        // A LangChain input passed through by a provider (`self.llm.ainvoke(messages)`) is not a history by itself.
        const isParam = scope.params.has(nm) && msgNode !== input && (kwNodes.messages === msgNode || /messages|history|conversation/i.test(nm));
        if (appended || isParam || /history|conversation|chat_log|transcript/i.test(nm)) add('message-history', nm, m);
      } else if (m.type === 'list' && kids(m).some((c) => c.type === 'list_splat')) add('message-history', m.text.slice(0, 60), m);
      else if (m.type === 'binary_operator') add('message-history', m.text.slice(0, 60), m);
      else if (m.type === 'attribute' && /history|messages|conversation|turns|transcript/i.test(m.text)) add('message-history', m.text, m);
    }
    // Streams into a response.
    if (streaming && fnBody) {
      const t = fnBody.text;
      if (/\byield\b|StreamingResponse|EventSourceResponse|\.send\(|\.write\(/.test(t)) add('streams-to-response', /StreamingResponse|EventSourceResponse/.exec(t)?.[0] ?? 'yield', fnBody);
    }
    // Documents joined into the prompt.
    const before = visits.filter((x) => x.startIndex < n.endIndex && x.type === 'call');
    for (const x of before) {
      const f = field(x, 'function');
      if (f?.type !== 'attribute' || field(f, 'attribute')?.text !== 'join') continue;
      const a = field(x, 'arguments')?.text ?? '';
      const sep = field(f, 'object')?.text ?? '';
      if (DOC_WORDS.test(a) && /\\n|---|===|\n/.test(sep)) {
        add('documents-joined', `${sep}.join(${a.slice(1, 50)}`, x);
        break;
      }
    }
    return out;
  }
}

type PVOfStr = Extract<PV, { k: 'str' }>;

/** `.` + `config` → `.config`; `pkg` + `config` → `pkg.config`. */
export function joinModule(module: string, name: string): string {
  return /\.$/.test(module) ? `${module}${name}` : `${module}.${name}`;
}

function dedent(s: string): string {
  const lines = s.replace(/^\n/, '').split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length);
  const min = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(min)).join('\n');
}

export { IRREVERSIBLE };
