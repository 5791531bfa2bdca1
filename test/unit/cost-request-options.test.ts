// Prices that depend on how a request is sent: fast mode, US-only inference, the long-context price above 200k, and
// the minimum cacheable length of each model. One test per rule; the figures are computed by hand from the table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { monthlyCostOn } from '../../src/core/cost/cost';
import { buildPriceBook, PRICE_TABLE, PriceBook, US_ONLY_MULTIPLIER } from '../../src/core/cost/prices';
import { analyzeCallsDetailed } from '../../src/core/analyze';
import { scannedCall, part } from './cost-fixtures';
import type { Inference, ModelRef } from '../../src/core/types';

const modelRef = (id: string): ModelRef => ({ expression: JSON.stringify(id), resolved: id, source: 'literal', span: null });

const book = new PriceBook(PRICE_TABLE);
const m = (id: string) => book.find(id)!;
const close = (a: number, b: number, msg?: string) => assert.ok(Math.abs(a - b) < 1e-9, `${a} ≠ ${b} ${msg ?? ''}`);
const D = '2026-12-05';

test('fast mode multiplies every price by the model\'s fast-mode multiplier (Opus 5: 2×, $10 / $50)', () => {
  const std = monthlyCostOn(m('claude-opus-5'), book, D, { input: 1000, output: 500 }, 100);
  const fast = monthlyCostOn(m('claude-opus-5'), book, D, { input: 1000, output: 500, speed: 'fast' }, 100);
  close(fast.perCall, (1000 * 10 + 500 * 50) / 1e6);
  close(fast.monthly, std.monthly * 2);
  assert.equal(fast.unknownPrice, undefined);
  assert.ok(fast.notes.some((n) => /fast mode/.test(n)));
});

test('fast mode on a model whose fast price no source gives is unknown, never guessed', () => {
  const fast = monthlyCostOn(m('claude-opus-5-5'), book, D, { input: 1000, output: 500, speed: 'fast' }, 100);
  assert.match(fast.unknownPrice ?? '', /fast-mode price is not known/);
});

test('fast mode on a model without it is priced at standard speed, with a note', () => {
  const std = monthlyCostOn(m('claude-sonnet-5-5'), book, D, { input: 1000, output: 500 }, 100);
  const fast = monthlyCostOn(m('claude-sonnet-5-5'), book, D, { input: 1000, output: 500, speed: 'fast' }, 100);
  close(fast.monthly, std.monthly);
  assert.ok(fast.notes.some((n) => /has no fast mode/.test(n)));
});

test('US-only inference costs 1.1× on the models that accept it (Opus 4.6, Sonnet 4.6 and later)', () => {
  assert.equal(US_ONLY_MULTIPLIER, 1.1);
  for (const id of ['claude-sonnet-4-6', 'claude-opus-4-6', 'claude-haiku-5-5', 'claude-sonnet-5-5', 'claude-fable-5-2']) {
    const std = monthlyCostOn(m(id), book, D, { input: 3000, output: 400, cachedPrefix: 2000, cacheTtl: '5m' }, 5000);
    const us = monthlyCostOn(m(id), book, D, { input: 3000, output: 400, cachedPrefix: 2000, cacheTtl: '5m', inferenceGeo: 'us' }, 5000);
    close(us.monthly, std.monthly * 1.1, id);
  }
});

test('US-only inference on an older model is not priced higher: the request is rejected, and the note says so', () => {
  const std = monthlyCostOn(m('claude-haiku-4-5'), book, D, { input: 3000, output: 400 }, 10);
  const us = monthlyCostOn(m('claude-haiku-4-5'), book, D, { input: 3000, output: 400, inferenceGeo: 'us' }, 10);
  close(us.monthly, std.monthly);
  assert.ok(us.notes.some((n) => /does not accept inference_geo/.test(n)));
});

test('fast mode and US-only inference stack (2 × 1.1), and stack with batches', () => {
  const std = monthlyCostOn(m('claude-opus-5'), book, D, { input: 1000, output: 100 }, 10);
  const both = monthlyCostOn(m('claude-opus-5'), book, D, { input: 1000, output: 100, speed: 'fast', inferenceGeo: 'us', batch: true }, 10);
  close(both.monthly, std.monthly * 2 * 1.1 * 0.5);
});

test('the long-context price above 200k input tokens bills the whole request (Sonnet 4.5: $6 / $22.50)', () => {
  const at = monthlyCostOn(m('claude-sonnet-4-5'), book, D, { input: 200_000, output: 1000 }, 1);
  const over = monthlyCostOn(m('claude-sonnet-4-5'), book, D, { input: 200_001, output: 1000 }, 1);
  close(at.perCall, (200_000 * 3 + 1000 * 15) / 1e6);
  close(over.perCall, (200_001 * 6 + 1000 * 22.5) / 1e6);
  assert.ok(over.bandApplied);
  assert.ok(over.notes.some((n) => /long-context/.test(n)));
  // Models with a flat 1M window have no band.
  assert.equal(m('claude-sonnet-4-6').band, undefined);
  assert.equal(m('claude-opus-5-5').band, undefined);
});

test('a cached prefix below the model\'s own minimum is not cached: 800 tokens cache on Opus 5 (512) but not on Opus 4.8 (1,024)', () => {
  const opus5 = monthlyCostOn(m('claude-opus-5'), book, D, { input: 2000, output: 100, cachedPrefix: 800, cacheTtl: '5m' }, 1000);
  const opus48 = monthlyCostOn(m('claude-opus-4-8'), book, D, { input: 2000, output: 100, cachedPrefix: 800, cacheTtl: '5m' }, 1000);
  assert.ok(opus5.cacheReadsPerDay > 0);
  assert.equal(opus48.cacheReadsPerDay, 0);
  assert.ok(opus48.notes.some((n) => /minimum of 1024/.test(n)));
});

const infer = (): Inference => ({
  taskType: 'summarize_short',
  confidence: 0.9,
  runnerUp: null,
  reasons: [],
  recommendedTier: 'haiku',
  upgradeReasons: [],
  questions: { shortSchemaConstrainedOutput: true, cheapToRecover: true, noMultiStepReasoning: true },
});

test('the usage file sets speed and inference_geo per call site (and inference_geo for all): the current model is priced with them', () => {
  const call = scannedCall({ file: 'src/a.ts', enclosingFunction: 'f', model: modelRef('claude-opus-5'), prompt: [part('system', 'Summarize the text.')] });
  const plain = analyzeCallsDetailed([call], null, { root: '/r', infer });
  const fast = analyzeCallsDetailed([call], null, { root: '/r', infer, usage: { callSites: { 'src/a.ts#f': { speed: 'fast' } } } });
  const us = analyzeCallsDetailed([call], null, { root: '/r', infer, usage: { defaults: { inferenceGeo: 'us' } } });
  close(fast.sites[0].current!.cost.monthly, plain.sites[0].current!.cost.monthly * 2);
  close(us.sites[0].current!.cost.monthly, plain.sites[0].current!.cost.monthly * 1.1);
  // The Sonnet tier (no fast mode) is priced at standard speed.
  close(fast.sites[0].sonnet.cost.monthly, plain.sites[0].sonnet.cost.monthly);
  // Fast mode on a model with an unknown fast price: no current cost, and the reason.
  const opus55 = scannedCall({ file: 'src/a.ts', enclosingFunction: 'f', model: modelRef('claude-opus-5-5'), prompt: [part('system', 'Summarize the text.')] });
  const unknown = analyzeCallsDetailed([opus55], null, { root: '/r', infer, usage: { callSites: { 'src/a.ts#f': { speed: 'fast' } } } });
  assert.equal(unknown.report.callSites[0].monthlyCost.current, null);
  assert.match(unknown.report.callSites[0].currentNote ?? '', /fast-mode price is not known/);
  // A user price for the model makes it known again.
  const priced = buildPriceBook({ 'claude-opus-5-5': { input: 4 } });
  assert.equal(priced.find('claude-opus-5-5')?.fastMode?.multiplier, null, 'an override of the base price does not invent a fast price');
});
