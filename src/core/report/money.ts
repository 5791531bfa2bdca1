// Money as people read it on a lens, a table row or a PR comment.
//
// Precision: cents below $1,000 ("$2.93", "$58.50"), whole dollars from $1,000 on ("$13,500"); an amount that
// rounds to zero cents but is not zero reads "<$0.01" so a cheap Haiku site never looks free. Compact mode (lenses,
// narrow columns) writes thousands as `k` and millions as `M` ("$1.2k", "$48k", "$2.5M").
import { formatNumber } from '../numberFormat';

export interface UsdOptions {
  compact?: boolean;
  /** Prefix "+" on positive amounts (savings deltas). */
  sign?: boolean;
}

export function formatUsd(amount: number, options: UsdOptions = {}): string {
  if (!Number.isFinite(amount)) return '—';
  const n = Math.abs(amount);
  const prefix = amount < 0 && n >= 0.005 ? '-' : options.sign && n >= 0.005 ? '+' : '';
  if (n === 0) return '$0.00';
  if (n < 0.005) return `${amount < 0 ? '-' : ''}<$0.01`;
  let body: string;
  if (options.compact && n >= 999_500) body = `${trim((n / 1e6).toFixed(n >= 9_995_000 ? 1 : 2))}M`;
  else if (options.compact && n >= 999.995) body = `${trim((n / 1e3).toFixed(n >= 9_995 ? (n >= 99_950 ? 0 : 1) : 2))}k`;
  else if (n >= 999.995) body = formatNumber(Math.round(n));
  else body = n.toFixed(2);
  return `${prefix}$${body}`;
}

function trim(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** Calls per day as on a lens: 1k, 50k, 2.5M. */
export function formatCallsPerDay(n: number): string {
  if (n >= 1e6) return `${trim((n / 1e6).toFixed(1))}M`;
  if (n >= 1e3) return `${trim((n / 1e3).toFixed(1))}k`;
  return trim(n.toFixed(n < 10 ? 2 : 0));
}

/** Percentage saved going from `from` to `to` (0 when `from` is 0). */
export function savingPercent(from: number, to: number): number {
  return from > 0 ? ((from - to) / from) * 100 : 0;
}
