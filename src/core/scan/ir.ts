// The language-neutral form of one source file that the cross-file engine reads. A front-end (one per language)
// turns a file's text into this plain, serialisable data — every function, class, binding and call, with its
// expressions still unevaluated — and knows nothing about SDKs: which calls reach a model is decided later, across
// files, from the provider catalogue. Pure in (file, text), so it is cached by content and computed in a worker.
import type { Language } from '../types';

/** Bump when the shape changes: cached IR of another version is recomputed. */
export const IR_VERSION = 6;

/** 0-based UTF-16 offsets [start, end) into the module's text. */
export type Span = readonly [number, number];

/** An expression as written, resolved later in the context of its function (names, `this`, parameters). */
export type Expr =
  | { k: 'str'; v: string; p: Span }
  /** Template literal, f-string, string concatenation or implicit concatenation: static pieces and holes. */
  | { k: 'tpl'; parts: (string | Expr)[]; p: Span }
  | { k: 'num'; v: number; p: Span }
  | { k: 'bool'; v: boolean; p: Span }
  | { k: 'null'; p: Span }
  | { k: 'name'; n: string; p: Span }
  /** `this`, or Python's first parameter of a method. */
  | { k: 'this'; p: Span }
  | { k: 'super'; p: Span }
  | { k: 'get'; o: Expr; n: string; p: Span }
  | { k: 'idx'; o: Expr; i: Expr; p: Span }
  /** A call; `id` is its index in `ModuleIR.calls` (every call of the file is recorded there). */
  | { k: 'call'; id: number; p: Span }
  | { k: 'obj'; props: [string, Expr][]; spreads: Expr[]; p: Span }
  /** `runtime`: a list made at run time (a comprehension), shown by one item of what each becomes. */
  | { k: 'arr'; items: Expr[]; runtime?: true; p: Span }
  | { k: 'spread'; o: Expr; kw?: boolean; p: Span }
  /** A function value (expression, arrow, lambda, or a declared function used as a value): a key of `ModuleIR.fns`. */
  | { k: 'fn'; key: string; p: Span }
  | { k: 'cls'; key: string; p: Span }
  /** `a + b + …`: string concatenation or arithmetic, decided when the operands are known. */
  | { k: 'cat'; items: Expr[]; p: Span }
  /** Other binary operators (`|` of LangChain pipes, Python `%` formatting, arithmetic). */
  | { k: 'bin'; op: string; l: Expr; r: Expr; p: Span }
  | { k: 'or'; op: string; l: Expr; r: Expr; p: Span }
  | { k: 'cond'; a: Expr; b: Expr; /** The test, when it is worth reading (`sys ? [system, user] : [user]`). */ t?: Expr; p: Span }
  /** `process.env.X`, `os.environ["X"]`, `os.getenv("X", d)`, `os.environ.get("X", d)`. */
  | { k: 'env'; n: string; d?: Expr; p: Span }
  /** Anything else: known only at run time. */
  | { k: 'dyn'; p: Span };

export type ExprKind = Expr['k'];

/** A type as written (annotations): enough to find classes, interfaces and SDK client types. */
export type TypeIR =
  | { k: 'ref'; n: string; args?: TypeIR[] }
  | { k: 'union'; ts: TypeIR[] }
  | { k: 'lit'; props: Record<string, TypeIR> }
  /** A function type (`() => Promise<BaseChatModel | null>`): what calling it returns. */
  | { k: 'fn'; ret: TypeIR }
  | { k: 'other' };

export interface ParamIR {
  name: string;
  /** Position among the parameters as a caller passes them (`self` excluded). */
  index: number;
  /** Destructured from the parameter at `index`: the property path (`{ system, prompt }` → ["system"]). */
  path?: string[];
  /** Default value. */
  d?: Expr;
  type?: TypeIR;
  /** Destructured from a parameter whose type is named (`{ llm }: AnswerInput`): that type; `path` leads into it. */
  wholeType?: TypeIR;
  /** `...rest` / `*args`. */
  rest?: boolean;
  /** `**kwargs`. */
  kwrest?: boolean;
  /** Python keyword-only (after `*`). */
  kwOnly?: boolean;
}

/** One assignment to a name (declaration, `=`, `+=`, `.push`/`.append` of an item). */
export interface Assign {
  e: Expr;
  at: number;
  op: 'decl' | '=' | '+=' | 'push';
  /** Destructuring path into `e` (`const { a } = x` → ["a"]; `[a, b] = x` → ["1"] for b). */
  path?: string[];
  type?: TypeIR;
  /** `const` (TS): the only value. */
  fixed?: boolean;
}

/** How a name is used after a call, for the evidence of how a call's output is used. */
export interface UseEvent {
  at: number;
  kind:
    | 'derive' // `targets` get a value computed from `names`
    | 'json-parse'
    | 'schema-parse'
    | 'switch'
    | 'compare' // compared with a string literal or an enum member
    | 'includes' // `x.includes("…")`, `"…" in x`, `x.startswith(…)`
    | 'enum-includes' // `LABELS.includes(x)`, `x in LABELS`
    | 'return';
  names: string[];
  targets?: string[];
  detail?: string;
}

/**
 * The condition a return sits under: a plain test of a name against strings (`eq`; `dflt` for a switch's default), or
 * (`none`) a test that the name is missing (`if text is None: return None`, `if (!text) return ''`).
 */
export type Guard = { n: string; eq: string[]; dflt?: boolean; none?: boolean } | null;

export interface FnIR {
  key: string;
  /** Name for ids and messages (`fn`, `Class.method`, the const an arrow is assigned to); null for anonymous functions. */
  name: string | null;
  /** Class key when this is a method. */
  cls: string | null;
  /** Lexically enclosing function (closures); null for module-level code (`(top)` itself). */
  parent: string | null;
  kind: 'top' | 'function' | 'method' | 'ctor' | 'arrow' | 'lambda';
  isStatic?: boolean;
  params: ParamIR[];
  /** Names declared in this function (not in nested ones), with every assignment. Module scope for `(top)`. */
  locals: Record<string, Assign[]>;
  /** Names declared `global`/`nonlocal` (Python) or otherwise bound outside. */
  returns: Expr[];
  /**
   * Parallel to `returns`: the condition a return sits under, when it is a plain test of a name against strings
   * (`switch (kind) { case "anthropic": return … }`, `if (provider === "ollama") return …`); `dflt` for a switch's default.
   */
  guards?: Guard[];
  /** Decorators, outermost first (Python `@x`, TS `@x`). */
  decorators?: Expr[];
  p: Span;
  /** Loop statements directly or indirectly in this function (not in nested functions). */
  loops: Span[];
  uses: UseEvent[];
  /** Python generator / async generator, TS `function*`. */
  generator?: boolean;
  /** The declared return type (`-> LLMAPIHandler`, `): ChatProvider`). */
  ret?: TypeIR;
}

export interface ClassIR {
  key: string;
  name: string;
  /** `extends X` / Python bases (Protocol, ABC, BaseModel …). */
  bases: Expr[];
  /** TS `implements I, J` (type names as written). */
  impl: string[];
  /** Fields: class attributes, property declarations, and `this.x = …` / `self.x = …` in any method. */
  /** `fn`: the function whose names the initializer reads (the constructor for `this.x = client`). */
  fields: Record<string, { e?: Expr; type?: TypeIR; at: number; fn: string; isStatic?: boolean }[]>;
  methods: Record<string, string>;
  abstract?: boolean;
  parent: string | null;
  p: Span;
  /** Python class docstring (DSPy signatures, pydantic models). */
  doc?: string;
}

/** TS interfaces and object type aliases: their members, for dispatch to implementations. */
export interface TypeDeclIR {
  name: string;
  methods: string[];
  ext: string[];
  /** A type alias of a union of types (`type Provider = OpenAIProvider | AnthropicProvider`). */
  union?: string[];
  props?: Record<string, TypeIR>;
  /** What its methods and function-typed properties return, by name, where declared (`getChatModel(): Promise<Model>`). */
  returns?: Record<string, TypeIR>;
}

export interface CallIR {
  id: number;
  /** Enclosing function key (`(top)` at module level). */
  fn: string;
  f: Expr;
  a: Expr[];
  kw?: Record<string, Expr>;
  isNew?: boolean;
  p: Span;
  /** Where the callee starts (the CLI JSON line/column). */
  at: number;
  /** First line (1-based) of the statement holding the call, for annotations written above it. */
  stmtLine: number;
  /** The name the result is kept in (`const r = await call(…)`, `self.out = call(…)` → "self.out"). */
  rv?: string;
  /** The call is wrapped in a parse of its output: JSON.parse(await call(…)), Model.model_validate_json(call(…)). */
  parsed?: 'json-parse' | 'schema-parse';
  parsedDetail?: string;
  /** The call is inside a string-building expression (not a statement of its own). */
  returned?: boolean;
}

export interface ImportIR {
  /** Module as written (`./llm`, `@/lib/ai`, `openai`; Python `.llm`, `app.services.llm`, `openai`). */
  m: string;
  /** Imported name: an export name, `default`, or `*` for the namespace / the module object. */
  n: string;
}

export type ExportIR = { local: string } | { m: string; n: string };

export interface ModuleIR {
  v: number;
  file: string;
  language: Language;
  /** The text the IR was made from (positions index into it). */
  text: string;
  /** What could not be read: syntax errors and the ranges left out, in words. */
  problems: string[];
  /** Set when the file's calls are left out on purpose (test file, declaration file). */
  ignored?: string;
  imports: Record<string, ImportIR>;
  /** TS: explicit exports. Python: null (every module-level name is importable). */
  exports: Record<string, ExportIR> | null;
  exportAll: string[];
  fns: Record<string, FnIR>;
  classes: Record<string, ClassIR>;
  types: Record<string, TypeDeclIR>;
  calls: CallIR[];
  /** `tierwise:` comments by 1-based line (comment text without the marker). */
  notes: Record<number, string>;
  /** Python module docstring / TS nothing. */
  doc?: string;
  /** Python: the bodies of module-level `if __name__ == "__main__":` blocks. */
  mainBlocks?: Span[];
}

export const TOP = '(top)';

/**
 * The field that holds the objects a class keeps by an id known at run time (`self.agents[thread.id] = agent`,
 * `this.agents.set(id, agent)`), read back by `self.agents[id]` / `this.agents.get(id)`.
 */
export function keptByIdField(field: string): string {
  return `${field}[*]`;
}

/** Source text of a span, cut for messages. */
export function spanText(m: Pick<ModuleIR, 'text'>, p: Span, max = 200): string {
  const t = m.text.slice(p[0], Math.min(p[1], p[0] + max));
  return p[1] - p[0] > max ? `${t}…` : t;
}

/** A record's own entry: IR records are plain objects, so `constructor` or `toString` must not read the prototype's. */
export function own<T>(rec: Readonly<Record<string, T>> | null | undefined, key: string): T | undefined {
  return rec && Object.prototype.hasOwnProperty.call(rec, key) ? rec[key] : undefined;
}
