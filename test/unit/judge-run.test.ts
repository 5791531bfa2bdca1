// Sending cards to the judge through the real @anthropic-ai/sdk against the fake Messages API: the cost from
// count_tokens, one request per card, Message Batches (create, poll, results, errored items, cancel, resume), and a
// clear state for every card whatever goes wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { FAKE_API_KEY, fakeTokenCount, startFakeAnthropic, type FakeAnthropic } from '../fake-anthropic/server';
import { scanTexts } from '../../src/core/scan/project';
import { buildCard } from '../../src/core/infer/card';
import { buildJudgeRequest, judgeKey, JUDGE_SYSTEM_PROMPT } from '../../src/core/infer/judge/prompt';
import { estimateJudgeCost, estimateText, judgeWithBatch, judgeWithMessages, waitForBatch, type BatchRecord, type JudgeItem } from '../../src/core/infer/judge/run';
import { buildPriceBook } from '../../src/core/cost/prices';
import { answerJson } from './judge-helpers';

const MODEL = 'claude-haiku-5-5';
const DATE = '2026-12-05';

/** n small call sites, each with its own function name (the fake matches replies on it). */
function items(n: number): JudgeItem[] {
  const src = ["import Anthropic from '@anthropic-ai/sdk';", 'const c = new Anthropic();'];
  for (let i = 0; i < n; i++) {
    src.push(`export async function job${i}(t: string) { return c.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 10, system: 'Label ${i}: answer yes or no.', messages: [{ role: 'user', content: t }] }); }`);
  }
  return scanTexts({ 'src/jobs.ts': src.join('\n') }).calls.map((call) => {
    const card = buildCard(call);
    return { id: `src/jobs.ts#${call.enclosingFunction}`, key: judgeKey(card, MODEL), request: buildJudgeRequest(card, MODEL) };
  });
}

async function withFake(o: Parameters<typeof startFakeAnthropic>[0], f: (fake: FakeAnthropic, client: Anthropic) => Promise<void>): Promise<void> {
  const fake = await startFakeAnthropic({ maxLifetimeMs: 60_000, ...o });
  try {
    await f(fake, new Anthropic({ apiKey: FAKE_API_KEY, baseURL: fake.url, maxRetries: 0 }));
  } finally {
    await fake.close();
  }
}

const judged = (out: Awaited<ReturnType<typeof judgeWithMessages>>) => Object.fromEntries(out.map((o) => [o.id.split('#')[1], 'verdict' in o ? o.verdict.taskType : o.problem.state]));

test('the cost before anything is sent: count_tokens for the system prompt once and the cards in one chunk; the batch discount halves it', async () => {
  await withFake({}, async (fake, client) => {
    const its = items(3);
    const book = buildPriceBook();
    const e = await estimateJudgeCost(its, MODEL, book, { client, batch: false, date: DATE });
    assert.equal(e.counted, 'count_tokens');
    const counts = fake.requests.filter((r) => r.path === '/v1/messages/count_tokens');
    assert.equal(counts.length, 2, 'one count for the system prompt, one for all the cards');
    assert.equal(fake.requests.filter((r) => r.path === '/v1/messages').length, 0, 'nothing generated');
    // The fake counts a token per 4 characters: the estimate is every card's request as the API would count it.
    const base = fakeTokenCount(JUDGE_SYSTEM_PROMPT) + fakeTokenCount('.');
    const cards = fakeTokenCount(its.map((i) => i.request.messages[0].content).join('\n\n')) - fakeTokenCount('.');
    assert.equal(e.inputTokens, 3 * base + cards);
    assert.equal(e.outputTokens, 3 * 350);
    assert.ok(e.usd !== null && Math.abs(e.usd - (e.inputTokens * 0.1 + e.outputTokens * 0.5) / 1e6) < 1e-12);
    assert.match(estimateText(e), /^3 call sites, about \$0\.00\d on claude-haiku-5-5$/);
    const b = await estimateJudgeCost(its, MODEL, book, { client, batch: true, date: DATE });
    assert.ok(b.usd !== null && Math.abs(b.usd - e.usd! / 2) < 1e-12);
    assert.match(estimateText(b), /Message Batches, 50% off/);
  });
  // No client (a dry run) or a failing count: a local estimate, never a failure.
  const local = await estimateJudgeCost(items(2), MODEL, buildPriceBook(), { client: null, batch: false, date: DATE });
  assert.equal(local.counted, 'local');
  assert.ok(local.inputTokens > 2 * 2000);
});

test('one request per card: answers become verdicts; malformed, refused and unknown-type answers get their own state; the others are not affected', async () => {
  await withFake({}, async (fake, client) => {
    fake.script([
      { kind: 'reply', match: 'Call site: job0 ', text: answerJson() },
      { kind: 'reply', match: 'Call site: job1 ', text: 'Sure! It is a classifier.' },
      { kind: 'reply', match: 'Call site: job2 ', text: "I can't help with that.", stopReason: 'refusal' },
      { kind: 'reply', match: 'Call site: job3 ', text: answerJson({ taskType: 'translation' }) },
      { kind: 'reply', match: 'Call site: job4 ', text: answerJson({ taskType: 'review_code', tier: 'sonnet' }) },
    ]);
    const seen: number[] = [];
    const out = await judgeWithMessages(client, items(5), { date: DATE, concurrency: 2, onOutcome: (_o, done) => seen.push(done) });
    assert.deepEqual(judged(out), { job0: 'classify_intent', job1: 'invalid', job2: 'refused', job3: 'invalid', job4: 'review_code' });
    assert.deepEqual(seen, [1, 2, 3, 4, 5]);
    const sent = fake.requests.filter((r) => r.path === '/v1/messages');
    assert.equal(sent.length, 5);
    for (const r of sent) {
      const body = r.body as Record<string, unknown>;
      assert.ok(!('temperature' in body) && !('top_p' in body) && !('top_k' in body), 'no sampling parameters');
      assert.equal((body.output_config as { format: { type: string } }).format.type, 'json_schema');
    }
    const v = out[0];
    assert.ok('verdict' in v && v.verdict.model === MODEL && v.verdict.date === DATE && v.verdict.key === items(5)[0].key);
  });
});

test('rate limits: a short retry-after is waited for; a long one stops the run, and the cards not sent say so', async () => {
  await withFake({}, async (fake, client) => {
    fake.script([
      { kind: 'status', status: 429, retryAfterSeconds: 0, times: 1 },
      { kind: 'reply', text: answerJson() },
    ]);
    const out = await judgeWithMessages(client, items(2), { date: DATE, concurrency: 1 });
    assert.deepEqual(judged(out), { job0: 'classify_intent', job1: 'classify_intent' });
    assert.equal(fake.requests.filter((r) => r.path === '/v1/messages').length, 3);
  });
  await withFake({}, async (fake, client) => {
    fake.script([{ kind: 'status', status: 429, retryAfterSeconds: 3600 }]);
    const out = await judgeWithMessages(client, items(4), { date: DATE, concurrency: 1, timeoutMs: 5_000 });
    assert.ok(out.every((o) => 'problem' in o && o.problem.state === 'failed'));
    assert.match(('problem' in out[0] && out[0].problem.message) || '', /Rate limited \(429\).*asked to wait 3600 s/);
    assert.match(('problem' in out[3] && out[3].problem.message) || '', /^Not sent: Rate limited/);
    assert.equal(fake.requests.filter((r) => r.path === '/v1/messages').length, 1, 'one request, not one per card');
  });
  await withFake({ apiKey: 'sk-ant-other' }, async (fake, client) => {
    const out = await judgeWithMessages(client, items(3), { date: DATE, concurrency: 1 });
    assert.match(('problem' in out[0] && out[0].problem.message) || '', /The API key was rejected \(401\)/);
    assert.equal(fake.requests.filter((r) => r.path === '/v1/messages').length, 1);
  });
});

test('a cancel half-way: answers already in are kept, the rest are cancelled', async () => {
  await withFake({}, async (fake, client) => {
    fake.script([{ kind: 'reply', text: answerJson() }]);
    const ac = new AbortController();
    const out = await judgeWithMessages(client, items(4), {
      date: DATE,
      concurrency: 1,
      signal: ac.signal,
      onOutcome: (_o, done) => {
        if (done === 2) ac.abort();
      },
    });
    assert.deepEqual(judged(out), { job0: 'classify_intent', job1: 'classify_intent', job2: 'cancelled', job3: 'cancelled' });
    assert.equal(fake.requests.filter((r) => r.path === '/v1/messages').length, 2);
  });
});

test('an endpoint that refuses structured output: the same card is sent again without it, and so are the next ones', async () => {
  await withFake({}, async (fake, client) => {
    fake.script([
      { kind: 'status', status: 400, message: 'output_config: Extra inputs are not permitted', times: 1 },
      { kind: 'reply', text: answerJson() },
    ]);
    const out = await judgeWithMessages(client, items(2), { date: DATE, concurrency: 1 });
    assert.deepEqual(judged(out), { job0: 'classify_intent', job1: 'classify_intent' });
    const bodies = fake.requests.filter((r) => r.path === '/v1/messages').map((r) => 'output_config' in (r.body as object));
    assert.deepEqual(bodies, [true, false, false]);
  });
});

test('Message Batches: created, polled with progress, results read; an errored item and an expired one get their state; the rest are verdicts', async () => {
  await withFake({ batchPolls: 3 }, async (fake, client) => {
    fake.script([
      { kind: 'batch-item', customId: '^j1_', result: 'errored', errorType: 'overloaded_error' },
      { kind: 'batch-item', customId: '^j2_', result: 'expired' },
      { kind: 'reply', path: '/v1/messages/batches', match: 'Call site: job3 ', text: 'not json' },
      { kind: 'reply', path: '/v1/messages/batches', text: answerJson({ taskType: 'extract_entities' }) },
    ]);
    let created: BatchRecord | null = null;
    const progress: string[] = [];
    const r = await judgeWithBatch(client, items(5), { date: DATE, pollMs: 5, onCreated: (rec) => void (created = rec), onProgress: (p) => progress.push(`${p.status}:${p.succeeded}/${p.total}`) });
    assert.ok(created && (created as BatchRecord).batchId.startsWith('msgbatch_'), 'the record is handed over before polling');
    assert.ok(r.ended);
    assert.deepEqual(judged(r.outcomes), { job0: 'extract_entities', job1: 'failed', job2: 'failed', job3: 'invalid', job4: 'extract_entities' });
    assert.match(('problem' in r.outcomes[1] && r.outcomes[1].problem.message) || '', /overloaded_error/);
    assert.match(('problem' in r.outcomes[2] && r.outcomes[2].problem.message) || '', /expired/);
    assert.deepEqual(progress, ['in_progress:0/5', 'in_progress:0/5', 'ended:3/5']);
    const create = fake.requests.find((q) => q.path === '/v1/messages/batches' && q.method === 'POST')!;
    const params = (create.body as { requests: { params: Record<string, unknown> }[] }).requests[0].params;
    assert.ok(!('temperature' in params));
  });
});

test('Message Batches: a cancel asks the API to cancel and ends the unanswered cards as cancelled; a batch is resumed from its record alone (after a reload)', async () => {
  await withFake({ batchPolls: 50 }, async (fake, client) => {
    fake.script([{ kind: 'reply', path: '/v1/messages/batches', text: answerJson() }]);
    const ac = new AbortController();
    const r = await judgeWithBatch(client, items(2), { date: DATE, pollMs: 5, signal: ac.signal, onCreated: () => void setTimeout(() => ac.abort(), 20) });
    assert.ok(r.ended);
    assert.deepEqual(judged(r.outcomes), { job0: 'cancelled', job1: 'cancelled' });
    assert.ok(fake.requests.some((q) => q.path.endsWith('/cancel')));
  });
  await withFake({ batchPolls: 2 }, async (fake, client) => {
    fake.script([{ kind: 'reply', path: '/v1/messages/batches', text: answerJson({ taskType: 'summarize_short' }) }]);
    const its = items(2);
    const created = await client.messages.batches.create({ requests: its.map((it, i) => ({ custom_id: `j${i}_x`, params: it.request as unknown as Anthropic.MessageCreateParamsNonStreaming })) });
    // A new session: only the record (kept in workspace state) is left.
    const record: BatchRecord = { batchId: created.id, model: MODEL, createdAt: DATE, items: its.map((it, i) => ({ customId: `j${i}_x`, id: it.id, key: it.key })) };
    const r = await waitForBatch(client, JSON.parse(JSON.stringify(record)) as BatchRecord, { date: DATE, pollMs: 5 });
    assert.deepEqual(judged(r.outcomes), { job0: 'summarize_short', job1: 'summarize_short' });
    assert.ok(fake.requests.filter((q) => q.path === '/v1/messages').length === 0);
    // A batch the API no longer has: every card says so, nothing hangs.
    const gone = await waitForBatch(client, { ...record, batchId: 'msgbatch_gone' }, { date: DATE, pollMs: 5 });
    assert.ok(gone.outcomes.every((o) => 'problem' in o && /is gone/.test(o.problem.message)));
  });
});
