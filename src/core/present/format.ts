// Number formats of the editor surfaces (lens, hover, tree, status bar). Pure; unit-tested.
import { formatNumber } from '../numberFormat';

/**
 * A monthly amount in USD with the precision a reader needs at a glance:
 * cents below $1,000 ($2.93, $58.50), whole dollars up to $9,999 ($4,321), then `k` / `M` ($12.3k, $1.2M).
 * Positive amounts that round to zero show as `<$0.01` so a real cost is never shown as free.
 */
export function formatMoney(usd: number): string {
  if (!Number.isFinite(usd)) return '$?';
  const sign = usd < 0 ? '-' : '';
  const a = Math.abs(usd);
  if (a === 0) return '$0';
  if (a < 0.005) return `${sign}<$0.01`;
  if (a < 1000) {
    const cents = a.toFixed(2);
    // 999.995 rounds up into the next band.
    if (Number(cents) < 1000) return `${sign}$${cents}`;
  }
  if (a < 9999.5) return `${sign}$${formatNumber(Math.round(a))}`;
  if (a < 999_950) return `${sign}$${trimZero((a / 1000).toFixed(a < 99_950 ? 1 : 0))}k`;
  return `${sign}$${trimZero((a / 1e6).toFixed(a < 99_950_000 ? 1 : 0))}M`;
}

/** Calls per day as people say them: 1k, 50k, 1.5k, 2M, 750, 0.5. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '?';
  if (n < 1000) return n >= 10 || Number.isInteger(n) ? String(Math.round(n)) : trimZero(n.toFixed(1));
  if (n < 999_950) return `${trimZero((n / 1000).toFixed(n < 9_950 ? 1 : 0))}k`;
  return `${trimZero((n / 1e6).toFixed(n < 9_950_000 ? 1 : 0))}M`;
}

/** Token counts in the hover: 640, 1,234, 12.3k. */
export function formatTokens(n: number): string {
  if (!Number.isFinite(n)) return '?';
  const r = Math.round(n);
  if (r < 10_000) return formatNumber(r);
  return `${trimZero((r / 1000).toFixed(1))}k`;
}

export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

/** USD per million tokens, as the price table writes them: $0.10, $2, $0.125. */
export function formatRate(usdPerMillion: number): string {
  if (!Number.isFinite(usdPerMillion)) return '$?';
  return `$${trimZero(usdPerMillion.toFixed(usdPerMillion < 1 ? 3 : 2)).replace(/\.(\d)$/, '.$10')}`;
}

function trimZero(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}
