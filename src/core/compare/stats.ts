// Figures over N runs: percentiles, mean cost, and how much the outputs vary.
import type { ColumnStats, CompareColumn, CompareSummary, RunResult } from './types';

/** Nearest-rank percentile of a non-empty list. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}

/** Mean pairwise Jaccard distance of the outputs' word sets: 0 identical wording, 1 nothing in common. */
export function outputVariation(texts: readonly string[]): number | null {
  if (texts.length < 2) return texts.length === 1 ? 0 : null;
  const sets = texts.map(words);
  let total = 0;
  let pairs = 0;
  for (let i = 0; i < sets.length; i++) {
    for (let j = i + 1; j < sets.length; j++) {
      const a = sets[i]!;
      const b = sets[j]!;
      let inter = 0;
      for (const w of a) if (b.has(w)) inter++;
      const union = a.size + b.size - inter;
      total += union === 0 ? 0 : 1 - inter / union;
      pairs++;
    }
  }
  return total / pairs;
}

export function columnStats(results: readonly RunResult[]): ColumnStats {
  const ok = results.filter((r) => r.error === null);
  const costs = ok.map((r) => r.costUsd).filter((c): c is number => c !== null);
  return {
    runs: results.length,
    failures: results.length - ok.length,
    latencyP50Ms: percentile(ok.map((r) => r.latencyMs), 50),
    latencyP95Ms: percentile(ok.map((r) => r.latencyMs), 95),
    ttftP50Ms: percentile(ok.map((r) => r.ttftMs).filter((t): t is number => t !== null), 50),
    meanCostUsd: mean(costs),
    meanOutputTokens: mean(ok.map((r) => r.usage?.output ?? 0)),
    distinctOutputs: new Set(ok.map((r) => r.text.trim())).size,
    variation: outputVariation(ok.map((r) => r.text)),
  };
}

/** The call's current model, priced on one run's usage (the caller knows the price table and the tokenizers). */
export interface CurrentReference {
  model: string;
  /** The column whose answer stands in for the current model's (same family: its output length is the closer). */
  column: CompareColumn;
  /** USD of one call on the current model with that run's tokens; null when the model has no price. */
  costOf: (run: RunResult) => number | null;
}

/** First sentence of an error, lower-cased at the start: "rate limited (429)". */
function shortError(r: RunResult): string {
  if (!r.error) return '';
  if (r.error.kind === 'cancelled') return 'cancelled';
  const first = r.error.message.split(/(?<=\.)\s/)[0]!.replace(/\.$/, '');
  return first.length > 140 ? `${first.slice(0, 139)}…` : first;
}

/**
 * Ratios and the monthly projection at the call site's volume (30-day month, as everywhere in Tierwise), over the
 * runs where both columns completed — a failed or cancelled column is reported, never compared.
 */
export function summarizeRuns(
  pairs: ReadonlyArray<Record<CompareColumn, RunResult>>,
  callsPerDay: number,
  current: CurrentReference | null = null,
): CompareSummary {
  const failures: Record<CompareColumn, string[]> = { haiku: [], sonnet: [] };
  pairs.forEach((pair, i) => {
    for (const col of ['haiku', 'sonnet'] as const) {
      const r = pair[col];
      if (r.error) failures[col].push(`${pairs.length > 1 ? `run ${i + 1}: ` : ''}${shortError(r)}`);
    }
  });
  const done = pairs.filter((p) => p.haiku.error === null && p.sonnet.error === null);
  const meanOf = (values: Array<number | null>): number | null => {
    const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
    return known.length === values.length && known.length > 0 ? mean(known) : null;
  };
  const cost = { haiku: meanOf(done.map((p) => p.haiku.costUsd)), sonnet: meanOf(done.map((p) => p.sonnet.costUsd)) };
  const latency = { haiku: percentile(done.map((p) => p.haiku.latencyMs), 50), sonnet: percentile(done.map((p) => p.sonnet.latencyMs), 50) };
  const monthly = (c: number | null): number | null => (c === null ? null : c * callsPerDay * 30);
  const h = monthly(cost.haiku);
  const s = monthly(cost.sonnet);
  let cur: CompareSummary['current'] = null;
  if (current && done.length > 0) {
    const m = monthly(meanOf(done.map((p) => current.costOf(p[current.column]))));
    cur = { model: current.model, monthly: m, change: { haiku: m === null || h === null ? null : h - m, sonnet: m === null || s === null ? null : s - m } };
  }
  return {
    runs: pairs.length,
    completedPairs: done.length,
    failures,
    costRatio: cost.haiku && cost.sonnet !== null ? cost.sonnet / cost.haiku : null,
    latencyRatio: latency.haiku && latency.sonnet !== null ? latency.sonnet / latency.haiku : null,
    callsPerDay,
    monthly: { haiku: h, sonnet: s, saving: h !== null && s !== null ? s - h : null },
    current: cur,
  };
}
