// Real inputs from an OpenTelemetry export: spans that carry their prompt (GenAI semantic conventions, or the
// OpenLLMetry / OpenInference attributes), matched against the call's prompt template to recover the values of
// its run-time fields. A span whose prompt does not fit the template belongs to another job and is skipped.
//
// File format (the one the collector's file exporter and `otlp/json` write): an ExportTraceServiceRequest as JSON
// ({"resourceSpans": [...]}), or one such object per line (JSONL). Attributes read, in order of preference:
//   gen_ai.system_instructions + gen_ai.input.messages (JSON, parts with {type: "text", content})
//   gen_ai.prompt (JSON messages, or a plain text = the user message)
//   gen_ai.prompt.<i>.role / gen_ai.prompt.<i>.content (OpenLLMetry)
//   llm.input_messages.<i>.message.role / .message.content (OpenInference)
//   span events gen_ai.system.message / gen_ai.user.message / gen_ai.assistant.message with a `content` attribute.
import { fieldMarker } from '../compare/prompt';
import type { ComparePrompt } from '../compare/types';

export interface SpanPrompt {
  spanId: string;
  model: string | null;
  /** System text first (role "system"), then the messages, in order. */
  parts: Array<{ role: 'system' | 'user' | 'assistant'; text: string }>;
}

export interface OtlpRead {
  spans: number;
  prompts: SpanPrompt[];
  /** Lines or documents that were not OTLP JSON, one message each (bounded). */
  problems: string[];
}

type AnyValue = { stringValue?: string; intValue?: string | number; doubleValue?: number; boolValue?: boolean; arrayValue?: { values?: AnyValue[] }; kvlistValue?: { values?: KeyValue[] } };
type KeyValue = { key?: string; value?: AnyValue };

function plain(v: AnyValue | undefined): unknown {
  if (!v) return undefined;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(plain);
  if (v.kvlistValue) return Object.fromEntries((v.kvlistValue.values ?? []).map((kv) => [kv.key ?? '', plain(kv.value)]));
  return undefined;
}

function attrs(list: unknown): Map<string, unknown> {
  const m = new Map<string, unknown>();
  if (Array.isArray(list)) for (const kv of list as KeyValue[]) if (kv && typeof kv.key === 'string') m.set(kv.key, plain(kv.value));
  return m;
}

/** Text of a message's content: a string, text parts ({type: "text", text|content}), or nothing. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((p) => {
        if (typeof p === 'string') return p;
        if (p && typeof p === 'object') {
          const o = p as { type?: unknown; text?: unknown; content?: unknown };
          if (o.type !== undefined && o.type !== 'text') return '';
          if (typeof o.text === 'string') return o.text;
          if (typeof o.content === 'string') return o.content;
        }
        return '';
      })
      .join('');
  }
  return '';
}

const ROLE = (r: unknown): 'system' | 'user' | 'assistant' | null => (r === 'system' || r === 'developer' ? 'system' : r === 'user' || r === 'human' ? 'user' : r === 'assistant' || r === 'ai' || r === 'model' ? 'assistant' : null);

function parseJson(s: unknown): unknown {
  if (typeof s !== 'string') return s;
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return undefined;
  }
}

function messagesFrom(list: unknown): SpanPrompt['parts'] | null {
  if (!Array.isArray(list)) return null;
  const parts: SpanPrompt['parts'] = [];
  for (const m of list) {
    if (!m || typeof m !== 'object') continue;
    const o = m as { role?: unknown; content?: unknown; parts?: unknown };
    const role = ROLE(o.role);
    if (!role) continue;
    parts.push({ role, text: textOf(o.parts ?? o.content) });
  }
  return parts.length ? parts : null;
}

function indexed(a: Map<string, unknown>, prefix: string, roleKey: string, contentKey: string): SpanPrompt['parts'] | null {
  const parts: SpanPrompt['parts'] = [];
  for (let i = 0; i < 1000; i++) {
    const content = a.get(`${prefix}.${i}.${contentKey}`);
    const role = ROLE(a.get(`${prefix}.${i}.${roleKey}`));
    if (content === undefined && role === null) break;
    if (role) parts.push({ role, text: textOf(content) });
  }
  return parts.length ? parts : null;
}

/** The prompt a span carries, or null. */
export function promptOfSpan(span: { spanId?: unknown; attributes?: unknown; events?: unknown }): SpanPrompt | null {
  const a = attrs(span.attributes);
  const model = (a.get('gen_ai.request.model') ?? a.get('llm.model_name') ?? null) as string | null;
  const spanId = typeof span.spanId === 'string' ? span.spanId : '';
  let parts: SpanPrompt['parts'] | null = null;
  const input = parseJson(a.get('gen_ai.input.messages'));
  if (input !== undefined) parts = messagesFrom(input);
  if (!parts) {
    const p = a.get('gen_ai.prompt');
    const parsed = parseJson(p);
    parts = messagesFrom(parsed) ?? (typeof p === 'string' && parsed === undefined ? [{ role: 'user', text: p }] : null);
  }
  parts ??= indexed(a, 'gen_ai.prompt', 'role', 'content') ?? indexed(a, 'llm.input_messages', 'message.role', 'message.content');
  if (!parts && Array.isArray(span.events)) {
    const fromEvents: SpanPrompt['parts'] = [];
    for (const ev of span.events as Array<{ name?: unknown; attributes?: unknown }>) {
      const m = /^gen_ai\.(system|user|assistant)\.message$/.exec(String(ev?.name ?? ''));
      if (!m) continue;
      const ea = attrs(ev.attributes);
      fromEvents.push({ role: m[1] as 'system' | 'user' | 'assistant', text: textOf(parseJson(ea.get('content')) ?? ea.get('content')) });
    }
    if (fromEvents.length) parts = fromEvents;
  }
  if (!parts) return null;
  const sys = parseJson(a.get('gen_ai.system_instructions'));
  const sysText = sys !== undefined ? textOf(sys) : '';
  if (sysText && !parts.some((p) => p.role === 'system')) parts.unshift({ role: 'system', text: sysText });
  // System text first, as one part (some exporters split it).
  const system = parts.filter((p) => p.role === 'system').map((p) => p.text).join('\n\n');
  const rest = parts.filter((p) => p.role !== 'system');
  return { spanId, model, parts: system ? [{ role: 'system', text: system }, ...rest] : rest };
}

const MAX_PROBLEMS = 20;

/** Every span's prompt in an export (a JSON document, or JSONL of them). Never throws. */
export function readOtlpPrompts(text: string): OtlpRead {
  const out: OtlpRead = { spans: 0, prompts: [], problems: [] };
  const docs: Array<{ at: string; value: unknown }> = [];
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  let whole: unknown;
  try {
    whole = JSON.parse(trimmed) as unknown;
  } catch {
    whole = undefined;
  }
  if (whole !== undefined) docs.push({ at: 'the file', value: whole });
  else {
    trimmed.split(/\r?\n/).forEach((line, i) => {
      if (!line.trim()) return;
      try {
        docs.push({ at: `line ${i + 1}`, value: JSON.parse(line) as unknown });
      } catch {
        if (out.problems.length < MAX_PROBLEMS) out.problems.push(`line ${i + 1}: not JSON`);
      }
    });
  }
  for (const { at, value } of docs) {
    const requests = Array.isArray(value) ? value : [value];
    for (const req of requests) {
      const rs = (req as { resourceSpans?: unknown })?.resourceSpans;
      if (!Array.isArray(rs)) {
        if (out.problems.length < MAX_PROBLEMS) out.problems.push(`${at}: no "resourceSpans" (not an OTLP trace export)`);
        continue;
      }
      for (const r of rs as Array<{ scopeSpans?: unknown; instrumentationLibrarySpans?: unknown }>) {
        const scopes = (r?.scopeSpans ?? r?.instrumentationLibrarySpans ?? []) as Array<{ spans?: unknown }>;
        for (const s of Array.isArray(scopes) ? scopes : []) {
          for (const span of Array.isArray(s?.spans) ? (s.spans as Array<Record<string, unknown>>) : []) {
            out.spans++;
            const p = promptOfSpan(span);
            if (p) out.prompts.push(p);
          }
        }
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Matching a prompt against the call's template

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const SEP = '\u241E';

/** The template as (role, text) parts, as a request would carry them: system first, empty messages dropped. */
function templateParts(t: ComparePrompt): Array<{ role: string; text: string }> {
  const parts: Array<{ role: string; text: string }> = [];
  if (t.system.trim()) parts.push({ role: 'system', text: t.system });
  for (const m of t.messages) if (m.content.length) parts.push({ role: m.role, text: m.content });
  return parts;
}

function buildMatcher(template: ComparePrompt, fields: readonly string[], tolerant: boolean): { re: RegExp; order: string[] } | null {
  const names = [...new Set(fields)].sort((a, b) => b.length - a.length);
  const markerRe = names.length ? new RegExp(names.map((n) => escapeRe(fieldMarker(n))).join('|'), 'g') : null;
  const groupOf = new Map<string, string>();
  const order: string[] = [];
  const literal = (s: string): string => (tolerant ? escapeRe(s).replace(/\s+/g, '\\s+') : escapeRe(s));
  const pieces: string[] = [];
  for (const part of templateParts(template)) {
    let re = `${part.role}:`;
    let at = 0;
    const text = tolerant ? part.text.trim() : part.text;
    for (const m of markerRe ? text.matchAll(markerRe) : []) {
      re += literal(text.slice(at, m.index));
      const name = m[0].slice(2, -1);
      const g = groupOf.get(name);
      if (g) re += `\\k<${g}>`;
      else {
        const id = `f${groupOf.size}`;
        groupOf.set(name, id);
        order.push(name);
        re += `(?<${id}>[\\s\\S]*?)`;
      }
      at = m.index! + m[0].length;
    }
    re += literal(text.slice(at));
    pieces.push(re);
  }
  if (order.length > 24) return null;
  try {
    return { re: new RegExp(`^${pieces.join(escapeRe(SEP))}$`), order };
  } catch {
    return null;
  }
}

/**
 * The field values that turn the template into this prompt, or null when the prompt is not this template's.
 * Exact text first; then with runs of whitespace matched loosely (exporters re-indent).
 */
export function fieldsFromPrompt(template: ComparePrompt, fields: readonly string[], prompt: SpanPrompt): Record<string, string> | null {
  const tparts = templateParts(template);
  const pparts = prompt.parts.filter((p) => p.text.length > 0);
  if (tparts.length !== pparts.length || tparts.some((t, i) => t.role !== pparts[i]!.role)) return null;
  for (const tolerant of [false, true]) {
    const m = buildMatcher(template, fields, tolerant);
    if (!m) return null;
    const subject = pparts.map((p) => `${p.role}:${tolerant ? p.text.trim() : p.text}`).join(SEP);
    const hit = m.re.exec(subject);
    if (!hit) continue;
    const values: Record<string, string> = {};
    m.order.forEach((name, i) => (values[name] = hit.groups?.[`f${i}`] ?? ''));
    for (const f of fields) values[f] ??= '';
    return values;
  }
  return null;
}

export interface OtlpDataset {
  inputs: Array<{ values: Record<string, string>; id: string }>;
  spans: number;
  withPrompt: number;
  /** Spans with a prompt that is not this call's. */
  otherPrompts: number;
  problems: string[];
}

/** The inputs of this call found in an export. */
export function inputsFromOtlp(text: string, template: ComparePrompt, fields: readonly string[]): OtlpDataset {
  const read = readOtlpPrompts(text);
  const inputs: OtlpDataset['inputs'] = [];
  let other = 0;
  for (const p of read.prompts) {
    const values = fieldsFromPrompt(template, fields, p);
    if (values) inputs.push({ values, id: p.spanId ? `span ${p.spanId.slice(0, 16)}` : `span ${inputs.length + 1}` });
    else other++;
  }
  return { inputs, spans: read.spans, withPrompt: read.prompts.length, otherPrompts: other, problems: read.problems };
}
