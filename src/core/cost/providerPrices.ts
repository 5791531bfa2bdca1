// The price of a call's current model, for every provider the scanner finds. Pure: the clock comes in as a date.
//
// Order: a local model (ollama, lmstudio, vllm) costs nothing; our table (Claude tiers, statuses and retirement dates,
// the OpenAI rows) wins wherever it knows the model; every other model is priced from @pydantic/genai-prices, a price
// database that is bundled (no network) and matched by provider and model id; a model neither knows has no price, and
// the reason says so. docs/pricing.md ("Other providers") has the evaluation behind the choice of database.
import type * as GenaiPrices from '@pydantic/genai-prices';
import type { ModelPrice, PriceBook, PriceSet, PromptBand } from './prices';
import { providerOfModel } from '../scan/provider';
import { LOCAL_PROVIDERS } from '../scan/catalogue';

/** Providers whose models run on the user's own hardware (the provider catalogue's list): no per-token price. */
export { LOCAL_PROVIDERS };

/** Our provider names (providerOf) → the price database's provider ids. */
const DATABASE_PROVIDER: Record<string, string> = {
  openai: 'openai',
  anthropic: 'anthropic',
  google: 'google',
  vertex: 'google',
  gemini: 'google',
  mistral: 'mistral',
  cohere: 'cohere',
  groq: 'groq',
  bedrock: 'aws',
  deepseek: 'deepseek',
  xai: 'x-ai',
  openrouter: 'openrouter',
  together: 'together',
  fireworks: 'fireworks',
  'azure-openai': 'azure',
  perplexity: 'perplexity',
  cerebras: 'cerebras',
  moonshot: 'moonshotai',
};

/** LiteLLM-style `provider/model` prefixes that name the provider, not the model (`gemini/gemini-2.5-flash`). */
const ROUTING_PREFIX = /^(?:openai|anthropic|gemini|google|vertex_ai|bedrock|mistral|cohere|groq|deepseek|xai|together_ai|fireworks_ai|azure)\//i;

/** Our provider names → the vendor prefix of OpenRouter's model ids. */
const OPENROUTER_VENDOR: Record<string, string> = { openai: 'openai', anthropic: 'anthropic', google: 'google', mistral: 'mistralai', cohere: 'cohere', deepseek: 'deepseek', xai: 'x-ai' };

/** The bundled database's version and the date it was published (its data is no newer than that). */
export const PRICE_DATABASE = { name: '@pydantic/genai-prices', version: '0.1.8', publishedOn: '2026-09-23', url: 'https://github.com/pydantic/genai-prices' } as const;

export type CurrentPriceOrigin = 'table' | 'price-database' | 'local' | 'none';

export interface CurrentPrice {
  model: ModelPrice | null;
  origin: CurrentPriceOrigin;
  /** Why there is no price, or where a price comes from when it is not our table. */
  note?: string;
}

let genai: typeof GenaiPrices | undefined;
function database(): typeof GenaiPrices {
  // Loaded on the first model our table does not know: ~0.5 MB of data that most scans never need.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  genai ??= require('@pydantic/genai-prices') as typeof GenaiPrices;
  return genai;
}

const cache = new Map<string, CurrentPrice>();

/** The price of `modelId` as called through `provider` (`providerOf(call)`), on `date` (ISO). */
export function currentPriceOf(modelId: string | null | undefined, provider: string, book: PriceBook, date: string): CurrentPrice {
  const p = provider.toLowerCase();
  if (LOCAL_PROVIDERS.has(p)) return { model: localModel(modelId ?? `${p} model`, p, date), origin: 'local', note: `local model (${p}): no per-token price` };
  if (!modelId) return { model: null, origin: 'none', note: 'model not resolved' };
  const ours = book.find(modelId);
  if (ours) return { model: ours, origin: 'table' };
  const key = `${p}\u0000${modelId}\u0000${date}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = fromDatabase(modelId, p, date);
    if (cache.size > 2000) cache.clear();
    cache.set(key, hit);
  }
  return hit;
}

function fromDatabase(modelId: string, provider: string, date: string): CurrentPrice {
  const providerId = DATABASE_PROVIDER[provider];
  const spellings = [modelId];
  const stripped = modelId.replace(ROUTING_PREFIX, '');
  if (stripped !== modelId && provider !== 'openrouter') spellings.push(stripped);
  // OpenRouter names a model with its vendor (`google/gemini-2.5-flash`); the scanner reports it without.
  const vendor = provider === 'openrouter' && !modelId.includes('/') ? OPENROUTER_VENDOR[providerOfModel(modelId) ?? ''] : undefined;
  if (vendor) spellings.push(`${vendor}/${modelId}`);
  for (const id of spellings) {
    let result: GenaiPrices.PriceCalculationResult = null;
    try {
      result = database().calcPrice({ input_tokens: 0, output_tokens: 0 }, id, {
        ...(providerId ? { providerId } : {}),
        timestamp: new Date(`${date}T12:00:00Z`),
      });
    } catch {
      result = null; // a data row the library cannot price (it throws on incomplete rows): treated as unknown
    }
    if (!result) continue;
    // A known provider answers for itself, or through the providers it declares it resells (Azure → OpenAI): never
    // price an unknown Groq model with OpenAI's list.
    if (providerId && result.provider.id !== providerId && !resells(providerId, result.provider.id)) continue;
    const row = toModelPrice(result, provider === 'unknown' ? result.provider.id : provider);
    if (!row) return { model: null, origin: 'none', note: `${PRICE_DATABASE.name} has no per-token text price for "${modelId}" on ${provider}` };
    return { model: row, origin: 'price-database', note: `priced from ${PRICE_DATABASE.name} ${PRICE_DATABASE.version} (${result.provider.name} · ${result.model.id})` };
  }
  const where = providerId ? ` on ${provider}` : provider === 'unknown' ? '' : ` (provider "${provider}" is not in the price database)`;
  return { model: null, origin: 'none', note: `no price for "${modelId}"${where}: neither the price table nor ${PRICE_DATABASE.name} knows it; add it under "prices"` };
}

function resells(providerId: string, other: string): boolean {
  return database().findProvider({ providerId })?.fallback_model_providers?.includes(other) ?? false;
}

type Tiered = { base: number; tiers: { start: number; price: number }[] };
type Raw = number | Tiered | undefined;

function base(v: Raw): number | undefined {
  return typeof v === 'number' ? v : v && typeof v === 'object' && typeof v.base === 'number' ? v.base : undefined;
}

function toModelPrice(result: NonNullable<GenaiPrices.PriceCalculationResult>, provider: string): ModelPrice | null {
  const mp = result.model_price as Record<string, Raw>;
  const input = base(mp.input_mtok);
  const output = base(mp.output_mtok);
  if (input === undefined || output === undefined) return null;
  const write = base(mp.cache_write_mtok);
  const prices: PriceSet = {
    input,
    output,
    // No cache price listed: the provider has no discount for cached prefixes, so cached tokens cost input.
    cacheWrite5m: write ?? input,
    cacheWrite1h: base(mp.cache_write_1h_mtok) ?? write ?? input,
    cacheRead: base(mp.cache_read_mtok) ?? input,
  };
  const band = bandOf(mp, prices);
  const providerInfo = result.provider;
  const notes = [`From ${PRICE_DATABASE.name} ${PRICE_DATABASE.version} (data as published on ${PRICE_DATABASE.publishedOn}): ${providerInfo.name} · ${result.model.name ?? result.model.id}.`];
  if (result.model.price_comments) notes.push(result.model.price_comments);
  if (result.model.deprecated) notes.push('The price database marks this model deprecated (no retirement date given).');
  return {
    id: result.model.id,
    aliases: [],
    provider,
    family: provider,
    tokenizer: 'openai',
    status: result.model.deprecated ? 'legacy' : 'current',
    retires: null,
    prices,
    ...(band ? { band } : {}),
    minCacheableTokens: 1024,
    source: providerInfo.pricing_urls?.[0] ?? PRICE_DATABASE.url,
    checkedOn: PRICE_DATABASE.publishedOn,
    notes,
    unverified: ['status and prices are the price database\'s, not checked against the provider by Tierwise'],
  };
}

/** The database's tiered prices (a whole request priced higher above an input size) as our prompt band. */
function bandOf(mp: Record<string, Raw>, prices: PriceSet): PromptBand | undefined {
  const fields: [keyof PriceSet, string][] = [
    ['input', 'input_mtok'],
    ['output', 'output_mtok'],
    ['cacheWrite5m', 'cache_write_mtok'],
    ['cacheWrite1h', 'cache_write_1h_mtok'],
    ['cacheRead', 'cache_read_mtok'],
  ];
  let start = Infinity;
  for (const [, key] of fields) {
    const v = mp[key];
    if (v && typeof v === 'object' && Array.isArray(v.tiers) && v.tiers.length) start = Math.min(start, v.tiers[0].start);
  }
  if (!Number.isFinite(start)) return undefined;
  const banded: PriceSet = { ...prices };
  for (const [ours, key] of fields) {
    const v = mp[key];
    const tier = v && typeof v === 'object' ? v.tiers.find((t) => t.start === start) : undefined;
    if (tier) banded[ours] = tier.price;
  }
  return { overPromptTokens: start, prices: banded };
}

function localModel(id: string, provider: string, date: string): ModelPrice {
  return {
    id,
    aliases: [],
    provider,
    family: provider,
    tokenizer: 'openai',
    status: 'current',
    retires: null,
    prices: { input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 },
    minCacheableTokens: 0,
    source: 'local model',
    checkedOn: date,
    notes: ['Runs on your own hardware: no per-token price (hardware and power are not counted).'],
  };
}
