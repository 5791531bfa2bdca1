// The verification in `.tierwise.json`: written as a small edit (the rest of the file untouched), valid against the
// usage file's schema, read back for the registry lens, marked on revert, and checked for CI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildPriceBook } from '../../src/core/cost/prices';
import { readRegistry } from '../../src/core/registry';
import { parseUsageFile } from '../../src/core/usage/usageFile';
import { checkVerifications } from '../../src/core/verify/check';
import { applyJsonEdits, readVerifications, recordEdits, recordOf, revertRecordEdits, UsageFileNotEditable, verificationSummary } from '../../src/core/verify/record';
import type { VerifyReport } from '../../src/core/verify/types';
import { wilsonInterval } from '../../src/core/verify/decide';
import { writeAtomically } from '../../src/cli/verify';

function report(over: Partial<VerifyReport> = {}): VerifyReport {
  const tier = { model: '', costPer1k: null, latencyP50Ms: null, latencyP95Ms: null, latencySamples: 0, meanOutputTokens: null, succeeded: 0 };
  return {
    version: 1,
    date: '2026-12-05T10:00:00.000Z',
    site: { id: 'src/support/triage.ts#classifyTicket', taskKey: 'classify_intent' },
    models: { haiku: 'claude-haiku-5-5', sonnet: 'claude-sonnet-5-5', grader: null },
    grading: 'label',
    rubric: null,
    threshold: 0.05,
    minInputs: 30,
    dataset: { file: 'verify/tickets.jsonl', hash: 'sha256:abc', n: 150 },
    n: 150,
    errors: 5,
    errorRate: 5 / 150,
    interval: wilsonInterval(5, 150),
    decision: 'move',
    decisionText: '',
    tiers: { haiku: { ...tier, model: 'claude-haiku-5-5' }, sonnet: { ...tier, model: 'claude-sonnet-5-5' } },
    runCostUsd: 0.01,
    mode: 'batch',
    sonnetVsExpected: null,
    excluded: 0,
    failures: [],
    disagreements: [],
    items: [],
    notes: [],
    cancelled: false,
    ...over,
  };
}

const EXISTING = `{
    "defaults": { "callsPerDay": 2000 },
    "callSites": {
        "src/a.ts#f": { "callsPerDay": 10 }
    }
}
`;

test('the record: date, n, error rate, the interval rounded outward, dataset hash, models, call sites', () => {
  const r = recordOf(report(), ['src/support/triage.ts#classifyTicket']);
  assert.deepEqual(r, {
    date: '2026-12-05',
    n: 150,
    errors: 5,
    errorRate: 0.0333,
    interval: [0.0143, 0.0757],
    threshold: 0.05,
    datasetHash: 'sha256:abc',
    dataset: 'verify/tickets.jsonl',
    models: { haiku: 'claude-haiku-5-5', sonnet: 'claude-sonnet-5-5' },
    grading: 'label',
    callSites: ['src/support/triage.ts#classifyTicket'],
  });
  assert.throws(() => recordOf(report({ n: 0, errorRate: null, interval: null }), []));
});

test('written into an existing usage file: the rest untouched, its indentation kept, valid against the schema', () => {
  const rec = recordOf(report(), ['src/support/triage.ts#classifyTicket']);
  const edits = recordEdits(EXISTING, 'classify_intent', rec);
  const after = applyJsonEdits(EXISTING, edits);
  assert.ok(after.startsWith('{\n    "defaults": { "callsPerDay": 2000 },\n    "callSites": {\n        "src/a.ts#f": { "callsPerDay": 10 }\n    },\n    "verifications": {\n        "classify_intent": {\n            "date": "2026-12-05",'), after);
  const loaded = parseUsageFile(after);
  assert.deepEqual(loaded.problems, []);
  assert.equal(loaded.usage.defaults?.callsPerDay, 2000);
  assert.deepEqual(loaded.usage.verifications?.classify_intent, rec);
  // A second verification of the same key replaces the first; another key is added beside it.
  const again = applyJsonEdits(after, recordEdits(after, 'classify_intent', { ...rec, n: 200 }));
  const both = applyJsonEdits(again, recordEdits(again, 'extract_entities', { ...rec, grading: 'json' }));
  const read = readVerifications(both);
  assert.deepEqual(Object.keys(read.records), ['classify_intent', 'extract_entities']);
  assert.equal(read.records.classify_intent!.n, 200);
  assert.deepEqual(parseUsageFile(both).problems, []);
});

test('a new usage file holds just the verification; a bad record is reported by the schema and by the reader', () => {
  const rec = recordOf(report(), ['x#y']);
  const created = applyJsonEdits('', recordEdits(null, 'classify_intent', rec));
  assert.deepEqual(JSON.parse(created), { verifications: { classify_intent: rec } });
  assert.deepEqual(parseUsageFile(created).problems, []);
  const broken = JSON.stringify({ verifications: { classify_intent: { ...rec, interval: [0.1] }, summarize_short: { ...rec, date: 'Dec 5' } } }, null, 2);
  assert.ok(parseUsageFile(broken).problems.length > 0, 'the schema accepts a bad record');
  const read = readVerifications(broken);
  assert.deepEqual(read.records, {});
  assert.deepEqual(read.problems.map((p) => [p.key, p.line, p.message]), [
    ['classify_intent', 3, 'verifications["classify_intent"]: "interval" must be [low, high] between 0 and 1'],
    ['summarize_short', 23, 'verifications["summarize_short"]: "date" must be YYYY-MM-DD'],
  ]);
});

test('a usage file that does not parse, or is not an object, is not edited: the reason names the line', () => {
  const rec = recordOf(report(), []);
  assert.throws(() => recordEdits('{\n  "defaults": { "callsPerDay": 10 }\n  "taskTypes": {}\n}\n', 'classify_intent', rec), (e: unknown) => e instanceof UsageFileNotEditable && /does not parse \(line 3: CommaExpected\)/.test(e.message));
  assert.throws(() => recordEdits('[1, 2]', 'classify_intent', rec), /not a JSON object/);
  assert.throws(() => recordEdits('{"verifications": []}', 'classify_intent', rec), /"verifications" in \.tierwise\.json is not an object/);
  assert.equal(revertRecordEdits('{"verifications": {"a": ', 'a', '2026-12-09'), null);
  // Comments and a trailing comma (as VS Code's JSON allows) are fine.
  const jsonc = '{\n  // team volumes\n  "defaults": { "callsPerDay": 10 },\n}\n';
  assert.match(applyJsonEdits(jsonc, recordEdits(jsonc, 'k', rec)), /\/\/ team volumes[\s\S]*"verifications"/);
});

test('revert marks the record with its date; nothing to mark without one', () => {
  const text = applyJsonEdits(EXISTING, recordEdits(EXISTING, 'classify_intent', recordOf(report(), [])));
  const reverted = applyJsonEdits(text, revertRecordEdits(text, 'classify_intent', '2026-12-09')!);
  assert.equal(readVerifications(reverted).records.classify_intent!.revertedAt, '2026-12-09');
  assert.deepEqual(parseUsageFile(reverted).problems, []);
  assert.equal(revertRecordEdits(text, 'summarize_short', '2026-12-09'), null);
});

test('the lens text: verified Dec 5 · n=150 · 3.3% (1.4–7.6%) and its age', () => {
  const rec = recordOf(report(), []);
  assert.equal(verificationSummary(rec, new Date('2026-12-05T18:00:00Z')), 'verified Dec 5 · n=150 · 3.3% (1.4–7.6%) · today');
  assert.equal(verificationSummary(rec, new Date('2026-12-17T01:00:00Z')), 'verified Dec 5 · n=150 · 3.3% (1.4–7.6%) · 12 days ago');
  assert.equal(verificationSummary(rec, new Date('2027-04-05T00:00:00Z')), 'verified Dec 5, 2026 · n=150 · 3.3% (1.4–7.6%) · 4 months ago');
});

test('the CI check: Haiku entries need a recent verification on the registry\'s models', () => {
  const book = buildPriceBook();
  const registry = readRegistry(
    'src/llm/modelRegistry.ts',
    `export const MODEL_REGISTRY = {\n  classify_intent: "claude-haiku-5-5",\n  extract_entities: "claude-haiku-5-5",\n  summarize_short: "claude-haiku-4-5",\n  triage: "us.anthropic.claude-haiku-5-5-v1:0",\n  review_code: "claude-sonnet-5-5",\n} as const;\nexport const DEFAULT_MODEL = "claude-sonnet-5-5";\n`,
  );
  const rec = recordOf(report(), []);
  const verifications = {
    classify_intent: rec,
    summarize_short: rec, // made on Haiku 5.5, the entry says 4.5
    triage: { ...rec, date: '2026-06-01' }, // old
  };
  const today = new Date('2026-12-10T00:00:00Z');
  const result = checkVerifications({ registries: [{ file: 'src/llm/modelRegistry.ts', info: registry }], verifications, book, today, maxAgeDays: 90 });
  assert.deepEqual(
    result.checked.map((c) => [c.task, c.ok]),
    [
      ['classify_intent', true],
      ['extract_entities', false],
      ['summarize_short', false],
      ['triage', false],
    ],
    'the Sonnet entry is not checked; the Bedrock id is a Haiku entry',
  );
  assert.deepEqual(result.problems.map((p) => [p.task, p.kind, p.line]), [
    ['extract_entities', 'missing', 3],
    ['summarize_short', 'models', 4],
    ['triage', 'stale', 5],
  ]);
  assert.match(result.problems[1]!.message, /verified on claude-haiku-5-5, but the registry runs it on claude-haiku-4-5/);
  assert.match(result.problems[2]!.message, /verified 2026-06-01, 192 days ago: older than 90 days/);
  // Another reference model than DEFAULT_MODEL, and a reverted record, fail too.
  const other = checkVerifications({ registries: [{ file: 'r.ts', info: registry }], verifications: { classify_intent: { ...rec, models: { haiku: 'claude-haiku-5-5', sonnet: 'claude-sonnet-4-6' } } }, book, today, maxAgeDays: 90 });
  assert.match(other.problems.find((p) => p.task === 'classify_intent')!.message, /verified against claude-sonnet-4-6, but the registry's DEFAULT_MODEL is claude-sonnet-5-5/);
  const reverted = checkVerifications({ registries: [{ file: 'r.ts', info: registry }], verifications: { classify_intent: { ...rec, revertedAt: '2026-12-06' } }, book, today, maxAgeDays: 90 });
  assert.equal(reverted.problems.find((p) => p.task === 'classify_intent')!.kind, 'reverted');
});

test('the CLI writes the usage file atomically: a failed write leaves the old file and no temporary file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tierwise-atomic-'));
  try {
    const file = path.join(dir, '.tierwise.json');
    writeFileSync(file, EXISTING);
    writeAtomically(file, '{"a": 1}\n');
    assert.equal(readFileSync(file, 'utf8'), '{"a": 1}\n');
    // The target is a folder: the rename fails, nothing is half-written, the temp folder is gone.
    const folder = path.join(dir, 'sub');
    mkdirSync(folder);
    assert.throws(() => writeAtomically(folder, 'new'));
    assert.deepEqual(readdirSync(dir).sort(), ['.tierwise.json', 'sub']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
