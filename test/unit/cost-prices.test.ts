import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPriceBook, candidateIds, PRICE_TABLE, PriceBook } from '../../src/core/cost/prices';

const book = new PriceBook(PRICE_TABLE);

// DESIGN.md's facts table (November 2026): id, status, input, output, write 5m, write 1h, read (current date).
const FACTS: [string, string, number, number, number, number, number][] = [
  ['claude-haiku-5-5', 'current', 0.1, 0.5, 0.125, 0.2, 0.01],
  ['claude-sonnet-5-5', 'current', 2, 10, 2.5, 4, 0.1],
  ['claude-opus-5-5', 'current', 4, 20, 5, 8, 0.2],
  ['claude-fable-5-1', 'current', 10, 50, 12.5, 20, 0.25],
  ['claude-sonnet-5', 'legacy', 2, 10, 2.5, 4, 0.2],
  ['claude-sonnet-4-6', 'legacy', 3, 15, 3.75, 6, 0.3],
  ['claude-sonnet-4-5', 'deprecated', 3, 15, 3.75, 6, 0.3],
  ['claude-haiku-4-5', 'legacy', 1, 5, 1.25, 2, 0.1],
  ['claude-opus-4-5', 'legacy', 5, 25, 6.25, 10, 0.5],
  ['claude-opus-5', 'legacy', 5, 25, 6.25, 10, 0.5],
  ['claude-opus-4-1', 'legacy', 15, 75, 18.75, 30, 1.5],
  ['claude-opus-4', 'retired', 15, 75, 18.75, 30, 1.5],
  ['claude-3-5-haiku', 'retired', 0.8, 4, 1, 1.6, 0.08],
];

test('every model of the facts table is there with its prices and status', () => {
  for (const [id, status, input, output, w5, w1, read] of FACTS) {
    const m = book.find(id);
    assert.ok(m, id);
    assert.equal(m.status, status, id);
    assert.deepEqual(book.pricesOn(m, PRICE_TABLE.asOf), { input, output, cacheWrite5m: w5, cacheWrite1h: w1, cacheRead: read }, id);
  }
  assert.equal(book.find('claude-sonnet-4-5')?.retires, '2026-11-30');
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

test('every row names its source and check date; derived or unverified figures say so', () => {
  for (const m of PRICE_TABLE.models) {
    assert.match(m.source, /^https:\/\//, m.id);
    assert.match(m.checkedOn, /^\d{4}-\d{2}-\d{2}$/, m.id);
    assert.ok(m.prices.input > 0 && m.prices.output > m.prices.input, m.id);
  }
  assert.ok(book.find('claude-fable-5-1')?.notes?.some((n) => /id itself/.test(n)));
  assert.ok(book.find('claude-opus-5-5')?.notes?.some((n) => /derived from the standard multipliers/.test(n)));
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
