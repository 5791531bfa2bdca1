// The structured output a request asks for, read as a reviewer reads it: field names, types, enums and descriptions,
// wherever the schema is written (another file included). Zod (`z.object`, `z.enum`, `.describe`), JSON schema
// objects, pydantic models (annotations, `Literal`, `Enum` classes, `Field(description=…)`), OpenAI `response_format`
// (`json_schema`, `zodResponseFormat`, a model given to `.parse`), the Responses API's `text.format`, Vercel
// `Output.object` / `generateObject({ schema })`, Gemini `responseSchema`, instructor `response_model`, LangChain
// `with_structured_output(Model)`, and a tool the request forces the model to call. Bounded: a few levels of nesting
// and a few dozen fields.
import { TOP, own, type CallIR, type ClassIR, type Expr, type ModuleIR } from '../ir';
import type { OutputSchema } from '../../types';
import type { Ctx, Evaluator } from './evaluate';
import type { V, VOf } from './values';

type Field = OutputSchema['fields'][number];

/** What one schema node says: its type as a reader writes it, enum values, description, nested fields. */
interface Node {
  type: string;
  enum?: string[];
  description?: string;
  fields?: Field[];
}

const MAX_FIELDS = 40;
const MAX_DEPTH = 4;
const MAX_ENUM = 60;
const MAX_DESC = 400;

/** Zod methods that keep the type they are called on (refinements, defaults, modifiers). */
const ZOD_KEEP = /^(optional|nullable|nullish|default|catch|min|max|length|int|positive|negative|nonnegative|nonpositive|finite|safe|multipleOf|email|url|uuid|cuid|cuid2|ulid|regex|startsWith|endsWith|datetime|date|time|ip|trim|toLowerCase|toUpperCase|nonempty|refine|superRefine|transform|pipe|brand|readonly|passthrough|strict|strip|catchall|partial|deepPartial|required|pick|omit|meta|openapi|step|gt|gte|lt|lte|includes)$/;
const ZOD_SCALAR: Record<string, string> = { string: 'string', number: 'number', boolean: 'boolean', bigint: 'integer', date: 'date', any: 'any', unknown: 'any', null: 'null', undefined: 'null', void: 'null', never: 'never', nan: 'number', coerce: 'any' };
/** Helpers that wrap a schema and name it: `zodResponseFormat(Schema, "name")`, `zodTextFormat`, `zodToJsonSchema`. */
const SCHEMA_WRAPPER = /^(zodResponseFormat|zodTextFormat|zodToJsonSchema|toJSONSchema|zodSchema|jsonSchema|asSchema|type_to_response_format_param|to_strict_json_schema|pydantic_function_tool|TypeAdapter|model_json_schema|schema|json_schema)$/;

const GENERIC_NAME = /^(object|output|result|response|schema|json|data|format|answer|structured_?output)$/i;

function clip(s: string, max = MAX_DESC): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function flatten(prefix: string, n: Node, out: Field[]): void {
  if (out.length >= MAX_FIELDS) return;
  const f: Field = { name: prefix, type: n.type };
  if (n.enum?.length) f.enum = n.enum.slice(0, MAX_ENUM);
  if (n.description) f.description = clip(n.description);
  out.push(f);
  if (n.fields) for (const sub of n.fields) if (out.length < MAX_FIELDS) out.push({ ...sub, name: `${prefix}${n.type.endsWith('[]') ? '[]' : ''}.${sub.name}` });
}

function fieldsOf(props: [string, Node][]): Field[] {
  const out: Field[] = [];
  for (const [k, n] of props) flatten(k, n, out);
  return out.slice(0, MAX_FIELDS);
}

export class SchemaReader {
  private readonly callIndex = new Map<string, Map<string, CallIR>>();

  /** The context the request was read in (a plumbing function run with one caller's arguments), while reading it. */
  private requestCtx: Ctx | null = null;

  constructor(private readonly ev: Evaluator) {}

  /**
   * The output schema of a request: its structured-output parameter (`format`), else the tool it forces the model
   * to call (`toolChoice` naming one of `tools`, or any tool when only one is offered). `ctx` is the context the
   * request was read in: a schema written in the plumbing from its caller's argument (`zodResponseFormat(input.schema)`)
   * is read with that caller's value.
   */
  outputSchema(format: V | undefined, tools: V | undefined, toolChoice: V | undefined, ctx: Ctx | null = null): OutputSchema | null {
    this.requestCtx = ctx;
    try {
      const fromFormat = format ? this.read(format, 0) : null;
      if (fromFormat) return fromFormat;
      return toolChoice ? this.forcedTool(tools, toolChoice) : null;
    } finally {
      this.requestCtx = null;
    }
  }

  /** A schema value of any shape (bounded). */
  read(v: V, depth: number, name?: string): OutputSchema | null {
    if (depth > MAX_DEPTH) return null;
    switch (v.t) {
      case 'alt':
        for (const o of v.options.slice(0, 6)) {
          const s = this.read(o, depth + 1, name);
          if (s) return s;
        }
        return null;
      case 'cls':
        return this.fromClass(v.file, v.key, name);
      case 'obj':
        return this.fromObject(v, depth, name);
      case 'json':
        return this.read(v.of, depth + 1, name);
      case 'sdk': {
        // A LangChain runnable bound to a structured output (`llm.with_structured_output(Model)`).
        const f = v.bound.get('format');
        return f && f !== v ? this.read(f, depth + 1, name) : null;
      }
      case 'arr':
        // Python `response_model=list[Model]` reads as a list; instructor's `Iterable[Model]` alike.
        return v.items.length === 1 ? this.read(v.items[0], depth + 1, name) : null;
      case 'resp':
      case 'dyn':
      case 'str': {
        const at = this.madeBy(v);
        if (!at) return null;
        return this.fromCall(at.mod, at.call, depth, name);
      }
      default:
        return null;
    }
  }

  /**
   * The call a value was made by: a call the evaluator knows only as an answer (`z.object(…)`), or one it read as
   * text handed to a helper (`z.object(…).describe("A long description")` reads as that description).
   */
  private madeBy(v: V): { mod: ModuleIR; call: CallIR } | null {
    if (v.t === 'resp' || v.t === 'dyn') return this.callAt(v.src.file, v.src.s, v.src.e);
    if (v.t === 'str' && v.via?.kind === 'passed') return this.callAt(v.via.file, v.via.s, v.via.e);
    return null;
  }

  // --- where a value was made ----------------------------------------------------------------------------------

  private callAt(file: string, s: number, e: number): { mod: ModuleIR; call: CallIR } | null {
    const mod = this.ev.modules.get(file);
    if (!mod) return null;
    let idx = this.callIndex.get(file);
    if (!idx) {
      idx = new Map();
      for (const c of mod.calls) idx.set(`${c.p[0]}:${c.p[1]}`, c);
      this.callIndex.set(file, idx);
    }
    const call = idx.get(`${s}:${e}`);
    return call ? { mod, call } : null;
  }

  private ctxOf(mod: ModuleIR, call: CallIR): Ctx {
    for (let c: Ctx | null = this.requestCtx; c; c = c.parent) if (c.mod === mod && c.fn.key === call.fn) return c;
    return this.ev.abstractCtx(mod, own(mod.fns, call.fn) ? call.fn : TOP);
  }

  private str(ctx: Ctx, e: Expr | undefined): string | null {
    if (!e) return null;
    const v = this.ev.eval(ctx, e);
    return v.t === 'str' && v.text.trim() ? v.text : null;
  }

  private strs(v: V): string[] {
    if (v.t === 'arr') return v.items.flatMap((x) => (x.t === 'str' ? [x.text] : x.t === 'num' ? [String(x.v)] : []));
    const o = this.ev.objOf(v);
    // A TS enum or a constant object of labels: its values.
    if (o) return [...o.props.values()].flatMap((x) => (x.t === 'str' ? [x.text] : []));
    return [];
  }

  /** A schema made by a call: a zod builder, a helper that wraps and names a schema, Vercel's `Output.*`. */
  private fromCall(mod: ModuleIR, call: CallIR, depth: number, name?: string): OutputSchema | null {
    const ctx = this.ctxOf(mod, call);
    const f = call.f;
    const last = f.k === 'get' ? f.n : f.k === 'name' ? f.n : '';
    // Vercel: Output.object({ schema }), Output.array({ element }), Output.choice({ options }).
    if (f.k === 'get' && f.o.k === 'name' && f.o.n === 'Output') {
      const arg = call.a[0] ? this.ev.eval(ctx, call.a[0]) : undefined;
      const o = arg ? this.ev.objOf(arg) : null;
      if (!o) return null;
      if (last === 'choice' || last === 'enum') {
        const values = this.strs(this.ev.prop(o, 'options') ?? { t: 'dyn', src: o.src });
        return values.length ? { kind: 'zod', ...(name ? { name } : {}), fields: [{ name: 'choice', type: 'enum', enum: values.slice(0, MAX_ENUM) }] } : null;
      }
      const inner = this.ev.prop(o, last === 'array' ? 'element' : 'schema');
      const s = inner ? this.read(inner, depth + 1, name) : null;
      return s && last === 'array' ? { ...s, fields: s.fields.map((x) => ({ ...x, name: `[].${x.name}` })) } : s;
    }
    if (SCHEMA_WRAPPER.test(last) && !this.isZod(ctx, f)) {
      // `zodResponseFormat(Schema, "ticket")`, `Model.model_json_schema()`, `jsonSchema({ … })`.
      const target = call.a[0] ?? (f.k === 'get' ? f.o : undefined);
      if (!target) return null;
      const given = this.str(ctx, call.a[1]) ?? this.str(ctx, own(call.kw, 'name'));
      // A generic name a layer gives every schema (`zodResponseFormat(input.schema, "object")`) says less than the schema's own.
      const label = given && !GENERIC_NAME.test(given) ? given : name;
      const inner = this.ev.eval(ctx, target);
      const s = this.read(inner, depth + 1, label ?? undefined);
      return s ? { ...s, ...(label ? { name: label } : {}), ...(last.startsWith('zod') || last === 'type_to_response_format_param' ? { kind: 'response-format' as const } : {}) } : null;
    }
    if (this.isZod(ctx, f)) {
      const n = this.zod(ctx, { k: 'call', id: call.id, p: call.p }, depth);
      if (!n) return null;
      return this.schemaOfNode('zod', n, name ?? this.declaredName(mod, call));
    }
    // A pydantic model built with `create_model("Name", field=(type, …))`, or another call whose value the evaluator
    // knows (a dict made by a helper): read that value.
    const v = this.ev.call(ctx, call, this.ev.src(mod, call.p));
    if (v.t === 'obj' || v.t === 'cls') return this.read(v, depth + 1, name);
    // A function that builds the schema (`contentZod(isPicture, format)` returning `z.object(…)`): what it returns.
    if ((v.t === 'resp' || v.t === 'dyn' || v.t === 'alt') && !(v.src.file === mod.file && v.src.s === call.p[0] && v.src.e === call.p[1])) {
      const made = this.read(v, depth + 1, name);
      if (made) return made;
    }
    // A helper given the schema among other choices (`pickFormat({ structured: zodResponseFormat(s), json: … }, mode)`):
    // the schema it was given.
    if (depth >= MAX_DEPTH) return null;
    const args = this.ev.args(ctx, call);
    for (const a of [...args.pos, ...args.kw.values()].slice(0, 6)) {
      const o = a.t === 'obj' ? a : null;
      for (const x of o ? [...o.props.values()].slice(0, 8) : [a]) {
        if (x.t === 'str' || x.t === 'num' || x.t === 'bool' || x.t === 'null' || x.t === 'param' || x.t === 'env') continue;
        const s = this.read(x, depth + 1, name);
        if (s) return s;
      }
    }
    return null;
  }

  private schemaOfNode(kind: OutputSchema['kind'], n: Node, name?: string | null): OutputSchema {
    const fields = n.fields ? n.fields : [{ name: '(value)', type: n.type, ...(n.enum?.length ? { enum: n.enum } : {}), ...(n.description ? { description: clip(n.description) } : {}) }];
    return { kind, ...(name ? { name } : {}), fields: fields.slice(0, MAX_FIELDS), ...(n.fields && n.description ? { description: clip(n.description) } : {}) };
  }

  /** The name a schema is kept under (`const TicketSchema = z.object(…)`), from the module's assignments. */
  private declaredName(mod: ModuleIR, call: CallIR): string | null {
    const fn = own(mod.fns, call.fn) ?? mod.fns[TOP];
    for (const [n, assigns] of Object.entries(fn?.locals ?? {})) if (assigns.some((a) => a.e.k === 'call' && a.e.id === call.id)) return n;
    return null;
  }

  // --- zod -----------------------------------------------------------------------------------------------------

  /** Whether a callee is a zod builder or a method chain on one (`z.object`, `z.string().describe`). */
  private isZod(ctx: Ctx, f: Expr, depth = 0): boolean {
    if (depth > 30) return false;
    if (f.k === 'get') {
      const root = f.o;
      if (root.k === 'name') {
        if (root.n === 'z' || root.n === 'zod') return true;
        const v = this.ev.eval(ctx, root);
        return v.t === 'pkg' && /^zod(\/|$)/.test(v.module);
      }
      if (root.k === 'call') {
        const call = ctx.mod.calls[root.id];
        return !!call && this.isZod(ctx, call.f, depth + 1);
      }
      if (root.k === 'get') return this.isZod(ctx, root, depth + 1);
      return false;
    }
    if (f.k === 'name') {
      const v = this.ev.eval(ctx, f);
      return v.t === 'pkg' && /^zod(\/|$)/.test(v.module);
    }
    return false;
  }

  private zod(ctx: Ctx, e: Expr, depth: number): Node | null {
    if (depth > MAX_DEPTH + 8) return null;
    // `format === "one" ? content : z.array(content)`: the first branch that is a schema.
    if (e.k === 'cond') return this.zod(ctx, e.a, depth + 1) ?? this.zod(ctx, e.b, depth + 1);
    if (e.k === 'name' || e.k === 'get') {
      const v = this.ev.eval(ctx, e);
      return this.zodValue(v, depth + 1);
    }
    if (e.k !== 'call') return null;
    const call = ctx.mod.calls[e.id];
    if (!call) return null;
    const f = call.f;
    const method = f.k === 'get' ? f.n : f.k === 'name' ? f.n : '';
    const recv = f.k === 'get' ? f.o : null;
    const base = recv?.k === 'name' && (recv.n === 'z' || recv.n === 'zod' || (this.ev.eval(ctx, recv).t === 'pkg' && this.isZod(ctx, f)));
    const a0 = call.a[0];
    if (base || (f.k === 'name' && this.isZod(ctx, f))) {
      if (method === 'object' || method === 'strictObject' || method === 'looseObject') return { type: 'object', fields: this.zodShape(ctx, a0, depth) };
      if (method === 'enum' || method === 'nativeEnum') {
        const values = a0 ? this.strs(this.ev.eval(ctx, a0)) : [];
        return { type: 'enum', enum: values.slice(0, MAX_ENUM) };
      }
      if (method === 'literal') {
        const v = a0 ? this.ev.eval(ctx, a0) : undefined;
        return { type: 'literal', enum: v?.t === 'str' ? [v.text] : v?.t === 'num' ? [String(v.v)] : v?.t === 'bool' ? [String(v.v)] : [] };
      }
      if (method === 'array') {
        const inner = a0 ? this.zod(ctx, a0, depth + 1) : null;
        return inner ? { ...inner, type: `${inner.type}[]` } : { type: 'array' };
      }
      if (method === 'union' || method === 'discriminatedUnion') {
        const list = method === 'union' ? a0 : call.a[1];
        const items = list?.k === 'arr' ? list.items.slice(0, 8).map((x) => this.zod(ctx, x, depth + 1)).filter((x): x is Node => !!x) : [];
        const literals = items.every((x) => x.type === 'literal') ? items.flatMap((x) => x.enum ?? []) : [];
        if (literals.length) return { type: 'enum', enum: literals };
        return { type: items.map((x) => x.type).join(' | ') || 'union', ...(items.some((x) => x.fields) ? { fields: items.flatMap((x) => x.fields ?? []).slice(0, MAX_FIELDS) } : {}) };
      }
      // `z.toJSONSchema(schema)` (zod 4): the schema it converts.
      if (/^(toJSONSchema|toJsonSchema)$/.test(method)) return a0 ? this.zod(ctx, a0, depth + 1) : null;
      if (method === 'record' || method === 'map') return { type: 'record' };
      if (method === 'tuple') return { type: 'tuple' };
      if (method === 'optional' || method === 'nullable' || method === 'lazy') return a0 ? this.zod(ctx, a0, depth + 1) : null;
      return { type: own(ZOD_SCALAR, method) ?? method };
    }
    if (!recv) return null;
    const inner = this.zod(ctx, recv, depth + 1);
    if (!inner) return null;
    if (method === 'describe') {
      const d = this.str(ctx, a0);
      return d ? { ...inner, description: d } : inner;
    }
    if (method === 'array') return { ...inner, type: `${inner.type}[]` };
    if (method === 'extend' || method === 'merge' || method === 'and') {
      const more = method === 'extend' ? this.zodShape(ctx, a0, depth) : a0 ? (this.zod(ctx, a0, depth + 1)?.fields ?? []) : [];
      return { ...inner, fields: [...(inner.fields ?? []), ...more].slice(0, MAX_FIELDS) };
    }
    if (method === 'or') {
      const other = a0 ? this.zod(ctx, a0, depth + 1) : null;
      return { ...inner, type: `${inner.type} | ${other?.type ?? '?'}` };
    }
    if (ZOD_KEEP.test(method)) return inner;
    return inner;
  }

  private zodValue(v: V, depth: number): Node | null {
    if (v.t === 'resp' || v.t === 'dyn' || v.t === 'str') {
      const at = this.madeBy(v);
      if (!at) return null;
      const ctx = this.ctxOf(at.mod, at.call);
      if (!this.isZod(ctx, at.call.f)) return null;
      return this.zod(ctx, { k: 'call', id: at.call.id, p: at.call.p }, depth + 1);
    }
    if (v.t === 'alt') {
      for (const o of v.options) {
        const n = this.zodValue(o, depth + 1);
        if (n) return n;
      }
    }
    return null;
  }

  private zodShape(ctx: Ctx, e: Expr | undefined, depth: number): Field[] {
    if (!e) return [];
    if (e.k === 'obj') {
      const props: [string, Node][] = [];
      for (const [k, x] of e.props.slice(0, MAX_FIELDS)) props.push([k, this.zod(ctx, x, depth + 1) ?? { type: 'unknown' }]);
      for (const s0 of e.spreads.slice(0, 4)) {
        const s = s0.k === 'spread' ? s0.o : s0;
        // `...(isPicture ? { prompt: z.string() } : {})`: the fields of either branch.
        const branches = s.k === 'cond' ? [s.a, s.b] : [s];
        for (const b of branches) {
          const fields = b.k === 'obj' ? this.zodShape(ctx, b, depth + 1) : (this.zod(ctx, b, depth + 1)?.fields ?? []);
          for (const f of fields) if (!props.some(([k]) => k === f.name)) props.push([f.name, { type: f.type, ...(f.enum ? { enum: f.enum } : {}), ...(f.description ? { description: f.description } : {}) }]);
        }
      }
      return fieldsOf(props);
    }
    // A shape kept in a constant (`z.object(shape)`).
    const v = this.ev.eval(ctx, e);
    const o = this.ev.objOf(v);
    if (!o) return [];
    const props: [string, Node][] = [];
    for (const [k, x] of [...o.props].slice(0, MAX_FIELDS)) props.push([k, this.zodValue(x, depth + 1) ?? { type: 'unknown' }]);
    return fieldsOf(props);
  }

  // --- JSON schema and request objects ---------------------------------------------------------------------------

  private fromObject(o: VOf<'obj'>, depth: number, name?: string): OutputSchema | null {
    const p = (k: string) => this.ev.prop(o, k);
    const text = (k: string) => {
      const v = p(k);
      return v?.t === 'str' ? v.text : null;
    };
    const type = text('type');
    // OpenAI `response_format: { type: "json_schema", json_schema: { name, schema } }`.
    const js = p('json_schema');
    if (js) {
      const jo = this.ev.objOf(js);
      const inner = jo ? this.ev.prop(jo, 'schema') : undefined;
      const label = jo ? this.ev.prop(jo, 'name') : undefined;
      const s = inner ? this.read(inner, depth + 1, label?.t === 'str' ? label.text : name) : null;
      return s ? { ...s, kind: 'response-format' } : null;
    }
    // Responses API `text.format: { type: "json_schema", name, schema }`, Vercel `Output.object`'s `{ schema }`,
    // instructor JS `response_model: { schema, name }`.
    const schema = p('schema') ?? p('json');
    if (schema && !p('properties')) {
      const label = text('name') ?? name;
      const s = this.read(schema, depth + 1, label ?? undefined);
      return s ? { ...s, ...(label ? { name: label } : {}), ...(type === 'json_schema' ? { kind: 'response-format' as const } : {}) } : null;
    }
    // Anthropic `output_config: { format: { type: "json_schema", schema } }`.
    const format = p('format');
    if (format && format.t === 'obj') return this.fromObject(format, depth + 1, name);
    if (type === 'json_object' || type === 'text') return null;
    const node = this.jsonNode(o, depth);
    if (!node) return null;
    const title = text('title') ?? name ?? (o.via?.kind === 'constant' || o.via?.kind === 'imported-constant' ? o.via.name : undefined);
    return this.schemaOfNode('json-schema', node, title);
  }

  /** One JSON-schema node (`{ type, properties, items, enum, description }`, Gemini's `Type.OBJECT` too). */
  private jsonNode(o: VOf<'obj'>, depth: number): Node | null {
    if (depth > MAX_DEPTH + 4) return null;
    const p = (k: string) => this.ev.prop(o, k);
    const typeV = p('type');
    let type = typeV?.t === 'str' ? typeV.text.toLowerCase() : typeV?.t === 'arr' ? this.strs(typeV).join(' | ') : typeV ? (/\.(\w+)$/.exec(this.ev.text(typeV.use ?? typeV.src, 80))?.[1]?.toLowerCase() ?? '') : '';
    const props = p('properties');
    const enumV = p('enum');
    const desc = p('description');
    const items = p('items');
    const anyOf = p('anyOf') ?? p('oneOf');
    if (!type && !props && !enumV && !items && !anyOf) return null;
    const n: Node = { type: type || (props ? 'object' : enumV ? 'enum' : items ? 'array' : 'union') };
    if (enumV) n.enum = this.strs(enumV).slice(0, MAX_ENUM);
    if (desc?.t === 'str') n.description = desc.text;
    const po = props ? this.ev.objOf(props) : null;
    if (po) {
      const list: [string, Node][] = [];
      for (const [k, x] of [...po.props].slice(0, MAX_FIELDS)) {
        const xo = this.ev.objOf(x);
        // A property given by a zod or pydantic value inside a JSON-ish object.
        const sub = xo ? this.jsonNode(xo, depth + 1) : this.nodeOfValue(x, depth + 1);
        list.push([k, sub ?? { type: 'unknown' }]);
      }
      n.fields = fieldsOf(list);
      type = 'object';
    }
    const io = items ? this.ev.objOf(items) : null;
    if (io) {
      const sub = this.jsonNode(io, depth + 1);
      if (sub) {
        n.type = `${sub.type}[]`;
        if (sub.enum) n.enum = sub.enum;
        if (sub.fields) n.fields = sub.fields;
      }
    }
    if (anyOf?.t === 'arr') {
      const subs = anyOf.items.slice(0, 6).map((x) => this.ev.objOf(x)).filter((x): x is VOf<'obj'> => !!x).map((x) => this.jsonNode(x, depth + 1)).filter((x): x is Node => !!x);
      if (subs.length && n.type === 'union') n.type = subs.map((s) => s.type).join(' | ');
    }
    return n;
  }

  private nodeOfValue(v: V, depth: number): Node | null {
    const z = this.zodValue(v, depth);
    if (z) return z;
    if (v.t === 'cls') {
      const s = this.fromClass(v.file, v.key);
      return s ? { type: s.name ?? 'object', fields: s.fields } : null;
    }
    return null;
  }

  // --- forced tools ----------------------------------------------------------------------------------------------

  private forcedTool(tools: V | undefined, choice: V): OutputSchema | null {
    const co = this.ev.objOf(choice);
    const cText = choice.t === 'str' ? choice.text : null;
    const cType = co ? this.ev.prop(co, 'type') : undefined;
    const fn = co ? this.ev.prop(co, 'function') : undefined;
    const fo = fn ? this.ev.objOf(fn) : null;
    const nameV = (fo ? this.ev.prop(fo, 'name') : undefined) ?? (co ? (this.ev.prop(co, 'name') ?? this.ev.prop(co, 'toolName')) : undefined);
    const wanted = nameV?.t === 'str' ? nameV.text : cText && !/^(auto|none|required|any)$/.test(cText) ? cText : null;
    const anyTool = !wanted && ((cText && /^(required|any)$/.test(cText)) || (cType?.t === 'str' && /^(any|required)$/.test(cType.text)));
    if (!wanted && !anyTool) return null;
    const list: { name: string; def: VOf<'obj'> | null; schema: V | undefined; description: string | null }[] = [];
    if (tools?.t === 'arr') {
      for (const it of tools.items.slice(0, 40)) {
        const o = this.ev.objOf(it);
        if (!o) continue;
        const inner = this.ev.prop(o, 'function');
        const d = inner ? (this.ev.objOf(inner) ?? o) : o;
        const n = this.ev.prop(d, 'name');
        const desc = this.ev.prop(d, 'description');
        list.push({ name: n?.t === 'str' ? n.text : '', def: d, schema: this.ev.prop(d, 'input_schema') ?? this.ev.prop(d, 'parameters') ?? this.ev.prop(d, 'inputSchema') ?? this.ev.prop(d, 'schema'), description: desc?.t === 'str' ? desc.text : null });
      }
    } else if (tools) {
      const o = this.ev.objOf(tools);
      for (const [k, t] of o ? [...o.props].slice(0, 40) : []) {
        const d = this.ev.objOf(t);
        const desc = d ? this.ev.prop(d, 'description') : undefined;
        list.push({ name: k, def: d, schema: d ? (this.ev.prop(d, 'inputSchema') ?? this.ev.prop(d, 'parameters') ?? this.ev.prop(d, 'input_schema')) : undefined, description: desc?.t === 'str' ? desc.text : null });
      }
    }
    const tool = wanted ? list.find((t) => t.name === wanted) : list.length === 1 ? list[0] : undefined;
    if (!tool) return wanted ? { kind: 'tool', name: wanted, fields: [] } : null;
    const s = tool.schema ? this.read(tool.schema, 1) : null;
    return { kind: 'tool', name: tool.name, fields: s?.fields ?? [], ...(tool.description || s?.description ? { description: clip(tool.description ?? s!.description!) } : {}) };
  }

  // --- pydantic, TypedDict, dataclasses, Enum --------------------------------------------------------------------

  private fromClass(file: string, key: string, name?: string): OutputSchema | null {
    const n = this.classNode(file, key, 0);
    if (!n) return null;
    const mod = this.ev.modules.get(file);
    const cls = own(mod?.classes, key);
    return this.schemaOfNode(n.fields ? 'pydantic' : 'other', n, name ?? cls?.name);
  }

  private isEnumClass(mod: ModuleIR, cls: ClassIR): boolean {
    return cls.bases.some((b) => /\b(Enum|StrEnum|IntEnum)\b/.test(mod.text.slice(b.p[0], b.p[1])));
  }

  private classNode(file: string, key: string, depth: number): Node | null {
    if (depth > 3) return null;
    const mod = this.ev.modules.get(file);
    const cls = own(mod?.classes, key);
    if (!mod || !cls) return null;
    const ctx = this.ev.abstractCtx(mod, TOP);
    if (this.isEnumClass(mod, cls)) {
      const values: string[] = [];
      for (const [k, defs] of Object.entries(cls.fields)) {
        const e = defs[0]?.e;
        const v = e ? this.ev.eval(ctx, e) : undefined;
        values.push(v?.t === 'str' ? v.text : k);
      }
      return { type: 'enum', enum: values.slice(0, MAX_ENUM), ...(cls.doc ? { description: cls.doc } : {}) };
    }
    const props: [string, Node][] = [];
    // Fields of workspace base classes first (a model extending another).
    for (const b of cls.bases) {
      const bv = this.ev.eval(ctx, b);
      if (bv.t === 'cls') {
        const bn = this.classNode(bv.file, bv.key, depth + 1);
        for (const f of bn?.fields ?? []) if (!f.name.includes('.')) props.push([f.name, { type: f.type, ...(f.enum ? { enum: f.enum } : {}), ...(f.description ? { description: f.description } : {}) }]);
      }
    }
    const entries = Object.entries(cls.fields)
      .map(([k, defs]) => ({ k, d: defs.find((x) => x.fn === TOP || x.fn === cls.parent || !x.fn) ?? defs[0] }))
      .filter((x) => x.d && /^[A-Za-z]/.test(x.k) && !/^(model_config|Config|class_config|__\w+__)$/.test(x.k))
      .sort((a, b) => a.d.at - b.d.at);
    for (const { k, d } of entries.slice(0, MAX_FIELDS)) {
      // A class attribute written in the class body: `name: Type = default` (not `self.x = …` in a method).
      const stmt = statementText(mod.text, d.at);
      const m = /^([A-Za-z_]\w*)\s*:\s*([\s\S]+?)(?:\s*=\s*([\s\S]*))?$/.exec(splitAssign(stmt));
      if (!m || m[1] !== k) continue;
      const ann = m[2].trim();
      const node = this.annotationNode(mod, ctx, ann, depth);
      const desc = this.fieldDescription(ctx, d.e) ?? descriptionIn(ann);
      if (desc) node.description = desc;
      props.push([k, node]);
    }
    if (!props.length) return cls.doc ? { type: 'object', description: cls.doc } : null;
    return { type: 'object', fields: fieldsOf(props), ...(cls.doc ? { description: cls.doc } : {}) };
  }

  /** `Field(description="…")`, `Field(..., description=…)`, DSPy `OutputField(desc=…)`. */
  private fieldDescription(ctx: Ctx, e: Expr | undefined): string | null {
    if (!e || e.k !== 'call') return null;
    const call = ctx.mod.calls[e.id];
    if (!call) return null;
    return this.str(ctx, own(call.kw, 'description')) ?? this.str(ctx, own(call.kw, 'desc'));
  }

  /** A Python annotation read as a type: `Literal["a", "b"]`, `list[Item]`, `Optional[Category]`, `str | None`. */
  private annotationNode(mod: ModuleIR, ctx: Ctx, ann: string, depth: number): Node {
    let t = ann.replace(/\s+/g, ' ').trim();
    // Annotated[T, Field(description=…)] → T
    const annotated = /^(?:typing\.)?Annotated\[(.*)\]$/.exec(t);
    if (annotated) t = splitTop(annotated[1])[0] ?? t;
    const opt = /^(?:typing\.)?Optional\[(.*)\]$/.exec(t);
    if (opt) t = opt[1];
    const parts = splitTop(t, '|').filter((x) => x !== 'None');
    if (parts.length === 1) t = parts[0];
    const union = /^(?:typing\.)?Union\[(.*)\]$/.exec(t);
    if (union) {
      const ps = splitTop(union[1]).filter((x) => x !== 'None');
      if (ps.length === 1) t = ps[0];
    }
    const lit = /^(?:typing\.|typing_extensions\.)?Literal\[(.*)\]$/.exec(t);
    if (lit) return { type: 'enum', enum: splitTop(lit[1]).map((x) => x.replace(/^(['"])(.*)\1$/, '$2')).slice(0, MAX_ENUM) };
    const list = /^(?:typing\.)?(?:List|list|Sequence|Set|set|Tuple|tuple|Iterable)\[(.*)\]$/.exec(t);
    if (list) {
      const inner = this.annotationNode(mod, ctx, splitTop(list[1])[0] ?? 'Any', depth);
      return { ...inner, type: `${inner.type}[]` };
    }
    if (/^(?:typing\.)?(?:Dict|dict|Mapping)\[/.test(t)) return { type: 'record' };
    const scalar: Record<string, string> = { str: 'string', int: 'integer', float: 'number', bool: 'boolean', Any: 'any', dict: 'record', list: 'array', datetime: 'date', date: 'date' };
    if (own(scalar, t)) return { type: scalar[t] };
    if (/^[A-Za-z_][\w.]*$/.test(t)) {
      const v = this.ev.eval(ctx, { k: 'name', n: t.split('.')[0], p: [0, 0] });
      const target = t.includes('.') && v.t !== 'cls' ? this.ev.member(v, t.split('.').pop()!, v.src) : v;
      if (target.t === 'cls') {
        const n = this.classNode(target.file, target.key, depth + 1);
        const clsName = own(this.ev.modules.get(target.file)?.classes, target.key)?.name ?? t;
        if (n) return { ...n, type: n.type === 'enum' ? 'enum' : clsName, ...(n.type === 'enum' ? {} : { description: undefined }) };
      }
    }
    return { type: t.length > 40 ? `${t.slice(0, 39)}…` : t };
  }
}

/** The text of a statement starting at `at`, up to the end of its line at bracket depth 0 (bounded). */
function statementText(text: string, at: number): string {
  let depth = 0;
  let quote: string | null = null;
  const end = Math.min(text.length, at + 4000);
  for (let i = at; i < end; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (text.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = null;
      }
      continue;
    }
    if (text.startsWith('"""', i) || text.startsWith("'''", i)) {
      quote = text.slice(i, i + 3);
      i += 2;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && depth === 0) return text.slice(at, i);
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === '\n' && depth <= 0) return text.slice(at, i);
  }
  return text.slice(at, end);
}

/** `name: Type = value` with the `=` found at bracket depth 0 (a `=` inside `Field(default=…)` does not count). */
function splitAssign(stmt: string): string {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < stmt.length; i++) {
    const c = stmt[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === '=' && depth === 0 && stmt[i + 1] !== '=' && !'<>!'.includes(stmt[i - 1] ?? '')) return `${stmt.slice(0, i).trimEnd()} = ${stmt.slice(i + 1).trim()}`;
  }
  return stmt.trim();
}

/** Top-level comma (or other separator) split of a type's arguments. */
function splitTop(s: string, sep = ','): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let cur = '';
  for (const c of s) {
    if (quote) {
      cur += c;
      if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    if (c === sep && depth === 0) {
      out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** A description written inside an annotation: `Annotated[str, Field(description="…")]`. */
function descriptionIn(ann: string): string | null {
  const m = /\bdesc(?:ription)?\s*=\s*(?:f?r?)(["'])((?:\\.|(?!\1).)*)\1/.exec(ann);
  return m ? m[2] : null;
}
