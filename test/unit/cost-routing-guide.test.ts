import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeCallsDetailed } from '../../src/core/analyze';
import { parseUsageFile } from '../../src/core/usage/usageFile';
import { formatUsd } from '../../src/core/report/money';
import { fixedInfer, scannedCall } from './cost-fixtures';

// The routing guide's worked example: 1,000 calls/day at 500 input and 200 output tokens is 15M input and 6M
// output tokens a month; at $0.80/$4 (Haiku) and $3/$15 (Sonnet): $36 all-Haiku, $135 all-Sonnet, $65.70 at 70% Haiku.
// Ten call sites at 100 calls/day each, seven of them recommended for Haiku.

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'usage', name), 'utf8');
const tenSites = () => Array.from({ length: 10 }, (_v, i) => scannedCall({ file: `src/site${i}.ts`, model: { expression: 'model', resolved: null, source: 'unresolved', span: null } }));
const cents = (n: number) => Math.round(n * 100) / 100;

test('routing guide example from the usage file alone (call-site tokens, task types and prices), default tiers', () => {
  const usage = parseUsageFile(fixture('routing-guide.tierwise.json'));
  assert.equal(usage.valid, true, usage.problems.map((p) => p.message).join('\n'));
  // The stub would put everything on Sonnet as "unknown": the tiers must come from the usage file's task types.
  const { report, problems } = analyzeCallsDetailed(tenSites(), null, { root: '/r', usage, infer: fixedInfer('unknown', 'sonnet') });
  assert.deepEqual(problems, []);
  assert.equal(report.pricing.tiers.haiku, 'claude-haiku-5-5');
  assert.equal(report.callSites.filter((s) => s.recommendedTier === 'haiku').length, 7);
  assert.equal(cents(report.totals.allHaiku), 36.0);
  assert.equal(cents(report.totals.allSonnet), 135.0);
  assert.equal(cents(report.totals.recommended), 65.7);
  assert.equal(formatUsd(report.totals.recommended), '$65.70');
  assert.equal(report.callSites.reduce((n, s) => n + s.callsPerDay, 0), 1000);
  for (const s of report.callSites) {
    assert.deepEqual([s.tokens.input, s.tokens.output, s.volumeSource], [500, 200, 'usage-file']);
    assert.equal(s.monthlyCost.haiku, 3.6);
    assert.equal(s.monthlyCost.sonnet, 13.5);
  }
});

test('routing guide example from defaults and task-type output lengths, with the guide-era legacy-tokenizer tiers', () => {
  const usage = parseUsageFile(fixture('routing-guide-defaults.tierwise.json'));
  assert.equal(usage.valid, true);
  const byFile = Object.fromEntries(
    ['classify_intent', 'classify_intent', 'classify_intent', 'extract_entities', 'extract_entities', 'summarize_short', 'summarize_short', 'review_code', 'plan_agent_steps', 'draft_long_form'].map(
      (t, i) => [`src/site${i}.ts`, [t, i < 7 ? 'haiku' : 'sonnet']],
    ),
  ) as Record<string, [string, 'haiku' | 'sonnet']>;
  const { report } = analyzeCallsDetailed(tenSites(), null, {
    root: '/r',
    usage,
    settings: { tiers: { haiku: 'claude-3-5-haiku', sonnet: 'claude-sonnet-4-6' } },
    infer: fixedInfer('unknown', 'sonnet', byFile),
  });
  for (const s of report.callSites) assert.deepEqual([s.tokens.input, s.tokens.output], [500, 200]);
  assert.deepEqual(
    [cents(report.totals.allHaiku), cents(report.totals.allSonnet), cents(report.totals.recommended)],
    [36.0, 135.0, 65.7],
  );
  // The current model is unresolved everywhere: the current total counts those sites at the Sonnet tier.
  assert.equal(cents(report.totals.current), 135.0);
});

test('the same traffic on the default November 2026 tiers is priced with the newer tokenizer (~1.3× tokens)', () => {
  const usage = parseUsageFile(JSON.stringify({ defaults: { callsPerDay: 100 } }));
  const { sites } = analyzeCallsDetailed(tenSites(), null, { root: '/r', usage, infer: fixedInfer('classify_intent', 'haiku') });
  assert.equal(sites[0].haiku.tokens.input, 650);
  assert.equal(sites[0].haiku.tokens.output, 13);
  // 100 × 30 × (650 × 0.10 + 13 × 0.50) / 1e6
  assert.equal(sites[0].site.monthlyCost.haiku, Math.round(((3000 * (650 * 0.1 + 13 * 0.5)) / 1e6) * 1e4) / 1e4);
});
