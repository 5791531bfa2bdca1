// Which parameters of a function an expression is made from, read from the code as written (names, locals and the
// arguments of the calls that build it), without evaluating anything. The link step uses it where evaluation loses
// the thread: a conversation rebuilt from its parameters by a helper the evaluator cannot follow (message objects
// normalised in a loop, truncated, reversed, reformatted per provider), so that a request whose instructions come
// from the callers is still seen as plumbing.
import { own, type Expr, type FnIR, type ModuleIR } from '../ir';

/** Steps through names and sub-expressions, per question: far beyond a real chain of locals. */
const MAX_STEPS = 400;
/** Functions that write a prompt by their name (`generate_report_prompt`, `buildSystemInstruction`). */
const PROMPT_BUILDER = /^_?(get|generate|build|make|create|render|compose)_?\w*(prompt|instruction)s?$/i;
/** `generateSchemaFromPrompt`, `parse_from_prompt`: made from a prompt, not a prompt. */
const FROM_PROMPT = /from_?(prompt|instruction)s?$/i;
/** Names of the model and the sampling settings of a request. */
const NOT_INSTRUCTION_NAME = /^(model|model_?name|modelName|model_?id|deployment_?id|temperature|timeout|seed|reasoning_?effort|effort)$/;
/** Parts of a request that are not its instructions: the model and endpoint, the output's shape, its tools, its bookkeeping. */
const NOT_INSTRUCTIONS = /^(model|model_?name|modelName|model_?id|modelId|api_?key|apiKey|max_?tokens|maxTokens|max_?output_?tokens|maxOutputTokens|temperature|top_?p|topP|deployment_?id|api_?base|base_?url|baseURL|timeout|schema|response_?format|responseFormat|json_?schema|output_?schema|outputSchema|tools|functions|metadata|meta|telemetry|cost\w*|logger|headers|tags)$/;

/**
 * Names of the parameters of `fn` (and of the functions it is nested in) that `e` is built from. `self`/`this`
 * are not parameters here. `before`: only assignments in `fn` made before that offset count.
 */
/**
 * `leaves`, when given, collects what the expressions are made of that is written outside the function's names:
 * string literals and the module constants and imports they read (`prompts.persona_check`), not the helpers they call.
 */
export function paramsIn(mod: ModuleIR, fn: FnIR, exprs: readonly Expr[], leaves?: Expr[], before = Infinity): { fn: string; name: string; index: number; read?: string[] }[] {
  const found = new Map<string, { fn: string; name: string; index: number; read?: string[] }>();
  const accessed = new Map<string, Set<string>>();
  const seenNames = new Set<string>();
  let steps = 0;
  const chainOf = (f: FnIR): FnIR[] => {
    const out: FnIR[] = [];
    for (let cur: FnIR | undefined = f, i = 0; cur && i < 8; cur = cur.parent ? own(mod.fns, cur.parent) : undefined, i++) out.push(cur);
    return out;
  };
  const scopes = chainOf(fn);
  const visit = (x: Expr | undefined): void => {
    if (!x || ++steps > MAX_STEPS) return;
    switch (x.k) {
      case 'name': {
        // The model and the sampling settings (`model = "azure/" + model`) are not instructions, whatever they are made of.
        if (seenNames.has(x.n) || NOT_INSTRUCTION_NAME.test(x.n)) return;
        seenNames.add(x.n);
        for (const s of scopes) {
          const p = s.params.find((q) => q.name === x.n && !q.path);
          if (p) found.set(`${s.key}\0${p.name}`, { fn: s.key, name: p.name, index: p.index });
          const assigns = own(s.locals, x.n);
          // A parameter given a new value (`system = system or ""`): what it is made from too.
          // In the function itself, only what is assigned before the call read (a retry's note added after it is not).
          if (assigns) for (const a of assigns.slice(0, 12)) if (s !== fn || a.at < before) visit(a.e);
          if (p || assigns) return;
        }
        // A module constant or an import (`SYSTEM_PROMPT`, `prompts`): written outside the function.
        leaves?.push(x);
        return;
      }
      case 'str':
        leaves?.push(x);
        return;
      case 'tpl':
        leaves?.push({ k: 'str', v: x.parts.filter((p) => typeof p === 'string').join(''), p: x.p });
        for (const p of x.parts) if (typeof p !== 'string') visit(p);
        return;
      case 'get': {
        // `options.messages`: a parameter read for a conversation is reported with what was read of it.
        if (x.o.k === 'name') {
          const n = x.o.n;
          const owner = scopes.find((s2) => s2.params.some((q) => q.name === n && !q.path));
          if (owner) (accessed.get(`${owner.key}\0${n}`) ?? accessed.set(`${owner.key}\0${n}`, new Set()).get(`${owner.key}\0${n}`)!).add(x.n);
        }
        // `prompts.title_prompt`: a constant of another module, read whole.
        let root: Expr = x;
        while (root.k === 'get') root = root.o;
        if (root.k === 'name' && leaves && !scopes.some((s) => own(s.locals, root.n as string) || s.params.some((q) => q.name === (root as { n: string }).n))) {
          leaves.push(x);
          return;
        }
        visit(x.o);
        return;
      }
      case 'idx':
        visit(x.o);
        // `self.prompts[prompt_name]`: the key that picks the text is what it is made from too.
        if (x.i.k === 'name') visit(x.i);
        return;
      case 'call': {
        const c = mod.calls[x.id];
        if (!c) return;
        // `self.prompts.generate_summary_prompt(query, context)`: instructions a prompt builder writes.
        const callee = c.f.k === 'get' ? c.f.n : c.f.k === 'name' ? c.f.n : '';
        if (leaves && PROMPT_BUILDER.test(callee) && !FROM_PROMPT.test(callee)) leaves.push({ k: 'str', v: `${callee}(…)`.padEnd(40, ' ').replace(/ /g, '·'), p: c.p });
        if (c.f.k === 'get') visit(c.f.o);
        for (const a of c.a) visit(a);
        for (const v of Object.values(c.kw ?? {})) visit(v);
        return;
      }
      case 'obj':
        // A message's role and a part's type (`"system"`, `"image_url"`) are labels, not instructions.
        for (const [k, v] of x.props) if (!NOT_INSTRUCTIONS.test(k) && !(/^(role|type)$/.test(k) && v.k === 'str')) visit(v);
        for (const s of x.spreads) visit(s);
        return;
      case 'arr':
        for (const it of x.items) visit(it);
        return;
      case 'spread':
        visit(x.o);
        return;
      case 'cat':
        for (const it of x.items) visit(it);
        return;
      case 'bin':
        // A comparison (`method === "generateObject"`) is a test: its texts are not sent.
        if (/^(===|==|!==|!=|in|not in|is|is not|<|>|<=|>=)$/.test(x.op)) return;
        visit(x.l);
        visit(x.r);
        return;
      case 'or':
        // `test && { schema }`: the value is the right side; the left is a test.
        if (x.op === '&&') {
          visit(x.r);
          return;
        }
        visit(x.l);
        visit(x.r);
        return;
      case 'cond':
        visit(x.a);
        visit(x.b);
        return;
      default:
        return;
    }
  };
  for (const e of exprs) visit(e);
  return [...found].map(([k, p]) => (accessed.has(k) ? { ...p, read: [...accessed.get(k)!] } : p));
}
