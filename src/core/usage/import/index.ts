// Measured traffic into the usage file (issue #15, item 3): an OTLP export (spans) gives each call site its calls per
// day, mean input and output tokens and cache-hit rate; a provider usage export (tokens or cost per model, API key and
// day) is checked against the estimate per model. Both are read as streams, in bounded memory.
import type { MeasuredUsage } from '../usageFile';
import { ImportError } from './stream';
import { readOtlpSpans, type GenAiSpan } from './otlp';
import { SiteMatcher, type MatchResult, type MatchSite } from './match';

export { ImportError } from './stream';

export type ExportKind = 'otlp' | 'usage-json' | 'usage-csv';

/** What kind of export a file is, from its first bytes (up to 64 KB). */
export function sniffExport(head: string): ExportKind | { error: string } {
  const t = head.replace(/^\uFEFF/, '').trimStart();
  if (!t) return { error: 'the file is empty' };
  if (t.startsWith('{') || t.startsWith('[')) {
    if (/"resourceSpans"\s*:/.test(t)) return 'otlp';
    if (/"data"\s*:/.test(t) && /"(results|starting_at)"\s*:/.test(t)) return 'usage-json';
    if (/"data"\s*:/.test(t)) return 'usage-json';
    return { error: 'a JSON file that is neither an OTLP export ("resourceSpans") nor a usage or cost report ("data": [{ "starting_at", "results" }])' };
  }
  const header = t.split(/\r?\n/, 1)[0];
  if (header.includes(',') && /model/i.test(header)) return 'usage-csv';
  return { error: 'not JSON, and not a CSV file whose first line names its columns (with a "model" column)' };
}

export interface SiteMeasure {
  id: string;
  spans: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  byCode: number;
  byFingerprint: number;
}

export interface UnmatchedTotals {
  spans: number;
  input: number;
  output: number;
  byModel: Array<{ model: string; spans: number; input: number; output: number }>;
  reasons: Array<{ reason: string; spans: number }>;
}

export interface OtlpImport {
  kind: 'otlp';
  source: string;
  from: string;
  to: string;
  /** Length of the measured period in days (at least 1): the first to the last span's start. */
  days: number;
  bytes: number;
  lines: number;
  spans: number;
  modelSpans: number;
  sites: SiteMeasure[];
  unmatched: UnmatchedTotals;
  /** What goes into the usage file, per call-site id. */
  measured: Record<string, MeasuredUsage>;
}

const DAY_MS = 86_400_000;
/** Distinct models and reasons kept for the unmatched summary (a hostile export cannot grow them without bound). */
const MAX_KEYS = 1000;

export interface OtlpImportOptions {
  /** Called for every model span with its match (benchmarks, tests). */
  onMatch?(span: GenAiSpan, result: MatchResult): void;
  /** ISO date-time written as `importedAt` (default: now). */
  now?: string;
}

/** Reads an OTLP export and measures each call site. Throws ImportError naming the line on a broken file. */
export async function importOtlp(
  source: AsyncIterable<Uint8Array | string>,
  sourceName: string,
  sites: readonly MatchSite[],
  canonical: (model: string) => string,
  opts: OtlpImportOptions = {},
): Promise<OtlpImport> {
  const matcher = new SiteMatcher(sites, canonical);
  const per = new Map<string, SiteMeasure>();
  const unmatchedModels = new Map<string, { model: string; spans: number; input: number; output: number }>();
  const reasons = new Map<string, number>();
  const unmatched = { spans: 0, input: 0, output: 0 };
  let minMs = Infinity;
  let maxMs = -Infinity;
  const read = await readOtlpSpans(source, (span) => {
    if (Number.isFinite(span.startMs)) {
      if (span.startMs < minMs) minMs = span.startMs;
      if (span.startMs > maxMs) maxMs = span.startMs;
    }
    const result = matcher.match(span);
    opts.onMatch?.(span, result);
    if (result.id !== null) {
      let m = per.get(result.id);
      if (!m) per.set(result.id, (m = { id: result.id, spans: 0, input: 0, output: 0, cacheRead: 0, cacheWrite: 0, byCode: 0, byFingerprint: 0 }));
      m.spans++;
      m.input += span.input;
      m.output += span.output;
      m.cacheRead += span.cacheRead;
      m.cacheWrite += span.cacheWrite;
      if (result.by === 'code') m.byCode++;
      else m.byFingerprint++;
      return;
    }
    unmatched.spans++;
    unmatched.input += span.input;
    unmatched.output += span.output;
    const model = unmatchedModels.get(span.model) ?? (unmatchedModels.size < MAX_KEYS ? { model: span.model, spans: 0, input: 0, output: 0 } : unmatchedModels.get('(other models)') ?? { model: '(other models)', spans: 0, input: 0, output: 0 });
    unmatchedModels.set(model.model, model);
    model.spans++;
    model.input += span.input;
    model.output += span.output;
    const why = 'reason' in result ? result.reason : '';
    const reason = reasons.has(why) || reasons.size < MAX_KEYS ? why : '(other reasons)';
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  });
  if (read.modelSpans === 0) throw new ImportError(`no model-request spans in the export (${read.spans} spans read; a model span has gen_ai.request.model and token usage)`, read.lines);
  if (!Number.isFinite(minMs)) throw new ImportError('the spans have no start time (startTimeUnixNano): the period, and so the calls per day, cannot be known', read.lines);
  const days = Math.max(1, (maxMs - minMs) / DAY_MS);
  const from = new Date(minMs).toISOString().slice(0, 10);
  const to = new Date(maxMs).toISOString().slice(0, 10);
  const importedAt = opts.now ?? new Date().toISOString();
  const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
  const measured: Record<string, MeasuredUsage> = {};
  for (const m of per.values()) {
    const entry: MeasuredUsage = {
      source: `${sourceName} (otlp)`,
      from,
      to,
      callsPerDay: round(m.spans / days),
      spans: m.spans,
      inputTokens: round(m.input / m.spans, 1),
      outputTokens: round(m.output / m.spans, 1),
    };
    if (m.cacheRead + m.cacheWrite > 0) {
      entry.cacheReadTokens = round(m.cacheRead / m.spans, 1);
      entry.cacheWriteTokens = round(m.cacheWrite / m.spans, 1);
      entry.cacheHitRate = m.input > 0 ? round(m.cacheRead / m.input, 4) : 0;
    }
    entry.importedAt = importedAt;
    measured[m.id] = entry;
  }
  return {
    kind: 'otlp',
    source: sourceName,
    from,
    to,
    days,
    bytes: read.bytes,
    lines: read.lines,
    spans: read.spans,
    modelSpans: read.modelSpans,
    sites: [...per.values()].sort((a, b) => b.spans - a.spans),
    unmatched: {
      ...unmatched,
      byModel: [...unmatchedModels.values()].sort((a, b) => b.input + b.output - (a.input + a.output)),
      reasons: [...reasons].map(([reason, spans]) => ({ reason, spans })).sort((a, b) => b.spans - a.spans),
    },
    measured,
  };
}
