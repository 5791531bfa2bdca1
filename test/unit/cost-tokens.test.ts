import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getTokenizer } from '@anthropic-ai/tokenizer';
import { estimateLegacyTokens, estimateTokens, scaleTokens } from '../../src/core/cost/tokens';

// Bounds measured when the weights were fitted (docs/pricing.md): mean |error| 3.7%, max 10.2% over 52 samples.
// A small margin absorbs nothing but rounding; a change to the estimator that does worse fails here.
const MEAN_BOUND = 0.04;
const MAX_BOUND = 0.11;

const dir = join(__dirname, '..', 'fixtures', 'usage', 'token-corpus');

// countTokens() builds the BPE tables on every call (~0.5 s each); build them once and count as it does.
let reference: Map<string, number> | null = null;
function countTokens(text: string): number {
  if (!reference) reference = new Map();
  let n = reference.get(text);
  if (n === undefined) {
    const tokenizer = getTokenizer();
    try {
      for (const f of readdirSync(dir)) {
        const t = readFileSync(join(dir, f), 'utf8');
        reference.set(t, tokenizer.encode(t.normalize('NFKC'), 'all').length);
      }
      n = reference.get(text) ?? tokenizer.encode(text.normalize('NFKC'), 'all').length;
    } finally {
      tokenizer.free();
    }
  }
  return n;
}

test('the estimate stays within the measured error of @anthropic-ai/tokenizer on the corpus', () => {
  const files = readdirSync(dir).sort();
  assert.ok(files.length >= 40, `corpus has ${files.length} samples`);
  let sum = 0;
  let max = 0;
  let worst = '';
  let biasSum = 0;
  for (const f of files) {
    const text = readFileSync(join(dir, f), 'utf8');
    const ref = countTokens(text);
    const rel = (estimateTokens(text, 'claude-legacy') - ref) / ref;
    sum += Math.abs(rel);
    biasSum += rel;
    if (Math.abs(rel) > max) [max, worst] = [Math.abs(rel), f];
  }
  const mean = sum / files.length;
  assert.ok(mean <= MEAN_BOUND, `mean |error| ${(mean * 100).toFixed(1)}%`);
  assert.ok(max <= MAX_BOUND, `max |error| ${(max * 100).toFixed(1)}% on ${worst}`);
  assert.ok(Math.abs(biasSum / files.length) < 0.02, 'no systematic over- or under-count');
});

test('a chars/4 rule would be far worse on this corpus (the calibration matters)', () => {
  const files = readdirSync(dir);
  let naive = 0;
  for (const f of files) {
    const text = readFileSync(join(dir, f), 'utf8');
    naive += Math.abs(Math.round(text.length / 4) - countTokens(text)) / countTokens(text);
  }
  assert.ok(naive / files.length > 0.1);
});

test('the newer tokenizer generation counts 1.3× the legacy estimate', () => {
  const text = readFileSync(join(dir, 'sys-04-codereview.txt'), 'utf8');
  assert.equal(estimateTokens(text, 'claude-2026'), Math.round(estimateLegacyTokens(text) * 1.3));
  assert.equal(scaleTokens(500, 'claude-2026'), 650);
  assert.equal(scaleTokens(500, 'claude-legacy'), 500);
  assert.equal(estimateTokens('', 'claude-2026'), 0);
});

test('estimating 1 MB of text is fast and never throws on odd input', () => {
  const big = readdirSync(dir)
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n')
    .repeat(25);
  const t = performance.now();
  const n = estimateTokens(big.slice(0, 1_000_000));
  assert.ok(n > 150_000);
  assert.ok(performance.now() - t < 1500, `took ${performance.now() - t} ms`);
  for (const odd of ['\u0000\uffff', '\ud800', '🙈'.repeat(10), '\t\t\t\n\r\n', '9'.repeat(100)]) assert.ok(estimateTokens(odd) >= 0);
});
