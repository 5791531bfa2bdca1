// The cross-file evaluator: what an expression of a module is worth, in the context of its function — with the
// function's parameters either symbolic (its callers are not known yet) or bound to what one caller passes. Names
// resolve through closures, modules, imports (workspace files or catalogue packages); calls enter workspace
// functions, construct classes and catalogue objects. Bounded everywhere: a step budget per question, a depth limit
// on entered functions, and cycles read as unknown.
import { AWAITERS, BOTO3_SERVICES, KINDS, LC_MODEL_RUNNABLE, LC_MODEL_TYPES, PACKAGES, RUNNERS, providerOfClassName, providerOfHost, providerOfPrefix, type Action, type ArgMap, type Export, type KindDef, type PackageDef } from '../catalogue';

/** A value typed with one of LangChain's base model classes (typeValue's label): which model is not written there. */
const isBaseModelLabel = (label: string): boolean => label.startsWith('typed ') && LC_MODEL_TYPES.test(label.slice(6));
import { TOP, keptByIdField, own, type Assign, type CallIR, type ClassIR, type Expr, type FnIR, type ModuleIR, type TypeIR } from '../ir';
import type { Resolver } from './resolve';
import { holeText, type ArgVals, type CtxRef, type SdkFlags, type Src, type V, type VOf } from './values';
import { isPromptAsset, withoutStoreScheme } from '../promptFiles';

export const REGISTRY_FN = /^(get)?[mM]odel_?[fF]or(_?[tT]ask)?$/;
export const REGISTRY_OBJ = /^(MODEL_?REGISTRY|MODELS?_BY_TASK|TASK_MODELS|modelRegistry|ModelRegistry|model_registry)$/;
export const DEFAULT_MODEL_NAME = /^(DEFAULT_MODEL|defaultModel|FALLBACK_MODEL|default_model)$/;

export interface Ctx extends CtxRef {
  mod: ModuleIR;
  fn: FnIR;
  /** Arguments of this run of the function; null: the function is read on its own (parameters are symbolic). */
  args: ArgVals | null;
  self: V | null;
  parent: Ctx | null;
  /** Functions entered to get here (bounded). */
  depth: number;
  memo: Map<Expr, V>;
}

/** Values a table of implementations may hold (functions, classes, instances, clients). */
/** Methods that return a text trimmed or recased: the same text for a reader. */
const TRIM_METHODS = /^(trim|trimStart|trimEnd|strip|lstrip|rstrip|toLowerCase|toUpperCase|lower|upper|normalize)$/;
/** LangChain's entry points of a chain, which run its `_call` / `_acall` step. */
const LC_CHAIN_ENTRY = /^(run|arun|__call__|acall|invoke|ainvoke|predict|apredict)$/;
const DISPATCHABLE = new Set<V['t']>(['fn', 'cls', 'inst', 'sdk', 'sdkclass', 'action']);
/** The records of a table of method bags that differ in their functions, or null when an entry is not a method bag. */
function distinctMethodBags(values: V[]): V[] | null {
  const seen = new Set<string>();
  const out: V[] = [];
  for (const v of values) {
    // A record of a model: its functions beside any other settings (numbers, lists, a tokenizer made at run time).
    if (v.t !== 'obj' || v.spreads.length || ![...v.props.values()].some((x) => DISPATCHABLE.has(x.t))) return null;
    const sig = [...v.props.values()].map((x) => (x.t === 'fn' || x.t === 'cls' ? `${x.file}#${x.key}` : x.t === 'inst' ? `${x.file}#${x.cls}` : '')).join(',');
    if (seen.has(sig)) continue;
    seen.add(sig);
    out.push(v);
  }
  return out;
}
/** An object literal of functions (and empty slots): one entry of a table of implementations. */
function isMethodBag(v: V): boolean {
  if (v.t !== 'obj' || v.spreads.length || !v.props.size) return false;
  let fns = 0;
  for (const x of v.props.values()) {
    if (DISPATCHABLE.has(x.t)) fns++;
    else if (x.t !== 'null' && x.t !== 'bool' && x.t !== 'str' && x.t !== 'num') return false;
  }
  return fns > 0;
}
const MAX_CALL_DEPTH = 6;
const MAX_STEPS = 60_000;
/**
 * Steps one file's questions may waste (questions that ran out of budget: 10 full budgets); past it, each further
 * question gets SPENT_FILE_LIMIT.
 */
const FILE_STEPS = 10 * MAX_STEPS;
const SPENT_FILE_LIMIT = 1_500;
/** Past five times that, a question gets almost nothing: the file's link work is bounded whatever it holds. */
const FILE_STEPS_HARD = 2 * FILE_STEPS;
const SPENT_FILE_FLOOR = 100;
const MAX_ITEMS = 200;

const TS_GLOBALS = new Set(['JSON', 'process', 'require', 'String', 'Object', 'Array', 'Promise', 'console', 'fetch', 'Math', 'Number', 'Boolean', 'Date', 'Buffer', 'import', 'globalThis', 'window', 'Symbol', 'Error', 'Map', 'Set', 'encodeURIComponent', 'structuredClone']);
/** Deepest nesting of evaluations (each a few stack frames): far beyond any real prompt, far below the stack. */
const MAX_NESTING = 250;
/** Development aid: counts of functions entered (TIERWISE_DEBUG_ENTER=1). */
export const DEBUG_ENTER: Map<string, number> | null = typeof process !== 'undefined' && process.env?.TIERWISE_DEBUG_ENTER ? new Map() : null;
/** Names of helpers that reshape a list of chat turns. */
const MESSAGE_FN = /messages|msgs|history|turns|conversation|(convert|format|normalize|collapse|trim|truncate|to|prepare)_?(openai|anthropic|provider|chat|llm|api)?_?(message|msg)/i;
/** Names of helpers that turn a prompt into what an SDK takes (`_prompt_to_dicts`, `serializeInput`). */
const PROMPT_WORD = /prompt|message|msg|dicts?$|dump|serial|convert|format|normali[sz]e|translate|(^|_)to_/i;
/** `messagesToOpenAI`: case matters, or every `Factory.make`, `createGenerator` and `HistoryEditor` reads as one. */
const PROMPT_CAMEL = /[a-z]To[A-Z]/;
const isPromptFnName = (name: string): boolean => PROMPT_WORD.test(name) || PROMPT_CAMEL.test(name);
/** Names of helpers that clean a text without adding to it (`_redact_prompt_text`, `sanitize`, `truncate`). */
/** Methods of a text or a file object, not keys of a prompt file read as data (`render`: a Jinja template made from it). */
const STRING_METHOD =
  /^(?:replace|replaceAll|format|format_map|render|strip|lstrip|rstrip|trim|trimStart|trimEnd|split|splitlines|join|lower|upper|casefold|title|read|read_text|readlines|readFileSync|toString|encode|decode|startswith|endswith|startsWith|endsWith|includes|indexOf|find|slice|substring|substr|get|items|keys|values|match|matchAll|search|concat|padStart|padEnd|toLowerCase|toUpperCase|charAt|at|length|count|close|write|seek)$/;
const TEXT_FN = /redact|saniti[sz]e|clean|strip|trim|escape|normali[sz]e|truncate|dedent|mask|scrub/i;
/** Helpers that load a prompt template by its name (`load_prompt`, `render_template`, `getPrompt`). */
const TEMPLATE_LOADER = /load|render|template|read|get_?prompt|fetch_?prompt|prompt_?(?:constructor|builder|composer)|(?:construct|compose|assemble|build)_?prompt/i;
/** Types that wrap the type of the value itself (`Promise<Model>`, `Optional[Model]`, `Readonly<…>`). */
const WRAPPER_TYPE = /^(Optional|Promise|Awaited|Readonly|Partial|Required|NonNullable)$/;
const PY_GLOBALS = new Set(['str', 'len', 'open', 'print', 'dict', 'list', 'int', 'float', 'bool', 'isinstance', 'getattr', 'setattr', 'hasattr', 'super', 'tuple', 'set', 'range', 'enumerate', 'zip', 'map', 'filter', 'sorted', 'repr', 'type', 'format', 'max', 'min', 'sum', 'any', 'all', 'iter', 'next', 'vars', 'id', 'hash', 'input', 'Exception', 'ValueError']);

/** The memo's mark of an expression whose evaluation in that context is under way. */
const IN_PROGRESS: V = { t: 'dyn', src: { file: '', s: 0, e: 0 } };

export class Evaluator {
  private nextId = 1;
  private readonly abstractCtxs = new Map<string, Ctx>();
  private nesting = 0;
  /** Per function, the indentation of its body's statements (-1: not found), for `conditional`. */
  private readonly bodyIndent = new WeakMap<FnIR, number>();
  private readonly packageCache = new Map<string, PackageDef | null>();
  private steps = 0;
  private stepLimit = MAX_STEPS;
  /** Type names being read (`typeValue`), by scope: a guard against a type that names a parameter of its own type. */
  private readonly typing = new Set<string>();
  private readonly spentByFile = new Map<string, number>();
  private keepCutShort = false;
  /** Per context, a grown name's value after its first n assignments (`assigned`). */
  private readonly assignSteps = new WeakMap<Ctx, Map<string, { v: V; baseIdx: number }>>();
  private propertyDepth = 0;
  /** Subclasses by class (`file#key`), for dispatch on a base type. */
  private subclassIndex: Map<string, { file: string; key: string }[]> | null = null;
  /** Implementations of an interface by name. */
  private implIndex: Map<string, { file: string; key: string }[]> | null = null;

  constructor(
    readonly modules: ReadonlyMap<string, ModuleIR>,
    readonly resolver: Resolver,
  ) {}

  // --- budget ------------------------------------------------------------------------------------------------

  /**
   * Runs one question with a fresh step budget. With `file`, a question that runs out counts towards that file's
   * total: a file that has wasted FILE_STEPS so (pathological code: thousands of requests, each exhausting its budget
   * on the same tangle) gets a small budget per further question, so its cost stays linear in its questions.
   */
  budgeted<T>(fn: () => T, limit = MAX_STEPS, file?: string): T {
    const savedSteps = this.steps;
    const savedLimit = this.stepLimit;
    const spent = file ? (this.spentByFile.get(file) ?? 0) : 0;
    const capped = !!file && spent > FILE_STEPS;
    const budget = capped ? Math.min(limit, spent > FILE_STEPS_HARD ? SPENT_FILE_FLOOR : SPENT_FILE_LIMIT) : limit;
    const savedKeep = this.keepCutShort;
    this.steps = 0;
    this.stepLimit = budget;
    // Past its file's total, what a question leaves unknown stays unknown for the next ones (no replay).
    this.keepCutShort = capped || savedKeep;
    try {
      return fn();
    } finally {
      // Only questions that ran out count: a file of many ordinary requests is never capped.
      if (file && this.steps > budget) this.spentByFile.set(file, spent + budget);
      this.steps = savedSteps;
      this.stepLimit = savedLimit;
      this.keepCutShort = savedKeep;
    }
  }

  get exhausted(): boolean {
    return this.steps > this.stepLimit;
  }

  // --- contexts ----------------------------------------------------------------------------------------------

  lang(mod: ModuleIR): 'ts' | 'py' {
    return mod.language === 'python' ? 'py' : 'ts';
  }

  /** The context of a function read on its own: parameters symbolic, `this` an instance of its class. */
  abstractCtx(mod: ModuleIR, fnKey: string): Ctx {
    const key = `${mod.file}#${fnKey}`;
    const hit = this.abstractCtxs.get(key);
    if (hit) return hit;
    const fn = own(mod.fns, fnKey) ?? mod.fns[TOP];
    const ctx: Ctx = { id: this.nextId++, mod, fn, args: null, self: null, parent: null, depth: 0, memo: new Map() };
    this.abstractCtxs.set(key, ctx);
    ctx.parent = fn.parent ? this.abstractCtx(mod, fn.parent) : null;
    if (fn.cls) ctx.self = { t: 'inst', file: mod.file, cls: fn.cls, src: { file: mod.file, s: fn.p[0], e: fn.p[0] } };
    return ctx;
  }

  /** A run of a function with arguments (one caller's). */
  runCtx(mod: ModuleIR, fn: FnIR, args: ArgVals | null, self: V | null, parent: Ctx | null, depth: number): Ctx {
    return { id: this.nextId++, mod, fn, args, self: self ?? (fn.cls ? { t: 'inst', file: mod.file, cls: fn.cls, src: { file: mod.file, s: fn.p[0], e: fn.p[0] } } : null), parent: parent ?? (fn.parent ? this.abstractCtx(mod, fn.parent) : null), depth, memo: new Map() };
  }

  ownerOf(ctx: Ctx): string {
    return `${ctx.mod.file}#${ctx.fn.key}`;
  }

  src(mod: ModuleIR, p: readonly [number, number]): Src {
    return { file: mod.file, s: p[0], e: p[1] };
  }

  text(src: Src, max = 200): string {
    const m = this.modules.get(src.file);
    if (!m) return '';
    const t = m.text.slice(src.s, Math.min(src.e, src.s + max));
    return src.e - src.s > max ? `${t}…` : t;
  }

  // --- expressions -------------------------------------------------------------------------------------------

  eval(ctx: Ctx, e: Expr): V {
    const hit = ctx.memo.get(e);
    // An expression being evaluated in this context already (a cycle): unknown here.
    if (hit === IN_PROGRESS) return { t: 'dyn', src: this.src(ctx.mod, e.p) };
    if (hit) return hit;
    const src = this.src(ctx.mod, e.p);
    if (DEBUG_ENTER) DEBUG_ENTER.set(`${ctx.mod.file}:${e.p[0]}:${e.k}`, (DEBUG_ENTER.get(`${ctx.mod.file}:${e.p[0]}:${e.k}`) ?? 0) + 1);
    if (++this.steps > this.stepLimit) return { t: 'dyn', src };
    // Cycles through fresh contexts (a field whose value calls a method that reads the field again) are not caught
    // by the mark above: nesting this deep is never a prompt, it is a cycle.
    if (this.nesting >= MAX_NESTING) return { t: 'dyn', src };
    ctx.memo.set(e, IN_PROGRESS);
    this.nesting++;
    let v: V | undefined;
    try {
      v = this.evalInner(ctx, e, src);
    } finally {
      this.nesting--;
      if (v === undefined) ctx.memo.delete(e);
    }
    // A value cut short by the step budget is not what the expression is worth: another question, with a budget
    // of its own, evaluates it again.
    if (this.exhausted && !this.keepCutShort) ctx.memo.delete(e);
    else ctx.memo.set(e, v);
    return v;
  }

  private evalInner(ctx: Ctx, e: Expr, src: Src): V {
    switch (e.k) {
      case 'str':
        return { t: 'str', text: e.v, slots: 0, holes: [], src };
      case 'num':
        return { t: 'num', v: e.v, src };
      case 'bool':
        return { t: 'bool', v: e.v, src };
      case 'null':
        return { t: 'null', src };
      case 'tpl':
        return this.concat(
          ctx,
          e.parts.map((p) => (typeof p === 'string' ? p : p)),
          src,
        );
      case 'cat': {
        const items = e.items.map((x) => this.eval(ctx, x));
        if (items.every((x) => x.t === 'num')) return { t: 'num', v: items.reduce((a, x) => a + (x as VOf<'num'>).v, 0), src };
        if (!items.some((x) => x.t === 'str' || x.t === 'file')) {
          if (items.length === 2 && items[0].t === 'arr' && items[1].t === 'arr') return { t: 'arr', items: [...items[0].items, ...items[1].items], src };
          // `[system_message] + messages` where `messages` is known only as one of several lists, or a parameter:
          // the written items and the rest spread in.
          if (items.some((x) => x.t === 'arr') && items.every((x) => x.t === 'arr' || x.t === 'alt' || x.t === 'param' || x.t === 'resp' || x.t === 'dyn')) {
            const out: V[] = [];
            for (const x of items) {
              if (x.t === 'arr' && !x.runtime) out.push(...x.items);
              // One of several written lists (a builder's branches): its first.
              else if (x.t === 'alt' && x.options[0]?.t === 'arr' && !x.options[0].runtime && x.options.every((o) => o.t === 'arr')) out.push(...x.options[0].items);
              else out.push({ t: 'spread', of: x, src: x.src });
            }
            return { t: 'arr', items: out.slice(0, MAX_ITEMS), src };
          }
          return { t: 'dyn', src };
        }
        return this.concatValues(items, e.items, ctx, src);
      }
      case 'name':
        return this.name(ctx, e.n, e.p[0], src);
      case 'this':
        return this.thisOf(ctx) ?? { t: 'dyn', src };
      case 'super': {
        const self = this.thisOf(ctx);
        const base = self?.t === 'inst' ? this.baseOf(self.file, self.cls) : null;
        return base ? { t: 'inst', file: base.file, cls: base.key, src, ...(self?.t === 'inst' && self.ctor ? { ctor: self.ctor } : {}) } : { t: 'dyn', src };
      }
      case 'get':
        return this.member(this.eval(ctx, e.o), e.n, src, ctx);
      case 'idx': {
        const o = this.eval(ctx, e.o);
        const i = this.eval(ctx, e.i);
        if (i.t === 'str' && i.slots === 0) return this.member(o, i.text, src, ctx);
        if (i.t === 'num') return this.member(o, String(i.v), src, ctx);
        if (o.t === 'obj' && o.via && REGISTRY_OBJ.test(o.via.name.split('.').pop() ?? '')) return { t: 'reg', task: null, model: null, src };
        if (o.t === 'param') return { ...o, path: [...o.path, '[]'], src };
        // `[convo(m) for m in batch]` read back at a place known at run time (`messages[idx] for idx in pending`): one
        // of the list's items, each built alike.
        if (o.t === 'arr' && o.runtime && o.items.length === 1 && o.items[0].t !== 'spread') return o.items[0];
        // A table of implementations picked by a key known at run time (`BACKENDS[name]`): any of them.
        // So is a table of method bags (`IMPLS[provider].sendChat`: `{ openAI: { sendChat: (p) => …, sendFIM: null } }`).
        if (o.t === 'obj' && !o.spreads.length && o.props.size > 1 && o.props.size <= 24 && [...o.props.values()].every((x) => DISPATCHABLE.has(x.t) || isMethodBag(x))) return this.alt([...o.props.values()], src);
        // A long table of records per model (`model_info[model]["fn_without_ui"]`: forty models, a handful of bridge
        // functions): its distinct records.
        if (o.t === 'obj' && !o.spreads.length && o.props.size > 24 && o.props.size <= 400) {
          const distinct = distinctMethodBags([...o.props.values()]);
          if (distinct && distinct.length <= 16) return this.alt(distinct, src);
        }
        // `self.agents[thread_id]` with `self.agents[thread.id] = agent_chain` in a method: the objects kept there.
        const kept = e.o.k === 'get' && e.o.o.k === 'this' ? this.keptById(ctx, e.o.n, src) : null;
        if (kept) return kept;
        return { t: 'dyn', src };
      }
      case 'call':
        return this.call(ctx, ctx.mod.calls[e.id], src);
      case 'obj': {
        const props = new Map<string, V>();
        for (const [k, x] of e.props) props.set(k, this.eval(ctx, x));
        return { t: 'obj', props, spreads: e.spreads.map((x) => this.eval(ctx, x)), src };
      }
      case 'arr': {
        const items: V[] = [];
        for (const x of e.items.slice(0, MAX_ITEMS)) {
          if (x.k === 'spread') {
            const inner = this.eval(ctx, x.o);
            if (inner.t === 'arr' && !inner.runtime) items.push(...inner.items);
            else items.push({ t: 'spread', of: inner, src: this.src(ctx.mod, x.p) });
          } else items.push(this.eval(ctx, x));
        }
        // `[{"role": m.role, "content": m.text} for m in messages]` over the caller's list: the caller's messages,
        // in another shape (as `messages.map(…)` is).
        if (e.runtime && items.length === 1) {
          const each = this.itemOfParamList(items[0]);
          if (each) return { ...each, path: each.path.slice(0, each.path.indexOf('[]')), use: src };
        }
        return { t: 'arr', items, src, ...(e.runtime ? { runtime: true } : {}) };
      }
      case 'spread':
        return { t: 'spread', of: this.eval(ctx, e.o), src };
      case 'fn':
        return { t: 'fn', file: ctx.mod.file, key: e.key, env: ctx, src };
      case 'cls':
        return { t: 'cls', file: ctx.mod.file, key: e.key, src };
      case 'bin': {
        const l = this.eval(ctx, e.l);
        const r = this.eval(ctx, e.r);
        if (e.op === '|' && (isRunnable(l) || isRunnable(r))) return this.pipe(l, r, src);
        if (e.op === '%' && l.t === 'str') {
          // "… %s …" % (a, b): the placeholders are holes.
          const n = (l.text.match(/%[sdrf]|%\([\w]+\)s/g) ?? []).length || 1;
          return { ...l, text: l.text.replace(/%[sdrf]|%\([\w]+\)s/g, ''), slots: l.slots + n, holes: [...l.holes, holeText(this.text(r.src))], src, use: src };
        }
        // `m.role === "system"` with both sides known here: its answer (a filter's callback on written turns).
        if (/^(===|==|!==|!=)$/.test(e.op)) {
          const eq = l.t === 'str' && r.t === 'str' && !l.slots && !r.slots ? l.text === r.text : l.t === 'null' && r.t === 'null' ? true : null;
          if (eq !== null) return { t: 'bool', v: e.op.startsWith('!') ? !eq : eq, src };
        }
        return { t: 'dyn', src };
      }
      case 'or': {
        if (e.op === '&&' || e.op === 'and') {
          this.eval(ctx, e.l);
          return this.eval(ctx, e.r);
        }
        const l = this.eval(ctx, e.l);
        const r = this.eval(ctx, e.r);
        if (l.t === 'reg' && !l.model) return { ...l, model: r.t === 'reg' ? r.model : r };
        if (l.t === 'env') return { ...l, dflt: r, src };
        if (l.t === 'param') return { ...l, dflt: r, fallback: true, src };
        // `settings.baseUrl || "https://api.openai.com"` with the setting empty as written: the fallback.
        if ((e.op === '||' || e.op === 'or') && ((l.t === 'str' && !l.text && !l.slots) || (l.t === 'bool' && !l.v) || (l.t === 'num' && l.v === 0))) return r;
        // `x or ""` with x known only at run time: x (the empty text is only what is left when it is missing).
        if ((l.t === 'dyn' || l.t === 'resp') && r.t === 'str' && !r.text.trim() && !r.slots) return l;
        if (l.t === 'dyn' || l.t === 'null' || l.t === 'resp') return r.t === 'dyn' ? l : r;
        if (l.t === 'alt') return { t: 'alt', options: [...l.options, r], src };
        return l;
      }
      case 'cond': {
        // A test known here (an argument the caller leaves out, a text it gives): that branch.
        const known = e.t && (e.t.k === 'name' || e.t.k === 'get') ? this.truthiness(this.eval(ctx, e.t)) : null;
        if (known === true) return this.eval(ctx, e.a);
        if (known === false) return this.eval(ctx, e.b);
        return this.alt([this.eval(ctx, e.a), this.eval(ctx, e.b)], src);
      }
      case 'env':
        return { t: 'env', name: e.n, ...(e.d ? { dflt: this.eval(ctx, e.d) } : {}), src };
      case 'dyn':
        return { t: 'dyn', src };
    }
  }

  /** Whether a value is known to be truthy (a text, an object, a client…) or falsy (missing), else null. */
  truthiness(v: V): boolean | null {
    if (v.t === 'null') return false;
    if (v.t === 'bool') return v.v;
    if (v.t === 'str') return v.slots ? null : v.text.length > 0;
    if (v.t === 'obj' || v.t === 'inst' || v.t === 'fn' || v.t === 'sdk' || v.t === 'cls') return true;
    if (v.t === 'arr') return v.runtime ? null : v.items.length > 0;
    return null;
  }

  alt(options: V[], src: Src): V {
    const flat: V[] = [];
    for (const o of options) {
      if (o.t === 'alt') flat.push(...o.options);
      else flat.push(o);
    }
    if (flat.length === 1) return flat[0];
    return { t: 'alt', options: flat.slice(0, 16), src };
  }

  /** The objects the instance keeps by id in a field (see `keptByIdField`), or null. */
  private keptById(ctx: Ctx, field: string, src: Src): V | null {
    const self = this.thisOf(ctx);
    return self?.t === 'inst' ? this.field(self, keptByIdField(field), src) : null;
  }

  private thisOf(ctx: Ctx): V | null {
    for (let c: Ctx | null = ctx; c; c = c.parent) {
      if (c.self) return c.self;
      if (c.fn.kind !== 'arrow' && c.fn.kind !== 'lambda') return null;
    }
    return null;
  }

  // --- strings ------------------------------------------------------------------------------------------------

  /** A template's pieces: static text, and holes for what is only known at run time. */
  private concat(ctx: Ctx, parts: (string | Expr)[], src: Src): V {
    const values: V[] = [];
    const exprs: Expr[] = [];
    for (const p of parts) {
      if (typeof p === 'string') {
        values.push({ t: 'str', text: p, slots: 0, holes: [], src });
        exprs.push({ k: 'str', v: p, p: [src.s, src.e] });
      } else {
        values.push(this.eval(ctx, p));
        exprs.push(p);
      }
    }
    const v = this.concatValues(values, exprs, ctx, src);
    return v.t === 'str' && v.via && typeof parts[0] === 'string' ? { ...v, via: undefined } : v;
  }

  concatValues(items: V[], exprs: Expr[], ctx: Ctx, src: Src): V {
    let text = '';
    let slots = 0;
    const holes: string[] = [];
    const params: string[] = [];
    items.forEach((v, i) => {
      if (v.t === 'str') {
        text += v.text;
        slots += v.slots;
        holes.push(...v.holes);
        if (v.params) params.push(...v.params);
      } else if (v.t === 'num') text += String(v.v);
      else if (v.t === 'alt' && v.options.some((o) => o.t === 'str' && o.text.trim())) {
        // A text chosen at run time among written ones (`system` with or without a guidance appended): the longest
        // stands for it, as a prompt made of it is shown.
        const best = v.options.filter((o): o is VOf<'str'> => o.t === 'str').reduce((a, b) => (b.text.trim().length > a.text.trim().length ? b : a));
        text += best.text;
        slots += best.slots;
        holes.push(...best.holes);
        if (best.params) params.push(...best.params);
      } else {
        slots += 1;
        // A value from elsewhere (a caller's argument, a parameter) is named as written where it comes from.
        const from = v.t === 'param' || v.t === 'dyn' || v.t === 'resp' || v.t === 'env' ? (v.use ?? v.src) : this.src(ctx.mod, exprs[i].p);
        holes.push(holeText(this.text(from) || this.text(this.src(ctx.mod, exprs[i].p))));
        if (v.t === 'param') params.push(v.owner);
      }
    });
    // The first constant piece names where the text comes from (`SYSTEM + "…"` keeps SYSTEM's origin).
    const first = items[0];
    return { t: 'str', text, slots, holes, src, ...(params.length ? { params } : {}), ...(first?.t === 'str' && first.via ? { via: first.via } : {}) };
  }

  // --- names -------------------------------------------------------------------------------------------------

  name(ctx: Ctx, name: string, at: number, src: Src): V {
    for (let c: Ctx | null = ctx; c; c = c.parent) {
      const assigns = own(c.fn.locals, name);
      const param = c.fn.params.find((p) => p.name === name);
      // A parameter read before any assignment to it (`messages = convert(messages)`) is still the parameter.
      const beforeAny = param && c === ctx && !assigns?.some((a) => appliesAt(a, at));
      if (assigns?.length && !beforeAny) return this.assigned(c, name, assigns, c === ctx ? at : Number.MAX_SAFE_INTEGER, src);
      if (param) return this.param(c, param, src);
    }
    const mod = ctx.mod;
    const imp = own(mod.imports, name);
    if (imp) return this.importValue(mod, imp.m, imp.n, src);
    if (this.lang(mod) === 'ts' ? TS_GLOBALS.has(name) : PY_GLOBALS.has(name)) return { t: 'pkg', lang: this.lang(mod), module: '<global>', path: [name], src };
    if (this.lang(mod) === 'py') {
      // `from x import *`
      const star = this.pyStarImport(mod, name, src, 0);
      if (star) return star;
      // An SDK module a framework injects, or one imported where we do not look (`exec`, a plugin loader).
      if (name === 'litellm' || name === 'openai' || name === 'anthropic') return this.packageValue('py', name, [], src);
    }
    return { t: 'dyn', src };
  }

  private param(c: Ctx, p: FnIR['params'][number], src: Src): V {
    if (!c.args) {
      const owner = this.ownerOf(c);
      const dflt = p.d ? this.eval(c, p.d) : undefined;
      let typed = p.type ? this.typeValue(c, p.type, src) : null;
      // `llm: BaseChatModel`: whatever chat model the callers pass (the link reads them: src/core/scan/engine/link.ts).
      if (typed?.t === 'sdk' && isBaseModelLabel(typed.label)) typed = null;
      // `def _query(ai_api=self.ai_api)`: a client or a service given by default is used through what it is.
      if (!typed && (dflt?.t === 'inst' || dflt?.t === 'sdk')) typed = dflt;
      if (!typed && p.wholeType && p.path) {
        // `{ llm }: AnswerInput`: the property's type as the named type declares it.
        typed = this.typeValue(c, p.wholeType, src);
        for (const k of p.path) if (typed.t === 'iface' || typed.t === 'param') typed = this.member(typed, k, src, c);
        if (typed.t !== 'iface' && typed.t !== 'sdk' && typed.t !== 'inst') typed = null;
      }
      // A client or a service given as a parameter is used through its type; data stays a parameter of the function.
      // …except a conversation record of the app's own (`convo: Convo` with its `messages`): the caller's data.
      const asParam: V = { t: 'param', owner, index: p.index, name: p.name, path: p.path ?? [], ...(dflt ? { dflt } : {}), ...(typed && typed.t !== 'dyn' ? { typed } : {}), src };
      if (typed?.t === 'inst' && !this.holdsMessages(typed.file, typed.cls)) return { ...typed, fromParam: asParam };
      if (typed?.t === 'sdk') return typed;
      return asParam;
    }
    let v: V | undefined;
    if (p.rest) v = { t: 'arr', items: c.args.pos.slice(p.index), src };
    else if (p.kwrest) v = { t: 'obj', props: c.args.kw, spreads: c.args.kwSpreads ?? [], src };
    else {
      v = c.args.kw.get(p.name);
      if (!v && !p.kwOnly) v = c.args.pos[p.index];
      if (v && p.path) for (const k of p.path) v = this.member(v, k, src, c);
    }
    if (!v || v.t === 'null' || (v.t === 'dyn' && !this.text(v.src))) {
      if (p.d) return this.eval(c, p.d);
      if (p.type) {
        const typed = this.typeValue(c, p.type, src);
        if (typed.t !== 'dyn') return typed;
      }
      return v ?? { t: 'null', src };
    }
    return v;
  }

  /**
   * Whether an assignment runs only sometimes: its statement sits deeper than its function's body, or behind an
   * `if`/`else`/`case` on its own line. Read from the layout (both languages' code is indented by its blocks).
   */
  private conditional(c: Ctx, a: Assign): boolean {
    const text = c.mod.text;
    const lineStart = text.lastIndexOf('\n', a.at - 1) + 1;
    const prefix = text.slice(lineStart, a.at);
    if (/\b(if|else|elif|case|default|catch|except|for|while)\b|[?]|=>/.test(prefix)) return true;
    const indent = prefix.length - prefix.trimStart().length;
    let body = this.bodyIndent.get(c.fn);
    if (body === undefined) {
      body = -1;
      const start = c.fn.p[0];
      const headerStart = text.lastIndexOf('\n', start - 1) + 1;
      const header = text.slice(headerStart, start + 1);
      const headerIndent = header.length - header.trimStart().length;
      // The first line after the header's that is indented deeper than it.
      let at = text.indexOf('\n', start);
      for (let n = 0; at >= 0 && at < c.fn.p[1] && n < 400; n++) {
        const next = text.indexOf('\n', at + 1);
        const line = text.slice(at + 1, next < 0 ? text.length : next);
        const trimmed = line.trimStart();
        if (trimmed && !trimmed.startsWith('#') && !trimmed.startsWith('//')) {
          const ind = line.length - trimmed.length;
          if (ind > headerIndent) {
            body = ind;
            break;
          }
        }
        at = next;
      }
      this.bodyIndent.set(c.fn, body);
    }
    return body >= 0 && indent > body;
  }

  /** A name's value at a position: its last assignment before it, grown by `+=` and pushes since. */
  private assigned(c: Ctx, name: string, assigns: Assign[], at: number, src: Src): V {
    let before = appliesBefore(assigns, at);
    if (!before.length) before = assigns;
    // A name grown step by step (thousands of pushes in one function): its value after n steps is its value after
    // n - 1 steps and one more, kept per context, instead of every read replaying every step.
    const n = before.length;
    const prefix = n > 8 && before.slice(-4).every((a, i) => a === assigns[n - Math.min(4, n) + i]);
    let steps: Map<string, { v: V; baseIdx: number }> | undefined;
    if (prefix) {
      let byCtx = this.assignSteps.get(c);
      if (!byCtx) this.assignSteps.set(c, (byCtx = new Map()));
      steps = byCtx;
      const hit = steps.get(`${name}\0${n}`);
      if (hit) return this.assignedUse(c, name, hit.v, before, hit.baseIdx, src);
      // The nearest earlier count kept, with only steps (no new base) since: continue from it.
      for (let m = n - 1; m > 0 && m >= n - 64 && !isBaseAssign(before[m]); m--) {
        const from = steps.get(`${name}\0${m}`);
        if (!from) continue;
        let v = from.v;
        for (let i = m; i < n; i++) v = this.applyAssign(c, name, v, before[i], src);
        if (!this.exhausted || this.keepCutShort) steps.set(`${name}\0${n}`, { v, baseIdx: from.baseIdx });
        return this.assignedUse(c, name, v, before, from.baseIdx, src);
      }
    }
    const { v, baseIdx } = this.assignedValue(c, name, assigns, before, src);
    if (steps && (!this.exhausted || this.keepCutShort)) steps.set(`${name}\0${n}`, { v, baseIdx });
    return this.assignedUse(c, name, v, before, baseIdx, src);
  }

  /** A name's value from its last base assignment in `before` and the steps after it. */
  private assignedValue(c: Ctx, name: string, assigns: Assign[], before: Assign[], src: Src): { v: V; baseIdx: number } {
    let baseIdx = -1;
    for (let i = before.length - 1; i >= 0; i--) {
      const a = before[i];
      if (isBaseAssign(a)) {
        baseIdx = i;
        break;
      }
    }
    let v: V;
    const param = baseIdx < 0 ? c.fn.params.find((p) => p.name === name) : undefined;
    // Only pushes or property sets on a parameter (`messages.append(…)`, `body.model = body.model ?? …`): the
    // parameter, grown.
    if (baseIdx < 0) v = param ? this.param(c, param, src) : { t: 'dyn', src };
    else {
      const a = before[baseIdx];
      v = this.eval(c, a.e);
      if (a.path) for (const k of a.path) v = this.member(v, k, src, c);
      // The type the name is declared with, here or in its own declaration (`SELECTED_MODEL: Model` at module level,
      // set later through `global SELECTED_MODEL` in a function).
      const declaredType = a.type ?? assigns.find((x) => x.type && !x.path && x.e.k === 'dyn')?.type;
      if (declaredType && (v.t === 'dyn' || v.t === 'null' || v.t === 'resp')) {
        const typed = this.typeValue(c, declaredType, src);
        // `model: BaseChatModel = hub.pick(kind).to_langchain()`: a chat model, chosen by that expression.
        const chosen = typed.t === 'dyn' || (typed.t === 'sdk' && isBaseModelLabel(typed.label)) ? this.modelOfType(c.mod, declaredType, { t: 'dyn', src: this.src(c.mod, a.e.p) }, src) : null;
        if (chosen) v = chosen;
        else if (typed.t !== 'dyn') v = typed;
      }
      // A stand-in that forwards every attribute (`__getattr__`) declared for type checkers as what it stands for
      // (`if TYPE_CHECKING: app: ForgeApp else: app = AppHolder()`): the declared type.
      if (v.t === 'inst' && this.findMethod(v.file, v.cls, '__getattr__')) {
        const declared = assigns.find((x) => x.type && x.e.k === 'dyn');
        if (declared?.type) {
          const typed = this.typeValue(c, declared.type, src);
          if (typed.t !== 'dyn') v = typed;
        }
      }
      // A parameter replaced under a condition (`if (name === "x") name = "y"`, `if not system: system = "…"`): the
      // caller's value, or that one; after an earlier conditional replacement, what that one gives.
      const asParam = c.fn.params.find((p) => p.name === name);
      if (asParam && !a.path && v.t !== 'null' && this.conditional(c, a)) {
        const earlier = before.slice(0, baseIdx).filter((x) => x.op === 'decl' || x.op === '=');
        const viaEarlier = earlier.length > 0 && earlier.every((x) => !x.path && this.conditional(c, x));
        const given = !earlier.length ? this.param(c, asParam, src) : viaEarlier ? this.assigned(c, name, before.slice(0, baseIdx), a.at, src) : null;
        // `user = f"{system}\n\n{user}"`: the caller's text, rearranged; the caller's text stands for it.
        const holes = a.e.k === 'tpl' ? a.e.parts : a.e.k === 'cat' ? a.e.items : [];
        const rewrites = holes.some((x) => typeof x !== 'string' && x.k === 'name' && x.n === name) && !!given && ((given.t === 'str' && !!given.text.trim()) || (given.t === 'param' && given.owner !== this.ownerOf(c)));
        if (given && rewrites) v = given;
        else if (given && given.t !== 'null' && given.t !== 'dyn') v = this.alt([given, v], src);
      }
      // A client swapped under a condition for a wrapper of itself (`if (debug) openai = wrapOpenAI(openai)`,
      // `openai = wrapped as OpenAI`): the same client, as the earlier assignment made it.
      if ((v.t === 'dyn' || v.t === 'resp') && !a.path && this.conditional(c, a)) {
        for (let i = baseIdx - 1; i >= 0; i--) {
          const o = before[i];
          if ((o.op !== 'decl' && o.op !== '=') || o.path) continue;
          const other = this.eval(c, o.e);
          if (other.t === 'sdk') {
            v = other;
            break;
          }
          if (other.t !== 'dyn' && other.t !== 'resp') break;
        }
      }
      // `let model = null; if (api === "google") model = new Gemini(…); else if (api === "openai") model = new GPT(…); …`:
      // an object picked by branch — any of them (a table of providers written as a chain of branches).
      if ((v.t === 'inst' || v.t === 'sdk') && !a.path && this.conditional(c, a)) {
        const objs: V[] = [v];
        for (let i = baseIdx - 1; i >= 0 && objs.length < 24; i--) {
          const o = before[i];
          if ((o.op !== 'decl' && o.op !== '=') || o.path || !this.conditional(c, o)) continue;
          const ov = this.eval(c, o.e);
          if (ov.t === 'inst' || ov.t === 'sdk') objs.push(ov);
        }
        if (objs.length > 1) v = { t: 'alt', options: objs.reverse(), src };
      }
      // `if has_system: system = [...] else: system = None`: the value the other branch gives, or nothing.
      if (v.t === 'null') {
        for (let i = baseIdx - 1; i >= 0; i--) {
          const o = before[i];
          if ((o.op !== 'decl' && o.op !== '=') || o.path) continue;
          const other = this.eval(c, o.e);
          if (other.t !== 'null' && other.t !== 'dyn') v = this.alt([other, v], src);
          break;
        }
      }
      // `let kind = "document"; if (code) kind = "code"`: a short word that changes at run time is a hole.
      const others = before.filter((x, i) => i !== baseIdx && (x.op === 'decl' || x.op === '=') && !x.path);
      // …except a model id chosen per branch (`if …: model = "gpt-4.1-mini" else: model = "claude-sonnet-4-5"`): one of them.
      const branchModels = /model/i.test(name) && v.t === 'str' && !v.slots ? others.map((x) => (x.e.k === 'str' ? this.eval(c, x.e) : null)) : [];
      if (branchModels.length && branchModels.every((x) => x?.t === 'str') && this.conditional(c, a)) v = this.alt([v, ...(branchModels as V[])], src);
      else if (others.length && !a.fixed && v.t === 'str' && (!v.slots || (!v.params?.length && v.text.trim().length < 12)) && v.text.trim().length <= 40) v = { t: 'dyn', src };
      else if (others.length && !a.fixed && v.t === 'str' && c.fn.kind !== 'top') {
        // keep the text (a prompt grown in steps)
      }
    }
    for (let i = baseIdx + 1; i < before.length; i++) v = this.applyAssign(c, name, v, before[i], src);
    return { v, baseIdx };
  }

  /** The value as read at `src`: where it is used, and a constant's name and declaration. */
  private assignedUse(c: Ctx, name: string, value: V, before: Assign[], baseIdx: number, src: Src): V {
    let v = value;
    if ((v.t === 'reg' || v.t === 'alt') && !v.use) v = { ...v, use: src } as V;
    // A constant's value remembers its name and where it is declared (for reasons and the model's source).
    if ((v.t === 'str' || v.t === 'obj' || v.t === 'arr' || v.t === 'num') && (!v.via || (v.via.kind === 'constant' && c.fn.kind === 'top')) && baseIdx >= 0) {
      const a = before[baseIdx];
      return { ...v, via: { kind: 'constant', name, file: c.mod.file, s: a.at, e: a.at + name.length }, use: src } as V;
    }
    // A value kept under another name keeps its origin, and is used as written here (`model = LOCAL_MODEL; …(model=model)`).
    if ((v.t === 'str' || v.t === 'num') && v.via && baseIdx >= 0) return { ...v, use: src } as V;
    return v;
  }

  /** One step after a name's base assignment: `+=`, a push, a property set. */
  private applyAssign(c: Ctx, name: string, v: V, a: Assign, src: Src): V {
    // Each step counts towards the question's budget: a name grown thousands of times is bounded like the rest.
    if (++this.steps > this.stepLimit) return v;
    if (a.op === '+=') {
      const add = this.eval(c, a.e);
      // `messages += history` on a list (Python): the list grown by the other's items, not a text.
      // `turns = [system] if system else []` then `turns += messages or []`: each alternative list grown alike.
      if (v.t === 'arr' && add.t !== 'str') v = grownList(v, add);
      else if (v.t === 'alt' && add.t !== 'str' && v.options.every((o) => o.t === 'arr')) v = { ...v, options: v.options.map((o) => grownList(o as Extract<V, { t: 'arr' }>, add)) };
      else v = this.concatValues([v, add], [{ k: 'name', n: name, p: [src.s, src.e] }, a.e], c, v.src);
    } else if (a.op === 'push' && a.e.k === 'spread' && a.e.kw) {
      // `params.update(kwargs)`: a dict merged in; what it holds is read through the spread.
      const other = this.eval(c, a.e.o);
      if (v.t === 'obj') v = other.t === 'obj' ? { ...v, props: new Map([...v.props, ...other.props]), spreads: [...v.spreads, ...other.spreads] } : { ...v, spreads: [...v.spreads, other] };
      else if (v.t === 'param' || v.t === 'dyn') v = { t: 'obj', props: new Map(), spreads: [v, other], src: v.src, use: src };
    } else if (a.op === 'push') {
      const item = this.eval(c, a.e);
      // `prompt.push(...agentPrompts(…))`: the items of a list the code builds.
      // A list already as long as we keep one stays as it is (no copy per push of a long loop).
      if (v.t === 'arr' && v.items.length >= MAX_ITEMS) return v;
      if (v.t === 'arr' && item.t === 'spread' && item.of.t === 'arr' && !item.of.runtime) v = { ...v, items: [...v.items, ...item.of.items].slice(0, MAX_ITEMS) };
      else if (v.t === 'arr') v = { ...v, items: [...v.items, item].slice(0, MAX_ITEMS) };
      else if (v.t === 'param' || v.t === 'dyn') v = { t: 'arr', items: [{ t: 'spread', of: v, src: v.src }, item], src: v.src, use: src };
    } else if (a.op === '=' && a.path && a.path[a.path.length - 1] === '=') {
      if (v.t === 'obj') {
        const props = new Map(v.props);
        props.set(a.path[0], this.eval(c, a.e));
        v = { ...v, props };
      } else if (v.t === 'param') {
        // `body.model = …` on a parameter: the caller's object, with that property set here.
        v = { t: 'obj', props: new Map([[a.path[0], this.eval(c, a.e)]]), spreads: [v], src: v.src, use: src };
      }
    }
    return v;
  }

  // --- modules -----------------------------------------------------------------------------------------------

  importValue(mod: ModuleIR, spec: string, name: string, src: Src): V {
    const lang = this.lang(mod);
    if (lang === 'ts') {
      const file = this.resolver.ts(mod.file, spec);
      if (file) return name === '*' ? { t: 'mod', file, src } : this.exportValue(file, name, src, 0);
      return this.packageValue('ts', spec, name === '*' ? [] : [name], src);
    }
    // Python
    const file = this.resolver.py(mod.file, spec);
    if (file) {
      if (name === '*') return { t: 'mod', file, src };
      const sub = this.resolver.pySubmodule(file, name);
      const v = this.exportValue(file, name, src, 0);
      if (v.t === 'dyn' && sub) return { t: 'mod', file: sub, src };
      return v;
    }
    // `from app import llm` where `app/` has no `__init__.py` (a namespace package): its module `app/llm.py`.
    if (name !== '*') {
      const sub = this.resolver.py(mod.file, spec.endsWith('.') ? `${spec}${name}` : `${spec}.${name}`);
      if (sub) return { t: 'mod', file: sub, src };
    }
    // `from google import genai`: a submodule the catalogue knows (not a name of the same package: `langchain*`).
    if (name !== '*' && !spec.startsWith('.')) {
      const sub = this.packageOf('py', `${spec}.${name}`);
      if (sub && /^[a-z_][a-z0-9_]*$/.test(name) && sub !== this.packageOf('py', spec)) return this.packageValue('py', `${spec}.${name}`, [], src);
    }
    return this.packageValue('py', spec, name === '*' ? [] : [name], src);
  }

  /** What a workspace module exports under a name. */
  exportValue(file: string, name: string, src: Src, depth: number): V {
    const key = `${file}\0${name}`;
    // Modules that import a name from each other (an import cycle): no value.
    if (this.exporting.has(key)) return { t: 'dyn', src };
    this.exporting.add(key);
    try {
      return this.exportValueInner(file, name, src, depth);
    } finally {
      this.exporting.delete(key);
    }
  }

  private readonly exporting = new Set<string>();

  private exportValueInner(file: string, name: string, src: Src, depth: number): V {
    const mod = this.modules.get(file);
    if (!mod || depth > 8) return { t: 'dyn', src };
    const top = this.abstractCtx(mod, TOP);
    const local = (n: string): V => {
      const v = this.name(top, n, Number.MAX_SAFE_INTEGER, src);
      if (v.t === 'dyn' && own(mod.types, n)) return { t: 'iface', file, name: n, src };
      if (v.via?.kind === 'constant') return { ...v, via: { ...v.via, kind: 'imported-constant', name: name === 'default' ? n : name }, use: src } as V;
      if (v.t === 'env' || v.t === 'reg' || v.t === 'alt') return { ...v, use: src } as V;
      return v;
    };
    if (mod.exports === null) {
      if (own(mod.fns[TOP].locals, name) || own(mod.imports, name)) return local(name);
      if (own(mod.types, name)) return { t: 'iface', file, name, src };
      return this.pyStarImport(mod, name, src, depth + 1) ?? { t: 'dyn', src };
    }
    const ex = own(mod.exports, name);
    if (ex) {
      if ('local' in ex) return local(ex.local);
      const f = this.resolver.ts(file, ex.m);
      if (f) return ex.n === '*' ? { t: 'mod', file: f, src } : this.exportValue(f, ex.n, src, depth + 1);
      return this.packageValue('ts', ex.m, ex.n === '*' ? [] : [ex.n], src);
    }
    if (own(mod.types, name)) return { t: 'iface', file, name, src };
    for (const spec of mod.exportAll) {
      const f = this.resolver.ts(file, spec);
      if (!f) continue;
      const v = this.exportValue(f, name, src, depth + 1);
      if (v.t !== 'dyn') return v;
    }
    // CommonJS without explicit exports, or a name only declared: module-level bindings.
    if (name !== 'default' && own(mod.fns[TOP].locals, name)) return local(name);
    return { t: 'dyn', src };
  }

  /** A name a Python module takes with `from x import *`: from a workspace module, or a catalogue package. */
  private pyStarImport(mod: ModuleIR, name: string, src: Src, depth: number): V | null {
    if (depth > 8) return null;
    for (const spec of mod.exportAll) {
      const file = this.resolver.py(mod.file, spec);
      if (file) {
        const v = this.exportValue(file, name, src, depth);
        if (v.t !== 'dyn') return v;
        continue;
      }
      const pkg = this.packageOf('py', spec);
      if (pkg && (own(pkg.exports, name) || (pkg.patterns ?? []).some((p) => new RegExp(p.re).test(name)))) return this.packageValue('py', spec, [name], src);
    }
    return null;
  }

  // --- packages (the catalogue) ------------------------------------------------------------------------------

  packageOf(lang: 'ts' | 'py', module: string): PackageDef | null {
    const key = `${lang}\0${module}`;
    const hit = this.packageCache.get(key);
    if (hit !== undefined) return hit;
    let found: PackageDef | null = null;
    let best = -1;
    for (const p of PACKAGES) {
      if (p.lang !== lang) continue;
      for (const m of p.modules) {
        const ok = m.endsWith('*') ? module.startsWith(m.slice(0, -1)) : module === m;
        const len = m.length - (m.endsWith('*') ? 1 : 0);
        if (ok && len > best) {
          found = p;
          best = len;
        }
      }
    }
    this.packageCache.set(key, found);
    return found;
  }

  packageValue(lang: 'ts' | 'py', module: string, path: string[], src: Src): V {
    const pkg = this.packageOf(lang, module);
    // Python submodules read as attributes (`import google` … `google.generativeai.GenerativeModel`).
    if (lang === 'py' && path.length > 1 && !(pkg && own(pkg.exports, path.join('.')))) {
      for (let i = path.length - 1; i >= 1; i--) {
        if (!path.slice(0, i).every((x) => /^[a-z_][a-z0-9_]*$/.test(x))) continue;
        const sub = `${module}.${path.slice(0, i).join('.')}`;
        if (this.packageOf('py', sub)) return this.packageValue('py', sub, path.slice(i), src);
      }
    }
    if (pkg) {
      const name = path.join('.');
      if (!path.length) {
        if (pkg.namespace) return this.sdkObject(pkg.namespace, null, new Map(), module, src);
      } else {
        const ex = own(pkg.exports, name);
        if (ex) return this.exportToValue(ex, name, src, module);
        if (path.length === 1) for (const pat of pkg.patterns ?? []) if (new RegExp(pat.re).test(name)) return { t: 'sdkclass', kind: pat.kind, label: name, src };
        if (pkg.namespace && path.length >= 1 && !Object.keys(pkg.exports).some((k) => k.startsWith(`${path[0]}.`))) {
          return { ...this.sdkObject(pkg.namespace, null, new Map(), module, src), path } as V;
        }
      }
    }
    return { t: 'pkg', lang, module, path, src };
  }

  private exportToValue(ex: Export, name: string, src: Src, module: string): V {
    if ('kind' in ex) return { t: 'sdkclass', kind: ex.kind, label: name, src };
    if ('instance' in ex) return this.sdkObject(ex.instance, null, new Map(), name, src);
    return { t: 'action', action: ex, label: name, provider: null, src, module };
  }

  kindDef(kind: string): { def: KindDef; provider: string | null } | null {
    const colon = kind.indexOf(':');
    const base = colon < 0 ? kind : kind.slice(0, colon);
    const def = own(KINDS, base);
    if (!def) return null;
    return { def, provider: colon < 0 ? def.provider : kind.slice(colon + 1) || null };
  }

  sdkObject(kind: string, provider: string | null, bound: Map<string, V>, label: string, src: Src, extra: Partial<VOf<'sdk'>> = {}): V {
    const k = this.kindDef(kind);
    return { t: 'sdk', kind, provider: provider ?? k?.provider ?? null, bound, path: [], flags: {}, label, src, ...extra };
  }

  /** Constructs (or calls) a catalogue class: an object with the arguments bound as its options. */
  construct(cls: VOf<'sdkclass'>, args: ArgVals, src: Src): V {
    const k = this.kindDef(cls.kind);
    if (!k) return { t: 'dyn', src };
    const bound = this.bind(args, k.def.binds ?? { params: 0 }, k.def);
    let provider = k.provider;
    if (k.def.providerFromClass) provider = providerOfClassName(cls.label);
    const host = this.hostOf(args, k.def);
    if (host) {
      const byHost = providerOfHost(host);
      if (byHost && (provider === null || provider === 'openai' || provider === 'anthropic' || provider === 'ollama')) provider = byHost === 'local' && provider ? provider : byHost;
    }
    return { t: 'sdk', kind: cls.kind, provider, bound, path: [], flags: {}, label: cls.label, src, ...(host ? { host } : {}) };
  }

  private hostOf(args: ArgVals, def: KindDef): string | null {
    if (!def.hostOptions?.length) return null;
    const all = this.argLookup(args, { params: 0 });
    for (const k of def.hostOptions) {
      const v = all(k);
      if (v?.t === 'str' && v.text) return v.text;
      if (v?.t === 'env' && v.dflt?.t === 'str') return v.dflt.text;
    }
    return null;
  }

  /** Reads arguments by name: keyword arguments, positional names, and the params object (dotted names go deeper). */
  argLookup(args: ArgVals, map: ArgMap): (key: string) => V | undefined {
    const named = new Map<string, V>(args.kw);
    // Python passes request parts as positionals or keywords, never as one params object (`llm.chat(messages)`).
    const python = map.positional?.length ? this.modules.get(args.src.file)?.language === 'python' : false;
    map.positional?.forEach((n, i) => {
      const v = args.pos[i];
      // The params slot holding a plain value (Python `llm.complete("…")`) is that positional's value.
      if (v && !named.has(n) && (i !== map.params || ((v.t === 'str' || v.t === 'arr' || python) && !this.objOf(v)))) named.set(n, v);
    });
    const params = map.params !== undefined && !(python && map.positional?.[map.params] && named.get(map.positional[map.params]) === args.pos[map.params]) ? args.pos[map.params] : undefined;
    const paramsObj = params ? this.objOf(params) : null;
    return (key: string) => {
      const parts = key.split('.');
      let v: V | undefined = named.get(parts[0]) ?? (paramsObj ? this.prop(paramsObj, parts[0]) : undefined);
      if (!v && params && (params.t === 'param' || params.t === 'dyn')) v = params.t === 'param' ? { ...params, path: [...params.path, parts[0]] } : undefined;
      for (let i = 1; v && i < parts.length; i++) {
        // A key missing from a known object is absent (`config.systemInstruction` when it says `system_instruction`).
        const o = v.t === 'obj' ? v : null;
        v = o && !o.spreads.length && !this.prop(o, parts[i]) ? undefined : this.member(v, parts[i], v.src);
      }
      return v;
    };
  }

  /** The bound request parts of an ArgMap (model, system, messages …). */
  bind(args: ArgVals, map: ArgMap, def?: KindDef): Map<string, V> {
    const get = this.argLookup(args, map);
    const out = new Map<string, V>();
    const fields = ['model', 'system', 'messages', 'prompt', 'maxTokens', 'temperature', 'tools', 'stop', 'stream', 'format', 'toolChoice', 'body'] as const;
    for (const f of fields) {
      for (const k of map[f] ?? []) {
        const v = get(k);
        if (v && v.t !== 'null') {
          out.set(f, v);
          break;
        }
      }
    }
    for (const n of (map.positional ?? []).filter((_n, i) => i !== map.params)) {
      if (['model', 'system', 'messages', 'prompt', 'input', 'contents', 'message', 'signature', 'agent', 'tools', 'format'].includes(n)) {
        const v = get(n);
        if (v && !out.has(n === 'contents' || n === 'message' ? 'messages' : n === 'signature' ? 'system' : n)) out.set(n === 'contents' || n === 'message' ? 'messages' : n === 'signature' ? 'system' : n, v);
      }
    }
    if (map.params !== undefined && args.pos[map.params]) out.set('params', args.pos[map.params]);
    else if (args.kw.size) out.set('params', { t: 'obj', props: args.kw, spreads: [], src: args.src });
    if (def?.hostOptions) void 0;
    return out;
  }

  // --- members -----------------------------------------------------------------------------------------------

  objOf(v: V): VOf<'obj'> | null {
    if (v.t === 'obj') return v;
    if (v.t === 'json') return this.objOf(v.of);
    if (v.t === 'alt') for (const o of v.options) if (o.t === 'obj') return o;
    return null;
  }

  /**
   * The keyword arguments an object gives as `**obj`: its spreads' keys in order, then its own. A caller's `**kwargs`
   * merged in may replace each key written before it: the key reads the caller's keyword, else the value written.
   */
  private flatKw(o: VOf<'obj'>, depth: number): { props: Map<string, V>; params: VOf<'param'>[] } {
    const props = new Map<string, V>();
    const params: VOf<'param'>[] = [];
    if (depth > 6) return { props: new Map(o.props), params };
    for (const s of o.spreads) {
      const so = this.objOf(s);
      if (so) {
        const inner = this.flatKw(so, depth + 1);
        for (const [k, v] of inner.props) props.set(k, v);
        params.push(...inner.params);
      } else if (s.t === 'param') {
        params.push(s);
        for (const [k, v] of props) if (v.t !== 'param' && v.t !== 'dyn') props.set(k, { ...s, path: [...s.path, k], dflt: v, fallback: true });
      }
    }
    for (const [k, v] of o.props) props.set(k, v);
    return { props, params };
  }

  /** A property of an object, spreads included (own properties win). */
  prop(o: VOf<'obj'>, name: string, depth = 0): V | undefined {
    const own = o.props.get(name);
    if (own) return own;
    if (depth > 6) return undefined;
    for (let i = o.spreads.length - 1; i >= 0; i--) {
      const s = o.spreads[i];
      const so = this.objOf(s);
      const v = so ? this.prop(so, name, depth + 1) : undefined;
      if (v) return v;
      if (s.t === 'param') return { ...s, path: [...s.path, name] };
    }
    return undefined;
  }

  member(o: V, name: string, src: Src, ctx?: Ctx): V {
    if (++this.steps > this.stepLimit) return { t: 'dyn', src };
    switch (o.t) {
      case 'obj': {
        if (o.via && REGISTRY_OBJ.test(o.via.name.split('.').pop() ?? '')) {
          const v = this.prop(o, name);
          // MODEL_REGISTRY.get(task, DEFAULT_MODEL): the dict's method, not a task named "get".
          if (!v && PY_DICT_METHODS.has(name)) return { t: 'method', recv: o, name, src };
          return { t: 'reg', task: name, model: v ?? null, src };
        }
        const v = this.prop(o, name);
        if (!v && (PY_DICT_METHODS.has(name) || TS_OBJ_METHODS.has(name))) return { t: 'method', recv: o, name, src };
        // A key an object written whole does not have is absent (`const { messages } = options` when the caller
        // passed only `{ system, prompt }`): nothing, not an unknown value.
        if (!v) return !o.spreads.length && this.modules.get(src.file)?.language !== 'python' ? { t: 'null', src } : { t: 'dyn', src };
        if (o.via && (v.t === 'str' || v.t === 'num' || v.t === 'obj'))
          return { ...v, via: { ...o.via, kind: o.via.kind === 'imported-constant' ? 'imported-constant' : 'config', name: `${o.via.name}.${name}` }, use: src } as V;
        return v;
      }
      case 'arr': {
        if (/^\d+$/.test(name)) return o.items[Number(name)] ?? { t: 'dyn', src };
        if (name === 'length') return { t: 'dyn', src };
        return { t: 'method', recv: o, name, src };
      }
      case 'str':
        // A Python Enum member's value (`Models.FAST.value`) is the member itself here.
        if (name === 'value') return o;
        return { t: 'method', recv: o, name, src };
      case 'file':
        // A key of a prompt file read as data (`template["system_prompt"]`, the second item of the pair a loader
        // returns): a part of that file's text. Its string methods stay methods.
        if (!STRING_METHOD.test(name)) return { ...o, src };
        return { t: 'method', recv: o, name, src };
      case 'json':
        return this.member(o.of, name, src, ctx);
      case 'mod': {
        const v = this.exportValue(o.file, name, src, 0);
        if (v.t === 'dyn') {
          const sub = this.resolver.pySubmodule(o.file, name);
          if (sub) return { t: 'mod', file: sub, src };
          // `require('./openaiService').generateText` of a module whose whole export is one value (`module.exports =
          // new OpenAIService()`, `module.exports = AIServiceFactory`): a member of that value.
          const mod = this.modules.get(o.file);
          if (mod?.exports && own(mod.exports, 'default') && !own(mod.exports, name) && this.lang(mod) === 'ts') {
            const d = this.exportValue(o.file, 'default', src, 0);
            if (d.t !== 'dyn' && d.t !== 'mod') return this.member(d, name, src, ctx);
          }
        }
        return v;
      }
      case 'pkg':
        return this.packageValue(o.lang, o.module, [...o.path, name], src);
      case 'sdk': {
        // `import openai` … `openai.OpenAI()`: the module object (a namespace with legacy methods of its own,
        // `openai.ChatCompletion.create`) also holds the package's exports.
        if (!o.path.length && !o.bound.size) {
          const pkg = this.packageOf(ctx ? this.lang(ctx.mod) : 'py', o.label);
          const ex = pkg?.namespace === o.kind ? own(pkg.exports, name) : undefined;
          if (ex) return this.exportToValue(ex, name, src, o.label);
        }
        return { ...o, path: [...o.path, name], src: o.src };
      }
      case 'sdkclass': {
        // Static members of a catalogue class (`ChatPromptTemplate.fromMessages`): the class as an object.
        const k = this.kindDef(o.kind);
        if (k && own(k.def.methods, name)) return { t: 'sdk', kind: o.kind, provider: k.provider, bound: new Map(), path: [name], flags: {}, label: o.label, src: o.src };
        return { t: 'dyn', src };
      }
      case 'inst':
        return this.instMember(o, name, src);
      case 'cls': {
        const cls = own(this.modules.get(o.file)?.classes, o.key);
        if (!cls) return { t: 'dyn', src };
        const m = this.findMethod(o.file, o.key, name);
        if (m) return { t: 'fn', file: m.file, key: m.key, env: null, src };
        const f = this.field({ t: 'inst', file: o.file, cls: o.key, src }, name, src);
        // The class's one instance kept on it (`cls._instance = super().__new__(cls)`, `static instance: Session`).
        if ((!f || f.t === 'null' || f.t === 'dyn' || f.t === 'resp') && /^_{0,2}(instance|singleton|shared|default_?instance)$/i.test(name)) return { t: 'inst', file: o.file, cls: o.key, src };
        return f ?? { t: 'dyn', src };
      }
      case 'iface':
        return this.dispatch(o, name, src);
      case 'param': {
        // Typed by an interface: its methods are the implementations'; its other members stay the parameter's,
        // carrying the member's own type (`input.llm` of `input: { llm: BaseLLM }`) for the methods called on it.
        if (o.typed) {
          // `convo = convo.fork()` on a conversation passed in: a copy of the caller's (see `apply`).
          if (/^(fork|clone|copy|model_copy)$/.test(name) && o.typed.t === 'inst' && this.holdsMessages(o.typed.file, o.typed.cls)) return { ...o, path: [...o.path, name], src };
          const m = this.member(o.typed, name, src, ctx);
          if (m.t === 'fn' || (m.t === 'alt' && m.options.some((x) => x.t === 'fn')) || m.t === 'sdk' || m.t === 'inst') return m;
          const typed = m.t === 'iface' ? m : undefined;
          return { ...o, path: [...o.path, name], src, typed };
        }
        // `const client = opts.client ?? llm`: a client the caller may give, else the app's own one; its methods.
        if (o.fallback && o.dflt && (o.dflt.t === 'inst' || o.dflt.t === 'sdk' || o.dflt.t === 'iface' || o.dflt.t === 'alt')) {
          const m = this.member(o.dflt, name, src, ctx);
          if (m.t === 'fn' || (m.t === 'alt' && m.options.some((x) => x.t === 'fn')) || m.t === 'sdk') return m;
        }
        return { ...o, path: [...o.path, name], src };
      }
      case 'alt': {
        const options = o.options.map((x) => this.member(x, name, src, ctx)).filter((x) => x.t !== 'dyn');
        return options.length ? this.alt(options, src) : { t: 'dyn', src };
      }
      case 'env':
        return { t: 'dyn', src };
      case 'reg':
        return { t: 'dyn', src };
      case 'fn': {
        if (name === 'bind' || name === 'call' || name === 'apply') return o;
        return { t: 'dyn', src };
      }
      default:
        return { t: 'dyn', src };
    }
  }

  // --- classes ---------------------------------------------------------------------------------------------

  private classRef(file: string, key: string): { file: string; key: string } {
    return { file, key };
  }

  /** Whether a workspace class (or a base of it) keeps a `messages` field: a conversation record, data. */
  holdsMessages(file: string, key: string): boolean {
    for (let c: { file: string; key: string } | null = { file, key }, i = 0; c && i < 6; c = this.baseOf(c.file, c.key), i++) {
      const cls = own(this.modules.get(c.file)?.classes, c.key);
      if (cls && own(cls.fields, 'messages')) return true;
    }
    return false;
  }

  /** The base class of a class, when it is a workspace class. */
  baseOf(file: string, key: string): { file: string; key: string } | null {
    const mod = this.modules.get(file);
    const cls = own(mod?.classes, key);
    if (!mod || !cls) return null;
    for (const b of cls.bases) {
      const ctx = this.abstractCtx(mod, cls.parent ?? TOP);
      const v = this.eval(ctx, b);
      if (v.t === 'cls') return this.classRef(v.file, v.key);
    }
    return null;
  }

  /**
   * The step (`_call`, or `_acall` for the async entries) of a class extending LangChain's `Chain` through the app's own
   * classes, when the app writes it: what LangChain's entry points run.
   */
  ownChainStep(file: string, key: string, async: boolean): { file: string; key: string; cls: string } | null {
    if (!this.extendsLangChainChain(file, key)) return null;
    return (async ? this.findMethod(file, key, '_acall') : null) ?? this.findMethod(file, key, '_call');
  }

  /** Whether a Python class extends LangChain's `Chain` (or `LLMChain`), directly or through the app's own classes. */
  extendsLangChainChain(file: string, key: string): boolean {
    const k = `${file}#${key}`;
    let yes = this.lcChainClasses.get(k);
    if (yes === undefined) this.lcChainClasses.set(k, (yes = this.extendsLangChainChainUncached(file, key)));
    return yes;
  }

  private readonly lcChainClasses = new Map<string, boolean>();

  private extendsLangChainChainUncached(file: string, key: string): boolean {
    const seen = new Set<string>();
    const visit = (f: string, k: string, depth: number): boolean => {
      if (depth > 6 || seen.has(`${f}#${k}`)) return false;
      seen.add(`${f}#${k}`);
      const mod = this.modules.get(f);
      const cls = own(mod?.classes, k);
      if (!mod || !cls || this.lang(mod) !== 'py') return false;
      for (const b of cls.bases) {
        const imp = b.k === 'name' ? own(mod.imports, b.n) : undefined;
        if (imp && /^(Chain|LLMChain)$/.test(imp.n) && /^langchain(_core|_classic)?(\.|$)/.test(imp.m)) return true;
      }
      return this.basesOf(f, k).some((base) => visit(base.file, base.key, depth + 1));
    };
    return visit(file, key, 0);
  }

  /** The workspace classes a class extends, each once (Python's several bases, TS's one). */
  basesOf(file: string, key: string): { file: string; key: string }[] {
    const mod = this.modules.get(file);
    const cls = own(mod?.classes, key);
    if (!mod || !cls) return [];
    const out: { file: string; key: string }[] = [];
    for (const b of cls.bases.slice(0, 8)) {
      const v = this.eval(this.abstractCtx(mod, cls.parent ?? TOP), b);
      if (v.t !== 'cls') continue;
      const ref = this.classRef(v.file, v.key);
      if (ref && !out.some((x) => x.file === ref.file && x.key === ref.key)) out.push(ref);
    }
    return out;
  }

  /** Catalogue bases of a class (`class MyModule(dspy.Module)`, `class Chat(ChatOpenAI)`). */
  sdkBaseOf(file: string, key: string): VOf<'sdkclass'> | null {
    return this.firstBase(file, key, (v) => (v.t === 'sdkclass' ? v : null));
  }

  /** The first base of a class, as evaluated, that `pick` accepts. */
  private firstBase<T>(file: string, key: string, pick: (v: V) => T | null): T | null {
    const mod = this.modules.get(file);
    const cls = own(mod?.classes, key);
    if (!mod || !cls) return null;
    for (const b of cls.bases) {
      const found = pick(this.eval(this.abstractCtx(mod, cls.parent ?? TOP), b));
      if (found) return found;
    }
    return null;
  }

  findMethod(file: string, key: string, name: string, depth = 0): { file: string; key: string; cls: string } | null {
    if (depth > 10) return null;
    const mod = this.modules.get(file);
    const cls = own(mod?.classes, key);
    if (!mod || !cls) return null;
    const m = own(cls.methods, name);
    if (m) return { file, key: m, cls: key };
    const base = this.baseOf(file, key);
    const found = base ? this.findMethod(base.file, base.key, name, depth + 1) : null;
    if (found || mod.language !== 'python' || cls.bases.length < 2) return found;
    // `class CodeWriter(DiffMixin, BaseAgent)`: the other bases, in order.
    for (const b of this.otherBasesOf(file, key)) {
      const r = this.findMethod(b.file, b.key, name, depth + 1);
      if (r) return r;
    }
    return null;
  }

  /** A Python class's workspace bases after the first one (mixins and the bases listed after them). */
  private otherBasesOf(file: string, key: string): { file: string; key: string }[] {
    const mod = this.modules.get(file);
    const cls = own(mod?.classes, key);
    if (!mod || !cls) return [];
    const first = this.baseOf(file, key);
    const out: { file: string; key: string }[] = [];
    for (const b of cls.bases.slice(0, 8)) {
      const v = this.eval(this.abstractCtx(mod, cls.parent ?? TOP), b);
      if (v.t !== 'cls') continue;
      const r = this.classRef(v.file, v.key);
      if (first && r.file === first.file && r.key === first.key) continue;
      out.push(r);
    }
    return out;
  }

  private mixinIndex: Map<string, { file: string; key: string }[]> | null = null;

  /**
   * A method a mixin's code calls on `self` that the classes using the mixin get from another base
   * (`class GitMixin: … self.get_llm()` used by `class Orchestrator(BaseAgent, GitMixin)`): each such class's.
   */
  private inheritedBySubclasses(file: string, cls: string, name: string): { file: string; key: string; clsFile: string; cls: string }[] {
    if (!this.subclassIndex) this.buildClassIndexes();
    if (!this.mixinIndex) {
      this.mixinIndex = new Map();
      for (const mod of this.modules.values()) {
        if (mod.ignored || mod.language !== 'python') continue;
        for (const c of Object.values(mod.classes)) {
          if (c.bases.length < 2) continue;
          for (const b of this.otherBasesOf(mod.file, c.key)) {
            const k = `${b.file}#${b.key}`;
            const list = this.mixinIndex.get(k) ?? [];
            list.push({ file: mod.file, key: c.key });
            this.mixinIndex.set(k, list);
          }
        }
      }
    }
    const k = `${file}#${cls}`;
    const out: { file: string; key: string; clsFile: string; cls: string }[] = [];
    for (const sub of [...(this.subclassIndex!.get(k) ?? []), ...(this.mixinIndex.get(k) ?? [])].slice(0, 12)) {
      const m = this.findMethod(sub.file, sub.key, name);
      if (m && !out.some((x) => x.file === m.file && x.key === m.key)) out.push({ file: m.file, key: m.key, clsFile: sub.file, cls: sub.key });
    }
    return out;
  }

  private instMember(o: VOf<'inst'>, name: string, src: Src): V {
    if (o.msgs && name === 'messages') return { t: 'arr', items: o.msgs, src };
    // An app's own LangChain chain (`class PythonChain(Chain)` with its `_call`): LangChain's `run`, `__call__`,
    // `invoke`, `predict` run that step with the inputs given.
    const m = this.findMethod(o.file, o.cls, name) ?? (LC_CHAIN_ENTRY.test(name) ? this.ownChainStep(o.file, o.cls, /^a/.test(name)) : null);
    if (m) {
      const mod = this.modules.get(m.file)!;
      const fn = own(mod.fns, m.key);
      // An abstract method (declared, or with no body of its own) of a base: dispatch to the subclasses.
      if (!fn || this.isAbstractMethod(mod, fn)) {
        const impls = this.subclassMethods(o.file, o.cls, name);
        if (impls.length) return this.alt(impls.map((x) => ({ t: 'fn', file: x.file, key: x.key, env: null, self: { ...o, file: x.clsFile, cls: x.cls }, src }) as V), src);
      }
      // A Python @property (`self.client` defined by `@property def client(self)`): reading it runs it.
      if (fn && this.propertyDepth < 4 && fn.decorators?.some((d) => (d.k === 'name' || d.k === 'get') && /^(property|cached_property)$/.test(d.n))) {
        this.propertyDepth++;
        try {
          return this.returnValue(this.runCtx(mod, fn, { pos: [], kw: new Map(), src }, o, null, 1), src);
        } finally {
          this.propertyDepth--;
        }
      }
      if (fn) return { t: 'fn', file: m.file, key: m.key, env: null, self: o, src };
    }
    const f = this.field(o, name, src);
    // A prompt object given as a parameter (`rail: PromptRail`, whose subclasses each write `prompt_template`): the
    // base's empty default is not what is sent — the object the callers pass holds the text (they write the job).
    // So does a record of the app's given as a parameter (`run_config: RunConfig`, a dataclass or pydantic model whose
    // `system_prompt: str | None = None` the callers set: `agent.run(RunConfig(system_prompt=…, prompt=…))`).
    if (o.fromParam?.t === 'param' && !o.ctor && (!f || f.t === 'null' || f.t === 'dyn' || (f.t === 'str' && !f.text.trim() && !f.slots)) && (this.subclassesSet(o.file, o.cls, name) || this.declaredRecordField(o.file, o.cls, name))) {
      return { ...o.fromParam, path: [...o.fromParam.path, name], src };
    }
    if (f) return f;
    // A method only subclasses define (`self.run()` on a base).
    const impls = this.subclassMethods(o.file, o.cls, name);
    if (impls.length) return this.alt(impls.map((x) => ({ t: 'fn', file: x.file, key: x.key, env: null, self: { ...o, file: x.clsFile, cls: x.cls }, src }) as V), src);
    // A mixin's `self.get_llm()`: the method the classes using it inherit from their other bases.
    if (this.lang(this.modules.get(o.file)!) === 'py') {
      const inherited = this.inheritedBySubclasses(o.file, o.cls, name);
      if (inherited.length) return this.alt(inherited.map((x) => ({ t: 'fn', file: x.file, key: x.key, env: null, self: { ...o, file: x.clsFile, cls: x.cls }, src }) as V), src);
    }
    // A class that extends a catalogue class (`class MyLLM(ChatOpenAI)`): behave as that object.
    const sb = this.sdkBaseOf(o.file, o.cls);
    if (sb) return this.member(this.construct(sb, o.ctor ?? { pos: [], kw: new Map(), src }, src), name, src);
    // A class that extends a catalogue object called to make one (`class StageAnalyzerChain(LLMChain)`): made by its
    // arguments, or, known by its type only, by the class's own alternate constructor (`from_llm` returning
    // `cls(prompt=…, llm=…)`).
    const so = this.sdkObjectBaseOf(o.file, o.cls);
    if (so) {
      const made = o.ctor ? this.sdkCallWith(so, o.ctor, src) : this.madeByAlternateCtor(o, so, src);
      if (made) return this.member(made, name, src);
    }
    return { t: 'dyn', src };
  }

  /** A class's base that the catalogue describes as an object one calls to make another (`LLMChain(…)`). */
  sdkObjectBaseOf(file: string, key: string): VOf<'sdk'> | null {
    return this.firstBase(file, key, (v) => (v.t === 'sdk' && !v.path.length && this.kindDef(v.kind)?.def.call ? v : null));
  }

  /** `LLMChain(prompt=…, llm=…)` with arguments already read (made in `file`, the subclass's module). */
  private sdkCallWith(base: VOf<'sdk'>, args: ArgVals, src: Src): V | null {
    const action = this.kindDef(base.kind)?.def.call;
    const mod = this.modules.get(src.file);
    if (!action || !mod) return null;
    const call: CallIR = { f: { k: 'name', n: base.label, p: [src.s, src.s] }, a: [], p: [src.s, src.e], at: src.s, fn: TOP } as unknown as CallIR;
    return this.runAction(this.abstractCtx(mod, TOP), call, action, base.label, base, src, base.provider, args);
  }

  /** What a class's classmethod making `cls(…)` makes (`StageAnalyzerChain.from_llm(llm)`): the first that makes one. */
  private madeByAlternateCtor(o: VOf<'inst'>, base: VOf<'sdk'>, src: Src): V | null {
    const mod = this.modules.get(o.file);
    const cls = own(mod?.classes, o.cls);
    if (!mod || !cls || this.propertyDepth >= 4) return null;
    for (const key of Object.values(cls.methods)) {
      const fn = own(mod.fns, key);
      // Python's `@classmethod`, TypeScript's `static fromLLM(…)`.
      if (!fn || !(fn.isStatic || fn.decorators?.some((d) => d.k === 'name' && d.n === 'classmethod'))) continue;
      this.propertyDepth++;
      try {
        const v = this.returnValue(this.runCtx(mod, fn, { pos: [], kw: new Map(), src }, { t: 'cls', file: o.file, key: o.cls, src }, null, 1), src);
        if (v.t === 'inst' && v.cls === o.cls && v.ctor) return this.sdkCallWith(base, v.ctor, src);
        if (v.t === 'sdk') return v;
      } finally {
        this.propertyDepth--;
      }
    }
    return null;
  }

  isAbstractMethod(mod: ModuleIR, fn: FnIR): boolean {
    // Asked for a method again and again (every call on a base-typed value): read its body once.
    let yes = this.abstractMethods.get(fn);
    if (yes === undefined) this.abstractMethods.set(fn, (yes = this.isAbstractMethodUncached(mod, fn)));
    return yes;
  }

  private readonly abstractMethods = new WeakMap<FnIR, boolean>();

  private isAbstractMethodUncached(mod: ModuleIR, fn: FnIR): boolean {
    const body = mod.text.slice(fn.p[0], fn.p[1]);
    if (fn.returns.length === 0 && !mod.calls.some((c) => c.fn === fn.key)) return true;
    return /raise\s+NotImplementedError|throw new Error\(\s*['"`](not implemented|abstract)/i.test(body) && mod.calls.filter((c) => c.fn === fn.key).length <= 1;
  }

  /** A field of an instance: class attributes and `this.x = …` in its methods (the constructor's first). */
  /** Forgets fields worked out while the linker was still indexing (constructor arguments were not all known). */
  forgetFields(): void {
    this.abstractFields.clear();
  }

  private readonly fieldsInProgress = new Set<string>();
  private readonly abstractFields = new Map<string, V | null>();

  /**
   * A field's value. A field whose assignments read it back (`base = self.api_base.rstrip("/"); self.api_base =
   * f"{base}/v1"`) reads nothing for itself while it is being worked out; the fields of an instance nobody
   * constructed here (no constructor arguments) are worked out once.
   */
  private field(o: VOf<'inst'>, name: string, src: Src, depth = 0, given?: VOf<'inst'>): V | null {
    const key = `${o.file}#${o.cls}#${name}`;
    if (this.fieldsInProgress.has(key)) return null;
    // The object whose setters count: the subclass's instance a base class's field is read for (`given`, or while a
    // base's field of it is worked out: `self.template` in the base's `build`).
    const self0 = given ?? (this.realSelf && this.realSelf !== o && this.isBaseOf(o, this.realSelf) ? this.realSelf : o);
    const cacheable = !o.ctor && depth === 0 && self0 === o;
    if (cacheable && this.abstractFields.has(key)) {
      const hit = this.abstractFields.get(key)!;
      return hit && hit.t !== 'inst' && hit.t !== 'fn' && hit.t !== 'arr' && hit.t !== 'obj' ? ({ ...hit, use: src } as V) : hit;
    }
    this.fieldsInProgress.add(key);
    let v: V | null;
    try {
      v = this.fieldInner(o, name, src, depth, self0);
    } finally {
      this.fieldsInProgress.delete(key);
    }
    if (cacheable && !this.exhausted) this.abstractFields.set(key, v);
    return v;
  }

  /** The instance of a subclass whose base class's fields are being worked out (see `field`). */
  private realSelf: VOf<'inst'> | null = null;

  private isBaseOf(base: VOf<'inst'>, o: VOf<'inst'>): boolean {
    for (let c = this.baseOf(o.file, o.cls), i = 0; c && i < 8; c = this.baseOf(c.file, c.key), i++) if (c.file === base.file && c.key === base.cls) return true;
    return false;
  }

  private fieldInner(o: VOf<'inst'>, name: string, src: Src, depth = 0, self0: VOf<'inst'> = o): V | null {
    if (depth > 10) return null;
    const mod = this.modules.get(o.file);
    const cls = own(mod?.classes, o.cls);
    if (!mod || !cls) return null;
    const entries = own(cls.fields, name);
    // A Python class without __init__ whose fields are declared on it (dataclass, pydantic, attrs, NamedTuple):
    // constructing it sets them (`Job(model="…")`, or by position in declaration order).
    if (entries?.length && o.ctor && mod.language === 'python' && !own(cls.methods, '__init__')) {
      const i = this.declaredFieldIndex(cls).get(name) ?? -1;
      const v = o.ctor.kw.get(name) ?? (i >= 0 ? o.ctor.pos[i] : undefined);
      if (v && v.t !== 'dyn' && v.t !== 'spread') return v.t === 'str' || v.t === 'num' || v.t === 'param' ? ({ ...v, use: src } as V) : v;
    }
    if (entries?.length) {
      const ctorKey = own(cls.methods, 'constructor') ?? own(cls.methods, '__init__');
      let sorted = this.ctorFirst.get(entries);
      if (!sorted) this.ctorFirst.set(entries, (sorted = [...entries].sort((a, b) => (a.fn === ctorKey ? -1 : 0) - (b.fn === ctorKey ? -1 : 0))));
      const values: V[] = [];
      const declared = new Map<V, number>();
      /** Values known only by the field's declared type (`private model?: BaseChatModel`). */
      const byType = new Set<V>();
      for (const f of sorted) {
        const fn = own(mod.fns, f.fn);
        if (!fn) continue;
        const ctx = f.fn === ctorKey && o.ctor ? this.runCtx(mod, fn, o.ctor, o, null, 1) : fn.cls ? { ...this.abstractCtx(mod, f.fn), self: o, memo: new Map(), id: this.nextId++ } : this.abstractCtx(mod, f.fn);
        const outer = this.realSelf;
        if (self0 !== o) this.realSelf = self0;
        let v: V;
        try {
          v = f.e ? this.eval(ctx, f.e) : { t: 'dyn', src };
        } finally {
          this.realSelf = outer;
        }
        // Set by a method of its own from a parameter (`def _init_prompt(self, prompt): self.prompt_tpl =
        // PromptTemplate(template=prompt)`): what the object's own methods hand that method.
        if (f.fn !== ctorKey && f.e && fn.cls) v = this.setBySelfCalls(mod, fn, f.e, self0) ?? v;
        if (v.t === 'param' && o.ctor === undefined && f.fn === ctorKey) {
          // Set from a constructor parameter: what the instantiations pass, when they agree; else its default.
          const byCallers = this.ctorArgument(o.file, o.cls, v);
          if (byCallers) v = byCallers;
          // Nobody passes it: the parameter's default (`def __init__(self, model="claude-…")`) — not an empty object
          // standing for options its declared type describes (`options: ExpanderOptions = {}`): the type says more.
          else if (v.dflt && !v.fallback && v.dflt.t !== 'dyn' && v.dflt.t !== 'resp' && !(f.type && v.dflt.t === 'obj' && !v.dflt.props.size && !v.dflt.spreads.length)) v = v.dflt;
        }
        if ((v.t === 'dyn' || v.t === 'null' || (v.t === 'param' && !o.ctor)) && f.type) {
          const typed = this.typeValue(ctx, f.type, src);
          if (typed.t !== 'dyn') {
            v = typed;
            byType.add(v);
          }
        } else if ((v.t === 'pkg' || v.t === 'resp' || (v.t === 'obj' && f.e?.k === 'call')) && f.type) {
          // `llm: ChatLLM = Node(default_callback=…)`: a framework's descriptor made by a library call; the annotation
          // says what the field holds.
          const typed = this.typeValue(ctx, f.type, src);
          if (typed.t === 'inst' || typed.t === 'iface' || typed.t === 'sdk') v = typed;
        }
        if (v.t !== 'dyn' && v.t !== 'null') {
          values.push(v);
          declared.set(v, f.at);
        }
        // Objects of several classes (`switch (provider) { case …: this.llm = new ClaudeApi(); … }`) are all kept.
        if (values.length >= (values.every((x) => x.t === 'inst' || x.t === 'iface') ? 24 : 4)) break;
      }
      // Declared by its type, then set (`this.model = await this.createModel()`): what it is set to.
      const made = (x: V): boolean => x.t === 'sdk' || x.t === 'inst' || (x.t === 'alt' && x.options.every((o) => o.t === 'sdk' || o.t === 'inst'));
      if (byType.size && values.some((x) => !byType.has(x) && made(x))) for (let i = values.length - 1; i >= 0; i--) if (byType.has(values[i])) values.splice(i, 1);
      // A field set to an object of one class or another, by branch: any of them (an implementation picked at run time).
      const objects = values.filter((x): x is VOf<'inst'> => x.t === 'inst');
      if (objects.length >= 2 && values.every((x) => x.t === 'inst' || x.t === 'iface') && new Set(objects.map((x) => `${x.file}#${x.cls}`)).size >= 2) {
        const seen = new Set<string>();
        return this.alt(objects.filter((x) => !seen.has(`${x.file}#${x.cls}`) && !!seen.add(`${x.file}#${x.cls}`)), src);
      }
      if (values.length) {
        // An array field filled at run time keeps how the code names it (`this.history`).
        const first = values.find((x) => x.t !== 'arr' || x.items.length) ?? values[0];
        if (first.t === 'arr' && !first.use) return { ...first, use: src };
        // A setting kept on the object (`self.model`): read where it is used, known by the class's name for it.
        if ((first.t === 'str' || first.t === 'num') && (!first.via || first.via.kind === 'returned')) {
          const at = declared.get(first) ?? first.src.s;
          return { ...first, via: { kind: 'config', name: `${cls.name}.${name}`, file: o.file, s: at, e: at + name.length }, use: src };
        }
        if (first.t === 'str' || first.t === 'num' || first.t === 'env' || first.t === 'reg' || first.t === 'alt' || first.t === 'param') return { ...first, use: src } as V;
        return first;
      }
    }
    const base = this.baseOf(o.file, o.cls);
    return base ? this.field({ ...o, file: base.file, cls: base.key }, name, src, depth + 1, self0) : null;
  }

  /**
   * Whether a field of an object is set, on some branch, to what a call the engine cannot read returns (`self.llm =
   * dynamic_import(name)`) while another branch sets an object it knows (`self.llm = WebChat()`): the field may hold
   * either, so a method called on it is looked up by name as well.
   */
  fieldPartlyOpaque(o: VOf<'inst'>, name: string): boolean {
    const key = `${o.file}#${o.cls}.${name}`;
    const kept = this.opaqueFields.get(key);
    if (kept !== undefined) return kept;
    this.opaqueFields.set(key, false);
    let known = false;
    let opaque = false;
    for (let c: { file: string; key: string } | null = { file: o.file, key: o.cls }, i = 0; c && i < 6; c = this.baseOf(c.file, c.key), i++) {
      const mod = this.modules.get(c.file);
      const entries = own(own(mod?.classes, c.key)?.fields, name) ?? [];
      for (const f of entries.slice(0, 8)) {
        if (!mod || !f.e || !own(mod.fns, f.fn)) continue;
        const v = this.eval(this.abstractCtx(mod, f.fn), f.e);
        if (v.t === 'inst') known = true;
        else if (v.t === 'resp' || (v.t === 'alt' && v.options.every((x) => x.t === 'resp'))) opaque = true;
      }
    }
    const answer = known && opaque;
    this.opaqueFields.set(key, answer);
    return answer;
  }

  /** Hook set by the linker: the calls reaching a function (`file#key`). */
  callsOf: (fnId: string) => readonly { mod: ModuleIR; call: CallIR }[] = () => [];

  /**
   * A field a method sets from its parameters, read for an instance of `self0`: the method run with what the object's
   * own methods pass it (`self._init_prompt(prompt)` in a subclass's `init_prompt(self, prompt=None)` whose default is
   * a prompt constant). A parameter of that calling method stays one unless no call from outside passes it (then its
   * default: `prompt or llm_prompts.TITLE`). Null when no method of the object's classes calls the setter.
   */
  private setBySelfCalls(mod: ModuleIR, fn: FnIR, e: Expr, self0: VOf<'inst'>): V | null {
    if (!fn.params.length) return null;
    const classes = new Set<string>();
    for (let c: { file: string; key: string } | null = { file: self0.file, key: self0.cls }, i = 0; c && i < 8; c = this.baseOf(c.file, c.key), i++) classes.add(`${c.file}#${c.key}`);
    const calls = this.callsOf(`${mod.file}#${fn.key}`).filter((x) => {
      const caller = own(x.mod.fns, x.call.fn);
      return !!caller?.cls && classes.has(`${x.mod.file}#${caller.cls}`) && x.call.f.k === 'get' && x.call.f.o.k === 'this';
    });
    if (!calls.length) return null;
    // An object made where the calls configuring it are read (`a = Generic(); a.init_prompt(TITLE)`): what they pass.
    const configured = self0.ctor ? this.callsOnMade(self0) : null;
    const resolve = (a: V): V => (configured && this.configuredArg(a, configured)) || this.unlessPassed(a);
    const values: V[] = [];
    for (const x of calls.slice(0, 4)) {
      const callerCtx: Ctx = { ...this.abstractCtx(x.mod, x.call.fn), self: self0, memo: new Map(), id: this.nextId++ };
      const given = this.args(callerCtx, x.call);
      const args: ArgVals = { ...given, pos: given.pos.map(resolve), kw: new Map([...given.kw].map(([k, a]) => [k, resolve(a)])) };
      const v = this.eval(this.runCtx(mod, fn, args, self0, null, 1), e);
      if (v.t !== 'dyn' && v.t !== 'null') values.push(v);
    }
    if (!values.length) return null;
    return values.length === 1 ? values[0] : this.alt(values, values[0].src);
  }

  /**
   * The calls made on an object in the function that made it and keeps it in a variable (`llm_agent = Generic()` …
   * `llm_agent.init_prompt(TITLE)`), by method name. Null when it is not kept in a local variable there.
   */
  private callsOnMade(o: VOf<'inst'>): { mod: ModuleIR; byMethod: Map<string, CallIR[]> } | null {
    const mod = this.modules.get(o.src.file);
    if (!mod) return null;
    let fn: FnIR | undefined;
    for (const f of Object.values(mod.fns)) if (f && f.p[0] <= o.src.s && o.src.e <= f.p[1] && (!fn || f.p[1] - f.p[0] < fn.p[1] - fn.p[0])) fn = f;
    if (!fn) return null;
    const name = Object.entries(fn.locals).find(([, list]) => list.length === 1 && list[0].e.p[0] === o.src.s && list[0].e.p[1] === o.src.e)?.[0];
    if (!name) return null;
    const byMethod = new Map<string, CallIR[]>();
    for (const c of mod.calls) {
      if (c.fn !== fn.key || c.f.k !== 'get' || c.f.o.k !== 'name' || c.f.o.n !== name) continue;
      byMethod.set(c.f.n, [...(byMethod.get(c.f.n) ?? []), c]);
    }
    return byMethod.size ? { mod, byMethod } : null;
  }

  /** A parameter of a method the object's maker calls on it: what that call passes (one call, or all alike). */
  private configuredArg(v: V, configured: { mod: ModuleIR; byMethod: Map<string, CallIR[]> }): V | null {
    if (v.t !== 'param' || v.path.length) return null;
    const owner = this.modules.get(v.owner.slice(0, v.owner.indexOf('#')));
    const method = owner ? own(owner.fns, v.owner.slice(v.owner.indexOf('#') + 1))?.name?.split('.').pop() : undefined;
    const calls = method ? configured.byMethod.get(method) : undefined;
    if (!calls?.length) return null;
    const found: V[] = [];
    for (const c of calls.slice(0, 4)) {
      const args = this.args(this.abstractCtx(configured.mod, c.fn), c);
      const x = args.kw.get(v.name) ?? args.pos[v.index];
      if (x && x.t !== 'dyn') found.push(x);
    }
    return found.length ? (found.length === 1 ? found[0] : this.alt(found, found[0].src)) : null;
  }

  /** A parameter of a method no call from outside its object passes: its default (the value, or an `or` fallback). */
  private unlessPassed(v: V): V {
    const passed = (p: VOf<'param'>): boolean => {
      const fnKey = p.owner.slice(p.owner.indexOf('#') + 1);
      const mod = this.modules.get(p.owner.slice(0, p.owner.indexOf('#')));
      const fn = mod ? own(mod.fns, fnKey) : undefined;
      if (!fn?.cls) return true;
      return this.callsOf(p.owner).some((x) => {
        if (x.call.f.k === 'get' && x.call.f.o.k === 'this') return true;
        const named = !!x.call.kw && Object.prototype.hasOwnProperty.call(x.call.kw, p.name);
        return named || x.call.a.length > p.index || x.call.a.some((a) => a.k === 'spread');
      });
    };
    if (v.t === 'param' && !v.path.length && v.dflt && v.dflt.t !== 'null' && v.dflt.t !== 'dyn' && !passed(v)) return v.dflt;
    if (v.t === 'alt') {
      const kept = v.options.filter((x) => !(x.t === 'param' && !x.path.length && (!x.dflt || x.dflt.t === 'null') && !passed(x)));
      if (kept.length && kept.length < v.options.length) return kept.length === 1 ? kept[0] : { ...v, options: kept };
    }
    return v;
  }

  /**
   * A class's fields declared on it with a type (a dataclass's, a pydantic model's), by name: their position, in
   * declaration order. Read on every field of every construction: once per class, not once per read.
   */
  /** A field declared with a type on a Python class without `__init__` (a dataclass, a pydantic model): set by its makers. */
  private declaredRecordField(file: string, clsKey: string, name: string): boolean {
    const mod = this.modules.get(file);
    const cls = own(mod?.classes, clsKey);
    return !!mod && !!cls && mod.language === 'python' && !own(cls.methods, '__init__') && this.declaredFieldIndex(cls).has(name);
  }

  private declaredFieldIndex(cls: ClassIR): Map<string, number> {
    let index = this.declaredFields.get(cls);
    if (!index) {
      index = new Map();
      let i = 0;
      for (const [n, list] of Object.entries(cls.fields)) if (list.some((f) => f.fn === cls.parent && f.type)) index.set(n, i++);
      this.declaredFields.set(cls, index);
    }
    return index;
  }

  private readonly declaredFields = new WeakMap<ClassIR, Map<string, number>>();
  /** A field's assignments, the constructor's first (per field of a class: its IR does not change during a link). */
  private readonly ctorFirst = new WeakMap<ClassIR['fields'][string], ClassIR['fields'][string]>();
  private readonly opaqueFields = new Map<string, boolean>();

  /** Hook set by the linker: the value instantiations of a class pass for a constructor parameter. */
  ctorArgument: (file: string, cls: string, param: VOf<'param'>) => V | null = () => null;

  private buildClassIndexes(): void {
    this.subclassIndex = new Map();
    this.implIndex = new Map();
    for (const mod of this.modules.values()) {
      if (mod.ignored) continue;
      for (const cls of Object.values(mod.classes)) {
        // Every base of the app's (`class OpenAICompatibleTextProvider(_OpenAICompatibleBase, TextModelProvider)`).
        for (const base of this.basesOf(mod.file, cls.key)) {
          const k = `${base.file}#${base.key}`;
          const list = this.subclassIndex.get(k) ?? [];
          list.push({ file: mod.file, key: cls.key });
          this.subclassIndex.set(k, list);
        }
        for (const i of cls.impl) {
          const list = this.implIndex.get(i) ?? [];
          list.push({ file: mod.file, key: cls.key });
          this.implIndex.set(i, list);
        }
        // Python Protocols and ABCs by name: bases named like the protocol are in `bases`, caught above.
      }
    }
  }

  /** Whether a subclass of a class (transitively, a few levels) sets the attribute `name` itself. */
  private subclassesSet(file: string, cls: string, name: string): boolean {
    if (!this.subclassIndex) this.buildClassIndexes();
    const seen = new Set<string>();
    let frontier = [`${file}#${cls}`];
    for (let level = 0; level < 4 && frontier.length; level++) {
      const next: string[] = [];
      for (const k of frontier) {
        for (const sub of (this.subclassIndex!.get(k) ?? []).slice(0, 40)) {
          const id = `${sub.file}#${sub.key}`;
          if (seen.has(id)) continue;
          seen.add(id);
          if (own(own(this.modules.get(sub.file)?.classes, sub.key)?.fields, name)?.length) return true;
          next.push(id);
        }
      }
      frontier = next;
    }
    return false;
  }

  /** Overrides of a method in the subclasses of a class (transitively), and implementations of an interface. */
  subclassMethods(file: string, cls: string, name: string): { file: string; key: string; clsFile: string; cls: string }[] {
    if (!this.subclassIndex) this.buildClassIndexes();
    const out: { file: string; key: string; clsFile: string; cls: string }[] = [];
    const seen = new Set<string>();
    const queue = [`${file}#${cls}`];
    while (queue.length && out.length < 12) {
      const k = queue.shift()!;
      for (const sub of this.subclassIndex!.get(k) ?? []) {
        const sk = `${sub.file}#${sub.key}`;
        if (seen.has(sk)) continue;
        seen.add(sk);
        const m = own(own(this.modules.get(sub.file)?.classes, sub.key)?.methods, name);
        if (m) out.push({ file: sub.file, key: m, clsFile: sub.file, cls: sub.key });
        queue.push(sk);
      }
    }
    return out;
  }

  private readonly structuralCache = new Map<string, { file: string; key: string; cls: string }[]>();

  /** Classes (of the same language) that have every method of a protocol class, with their method `name`. */
  private structuralImpls(file: string, protoKey: string, name: string): { file: string; key: string; cls: string }[] {
    const cacheKey = `${file}#${protoKey}#${name}`;
    const hit = this.structuralCache.get(cacheKey);
    if (hit) return hit;
    const out: { file: string; key: string; cls: string }[] = [];
    const protoMod = this.modules.get(file);
    const proto = own(protoMod?.classes, protoKey);
    if (protoMod && proto) {
      const needed = Object.keys(proto.methods);
      for (const mod of this.modules.values()) {
        if (mod.ignored || mod.language !== protoMod.language || out.length >= 12) continue;
        for (const cls of Object.values(mod.classes)) {
          if ((mod.file === file && cls.key === protoKey) || !needed.every((m) => own(cls.methods, m))) continue;
          const m = own(cls.methods, name);
          if (m) out.push({ file: mod.file, key: m, cls: cls.key });
          if (out.length >= 12) break;
        }
      }
    }
    this.structuralCache.set(cacheKey, out);
    return out;
  }

  /** The workspace's types that extend a type of this name, in module and declaration order; built once per link. */
  private typesExtending(name: string): readonly { file: string; name: string }[] {
    if (!this.extIndex) {
      // Looked up for every call on an interface-typed value that no class implements: a scan of every module's types
      // per call was most of a large app's link.
      this.extIndex = new Map();
      for (const mod of this.modules.values()) {
        for (const t of Object.values(mod.types)) {
          for (const e of new Set(t.ext)) {
            const list = this.extIndex.get(e);
            if (list) list.push({ file: mod.file, name: t.name });
            else this.extIndex.set(e, [{ file: mod.file, name: t.name }]);
          }
        }
      }
    }
    return this.extIndex.get(name) ?? [];
  }

  private extIndex: Map<string, { file: string; name: string }[]> | null = null;

  /** A value typed by an interface: each implementation's method. */
  private dispatch(o: VOf<'iface'>, name: string, src: Src): V {
    if (!this.implIndex) this.buildClassIndexes();
    // A property the type declares (`llm: BaseLLM<any>` in `type Input = { … }`): what its own type says it is.
    const declMod = this.modules.get(o.file);
    const decl = own(declMod?.types, o.name);
    const propType = decl?.props ? own(decl.props, name) : undefined;
    if (declMod && propType) {
      const v = this.typeValue(this.abstractCtx(declMod, TOP), propType, src);
      if (v.t !== 'dyn') return v;
    }
    const impls = this.implIndex!.get(o.name) ?? [];
    const out: V[] = [];
    for (const c of impls) {
      const m = this.findMethod(c.file, c.key, name);
      // The abstract method of a base named by the annotation (`-> TextModelProvider`): its subclasses' below.
      const mMod = m ? this.modules.get(m.file) : undefined;
      const mFn = m && mMod ? own(mMod.fns, m.key) : undefined;
      if (m && mMod && mFn && o.cls && c.key === o.cls && c.file === o.file && this.isAbstractMethod(mMod, mFn)) continue;
      if (m) out.push({ t: 'fn', file: m.file, key: m.key, env: null, self: { t: 'inst', file: c.file, cls: c.key, src }, src });
      if (out.length >= 12) break;
    }
    // An abstract base or a Protocol (a workspace class): its subclasses' methods; for a Protocol nobody subclasses,
    // the classes that have all its methods (structural typing).
    if (!out.length && o.cls) {
      for (const x of this.subclassMethods(o.file, o.cls, name)) out.push({ t: 'fn', file: x.file, key: x.key, env: null, self: { t: 'inst', file: x.clsFile, cls: x.cls, src }, src });
      if (!out.length) for (const x of this.structuralImpls(o.file, o.cls, name)) out.push({ t: 'fn', file: x.file, key: x.key, env: null, self: { t: 'inst', file: x.file, cls: x.cls, src }, src });
    }
    // Interfaces extended by others (`interface OpenAIProvider extends ChatProvider`) and classes implementing those.
    if (!out.length && decl?.union) for (const u of decl.union) out.push(this.dispatch({ ...o, name: u }, name, src));
    if (!out.length) {
      for (const t of this.typesExtending(o.name)) {
        if (t.name === o.name) continue;
        const v = this.dispatch({ t: 'iface', file: t.file, name: t.name, src }, name, src);
        if (v.t !== 'dyn') out.push(v);
      }
    }
    // A concrete method of the class itself (a base class whose method is not overridden).
    if (!out.length && o.cls) {
      const m = this.findMethod(o.file, o.cls, name);
      if (m) out.push({ t: 'fn', file: m.file, key: m.key, env: null, self: { t: 'inst', file: o.file, cls: o.cls, src }, src });
    }
    if (!out.length) return { t: 'dyn', src };
    return this.alt(out, src);
  }

  /** What a type annotation says a value is: a catalogue client, a workspace class instance, an interface. */
  typeValue(ctx: Ctx, type: TypeIR, src: Src, depth = 0): V {
    if (depth > 5) return { t: 'dyn', src };
    switch (type.k) {
      case 'union': {
        const vs = type.ts.map((t) => this.typeValue(ctx, t, src, depth + 1)).filter((v) => v.t !== 'dyn');
        return vs.length ? this.alt(vs, src) : { t: 'dyn', src };
      }
      case 'ref': {
        let n = type.n;
        // `Pick<ProviderRuntimePort, "generateText">`, `Omit<…>`: the methods called through it are the type's.
        if ((WRAPPER_TYPE.test(n) || /^(Type|Pick|Omit)$/.test(n)) && type.args?.[0]) return this.typeValue(ctx, type.args[0], src, depth + 1);
        if (n.startsWith('typeof ')) n = n.slice(7);
        const parts = n.split('.');
        // A type named like a parameter of the same scope (`function f(IFoo: IFoo)`) would read the parameter, whose
        // type is this one again: read once.
        const typing = `${ctx.mod.file}#${ctx.fn.key}:${parts[0]}`;
        if (this.typing.has(typing)) return { t: 'dyn', src };
        this.typing.add(typing);
        let v: V;
        try {
          v = this.name(ctx, parts[0], Number.MAX_SAFE_INTEGER, src);
        } finally {
          this.typing.delete(typing);
        }
        for (const p of parts.slice(1)) v = this.member(v, p, src);
        if (v.t === 'sdkclass') return { t: 'sdk', kind: v.kind, provider: this.kindDef(v.kind)?.def.providerFromClass ? providerOfClassName(v.label) : (this.kindDef(v.kind)?.provider ?? null), bound: new Map(), path: [], flags: {}, label: `typed ${v.label}`, src };
        if (v.t === 'sdk') return v;
        if (v.t === 'cls') {
          const mod = this.modules.get(v.file);
          const cls = own(mod?.classes, v.key);
          if (cls?.abstract || this.isProtocolLike(v.file, v.key)) {
            // A callable protocol (`class LLMAPIHandler(Protocol): def __call__(…)`): the functions the workspace's
            // factories of that type return.
            if (cls && Object.keys(cls.methods).length === 1 && own(cls.methods, '__call__')) {
              const made = this.factoryResults(v.file, v.key, src);
              if (made) return made;
            }
            return { t: 'iface', file: v.file, name: cls!.name, cls: v.key, src };
          }
          return { t: 'inst', file: v.file, cls: v.key, src };
        }
        if (v.t === 'iface') return v;
        return { t: 'dyn', src };
      }
      case 'lit':
        return this.literalTypeValue(ctx, type, src, depth);
      default:
        return { t: 'dyn', src };
    }
  }

  /**
   * An object type written in place (`ports: { textGeneration: TextGenerationPort; now: () => number }`): an object
   * whose members are what their types say, when one of them is an interface, a class or a client; else unknown.
   */
  private literalTypeValue(ctx: Ctx, type: Extract<TypeIR, { k: 'lit' }>, src: Src, depth: number): V {
    const props = new Map<string, V>();
    for (const [k, t] of Object.entries(type.props).slice(0, 40)) {
      const v = this.typeValue(ctx, t, src, depth + 1);
      if (v.t === 'iface' || v.t === 'inst' || v.t === 'sdk') props.set(k, v);
    }
    return props.size ? { t: 'obj', props, spreads: [], src } : { t: 'dyn', src };
  }

  private retIndex: Map<string, { file: string; key: string }[]> | null = null;
  private readonly factoryCache = new Map<string, V | null>();

  /**
   * What the workspace's factories of a type return (`def get_handler(…) -> LLMAPIHandler: … return handler`): the
   * functions among their return values, or null when none is known.
   */
  private factoryResults(file: string, clsKey: string, src: Src): V | null {
    const cacheKey = `${file}#${clsKey}`;
    if (this.factoryCache.has(cacheKey)) return this.factoryCache.get(cacheKey)!;
    this.factoryCache.set(cacheKey, null); // a factory whose body asks for its own type: nothing yet
    if (!this.retIndex) {
      this.retIndex = new Map();
      for (const mod of this.modules.values()) {
        if (mod.ignored) continue;
        for (const fn of Object.values(mod.fns)) {
          let t = fn.ret;
          while (t?.k === 'ref' && /^(Optional|Awaitable|Coroutine|Promise)$/.test(t.n) && t.args?.length) t = t.args[t.args.length - 1];
          if (t?.k !== 'ref') continue;
          const last = t.n.split('.').pop()!;
          const list = this.retIndex.get(last) ?? [];
          list.push({ file: mod.file, key: fn.key });
          this.retIndex.set(last, list);
        }
      }
    }
    const clsName = own(this.modules.get(file)?.classes, clsKey)?.name ?? '';
    const out: V[] = [];
    const seen = new Set<string>();
    const add = (v: V) => {
      if (out.length >= 12) return;
      if (v.t === 'alt') for (const o of v.options) add(o);
      else if (v.t === 'fn' && !seen.has(`${v.file}#${v.key}`)) {
        seen.add(`${v.file}#${v.key}`);
        out.push(v);
      }
    };
    for (const f of (this.retIndex.get(clsName) ?? []).slice(0, 24)) {
      const mod = this.modules.get(f.file);
      const fn = own(mod?.fns, f.key);
      if (!mod || !fn?.ret) continue;
      const ctx = this.abstractCtx(mod, fn.key);
      const typed = this.name(ctx, clsName, Number.MAX_SAFE_INTEGER, src);
      if (typed.t !== 'cls' || typed.file !== file || typed.key !== clsKey) continue;
      add(this.returnValue(ctx, src));
    }
    const v = out.length ? this.alt(out, src) : null;
    this.factoryCache.set(cacheKey, v);
    return v;
  }

  private isProtocolLike(file: string, key: string): boolean {
    const mod = this.modules.get(file);
    const cls = own(mod?.classes, key);
    if (!mod || !cls) return false;
    if (cls.bases.some((b) => /Protocol|ABC/.test(mod.text.slice(b.p[0], b.p[1])))) return true;
    const methods = Object.values(cls.methods).map((k) => own(mod.fns, k)).filter((m): m is FnIR => !!m);
    return methods.length > 0 && methods.every((m) => this.isAbstractMethod(mod, m));
  }

  // --- calls -------------------------------------------------------------------------------------------------

  args(ctx: Ctx, call: CallIR): ArgVals {
    const pos: V[] = [];
    for (const a of call.a.slice(0, 32)) {
      if (a.k === 'spread' && !a.kw) {
        const inner = this.eval(ctx, a.o);
        if (inner.t === 'arr') pos.push(...inner.items);
        else pos.push({ t: 'spread', of: inner, src: this.src(ctx.mod, a.p) });
      } else if (a.k === 'spread' && a.kw) {
        // handled below
      } else pos.push(this.eval(ctx, a));
    }
    const kw = new Map<string, V>();
    let kwSpreads: V[] | undefined;
    for (const a of call.a) {
      if (a.k === 'spread' && a.kw) {
        const inner = this.eval(ctx, a.o);
        const o = this.objOf(inner);
        if (o) {
          // `create(**params)` of `params = {…defaults}; params.update(kwargs)`: the keys of what was merged in too.
          const flat = this.flatKw(o, 0);
          for (const [k, v] of flat.props) kw.set(k, v);
          if (flat.params.length) (kwSpreads ??= []).push(...flat.params);
        }
        // The caller's own `**kwargs` passed on: the callee's `**kwargs` (and what it reads from it) is the caller's.
        else if (inner.t === 'param') (kwSpreads ??= []).push(inner);
      }
    }
    if (call.kw) for (const [k, x] of Object.entries(call.kw)) kw.set(k, this.eval(ctx, x));
    return { pos, kw, src: this.src(ctx.mod, call.p), ...(kwSpreads ? { kwSpreads } : {}) };
  }

  call(ctx: Ctx, call: CallIR, src: Src): V {
    const f = this.eval(ctx, call.f);
    const v = this.apply(ctx, call, f, src);
    if (v.t === 'resp' || v.t === 'dyn') {
      const handed = this.handedBack(ctx, call, f, src);
      if (handed) return handed;
      // A function a parameter's declared type describes (`options: { getChatModel?: () => Promise<BaseChatModel> }`,
      // handed down through constructors): what its declared return type says, when that is a client or a class.
      const declared = f.t === 'param' && f.path.length ? this.declaredReturn(f, src) : null;
      if (declared) return declared;
    }
    if ((v.t === 'resp' || v.t === 'dyn') && (f.t === 'fn' || f.t === 'dyn' || f.t === 'resp' || (f.t === 'pkg' && f.module !== '<global>'))) {
      // A prompt written inline and handed to a helper that trims, dedents or shortens it (`shorten(\`…\`, 2000)`):
      // the helper does not change what the prompt asks.
      const a0 = call.a[0] && call.a[0].k !== 'spread' ? this.eval(ctx, call.a[0]) : null;
      if (a0?.t === 'str' && a0.text.replace(/\s+/g, '').length >= 20) {
        const name = lastName(call.f) ?? 'a helper';
        return { ...a0, via: a0.via ?? { kind: 'passed', name, file: ctx.mod.file, s: src.s, e: src.e }, use: src };
      }
    }
    return v;
  }

  /**
   * The declared return type of a function reached through a parameter's type (`options.getChatModel` of `options:
   * QueryExpanderOptions`, the interface declaring `getChatModel?: () => Promise<BaseChatModel | null>`): an SDK
   * object, an interface or a class instance, else null.
   */
  private declaredReturn(p: VOf<'param'>, src: Src): V | null {
    const at = p.owner.indexOf('#');
    const mod = this.modules.get(p.owner.slice(0, at));
    const fn = own(mod?.fns, p.owner.slice(at + 1));
    const param = fn?.params.find((x) => x.index === p.index && !x.path);
    if (!mod || !fn || !param?.type) return null;
    const ctx = this.abstractCtx(mod, fn.key);
    const unwrap = (t: TypeIR | undefined): TypeIR | undefined => {
      for (let i = 0; t && i < 4; i++) {
        if (t.k === 'ref' && WRAPPER_TYPE.test(t.n) && t.args?.[0]) t = t.args[0];
        else if (t.k === 'union') t = t.ts.find((u) => !(u.k === 'ref' && /^(null|undefined|None)$/.test(u.n)) && u.k !== 'other');
        else break;
      }
      return t;
    };
    let type = unwrap(param.type);
    for (const [i, seg] of p.path.entries()) {
      const last = i === p.path.length - 1;
      if (!type) return null;
      if (type.k === 'lit') {
        type = unwrap(type.props[seg]);
        if (last) type = type?.k === 'fn' ? type.ret : undefined;
        continue;
      }
      if (type.k !== 'ref') return null;
      // Declared beside the function, or imported (a name of another module's types reads as an interface).
      let decl = own(mod.types, type.n);
      if (!decl) {
        const named = this.typeValue(ctx, { k: 'ref', n: type.n }, src);
        decl = named.t === 'iface' ? own(this.modules.get(named.file)?.types, named.name) : undefined;
      }
      if (!decl) return null;
      type = unwrap(last ? own(decl.returns, seg) : own(decl.props, seg));
    }
    if (!type) return null;
    const v = this.typeValue(ctx, type, src);
    return v.t === 'sdk' || v.t === 'inst' || v.t === 'iface' || (v.t === 'alt' && v.options.some((o) => o.t === 'sdk')) ? v : null;
  }

  /**
   * A model handed back by a call that runs what it is given (`asyncio.run(provision(…))`,
   * `loop.run_until_complete(provision(…))`, `pool.submit(make_model).result()`): the model, else null. Only SDK
   * objects are taken through: other values of such calls stay what they were.
   */
  private handedBack(ctx: Ctx, call: CallIR, f: V, src: Src): V | null {
    if (f.t === 'fn' || call.f.k !== 'get' && call.f.k !== 'name') return null;
    const lang = this.lang(ctx.mod);
    const name = lastName(call.f);
    const isSdk = (x: V) => x.t === 'sdk' || (x.t === 'alt' && x.options.some((o) => o.t === 'sdk'));
    if (name && call.a[0]?.k === 'call' && AWAITERS.some((a) => a.lang === lang && a.name === name)) {
      const inner = this.eval(ctx, call.a[0]);
      return isSdk(inner) ? inner : null;
    }
    // `pool.submit(fn, *args).result()`: what `fn(*args)` returns.
    if (name === 'result' && !call.a.length && call.f.k === 'get' && call.f.o.k === 'call') {
      const submit = ctx.mod.calls[call.f.o.id];
      const runner = RUNNERS.find((r) => r.lang === lang && r.name === lastName(submit.f));
      if (!runner || submit.a.length <= runner.fnArg || submit.a.some((a) => a.k === 'spread')) return null;
      const fnExpr = submit.a[runner.fnArg];
      const g = this.eval(ctx, fnExpr);
      if (g.t !== 'fn') return null;
      const out = this.apply(ctx, { ...submit, f: fnExpr, a: submit.a.slice(runner.fnArg + 1), kw: undefined }, g, src);
      return isSdk(out) ? out : null;
    }
    return null;
  }

  /**
   * A chat model of LangChain known by its declared type only (`-> BaseChatModel`, `llm: BaseLanguageModel`), the
   * class built at run time: a chat model whose model is `model` (the expression that chose it), else null.
   */
  modelOfType(mod: ModuleIR, t: TypeIR | undefined, model: V, src: Src): V | null {
    while (t?.k === 'ref' && /^(Optional|Awaitable|Coroutine|Promise)$/.test(t.n.split('.').pop()!) && t.args?.length) t = t.args[t.args.length - 1];
    if (t?.k === 'union') {
      const refs = t.ts.filter((x) => !(x.k === 'ref' && /^(None|null|undefined)$/.test(x.n)));
      t = refs.length === 1 ? refs[0] : undefined;
    }
    if (t?.k !== 'ref') return null;
    const last = t.n.split('.').pop()!;
    // LangChain's type, not the app's own class of the same name (`class LLM(ABC)`).
    const imported = own(mod.imports, t.n.split('.')[0]);
    if (!imported || !/^@?langchain/.test(imported.m)) return null;
    const isModel = LC_MODEL_TYPES.test(last) || (LC_MODEL_RUNNABLE.type.test(last) && !!t.args?.some((a) => a.k === 'ref' && LC_MODEL_RUNNABLE.answers.test(a.n.split('.').pop()!)));
    if (!isModel) return null;
    return { t: 'sdk', kind: 'lc.chat', provider: null, bound: new Map<string, V>([['model', model]]), path: [], flags: {}, label: last, src };
  }

  /** The value of calling `f` at `call` (arguments evaluated in `ctx`). */
  apply(ctx: Ctx, call: CallIR, f: V, src: Src): V {
    const calleeName = lastName(call.f);
    // `this.agents.get(threadId)` with `this.agents.set(id, agent)` in a method: the objects kept there.
    const kept = call.f.k === 'get' && call.f.n === 'get' && call.a.length === 1 && call.f.o.k === 'get' && call.f.o.o.k === 'this' ? this.keptById(ctx, call.f.o.n, src) : null;
    if (kept) return kept;
    // The task-type registry: modelFor("x") / model_for("x").
    if (calleeName && REGISTRY_FN.test(calleeName)) {
      // model_for("x") / model_for(task="x")
      const taskArg = call.a[0] ?? own(call.kw, 'task') ?? own(call.kw, 'task_type') ?? (call.kw ? Object.values(call.kw)[0] : undefined);
      const a0 = taskArg ? this.eval(ctx, taskArg) : undefined;
      const task = a0?.t === 'str' && a0.slots === 0 ? a0.text : null;
      let model: V | null = null;
      if (f.t === 'fn' && task) {
        // `MODEL_REGISTRY[task] ?? DEFAULT_MODEL`, `hasOwn(…) ? models[task] : DEFAULT_MODEL`: the entry, else the default.
        const r = this.enter(ctx, call, f, src);
        const options = r.t === 'alt' ? r.options : [r];
        const entry = options.find((o) => o.t === 'reg' && o.model);
        model = entry?.t === 'reg' ? entry.model : (options.find((o) => o.t === 'str') ?? (r.t === 'reg' ? r.model : null));
      }
      return { t: 'reg', task, model, src };
    }
    switch (f.t) {
      case 'fn':
        // `this.chat.bind(this)`: the function itself, not its answer.
        if (isBindCall(call)) return f;
        return this.enter(ctx, call, f, src);
      case 'cls': {
        const sb = this.sdkBaseOf(f.file, f.key);
        const args = this.args(ctx, call);
        const fcls = own(this.modules.get(f.file)?.classes, f.key);
        if (sb && !own(fcls?.methods, '__init__') && !own(fcls?.methods, 'constructor')) return this.construct({ ...sb, label: fcls?.name ?? sb.label }, args, src);
        // A list of the app's own (`class ChatMessages(list)`, `extends Array`) made from a list: that list's items.
        const mod = this.modules.get(f.file);
        if (mod && fcls?.bases.some((b) => /^(?:list|List|UserList|Array)$/.test(mod.text.slice(b.p[0], b.p[1]).replace(/\[.*$|<.*$/s, '').trim())) && args.pos[0]?.t === 'arr') return { ...args.pos[0], src };
        return { t: 'inst', file: f.file, cls: f.key, ctor: args, src };
      }
      case 'inst': {
        // Python `obj(...)`: its __call__.
        const m = this.findMethod(f.file, f.cls, '__call__') ?? this.ownChainStep(f.file, f.cls, false);
        if (m) return this.enter(ctx, call, { t: 'fn', file: m.file, key: m.key, env: null, self: f, src }, src);
        return { t: 'resp', src };
      }
      case 'sdkclass':
        return this.construct(f, this.args(ctx, call), src);
      case 'sdk':
        return this.sdkCall(ctx, call, f, src);
      case 'action':
        return this.runAction(ctx, call, f.action, f.label, null, src, f.provider);
      case 'method':
        return this.builtinMethod(ctx, call, f, src);
      case 'pkg':
        return this.packageCall(ctx, call, f, src);
      case 'alt': {
        const out = f.options.slice(0, 6).map((o) => this.apply(ctx, call, o, src)).filter((v) => v.t !== 'dyn' && v.t !== 'resp');
        return out.length ? this.alt(out, src) : { t: 'resp', src };
      }
      case 'param':
      case 'dyn':
      case 'resp':
        // `index.as_query_engine(llm=llm)` on an index passed in or loaded where it is not followed, in a module of a
        // LlamaIndex app: the method names what it makes, a query or chat engine.
        if (call.f.k === 'get' && (call.f.n === 'as_query_engine' || call.f.n === 'as_chat_engine') && this.lang(ctx.mod) === 'py' && Object.values(ctx.mod.imports).some((i) => /^(llama_index|gpt_index)(\.|$)/.test(i.m))) {
          const index: V = { t: 'sdk', kind: 'li.index', provider: null, bound: new Map(), path: [], flags: {}, label: 'index', src };
          return this.apply(ctx, call, this.member(index, call.f.n, src, ctx), src);
        }
        // `ai_handler: partial[BaseAiHandler] = LiteLLMAIHandler` … `ai_handler()`: a class or factory given by default.
        if (f.t === 'param' && !f.path.length && !f.fallback && (f.dflt?.t === 'cls' || f.dflt?.t === 'fn' || f.dflt?.t === 'sdkclass') && call.f.k === 'name') return this.apply(ctx, call, f.dflt, src);
        // A template the object was given or else its own default (`(prompt_template or self.DEFAULT_PROMPT).format(
        // text=text)`): the default, filled, is what a reader sees.
        if (f.t === 'param' && f.fallback && f.dflt && call.f.k === 'get' && f.path.length === 1 && /^(format|format_map|replace|strip)$/.test(call.f.n)) {
          const d = f.dflt.t === 'alt' ? f.dflt.options.find((o) => o.t === 'str') : f.dflt;
          if (d?.t === 'str' && d.text.trim().length >= 20) return this.builtinMethod(ctx, call, { t: 'method', recv: d, name: call.f.n, src }, src);
        }
        // The caller's list, narrowed or searched (`messages.filter(…)`, `messages.find(…)`): still the caller's.
        if (f.t === 'param' && call.f.k === 'get' && f.path.length && f.path[f.path.length - 1] === call.f.n) {
          const base = f.path.slice(0, -1);
          if (call.f.n === 'concat' && call.a.length) {
            // `history.concat({ role: "user", content: "Give this a title…" })`: the caller's turns and the written ones.
            const more = call.a.map((x) => this.eval(ctx, x)).flatMap((a) => (a.t === 'arr' ? a.items : [a]));
            if (more.some((m) => this.isMessage(m) && this.writtenLength(m, 0) >= 20)) return { t: 'arr', items: [{ t: 'spread', of: { ...f, path: base }, src } as V, ...more].slice(0, MAX_ITEMS), src, use: src };
          }
          if (/^(filter|slice|toReversed|toSorted|reversed|copy|concat|fork|clone|model_copy)$/.test(call.f.n)) return { ...f, path: base, src };
          if (/^(find|findLast|at|pop|shift)$/.test(call.f.n)) return { ...f, path: [...base, '[]'], src };
          // `llm.with_structured_output(Rating)`, `llm.bind_tools(tools)` on a model passed in: still the caller's model.
          if (this.lang(ctx.mod) === 'py' && /^(with_structured_output|bind_tools|with_retry|with_config|with_fallbacks)$/.test(call.f.n)) {
            // (The tools it binds are this function's: kept for the chain it goes into.)
            const tools = call.f.n === 'bind_tools' ? (call.kw?.tools ? this.eval(ctx, call.kw.tools) : call.a[0] ? this.eval(ctx, call.a[0]) : undefined) : undefined;
            return { ...f, path: base, src, ...(tools ? { tools } : {}) };
          }
        }
        // An environment schema parsed (`const config = envSchema.parse(process.env)`): the values its fields default to.
        if (call.f.k === 'get' && call.f.n === 'parse' && f.t !== 'param') {
          const v = this.schemaValue(ctx, call.f.o, 0);
          if (v) return v;
        }
        // A schema field's default (`z.string().default("gpt-4.1-mini")` of an environment schema): the value it gives.
        if (call.f.k === 'get' && call.f.n === 'default' && call.a.length === 1 && f.t !== 'param') {
          const d = this.eval(ctx, call.a[0]);
          if ((d.t === 'str' && !d.slots) || d.t === 'num' || d.t === 'bool') return d;
        }
        // `config["configurable"].get("model", "gpt-4o")` on a value known only at run time: its default, as a fallback.
        if (call.f.k === 'get' && call.f.n === 'get' && call.a.length === 2 && !call.kw) {
          const [k, d] = call.a.map((x) => this.eval(ctx, x));
          if (k.t === 'str' && !k.slots && d.t === 'str' && d.text.trim() && !d.slots) {
            if (f.t === 'param' && f.path[f.path.length - 1] === 'get') return { ...f, path: [...f.path.slice(0, -1), k.text], dflt: d, fallback: true, src };
            if (f.t !== 'param') return d;
          }
        }
        // `prompt.strip()`, `text.trim()` on a parameter: still the caller's text (its callers write it).
        if (f.t === 'param' && call.f.k === 'get' && TRIM_METHODS.test(call.f.n) && f.path[f.path.length - 1] === call.f.n && !call.a.length) return { ...f, path: f.path.slice(0, -1), use: src };
        // `template.replace(f"{{{key}}}", str(value))`, `template.format(**values)` on a template passed in: the
        // caller's template with its holes filled — still the caller's text (its callers write the job). So is a Jinja
        // template made from it (`env.from_string(system_prompt).render(variables)`).
        if (f.t === 'param' && call.f.k === 'get' && (/^(replace|replaceAll|format|format_map)$/.test(call.f.n) || (call.f.n === 'render' && ctx.mod.language === 'python')) && f.path[f.path.length - 1] === call.f.n && call.a.length + Object.keys(call.kw ?? {}).length > 0) return { ...f, path: f.path.slice(0, -1), use: src };
        // `items.map((x) => \`…${x}\`)` on a list known only at run time: one item of what the callback returns.
        if (call.f.k === 'get' && (call.f.n === 'map' || call.f.n === 'flatMap') && call.a[0]?.k === 'fn') {
          // A template the caller may give, else one written here (`(commitTemplate || client.defaultCommitTemplate)
          // .map((m) => …)`): still the caller's, with the written one mapped as its default.
          const given = f.t === 'param' && f.fallback && f.dflt ? (f.dflt.t === 'alt' ? f.dflt.options.find((o) => o.t === 'arr' && !o.runtime) : f.dflt.t === 'arr' && !f.dflt.runtime ? f.dflt : undefined) : undefined;
          if (f.t === 'param' && given) {
            const d = this.builtinMethod(ctx, call, { t: 'method', recv: given, name: call.f.n, src }, src);
            if (d.t === 'arr' && d.items.length) return { ...f, path: f.path[f.path.length - 1] === call.f.n ? f.path.slice(0, -1) : f.path, dflt: d, fallback: true, src };
          }
          const mapped = this.builtinMethod(ctx, call, { t: 'method', recv: { t: 'arr', items: [], src }, name: call.f.n, src }, src);
          // The caller's messages converted to another SDK's shape: still the caller's messages.
          if (f.t === 'param' && mapped.t === 'arr' && mapped.items.length && mapped.items.every((it) => this.isMessage(it) || (it.t === 'alt' && it.options.some((o) => this.isMessage(o))))) return f;
          return mapped;
        }
        return { t: 'resp', src };
      case 'reg':
        return { t: 'dyn', src };
      default:
        return { t: 'resp', src };
    }
  }

  /**
   * The list parameter a comprehension's item is made from, when the item is a turn or a text part filled from one
   * item of it (`{"role": m.role, "content": m.text}`, `{"type": "text", "text": m.content}`); else null.
   */
  private itemOfParamList(item: V): VOf<'param'> | null {
    const o = this.messageObj(item);
    if (!o) return null;
    const text = this.prop(o, 'content') ?? this.prop(o, 'text') ?? this.prop(o, 'parts') ?? this.prop(o, 'message');
    if (text?.t !== 'param' || !text.path.includes('[]')) return null;
    if (!this.isMessage(item) && this.prop(o, 'type')?.t !== 'str') return null;
    return text;
  }

  /** A message record of the app's own class with its text and no role field (`UserMessage(content=…)`). */
  private isMessageRecord(v: V): boolean {
    return v.t === 'inst' && !!v.ctor && ['content', 'message', 'text', 'parts'].some((k) => v.ctor!.kw.has(k));
  }

  /** A chat turn written as an object: `{ role, content }` (or `parts`, `text`). */
  private isMessage(v: V): boolean {
    const o = this.messageObj(v);
    return !!o && !!(this.prop(o, 'role') ?? this.prop(o, 'message_type') ?? this.prop(o, 'type')) && !!this.messageContent(o);
  }

  /**
   * What a chat turn says: `content`, Gemini's `parts`, an app's own `contentParts` (`[{ type: 'text', text }]`, turned
   * into the SDK's shape by the app's plumbing), `text` or `message`.
   */
  messageContent(o: VOf<'obj'>): V | undefined {
    return this.prop(o, 'content') ?? this.prop(o, 'parts') ?? this.prop(o, 'contentParts') ?? this.prop(o, 'content_parts') ?? this.prop(o, 'text') ?? this.prop(o, 'message');
  }

  /**
   * A chat turn as an object: written (`{ role, content }`) or a workspace record built with keywords
   * (`ChatMessage(message=…, message_type=MessageType.SYSTEM)`).
   */
  messageObj(v: V): VOf<'obj'> | null {
    const o = this.objOf(v);
    if (o) return o;
    if (v.t !== 'inst' || !v.ctor) return null;
    const props = v.ctor.pos.length ? this.recordProps(v) : v.ctor.kw;
    if (['content', 'message', 'text', 'parts'].some((k) => props.has(k))) return { t: 'obj', props, spreads: [], src: v.src };
    return null;
  }

  /**
   * A record of the app's own built positionally (`Note("system", "You …")` of a `@dataclass class Note: role: str;
   * text: str`): its arguments by the fields they fill, in the order the class declares them. A class with its own
   * constructor is not read this way.
   */
  private recordProps(v: VOf<'inst'>): Map<string, V> {
    const props = new Map(v.ctor!.kw);
    const cls = own(this.modules.get(v.file)?.classes, v.cls);
    if (!cls || own(cls.methods, '__init__') || this.lang(this.modules.get(v.file)!) !== 'py') return props;
    const methods = new Set(Object.values(cls.methods));
    const declared = Object.entries(cls.fields)
      .map(([name, list]) => ({ name, first: list.find((f) => f.type && !methods.has(f.fn) && !f.isStatic) }))
      .filter((x) => x.first && !x.name.startsWith('_'))
      .sort((a, b) => a.first!.at - b.first!.at);
    v.ctor!.pos.slice(0, declared.length).forEach((x, i) => {
      if (x.t !== 'spread' && !props.has(declared[i].name)) props.set(declared[i].name, x);
    });
    return props;
  }

  /** Enters a workspace function: the value it returns for these arguments. */
  enter(ctx: Ctx, call: CallIR, f: VOf<'fn'>, src: Src): V {
    const mod = this.modules.get(f.file);
    const fn = own(mod?.fns, f.key);
    if (!mod || !fn) return { t: 'resp', src };
    if (ctx.depth >= MAX_CALL_DEPTH) return { t: 'resp', src };
    // Recursion: a function already on the way here.
    for (let c: Ctx | null = ctx; c; c = c.parent) if (c.fn === fn && c.mod === mod && c.args) return { t: 'resp', src };
    if (fn.generator) return { t: 'resp', src };
    if (DEBUG_ENTER) DEBUG_ENTER.set(`${f.file}#${f.key}`, (DEBUG_ENTER.get(`${f.file}#${f.key}`) ?? 0) + 1);
    let args = this.args(ctx, call);
    // A wrapper that returns a function calling what it was given with the same arguments (retry, tracing,
    // memoizing): calling it gives back what it wraps.
    const through = this.transparentParam(mod, fn);
    if (through !== null) {
      const wrapped = args.pos[through];
      if (wrapped && (wrapped.t === 'fn' || wrapped.t === 'sdk' || wrapped.t === 'inst' || wrapped.t === 'alt')) return wrapped;
    }
    if (f.partial) args = { pos: [...f.partial.pos, ...args.pos], kw: new Map([...f.partial.kw, ...args.kw]), src: args.src };
    const parent = f.env ? (f.env as Ctx) : null;
    const run = this.runCtx(mod, fn, args, f.self ?? null, parent, ctx.depth + 1);
    const v = this.returnValue(run, src);
    // `async def provision_model(…) -> BaseChatModel: … return chosen.to_langchain()`: a chat model chosen at run time.
    if (fn.ret && v.t !== 'sdk' && !(v.t === 'alt' && v.options.some((o) => o.t === 'sdk'))) {
      const typed = this.modelOfType(mod, fn.ret, { t: 'dyn', src }, src);
      if (typed) return typed;
    }
    // `getContentGeneratorOrFail(): ContentGenerator { … return this.generator }` with the field set elsewhere: what the
    // declared type says (an SDK client, an interface the workspace implements, a class of the workspace).
    if (fn.ret && (v.t === 'resp' || v.t === 'dyn' || v.t === 'null')) {
      const declared = this.typeValue(run, fn.ret, src);
      if (mod.language !== 'python' ? declared.t === 'sdk' || declared.t === 'iface' || declared.t === 'inst' : declared.t === 'inst' || declared.t === 'iface') return declared;
    }
    const built = this.conversationBuilt(mod, fn, f.self, run, v);
    if (built) return built;
    // A helper that reshapes a conversation (`_collapse_text_messages(messages)`, `toProviderMessages(history)`)
    // in a way not followed here: the same turns, the same text.
    // Named by the function's own name, not its class's (`PromptRunnerService.createChainWithFallback` makes a chain);
    // a model or a chain it answers with is not text.
    const ownName = fn.name?.split('.').pop() ?? '';
    const textHelper = !!ownName && v.t !== 'num' && v.t !== 'bool' && v.t !== 'sdk' && (isPromptFnName(ownName) || TEXT_FN.test(ownName)) && (this.opaque(v) || this.writtenLength(v, 0) === 0);
    if (textHelper && TEMPLATE_LOADER.test(ownName)) {
      // A template loaded by its name (`load_prompt("parse-otp-login", …)`): text read from a file at run time.
      // The argument naming a prompt file (`"agent_summary.txt"`) over a module's own path (`__file__`).
      // (A path object naming the file, `Path("agent_prompt.txt")`, names it too.)
      const names = [...args.pos, ...args.kw.values()].map((a) => (a.t === 'file' && !a.hub && a.path.t === 'str' ? a.path : a)).filter((a) => isTemplateName(a));
      const named = names.find((a) => a.t === 'str' && isPromptAsset(a.text)) ?? names[0];
      // `prompt_constructor(HIERARCHY, GUIDELINES, CREATE_DOCKER)` over `*args`, reading and joining each file: all of them.
      if (names.length >= 2 && fn.params.some((x) => x.rest)) return { t: 'file', path: this.alt(names.slice(0, 6), src), src };
      if (named) return { t: 'file', path: named, src };
    }
    // An alternate constructor (`Conversation.with_system(text)` returning `cls(turns=[…])`): the object it makes.
    if (v.t === 'inst' && fn.cls && v.cls === fn.cls && v.file === mod.file && v.ctor) return v;
    // (Not one making an object of the app's: `get_conversation(messages)` returning `_Conversation(model, messages)`.)
    if (ownName && ((MESSAGE_FN.test(ownName) && v.t !== 'inst') || textHelper)) {
      // A text cleaned (`_redact_prompt_text(prompt, secrets)`): its first argument, named as its caller wrote it.
      const first = args.pos[0];
      if (textHelper && TEXT_FN.test(ownName) && first && (first.t === 'str' || first.t === 'param' || first.t === 'dyn' || first.t === 'resp' || first.t === 'file')) return first;
      // A message record without a role field (`UserMessage(content=…)`, its class says the role) counts as one.
      // A text read from a file counts as given: `build_messages(prompt_file_text, screenshots)` is not its images alone.
      const given = [...args.pos, ...args.kw.values()].filter((a) => a.t === 'param' || a.t === 'file' || this.isMessageList(a) || this.isMessage(a) || this.isMessageRecord(a) || (a.t === 'arr' && a.items.length > 0 && a.items.every((it) => it.t === 'spread' || this.isMessage(it) || this.isMessageRecord(it))) || (textHelper && a.t === 'str' && a.text.trim().length > 0));
      // Kept when the helper's answer still holds what it was given (`[system, ...messages]`): its own turns count.
      // A text read from a file is not turns by itself: the helper's own list carries it.
      // Instructions given beside it (`build_messages(query, system_message="You …")`) are part of the answer too.
      const instructed = [...args.pos, ...args.kw.values()].some((a) => !given.includes(a) && a.t === 'str' && a.text.trim().length >= 20);
      // A template of the object's filled with what was given (`self.prompt_template.format(text=text)` in a list with
      // the system turn): the helper writes the job; its text has the slots the given value fills.
      // …also a list of either form (`screenshot ? [system, {text, image}] : [system, user]`), each writing the
      // instructions, the text given (a parameter) filled into theirs (not a conversation mapped or handed on).
      const eitherForm = v.t === 'alt' && given[0]?.t === 'param' && v.options.every((o) => this.isMessageList(o) && this.writtenLength(o, 0) >= 40) && !this.holds(v, given[0], 0) && this.hasSlots(v, 0);
      const filledHere = given.length === 1 && ((this.isMessageList(v) && this.writtenLength(v, 0) >= 40 && (this.holds(v, given[0], 0) || this.hasSlots(v, 0))) || eitherForm);
      if (given.length === 1 && !instructed && given[0].t !== 'file' && !filledHere) return { ...given[0], use: src } as V;
    }
    return v;
  }

  /** A text in the value with slots filled at run time (a template given its data). */
  private hasSlots(v: V, depth: number): boolean {
    if (depth > 5) return false;
    switch (v.t) {
      case 'str':
        return v.slots > 0;
      case 'arr':
        return v.items.slice(0, 20).some((x) => this.hasSlots(x, depth + 1));
      case 'obj':
        return [...v.props.values()].slice(0, 20).some((x) => this.hasSlots(x, depth + 1));
      case 'alt':
        return v.options.some((x) => this.hasSlots(x, depth + 1));
      default:
        return false;
    }
  }

  /**
   * A method of a conversation class of the app's own (one keeping `messages`) that appends turns and returns the
   * object (`convo.system("…").user(text)`, `AgentConvo(self).template("ask")`), or copies it (`convo.fork()`):
   * the object with the turns it now holds. Null for other calls.
   */
  private conversationBuilt(mod: ModuleIR, fn: FnIR, self: V | undefined, run: Ctx, v: V): V | null {
    if (self?.t !== 'inst' || !fn.cls || mod.language !== 'python' || !this.holdsMessages(self.file, self.cls)) return null;
    const given = self.msgs ?? [];
    if (/(^|\.)(fork|clone|copy)$/.test(fn.name ?? '')) return v.t === 'inst' && given.length ? { ...v, msgs: given } : null;
    if (v.t !== 'inst' || !this.holdsMessages(v.file, v.cls)) return null;
    const added: V[] = [];
    for (const c of mod.calls) {
      if (c.fn !== fn.key || c.f.k !== 'get' || c.f.n !== 'append' || c.f.o.k !== 'get' || c.f.o.n !== 'messages' || c.f.o.o.k !== 'this' || !c.a[0]) continue;
      added.push(this.eval(run, c.a[0]));
      if (added.length >= 8) break;
    }
    if (!added.length && !v.msgs) return null;
    return { ...v, msgs: [...(v.msgs ?? given), ...added].slice(0, MAX_ITEMS) };
  }

  /** How much text written in the code a value holds (a helper's own instruction, not labels like "[Tool] id="). */
  private writtenLength(v: V, depth: number): number {
    if (depth > 6) return 0;
    switch (v.t) {
      case 'str':
        return v.text.trim().length;
      case 'arr':
        return v.items.slice(0, 30).reduce((n, it) => n + this.writtenLength(it, depth + 1), 0);
      case 'alt':
        return Math.max(0, ...v.options.map((o) => this.writtenLength(o, depth + 1)));
      case 'obj':
      case 'inst': {
        const o = this.messageObj(v);
        const c = o ? (this.prop(o, 'content') ?? this.prop(o, 'parts') ?? this.prop(o, 'text') ?? this.prop(o, 'message')) : undefined;
        if (c) return this.writtenLength(c, depth + 1);
        // A record of prompt parts (`{ system: "You decide…", user: \`Question: ${q}\` }`): the text it holds.
        if (v.t === 'obj') return [...v.props.values()].slice(0, 30).reduce((n, it) => n + this.writtenLength(it, depth + 1), 0);
        return 0;
      }
      default:
        return 0;
    }
  }

  /** Whether a list holds a given value: the parameter itself, or the items of the list given. */
  private holds(v: V, given: V, depth: number): boolean {
    if (depth > 6) return false;
    if (v === given) return true;
    if (given.t === 'param' && v.t === 'param') return v.owner === given.owner && v.index === given.index;
    if (given.t === 'arr' && given.items.includes(v)) return true;
    if (v.t === 'arr') return v.items.slice(0, 30).some((it) => this.holds(it, given, depth + 1));
    if (v.t === 'spread') return this.holds(v.of, given, depth + 1);
    if (v.t === 'alt') return v.options.some((o) => this.holds(o, given, depth + 1));
    return false;
  }

  /** A value nothing is known of: no text, no turns (a comprehension over a parameter, a library's answer). */
  private opaque(v: V): boolean {
    if (v.t === 'resp' || v.t === 'dyn') return true;
    if (v.t === 'arr') return v.items.every((it) => it.t === 'resp' || it.t === 'dyn' || (it.t === 'spread' && this.opaque(it.of)));
    if (v.t === 'alt') return v.options.every((o) => this.opaque(o));
    return false;
  }

  /** A list of chat turns: written objects, SDK message objects, or a list grown from a parameter. */
  private isMessageList(v: V): boolean {
    if (v.t !== 'arr' || !v.items.length) return false;
    return v.items.every((it) => it.t === 'spread' || it.t === 'param' || this.isMessage(it)) && v.items.some((it) => it.t === 'spread' || this.isMessage(it));
  }

  private readonly transparentCache = new Map<string, number | null>();

  /** The index of the parameter a higher-order wrapper passes through (`withRetry(fn)` → 0), or null. */
  transparentParam(mod: ModuleIR, fn: FnIR): number | null {
    const key = `${mod.file}#${fn.key}`;
    const hit = this.transparentCache.get(key);
    if (hit !== undefined) return hit;
    let found: number | null = null;
    const inner = fn.returns.length ? fn.returns.map((r) => (r.k === 'fn' ? own(mod.fns, r.key) : undefined)) : [];
    if (inner.length && inner.every((x) => x)) {
      for (let id = 0; id < mod.calls.length; id++) {
        const c = mod.calls[id];
        const holder = own(mod.fns, c.fn);
        if (!holder || !inner.some((x) => x === holder || this.nestedIn(mod, holder, x!.key))) continue;
        if (c.f.k !== 'name') continue;
        const p = fn.params.find((x) => x.name === (c.f as { n: string }).n && !x.path);
        if (!p) continue;
        const cParams = inner[0]!.params;
        const passesAll = (c.a.length === 1 && c.a[0].k === 'spread' && c.a[0].o.k === 'name' && cParams.some((x) => x.rest && x.name === (c.a[0] as { o: { n: string } }).o.n)) || (c.a.length === cParams.length && c.a.every((a, i) => a.k === 'name' && a.n === cParams[i].name));
        // …and answers with what it gives back (`return await fn(...args)`, `const r = await fn(...args); …; return r`).
        // A factory whose closure only reads a text from a function it was given (`instructions(custom)` to build an
        // agent) is not such a wrapper: calling it makes something else.
        const answers = (r: Expr) => (r.k === 'call' && r.id === id) || (r.k === 'name' && (own(holder.locals, r.n) ?? []).some((a) => a.e.k === 'call' && a.e.id === id && !a.path));
        if (passesAll && holder.returns.some(answers)) {
          found = p.index;
          break;
        }
      }
    }
    this.transparentCache.set(key, found);
    return found;
  }

  private nestedIn(mod: ModuleIR, fn: FnIR, ancestor: string): boolean {
    for (let f: FnIR | undefined = fn, i = 0; f && i < 20; f = f.parent ? own(mod.fns, f.parent) : undefined, i++) if (f.key === ancestor) return true;
    return false;
  }

  returnValue(run: Ctx, src: Src): V {
    const vals: V[] = [];
    let returns = run.fn.returns;
    const guards = run.fn.guards;
    if (guards && run.args) {
      // `switch (kind) { case "anthropic": return new AnthropicProvider() … }` with a known `kind`: that branch.
      const known = new Map<string, string | null>();
      const valueOf = (n: string): string | null => {
        if (!known.has(n)) {
          const parts = n.split('.');
          let v = this.name(run, parts[0], run.fn.p[1], src);
          for (const p of parts.slice(1)) v = this.member(v, p, src);
          const d = v.t === 'param' && v.dflt ? v.dflt : v.t === 'env' && v.dflt ? v.dflt : v;
          known.set(n, d.t === 'str' && d.slots === 0 ? d.text : null);
        }
        return known.get(n)!;
      };
      // `if text is None: return None` with a known argument: the early return when it is missing, never when it is given.
      const presence = new Map<string, 'missing' | 'given' | null>();
      const presenceOf = (n: string): 'missing' | 'given' | null => {
        if (!presence.has(n)) {
          const parts = n.split('.');
          let v = this.name(run, parts[0], run.fn.p[0], src);
          for (const p of parts.slice(1)) v = this.member(v, p, src);
          presence.set(n, v.t === 'null' ? 'missing' : (v.t === 'str' && (v.text.trim() || v.slots)) || v.t === 'obj' || v.t === 'arr' || v.t === 'inst' || v.t === 'sdk' || v.t === 'fn' ? 'given' : null);
        }
        return presence.get(n)!;
      };
      const missing = returns.findIndex((_r, i) => guards[i]?.none && presenceOf(guards[i]!.n) === 'missing');
      if (missing >= 0) returns = [returns[missing]];
      else returns = returns.filter((_r, i) => !(guards[i]?.none && presenceOf(guards[i]!.n) === 'given'));
      const kept = new Set(returns);
      const eqGuards = run.fn.returns.map((r, i) => (kept.has(r) && guards[i] && !guards[i]!.none ? guards[i] : null));
      const picked = returns.filter((r) => {
        const g = eqGuards[run.fn.returns.indexOf(r)];
        if (!g || g.dflt) return false;
        const v = valueOf(g.n);
        return v !== null && g.eq.includes(v);
      });
      if (picked.length) returns = picked;
      else {
        const decided = eqGuards.some((g) => g && valueOf(g.n) !== null);
        if (decided) returns = returns.filter((r) => {
          const g = guards[run.fn.returns.indexOf(r)];
          return !g || g.none || g.dflt;
        });
      }
      if (missing >= 0) {
        // The early return for a missing argument: often `None` itself.
        const v = this.eval(run, returns[0]);
        return v.t === 'dyn' ? { t: 'resp', src } : v;
      }
    }
    for (const r of returns.slice(0, 8)) {
      let v = this.eval(run, r);
      // Text a prompt builder returns says where it comes from.
      if (v.t === 'str' && !v.via && v.text.trim()) v = { ...v, via: { kind: 'returned', name: run.fn.name ?? 'a function', file: run.mod.file, s: v.src.s, e: v.src.e } };
      if (v.t !== 'dyn' && v.t !== 'null') vals.push(v);
    }
    if (!vals.length) return { t: 'resp', src };
    if (vals.length === 1) return vals[0];
    // A prompt builder with several returns: the longest text; otherwise the options.
    const strs = vals.filter((v): v is VOf<'str'> => v.t === 'str');
    // (Not names picked by a branch: `determine_provider(model)` returning "openai", "anthropic" or "openrouter" is
    // one of them, not the longest. Model ids with a version, `gpt-4o` or `claude-3-5-haiku`, keep the longest-text
    // reading the model resolution was measured with.)
    const names = strs.length === vals.length && strs.every((v) => !v.slots && /^[\w.:/-]{1,40}$/.test(v.text.trim()) && !/[a-z0-9]-\d/i.test(v.text));
    if (strs.length === vals.length && !names) return strs.reduce((a, b) => (b.text.trim().length > a.text.trim().length ? b : a));
    return this.alt(vals, src);
  }

  /** A call on a catalogue object: a request (its answer), another object (a model from a client …), or a pipe. */
  private sdkCall(ctx: Ctx, call: CallIR, f: VOf<'sdk'>, src: Src): V {
    const k = this.kindDef(f.kind);
    const path = f.path.join('.');
    const action: Action | undefined = !f.path.length ? k?.def.call : own(k?.def.methods, path);
    if (action) return this.runAction(ctx, call, action, f.label, f, src, f.provider);
    const last = f.path[f.path.length - 1];
    if (last === 'pipe' && k?.def.runnable) {
      const args = this.args(ctx, call);
      let cur: V = { ...f, path: [] };
      for (const a of args.pos) cur = this.pipe(cur, a, src);
      return cur;
    }
    return { t: 'resp', src };
  }

  runAction(ctx: Ctx, call: CallIR, action: Action, label: string, target: VOf<'sdk'> | null, src: Src, provider: string | null, given?: ArgVals): V {
    if ('request' in action || 'configures' in action) return { t: 'resp', src };
    const args = given ?? this.args(ctx, call);
    if ('passThrough' in action) {
      let v = args.pos[action.passThrough] ?? { t: 'dyn', src };
      if (action.key) v = this.member(v, action.key, src);
      if (v.t === 'sdk' && action.flags) return { ...v, flags: { ...v.flags, ...action.flags } };
      return v;
    }
    if (action.returns === '$same' && target) {
      // `model.bind_tools(tools)`, `.withStructuredOutput(schema)`: the same object, with what the call binds.
      const bound = new Map(target.bound);
      if (action.bind) for (const [k, v] of this.bind(args, action.bind)) if (k !== 'params') bound.set(k, v);
      // A configurable model given its model by the run's config (`.with_config({"model": cfg.research_model})`,
      // `.withConfig({ configurable: { model } })`): that model.
      if (call.f.k === 'get' && /^with_?[cC]onfig$/.test(call.f.n)) {
        const cfg = this.objOf(args.pos[0] ?? args.kw.get('config') ?? { t: 'dyn', src });
        const inner = args.kw.get('configurable') ?? (cfg ? this.prop(cfg, 'configurable') : undefined);
        for (const o of [inner ? this.objOf(inner) : null, cfg]) {
          const m = o ? (this.prop(o, 'model') ?? this.prop(o, 'model_name')) : undefined;
          if (m && m.t !== 'dyn' && m.t !== 'null') {
            bound.set('model', m);
            break;
          }
        }
      }
      return { ...target, path: [], flags: { ...target.flags, ...(action.flags ?? {}) }, bound };
    }
    if (action.returns === '$sequence') {
      const items = args.pos[0]?.t === 'arr' ? args.pos[0].items : args.pos;
      let cur: V | null = null;
      for (const it of items) cur = cur ? this.pipe(cur, it, src) : it;
      return cur ?? { t: 'dyn', src };
    }
    if (action.returns === '$parallel') {
      // `RunnableParallel(answer=prompt | llm | parser, documents=…)`, `RunnableParallel({ answer: chain, … })`: the
      // branch that asks a model (a run of the whole sends its request).
      const first = args.pos[0] ? this.objOf(args.pos[0]) : null;
      const branches = [...args.kw.values(), ...(first ? [...first.props.values()] : [])];
      const asks = branches.find((b) => b.t === 'sdk' && (b.kind === 'lc.chain' || b.kind === 'lc.chat' || b.kind === 'lc.agent'));
      return asks ?? { t: 'sdk', kind: 'lc.step', provider: null, bound: new Map(), path: [], flags: {}, label: label, src };
    }
    if (action.returns === '$pick') {
      // An alias the app gave a model (`myProvider.languageModel("fast")`): the model it stands for.
      const table = target?.bound.get('model');
      const key = args.pos[0];
      const o = table ? this.objOf(table) : null;
      return (o && key?.t === 'str' && key.slots === 0 ? this.prop(o, key.text) : undefined) ?? { t: 'dyn', src };
    }
    if (action.returns === '$boto3') {
      const service = args.pos[0] ?? args.kw.get('service_name');
      const kind = service?.t === 'str' ? own(BOTO3_SERVICES, service.text) : undefined;
      return kind ? this.sdkObject(kind, null, new Map(), `boto3.client("${(service as VOf<'str'>).text}")`, src) : this.sdkObject('aws.other', null, new Map(), 'boto3.client', src);
    }
    const kd = this.kindDef(action.returns);
    const bound = this.bind(args, action.bind ?? { params: 0 }, kd?.def);
    // Objects made from another keep what it bound (a Gemini chat keeps the model's settings).
    if (target) for (const [kk, vv] of target.bound) if (!bound.has(kk)) bound.set(kk, vv);
    let prov = kd?.provider ?? provider ?? target?.provider ?? null;
    if (action.providerFrom) {
      for (const key of action.providerFrom) {
        const v = this.argLookup(args, action.bind ?? { params: 0 })(key);
        if (v?.t === 'str') prov = providerOfPrefix(v.text, '') ?? v.text.replace(/_/g, '-');
      }
    }
    const host = kd?.def.hostOptions ? this.hostOf(args, kd.def) : null;
    if (host) prov = providerOfHost(host) ?? prov;
    const written = this.text(this.src(ctx.mod, call.f.p), 60);
    return { t: 'sdk', kind: action.returns, provider: prov, bound, path: [], flags: { ...(target?.flags ?? {}), ...(action.flags ?? {}) }, label: written || `${label}()`, src, ...(host ? { host } : target?.host ? { host: target.host } : {}) };
  }

  /** The turns a chain's first step returns when it is a function of the chain's input, or null. */
  private stepTurns(f: VOf<'fn'>, src: Src): V | null {
    const mod = this.modules.get(f.file);
    const fn = own(mod?.fns, f.key);
    if (!mod || !fn || fn.generator || this.steps > this.stepLimit) return null;
    const v = this.returnValue(this.runCtx(mod, fn, { pos: fn.params.map(() => ({ t: 'dyn', src }) as V), kw: new Map(), src }, f.self ?? null, (f.env as Ctx | null) ?? null, 2), src);
    return this.isMessageList(v) ? v : null;
  }

  /** LangChain composition: `prompt | model | parser`, `.pipe()`, RunnableSequence. */
  pipe(l: V, r: V, src: Src): V {
    const parts = [...(l.t === 'sdk' && l.kind === 'lc.chain' && l.parts ? l.parts : [l]), ...(r.t === 'sdk' && r.kind === 'lc.chain' && r.parts ? r.parts : [r])];
    const bound = new Map<string, V>();
    let provider: string | null = null;
    const flags: SdkFlags = {};
    let model: VOf<'sdk'> | null = null;
    let picked: V | null = null;
    for (const p of parts) {
      // A first step written as a function that returns the turns (`RunnableSequence.from([async (input) => [{ role:
      // "system", content: systemPromptFn() }, …], llm])`): what it returns is the prompt.
      if (p.t === 'fn' && !model && !bound.has('messages')) {
        const turns = this.stepTurns(p, src);
        if (turns) bound.set('messages', turns);
        continue;
      }
      // A model picked at run time among the app's providers (`prompt.pipe(await this.getModel())` over an OpenAI and an
      // Anthropic implementation): any of them, on a provider the code does not fix when they differ.
      if (p.t === 'alt' && !model && p.options.length && p.options.every((o) => o.t === 'sdk' && (o.kind === 'lc.chat' || o.kind === 'lc.chain') && !o.path.length)) {
        const models = p.options as VOf<'sdk'>[];
        model = models[0];
        const providers = new Set(models.map((m) => m.provider));
        provider = providers.size === 1 ? models[0].provider : null;
        picked = this.alt(models.map((m) => m.bound.get('model') ?? ({ t: 'dyn', src } as V)), src);
        continue;
      }
      // A model passed in with tools bound here (`prompt | llm.bind_tools(tools)`): the chain calls those tools.
      if (p.t === 'param' && p.tools) {
        flags.tools = true;
        if (!bound.has('tools')) bound.set('tools', p.tools);
        continue;
      }
      if (p.t !== 'sdk') continue;
      if (p.kind === 'lc.prompt') {
        for (const key of ['messages', 'prompt', 'system']) {
          const v = p.bound.get(key);
          // A template's text is the user's message (as the template renders it alone).
          const as = key === 'prompt' && !p.bound.has('messages') ? 'messages' : key;
          if (v && !bound.has(as)) bound.set(as, v);
        }
      } else if (p.kind === 'lc.chat' || p.kind === 'lc.chain' || p.kind === 'lc.agent') {
        model ??= p;
        provider ??= p.provider;
        if (p.flags.structured) flags.structured = true;
        if (p.flags.tools) flags.tools = true;
      } else if (p.kind === 'lc.parser' && /Json|Pydantic|Structured/.test(p.label)) flags.structured = true;
    }
    if (model) {
      for (const [k, v] of model.bound) if (!bound.has(k)) bound.set(k, v);
      bound.set('model', picked ?? model.bound.get('model') ?? { t: 'dyn', src });
    }
    return { t: 'sdk', kind: 'lc.chain', provider, bound, path: [], flags, label: model?.label ?? 'chain', src, parts };
  }

  /** `entry_points[provider]` picked at run time from a table of function names: each of those names. */
  private namesPicked(ctx: Ctx, e: Expr | undefined, depth = 0): string[] {
    // `function_name = provider_function_map[provider]` first: the local's one assignment.
    const assigns = e?.k === 'name' && depth < 2 ? own(ctx.fn.locals, e.n) : undefined;
    if (assigns?.length === 1) return this.namesPicked(ctx, assigns[0].e, depth + 1);
    if (e?.k !== 'idx') return [];
    const o = this.eval(ctx, e.o);
    if (o.t !== 'obj' || o.spreads.length || o.props.size > 24) return [];
    const names = [...o.props.values()].map((x) => (x.t === 'str' && !x.slots && /^[A-Za-z_]\w*$/.test(x.text) ? x.text : ''));
    return names.every(Boolean) ? [...new Set(names)] : [];
  }

  /**
   * `importlib.import_module(name)`: the workspace module of that name. A name made at run time
   * (`__package__ + "." + f"{provider}_backend"`) is any module of the package it names (else the importing file's
   * package) whose name holds the written end of the name (`_backend`), or any module of that package.
   */
  private importedByName(ctx: Ctx, spec: V, src: Src): V {
    if (spec.t !== 'str') return { t: 'dyn', src };
    if (!spec.slots) {
      const file = this.resolver.py(ctx.mod.file, spec.text);
      return file ? { t: 'mod', file, src } : { t: 'dyn', src };
    }
    const parts = spec.text.split('.');
    const tail = parts.pop()!.replace(/^\W+|\W+$/g, '');
    const named = parts.filter(Boolean).length ? this.resolver.py(ctx.mod.file, parts.filter(Boolean).join('.')) : null;
    const pkg = named?.endsWith('__init__.py') ? named : ctx.mod.file;
    const dir = pkg.slice(0, pkg.lastIndexOf('/') + 1);
    const inPkg = [...this.modules.keys()].filter((f) => f.startsWith(dir) && f.endsWith('.py') && !f.slice(dir.length).includes('/') && !f.endsWith('/__init__.py') && f !== ctx.mod.file);
    const fitting = tail ? inPkg.filter((f) => f.slice(dir.length, -3).includes(tail)) : [];
    const files = (fitting.length ? fitting : inPkg).sort().slice(0, 24);
    if (!files.length) return { t: 'dyn', src };
    return files.length === 1 ? { t: 'mod', file: files[0], src } : this.alt(files.map((file) => ({ t: 'mod', file, src }) as V), src);
  }

  /**
   * The options a module's argparse parsers declare, with their defaults (`add_argument("--model", default="gpt-4o")`
   * → `model`), as the object `parse_args()` gives. A script has one parser as a rule; where options repeat, the
   * first default written wins. Options without a default are left out (unknown, not `None`).
   */
  private argparseDefaults(mod: ModuleIR, src: Src): V {
    const props = new Map<string, V>();
    for (const c of mod.calls) {
      if (c.f.k !== 'get' || c.f.n !== 'add_argument' || !c.kw?.default) continue;
      const dest = c.kw.dest?.k === 'str' ? c.kw.dest.v : c.a.map((a) => (a.k === 'str' && a.v.startsWith('--') ? a.v.slice(2) : '')).find(Boolean) ?? (c.a[0]?.k === 'str' && !c.a[0].v.startsWith('-') ? c.a[0].v : '');
      const key = dest.replace(/-/g, '_');
      if (!key || props.has(key)) continue;
      const d = this.eval(this.abstractCtx(mod, c.fn), c.kw.default);
      if (d.t === 'str' && !d.via) props.set(key, { ...d, via: { kind: 'config', name: `--${dest}`, file: mod.file, s: c.p[0], e: c.p[1] } });
      else if (d.t !== 'dyn' && d.t !== 'null') props.set(key, d);
    }
    return { t: 'obj', props, spreads: [], src };
  }

  private packageCall(ctx: Ctx, call: CallIR, f: VOf<'pkg'>, src: Src): V {
    const name = [f.module === '<global>' ? '' : f.module, ...f.path].filter(Boolean).join('.');
    const last = f.path[f.path.length - 1] ?? f.module;
    // Test doubles (`MagicMock()`, `mocker.patch(…)`): what is called on them reaches no model.
    if (/(^|\.)mock$|^pytest_mock$/.test(f.module) || /^(Mock|MagicMock|AsyncMock|NonCallableMock|create_autospec)$/.test(last)) return { t: 'pkg', lang: f.lang, module: 'unittest.mock', path: ['<mock>'], src };
    const a0 = () => (call.a[0] ? this.eval(ctx, call.a[0]) : ({ t: 'dyn', src } as V));
    if (f.module === '<global>' && (last === 'require' || last === 'import') && f.path.length === 1) {
      const spec = a0();
      if (spec.t !== 'str') return { t: 'dyn', src };
      return this.importValue(ctx.mod, spec.text, '*', src);
    }
    if (name === 'JSON.stringify' || name === 'json.dumps') return { t: 'json', of: a0(), src };
    if (f.module === 'importlib' && last === 'import_module' && call.a.length >= 1) return this.importedByName(ctx, a0(), src);
    // A tokenizer's chat template applied to a conversation (`tokenizer.apply_chat_template(messages, …)`, then sent to
    // a local engine): that conversation, as text.
    if (last === 'apply_chat_template' && call.a.length >= 1) return a0();
    // Work started together and awaited as one (`const [a, b] = await Promise.all([makeA(), makeB()])`,
    // `a, b = await asyncio.gather(make_a(), make_b())`): what each gives, in order.
    if (name === 'Promise.all' && call.a.length === 1) {
      const list = a0();
      if (list.t === 'arr' && !list.runtime) return { t: 'arr', items: list.items.slice(0, MAX_ITEMS), src };
    }
    if (name === 'asyncio.gather' && call.a.length >= 1 && call.a.every((x) => x.k !== 'spread')) return { t: 'arr', items: call.a.slice(0, MAX_ITEMS).map((x) => this.eval(ctx, x)), src };
    // A command line parsed by argparse: `args.model` is what `add_argument("--model", default=…)` says.
    if (f.module === 'argparse') {
      if (last === 'ArgumentParser') return { t: 'pkg', lang: f.lang, module: 'argparse', path: ['ArgumentParser', '()'], src };
      if (last === 'parse_args' || last === 'parse_known_args') {
        const parsed = this.argparseDefaults(ctx.mod, src);
        return last === 'parse_args' ? parsed : { t: 'arr', items: [parsed, { t: 'dyn', src }], src };
      }
    }
    // React hooks that keep a function or a value across renders: `useCallback(fn, deps)` is `fn`, `useMemo(() => x,
    // deps)` is `x` (a hook returning `{ startStreaming }` made with them hands the function to its callers).
    if (f.module === 'react' && (last === 'useCallback' || last === 'useMemo') && call.a.length >= 1) {
      const fn = a0();
      if (last === 'useCallback') return fn.t === 'fn' ? fn : { t: 'dyn', src };
      if (fn.t === 'fn') {
        const def = own(this.modules.get(fn.file)?.fns, fn.key);
        if (def?.returns.length === 1) return this.enter(ctx, { ...call, a: [], kw: undefined }, fn, src);
      }
      return { t: 'dyn', src };
    }
    // Copies: the same value.
    if (/^(copy\.deepcopy|copy\.copy|deepcopy|structuredClone|cloneDeep|_\.cloneDeep|lodash\.cloneDeep|list|tuple)$/.test(name) && call.a.length === 1) {
      const v = a0();
      if (v.t !== 'dyn') return v;
    }
    // `model: str = Field(default="gpt-4o", description=…)` (pydantic, SQLModel): the default.
    if (last === 'Field' && /^(pydantic|pydantic_settings|sqlmodel)(\.|$)/.test(f.module)) {
      const d = own(call.kw, 'default') ?? call.a[0];
      const v = d && d.k !== 'spread' ? this.eval(ctx, d) : null;
      if (v && v.t !== 'dyn') return v;
    }
    if (name === 'getattr' && call.a.length >= 2) {
      // getattr(settings, "model", "claude-…"): the attribute, else the default. A name picked from several
      // (`getattr(backend, entry_points[provider])`) is any of them.
      const [o, n, d] = call.a.map((x) => this.eval(ctx, x));
      const names = n?.t === 'str' && n.slots === 0 ? [n.text] : n?.t === 'alt' && n.options.every((x) => x.t === 'str' && !x.slots) ? [...new Set(n.options.map((x) => (x as VOf<'str'>).text))] : this.namesPicked(ctx, call.a[1]);
      const found = names.map((x) => this.member(o, x, src, ctx)).filter((x) => x.t !== 'dyn');
      const v = names.length === 1 ? this.member(o, names[0], src, ctx) : found.length ? this.alt(found, src) : ({ t: 'dyn', src } as V);
      if (v.t === 'param' && d) return { ...v, dflt: d, fallback: true, src };
      return v.t !== 'dyn' && v.t !== 'resp' ? v : (d ?? v);
    }
    if (name === 'String' || name === 'str' || name === 'repr') {
      const v = a0();
      // `str(prompt)` of the caller's text or of a prompt read from a file: that text.
      return v.t === 'str' || v.t === 'file' || (v.t === 'param' && !v.path.length) ? v : { t: 'str', text: '', slots: 1, holes: [holeText(this.text(this.src(ctx.mod, call.a[0]?.p ?? call.p)))], src };
    }
    if (/^(dedent|outdent|stripIndent|stripIndents|oneLine|oneLineTrim|textwrap\.dedent|inspect\.cleandoc|html|markdown|trimIndent)$/.test(name) || /(^|\.)(dedent|cleandoc)$/.test(name)) {
      const v = a0();
      return v.t === 'str' ? { ...v, text: dedentText(v.text), use: src } : v;
    }
    if (/^(fs\.readFileSync|fs\.promises\.readFile|readFileSync|readFile|fs\.readFile|open|Path\.read_text|pathlib\.Path\.read_text)$/.test(name) || /(readFileSync|readFile)$/.test(last)) return { t: 'file', path: a0(), src };
    if (name === 'Path' || name === 'pathlib.Path' || name === 'path.join' || name === 'path.resolve' || name === 'os.path.join') {
      const parts = call.a.map((x) => this.eval(ctx, x));
      const lastStr = [...parts].reverse().find((p) => p.t === 'str');
      return { t: 'file', path: lastStr ?? { t: 'dyn', src }, src };
    }
    // Tool definition helpers return their definition (`tool({ description, parameters })`, `betaZodTool({ … })`).
    if (/^(tool|betaZodTool|betaTool|zodTool|zodFunction|createTool|dynamicTool|DynamicStructuredTool|StructuredTool|defineTool)$/.test(last)) {
      const args = this.args(ctx, call);
      return args.pos.find((a) => a.t === 'obj') ?? args.pos[0] ?? { t: 'dyn', src };
    }
    // LangChain messages: new SystemMessage("…"), HumanMessage(content=…).
    const msg = /^(System|Human|AI|Assistant|Tool|Function|Chat|Developer)Message(Chunk)?$/.exec(last);
    if (msg) {
      const args = this.args(ctx, call);
      const role = msg[1] === 'Human' ? 'user' : msg[1] === 'AI' || msg[1] === 'Assistant' ? 'assistant' : msg[1] === 'Tool' || msg[1] === 'Function' ? 'tool' : msg[1] === 'Chat' ? 'user' : 'system';
      const first = args.pos[0];
      const content = args.kw.get('content') ?? (first && this.objOf(first) ? this.prop(this.objOf(first)!, 'content') : first) ?? { t: 'dyn', src };
      // `ChatMessage(role="system", …)` (LangChain, LlamaIndex) says its role; `MessageRole.SYSTEM` by its name.
      const given = msg[1] === 'Chat' ? (args.kw.get('role') ?? (first && this.objOf(first) ? this.prop(this.objOf(first)!, 'role') : undefined)) : undefined;
      const said = given?.t === 'str' ? given.text : given ? (/\.(SYSTEM|USER|ASSISTANT|DEVELOPER)$/i.exec(this.text(given.src, 60))?.[1] ?? '') : '';
      const roleText = said ? said.toLowerCase() : role;
      return { t: 'obj', props: new Map<string, V>([['role', { t: 'str', text: roleText, slots: 0, holes: [], src }], ['content', content]]), spreads: [], src };
    }
    // `hub.pull("rlm/rag-prompt")`: a prompt template kept in the LangChain Hub, named here.
    if (last === 'pull' && /(^|[./])hub([./]|$)/.test(name)) return this.sdkObject('lc.prompt', null, new Map<string, V>([['prompt', { t: 'file', path: a0(), hub: true, src }]]), 'hub.pull', src);
    if (last === 'MessagesPlaceholder') return this.sdkObject('lc.parser', null, new Map(), 'MessagesPlaceholder', src);
    // A declared default: pydantic / dataclass / attrs fields (`Field(default="gpt-4o-mini")`), CLI options
    // (`typer.Option(os.getenv("MODEL", "gpt-4o"), "--model")`, `click.option(…, default=…)`).
    if (/(^|\.)(Field|field|attrib|ib|Option|Argument|option|argument)$/.test(name) && /^(pydantic|pydantic_settings|sqlmodel|dataclasses|attr|attrs|typer|click)(\.|$)/.test(f.module)) {
      const args = this.args(ctx, call);
      const d = args.kw.get('default') ?? (/^(click)/.test(f.module) ? undefined : args.pos[0]);
      if (d && d.t !== 'dyn' && !(d.t === 'str' && d.text.startsWith('-'))) return d;
    }
    // A chain given a conversation's history (`new RunnableWithMessageHistory({ runnable: chain, … })`,
    // `RunnableWithMessageHistory(chain, get_session_history)`): that chain, run with the history.
    if (last === 'RunnableWithMessageHistory' && /langchain/.test(f.module) && call.a.length >= 1) {
      const args = this.args(ctx, call);
      const o = args.pos[0] ? this.objOf(args.pos[0]) : null;
      const inner = args.kw.get('runnable') ?? (o ? this.prop(o, 'runnable') : args.pos[0]);
      if (inner && inner.t !== 'dyn') return inner;
    }
    // A Jinja template made from a text (`Template(text)`, `env.from_string(text)`): that text, rendered below.
    if (/^jinja2(\.|$)/.test(f.module) && (last === 'Template' || last === 'from_string') && call.a.length >= 1) return a0();
    // `env = Environment(loader=BaseLoader())`: the environment, whose `from_string` is read above.
    if (/^jinja2(\.|$)/.test(f.module) && (last === 'Environment' || last === 'SandboxedEnvironment')) return { t: 'pkg', lang: 'py', module: f.module, path: [...f.path], src };
    if (name === 'functools.partial' || name === 'partial') {
      const args = this.args(ctx, call);
      const fn = args.pos[0];
      if (fn?.t === 'fn' || fn?.t === 'param') return { ...fn, partial: { pos: args.pos.slice(1), kw: args.kw, src: args.src } };
      return fn ?? { t: 'dyn', src };
    }
    if (name === 'dict' || name === 'Object.assign') {
      const args = this.args(ctx, call);
      const spreads = args.pos.filter((p) => p.t === 'obj');
      return { t: 'obj', props: args.kw, spreads, src };
    }
    // Tracing and retry wrappers around a client or a model (`wrapOpenAI(new OpenAI())`, `observe(client)`).
    if (/^(wrap|observe|patch|instrument|trace|traced|with|retry|withRetry|backoff)/i.test(last) || /langsmith|langfuse|helicone|braintrust|traceloop|openlit|agentops|weave|opik|phoenix|arize/.test(f.module)) {
      const v = a0();
      if (v.t === 'sdk' || v.t === 'fn' || v.t === 'inst') return v;
    }
    // A class-like package name called with keyword arguments (config objects, pydantic models): their fields. So is
    // a class's named constructor (google-genai `types.Part.from_text(text=…)`).
    const namedCtor = /^from_\w+$/.test(last) && /^[A-Z]/.test(f.path[f.path.length - 2] ?? '');
    if ((/^[A-Z]/.test(last) || namedCtor) && call.kw && Object.keys(call.kw).length) {
      const args = this.args(ctx, call);
      return { t: 'obj', props: args.kw, spreads: [], src };
    }
    // A package function converting a parameter (`convert_openai_messages(prompt)`): the caller's messages still,
    // as far as plumbing goes (an answer made from the parameter; a list passed in stays that list).
    const arg = call.a[0];
    if (f.module !== '<global>' && call.a.length === 1 && !call.kw && arg.k === 'name' && this.isParamName(ctx, arg.n)) {
      const v = a0();
      if (v.t === 'param') return { t: 'resp', src, from: v };
      if (v.t === 'arr') return v;
    }
    return { t: 'resp', src };
  }

  /**
   * What a zod object schema gives when every field takes its default: `z.object({ MODEL: z.string().default("…") })`,
   * through `.transform((val) => ({ … }))`, `.passthrough()`, `.strict()`; null for anything else.
   */
  private schemaValue(ctx: Ctx, e: Expr, depth: number): V | null {
    if (depth > 6) return null;
    if (e.k === 'name') {
      for (let c: Ctx | null = ctx; c; c = c.parent) {
        const assigns = own(c.fn.locals, e.n);
        if (assigns) return assigns.length === 1 && !assigns[0].path ? this.schemaValue(c, assigns[0].e, depth + 1) : null;
      }
      return null;
    }
    if (e.k !== 'call') return null;
    const c = ctx.mod.calls[e.id];
    if (!c || c.f.k !== 'get') return null;
    const n = c.f.n;
    if (n === 'object' && c.a[0]?.k === 'obj') {
      const root = this.eval(ctx, c.f.o);
      if (root.t !== 'pkg' || root.module !== 'zod') return null;
      return this.objOf(this.eval(ctx, c.a[0]));
    }
    if (n === 'passthrough' || n === 'strict') return this.schemaValue(ctx, c.f.o, depth + 1);
    if (n === 'transform' && c.a[0]) {
      const inner = this.schemaValue(ctx, c.f.o, depth + 1);
      const cb = inner ? this.eval(ctx, c.a[0]) : null;
      const mod = cb?.t === 'fn' ? this.modules.get(cb.file) : undefined;
      const fn = cb?.t === 'fn' ? own(mod?.fns, cb.key) : undefined;
      if (!inner || cb?.t !== 'fn' || !mod || !fn || ctx.depth >= MAX_CALL_DEPTH) return null;
      return this.objOf(this.returnValue(this.runCtx(mod, fn, { pos: [inner], kw: new Map(), src: inner.src }, null, cb.env as Ctx | null, ctx.depth + 1), inner.src));
    }
    return null;
  }

  private isParamName(ctx: Ctx, name: string): boolean {
    for (let c: Ctx | null = ctx; c; c = c.parent) {
      if (own(c.fn.locals, name)) return false;
      if (c.fn.params.some((p) => p.name === name)) return true;
    }
    return false;
  }

  private builtinMethod(ctx: Ctx, call: CallIR, f: VOf<'method'>, src: Src): V {
    const r = f.recv;
    const name = f.name;
    const argv = () => call.a.map((x) => this.eval(ctx, x));
    // A prompt file's text with its placeholders filled (`prompt.replace("{past_messages}", lines)`): still that file's.
    if (r.t === 'file' && /^(replace|replaceAll|format|format_map|render|strip|trim|lstrip|rstrip|trimStart|trimEnd)$/.test(name)) return { ...r, src };
    if (r.t === 'str') {
      if (/^(trim|trimStart|trimEnd|strip|lstrip|rstrip|toString|toLowerCase|toUpperCase|lower|upper|normalize)$/.test(name)) {
        const text = /^(trim|strip)$/.test(name) ? r.text.trim() : /^(trimStart|lstrip)$/.test(name) ? r.text.trimStart() : /^(trimEnd|rstrip)$/.test(name) ? r.text.trimEnd() : r.text;
        return { ...r, text, use: src };
      }
      const filled = { kind: 'filled' as const, name: holeText(this.text(this.src(ctx.mod, call.f.p), 60)).replace(/\(.*$/s, ''), file: ctx.mod.file, s: src.s, e: src.e };
      if (name === 'replace' || name === 'replaceAll') {
        const [a, b] = argv();
        if (a?.t === 'str' && a.slots === 0) {
          if (b?.t === 'str') return { ...r, text: r.text.split(a.text).join(b.text), slots: r.slots + b.slots, holes: [...r.holes, ...b.holes], src, use: src, via: r.via?.kind === 'filled' ? r.via : filled };
          const hole = b ? holeText(this.text(b.use ?? b.src)) : '';
          return { ...r, text: r.text.split(a.text).join(''), slots: r.slots + 1, holes: [...r.holes, ...(hole ? [hole] : [])], src, use: src, via: r.via?.kind === 'filled' ? r.via : filled };
        }
        return { ...r, slots: r.slots + 1, holes: [...r.holes, holeText(this.text(src))], use: src };
      }
      if (name === 'format' || name === 'format_map') {
        // "…{name}…".format(name=x): a static value fills its placeholder, others stay holes.
        const args = this.args(ctx, call);
        let text = r.text;
        let slots = r.slots;
        const holes = [...r.holes];
        let positional = 0;
        text = text.replace(/\{(\w*)(?:[:!][^}]*)?\}/g, (_m, key: string) => {
          const v = key === '' ? args.pos[positional++] : /^\d+$/.test(key) ? args.pos[Number(key)] : (args.kw.get(key) ?? (args.pos[0]?.t === 'obj' ? args.pos[0].props.get(key) : undefined));
          if (v?.t === 'str' && v.slots === 0) return v.text;
          // Instructions built elsewhere with their own holes (`draft.format(instructions=RULES.format(name=…))`), or
          // chosen among written ones (`extra = TRY_HARDER if eager else ""`: the longest stands for them).
          const written = v?.t === 'alt' ? v.options.filter((o): o is VOf<'str'> => o.t === 'str').sort((a, b) => b.text.trim().length - a.text.trim().length)[0] : v;
          if (written?.t === 'str' && written.text.replace(/\s+/g, '').length >= 20) {
            slots += written.slots;
            holes.push(...written.holes);
            return written.text;
          }
          if (v?.t === 'num') return String(v.v);
          slots++;
          holes.push(v ? holeText(this.text(v.use ?? v.src)) || key : key || '…');
          return '';
        });
        text = text.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
        // The filled text is the call's: its source is the whole `"…".format(…)`, where a reader sees it built.
        return { ...r, text, slots, holes, src, use: src, via: r.via?.kind === 'filled' ? r.via : filled };
      }
      if (name === 'render' && ctx.mod.language === 'python' && /\{\{|\{%/.test(r.text)) {
        // A Jinja template rendered with the caller's values: its `{{ name }}` placeholders become holes.
        const holes = [...r.holes];
        let slots = r.slots;
        const text = r.text.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_m, key: string) => {
          slots++;
          holes.push(holeText(key) || '…');
          return '';
        });
        return { ...r, text, slots, holes, src, use: src };
      }
      if (name === 'join') {
        // Python: sep.join(items)
        const items = argv()[0];
        // The texts of the caller's turns joined into one (`"\n".join(m["content"] for m in messages)`, for an API
        // that takes one text): the caller's conversation, in another shape.
        const turn = items?.t === 'arr' && items.runtime && items.items.length === 1 ? items.items[0] : null;
        if (turn?.t === 'param' && turn.path.length === 2 && turn.path[0] === '[]' && /^(content|text|message|parts)$/.test(turn.path[1])) return { ...turn, path: [], use: src };
        if (items?.t === 'arr') return this.joinItems(items.items, r.text, src, ctx);
        return { t: 'str', text: '', slots: 1, holes: [holeText(this.text(src))], src };
      }
      if (name === 'concat') {
        const all = [r, ...argv()];
        return this.concatValues(all, [call.f, ...call.a], ctx, src);
      }
      if (name === 'split' || name === 'splitlines' || name === 'slice' || name === 'substring' || name === 'substr') return { t: 'dyn', src };
      return { t: 'dyn', src };
    }
    if (r.t === 'arr') {
      if (name === 'join' && r.runtime) return { t: 'str', text: '', slots: 1, holes: [holeText(this.text(src))], src };
      if (name === 'join') {
        const sep = argv()[0];
        return this.joinItems(r.items, sep?.t === 'str' ? sep.text : ',', src, ctx);
      }
      if (name === 'map' || name === 'flatMap') {
        // Messages converted to another SDK's shape (`messages.map((m) => ({ role: m.role, content: m.content }))`):
        // the same turns, the same text.
        if (r.items.length && !r.runtime && r.items.every((it) => this.isMessage(it))) return { ...r, use: src };
        const cb = call.a[0] ? this.eval(ctx, call.a[0]) : null;
        if (cb?.t === 'fn') {
          const mod = this.modules.get(cb.file);
          const fn = own(mod?.fns, cb.key);
          if (mod && fn && ctx.depth < MAX_CALL_DEPTH) {
            const run = this.runCtx(mod, fn, { pos: [{ t: 'dyn', src }], kw: new Map(), src }, null, cb.env as Ctx | null, ctx.depth + 1);
            const v = this.returnValue(run, src);
            if (v.t !== 'resp') return { t: 'arr', items: [v], src, use: src, runtime: true };
          }
        }
        return { t: 'dyn', src };
      }
      if ((name === 'filter' || name === 'find') && call.a[0] && !r.runtime) {
        // `messages.filter((m) => m.role !== "system")`, `.find((m) => m.role === "system")`: the callback asked of
        // each written item; an item it cannot decide here is kept (a filter) or a possible answer (a find).
        const cb = this.eval(ctx, call.a[0]);
        const mod = cb.t === 'fn' ? this.modules.get(cb.file) : undefined;
        const fn = cb.t === 'fn' ? own(mod?.fns, cb.key) : undefined;
        if (cb.t === 'fn' && mod && fn && ctx.depth < MAX_CALL_DEPTH) {
          const kept: V[] = [];
          for (const it of r.items.slice(0, 30)) {
            if (it.t === 'spread') {
              kept.push(it);
              continue;
            }
            const run = this.runCtx(mod, fn, { pos: [it], kw: new Map(), src }, null, cb.env as Ctx | null, ctx.depth + 1);
            const answer = this.truthiness(this.returnValue(run, src));
            if (answer === false) continue;
            kept.push(it);
            if (name === 'find' && answer === true) break;
          }
          if (name === 'filter') return { ...r, items: kept, src, use: src };
          const found = kept.filter((it) => it.t !== 'spread');
          return found.length ? this.alt(found, src) : { t: 'null', src };
        }
      }
      if (name === 'filter' || name === 'slice' || name === 'reverse' || name === 'toReversed') return r;
      if (name === 'concat') {
        const more = argv().flatMap((a) => (a.t === 'arr' ? a.items : [a]));
        return { ...r, items: [...r.items, ...more].slice(0, MAX_ITEMS) };
      }
      return { t: 'dyn', src };
    }
    if (r.t === 'obj') {
      if (name === 'get') {
        const [k, d] = argv();
        if (k?.t === 'str') {
          if (r.via && REGISTRY_OBJ.test(r.via.name.split('.').pop() ?? '')) return { t: 'reg', task: k.text, model: this.prop(r, k.text) ?? d ?? null, src };
          return this.prop(r, k.text) ?? d ?? { t: 'dyn', src };
        }
        if (r.via && REGISTRY_OBJ.test(r.via.name.split('.').pop() ?? '')) return { t: 'reg', task: null, model: d ?? null, src };
        return d ?? { t: 'dyn', src };
      }
      return { t: 'dyn', src };
    }
    if (r.t === 'file') {
      if (/^(read|read_text|readFileSync|toString)$/.test(name)) return r;
      // `template.get("system_prompt")` of a prompt file loaded as data: that part of it.
      if (name === 'get' && call.a.length >= 1) return { ...r, src };
      return { t: 'dyn', src };
    }
    return { t: 'dyn', src };
  }

  private joinItems(items: V[], sep: string, src: Src, ctx: Ctx): V {
    let text = '';
    let slots = 0;
    const holes: string[] = [];
    items.forEach((it, i) => {
      if (i) text += sep;
      if (it.t === 'str') {
        text += it.text;
        slots += it.slots;
        holes.push(...it.holes);
      } else {
        slots += 1;
        holes.push(holeText(this.text(it.src)));
      }
    });
    void ctx;
    return { t: 'str', text, slots, holes, src };
  }
}

/** A template's name or path as written (`parse-otp-login`, `prompts/triage.md`), or a choice among such names. */
function isTemplateName(v: V): boolean {
  if (v.t === 'alt') return v.options.length > 0 && v.options.every((o) => isTemplateName(o));
  // A name with the scheme of the app's own prompt store (`builtin://compaction.jinja2`) names a file too.
  const name = v.t === 'str' ? withoutStoreScheme(v.text.trim()) : '';
  return v.t === 'str' && v.slots === 0 && /^[A-Za-z0-9_][\w./-]{1,119}$/.test(name) && /[-_/.]|^[a-z]+$/.test(name);
}

/** An assignment that gives a name its value (not `+=`, a push or a property set). */
function isBaseAssign(a: Assign): boolean {
  return (a.op === 'decl' || a.op === '=') && !(a.path && a.path[a.path.length - 1] === '=');
}

/** Whether a name's assignments are in source order (they are, from both front-ends; checked once per list). */
const sortedAssigns = new WeakMap<Assign[], boolean>();

/**
 * The assignments in force at a position, in order. A long list (a function that reassigns a name thousands of
 * times) is cut at the position by binary search instead of being filtered whole for every read of the name.
 */
function appliesBefore(assigns: Assign[], at: number): Assign[] {
  if (assigns.length < 16) return assigns.filter((a) => appliesAt(a, at));
  let sorted = sortedAssigns.get(assigns);
  if (sorted === undefined) {
    sorted = assigns.every((a, i) => i === 0 || assigns[i - 1].at <= a.at);
    sortedAssigns.set(assigns, sorted);
  }
  if (!sorted) return assigns.filter((a) => appliesAt(a, at));
  let lo = 0;
  let hi = assigns.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (assigns[mid].at < at) lo = mid + 1;
    else hi = mid;
  }
  const out = assigns.slice(0, lo);
  // Only the last few can hold the position in their own right side.
  for (let i = out.length - 1; i >= 0 && i >= out.length - 4; i--) if (!appliesAt(out[i], at)) out.splice(i, 1);
  return out;
}

/** An assignment is in force at a position after it, except inside its own right side (`text = text.strip()`). */
function appliesAt(a: Assign, at: number): boolean {
  return a.at < at && !(a.e.p[0] <= at && at < a.e.p[1]);
}

const PY_DICT_METHODS = new Set(['get', 'items', 'keys', 'values']);
const TS_OBJ_METHODS = new Set<string>();

function isRunnable(v: V): boolean {
  if (v.t !== 'sdk') return false;
  return v.kind === 'lc.prompt' || v.kind === 'lc.chat' || v.kind === 'lc.parser' || v.kind === 'lc.chain' || v.kind === 'lc.agent' || v.kind.startsWith('lc.');
}

/** The last name of a callee as written (`modelFor`, `this.llm.chat` → `chat`). */
export function lastName(e: Expr): string | null {
  if (e.k === 'name') return e.n;
  if (e.k === 'get') return e.n;
  return null;
}

function dedentText(s: string): string {
  const lines = s.replace(/^\n/, '').split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length);
  const min = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(min)).join('\n');
}

/** `fn.bind(thisArg, …)`: the function bound, not a call of it. */
export function isBindCall(call: CallIR): boolean {
  return call.f.k === 'get' && call.f.n === 'bind';
}

/** A list grown by `+=`: by the other list's items, by a spread of what is not a list, by nothing for a `None`. */
function grownList(v: Extract<V, { t: 'arr' }>, add: V): V {
  if (add.t === 'null') return v;
  const items = add.t === 'arr' ? add.items : [{ t: 'spread' as const, of: add, src: add.src }];
  return { ...v, items: [...v.items, ...items].slice(0, MAX_ITEMS), runtime: v.runtime || (add.t === 'arr' && add.runtime) };
}
