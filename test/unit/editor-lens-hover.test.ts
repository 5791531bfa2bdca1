// Issue #11, item 5: the lens leads with the saving, fits in 70 characters in its default (compact) form, marks an
// assumed volume, and the hover shows each model's tokens and prices so that tokens × price × volume gives each figure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { analyzeCallsDetailed, type AnalyzedSite } from '../../src/core/analyze';
import { inferTaskType } from '../../src/core/infer/index';
import { formatMoney } from '../../src/core/present/format';
import { callDetailsMarkdown, tierLinesOf } from '../../src/core/present/hover';
import { COMPACT_LENS_MAX, lensTitle } from '../../src/core/present/lens';
import { siteCosts } from '../../src/core/present/summary';
import { initScanEngine as initPythonScanner } from '../../src/core/scan/engine/simple';
import { scanWorkspace } from '../../src/core/scan/workspace';
import { EMPTY_USAGE, parseUsageFile } from '../../src/core/usage/usageFile';
import type { CallSite } from '../../src/core/types';

const ROOT = path.join(__dirname, '..', '..');
const EXAMPLES = path.join(ROOT, 'examples');
const TIERS = { haiku: 'claude-haiku-5-5', sonnet: 'claude-sonnet-5-5' };

/** The CLI's computation on a folder (scan → analyse), with the per-model detail the hover shows. */
async function analyzeFolder(root: string): Promise<AnalyzedSite[]> {
  await initPythonScanner();
  const scan = await scanWorkspace(root, []);
  let usage = EMPTY_USAGE;
  try {
    usage = parseUsageFile(readFileSync(path.join(root, '.tierwise.json'), 'utf8'));
  } catch {
    // no usage file
  }
  return analyzeCallsDetailed(scan.calls, scan.ids, { root, usage, infer: (c, o) => inferTaskType(c, o ?? undefined), skipped: scan.skipped }).sites;
}

/**
 * Reads the hover's cost table back and multiplies it out: calls/month × (tokens in × $ in + tokens out × $ out) ÷ 1M.
 * Returns, per row, the role, the figure shown and the figure the arithmetic gives.
 */
function multiplyOut(markdown: string): Array<{ role: string; shown: string; computed: string }> {
  // Per call, or per task for a call priced turn by turn (an agent loop, a conversation; issue #15).
  const head = /\*\*Per month\*\* = ([\d,.]+) (calls|tasks|conversations)\/day × 30 = ([\d,.]+) \2 × \(tokens in × \$ in \+ tokens out × \$ out\) ÷ 1M( × 50% \(Message Batches\))?/.exec(markdown);
  assert.ok(head, `no cost table header in:\n${markdown}`);
  const perDay = Number(head[1].replace(/,/g, ''));
  const calls = Number(head[3].replace(/,/g, ''));
  assert.ok(Math.abs(calls - perDay * 30) < 0.5, 'calls/month = calls/day × 30');
  const factor = head[4] ? 0.5 : 1;
  const rows: Array<{ role: string; shown: string; computed: string }> = [];
  const re = /^\| ([^|]+) \| ` ([^`]+) ` \| ([\d,]+) · ([\d,]+)(?: ¹)? \| \$([\d.]+) · \$([\d.]+) \| (\S+)(?: [¹²³⁴⁵⁶ ]+)? \|$/gm;
  for (const m of markdown.matchAll(re)) {
    const [tin, tout, pin, pout] = [m[3], m[4], m[5], m[6]].map((x) => Number(x.replace(/,/g, '')));
    rows.push({ role: m[1], shown: m[7], computed: formatMoney((calls * (tin * pin + tout * pout) * factor) / 1e6) });
  }
  return rows;
}

function hoverOf(a: AnalyzedSite): string {
  return callDetailsMarkdown({ site: a.site, call: a.call, inference: a.inference, tokenDetail: a.tokens.detail, tierLines: tierLinesOf(a), prices: [], pricesAsOf: '2026-12-01', tiers: TIERS });
}

test('example workspace: every compact lens fits in 70 characters and leads with the saving the tree shows', async () => {
  const sites = await analyzeFolder(EXAMPLES);
  assert.ok(sites.length >= 7, `examples have ${sites.length} call sites`);
  for (const { site } of sites) {
    const lens = lensTitle(site, 'compact', TIERS);
    assert.ok(lens.length <= COMPACT_LENS_MAX && COMPACT_LENS_MAX <= 70, `${site.id}: ${lens.length} characters: "${lens}"`);
    // The saving the tree and the report show for this call (current − recommended) is the lens's first words.
    const saving = siteCosts(site).saving;
    if (saving >= 0.005) assert.ok(lens.startsWith(`save ${formatMoney(saving)}/mo`), `${site.id}: "${lens}" does not lead with save ${formatMoney(saving)}/mo`);
    else if (saving <= -0.005) assert.ok(lens.startsWith(`+${formatMoney(-saving)}/mo`), `${site.id}: "${lens}" does not lead with the upgrade's extra cost`);
    // The figures: the current cost and the recommended tier's.
    // The current cost is shown, or follows from what is shown (recommended + saving) when it did not fit.
    if (site.monthlyCost.current !== null) {
      const derivable = lens.startsWith(`save ${formatMoney(saving)}/mo`) && lens.includes(formatMoney(site.monthlyCost[site.recommendedTier]));
      assert.ok(lens.includes(formatMoney(site.monthlyCost.current)) || derivable, `${site.id}: "${lens}" lacks the current cost`);
    }
    assert.ok(saving > -0.005 && saving < 0.005 ? true : lens.includes(formatMoney(site.monthlyCost[site.recommendedTier])), `${site.id}: "${lens}" lacks the recommended cost`);
    // Where the volume comes from: none of the examples' volumes is assumed, so no mark.
    assert.ok(!lens.includes('/day?'), `${site.id}: "${lens}" marks a volume that is set`);
    assert.ok(lensTitle(site, 'full', TIERS).length > lens.length);
  }
});

test('example workspace: the hover\'s tokens × price × volume gives each figure of the lens, tree and CLI', async () => {
  const sites = await analyzeFolder(EXAMPLES);
  let rows = 0;
  for (const a of sites) {
    const md = hoverOf(a);
    const table = multiplyOut(md);
    const want = [a.site.monthlyCost.current, a.site.monthlyCost.haiku, a.site.monthlyCost.sonnet].filter((x): x is number => x !== null).map(formatMoney);
    assert.ok(table.length >= 2, `${a.site.id}: ${table.length} rows in\n${md}`);
    for (const r of table) {
      assert.equal(r.computed, r.shown, `${a.site.id} ${r.role}: the arithmetic gives ${r.computed}, the hover shows ${r.shown}`);
      assert.ok(want.includes(r.shown), `${a.site.id} ${r.role}: ${r.shown} is none of ${want.join(', ')}`);
      rows++;
    }
    // Every figure has its row: current (when priced), Haiku tier, Sonnet tier (one row when they are the same model).
    for (const f of want) assert.ok(table.some((r) => r.shown === f), `${a.site.id}: no row gives ${f}`);
  }
  assert.ok(rows >= 2 * sites.length);
});

test('the issue\'s call: Haiku 4.5 today, Haiku 5.5 the tier — the lens says "save", the hover shows both token counts', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tierwise-lens-'));
  try {
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(
      path.join(dir, 'src', 'triage.ts'),
      [
        'import Anthropic from "@anthropic-ai/sdk";',
        'const client = new Anthropic();',
        'export async function classifyTicket(ticket: string) {',
        '  const r = await client.messages.create({',
        '    model: "claude-haiku-4-5",',
        '    max_tokens: 10,',
        '    system: "Classify the support ticket. Respond with exactly one of: billing, technical, account, other.",',
        '    messages: [{ role: "user", content: ticket }],',
        '  });',
        '  return r.content[0].type === "text" ? r.content[0].text : "other";',
        '}',
        '',
      ].join('\n'),
    );
    const [a] = await analyzeFolder(dir);
    assert.ok(a, 'the call is found');
    assert.equal(a.site.recommendedTier, 'haiku');
    const saving = a.site.monthlyCost.current! - a.site.monthlyCost.haiku;
    assert.ok(saving > 0.005, 'Haiku 5.5 is cheaper than Haiku 4.5');
    const lens = lensTitle(a.site, 'compact', TIERS);
    assert.equal(lens, `save ${formatMoney(saving)}/mo · Haiku 4.5 → 5.5 ${formatMoney(a.site.monthlyCost.haiku)} · classify_intent · 1k/day?`);
    // The long form names the current model too.
    assert.match(lensTitle(a.site, 'full', TIERS), /^save \$[\d.]+\/mo · Haiku 4\.5 \$[\d.]+ → Haiku 5\.5 \$[\d.]+ · classify_intent · 1k\/day assumed$/);
    const md = hoverOf(a);
    // Haiku 4.5 counts with the older tokenizer, Haiku 5.5 with the newer one (×1.3), and the hover says which is which.
    const table = multiplyOut(md);
    const current = table.find((r) => r.role === 'Current')!;
    const haiku = table.find((r) => r.role === 'Haiku tier')!;
    assert.equal(current.shown, formatMoney(a.site.monthlyCost.current!));
    assert.equal(current.computed, current.shown);
    assert.equal(haiku.computed, haiku.shown);
    assert.equal(a.haiku.tokens.input, tierLinesOf(a).find((l) => l.role === 'Haiku tier')!.input);
    assert.ok(a.haiku.tokens.input > a.current!.tokens.input * 1.2, `newer tokenizer: ${a.haiku.tokens.input} vs ${a.current!.tokens.input}`);
    assert.match(md, /\| Haiku tier \| ` claude-haiku-5-5 ` \| [\d,]+ · [\d,]+ ¹ \|/);
    assert.match(md, /¹ newer tokenizer: the same text is about 1\.3× the tokens/);
    assert.doesNotMatch(md, /\| Current \| ` claude-haiku-4-5 ` \| [\d,]+ · [\d,]+ ¹/, 'Haiku 4.5 is not on the newer tokenizer');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

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
    taskType: 'classify_intent',
    confidence: 0.9,
    reasons: [],
    recommendedTier: 'haiku',
    tokens: { input: 640, output: 10, source: 'estimate' },
    callsPerDay: 1000,
    volumeSource: 'default',
    monthlyCost: { haiku: 19.5, sonnet: 58.5, current: 58.5 },
    ...over,
  };
}

test('compact lens: at most 70 characters for any figures, model, task name and volume', () => {
  // A deterministic spread of awkward cases: six-figure costs, long model ids, long registry task names, every volume source.
  let seed = 7;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const models = ['claude-sonnet-4-6', 'claude-haiku-4-5-20251001', 'gpt-4.1-mini-2025-04-14', 'claude-opus-4-1', 'claude-sonnet-5-5', 'claude-haiku-5-5', 'my-finetuned-model-with-a-long-name-v12', null];
  const tasks = ['classify_intent', 'synthesize_documents', 'route_support_ticket_to_the_right_team_queue', 'chat_general'];
  const sources = ['default', 'annotation', 'usage-file'] as const;
  for (let i = 0; i < 400; i++) {
    const resolved = models[Math.floor(rnd() * models.length)];
    const big = 10 ** Math.floor(rnd() * 7);
    const cost = { haiku: rnd() * big, sonnet: rnd() * big * 20, current: resolved && rnd() > 0.1 ? rnd() * big * 30 : null };
    const s = site({
      model: { expression: resolved ? `'${resolved}'` : 'process.env.MODEL', resolved },
      taskType: tasks[Math.floor(rnd() * tasks.length)],
      confidence: rnd(),
      recommendedTier: rnd() > 0.5 ? 'haiku' : 'sonnet',
      callsPerDay: Math.round(rnd() * 2_000_000),
      volumeSource: sources[Math.floor(rnd() * 3)],
      monthlyCost: cost,
    });
    const lens = lensTitle(s, 'compact', TIERS);
    assert.ok(lens.length <= 70, `${lens.length}: "${lens}"`);
    assert.equal(lens.includes('/day?'), s.volumeSource === 'default', `assumed-volume mark: "${lens}" (${s.volumeSource})`);
  }
});

test('compact lens: the assumed volume is marked, a set one is not', () => {
  // With the mark the current figure no longer fits in 70 characters: it is the recommended one plus the saving.
  assert.equal(lensTitle(site({}), 'compact', TIERS), 'save $39.00/mo · Sonnet 4.6 → Haiku $19.50 · classify_intent · 1k/day?');
  assert.equal(lensTitle(site({ volumeSource: 'annotation' }), 'compact', TIERS), 'save $39.00/mo · Sonnet 4.6 $58.50 → Haiku $19.50 · classify_intent');
  assert.equal(lensTitle(site({ volumeSource: 'usage-file', callsPerDay: 50_000 }), 'full', TIERS), 'save $39.00/mo · Sonnet 4.6 $58.50 → Haiku $19.50 · classify_intent · 50k/day (usage file)');
  // On the recommended tier's own model: nothing to save.
  const ok = site({ model: { expression: "'claude-haiku-5-5'", resolved: 'claude-haiku-5-5' }, monthlyCost: { haiku: 2.93, sonnet: 58.5, current: 2.93 }, volumeSource: 'annotation' });
  assert.equal(lensTitle(ok, 'compact', TIERS), '✓ Haiku $2.93/mo · classify_intent');
  // An upgrade leads with its extra cost.
  const up = site({ taskType: 'review_code', recommendedTier: 'sonnet', model: { expression: "'claude-haiku-5-5'", resolved: 'claude-haiku-5-5' }, monthlyCost: { haiku: 3, sonnet: 60, current: 3 } });
  assert.equal(lensTitle(up, 'compact', TIERS), '+$57.00/mo · Haiku $3.00 → Sonnet $60.00 · review_code · 1k/day?');
  // Unresolved: the recommended figure, and why there is no current one.
  const unresolved = site({ model: { expression: 'process.env.LLM_MODEL', resolved: null }, monthlyCost: { haiku: 19.5, sonnet: 58.5, current: null } });
  assert.equal(lensTitle(unresolved, 'compact', TIERS), '? → Haiku $19.50/mo · classify_intent · model unresolved · 1k/day?');
});

test('the compact lens is the default (package.json and the typed config agree)', () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { default: unknown; enum?: string[] }> } } };
  const setting = pkg.contributes.configuration.properties['tierwise.lens.detail'];
  assert.equal(setting.default, 'compact');
  assert.deepEqual([...(setting.enum ?? [])].sort(), ['compact', 'full', 'minimal']);
  assert.match(readFileSync(path.join(ROOT, 'src', 'extension', 'config.ts'), 'utf8'), /c\.get<string>\('lens\.detail', 'compact'\)/);
});
