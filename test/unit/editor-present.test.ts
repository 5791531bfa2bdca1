import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CallSite } from '../../src/core/types';
import { formatCount, formatMoney, formatRate, formatTokens } from '../../src/core/present/format';
import { lensTitle, modelLabel, modelFamily, volumeText } from '../../src/core/present/lens';
import { callDetailsMarkdown, mdEscape } from '../../src/core/present/hover';
import { groupSites, totalsOf, topSavings } from '../../src/core/present/summary';
import { shiftOffset, shiftSpan } from '../../src/core/present/shift';

const tiers = { haiku: 'claude-haiku-5-5', sonnet: 'claude-sonnet-5-5' };

function site(over: Partial<CallSite> = {}): CallSite {
  return {
    id: 'src/support/triage.ts#classifyTicket',
    file: 'src/support/triage.ts',
    line: 12,
    column: 5,
    language: 'typescript',
    sdk: 'anthropic',
    api: 'messages.create',
    model: { expression: "'claude-sonnet-5-5'", resolved: 'claude-sonnet-5-5' },
    streaming: false,
    batch: false,
    cacheControl: false,
    taskType: 'classify_intent',
    confidence: 0.9,
    reasons: ['system prompt line 3: "Respond with exactly one of: billing, bug, other"'],
    recommendedTier: 'haiku',
    tokens: { input: 640, output: 10, source: 'static prompt + 500 dynamic' },
    callsPerDay: 1000,
    volumeSource: 'default',
    monthlyCost: { haiku: 19.5, sonnet: 58.5, current: 58.5 },
    ...over,
  };
}

test('money: cents below $1,000, whole dollars to $9,999, then k and M', () => {
  assert.equal(formatMoney(0), '$0');
  assert.equal(formatMoney(0.001), '<$0.01');
  assert.equal(formatMoney(2.926), '$2.93');
  assert.equal(formatMoney(58.5), '$58.50');
  assert.equal(formatMoney(999.99), '$999.99');
  assert.equal(formatMoney(999.996), '$1,000');
  assert.equal(formatMoney(4321.4), '$4,321');
  assert.equal(formatMoney(12_345), '$12.3k');
  assert.equal(formatMoney(250_000), '$250k');
  assert.equal(formatMoney(1_234_567), '$1.2M');
  assert.equal(formatMoney(-39), '-$39.00');
  assert.equal(formatMoney(Number.NaN), '$?');
});

test('counts, tokens and rates', () => {
  assert.equal(formatCount(1000), '1k');
  assert.equal(formatCount(1500), '1.5k');
  assert.equal(formatCount(50_000), '50k');
  assert.equal(formatCount(2_000_000), '2M');
  assert.equal(formatCount(750), '750');
  assert.equal(formatCount(1 / 30), '0');
  assert.equal(formatCount(0.5), '0.5');
  assert.equal(formatTokens(640), '640');
  assert.equal(formatTokens(1234), '1,234');
  assert.equal(formatTokens(12_345), '12.3k');
  assert.equal(formatRate(0.1), '$0.10');
  assert.equal(formatRate(2), '$2');
  assert.equal(formatRate(0.125), '$0.125');
  assert.equal(formatRate(12.5), '$12.50');
});

test('model labels and families', () => {
  assert.equal(modelLabel('claude-sonnet-5-5', tiers), 'Sonnet');
  assert.equal(modelLabel('claude-haiku-4-5-20251001', tiers), 'Haiku 4.5');
  assert.equal(modelLabel('claude-sonnet-5', tiers), 'Sonnet 5');
  assert.equal(modelLabel('claude-3-5-haiku-20241022', tiers), 'Haiku 3.5');
  assert.equal(modelLabel('gpt-4o', tiers), 'gpt-4o');
  assert.equal(modelFamily('claude-3-5-haiku-latest'), 'haiku');
  assert.equal(modelFamily('claude-opus-4-1'), 'opus');
  assert.equal(modelFamily('gpt-4o-mini'), 'other');
});

test('lens: leads with the saving from moving Sonnet to Haiku; the full form names the volume source', () => {
  assert.equal(lensTitle(site(), 'full', tiers), 'save $39.00/mo · Sonnet $58.50 → Haiku $19.50 · classify_intent · 1k/day assumed');
  assert.equal(lensTitle(site(), 'compact', tiers), 'save $39.00/mo · Sonnet → Haiku $19.50 · classify_intent · 1k/day?');
  assert.equal(lensTitle(site(), 'minimal', tiers), 'Sonnet $58.50/mo');
});

test('lens: volume source is named', () => {
  assert.equal(volumeText(site({ callsPerDay: 50_000, volumeSource: 'annotation' })), '50k/day (annotation)');
  assert.equal(volumeText(site({ callsPerDay: 2000, volumeSource: 'usage-file' })), '2k/day (usage file)');
});

test('lens: already on the recommended tier says so; an older model of that tier shows the saving', () => {
  const s = site({ model: { expression: "'claude-haiku-5-5'", resolved: 'claude-haiku-5-5' }, monthlyCost: { haiku: 2.93, sonnet: 58.5, current: 2.93 } });
  assert.equal(lensTitle(s, 'compact', tiers), '✓ Haiku $2.93/mo · classify_intent · 1k/day?');
  // An older Haiku: moving to the tier's model saves money, and the lens leads with it (as the tree does).
  const old = site({ model: { expression: 'M', resolved: 'claude-haiku-4-5' }, monthlyCost: { haiku: 2.93, sonnet: 58.5, current: 19.5 }, volumeSource: 'annotation' });
  assert.equal(lensTitle(old, 'compact', tiers), 'save $16.57/mo · Haiku 4.5 $19.50 → Haiku 5.5 $2.93 · classify_intent');
});

test('lens: an upgrade to Sonnet leads with the extra cost', () => {
  const s = site({
    taskType: 'review_code',
    recommendedTier: 'sonnet',
    model: { expression: "'claude-haiku-5-5'", resolved: 'claude-haiku-5-5' },
    monthlyCost: { haiku: 3, sonnet: 60, current: 3 },
  });
  assert.equal(lensTitle(s, 'compact', tiers), '+$57.00/mo · Haiku $3.00 → Sonnet $60.00 · review_code · 1k/day?');
});

test('lens: unresolved model says so, with the recommended figure', () => {
  const s = site({ model: { expression: 'process.env.LLM_MODEL', resolved: null }, monthlyCost: { haiku: 19.5, sonnet: 58.5, current: null } });
  assert.equal(lensTitle(s, 'full', tiers), '? → Haiku $19.50/mo · classify_intent · model unresolved · 1k/day assumed');
  assert.equal(lensTitle(s, 'minimal', tiers), '? /mo · model unresolved');
  const unpriced = site({ model: { expression: "'gpt-9'", resolved: 'gpt-9' }, monthlyCost: { haiku: 19.5, sonnet: 58.5, current: null } });
  assert.match(lensTitle(unpriced, 'compact', tiers), /no price for gpt-9/);
});

test('lens: low confidence is marked', () => {
  assert.match(lensTitle(site({ confidence: 0.3, taskType: 'chat_general' }), 'compact', tiers), / · chat_general\? · /);
});

test('details markdown: table rows, escaping, volume instructions', () => {
  const md = callDetailsMarkdown({
    site: site({ reasons: ['uses | pipes and <b>html</b>'] }),
    prices: [{ role: 'Haiku tier', model: 'claude-haiku-5-5', input: 0.1, output: 0.5, checkedOn: '2026-11-22' }],
    pricesAsOf: '2026-11-22',
    tiers,
    tokenDetail: { staticInput: 140, dynamicInput: 500, toolInput: 0, output: 10, outputSource: 'task default' },
  });
  assert.match(md, /\| Tokens \| 640 in = 140 static \+ 500 dynamic \+ 0 tools · 10 out \(task default\) \|/);
  assert.match(md, /tierwise: calls=50k\/day/);
  assert.match(md, /callSites\["src\/support\/triage.ts#classifyTicket"\]/);
  assert.match(md, /\$0\.10 in \/ \$0\.50 out per MTok · checked 2026-11-22/);
  assert.ok(md.includes('uses \\| pipes and \\<b\\>html\\</b\\>'));
  assert.equal(mdEscape('a|b'), 'a\\|b');
});

test('groups partition the sites: group totals add up to the workspace total', () => {
  const items = [
    { site: site() },
    { site: site({ id: 'b', file: 'src/b.ts', taskType: 'review_code', recommendedTier: 'sonnet', monthlyCost: { haiku: 1, sonnet: 20, current: 20 } }) },
    { site: site({ id: 'c', file: 'src/b.ts', line: 3, model: { expression: 'x', resolved: null }, monthlyCost: { haiku: 2, sonnet: 40, current: null } }) },
  ];
  const total = totalsOf(items.map((i) => i.site));
  assert.deepEqual(total, { allHaiku: 22.5, allSonnet: 118.5, recommended: 41.5, current: 118.5 });
  for (const by of ['taskType', 'file'] as const) {
    const groups = groupSites(items, by);
    assert.equal(groups.reduce((n, g) => n + g.items.length, 0), 3);
    assert.equal(groups.reduce((n, g) => n + g.totals.current, 0), total.current);
  }
  const byFile = groupSites(items, 'file');
  assert.deepEqual(byFile.map((g) => g.key), ['src/b.ts', 'src/support/triage.ts']);
  assert.deepEqual(byFile[0].items.map((i) => i.site.line), [3, 12]);
  assert.deepEqual(topSavings(items, 5).map((i) => i.site.id), ['src/support/triage.ts#classifyTicket', 'c']);
});

test('offsets follow edits before, inside and after', () => {
  // "abc CALL xyz": the call at 4..8.
  const span = { start: 4, end: 8 };
  assert.deepEqual(shiftSpan(span, [{ rangeOffset: 0, rangeLength: 0, text: '12' }]), { start: 6, end: 10 });
  assert.deepEqual(shiftSpan(span, [{ rangeOffset: 10, rangeLength: 2, text: '' }]), span);
  assert.deepEqual(shiftSpan(span, [{ rangeOffset: 5, rangeLength: 1, text: 'XYZ' }]), { start: 4, end: 10 });
  // A deletion that swallows the start moves it to the deletion point.
  assert.equal(shiftOffset(4, [{ rangeOffset: 2, rangeLength: 4, text: '' }]), 2);
  // Several changes of one event (descending, original offsets).
  assert.deepEqual(
    shiftSpan(span, [
      { rangeOffset: 9, rangeLength: 0, text: 'zz' },
      { rangeOffset: 1, rangeLength: 1, text: '' },
    ]),
    { start: 3, end: 7 },
  );
});
