// The names an application gives a job, for the call card: its own label where it has one (a telemetry or tracing
// label such as `functionId`, `run_name`, `name=`, a prompt name, `metadata`, a use-case enum member passed to its
// LLM layer, a tracing decorator's name), and the plumbing the job goes through to the SDK call (`through`).
// Only text written in the code counts: a label built at run time says nothing a reviewer can read.
import { TOP, own, type CallIR, type Expr, type FnIR, type ModuleIR } from '../ir';
import type { Ctx, Evaluator } from './evaluate';
import type { ArgVals, V } from './values';

/** Keys whose written value names the job (telemetry, tracing, prompt registries, the app's own task names). */
const LABEL_KEY =
  /^(functionId|function_id|run_name|runName|prompt_name|promptName|prompt_id|promptId|prompt_key|promptKey|trace_name|traceName|generation_name|generationName|span_name|spanName|operation|operation_name|operationName|task|task_name|taskName|task_type|taskType|use_case|useCase|usecase|feature|purpose|label|step|step_name|stepName|job|job_name|jobName|agent_name|agentName|name|tags|tag|kind|action|category)$/;
/** Keys holding an object of such keys (`experimental_telemetry: { functionId }`, `config={"run_name": …}`). */
const LABEL_HOLDER = /^(experimental_telemetry|telemetry|metadata|config|langfuse|trace|tracing|options|opts|context|ctx|extra_body|extraBody|providerOptions|headers)$/;
/** Keys of a metadata object whose values are labels whatever their name. */
const METADATA = /^(metadata|langfuse|trace|tracing)$/;
/** Decorators that name a traced function (`@traceable(name="triage")`, `@observe(name=…)`, `@weave.op(name=…)`). */
const TRACING_DECORATOR = /(^|\.)(traceable|observe|trace|traced|span|op|instrument|track|log_call|task|tool|step|workflow|agent|llm)$/;
/** Calls that open a tracing span or record a generation around a request (`llm_generation_span`, `startSpan`). */
const TRACING_CALL = /span|trace|observe|track|telemetry|instrument|generation/i;
/** How far back a span holding a request is looked for, in tracing calls of its function. */
const MAX_SPANS_BACK = 16;
/** A member of an enum or of a constant object of task names (`UseCase.SUMMARIZE`, `TaskType.CLASSIFY_TICKET`). */
const ENUM_MEMBER = /^[A-Z][A-Za-z0-9]*\.[A-Z][A-Z0-9_]+$/;
/** Enums that name jobs (not settings such as `ReasoningEffort.OFF`). */
const JOB_ENUM = /usecase|use_case|task|flow|job|feature|purpose|operation|prompt|kind|step|action|intent|scenario|workflow|agent|category|type$/i;
const MAX_LABELS = 8;

interface Edge {
  mod: ModuleIR;
  call: CallIR;
  target: string;
}

/** A label's written value: a short word or phrase, not a sentence or a path. */
function labelText(v: V | undefined): string | null {
  if (!v || v.t !== 'str' || v.slots > 0) return null;
  const t = v.text.trim();
  if (t.length < 2 || t.length > 80 || /\n/.test(t) || t.split(/\s+/).length > 6) return null;
  return t;
}

export class JobNames {
  /** Per module, the tracing calls of each function: read once, not once per job (a function can hold thousands). */
  private readonly tracingCalls = new WeakMap<ModuleIR, Map<string, CallIR[]>>();

  constructor(private readonly ev: Evaluator) {}

  /**
   * The tracing calls that open a span around a request: those whose call holds it (`withSpan("x", () => call)`) and
   * the nearest one before it in its function (`with generation_span(…):`, `span.start("x")`). Looked up by
   * position in each function's sorted list, so a function with thousands of requests and spans stays linear.
   */
  private tracingCallsAround(mod: ModuleIR, site: CallIR): CallIR[] {
    let byFn = this.tracingCalls.get(mod);
    if (!byFn) {
      byFn = new Map();
      for (const c of mod.calls) {
        const callee = mod.text.slice(c.f.p[0], c.f.p[1]);
        const dot = callee.lastIndexOf('.');
        if (!TRACING_CALL.test(dot < 0 ? callee : callee.slice(dot + 1))) continue;
        const list = byFn.get(c.fn);
        if (list) list.push(c);
        else byFn.set(c.fn, [c]);
      }
      for (const list of byFn.values()) list.sort((a, b) => a.p[0] - b.p[0]);
      this.tracingCalls.set(mod, byFn);
    }
    const out: CallIR[] = [];
    // Its own function, then the functions around it (`withSpan("x", () => call)` holds an arrow function).
    let fnKey: string | undefined = site.fn;
    for (let depth = 0; fnKey !== undefined && depth < 4; depth++) {
      const list = byFn.get(fnKey);
      if (list) {
        // The first tracing call starting at or after the request.
        let lo = 0;
        let hi = list.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (list[mid].p[0] < site.p[0]) lo = mid + 1;
          else hi = mid;
        }
        let nearest = depth === 0;
        for (let i = lo - 1; i >= 0 && lo - i <= MAX_SPANS_BACK; i--) {
          const c = list[i];
          if (c === site) continue;
          const holds = c.p[0] <= site.p[0] && c.p[1] >= site.p[1];
          if (holds || nearest) out.push(c);
          nearest = false;
        }
      }
      const fn: FnIR | undefined = own(mod.fns, fnKey);
      if (!fn || fn.kind === 'top' || fn.name) break;
      fnKey = fn.parent ?? undefined;
    }
    return out;
  }

  /** The labels a job carries, where it is written: the request, the calls into the app's layer, the function. */
  labels(input: { args: ArgVals; chain: readonly Edge[]; siteMod: ModuleIR; siteCall: CallIR; reqMod: ModuleIR; reqCall: CallIR }): string[] {
    const out: string[] = [];
    const add = (s: string) => {
      if (out.length < MAX_LABELS && !out.includes(s)) out.push(s);
    };
    const fromArgs = (args: ArgVals) => {
      for (const a of args.pos.slice(0, 8)) this.fromValue(a, null, add, 0);
      for (const [k, v] of args.kw) this.fromValue(v, k, add, 0);
    };
    // The calls into the app's layer, outermost first: the job is named where its instructions are given.
    for (const e of input.chain) {
      const ctx = this.ctxOf(e.mod, e.call);
      fromArgs(this.ev.args(ctx, e.call));
      this.enumMembers(e.mod, e.call, add);
      // A function made by a factory that was given the label (`createGenerateObject({ label: "Reply drafter" })`).
      const f = this.ev.eval(ctx, e.call.f);
      for (const o of f.t === 'alt' ? f.options : [f]) {
        if (o.t === 'fn' && o.env && (o.env as Ctx).args) fromArgs((o.env as Ctx).args!);
        if (o.t === 'fn' && o.partial) fromArgs(o.partial);
      }
    }
    fromArgs(input.args);
    // `chain.with_config(run_name="triage").invoke(…)`, `model.withConfig({ runName })`.
    this.configCalls(input.reqMod, input.reqCall, fromArgs);
    if (input.siteCall !== input.reqCall) this.configCalls(input.siteMod, input.siteCall, fromArgs);
    // A tracing span opened around the request (`with llm_generation_span(flow=LLMFlow.CLASSIFY_SECTION, …)`).
    for (const c of this.tracingCallsAround(input.siteMod, input.siteCall)) {
      const args = this.ev.args(this.ctxOf(input.siteMod, c), c);
      fromArgs(args);
      // The span's own name, given first (`withSpan("tagging", () => …)`, `tracer.startActiveSpan("summary", …)`).
      const name = labelText(args.pos[0]);
      if (name) add(`span: ${name}`);
      this.enumMembers(input.siteMod, c, add);
    }
    // `@traceable(name="triage")` on the function that holds the job.
    const fn = own(input.siteMod.fns, input.siteCall.fn);
    for (let f: FnIR | undefined = fn; f && f.kind !== 'top'; f = f.parent ? own(input.siteMod.fns, f.parent) : undefined) {
      for (const d of f.decorators ?? []) this.decorator(input.siteMod, f, d, add);
      if (f.name) break;
    }
    return out;
  }

  /** The app's plumbing the job goes through, outermost first (`complete in packages/llm/src/client.ts`). */
  through(chain: readonly Edge[]): string[] {
    const out: string[] = [];
    for (const e of chain) {
      const i = e.target.indexOf('#');
      const file = e.target.slice(0, i);
      const mod = this.ev.modules.get(file);
      const fn = own(mod?.fns, e.target.slice(i + 1));
      let name = fn?.name ?? null;
      // An anonymous function a factory hands out: named after the factory (`makeWriter()`).
      for (let p = fn; !name && p?.parent; p = own(mod?.fns, p.parent)) {
        const parent = own(mod?.fns, p.parent);
        if (parent?.name) name = `${parent.name}()`;
      }
      const step = `${name ?? e.target.slice(i + 1)} in ${file}`;
      if (!out.includes(step)) out.push(step);
    }
    return out;
  }

  private ctxOf(mod: ModuleIR, call: CallIR): Ctx {
    return this.ev.abstractCtx(mod, own(mod.fns, call.fn) ? call.fn : TOP);
  }

  private fromValue(v: V, key: string | null, add: (s: string) => void, depth: number): void {
    if (depth > 2) return;
    if (key && LABEL_KEY.test(key)) {
      if (v.t === 'arr' && /^tags?$/.test(key)) {
        for (const it of v.items.slice(0, 6)) {
          const t = labelText(it);
          if (t) add(`${key}: ${t}`);
        }
        return;
      }
      const t = labelText(v);
      if (t) add(`${key}: ${t}`);
      return;
    }
    if (key !== null && !LABEL_HOLDER.test(key)) return;
    const o = this.ev.objOf(v);
    if (!o) return;
    for (const [k, x] of [...o.props].slice(0, 30)) {
      if (key && METADATA.test(key) && !LABEL_KEY.test(k) && !LABEL_HOLDER.test(k)) {
        const t = labelText(x);
        if (t) add(`${k}: ${t}`);
        continue;
      }
      this.fromValue(x, k, add, depth + 1);
    }
  }

  /** Enum members passed to the app's layer: the app's own name for the job (`complete(UseCase.SUMMARIZE, …)`). */
  private enumMembers(mod: ModuleIR, call: CallIR, add: (s: string) => void): void {
    const exprs: Expr[] = [...call.a, ...Object.values(call.kw ?? {})];
    for (const e of exprs.slice(0, 10)) {
      if (e.k !== 'get') continue;
      const text = mod.text.slice(e.p[0], e.p[1]);
      if (ENUM_MEMBER.test(text) && JOB_ENUM.test(text.slice(0, text.indexOf('.')))) add(text);
    }
  }

  /** `with_config` / `withConfig` calls in a callee chain (`chain.with_config(run_name="x").invoke(…)`). */
  private configCalls(mod: ModuleIR, call: CallIR, fromArgs: (a: ArgVals) => void): void {
    let e: Expr = call.f;
    const fn = own(mod.fns, call.fn);
    for (let i = 0; i < 8; i++) {
      if (e.k === 'get') e = e.o;
      else if (e.k === 'name') {
        // `chain = (prompt | llm).with_config(run_name="x")` then `chain.invoke(…)`.
        const assigns = fn ? own(fn.locals, e.n) : undefined;
        const a = assigns?.filter((x) => (x.op === 'decl' || x.op === '=') && !x.path && x.at < call.p[0]).pop();
        if (!a) return;
        e = a.e;
      } else if (e.k === 'call') {
        const c = mod.calls[e.id];
        if (!c) return;
        if (c.f.k === 'get' && /^(with_config|withConfig)$/.test(c.f.n)) fromArgs(this.ev.args(this.ctxOf(mod, c), c));
        e = c.f;
      } else return;
    }
  }

  private decorator(mod: ModuleIR, fn: FnIR, d: Expr, add: (s: string) => void): void {
    if (d.k !== 'call') return;
    const call = mod.calls[d.id];
    if (!call) return;
    const name = mod.text.slice(call.f.p[0], call.f.p[1]).replace(/\s+/g, '');
    if (!TRACING_DECORATOR.test(name)) return;
    const ctx = this.ev.abstractCtx(mod, fn.parent ?? TOP);
    const args = this.ev.args(ctx, call);
    const n = labelText(args.kw.get('name') ?? args.kw.get('run_name') ?? args.kw.get('span_name') ?? args.pos[0]);
    if (n) add(`@${name.replace(/^.*\./, '')}: ${n}`);
    const tags = args.kw.get('tags');
    if (tags?.t === 'arr') for (const t of tags.items.slice(0, 4)) if (labelText(t)) add(`tags: ${labelText(t)}`);
  }
}
