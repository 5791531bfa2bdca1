// Numbers with en-US digit grouping (1,234,567.89), without Intl: the first Intl formatter of a process loads ICU's
// number data (~70 ms), which a CLI scan would pay on every run for a thousands separator.

/** `n` rounded to at most `maxFractionDigits` decimals (trailing zeros dropped), digits grouped by three. */
export function formatNumber(n: number, maxFractionDigits = 0): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '∞' : '-∞';
  const a = Math.abs(n);
  // toFixed writes an exponent from 1e21 on; such numbers are never shown as they are.
  if (a >= 1e21) return n.toLocaleString('en-US', { maximumFractionDigits: maxFractionDigits });
  const [int, frac = ''] = a.toFixed(Math.max(0, Math.min(20, Math.floor(maxFractionDigits)))).split('.');
  const decimals = frac.replace(/0+$/, '');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const body = decimals ? `${grouped}.${decimals}` : grouped;
  return n < 0 && body !== '0' ? `-${body}` : body;
}
