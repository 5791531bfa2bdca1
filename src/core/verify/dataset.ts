// A verification dataset: JSONL, one object per line giving the call's run-time fields (the `${…}` holes the compare
// panel shows) their values, with `$expected` (the right answer) and `$id` optional:
//
//   {"$id": "t-17", "ticket": "I was charged twice this month", "$expected": "billing"}
//
// Field names are the holes' names exactly as the prompt shows them (`ticket`, `ticket.subject`, `body.text`).
// A missing field, a key that is not a field (a typo would send an empty value), a value that is not text and a line
// that is not an object are errors naming the line and the key; a dataset with any error is not run.
import { createHash } from 'node:crypto';
import type { Dataset, DatasetItem, DatasetProblem } from './types';

export const RESERVED_KEYS = { id: '$id', expected: '$expected' } as const;
/** A dataset larger than this is refused (read as a whole into memory). */
export const MAX_DATASET_BYTES = 50 * 1024 * 1024;
/** Lines: the routing guide asks for 100–200; a batch holds far more, but grading and reading the report do not scale. */
export const MAX_DATASET_ITEMS = 5000;
const MAX_VALUE_CHARS = 400_000;
const MAX_LISTED_PROBLEMS = 50;

export function datasetHash(text: string): string {
  return `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/**
 * Reads a dataset for a call whose prompt has these run-time fields. Never throws: every problem is in `problems`
 * (errors) or `warnings`, with its line and key.
 */
export function parseDataset(text: string, fields: readonly string[], o: { maxItems?: number } = {}): Dataset {
  const maxItems = o.maxItems ?? MAX_DATASET_ITEMS;
  const hash = datasetHash(text);
  const problems: DatasetProblem[] = [];
  const warnings: DatasetProblem[] = [];
  const items: DatasetItem[] = [];
  if (text.length > MAX_DATASET_BYTES) {
    return { items, problems: [{ line: 0, key: null, message: `The dataset is ${(text.length / 1048576).toFixed(1)} MB, above the ${MAX_DATASET_BYTES / 1048576} MB limit.` }], warnings, hash };
  }
  const fieldSet = new Set(fields);
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const seenInputs = new Map<string, number>();
  const seenIds = new Map<string, number>();
  let errorCount = 0;
  const error = (line: number, key: string | null, message: string): void => {
    errorCount++;
    if (problems.length < MAX_LISTED_PROBLEMS) problems.push({ line, key, message });
  };
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const line = i + 1;
    if (!raw.trim()) continue;
    if (items.length >= maxItems) {
      error(line, null, `More than ${maxItems.toLocaleString('en-US')} inputs: split the dataset (the routing guide suggests 100–200).`);
      break;
    }
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      const why = e instanceof Error ? e.message.replace(/^JSON\.parse: /, '').replace(/ in JSON at position \d+.*$/, '') : 'invalid JSON';
      error(line, null, `not valid JSON (${why}); each line must be one JSON object.`);
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      error(line, null, `${describe(value)}, not an object; each line must be a JSON object such as {${fields.length ? `"${fields[0]}": "…"` : '"$expected": "…"'}}.`);
      continue;
    }
    const obj = value as Record<string, unknown>;
    const values: Record<string, string> = {};
    let bad = false;
    for (const [key, v] of Object.entries(obj)) {
      if (key === RESERVED_KEYS.id || key === RESERVED_KEYS.expected) continue;
      if (!fieldSet.has(key)) {
        const near = nearest(key, fields);
        const known = fields.length ? `the call's fields are ${fields.map((f) => `"${f}"`).join(', ')}` : 'the call has no run-time fields';
        error(line, key, `unknown key "${key}"${near ? ` (did you mean "${near}"?)` : ''}; ${known}.`);
        bad = true;
        continue;
      }
      if (typeof v === 'string') values[key] = v;
      else if (typeof v === 'number' || typeof v === 'boolean') values[key] = String(v);
      else {
        error(line, key, `"${key}" is ${describe(v)}, not text. Write the text the code puts in the prompt (for an object, its JSON as a string).`);
        bad = true;
        continue;
      }
      if (values[key]!.length > MAX_VALUE_CHARS) {
        error(line, key, `"${key}" is ${values[key]!.length.toLocaleString('en-US')} characters long, above the ${MAX_VALUE_CHARS.toLocaleString('en-US')} limit.`);
        bad = true;
      }
    }
    for (const f of fields) {
      if (!(f in obj)) {
        error(line, f, `missing key "${f}" (write "" for an empty value).`);
        bad = true;
      }
    }
    const idRaw = obj[RESERVED_KEYS.id];
    if (idRaw !== undefined && typeof idRaw !== 'string' && typeof idRaw !== 'number') {
      error(line, RESERVED_KEYS.id, `"$id" must be a string or a number, not ${describe(idRaw)}.`);
      bad = true;
    }
    if (bad) continue;
    const id = idRaw === undefined ? `line ${line}` : String(idRaw);
    if (idRaw !== undefined) {
      const before = seenIds.get(id);
      if (before !== undefined) warnings.push({ line, key: RESERVED_KEYS.id, message: `"$id" ${JSON.stringify(id)} is also used on line ${before}.` });
      else seenIds.set(id, line);
    }
    if (fields.length > 0 && fields.every((f) => !values[f])) {
      error(line, null, `every field is empty: fill in the values (a template's lines start empty).`);
      continue;
    }
    const key = JSON.stringify(fields.map((f) => values[f]));
    const dup = seenInputs.get(key);
    if (dup !== undefined && fields.length > 0) warnings.push({ line, key: null, message: `the same input as line ${dup}: it counts twice in the error rate.` });
    else seenInputs.set(key, line);
    const expected = obj[RESERVED_KEYS.expected];
    items.push({ index: items.length, line, id, fields: values, expected: expected === undefined || expected === null || expected === '' ? null : expected });
  }
  if (errorCount > problems.length) problems.push({ line: 0, key: null, message: `… and ${plural(errorCount - problems.length, 'more problem')}.` });
  if (errorCount === 0 && items.length === 0) problems.push({ line: 0, key: null, message: 'The dataset has no inputs: one JSON object per line.' });
  return { items, problems, warnings, hash };
}

/** The closest field name to a mistyped key (edit distance ≤ 2, or the same name in another case), or null. */
function nearest(key: string, fields: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = 3;
  for (const f of fields) {
    if (f.toLowerCase() === key.toLowerCase()) return f;
    const d = editDistance(key, f, bestD);
    if (d < bestD) {
      bestD = d;
      best = f;
    }
  }
  return best;
}

function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, cur[j]!);
    }
    if (rowMin >= cap) return cap;
    prev = cur;
  }
  return prev[b.length]!;
}

/** One dataset line as written: the fields in the prompt's order, then `$expected` when there is one. */
export function datasetLine(fields: readonly string[], values: Readonly<Record<string, string>>, extra: { id?: string; expected?: unknown } = {}): string {
  const obj: Record<string, unknown> = {};
  if (extra.id !== undefined) obj[RESERVED_KEYS.id] = extra.id;
  for (const f of fields) obj[f] = values[f] ?? '';
  if (extra.expected !== undefined) obj[RESERVED_KEYS.expected] = extra.expected;
  return JSON.stringify(obj);
}

/**
 * A template for a call's dataset: `lines` lines with every field empty, `$id` numbered, and `$expected` empty
 * (fill it in for classification and extraction; leave it out to grade against Sonnet's answers).
 */
export function datasetTemplate(fields: readonly string[], lines = 3): string {
  const out: string[] = [];
  for (let i = 1; i <= lines; i++) out.push(datasetLine(fields, {}, { id: `example-${i}`, expected: '' }));
  return `${out.join('\n')}\n`;
}

/** A dataset from a list of field values (past comparisons, an OpenTelemetry export), without repeats. */
export function datasetFromInputs(fields: readonly string[], inputs: ReadonlyArray<{ values: Readonly<Record<string, string>>; id?: string }>): { text: string; lines: number; repeats: number } {
  const seen = new Set<string>();
  const out: string[] = [];
  let repeats = 0;
  for (const input of inputs) {
    const key = JSON.stringify(fields.map((f) => input.values[f] ?? ''));
    if (seen.has(key)) {
      repeats++;
      continue;
    }
    seen.add(key);
    if (out.length >= MAX_DATASET_ITEMS) break;
    out.push(datasetLine(fields, input.values, input.id !== undefined ? { id: input.id } : {}));
  }
  return { text: out.length ? `${out.join('\n')}\n` : '', lines: out.length, repeats };
}

/** The file name of a call's own dataset in `.tierwise/verify/`: `classify_intent-classifyTicket`. */
export function datasetBaseName(taskKey: string, enclosingFunction: string): string {
  return `${taskKey}-${enclosingFunction}`.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'call';
}

/** "line 3, key "ticket": …" problems as lines for a terminal or a list. */
export function formatDatasetProblems(problems: readonly DatasetProblem[], file: string): string[] {
  return problems.map((p) => (p.line > 0 ? `${file}:${p.line}: ${p.message}` : `${file}: ${p.message}`));
}
