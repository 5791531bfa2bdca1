// Issue #15 on the lens: the loop (`agent loop ~6 turns`), the caching a call lacks (`caching would save $X/mo`) and
// measured volumes (`12.3k/day measured (Nov 28 – Dec 4)`) fit in the compact lens's 70 characters with everything
// else it shows; the volume of an agent loop is counted in tasks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMPACT_LENS_MAX, lensTitle, periodText, volumeText } from '../../src/core/present/lens';
import { callDetailsMarkdown } from '../../src/core/present/hover';
import { formatMoney } from '../../src/core/present/format';
import type { CallSite } from '../../src/core/types';
import { makeWorkspace, Rng, Score, spanText } from '../bench/otlp-synth';
import { importOtlp } from '../../src/core/usage/import/index';
import { initScanEngine } from '../../src/core/scan/engine/simple';

const TIERS = { haiku: 'claude-haiku-5-5', sonnet: 'claude-sonnet-5-5' };

function site(over: Partial<CallSite>): CallSite {
  return {
    id: 'src/a.ts#f',
    file: 'src/a.ts',
    line: 1,
    column: 1,
    language: 'typescript',
    sdk: 'anthropic',
    api: 'messages.create',
    model: { expression: "'claude-sonnet-4-6'", resolved: 'claude-sonnet-4-6' },
    streaming: false,
    batch: false,
    cacheControl: false,
    taskType: 'plan_agent_steps',
    confidence: 0.9,
    reasons: [],
    recommendedTier: 'sonnet',
    tokens: { input: 640, output: 10, source: 'estimate' },
    callsPerDay: 6000,
    volumeSource: 'default',
    monthlyCost: { haiku: 19.5, sonnet: 58.5, current: 70.5 },
    ...over,
  };
}

const loop = (over: Partial<NonNullable<CallSite['loop']>> = {}): NonNullable<CallSite['loop']> => ({
  kind: 'agent-loop',
  runner: 'code',
  turnsPerTask: 6,
  turnsSource: 'default',
  tasksPerDay: 1000,
  volumeCounts: 'tasks',
  addedTokensPerTurn: 550,
  addedSource: 'output + tools',
  firstTurnInput: 2100,
  lastTurnInput: 9800,
  inputPerTask: 35_000,
  outputPerTask: 2400,
  pricedPer: 'task',
  ...over,
});

test('the loop note, the assumed volume in tasks, the hover\'s first and last turn', () => {
  const s = site({ loop: loop() });
  const lens = lensTitle(s, 'compact', TIERS);
  assert.match(lens, / · (agent )?loop ~6 turns · 1k tasks\/day\?$/);
  assert.ok(lens.length <= COMPACT_LENS_MAX, lens);
  assert.match(lensTitle(s, 'full', TIERS), / · agent loop ~6 turns · 1k tasks\/day assumed$/);
  assert.equal(volumeText(s), '1k tasks/day assumed');
  const md = callDetailsMarkdown({ site: s, prices: [], pricesAsOf: '2026-12-05', tiers: TIERS });
  assert.match(md, /\| Agent loop \| ~6 turns per task \(default\); the code runs the turns: each run is one task; 1,000 tasks\/day = 6,000 calls\/day · turn 1: 2,100 tokens in … turn 6: 9,800 \(\+550 per turn/);
  const chat = site({ loop: loop({ kind: 'conversation', runner: 'caller', volumeCounts: 'requests', turnsPerTask: 4, tasksPerDay: 1500 }) });
  assert.match(lensTitle(chat, 'compact', TIERS), / · chat ~4 turns · 6k\/day\?$/);
});

test('the caching note and the hover\'s assumption', () => {
  const o = { model: 'claude-sonnet-4-6', breakpoint: 'system' as const, ttl: '5m' as const, prefixTokens: 1418, minCacheableTokens: 1024, monthlyWithout: 3076.2, monthlyWith: 1969.89, savingPerMonth: 1106.31, writesPerDay: 288 };
  const s = site({ cachingOpportunity: o, loop: undefined, callsPerDay: 10_000, volumeSource: 'annotation' });
  assert.match(lensTitle(s, 'full', TIERS), / · caching would save \$1,106\/mo · /);
  const md = callDetailsMarkdown({ site: s, prices: [], pricesAsOf: '2026-12-05', tiers: TIERS });
  assert.match(md, /\| Caching \| \*\*would save \$1,106\/mo\*\* on ` claude-sonnet-4-6 `: \$1,970\/mo with a 5-minute cache\\_control breakpoint on the last system block vs \$3,076\/mo now\. Assumes the 1,418-token prefix \(tools \+ system prompt; the minimum is 1,024\) is the same on every call and that calls spread over the day: one write \(1\.25× input\) per 5-minute window, 288 a day/);
});

test('measured volumes: the period on the lens and in the hover', () => {
  assert.equal(periodText('2026-11-28', '2026-12-04'), 'Nov 28 – Dec 4');
  assert.equal(periodText('2025-12-28', '2026-01-03'), 'Dec 28, 2025 – Jan 3, 2026');
  const measured = { source: 'traces.json (otlp)', from: '2026-11-28', to: '2026-12-04', callsPerDay: 12_300, spans: 86_100 };
  const s = site({ measured, callsPerDay: 12_300, volumeSource: 'usage-file' });
  assert.equal(volumeText(s), '12.3k/day measured (Nov 28 – Dec 4)');
  assert.match(lensTitle(s, 'compact', TIERS), /12\.3k\/day measured/);
  assert.doesNotMatch(lensTitle(s, 'compact', TIERS), /\/day\?/);
});

test('compact lens: at most 70 characters with loops, caching notes and measured volumes', () => {
  const rng = new Rng(11);
  const models = ['claude-sonnet-4-6', 'claude-haiku-4-5-20251001', 'gpt-4.1-mini-2025-04-14', 'claude-opus-4-1', 'my-finetuned-model-with-a-long-name-v12', null];
  for (let i = 0; i < 500; i++) {
    const resolved = rng.pick(models);
    const big = 10 ** rng.int(7);
    const opportunity = rng.next() < 0.5 ? { model: 'm', breakpoint: 'system' as const, ttl: '5m' as const, prefixTokens: 2000, minCacheableTokens: 1024, monthlyWithout: 1, monthlyWith: 1, savingPerMonth: rng.next() * big * 10, writesPerDay: 288 } : undefined;
    const s = site({
      model: { expression: resolved ? `'${resolved}'` : 'm', resolved },
      taskType: rng.pick(['classify_intent', 'route_support_ticket_to_the_right_team_queue', 'plan_agent_steps']),
      recommendedTier: rng.next() < 0.5 ? 'haiku' : 'sonnet',
      monthlyCost: { haiku: rng.next() * big, sonnet: rng.next() * big * 20, current: resolved ? rng.next() * big * 30 : null },
      volumeSource: rng.pick(['default', 'annotation', 'usage-file'] as const),
      callsPerDay: rng.int(2_000_000),
      ...(rng.next() < 0.5 ? { loop: loop({ turnsPerTask: 1 + rng.int(999), tasksPerDay: rng.int(1_000_000) }) } : {}),
      ...(opportunity ? { cachingOpportunity: opportunity } : {}),
      ...(rng.next() < 0.3 ? { measured: { source: 's', from: '2026-11-28', to: '2027-01-04', callsPerDay: 1, spans: 1 } } : {}),
    });
    const lens = lensTitle(s, 'compact', TIERS);
    assert.ok(lens.length <= COMPACT_LENS_MAX, `${lens.length}: "${lens}"`);
    if (s.loop && !lens.endsWith('…')) assert.match(lens, /(loop|chat) ~\d+ turns/, lens);
    if (opportunity && opportunity.savingPerMonth >= 0.005 && !lens.endsWith('…')) assert.ok(lens.includes(formatMoney(opportunity.savingPerMonth)), lens);
  }
});

test('matching precision and recall on a synthetic export with known ground truth', async () => {
  await initScanEngine();
  const ws = makeWorkspace(5, 9, 3);
  const rng = new Rng(3);
  const spans: string[] = [];
  for (let i = 0; i < 3000; i++) spans.push(spanText(rng, ws.sites, i, 3000).text);
  // One OTLP document (the bench uses JSON Lines).
  const doc = `{"resourceSpans":[{"scopeSpans":[{"spans":[\n${spans.join(',\n')}\n]}]}]}`;
  const score = new Score();
  async function* chunks() {
    for (let i = 0; i < doc.length; i += 4096) yield doc.slice(i, i + 4096);
  }
  const r = await importOtlp(chunks(), 'synthetic.json', ws.sites, (m) => m, {
    onMatch: (span, result) => score.add(String(span.attributes.get('test.truth') ?? ''), String(span.attributes.get('test.kind')), result.id),
  });
  assert.equal(r.modelSpans, 3000);
  // Every match is right; what is left unmatched is what cannot be told apart (no attributes, or a prompt two sites share).
  assert.equal(score.precision, 1);
  assert.ok(score.recall > 0.8, `recall ${score.recall}`);
  for (const kind of ['code', 'function', 'prompt']) assert.equal(score.byKind.get(kind)!.correct, score.byKind.get(kind)!.spans, kind);
  for (const kind of ['bare', 'shared', 'foreign']) assert.equal(score.byKind.get(kind)!.matched, 0, kind);
});
