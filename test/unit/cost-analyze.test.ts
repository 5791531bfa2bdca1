import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeCalls, analyzeCallsDetailed, createSiteMemo } from '../../src/core/analyze';
import type { ScannedCall } from '../../src/core/types';
import { parseAnnotation } from '../../src/core/usage/annotations';
import { parseUsageFile } from '../../src/core/usage/usageFile';
import { fixedInfer, part, scannedCall } from './cost-fixtures';

const infer = fixedInfer('summarize_short', 'haiku');
const model = (resolved: string | null, expression = resolved ? `"${resolved}"` : 'cfg.model') => ({ expression, resolved, source: 'literal' as const, span: null });

test('one site: contract fields, tiers on their own tokenizers, current on the call\'s model', () => {
  const call = scannedCall({ model: model('claude-sonnet-4-5'), prompt: [part('system', 'Summarize the meeting in three bullets.'), part('user', '', 1)], maxTokens: 300 });
  const { report, sites } = analyzeCallsDetailed([call], null, { root: '/repo', infer });
  const s = report.callSites[0];
  assert.equal(s.id, 'src/app.ts#handler');
  assert.deepEqual([s.line, s.column, s.sdk, s.api, s.taskType, s.recommendedTier, s.callsPerDay, s.volumeSource], [10, 5, 'anthropic', 'messages.create', 'summarize_short', 'haiku', 1000, 'default']);
  const d = sites[0];
  assert.equal(d.haiku.tokens.generation, 'claude-2026');
  assert.equal(d.current?.tokens.generation, 'claude-legacy');
  assert.ok(d.haiku.tokens.input > d.current!.tokens.input, 'the newer tokenizer counts more tokens for the same prompt');
  // The reported tokens are the current model's.
  assert.equal(s.tokens.input, d.current!.tokens.input);
  assert.match(s.tokens.source, /claude-sonnet-4-5/);
  const expectSonnet45 = (1000 * 30 * (d.current!.tokens.input * 3 + d.current!.tokens.output * 15)) / 1e6;
  assert.equal(s.monthlyCost.current, Math.round(expectSonnet45 * 1e4) / 1e4);
  assert.match(d.currentNote ?? '', /retired since 2026-11-30/);
  assert.equal(s.currentNote, d.currentNote, 'the reason is in the CLI JSON too');
  assert.equal(report.pricing.asOf, '2026-12-05');
  assert.deepEqual(report.pricing.tiers, { haiku: 'claude-haiku-5-5', sonnet: 'claude-sonnet-5-5' });
});

test('unknown or unresolved current models give current: null and count at the Sonnet tier in the total', () => {
  const calls = [scannedCall({ file: 'src/a.ts', model: model(null) }), scannedCall({ file: 'src/b.ts', model: model('gemini-1.5-pro') })];
  const { report, sites } = analyzeCallsDetailed(calls, null, { root: '/r', infer });
  assert.deepEqual(report.callSites.map((s) => s.monthlyCost.current), [null, null]);
  assert.equal(report.totals.current, report.totals.allSonnet);
  assert.match(sites[0].currentNote!, /not resolved from `cfg.model`/);
  assert.match(sites[1].currentNote!, /no price for "gemini-1.5-pro"/);
});

test('OpenAI current models are priced for the current column only', () => {
  const { report } = analyzeCallsDetailed([scannedCall({ sdk: 'openai', api: 'chat.completions.create', model: model('gpt-4o-mini') })], null, { root: '/r', infer });
  const s = report.callSites[0];
  assert.equal(s.monthlyCost.current, Math.round(((1000 * 30 * (500 * 0.15 + 150 * 0.6)) / 1e6) * 1e4) / 1e4);
});

test('totals: recommended takes each site on its tier; sites are sorted by file and line; ids computed when not given', () => {
  const calls = [
    scannedCall({ file: 'src/z.ts', line: 3 }),
    scannedCall({ file: 'src/a.ts', line: 40, enclosingFunction: 'f' }),
    scannedCall({ file: 'src/a.ts', line: 5, enclosingFunction: 'f' }),
  ];
  const byFile = { 'src/z.ts': ['review_code', 'sonnet'] } as Record<string, [string, 'haiku' | 'sonnet']>;
  const { report } = analyzeCallsDetailed(calls, null, { root: '/r', infer: fixedInfer('classify_intent', 'haiku', byFile) });
  assert.deepEqual(report.callSites.map((s) => s.id), ['src/a.ts#f', 'src/a.ts#f#2', 'src/z.ts#handler']);
  const sum = (f: (s: (typeof report.callSites)[number]) => number) => Math.round(report.callSites.reduce((n, s) => n + f(s), 0) * 1e4) / 1e4;
  assert.equal(report.totals.allHaiku, sum((s) => s.monthlyCost.haiku));
  assert.equal(report.totals.allSonnet, sum((s) => s.monthlyCost.sonnet));
  assert.equal(report.totals.recommended, sum((s) => (s.recommendedTier === 'haiku' ? s.monthlyCost.haiku : s.monthlyCost.sonnet)));
  assert.ok(report.totals.allHaiku < report.totals.recommended && report.totals.recommended < report.totals.allSonnet);
});

test('task type precedence: usage-file call site > annotation > registry > inference', () => {
  const ann = parseAnnotation('// tierwise: calls=50k/day task=extract_entities', 9).annotation;
  const usage = parseUsageFile(JSON.stringify({ callSites: { 'src/b.ts#handler': { taskType: 'review_code' } } }));
  const calls = [
    scannedCall({ file: 'src/a.ts', annotation: ann, registryTask: 'classify_intent' }),
    scannedCall({ file: 'src/b.ts', annotation: ann }),
    scannedCall({ file: 'src/c.ts', registryTask: 'classify_intent' }),
    scannedCall({ file: 'src/d.ts' }),
  ];
  // An inference that ignores every override: the named task types must still win.
  const stubborn = () => fixedInfer('chat_general', 'sonnet')(calls[3], null);
  const { report, sites } = analyzeCallsDetailed(calls, null, { root: '/r', usage, infer: stubborn });
  assert.deepEqual(report.callSites.map((s) => [s.taskType, s.recommendedTier]), [
    ['extract_entities', 'haiku'],
    ['review_code', 'sonnet'],
    ['classify_intent', 'haiku'],
    ['chat_general', 'sonnet'],
  ]);
  assert.deepEqual(sites.map((s) => s.taskTypeSource), ['the annotation on line 9', '.tierwise.json callSites["src/b.ts#handler"]', 'the registry', 'inferred']);
  assert.equal(report.callSites[0].confidence, 1);
  assert.deepEqual([report.callSites[0].callsPerDay, report.callSites[0].volumeSource], [50000, 'annotation']);
});

test('prices: usage file over settings over the table; an unknown tier model warns and falls back', () => {
  const usage = parseUsageFile(JSON.stringify({ prices: { 'claude-haiku-5-5': { input: 1, output: 1 } } }));
  const { report, warnings } = analyzeCallsDetailed([scannedCall()], null, {
    root: '/r',
    usage,
    infer,
    settings: { prices: { 'claude-haiku-5-5': { input: 9, output: 9 }, 'claude-sonnet-5-5': { input: 0, output: 0 } }, tiers: { sonnet: 'claude-sonnet-77' } },
  });
  // Fully dynamic prompt: 650 in, 150 × 1.3 = 195 out on the 2026 tokenizer.
  assert.equal(report.callSites[0].monthlyCost.haiku, (1000 * 30 * (650 + 195)) / 1e6);
  assert.equal(report.pricing.tiers.sonnet, 'claude-sonnet-5-5');
  assert.equal(report.callSites[0].monthlyCost.sonnet, 0, 'the settings override applies to the fallback model');
  assert.match(warnings[0], /claude-sonnet-77/);
});

test('the pricing date selects effective-dated prices', () => {
  const call = scannedCall({ cacheControl: true, cacheTtl: '5m', prompt: [part('system', 'Policy clause. '.repeat(800))] });
  const before = analyzeCalls([call], null, { root: '/r', infer, settings: { date: '2026-09-30' } });
  const after = analyzeCalls([call], null, { root: '/r', infer, settings: { date: '2026-10-07' } });
  assert.equal(before.pricing.asOf, '2026-09-30');
  assert.ok(before.callSites[0].monthlyCost.sonnet > after.callSites[0].monthlyCost.sonnet);
  assert.equal(before.callSites[0].monthlyCost.haiku, after.callSites[0].monthlyCost.haiku);
});

test('skipped files pass through; usage-file problems and unused entries are returned', () => {
  const usage = parseUsageFile('{ "callSites": { "src/nowhere.ts#f": { "callsPerDay": 1 } } }');
  const a = analyzeCallsDetailed([scannedCall()], null, { root: '/r', infer, usage, skipped: [{ file: 'big.js', reason: 'over 1 MB' }] });
  assert.deepEqual(a.report.skipped, [{ file: 'big.js', reason: 'over 1 MB' }]);
  assert.equal(a.problems.length, 1);
  assert.match(a.problems[0].message, /src\/nowhere\.ts#f/);
  assert.deepEqual(analyzeCalls([], null, { root: '/r', infer }).totals, { allHaiku: 0, allSonnet: 0, recommended: 0, current: 0 });
});

test('pricing thousands of call sites prices every one (its speed is measured by npm run bench, not here)', () => {
  const texts = ['You are a triage assistant. Reply with one label.', 'Summarize:\n', '{"type":"object","properties":{"a":{"type":"string"}}}'];
  const calls = Array.from({ length: 5000 }, (_v, i) =>
    scannedCall({ file: `src/f${i}.ts`, prompt: [part('system', `${texts[i % 3]} ${i}`), part('user', 'Q: ', 1)], model: model(i % 2 ? 'claude-sonnet-4-5' : 'gpt-4o') }),
  );
  const r = analyzeCalls(calls, null, { root: '/r', infer });
  assert.equal(r.callSites.length, 5000);
  assert.ok(r.callSites.every((s) => s.monthlyCost.haiku > 0 && s.monthlyCost.sonnet > s.monthlyCost.haiku));
});

test('an inference that throws on one call does not take the report down', () => {
  const calls = [scannedCall({ file: 'src/a.ts' }), scannedCall({ file: 'src/b.ts' })];
  const flaky = (call: (typeof calls)[number], o: Parameters<typeof infer>[1]) => {
    if (call.file === 'src/b.ts') throw new Error('boom');
    return infer(call, o);
  };
  const { report, warnings } = analyzeCallsDetailed(calls, null, { root: '/r', infer: flaky });
  assert.deepEqual(report.callSites.map((s) => [s.taskType, s.recommendedTier]), [['summarize_short', 'haiku'], ['unknown', 'sonnet']]);
  assert.match(warnings[0], /src\/b\.ts#handler: task type inference failed: boom/);
});

test('with a memo, an unchanged call site gets its previous result object; any change in the call or its context re-analyses', () => {
  const memo = createSiteMemo();
  let inferred = 0;
  const counting = (call: ScannedCall, o: Parameters<typeof infer>[1]) => {
    inferred++;
    return infer(call, o);
  };
  const calls = () => [scannedCall({ file: 'src/a.ts', maxTokens: 100 }), scannedCall({ file: 'src/b.ts' }), scannedCall({ file: 'src/c.ts' })];
  const first = analyzeCallsDetailed(calls(), null, { root: '/r', infer: counting, memo });
  assert.equal(inferred, 3);
  // Fresh but equal call objects (the link step builds new ones on every run): same results, no inference.
  const again = analyzeCallsDetailed(calls(), null, { root: '/r', infer: counting, memo });
  assert.equal(inferred, 3, 'nothing analysed again');
  again.sites.forEach((s, i) => assert.equal(s, first.sites[i], `site ${i} is the same object`));
  assert.deepEqual(again.report, first.report);
  // One call changes: only it is analysed again, and its result equals a run without a memo.
  const changed = calls();
  changed[0] = scannedCall({ file: 'src/a.ts', maxTokens: 4000 });
  const third = analyzeCallsDetailed(changed, null, { root: '/r', infer: counting, memo });
  assert.equal(inferred, 4);
  assert.notEqual(third.sites[0], again.sites[0]);
  assert.equal(third.sites[1], again.sites[1]);
  assert.deepEqual(third.report, analyzeCallsDetailed(changed, null, { root: '/r', infer }).report);
  // The context changes (a usage file, a setting): everything is analysed again, with the new figures.
  const usage = parseUsageFile(JSON.stringify({ defaults: { callsPerDay: 5000 } }));
  const fourth = analyzeCallsDetailed(changed, null, { root: '/r', infer: counting, usage, memo });
  assert.equal(inferred, 7);
  assert.deepEqual(fourth.report, analyzeCallsDetailed(changed, null, { root: '/r', infer, usage }).report);
  assert.equal(fourth.report.callSites[0].callsPerDay, 5000);
  const fifth = analyzeCallsDetailed(changed, null, { root: '/r', infer: counting, usage, memo, settings: { tiers: { haiku: 'claude-haiku-4-5' } } });
  assert.equal(inferred, 10);
  assert.equal(fifth.report.pricing.tiers.haiku, 'claude-haiku-4-5');
});
