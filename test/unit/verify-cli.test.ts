// `tierwise verify` and `tierwise verify --check` against the fake Messages API: nothing sent without consent,
// a dataset's problems named by line and key, the report in JSON and Markdown, the record written for CI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/main';
import { parseCommandLine, UsageError } from '../../src/cli/args';
import type { VerifyIo } from '../../src/cli/verify';
import type { VerifyReport } from '../../src/core/verify/types';
import { FAKE_API_KEY, startFakeAnthropic } from '../fake-anthropic/server';

const SITE = 'src/support/triage.ts#classifyTicket';
const LABELS = ['billing', 'bug', 'account', 'other'];

function workspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tierwise-verify-cli-'));
  mkdirSync(path.join(dir, 'src/support'), { recursive: true });
  cpSync(path.join(__dirname, '../e2e/workspace/src/support/triage.ts'), path.join(dir, 'src/support/triage.ts'));
  const lines = Array.from({ length: 12 }, (_, i) => JSON.stringify({ $id: `t${i}`, ticket: `[${LABELS[i % 4]}] ticket ${i}` }));
  writeFileSync(path.join(dir, 'tickets.jsonl'), `${lines.join('\n')}\n`);
  return dir;
}

async function cli(args: string[], cwd: string, io: VerifyIo) {
  let out = '';
  let err = '';
  const code = await runCli(args, (s) => (out += s), (s) => (err += s), cwd, io);
  return { code, out, err };
}

test('arguments: required flags, a threshold as a fraction, --check alone', () => {
  assert.throws(() => parseCommandLine(['verify', '--data', 'x']), (e: unknown) => e instanceof UsageError && /needs --site/.test(e.message));
  assert.throws(() => parseCommandLine(['verify', '--site', 'a#b']), /needs --data/);
  assert.throws(() => parseCommandLine(['verify', '--site', 'a#b', '--data', 'x', '--threshold', '5']), /--threshold must be a fraction between 0 and 1/);
  assert.throws(() => parseCommandLine(['verify', '--site', 'a#b', '--data', 'x', '--grade', 'vibes']), /--grade must be label, json, rubric/);
  assert.throws(() => parseCommandLine(['verify', '--check', '--site', 'a#b']), /--check does not take --site/);
  assert.deepEqual(parseCommandLine(['verify', '--check', 'app', '--max-age-days', '30']), { command: 'verify-check', folder: 'app', maxAgeDays: 30, format: 'text', usageFile: undefined });
  const c = parseCommandLine(['verify', '--site', 'a#b', '--data', 'd.jsonl', '--threshold', '0.08', '--format', 'markdown', '--no-batch', '-y']);
  assert.equal(c.command, 'verify');
  if (c.command === 'verify') {
    assert.equal(c.threshold, 0.08);
    assert.equal(c.batch, false);
    assert.equal(c.yes, true);
  }
});

test('nothing is sent without consent: no terminal and no --yes, --dry-run, a "no" to either question, no key', async () => {
  const fake = await startFakeAnthropic({ maxLifetimeMs: 60_000 });
  const dir = workspace();
  try {
    const env = { ANTHROPIC_API_KEY: FAKE_API_KEY, ANTHROPIC_BASE_URL: fake.url };
    const base = ['verify', '--site', SITE, '--data', 'tickets.jsonl', '--min-inputs', '5'];
    const noTty = await cli(base, dir, { env });
    assert.equal(noTty.code, 2);
    assert.match(noTty.err, /not a terminal: add --yes/);
    // What would be sent is printed first: where, how many, the first request as it goes.
    assert.match(noTty.err, new RegExp(`sends to 127\\.0\\.0\\.1:${fake.port}: 12 inputs on claude-haiku-5-5 and claude-sonnet-5-5 \\(24 requests in one Message Batch, 50% off\\)`));
    assert.match(noTty.err, /system: Classify the support ticket into exactly one label/);
    assert.match(noTty.err, /user: \[billing\] ticket 0/);
    assert.match(noTty.err, /local estimate: at most \$/);
    const dry = await cli([...base, '--dry-run'], dir, { env });
    assert.equal(dry.code, 0);
    assert.match(dry.err, /--dry-run: nothing was sent/);
    const no = await cli(base, dir, { env, ask: async () => false });
    assert.equal(no.code, 2);
    const noKey = await cli([...base, '--yes'], dir, { env: { ANTHROPIC_BASE_URL: fake.url } });
    assert.equal(noKey.code, 2);
    assert.match(noKey.err, /ANTHROPIC_API_KEY is not set; nothing was sent/);
    assert.equal(fake.requests.length, 0, 'a request left before consent');
    // Yes to counting, no to running: only count_tokens went out.
    let asked = 0;
    const half = await cli(base, dir, { env, ask: async () => ++asked === 1 });
    assert.equal(half.code, 2);
    assert.equal(asked, 2);
    assert.match(half.err, /estimated cost at most \$[\d.e-]+ \(count_tokens on 5 sample inputs × 12/);
    assert.deepEqual([...new Set(fake.requests.map((r) => r.path))], ['/v1/messages/count_tokens']);
  } finally {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a bad dataset is refused with its lines and keys; an unknown site is named with the near ones', async () => {
  const dir = workspace();
  try {
    writeFileSync(path.join(dir, 'bad.jsonl'), '{"ticket": "a"}\n{"tikcet": "b"}\n{"ticket": 3, "x": {}}\n');
    // A closed loopback port: were anything sent by mistake, it would go nowhere (never to the real API).
    const bad = await cli(['verify', '--site', SITE, '--data', 'bad.jsonl', '--yes'], dir, { env: { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' } });
    assert.equal(bad.code, 2);
    assert.match(bad.err, /bad\.jsonl:2: unknown key "tikcet" \(did you mean "ticket"\?\)/);
    assert.match(bad.err, /bad\.jsonl:2: missing key "ticket"/);
    assert.match(bad.err, /bad\.jsonl:3: unknown key "x"/);
    assert.match(bad.err, /nothing was sent/);
    const unknown = await cli(['verify', '--site', 'src/support/triage.ts#classify', '--data', 'tickets.jsonl', '--yes'], dir, { env: { ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' } });
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /no call site "src\/support\/triage\.ts#classify".*Did you mean "src\/support\/triage\.ts#classifyTicket"\?/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--yes runs it: the report in JSON and Markdown, exit 0 below the threshold, 1 above; --record writes .tierwise.json; --check reads it', async () => {
  const fake = await startFakeAnthropic({ chunkDelayMs: 0, maxLifetimeMs: 60_000 });
  const dir = workspace();
  try {
    fake.script([
      { kind: 'reply', path: '/v1/messages/batches', model: 'claude-haiku-5-5', whenText: 'ticket 5$', text: 'billing' },
      { kind: 'reply', path: '/v1/messages/batches', whenText: '^\\[(\\w+)\\]', text: '$1' },
    ]);
    const env = { ANTHROPIC_API_KEY: FAKE_API_KEY, ANTHROPIC_BASE_URL: fake.url };
    const io: VerifyIo = { env, pollDelayMs: () => 5, now: () => new Date('2026-12-05T12:00:00Z') };
    const args = ['verify', '--site', SITE, '--data', 'tickets.jsonl', '--yes', '--min-inputs', '5', '--latency-sample', '0'];
    const json = await cli([...args, '--format', 'json', '--threshold', '0.1', '--record'], dir, io);
    assert.equal(json.code, 0, json.err);
    const report = JSON.parse(json.out) as VerifyReport;
    assert.equal(report.n, 12);
    assert.equal(report.errors, 1);
    assert.equal(report.decision, 'move');
    assert.equal(report.site.taskKey, 'classify_intent');
    assert.equal(report.grading, 'label');
    assert.match(json.err, /recorded the verification of classify_intent in \.tierwise\.json/);
    const usage = JSON.parse(readFileSync(path.join(dir, '.tierwise.json'), 'utf8')) as { verifications: Record<string, { n: number; date: string; models: object }> };
    assert.equal(usage.verifications.classify_intent!.n, 12);
    assert.equal(usage.verifications.classify_intent!.date, '2026-12-05');
    // 1 of 12 is 8.3%: not below 5%.
    const md = await cli([...args, '--format', 'markdown', '--record'], dir, io);
    assert.equal(md.code, 1);
    assert.match(md.out, /^## Verification of `classify_intent` \(src\/support\/triage\.ts#classifyTicket\)\n\n\*\*Keep on Sonnet\.\*\*/);
    assert.match(md.out, /\| Error rate \(95% interval\) \| 8\.3% \(1\.4–36%\) \|/);
    assert.match(md.out, /### Disagreements \(1\)/);
    assert.match(md.err, /not recorded: the decision is "keep"/);

    // The CI check: a registry routing classify_intent to Haiku needs that verification.
    mkdirSync(path.join(dir, 'src/llm'), { recursive: true });
    writeFileSync(path.join(dir, 'src/llm/modelRegistry.ts'), 'export const MODEL_REGISTRY = {\n  classify_intent: "claude-haiku-5-5",\n  summarize_short: "claude-haiku-5-5",\n} as const;\nexport const DEFAULT_MODEL = "claude-sonnet-5-5";\n');
    const check = await cli(['verify', '--check', '.'], dir, { env: {}, now: () => new Date('2026-12-20T00:00:00Z') });
    assert.equal(check.code, 1);
    assert.match(check.out, /^ok {3}classify_intent → claude-haiku-5-5 \(src\/llm\/modelRegistry\.ts:2\)$/m);
    assert.match(check.out, /^FAIL summarize_short → claude-haiku-5-5 \(src\/llm\/modelRegistry\.ts:3\)$/m);
    assert.match(check.err, /summarize_short → claude-haiku-5-5: routed to Haiku with no verification/);
    const stale = await cli(['verify', '--check', '--max-age-days', '10', '--format', 'json'], dir, { env: {}, now: () => new Date('2026-12-20T00:00:00Z') });
    const result = JSON.parse(stale.out) as { ok: boolean; problems: Array<{ task: string; kind: string }> };
    assert.equal(result.ok, false);
    assert.deepEqual(result.problems.map((p) => [p.task, p.kind]), [['classify_intent', 'stale'], ['summarize_short', 'missing']]);
    writeFileSync(path.join(dir, 'src/llm/modelRegistry.ts'), 'export const MODEL_REGISTRY = {\n  classify_intent: "claude-haiku-5-5",\n} as const;\nexport const DEFAULT_MODEL = "claude-sonnet-5-5";\n');
    assert.equal((await cli(['verify', '--check'], dir, { env: {}, now: () => new Date('2026-12-20T00:00:00Z') })).code, 0);
    assert.ok(!existsSync(path.join(dir, '.tierwise.json.tmp')));
  } finally {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
