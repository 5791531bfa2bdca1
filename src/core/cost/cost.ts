import type { ModelPrice, PriceBook, PriceSet } from './prices';

// Monthly cost = calls/day × 30 × (input × input price + output × output price) / 1e6,
// with prompt caching and Message Batches where the code uses them (DESIGN.md "Cost"). A call that runs several
// turns per task (an agent loop, a conversation) is the sum of its turns, each re-sending the growing history.
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
/** Minutes in a day: the cache is written at most once per TTL window (288 five-minute windows, 24 one-hour windows). */
const MINUTES_PER_DAY = 1440;

/**
 * Providers that cache repeated prompt prefixes by themselves, without anything in the request: OpenAI (and Azure
 * OpenAI) cache a prefix of at least the model's minimum (1,024 tokens) in steps of 128 tokens, bill cached tokens at
 * the cached-input price and charge nothing extra to write them; an unused prefix lives about 5–10 minutes.
 */
export const AUTOMATIC_PREFIX_CACHING: Readonly<Record<string, { increment: number; ttlMinutes: number }>> = {
  openai: { increment: 128, ttlMinutes: 5 },
  'azure-openai': { increment: 128, ttlMinutes: 5 },
  azure: { increment: 128, ttlMinutes: 5 },
};

export interface RequestTokens {
  /** Input tokens of one request (turn 1 of a task when `turns` > 1). */
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
  /**
   * Model requests per task (an agent loop, a conversation): turn k sends `input + (k − 1) × growthPerTurn` tokens, the
   * history re-sent. `callsPerDay` is then requests per day, and tasks per day = callsPerDay / turns.
   */
  turns?: number;
  growthPerTurn?: number;
  /** The stable prefix (tools + static system text) a provider with automatic prefix caching reads from its cache. */
  automaticPrefix?: number;
  /** Measured mean cache tokens per request (imported traffic): priced as measured, no window model. */
  measuredCache?: { read: number; write: number };
}

export interface CostBreakdown {
  model: string;
  /** The prices used (after effective dates; the band's when it applied to every request). */
  prices: PriceSet;
  priceDate: string;
  perCall: number;
  monthly: number;
  /** Per day, how many requests wrote (or, with automatic caching, missed) / read the cache (0 / 0 when not cached). */
  cacheWritesPerDay: number;
  cacheReadsPerDay: number;
  bandApplied: boolean;
  notes: string[];
  /**
   * Set when a price the request needs is not known (fast mode on a model whose fast-mode price no source gives):
   * the figures above are then at standard prices and must not be shown as the request's cost.
   */
  unknownPrice?: string;
  /** Model requests per day (= the callsPerDay priced). */
  requestsPerDay: number;
  /** Tokens of each turn of one task (one entry for a single request). */
  turns: { input: number; output: number }[];
  /** How caching was priced, and the prefix tokens read from the cache on turn 1. */
  caching: 'cache_control' | 'automatic' | 'measured' | null;
  cachedPrefixTokens: number;
}

/** Cost of one request in USD with a given cache behaviour. */
export function requestCost(prices: PriceSet, tokens: { input: number; output: number; cacheWrite: number; cacheRead: number; writePrice: 'cacheWrite5m' | 'cacheWrite1h' }): number {
  const plain = Math.max(0, tokens.input - tokens.cacheWrite - tokens.cacheRead);
  return (plain * prices.input + tokens.cacheWrite * prices[tokens.writePrice] + tokens.cacheRead * prices.cacheRead + tokens.output * prices.output) / 1e6;
}

export function monthlyCostOn(model: ModelPrice, book: PriceBook, date: string, tokens: RequestTokens, callsPerDay: number): CostBreakdown {
  const notes: string[] = [];
  let unknownPrice: string | undefined;
  // Turns of one task: the history grows by `growthPerTurn` each turn. Without growth every request is alike.
  const growth = Math.max(0, tokens.growthPerTurn ?? 0);
  const turnCount = growth > 0 ? Math.max(1, Math.round(tokens.turns ?? 1)) : 1;
  const inputs: number[] = [];
  for (let k = 0; k < turnCount; k++) inputs.push(tokens.input + k * growth);
  const tasksPerDay = callsPerDay / turnCount;
  // Every prompt token counts toward the band, cached or not; in a loop, the later turns may cross it.
  const over = (input: number): boolean => !!model.band && input > model.band.overPromptTokens;
  const overCount = inputs.filter(over).length;
  const bandApplied = overCount > 0;
  if (bandApplied && model.band) {
    const what = model.band.overPromptTokens >= 200_000 ? 'the long-context prices' : 'the long-prompt prices';
    const who = overCount === turnCount ? 'the whole request bills' : `turns ${turnCount - overCount + 1}–${turnCount} of each task bill`;
    notes.push(`prompt over ${WHOLE.format(model.band.overPromptTokens)} tokens: ${who} at ${what}`);
  }
  // Fast mode, then US-only inference, on both the standard and the band's prices.
  let factor = 1;
  if (tokens.speed === 'fast') {
    if (!model.fastMode) notes.push(`${model.id} has no fast mode: priced at standard speed`);
    else if (model.fastMode.multiplier === null) {
      unknownPrice = `${model.id}'s fast-mode price is not known (${model.fastMode.note ?? 'no source gives it'}); add it under "prices"`;
      notes.push(unknownPrice);
    } else {
      factor = model.fastMode.multiplier;
      notes.push(`fast mode: every price × ${model.fastMode.multiplier}`);
    }
  }
  let geo = 1;
  if (tokens.inferenceGeo === 'us') {
    if (model.usOnlyMultiplier) {
      geo = model.usOnlyMultiplier;
      notes.push(`US-only inference: every price × ${model.usOnlyMultiplier}`);
    } else notes.push(`${model.id} does not accept inference_geo (requests with it fail): priced without it`);
  }
  const adjust = (p: PriceSet): PriceSet => {
    let q = p;
    if (factor !== 1) q = scalePrices(q, factor);
    if (geo !== 1) q = scalePrices(q, geo);
    return q;
  };
  const standard = adjust(book.pricesOn(model, date));
  const banded = model.band ? adjust(model.band.prices) : standard;
  const pricesAt = (k: number): PriceSet => (over(inputs[k]) ? banded : standard);
  const prices = overCount === turnCount ? banded : standard;

  const ttl = tokens.cacheTtl ?? '5m';
  const writePrice = ttl === '1h' ? 'cacheWrite1h' : 'cacheWrite5m';
  let prefix = Math.min(tokens.cachedPrefix ?? 0, tokens.input);
  if (prefix > 0 && prefix < model.minCacheableTokens) {
    notes.push(`cached prefix of ~${prefix} tokens is below ${model.id}'s minimum of ${model.minCacheableTokens}: not cached`);
    prefix = 0;
  }
  const discount = tokens.batch ? BATCH_DISCOUNT : 1;
  if (tokens.batch) notes.push('Message Batches: 50% off');
  const cost = (k: number, cacheWrite: number, cacheRead: number): number => requestCost(pricesAt(k), { input: inputs[k], output: tokens.output, cacheWrite, cacheRead, writePrice });
  let perDay: number;
  let writes = 0;
  let reads = 0;
  let caching: CostBreakdown['caching'] = null;
  let cachedPrefixTokens = 0;
  const auto = AUTOMATIC_PREFIX_CACHING[model.provider];
  const measured = tokens.measuredCache && tokens.measuredCache.read + tokens.measuredCache.write > 0 ? tokens.measuredCache : null;
  if (measured && callsPerDay > 0) {
    // Measured: every request reads and writes what the traffic did on average (the window model is not needed).
    const read = Math.min(measured.read, tokens.input);
    const write = Math.min(measured.write, tokens.input - read);
    perDay = callsPerDay * cost(0, write, read) * discount;
    caching = 'measured';
    cachedPrefixTokens = read;
    reads = read > 0 ? callsPerDay : 0;
    writes = write > 0 ? callsPerDay : 0;
    notes.push(`prompt caching as measured: ${WHOLE.format(read)} tokens read and ${WHOLE.format(write)} written per request on average`);
  } else if (prefix > 0 && callsPerDay > 0) {
    // The prefix is written at most once per TTL window, on turn 1 of a task; every other request reads it (the
    // turns of one task follow each other within seconds).
    writes = Math.min(tasksPerDay, MINUTES_PER_DAY / (ttl === '1h' ? 60 : 5));
    reads = callsPerDay - writes;
    let sum = writes * cost(0, prefix, 0) + (tasksPerDay - writes) * cost(0, 0, prefix);
    for (let k = 1; k < turnCount; k++) sum += tasksPerDay * cost(k, 0, prefix);
    perDay = sum * discount;
    caching = 'cache_control';
    cachedPrefixTokens = prefix;
    notes.push(
      turnCount > 1
        ? `prompt caching (${ttl}): ${round(writes)} writes of a ~${prefix}-token prefix per day on turn 1, read on the other ${round(reads)} requests`
        : `prompt caching (${ttl}): ${round(writes)} writes and ${round(reads)} reads of a ~${prefix}-token prefix per day`,
    );
  } else if (auto && !prefix && callsPerDay > 0) {
    // Automatic prefix caching: the stable prefix is read on turn 1 unless nobody sent it within the cache's life;
    // in a loop, turn k re-sends turn k−1's whole prompt, which the provider has cached (in steps of `increment`).
    const step = (n: number): number => (n >= model.minCacheableTokens ? Math.floor(n / auto.increment) * auto.increment : 0);
    const first = step(Math.min(tokens.automaticPrefix ?? 0, tokens.input));
    const misses = first > 0 ? Math.min(tasksPerDay, MINUTES_PER_DAY / auto.ttlMinutes) : tasksPerDay;
    let sum = misses * cost(0, 0, 0) + (tasksPerDay - misses) * cost(0, 0, first);
    let cachedLater = 0;
    for (let k = 1; k < turnCount; k++) {
      const c = Math.max(first, step(inputs[k - 1]));
      if (c > 0) cachedLater += tasksPerDay;
      sum += tasksPerDay * cost(k, 0, c);
    }
    perDay = sum * discount;
    if (first > 0 || cachedLater > 0) {
      caching = 'automatic';
      cachedPrefixTokens = first;
      writes = first > 0 ? misses : 0;
      reads = (first > 0 ? tasksPerDay - misses : 0) + cachedLater;
      notes.push(
        turnCount > 1
          ? `automatic prefix caching (${model.provider}): each turn reads the previous turn's prompt from the cache${first > 0 ? `, turn 1 the ~${first}-token prefix` : ''}`
          : `automatic prefix caching (${model.provider}): ${round(reads)} requests a day read a ~${first}-token prefix at the cached-input price`,
      );
    }
  } else {
    let sum = 0;
    for (let k = 0; k < turnCount; k++) sum += tasksPerDay * cost(k, 0, 0);
    perDay = sum * discount;
  }
  const single = requestCost(prices, { input: tokens.input, output: tokens.output, cacheWrite: 0, cacheRead: 0, writePrice }) * discount;
  return {
    model: model.id,
    prices,
    priceDate: date,
    perCall: callsPerDay > 0 ? perDay / callsPerDay : single,
    monthly: perDay * DAYS_PER_MONTH,
    cacheWritesPerDay: writes,
    cacheReadsPerDay: reads,
    bandApplied,
    notes,
    ...(unknownPrice ? { unknownPrice } : {}),
    requestsPerDay: callsPerDay,
    turns: inputs.map((input) => ({ input, output: tokens.output })),
    caching,
    cachedPrefixTokens,
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
