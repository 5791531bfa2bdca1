import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CallSite } from '../../src/core/types';
import { reportHtml, reportTotals } from '../../src/core/present/report';
import { usageFileTemplate } from '../../src/core/present/usageTemplate';
import { replaceLiteral } from '../../src/core/present/deprecation';

function site(id: string, taskType: string, over: Partial<CallSite> = {}): CallSite {
  return {
    id,
    file: id.split('#')[0],
    line: 3,
    column: 1,
    language: 'typescript',
    sdk: 'anthropic',
    api: 'messages.create',
    model: { expression: "'claude-sonnet-5-5'", resolved: 'claude-sonnet-5-5' },
    streaming: false,
    batch: false,
    cacheControl: false,
    taskType,
    confidence: 0.9,
    reasons: [],
    recommendedTier: 'haiku',
    tokens: { input: 600, output: 10, source: 'estimate' },
    callsPerDay: 1000,
    volumeSource: 'default',
    monthlyCost: { haiku: 2, sonnet: 40, current: 40 },
    ...over,
  };
}

const input = (sites: CallSite[]) => ({
  sites,
  pricing: { asOf: '2026-11-22', tiers: { haiku: 'claude-haiku-5-5', sonnet: 'claude-sonnet-5-5' } },
  folders: ['ws'],
  skipped: 0,
  usageProblems: 0,
  indexing: false,
  exportMarkdownHref: 'command:tierwise.exportReport?%5B%22markdown%22%5D',
  exportJsonHref: 'command:tierwise.exportReport?%5B%22json%22%5D',
  rescanHref: 'command:tierwise.rescan',
});

test('report: totals, bars sized by CSS rules (no inline styles under the CSP), workspace text escaped', () => {
  const sites = [
    site('src/a.ts#<script>alert(1)</script>', 'classify_intent'),
    site('src/b.ts#review', 'review_code', { recommendedTier: 'sonnet', monthlyCost: { haiku: 1, sonnet: 20, current: 20 } }),
  ];
  const html = reportHtml(input(sites), 'NONCE', 'vscode-resource:');
  assert.ok(!html.includes('<script>alert(1)</script>'));
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(!/ style="/.test(html), 'no inline style attribute');
  assert.match(html, /<style nonce="NONCE">/);
  assert.match(html, /#bar-c-0 \{ width: 100\.0%; \} #bar-r-0 \{ width: 5\.0%; \}/);
  assert.match(html, /#bar-c-1 \{ width: 50\.0%; \} #bar-r-1 \{ width: 50\.0%; \}/);
  assert.match(html, /default-src 'none'/);
  assert.deepEqual(reportTotals(sites), { allHaiku: 3, allSonnet: 60, recommended: 22, current: 60, saving: 38, unresolved: 0 });
});

test('usage file template: strict JSON with defaults and the costliest call sites first', () => {
  const text = usageFileTemplate([site('a.ts#x', 'classify_intent'), site('b.ts#y', 'review_code', { monthlyCost: { haiku: 9, sonnet: 90, current: 90 } })], { callsPerDay: 1000, dynamicInputTokens: 500 });
  const json = JSON.parse(text) as { defaults: unknown; callSites: Record<string, { callsPerDay: number; note: string }> };
  assert.deepEqual(json.defaults, { callsPerDay: 1000, dynamicInputTokens: 500 });
  assert.deepEqual(Object.keys(json.callSites), ['b.ts#y', 'a.ts#x']);
  assert.match(json.callSites['b.ts#y'].note, /review_code/);
});

test('replaceLiteral keeps the quotes and refuses anything but a plain literal', () => {
  assert.equal(replaceLiteral("'claude-sonnet-4-5'", 'claude-sonnet-5-5'), "'claude-sonnet-5-5'");
  assert.equal(replaceLiteral('`claude-${v}`', 'x'), null);
  assert.equal(replaceLiteral('MODEL', 'x'), null);
});
