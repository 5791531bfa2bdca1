// Cross-file step for TS/JS: resolves imported constants and clients, the registry, wrappers and their
// callers, and turns every SDK call into a ScannedCall. Cheap: no parsing, only the per-file analyses.
import type { ModelRef, ModelSource, PromptPart, PromptRole, ScannedCall, Signal, SkippedFile, ToolDefinition } from '../../types';
import type { ClientOrigin, TsAnalysis, TsInvocation, TsSdkCall, CallContext } from './analyze';
import { DEFAULT_MODEL_NAME, IRREVERSIBLE_TOOL, REGISTRY_FN, REGISTRY_OBJ, VERCEL_FUNCTIONS, SHAPES } from './sdk';
import { dependsOnParam, holeText, type SValue, type Via } from './values';

const EXTS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

type Analyses = ReadonlyMap<string, TsAnalysis>;

function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

function dirname(file: string): string {
  const i = file.lastIndexOf('/');
  return i < 0 ? '' : file.slice(0, i);
}

/** Candidate files for an import specifier, in the order TypeScript and bundlers try them. */
export function moduleCandidates(from: string, spec: string): string[] {
  let bases: string[];
  if (spec.startsWith('.')) bases = [normalize(`${dirname(from)}/${spec}`)];
  else if (spec.startsWith('/')) bases = [normalize(spec)];
  else {
    const tail = spec.replace(/^(@|~|~~|#|\$lib|@src)\//, '').replace(/^#/, '');
    bases = [normalize(`src/${tail}`), normalize(tail), normalize(`app/${tail}`), normalize(`lib/${tail}`)];
    if (spec.startsWith('$lib/')) bases.unshift(normalize(`src/lib/${tail}`));
  }
  const out: string[] = [];
  for (const base of bases) {
    const stripped = base.replace(/\.(js|jsx|mjs|cjs)$/, '');
    if (EXTS.some((e) => base.endsWith(e))) out.push(base);
    for (const e of EXTS) out.push(stripped + e);
    for (const e of EXTS) out.push(`${base}/index${e}`);
  }
  return out;
}

class Linker {
  private readonly suffixIndex = new Map<string, string[]>();
  private readonly resolved = new Map<string, string | null>();
  readonly skipped: SkippedFile[] = [];

  constructor(readonly analyses: Analyses) {
    for (const file of analyses.keys()) {
      const noExt = file.replace(/\.[cm]?[jt]sx?$/, '');
      const key = noExt.split('/').pop()!;
      const list = this.suffixIndex.get(key) ?? [];
      list.push(noExt);
      this.suffixIndex.set(key, list);
    }
  }

  resolveModule(from: string, spec: string): string | null {
    const cacheKey = `${from}\0${spec}`;
    if (this.resolved.has(cacheKey)) return this.resolved.get(cacheKey)!;
    let found: string | null = null;
    for (const c of moduleCandidates(from, spec)) {
      if (this.analyses.has(c)) {
        found = c;
        break;
      }
    }
    if (!found && !spec.startsWith('.')) {
      // Path aliases from tsconfig we do not read: the one analysed file whose path ends like the specifier.
      const tail = spec.replace(/^(@|~|~~|#|\$lib)\//, '').replace(/\.(js|ts)$/, '');
      const key = tail.split('/').pop()!;
      const hits = (this.suffixIndex.get(key) ?? []).filter((f) => f === tail || f.endsWith(`/${tail}`) || (key === 'index' ? false : f.endsWith(`/${tail}/index`)));
      const direct = (this.suffixIndex.get('index') ?? []).filter((f) => f.endsWith(`/${tail}/index`));
      const all = [...hits, ...direct];
      if (all.length === 1) found = [...this.analyses.keys()].find((k) => k.replace(/\.[cm]?[jt]sx?$/, '') === all[0]) ?? null;
    }
    this.resolved.set(cacheKey, found);
    return found;
  }

  /** What an exported name of a file is: a constant, a function, a client. */
  exportOf(file: string, name: string, depth = 0): { file: string; local: string } | { namespace: string } | null {
    const a = this.analyses.get(file);
    if (!a || depth > 8) return null;
    if (name === '*') return { namespace: file };
    const target = a.exports[name];
    if (target) {
      if ('local' in target) {
        // export { x } where x is itself imported: follow the import.
        const imp = a.imports[target.local];
        if (imp && !a.consts[target.local] && !a.localFunctions[target.local]) {
          const f = this.resolveModule(file, imp.module);
          return f ? this.exportOf(f, imp.name, depth + 1) : null;
        }
        return { file, local: target.local };
      }
      const f = this.resolveModule(file, target.module);
      return f ? this.exportOf(f, target.name, depth + 1) : null;
    }
    for (const m of a.exportAll) {
      const f = this.resolveModule(file, m);
      const r = f ? this.exportOf(f, name, depth + 1) : null;
      if (r) return r;
    }
    // CommonJS without explicit exports, or a name only declared: accept module-level bindings.
    if (name !== 'default' && (a.consts[name] || a.localFunctions[name] || a.clients[name])) return { file, local: name };
    return null;
  }

  // --- values ---------------------------------------------------------------------------------

  /** Resolves the top of a value: imported constants, member access, `??` defaults. */
  val(v: SValue | undefined, depth = 0): SValue | undefined {
    if (!v || depth > 30) return v;
    switch (v.k) {
      case 'ref': {
        const f = this.resolveModule(v.src.file, v.module);
        if (!f) return v;
        const e = this.exportOf(f, v.name);
        if (!e) return v;
        if ('namespace' in e) return { k: 'obj', props: this.namespaceProps(e.namespace), spreads: [], src: v.src };
        const a = this.analyses.get(e.file)!;
        const c = a.consts[e.local];
        if (c) {
          const via: Via = { kind: 'imported-constant', name: v.name === 'default' ? e.local : v.name, file: e.file, line: c.via?.line ?? c.src.line, span: c.via?.span ?? { start: c.src.start, end: c.src.end } };
          return this.val({ ...c, via, use: v.src }, depth + 1);
        }
        const fnKey = a.localFunctions[e.local];
        if (fnKey) return { k: 'fn', fn: fnKey, src: { ...v.src, file: e.file } };
        return v;
      }
      case 'get': {
        const obj = this.val(v.obj, depth + 1);
        const key = this.val(v.key, depth + 1);
        if (obj?.k === 'obj' && key?.k === 'str' && !(obj.via && REGISTRY_OBJ.test(obj.via.name))) {
          const p = this.objProps(obj)[key.text];
          if (p) {
            if (obj.via && (p.k === 'str' || p.k === 'obj' || p.k === 'num'))
              return this.val({ ...p, via: { ...obj.via, kind: obj.via.kind === 'imported-constant' ? 'imported-constant' : 'config', name: `${obj.via.name}.${key.text}` }, use: v.src }, depth + 1);
            return this.val(p, depth + 1);
          }
        }
        if (obj?.k === 'arr' && key?.k === 'num') return this.val(obj.items[key.value], depth + 1);
        if (obj?.k === 'call' && key?.k === 'str') {
          const part = this.returnedPromptPart(obj, key.text);
          if (part) return part;
        }
        if (obj !== v.obj || key !== v.key) return { ...v, obj: obj ?? v.obj, key: key ?? v.key };
        return v;
      }
      case 'or': {
        const left = this.val(v.left, depth + 1);
        if (v.op === '=') {
          // A parameter default: the argument when there is one.
          if (left && !(left.k === 'dyn' && left.src.text === '') && left.k !== 'param') return left;
          return this.val(v.right, depth + 1);
        }
        if (left && (left.k === 'str' || left.k === 'obj' || left.k === 'arr' || left.k === 'num' || left.k === 'bool')) return left;
        return v.left === left ? v : { ...v, left: left ?? v.left };
      }
      default:
        return v;
    }
  }

  private namespaceProps(file: string): Record<string, SValue> {
    const a = this.analyses.get(file);
    const out: Record<string, SValue> = {};
    if (!a) return out;
    for (const name of Object.keys(a.exports)) {
      const e = this.exportOf(file, name);
      if (e && 'local' in e) {
        const c = this.analyses.get(e.file)?.consts[e.local];
        if (c) out[name] = c;
      }
    }
    return out;
  }

  /** Properties of an object value including spread objects (own properties win). */
  objProps(v: SValue | undefined): Record<string, SValue> {
    const o = this.val(v);
    if (!o || o.k !== 'obj') return {};
    if (!o.spreads.length) return o.props;
    const out: Record<string, SValue> = {};
    for (const s of o.spreads) Object.assign(out, this.objProps(s));
    return Object.assign(out, o.props);
  }

  get(v: SValue | undefined, ...names: string[]): SValue | undefined {
    const props = this.objProps(v);
    for (const n of names) if (props[n]) return this.val(props[n]);
    return undefined;
  }

  /** Items of an array, spreads of known arrays flattened; unknown spreads kept as `spread`. */
  items(v: SValue | undefined, depth = 0): SValue[] | null {
    const a = this.val(v);
    if (!a || a.k !== 'arr') return null;
    const out: SValue[] = [];
    for (const it of a.items) {
      if (it.k === 'spread' && depth < 5) {
        const inner = this.items(it.of, depth + 1);
        if (inner) out.push(...inner);
        else out.push(it);
      } else out.push(it);
    }
    return out;
  }

  /**
   * A call of a workspace function that builds a prompt (`buildAnswerPrompt(q, docs)`): the static text it returns,
   * with the holes that are its parameters named after the arguments at this call.
   */
  /** One part of a prompt a builder returns as an object: `getPrompt(q).system` → the text of its `system`. */
  returnedPromptPart(v: Extract<SValue, { k: 'call' }>, key: string): Extract<SValue, { k: 'str' }> | null {
    const callee = this.val(v.callee);
    if (!callee || callee.k !== 'fn') return null;
    const fn = this.analyses.get(callee.src.file)?.functions[callee.fn];
    const r = fn?.returnsPrompt;
    if (!fn || !r || r.k !== 'obj') return null;
    const p = r.props[key];
    if (!p || p.k !== 'str') return null;
    const argText = new Map<string, string>();
    fn.params.forEach((name, i) => {
      const a = v.args[i];
      if (name && a && a.k !== 'spread' && a.src.text) argText.set(name, holeText(a.src.text));
    });
    const holes = p.holes?.map((h) => argText.get(h) ?? h);
    return { ...p, ...(holes ? { holes } : {}), via: { kind: 'constant', name: `${fn.name}().${key}`, file: p.src.file, line: p.src.line, span: { start: p.src.start, end: p.src.end } } };
  }

  returnedPrompt(v: SValue | undefined): { value: Extract<SValue, { k: 'str' }>; name: string } | null {
    if (!v || v.k !== 'call') return null;
    const callee = this.val(v.callee);
    if (!callee || callee.k !== 'fn') return null;
    const fn = this.analyses.get(callee.src.file)?.functions[callee.fn];
    const r = fn?.returnsPrompt;
    if (!fn || !r || r.k !== 'str') return null;
    const argText = new Map<string, string>();
    fn.params.forEach((p, i) => {
      const a = v.args[i];
      if (p && a && a.k !== 'spread' && a.src.text) argText.set(p, holeText(a.src.text));
    });
    const holes = r.holes?.map((h) => argText.get(h) ?? h);
    return { value: { ...r, ...(holes ? { holes } : {}) }, name: fn.name };
  }

  // --- substitution (wrappers) ----------------------------------------------------------------

  subst(v: SValue, fn: string, args: SValue[], depth = 0): SValue {
    if (depth > 40) return v;
    switch (v.k) {
      case 'param':
        if (v.fn !== fn) return v;
        return args[v.index] ?? { k: 'dyn', src: { ...v.src, text: '' } };
      case 'obj': {
        const props: Record<string, SValue> = {};
        for (const [k, p] of Object.entries(v.props)) props[k] = this.subst(p, fn, args, depth + 1);
        return { ...v, props, spreads: v.spreads.map((s) => this.subst(s, fn, args, depth + 1)) };
      }
      case 'arr':
        return { ...v, items: v.items.map((i) => this.subst(i, fn, args, depth + 1)) };
      case 'spread':
        return { ...v, of: this.subst(v.of, fn, args, depth + 1) };
      case 'get':
        return { ...v, obj: this.subst(v.obj, fn, args, depth + 1), key: this.subst(v.key, fn, args, depth + 1) };
      case 'call':
        return { ...v, args: v.args.map((a) => this.subst(a, fn, args, depth + 1)), ret: v.ret && this.subst(v.ret, fn, args, depth + 1) };
      case 'or':
        return { ...v, left: this.subst(v.left, fn, args, depth + 1), right: this.subst(v.right, fn, args, depth + 1) };
      case 'alt':
        return { ...v, options: v.options.map((o) => this.subst(o, fn, args, depth + 1)) };
      case 'str':
        return v;
      default:
        return v;
    }
  }

  // --- clients --------------------------------------------------------------------------------

  client(origin: ClientOrigin, from: string, depth = 0): ClientOrigin | null {
    if (origin.kind !== 'ref') return origin;
    if (depth > 6) return null;
    const f = this.resolveModule(from, origin.module);
    if (!f) return null;
    let e = this.exportOf(f, origin.name);
    if (e && 'namespace' in e && origin.member && origin.member !== '()') {
      e = this.exportOf(e.namespace, origin.member);
      origin = { ...origin, member: null };
    }
    if (!e || 'namespace' in e) return null;
    const a = this.analyses.get(e.file)!;
    let c: ClientOrigin | undefined = a.clients[e.local];
    if (!c && origin.member === '()') {
      const fnKey = a.localFunctions[e.local];
      const fn = fnKey ? a.functions[fnKey] : undefined;
      c = fn?.returnsClient ?? undefined;
    }
    if (!c && origin.member && origin.member !== '()') {
      // export const ai = { anthropic: new Anthropic() } → ai.anthropic
      c = a.clients[`${e.local}.${origin.member}`];
    }
    if (!c) return null;
    return c.kind === 'ref' ? this.client(c, e.file, depth + 1) : c;
  }

  // --- functions ------------------------------------------------------------------------------

  /** The (file, fnKey) an invocation reaches. */
  target(inv: TsInvocation, file: string): { file: string; fnKey: string } | null {
    const t = inv.target;
    if (t.kind === 'local') return { file, fnKey: this.analyses.get(file)?.localFunctions[t.fnKey] ?? t.fnKey };
    const f = this.resolveModule(file, t.module);
    if (!f) return null;
    let e = this.exportOf(f, t.name);
    let member = t.member;
    if (e && 'namespace' in e) {
      if (!member) return null;
      e = this.exportOf(e.namespace, member.replace(/^#/, ''));
      member = null;
    }
    if (!e || 'namespace' in e) return null;
    const a = this.analyses.get(e.file)!;
    if (!member) return { file: e.file, fnKey: a.localFunctions[e.local] ?? e.local };
    if (member.startsWith('#')) return { file: e.file, fnKey: `${e.local}.${member.slice(1)}` };
    // export const llm = new LlmService() → llm.generate is LlmService.generate
    const inst = a.instances?.[e.local];
    if (inst && 'className' in inst) return { file: e.file, fnKey: `${inst.className}.${member}` };
    if (inst && 'module' in inst) return this.target({ ...inv, target: { kind: 'import', module: inst.module, name: inst.name, member: `#${member}` } }, e.file);
    // default-exported object of functions, or a class's static method
    if (a.localFunctions[e.local] === e.local) return { file: e.file, fnKey: `${e.local}.${member}` };
    return { file: e.file, fnKey: member };
  }
}

// ---------------------------------------------------------------------------------------------

interface Site {
  analysis: TsAnalysis;
  call: TsSdkCall;
  args: SValue[];
  ctx: CallContext;
  client: ClientOrigin;
  wrapper?: { name: string; file: string; innerSdk: string; innerApi: string; calleeText: string; firstParam: string };
  innerSignals?: Signal[];
  /** The arguments at a wrapper's call site. */
  callArgs?: SValue[];
}

interface WrapperDef {
  file: string;
  fnKey: string;
  name: string;
  /** The SDK call(s) inside; a wrapper that switches provider has one per provider. */
  site: Site;
  alternatives: Site[];
  callers: number;
  /** For a wrapper of a wrapper: its own call of the inner wrapper, the call site when nobody calls it. */
  nested?: Site;
}

/** Which SDK a model id belongs to, to pick the right inner call of a multi-provider wrapper. */
function familyOf(model: string | null): string | null {
  if (!model) return null;
  if (/claude|anthropic/i.test(model)) return 'anthropic';
  if (/^(gpt|o\d|chatgpt|text-|davinci|openai)/i.test(model)) return 'openai';
  return null;
}

export function sdkName(call: TsSdkCall, client: ClientOrigin): string {
  if (call.kind === 'vercel') return 'vercel-ai';
  if (client.kind === 'langchain') return 'langchain';
  if (client.kind === 'sdk') return client.sdk;
  return SHAPES.find((s) => s.api === call.api)?.sdk ?? 'unknown';
}

/** The params object of an SDK call (first argument; a batch's first request; a LangChain model's constructor). */
function paramsOf(l: Linker, call: TsSdkCall, args: SValue[]): SValue | undefined {
  if (call.api === 'messages.batches.create' || call.api === 'beta.messages.batches.create') {
    const requests = l.get(args[0], 'requests');
    const items = l.items(requests);
    if (items && items[0]) return l.get(items[0], 'params');
    if (requests?.k === 'call' && requests.ret) return l.get(requests.ret, 'params');
    return undefined;
  }
  return args[0];
}

function modelValue(l: Linker, call: TsSdkCall, client: ClientOrigin, args: SValue[]): SValue | undefined {
  if (client.kind === 'langchain') return l.get(client.args[0], 'model', 'modelName', 'model_name');
  const params = paramsOf(l, call, args);
  const props = l.objProps(params);
  return props.model;
}

/**
 * The fn key of the named function whose parameters decide the model, all the params, or a piece of the
 * prompt passed through as is (a template that only mentions a parameter does not count).
 */
function wrapperOf(l: Linker, call: TsSdkCall, client: ClientOrigin, args: SValue[], strict = false): string | null {
  if (client.kind === 'langchain') return null;
  const model = modelValue(l, call, client, args);
  const byModel = model ? dependsOnParam(model) : null;
  if (byModel) return byModel;
  const params = l.val(paramsOf(l, call, args));
  if (!params) return null;
  if (params.k === 'param') return params.fn;
  if (params.k === 'obj' && !params.props.model) for (const s of params.spreads) if (s.k === 'param' || (s.k === 'get' && s.obj.k === 'param')) return dependsOnParam(s);
  if (params.k === 'or') return dependsOnParam(params);
  if (strict) return null;
  // The prompt (system, a message's content, tools …) passed straight through from a parameter: each caller
  // says what the call is for (callClaude(system, user)), so the callers are the call sites.
  return dependsOnParam(params);
}

function looksLikeLlmParams(l: Linker, call: TsSdkCall, args: SValue[]): boolean {
  const props = l.objProps(paramsOf(l, call, args) ?? args[0]);
  if (call.api.endsWith('batches.create')) return !!props.requests;
  const hasModel = !!props.model;
  const hasPrompt = !!(props.messages || props.max_tokens || props.input || props.system || props.prompt || props.instructions);
  return hasModel && hasPrompt;
}

export function linkTs(analyses: Analyses): { calls: ScannedCall[]; skipped: SkippedFile[]; wrapperNames: string[]; wrapperFiles: string[] } {
  const l = new Linker(analyses);
  const sites: Site[] = [];
  const wrappers = new Map<string, WrapperDef>();
  const skipped: SkippedFile[] = [];

  for (const a of analyses.values()) {
    if (a.error) skipped.push({ file: a.file, reason: a.calls.length || a.invocations.length || Object.keys(a.consts).length ? `${a.error} (the rest of the file was scanned)` : a.error });
    for (const call of a.calls) {
      let client: ClientOrigin | null = call.client;
      if (client.kind === 'ref') client = l.client(client, a.file) ?? (LANGCHAIN_LIKE.has(call.api) ? null : { kind: 'shape' });
      if (!client) continue;
      if (client.kind === 'shape' && call.kind === 'sdk' && !looksLikeLlmParams(l, call, call.args) && !wrapperOf(l, call, { kind: 'shape' }, call.args, true)) continue;
      const site: Site = { analysis: a, call, args: call.args, ctx: call.ctx, client };
      const w = wrapperOf(l, call, client, call.args);
      if (w) {
        const fn = a.functions[w];
        const key = `${a.file}\0${w}`;
        const existing = wrappers.get(key);
        if (existing) existing.alternatives.push(site);
        else wrappers.set(key, { file: a.file, fnKey: w, name: fn?.name ?? w, site, alternatives: [], callers: 0 });
      } else sites.push(site);
    }
  }

  // Callers of wrappers; a caller that passes its own parameter on is a wrapper too (a few levels).
  const consumed = new Set<TsInvocation>();
  for (let round = 0; round < 4; round++) {
    let added = false;
    for (const a of analyses.values()) {
      for (const inv of a.invocations) {
        if (consumed.has(inv)) continue;
        const t = l.target(inv, a.file);
        if (!t) continue;
        const def = wrappers.get(`${t.file}\0${t.fnKey}`);
        if (!def) continue;
        if (inv.fnKey === def.fnKey && t.file === a.file) continue; // recursion
        consumed.add(inv);
        def.callers++;
        let inner = def.site;
        if (def.alternatives.length) {
          // Several SDK calls in one wrapper (a provider switch): the one matching the model passed here.
          for (const alt of [def.site, ...def.alternatives]) {
            const m = resolveModel(l, modelValue(l, alt.call, alt.client, alt.args.map((x) => l.subst(x, def.fnKey, inv.args)))).ref.resolved;
            if (familyOf(m) && familyOf(m) === sdkName(alt.call, alt.client)) {
              inner = alt;
              break;
            }
          }
        }
        const args = inner.args.map((x) => l.subst(x, def.fnKey, inv.args));
        const innerFn = l.analyses.get(def.file)?.functions[def.fnKey];
        const site: Site = {
          analysis: a,
          call: inner.call,
          args,
          ctx: inv.ctx,
          client: inner.client,
          wrapper: inner.wrapper ?? {
            name: def.name,
            file: def.file,
            innerSdk: sdkName(inner.call, inner.client),
            innerApi: inner.call.written ?? inner.call.api,
            calleeText: inv.ctx.calleeText,
            firstParam: innerFn?.params[0] ?? '',
          },
          innerSignals: [...(inner.innerSignals ?? []), ...inner.ctx.signals.filter((s) => s.kind !== 'result-variable')],
          callArgs: inv.args,
        };
        if (site.wrapper && inner.wrapper) site.wrapper = { ...inner.wrapper, calleeText: inv.ctx.calleeText };
        // Only a caller that passes the model (or all params) on is a wrapper itself; passing a prompt piece is a use.
        const outer = inv.fnKey ? wrapperOf(l, inner.call, inner.client, args, true) : null;
        if (outer && outer === inv.fnKey) {
          const key = `${a.file}\0${outer}`;
          if (!wrappers.has(key)) {
            wrappers.set(key, { file: a.file, fnKey: outer, name: a.functions[outer]?.name ?? outer, site: { ...site, wrapper: { ...site.wrapper!, name: a.functions[outer]?.name ?? outer, file: a.file } }, alternatives: [], callers: 0, nested: site });
            added = true;
          }
          continue;
        }
        sites.push(site);
      }
    }
    if (!added) break;
  }
  // A wrapper nobody calls (or whose callers are outside the workspace) still makes its own call.
  for (const def of wrappers.values()) {
    if (def.callers > 0) continue;
    if (def.nested) sites.push(def.nested);
    else for (const site of [def.site, ...def.alternatives]) sites.push({ ...site, wrapper: undefined });
  }

  const calls: ScannedCall[] = [];
  for (const s of sites) {
    try {
      calls.push(buildCall(l, s));
    } catch (e) {
      // One odd call must not cost the others: report it and go on.
      skipped.push({ file: s.analysis.file, reason: `call at line ${s.ctx.callee.line} could not be read: ${(e as Error).message}` });
    }
  }
  const wrapperNames = [...new Set([...wrappers.values()].map((w) => w.name.split('.').pop()!))];
  const wrapperFiles = [...new Set([...wrappers.values()].map((w) => w.file))];
  return { calls, skipped, wrapperNames, wrapperFiles };
}

const LANGCHAIN_LIKE = new Set(['invoke', 'stream', 'batch', 'streamEvents', 'call', 'predict', 'generate']);

// --- building the ScannedCall -----------------------------------------------------------------

function viaOrigin(v: SValue): string {
  if (!v.via) return 'literal';
  if (v.via.kind === 'constant') return `const ${v.via.name}`;
  if (v.via.kind === 'imported-constant') return `imported ${v.via.name} from ${v.via.file}`;
  return `config ${v.via.name}`;
}

function modelSource(v: SValue): ModelSource {
  if (!v.via) return 'literal';
  return v.via.kind;
}

/** The model id a price table knows: provider prefixes, Bedrock and Vertex spellings removed. */
function cleanModelId(s: string): string {
  let id = s.trim().replace(/^(anthropic|openai|bedrock|vertex|azure)[:/]/, '');
  // Bedrock: (us.|eu.|apac.)anthropic.claude-3-5-haiku-20241022-v1:0
  const bedrock = /^(?:[a-z]{2,4}\.)?anthropic\.(claude-[\w.-]+?)(?:-v\d+(?::\d+)?)?$/.exec(id);
  if (bedrock) id = bedrock[1];
  // Vertex: claude-sonnet-4-5@20250929
  id = id.replace(/^(claude-[\w.-]+)@(\d{8})$/, '$1-$2');
  return id;
}

interface ModelResult {
  ref: ModelRef;
  registryTask: string | null;
}

function registryModel(l: Linker, objOrFile: { obj?: SValue; file?: string }, task: string): string | null {
  let obj = objOrFile.obj ? l.val(objOrFile.obj) : undefined;
  let file = obj?.via?.file ?? obj?.src.file ?? objOrFile.file;
  if (!obj && file) {
    const a = l.analyses.get(file);
    const name = a && Object.keys(a.consts).find((n) => REGISTRY_OBJ.test(n) && a.consts[n].k === 'obj');
    if (a && name) obj = { ...a.consts[name], via: { kind: 'constant', name, file, line: a.consts[name].src.line, span: { start: 0, end: 0 } } };
    else if (a) {
      // modelFor imported into this file from the real registry module.
      for (const [local, imp] of Object.entries(a.imports)) {
        if (REGISTRY_OBJ.test(local)) {
          obj = l.val({ k: 'ref', module: imp.module, name: imp.name, src: { file, text: local, start: 0, end: 0, line: 1, column: 1 } });
          file = obj?.via?.file ?? file;
        }
      }
    }
  }
  const entry = obj ? l.objProps(obj)[task] : undefined;
  const ev = entry ? l.val(entry) : undefined;
  if (ev?.k === 'str' && ev.slots === 0) return ev.text;
  const a = file ? l.analyses.get(file) : undefined;
  if (a) {
    const d = Object.keys(a.consts).find((n) => DEFAULT_MODEL_NAME.test(n));
    const dv = d ? l.val(a.consts[d]) : undefined;
    if (dv?.k === 'str' && dv.slots === 0) return dv.text;
    for (const [local, imp] of Object.entries(a.imports)) {
      if (DEFAULT_MODEL_NAME.test(local)) {
        const v = l.val({ k: 'ref', module: imp.module, name: imp.name, src: { file: a.file, text: local, start: 0, end: 0, line: 1, column: 1 } });
        if (v?.k === 'str') return v.text;
      }
    }
  }
  return null;
}

/** A registry helper's defining file, wherever `modelFor` was imported from. */
function registryFileOf(l: Linker, callee: SValue): string | undefined {
  const v = l.val(callee);
  if (v?.k === 'fn') return v.src.file;
  if (callee.k === 'get') {
    const obj = l.val(callee.obj);
    if (obj?.via) return obj.via.file;
  }
  // Not resolvable: any analysed file that defines both a registry object and the helper.
  for (const a of l.analyses.values()) {
    if (Object.keys(a.consts).some((n) => REGISTRY_OBJ.test(n)) && Object.values(a.functions).some((f) => REGISTRY_FN.test(f.name))) return a.file;
  }
  return undefined;
}

function resolveModel(l: Linker, raw: SValue | undefined, exprFrom?: SValue): ModelResult {
  if (!raw) return { ref: { expression: '', resolved: null, source: 'unresolved', span: null }, registryTask: null };
  const at = (exprFrom ?? raw).use ?? (exprFrom ?? raw).src;
  const expression = at.text;
  const span = { start: at.start, end: at.end };
  const base = { expression, span };
  const walk = (v0: SValue | undefined, depth: number, note?: string): ModelResult => {
    const v = l.val(v0);
    if (!v || depth > 10) return { ref: { ...base, resolved: null, source: 'unresolved', ...(note ? { note } : {}) }, registryTask: null };
    const done = (resolved: string | null, source: ModelSource, extra?: { note?: string; declaredAt?: ModelRef['declaredAt'] }, task: string | null = null): ModelResult => ({
      ref: { ...base, resolved, source, ...(extra?.note || note ? { note: [note, extra?.note].filter(Boolean).join('; ') } : {}), ...(extra?.declaredAt ? { declaredAt: extra.declaredAt } : {}) },
      registryTask: task,
    });
    switch (v.k) {
      case 'str':
        if (v.slots > 0) return done(null, 'unresolved', { note: 'model id built at run time' });
        return done(cleanModelId(v.text), modelSource(v), v.via ? { declaredAt: { file: v.via.file, line: v.via.line, span: v.via.span } } : undefined);
      case 'get': {
        const obj = l.val(v.obj);
        const key = l.val(v.key);
        const objName = obj?.via?.name ?? v.obj.src.text;
        if (key?.k === 'str' && key.slots === 0 && (REGISTRY_OBJ.test(objName.split('.').pop() ?? '') || REGISTRY_OBJ.test(v.obj.src.text))) {
          const model = registryModel(l, { obj: obj ?? v.obj }, key.text);
          return done(model, 'registry', undefined, key.text);
        }
        return done(null, 'unresolved');
      }
      case 'call': {
        const last = v.name.split('.').pop() ?? '';
        if (REGISTRY_FN.test(last)) {
          const task = l.val(v.args[0]);
          if (task?.k === 'str' && task.slots === 0) return done(registryModel(l, { file: registryFileOf(l, v.callee) }, task.text), 'registry', undefined, task.text);
          return done(null, 'registry', { note: 'task type chosen at run time' });
        }
        // Provider functions: anthropic("…"), openai.chat("…"), registry.languageModel("anthropic:…"), createAnthropic()(…)
        const first = l.val(v.args[0]);
        if (first?.k === 'str') {
          const r = walk(first, depth + 1, note);
          return { ...r, ref: { ...r.ref, note: [r.ref.note, `provider ${v.name}`].filter(Boolean).join('; ') } };
        }
        return done(null, 'unresolved');
      }
      case 'or': {
        if (v.left.k === 'env' || l.val(v.left)?.k === 'env') {
          const envName = (l.val(v.left) as Extract<SValue, { k: 'env' }>).name;
          const r = walk(v.right, depth + 1);
          if (r.ref.resolved) return { ...r, ref: { ...r.ref, source: 'env-default', note: `default of ${envName === '' ? 'an environment variable' : `process.env.${envName}`}` } };
          return r;
        }
        const right = walk(v.right, depth + 1, 'fallback');
        return right;
      }
      case 'env':
        return done(null, 'unresolved', { note: `set by process.env.${v.name} with no default` });
      case 'alt': {
        const options = v.options.map((o) => walk(o, depth + 1));
        const found = options.find((o) => o.ref.resolved);
        if (found) {
          const others = options.filter((o) => o !== found && o.ref.resolved).map((o) => o.ref.resolved);
          return { ...found, ref: { ...found.ref, note: others.length ? `conditional; also ${others.join(', ')}` : 'conditional' } };
        }
        return done(null, 'unresolved');
      }
      case 'param':
        return done(null, 'parameter');
      default:
        return done(null, 'unresolved');
    }
  };
  return walk(raw, 0);
}

function part(role: PromptRole, v: SValue, text: string, slots: number): PromptPart {
  const p: PromptPart = { role, text, dynamicSlots: slots, file: v.src.file, line: v.src.line, span: { start: v.src.start, end: v.src.end }, origin: viaOrigin(v) };
  if (v.k === 'str' && v.holes?.length) p.holes = v.holes;
  return p;
}

function dynamicPart(role: PromptRole, v: SValue, origin: string): PromptPart {
  return { role, text: '', dynamicSlots: 1, file: v.src.file, line: v.src.line, span: { start: v.src.start, end: v.src.end }, origin, holes: [holeText(v.src.text)] };
}

interface Flags {
  cache: boolean;
  ttl: '5m' | '1h' | null;
  history: boolean;
}

/** A prompt part from the text a builder function returns: "returned by buildPrompt in src/prompts.ts". */
function returnedPart(l: Linker, v: SValue, role: PromptRole): PromptPart | null {
  const r = l.returnedPrompt(v);
  if (!r) return null;
  const p = part(role, r.value, r.value.text, r.value.slots);
  p.origin = `returned by ${r.name} in ${r.value.src.file}`;
  return p;
}

const STRING_METHODS = /^(?:replace|replaceAll|trim|trimStart|trimEnd|concat|slice|substring|normalize|toString)$/;

/**
 * A prompt written inline and handed to a helper that trims, dedents or truncates it
 * (`trimPrompt(\`Given the contents … ${docs}\`)`, `dedent(text)`): the helper does not change what the
 * prompt asks, so its first argument's static text is the prompt's.
 */
function passedThroughPart(l: Linker, v: SValue, role: PromptRole, depth = 0): PromptPart | null {
  if (v.k !== 'call' || depth > 8) return null;
  // A template filled in by string methods: `CLASSIFIER_PROMPT.replace("{message}", text)`, chained too.
  const callee = l.val(v.callee);
  if (callee?.k === 'get') {
    const key = l.val(callee.key);
    if (key?.k !== 'str' || !STRING_METHODS.test(key.text)) return null;
    const filled = v.args.slice(1).map((a) => (a.src.text ? holeText(a.src.text) : '')).filter(Boolean);
    const obj = l.val(callee.obj);
    const inner = obj?.k === 'call' ? passedThroughPart(l, obj, role, depth + 1) : null;
    if (inner) {
      inner.holes = [...(inner.holes ?? []), ...filled];
      inner.dynamicSlots += filled.length;
      return inner;
    }
    if (obj?.k !== 'str' || !obj.text.trim()) return null;
    const p = part(role, obj, obj.text, obj.slots + filled.length);
    p.holes = [...(obj.holes ?? []), ...filled];
    p.origin = `${holeText(v.callee.src.text).slice(0, 50)}()`;
    return p;
  }
  const a0 = l.val(v.args[0]);
  if (!a0 || a0.k !== 'str' || a0.text.replace(/\s+/g, '').length < 20) return null;
  const p = part(role, a0, a0.text, a0.slots);
  p.origin = `passed through ${v.name || 'a helper'}()`;
  return p;
}

function textParts(l: Linker, raw: SValue | undefined, role: PromptRole, out: PromptPart[], flags: Flags): void {
  if (!raw) return;
  const v = l.val(raw);
  if (!v) return;
  if (v.k === 'str') {
    out.push(part(role, v, v.text, v.slots));
    return;
  }
  const built = returnedPart(l, v, role) ?? passedThroughPart(l, v, role);
  if (built) {
    out.push(built);
    return;
  }
  const items = l.items(v);
  if (items) {
    for (const it0 of items) {
      const it = l.val(it0);
      if (!it) continue;
      if (it.k === 'str') out.push(part(role, it, it.text, it.slots));
      else if (it.k === 'call' && l.returnedPrompt(it)) out.push(returnedPart(l, it, role)!);
      else if (it.k === 'obj') {
        noteCache(l, it, flags);
        const t = l.get(it, 'text');
        const type = l.get(it, 'type');
        if (t) textParts(l, t, role, out, flags);
        else if (type?.k === 'str' && type.text === 'tool_result') textParts(l, l.get(it, 'content'), 'tool_result', out, flags);
        else if (!type || (type.k === 'str' && /text/.test(type.text))) out.push(dynamicPart(role, it, 'content block'));
      } else out.push(dynamicPart(role, it, 'dynamic content'));
    }
    return;
  }
  out.push(dynamicPart(role, v, v.k === 'param' ? `parameter ${v.name}` : `dynamic ${v.src.text.slice(0, 40)}`));
}

function noteCache(l: Linker, obj: SValue, flags: Flags): void {
  const cc = l.get(obj, 'cache_control', 'cacheControl');
  if (!cc) return;
  flags.cache = true;
  const ttl = l.get(cc, 'ttl');
  if (ttl?.k === 'str' && (ttl.text === '1h' || ttl.text === '5m')) flags.ttl = ttl.text === '1h' || flags.ttl === '1h' ? '1h' : '5m';
  else flags.ttl ??= '5m';
}

const HISTORY_NAME = /messages|history|conversation|chat|turns|thread|transcript/i;
/** An empty array filled at run time is a history when it is kept as one (a local `messages = []` may be one turn). */
const KEPT_HISTORY = /history|conversation|turns|thread|transcript|session|^this\.\w*messages/i;

const ROLE: Record<string, PromptRole> = { system: 'system', developer: 'system', user: 'user', human: 'user', assistant: 'assistant', ai: 'assistant', tool: 'tool_result', function: 'tool_result' };

function messageParts(l: Linker, raw: SValue | undefined, out: PromptPart[], flags: Flags, defaultRole: PromptRole = 'user'): void {
  if (!raw) return;
  const v = l.val(raw);
  if (!v) return;
  if (v.k === 'str') {
    out.push(part(defaultRole, v, v.text, v.slots));
    return;
  }
  const items = l.items(v);
  // An array that starts empty (`history: Message[] = []`, `const messages = []`) is filled at run time: the
  // turns come from where it is kept, as written at the call (`this.history`).
  if (!items || items.length === 0) {
    const at: SValue = items ? { ...v, src: v.use ?? raw.use ?? raw.src } : v;
    if (items ? KEPT_HISTORY.test(at.src.text) : HISTORY_NAME.test(at.src.text)) flags.history = true;
    out.push(dynamicPart(defaultRole, at, `messages from ${at.src.text.slice(0, 40)}`));
    return;
  }
  let userTurn = false;
  for (const it0 of items) {
    if (it0.k === 'spread') {
      // A history comes before the new turn (`[...history, { role: "user", … }]`). Messages spread in after
      // the request's own user turn (`[{ role: "user", content: page }, ...(options.messages ?? [])]`) are
      // extra turns a caller may add, not a conversation; a name that keeps a conversation still is one.
      if (userTurn && !KEPT_HISTORY.test(it0.src.text)) {
        out.push(dynamicPart('user', it0, `appended ${it0.src.text.slice(0, 40)}`));
        continue;
      }
      flags.history = true;
      out.push(dynamicPart('user', it0, `history ${it0.src.text.slice(0, 40)}`));
      continue;
    }
    const it = l.val(it0);
    if (!it) continue;
    if (it.k === 'obj') {
      const roleV = l.get(it, 'role');
      const role = roleV?.k === 'str' ? (ROLE[roleV.text] ?? 'user') : defaultRole;
      if (role === 'user') userTurn = true;
      noteCache(l, it, flags);
      textParts(l, l.get(it, 'content'), role, out, flags);
    } else if (it.k === 'new') {
      // LangChain: new SystemMessage("…"), new HumanMessage({ content })
      const role: PromptRole = /System/.test(it.name) ? 'system' : /AI|Assistant/.test(it.name) ? 'assistant' : /Tool/.test(it.name) ? 'tool_result' : 'user';
      const a0 = l.val(it.args[0]);
      textParts(l, a0?.k === 'obj' ? l.get(a0, 'content') : a0, role, out, flags);
    } else if (it.k === 'arr') {
      // LangChain tuple: ["system", "…"]
      const [r, c] = it.items.map((x) => l.val(x));
      const role = r?.k === 'str' ? (ROLE[r.text] ?? 'user') : 'user';
      if (c) textParts(l, c, role, out, flags);
    } else {
      flags.history = true;
      out.push(dynamicPart('user', it, `message ${it.src.text.slice(0, 40)}`));
    }
  }
}

function toolsOf(l: Linker, raw: SValue | undefined, out: ToolDefinition[], flags: Flags): void {
  const v = l.val(raw);
  if (!v) return;
  const items = l.items(v);
  const str = (x: SValue | undefined) => (x?.k === 'str' ? x.text : '');
  const schemaText = (x: SValue | undefined) => (x ? x.src.text : '');
  if (items) {
    for (const it0 of items) {
      let it = l.val(it0);
      // betaZodTool({ name, … }) / tool({ … }) helpers
      if (it?.k === 'call') it = l.val(it.args[0]);
      if (!it || it.k !== 'obj') continue;
      noteCache(l, it, flags);
      const fn = l.get(it, 'function');
      const src = fn ?? it;
      const name = str(l.get(src, 'name')) || str(l.get(it, 'type'));
      out.push({ name, description: str(l.get(src, 'description')), schemaText: schemaText(l.get(src, 'input_schema', 'parameters', 'inputSchema', 'schema')) });
    }
    return;
  }
  if (v.k === 'obj') {
    // Vercel AI SDK: tools: { name: tool({ description, parameters }) }
    for (const [name, t0] of Object.entries(l.objProps(v))) {
      const t = l.val(t0);
      const def = t?.k === 'call' ? l.val(t.args[0]) : t;
      out.push({ name, description: str(l.get(def, 'description')), schemaText: schemaText(l.get(def, 'parameters', 'inputSchema', 'input_schema')) });
    }
  }
}

function num(v: SValue | undefined): number | null {
  return v?.k === 'num' ? v.value : null;
}

function buildCall(l: Linker, s: Site): ScannedCall {
  const { call, client, ctx, analysis } = s;
  const sdk = s.wrapper ? 'wrapper' : sdkName(call, client);
  const innerSdk = sdkName(call, client);
  const flags: Flags = { cache: false, ttl: null, history: false };
  const prompt: PromptPart[] = [];
  const tools: ToolDefinition[] = [];
  const signals: Signal[] = [...ctx.signals, ...(s.innerSignals ?? [])];
  const addSignal = (kind: Signal['kind'], detail: string, at: { file: string; line: number }) => {
    if (!signals.some((x) => x.kind === kind && x.detail === detail)) signals.push({ kind, detail, file: at.file, line: at.line });
  };
  const here = { file: analysis.file, line: ctx.callee.line };
  const shape = SHAPES.find((x) => x.api === call.api);
  let streaming = !!shape?.streaming;
  let structured = !!shape?.structured;
  const batch = !!shape?.batch;
  let maxTokens: number | null = null;
  let temperature: number | null = null;
  let stopSequences: string[] = [];
  let model: ModelResult;

  if (client.kind === 'langchain') {
    const ctor = l.val(client.args[0]);
    const mv = l.get(ctor, 'model', 'modelName', 'model_name');
    model = resolveModel(l, mv);
    maxTokens = num(l.get(ctor, 'maxTokens', 'max_tokens'));
    temperature = num(l.get(ctor, 'temperature'));
    const streamingFlag = l.get(ctor, 'streaming');
    streaming = call.api === 'stream' || call.api === 'streamEvents' || (streamingFlag?.k === 'bool' && streamingFlag.value);
    structured = client.structured;
    if (client.tools) addSignal('structured-output', 'bindTools', here);
    const input = l.val(s.args[0]);
    const template = l.val(client.template);
    if (template?.k === 'call') {
      // ChatPromptTemplate.fromMessages([["system", "…{context}"], ["human", "{question}"]]) / PromptTemplate.fromTemplate("…")
      const parts: PromptPart[] = [];
      if (/fromMessages$/.test(template.name)) messageParts(l, template.args[0], parts, flags, 'user');
      else textParts(l, template.args[0], 'user', parts, flags);
      for (const p of parts) {
        const vars = [...p.text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        if (vars.length) prompt.push({ ...p, text: p.text.replace(/\{\w+\}/g, ''), dynamicSlots: p.dynamicSlots + vars.length, holes: [...(p.holes ?? []), ...vars] });
        else prompt.push(p);
      }
    } else if (call.api === 'batch' && input?.k === 'call' && input.ret) messageParts(l, input.ret, prompt, flags, 'user');
    else if (call.api === 'batch') messageParts(l, l.items(input)?.[0] ?? input, prompt, flags, 'user');
    else if (input?.k === 'obj') prompt.push(dynamicPart('user', input, 'prompt template variables'));
    else messageParts(l, input, prompt, flags, 'user');
  } else {
    const params = paramsOf(l, call, s.args);
    const mv = l.get(params, 'model');
    model = resolveModel(l, mv);
    if (call.kind === 'vercel') {
      streaming = VERCEL_FUNCTIONS[call.api]?.streaming ?? false;
      structured = VERCEL_FUNCTIONS[call.api]?.structured ?? false;
      textParts(l, l.get(params, 'system'), 'system', prompt, flags);
      textParts(l, l.get(params, 'prompt'), 'prompt', prompt, flags);
      messageParts(l, l.get(params, 'messages'), prompt, flags);
      toolsOf(l, l.get(params, 'tools'), tools, flags);
      maxTokens = num(l.get(params, 'maxTokens', 'maxOutputTokens'));
      const stop = l.items(l.get(params, 'stopSequences'));
      if (stop) stopSequences = stop.map((x) => l.val(x)).flatMap((x) => (x?.k === 'str' ? [x.text] : []));
      if (l.get(params, 'maxSteps', 'stopWhen')) addSignal('tool-use-loop', 'maxSteps / stopWhen: the SDK runs the tool loop', here);
      if (l.get(params, 'output', 'experimental_output', 'schema')) structured = true;
      const tc = l.get(params, 'toolChoice');
      if (tc && (tc.k === 'obj' || (tc.k === 'str' && tc.text === 'required'))) addSignal('forced-tool-choice', tc.src.text.slice(0, 80), { file: tc.src.file, line: tc.src.line });
      const pm = l.get(params, 'providerOptions');
      if (pm && /cacheControl|cache_control/.test(pm.src.text)) flags.cache = true;
    } else {
      // Anthropic and OpenAI
      textParts(l, l.get(params, 'system', 'instructions'), 'system', prompt, flags);
      messageParts(l, l.get(params, 'messages'), prompt, flags);
      if (innerSdk === 'openai') messageParts(l, l.get(params, 'input'), prompt, flags);
      toolsOf(l, l.get(params, 'tools'), tools, flags);
      maxTokens = num(l.get(params, 'max_tokens', 'max_completion_tokens', 'max_output_tokens'));
      temperature = num(l.get(params, 'temperature'));
      const st = l.get(params, 'stream');
      if (st?.k === 'bool' && st.value) streaming = true;
      const stop = l.val(l.get(params, 'stop_sequences', 'stop'));
      const stopItems = l.items(stop);
      if (stopItems) stopSequences = stopItems.map((x) => l.val(x)).flatMap((x) => (x?.k === 'str' ? [x.text] : []));
      else if (stop?.k === 'str') stopSequences = [stop.text];
      const rf = l.get(params, 'response_format', 'output_format');
      if (rf && /json|zodResponseFormat/.test(rf.src.text)) structured = true;
      const textFormat = l.get(l.get(params, 'text'), 'format');
      if (textFormat && /json/.test(textFormat.src.text)) structured = true;
      const tc = l.get(params, 'tool_choice');
      if (tc) {
        const type = l.get(tc, 'type');
        if ((type?.k === 'str' && /^(tool|any|function)$/.test(type.text)) || (tc.k === 'str' && tc.text === 'required'))
          addSignal('forced-tool-choice', tc.src.text.slice(0, 80), { file: tc.src.file, line: tc.src.line });
      }
      if (call.api.endsWith('toolRunner') || call.api.endsWith('runTools')) addSignal('tool-use-loop', `${call.api}: the SDK runs the tool loop`, here);
      // cache_control anywhere else in the params (e.g. on the params object of a helper)
      if (!flags.cache && params && /cache_control/.test(params.src.text)) {
        flags.cache = true;
        flags.ttl = /ttl\s*:\s*['"]1h['"]/.test(params.src.text) ? '1h' : '5m';
      }
    }
  }
  if (structured) addSignal('structured-output', client.kind === 'langchain' ? 'withStructuredOutput' : call.kind === 'vercel' ? call.api : call.api.endsWith('parse') ? call.api : 'JSON response format', here);
  if (flags.history) addSignal('message-history', 'messages come from a history array', here);
  if (ctx.joinsDocuments) addSignal('documents-joined', 'several documents joined into the prompt (.map(…).join)', here);
  for (const t of tools) if (IRREVERSIBLE_TOOL.test(t.name)) addSignal('irreversible-tool', t.name, here);
  const kept = streaming ? signals : signals.filter((x) => x.kind !== 'streams-to-response');

  let registryTask = model.registryTask;
  if (!registryTask && s.wrapper) registryTask = wrapperTask(l, s);
  let modelRef = model.ref;
  if (s.wrapper && modelRef.span && mv0File(s, l) !== analysis.file) {
    // The model expression is written inside the wrapper: no span in this file to edit.
    const viaTask = registryTask && model.registryTask ? ` for task ${registryTask}` : '';
    modelRef = { ...modelRef, span: null, note: [modelRef.note, `written inside wrapper ${s.wrapper.name}${viaTask}`].filter(Boolean).join('; ') };
  }

  const result: ScannedCall = {
    file: analysis.file,
    language: analysis.language,
    enclosingFunction: ctx.enclosingFunction,
    className: ctx.className,
    callee: ctx.callee,
    span: ctx.span,
    sdk,
    api: s.wrapper ? s.wrapper.calleeText : (call.written ?? call.api),
    model: modelRef,
    registryTask,
    streaming,
    batch,
    cacheControl: flags.cache,
    cacheTtl: flags.cache ? (flags.ttl ?? '5m') : null,
    maxTokens,
    temperature,
    prompt,
    tools,
    stopSequences,
    signals: kept,
    annotation: ctx.annotation,
  };
  if (s.wrapper) result.wrapper = { name: s.wrapper.name, file: s.wrapper.file, innerSdk: s.wrapper.innerSdk, innerApi: s.wrapper.innerApi };
  return result;
}

/** The file where a site's model expression is written. */
function mv0File(s: Site, l: Linker): string {
  const params = s.client.kind === 'langchain' ? l.val(s.client.args[0]) : paramsOf(l, s.call, s.args);
  const raw = l.objProps(params).model;
  return (raw?.use ?? raw?.src)?.file ?? s.analysis.file;
}

/** `callAI("classify_intent", prompt)`: the wrapper's first parameter names the task. */
function wrapperTask(l: Linker, s: Site): string | null {
  if (!s.wrapper || !/task|kind|purpose|usecase|intent|route|type/i.test(s.wrapper.firstParam)) return null;
  const v = l.val(s.callArgs?.[0]);
  return v?.k === 'str' && v.slots === 0 && /^[a-z][a-z0-9_]*$/.test(v.text) ? v.text : null;
}
