// Whether prompt caching pays off at a call's volume. A cache write costs more than an uncached prompt (1.25× input
// for 5 minutes, 2× for an hour) and the cache only lives for its TTL after the last hit, so a call made a few
// hundred times a day writes it on most calls: below the break-even volume, cache_control costs more than it saves
// (about 369 calls/day for 5-minute writes at Anthropic's list multipliers: 288 writes a day, then reads at 0.1×).
import { monthlyCostOn, requestCost, type RequestTokens } from './cost';
import type { ModelPrice, PriceBook } from './prices';

export interface CachingVerdict {
  model: string;
  ttl: '5m' | '1h';
  callsPerDay: number;
  /** Monthly cost with the cache as the code sets it, and with no cache_control at all. */
  withCache: number;
  withoutCache: number;
  /** Lowest calls/day at which caching is cheaper than not caching; null when it never is (no read discount). */
  breakEvenCallsPerDay: number | null;
}

/** Null when the call caches nothing (no cached prefix, or one below the model's minimum). */
export function cachingVerdict(model: ModelPrice, book: PriceBook, date: string, tokens: RequestTokens, callsPerDay: number): CachingVerdict | null {
  const prefix = Math.min(tokens.cachedPrefix ?? 0, tokens.input);
  if (prefix <= 0 || prefix < model.minCacheableTokens || !(callsPerDay >= 0)) return null;
  const ttl = tokens.cacheTtl ?? '5m';
  const withCache = monthlyCostOn(model, book, date, tokens, callsPerDay);
  const withoutCache = monthlyCostOn(model, book, date, { ...tokens, cachedPrefix: 0 }, callsPerDay);
  // Per-request costs at the prices that applied (the long-prompt band included), then the volume where
  // W·write + (N−W)·read = N·plain, with W the writes a day (one per TTL window).
  const prices = withCache.prices;
  const writePrice = ttl === '1h' ? 'cacheWrite1h' : 'cacheWrite5m';
  const at = (cacheWrite: number, cacheRead: number): number => requestCost(prices, { input: tokens.input, output: tokens.output, cacheWrite, cacheRead, writePrice });
  const write = at(prefix, 0);
  const read = at(0, prefix);
  const plain = at(0, 0);
  const writesPerDay = 1440 / (ttl === '1h' ? 60 : 5);
  let breakEven: number | null = null;
  // The closed form below is for single requests; a loop's later turns always read, and its figures say it all.
  if (plain > read && (tokens.turns ?? 1) <= 1) {
    const n = (writesPerDay * (write - read)) / (plain - read);
    // Strictly cheaper above n; a float a hair under a whole number (367.9999…) is that number.
    const k = Math.abs(n - Math.round(n)) < 1e-6 ? Math.round(n) : Math.floor(n);
    breakEven = write <= plain ? 1 : Math.max(writesPerDay, k + 1);
  }
  return { model: model.id, ttl, callsPerDay, withCache: withCache.monthly, withoutCache: withoutCache.monthly, breakEvenCallsPerDay: breakEven };
}
