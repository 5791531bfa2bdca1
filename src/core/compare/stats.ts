// Figures over N runs: percentiles, mean cost, and how much the outputs vary.
import type { ColumnStats, CompareSummary, RunResult } from './types';

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

/** Ratios and the monthly projection at the call site's volume (30-day month, as everywhere in Tierwise). */
export function summarize(haiku: { costUsd: number | null; latencyMs: number | null }, sonnet: { costUsd: number | null; latencyMs: number | null }, callsPerDay: number): CompareSummary {
  const monthly = (c: number | null): number | null => (c === null ? null : c * callsPerDay * 30);
  const h = monthly(haiku.costUsd);
  const s = monthly(sonnet.costUsd);
  return {
    costRatio: haiku.costUsd && sonnet.costUsd !== null ? sonnet.costUsd / haiku.costUsd : null,
    latencyRatio: haiku.latencyMs && sonnet.latencyMs !== null ? sonnet.latencyMs / haiku.latencyMs : null,
    callsPerDay,
    monthly: { haiku: h, sonnet: s, saving: h !== null && s !== null ? s - h : null },
  };
}
