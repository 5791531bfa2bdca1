// Non-Claude models in the "current" column: priced through the price database (@pydantic/genai-prices, bundled, no
// network) by provider and model id; local models at $0; a model nobody knows has no price and says why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeCallsDetailed } from '../../src/core/analyze';
import { buildPriceBook } from '../../src/core/cost/prices';
import { currentPriceOf, LOCAL_PROVIDERS } from '../../src/core/cost/providerPrices';
import { fixedInfer, part, scannedCall } from './cost-fixtures';
import type { ModelRef, ScannedCall } from '../../src/core/types';

const book = buildPriceBook();
const D = '2026-12-05';
const ref = (id: string | null): ModelRef => ({ expression: id ? JSON.stringify(id) : '', resolved: id, source: id ? 'literal' : 'unresolved', span: null });

// Provider, model id as written in code, the database's model, input and output price (USD / MTok) in the bundled data.
const FIXTURES: [string, string, string, number, number][] = [
  ['google', 'gemini-2.5-flash', 'gemini-2.5-flash', 0.3, 2.5],
  ['google', 'gemini/gemini-2.5-flash', 'gemini-2.5-flash', 0.3, 2.5],
  ['mistral', 'mistral-large-latest', 'mistral-large', 2, 6],
  ['cohere', 'command-r-plus', 'command-r-plus', 2.5, 10],
  ['groq', 'llama-3.3-70b-versatile', 'llama-3.3-70b-versatile', 0.59, 0.79],
  ['bedrock', 'amazon.nova-pro-v1:0', 'amazon.nova-pro-v1:0', 0.8, 3.2],
  ['deepseek', 'deepseek-chat', 'deepseek-chat', 0.27, 1.1],
  ['xai', 'grok-4', 'grok-4-0709', 3, 15],
  ['openrouter', 'anthropic/claude-3.5-sonnet', 'anthropic/claude-3.5-sonnet', 3, 15],
  ['together', 'meta-llama/Llama-3.3-70B-Instruct-Turbo', 'meta-llama/Llama-3.3-70B-Instruct-Turbo', 0.88, 0.88],
  ['fireworks', 'accounts/fireworks/models/deepseek-v3p2', 'deepseek-v3p2', 0.56, 1.68],
  ['openai', 'gpt-6-luna', 'gpt-6-luna', 0.1, 0.5],
];

test('models of ten providers are priced from the price database, by provider and model id', () => {
  const providers = new Set<string>();
  for (const [provider, id, dbId, input, output] of FIXTURES) {
    const p = currentPriceOf(id, provider, book, D);
    assert.equal(p.origin, 'price-database', `${provider} ${id}`);
    assert.equal(p.model?.id, dbId, `${provider} ${id}`);
    assert.equal(p.model?.provider, provider);
    assert.equal(p.model?.prices.input, input, `${provider} ${id} input`);
    assert.equal(p.model?.prices.output, output, `${provider} ${id} output`);
    assert.match(p.note ?? '', /@pydantic\/genai-prices/);
    assert.match(p.model?.source ?? '', /^https:\/\//);
    providers.add(provider);
  }
  assert.ok(providers.size >= 6);
});

test('our table wins where both know a model: an OpenAI or Claude id is priced from the table, whatever the route', () => {
  const gpt = currentPriceOf('gpt-4o', 'openai', book, D);
  assert.equal(gpt.origin, 'table');
  assert.equal(gpt.model, book.find('gpt-4o'));
  const claudeViaBedrock = currentPriceOf('us.anthropic.claude-haiku-4-5-20251001-v1:0', 'bedrock', book, D);
  assert.equal(claudeViaBedrock.origin, 'table');
  assert.equal(claudeViaBedrock.model?.id, 'claude-haiku-4-5');
});

test('a provider\'s tiered price becomes a prompt band (Gemini 2.5 Pro above 200k input tokens)', () => {
  const p = currentPriceOf('gemini-2.5-pro', 'google', book, D).model!;
  assert.deepEqual(p.band, { overPromptTokens: 200_000, prices: { input: 2.5, output: 15, cacheWrite5m: 1.25, cacheWrite1h: 1.25, cacheRead: 0.25 } });
});

test('a local model (ollama, lmstudio, vllm) costs $0 with the reason "local model"', () => {
  assert.deepEqual([...LOCAL_PROVIDERS].sort(), ['llamacpp', 'lmstudio', 'ollama', 'vllm']);
  for (const provider of LOCAL_PROVIDERS) {
    const p = currentPriceOf('llama3.2', provider, book, D);
    assert.equal(p.origin, 'local');
    assert.deepEqual(p.model?.prices, { input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 });
    assert.match(p.note ?? '', /local model/);
  }
});

test('a model neither knows has no price and the reason; a database answer for another provider is refused', () => {
  const unknown = currentPriceOf('totally-made-up-model', 'groq', book, D);
  assert.equal(unknown.model, null);
  assert.match(unknown.note ?? '', /neither the price table nor @pydantic\/genai-prices knows it/);
  // gpt-4.5-preview is an OpenAI model in the database: asked as a Groq model, it is not Groq's price.
  assert.equal(currentPriceOf('gpt-4.5-preview', 'groq', book, D).model, null);
  assert.equal(currentPriceOf('gpt-4.5-preview', 'openai', book, D).origin, 'price-database');
  // Azure OpenAI declares that it serves OpenAI's models: an OpenAI model our table lacks is priced through it.
  const azure = currentPriceOf('gpt-5.1', 'azure-openai', book, D);
  assert.equal(azure.origin, 'price-database');
  assert.equal(azure.model?.provider, 'azure-openai');
});

test('analyze: the current column of non-Claude calls comes from the database; local is $0; unknown is null with the reason', () => {
  const call = (file: string, sdk: string, model: string | null, provider?: string): ScannedCall =>
    scannedCall({ file, enclosingFunction: 'f', sdk, provider, model: ref(model), prompt: [part('system', 'Classify the ticket as billing, bug or other.')] });
  const calls = [
    call('src/a.ts', 'google', 'gemini-2.5-flash'),
    call('src/b.ts', 'openai', 'llama3.2', 'ollama'),
    call('src/c.ts', 'groq', 'no-such-model'),
    call('src/d.ts', 'mistral', 'mistral-large-latest'),
  ];
  const { report, sites } = analyzeCallsDetailed(calls, null, { root: '/r', infer: fixedInfer('classify_intent', 'haiku'), settings: { today: D } });
  const byFile = new Map(report.callSites.map((s) => [s.file, s]));
  const gemini = byFile.get('src/a.ts')!;
  const geminiSite = sites.find((s) => s.site.file === 'src/a.ts')!;
  const expected = (1000 * 30 * (geminiSite.current!.tokens.input * 0.3 + geminiSite.current!.tokens.output * 2.5)) / 1e6;
  assert.equal(gemini.monthlyCost.current, Math.round(expected * 1e4) / 1e4);
  assert.match(gemini.currentNote ?? '', /genai-prices/);
  assert.equal(geminiSite.currentOrigin, 'price-database');
  assert.equal(byFile.get('src/b.ts')!.monthlyCost.current, 0);
  assert.match(byFile.get('src/b.ts')!.currentNote ?? '', /local model/);
  assert.equal(byFile.get('src/c.ts')!.monthlyCost.current, null);
  assert.match(byFile.get('src/c.ts')!.currentNote ?? '', /no price for "no-such-model" on groq.*counted at the Sonnet tier/);
  assert.ok((byFile.get('src/d.ts')!.monthlyCost.current ?? 0) > 0);
  // Haiku and Sonnet are still the Claude tiers.
  assert.deepEqual(report.pricing.tiers, { haiku: 'claude-haiku-5-5', sonnet: 'claude-sonnet-5-5' });
});
