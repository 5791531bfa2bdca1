// The error rate, its 95% interval, and the decision against the threshold.
import type { Decision } from './types';

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/**
 * Wilson score interval of k failures in n trials: unlike the normal approximation it stays inside [0, 1] and is
 * not zero-width at 0 or n failures, which is where a verification usually lands. Null for n = 0.
 */
export function wilsonInterval(k: number, n: number, z = Z95): [number, number] | null {
  if (!(n > 0) || k < 0 || k > n) return null;
  const p = k / n;
  const z2 = z * z;
  const d = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / d;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / d;
  // Exact at the ends (0 failures: the lower bound is 0, not -1e-17).
  return [k === 0 ? 0 : Math.max(0, centre - half), k === n ? 1 : Math.min(1, centre + half)];
}

export interface DecisionInput {
  n: number;
  errors: number;
  /** Largest error rate that still moves the task type (0.05 = 5%). */
  threshold: number;
  /** Fewer graded inputs than this decide nothing. */
  minInputs: number;
}

export interface DecisionResult {
  decision: Decision;
  errorRate: number | null;
  interval: [number, number] | null;
  text: string;
}

/**
 * Below the threshold: move. At or above: keep. Too few graded inputs: no decision, whatever the rate. The point
 * estimate decides (as the routing guide's "error rate under 5–8%"); the interval's upper bound is said when it
 * reaches past the threshold, so a user reads how sure the move is.
 */
export function decide(i: DecisionInput): DecisionResult {
  const errorRate = i.n > 0 ? i.errors / i.n : null;
  const interval = wilsonInterval(i.errors, i.n);
  const rate = errorRate === null ? '' : formatPercent(errorRate);
  const t = formatPercent(i.threshold);
  if (i.n < i.minInputs || errorRate === null || interval === null) {
    return {
      decision: 'too-few',
      errorRate,
      interval,
      text: `Only ${i.n} graded input${i.n === 1 ? '' : 's'}: at least ${i.minInputs} are needed to decide (tierwise.verify.minInputs). The routing guide runs 100–200.`,
    };
  }
  if (errorRate < i.threshold) {
    const wide = interval[1] >= i.threshold ? ` The 95% interval reaches ${formatPercent(interval[1], 'up')}: more inputs would make the move surer.` : '';
    return { decision: 'move', errorRate, interval, text: `Haiku's error rate ${rate} is below the ${t} threshold: move this task type to Haiku.${wide}` };
  }
  return { decision: 'keep', errorRate, interval, text: `Haiku's error rate ${rate} is not below the ${t} threshold: keep this task type on Sonnet. Read the disagreements below.` };
}

/**
 * "3.3%", "0%", "12%"; one decimal under 10%. `round` chooses the direction, so an interval is rounded outward
 * (its lower bound down, its upper bound up) and never claims more certainty than it has.
 */
export function formatPercent(x: number, round: 'nearest' | 'down' | 'up' = 'nearest'): string {
  const pct = x * 100;
  const digits = pct < 10 ? 1 : 0;
  const f = 10 ** digits;
  const r = round === 'down' ? Math.floor(pct * f + 1e-9) / f : round === 'up' ? Math.ceil(pct * f - 1e-9) / f : Math.round(pct * f) / f;
  const s = r.toFixed(digits);
  return `${s.endsWith('.0') ? s.slice(0, -2) : s}%`;
}

/** "1.4–7.6%": the interval rounded outward. */
export function formatInterval(iv: readonly [number, number]): string {
  return `${formatPercent(iv[0], 'down').replace(/%$/, '')}–${formatPercent(iv[1], 'up')}`;
}
