// A price table kept outside a release: the team's price file (`tierwise.prices.file`, `--prices FILE`) or a downloaded
// price list. Same schema as the built-in table (schemas/prices.schema.json), validated with ajv; a file with a problem
// is reported with the place and the reason and ignored as a whole (half a price list prices nothing right).
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schema from '../../../schemas/prices.schema.json';
import { parseJsonWithPositions, type JsonPosition } from '../usage/json';
import { claudeFamilyOf, familyCacheReadMultiplier, PRICE_TABLE, type ModelPrice, type PriceSet, type PriceTable, type TokenizerGeneration } from './prices';
import { providerOfModel } from '../scan/provider';

export interface PriceFileProblem {
  message: string;
  /** 1-based. */
  line: number;
  column: number;
}

export interface LoadedPriceTable {
  /** The table when the file is valid, else null. */
  table: PriceTable | null;
  problems: PriceFileProblem[];
}

let validator: ValidateFunction | null = null;
function validate(): ValidateFunction {
  validator ??= new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
  return validator;
}

type RawModel = Partial<Omit<ModelPrice, 'prices'>> & { id: string; prices: Partial<PriceSet> & { input: number; output: number } };

/** Parses and validates a price table; `file` names it in messages. */
export function parsePriceTable(text: string, file: string): LoadedPriceTable {
  const parsed = parseJsonWithPositions(text);
  if (parsed.error) {
    const { line, column, message } = parsed.error;
    return { table: null, problems: [{ message: `${file}:${line}:${column}: invalid JSON: ${message}. The price file is ignored.`, line, column }] };
  }
  const check = validate();
  if (!check(parsed.value)) {
    const problems = dedupe(check.errors ?? []).map((e) => describe(e, file, parsed.keys, parsed.values));
    problems.sort((a, b) => a.line - b.line || a.column - b.column);
    if (problems.length) problems[problems.length - 1].message += ' The price file is ignored.';
    return { table: null, problems };
  }
  const raw = parsed.value as { asOf: string; models: RawModel[] };
  const problems: PriceFileProblem[] = [];
  const seen = new Map<string, number>();
  raw.models.forEach((m, i) => {
    for (const id of [m.id, ...(m.aliases ?? [])]) {
      const key = id.toLowerCase();
      if (seen.has(key)) {
        const pos = parsed.values.get(`/models/${i}/id`) ?? { line: 1, column: 1, offset: 0 };
        problems.push({ message: `${file}:${pos.line}:${pos.column}: models[${i}]: the id "${id}" is already used by models[${seen.get(key)}]. The price file is ignored.`, line: pos.line, column: pos.column });
      } else seen.set(key, i);
    }
  });
  if (problems.length) return { table: null, problems };
  return { table: completeTable(raw, file), problems: [] };
}

/** Fills what a row may leave out, the same way an added model is filled in (docs/pricing.md). */
function completeTable(raw: { asOf: string; models: RawModel[] }, file: string): PriceTable {
  const models: ModelPrice[] = [];
  const familyPool = [...PRICE_TABLE.models];
  for (const m of raw.models) {
    const isClaude = /claude/i.test(m.id);
    const provider = m.provider ?? (isClaude ? 'anthropic' : (providerOfModel(m.id) ?? 'openai'));
    const family = m.family ?? claudeFamilyOf(m.id) ?? provider;
    const input = m.prices.input;
    const read = familyCacheReadMultiplier(family, [...models, ...familyPool], raw.asOf);
    const familyModel = familyPool.find((x) => x.family === family && x.status === 'current');
    const tokenizer: TokenizerGeneration = m.tokenizer ?? (isClaude ? 'claude-2026' : 'openai');
    const row: ModelPrice = {
      ...m,
      id: m.id,
      aliases: m.aliases ?? [],
      provider,
      family,
      tokenizer,
      status: m.status ?? 'current',
      retires: m.retires ?? null,
      prices: {
        input,
        output: m.prices.output,
        cacheWrite5m: m.prices.cacheWrite5m ?? round6(input * 1.25),
        cacheWrite1h: m.prices.cacheWrite1h ?? round6(input * 2),
        cacheRead: m.prices.cacheRead ?? round6(input * read),
      },
      minCacheableTokens: m.minCacheableTokens ?? familyModel?.minCacheableTokens ?? 1024,
      source: m.source ?? file,
      checkedOn: m.checkedOn ?? raw.asOf,
    };
    models.push(row);
  }
  return { asOf: raw.asOf, models };
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

function dedupe(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  // `oneOf` reports each failing branch and then itself: keep the summary.
  const unions = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  return errors.filter((e) => {
    if (e.keyword !== 'oneOf' && unions.has(e.instancePath)) return false;
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `/models/3/prices/input` → `models[3].prices.input`. */
function readable(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

function describe(e: ErrorObject, file: string, keys: Map<string, JsonPosition>, values: Map<string, JsonPosition>): PriceFileProblem {
  const where = readable(e.instancePath) || 'the file';
  let pointer = e.instancePath;
  let message: string;
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      pointer = `${e.instancePath}/${String(params.additionalProperty)}`;
      message = `unknown property "${String(params.additionalProperty)}" in ${where}`;
      break;
    case 'required':
      message = `${where} needs "${String(params.missingProperty)}"`;
      break;
    case 'type':
      message = `${where} must be ${params.type === 'object' ? 'an object' : params.type === 'array' ? 'an array' : `a ${String(params.type)}`}`;
      break;
    case 'minimum':
      message = `${where} must be ≥ ${String(params.limit)}`;
      break;
    case 'enum':
      message = `${where} must be one of ${((params.allowedValues as unknown[]) ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
      break;
    case 'pattern':
      message = `${where} must be a date like 2026-12-05`;
      break;
    case 'oneOf':
      message = where.endsWith('retires') ? `${where} must be a date like 2026-12-05 or null` : `${where} must be a number ≥ 0 or null`;
      break;
    default:
      message = `${where} ${e.message ?? 'is invalid'}`;
  }
  const pos = keys.get(pointer) ?? values.get(pointer) ?? values.get(e.instancePath) ?? { line: 1, column: 1, offset: 0 };
  return { message: `${file}:${pos.line}:${pos.column}: ${message}.`, line: pos.line, column: pos.column };
}
