// The price table: data, not code. USD per million tokens.
import { MAX_PRICE_PER_MTOK } from '../usage/limits';
//
// Every Anthropic and OpenAI row was compared on 2026-12-05 with stored copies of the providers' pages (pricing, model
// overviews, deprecations, release notes, prompt caching, fast mode, data residency; OpenAI's deprecations page). Each
// row names the page its prices come from (`source`), the page its status and retirement date come from
// (`statusSource`), the date of that comparison (`checkedOn`), and in `unverified` every figure or claim that no
// official page confirmed (a third-party report, a derived figure, an assumption). docs/pricing.md is generated from
// this table by scripts/gen-pricing-docs.ts.

export type TokenizerGeneration = 'claude-legacy' | 'claude-2026' | 'openai';
export type ModelStatus = 'current' | 'legacy' | 'deprecated' | 'retired';
/**
 * The model's line within its provider: the "tier" a quick fix stays in. Claude: haiku, sonnet, opus, fable, mythos.
 * OpenAI: gpt, gpt-mini, gpt-nano, o (reasoning). Models priced from the price database: the provider's name.
 */
export type ModelFamily = string;

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

/**
 * Requests whose prompt (input + cache reads + cache writes) exceeds `overPromptTokens` bill every token at `prices`:
 * Haiku 5.5 above 100k, and the long-context price above 200k input tokens on the models that have one.
 */
export interface PromptBand {
  overPromptTokens: number;
  prices: PriceSet;
}

export interface ModelPrice {
  id: string;
  aliases: string[];
  /** Where requests go: `anthropic`, `openai`, or a provider the price database knows (`google`, `mistral`, …). */
  provider: string;
  family: ModelFamily;
  tokenizer: TokenizerGeneration;
  /** The status the source gives. What applies on a date is `statusOn(model, date)`: a passed retirement date retires it. */
  status: ModelStatus;
  /** ISO date the model is (or was) retired, when announced. */
  retires: string | null;
  /** Prices before any `effective` entry. */
  prices: PriceSet;
  effective?: EffectivePrices[];
  band?: PromptBand;
  /** Shortest prefix that can be cached (per model, from the prompt-caching docs); shorter prefixes are not cached at all. */
  minCacheableTokens: number;
  /**
   * `speed: "fast"`: every price × `multiplier`. `multiplier: null` when the model has fast mode but no source gives its
   * price (the cost is then unknown, never guessed). Absent: the model has no fast mode.
   */
  fastMode?: { multiplier: number | null; note?: string };
  /** `inference_geo: "us"`: every price × this. Absent: the model rejects `inference_geo` (a 400). */
  usOnlyMultiplier?: number;
  /** The replacement the provider's deprecations page names, when the row says; else the current model of the family. */
  replacement?: string;
  /** Page the prices come from. */
  source: string;
  /** Page the status and retirement date come from (default: `source`). */
  statusSource?: string;
  /** Date the row was last compared with its sources. */
  checkedOn: string;
  notes?: string[];
  /** What no official source confirmed (third-party reports, derived figures, assumptions). */
  unverified?: string[];
}

export interface PriceTable {
  /** Date of the table as a whole (the newest `checkedOn`). */
  asOf: string;
  models: ModelPrice[];
}

// Official pages (stored copies read on 2026-12-05).
const A_PRICING = 'https://platform.claude.com/docs/en/about-claude/pricing';
const A_DEPRECATIONS = 'https://platform.claude.com/docs/en/about-claude/model-deprecations';
const A_RELEASE_NOTES = 'https://platform.claude.com/docs/en/release-notes/overview';
const A_CACHING = 'https://platform.claude.com/docs/en/build-with-claude/prompt-caching';
const aModel = (slug: string): string => `https://platform.claude.com/docs/en/models/${slug}/overview`;
const O_PRICING = 'https://openai.com/api/pricing/';
const O_DEPRECATIONS = 'https://developers.openai.com/api/docs/deprecations';
export const PRICE_SOURCES = {
  anthropicPricing: A_PRICING,
  anthropicDeprecations: A_DEPRECATIONS,
  anthropicReleaseNotes: A_RELEASE_NOTES,
  anthropicCaching: A_CACHING,
  anthropicFastMode: 'https://platform.claude.com/docs/en/build-with-claude/fast-mode',
  anthropicDataResidency: 'https://platform.claude.com/docs/en/manage-claude/data-residency',
  openaiPricing: O_PRICING,
  openaiDeprecations: O_DEPRECATIONS,
} as const;

const CHECKED = '2026-12-05';

/** US-only inference (`inference_geo: "us"`): 1.1× on Opus 4.6, Sonnet 4.6 and later; older models reject the parameter. */
export const US_ONLY_MULTIPLIER = 1.1;

/** Standard Anthropic multipliers: 5-minute write 1.25×, 1-hour write 2× input; `read` (× input) is the family's. */
function claude(input: number, output: number, read = 0.1): PriceSet {
  return { input, output, cacheWrite5m: round6(input * 1.25), cacheWrite1h: round6(input * 2), cacheRead: round6(input * read) };
}

/** OpenAI caches prefixes automatically: no write surcharge, reads at the "cached input" price. */
function openai(input: number, output: number, cachedInput: number): PriceSet {
  return { input, output, cacheWrite5m: input, cacheWrite1h: input, cacheRead: cachedInput };
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

type Row = Omit<ModelPrice, 'provider' | 'source' | 'checkedOn' | 'aliases'> & Partial<Pick<ModelPrice, 'source' | 'checkedOn' | 'aliases'>>;

function anthropicRow(row: Row): ModelPrice {
  return { provider: 'anthropic', aliases: [], source: A_PRICING, checkedOn: CHECKED, ...row };
}

function openaiRow(
  id: string,
  aliases: string[],
  family: string,
  prices: PriceSet,
  life: { status: ModelStatus; retires: string | null; replacement?: string; unverified?: string[]; notes?: string[] },
): ModelPrice {
  return {
    id,
    aliases,
    provider: 'openai',
    family,
    tokenizer: 'openai',
    status: life.status,
    retires: life.retires,
    prices,
    minCacheableTokens: 1024,
    ...(life.replacement ? { replacement: life.replacement } : {}),
    source: O_PRICING,
    statusSource: O_DEPRECATIONS,
    checkedOn: CHECKED,
    notes: ['List price (standard tier) as published in 2025; the stored price database (@pydantic/genai-prices 0.1.8) lists the same input and output prices.', ...(life.notes ?? [])],
    unverified: life.unverified,
  };
}

const OPENAI_THIRD_PARTY_DATE = (date: string): string =>
  `shutdown date ${date} from reports quoting OpenAI's deprecations page; the stored copy of the page does not show this row`;

export const PRICE_TABLE: PriceTable = {
  asOf: CHECKED,
  models: [
    // ---- Anthropic: current lineup (December 2026) ----
    anthropicRow({
      id: 'claude-haiku-5-5',
      family: 'haiku',
      tokenizer: 'claude-2026',
      status: 'current',
      retires: null,
      prices: { input: 0.1, output: 0.5, cacheWrite5m: 0.125, cacheWrite1h: 0.2, cacheRead: 0.01 },
      band: { overPromptTokens: 100_000, prices: { input: 0.5, output: 2.5, cacheWrite5m: 0.625, cacheWrite1h: 1.0, cacheRead: 0.05 } },
      minCacheableTokens: 2048,
      usOnlyMultiplier: US_ONLY_MULTIPLIER,
      source: aModel('haiku-5-5'),
      notes: ['Current since 2026-10-07. Prompts over 100k tokens (input + cache reads + cache writes) bill the whole request at 5×.'],
      unverified: ['minimum cacheable length 2,048 assumed from earlier Haiku models: no stored page gives Haiku 5.5\'s'],
    }),
    anthropicRow({
      id: 'claude-sonnet-5-5',
      family: 'sonnet',
      tokenizer: 'claude-2026',
      status: 'current',
      retires: null,
      prices: { input: 2, output: 10, cacheWrite5m: 2.5, cacheWrite1h: 4, cacheRead: 0.2 },
      effective: [{ from: '2026-10-07', cacheRead: 0.1 }],
      minCacheableTokens: 1024,
      usOnlyMultiplier: US_ONLY_MULTIPLIER,
      source: aModel('sonnet-5-5'),
      notes: ['Cache reads cost 0.20 (0.1× input) before 2026-10-07 and 0.10 (0.05×) from then on.'],
      unverified: [
        'cache prices (2.50 / 4 writes, 0.10 read from 2026-10-07) from third-party reports of the pricing page; the stored official pages show only $2 / $10',
        'minimum cacheable length 1,024 assumed from Sonnet 5',
      ],
    }),
    anthropicRow({
      id: 'claude-opus-5-5',
      family: 'opus',
      tokenizer: 'claude-2026',
      status: 'current',
      retires: null,
      prices: { input: 4, output: 20, cacheWrite5m: 5, cacheWrite1h: 8, cacheRead: 0.2 },
      minCacheableTokens: 512,
      fastMode: { multiplier: null, note: 'fast mode is available on Opus 5.5; no stored page gives its price' },
      usOnlyMultiplier: US_ONLY_MULTIPLIER,
      source: aModel('opus-5-5'),
      notes: ['Cache reads at 0.05× input.'],
      unverified: ['minimum cacheable length 512 assumed from Opus 5'],
    }),
    anthropicRow({
      id: 'claude-fable-5-2',
      family: 'fable',
      tokenizer: 'claude-2026',
      status: 'current',
      retires: null,
      prices: { input: 8, output: 40, cacheWrite5m: 10, cacheWrite1h: 16, cacheRead: 0.2 },
      minCacheableTokens: 512,
      fastMode: { multiplier: null, note: 'fast mode is available on Fable 5.2; no stored page gives its price' },
      usOnlyMultiplier: US_ONLY_MULTIPLIER,
      source: 'https://platform.claude.com/docs/en/models/fable-5-2/migration-guide',
      notes: ['Current Fable since 2026-11-09 (the model id is in Anthropic\'s Fable 5.2 migration guide). Cache reads at 0.025× input.'],
      unverified: [
        'prices ($8 / $40, writes 10 / 16, read 0.20) from the issue and third-party reports of the list price; no stored official page shows them',
        'minimum cacheable length 512 assumed from Fable 5',
      ],
    }),
    anthropicRow({
      id: 'claude-mythos-5-2',
      family: 'mythos',
      tokenizer: 'claude-2026',
      status: 'current',
      retires: null,
      prices: { input: 8, output: 40, cacheWrite5m: 10, cacheWrite1h: 16, cacheRead: 0.2 },
      minCacheableTokens: 512,
      fastMode: { multiplier: null, note: 'fast mode is available on Mythos 5.2; no stored page gives its price' },
      usOnlyMultiplier: US_ONLY_MULTIPLIER,
      source: 'https://platform.claude.com/docs/en/models/fable-5-2/migration-guide',
      notes: ['Limited availability; shares Fable 5.2\'s specifications and prices.'],
      unverified: ['prices from third-party reports (same as Fable 5.2); no stored official page shows them'],
    }),
    // ---- Anthropic: legacy models ----
    anthropicRow({
      id: 'claude-fable-5-1',
      family: 'fable',
      tokenizer: 'claude-2026',
      status: 'legacy',
      retires: null,
      prices: { input: 10, output: 50, cacheWrite5m: 12.5, cacheWrite1h: 20, cacheRead: 0.25 },
      minCacheableTokens: 512,
      usOnlyMultiplier: US_ONLY_MULTIPLIER,
      statusSource: 'https://platform.claude.com/docs/en/models/fable-5-2/migration-guide',
      notes: ['No longer the current Fable since Fable 5.2 (2026-11-09). Cache reads at 0.025× input.'],
      unverified: ['status "legacy" inferred from Fable 5.2\'s release; no stored page names Fable 5.1\'s status', 'minimum cacheable length 512 assumed from Fable 5'],
    }),
    anthropicRow({
      id: 'claude-mythos-5-1',
      family: 'mythos',
      tokenizer: 'claude-2026',
      status: 'legacy',
      retires: null,
      prices: { input: 10, output: 50, cacheWrite5m: 12.5, cacheWrite1h: 20, cacheRead: 0.25 },
      minCacheableTokens: 512,
      usOnlyMultiplier: US_ONLY_MULTIPLIER,
      notes: ['Limited availability.'],
      unverified: ['status "legacy" inferred from Mythos 5.2\'s release', 'minimum cacheable length 512 assumed from Mythos 5'],
    }),
    anthropicRow({
      id: 'claude-fable-5',
      family: 'fable',
      tokenizer: 'claude-2026',
      status: 'legacy',
      retires: null,
      prices: claude(10, 50),
      minCacheableTokens: 512,
      usOnlyMultiplier: US_ONLY_MULTIPLIER,
      statusSource: aModel('fable-5'),
    }),
    anthropicRow({
      id: 'claude-mythos-5',
      family: 'mythos',
      tokenizer: 'claude-2026',
      status: 'legacy',
      retires: null,
      prices: claude(10, 50),
      minCacheableTokens: 512,
      usOnlyMultiplier: US_ONLY_MULTIPLIER,
      statusSource: aModel('fable-5'),
      notes: ['Limited availability; shares Fable 5\'s specifications and prices.'],
      unverified: ['status "legacy" inferred from Fable 5\'s'],
    }),
    anthropicRow({
      id: 'claude-opus-5',
      family: 'opus',
      tokenizer: 'claude-2026',
      status: 'legacy',
      retires: null,
      prices: claude(5, 25),
      minCacheableTokens: 512,
      fastMode: { multiplier: 2, note: 'research preview: $10 / $50' },
      usOnlyMultiplier: US_ONLY_MULTIPLIER,
      source: 'https://platform.claude.com/docs/en/models/opus-5/whats-new-opus-5',
      statusSource: 'https://platform.claude.com/docs/about-claude/models/whats-new-opus-5',
    }),
    anthropicRow({
      id: 'claude-opus-4-8',
      family: 'opus',
      tokenizer: 'claude-2026',
      status: 'legacy',
      retires: null,
      prices: claude(5, 25),
      minCacheableTokens: 1024,
      usOnlyMultiplier: US_ONLY_MULTIPLIER,
      statusSource: aModel('opus-4-8'),
      notes: ['Fast mode on Opus 4.8 was removed on 2026-11-30 (requests with it fail).'],
    }),
    anthropicRow({
      id: 'claude-opus-4-7',
      family: 'opus',
      tokenizer: 'claude-2026',
      status: 'legacy',
      retires: null,
      prices: claude(5, 25),
      minCacheableTokens: 2048,
      usOnlyMultiplier: US_ONLY_MULTIPLIER,
      notes: ['The first model on the newer tokenizer.'],
      unverified: ['minimum cacheable length 2,048 from a third-party summary of the prompt-caching page'],
    }),
    anthropicRow({
      id: 'claude-opus-4-6',
      family: 'opus',
      tokenizer: 'claude-legacy',
      status: 'legacy',
      retires: null,
      prices: claude(5, 25),
      minCacheableTokens: 4096,
      usOnlyMultiplier: US_ONLY_MULTIPLIER,
      source: A_CACHING,
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
      statusSource: aModel('opus-4-5'),
      notes: ['The official overview page (the copy naming Opus 5.5 as the current Opus) still says "Legacy".'],
      unverified: ['a deprecation on 2026-11-23 with retirement on 2027-01-22 is reported by a third party only; not applied'],
    }),
    anthropicRow({
      id: 'claude-sonnet-5',
      family: 'sonnet',
      tokenizer: 'claude-2026',
      status: 'legacy',
      retires: null,
      prices: { input: 2, output: 10, cacheWrite5m: 2.5, cacheWrite1h: 4, cacheRead: 0.2 },
      minCacheableTokens: 1024,
      usOnlyMultiplier: US_ONLY_MULTIPLIER,
      unverified: ['cache prices from third-party reports; the stored official pages show $2 / $10', 'minimum cacheable length 1,024 from a third-party summary of the prompt-caching page'],
    }),
    anthropicRow({
      id: 'claude-sonnet-4-6',
      family: 'sonnet',
      tokenizer: 'claude-legacy',
      status: 'legacy',
      retires: null,
      prices: claude(3, 15),
      minCacheableTokens: 1024,
      usOnlyMultiplier: US_ONLY_MULTIPLIER,
      statusSource: aModel('sonnet-4-6'),
      notes: ['1M context at the standard price (no long-context surcharge).'],
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
      statusSource: aModel('haiku-4-5'),
    }),
    // ---- Anthropic: deprecated and retired models still found in code ----
    anthropicRow({
      id: 'claude-sonnet-4-5',
      aliases: ['claude-sonnet-4-5-20250929'],
      family: 'sonnet',
      tokenizer: 'claude-legacy',
      status: 'deprecated',
      retires: '2026-11-30',
      prices: claude(3, 15),
      band: { overPromptTokens: 200_000, prices: { input: 6, output: 22.5, cacheWrite5m: 7.5, cacheWrite1h: 12, cacheRead: 0.6 } },
      minCacheableTokens: 1024,
      statusSource: aModel('sonnet-4-5'),
      notes: ['Its retirement date (2026-11-30) has passed: requests fail. Long-context price over 200k input tokens (the 1M beta).'],
    }),
    anthropicRow({
      id: 'claude-opus-4-1',
      aliases: ['claude-opus-4-1-20250805'],
      family: 'opus',
      tokenizer: 'claude-legacy',
      status: 'retired',
      retires: '2026-08-05',
      prices: claude(15, 75),
      minCacheableTokens: 1024,
      notes: ['The pricing page lists it as "retired, except on Bedrock and Google Cloud".'],
      unverified: ['retirement date 2026-08-05 from third-party reports; the pricing page confirms the retirement, not the date'],
    }),
    anthropicRow({
      id: 'claude-opus-4',
      aliases: ['claude-opus-4-0', 'claude-opus-4-20250514'],
      family: 'opus',
      tokenizer: 'claude-legacy',
      status: 'retired',
      retires: '2026-06-15',
      prices: claude(15, 75),
      minCacheableTokens: 1024,
      statusSource: A_RELEASE_NOTES,
      notes: ['Retired on 2026-06-15 with Sonnet 4 (release notes); the pricing page lists it as "retired, except on Google Cloud".'],
    }),
    anthropicRow({
      id: 'claude-sonnet-4',
      aliases: ['claude-sonnet-4-0', 'claude-sonnet-4-20250514'],
      family: 'sonnet',
      tokenizer: 'claude-legacy',
      status: 'retired',
      retires: '2026-06-15',
      prices: claude(3, 15),
      band: { overPromptTokens: 200_000, prices: { input: 6, output: 22.5, cacheWrite5m: 7.5, cacheWrite1h: 12, cacheRead: 0.6 } },
      minCacheableTokens: 1024,
      statusSource: A_RELEASE_NOTES,
      notes: ['Retired on 2026-06-15 (release notes). Long-context price over 200k input tokens (the 1M beta).'],
    }),
    anthropicRow({
      id: 'claude-3-7-sonnet',
      aliases: ['claude-3-7-sonnet-20250219', 'claude-3-7-sonnet-latest'],
      family: 'sonnet',
      tokenizer: 'claude-legacy',
      status: 'retired',
      retires: '2026-02-19',
      prices: claude(3, 15),
      minCacheableTokens: 1024,
      statusSource: A_RELEASE_NOTES,
      notes: ['Deprecation announced 2025-10-28 (release notes) with retirement on 2026-02-19.'],
    }),
    anthropicRow({
      id: 'claude-3-5-haiku',
      aliases: ['claude-3-5-haiku-20241022', 'claude-3-5-haiku-latest'],
      family: 'haiku',
      tokenizer: 'claude-legacy',
      status: 'retired',
      retires: '2026-02-19',
      prices: { input: 0.8, output: 4, cacheWrite5m: 1, cacheWrite1h: 1.6, cacheRead: 0.08 },
      minCacheableTokens: 2048,
      statusSource: A_DEPRECATIONS,
      notes: ['The routing guide\'s Haiku price ($0.80 / $4).'],
      unverified: ['retirement date 2026-02-19 from third-party reports (the stored deprecations page copy does not show the row)'],
    }),
    anthropicRow({
      id: 'claude-3-5-sonnet',
      aliases: ['claude-3-5-sonnet-20241022', 'claude-3-5-sonnet-20240620', 'claude-3-5-sonnet-latest'],
      family: 'sonnet',
      tokenizer: 'claude-legacy',
      status: 'retired',
      retires: '2025-10-28',
      prices: claude(3, 15),
      minCacheableTokens: 1024,
      statusSource: A_RELEASE_NOTES,
      notes: ['Retired on 2025-10-28 ("We\'ve retired the Claude Sonnet 3.5 models", release notes); the table said 2025-10-22 before.'],
    }),
    anthropicRow({
      id: 'claude-3-haiku',
      aliases: ['claude-3-haiku-20240307'],
      family: 'haiku',
      tokenizer: 'claude-legacy',
      status: 'retired',
      retires: '2026-04-20',
      prices: { input: 0.25, output: 1.25, cacheWrite5m: 0.3, cacheWrite1h: 0.5, cacheRead: 0.03 },
      minCacheableTokens: 2048,
      statusSource: A_DEPRECATIONS,
      unverified: ['retirement on 2026-04-20 is the issue\'s claim; no stored page confirms it (Bedrock\'s own end of life was 2026-09-10)'],
    }),
    anthropicRow({
      id: 'claude-3-opus',
      aliases: ['claude-3-opus-20240229', 'claude-3-opus-latest'],
      family: 'opus',
      tokenizer: 'claude-legacy',
      status: 'deprecated',
      retires: '2026-01-05',
      prices: claude(15, 75),
      minCacheableTokens: 1024,
      statusSource: A_DEPRECATIONS,
      notes: ['Deprecated 2025-06-30, retirement 2026-01-05 (deprecations page).'],
    }),
    // ---- OpenAI: the "current" column only; statuses from OpenAI's deprecations page ----
    openaiRow('gpt-5', ['gpt-5-2025-08-07', 'gpt-5-chat-latest'], 'gpt', openai(1.25, 10, 0.125), { status: 'deprecated', retires: '2026-12-11', replacement: 'gpt-6.1-sol' }),
    openaiRow('gpt-5-mini', ['gpt-5-mini-2025-08-07'], 'gpt-mini', openai(0.25, 2, 0.025), { status: 'deprecated', retires: '2026-12-11', replacement: 'gpt-6.1-terra' }),
    openaiRow('gpt-5-nano', ['gpt-5-nano-2025-08-07'], 'gpt-nano', openai(0.05, 0.4, 0.005), {
      status: 'deprecated',
      retires: '2026-12-11',
      unverified: ['replacement: the stored page copy is cut before it; no quick fix is offered'],
    }),
    openaiRow('o3', ['o3-2025-04-16'], 'o', openai(2, 8, 0.5), { status: 'deprecated', retires: '2026-12-11', unverified: [OPENAI_THIRD_PARTY_DATE('2026-12-11')] }),
    openaiRow('gpt-4.1', ['gpt-4.1-2025-04-14'], 'gpt', openai(2, 8, 0.5), { status: 'deprecated', retires: '2027-01-14', unverified: [OPENAI_THIRD_PARTY_DATE('2027-01-14'), 'replacement: reports disagree (gpt-6-luna / gpt-6.1-sol); no quick fix is offered'] }),
    openaiRow('gpt-4.1-mini', ['gpt-4.1-mini-2025-04-14'], 'gpt-mini', openai(0.4, 1.6, 0.1), { status: 'deprecated', retires: '2027-01-14', unverified: [OPENAI_THIRD_PARTY_DATE('2027-01-14')] }),
    openaiRow('gpt-4o', ['gpt-4o-2024-08-06', 'gpt-4o-2024-11-20', 'chatgpt-4o-latest'], 'gpt', openai(2.5, 10, 1.25), { status: 'deprecated', retires: '2027-01-14', unverified: [OPENAI_THIRD_PARTY_DATE('2027-01-14'), 'replacement: reports disagree (gpt-6-luna / gpt-6.1-sol); no quick fix is offered'] }),
    openaiRow('gpt-4o-mini', ['gpt-4o-mini-2024-07-18'], 'gpt-mini', openai(0.15, 0.6, 0.075), { status: 'deprecated', retires: '2027-01-14', unverified: [OPENAI_THIRD_PARTY_DATE('2027-01-14')] }),
    openaiRow('gpt-4.1-nano', ['gpt-4.1-nano-2025-04-14'], 'gpt-nano', openai(0.1, 0.4, 0.025), { status: 'retired', retires: '2026-10-23', unverified: [OPENAI_THIRD_PARTY_DATE('2026-10-23')] }),
    openaiRow('o4-mini', ['o4-mini-2025-04-16'], 'o', openai(1.1, 4.4, 0.275), { status: 'retired', retires: '2026-10-23', unverified: [OPENAI_THIRD_PARTY_DATE('2026-10-23')] }),
    openaiRow('o3-mini', ['o3-mini-2025-01-31'], 'o', openai(1.1, 4.4, 0.55), { status: 'retired', retires: '2026-10-23', unverified: [OPENAI_THIRD_PARTY_DATE('2026-10-23')] }),
    openaiRow('o1', ['o1-2024-12-17'], 'o', openai(15, 60, 7.5), { status: 'retired', retires: '2026-10-23', unverified: [OPENAI_THIRD_PARTY_DATE('2026-10-23')] }),
    openaiRow('gpt-4-turbo', ['gpt-4-turbo-2024-04-09'], 'gpt', openai(10, 30, 10), { status: 'retired', retires: '2026-10-23', unverified: [OPENAI_THIRD_PARTY_DATE('2026-10-23')] }),
    openaiRow('gpt-3.5-turbo', ['gpt-3.5-turbo-0125'], 'gpt-mini', openai(0.5, 1.5, 0.5), { status: 'retired', retires: '2026-10-23', unverified: [OPENAI_THIRD_PARTY_DATE('2026-10-23')] }),
  ],
};

// ---------------------------------------------------------------------------------------------
// Status on a date

/** The status on `date` (ISO): a model whose retirement date has come is retired, whatever the source said before. */
export function statusOn(model: Pick<ModelPrice, 'status' | 'retires'>, date: string): ModelStatus {
  if (model.retires && model.retires <= date) return 'retired';
  return model.status;
}

/** Whole days from `from` to `to` (ISO dates); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Cache-read price as a multiple of input for a family: the ratio of the family's current model in the table (Sonnet
 * 5.5 and Opus 5.5 0.05×, Fable 5.2 0.025×), 0.1× when the family has no current model. A model a user adds without a
 * cache-read price takes this; `cacheReadMultiplier` in an override sets it.
 */
export function familyCacheReadMultiplier(family: string, models: readonly ModelPrice[], date = CHECKED): number {
  const current = models.find((m) => m.family === family && m.status === 'current' && m.prices.input > 0);
  if (!current) return 0.1;
  const prices = pricesOnDate(current, date);
  return round6(prices.cacheRead / prices.input);
}

function pricesOnDate(model: ModelPrice, date: string): PriceSet {
  const result: PriceSet = { ...model.prices };
  const changes = [...(model.effective ?? [])].sort((a, b) => (a.from < b.from ? -1 : 1));
  for (const change of changes) {
    if (change.from > date) break;
    const { from: _from, ...fields } = change;
    Object.assign(result, definedOnly(fields));
  }
  return result;
}

/** The family a Claude model id names (`claude-sonnet-6` → sonnet), or null. */
export function claudeFamilyOf(id: string): string | null {
  const m = /(haiku|sonnet|opus|fable|mythos)/i.exec(id);
  return m ? m[1].toLowerCase() : null;
}

// ---------------------------------------------------------------------------------------------
// Lookup

/** What a user may write to override or add a model (settings `tierwise.prices`, usage file `prices`). */
export interface PriceOverride extends Partial<PriceSet> {
  tokenizer?: TokenizerGeneration;
  /** Cache-read price as a multiple of input, used when `cacheRead` is not given (default: the family's, see familyCacheReadMultiplier). */
  cacheReadMultiplier?: number;
  /** For an added model: its family (default: from a Claude id, else the provider). */
  family?: string;
  /** For an added model: its provider (default: from the id). */
  provider?: string;
  minCacheableTokens?: number;
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
 * A team's price table on top of the built-in one (the file named by `tierwise.prices.file` / `--prices`, or a
 * downloaded price list): a row whose id (or an alias) names a built-in model replaces that row; other rows are added.
 * The result's date is the newer of the two.
 */
export function mergeTables(base: PriceTable, extra: PriceTable | null | undefined): PriceTable {
  if (!extra || !extra.models.length) return extra && extra.asOf > base.asOf ? { ...base, asOf: extra.asOf } : base;
  const baseBook = new PriceBook(base);
  const replaced = new Map<string, ModelPrice>();
  const added: ModelPrice[] = [];
  for (const row of extra.models) {
    const known = baseBook.find(row.id) ?? row.aliases.map((a) => baseBook.find(a)).find((m) => m) ?? null;
    if (known) replaced.set(known.id, row);
    else added.push(row);
  }
  return {
    asOf: extra.asOf > base.asOf ? extra.asOf : base.asOf,
    models: [...base.models.map((m) => replaced.get(m.id) ?? m), ...added],
  };
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
 * The table with user overrides on top. An override of a known model (any alias) replaces the fields it names; an input
 * price given without cache prices moves them with it (derivedCachePrices, or the read multiplier the user sets), so a
 * cached call never costs more than an uncached one. An unknown id adds a model (tokenizer: claude-2026 for `claude-*`
 * ids unless said, else openai). Missing cache prices of an added model follow the standard write multipliers (1.25× /
 * 2× input) and its family's read multiplier.
 */
export function buildPriceBook(overrides: Record<string, PriceOverride> = {}, base: PriceTable = PRICE_TABLE): PriceBook {
  const baseBook = new PriceBook(base);
  const models: ModelPrice[] = base.models.map((m) => ({ ...m, prices: { ...m.prices }, effective: m.effective?.map((e) => ({ ...e })) }));
  const index = new Map(models.map((m) => [m.id, m]));
  const overridden = new Set<string>();
  for (const [rawId, override] of Object.entries(overrides)) {
    if (!override || typeof override !== 'object') continue;
    const known = baseBook.find(rawId);
    const { tokenizer, cacheReadMultiplier, family: familyOverride, provider: providerOverride, minCacheableTokens, ...priceFields } = override;
    const fields = boundedPrices(definedOnly(priceFields));
    if (known) {
      const target = index.get(known.id)!;
      if (cacheReadMultiplier !== undefined && fields.cacheRead === undefined) {
        fields.cacheRead = round6((fields.input ?? target.prices.input) * cacheReadMultiplier);
      }
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
      if (minCacheableTokens !== undefined) target.minCacheableTokens = minCacheableTokens;
      target.notes = [...(target.notes ?? []), 'Prices overridden by the user.'];
      overridden.add(target.id);
    } else {
      const input = fields.input ?? 0;
      const output = fields.output ?? 0;
      const id = rawId.trim();
      const claudeFamily = claudeFamilyOf(id);
      const isClaude = /claude/i.test(id);
      const provider = providerOverride ?? (isClaude ? 'anthropic' : (providerFromId(id) ?? 'openai'));
      const family = familyOverride ?? claudeFamily ?? provider;
      const familyModel = models.find((m) => m.family === family && m.status === 'current');
      const read = cacheReadMultiplier ?? familyCacheReadMultiplier(family, models, base.asOf);
      const added: ModelPrice = {
        id,
        aliases: [],
        provider,
        family,
        tokenizer: tokenizer ?? (isClaude ? 'claude-2026' : 'openai'),
        status: 'current',
        retires: null,
        prices: {
          input,
          output,
          cacheWrite5m: fields.cacheWrite5m ?? round6(input * 1.25),
          cacheWrite1h: fields.cacheWrite1h ?? round6(input * 2),
          cacheRead: fields.cacheRead ?? round6(input * read),
        },
        minCacheableTokens: minCacheableTokens ?? familyModel?.minCacheableTokens ?? 1024,
        ...(familyModel?.usOnlyMultiplier ? { usOnlyMultiplier: familyModel.usOnlyMultiplier } : {}),
        source: 'user override',
        checkedOn: base.asOf,
        notes: [
          'Added by the user.',
          ...(fields.cacheRead === undefined ? [`Cache read at ${read}× input (${cacheReadMultiplier !== undefined ? 'set by the user' : `the ${family} family's`}).`] : []),
        ],
      };
      models.push(added);
      index.set(id, added);
      overridden.add(id);
    }
  }
  return new PriceBook({ asOf: base.asOf, models }, overridden);
}

/** The provider an unknown id's name points at (`gpt-…` → openai, `gemini-…` → google), for models a user adds. */
function providerFromId(id: string): string | null {
  const m = id.toLowerCase();
  if (/^(gpt-|o\d|chatgpt)/.test(m)) return 'openai';
  if (/^(gemini|gemma)/.test(m)) return 'google';
  if (/^(mistral|mixtral|codestral|ministral|pixtral)/.test(m)) return 'mistral';
  if (/^command/.test(m)) return 'cohere';
  if (/^deepseek/.test(m)) return 'deepseek';
  if (/^grok/.test(m)) return 'xai';
  return null;
}
