import { test } from 'node:test';
import assert from 'node:assert/strict';
import { monthlyCostOn, requestCost } from '../../src/core/cost/cost';
import { estimateCallTokens, TOOL_SYSTEM_PROMPT_TOKENS, TYPICAL_OUTPUT_TOKENS } from '../../src/core/cost/estimate';
import { PRICE_TABLE, PriceBook } from '../../src/core/cost/prices';
import { estimateTokens } from '../../src/core/cost/tokens';
import { part, scannedCall } from './cost-fixtures';

const book = new PriceBook(PRICE_TABLE);
const model = (id: string) => book.find(id)!;
const close = (a: number, b: number, msg?: string) => assert.ok(Math.abs(a - b) < 1e-9, `${a} ≠ ${b} ${msg ?? ''}`);

test('monthly = calls/day × 30 × (in × price_in + out × price_out) / 1e6', () => {
  const c = monthlyCostOn(model('claude-sonnet-4-6'), book, '2026-11-22', { input: 640, output: 10 }, 1000);
  close(c.monthly, (1000 * 30 * (640 * 3 + 10 * 15)) / 1e6);
  close(c.perCall, (640 * 3 + 10 * 15) / 1e6);
  assert.deepEqual([c.cacheWritesPerDay, c.cacheReadsPerDay, c.bandApplied], [0, 0, false]);
});

test('Message Batches halve every price', () => {
  const plain = monthlyCostOn(model('claude-haiku-5-5'), book, '2026-11-22', { input: 2000, output: 300 }, 5000);
  const batch = monthlyCostOn(model('claude-haiku-5-5'), book, '2026-11-22', { input: 2000, output: 300, batch: true }, 5000);
  close(batch.monthly, plain.monthly / 2);
});

test('Haiku 5.5 over 100k prompt tokens bills the whole request at 5×; at 100k exactly it does not', () => {
  const at = monthlyCostOn(model('claude-haiku-5-5'), book, '2026-11-22', { input: 100_000, output: 1000 }, 10);
  const over = monthlyCostOn(model('claude-haiku-5-5'), book, '2026-11-22', { input: 100_001, output: 1000 }, 10);
  close(at.perCall, (100_000 * 0.1 + 1000 * 0.5) / 1e6);
  close(over.perCall, (100_001 * 0.5 + 1000 * 2.5) / 1e6);
  assert.equal(over.bandApplied, true);
  // Sonnet has no band.
  assert.equal(monthlyCostOn(model('claude-sonnet-5-5'), book, '2026-11-22', { input: 200_000, output: 1 }, 1).bandApplied, false);
});

test('prompt caching: one write per TTL window, reads otherwise; short prefixes are not cached', () => {
  const m = model('claude-sonnet-5-5');
  const tokens = { input: 5000, output: 100, cachedPrefix: 4000, cacheTtl: '5m' as const };
  const c = monthlyCostOn(m, book, '2026-11-22', tokens, 1000);
  assert.deepEqual([c.cacheWritesPerDay, c.cacheReadsPerDay], [288, 712]);
  const write = (1000 * 2 + 4000 * 2.5 + 100 * 10) / 1e6;
  const read = (1000 * 2 + 4000 * 0.1 + 100 * 10) / 1e6;
  close(c.monthly, 30 * (288 * write + 712 * read));
  // 1h TTL: 24 writes at the 1h price.
  const h = monthlyCostOn(m, book, '2026-11-22', { ...tokens, cacheTtl: '1h' }, 1000);
  close(h.monthly, 30 * (24 * ((1000 * 2 + 4000 * 4 + 100 * 10) / 1e6) + 976 * read));
  // Before 2026-10-07 Sonnet 5.5's cache reads cost 0.20.
  const early = monthlyCostOn(m, book, '2026-09-01', tokens, 1000);
  close(early.monthly, 30 * (288 * write + 712 * ((1000 * 2 + 4000 * 0.2 + 100 * 10) / 1e6)));
  // Fewer calls than TTL windows: every call writes.
  assert.deepEqual([monthlyCostOn(m, book, '2026-11-22', tokens, 100).cacheWritesPerDay, monthlyCostOn(m, book, '2026-11-22', tokens, 100).cacheReadsPerDay], [100, 0]);
  // A 500-token prefix is below the minimum cacheable length: priced as plain input.
  const short = monthlyCostOn(m, book, '2026-11-22', { ...tokens, cachedPrefix: 500 }, 1000);
  close(short.monthly, monthlyCostOn(m, book, '2026-11-22', { input: 5000, output: 100 }, 1000).monthly);
  assert.ok(short.notes.some((n) => /minimum/.test(n)));
});

test('requestCost splits input into plain, written and read parts', () => {
  const p = { input: 1, output: 5, cacheWrite5m: 1.25, cacheWrite1h: 2, cacheRead: 0.1 };
  close(requestCost(p, { input: 1000, output: 0, cacheWrite: 600, cacheRead: 0, writePrice: 'cacheWrite5m' }), (400 + 600 * 1.25) / 1e6);
});

const dyn = { value: 500, source: 'default assumption' };

test('call tokens: static text per tokenizer, dynamic slots share the assumed total, tools with the tool-use system prompt', () => {
  const system = 'You are a support ticket triage assistant. Reply with one word: billing, outage, account or other.';
  const user = 'Ticket:\n';
  const call = scannedCall({
    prompt: [part('system', system), part('user', user, 2)],
    tools: [{ name: 'route', description: 'Route the ticket', schemaText: '{"type":"object","properties":{"queue":{"type":"string"}}}' }],
    maxTokens: 5,
  });
  for (const gen of ['claude-legacy', 'claude-2026'] as const) {
    const t = estimateCallTokens({ call, taskType: 'classify_intent', dynamicInputTokens: dyn, overrides: {} }, gen);
    const f = gen === 'claude-2026' ? 1.3 : 1;
    assert.equal(t.detail.staticInput, estimateTokens(system, gen) + estimateTokens(user, gen));
    assert.equal(t.detail.dynamicInput, Math.round(500 * f));
    assert.equal(t.detail.toolInput, estimateTokens('route\nRoute the ticket\n{"type":"object","properties":{"queue":{"type":"string"}}}', gen) + Math.round(TOOL_SYSTEM_PROMPT_TOKENS.auto * f));
    assert.equal(t.input, t.detail.staticInput + t.detail.dynamicInput + t.detail.toolInput);
    assert.equal(t.output, 5, 'capped by max_tokens');
    assert.match(t.source, gen === 'claude-2026' ? /2 slots × 325/ : /2 slots × 250/);
    assert.match(t.detail.outputSource, /capped by max_tokens 5/);
  }
  // On an OpenAI model (the current column) Anthropic's tool-use system prompt is not added.
  const o = estimateCallTokens({ call, taskType: 'classify_intent', dynamicInputTokens: dyn, overrides: {} }, 'openai');
  assert.equal(o.detail.toolInput, estimateTokens('route\nRoute the ticket\n{"type":"object","properties":{"queue":{"type":"string"}}}', 'openai'));
});

test('call tokens: a prompt with no visible text is fully dynamic; a fully static one has no dynamic part', () => {
  const dynamic = estimateCallTokens({ call: scannedCall(), taskType: 'chat_general', dynamicInputTokens: dyn, overrides: {} }, 'claude-legacy');
  assert.deepEqual([dynamic.input, dynamic.output], [500, TYPICAL_OUTPUT_TOKENS.chat_general]);
  const fixed = estimateCallTokens({ call: scannedCall({ prompt: [part('user', 'Say hello.')] }), taskType: 'nonsense_task', dynamicInputTokens: dyn, overrides: {} }, 'claude-legacy');
  assert.equal(fixed.detail.dynamicInput, 0);
  assert.equal(fixed.output, TYPICAL_OUTPUT_TOKENS.unknown, 'a task outside the table uses unknown\'s length');
});

test('call tokens: measured call-site counts are used as written on every tier; task-type output is scaled and capped', () => {
  const call = scannedCall({ maxTokens: 100, prompt: [part('system', 'x'.repeat(400))] });
  const measured = estimateCallTokens(
    { call, taskType: 'review_code', dynamicInputTokens: dyn, overrides: { input: { value: 900, source: 's' }, output: { value: 250, source: 's' } } },
    'claude-2026',
  );
  assert.deepEqual([measured.input, measured.output], [900, 250]);
  const perTask = estimateCallTokens({ call, taskType: 'review_code', dynamicInputTokens: dyn, overrides: { taskOutput: { value: 60, source: 't' } } }, 'claude-2026');
  assert.equal(perTask.output, 78);
  const capped = estimateCallTokens({ call, taskType: 'review_code', dynamicInputTokens: dyn, overrides: {} }, 'claude-2026');
  assert.equal(capped.output, 100);
});

test('call tokens: the cached prefix is tools + static system text when cache_control is used', () => {
  const sys = 'Long policy text. '.repeat(300);
  const call = scannedCall({ cacheControl: true, cacheTtl: '5m', prompt: [part('system', sys), part('user', 'Question: ', 1)] });
  const t = estimateCallTokens({ call, taskType: 'chat_general', dynamicInputTokens: dyn, overrides: {} }, 'claude-legacy');
  assert.equal(t.cachedPrefix, estimateTokens(sys, 'claude-legacy'));
  assert.equal(estimateCallTokens({ call: { ...call, cacheControl: false }, taskType: 'chat_general', dynamicInputTokens: dyn, overrides: {} }, 'claude-legacy').cachedPrefix, 0);
});
