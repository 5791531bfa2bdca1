// Model statuses in the editor: one test per rule (docs/pricing.md, "Statuses in the editor").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPriceBook } from '../../src/core/cost/prices';
import { deprecationOf, replacementId, SHUTDOWN_SOON_DAYS } from '../../src/core/present/deprecation';

const book = buildPriceBook();
const tiers = { haiku: 'claude-haiku-5-5', sonnet: 'claude-sonnet-5-5' };
const anthropic = (today: string) => ({ tiers, provider: 'anthropic', today });
const openai = (today: string) => ({ tiers, provider: 'openai', today });

test('a retired model is an error: requests to it fail', () => {
  const d = deprecationOf('claude-3-5-haiku-20241022', book, anthropic('2026-12-05'))!;
  assert.equal(d.status, 'retired');
  assert.equal(d.severity, 'error');
  assert.match(d.message, /was retired on 2026-02-19: requests to it fail/);
  assert.equal(d.replacement, 'claude-haiku-5-5');
});

test('a deprecated model whose retirement date has passed is retired (Sonnet 4.5 after 2026-11-30)', () => {
  assert.equal(deprecationOf('claude-sonnet-4-5', book, anthropic('2026-11-29'))?.severity, 'warning');
  const d = deprecationOf('claude-sonnet-4-5', book, anthropic('2026-11-30'))!;
  assert.equal(d.severity, 'error');
  assert.match(d.message, /was retired on 2026-11-30/);
});

test('a deprecated model is a warning with its retirement date; no countdown beyond 90 days', () => {
  const d = deprecationOf('gpt-4o', book, openai('2026-09-01'))!;
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /is deprecated and retires on 2027-01-14\./);
  assert.equal(d.daysLeft, 135);
  assert.doesNotMatch(d.message, /shuts down in/);
});

test('within 90 days of its retirement date the warning counts the days', () => {
  assert.equal(SHUTDOWN_SOON_DAYS, 90);
  const d = deprecationOf('gpt-4o-2024-08-06', book, openai('2026-12-05'))!;
  assert.match(d.message, /retires on 2027-01-14 — shuts down in 40 days/);
  assert.equal(deprecationOf('gpt-4o', book, openai('2026-10-16'))?.daysLeft, 90);
  assert.match(deprecationOf('gpt-4o', book, openai('2026-10-16'))!.message, /shuts down in 90 days/);
  assert.doesNotMatch(deprecationOf('gpt-4o', book, openai('2026-10-15'))!.message, /shuts down in/);
  assert.match(deprecationOf('gpt-5', book, openai('2026-12-10'))!.message, /shuts down in 1 day\./);
});

test('current and legacy models have no finding', () => {
  for (const id of ['claude-sonnet-5-5', 'claude-haiku-4-5', 'claude-opus-4-5', 'claude-fable-5-1']) assert.equal(deprecationOf(id, book, anthropic('2026-12-05')), null, id);
  assert.equal(deprecationOf('gemini-2.5-pro', book, { tiers, provider: 'google', today: '2026-12-05' }), null, 'statuses come from our table only');
});

test('the fix is the current model of the same tier: the tier setting for Haiku and Sonnet, else the family\'s current model', () => {
  const pinned = { tiers: { haiku: 'claude-haiku-4-5', sonnet: 'claude-sonnet-4-6' }, provider: 'anthropic', today: '2026-12-05' };
  assert.equal(deprecationOf('claude-3-5-haiku', book, pinned)?.replacement, 'claude-haiku-4-5');
  assert.equal(deprecationOf('claude-3-7-sonnet', book, pinned)?.replacement, 'claude-sonnet-4-6');
  assert.equal(deprecationOf('claude-opus-4-1', book, anthropic('2026-12-05'))?.replacement, 'claude-opus-5-5');
  // A tier setting that itself names an old model is no fix: the family's current model is.
  const old = { tiers: { haiku: 'claude-3-haiku', sonnet: 'claude-sonnet-4-5' }, provider: 'anthropic', today: '2026-12-05' };
  assert.equal(deprecationOf('claude-3-5-haiku', book, old)?.replacement, 'claude-haiku-5-5');
  assert.equal(deprecationOf('claude-3-7-sonnet', book, old)?.replacement, 'claude-sonnet-5-5');
});

test('the fix stays with the call\'s provider: OpenAI → OpenAI, never a Claude model for a non-Anthropic call', () => {
  const gpt5 = deprecationOf('gpt-5', book, openai('2026-12-05'))!;
  assert.equal(gpt5.replacement, 'gpt-6.1-sol');
  assert.equal(deprecationOf('gpt-5-mini', book, openai('2026-12-05'))?.replacement, 'gpt-6.1-terra');
  // No replacement the sources agree on: a finding without a fix, never a model of another family or provider.
  const gpt4o = deprecationOf('gpt-4o', book, openai('2026-12-05'))!;
  assert.equal(gpt4o.replacement, null);
  assert.doesNotMatch(gpt4o.message, /claude/);
  // A Claude model called through another provider (Bedrock, OpenRouter) keeps its finding but gets no Claude API id.
  for (const provider of ['bedrock', 'openrouter', 'openai']) {
    const d = deprecationOf('claude-3-5-haiku-20241022', book, { tiers, provider, today: '2026-12-05' })!;
    assert.equal(d.severity, 'error', provider);
    assert.equal(d.replacement, null, provider);
  }
  // A tier setting naming another provider's model is never offered for a Claude call.
  const odd = { tiers: { haiku: 'gpt-6-luna', sonnet: 'claude-sonnet-5-5' }, provider: 'anthropic', today: '2026-12-05' };
  assert.equal(deprecationOf('claude-3-5-haiku', book, odd)?.replacement, 'claude-haiku-5-5');
});

test('the fix keeps the routing prefix the code writes, so the call takes the same route to the same provider', () => {
  assert.equal(replacementId('claude-3-5-haiku-20241022', 'claude-haiku-5-5'), 'claude-haiku-5-5');
  assert.equal(replacementId('anthropic/claude-3-5-haiku', 'claude-haiku-5-5'), 'anthropic/claude-haiku-5-5');
  assert.equal(replacementId('openai:gpt-5', 'gpt-6.1-sol'), 'openai:gpt-6.1-sol');
  // A provider-prefixed Claude id is still a Claude call when the code talks to Anthropic through a framework.
  assert.equal(deprecationOf('anthropic/claude-3-5-haiku', book, anthropic('2026-12-05'))?.replacement, 'claude-haiku-5-5');
});
