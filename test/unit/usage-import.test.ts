// Issue #15, item 3: measured volumes. An OTLP export (GenAI spans) is matched to call sites and written into the usage
// file with its source and period, keeping the rest of the file; a provider usage export is checked against the
// estimate per model. Broken input is reported with its line and nothing is written.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';
import { buildPriceBook } from '../../src/core/cost/prices';
import { lensTitle, volumeText } from '../../src/core/present/lens';
import { initScanEngine } from '../../src/core/scan/engine/simple';
import { ImportError, importOtlp, sniffExport } from '../../src/core/usage/import/index';
import { checkExport, readUsageCsv, readUsageJson } from '../../src/core/usage/import/providerExport';
import { UsageWriteError, withMeasured } from '../../src/core/usage/import/write';
import { parseUsageFile } from '../../src/core/usage/usageFile';

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const TRACES = path.join(FIXTURES, 'import', 'traces.otlp.json');
const book = buildPriceBook();
const canonical = (m: string) => book.find(m)?.id ?? m;

async function* chunks(text: string, size = 1000): AsyncIterable<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

function workspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tierwise-import-'));
  cpSync(path.join(FIXTURES, 'costs'), dir, { recursive: true });
  return dir;
}

async function cli(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, (s) => (out += s), (s) => (err += s), cwd);
  return { code, out, err };
}

const span = (attrs: Record<string, string | number>, t = '1764288000000000000') => ({
  traceId: 'a',
  spanId: 'b',
  name: 'chat',
  startTimeUnixNano: t,
  attributes: Object.entries(attrs).map(([key, v]) => ({ key, value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v } })),
});
const otlp = (spans: unknown[]) => JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] }, null, 1);

before(async () => {
  await initScanEngine();
});

test('formats are told apart by their first bytes', () => {
  assert.equal(sniffExport('\n{"resourceSpans": ['), 'otlp');
  assert.equal(sniffExport('{"data":[{"starting_at":"2026-11-28T00:00:00Z","results":[]}]}'), 'usage-json');
  assert.equal(sniffExport('date,model,input_tokens,output_tokens\n'), 'usage-csv');
  assert.match((sniffExport('{"foo": 1}') as { error: string }).error, /neither an OTLP export/);
  assert.match((sniffExport('') as { error: string }).error, /empty/);
});

test('OTLP: spans matched by code attributes and by the system prompt; the rest unmatched with totals', async () => {
  const dir = workspace();
  try {
    const r = await cli(['import-usage', TRACES, '.'], dir);
    assert.equal(r.code, 0, r.err);
    const usage = parseUsageFile(readFileSync(path.join(dir, '.tierwise.json'), 'utf8'));
    assert.equal(usage.valid, true);
    const cached = usage.usage.callSites!['caching.ts#answerCached'].measured!;
    // 14 spans from Nov 28 00:00 to the export's last span on Dec 4 23:00 (6.958 days): 2.01/day; tokens as sent.
    assert.deepEqual([cached.source, cached.from, cached.to, cached.spans, cached.callsPerDay], ['traces.otlp.json (otlp)', '2025-11-28', '2025-12-04', 14, 2.01]);
    assert.deepEqual([cached.inputTokens, cached.outputTokens, cached.cacheReadTokens, cached.cacheWriteTokens, cached.cacheHitRate], [2000, 300, 1400, 0, 0.7]);
    // The chat route's spans carry no code attributes: their system prompt is the route's.
    assert.equal(usage.usage.callSites!['chat-route.ts#reply'].measured!.spans, 7);
    assert.match(r.out, /Unmatched: 1 request/);
    assert.match(r.out, /gpt-4o-mini: 1 request/);
    // No temporary file is left next to the usage file.
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
    // The scan now prices the site from the measurement, and the lens says so.
    const scan = await cli(['scan', '.', '--format', 'json'], dir);
    const site = (JSON.parse(scan.out) as { callSites: Array<Parameters<typeof lensTitle>[0]> }).callSites.find((s) => s.id === 'caching.ts#answerCached')!;
    assert.equal(site.measured?.spans, 14);
    assert.equal(volumeText(site), '2/day measured (Nov 28 – Dec 4)');
    assert.match(lensTitle(site, 'compact', { haiku: 'claude-haiku-5-5', sonnet: 'claude-sonnet-5-5' }), /· 2\/day measured/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the usage file keeps its content and formatting; a new import replaces older measurements', () => {
  const existing = '{\n    "defaults": { "callsPerDay": 500 },\n    "callSites": {\n        "a.ts#f": { "callsPerDay": 10, "note": "set by hand" },\n        "b.ts#g": { "measured": { "source": "old.json (otlp)", "from": "2025-01-01", "to": "2025-01-02", "callsPerDay": 1, "spans": 2 } }\n    }\n}\n';
  const m = { source: 'new.json (otlp)', from: '2025-11-28', to: '2025-12-04', callsPerDay: 3, spans: 21 };
  const w = withMeasured(existing, { 'a.ts#f': m });
  assert.deepEqual([w.added, w.updated, w.removed], [['a.ts#f'], [], ['b.ts#g']]);
  // Untouched parts are byte for byte the same, and the new block uses the file's 4-space indentation.
  assert.ok(w.text.startsWith('{\n    "defaults": { "callsPerDay": 500 },\n    "callSites": {\n        "a.ts#f": {'), w.text);
  assert.match(w.text, /"note": "set by hand",\n {12}"measured": \{\n {16}"source": "new.json \(otlp\)"/);
  assert.doesNotMatch(w.text, /b\.ts#g/, 'an entry left empty by the new import is removed');
  const parsed = parseUsageFile(w.text);
  assert.equal(parsed.valid, true);
  assert.equal(parsed.usage.callSites!['a.ts#f'].callsPerDay, 10, 'hand-written values stay');
  // A broken file is not overwritten.
  assert.throws(() => withMeasured('{ "callSites": { "a.ts#f": { "callsPerDay": "ten" } } }', { 'a.ts#f': m }), (e: unknown) => e instanceof UsageWriteError && /callsPerDay must be a number.*nothing was written/i.test(e.message));
  // No file yet: a new one with only the measurements.
  assert.equal(parseUsageFile(withMeasured(null, { 'a.ts#f': m }).text).usage.callSites!['a.ts#f'].measured!.spans, 21);
});

test('errors name the line; the CLI writes nothing', async () => {
  const bad = otlp([span({ 'gen_ai.request.model': 'claude-sonnet-4-6', 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 1 }), span({ 'gen_ai.request.model': 'claude-sonnet-4-6', 'gen_ai.usage.input_tokens': 'lots', 'gen_ai.usage.output_tokens': 1 })]);
  // Reported at the line where the offending span starts (the second span's `{`).
  const lines = bad.split('\n');
  const line = lines.findIndex((l, i) => i > 0 && l.includes('"traceId"') && lines.slice(0, i).some((x) => x.includes('"traceId"'))) ;
  await assert.rejects(
    importOtlp(chunks(bad, 17), 'x.json', [], canonical),
    (e: unknown) => e instanceof ImportError && /gen_ai\.usage\.input_tokens is "lots", not a token count/.test(e.message) && e.line === line,
  );
  const cut = bad.slice(0, Math.floor(bad.length / 2));
  await assert.rejects(importOtlp(chunks(cut), 'x.json', [], canonical), (e: unknown) => e instanceof ImportError && /ends in the middle/.test(e.message) && e.line === cut.split('\n').length);
  const garbled = bad.replace('"name": "chat"', '"name" "chat"');
  await assert.rejects(importOtlp(chunks(garbled), 'x.json', [], canonical), (e: unknown) => e instanceof ImportError && /invalid JSON/.test(e.message) && e.line === garbled.split('\n').findIndex((l) => l.includes('"name" "chat"')) + 1);
  const dir = workspace();
  try {
    writeFileSync(path.join(dir, 'bad.json'), bad);
    writeFileSync(path.join(dir, '.tierwise.json'), '{ "defaults": { "callsPerDay": 7 } }\n');
    const r = await cli(['import-usage', 'bad.json'], dir);
    assert.equal(r.code, 1);
    assert.match(r.err, new RegExp(`^tierwise: bad\\.json:\\d+: gen_ai\\.usage\\.input_tokens is "lots", not a token count \\(in the span that starts on this line\\)\\. Nothing was written\\.`));
    assert.equal(readFileSync(path.join(dir, '.tierwise.json'), 'utf8'), '{ "defaults": { "callsPerDay": 7 } }\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('cache tokens are counted once, whether or not an instrumentation includes them in input_tokens', async () => {
  const site = { site: { id: 'a.ts#f', file: 'a.ts', line: 1, model: { expression: '', resolved: 'claude-sonnet-4-6' } }, call: { enclosingFunction: 'f', prompt: [] } };
  const code = { 'code.filepath': 'a.ts', 'code.function': 'f', 'gen_ai.request.model': 'claude-sonnet-4-6' };
  // The conventions: input_tokens 1,000 includes 600 read and 100 written. Anthropic's own usage: 300 uncached + 600 + 100.
  const spans = [
    span({ ...code, 'gen_ai.usage.input_tokens': 1000, 'gen_ai.usage.output_tokens': 50, 'gen_ai.usage.cache_read.input_tokens': 600, 'gen_ai.usage.cache_creation.input_tokens': 100 }),
    span({ ...code, 'gen_ai.usage.input_tokens': 300, 'gen_ai.usage.output_tokens': 50, 'gen_ai.usage.cache_read_input_tokens': 600, 'gen_ai.usage.cache_creation_input_tokens': 100 }, '1764374400000000000'),
  ];
  const r = await importOtlp(chunks(otlp(spans)), 'x.json', [site], canonical, { now: '2025-12-05T00:00:00Z' });
  assert.deepEqual([r.measured['a.ts#f'].inputTokens, r.measured['a.ts#f'].cacheReadTokens, r.measured['a.ts#f'].cacheWriteTokens], [1000, 600, 100]);
  assert.equal(r.measured['a.ts#f'].callsPerDay, 2, 'two spans one day apart: 2 a day');
});

test('provider usage export (JSON usage report): estimated vs exported cost per model, and the share no call site explains', async () => {
  // Two days of Sonnet 4.6: 10M uncached input, 2M cache reads, 1M 5-minute writes, 1M output a day; one day of Opus 4.1.
  const day = (d: string, results: unknown[]) => ({ starting_at: `${d}T00:00:00Z`, ending_at: 'x', results });
  const sonnet = { model: 'claude-sonnet-4-6', api_key_id: 'k1', uncached_input_tokens: 10_000_000, cache_read_input_tokens: 2_000_000, cache_creation: { ephemeral_5m_input_tokens: 1_000_000, ephemeral_1h_input_tokens: 0 }, output_tokens: 1_000_000, service_tier: 'standard' };
  const json = JSON.stringify({ data: [day('2025-11-28', [sonnet]), day('2025-11-29', [sonnet, { model: 'claude-opus-4-1', uncached_input_tokens: 1_000_000, output_tokens: 0 }])], has_more: false });
  const exp = await readUsageJson(chunks(json, 50), 'usage.json');
  assert.deepEqual([exp.from, exp.to, exp.days, exp.rows], ['2025-11-28', '2025-11-29', 2, 3]);
  // Sonnet 4.6 a day: 10M × $3 + 2M × $0.30 + 1M × $3.75 + 1M × $15 = 30 + 0.6 + 3.75 + 15 = $49.35; two days $98.70;
  // per month (30 days) $1,480.50. Opus 4.1: 1M × $15 = $15 in two days → $225/month. Estimate: $1,000 on Sonnet 4.6.
  const check = checkExport(exp, [{ model: 'claude-sonnet-4-6', monthly: 1000 }, { model: 'claude-sonnet-4-6-unknown', monthly: 0 }], book, '2026-12-05');
  const s = check.models.find((m) => m.model === 'claude-sonnet-4-6')!;
  assert.deepEqual([Math.round(s.actual * 100) / 100, s.estimated, s.sites], [1480.5, 1000, 1]);
  const o = check.models.find((m) => m.model === 'claude-opus-4-1')!;
  assert.deepEqual([o.actual, o.sites], [225, 0]);
  // Not explained: (1,480.50 − 1,000) + 225 = 705.50 of 1,705.50 → 41.4%.
  assert.equal(Math.round(check.unexplainedShare * 1000) / 1000, 0.414);
});

test('provider usage export (CSV): columns by name, a cost column taken as is, errors with their line', async () => {
  const csv = 'usage_date_utc,model_version,api_key,input_tokens,cache_read_input_tokens,output_tokens\n2025-11-28,claude-haiku-4-5,k,1000000,0,100000\n2025-11-30,claude-haiku-4-5,k,1000000,0,100000\n';
  const exp = await readUsageCsv(chunks(csv, 7), 'usage.csv');
  // 2M × $1 + 200k × $5 = $3 over 3 days → $30 a month.
  const check = checkExport(exp, [], book, '2026-12-05');
  assert.deepEqual([exp.days, check.models[0].model, Math.round(check.models[0].actual * 100) / 100, check.unexplainedShare], [3, 'claude-haiku-4-5', 30, 1]);
  const cost = await readUsageCsv(chunks('date,model,cost_usd\n2025-11-28,claude-haiku-4-5,$12.50\n'), 'cost.csv');
  assert.equal(checkExport(cost, [], book, '2026-12-05').models[0].actual, 375);
  await assert.rejects(readUsageCsv(chunks('date,model,output_tokens\n2025-11-28,m,5\n2025-11-29,m,five\n'), 'u.csv'), (e: unknown) => e instanceof ImportError && e.line === 3 && /output tokens is "five"/.test(e.message));
  await assert.rejects(readUsageCsv(chunks('date,tokens\n2025-11-28,5\n'), 'u.csv'), (e: unknown) => e instanceof ImportError && e.line === 1 && /no model column/.test(e.message));
  await assert.rejects(readUsageCsv(chunks('date,model,output_tokens\n2025-11-28,m\n'), 'u.csv'), (e: unknown) => e instanceof ImportError && e.line === 2 && /invalid CSV/.test(e.message));
});
