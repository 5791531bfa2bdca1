// A provider's usage export, per model, API key and day: Anthropic's Usage and Cost API (the messages usage report,
// JSON: `{ "data": [ { "starting_at", "ending_at", "results": [ { "model", "api_key_id", "uncached_input_tokens",
// "cache_read_input_tokens", "cache_creation": { "ephemeral_5m_input_tokens", "ephemeral_1h_input_tokens" },
// "output_tokens", "service_tier" } ] } ] }`; the cost report, whose results carry `amount` in cents), or a CSV with
// one row per model and day (the Console's export, or any table with the column names listed in COLUMNS). Read as a
// stream; what is kept is one total per model.
import { parse as parseCsv } from 'csv-parse';
import type { ModelPrice, PriceBook } from '../../cost/prices';
import { ImportError, streamJson } from './stream';

export interface ModelTotals {
  model: string;
  rows: number;
  uncached: number;
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  output: number;
  /** Rows of the batch service tier (priced at 50%). */
  batchShare: number;
  /** Amounts the export gives in USD (a cost report), summed; null when it gives tokens only. */
  costUsd: number | null;
  apiKeys: Set<string>;
}

export interface ProviderExport {
  kind: 'usage-json' | 'usage-csv';
  source: string;
  from: string;
  to: string;
  days: number;
  rows: number;
  models: ModelTotals[];
}

/** Accepted CSV column names (lower case, spaces and dashes as _), first match wins. */
export const COLUMNS = {
  day: ['date', 'day', 'usage_date_utc', 'usage_date', 'starting_at', 'bucket_start', 'start_time'],
  model: ['model', 'model_version', 'model_name', 'model_id'],
  apiKey: ['api_key_id', 'api_key', 'api_key_name', 'key', 'key_name'],
  uncached: ['uncached_input_tokens', 'input_tokens_no_cache', 'usage_input_tokens_no_cache', 'input_no_cache', 'input_tokens'],
  cacheRead: ['cache_read_input_tokens', 'cache_read_tokens', 'usage_input_tokens_cache_read', 'input_cache_read'],
  cacheWrite5m: ['cache_creation_5m_input_tokens', 'ephemeral_5m_input_tokens', 'cache_write_5m_tokens', 'usage_input_tokens_cache_write_5m', 'cache_creation_input_tokens', 'input_cache_write_5m'],
  cacheWrite1h: ['cache_creation_1h_input_tokens', 'ephemeral_1h_input_tokens', 'cache_write_1h_tokens', 'usage_input_tokens_cache_write_1h', 'input_cache_write_1h'],
  output: ['output_tokens', 'usage_output_tokens', 'output'],
  costUsd: ['cost_usd', 'amount_usd', 'cost', 'total_cost_usd'],
  tier: ['service_tier', 'tier'],
} as const;

class Totals {
  readonly byModel = new Map<string, ModelTotals>();
  rows = 0;
  minDay = '';
  maxDay = '';

  add(line: number, r: { day: string; model: string; apiKey: string | null; uncached: number; cacheRead: number; cacheWrite5m: number; cacheWrite1h: number; output: number; batch: boolean; costUsd: number | null }): void {
    const day = /^\d{4}-\d{2}-\d{2}/.exec(r.day)?.[0];
    if (!day) throw new ImportError(`"${r.day}" is not a date (YYYY-MM-DD…)`, line);
    this.rows++;
    if (!this.minDay || day < this.minDay) this.minDay = day;
    if (!this.maxDay || day > this.maxDay) this.maxDay = day;
    let m = this.byModel.get(r.model);
    if (!m) {
      if (this.byModel.size >= 5000) throw new ImportError('more than 5,000 distinct models: this is not a usage export', line);
      this.byModel.set(r.model, (m = { model: r.model, rows: 0, uncached: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: 0, batchShare: 0, costUsd: null, apiKeys: new Set() }));
    }
    m.rows++;
    m.uncached += r.uncached;
    m.cacheRead += r.cacheRead;
    m.cacheWrite5m += r.cacheWrite5m;
    m.cacheWrite1h += r.cacheWrite1h;
    m.output += r.output;
    if (r.batch) m.batchShare++;
    if (r.costUsd !== null) m.costUsd = (m.costUsd ?? 0) + r.costUsd;
    if (r.apiKey && m.apiKeys.size < 1000) m.apiKeys.add(r.apiKey);
  }

  result(kind: ProviderExport['kind'], source: string): ProviderExport {
    if (!this.rows) throw new ImportError('no usage rows in the export', 1);
    const days = Math.round((Date.parse(this.maxDay) - Date.parse(this.minDay)) / 86_400_000) + 1;
    return { kind, source, from: this.minDay, to: this.maxDay, days, rows: this.rows, models: [...this.byModel.values()].sort((a, b) => a.model.localeCompare(b.model)) };
  }
}

function num(v: unknown, what: string, line: number): number {
  if (v === undefined || v === null || v === '') return 0;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isFinite(n) || n < 0) throw new ImportError(`${what} is ${JSON.stringify(v)}, not a number ≥ 0`, line);
  return n;
}

export async function readUsageJson(source: AsyncIterable<Uint8Array | string>, sourceName: string): Promise<ProviderExport> {
  const totals = new Totals();
  await streamJson(source, {
    paths: ['$.data.*', '$.*.data.*'],
    onValue(value, line) {
      if (!value || typeof value !== 'object') throw new ImportError('a "data" entry is not an object', line);
      const bucket = value as { starting_at?: unknown; results?: unknown };
      if (typeof bucket.starting_at !== 'string') throw new ImportError('a "data" entry has no "starting_at" date', line);
      if (!Array.isArray(bucket.results)) throw new ImportError('a "data" entry has no "results" list', line);
      for (const r of bucket.results as Array<Record<string, unknown>>) {
        if (!r || typeof r !== 'object') throw new ImportError('a result is not an object', line);
        const model = typeof r.model === 'string' && r.model ? r.model : null;
        // Cost report rows: amount in the lowest currency unit (cents) as a decimal string.
        if ('amount' in r) {
          if (r.cost_type !== undefined && r.cost_type !== null && r.cost_type !== 'tokens') continue;
          if (r.currency !== undefined && r.currency !== 'USD') throw new ImportError(`currency ${JSON.stringify(r.currency)}: only USD is read`, line);
          totals.add(line, { day: bucket.starting_at, model: model ?? '(no model)', apiKey: null, uncached: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: 0, batch: r.service_tier === 'batch', costUsd: num(r.amount, 'amount', line) / 100 });
          continue;
        }
        const creation = (r.cache_creation ?? {}) as Record<string, unknown>;
        totals.add(line, {
          day: bucket.starting_at,
          model: model ?? '(no model)',
          apiKey: typeof r.api_key_id === 'string' ? r.api_key_id : null,
          uncached: num(r.uncached_input_tokens, 'uncached_input_tokens', line),
          cacheRead: num(r.cache_read_input_tokens, 'cache_read_input_tokens', line),
          cacheWrite5m: num(creation.ephemeral_5m_input_tokens ?? r.cache_creation_5m_input_tokens, 'cache_creation.ephemeral_5m_input_tokens', line),
          cacheWrite1h: num(creation.ephemeral_1h_input_tokens ?? r.cache_creation_1h_input_tokens, 'cache_creation.ephemeral_1h_input_tokens', line),
          output: num(r.output_tokens, 'output_tokens', line),
          batch: r.service_tier === 'batch',
          costUsd: null,
        });
      }
    },
  });
  return totals.result('usage-json', sourceName);
}

export async function readUsageCsv(source: AsyncIterable<Uint8Array | string>, sourceName: string): Promise<ProviderExport> {
  const totals = new Totals();
  const parser = parseCsv({ bom: true, skip_empty_lines: true, relax_column_count: false, trim: true, info: true });
  let header: Record<keyof typeof COLUMNS, number> | null = null;
  const feed = (async () => {
    for await (const chunk of source) if (!parser.write(chunk)) await new Promise((r) => parser.once('drain', r));
    parser.end();
  })();
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const record = item.record;
      const line = item.info.lines;
      if (!header) {
        header = headerOf(record);
        continue;
      }
      const cell = (k: keyof typeof COLUMNS): string | undefined => (header![k] >= 0 ? record[header![k]] : undefined);
      const hasCost = header.costUsd >= 0;
      const total = num(cell('uncached'), 'input tokens', line);
      const read = num(cell('cacheRead'), 'cache read tokens', line);
      const w5 = num(cell('cacheWrite5m'), 'cache write tokens', line);
      const w1 = num(cell('cacheWrite1h'), 'cache write (1h) tokens', line);
      totals.add(line, {
        day: cell('day') ?? '',
        model: cell('model') || '(no model)',
        apiKey: cell('apiKey') ?? null,
        uncached: total,
        cacheRead: read,
        cacheWrite5m: w5,
        cacheWrite1h: w1,
        output: num(cell('output'), 'output tokens', line),
        batch: /batch/i.test(cell('tier') ?? ''),
        costUsd: hasCost ? num((cell('costUsd') ?? '').replace(/^\$/, ''), 'cost', line) : null,
      });
    }
  } catch (e) {
    if (e instanceof ImportError) throw e;
    const err = e as { message?: string; lines?: number };
    throw new ImportError(`invalid CSV: ${err.message ?? String(e)}`, err.lines ?? parser.info.lines);
  } finally {
    await feed.catch(() => undefined);
  }
  return totals.result('usage-csv', sourceName);
}

function headerOf(record: string[]): Record<keyof typeof COLUMNS, number> {
  const names = record.map((c) => c.toLowerCase().trim().replace(/[\s-]+/g, '_'));
  const out = {} as Record<keyof typeof COLUMNS, number>;
  for (const [k, candidates] of Object.entries(COLUMNS) as Array<[keyof typeof COLUMNS, readonly string[]]>) {
    out[k] = -1;
    for (const c of candidates) {
      const i = names.indexOf(c);
      if (i >= 0) {
        out[k] = i;
        break;
      }
    }
  }
  if (out.day < 0) throw new ImportError(`no date column (one of ${COLUMNS.day.join(', ')}) in the header: ${record.join(', ')}`, 1);
  if (out.model < 0) throw new ImportError(`no model column (one of ${COLUMNS.model.join(', ')}) in the header`, 1);
  if (out.uncached < 0 && out.output < 0 && out.costUsd < 0) throw new ImportError(`no token or cost columns (for example ${COLUMNS.uncached[0]}, ${COLUMNS.output[0]}, ${COLUMNS.costUsd[0]}) in the header`, 1);
  return out;
}

export interface ModelCheck {
  model: string;
  /** Our estimate per month for the call sites whose current model is this one, and how many they are. */
  estimated: number;
  sites: number;
  /** The export's cost per month (its amounts, or its tokens at our prices). */
  actual: number;
  /** Whether `actual` comes from amounts in the export or from tokens at our prices. */
  actualFrom: 'export amounts' | 'tokens at list prices' | 'no price';
}

export interface ExportCheck {
  models: ModelCheck[];
  totalActual: number;
  totalEstimated: number;
  /** Share of the export's bill that no call site explains: Σ max(0, actual − estimate) ÷ Σ actual. */
  unexplainedShare: number;
}

const DAYS_PER_MONTH = 30;

/** Compares the export with the estimate per model (`sitesByModel`: canonical model id → monthly estimates). */
export function checkExport(exp: ProviderExport, estimates: ReadonlyArray<{ model: string | null; monthly: number }>, book: PriceBook, date: string): ExportCheck {
  const canonical = (id: string): string => book.find(id)?.id ?? id.toLowerCase();
  const est = new Map<string, { monthly: number; sites: number }>();
  for (const e of estimates) {
    if (!e.model) continue;
    const k = canonical(e.model);
    const v = est.get(k) ?? { monthly: 0, sites: 0 };
    v.monthly += e.monthly;
    v.sites++;
    est.set(k, v);
  }
  const perMonth = DAYS_PER_MONTH / Math.max(1, exp.days);
  const actualByModel = new Map<string, { usd: number; from: ModelCheck['actualFrom'] }>();
  for (const m of exp.models) {
    const k = canonical(m.model);
    let usd: number;
    let from: ModelCheck['actualFrom'];
    if (m.costUsd !== null) {
      usd = m.costUsd;
      from = 'export amounts';
    } else {
      const model: ModelPrice | null = book.find(m.model);
      if (!model) {
        usd = 0;
        from = 'no price';
      } else {
        const p = book.pricesOn(model, date);
        const full = (m.uncached * p.input + m.cacheRead * p.cacheRead + m.cacheWrite5m * p.cacheWrite5m + m.cacheWrite1h * p.cacheWrite1h + m.output * p.output) / 1e6;
        // Batch rows are half price; rows carry no per-row split of tokens here, so the share of rows stands in for it.
        usd = full * (1 - (0.5 * m.batchShare) / Math.max(1, m.rows));
        from = 'tokens at list prices';
      }
    }
    const prev = actualByModel.get(k);
    actualByModel.set(k, { usd: (prev?.usd ?? 0) + usd, from: prev && prev.from !== from ? 'export amounts' : from });
  }
  const keys = new Set([...actualByModel.keys(), ...est.keys()]);
  const models: ModelCheck[] = [...keys]
    .map((k) => ({
      model: k,
      estimated: est.get(k)?.monthly ?? 0,
      sites: est.get(k)?.sites ?? 0,
      actual: (actualByModel.get(k)?.usd ?? 0) * perMonth,
      actualFrom: actualByModel.get(k)?.from ?? ('tokens at list prices' as const),
    }))
    .sort((a, b) => b.actual - a.actual);
  const totalActual = models.reduce((n, m) => n + m.actual, 0);
  const totalEstimated = models.reduce((n, m) => n + m.estimated, 0);
  const unexplained = models.reduce((n, m) => n + Math.max(0, m.actual - m.estimated), 0);
  return { models, totalActual, totalEstimated, unexplainedShare: totalActual > 0 ? unexplained / totalActual : 0 };
}
