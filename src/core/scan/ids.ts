import type { ScannedCall } from '../types';

/**
 * Call-site ids: `path#enclosingFunction`, then `#2`, `#3` … for further calls in the same function,
 * numbered in source order. An edit elsewhere in the file (another function) leaves them unchanged.
 */
export function callSiteIds(calls: readonly ScannedCall[]): string[] {
  const order = calls.map((_c, i) => i).sort((a, b) => {
    const ca = calls[a];
    const cb = calls[b];
    return ca.file === cb.file ? ca.span.start - cb.span.start : ca.file < cb.file ? -1 : 1;
  });
  const seen = new Map<string, number>();
  const ids: string[] = new Array(calls.length);
  for (const i of order) {
    const base = `${calls[i].file}#${calls[i].enclosingFunction}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    ids[i] = n === 1 ? base : `${base}#${n}`;
  }
  return ids;
}
