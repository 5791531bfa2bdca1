// Issue #15, items 1 and 2: agent loops and conversations priced per task, prompt caching priced right (5-minute and
// 1-hour writes, reads, the minimum cacheable length, automatic prefix caching, batches with caching), and the caching
// a call lacks found. Every expected figure below is worked out by hand in the comment above it, from the token counts
// the test pins first (so a change in the token estimate shows as such, not as a wrong price).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeCallsDetailed, type AnalyzedSite } from '../../src/core/analyze';
import { monthlyCostOn } from '../../src/core/cost/cost';
import { buildPriceBook } from '../../src/core/cost/prices';
import { inferTaskType } from '../../src/core/infer/index';
import { initScanEngine } from '../../src/core/scan/engine/simple';
import { scanWorkspace } from '../../src/core/scan/workspace';
import { parseAnnotation } from '../../src/core/usage/annotations';
import { parseUsageFile, type UsageFile } from '../../src/core/usage/usageFile';
import { fixedInfer, part, scannedCall } from './cost-fixtures';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'costs');
const book = buildPriceBook();
const D = '2026-12-05';
const m = (id: string) => book.find(id)!;
const cents = (n: number) => Math.round(n * 100) / 100;

let sites: Map<string, AnalyzedSite>;
async function analyzeFixtures(usage: UsageFile = {}): Promise<Map<string, AnalyzedSite>> {
  const scan = await scanWorkspace(FIXTURES, []);
  const analysis = analyzeCallsDetailed(scan.calls, scan.ids, { root: FIXTURES, usage, infer: (c, o) => inferTaskType(c, o ?? undefined) });
  return new Map(analysis.sites.map((s) => [s.site.id, s]));
}

before(async () => {
  await initScanEngine();
  sites = await analyzeFixtures();
});

test('agent loop (TypeScript, the code loops on stop_reason): priced per task, the history re-sent every turn', () => {
  const a = sites.get('agent-loop.ts#runRefundAgent')!;
  const loop = a.site.loop!;
  assert.deepEqual([loop.kind, loop.runner, loop.turnsPerTask, loop.volumeCounts, loop.tasksPerDay], ['agent-loop', 'code', 6, 'tasks', 200]);
  // Turn 1 on Sonnet 4.6 (the current model): 956 tokens in, 400 out (plan_agent_steps). Each turn adds its output
  // (400) and a tool result: lookup_order (a lookup, 250) and issue_refund (an action, 50) average 150 → 550.
  assert.deepEqual([loop.firstTurnInput, a.site.tokens.output, loop.addedTokensPerTurn], [956, 400, 550]);
  // Turn 6 sends 956 + 5 × 550 = 3,706; a task sends 6 × 956 + 550 × (0+1+2+3+4+5) = 5,736 + 8,250 = 13,986 in, 2,400 out.
  assert.deepEqual([loop.lastTurnInput, loop.inputPerTask, loop.outputPerTask], [3706, 13986, 2400]);
  // 200 tasks/day (tasks=200/day) × 6 turns = 1,200 requests/day.
  assert.equal(a.site.callsPerDay, 1200);
  // 200 × 30 × (13,986 × $3 + 2,400 × $15) / 1M = 6,000 × $0.077958 = $467.748.
  assert.equal(cents(a.site.monthlyCost.current!), 467.75);
  // Priced as one request it was 1,200 × 30 × (956 × 3 + 400 × 15)/1M = $318.85: the loop costs about half as much again.
  assert.ok(a.site.monthlyCost.current! > (1200 * 30 * (956 * 3 + 400 * 15)) / 1e6 + 100);
});

test('agent loop (Python, turns=8 in the annotation): the tools\' shapes set what a turn adds', () => {
  const a = sites.get('agent_loop.py#resolve_ticket')!;
  const loop = a.site.loop!;
  assert.deepEqual([loop.kind, loop.runner, loop.turnsPerTask, loop.turnsSource, loop.tasksPerDay], ['agent-loop', 'code', 8, 'the annotation on line 15', 500]);
  // Haiku 4.5: 928 in, 400 out per turn; tool results: search_docs (retrieval, 800) and get_ticket (lookup, 250) → 525;
  // added per turn 400 + 525 = 925.
  assert.deepEqual([loop.firstTurnInput, a.site.tokens.output, loop.addedTokensPerTurn], [928, 400, 925]);
  // A task: 8 × 928 + 925 × 28 = 7,424 + 25,900 = 33,324 in; 3,200 out. 500 × 30 × (33,324 × $1 + 3,200 × $5)/1M = $739.86.
  assert.equal(loop.inputPerTask, 33324);
  assert.equal(a.site.callsPerDay, 4000);
  assert.equal(cents(a.site.monthlyCost.current!), 739.86);
});

test('chat route (history passed in by the caller): each call is one turn, priced at a conversation\'s average turn', () => {
  const a = sites.get('chat-route.ts#reply')!;
  const loop = a.site.loop!;
  // The volume counts requests (20k calls/day: one per user message); 4 turns per conversation → 5,000 conversations.
  assert.deepEqual([loop.kind, loop.runner, loop.volumeCounts, loop.turnsPerTask, loop.tasksPerDay, a.site.callsPerDay], ['conversation', 'caller', 'requests', 4, 5000, 20000]);
  // Turn 1: 520 in, 350 out; each turn adds the reply (350) and the next user message (100).
  assert.deepEqual([loop.firstTurnInput, a.site.tokens.output, loop.addedTokensPerTurn, loop.lastTurnInput], [520, 350, 450, 1870]);
  // A conversation: 4 × 520 + 450 × 6 = 4,780 in, 1,400 out. 5,000 × 30 × (4,780 × 3 + 1,400 × 15)/1M = $5,301.
  assert.equal(loop.inputPerTask, 4780);
  assert.equal(cents(a.site.monthlyCost.current!), 5301);
  // The same figure per request: 20,000 × 30 × the mean turn (4,780 / 4 = 1,195 in, 350 out) = $5,301.
  assert.equal(cents((20000 * 30 * (1195 * 3 + 350 * 15)) / 1e6), 5301);
});

test('turns, tasks and the tokens a turn adds come from the usage file and annotations; turns=1 is one request', async () => {
  const usage: UsageFile = {
    callSites: {
      'agent-loop.ts#runRefundAgent': { turns: 3, addedTokensPerTurn: 1000 },
      'chat-route.ts#reply': { turns: 1 },
    },
  };
  const s = await analyzeFixtures(usage);
  const a = s.get('agent-loop.ts#runRefundAgent')!;
  // 3 turns: 956, 1,956, 2,956 → 5,868 in, 1,200 out per task; 200 × 30 × (5,868 × 3 + 1,200 × 15)/1M = $213.62.
  assert.deepEqual([a.site.loop!.turnsPerTask, a.site.loop!.inputPerTask, a.site.callsPerDay], [3, 5868, 600]);
  assert.equal(cents(a.site.monthlyCost.current!), 213.62);
  const chat = s.get('chat-route.ts#reply')!;
  assert.equal(chat.site.loop, undefined, 'turns: 1 prices the route as one request');
  // 20,000 × 30 × (520 × 3 + 350 × 15)/1M = $4,086.
  assert.equal(cents(chat.site.monthlyCost.current!), 4086);
  // Annotations: tasks= and turns= on a plain call price it as an agent loop with that many turns.
  const ann = parseAnnotation('// tierwise: tasks=100/day turns=4', 9).annotation!;
  assert.deepEqual([ann.callsPerDay, ann.volumeUnit, ann.turns], [100, 'tasks', 4]);
  assert.match(parseAnnotation('// tierwise: turns=0', 3).errors[0], /turns must be a whole number from 1 to 1000/);
  const call = scannedCall({ model: { expression: '"claude-sonnet-4-6"', resolved: 'claude-sonnet-4-6', source: 'literal', span: null }, prompt: [part('user', '', 1)], annotation: ann });
  const r = analyzeCallsDetailed([call], null, { root: '/r', infer: fixedInfer('unknown', 'sonnet') });
  const site = r.report.callSites[0];
  assert.deepEqual([site.loop?.runner, site.loop?.turnsPerTask, site.loop?.tasksPerDay, site.callsPerDay], ['user', 4, 100, 400]);
});

test('explicit cache_control on a prefix above the minimum: writes once per 5-minute window, reads the rest', () => {
  const a = sites.get('caching.ts#answerCached')!;
  // Sonnet 4.6: 1,918 in (1,418 of them the static system prompt, the cached prefix), 300 out; 10k calls/day.
  assert.deepEqual([a.site.tokens.input, a.site.tokens.output, a.site.promptCaching?.prefixTokens], [1918, 300, 1418]);
  assert.deepEqual([a.site.promptCaching?.writesPerDay, a.site.promptCaching?.readsPerDay], [288, 9712]);
  // A write: (500 × $3 + 1,418 × $3.75 + 300 × $15)/1M = $0.0113175; a read: (500 × 3 + 1,418 × $0.30 + 4,500)/1M = $0.0064254.
  // 288 × 0.0113175 + 9,712 × 0.0064254 = 3.25944 + 62.4034848 = $65.6629248 a day; × 30 = $1,969.89.
  assert.equal(cents(a.site.monthlyCost.current!), 1969.89);
  assert.equal(a.site.cachingOpportunity, undefined, 'no suggestion where the code already caches');
});

test('the same prefix without cache_control: priced uncached, and the caching it lacks is found with its saving', () => {
  const a = sites.get('caching.ts#answerUncached')!;
  // 10,000 × 30 × (1,918 × 3 + 300 × 15)/1M = $3,076.20.
  assert.equal(cents(a.site.monthlyCost.current!), 3076.2);
  const o = a.site.cachingOpportunity!;
  assert.deepEqual([o.model, o.breakpoint, o.ttl, o.prefixTokens, o.minCacheableTokens, o.writesPerDay], ['claude-sonnet-4-6', 'system', '5m', 1418, 1024, 288]);
  // With the breakpoint it costs what answerCached costs: 3,076.20 − 1,969.887744 = $1,106.31 a month saved.
  assert.equal(cents(o.monthlyWith), 1969.89);
  assert.equal(cents(o.savingPerMonth), 1106.31);
});

test('a cached prefix under the model\'s minimum is not cached (priced as plain input)', () => {
  const a = sites.get('caching.ts#shortCached')!;
  // The breakpoint caches a 5-token system prompt, far under Sonnet 4.6's 1,024: 10,000 × 30 × (505 × 3 + 300 × 15)/1M = $1,804.50.
  assert.equal(a.site.promptCaching, undefined);
  assert.equal(cents(a.site.monthlyCost.current!), 1804.5);
  assert.ok(a.current!.cost.notes.some((n) => /below claude-sonnet-4-6's minimum of 1024: not cached/.test(n)));
});

test('Message Batches with caching: the cached figure halved', () => {
  const a = sites.get('caching.ts#batchCached')!;
  assert.equal(a.site.batch, true);
  // $1,969.887744 × 50% = $984.94.
  assert.equal(cents(a.site.monthlyCost.current!), 984.94);
});

test('OpenAI caches a long prefix by itself: reads at the cached-input price in steps of 128 tokens, no write surcharge', () => {
  const a = sites.get('openai-auto.ts#answer')!;
  assert.equal(a.site.cacheControl, false);
  // gpt-4.1 ($2 / $8, cached input $0.50): the 1,418-token prefix is cached as 1,408 (11 × 128). 288 requests a day
  // miss it: (1,918 × 2 + 300 × 8)/1M = $0.006236; the other 9,712 read it: (510 × 2 + 1,408 × 0.5 + 2,400)/1M = $0.004124.
  // 288 × 0.006236 + 9,712 × 0.004124 = 1.795968 + 40.052288 = $41.848256 a day; × 30 = $1,255.45.
  assert.deepEqual([a.site.promptCaching?.mode, a.site.promptCaching?.prefixTokens], ['automatic', 1408]);
  assert.equal(cents(a.site.monthlyCost.current!), 1255.45);
  // Never a cache_control suggestion on a call to another provider.
  assert.equal(a.site.cachingOpportunity, undefined);
});

// The two classic bugs of cost tools, on one request shape: 5,000 tokens in of which a 4,000-token prefix is
// cached, 100 out, on Sonnet 4.6 ($3 in, $15 out, $3.75 5-minute write, $6 1-hour write, $0.30 read).
test('cache writes are not double-counted: the written prefix is billed at the write price instead of the input price', () => {
  // 100 calls a day: under the 288 windows, every call writes. (1,000 × 3 + 4,000 × 3.75 + 100 × 15)/1M = $0.0195 a call,
  // × 100 × 30 = $58.50. Counting the prefix as input too would give (5,000 × 3 + 4,000 × 3.75 + 1,500)/1M × 3,000 = $94.50.
  const c = monthlyCostOn(m('claude-sonnet-4-6'), book, D, { input: 5000, output: 100, cachedPrefix: 4000, cacheTtl: '5m' }, 100);
  assert.equal(cents(c.monthly), 58.5);
  assert.deepEqual([c.cacheWritesPerDay, c.cacheReadsPerDay], [100, 0]);
  // 1-hour writes at $6, once per hour: 24 writes at (3,000 + 24,000 + 1,500)/1M = $0.0285 and 76 reads at
  // (3,000 + 1,200 + 1,500)/1M = $0.0057: 0.684 + 0.4332 = $1.1172 a day → $33.52.
  assert.equal(cents(monthlyCostOn(m('claude-sonnet-4-6'), book, D, { input: 5000, output: 100, cachedPrefix: 4000, cacheTtl: '1h' }, 100).monthly), 33.52);
});

test('cache reads are not free: each read pays the cache-read price', () => {
  // 10,000 calls a day: 288 writes at $0.0195, 9,712 reads at (1,000 × 3 + 4,000 × 0.30 + 1,500)/1M = $0.0057.
  // 5.616 + 55.3584 = $60.9744 a day; × 30 = $1,829.23 (reads at zero would give $1,479.60).
  const c = monthlyCostOn(m('claude-sonnet-4-6'), book, D, { input: 5000, output: 100, cachedPrefix: 4000, cacheTtl: '5m' }, 10000);
  assert.equal(cents(c.monthly), 1829.23);
  // 1-hour TTL: 24 writes at (3,000 + 24,000 + 1,500)/1M = $0.0285 and 9,976 reads at $0.0057: 0.684 + 56.8632 = $57.5472 a day → $1,726.42.
  assert.equal(cents(monthlyCostOn(m('claude-sonnet-4-6'), book, D, { input: 5000, output: 100, cachedPrefix: 4000, cacheTtl: '1h' }, 10000).monthly), 1726.42);
  // Batches and caching stack: $1,829.232 × 50% = $914.62.
  assert.equal(cents(monthlyCostOn(m('claude-sonnet-4-6'), book, D, { input: 5000, output: 100, cachedPrefix: 4000, cacheTtl: '5m', batch: true }, 10000).monthly), 914.62);
});

test('an agent loop with cache_control: turn 1 writes the prefix, the later turns read it', () => {
  // 3 turns of 2,000 / 2,500 / 3,000 tokens (a 1,500-token cached prefix), 200 out, 100 tasks a day (each writes on turn 1):
  // turn 1 (500 × 3 + 1,500 × 3.75 + 200 × 15)/1M = $0.010125; turn 2 (1,000 × 3 + 1,500 × 0.3 + 3,000)/1M = $0.00645;
  // turn 3 (1,500 × 3 + 450 + 3,000)/1M = $0.00795. 100 × $0.024525 = $2.4525 a day → $73.58 (uncached: $94.50).
  const loop = { input: 2000, output: 200, cachedPrefix: 1500, cacheTtl: '5m' as const, turns: 3, growthPerTurn: 500 };
  const c = monthlyCostOn(m('claude-sonnet-4-6'), book, D, loop, 300);
  assert.equal(cents(c.monthly), 73.58);
  assert.deepEqual([c.cacheWritesPerDay, c.cacheReadsPerDay], [100, 200]);
  assert.equal(cents(monthlyCostOn(m('claude-sonnet-4-6'), book, D, { ...loop, cachedPrefix: 0 }, 300).monthly), 94.5);
});

test('an OpenAI loop: each turn reads the previous turn\'s prompt from the automatic cache', () => {
  // gpt-4.1, 3 turns of 1,200 / 1,800 / 2,400 tokens (a 1,100-token stable prefix), 100 out, 1,000 tasks a day.
  // Turn 1: 288 misses at (1,200 × 2 + 800)/1M = $0.0032, 712 reads of 1,024 at (176 × 2 + 1,024 × 0.5 + 800)/1M = $0.001664;
  // turn 2 reads 1,152 (turn 1's 1,200 in steps of 128): (648 × 2 + 576 + 800)/1M = $0.002672;
  // turn 3 reads 1,792: (608 × 2 + 896 + 800)/1M = $0.002912.
  // 0.9216 + 1.184768 + 2.672 + 2.912 = $7.690368 a day → $230.71.
  const c = monthlyCostOn(m('gpt-4.1'), book, D, { input: 1200, output: 100, automaticPrefix: 1100, turns: 3, growthPerTurn: 600 }, 3000);
  assert.equal(c.caching, 'automatic');
  assert.equal(cents(c.monthly), 230.71);
});

test('a loop whose late turns cross Haiku 5.5\'s 100k band bills only those turns at the band\'s prices', () => {
  // Turns of 60k / 90k / 120k tokens, 1,000 out, 10 tasks a day: (6,000 + 500)/1M + (9,000 + 500)/1M + (120,000 × 0.5 + 1,000 × 2.5)/1M
  // = 0.0065 + 0.0095 + 0.0625 = $0.0785 a task; × 10 × 30 = $23.55.
  const c = monthlyCostOn(m('claude-haiku-5-5'), book, D, { input: 60000, output: 1000, turns: 3, growthPerTurn: 30000 }, 30);
  assert.equal(cents(c.monthly), 23.55);
  assert.ok(c.notes.some((n) => /turns 3–3 of each task bill at the long-prompt prices/.test(n)), c.notes.join('; '));
});

test('measured cache tokens are priced as measured; hand-written counts win over measured ones', () => {
  const call = scannedCall({ model: { expression: '"claude-sonnet-4-6"', resolved: 'claude-sonnet-4-6', source: 'literal', span: null }, prompt: [part('user', '', 1)] });
  const measured = { source: 'traces.json (otlp)', from: '2026-11-28', to: '2026-12-04', callsPerDay: 1000, spans: 7000, inputTokens: 3000, outputTokens: 200, cacheReadTokens: 2000, cacheWriteTokens: 100 };
  const usage = parseUsageFile(JSON.stringify({ callSites: { 'src/app.ts#handler': { measured } } }));
  assert.equal(usage.valid, true, usage.problems.map((p) => p.message).join('; '));
  const r = analyzeCallsDetailed([call], null, { root: '/r', usage, infer: fixedInfer('unknown', 'sonnet') });
  const s = r.report.callSites[0];
  // Per request: 900 uncached × $3 + 100 written × $3.75 + 2,000 read × $0.30 + 200 out × $15 = (2,700 + 375 + 600 + 3,000)/1M
  // = $0.006675; × 1,000 × 30 = $200.25.
  assert.deepEqual([s.callsPerDay, s.tokens.input, s.tokens.output, s.measured?.from, s.promptCaching?.mode], [1000, 3000, 200, '2026-11-28', 'measured']);
  assert.equal(cents(s.monthlyCost.current!), 200.25);
  // A hand-written callsPerDay wins over the measured one (and the lens then does not call it measured).
  const hand = parseUsageFile(JSON.stringify({ callSites: { 'src/app.ts#handler': { callsPerDay: 10, measured } } }));
  const r2 = analyzeCallsDetailed([call], null, { root: '/r', usage: hand, infer: fixedInfer('unknown', 'sonnet') });
  assert.equal(r2.report.callSites[0].callsPerDay, 10);
  assert.equal(r2.report.callSites[0].measured, undefined);
});
