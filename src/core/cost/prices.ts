// The price table: data, not code. USD per million tokens.
import { MAX_PRICE_PER_MTOK } from '../usage/limits';
//
// Anthropic facts come from DESIGN.md's "facts to encode" table, which was copied from Anthropic's
// models and pricing pages as of November 2026. This build had no network access, so nothing here was
// re-checked online: `checkedOn` is the date the row was last compared with that table, and rows marked
// `unverified` carry a note saying which figure is derived or uncertain. docs/pricing.md lists the same.

export type TokenizerGeneration = 'claude-legacy' | 'claude-2026' | 'openai';
export type ModelStatus = 'current' | 'legacy' | 'deprecated' | 'retired';
export type ModelFamily = 'haiku' | 'sonnet' | 'opus' | 'fable' | 'openai';

export interface PriceSet {
  input: number;
  output: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  cacheRead: number;
}

/** A price set that applies from a date on (inclusive), replacing the fields it names. */
export interface EffectivePrices extends Partial<PriceSet> {
  from: string;
}

/** Requests whose prompt (input + cache reads + cache writes) exceeds `overPromptTokens` bill every token at `prices`. */
export interface PromptBand {
  overPromptTokens: number;
  prices: PriceSet;
}

export interface ModelPrice {
  id: string;
  aliases: string[];
  provider: 'anthropic' | 'openai';
  family: ModelFamily;
  tokenizer: TokenizerGeneration;
  status: ModelStatus;
  /** ISO date the model is (or was) retired, when announced. */
  retires: string | null;
  /** Prices before any `effective` entry. */
  prices: PriceSet;
  effective?: EffectivePrices[];
  band?: PromptBand;
  /** Shortest prefix that can be cached; shorter prefixes are not cached at all. */
  minCacheableTokens: number;
  source: string;
  checkedOn: string;
  notes?: string[];
}

export interface PriceTable {
  /** Date of the table as a whole (the newest `checkedOn`). */
  asOf: string;
  models: ModelPrice[];
}

const ANTHROPIC_PRICING = 'https://docs.anthropic.com/en/docs/about-claude/pricing';
const ANTHROPIC_DEPRECATIONS = 'https://docs.anthropic.com/en/docs/about-claude/model-deprecations';
const OPENAI_PRICING = 'https://openai.com/api/pricing/';
const CHECKED = '2026-11-22';
// OpenAI list prices as published in mid-2025; they are only used for the "current" column.
const OPENAI_CHECKED = '2025-08-07';

/** Standard Anthropic multipliers: 5-minute write 1.25×, 1-hour write 2×, read 0.1× of input. */
function claude(input: number, output: number, cacheRead = input / 10): PriceSet {
  return { input, output, cacheWrite5m: round6(input * 1.25), cacheWrite1h: round6(input * 2), cacheRead };
}

/** OpenAI caches prefixes automatically: no write surcharge, reads at the "cached input" price. */
function openai(input: number, output: number, cachedInput: number): PriceSet {
  return { input, output, cacheWrite5m: input, cacheWrite1h: input, cacheRead: cachedInput };
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

type Row = Omit<ModelPrice, 'provider' | 'source' | 'checkedOn' | 'minCacheableTokens' | 'aliases'> &
  Partial<Pick<ModelPrice, 'source' | 'checkedOn' | 'minCacheableTokens' | 'aliases'>>;

function anthropicRow(row: Row): ModelPrice {
  return {
    provider: 'anthropic',
    aliases: [],
    source: ANTHROPIC_PRICING,
    checkedOn: CHECKED,
    minCacheableTokens: row.family === 'haiku' ? 2048 : 1024,
    ...row,
  };
}

function openaiRow(id: string, aliases: string[], prices: PriceSet, notes?: string[]): ModelPrice {
  return {
    id,
    aliases,
    provider: 'openai',
    family: 'openai',
    tokenizer: 'openai',
    status: 'current',
    retires: null,
    prices,
    minCacheableTokens: 1024,
    source: OPENAI_PRICING,
    checkedOn: OPENAI_CHECKED,
    notes: notes ?? ['OpenAI list price (standard tier) known as of the check date; not re-checked online.'],
  };
}

export const PRICE_TABLE: PriceTable = {
  asOf: CHECKED,
  models: [
    // ---- current lineup (November 2026) ----
    anthropicRow({
      id: 'claude-haiku-5-5',
      family: 'haiku',
      tokenizer: 'claude-2026',
      status: 'current',
      retires: null,
      prices: { input: 0.1, output: 0.5, cacheWrite5m: 0.125, cacheWrite1h: 0.2, cacheRead: 0.01 },
      band: {
        overPromptTokens: 100_000,
        prices: { input: 0.5, output: 2.5, cacheWrite5m: 0.625, cacheWrite1h: 1.0, cacheRead: 0.05 },
      },
      notes: ['Current since 2026-10-07. Prompts over 100k tokens (input + cache reads + cache writes) bill the whole request at 5×.'],
    }),
    anthropicRow({
      id: 'claude-sonnet-5-5',
      family: 'sonnet',
      tokenizer: 'claude-2026',
      status: 'current',
      retires: null,
      prices: { input: 2, output: 10, cacheWrite5m: 2.5, cacheWrite1h: 4, cacheRead: 0.2 },
      effective: [{ from: '2026-10-07', cacheRead: 0.1 }],
      notes: ['Cache reads cost 0.20 before 2026-10-07 and 0.10 from then on.'],
    }),
    anthropicRow({
      id: 'claude-opus-5-5',
      family: 'opus',
      tokenizer: 'claude-2026',
      status: 'current',
      retires: null,
      prices: { input: 4, output: 20, cacheWrite5m: 5, cacheWrite1h: 8, cacheRead: 0.2 },
      notes: ['Unverified: cache-write prices derived from the standard multipliers (1.25× / 2× input).'],
    }),
    anthropicRow({
      id: 'claude-fable-5-1',
      family: 'fable',
      tokenizer: 'claude-2026',
      status: 'current',
      retires: null,
      prices: { input: 10, output: 50, cacheWrite5m: 12.5, cacheWrite1h: 20, cacheRead: 0.25 },
      notes: [
        'Unverified: the model id itself could not be checked against the models page.',
        'Unverified: cache-write prices derived from the standard multipliers (1.25× / 2× input).',
      ],
    }),
    // ---- legacy, deprecated and retired models still found in code ----
    anthropicRow({
      id: 'claude-sonnet-5',
      family: 'sonnet',
      tokenizer: 'claude-2026',
      status: 'legacy',
      retires: null,
      prices: { input: 2, output: 10, cacheWrite5m: 2.5, cacheWrite1h: 4, cacheRead: 0.2 },
    }),
    anthropicRow({
      id: 'claude-sonnet-4-6',
      family: 'sonnet',
      tokenizer: 'claude-legacy',
      status: 'legacy',
      retires: null,
      prices: claude(3, 15),
    }),
    anthropicRow({
      id: 'claude-sonnet-4-5',
      aliases: ['claude-sonnet-4-5-20250929'],
      family: 'sonnet',
      tokenizer: 'claude-legacy',
      status: 'deprecated',
      retires: '2026-11-30',
      prices: claude(3, 15),
      source: ANTHROPIC_DEPRECATIONS,
    }),
    anthropicRow({
      id: 'claude-haiku-4-5',
      aliases: ['claude-haiku-4-5-20251001'],
      family: 'haiku',
      tokenizer: 'claude-legacy',
      status: 'legacy',
      retires: null,
      prices: claude(1, 5),
      minCacheableTokens: 4096,
    }),
    anthropicRow({
      id: 'claude-opus-5',
      family: 'opus',
      tokenizer: 'claude-2026',
      status: 'legacy',
      retires: null,
      prices: claude(5, 25),
    }),
    anthropicRow({
      id: 'claude-opus-4-7',
      family: 'opus',
      tokenizer: 'claude-2026',
      status: 'legacy',
      retires: null,
      prices: claude(5, 25),
      notes: ['DESIGN.md groups "claude-opus-4-5 … claude-opus-5" at 5 / 25; 4.7 is the first model on the newer tokenizer.'],
    }),
    anthropicRow({
      id: 'claude-opus-4-6',
      family: 'opus',
      tokenizer: 'claude-legacy',
      status: 'legacy',
      retires: null,
      prices: claude(5, 25),
    }),
    anthropicRow({
      id: 'claude-opus-4-5',
      aliases: ['claude-opus-4-5-20251101'],
      family: 'opus',
      tokenizer: 'claude-legacy',
      status: 'legacy',
      retires: null,
      prices: claude(5, 25),
      minCacheableTokens: 4096,
    }),
    anthropicRow({
      id: 'claude-opus-4-1',
      aliases: ['claude-opus-4-1-20250805'],
      family: 'opus',
      tokenizer: 'claude-legacy',
      status: 'legacy',
      retires: null,
      prices: claude(15, 75),
      notes: ['DESIGN.md lists "claude-opus-4-1, claude-opus-4: retired / legacy"; read here as 4.1 legacy, 4 retired.'],
    }),
    anthropicRow({
      id: 'claude-opus-4',
      aliases: ['claude-opus-4-0', 'claude-opus-4-20250514'],
      family: 'opus',
      tokenizer: 'claude-legacy',
      status: 'retired',
      retires: null,
      prices: claude(15, 75),
      source: ANTHROPIC_DEPRECATIONS,
      notes: ['Retired: priced at its last list price for the "current" column only; calls to it fail today.'],
    }),
    anthropicRow({
      id: 'claude-sonnet-4',
      aliases: ['claude-sonnet-4-0', 'claude-sonnet-4-20250514'],
      family: 'sonnet',
      tokenizer: 'claude-legacy',
      status: 'legacy',
      retires: null,
      prices: claude(3, 15),
      notes: ['Not in DESIGN.md\'s table; list price 3 / 15 as published in 2025. Status not re-checked.'],
    }),
    anthropicRow({
      id: 'claude-3-7-sonnet',
      aliases: ['claude-3-7-sonnet-20250219', 'claude-3-7-sonnet-latest'],
      family: 'sonnet',
      tokenizer: 'claude-legacy',
      status: 'retired',
      retires: null,
      prices: claude(3, 15),
      source: ANTHROPIC_DEPRECATIONS,
      notes: ['Not in DESIGN.md\'s table; last list price 3 / 15. Retirement date not re-checked.'],
    }),
    anthropicRow({
      id: 'claude-3-5-sonnet',
      aliases: ['claude-3-5-sonnet-20241022', 'claude-3-5-sonnet-20240620', 'claude-3-5-sonnet-latest'],
      family: 'sonnet',
      tokenizer: 'claude-legacy',
      status: 'retired',
      retires: '2025-10-22',
      prices: claude(3, 15),
      source: ANTHROPIC_DEPRECATIONS,
      notes: ['Not in DESIGN.md\'s table; last list price 3 / 15.'],
    }),
    anthropicRow({
      id: 'claude-3-5-haiku',
      aliases: ['claude-3-5-haiku-20241022', 'claude-3-5-haiku-latest'],
      family: 'haiku',
      tokenizer: 'claude-legacy',
      status: 'retired',
      retires: null,
      prices: { input: 0.8, output: 4, cacheWrite5m: 1, cacheWrite1h: 1.6, cacheRead: 0.08 },
      source: ANTHROPIC_DEPRECATIONS,
      notes: ['The routing guide\'s Haiku price ($0.80 / $4).'],
    }),
    anthropicRow({
      id: 'claude-3-haiku',
      aliases: ['claude-3-haiku-20240307'],
      family: 'haiku',
      tokenizer: 'claude-legacy',
      status: 'legacy',
      retires: null,
      prices: { input: 0.25, output: 1.25, cacheWrite5m: 0.3, cacheWrite1h: 0.5, cacheRead: 0.03 },
      notes: ['Not in DESIGN.md\'s table; list price 0.25 / 1.25 as published in 2025. Status not re-checked.'],
    }),
    anthropicRow({
      id: 'claude-3-opus',
      aliases: ['claude-3-opus-20240229', 'claude-3-opus-latest'],
      family: 'opus',
      tokenizer: 'claude-legacy',
      status: 'retired',
      retires: '2026-01-05',
      prices: claude(15, 75),
      source: ANTHROPIC_DEPRECATIONS,
      notes: ['Not in DESIGN.md\'s table; last list price 15 / 75.'],
    }),
    // ---- OpenAI: the "current" column only ----
    openaiRow('gpt-5', ['gpt-5-2025-08-07', 'gpt-5-chat-latest'], openai(1.25, 10, 0.125)),
    openaiRow('gpt-5-mini', ['gpt-5-mini-2025-08-07'], openai(0.25, 2, 0.025)),
    openaiRow('gpt-5-nano', ['gpt-5-nano-2025-08-07'], openai(0.05, 0.4, 0.005)),
    openaiRow('gpt-4.1', ['gpt-4.1-2025-04-14'], openai(2, 8, 0.5)),
    openaiRow('gpt-4.1-mini', ['gpt-4.1-mini-2025-04-14'], openai(0.4, 1.6, 0.1)),
    openaiRow('gpt-4.1-nano', ['gpt-4.1-nano-2025-04-14'], openai(0.1, 0.4, 0.025)),
    openaiRow('gpt-4o', ['gpt-4o-2024-08-06', 'gpt-4o-2024-11-20', 'chatgpt-4o-latest'], openai(2.5, 10, 1.25)),
    openaiRow('gpt-4o-mini', ['gpt-4o-mini-2024-07-18'], openai(0.15, 0.6, 0.075)),
    openaiRow('o3', ['o3-2025-04-16'], openai(2, 8, 0.5), ['List price after the June 2025 reduction; not re-checked online.']),
    openaiRow('o4-mini', ['o4-mini-2025-04-16'], openai(1.1, 4.4, 0.275)),
    openaiRow('o3-mini', ['o3-mini-2025-01-31'], openai(1.1, 4.4, 0.55)),
    openaiRow('o1', ['o1-2024-12-17'], openai(15, 60, 7.5)),
    openaiRow('gpt-4-turbo', ['gpt-4-turbo-2024-04-09'], openai(10, 30, 10)),
    openaiRow('gpt-3.5-turbo', ['gpt-3.5-turbo-0125'], openai(0.5, 1.5, 0.5)),
  ],
};

// ---------------------------------------------------------------------------------------------
// Lookup

/** What a user may write to override or add a model (settings, usage file `prices`). */
export interface PriceOverride extends Partial<PriceSet> {
  tokenizer?: TokenizerGeneration;
}

export class PriceBook {
  private readonly byId = new Map<string, ModelPrice>();

  constructor(
    readonly table: PriceTable,
    /** Ids the user overrode or added, for explanations. */
    readonly overridden: ReadonlySet<string> = new Set(),
  ) {
    for (const model of table.models) {
      this.byId.set(model.id.toLowerCase(), model);
      for (const alias of model.aliases) this.byId.set(alias.toLowerCase(), model);
    }
  }

  private readonly found = new Map<string, ModelPrice | null>();
  private readonly dated = new Map<string, PriceSet>();

  /** The model a (possibly dated, aliased or provider-prefixed) id names; null when unknown. */
  find(id: string | null | undefined): ModelPrice | null {
    if (!id) return null;
    const known = this.found.get(id);
    if (known !== undefined) return known;
    let hit: ModelPrice | null = null;
    for (const candidate of candidateIds(id)) {
      hit = this.byId.get(candidate) ?? null;
      if (hit) break;
    }
    if (this.found.size > 10_000) this.found.clear();
    this.found.set(id, hit);
    return hit;
  }

  /** The prices that apply on `date` (ISO), after effective-dated changes. Treat the result as read-only. */
  pricesOn(model: ModelPrice, date: string): PriceSet {
    const key = `${model.id}\u0000${date}`;
    const cached = this.dated.get(key);
    if (cached && this.byId.get(model.id.toLowerCase()) === model) return { ...cached };
    const result = this.computePrices(model, date);
    if (this.byId.get(model.id.toLowerCase()) === model) this.dated.set(key, result);
    return { ...result };
  }

  private computePrices(model: ModelPrice, date: string): PriceSet {
    const result: PriceSet = { ...model.prices };
    const changes = [...(model.effective ?? [])].sort((a, b) => (a.from < b.from ? -1 : 1));
    for (const change of changes) {
      if (change.from > date) break;
      const { from: _from, ...fields } = change;
      Object.assign(result, definedOnly(fields));
    }
    return result;
  }
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Spellings to try, most specific first: as written; without a provider prefix (`anthropic/…`, `anthropic:…`,
 * Bedrock `us.anthropic.…-v1:0`, Vertex `…@20251001`); without a trailing date or `-latest`.
 */
export function candidateIds(raw: string): string[] {
  const out: string[] = [];
  const push = (s: string): void => {
    if (s && !out.includes(s)) out.push(s);
  };
  let id = raw.trim().toLowerCase();
  push(id);
  id = id.replace(/^(?:openai|anthropic|bedrock|vertex|azure)[/:]/, '');
  id = id.replace(/^(?:[a-z]{2,6}\.)?anthropic\./, ''); // Bedrock: [us.|eu.|apac.|global.]anthropic.
  id = id.replace(/-v\d+(?::\d+)?$/, ''); // Bedrock version suffix
  id = id.replace(/@(\d{8})$/, '-$1'); // Vertex
  id = id.replace(/@.*$/, '');
  push(id);
  const undated = id.replace(/-\d{8}$/, '').replace(/-latest$/, '');
  push(undated);
  // OpenAI dated snapshots: gpt-4o-2024-08-06
  push(undated.replace(/-\d{4}-\d{2}-\d{2}$/, ''));
  return out;
}

/**
 * Cache prices that follow an input price the user set: Anthropic bills a 5-minute write at 1.25× input and a
 * 1-hour write at 2×; a read at the model's own read/input ratio (0.1× on most models; per-family multipliers may
 * replace this). OpenAI models keep their table ratios (no write surcharge). The ratios are today's (`date`).
 */
export function derivedCachePrices(model: ModelPrice, input: number, current: PriceSet): Pick<PriceSet, 'cacheWrite5m' | 'cacheWrite1h' | 'cacheRead'> {
  const ratio = (price: number, fallback: number): number => (current.input > 0 ? price / current.input : fallback);
  const anthropic = model.provider === 'anthropic';
  return {
    cacheWrite5m: round6(input * (anthropic ? 1.25 : ratio(current.cacheWrite5m, 1))),
    cacheWrite1h: round6(input * (anthropic ? 2 : ratio(current.cacheWrite1h, 1))),
    cacheRead: round6(input * ratio(current.cacheRead, 0.1)),
  };
}

/** A user price above MAX_PRICE_PER_MTOK (or not a number ≥ 0) is no price: capped, or dropped. */
function boundedPrices(fields: Partial<PriceSet>): Partial<PriceSet> {
  const out: Partial<PriceSet> = {};
  for (const [k, v] of Object.entries(fields) as [keyof PriceSet, number][]) {
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) out[k] = Math.min(v, MAX_PRICE_PER_MTOK);
    else if (v === Infinity) out[k] = MAX_PRICE_PER_MTOK;
  }
  return out;
}

/**
 * The built-in table with user overrides on top. An override of a known model (any alias) replaces the fields it
 * names; an input price given without cache prices moves them with it (derivedCachePrices), so a cached call never
 * costs more than an uncached one. An unknown id adds a model (tokenizer: claude-2026 for `claude-*` ids unless said,
 * else openai). Missing cache prices of an added model follow the standard multipliers.
 */
export function buildPriceBook(overrides: Record<string, PriceOverride> = {}, base: PriceTable = PRICE_TABLE): PriceBook {
  const baseBook = new PriceBook(base);
  const models: ModelPrice[] = base.models.map((m) => ({ ...m, prices: { ...m.prices }, effective: m.effective?.map((e) => ({ ...e })) }));
  const index = new Map(models.map((m) => [m.id, m]));
  const overridden = new Set<string>();
  for (const [rawId, override] of Object.entries(overrides)) {
    const known = baseBook.find(rawId);
    const { tokenizer, ...priceFields } = override;
    const fields = boundedPrices(definedOnly(priceFields));
    if (known) {
      const target = index.get(known.id)!;
      if (fields.input !== undefined) {
        const derived = derivedCachePrices(known, fields.input, baseBook.pricesOn(known, base.asOf));
        for (const k of ['cacheWrite5m', 'cacheWrite1h', 'cacheRead'] as const) if (fields[k] === undefined) fields[k] = derived[k];
      }
      Object.assign(target.prices, fields);
      // A user price is the price now: it wins over effective-dated changes of the same fields, and the
      // prompt-length band is scaled with the base input price so "5× over 100k" stays true.
      target.effective = target.effective?.map((e) => ({ ...e, ...fields }));
      if (target.band && known.band) {
        const band = known.band;
        const scaled = { ...band.prices };
        for (const key of Object.keys(fields) as (keyof PriceSet)[]) {
          scaled[key] = known.prices[key] > 0 ? (band.prices[key] / known.prices[key]) * target.prices[key] : target.prices[key];
        }
        target.band = { overPromptTokens: band.overPromptTokens, prices: scaled };
      }
      if (tokenizer) target.tokenizer = tokenizer;
      target.notes = [...(target.notes ?? []), 'Prices overridden by the user.'];
      overridden.add(target.id);
    } else {
      const input = fields.input ?? 0;
      const output = fields.output ?? 0;
      const id = rawId.trim();
      const isClaude = /claude/i.test(id);
      const added: ModelPrice = {
        id,
        aliases: [],
        provider: isClaude ? 'anthropic' : 'openai',
        family: isClaude ? (/haiku/i.test(id) ? 'haiku' : /opus/i.test(id) ? 'opus' : 'sonnet') : 'openai',
        tokenizer: tokenizer ?? (isClaude ? 'claude-2026' : 'openai'),
        status: 'current',
        retires: null,
        prices: {
          input,
          output,
          cacheWrite5m: fields.cacheWrite5m ?? round6(input * 1.25),
          cacheWrite1h: fields.cacheWrite1h ?? round6(input * 2),
          cacheRead: fields.cacheRead ?? round6(input / 10),
        },
        minCacheableTokens: 1024,
        source: 'user override',
        checkedOn: base.asOf,
        notes: ['Added by the user.'],
      };
      models.push(added);
      index.set(id, added);
      overridden.add(id);
    }
  }
  return new PriceBook({ asOf: base.asOf, models }, overridden);
}
