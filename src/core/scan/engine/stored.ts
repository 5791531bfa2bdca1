// Instructions a function fetches for itself: a system prompt or a template read from the app's settings or store
// (`const prompt = await systemPromptFromSettings()`, `const { ragPrompt } = await promptsForRag()`), put into the
// conversation it sends (`history.unshift(await asSystem({ content: prompt }))`, a user turn made from the template).
// Such a function holds the job even though its callers pass the conversation and the user's message: they pass data.
// Read from the code as written (names, locals, their in-place additions and the calls that build them).
import { own, type CallIR, type Expr, type FnIR, type ModuleIR } from '../ir';

/** Names a function keeps its instructions in (`systemPrompt`, `questionPrompt`, `instructions`, `template`). */
const INSTRUCTION_NAME = /prompt|instruction|template|persona/i;
/** Parameters that carry a job's instructions or the conversation: a getter given one of them builds from the caller's job. */
const JOB_PARAM = /system|instruction|prompt|messages|msgs|template|history|conversation|turns|chat/i;
/** In-place additions to a list of turns. */
const ADDS = /^(unshift|push|splice|concat|append|insert|extend|(?:append|add|push)_?[mM]essages?)$/;
const MAX_STEPS = 400;

/**
 * Whether `exprs` (what a request sends) are made from instructions the function `fn` fetches itself: a local named
 * like instructions assigned from a call that reads none of the function's job-carrying parameters (a settings
 * getter, a prompt store), before the offset `before`.
 */
export function readsStoredInstructions(mod: ModuleIR, fn: FnIR, exprs: readonly Expr[], before = Infinity): boolean {
  const scopes: FnIR[] = [];
  for (let cur: FnIR | undefined = fn, i = 0; cur && i < 8; cur = cur.parent ? own(mod.fns, cur.parent) : undefined, i++) scopes.push(cur);
  const keys = new Set(scopes.map((s) => s.key));
  // In-place additions by local name (`history.unshift(x)`), read once.
  let adds: Map<string, CallIR[]> | null = null;
  const addsTo = (name: string): CallIR[] => {
    if (!adds) {
      adds = new Map();
      for (const c of mod.calls) {
        if (!c || c.f.k !== 'get' || c.f.o.k !== 'name' || !ADDS.test(c.f.n) || !keys.has(c.fn)) continue;
        const list = adds.get(c.f.o.n) ?? [];
        list.push(c);
        adds.set(c.f.o.n, list);
      }
    }
    return adds.get(name) ?? [];
  };
  const seen = new Set<string>();
  let steps = 0;
  const isParam = (n: string) => scopes.some((s) => s.params.some((q) => q.name === n));
  /** Whether an expression reads a job-carrying parameter (directly or through locals). */
  const readsJobParam = (x: Expr | undefined, depth = 0): boolean => {
    if (!x || depth > 6 || ++steps > MAX_STEPS) return false;
    switch (x.k) {
      case 'name': {
        for (const s of scopes) {
          const p = s.params.find((q) => q.name === x.n);
          if (p) return JOB_PARAM.test(p.name);
          const assigns = own(s.locals, x.n);
          if (assigns) return assigns.slice(0, 6).some((a) => readsJobParam(a.e, depth + 1));
        }
        return false;
      }
      case 'get':
      case 'idx':
        return readsJobParam(x.o, depth + 1);
      case 'spread':
        return readsJobParam(x.o, depth + 1);
      case 'tpl':
        return x.parts.some((p) => typeof p !== 'string' && readsJobParam(p, depth + 1));
      case 'call': {
        const c = mod.calls[x.id];
        if (!c) return false;
        return (c.f.k === 'get' && readsJobParam(c.f.o, depth + 1)) || c.a.some((a) => readsJobParam(a, depth + 1)) || Object.values(c.kw ?? {}).some((a) => readsJobParam(a, depth + 1));
      }
      case 'obj':
        return x.props.some(([, v]) => readsJobParam(v, depth + 1)) || x.spreads.some((v) => readsJobParam(v, depth + 1));
      case 'arr':
      case 'cat':
        return x.items.some((v) => readsJobParam(v, depth + 1));
      case 'bin':
      case 'or':
        return readsJobParam(x.l, depth + 1) || readsJobParam(x.r, depth + 1);
      case 'cond':
        return readsJobParam(x.a, depth + 1) || readsJobParam(x.b, depth + 1);
      default:
        return false;
    }
  };
  /** A value fetched by a call (`await getPrompt()`, `(await prompts()).rag`, `stored.replace("{q}", q)` over one). */
  const fetched = (e: Expr): boolean => {
    // A key of a settings object the instance keeps (`this.profile.conversing`, `self.config.system_prompt`).
    if (e.k === 'get' && e.o.k === 'get' && e.o.o.k === 'this') return true;
    let x = e;
    while (x.k === 'get' || x.k === 'idx') x = x.o;
    if (x.k !== 'call') return false;
    const c = mod.calls[x.id];
    if (!c) return false;
    // A method of a local or parameter (`template.replace(…)`, `opts.getPrompt()`): what that holds decides.
    if (c.f.k === 'get') {
      let r: Expr = c.f.o;
      while (r.k === 'get' || r.k === 'idx') r = r.o;
      if (r.k === 'this') return false;
      if (r.k === 'name' && (isParam(r.n) || scopes.some((s) => own(s.locals, r.n as string)))) return false;
    }
    return !c.a.some((a) => readsJobParam(a)) && !Object.values(c.kw ?? {}).some((a) => readsJobParam(a));
  };
  const visit = (x: Expr | undefined): boolean => {
    if (!x || ++steps > MAX_STEPS) return false;
    switch (x.k) {
      case 'name': {
        if (seen.has(x.n)) return false;
        seen.add(x.n);
        for (const s of scopes) {
          // A conversation handed in, to which the function adds a turn it builds (`message_history.append_message(
          // create_ai_optimized_message(prompt, …))` with `prompt = create_chat_prompt(…)`): what it adds counts.
          if (s.params.some((q) => q.name === x.n)) return addsTo(x.n).some((c) => (s !== fn || c.p[0] < before) && c.a.some((a) => visit(a)));
          const assigns = own(s.locals, x.n);
          if (!assigns) continue;
          const live = assigns.filter((a) => s !== fn || a.at < before).slice(0, 12);
          if (INSTRUCTION_NAME.test(x.n) && live.some((a) => fetched(a.e))) return true;
          if (live.some((a) => visit(a.e))) return true;
          return addsTo(x.n).some((c) => (s !== fn || c.p[0] < before) && c.a.some((a) => visit(a)));
        }
        return false;
      }
      case 'get':
      case 'idx':
      case 'spread':
        return visit(x.o);
      case 'tpl':
        return x.parts.some((p) => typeof p !== 'string' && visit(p));
      case 'call': {
        const c = mod.calls[x.id];
        if (!c) return false;
        return (c.f.k === 'get' && visit(c.f.o)) || c.a.some((a) => visit(a)) || Object.values(c.kw ?? {}).some((a) => visit(a));
      }
      case 'obj':
        return x.props.some(([, v]) => visit(v)) || x.spreads.some((v) => visit(v));
      case 'arr':
      case 'cat':
        return x.items.some((v) => visit(v));
      case 'bin':
      case 'or':
        return visit(x.l) || visit(x.r);
      case 'cond':
        return visit(x.a) || visit(x.b);
      default:
        return false;
    }
  };
  return exprs.some((e) => visit(e));
}
