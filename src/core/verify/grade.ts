// Grading one input: deterministic checks for classification and extraction, a grader model for free text.
//
// The reference is the line's `$expected` when it has one, else Sonnet's answer to the same input (the guide's
// "compare with the model it runs on today"). An item that cannot be graded (an API error, a reference that is not
// usable, a grader that did not answer) is excluded from the error rate and listed with the reason.
import Ajv, { type ValidateFunction } from 'ajv';
import type { OutputSchema } from '../types';
import type { CompareTool, ComparePrompt } from '../compare/types';
import type { GradingMode, ItemGrade, ModelOutput } from './types';

// ---------------------------------------------------------------------------------------------
// Labels

/** A label as compared: code fences, quotes, a trailing full stop, case and runs of whitespace do not count. */
export function normalizeLabel(text: string): string {
  let s = text.trim();
  s = s.replace(/^```[\w-]*\s*\n?([\s\S]*?)\n?```$/, '$1').trim();
  for (let i = 0; i < 3; i++) {
    const m = /^(["'`*_])([\s\S]*)\1$/.exec(s.replace(/[.!;:]+$/, ''));
    if (!m) break;
    s = m[2]!.trim();
  }
  return s
    .replace(/^(?:label|category|answer|intent|class)\s*[:=]\s*/i, '')
    .replace(/[.!;:]+$/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

export function gradeLabel(haiku: string, reference: string): { pass: boolean; reason: string } {
  const a = normalizeLabel(haiku);
  const b = normalizeLabel(typeof reference === 'string' ? reference : String(reference));
  return a === b ? { pass: true, reason: `same label "${short(a, 60)}"` } : { pass: false, reason: `label "${short(a, 60)}" instead of "${short(b, 60)}"` };
}

// ---------------------------------------------------------------------------------------------
// JSON

/** The JSON value in an answer: the whole text, a fenced block, or the first {…} / […] in it. Undefined when none. */
export function extractJson(text: string): unknown {
  const attempts: string[] = [text.trim()];
  const fence = /```(?:json)?\s*\n?([\s\S]*?)```/i.exec(text);
  if (fence) attempts.push(fence[1]!.trim());
  const obj = firstBalanced(text, '{', '}');
  if (obj) attempts.push(obj);
  const arr = firstBalanced(text, '[', ']');
  if (arr) attempts.push(arr);
  for (const a of attempts) {
    if (!a) continue;
    try {
      return JSON.parse(a) as unknown;
    } catch {
      // next
    }
  }
  return undefined;
}

function firstBalanced(text: string, open: string, close: string): string | null {
  const start = text.indexOf(open);
  if (start < 0) return null;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === open) depth++;
    else if (c === close && --depth === 0) return text.slice(start, i + 1);
  }
  return null;
}

/** Values as compared field by field: strings trimmed, whitespace collapsed, case ignored; "42" equals 42. */
function normalizeValue(v: unknown): unknown {
  if (typeof v === 'string') {
    const s = v.trim().replace(/\s+/g, ' ').toLowerCase();
    return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s;
  }
  if (Array.isArray(v)) return v.map(normalizeValue);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, normalizeValue(x)]));
  return v;
}

/** Equal after normalization; arrays compare as multisets (an entity list's order is not part of the answer). */
export function sameValue(a: unknown, b: unknown): boolean {
  return canonical(normalizeValue(a)) === canonical(normalizeValue(b));
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).sort().join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined && x !== null);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

const validators = new Map<string, ValidateFunction | string>();

/** Compiles a schema once; a schema that does not compile gives its error message instead. */
function validatorFor(schema: Record<string, unknown>): ValidateFunction | string {
  const key = JSON.stringify(schema);
  let v = validators.get(key);
  if (!v) {
    try {
      v = new Ajv({ allErrors: false, strict: false, validateFormats: false }).compile(schema);
    } catch (e) {
      v = e instanceof Error ? e.message : String(e);
    }
    if (validators.size > 50) validators.clear();
    validators.set(key, v);
  }
  return v;
}

/** Null when the schema compiles, else why not (for the panel, before a run). */
export function schemaProblem(schema: Record<string, unknown>): string | null {
  const v = validatorFor(schema);
  return typeof v === 'string' ? v : null;
}

export function gradeJson(haiku: string, reference: unknown, schema: Record<string, unknown> | null): { pass: boolean; reason: string } {
  const value = extractJson(haiku);
  if (value === undefined) return { pass: false, reason: 'the answer is not JSON' };
  if (schema) {
    const v = validatorFor(schema);
    if (typeof v !== 'string' && !v(value)) {
      const e = v.errors?.[0];
      return { pass: false, reason: `not valid against the schema: ${e ? `${e.instancePath || '(root)'} ${e.message ?? ''}`.trim() : 'invalid'}` };
    }
  }
  if (reference && typeof reference === 'object' && !Array.isArray(reference) && value && typeof value === 'object' && !Array.isArray(value)) {
    const ref = reference as Record<string, unknown>;
    const got = value as Record<string, unknown>;
    const differ: string[] = [];
    for (const k of new Set([...Object.keys(ref), ...Object.keys(got)])) {
      const a = got[k];
      const b = ref[k];
      if ((a === undefined || a === null) && (b === undefined || b === null)) continue;
      if (a === undefined) differ.push(`${k}: missing`);
      else if (b === undefined) differ.push(`${k}: not in the reference (${short(JSON.stringify(a), 40)})`);
      else if (!sameValue(a, b)) differ.push(`${k}: ${short(JSON.stringify(a), 40)} instead of ${short(JSON.stringify(b), 40)}`);
    }
    return differ.length ? { pass: false, reason: `fields differ: ${differ.slice(0, 5).join('; ')}${differ.length > 5 ? `; and ${differ.length - 5} more` : ''}` } : { pass: true, reason: 'every field agrees' };
  }
  return sameValue(value, reference) ? { pass: true, reason: 'same JSON' } : { pass: false, reason: `${short(JSON.stringify(value), 60)} instead of ${short(JSON.stringify(reference), 60)}` };
}

// ---------------------------------------------------------------------------------------------
// One item

export interface GradeContext {
  mode: GradingMode;
  schema: Record<string, unknown> | null;
}

/** The reference of an item, or why there is none. */
export function referenceOf(expected: unknown, sonnet: ModelOutput, mode: GradingMode): { kind: 'expected' | 'sonnet'; value: unknown } | { excluded: string } {
  if (expected !== null && expected !== undefined) {
    if (mode === 'json' && typeof expected === 'string') {
      const parsed = extractJson(expected);
      return { kind: 'expected', value: parsed === undefined ? expected : parsed };
    }
    return { kind: 'expected', value: expected };
  }
  if (sonnet.status !== 'succeeded') return { excluded: `no reference: Sonnet ${sonnet.error ?? sonnet.status} and the line has no $expected` };
  if (mode === 'json') {
    const parsed = extractJson(sonnet.text);
    if (parsed === undefined) return { excluded: "no reference: Sonnet's answer is not JSON and the line has no $expected" };
    return { kind: 'sonnet', value: parsed };
  }
  return { kind: 'sonnet', value: sonnet.text };
}

/**
 * Grades an item locally (label and JSON modes). Rubric mode returns null for a gradable item: the grader model
 * decides it (see graderRequest / parseGraderAnswer).
 */
export function gradeItem(ctx: GradeContext, expected: unknown, haiku: ModelOutput, sonnet: ModelOutput): ItemGrade | null {
  if (haiku.status !== 'succeeded') return { result: 'excluded', reason: `Haiku: ${haiku.error ?? haiku.status}`, reference: null };
  const ref = referenceOf(expected, sonnet, ctx.mode);
  if ('excluded' in ref) return { result: 'excluded', reason: ref.excluded, reference: null };
  if (ctx.mode === 'rubric') return null;
  const g = ctx.mode === 'label' ? gradeLabel(haiku.text, typeof ref.value === 'string' ? ref.value : JSON.stringify(ref.value)) : gradeJson(haiku.text, ref.value, ctx.schema);
  return { result: g.pass ? 'pass' : 'fail', reason: g.reason, reference: ref.kind };
}

// ---------------------------------------------------------------------------------------------
// Grader model (free text)

const RUBRICS: Record<string, string> = {
  summarize_short:
    "Pass when the answer keeps the reference's key facts, adds nothing false, and respects the length and format the prompt asks for.",
  classify_intent: 'Pass when the answer gives the same label as the reference, in the format the prompt asks for.',
  extract_entities: 'Pass when the answer extracts the same entities with the same values as the reference, invents none, and uses the format the prompt asks for.',
};
const DEFAULT_RUBRIC =
  'Pass when the answer is correct, follows every instruction and format requirement of the prompt, and a user of this feature would not notice a drop in quality compared with the reference answer.';

export function defaultVerifyRubric(taskType: string | null | undefined): string {
  return (taskType && RUBRICS[taskType]) || DEFAULT_RUBRIC;
}

/** The grading mode the task type suggests: labels for classification, JSON for extraction, the grader for the rest. */
export function defaultGradingMode(taskType: string | null | undefined, hasSchema: boolean): GradingMode {
  if (taskType === 'classify_intent') return 'label';
  if (taskType === 'extract_entities' || (hasSchema && taskType !== 'summarize_short')) return 'json';
  return 'rubric';
}

export function graderPrompt(task: ComparePrompt, answer: string, reference: string, referenceKind: 'expected' | 'sonnet', rubric: string): ComparePrompt {
  const original = [task.system ? `<system>\n${task.system}\n</system>` : '', ...task.messages.map((m) => `<${m.role}>\n${m.content}\n</${m.role}>`)].filter(Boolean).join('\n');
  const refName = referenceKind === 'expected' ? 'the expected answer' : "a stronger model's answer";
  return {
    system:
      `You grade one answer to a prompt against ${refName} and a rubric. ` +
      'Reply with one JSON object and nothing else: {"pass": true | false, "reason": "<one line>"}.',
    messages: [
      {
        role: 'user',
        content: `<rubric>\n${rubric}\n</rubric>\n<prompt>\n${original}\n</prompt>\n<reference_answer>\n${reference}\n</reference_answer>\n<answer>\n${answer}\n</answer>`,
      },
    ],
    tools: [],
    maxTokens: 200,
    temperature: null,
  };
}

/** The grader's verdict, or null when it did not answer in the form asked (the item is then excluded, not failed). */
export function parseGraderAnswer(text: string): { pass: boolean; reason: string } | null {
  const value = extractJson(text);
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const v = value as { pass?: unknown; verdict?: unknown; reason?: unknown };
  const pass = typeof v.pass === 'boolean' ? v.pass : v.pass === 'true' || v.pass === 'false' ? v.pass === 'true' : v.verdict === 'pass' ? true : v.verdict === 'fail' ? false : null;
  if (pass === null) return null;
  const reason = typeof v.reason === 'string' && v.reason.trim() ? v.reason.split('\n')[0]!.slice(0, 300) : pass ? 'the grader passed it' : 'the grader failed it';
  return { pass, reason };
}

// ---------------------------------------------------------------------------------------------
// The schema an extraction answer must satisfy, from what the scanner found

function typeOf(t: string): string | null {
  const s = t.toLowerCase();
  if (/\b(list|array|sequence|set)\b|\[\]|z\.array/.test(s)) return 'array';
  if (/\b(dict|record|object|mapping)\b|z\.object/.test(s)) return 'object';
  if (/\bbool/.test(s)) return 'boolean';
  if (/\bint(eger)?\b|z\.number\(\)\.int/.test(s)) return 'integer';
  if (/\b(float|number|decimal|double)\b/.test(s)) return 'number';
  if (/\b(str|string|text|enum|literal|date|email|url)\b/.test(s)) return 'string';
  return null;
}

/**
 * A JSON Schema for the answer: the input schema of the call's one tool (a forced tool is how extraction is
 * usually written), a JSON schema written in the code, or one made of the fields the scanner read. Null when
 * the code says nothing about the answer's shape.
 */
export function suggestedSchema(outputSchema: OutputSchema | null | undefined, tools: readonly CompareTool[]): Record<string, unknown> | null {
  if (tools.length === 1) return tools[0]!.input_schema;
  if (!outputSchema) return null;
  if (outputSchema.kind === 'json-schema' && outputSchema.text) {
    try {
      const parsed = JSON.parse(outputSchema.text) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // fall back to the fields
    }
  }
  if (!outputSchema.fields.length) return null;
  const properties: Record<string, unknown> = {};
  for (const f of outputSchema.fields) {
    const p: Record<string, unknown> = {};
    const t = typeOf(f.type);
    if (f.enum?.length) p.enum = f.enum;
    else if (t) p.type = t;
    properties[f.name] = p;
  }
  return { type: 'object', properties };
}

function short(s: string, max: number): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
