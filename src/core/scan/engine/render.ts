// Turning evaluated request parts into the pieces of a ScannedCall: prompt parts with where each comes from, the
// model and how it was resolved, tools, and the flags a price depends on (caching, history).
import { lineStartsOf, pointAt } from '../../lines';
import type { ModelRef, ModelSource, OutputSchema, PromptPart, PromptRole, ToolDefinition } from '../../types';
import type { Ctx, Evaluator } from './evaluate';
import { providerOfPrefix } from '../catalogue';
import { SchemaReader } from './schema';
import { JobNames } from './names';
import { holeText, type Src, type V, type VOf } from './values';
import { own } from '../ir';

export interface Flags {
  cache: boolean;
  ttl: '5m' | '1h' | null;
  history: boolean;
}

const ROLE: Record<string, PromptRole> = {
  system: 'system',
  developer: 'system',
  user: 'user',
  human: 'user',
  assistant: 'assistant',
  ai: 'assistant',
  model: 'assistant',
  tool: 'tool_result',
  function: 'tool_result',
  chatbot: 'assistant',
};

const HISTORY_NAME = /messages|history|conversation|chat|turns|thread|transcript|memory|session/i;
/** An empty array filled at run time is a history when it is kept as one (a local `messages = []` may be one turn). */
const KEPT_HISTORY = /history|conversation|turns|thread|transcript|session|memory|^this\.\w*messages|^self\.\w*messages/i;

export class Renderer {
  private readonly lineCache = new Map<string, number[]>();
  private schemas: SchemaReader | null = null;
  private names: JobNames | null = null;

  constructor(private readonly ev: Evaluator) {}

  /** The structured output a request asks for (its format parameter, or a tool it forces), for the call card. */
  outputSchema(format: V | undefined, tools: V | undefined, toolChoice: V | undefined, ctx: Ctx | null = null): OutputSchema | null {
    this.schemas ??= new SchemaReader(this.ev);
    return this.schemas.outputSchema(format, tools, toolChoice, ctx);
  }

  /** The job's own labels (telemetry, tracing, prompt names, enum members) and the plumbing it goes through. */
  jobNames(input: Parameters<JobNames['labels']>[0]): { labels: string[]; through: string[] } {
    this.names ??= new JobNames(this.ev);
    return { labels: this.names.labels(input), through: this.names.through(input.chain) };
  }

  line(file: string, offset: number): { line: number; column: number } {
    let starts = this.lineCache.get(file);
    if (!starts) {
      const m = this.ev.modules.get(file);
      starts = lineStartsOf(m?.text ?? '');
      this.lineCache.set(file, starts);
    }
    const p = pointAt(starts, offset);
    return { line: p.line, column: p.column };
  }

  text(src: Src, max = 200): string {
    return this.ev.text(src, max);
  }

  origin(v: V): string {
    if (!v.via) return 'literal';
    switch (v.via.kind) {
      case 'constant':
        return `const ${v.via.name}`;
      case 'imported-constant':
        return `imported ${v.via.name} from ${v.via.file}`;
      case 'returned':
        return `returned by ${v.via.name} in ${v.via.file}`;
      case 'passed':
        return `passed through ${v.via.name}()`;
      case 'filled':
        return `${v.via.name}()`;
      default:
        return `config ${v.via.name}`;
    }
  }

  part(role: PromptRole, v: VOf<'str'>): PromptPart {
    const at = v.src;
    const p: PromptPart = { role, text: v.text, dynamicSlots: v.slots, file: at.file, line: this.line(at.file, at.s).line, span: { start: at.s, end: at.e }, origin: this.origin(v) };
    if (v.holes.length) p.holes = [...v.holes];
    return p;
  }

  dynamicPart(role: PromptRole, v: V, origin: string): PromptPart {
    const at = v.use ?? v.src;
    return { role, text: '', dynamicSlots: 1, file: at.file, line: this.line(at.file, at.s).line, span: { start: at.s, end: at.e }, origin, holes: [holeText(this.text(at))] };
  }

  /** Text parts of a prompt value: a string, a list of text blocks, a file read at run time, a prompt template. */
  textParts(v: V | undefined, role: PromptRole, out: PromptPart[], flags: Flags, depth = 0): void {
    if (!v || depth > 8) return;
    switch (v.t) {
      case 'null':
        // A text this caller leaves out (`system_prompt=None`): nothing is sent.
        return;
      case 'str':
        out.push(this.part(role, v));
        return;
      case 'arr':
        for (const it of v.items.slice(0, 50)) {
          if (it.t === 'str') out.push(this.part(role, it));
          else if (it.t === 'obj') {
            this.noteCache(it, flags);
            const t = this.ev.prop(it, 'text');
            const type = this.ev.prop(it, 'type');
            if (t) this.textParts(t, role, out, flags, depth + 1);
            else if (type?.t === 'str' && type.text === 'tool_result') this.textParts(this.ev.prop(it, 'content'), 'tool_result', out, flags, depth + 1);
            else if (!type || (type.t === 'str' && /text/.test(type.text))) out.push(this.dynamicPart(role, it, 'content block'));
          } else if (it.t === 'sdk') this.sdkParts(it, out, flags, depth + 1);
          else out.push(this.dynamicPart(role, it, it.t === 'param' ? `parameter ${it.name}` : 'dynamic content'));
        }
        return;
      case 'alt': {
        const strs = v.options.filter((o): o is VOf<'str'> => o.t === 'str');
        if (strs.length) {
          // The longest option stands for the text (for inference); the part is the whole choice, where it is written.
          const best = strs.reduce((a, b) => (b.text.trim().length > a.text.trim().length ? b : a));
          const p = this.part(role, best);
          out.push({ ...p, span: { start: v.src.s, end: v.src.e }, line: this.line(v.src.file, v.src.s).line, file: v.src.file, origin: `chosen at run time (${v.options.length} options; the longest shown)` });
          return;
        }
        out.push(this.dynamicPart(role, v, 'chosen at run time'));
        return;
      }
      case 'sdk':
        this.sdkParts(v, out, flags, depth + 1, role);
        return;
      case 'file': {
        const names = (v.path.t === 'alt' ? v.path.options : [v.path]).map((p) => (p.t === 'str' && p.slots === 0 ? p.text : null));
        const from = names.every((n) => n !== null) ? (names.length > 1 ? `one of ${names.join(', ')}` : names[0]!) : this.text(v.path.src, 60);
        out.push(this.dynamicPart(role, v, v.hub ? `pulled from the LangChain Hub: ${from}` : `read from ${from}`));
        return;
      }
      case 'cls': {
        // A class given as the instructions (a DSPy signature, a pydantic model): its docstring.
        const cls = this.ev.modules.get(v.file)?.classes[v.key];
        if (cls?.doc) {
          out.push(this.part(role, { t: 'str', text: cls.doc, slots: 0, holes: [], src: { file: v.file, s: cls.p[0], e: cls.p[1] }, via: { kind: 'constant', name: cls.name, file: v.file, s: cls.p[0], e: cls.p[0] } }));
          return;
        }
        out.push(this.dynamicPart(role, v, `class ${cls?.name ?? v.key}`));
        return;
      }
      case 'json':
        out.push(this.dynamicPart(role, v, 'JSON of a value'));
        return;
      case 'param':
        // `const { system = DEFAULT_SYSTEM } = options`: when the caller gives none, the default is the text.
        if (v.dflt?.t === 'str' && v.dflt.text.trim()) {
          out.push({ ...this.part(role, v.dflt), origin: `default of ${v.name}${v.dflt.via ? ` (${this.origin(v.dflt)})` : ''}` });
          return;
        }
        out.push(this.dynamicPart(role, v, `parameter ${v.name}${v.path.length ? `.${v.path.join('.')}` : ''}`));
        return;
      case 'obj': {
        // { text: … } / { content: … } passed as a prompt
        const t = this.ev.prop(v, 'text') ?? this.ev.prop(v, 'content');
        if (t && t.t === 'str') {
          out.push(this.part(role, t));
          return;
        }
        // Gemini's `{ parts: [{ text: … }] }` (a system instruction, one content).
        const parts = this.ev.prop(v, 'parts');
        if (parts?.t === 'arr') {
          this.textParts(parts, role, out, flags, depth + 1);
          return;
        }
        out.push(this.dynamicPart(role, v, 'object'));
        return;
      }
      default:
        out.push(this.dynamicPart(role, v, `dynamic ${this.text(v.use ?? v.src, 40)}`));
    }
  }

  /** The prompt a catalogue object carries: a LangChain template, an agent's instructions, a DSPy signature … */
  sdkParts(v: VOf<'sdk'>, out: PromptPart[], flags: Flags, depth: number, role: PromptRole = 'system'): void {
    if (depth > 8) return;
    const parts: PromptPart[] = [];
    const messages = v.bound.get('messages');
    const prompt = v.bound.get('prompt');
    const system = v.bound.get('system');
    if (v.kind === 'lc.prompt') {
      if (messages) this.messageParts(messages, parts, flags, 'user', depth + 1);
      if (prompt) this.textParts(prompt, 'user', parts, flags, depth + 1);
    } else {
      if (system) this.textParts(system, role, parts, flags, depth + 1);
      if (prompt) this.textParts(prompt, 'user', parts, flags, depth + 1);
      if (messages) this.messageParts(messages, parts, flags, 'user', depth + 1);
    }
    out.push(...templateHoles(parts, (name) => this.templateVar(name)));
  }

  /** The variables a template is invoked with (`chain.invoke({ … })`), while the request's prompt is rendered. */
  templateInput: V | null = null;

  /** A template variable's text when the code writes it (a constant, a joined list of labels), else null. */
  templateVar(name: string): string | { text: string; holes: string[] } | null {
    const o = this.templateInput ? this.ev.objOf(this.templateInput) : null;
    const v = o ? this.ev.prop(o, name) : undefined;
    if (v?.t !== 'str' || !v.text.trim()) return null;
    if (v.slots === 0) return v.text;
    // Written instructions around the caller's data: the text as written, its data as holes.
    return v.text.replace(/\s+/g, '').length >= 20 ? { text: v.text, holes: v.holes.length ? v.holes : Array.from({ length: v.slots }, () => '…') } : null;
  }

  noteCache(obj: V, flags: Flags): void {
    const o = this.ev.objOf(obj);
    if (!o) return;
    const cc = this.ev.prop(o, 'cache_control') ?? this.ev.prop(o, 'cacheControl');
    if (!cc) return;
    flags.cache = true;
    const co = this.ev.objOf(cc);
    const ttl = co ? this.ev.prop(co, 'ttl') : undefined;
    if (ttl?.t === 'str' && (ttl.text === '1h' || ttl.text === '5m')) flags.ttl = ttl.text === '1h' || flags.ttl === '1h' ? '1h' : '5m';
    else flags.ttl ??= '5m';
  }

  messageParts(v: V | undefined, out: PromptPart[], flags: Flags, defaultRole: PromptRole = 'user', depth = 0): void {
    if (!v || depth > 8) return;
    if (v.t === 'str') {
      out.push(this.part(defaultRole, v));
      return;
    }
    if (v.t === 'sdk') {
      this.sdkParts(v, out, flags, depth + 1, 'system');
      return;
    }
    if (v.t === 'alt') {
      // Messages reshaped on some paths only (`if bedrock: messages = _strip_tool_content(messages)`): each path
      // still carries the caller's turns; the first option with turns stands for them.
      const turns = v.options.find((o) => o.t === 'arr' || o.t === 'obj' || o.t === 'str' || o.t === 'sdk' || (o.t === 'inst' && !!this.ev.messageObj(o)));
      if (turns) {
        this.messageParts(turns, out, flags, defaultRole, depth + 1);
        return;
      }
    }
    if (v.t === 'obj' || (v.t === 'inst' && this.ev.messageObj(v))) {
      // One message or a Gemini content object given alone.
      const items: V = { t: 'arr', items: [v], src: v.src };
      this.messageParts(items, out, flags, defaultRole, depth + 1);
      return;
    }
    // A template the caller may give, else the one written here (`template || DEFAULT_TEMPLATE`): the written one.
    if (v.t === 'param' && v.fallback && v.dflt?.t === 'arr' && v.dflt.items.length && !v.dflt.runtime) {
      this.messageParts(v.dflt, out, flags, defaultRole, depth + 1);
      return;
    }
    if (v.t !== 'arr' || v.items.length === 0) {
      const at = v.use ?? v.src;
      const name = this.text(at, 60);
      if (v.t === 'arr' ? KEPT_HISTORY.test(name) : HISTORY_NAME.test(name)) flags.history = true;
      out.push(this.dynamicPart(defaultRole, v, v.t === 'param' ? `messages from parameter ${v.name}` : `messages from ${name.slice(0, 40)}`));
      return;
    }
    // A list of conversations (LangChain's `agenerate(messages=[[SystemMessage(content=prompt)]])`): the first one
    // stands for them (a pair `["system", "…"]` starts with its role).
    const first = v.items[0];
    if (first.t === 'arr' && first.items.length && first.items[0].t !== 'str' && v.items.every((x) => x.t === 'arr')) {
      this.messageParts(first, out, flags, defaultRole, depth + 1);
      return;
    }
    let userTurn = false;
    for (const it of v.items.slice(0, 60)) {
      if (it.t === 'spread') {
        const name = this.text(it.src, 60);
        // A history comes before the new turn (`[...history, { role: "user", … }]`). Messages spread in after the
        // request's own user turn are extra turns a caller may add, not a conversation.
        if (userTurn && !KEPT_HISTORY.test(name)) {
          out.push(this.dynamicPart('user', it, `appended ${name.slice(0, 40)}`));
          continue;
        }
        flags.history = true;
        out.push(this.dynamicPart('user', it, `history ${name.slice(0, 40)}`));
        continue;
      }
      const msgObj = it.t === 'inst' ? this.ev.messageObj(it) : null;
      if (it.t === 'obj' || msgObj) {
        const o = msgObj ?? (it as VOf<'obj'>);
        const roleV = this.ev.prop(o, 'role') ?? this.ev.prop(o, 'type') ?? this.ev.prop(o, 'message_type');
        // A message record whose class says its role (`SystemMessage(content=…)` of the app's own models).
        const clsName = !roleV && it.t === 'inst' ? (own(this.ev.modules.get(it.file)?.classes, it.cls)?.name ?? '') : '';
        const byClass = /^(System|Developer)/.test(clsName) ? 'system' : /^(Assistant|AI|Ai)[A-Z]/.test(clsName) ? 'assistant' : /^(User|Human)/.test(clsName) ? 'user' : null;
        const role = roleV?.t === 'str' ? (ROLE[roleV.text.toLowerCase()] ?? defaultRole) : (byClass ?? defaultRole);
        if (role === 'user') userTurn = true;
        this.noteCache(o, flags);
        const content = this.ev.messageContent(o);
        // A turn whose text this caller leaves out (`system=None`): not sent as written here.
        if (content?.t === 'null') continue;
        this.textParts(content, role, out, flags, depth + 1);
        continue;
      }
      if (it.t === 'arr') {
        // LangChain tuple: ["system", "…"]
        const [r, c] = it.items;
        const role = r?.t === 'str' ? (ROLE[r.text.toLowerCase()] ?? 'user') : 'user';
        if (r?.t === 'str' && r.text === 'placeholder') {
          flags.history = true;
          out.push(this.dynamicPart('user', it, `history ${c?.t === 'str' ? c.text : ''}`));
          continue;
        }
        if (c) this.textParts(c, role, out, flags, depth + 1);
        continue;
      }
      if (it.t === 'str') {
        out.push(this.part(defaultRole, it));
        userTurn = true;
        continue;
      }
      if (it.t === 'sdk') {
        if (/MessagesPlaceholder/.test(it.label)) flags.history = true;
        this.sdkParts(it, out, flags, depth + 1);
        continue;
      }
      flags.history = true;
      out.push(this.dynamicPart('user', it, `message ${this.text(it.src, 40)}`));
    }
  }

  tools(v: V | undefined, flags: Flags): ToolDefinition[] {
    const out: ToolDefinition[] = [];
    if (!v) return out;
    const str = (x: V | undefined) => (x?.t === 'str' ? x.text : '');
    const schemaText = (x: V | undefined) => (x ? this.text(x.src, 4000) : '');
    if (v.t === 'arr') {
      for (const it0 of v.items.slice(0, 100)) {
        let it: V = it0;
        if (it.t === 'fn') {
          // Python tools given as functions: the name and docstring.
          const fn = this.ev.modules.get(it.file)?.fns[it.key];
          out.push({ name: fn?.name ?? it.key, description: '', schemaText: '' });
          continue;
        }
        if (it.t === 'sdk') {
          out.push({ name: it.label, description: '', schemaText: '' });
          continue;
        }
        const o = this.ev.objOf(it);
        if (!o) continue;
        this.noteCache(o, flags);
        const fn = this.ev.prop(o, 'function');
        const def = fn ? this.ev.objOf(fn) : o;
        if (!def) continue;
        const spec = this.ev.prop(def, 'toolSpec');
        const d = spec ? (this.ev.objOf(spec) ?? def) : def;
        it = d;
        const name = str(this.ev.prop(d, 'name')) || str(this.ev.prop(o, 'type'));
        out.push({ name, description: str(this.ev.prop(d, 'description')), schemaText: schemaText(this.ev.prop(d, 'input_schema') ?? this.ev.prop(d, 'parameters') ?? this.ev.prop(d, 'inputSchema') ?? this.ev.prop(d, 'schema')) });
      }
      return out;
    }
    const o = this.ev.objOf(v);
    if (o) {
      // Vercel AI SDK: tools: { name: tool({ description, parameters }) }
      for (const [name, t] of o.props) {
        const def = this.ev.objOf(t);
        out.push({ name, description: def ? str(this.ev.prop(def, 'description')) : '', schemaText: def ? schemaText(this.ev.prop(def, 'parameters') ?? this.ev.prop(def, 'inputSchema') ?? this.ev.prop(def, 'input_schema')) : '' });
      }
    }
    return out;
  }

  model(v: V | undefined, siteFile: string, resolveParam: (p: VOf<'param'>) => V | null): { ref: ModelRef; registryTask: string | null; provider: string | null; at: Src | null } {
    if (!v) return { ref: { expression: '', resolved: null, source: 'unresolved', span: null }, registryTask: null, provider: null, at: null };
    const at = v.use ?? v.src;
    const expression = this.text(at, 200);
    const base = { expression, span: at.file === siteFile ? { start: at.s, end: at.e } : null };
    let providerHint: string | null = null;
    const walk = (v0: V, depth: number, note?: string): { ref: ModelRef; registryTask: string | null } => {
      const done = (resolved: string | null, source: ModelSource, extra?: { note?: string; declaredAt?: ModelRef['declaredAt'] }, task: string | null = null) => ({
        ref: { ...base, resolved, source, ...(extra?.note || note ? { note: [note, extra?.note].filter(Boolean).join('; ') } : {}), ...(extra?.declaredAt ? { declaredAt: extra.declaredAt } : {}) },
        registryTask: task,
      });
      if (depth > 10) return done(null, 'unresolved');
      switch (v0.t) {
        case 'str': {
          if (v0.slots > 0) return done(null, 'unresolved', { note: 'model id built at run time' });
          const source: ModelSource = !v0.via ? 'literal' : v0.via.kind === 'returned' || v0.via.kind === 'passed' || v0.via.kind === 'filled' ? 'constant' : v0.via.kind;
          const raw = v0.text.trim();
          providerHint ??= providerFromModelId(raw);
          return done(cleanModelId(raw), source, v0.via ? { declaredAt: { file: v0.via.file, line: this.line(v0.via.file, v0.via.s).line, span: { start: v0.src.s, end: v0.src.e } } } : undefined);
        }
        case 'reg': {
          const inner = v0.model ? walk(v0.model, depth + 1) : null;
          const resolved = inner?.ref.resolved ?? null;
          if (!v0.task) return done(resolved, 'registry', { note: 'task type chosen at run time' });
          return done(resolved, 'registry', undefined, v0.task);
        }
        case 'env': {
          if (v0.dflt) {
            const r = walk(v0.dflt, depth + 1);
            if (r.ref.resolved) return { ...r, ref: { ...r.ref, source: 'env-default', note: `default of ${v0.name ? envName(siteFile, v0.name) : 'an environment variable'}` } };
            return r;
          }
          return done(null, 'unresolved', { note: `set by ${envName(siteFile, v0.name)} with no default` });
        }
        case 'alt': {
          const options = v0.options.map((o) => walk(o, depth + 1));
          const found = options.find((o) => o.ref.resolved);
          if (found) {
            const others = [...new Set(options.filter((o) => o !== found && o.ref.resolved).map((o) => o.ref.resolved))];
            return { ...found, ref: { ...found.ref, note: others.length ? `conditional; also ${others.join(', ')}` : 'conditional' } };
          }
          return done(null, 'unresolved');
        }
        case 'param': {
          const byCallers = resolveParam(v0);
          if (byCallers) {
            const r = walk(byCallers, depth + 1);
            // Chosen by the callers: the place to change it is there, not here.
            if (r.ref.resolved) return { ...r, ref: { ...r.ref, source: 'parameter', span: null, note: [r.ref.note, `passed by the callers of the function (parameter ${v0.name})`].filter(Boolean).join('; ') } };
          }
          if (v0.dflt) {
            const r = walk(v0.dflt, depth + 1);
            if (r.ref.resolved) return { ...r, ref: { ...r.ref, note: [r.ref.note, v0.fallback ? 'fallback' : `default of parameter ${v0.name}`].filter(Boolean).join('; ') } };
          }
          return done(null, 'parameter');
        }
        case 'sdk': {
          providerHint ??= v0.provider;
          const m = v0.bound.get('model');
          if (m && m !== v0) {
            const r = walk(m, depth + 1, note);
            return v0.kind === 'ai.model' || v0.kind.startsWith('lc.') ? { ...r, ref: { ...r.ref, note: [r.ref.note, `provider ${v0.label}`].filter(Boolean).join('; ') } } : r;
          }
          return done(null, 'unresolved');
        }
        default:
          return done(null, 'unresolved');
      }
    };
    const r = walk(v, 0);
    return { ...r, provider: providerHint, at };
  }
}

/**
 * Placeholders of a LangChain / Python template (`{question}`) are holes, not text; `written` gives the text the code
 * fills a placeholder with when it is written there (`invoke({ categories: CATEGORIES.join(", ") })`).
 */
export function templateHoles(parts: PromptPart[], written: (name: string) => string | { text: string; holes: string[] } | null = () => null): PromptPart[] {
  return parts.map((p) => {
    const vars: string[] = [];
    const text = p.text.replace(/(?<!\{)\{(\w+)\}(?!\})/g, (_m, name: string) => {
      const filled = written(name);
      if (typeof filled === 'string') return filled;
      // Instructions the caller writes with holes of their own (`{ input: \`Translate this file to ${lang}…\` }`).
      if (filled) {
        vars.push(...filled.holes);
        return filled.text;
      }
      vars.push(name);
      return '';
    });
    if (text === p.text) return p;
    return { ...p, text, dynamicSlots: p.dynamicSlots + vars.length, holes: [...(p.holes ?? []), ...vars] };
  });
}

function envName(file: string, name: string): string {
  return /\.pyi?$/.test(file) ? `os.environ["${name}"]` : `process.env.${name}`;
}

/** The model id a price table knows: provider prefixes, Bedrock and Vertex spellings removed. */
export function cleanModelId(s: string): string {
  const prefix = /^([\w-]+)([:/])/.exec(s.trim());
  let id = prefix && providerOfPrefix(prefix[1], prefix[2] as ':' | '/') ? s.trim().slice(prefix[0].length) : s.trim();
  // OpenRouter: anthropic/claude-3.5-sonnet after a first prefix. Not `meta-llama/` or `mistralai/`: those are part of
  // the model's id on Together, vLLM and Hugging Face (and how the price database knows it).
  id = id.replace(/^(anthropic|openai|google)\//, '');
  // Bedrock: (us.|eu.|apac.)anthropic.claude-3-5-haiku-20241022-v1:0
  const bedrock = /^(?:[a-z]{2,4}\.)?anthropic\.(claude-[\w.-]+?)(?:-v\d+(?::\d+)?)?$/.exec(id);
  if (bedrock) id = bedrock[1];
  // Vertex: claude-sonnet-4-5@20250929
  id = id.replace(/^(claude-[\w.-]+)@(\d{8})$/, '$1-$2');
  return id;
}

/** Provider named by a model id's prefix (`anthropic/claude-…`, `openai:gpt-4o`, Bedrock ids). */
export function providerFromModelId(id: string): string | null {
  const m = /^([\w-]+)([:/])/.exec(id);
  return m ? providerOfPrefix(m[1], m[2] as ':' | '/') : null;
}
