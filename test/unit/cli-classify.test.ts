// `tierwise classify` end to end against the fake Messages API: cost first, consent, messages or a batch, the cache
// (an unchanged card is never sent again, an edited one is), --accept into .tierwise.json, and `scan --cards`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/classify';
import { FAKE_API_KEY, startFakeAnthropic, type FakeAnthropic } from '../fake-anthropic/server';
import { answerJson, TRIAGE_TS } from './judge-helpers';

const SUMMARY_TS = `import Anthropic from '@anthropic-ai/sdk';
const client = new Anthropic();
export async function summarizeThread(thread: string) {
  const r = await client.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 200, system: 'Summarize the email thread in three bullet points.', messages: [{ role: 'user', content: thread }] });
  return r.content;
}
`;

function workspace(): { dir: string; cache: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tierwise-classify-'));
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  writeFileSync(path.join(dir, 'src', 'triage.ts'), TRIAGE_TS);
  writeFileSync(path.join(dir, 'src', 'summary.ts'), SUMMARY_TS);
  return { dir, cache: path.join(dir, '..', `${path.basename(dir)}-cache.json`), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

async function run(args: string[], cwd: string, io: CliIo = {}) {
  let out = '';
  let err = '';
  const code = await runCli(args, (s) => (out += s), (s) => (err += s), cwd, io);
  return { code, out, err };
}

const env = (fake: FakeAnthropic | null, extra: Record<string, string> = {}) => ({ ...(fake ? { ANTHROPIC_API_KEY: FAKE_API_KEY, ANTHROPIC_BASE_URL: fake.url } : {}), HOME: os.tmpdir(), ...extra });
const sent = (fake: FakeAnthropic, p: string) => fake.requests.filter((r) => r.path === p).length;

function scriptJudge(fake: FakeAnthropic, extra: object[] = []): void {
  fake.script([
    ...(extra as never[]),
    { kind: 'reply', match: 'Call site: classifyTicket ', text: answerJson() },
    { kind: 'reply', match: 'Call site: summarizeThread ', text: answerJson({ taskType: 'summarize_short', job: 'Summarizes an email thread in three bullets.' }) },
    { kind: 'reply', path: '/v1/messages/batches', match: 'Call site: classifyTicket ', text: answerJson() },
    { kind: 'reply', path: '/v1/messages/batches', match: 'Call site: summarizeThread ', text: answerJson({ taskType: 'summarize_short' }) },
  ]);
}

test('--dry-run prints the system prompt, every card and a local cost, needs no key and sends nothing', async () => {
  const ws = workspace();
  const fake = await startFakeAnthropic({ maxLifetimeMs: 60_000 });
  try {
    const r = await run(['classify', ws.dir, '--dry-run', '--cache', ws.cache], ws.dir, { env: env(null) });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^Dry run: nothing is sent\. 3 call sites, about \$0\.\d+ on claude-haiku-5-5 \(estimated here/);
    assert.match(r.out, /=== System prompt \(the same for every card\) ===\nYou review one LLM call site/);
    assert.match(r.out, /=== src\/triage\.ts#classifyTicket ===\nPrompt, in the order the model receives it:\n[^=]*\nCall site: classifyTicket in src\/triage\.ts/);
    assert.match(r.out, /Summarize the email thread in three bullet points\./);
    const json = JSON.parse((await run(['classify', ws.dir, '--dry-run', '--format', 'json', '--cache', ws.cache], ws.dir, { env: env(fake) })).out);
    assert.equal(json.requests.length, 3);
    assert.equal(json.requests[0].request.model, 'claude-haiku-5-5');
    assert.equal(fake.requests.length, 0, 'a dry run sent something');
    assert.ok(!existsSync(ws.cache));
  } finally {
    await fake.close();
    ws.cleanup();
  }
});

test('no key, or no --yes and no terminal to ask: nothing is sent (not even count_tokens) and it says why', async () => {
  const ws = workspace();
  const fake = await startFakeAnthropic({ maxLifetimeMs: 60_000 });
  try {
    const nokey = await run(['classify', ws.dir, '--yes', '--cache', ws.cache], ws.dir, { env: env(null, { ANTHROPIC_BASE_URL: fake.url }) });
    assert.equal(nokey.code, 2);
    assert.match(nokey.err, /set ANTHROPIC_API_KEY to classify with Claude .*Nothing was sent\./);
    const noyes = await run(['classify', ws.dir, '--cache', ws.cache], ws.dir, { env: env(fake) });
    assert.equal(noyes.code, 2);
    assert.match(noyes.err, /3 call sites, about \$0\.\d+ on claude-haiku-5-5 \(estimated here\)\. The cards contain code from /);
    assert.match(noyes.err, /nothing was sent: pass --yes to send, or --dry-run/);
    assert.equal(fake.requests.length, 0);
    // On a terminal the CLI asks; "no" sends nothing but the count.
    let asked = '';
    const declined = await run(['classify', ws.dir, '--cache', ws.cache], ws.dir, { env: env(fake), confirm: async (q) => ((asked = q), false) });
    assert.equal(declined.code, 0);
    assert.equal(asked, 'Send 3 cards to claude-haiku-5-5? [y/N] ');
    assert.match(declined.err, /3 call sites, about \$0\.\d+ on claude-haiku-5-5 \(counted with count_tokens\)/);
    assert.match(declined.err, /the cards contain code from .* they go to 127\.0\.0\.1:\d+/);
    assert.ok(sent(fake, '/v1/messages/count_tokens') > 0);
    assert.equal(sent(fake, '/v1/messages'), 0);
  } finally {
    await fake.close();
    ws.cleanup();
  }
});

test('--yes: answers per site; a second run sends nothing (cache); an edited prompt is sent again; --accept writes .tierwise.json atomically and the scan shows it without a key', async () => {
  const ws = workspace();
  const fake = await startFakeAnthropic({ maxLifetimeMs: 60_000 });
  try {
    scriptJudge(fake);
    const first = await run(['classify', ws.dir, '--yes', '--cache', ws.cache], ws.dir, { env: env(fake) });
    // The third site (run(stored, input)) gets the fake's default answer, which is not JSON: its own state, exit 1.
    assert.equal(first.code, 1, first.err);
    assert.match(first.out, /src\/triage\.ts#classifyTicket\s+classify_intent \d+%\s+classify_intent 92%\s+haiku\s+Sorts a support ticket/);
    assert.match(first.out, /src\/summary\.ts#summarizeThread .*summarize_short 92%\s+haiku/);
    assert.match(first.out, /src\/triage\.ts#run .*invalid: claude-haiku-5-5's answer is not JSON/);
    assert.match(first.err, /2 answered, 1 invalid answer/);
    assert.equal(sent(fake, '/v1/messages'), 3);

    const second = await run(['classify', ws.dir, '--yes', '--cache', ws.cache], ws.dir, { env: env(fake) });
    assert.equal(sent(fake, '/v1/messages'), 4, 'only the card without an answer is sent again');
    assert.match(second.out, /cached: Sorts a support ticket/);

    writeFileSync(path.join(ws.dir, 'src', 'summary.ts'), SUMMARY_TS.replace('three bullet points', 'two bullet points'));
    await run(['classify', ws.dir, '--yes', '--cache', ws.cache], ws.dir, { env: env(fake) });
    const bodies = fake.requests.filter((r) => r.path === '/v1/messages').slice(4).map((r) => JSON.stringify(r.body));
    assert.equal(bodies.length, 2, 'the edited card and the unanswered one');
    assert.ok(bodies.some((b) => b.includes('two bullet points')));

    writeFileSync(path.join(ws.dir, '.tierwise.json'), JSON.stringify({ callSites: { 'src/triage.ts#classifyTicket': { callsPerDay: 40000 } } }, null, 2));
    const accepted = await run(['classify', ws.dir, '--yes', '--accept', '--cache', ws.cache], ws.dir, { env: env(fake) });
    assert.match(accepted.err, /wrote 2 task types to \.tierwise\.json/);
    const usage = JSON.parse(readFileSync(path.join(ws.dir, '.tierwise.json'), 'utf8'));
    assert.deepEqual(Object.keys(usage.callSites['src/triage.ts#classifyTicket']), ['callsPerDay', 'taskType', 'taskTypeSource', 'job', 'questions', 'upgradeSignals']);
    assert.equal(usage.callSites['src/triage.ts#classifyTicket'].callsPerDay, 40000);
    assert.match(usage.callSites['src/summary.ts#summarizeThread'].taskTypeSource, /^claude-haiku-5-5 \d{4}-\d{2}-\d{2}$/);
    assert.deepEqual(readdirSync(ws.dir).filter((f) => f.includes('.tmp')), [], 'no temp file left behind');

    // A teammate without a key, the cache or Claude: the scan shows the accepted task types and their source.
    const scan = JSON.parse((await run(['scan', ws.dir, '--format', 'json'], ws.dir, { env: {} })).out);
    const triage = scan.callSites.find((s: { id: string }) => s.id === 'src/triage.ts#classifyTicket');
    assert.match(triage.taskTypeSource, /^claude-haiku-5-5 \d{4}-\d{2}-\d{2}$/);
    assert.match(triage.reasons[0], /Claude \(claude-haiku-5-5, .*\)'s answer, accepted/);
    // And a run after Accept sends nothing for those sites, even without the cache.
    const before = sent(fake, '/v1/messages');
    const after = await run(['classify', ws.dir, '--yes', '--no-cache'], ws.dir, { env: env(fake) });
    assert.match(after.err, /2 skipped \(task type already set\)/);
    assert.equal(sent(fake, '/v1/messages') - before, 1, 'only the site without a task type');
  } finally {
    await fake.close();
    ws.cleanup();
    rmSync(ws.cache, { force: true });
  }
});

test('--batch: the Message Batches endpoints, an errored item with its own state; Ctrl-C cancels the batch; a batch left running is collected on the next run', async () => {
  const ws = workspace();
  const fake = await startFakeAnthropic({ maxLifetimeMs: 60_000, batchPolls: 2 });
  try {
    scriptJudge(fake, [{ kind: 'batch-item', customId: '^j1_', result: 'errored', errorType: 'overloaded_error' }]);
    const r = await run(['classify', ws.dir, '--yes', '--batch', '--poll-seconds', '0.01', '--format', 'json', '--cache', ws.cache], ws.dir, { env: env(fake) });
    assert.equal(r.code, 1);
    assert.match(r.err, /about \$0\.\d+ on claude-haiku-5-5 \(Message Batches, 50% off\)/);
    assert.match(r.err, /batch msgbatch_fake_\d+ created/);
    const states = Object.fromEntries(JSON.parse(r.out).results.map((x: { id: string; state: string }) => [x.id, x.state]));
    assert.equal(Object.values(states).filter((s) => s === 'failed').length, 1);
    assert.ok(sent(fake, '/v1/messages/batches') >= 1);
    assert.equal(sent(fake, '/v1/messages'), 0);
    assert.equal(JSON.parse(readFileSync(ws.cache, 'utf8')).batch, null, 'a collected batch is forgotten');

    // Ctrl-C right after the batch is created, while the API's reply is still on its way: the batch is cancelled
    // (not left running and billed), nothing hangs.
    const ac = new AbortController();
    const slow = await startFakeAnthropic({ maxLifetimeMs: 60_000, batchPolls: 1000, batchCreateReplyMs: 300 });
    try {
      rmSync(ws.cache, { force: true });
      const p = run(['classify', ws.dir, '--yes', '--batch', '--poll-seconds', '0.01', '--cache', ws.cache], ws.dir, { env: env(slow), signal: ac.signal });
      // Up to 120 s for the batch to be created: a loaded machine scans and counts tokens slowly before it.
      for (let i = 0; i < 12_000 && !slow.batches.size; i++) await new Promise((res) => setTimeout(res, 10));
      assert.equal(slow.batches.size, 1, 'the batch was created before Ctrl-C');
      ac.abort();
      const cancelled = await p;
      assert.equal(cancelled.code, 1);
      assert.match(cancelled.err, /3 cancelled/);
      assert.ok(slow.requests.some((q) => q.path.endsWith('/cancel')));
    } finally {
      await slow.close();
    }

    // The terminal closed while a batch ran: its record is in the cache file, and the next run collects it instead
    // of sending the cards again.
    fake.reset();
    scriptJudge(fake);
    const dry = JSON.parse((await run(['classify', ws.dir, '--dry-run', '--format', 'json', '--no-cache'], ws.dir, { env: env(null) })).out) as { requests: { id: string; key: string; request: object }[] };
    const created = await fetch(`${fake.url}/v1/messages/batches`, {
      method: 'POST',
      headers: { 'x-api-key': FAKE_API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ requests: dry.requests.map((q, i) => ({ custom_id: `j${i}_x`, params: q.request })) }),
    }).then((x) => x.json() as Promise<{ id: string }>);
    writeFileSync(ws.cache, JSON.stringify({ version: 1, verdicts: {}, batch: { batchId: created.id, model: 'claude-haiku-5-5', createdAt: '2026-12-05', root: ws.dir, items: dry.requests.map((q, i) => ({ customId: `j${i}_x`, id: q.id, key: q.key })) } }));
    const resumed = await run(['classify', ws.dir, '--yes', '--poll-seconds', '0.01', '--cache', ws.cache], ws.dir, { env: env(fake) });
    assert.match(resumed.err, new RegExp(`collecting batch ${created.id} from an earlier run \\(3 cards\\)`));
    assert.match(resumed.err, /2 from the cache/);
    assert.equal(sent(fake, '/v1/messages'), 1, 'only the card the batch could not answer is sent again');
    assert.equal(JSON.parse(readFileSync(ws.cache, 'utf8')).batch, null);
  } finally {
    await fake.close();
    ws.cleanup();
    rmSync(ws.cache, { force: true });
  }
});

test('scan --format json --cards adds each call site\'s card; --cards needs JSON; classify flags on scan are usage errors', async () => {
  const ws = workspace();
  try {
    const r = await run(['scan', ws.dir, '--format', 'json', '--cards'], ws.dir);
    assert.equal(r.code, 0, r.err);
    const site = JSON.parse(r.out).callSites.find((s: { id: string }) => s.id === 'src/triage.ts#classifyTicket');
    assert.equal(site.card.v, 1);
    assert.equal(site.card.where.function, 'classifyTicket');
    assert.match(site.card.prompt[0].text, /Classify the support ticket/);
    assert.equal(site.card.output.maxTokens, 10);
    assert.equal(JSON.parse((await run(['scan', ws.dir, '--format', 'json'], ws.dir)).out).callSites[0].card, undefined);
    assert.equal((await run(['scan', ws.dir, '--cards'], ws.dir)).code, 2);
    assert.equal((await run(['scan', ws.dir, '--yes'], ws.dir)).code, 2);
    assert.equal((await run(['classify', ws.dir, '--yes', '--dry-run'], ws.dir)).code, 2);
    assert.equal((await run(['classify', ws.dir, '--format', 'markdown'], ws.dir)).code, 2);
  } finally {
    ws.cleanup();
  }
});
