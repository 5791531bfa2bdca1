// A conversation kept on the object (`self.memory`, `self.history`): an agent class writes its prompt into it
// (`self.memory.push("user", f"…")`) and then asks the model with no arguments (`await self.llm_request()`), the
// request reading the whole conversation back (`self.llm.respond(self.memory.get())`). The job's instructions travel
// through the object's state, not through the calls: these helpers read that shape from the code as written.
import { own, type CallIR, type Expr, type ModuleIR } from '../ir';

/** Methods that add a turn to a conversation object or list. */
const PUSH_METHOD = /^(push|add|append|extend|insert|put|record|add_?message|add_?turn|add_?user_?message|push_?message|append_?message)$/i;
/** Where a turn's text sits in a `{role, content}` object or a keyword argument. */
const CONTENT_KEY = /^(content|text|message|prompt|msg)$/;

/** `self.<attr>` at the root of a member chain or method call (`self.memory.get()` → "memory"), else null. */
function selfAttr(mod: ModuleIR, e: Expr, depth = 0): string | null {
  if (depth > 6) return null;
  if (e.k === 'call') {
    const c = mod.calls[e.id];
    return c ? selfAttr(mod, c.f, depth + 1) : null;
  }
  if (e.k === 'get' || e.k === 'idx') {
    if (e.o.k === 'this' && e.k === 'get') return e.n;
    return selfAttr(mod, e.o, depth + 1);
  }
  return null;
}

/**
 * The attributes of `self` a request's arguments are read from (`conversation = self.history.snapshot()` then
 * `respond(conversation)` → ["history"]); none when an argument is a parameter of the function (its callers pass
 * the conversation).
 */
export function stateAttrs(mod: ModuleIR, call: CallIR): string[] {
  const fn = own(mod.fns, call.fn);
  if (!fn?.cls) return [];
  const out: string[] = [];
  const args = [...call.a, ...Object.values(call.kw ?? {})];
  for (let x of args) {
    if (x.k === 'name') {
      const name = x.n;
      if (fn.params.some((p) => p.name === name)) continue;
      const assigns = (own(fn.locals, name) ?? []).filter((a) => a.at < call.p[0] && !a.path && a.op !== 'push');
      if (!assigns.length) continue;
      x = assigns[assigns.length - 1].e;
    }
    const a = selfAttr(mod, x);
    if (a && !out.includes(a)) out.push(a);
  }
  return out;
}

/** A call that adds a turn to `self.<attr>` (`self.memory.push("user", prompt)`), and the text it adds. */
export function pushedText(c: CallIR, attrs: readonly string[]): Expr | null {
  const f = c.f;
  if (f.k !== 'get' || !PUSH_METHOD.test(f.n)) return null;
  const on = f.o;
  if (on.k !== 'get' || on.o.k !== 'this' || !attrs.includes(on.n)) return null;
  for (const [k, v] of Object.entries(c.kw ?? {})) if (CONTENT_KEY.test(k)) return v;
  const last = c.a[c.a.length - 1];
  if (!last) return null;
  if (last.k === 'obj') return last.props.find(([k]) => CONTENT_KEY.test(k))?.[1] ?? null;
  return last;
}

/**
 * The texts a function adds to the conversation between `from` and the call at `to` (offsets), in order: what the
 * request at `to` is asked.
 */
export function pushesBetween(mod: ModuleIR, fnKey: string, attrs: readonly string[], from: number, to: number): Expr[] {
  const out: Expr[] = [];
  for (const c of mod.calls) {
    if (!c || c.fn !== fnKey || c.p[0] < from || c.p[0] >= to) continue;
    const t = pushedText(c, attrs);
    if (t) out.push(t);
  }
  return out;
}

/** Calls in a module's methods that hand a method of `self` over as a value (`run_in_executor(pool, self.ask)`). */
export function selfMethodPassed(mod: ModuleIR, name: string): CallIR[] {
  return mod.calls.filter((c) => !!c && !!own(mod.fns, c.fn)?.cls && [...c.a, ...Object.values(c.kw ?? {})].some((x) => x.k === 'get' && x.o.k === 'this' && x.n === name));
}
