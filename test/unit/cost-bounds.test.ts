// Cost arithmetic on the edges (issue 12, item 8), and what held in 5,000 random trials kept as a property:
// an input price given alone moves the cache prices with it; volumes are bounded (schema and code); the hover says
// when caching costs more than it saves; totals are the sums of their sites, never NaN, negative or null.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeCallsDetailed } from '../../src/core/analyze';
import { cachingVerdict } from '../../src/core/cost/caching';
import { buildPriceBook, derivedCachePrices } from '../../src/core/cost/prices';
import { callDetailsMarkdown } from '../../src/core/present/hover';
import { parseUsageFile } from '../../src/core/usage/usageFile';
import { MAX_CALLS_PER_DAY } from '../../src/core/usage/limits';
import { parseAnnotation } from '../../src/core/usage/annotations';
import type { ScannedCall } from '../../src/core/types';
import { fixedInfer, part, scannedCall } from './cost-fixtures';

const infer = fixedInfer('summarize_short', 'haiku');
const model = (resolved: string) => ({ expression: `"${resolved}"`, resolved, source: 'literal' as const, span: null });
/** ~3,000 legacy tokens of static system prompt: above every model's minimum cacheable prefix. */
const LONG_SYSTEM = Array.from({ length: 1500 }, (_v, i) => `Rule ${i}: answer briefly.`).join('\n');
const cachedCall = (over: Partial<ScannedCall> = {}) =>
  scannedCall({ model: model('claude-sonnet-4-6'), cacheControl: true, cacheTtl: '5m', prompt: [part('system', LONG_SYSTEM), part('user', '', 1)], maxTokens: 200, ...over });

describe('price overrides: cache prices follow an overridden input price', () => {
  it('input alone: 5m write 1.25×, 1h write 2×, read at the model\'s read/input ratio', () => {
    const book = buildPriceBook({ 'claude-haiku-4-5': { input: 4 }, 'claude-sonnet-5-5': { input: 6 } });
    const haiku = book.pricesOn(book.find('claude-haiku-4-5')!, '2026-11-22');
    assert.deepEqual(haiku, { input: 4, output: 5, cacheWrite5m: 5, cacheWrite1h: 8, cacheRead: 0.4 });
    // Sonnet 5.5 reads at 0.10 / 2 = 0.05× today (its table row changed on 2026-10-07): the ratio of the current row.
    assert.equal(book.pricesOn(book.find('claude-sonnet-5-5')!, '2026-11-22').cacheRead, 0.3);
    assert.deepEqual(derivedCachePrices(book.find('claude-haiku-4-5')!, 2, { input: 1, output: 5, cacheWrite5m: 1.25, cacheWrite1h: 2, cacheRead: 0.1 }), { cacheWrite5m: 2.5, cacheWrite1h: 4, cacheRead: 0.2 });
  });

  it('cache prices given with the input price are kept as given', () => {
    const book = buildPriceBook({ 'claude-haiku-4-5': { input: 4, cacheRead: 1, cacheWrite5m: 4.5 } });
    assert.deepEqual(book.pricesOn(book.find('claude-haiku-4-5')!, '2026-11-22'), { input: 4, output: 5, cacheWrite5m: 4.5, cacheWrite1h: 8, cacheRead: 1 });
  });

  it('a cached call no longer costs more than the same call uncached after an input override', () => {
    const usage = { prices: { 'claude-sonnet-4-6': { input: 30 } }, defaults: { callsPerDay: 100_000 } };
    const cached = analyzeCallsDetailed([cachedCall()], null, { root: '/r', infer, usage }).report.callSites[0]!;
    const plain = analyzeCallsDetailed([cachedCall({ cacheControl: false })], null, { root: '/r', infer, usage }).report.callSites[0]!;
    assert.ok(cached.monthlyCost.current! < plain.monthlyCost.current!, `cached $${cached.monthlyCost.current} vs uncached $${plain.monthlyCost.current}`);
  });
});

describe('volumes are bounded', () => {
  it('the schema refuses callsPerDay 1e308 (and tokens, prices past their bounds) with a readable message', () => {
    const loaded = parseUsageFile('{ "defaults": { "callsPerDay": 1e308 }, "callSites": { "a.ts#f": { "inputTokens": 1e12 } }, "prices": { "x": { "input": 1e9 } } }');
    assert.equal(loaded.valid, false);
    const text = loaded.problems.map((p) => p.message).join('\n');
    assert.match(text, /defaults\.callsPerDay must be ≤ 1,000,000,000/);
    assert.match(text, /inputTokens must be ≤ 10,000,000/);
    assert.match(text, /input must be ≤ 100,000/);
  });

  it('past the schema (a usage object, a setting, an annotation): capped with a warning; totals stay numbers', () => {
    const annotation = parseAnnotation('// tierwise: calls=999999999999999999999/day', 9).annotation;
    for (const ctx of [{ usage: { defaults: { callsPerDay: 1e308 } } }, { settings: { callsPerDay: 1e308 } }, { call: { annotation } }]) {
      const call = cachedCall((ctx as { call?: Partial<ScannedCall> }).call ?? {});
      const a = analyzeCallsDetailed([call], null, { root: '/r', infer, ...(ctx as object) });
      const site = a.report.callSites[0]!;
      assert.equal(site.callsPerDay, MAX_CALLS_PER_DAY, JSON.stringify(ctx));
      assert.match(a.warnings.join('\n'), /above the limit of 1,000,000,000: 1,000,000,000 is used/);
      const json = JSON.parse(JSON.stringify(a.report)) as typeof a.report;
      for (const v of Object.values(json.totals)) assert.ok(typeof v === 'number' && Number.isFinite(v), `a total is ${v}`);
    }
  });

  it('token counts past the bounds are capped too', () => {
    const a = analyzeCallsDetailed([cachedCall()], ['src/app.ts#handler'], { root: '/r', infer, usage: { callSites: { 'src/app.ts#handler': { inputTokens: 1e300, outputTokens: Infinity } }, defaults: { dynamicInputTokens: 1e200 } } });
    const s = a.report.callSites[0]!;
    assert.ok(Number.isFinite(s.monthlyCost.haiku) && Number.isFinite(a.report.totals.allSonnet));
    assert.equal(s.tokens.input, 1e7);
  });
});

describe('the hover says when caching costs more than it saves', () => {
  const hoverAt = (callsPerDay: number) => {
    const a = analyzeCallsDetailed([cachedCall()], null, { root: '/r', infer, usage: { defaults: { callsPerDay } } });
    const s = a.sites[0]!;
    const book = buildPriceBook();
    const m = book.find('claude-sonnet-4-6')!;
    const caching = cachingVerdict(m, book, '2026-11-22', { input: s.current!.tokens.input, output: s.current!.tokens.output, cachedPrefix: s.current!.tokens.cachedPrefix, cacheTtl: '5m' }, callsPerDay);
    return { caching, md: callDetailsMarkdown({ site: s.site, call: s.call, inference: s.inference, tokenDetail: s.tokens.detail, prices: [], pricesAsOf: '2026-11-22', tiers: { haiku: 'claude-haiku-5-5', sonnet: 'claude-sonnet-5-5' }, caching }) };
  };

  it('at list prices, 5-minute writes break even at about 369 calls/day', () => {
    assert.equal(hoverAt(300).caching?.breakEvenCallsPerDay, 369);
  });

  it('300 calls/day: the hover says so, with both figures and the break-even volume', () => {
    const { caching, md } = hoverAt(300);
    assert.ok(caching!.withCache > caching!.withoutCache);
    assert.match(md, /\| Caching \| \*\*costs more than it saves\*\* at 300 calls\/day: \$[\d,.]+\/mo with cache\\_control vs \$[\d,.]+\/mo without/);
    assert.match(md, /pays off from about 369 calls\/day/);
  });

  it('367 calls/day still costs more; 368 breaks even; 369 saves (no note from 368 on)', () => {
    assert.match(hoverAt(367).md, /costs more than it saves\*\* at 367 calls\/day/);
    const even = hoverAt(368).caching!;
    assert.ok(Math.abs(even.withCache - even.withoutCache) < 1e-6, `${even.withCache} vs ${even.withoutCache}`);
    assert.doesNotMatch(hoverAt(368).md, /costs more than it saves/);
    const at369 = hoverAt(369);
    assert.ok(at369.caching!.withCache < at369.caching!.withoutCache);
    assert.doesNotMatch(at369.md, /costs more than it saves/);
  });

  it('1-hour writes: 24 writes a day, break-even from the same arithmetic', () => {
    const book = buildPriceBook();
    const v = cachingVerdict(book.find('claude-sonnet-4-6')!, book, '2026-11-22', { input: 5000, output: 100, cachedPrefix: 4000, cacheTtl: '1h' }, 30);
    // 24·(2 − 0.1) / (1 − 0.1) = 50.67 → 51
    assert.equal(v?.breakEvenCallsPerDay, 51);
    assert.ok(v!.withCache > v!.withoutCache);
  });
});

// ---------------------------------------------------------------------------------------------
// What held: totals equal the sum of their sites; no NaN, no negative, no null — kept as a seeded property.

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('random cost trials (seeded)', () => {
  it('2,000 workspaces: every cost finite and ≥ 0, totals = sums of sites, nothing null', () => {
    const rand = rng(20261222);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const volumes = [0, 0.5, 1, 287, 288, 369, 1000, 1e6, 1e9, 5e9, 1e308, Number.NaN, -3, Infinity];
    const prices = [0, 0.1, 3, 1e5, 1e9, Number.NaN, -1, Infinity];
    const models = ['claude-haiku-5-5', 'claude-sonnet-4-6', 'claude-haiku-4-5', 'claude-opus-5-5', 'gpt-4o-mini', 'unknown-model'];
    for (let trial = 0; trial < 2000; trial++) {
      const n = 1 + Math.floor(rand() * 4);
      const calls: ScannedCall[] = Array.from({ length: n }, (_v, i) =>
        scannedCall({
          file: `src/f${i}.ts`,
          model: model(pick(models)),
          cacheControl: rand() < 0.4,
          cacheTtl: pick(['5m', '1h', null] as const),
          batch: rand() < 0.2,
          maxTokens: pick([null, 0, 1, 100, 64_000]),
          prompt: [part('system', rand() < 0.3 ? LONG_SYSTEM : 'Label it.'), part('user', '', Math.floor(rand() * 3))],
        }),
      );
      const ids = calls.map((c) => `${c.file}#handler`);
      const usage = {
        defaults: { callsPerDay: pick(volumes), dynamicInputTokens: pick([0, 500, 1e7, 1e300]) },
        callSites: rand() < 0.5 ? { [ids[0]!]: { callsPerDay: pick(volumes), outputTokens: pick([0, 10, 1e12]) } } : {},
        prices: rand() < 0.5 ? { [pick(models)]: { input: pick(prices), output: pick(prices) } } : {},
      };
      const settings = { callsPerDay: pick(volumes), tiers: { haiku: pick(['claude-haiku-5-5', 'claude-haiku-4-5', 'nope']), sonnet: pick(['claude-sonnet-5-5', 'claude-sonnet-4-6']) } };
      const { report } = analyzeCallsDetailed(calls, ids, { root: '/r', infer, usage: usage as never, settings });
      const json = JSON.parse(JSON.stringify(report)) as typeof report;
      const where = `trial ${trial}: ${JSON.stringify({ usage, settings })}`;
      for (const s of json.callSites) {
        for (const v of [s.monthlyCost.haiku, s.monthlyCost.sonnet, s.callsPerDay, s.tokens.input, s.tokens.output]) assert.ok(typeof v === 'number' && Number.isFinite(v) && v >= 0, `${where}: ${v}`);
        if (s.monthlyCost.current !== null) assert.ok(Number.isFinite(s.monthlyCost.current) && s.monthlyCost.current >= 0, where);
      }
      for (const v of Object.values(json.totals)) assert.ok(typeof v === 'number' && Number.isFinite(v) && v >= 0, `${where}: total ${v}`);
      const sum = (f: (s: (typeof json.callSites)[number]) => number) => json.callSites.reduce((a, s) => a + f(s), 0);
      const close = (a: number, b: number) => Math.abs(a - b) <= 1e-4 * json.callSites.length + Math.abs(b) * 1e-12;
      assert.ok(close(json.totals.allHaiku, sum((s) => s.monthlyCost.haiku)), where);
      assert.ok(close(json.totals.allSonnet, sum((s) => s.monthlyCost.sonnet)), where);
      assert.ok(close(json.totals.recommended, sum((s) => (s.recommendedTier === 'haiku' ? s.monthlyCost.haiku : s.monthlyCost.sonnet))), where);
      assert.ok(close(json.totals.current, sum((s) => s.monthlyCost.current ?? s.monthlyCost.sonnet)), where);
    }
  });
});
