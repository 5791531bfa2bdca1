import type { ModelPrice, PriceBook, PriceSet } from './prices';

// Monthly cost = calls/day × 30 × (input × input price + output × output price) / 1e6,
// with prompt caching and Message Batches where the code uses them (DESIGN.md "Cost").
//
// Caching assumption (a call with cache_control): the cached prefix is the tools plus the static system text
// (all static text when there is no system text). The cache lives for its TTL after the last hit, so traffic
// spread over the day writes it at most once per TTL window: writes/day = min(calls/day, 1440 / TTL minutes)
// (288 for 5m, 24 for 1h), every other call reads it. A prefix shorter than the model's minimum cacheable length
// is never cached. Batches: every token price is halved (discounts stack with caching). Prompt-length bands (Haiku
// 5.5 over 100k; the long-context price over 200k where a model has one): a request whose prompt (input + cache reads
// + cache writes) exceeds the band bills every token at the band's prices. Then fast mode and US-only inference
// multiply every price (in that order; both stack with the band and with batches).

export const DAYS_PER_MONTH = 30;
export const BATCH_DISCOUNT = 0.5;

export interface RequestTokens {
  input: number;
  output: number;
  /** Tokens of the cached prefix (part of `input`); 0 when the call does not use cache_control. */
  cachedPrefix?: number;
  cacheTtl?: '5m' | '1h' | null;
  batch?: boolean;
  /** `speed: "fast"` (fast mode) on the request. */
  speed?: 'fast' | 'standard';
  /** `inference_geo: "us"` (US-only inference) on the request. */
  inferenceGeo?: 'us' | 'global';
}

export interface CostBreakdown {
  model: string;
  /** The prices used (after effective dates; the band's when it applied). */
  prices: PriceSet;
  priceDate: string;
  perCall: number;
  monthly: number;
  /** Per day, how many calls wrote / read the cache (0 / 0 when not cached). */
  cacheWritesPerDay: number;
  cacheReadsPerDay: number;
  bandApplied: boolean;
  notes: string[];
  /**
   * Set when a price the request needs is not known (fast mode on a model whose fast-mode price no source gives):
   * the figures above are then at standard prices and must not be shown as the request's cost.
   */
  unknownPrice?: string;
}

/** Cost of one request in USD with a given cache behaviour. */
export function requestCost(prices: PriceSet, tokens: { input: number; output: number; cacheWrite: number; cacheRead: number; writePrice: 'cacheWrite5m' | 'cacheWrite1h' }): number {
  const plain = Math.max(0, tokens.input - tokens.cacheWrite - tokens.cacheRead);
  return (plain * prices.input + tokens.cacheWrite * prices[tokens.writePrice] + tokens.cacheRead * prices.cacheRead + tokens.output * prices.output) / 1e6;
}

export function monthlyCostOn(model: ModelPrice, book: PriceBook, date: string, tokens: RequestTokens, callsPerDay: number): CostBreakdown {
  const notes: string[] = [];
  let unknownPrice: string | undefined;
  let prices = book.pricesOn(model, date);
  // Every prompt token counts toward the band, cached or not.
  const bandApplied = !!model.band && tokens.input > model.band.overPromptTokens;
  if (bandApplied && model.band) {
    prices = model.band.prices;
    notes.push(
      model.band.overPromptTokens >= 200_000
        ? `prompt over ${WHOLE.format(model.band.overPromptTokens)} tokens: the whole request bills at the long-context prices`
        : `prompt over ${WHOLE.format(model.band.overPromptTokens)} tokens: the whole request bills at the long-prompt prices`,
    );
  }
  if (tokens.speed === 'fast') {
    if (!model.fastMode) notes.push(`${model.id} has no fast mode: priced at standard speed`);
    else if (model.fastMode.multiplier === null) {
      unknownPrice = `${model.id}'s fast-mode price is not known (${model.fastMode.note ?? 'no source gives it'}); add it under "prices"`;
      notes.push(unknownPrice);
    } else {
      prices = scalePrices(prices, model.fastMode.multiplier);
      notes.push(`fast mode: every price × ${model.fastMode.multiplier}`);
    }
  }
  if (tokens.inferenceGeo === 'us') {
    if (model.usOnlyMultiplier) {
      prices = scalePrices(prices, model.usOnlyMultiplier);
      notes.push(`US-only inference: every price × ${model.usOnlyMultiplier}`);
    } else notes.push(`${model.id} does not accept inference_geo (requests with it fail): priced without it`);
  }
  const ttl = tokens.cacheTtl ?? '5m';
  const writePrice = ttl === '1h' ? 'cacheWrite1h' : 'cacheWrite5m';
  let prefix = Math.min(tokens.cachedPrefix ?? 0, tokens.input);
  if (prefix > 0 && prefix < model.minCacheableTokens) {
    notes.push(`cached prefix of ~${prefix} tokens is below ${model.id}'s minimum of ${model.minCacheableTokens}: not cached`);
    prefix = 0;
  }
  const discount = tokens.batch ? BATCH_DISCOUNT : 1;
  if (tokens.batch) notes.push('Message Batches: 50% off');
  let perDay: number;
  let writes = 0;
  let reads = 0;
  if (prefix > 0 && callsPerDay > 0) {
    writes = Math.min(callsPerDay, 1440 / (ttl === '1h' ? 60 : 5));
    reads = callsPerDay - writes;
    const writeCost = requestCost(prices, { input: tokens.input, output: tokens.output, cacheWrite: prefix, cacheRead: 0, writePrice });
    const readCost = requestCost(prices, { input: tokens.input, output: tokens.output, cacheWrite: 0, cacheRead: prefix, writePrice });
    perDay = (writes * writeCost + reads * readCost) * discount;
    notes.push(`prompt caching (${ttl}): ${round(writes)} writes and ${round(reads)} reads of a ~${prefix}-token prefix per day`);
  } else {
    perDay = callsPerDay * requestCost(prices, { input: tokens.input, output: tokens.output, cacheWrite: 0, cacheRead: 0, writePrice }) * discount;
  }
  return {
    model: model.id,
    prices,
    priceDate: date,
    perCall: callsPerDay > 0 ? perDay / callsPerDay : requestCost(prices, { input: tokens.input, output: tokens.output, cacheWrite: 0, cacheRead: 0, writePrice }) * discount,
    monthly: perDay * DAYS_PER_MONTH,
    cacheWritesPerDay: writes,
    cacheReadsPerDay: reads,
    bandApplied,
    notes,
    ...(unknownPrice ? { unknownPrice } : {}),
  };
}

/** Every price × `factor` (fast mode, US-only inference). */
export function scalePrices(prices: PriceSet, factor: number): PriceSet {
  const r = (n: number): number => Math.round(n * factor * 1e9) / 1e9;
  return { input: r(prices.input), output: r(prices.output), cacheWrite5m: r(prices.cacheWrite5m), cacheWrite1h: r(prices.cacheWrite1h), cacheRead: r(prices.cacheRead) };
}

// Made on first use: the first Intl object loads locale data (~10 ms), which must not happen when the extension loads.
let whole: Intl.NumberFormat | undefined;
const WHOLE = { format: (n: number): string => (whole ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })).format(n) };

function round(n: number): string {
  return WHOLE.format(n);
}

/** Money in the JSON report: kept to 1/100 of a cent so that small sites do not vanish and sums stay exact to the cent. */
export function roundMoney(n: number): number {
  return Math.round(n * 1e4) / 1e4;
}
