// Prices without a release: the team's price file (validated, same schema as the built-in table), the usage file's
// `prices` and `tiers`, their precedence, the staleness notice, and `tierwise prices`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { parsePriceTable } from '../../src/core/cost/priceFile';
import { buildPriceBook, mergeTables, PRICE_TABLE, statusOn } from '../../src/core/cost/prices';
import { analyzeCallsDetailed } from '../../src/core/analyze';
import { parseUsageFile } from '../../src/core/usage/usageFile';
import { priceTableJson, stalenessNotice, STALE_AFTER_DAYS } from '../../src/core/present/priceTable';
import { callDetailsMarkdown } from '../../src/core/present/hover';
import { reportHtml } from '../../src/core/present/report';
import { runCli } from '../../src/cli/main';
import schema from '../../schemas/prices.schema.json';
import { fixedInfer, part, scannedCall } from './cost-fixtures';
import type { ModelRef } from '../../src/core/types';

const fixtures = path.join(__dirname, '..', 'fixtures', 'prices');
const read = (f: string) => readFileSync(path.join(fixtures, f), 'utf8');
const ref = (id: string): ModelRef => ({ expression: JSON.stringify(id), resolved: id, source: 'literal', span: null });

test('the built-in table itself validates against the price-file schema (same schema)', () => {
  const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
  assert.ok(validate(JSON.parse(JSON.stringify(PRICE_TABLE))), JSON.stringify(validate.errors));
  // And `tierwise prices --format json` rows are accepted back as a price file.
  const printed = priceTableJson(PRICE_TABLE, buildPriceBook(), '2026-12-05') as { asOf: string; models: Record<string, unknown>[] };
  const asFile = { asOf: printed.asOf, models: printed.models.map(({ overridden: _o, ...m }) => m) };
  const loaded = parsePriceTable(JSON.stringify(asFile), 'printed.json');
  assert.deepEqual(loaded.problems, []);
  assert.equal(loaded.table?.models.length, PRICE_TABLE.models.length);
});

test('a team price file replaces built-in rows by id and adds new ones; its date wins when newer', () => {
  const loaded = parsePriceTable(read('team-prices.json'), 'team-prices.json');
  assert.deepEqual(loaded.problems, []);
  const merged = mergeTables(PRICE_TABLE, loaded.table);
  assert.equal(merged.asOf, '2027-03-01');
  const book = buildPriceBook({}, merged);
  const sonnet = book.find('claude-sonnet-5-5')!;
  assert.equal(sonnet.prices.input, 1.5);
  assert.equal(statusOn(sonnet, '2027-03-02'), 'deprecated');
  assert.equal(sonnet.source, 'https://example.invalid/team-prices');
  // Missing cache prices follow the standard multipliers and the family's read multiplier.
  assert.deepEqual(book.find('claude-sonnet-6')?.prices, { input: 3, output: 15, cacheWrite5m: 3.75, cacheWrite1h: 6, cacheRead: 0.15 });
  assert.equal(book.find('acme-llm-large')?.provider, 'acme');
  assert.equal(merged.models.length, PRICE_TABLE.models.length + 2);
  // An older file does not make the table look newer than it is.
  assert.equal(mergeTables(PRICE_TABLE, { asOf: '2020-01-01', models: [] }).asOf, PRICE_TABLE.asOf);
});

test('a bad price file is ignored as a whole, with every problem named with its place', () => {
  const loaded = parsePriceTable(read('bad-prices.json'), 'bad-prices.json');
  assert.equal(loaded.table, null);
  assert.deepEqual(
    loaded.problems.map((p) => p.message),
    [
      'bad-prices.json:2:3: asOf must be a date like 2026-12-05.',
      'bad-prices.json:4:44: models[0].prices.input must be a number.',
      'bad-prices.json:5:18: models[1].prices needs "output".',
      'bad-prices.json:5:44: models[1].status must be one of "current", "legacy", "deprecated", "retired". The price file is ignored.',
    ],
  );
  assert.match(parsePriceTable('{ "asOf": ', 'p.json').problems[0].message, /^p\.json:1:\d+: invalid JSON/);
  assert.match(parsePriceTable('{"asOf":"2027-01-01","models":[{"id":"a","prices":{"input":1,"output":2}},{"id":"A","prices":{"input":1,"output":2}}]}', 'p.json').problems[0].message, /already used by models\[0\]/);
});

test('analyze prices with the team table under settings overrides and the usage file\'s prices (that order)', () => {
  const team = parsePriceTable(read('team-prices.json'), 'team-prices.json').table;
  const call = scannedCall({ file: 'src/a.ts', enclosingFunction: 'f', model: ref('claude-sonnet-6'), prompt: [part('system', 'Summarize.')] });
  const infer = fixedInfer('summarize_short', 'haiku');
  const base = analyzeCallsDetailed([call], null, { root: '/r', infer, settings: { priceTable: team } });
  assert.equal(base.sites[0].current?.cost.prices.input, 3);
  assert.equal(base.report.pricing.asOf, '2027-03-01');
  const withSettings = analyzeCallsDetailed([call], null, { root: '/r', infer, settings: { priceTable: team, prices: { 'claude-sonnet-6': { input: 4 } } } });
  assert.equal(withSettings.sites[0].current?.cost.prices.input, 4);
  const withUsage = analyzeCallsDetailed([call], null, { root: '/r', infer, usage: { prices: { 'claude-sonnet-6': { input: 5 } } }, settings: { priceTable: team, prices: { 'claude-sonnet-6': { input: 4 } } } });
  assert.equal(withUsage.sites[0].current?.cost.prices.input, 5);
  // Without the team file the model is unknown.
  assert.equal(analyzeCallsDetailed([call], null, { root: '/r', infer }).report.callSites[0].monthlyCost.current, null);
});

test('tiers: the usage file\'s pair wins over settings, CLI flags win over the usage file, and an overridden setting is reported', () => {
  const call = scannedCall({ file: 'src/a.ts', enclosingFunction: 'f', model: ref('claude-sonnet-5-5'), prompt: [part('system', 'Summarize.')] });
  const infer = fixedInfer('summarize_short', 'haiku');
  const usage = parseUsageFile('{\n  "tiers": { "haiku": "claude-haiku-4-5", "sonnet": "claude-sonnet-4-6" }\n}');
  assert.deepEqual(usage.problems, []);
  const editor = analyzeCallsDetailed([call], null, { root: '/r', infer, usage, settings: { tiers: { haiku: 'claude-3-5-haiku', sonnet: 'claude-sonnet-5-5' } } });
  assert.deepEqual(editor.report.pricing.tiers, { haiku: 'claude-haiku-4-5', sonnet: 'claude-sonnet-4-6' });
  assert.equal(editor.sites[0].haiku.model, 'claude-haiku-4-5');
  // The haiku setting names another model than the usage file: a warning at tiers.haiku. The sonnet setting is the default: silence.
  assert.deepEqual(
    editor.problems.map((p) => [p.severity, p.line, p.message]),
    [['warning', 2, '.tierwise.json:2:14: tiers.haiku is "claude-haiku-4-5" here, so the setting tierwise.tiers.haiku ("claude-3-5-haiku") does not apply in this folder.']],
  );
  const cli = analyzeCallsDetailed([call], null, { root: '/r', infer, usage, settings: { forcedTiers: { sonnet: 'claude-opus-5-5' } } });
  assert.deepEqual(cli.report.pricing.tiers, { haiku: 'claude-haiku-4-5', sonnet: 'claude-opus-5-5' });
  assert.deepEqual(cli.problems, []);
  // A bad tiers entry is a schema error like any other.
  assert.match(parseUsageFile('{ "tiers": { "opus": "x" } }').problems[0].message, /unknown property "opus" in tiers/);
});

test('staleness: fresh for 60 days, then a notice with the date and how to update', () => {
  assert.equal(STALE_AFTER_DAYS, 60);
  assert.equal(stalenessNotice('2026-12-05', '2027-02-03'), null);
  const notice = stalenessNotice('2026-12-05', '2027-02-04')!;
  assert.match(notice, /^Prices are 61 days old \(as of 2026-12-05\)/);
  assert.match(notice, /tierwise\.prices\.file/);
  assert.match(notice, /--prices FILE/);
});

test('the hover and the report show the table\'s date, and the notice once it is stale', () => {
  const call = scannedCall({ file: 'src/a.ts', enclosingFunction: 'f', model: ref('claude-sonnet-5-5'), prompt: [part('system', 'Summarize.')] });
  const { report } = analyzeCallsDetailed([call], null, { root: '/r', infer: fixedInfer('summarize_short', 'haiku') });
  const site = report.callSites[0];
  const tiers = report.pricing.tiers;
  const fresh = callDetailsMarkdown({ site, prices: [], pricesAsOf: report.pricing.asOf, staleNotice: stalenessNotice(report.pricing.asOf, '2026-12-20'), tiers });
  assert.match(fresh, /prices as of 2026-12-05/);
  assert.doesNotMatch(fresh, /days old/);
  const stale = callDetailsMarkdown({ site, prices: [], pricesAsOf: report.pricing.asOf, staleNotice: stalenessNotice(report.pricing.asOf, '2027-03-01'), tiers });
  assert.match(stale, /Prices are 86 days old \\\(as of 2026-12-05\\\)/);
  const input = { sites: report.callSites, pricing: report.pricing, folders: ['app'], skipped: 0, usageProblems: 0, indexing: false, exportMarkdownHref: '#', exportJsonHref: '#', rescanHref: '#' };
  assert.match(reportHtml(input, 'n', 'c'), /prices as of 2026-12-05/);
  assert.doesNotMatch(reportHtml(input, 'n', 'c'), /id="stale"/);
  assert.match(reportHtml({ ...input, staleNotice: stalenessNotice(report.pricing.asOf, '2027-03-01') }, 'n', 'c'), /<p class="note" id="stale">⚠ Prices are 86 days old/);
});

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(args, (s) => (out += s), (s) => (err += s), path.join(__dirname, '..', '..'));
  return { code, out, err };
}

test('tierwise prices: the table in effect with provider, status, retirement, every price, minimum cacheable length, source and date', async () => {
  const t = await run(['prices', fixtures]);
  assert.equal(t.code, 0, t.err);
  const lines = t.out.split('\n');
  assert.match(lines[0], /as of 2026-12-05/);
  assert.match(t.out, /model\s+provider\s+status\s+retires\s+input\s+output\s+write 5m\s+write 1h\s+read\s+min cache/);
  const fable = lines.find((l) => l.startsWith('claude-fable-5-2 '))!;
  assert.match(fable, /anthropic\s+current\s+8\s+40\s+10\s+16\s+0\.2\s+512/);
  assert.match(fable, /2026-12-05\s+https:\/\//);
  assert.match(lines.find((l) => l.startsWith('gpt-5 '))!, /openai\s+(deprecated|retired)\s+2026-12-11/);
  const json = await run(['prices', fixtures, '--format', 'json', '--prices', path.join(fixtures, 'team-prices.json')]);
  assert.equal(json.code, 0, json.err);
  const table = JSON.parse(json.out);
  assert.equal(table.asOf, '2027-03-01');
  const sonnet = table.models.find((m: { id: string }) => m.id === 'claude-sonnet-5-5');
  assert.deepEqual([sonnet.prices.input, sonnet.retires, sonnet.source], [1.5, '2027-06-30', 'https://example.invalid/team-prices']);
  assert.ok(table.models.some((m: { id: string }) => m.id === 'acme-llm-large'));
  const bad = await run(['prices', fixtures, '--prices', path.join(fixtures, 'bad-prices.json')]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /bad-prices\.json:4:44: models\[0\]\.prices\.input must be a number/);
  const missing = await run(['prices', fixtures, '--prices', path.join(fixtures, 'nope.json')]);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /price file not found/);
});

test('CLI: the usage file\'s tier pair prices the scan; --haiku / --sonnet win for one run', async () => {
  const examples = path.join(__dirname, '..', '..', 'examples');
  const usage = path.join(fixtures, 'tiers.tierwise.json');
  const team = await run(['scan', examples, '--format', 'json', '--usage', usage]);
  assert.equal(team.code, 0, team.err);
  assert.deepEqual(JSON.parse(team.out).pricing.tiers, { haiku: 'claude-haiku-4-5', sonnet: 'claude-sonnet-4-6' });
  const flags = await run(['scan', examples, '--format', 'json', '--usage', usage, '--sonnet', 'claude-sonnet-5-5']);
  assert.deepEqual(JSON.parse(flags.out).pricing.tiers, { haiku: 'claude-haiku-4-5', sonnet: 'claude-sonnet-5-5' });
  assert.doesNotMatch(flags.err, /does not apply/, 'a flag is not a setting: no warning');
});
