import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPriceBook, candidateIds, daysBetween, familyCacheReadMultiplier, PRICE_TABLE, PriceBook, statusOn } from '../../src/core/cost/prices';

const book = new PriceBook(PRICE_TABLE);

// The sources checked on 2026-12-05 (docs/pricing.md lists which page says what): id, status on that date, input,
// output, write 5m, write 1h, read (at the table's date).
const FACTS: [string, string, number, number, number, number, number][] = [
  ['claude-haiku-5-5', 'current', 0.1, 0.5, 0.125, 0.2, 0.01],
  ['claude-sonnet-5-5', 'current', 2, 10, 2.5, 4, 0.1],
  ['claude-opus-5-5', 'current', 4, 20, 5, 8, 0.2],
  ['claude-fable-5-2', 'current', 8, 40, 10, 16, 0.2],
  ['claude-mythos-5-2', 'current', 8, 40, 10, 16, 0.2],
  ['claude-fable-5-1', 'legacy', 10, 50, 12.5, 20, 0.25],
  ['claude-fable-5', 'legacy', 10, 50, 12.5, 20, 1],
  ['claude-opus-4-8', 'legacy', 5, 25, 6.25, 10, 0.5],
  ['claude-sonnet-5', 'legacy', 2, 10, 2.5, 4, 0.2],
  ['claude-sonnet-4-6', 'legacy', 3, 15, 3.75, 6, 0.3],
  ['claude-sonnet-4-5', 'retired', 3, 15, 3.75, 6, 0.3],
  ['claude-haiku-4-5', 'legacy', 1, 5, 1.25, 2, 0.1],
  ['claude-opus-4-5', 'legacy', 5, 25, 6.25, 10, 0.5],
  ['claude-opus-5', 'legacy', 5, 25, 6.25, 10, 0.5],
  ['claude-opus-4-1', 'retired', 15, 75, 18.75, 30, 1.5],
  ['claude-opus-4', 'retired', 15, 75, 18.75, 30, 1.5],
  ['claude-sonnet-4', 'retired', 3, 15, 3.75, 6, 0.3],
  ['claude-3-7-sonnet', 'retired', 3, 15, 3.75, 6, 0.3],
  ['claude-3-5-haiku', 'retired', 0.8, 4, 1, 1.6, 0.08],
  ['claude-3-haiku', 'retired', 0.25, 1.25, 0.3, 0.5, 0.03],
];

test('every checked model is there with its prices and its status on the table\'s date', () => {
  for (const [id, status, input, output, w5, w1, read] of FACTS) {
    const m = book.find(id);
    assert.ok(m, id);
    assert.equal(statusOn(m, PRICE_TABLE.asOf), status, id);
    assert.deepEqual(book.pricesOn(m, PRICE_TABLE.asOf), { input, output, cacheWrite5m: w5, cacheWrite1h: w1, cacheRead: read }, id);
  }
  assert.equal(PRICE_TABLE.asOf, '2026-12-05');
});

test('retirement dates as the sources give them (Sonnet 3.5 on 2025-10-28, not 10-22)', () => {
  const dates: [string, string][] = [
    ['claude-opus-4-1', '2026-08-05'],
    ['claude-opus-4', '2026-06-15'],
    ['claude-sonnet-4', '2026-06-15'],
    ['claude-3-haiku', '2026-04-20'],
    ['claude-3-7-sonnet', '2026-02-19'],
    ['claude-3-5-haiku', '2026-02-19'],
    ['claude-3-5-sonnet', '2025-10-28'],
    ['claude-sonnet-4-5', '2026-11-30'],
  ];
  for (const [id, date] of dates) assert.equal(book.find(id)?.retires, date, id);
  // Opus 4.5's deprecation is reported by a third party only: not applied, and the row says so.
  const opus45 = book.find('claude-opus-4-5')!;
  assert.equal(opus45.status, 'legacy');
  assert.equal(opus45.retires, null);
  assert.ok(opus45.unverified?.some((u) => /third party/.test(u) && /2027-01-22/.test(u)));
});

test('a status follows the date: deprecated until the retirement date, retired from that day on', () => {
  const sonnet45 = book.find('claude-sonnet-4-5')!;
  assert.equal(statusOn(sonnet45, '2026-11-29'), 'deprecated');
  assert.equal(statusOn(sonnet45, '2026-11-30'), 'retired');
  const gpt5 = book.find('gpt-5')!;
  assert.equal(statusOn(gpt5, '2026-12-05'), 'deprecated');
  assert.equal(statusOn(gpt5, '2026-12-11'), 'retired');
  assert.equal(daysBetween('2026-12-05', '2026-12-11'), 6);
  assert.equal(daysBetween('2026-12-05', '2027-01-14'), 40);
});

test('OpenAI rows carry the deprecations page\'s shutdown dates', () => {
  const groups: [string[], ModelStatusOn, string][] = [
    [['gpt-3.5-turbo', 'gpt-4-turbo', 'o1', 'o3-mini', 'o4-mini', 'gpt-4.1-nano'], 'retired', '2026-10-23'],
    [['gpt-5', 'gpt-5-mini', 'gpt-5-nano', 'o3'], 'deprecated', '2026-12-11'],
    [['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-4.1-mini'], 'deprecated', '2027-01-14'],
  ];
  for (const [ids, status, date] of groups) {
    for (const id of ids) {
      const m = book.find(id)!;
      assert.equal(m.provider, 'openai', id);
      assert.equal(m.retires, date, id);
      assert.equal(statusOn(m, PRICE_TABLE.asOf), status, id);
    }
  }
  assert.ok(!PRICE_TABLE.models.some((m) => m.provider === 'openai' && m.status === 'current'), 'no OpenAI row is still marked current');
});

type ModelStatusOn = ReturnType<typeof statusOn>;

test('minimum cacheable length is per model, not per family', () => {
  const mins: [string, number][] = [
    ['claude-opus-5', 512],
    ['claude-opus-4-8', 1024],
    ['claude-opus-4-7', 2048],
    ['claude-opus-4-6', 4096],
    ['claude-opus-4-5', 4096],
    ['claude-haiku-4-5', 4096],
    ['claude-sonnet-4-6', 1024],
    ['claude-3-5-haiku', 2048],
  ];
  for (const [id, min] of mins) assert.equal(book.find(id)?.minCacheableTokens, min, id);
  const opus = PRICE_TABLE.models.filter((m) => m.family === 'opus').map((m) => m.minCacheableTokens);
  assert.ok(new Set(opus).size >= 3, 'Opus models differ');
});

test('cache-read multipliers come from the family: Sonnet 5.5 and Opus 5.5 0.05×, Fable 5.2 0.025×, others 0.1×', () => {
  const models = PRICE_TABLE.models;
  assert.equal(familyCacheReadMultiplier('sonnet', models), 0.05);
  assert.equal(familyCacheReadMultiplier('opus', models), 0.05);
  assert.equal(familyCacheReadMultiplier('fable', models), 0.025);
  assert.equal(familyCacheReadMultiplier('haiku', models), 0.1);
  assert.equal(familyCacheReadMultiplier('no-such-family', models), 0.1);
  // Before Sonnet 5.5's price change the family read at 0.1×.
  assert.equal(familyCacheReadMultiplier('sonnet', models, '2026-10-06'), 0.1);
  const b = buildPriceBook({
    'claude-sonnet-6': { input: 3, output: 15 },
    'claude-fable-6': { input: 12, output: 60 },
    'claude-opus-6': { input: 4, output: 20, cacheReadMultiplier: 0.2 },
    'claude-haiku-6': { input: 1, output: 5, cacheRead: 0.07 },
  });
  assert.equal(b.find('claude-sonnet-6')?.prices.cacheRead, 0.15, 'a new Sonnet takes the Sonnet family\'s 0.05×');
  assert.equal(b.find('claude-fable-6')?.prices.cacheRead, 0.3, 'a new Fable takes 0.025×');
  assert.equal(b.find('claude-opus-6')?.prices.cacheRead, 0.8, 'the multiplier is settable');
  assert.equal(b.find('claude-haiku-6')?.prices.cacheRead, 0.07, 'a named cache-read price wins');
  assert.equal(b.find('claude-sonnet-6')?.minCacheableTokens, 1024, 'an added model takes its family\'s current minimum');
  assert.equal(b.find('claude-opus-6')?.family, 'opus');
  // A multiplier on a known model sets its cache-read price from its input price.
  const k = buildPriceBook({ 'claude-haiku-5-5': { cacheReadMultiplier: 0.2 } });
  assert.equal(k.find('claude-haiku-5-5')?.prices.cacheRead, 0.02);
});

test('Haiku 5.5 bills prompts over 100k tokens at 5×', () => {
  const band = book.find('claude-haiku-5-5')?.band;
  assert.deepEqual(band, { overPromptTokens: 100_000, prices: { input: 0.5, output: 2.5, cacheWrite5m: 0.625, cacheWrite1h: 1, cacheRead: 0.05 } });
});

test('Sonnet 5.5 cache reads: 0.20 before 2026-10-07, 0.10 from then on', () => {
  const m = book.find('claude-sonnet-5-5')!;
  assert.equal(book.pricesOn(m, '2026-10-06').cacheRead, 0.2);
  assert.equal(book.pricesOn(m, '2026-10-07').cacheRead, 0.1);
  assert.equal(book.pricesOn(m, '2026-10-06').input, 2);
});

test('tokenizer generations: 4.7+ / Haiku 5.5 / Sonnet 5+ / Opus 5.x / Fable are on the newer one', () => {
  for (const id of ['claude-haiku-5-5', 'claude-sonnet-5-5', 'claude-sonnet-5', 'claude-opus-5-5', 'claude-opus-5', 'claude-opus-4-7', 'claude-fable-5-1'])
    assert.equal(book.find(id)?.tokenizer, 'claude-2026', id);
  for (const id of ['claude-haiku-4-5', 'claude-sonnet-4-6', 'claude-sonnet-4-5', 'claude-opus-4-5', 'claude-3-5-haiku'])
    assert.equal(book.find(id)?.tokenizer, 'claude-legacy', id);
});

test('dated ids, -latest, Bedrock, Vertex and provider-prefixed ids resolve; unknown ids are null', () => {
  const cases: [string, string | null][] = [
    ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5'],
    ['claude-haiku-4-5-20251001', 'claude-haiku-4-5'],
    ['claude-3-5-haiku-latest', 'claude-3-5-haiku'],
    ['claude-sonnet-5-5-20261007', 'claude-sonnet-5-5'],
    ['us.anthropic.claude-haiku-4-5-20251001-v1:0', 'claude-haiku-4-5'],
    ['anthropic.claude-3-5-haiku-20241022-v1:0', 'claude-3-5-haiku'],
    ['claude-haiku-4-5@20251001', 'claude-haiku-4-5'],
    ['anthropic/claude-sonnet-4-6', 'claude-sonnet-4-6'],
    ['anthropic:claude-sonnet-4-6', 'claude-sonnet-4-6'],
    ['openai:gpt-4o-mini', 'gpt-4o-mini'],
    ['gpt-4o-2024-08-06', 'gpt-4o'],
    ['GPT-4.1-mini', 'gpt-4.1-mini'],
    ['gemini-1.5-pro', null],
    ['claude-sonnet-9', null],
    ['', null],
  ];
  for (const [id, want] of cases) assert.equal(book.find(id)?.id ?? null, want, id);
  assert.deepEqual(candidateIds('claude-haiku-4-5-20251001'), ['claude-haiku-4-5-20251001', 'claude-haiku-4-5']);
});

test('every row names its sources and check date; what no official page confirmed is listed', () => {
  for (const m of PRICE_TABLE.models) {
    assert.match(m.source, /^https:\/\//, m.id);
    if (m.statusSource) assert.match(m.statusSource, /^https:\/\//, m.id);
    assert.equal(m.checkedOn, '2026-12-05', m.id);
    assert.ok(m.prices.input > 0 && m.prices.output > m.prices.input, m.id);
  }
  assert.ok(book.find('claude-fable-5-2')?.unverified?.some((u) => /third-party/.test(u)));
  assert.ok(book.find('claude-3-haiku')?.unverified?.some((u) => /issue/.test(u)));
  assert.equal(book.find('claude-opus-5-5')?.unverified?.some((u) => /cache-write/.test(u)) ?? false, false, 'Opus 5.5 cache prices are on its official page now');
  const ids = PRICE_TABLE.models.flatMap((m) => [m.id, ...m.aliases]);
  assert.equal(new Set(ids).size, ids.length, 'ids and aliases are unique');
});

test('overrides replace named fields of a model reached through any alias, and add unknown models', () => {
  const b = buildPriceBook({
    'claude-haiku-5-5-latest': { input: 0.8, output: 4 },
    'claude-sonnet-5-5': { cacheRead: 0.3 },
    'my-fine-tune': { input: 1, output: 2 },
    'claude-custom-sonnet': { input: 3, output: 15 },
  });
  const haiku = b.find('claude-haiku-5-5')!;
  // An input price given alone moves the cache prices with it (1.25× / 2× / the model's read ratio, 0.1×).
  assert.deepEqual(b.pricesOn(haiku, '2026-11-22'), { input: 0.8, output: 4, cacheWrite5m: 1, cacheWrite1h: 1.6, cacheRead: 0.08 });
  assert.equal(haiku.band?.prices.input, 4, 'band follows the overridden base price (5×)');
  // A user price wins over the table's effective-dated change.
  assert.equal(b.pricesOn(b.find('claude-sonnet-5-5')!, '2026-11-22').cacheRead, 0.3);
  assert.deepEqual(b.find('my-fine-tune')?.prices, { input: 1, output: 2, cacheWrite5m: 1.25, cacheWrite1h: 2, cacheRead: 0.1 });
  assert.equal(b.find('my-fine-tune')?.tokenizer, 'openai');
  assert.equal(b.find('claude-custom-sonnet')?.tokenizer, 'claude-2026');
  assert.ok(b.overridden.has('claude-haiku-5-5'));
  // The built-in table is untouched.
  assert.equal(book.find('claude-haiku-5-5')?.prices.input, 0.1);
});
