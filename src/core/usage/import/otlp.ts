// OpenTelemetry spans (OTLP JSON, as the Collector's file exporter or an OTLP/HTTP JSON body writes them) read with the
// GenAI semantic conventions. One model request per span: spans whose operation is a model call (`chat`,
// `text_completion`, `generate_content`, or none given) with a model; agent, tool and embedding spans are skipped.
//
// Attributes read (current names first, then the older ones instrumentations still send):
// - model: gen_ai.request.model, gen_ai.response.model
// - tokens: gen_ai.usage.input_tokens (gen_ai.usage.prompt_tokens), gen_ai.usage.output_tokens
//   (gen_ai.usage.completion_tokens), gen_ai.usage.cache_read.input_tokens (gen_ai.usage.cache_read_input_tokens,
//   gen_ai.usage.input_tokens.cached), gen_ai.usage.cache_creation.input_tokens
//   (gen_ai.usage.cache_creation_input_tokens, gen_ai.usage.input_tokens.cache_write)
// - where in the code: code.filepath / code.file.path, code.lineno / code.line.number, code.function /
//   code.function.name
// - the system prompt, for spans without code attributes: gen_ai.system_instructions, gen_ai.input.messages (its
//   system message), gen_ai.prompt.N.content with gen_ai.prompt.N.role = system
//
// Input tokens: the conventions say input_tokens SHOULD include cache reads and writes; some instrumentations send
// Anthropic's own `input_tokens`, which excludes them. When input is smaller than reads + writes it cannot include
// them, and they are added; otherwise they are taken as included. Either way each token is counted once.
import { ImportError, streamJson } from './stream';

export interface GenAiSpan {
  /** Line of the export where the span starts. */
  line: number;
  model: string;
  /** Input tokens of the request, cache reads and writes included. */
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  /** Start time, ms since the epoch (NaN when the span has none). */
  startMs: number;
  traceId: string | null;
  code: { filepath: string | null; lineno: number | null; function: string | null };
  system: string | null;
  /** Other attributes, for tests and benchmarks (not read by the importer). */
  attributes: Map<string, unknown>;
}

export const OTLP_PATHS = ['$.resourceSpans.*.scopeSpans.*.spans.*', '$.*.resourceSpans.*.scopeSpans.*.spans.*'];

const MODEL_OPERATIONS = new Set(['chat', 'text_completion', 'generate_content', 'completion', 'messages']);

/** OTLP AnyValue → a plain value. */
function anyValue(v: unknown): unknown {
  if (!v || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  if ('stringValue' in o) return o.stringValue;
  if ('intValue' in o) return typeof o.intValue === 'string' ? Number(o.intValue) : o.intValue;
  if ('doubleValue' in o) return o.doubleValue;
  if ('boolValue' in o) return o.boolValue;
  if ('arrayValue' in o) return ((o.arrayValue as { values?: unknown[] })?.values ?? []).map(anyValue);
  if ('kvlistValue' in o) {
    const out: Record<string, unknown> = {};
    for (const kv of (o.kvlistValue as { values?: Array<{ key: string; value: unknown }> })?.values ?? []) out[kv.key] = anyValue(kv.value);
    return out;
  }
  return undefined;
}

function attributesOf(span: Record<string, unknown>): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const list = span.attributes;
  if (!Array.isArray(list)) return out;
  for (const a of list) {
    if (a && typeof a === 'object' && typeof (a as { key?: unknown }).key === 'string') out.set((a as { key: string }).key, anyValue((a as { value?: unknown }).value));
  }
  return out;
}

function first(attrs: Map<string, unknown>, keys: readonly string[]): unknown {
  for (const k of keys) if (attrs.has(k)) return attrs.get(k);
  return undefined;
}

/** A token count: a whole number ≥ 0, else an error naming the attribute. */
function count(attrs: Map<string, unknown>, keys: readonly string[], line: number, required: boolean): number {
  const key = keys.find((k) => attrs.has(k));
  if (key === undefined) {
    if (required) return NaN;
    return 0;
  }
  const v = attrs.get(key);
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw new ImportError(`${key} is ${JSON.stringify(v)}, not a token count (in the span that starts on this line)`, line);
  return n;
}

function textOf(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(textOf).filter((x): x is string => !!x).join('\n') || null;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return textOf(o.content ?? o.text ?? o.parts ?? null);
  }
  return null;
}

/** The system prompt a span carries, if any (the conventions' JSON strings, or the older indexed attributes). */
function systemOf(attrs: Map<string, unknown>): string | null {
  const instructions = attrs.get('gen_ai.system_instructions');
  if (instructions !== undefined) {
    const parsed = typeof instructions === 'string' && /^\s*[[{]/.test(instructions) ? safeJson(instructions) : instructions;
    const t = textOf(parsed);
    if (t) return t;
  }
  const messages = attrs.get('gen_ai.input.messages');
  if (typeof messages === 'string') {
    const parsed = safeJson(messages);
    if (Array.isArray(parsed)) {
      const sys = parsed.filter((m) => m && typeof m === 'object' && (m as { role?: unknown }).role === 'system');
      const t = textOf(sys);
      if (t) return t;
    }
  }
  for (let i = 0; i < 4; i++) {
    if (attrs.get(`gen_ai.prompt.${i}.role`) === 'system') {
      const t = attrs.get(`gen_ai.prompt.${i}.content`);
      if (typeof t === 'string') return t;
    }
  }
  return null;
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}

function timeMs(v: unknown): number {
  if (typeof v === 'number') return v / 1e6;
  if (typeof v === 'string' && /^\d+$/.test(v)) return v.length > 6 ? Number(v.slice(0, -6)) + Number(v.slice(-6)) / 1e6 : Number(v) / 1e6;
  return NaN;
}

export interface OtlpReadResult {
  bytes: number;
  lines: number;
  /** Spans in the export, and those that are model requests (handed to onSpan). */
  spans: number;
  modelSpans: number;
}

/** Reads an OTLP JSON export and hands every model-request span over. Throws ImportError naming the line. */
export async function readOtlpSpans(source: AsyncIterable<Uint8Array | string>, onSpan: (span: GenAiSpan) => void): Promise<OtlpReadResult> {
  let spans = 0;
  let modelSpans = 0;
  const r = await streamJson(source, {
    paths: OTLP_PATHS,
    onValue(value, line) {
      if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ImportError('a span is not an object', line);
      spans++;
      const span = value as Record<string, unknown>;
      const attrs = attributesOf(span);
      const op = first(attrs, ['gen_ai.operation.name']);
      const model = first(attrs, ['gen_ai.request.model', 'gen_ai.response.model']);
      if (typeof model !== 'string' || !model) return;
      if (typeof op === 'string' && !MODEL_OPERATIONS.has(op)) return;
      const input = count(attrs, ['gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens'], line, true);
      const output = count(attrs, ['gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens'], line, true);
      // A model span without usage (a failed request, a stream cut short) bills nothing we can see.
      if (Number.isNaN(input) && Number.isNaN(output)) return;
      const cacheRead = count(attrs, ['gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.cache_read_input_tokens', 'gen_ai.usage.input_tokens.cached'], line, false);
      const cacheWrite = count(attrs, ['gen_ai.usage.cache_creation.input_tokens', 'gen_ai.usage.cache_creation_input_tokens', 'gen_ai.usage.input_tokens.cache_write'], line, false);
      const rawInput = Number.isNaN(input) ? 0 : input;
      const totalInput = rawInput < cacheRead + cacheWrite ? rawInput + cacheRead + cacheWrite : rawInput;
      const filepath = first(attrs, ['code.filepath', 'code.file.path']);
      const lineno = first(attrs, ['code.lineno', 'code.line.number']);
      const fn = first(attrs, ['code.function', 'code.function.name']);
      modelSpans++;
      onSpan({
        line,
        model,
        input: totalInput,
        output: Number.isNaN(output) ? 0 : output,
        cacheRead,
        cacheWrite,
        startMs: timeMs(span.startTimeUnixNano),
        traceId: typeof span.traceId === 'string' ? span.traceId : null,
        code: {
          filepath: typeof filepath === 'string' && filepath ? filepath : null,
          lineno: typeof lineno === 'number' && Number.isFinite(lineno) ? lineno : null,
          function: typeof fn === 'string' && fn ? fn : null,
        },
        system: systemOf(attrs),
        attributes: attrs,
      });
    },
  });
  return { ...r, spans, modelSpans };
}
