// The verification as the repository keeps it: `verifications.<task key>` in `.tierwise.json`, written as a small
// text edit that leaves the rest of the file as it was (jsonc-parser's `modify`), so the editor can make the
// registry move and this record one undoable edit, and the CLI can write it atomically.
import { applyEdits, modify, parseTree, findNodeAtLocation, printParseErrorCode, type FormattingOptions, type Node, type ParseError } from 'jsonc-parser';
import { formatInterval, formatPercent } from './decide';
import type { GradingMode, VerificationRecord, VerifyReport } from './types';
import { GRADING_MODES } from './types';

export const VERIFICATIONS_KEY = 'verifications';

export interface JsonEdit {
  start: number;
  end: number;
  newText: string;
}

const floor4 = (x: number): number => Math.floor(x * 1e4 + 1e-9) / 1e4;
const ceil4 = (x: number): number => Math.ceil(x * 1e4 - 1e-9) / 1e4;

/** The record of a report whose decision is "move" (n > 0). The interval is stored rounded outward. */
export function recordOf(report: VerifyReport, callSites: readonly string[], date = report.date.slice(0, 10)): VerificationRecord {
  if (report.errorRate === null || report.interval === null) throw new Error('a verification with no graded input cannot be recorded');
  return {
    date,
    n: report.n,
    errors: report.errors,
    errorRate: Math.round(report.errorRate * 1e4) / 1e4,
    interval: [floor4(report.interval[0]), ceil4(report.interval[1])],
    threshold: report.threshold,
    datasetHash: report.dataset.hash,
    ...(report.dataset.file ? { dataset: report.dataset.file } : {}),
    models: { haiku: report.models.haiku, sonnet: report.models.sonnet, ...(report.models.grader ? { grader: report.models.grader } : {}) },
    grading: report.grading,
    callSites: [...callSites],
  };
}

/** Indentation and line ends as the file already writes them (two spaces and \n for a new file). */
function formattingOf(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indented = /\n([ \t]+)\S/.exec(text);
  if (indented && indented[1]!.startsWith('\t')) return { insertSpaces: false, tabSize: 1, eol };
  return { insertSpaces: true, tabSize: indented ? Math.min(8, indented[1]!.length) : 2, eol };
}

/** The usage file cannot take an edit (it does not parse, or is not an object): nothing is written, the reason is said. */
export class UsageFileNotEditable extends Error {}

/** Why the usage file's text cannot be edited safely, or null. */
export function usageEditProblem(text: string): string | null {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length) {
    const e = errors[0]!;
    const line = text.slice(0, e.offset).split('\n').length;
    return `.tierwise.json does not parse (line ${line}: ${printParseErrorCode(e.error)}); fix it first`;
  }
  if (!tree || tree.type !== 'object') return '.tierwise.json is not a JSON object; fix it first';
  const v = findNodeAtLocation(tree, [VERIFICATIONS_KEY]);
  if (v && v.type !== 'object') return '"verifications" in .tierwise.json is not an object; fix it first';
  return null;
}

/**
 * Edits that put `record` under `verifications.<key>` (replacing an older one for the key). `text` null: the file
 * does not exist; one edit inserting the whole new file at offset 0. Throws UsageFileNotEditable when the file
 * cannot be edited safely (a syntax error: an edit would land in the wrong place).
 */
export function recordEdits(text: string | null, key: string, record: VerificationRecord): JsonEdit[] {
  if (text === null || !text.trim()) {
    const body = JSON.stringify({ [VERIFICATIONS_KEY]: { [key]: record } }, null, 2);
    return [{ start: 0, end: text?.length ?? 0, newText: `${body}\n` }];
  }
  const problem = usageEditProblem(text);
  if (problem) throw new UsageFileNotEditable(problem);
  return modify(text, [VERIFICATIONS_KEY, key], record, { formattingOptions: formattingOf(text) }).map((e) => ({ start: e.offset, end: e.offset + e.length, newText: e.content }));
}

/** Edits that mark the key's verification as reverted on `date`; null when there is none (or the file cannot be edited). */
export function revertRecordEdits(text: string, key: string, date: string): JsonEdit[] | null {
  if (usageEditProblem(text)) return null;
  const tree = parseTree(text);
  if (!tree || !findNodeAtLocation(tree, [VERIFICATIONS_KEY, key])) return null;
  return modify(text, [VERIFICATIONS_KEY, key, 'revertedAt'], date, { formattingOptions: formattingOf(text) }).map((e) => ({ start: e.offset, end: e.offset + e.length, newText: e.content }));
}

export function applyJsonEdits(text: string, edits: readonly JsonEdit[]): string {
  return applyEdits(
    text,
    edits.map((e) => ({ offset: e.start, length: e.end - e.start, content: e.newText })),
  );
}

// ---------------------------------------------------------------------------------------------
// Reading

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** One record checked field by field; the reason it is not one otherwise. */
export function asRecord(v: unknown): VerificationRecord | string {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return 'not an object';
  const r = v as Record<string, unknown>;
  if (typeof r.date !== 'string' || !DATE.test(r.date)) return '"date" must be YYYY-MM-DD';
  if (!isNum(r.n) || r.n < 1 || !Number.isInteger(r.n)) return '"n" must be a whole number ≥ 1';
  if (!isNum(r.errors) || r.errors < 0 || r.errors > r.n) return '"errors" must be between 0 and n';
  if (!isNum(r.errorRate) || r.errorRate < 0 || r.errorRate > 1) return '"errorRate" must be between 0 and 1';
  if (!Array.isArray(r.interval) || r.interval.length !== 2 || !r.interval.every((x) => isNum(x) && x >= 0 && x <= 1)) return '"interval" must be [low, high] between 0 and 1';
  if (!isNum(r.threshold)) return '"threshold" must be a number';
  if (typeof r.datasetHash !== 'string' || !r.datasetHash) return '"datasetHash" is missing';
  const m = r.models as Record<string, unknown> | undefined;
  if (!m || typeof m.haiku !== 'string' || typeof m.sonnet !== 'string') return '"models" must name "haiku" and "sonnet"';
  if (!GRADING_MODES.includes(r.grading as GradingMode)) return `"grading" must be one of ${GRADING_MODES.join(', ')}`;
  if (!Array.isArray(r.callSites) || !r.callSites.every((s) => typeof s === 'string')) return '"callSites" must be a list of call-site ids';
  if (r.revertedAt !== undefined && (typeof r.revertedAt !== 'string' || !DATE.test(r.revertedAt))) return '"revertedAt" must be YYYY-MM-DD';
  return v as VerificationRecord;
}

export interface ReadVerifications {
  records: Record<string, VerificationRecord>;
  /** Entries that are not records, with where they are (1-based line). */
  problems: Array<{ key: string; line: number; message: string }>;
}

/** The verifications of a usage file's text (comments and trailing commas tolerated, as VS Code's JSON does). */
export function readVerifications(text: string | null | undefined): ReadVerifications {
  const out: ReadVerifications = { records: {}, problems: [] };
  if (!text) return out;
  const tree = parseTree(text, [], { allowTrailingComma: true });
  const node = tree && findNodeAtLocation(tree, [VERIFICATIONS_KEY]);
  if (!node || node.type !== 'object') return out;
  for (const prop of node.children ?? []) {
    const keyNode = prop.children?.[0];
    const valueNode = prop.children?.[1];
    if (!keyNode || !valueNode) continue;
    const key = String(keyNode.value);
    const r = asRecord(valueOf(valueNode));
    if (typeof r === 'string') out.problems.push({ key, line: lineOf(text, keyNode.offset), message: `verifications["${key}"]: ${r}` });
    else out.records[key] = r;
  }
  return out;
}

function valueOf(n: Node): unknown {
  switch (n.type) {
    case 'object':
      return Object.fromEntries((n.children ?? []).filter((p) => p.children?.length === 2).map((p) => [String(p.children![0]!.value), valueOf(p.children![1]!)]));
    case 'array':
      return (n.children ?? []).map(valueOf);
    default:
      return n.value;
  }
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

// ---------------------------------------------------------------------------------------------
// Showing it

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Whole days from a YYYY-MM-DD date to `today` (UTC days; negative for a date ahead). */
export function ageInDays(date: string, today: Date): number {
  const then = Date.parse(`${date}T00:00:00Z`);
  const now = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return Math.round((now - then) / 86_400_000);
}

/** "Dec 5", with the year when it is not this year's. */
export function shortDate(date: string, today: Date): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${MONTHS[m - 1] ?? '?'} ${d}${y !== today.getUTCFullYear() ? `, ${y}` : ''}`;
}

function age(days: number): string {
  if (days <= 0) return 'today';
  if (days === 1) return '1 day ago';
  if (days < 60) return `${days} days ago`;
  return `${Math.round(days / 30)} months ago`;
}

/** `verified Dec 5 · n=150 · 3.3% (1.4–7.6%) · 12 days ago`. */
export function verificationSummary(r: VerificationRecord, today: Date): string {
  return `verified ${shortDate(r.date, today)} · n=${r.n} · ${formatPercent(r.errorRate)} (${formatInterval(r.interval)}) · ${age(ageInDays(r.date, today))}`;
}
