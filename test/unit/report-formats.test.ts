import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { formatJson, formatMarkdown, formatTable, siteSaving } from '../../src/core/report/formats';
import { formatCallsPerDay, formatUsd } from '../../src/core/report/money';
import type { CallSite, ScanReport } from '../../src/core/types';

function site(over: Partial<CallSite>): CallSite {
  return {
    id: 'src/a.ts#f',
    file: 'src/a.ts',
    line: 12,
    column: 5,
    language: 'typescript',
    sdk: 'anthropic',
    api: 'messages.create',
    model: { expression: '"claude-sonnet-4-6"', resolved: 'claude-sonnet-4-6' },
    streaming: false,
    batch: false,
    cacheControl: false,
    taskType: 'classify_intent',
    confidence: 0.9,
    reasons: ['system prompt line 3: "Respond with exactly one of"'],
    recommendedTier: 'haiku',
    tokens: { input: 640, output: 10, source: 'estimated' },
    callsPerDay: 1000,
    volumeSource: 'default',
    monthlyCost: { haiku: 2.93, sonnet: 58.5, current: 58.5 },
    ...over,
  };
}

const report: ScanReport = {
  version: 1,
  root: '/repo',
  pricing: { asOf: '2026-11-22', tiers: { haiku: 'claude-haiku-5-5', sonnet: 'claude-sonnet-5-5' } },
  callSites: [
    site({}),
    site({ id: 'src/review.ts#review', file: 'src/review.ts', line: 88, taskType: 'review_code', recommendedTier: 'sonnet', callsPerDay: 50000, volumeSource: 'annotation', monthlyCost: { haiku: 61.2, sonnet: 1224, current: 1224 } }),
    site({
      id: 'src/x|y.ts#<b>',
      file: 'src/x|y.ts',
      line: 3,
      sdk: 'openai',
      api: 'chat.completions.create',
      model: { expression: 'process.env.MODEL || `gpt-${v}` | <img src=x onerror=alert(1)>', resolved: null },
      taskType: 'extract_entities',
      callsPerDay: 2000,
      volumeSource: 'usage-file',
      monthlyCost: { haiku: 0.004, sonnet: 12.25, current: null },
    }),
  ],
  totals: { allHaiku: 64.134, allSonnet: 1294.75, recommended: 1226.934, current: 1294.75 },
  skipped: [{ file: 'vendor/big.min.js', reason: 'minified <script>' }],
};

test('formatUsd precision: cents below $1,000, whole dollars above, k/M in compact mode, never "$0.00" for a cost', () => {
  const cases: [number, string, string][] = [
    [0, '$0.00', '$0.00'],
    [0.004, '<$0.01', '<$0.01'],
    [2.929, '$2.93', '$2.93'],
    [58.5, '$58.50', '$58.50'],
    [65.7, '$65.70', '$65.70'],
    [999.99, '$999.99', '$999.99'],
    [999.996, '$1,000', '$1k'],
    [1234.5, '$1,235', '$1.23k'],
    [13500, '$13,500', '$13.5k'],
    [123456, '$123,456', '$123k'],
    [2_500_000, '$2,500,000', '$2.5M'],
    [-55.57, '-$55.57', '-$55.57'],
    [Number.NaN, '—', '—'],
  ];
  for (const [n, plain, compact] of cases) {
    assert.equal(formatUsd(n), plain, String(n));
    assert.equal(formatUsd(n, { compact: true }), compact, `${n} compact`);
  }
  assert.equal(formatUsd(55.57, { sign: true }), '+$55.57');
  assert.deepEqual([1000, 50000, 2500, 2_000_000, 12].map(formatCallsPerDay), ['1k', '50k', '2.5k', '2M', '12']);
});

test('table: one aligned row per site, then the totals with the saving', () => {
  const out = formatTable(report);
  const lines = out.split('\n');
  assert.match(lines[0], /^Call site\s+SDK \/ API\s+Model\s+Task type\s+Tier\s+Calls\/day\s+Haiku \$\/mo\s+Sonnet \$\/mo$/);
  const rows = lines.slice(2, 5);
  assert.equal(rows.length, 3);
  // Right-aligned money: every row ends at the same column as the header.
  for (const r of rows) assert.equal(r.length, lines[0].length, r);
  assert.match(rows[0], /^src\/a\.ts:12\s+anthropic messages\.create\s+claude-sonnet-4-6\s+classify_intent\s+haiku\s+1k\*\s+\$2\.93\s+\$58\.50$/);
  assert.match(rows[2], /\? process\.env\.MODEL/);
  assert.match(out, /All on Haiku \(claude-haiku-5-5\)\s+\$64\.13/);
  assert.match(out, /Recommended routing \(2 on Haiku, 1 on Sonnet\)\s+\$1,227/);
  assert.match(out, /Saving, recommended vs current\s+\$67\.82 \(5\.2%\)/);
  assert.match(out, /1 file skipped/);
  assert.match(formatTable({ ...report, callSites: [], totals: { allHaiku: 0, allSonnet: 0, recommended: 0, current: 0 } }), /No LLM call sites found/);
});

test('json: exactly the contract, in its key order, and nothing else', () => {
  const extra = { ...report, callSites: report.callSites.map((s) => ({ ...s, internal: 'x' })) } as ScanReport;
  const doc = JSON.parse(formatJson(extra));
  assert.deepEqual(Object.keys(doc), ['version', 'root', 'pricing', 'callSites', 'totals', 'skipped']);
  assert.deepEqual(Object.keys(doc.callSites[0]), [
    'id', 'file', 'line', 'column', 'language', 'sdk', 'api', 'model', 'streaming', 'batch', 'cacheControl', 'taskType', 'confidence', 'reasons',
    'recommendedTier', 'tokens', 'callsPerDay', 'volumeSource', 'monthlyCost',
  ]);
  assert.deepEqual(doc, JSON.parse(JSON.stringify(report)));
  assert.equal(doc.callSites[2].monthlyCost.current, null);
});

test('markdown: totals with savings, sites sorted by saving, untrusted code text escaped, renders to safe HTML', () => {
  const md = formatMarkdown(report);
  assert.match(md, /\| \*\*Recommended routing\*\* \| \*\*\$1,227\*\* \| save \$67\.82 \(5%\) \|/);
  const savings = md.slice(md.indexOf('#### Biggest savings'), md.indexOf('<details>'));
  const order = ['src/a.ts:12', 'src/x\\|y.ts:3'].map((k) => savings.indexOf(k));
  assert.ok(order[0] > 0 && order[1] > order[0], 'largest saving first');
  assert.ok(!savings.includes('src/review.ts'), 'no saving, not listed');
  assert.equal(siteSaving(report.callSites[2]), 12.25 - 0.004);
  const html = new MarkdownIt({ html: true }).render(md);
  assert.ok(!/<img|<script|<b>/i.test(html), 'no HTML from scanned code gets through');
  // Each table row keeps its table's column count despite "|" in a file name and a model expression.
  const pipes = (l: string) => l.replace(/\\\|/g, '').split('|').length;
  let header = 0;
  for (const line of md.split('\n')) {
    if (line.startsWith('| Call site')) header = pipes(line);
    else if (line.startsWith('| `')) assert.equal(pipes(line), header, line);
  }
  assert.match(md, /<details><summary>1 skipped file<\/summary>/);
  assert.equal(md, readFileSync(join(__dirname, '..', 'fixtures', 'usage', 'report', 'example.expected.md'), 'utf8'));
});

test('markdown stays within a PR comment\'s size for a large workspace', () => {
  const many = Array.from({ length: 2000 }, (_v, i) =>
    site({ id: `src/f${i}.ts#f`, file: `src/f${i}.ts`, monthlyCost: { haiku: i / 100, sonnet: i, current: i } }),
  );
  const md = formatMarkdown({ ...report, callSites: many });
  assert.ok(md.length < 65_536, `${md.length} characters`);
  assert.match(md, /… and 1850 more call sites/);
  assert.ok(md.indexOf('src/f1999.ts') < md.indexOf('src/f1998.ts'), 'largest saving first');
});

// Found on a real repository whose calls run on cheap non-Claude models: the table printed "Saving … -$1,375 (-27.9%)".
test('table: a recommended routing dearer than today is shown as an increase, not a negative saving', () => {
  const dearer: ScanReport = {
    ...report,
    callSites: [site({ taskType: 'unknown', recommendedTier: 'sonnet', model: { expression: '"gpt-4o-mini"', resolved: 'gpt-4o-mini' }, monthlyCost: { haiku: 9.75, sonnet: 195, current: 4.5 } })],
    totals: { allHaiku: 9.75, allSonnet: 195, recommended: 195, current: 4.5 },
    skipped: [],
  };
  const text = formatTable(dearer);
  assert.match(text, /Increase, recommended vs current\s+\$190\.50 \(\+4233\.3%\)/);
  assert.doesNotMatch(text, /-\$/);
  assert.match(formatTable(report), /Saving, recommended vs current/);
});
