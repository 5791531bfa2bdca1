// A conversation kept on the object (`self.memory`, `self.history`): an agent class writes its prompt into it
// (`self.memory.push("user", f"…")`) and then asks the model with no arguments (`await self.llm_request()`), the
// request reading the whole conversation back (`self.llm.respond(self.memory.get())`). The job's instructions travel
// through the object's state, not through the calls: these helpers read that shape from the code as written.
import { own, type CallIR, type Expr, type FnIR, type ModuleIR } from '../ir';

/** Methods that add a turn to a conversation object or list. */
const PUSH_METHOD = /^(push|add|append|extend|insert|put|record|add_?message|add_?turn|add_?user_?message|push_?message|append_?message)$/i;
/** Where a turn's text sits in a `{role, content}` object or a keyword argument. */
const CONTENT_KEY = /^(content|text|message|prompt|msg)$/;

/** `self`, or the name a closure nested in a method reads its method's `self` by. */
function isSelf(e: Expr, selfNames: ReadonlySet<string>): boolean {
  return e.k === 'this' || (e.k === 'name' && selfNames.has(e.n));
}

/** `self.<attr>` at the root of a member chain or method call (`self.memory.get()` → "memory"), else null. */
function selfAttr(mod: ModuleIR, e: Expr, selfNames: ReadonlySet<string>, depth = 0): string | null {
  if (depth > 6) return null;
  if (e.k === 'call') {
    const c = mod.calls[e.id];
    return c ? selfAttr(mod, c.f, selfNames, depth + 1) : null;
  }
  if (e.k === 'get' || e.k === 'idx') {
    if (isSelf(e.o, selfNames) && e.k === 'get') return e.n;
    return selfAttr(mod, e.o, selfNames, depth + 1);
  }
  return null;
}

/**
 * The method a function belongs to: itself, or for a closure defined in a method (`def attempt():` inside
 * `call_openai(self, …)`, which reads `self.messages`) that method; with the names `self` is read by. Null for a
 * function outside any class.
 */
export function enclosingMethod(mod: ModuleIR, key: string): { fn: FnIR; selfNames: Set<string> } | null {
  const selfNames = new Set<string>();
  let fn = own(mod.fns, key);
  for (let i = 0; fn && i < 8; i++) {
    if (fn.cls) {
      for (const [n, as] of Object.entries(fn.locals)) if (as?.some((a) => a.e.k === 'this')) selfNames.add(n);
      return { fn, selfNames };
    }
    fn = fn.parent ? own(mod.fns, fn.parent) : undefined;
  }
  return null;
}

/**
 * The attributes of `self` a method of the object reads in what it returns (a property `messages_dicts` returning
 * `[m.to_dict() for m in self.messages]` → ["messages"]), a few names deep.
 */
export function attrsReturned(mod: ModuleIR, fn: FnIR): string[] {
  const out = new Set<string>();
  const selfNames = new Set<string>();
  const seenNames = new Set<string>();
  const visit = (e: Expr, depth: number): void => {
    if (depth > 8 || out.size > 8) return;
    const a = selfAttr(mod, e, selfNames);
    if (a) {
      out.add(a);
      return;
    }
    switch (e.k) {
      case 'arr':
        for (const x of e.items.slice(0, 8)) visit(x, depth + 1);
        return;
      case 'obj':
        for (const [, x] of e.props.slice(0, 12)) visit(x, depth + 1);
        return;
      case 'get':
      case 'idx':
      case 'spread':
        visit(e.o, depth + 1);
        return;
      case 'call': {
        const c = mod.calls[e.id];
        if (c) for (const x of [c.f, ...c.a.slice(0, 4)]) visit(x, depth + 1);
        return;
      }
      case 'name': {
        if (seenNames.has(e.n)) return;
        seenNames.add(e.n);
        for (const as of (own(fn.locals, e.n) ?? []).slice(0, 4)) visit(as.e, depth + 1);
        return;
      }
      default:
        return;
    }
  };
  for (const r of fn.returns.slice(0, 4)) visit(r, 0);
  return [...out];
}

/**
 * The attributes of `self` a request's arguments are read from (`conversation = self.history.snapshot()` then
 * `respond(conversation)` → ["history"]); none when an argument is a parameter of the function (its callers pass
 * the conversation).
 */
export function stateAttrs(mod: ModuleIR, call: CallIR): string[] {
  const fn = own(mod.fns, call.fn);
  const method = enclosingMethod(mod, call.fn);
  if (!fn || !method) return [];
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
    const a = selfAttr(mod, x, method.selfNames);
    if (a && !out.includes(a)) out.push(a);
  }
  return out;
}

/** A call that adds a turn to `self.<attr>` (`self.memory.push("user", prompt)`), and the text it adds. */
export function pushedText(mod: ModuleIR, c: CallIR, attrs: readonly string[]): Expr | null {
  const f = c.f;
  if (f.k !== 'get' || !PUSH_METHOD.test(f.n)) return null;
  const on = f.o;
  if (on.k !== 'get' || on.o.k !== 'this' || !attrs.includes(on.n)) return null;
  for (const [k, v] of Object.entries(c.kw ?? {})) if (CONTENT_KEY.test(k)) return v;
  const last = c.a[c.a.length - 1];
  if (!last) return null;
  if (last.k === 'obj') return last.props.find(([k]) => CONTENT_KEY.test(k))?.[1] ?? null;
  // A message object made in place (`Message(role="user", content=content)`): its content.
  if (last.k === 'call') {
    const made = mod.calls[last.id];
    const content = made && Object.entries(made.kw ?? {}).find(([k]) => CONTENT_KEY.test(k))?.[1];
    if (content) return content;
  }
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
    const t = pushedText(mod, c, attrs);
    if (t) out.push(t);
  }
  return out;
}

/** Calls in a module's methods that hand a method of `self` over as a value (`run_in_executor(pool, self.ask)`). */
export function selfMethodPassed(mod: ModuleIR, name: string): CallIR[] {
  return mod.calls.filter((c) => !!c && !!own(mod.fns, c.fn)?.cls && [...c.a, ...Object.values(c.kw ?? {})].some((x) => x.k === 'get' && x.o.k === 'this' && x.n === name));
}
