import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';

const examples = path.join(__dirname, '..', '..', 'examples');

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(args, (s) => (out += s), (s) => (err += s), path.join(__dirname, '..', '..'));
  return { code, out, err };
}

test('scan --format json prints the version-1 contract for the example workspace', async () => {
  const { code, out } = await run(['scan', examples, '--format', 'json']);
  assert.equal(code, 0);
  const report = JSON.parse(out);
  assert.equal(report.version, 1);
  assert.equal(report.root, examples);
  assert.deepEqual(Object.keys(report).sort(), ['callSites', 'pricing', 'root', 'skipped', 'totals', 'version']);
  const triage = report.callSites.find((s: { id: string }) => s.id === 'src/support/triage.ts#classifyTicket');
  assert.ok(triage, 'the triage call is found');
  assert.equal(triage.line, 12);
  assert.equal(triage.callsPerDay, 50000);
  assert.equal(triage.volumeSource, 'annotation');
  assert.equal(triage.taskType, 'classify_intent');
  assert.equal(triage.recommendedTier, 'haiku');
  assert.deepEqual(triage.model, { expression: '"claude-sonnet-4-6"', resolved: 'claude-sonnet-4-6' });
  const summary = report.callSites.find((s: { id: string }) => s.id === 'src/support/summarize.ts#summarizeThread');
  assert.equal(summary.volumeSource, 'usage-file');
  assert.equal(summary.callsPerDay, 12000);
  // Totals are the sums of the sites (no double counting).
  const sum = (k: 'haiku' | 'sonnet') => report.callSites.reduce((a: number, s: { monthlyCost: Record<string, number> }) => a + s.monthlyCost[k], 0);
  assert.ok(Math.abs(report.totals.allHaiku - sum('haiku')) < 0.05);
  assert.ok(Math.abs(report.totals.allSonnet - sum('sonnet')) < 0.05);
});

test('--calls-per-day changes the default volume only', async () => {
  const { out } = await run(['scan', examples, '--format', 'json', '--calls-per-day', '10']);
  const report = JSON.parse(out);
  const rag = report.callSites.find((s: { file: string }) => s.file === 'src/docs/answerFromDocs.ts');
  assert.equal(rag.callsPerDay, 10);
  assert.equal(rag.volumeSource, 'default');
  const triage = report.callSites.find((s: { file: string }) => s.file === 'src/support/triage.ts');
  assert.equal(triage.callsPerDay, 50000);
});

test('table and markdown name every call site; bad arguments exit 2 with the usage', async () => {
  const table = await run(['scan', examples]);
  assert.equal(table.code, 0);
  assert.match(table.out, /src\/support\/triage\.ts:12/);
  const md = await run(['scan', examples, '--format', 'markdown']);
  assert.match(md.out, /\|/);
  assert.match(md.out, /triage\.ts/);
  const bad = await run(['scan', '--format', 'yaml']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /usage: tierwise scan/);
  const missing = await run(['scan', path.join(examples, 'nope')]);
  assert.equal(missing.code, 2);
});

test('scan says how many test files it left out, counted from the files it listed (excludes apply), and scans them with --include-tests', async () => {
  const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(path.join(tmpdir(), 'tierwise-testfiles-'));
  try {
    mkdirSync(path.join(dir, 'src', 'legacy'), { recursive: true });
    const call = 'import OpenAI from "openai";\nconst o = new OpenAI();\nexport const f = () => o.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Say which language this is." }] });\n';
    writeFileSync(path.join(dir, 'src', 'lang.ts'), call);
    writeFileSync(path.join(dir, 'src', 'lang.test.ts'), call);
    writeFileSync(path.join(dir, 'src', 'lang.spec.ts'), call);
    writeFileSync(path.join(dir, 'src', 'legacy', 'old.test.ts'), call);
    // Python modules named like tests outside a tests folder: one by what it holds (a test), one not (a generator).
    writeFileSync(path.join(dir, 'src', 'test_lang.py'), 'def test_lang():\n    assert True\n');
    writeFileSync(path.join(dir, 'src', 'test_cases.py'), 'def make_cases(n):\n    return list(range(n))\n');
    const plain = await run(['scan', dir, '--format', 'json']);
    assert.equal(plain.code, 0);
    assert.equal(JSON.parse(plain.out).callSites.length, 1);
    assert.match(plain.err, /4 test files not scanned \(pass --include-tests to scan them\)/);
    const excluded = await run(['scan', dir, '--format', 'json', '--exclude', 'src/legacy/**']);
    assert.match(excluded.err, /3 test files not scanned/);
    const all = await run(['scan', dir, '--format', 'json', '--include-tests']);
    assert.equal(JSON.parse(all.out).callSites.length, 4);
    assert.doesNotMatch(all.err, /not scanned/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
