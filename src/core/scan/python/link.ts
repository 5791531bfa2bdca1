// Cross-file step for Python: imported constants, the registry, wrappers (their call sites count, the inner
// SDK call not again), then one ScannedCall per call site.
import type { ModelRef, PromptPart, PromptRole, ScannedCall, Signal, SkippedFile, ToolDefinition } from '../../types';
import type { FollowUp } from './legacyLanguage';
import { IRREVERSIBLE, joinModule, type PyCallRec, type PyCandidate, type PyFunc, type PyRegistry, type PythonAnalysis } from './analyze';
import { paramDeps, substitute, type ClientInfo, type PV, type PVOf, type PVia } from './values';

type Analyses = ReadonlyMap<string, PythonAnalysis>;

interface Site extends PyCallRec {
  file: string;
  wrapper?: { name: string; file: string; innerSdk: string; innerApi: string };
}

const EXTERNAL = /^(os|sys|re|json|typing|logging|asyncio|anthropic|openai|litellm|langchain\w*|instructor|pydantic|django|fastapi|flask|numpy|pandas|requests|httpx)$/;

// ---------------------------------------------------------------------------------------------------------
// Modules

export class ModuleIndex {
  private readonly bySuffix = new Map<string, string[]>();
  constructor(files: Iterable<string>) {
    for (const f of files) {
      const mod = f.replace(/\.pyi?$/, '').replace(/\/__init__$/, '');
      const parts = mod.split('/');
      for (let i = 0; i < parts.length; i++) {
        const key = parts.slice(i).join('/');
        const list = this.bySuffix.get(key) ?? [];
        list.push(f);
        this.bySuffix.set(key, list);
      }
    }
  }

  resolve(fromFile: string, spec: string): string | null {
    const m = /^(\.*)(.*)$/.exec(spec)!;
    const level = m[1].length;
    const rest = m[2];
    if (level > 0) {
      const dirParts = fromFile.split('/').slice(0, -1);
      const up = dirParts.slice(0, Math.max(0, dirParts.length - (level - 1)));
      const base = [...up, ...(rest ? rest.split('.') : [])].join('/');
      for (const c of candidatePaths(base, rest === '')) if (this.has(c)) return c;
      return null;
    }
    const key = rest.replace(/\./g, '/');
    const list = this.bySuffix.get(key);
    if (!list?.length) return null;
    if (list.length === 1) return list[0];
    // Prefer the file closest to the importer, then the shortest path; a .py over a .pyi stub.
    const fromDir = fromFile.split('/');
    const score = (f: string) => {
      const parts = f.split('/');
      let common = 0;
      while (common < parts.length && common < fromDir.length && parts[common] === fromDir[common]) common++;
      return common * 1000 - parts.length * 10 - (f.endsWith('.pyi') ? 1 : 0);
    };
    return [...list].sort((a, b) => score(b) - score(a))[0];
  }

  private has(f: string): boolean {
    const mod = f.replace(/\.pyi?$/, '').replace(/\/__init__$/, '');
    return (this.bySuffix.get(mod) ?? []).includes(f);
  }
}

function candidatePaths(base: string, pkgOnly: boolean): string[] {
  const b = base.replace(/^\/+/, '');
  const init = b ? `${b}/__init__.py` : '__init__.py';
  return pkgOnly ? [init] : [`${b}.py`, init, `${b}.pyi`];
}

// ---------------------------------------------------------------------------------------------------------

export class PythonLinker {
  private readonly index: ModuleIndex;
  private readonly resolving = new Set<string>();
  private readonly callers = new Map<string, { c: PyCandidate; file: string }[]>();
  private readonly fallbackRegistry: { file: string; registry: PyRegistry } | null;

  constructor(private readonly analyses: Analyses) {
    this.index = new ModuleIndex(analyses.keys());
    let best: { file: string; registry: PyRegistry } | null = null;
    for (const [file, a] of analyses) {
      if (!a.registry) continue;
      if (!best || (/model_registry\.py$/.test(file) && !/model_registry\.py$/.test(best.file))) best = { file, registry: a.registry };
    }
    this.fallbackRegistry = best;
    for (const [file, a] of analyses) {
      for (const c of a.candidates) {
        const key = this.targetKey(file, c);
        if (!key) continue;
        const list = this.callers.get(key) ?? [];
        list.push({ c, file });
        this.callers.set(key, list);
      }
    }
  }

  // ----- values
  resolve(v: PV, depth = 0): PV {
    if (depth > 24) return v;
    const r = (x: PV) => this.resolve(x, depth + 1);
    switch (v.k) {
      case 'ref': {
        if (v.name === '') return v;
        const key = `${v.src.file}|${v.module}|${v.name}`;
        if (this.resolving.has(key)) return v;
        this.resolving.add(key);
        try {
          const target = this.index.resolve(v.src.file, v.module);
          const a = target ? this.analyses.get(target) : undefined;
          const exp = a?.exports[v.name];
          if (a && exp && !(exp.k === 'ref' && exp.src.file === target && exp.module === v.module && exp.name === v.name)) {
            const res = r(exp);
            if (res.k === 'ref' || res.k === 'dyn') return res;
            const via: PVia | undefined =
              res.via && res.via.kind !== 'constant'
                ? res.via
                : res.via
                  ? { ...res.via, kind: 'imported-constant' }
                  : { kind: 'imported-constant', name: v.name, file: target!, line: res.src.line, span: { start: res.src.start, end: res.src.end } };
            return { ...res, via };
          }
          // `from pkg import module`
          const sub = this.index.resolve(v.src.file, joinModule(v.module, v.name));
          if (sub) return { ...v, module: joinModule(v.module, v.name), name: '' };
          return v;
        } finally {
          this.resolving.delete(key);
        }
      }
      case 'attr': {
        const obj = r(v.obj);
        if (obj.k === 'ref' && obj.name === '') return r({ k: 'ref', module: obj.module, name: v.name, src: obj.src });
        if (obj.k === 'dict') return obj.entries[v.name] ? r(obj.entries[v.name]) : { k: 'dyn', src: v.src };
        if (obj.k === 'inst') {
          const m = this.classMember(obj, v.name);
          if (m) return r(m);
        }
        if (obj.k === 'ref') {
          // an imported class: `Models.SONNET`
          const cls = this.findClass(obj);
          const m = cls ? this.analyses.get(cls.file)?.classes[cls.name]?.[v.name] : undefined;
          if (m) return r(m);
        }
        return { ...v, obj };
      }
      case 'cat': {
        const parts = v.parts.map(r);
        if (parts.every((p) => p.k === 'str' || p.k === 'num' || p.k === 'dyn' || p.k === 'param' || p.k === 'none')) {
          let text = '';
          let slots = 0;
          const holes: string[] = [];
          for (const p of parts) {
            if (p.k === 'str') {
              text += p.text;
              slots += p.slots;
              holes.push(...strHoles(p));
            } else if (p.k === 'num') text += String(p.value);
            else if (p.k !== 'none') {
              slots++;
              holes.push(p.k === 'param' ? p.name : pyHole((p.expr ?? p.src).text));
            }
          }
          return { k: 'str', text, slots, src: v.src, ...(v.via ? { via: v.via } : {}), ...(holes.length ? { holes } : {}) };
        }
        return { ...v, parts };
      }
      case 'dict': {
        const entries: Record<string, PV> = {};
        for (const [k, e] of Object.entries(v.entries)) entries[k] = r(e);
        const spreads: PV[] = [];
        for (const s of v.spreads.map(r)) {
          if (s.k === 'dict') for (const [k, e] of Object.entries(s.entries)) if (!(k in entries)) entries[k] = e;
          else spreads.push(s);
        }
        return { ...v, entries, spreads };
      }
      case 'list':
        return { ...v, items: v.items.map(r), spreads: v.spreads.map(r) };
      case 'tuple':
        return { ...v, items: v.items.map(r) };
      case 'msg':
        return { ...v, content: r(v.content) };
      case 'alt':
        return { ...v, options: v.options.map(r) };
      case 'env':
        return v.dflt ? { ...v, dflt: r(v.dflt) } : v;
      case 'reg':
        return { ...v, task: r(v.task), ...(v.dflt ? { dflt: r(v.dflt) } : {}) };
      case 'param':
        return v.dflt ? { ...v, dflt: r(v.dflt) } : v;
      case 'client':
        return v.client.kwargs || v.client.template
          ? {
              ...v,
              client: {
                ...v.client,
                ...(v.client.kwargs ? { kwargs: Object.fromEntries(Object.entries(v.client.kwargs).map(([k, e]) => [k, r(e)])) } : {}),
                ...(v.client.template ? { template: r(v.client.template) } : {}),
              },
            }
          : v;
      default:
        return v;
    }
  }

  private resolveClient(c: ClientInfo): ClientInfo {
    const kwargs = c.kwargs ? Object.fromEntries(Object.entries(c.kwargs).map(([k, e]) => [k, this.resolve(e)])) : undefined;
    return { ...c, ...(kwargs ? { kwargs } : {}), ...(c.template ? { template: this.resolve(c.template) } : {}), ...(c.tools ? { tools: this.resolve(c.tools) } : {}) };
  }

  private classMember(inst: Extract<PV, { k: 'inst' }>, name: string): PV | undefined {
    if (typeof inst.cls === 'string') return this.analyses.get(inst.src.file)?.classes[inst.cls]?.[name];
    const cls = this.findClass(inst.cls);
    return cls ? this.analyses.get(cls.file)?.classes[cls.name]?.[name] : undefined;
  }

  /** Where a class named by a ref (or attr of a module ref) is defined. */
  private findClass(v: PV, depth = 0): { file: string; name: string } | null {
    if (depth > 8) return null;
    if (v.k === 'attr' && v.obj.k === 'ref') {
      const mod = v.obj.name === '' ? v.obj.module : joinModule(v.obj.module, v.obj.name);
      return this.findClass({ k: 'ref', module: mod, name: v.name, src: v.obj.src }, depth + 1);
    }
    if (v.k !== 'ref' || !v.name) return null;
    const file = this.index.resolve(v.src.file, v.module);
    const a = file ? this.analyses.get(file) : undefined;
    if (!a || !file) return null;
    if (a.classes[v.name]) return { file, name: v.name };
    const exp = a.exports[v.name];
    if (exp?.k === 'ref') return this.findClass(exp, depth + 1);
    return null;
  }

  /** The function a candidate call goes to, as "file::key", if it is in the workspace. */
  private targetKey(file: string, c: PyCandidate): string | null {
    const t = c.target;
    if (t.kind === 'local') {
      const f = this.analyses.get(file)?.funcs[t.name];
      return f && !f.className && !f.nested ? `${file}::${t.name}` : null;
    }
    if (t.kind === 'method') {
      if (t.cls === '*') return this.uniqueMethod(t.name);
      if (typeof t.cls === 'string') return this.analyses.get(file)?.funcs[`${t.cls}.${t.name}`] ? `${file}::${t.cls}.${t.name}` : null;
      const cls = this.findClass(t.cls);
      return cls && this.analyses.get(cls.file)?.funcs[`${cls.name}.${t.name}`] ? `${cls.file}::${cls.name}.${t.name}` : null;
    }
    return this.funcOf(t.value, 0);
  }

  private methodIndex: Map<string, string[]> | null = null;

  /** The one method of that name in the workspace (among methods that make SDK or wrapper calls), if it is unique. */
  private uniqueMethod(name: string): string | null {
    if (!this.methodIndex) {
      this.methodIndex = new Map();
      for (const [file, a] of this.analyses) {
        for (const f of Object.values(a.funcs)) {
          if (!f.className || f.nested) continue;
          const list = this.methodIndex.get(f.name) ?? [];
          list.push(`${file}::${f.key}`);
          this.methodIndex.set(f.name, list);
        }
      }
    }
    const hits = this.methodIndex.get(name);
    return hits?.length === 1 ? hits[0] : null;
  }

  private funcOf(v: PV, depth: number): string | null {
    if (depth > 8) return null;
    if (v.k === 'attr' && v.obj.k === 'ref') {
      const mod = v.obj.name === '' ? v.obj.module : joinModule(v.obj.module, v.obj.name);
      return this.funcOf({ k: 'ref', module: mod, name: v.name, src: v.obj.src }, depth + 1);
    }
    if (v.k !== 'ref' || !v.name) return null;
    if (EXTERNAL.test(v.module.split('.')[0])) return null;
    const file = this.index.resolve(v.src.file, v.module);
    const a = file ? this.analyses.get(file) : undefined;
    if (!a || !file) return null;
    const f = a.funcs[v.name];
    if (f && !f.className && !f.nested) return `${file}::${v.name}`;
    const exp = a.exports[v.name];
    if (exp?.k === 'ref') return this.funcOf(exp, depth + 1);
    return null;
  }

  // ----- registry
  private registryFor(v: Extract<PV, { k: 'reg' }>): { file: string; registry: PyRegistry } | null {
    if (v.registry.local) {
      const a = this.analyses.get(v.src.file);
      if (a?.registry) return { file: v.src.file, registry: a.registry };
    }
    if (v.registry.module) {
      const file = this.index.resolve(v.src.file, v.registry.module);
      const a = file ? this.analyses.get(file) : undefined;
      if (a?.registry && file) return { file, registry: a.registry };
    }
    return this.fallbackRegistry;
  }

  // ----- model
  modelRef(raw: PV | undefined, siteFile: string): { ref: ModelRef; registryTask: string | null } {
    if (!raw) return { ref: { expression: '', resolved: null, source: 'unresolved', span: null }, registryTask: null };
    const at = raw.expr ?? raw.src;
    const expression = at.text.length > 200 ? `${at.text.slice(0, 197)}…` : at.text;
    const span = at.file === siteFile && at.end > at.start ? { start: at.start, end: at.end } : null;
    const v = this.resolve(raw);
    const out = this.modelValue(v, 0);
    const ref: ModelRef = { expression, resolved: out.resolved, source: out.source, span };
    if (out.note) ref.note = out.note;
    if (out.via) ref.declaredAt = { file: out.via.file, line: out.via.line, span: out.via.span };
    return { ref, registryTask: out.task };
  }

  private modelValue(
    v: PV,
    depth: number,
  ): { resolved: string | null; source: ModelRef['source']; note?: string; via?: PVia; task: string | null } {
    const none = { resolved: null, source: 'unresolved' as const, task: null };
    if (depth > 8) return none;
    switch (v.k) {
      case 'str': {
        if (v.slots > 0 || !v.text) return { ...none, note: 'built at run time' };
        const source = v.via ? (v.via.kind === 'imported-constant' ? 'imported-constant' : v.via.kind === 'config' ? 'config' : 'constant') : 'literal';
        return { resolved: v.text, source, via: v.via, task: null, ...(v.via ? { note: `${v.via.name} (${v.via.file}:${v.via.line})` } : {}) };
      }
      case 'env': {
        const d = v.dflt ? this.modelValue(v.dflt, depth + 1) : null;
        return {
          resolved: d?.resolved ?? null,
          source: 'env-default',
          note: d?.resolved ? `default of ${/^\w+$/.test(v.name) ? `os.environ["${v.name}"]` : v.name}` : `from ${v.name} (no default)`,
          via: v.via ?? d?.via,
          task: null,
        };
      }
      case 'reg': {
        const task = v.task.k === 'str' && v.task.slots === 0 ? v.task.text : null;
        const reg = this.registryFor(v);
        let resolved: string | null = null;
        let note: string;
        if (reg && task && reg.registry.entries[task]) {
          resolved = this.modelValue(this.resolve(reg.registry.entries[task]), depth + 1).resolved;
          note = `registry entry ${task} in ${reg.file}`;
        } else if (reg?.registry.defaultModel) {
          resolved = this.modelValue(this.resolve(reg.registry.defaultModel), depth + 1).resolved;
          note = task ? `${task} is not in the registry (${reg.file}): DEFAULT_MODEL` : `registry DEFAULT_MODEL (${reg.file})`;
        } else if (v.dflt) {
          resolved = this.modelValue(v.dflt, depth + 1).resolved;
          note = 'registry not found: the lookup default';
        } else note = 'registry not found in the workspace';
        return { resolved, source: 'registry', note, task, ...(v.via ? { via: v.via } : {}) };
      }
      case 'alt': {
        const env = v.options.find((o) => o.k === 'env');
        for (const o of v.options) {
          const m = this.modelValue(o, depth + 1);
          if (!m.resolved) continue;
          if (env?.k === 'env' && o !== env) return { ...m, source: 'env-default', note: `default of ${/^\w+$/.test(env.name) ? `os.environ["${env.name}"]` : env.name}` };
          return { ...m, note: m.note ?? `first of ${v.src.text.slice(0, 60)}` };
        }
        return none;
      }
      case 'param': {
        const d = v.dflt ? this.modelValue(v.dflt, depth + 1) : null;
        return { resolved: d?.resolved ?? null, source: 'parameter', note: d?.resolved ? `default of parameter ${v.name}` : `parameter ${v.name}`, task: d?.task ?? null };
      }
      default:
        return none;
    }
  }

  // ----- wrappers
  private isGeneric(rec: PyCallRec): boolean {
    const model = modelPV(rec);
    if (model && paramDeps(model).size) return true;
    const bare = (v: PV | undefined) => v?.k === 'param';
    const k = rec.kwargs;
    if (bare(k.messages) || bare(k.system) || bare(k.prompt) || bare(k.input) || bare(k.instructions)) return true;
    if (rec.sdk === 'langchain' && bare(rec.input)) return true;
    if (k.messages?.k === 'list') {
      for (const m of k.messages.items) {
        if (m.k === 'dict' && bare(m.entries.content)) return true;
        if (m.k === 'param') return true;
      }
      if (k.messages.spreads.some(bare)) return true;
    }
    return false;
  }

  private bind(func: PyFunc, c: PyCandidate): Map<string, PV> {
    const bind = new Map<string, PV>();
    let i = 0;
    for (const p of func.params) {
      if (p.star) continue;
      if (p.name in c.kwargs) bind.set(p.name, c.kwargs[p.name]);
      else if (i < c.args.length) bind.set(p.name, c.args[i]);
      else if (p.dflt) bind.set(p.name, p.dflt);
      i++;
    }
    return bind;
  }

  /** Functions reached while expanding wrappers whose calls depend on their own parameters (wrappers of wrappers). */
  private readonly nestedWrappers = new Set<string>();

  private expand(site: Site, depth: number, out: Site[], seen: Set<string>): void {
    const key = site.fnKey ? `${site.file}::${site.fnKey}` : null;
    if (key && site.wrapper && this.isGeneric(site)) this.nestedWrappers.add(key);
    const callers = key ? this.callers.get(key)?.filter((x) => !(x.file === site.file && x.c.fnKey === site.fnKey)) : undefined;
    if (!key || !callers?.length || depth > 4 || seen.has(key) || !this.isGeneric(site)) {
      out.push(site);
      return;
    }
    const [file, fnKey] = [key.slice(0, key.indexOf('::')), key.slice(key.indexOf('::') + 2)];
    const func = this.analyses.get(file)?.funcs[fnKey];
    if (!func) {
      out.push(site);
      return;
    }
    const nextSeen = new Set(seen).add(key);
    for (const { c, file: cfile } of callers) {
      const bind = this.bind(func, c);
      const s = (v: PV) => substitute(v, bind);
      const kwargs: Record<string, PV> = {};
      for (const [k, v] of Object.entries(site.kwargs)) kwargs[k] = s(v);
      const client = site.client
        ? {
            ...site.client,
            ...(site.client.kwargs ? { kwargs: Object.fromEntries(Object.entries(site.client.kwargs).map(([k, v]) => [k, s(v)])) } : {}),
          }
        : undefined;
      const signals = [...c.signals, ...site.signals.filter((x) => x.kind !== 'result-variable' && !c.signals.some((y) => y.kind === x.kind))];
      const stream = kwargs.stream;
      const next: Site = {
        ...site,
        kwargs,
        ...(site.input ? { input: s(site.input) } : {}),
        ...(client ? { client } : {}),
        streaming: site.streaming || (stream?.k === 'bool' && stream.value),
        file: cfile,
        fnKey: c.fnKey,
        enclosingFunction: c.enclosingFunction,
        className: c.className,
        callee: c.callee,
        span: c.span,
        signals,
        annotation: c.annotation ?? site.annotation,
        wrapper: { name: func.key, file, innerSdk: site.wrapper?.innerSdk ?? site.sdk, innerApi: site.wrapper?.innerApi ?? site.api },
      };
      this.expand(next, depth + 1, out, nextSeen);
    }
  }

  sites(): Site[] {
    const out: Site[] = [];
    for (const [file, a] of this.analyses) {
      if (a.isTest || a.isStub) continue;
      const firstOfFn = new Set<string>();
      for (const rec of a.calls) {
        // A wrapper with several inner calls (stream / non-stream branches) is one call per caller.
        const k = rec.fnKey ?? '';
        const isFirst = !firstOfFn.has(k);
        firstOfFn.add(k);
        const site: Site = { ...rec, file };
        if (!isFirst && rec.fnKey && this.callers.get(`${file}::${rec.fnKey}`)?.length && this.isGeneric(rec)) continue;
        this.expand(site, 0, out, new Set());
      }
    }
    // Several paths (a wrapper with two inner calls, nested wrappers) can reach the same call: it is one call site.
    const seen = new Set<string>();
    return out.filter((s) => {
      const key = `${s.file}:${s.span.start}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  // ----- ScannedCall
  toScannedCall(site: Site): ScannedCall {
    const { ref: model, registryTask } = this.modelRef(modelPV(site), site.file);
    const k: Record<string, PV> = {};
    for (const [key, v] of Object.entries(site.kwargs)) k[key] = this.resolve(v);
    const client = site.client ? this.resolveClient(site.client) : undefined;
    const prompt: PromptPart[] = [];
    const sdkInner = site.wrapper?.innerSdk ?? site.sdk;
    const api = site.wrapper?.innerApi ?? site.api;
    const input = site.input ? this.resolve(site.input) : undefined;
    if (sdkInner === 'langchain') {
      if (client?.template) prompt.push(...this.messageParts(client.template.k === 'msg' ? client.template.content : client.template, 'user'));
      if (input && !(client?.template && (input.k === 'dict' || input.k === 'dyn' || input.k === 'param'))) prompt.push(...this.messageParts(input, 'user'));
    } else {
      if (k.system) prompt.push(...this.parts(k.system, 'system'));
      if (k.instructions) prompt.push(...this.parts(k.instructions, 'system'));
      if (k.messages) prompt.push(...this.messageParts(k.messages, 'user'));
      if (k.input) prompt.push(...this.messageParts(k.input, 'user'));
      if (k.prompt) prompt.push(...this.parts(k.prompt, 'prompt'));
      if (!k.messages && !k.input && !k.prompt && input && sdkInner !== 'anthropic' && sdkInner !== 'openai') prompt.push(...this.messageParts(input, 'user'));
    }
    const tools = this.tools(k.tools ?? k.functions ?? client?.tools);
    const num = (...vs: (PV | undefined)[]) => {
      for (const v of vs) if (v?.k === 'num') return v.value;
      return null;
    };
    const ck = client?.kwargs ?? {};
    const maxTokens = num(k.max_tokens, k.max_completion_tokens, k.max_output_tokens, k.max_tokens_to_sample, ck.max_tokens, ck.max_completion_tokens, ck.max_tokens_to_sample);
    const temperature = num(k.temperature, ck.temperature);
    const stopV = k.stop_sequences ?? k.stop ?? ck.stop_sequences ?? ck.stop;
    const stopSequences = stopV?.k === 'str' ? [stopV.text] : stopV?.k === 'list' ? stopV.items.filter((x) => x.k === 'str').map((x) => (x as { text: string }).text) : [];
    const cache = { on: false, ttl: '5m' as '5m' | '1h' };
    findCache(Object.values(k), cache, 0);
    if (k.cache_control) cache.on = true;
    const signals: Signal[] = [...site.signals];
    const sig = (kind: Signal['kind'], detail: string) => {
      if (!signals.some((s) => s.kind === kind)) signals.push({ kind, detail, file: site.file, line: site.callee.line });
    };
    if (/\.parse$/.test(api)) sig('structured-output', api);
    if (k.response_format) sig('structured-output', `response_format=${k.response_format.src.text.slice(0, 60)}`);
    if (k.text_format || k.output_format) sig('structured-output', 'text_format');
    if (k.response_model) sig('structured-output', `response_model=${k.response_model.src.text.slice(0, 60)}`);
    if (client?.structured) sig('structured-output', client.structured);
    const tc = k.tool_choice;
    if (tc) {
      const type = tc.k === 'dict' && tc.entries.type?.k === 'str' ? tc.entries.type.text : tc.k === 'str' ? tc.text : '';
      if (/^(tool|function|any|required)$/.test(type)) sig('forced-tool-choice', tc.src.text.slice(0, 80));
    }
    for (const t of tools) {
      if (IRREVERSIBLE.test(t.name) || IRREVERSIBLE.test(t.description.split(/[.;]/)[0] ?? '')) {
        signals.push({ kind: 'irreversible-tool', detail: t.name, file: site.file, line: site.callee.line });
      }
    }
    const streaming = site.streaming || (k.stream?.k === 'bool' && k.stream.value);
    const call: ScannedCall = {
      file: site.file,
      language: 'python',
      enclosingFunction: site.enclosingFunction,
      className: site.className,
      callee: site.callee,
      span: site.span,
      sdk: site.wrapper ? 'wrapper' : site.sdk,
      api: site.wrapper ? site.wrapper.name : site.api,
      model,
      registryTask,
      streaming,
      batch: site.batch,
      cacheControl: cache.on,
      cacheTtl: cache.on ? cache.ttl : null,
      maxTokens,
      temperature,
      prompt,
      tools,
      stopSequences,
      signals,
      annotation: site.annotation,
    };
    if (site.wrapper) call.wrapper = site.wrapper;
    return call;
  }

  private origin(v: PV): string {
    if (v.via?.kind === 'returned') return `returned by ${v.via.name} in ${v.via.file}`;
    if (v.via) return v.via.kind === 'imported-constant' ? `imported ${v.via.name} from ${v.via.file}` : v.via.kind === 'config' ? `attribute ${v.via.name}` : `const ${v.via.name}`;
    if (v.k === 'str' && v.slots > 0) return /^[rbuRBU]*[fF]/.test(v.src.text) ? 'f-string' : 'template';
    if (v.k === 'str' || v.k === 'cat') return 'literal';
    // A bare run-time value: say what it is, so a user's question (`content=user_message`) reads as one.
    if (v.k === 'param') return `parameter ${v.name}`;
    const written = (v.expr ?? v.src).text.replace(/\s+/g, ' ').trim();
    if (v.k === 'ref' && v.name) return `imported ${v.name}`;
    return written ? `dynamic ${written.slice(0, 40)}` : 'dynamic content';
  }

  /** `build_prompt(q)` where build_prompt is imported from a workspace file: the text that function returns. */
  private importedBuilder(v: PV): PV | null {
    if (v.k !== 'dyn' && !(v.k === 'param' && v.expr)) return null;
    const m = /^([A-Za-z_]\w*)\s*\(/.exec((v.expr ?? v.src).text);
    const imp = m ? this.analyses.get(v.src.file)?.exports[m[1]] : undefined;
    if (!imp || imp.k !== 'ref' || !imp.name) return null;
    const r = this.resolve({ k: 'ref', module: imp.module, name: `${imp.name}()`, src: imp.src });
    return (r.k === 'str' || r.k === 'cat') && r.via?.kind === 'returned' ? r : null;
  }

  private parts(v0: PV, role: PromptRole): PromptPart[] {
    const r0 = this.resolve(v0);
    const v = this.importedBuilder(r0) ?? r0;
    const mk = (text: string, slots: number, at: PV, holes?: string[]): PromptPart => {
      const part: PromptPart = {
        role,
        text,
        dynamicSlots: slots,
        file: at.src.file,
        line: at.src.line,
        span: at.src.end > at.src.start ? { start: at.src.start, end: at.src.end } : null,
        origin: this.origin(at),
      };
      const h = holes ?? (at.k === 'str' ? strHoles(at) : at.k === 'param' ? [at.name] : text === '' && slots > 0 ? [pyHole((at.expr ?? at.src).text)] : []);
      if (h.length) part.holes = h.filter(Boolean);
      return part;
    };
    switch (v.k) {
      case 'str':
        return [mk(v.text, v.slots, v)];
      case 'cat': {
        let text = '';
        let slots = 0;
        const holes: string[] = [];
        for (const p of v.parts) {
          if (p.k === 'str') {
            text += p.text;
            slots += p.slots;
            holes.push(...strHoles(p));
          } else {
            slots++;
            holes.push(pyHole((p.expr ?? p.src).text));
          }
        }
        return [mk(text, slots, v, holes)];
      }
      case 'list': {
        // content blocks: [{"type": "text", "text": …, "cache_control": …}]
        const out: PromptPart[] = [];
        for (const b of v.items) {
          if (b.k === 'dict') {
            const type = b.entries.type?.k === 'str' ? b.entries.type.text : 'text';
            if (type === 'text' && b.entries.text) out.push(...this.parts(b.entries.text, role));
            else if (type === 'tool_result') out.push(...this.parts(b.entries.content ?? { k: 'dyn', src: b.src }, 'tool_result'));
            else if (type === 'input_text' && b.entries.text) out.push(...this.parts(b.entries.text, role));
          } else if (b.k === 'str' || b.k === 'cat') out.push(...this.parts(b, role));
          else out.push(mk('', 1, b));
        }
        for (const s of v.spreads) out.push(mk('', 1, s));
        return out;
      }
      case 'alt':
        for (const o of v.options) if (o.k === 'str' || o.k === 'cat') return this.parts(o, role);
        return [mk('', 1, v)];
      case 'none':
        return [];
      default:
        return [mk('', 1, v)];
    }
  }

  private messageParts(v0: PV, defaultRole: PromptRole): PromptPart[] {
    const v = this.resolve(v0);
    if (v.k === 'str' || v.k === 'cat') return this.parts(v, defaultRole);
    if (v.k === 'msg') return v.role === 'template' ? this.messageParts(v.content, defaultRole) : this.parts(v.content, mapRole(v.role));
    if (v.k !== 'list') return this.parts(v, defaultRole);
    const out: PromptPart[] = [];
    for (const m of v.items) {
      if (m.k === 'dict') {
        const role = m.entries.role?.k === 'str' ? mapRole(m.entries.role.text) : defaultRole;
        if (m.entries.content) out.push(...this.parts(m.entries.content, role));
      } else if (m.k === 'tuple' && m.items.length >= 2) {
        const r = m.items[0];
        out.push(...this.parts(m.items[1], r.k === 'str' ? mapRole(r.text) : defaultRole));
      } else if (m.k === 'msg') out.push(...this.parts(m.content, mapRole(m.role)));
      else out.push(...this.parts(m, defaultRole));
    }
    for (const s of v.spreads) out.push(...this.parts(s, defaultRole));
    return out;
  }

  private tools(v0: PV | undefined): ToolDefinition[] {
    if (!v0) return [];
    const v = this.resolve(v0);
    if (v.k !== 'list') return [];
    const out: ToolDefinition[] = [];
    for (const t of v.items) {
      if (t.k === 'dict') {
        const fn = t.entries.function?.k === 'dict' ? t.entries.function : t;
        const e = fn.k === 'dict' ? fn.entries : {};
        const str = (x: PV | undefined) => (x?.k === 'str' ? x.text : '');
        const schema = e.input_schema ?? e.parameters;
        out.push({ name: str(e.name) || str(t.entries.type), description: str(e.description), schemaText: schema ? schema.src.text : '' });
      } else out.push({ name: t.src.text.slice(0, 80), description: '', schemaText: '' });
    }
    return out;
  }

  // ----- follow-up
  wrapperNames(): string[] {
    const names = new Set<string>();
    // Functions that call a wrapper with their own parameters are wrappers too: their callers must be read.
    this.sites();
    for (const key of this.nestedWrappers) {
      const i = key.indexOf('::');
      const f = this.analyses.get(key.slice(0, i))?.funcs[key.slice(i + 2)];
      if (f && !f.nested) names.add(f.name);
    }
    for (const [, a] of this.analyses) {
      for (const rec of a.calls) {
        if (!rec.fnKey || !this.isGeneric(rec)) continue;
        const f = a.funcs[rec.fnKey];
        if (f && !f.nested) names.add(f.name);
      }
    }
    return [...names];
  }
}

const MAX_PY_HOLE = 80;

function pyHole(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > MAX_PY_HOLE ? `${t.slice(0, MAX_PY_HOLE - 1)}…` : t;
}

/** The dynamic pieces of a string value: its own holes, an f-string's expressions, or the expression that made it. */
function strHoles(v: PVOf<'str'>): string[] {
  if (v.holes) return v.holes;
  if (!v.slots) return [];
  const f = fstringHoles(v);
  return f.length ? f : [pyHole((v.expr ?? v.src).text)];
}

/** The expressions in an f-string's `{…}` pieces, as written (`{question}`, `{ctx!r}`, `{n:>3}` → question, ctx, n). */
function fstringHoles(v: PVOf<'str'>): string[] {
  if (v.slots === 0 || !/^[rbuRBU]*[fF]/.test(v.src.text)) return [];
  const out: string[] = [];
  const re = /\{\{|\}\}|\{([^{}]+)\}/g;
  for (let m = re.exec(v.src.text); m; m = re.exec(v.src.text)) {
    if (!m[1]) continue;
    const expr = m[1].replace(/![rsa]$/, '').replace(/:[^:()[\]]*$/, '').trim();
    if (expr) out.push(pyHole(expr));
  }
  return out;
}

function modelPV(rec: PyCallRec & { wrapper?: Site['wrapper'] }): PV | undefined {
  if (rec.sdk === 'langchain' || rec.wrapper?.innerSdk === 'langchain') {
    const ck = rec.client?.kwargs ?? {};
    return ck.model ?? ck.model_name ?? ck.model_id ?? ck.deployment_name ?? ck.azure_deployment;
  }
  return rec.kwargs.model ?? rec.kwargs.engine ?? rec.kwargs.deployment_id;
}

function mapRole(r: string): PromptRole {
  const x = r.toLowerCase();
  if (x === 'system' || x === 'developer') return 'system';
  if (x === 'assistant' || x === 'ai') return 'assistant';
  if (x === 'tool' || x === 'function' || x === 'tool_result') return 'tool_result';
  return 'user';
}

function findCache(vs: PV[], acc: { on: boolean; ttl: '5m' | '1h' }, depth: number): void {
  if (depth > 8) return;
  for (const v of vs) {
    if (v.k === 'dict') {
      const cc = v.entries.cache_control;
      if (cc) {
        acc.on = true;
        if (cc.k === 'dict' && cc.entries.ttl?.k === 'str' && cc.entries.ttl.text === '1h') acc.ttl = '1h';
      }
      findCache(Object.values(v.entries), acc, depth + 1);
    } else if (v.k === 'list') findCache(v.items, acc, depth + 1);
    else if (v.k === 'msg') findCache([v.content], acc, depth + 1);
  }
}

export function linkPython(analyses: Analyses): { calls: ScannedCall[]; skipped: SkippedFile[] } {
  const skipped: SkippedFile[] = [];
  for (const [file, a] of analyses) if (a.error) skipped.push({ file, reason: a.error });
  const linker = new PythonLinker(analyses);
  const calls: ScannedCall[] = [];
  for (const site of linker.sites()) {
    try {
      calls.push(linker.toScannedCall(site));
    } catch (e) {
      skipped.push({ file: site.file, reason: `python call at line ${site.callee.line} not read: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  calls.sort((x, y) => (x.file === y.file ? x.span.start - y.span.start : x.file < y.file ? -1 : 1));
  return { calls, skipped };
}

export function followUpPython(analyses: Analyses): FollowUp {
  const linker = new PythonLinker(analyses);
  const files = new Set<string>();
  for (const [file, a] of analyses) {
    for (const spec of a.importSpecs) {
      const m = /^(\.*)(.*)$/.exec(spec)!;
      if (!m[1] && EXTERNAL.test(m[2].split('.')[0])) continue;
      let cands: string[];
      if (m[1]) {
        const dirParts = file.split('/').slice(0, -1);
        const up = dirParts.slice(0, Math.max(0, dirParts.length - (m[1].length - 1)));
        const base = [...up, ...(m[2] ? m[2].split('.') : [])].join('/');
        cands = candidatePaths(base, m[2] === '').filter((c) => !c.endsWith('.pyi'));
      } else {
        const rel = m[2].replace(/\./g, '/');
        const dir = file.split('/').slice(0, -1).join('/');
        cands = [`${rel}.py`, `${rel}/__init__.py`, `src/${rel}.py`, `src/${rel}/__init__.py`, ...(dir ? [`${dir}/${rel}.py`] : [])];
      }
      for (const c of cands) if (!analyses.has(c)) files.add(c);
    }
  }
  return { names: linker.wrapperNames(), files: [...files] };
}
