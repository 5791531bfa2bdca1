// A verification against the fake Messages API with the real SDK: a Message Batch (create, poll, JSONL results),
// errored and expired items kept and listed, a resume after a simulated window reload (the same batch, never a
// second one), cancel, the fallback to direct requests (no batch endpoint; rate limits), grading by a grader model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPriceBook } from '../../src/core/cost/prices';
import { createCompareClient } from '../../src/core/compare/runner';
import { Detached } from '../../src/core/verify/execute';
import { estimateVerification, runVerification, type VerifyCheckpoint, type VerifySpec } from '../../src/core/verify/job';
import { parseDataset } from '../../src/core/verify/dataset';
import { FAKE_API_KEY, startFakeAnthropic, type Fault } from '../fake-anthropic/server';

const HAIKU = 'claude-haiku-5-5';
const SONNET = 'claude-sonnet-5-5';
const LABELS = ['billing', 'bug', 'account', 'feature_request'];
const book = buildPriceBook();

/** n tickets "[label] text i"; the fake answers each with its label, except what `faults` script before. */
function dataset(n: number) {
  const lines = Array.from({ length: n }, (_, i) => JSON.stringify({ $id: `t${i}`, ticket: `[${LABELS[i % LABELS.length]}] ticket number ${i}` }));
  const d = parseDataset(lines.join('\n'), ['ticket']);
  assert.deepEqual(d.problems, []);
  return d;
}

function spec(n: number, over: Partial<VerifySpec> = {}): VerifySpec {
  return {
    siteId: 'src/support/triage.ts#classifyTicket',
    taskKey: 'classify_intent',
    taskType: 'classify_intent',
    prompt: { system: 'Classify the ticket: billing, bug, account, feature_request.', messages: [{ role: 'user', content: '${ticket}' }], tools: [], maxTokens: 10, temperature: null },
    fields: ['ticket'],
    models: { haiku: HAIKU, sonnet: SONNET, grader: HAIKU },
    grading: { mode: 'label', rubric: '', schema: null },
    threshold: 0.05,
    minInputs: 30,
    dataset: { file: 'verify/tickets.jsonl', hash: 'sha256:x', n },
    useBatches: true,
    latencySample: 5,
    ...over,
  };
}

const labels = (path: '/v1/messages' | '/v1/messages/batches'): Fault[] => [
  // Haiku gets ticket 1 ("[bug] …") wrong.
  { kind: 'reply', path, model: HAIKU, whenText: '^\\[bug\\] ticket number 1$', text: 'feature_request' },
  { kind: 'reply', path, whenText: '^\\[(\\w+)\\]', text: '$1' },
];

const fast = { pollDelayMs: () => 5, concurrency: 4, timeoutMs: 10_000, backoffMs: () => 5 };

test('batch: both tiers answer every input through one batch; graded, decided, priced at half; latency from a direct sample', async () => {
  const fake = await startFakeAnthropic({ batchPolls: 2, chunkDelayMs: 0, maxLifetimeMs: 60_000 });
  try {
    fake.script([...labels('/v1/messages/batches'), ...labels('/v1/messages')]);
    const client = createCompareClient({ apiKey: FAKE_API_KEY, baseURL: fake.url, timeoutMs: 10_000 });
    const d = dataset(40);
    const checkpoints: VerifyCheckpoint[] = [];
    const phases = new Set<string>();
    const r = await runVerification(spec(40), d.items, { client, priceBook: book, signal: new AbortController().signal, ...fast, onCheckpoint: (cp) => void checkpoints.push(cp), onProgress: (p) => void phases.add(p.phase) });
    assert.equal(fake.batches.size, 1);
    const batch = [...fake.batches.values()][0]!;
    assert.equal(batch.items.length, 80);
    assert.equal(checkpoints[0]!.generateBatchId, batch.id, 'the batch id is kept before the first poll');
    assert.equal(r.mode, 'batch');
    assert.equal(r.n, 40);
    assert.equal(r.errors, 1);
    assert.equal(r.decision, 'move');
    assert.equal(r.errorRate, 1 / 40);
    assert.equal(r.disagreements.length, 1);
    assert.deepEqual({ id: r.disagreements[0]!.id, haiku: r.disagreements[0]!.haiku, ref: r.disagreements[0]!.reference, kind: r.disagreements[0]!.referenceKind }, { id: 't1', haiku: 'feature_request', ref: 'bug', kind: 'sonnet' });
    assert.deepEqual([...phases], ['answers', 'latency', 'report']);
    // Latency: 5 inputs timed directly on each tier (10 streamed-free requests), the only Messages calls.
    assert.equal(fake.requests.filter((q) => q.path === '/v1/messages').length, 10);
    assert.equal(r.tiers.haiku.latencySamples, 5);
    assert.ok(r.tiers.haiku.latencyP50Ms! >= 0 && r.tiers.haiku.latencyP95Ms! >= r.tiers.haiku.latencyP50Ms!);
    // Cost per 1,000 calls at the standard price, from the usage the API reported; the run at half price for the batch.
    const perCall = (model: string) => {
      const rows = batch.items.filter((it) => it.customId.startsWith(model === HAIKU ? 'h-' : 's-')).map((it) => (it.result as { message: { usage: { input_tokens: number; output_tokens: number } } }).message.usage);
      const p = book.pricesOn(book.find(model)!, new Date().toISOString().slice(0, 10));
      return rows.map((u) => (u.input_tokens * p.input + u.output_tokens * p.output) / 1e6);
    };
    const h = perCall(HAIKU);
    const s = perCall(SONNET);
    assert.ok(Math.abs(r.tiers.haiku.costPer1k! - (h.reduce((a, b) => a + b) / h.length) * 1000) < 1e-9);
    assert.ok(r.tiers.sonnet.costPer1k! > r.tiers.haiku.costPer1k! * 10, 'Sonnet costs more than ten times Haiku per call');
    const batchHalf = (h.reduce((a, b) => a + b) + s.reduce((a, b) => a + b)) / 2;
    assert.ok(r.runCostUsd! > batchHalf && r.runCostUsd! < batchHalf * 1.5, `run cost ${r.runCostUsd} vs half of ${batchHalf * 2}`);
  } finally {
    await fake.close();
  }
});

test('errored and expired batch items are kept, listed, and left out of the error rate', async () => {
  const fake = await startFakeAnthropic({ chunkDelayMs: 0, maxLifetimeMs: 60_000 });
  try {
    fake.script([
      { kind: 'batch-item', customId: '^h-3$', result: 'errored', errorType: 'overloaded_error' },
      { kind: 'batch-item', customId: '^s-4$', result: 'expired' },
      ...labels('/v1/messages/batches'),
    ]);
    const client = createCompareClient({ apiKey: FAKE_API_KEY, baseURL: fake.url, timeoutMs: 10_000 });
    const r = await runVerification(spec(32, { latencySample: 0 }), dataset(32).items, { client, priceBook: book, signal: new AbortController().signal, ...fast });
    assert.equal(r.n, 30);
    assert.equal(r.excluded, 2);
    assert.deepEqual(r.failures, [
      { index: 3, id: 't3', line: 4, reason: 'Haiku: errored in the batch (overloaded_error: fake overloaded_error)' },
      { index: 4, id: 't4', line: 5, reason: 'no reference: Sonnet expired: the batch did not reach it within 24 hours and the line has no $expected' },
    ]);
    assert.equal(r.items.find((i) => i.index === 3)!.result, 'excluded');
    assert.ok(r.notes.some((n) => /2 of 32 inputs were not graded/.test(n)));
    assert.equal(r.decision, 'move');
  } finally {
    await fake.close();
  }
});

test('resume after a simulated reload: the kept batch id is polled again, no second batch is created, the report is whole', async () => {
  const fake = await startFakeAnthropic({ batchPolls: 4, chunkDelayMs: 0, maxLifetimeMs: 60_000 });
  try {
    fake.script(labels('/v1/messages/batches'));
    const client = createCompareClient({ apiKey: FAKE_API_KEY, baseURL: fake.url, timeoutMs: 10_000 });
    const d = dataset(30);
    let kept: VerifyCheckpoint | undefined;
    const detach = new AbortController();
    // The window goes away while the batch runs: the run lets go, the batch stays.
    await assert.rejects(
      runVerification(spec(30, { latencySample: 0 }), d.items, {
        client,
        priceBook: book,
        signal: new AbortController().signal,
        detach: detach.signal,
        ...fast,
        onCheckpoint: (cp) => void (kept = JSON.parse(JSON.stringify(cp)) as VerifyCheckpoint),
        onProgress: (p) => {
          if (p.phase === 'answers' && p.batchId) detach.abort();
        },
      }),
      (e: unknown) => e instanceof Detached && e.batchId === kept?.generateBatchId,
    );
    assert.ok(kept?.generateBatchId, 'the batch id was kept');
    const batch = fake.batches.get(kept.generateBatchId)!;
    assert.equal(batch.status, 'in_progress', 'letting go does not cancel the batch');
    // A new window, a new client, the same checkpoint (as workspace state gives it back).
    const client2 = createCompareClient({ apiKey: FAKE_API_KEY, baseURL: fake.url, timeoutMs: 10_000 });
    const r = await runVerification(kept.spec, d.items, { client: client2, priceBook: book, signal: new AbortController().signal, checkpoint: kept, ...fast });
    assert.equal(fake.requests.filter((q) => q.method === 'POST' && q.path === '/v1/messages/batches').length, 1, 'one batch created in all');
    assert.equal(fake.batches.size, 1);
    assert.equal(r.n, 30);
    assert.equal(r.errors, 1);
    assert.equal(r.decision, 'move');
  } finally {
    await fake.close();
  }
});

test('cancel: the batch is cancelled at Anthropic; canceled items are listed; too few graded inputs decide nothing', async () => {
  const fake = await startFakeAnthropic({ batchPolls: 1000, chunkDelayMs: 0, maxLifetimeMs: 60_000 });
  try {
    const client = createCompareClient({ apiKey: FAKE_API_KEY, baseURL: fake.url, timeoutMs: 10_000 });
    const cancel = new AbortController();
    const r = await runVerification(spec(30), dataset(30).items, {
      client,
      priceBook: book,
      signal: cancel.signal,
      ...fast,
      onProgress: (p) => {
        if (p.phase === 'answers' && p.batchId) cancel.abort();
      },
    });
    assert.equal(fake.requests.filter((q) => q.path.endsWith('/cancel')).length, 1);
    assert.equal(r.cancelled, true);
    assert.equal(r.n, 0);
    assert.equal(r.decision, 'too-few');
    assert.equal(r.failures.length, 30);
    assert.match(r.failures[0]!.reason, /^Haiku: canceled before it ran/);
    assert.equal(fake.requests.filter((q) => q.path === '/v1/messages').length, 0, 'no latency sample after a cancel');
  } finally {
    await fake.close();
  }
});

test('cancel while the create reply is on its way: the batch that exists is cancelled, not left running', async () => {
  const fake = await startFakeAnthropic({ batchPolls: 1000, chunkDelayMs: 0, maxLifetimeMs: 60_000, batchCreateReplyMs: 300 });
  try {
    const client = createCompareClient({ apiKey: FAKE_API_KEY, baseURL: fake.url, timeoutMs: 10_000 });
    const cancel = new AbortController();
    const watch = setInterval(() => {
      if (fake.batches.size) cancel.abort();
    }, 5);
    try {
      const r = await runVerification(spec(30), dataset(30).items, { client, priceBook: book, signal: cancel.signal, ...fast });
      assert.equal(r.cancelled, true);
    } finally {
      clearInterval(watch);
    }
    assert.equal(fake.batches.size, 1);
    assert.equal(fake.requests.filter((q) => q.path.endsWith('/cancel')).length, 1, 'the batch created before the cancel is cancelled');
  } finally {
    await fake.close();
  }
});

test('no batch endpoint (404): direct requests instead, said in the report; a rate limit slows them down and they finish', async () => {
  const fake = await startFakeAnthropic({ chunkDelayMs: 0, maxLifetimeMs: 60_000 });
  try {
    fake.script([
      { kind: 'status', status: 404, path: '/v1/messages/batches', message: 'Not Found' },
      { kind: 'status', status: 429, retryAfterMs: 5, times: 3 },
      ...labels('/v1/messages'),
    ]);
    const client = createCompareClient({ apiKey: FAKE_API_KEY, baseURL: fake.url, timeoutMs: 10_000 });
    const r = await runVerification(spec(30), dataset(30).items, { client, priceBook: book, signal: new AbortController().signal, ...fast });
    assert.equal(r.mode, 'direct');
    assert.match(r.notes[0]!, /has no Message Batches endpoint \(404\)\. The answers came from direct requests at the full price\./);
    assert.ok(r.notes.some((n) => /^Rate limited 3 times/.test(n)), r.notes.join(' | '));
    assert.equal(r.n, 30);
    assert.equal(r.errors, 1);
    assert.equal(r.tiers.haiku.latencySamples, 30, 'every direct answer is timed');
    assert.equal(fake.requests.filter((q) => q.path === '/v1/messages' && q.status === 429).length, 3);
  } finally {
    await fake.close();
  }
});

test('free text: a grader model passes or fails each answer (through a batch), unclear verdicts are not counted', async () => {
  const fake = await startFakeAnthropic({ chunkDelayMs: 0, maxLifetimeMs: 60_000 });
  try {
    fake.script([
      { kind: 'reply', path: '/v1/messages/batches', whenText: '<answer>\\n[^<]*ticket number 7\\n</answer>', text: '{"pass": false, "reason": "misses the point"}' },
      { kind: 'reply', path: '/v1/messages/batches', whenText: '<answer>\\n[^<]*ticket number 8\\n</answer>', text: 'hmm' },
      { kind: 'reply', path: '/v1/messages/batches', whenText: '<rubric>', text: '{"pass": true, "reason": "fine"}' },
    ]);
    const client = createCompareClient({ apiKey: FAKE_API_KEY, baseURL: fake.url, timeoutMs: 10_000 });
    const r = await runVerification(spec(31, { grading: { mode: 'rubric', rubric: 'Same meaning.', schema: null }, latencySample: 0, minInputs: 10 }), dataset(31).items, {
      client,
      priceBook: book,
      signal: new AbortController().signal,
      ...fast,
    });
    assert.equal(fake.batches.size, 2, 'answers, then grades');
    assert.equal([...fake.batches.values()][1]!.items.length, 31);
    assert.equal(r.n, 30);
    assert.equal(r.errors, 1);
    assert.equal(r.disagreements[0]!.reason, 'misses the point');
    assert.match(r.failures[0]!.reason, /^not graded: the grader did not answer/);
    assert.equal(r.models.grader, HAIKU);
  } finally {
    await fake.close();
  }
});

test('the estimate: count_tokens on a sample × n, max_tokens of output, half price in a batch', async () => {
  const fake = await startFakeAnthropic({ chunkDelayMs: 0, maxLifetimeMs: 60_000 });
  try {
    const client = createCompareClient({ apiKey: FAKE_API_KEY, baseURL: fake.url, timeoutMs: 10_000 });
    const d = dataset(100);
    const s = spec(100, { latencySample: 0 });
    const counted = await estimateVerification(s, d.items, {
      priceBook: book,
      count: async (model, r) => (await client.messages.countTokens({ model, messages: r.messages, ...(r.system ? { system: r.system } : {}) })).input_tokens,
    });
    assert.equal(counted.source, 'count_tokens');
    assert.equal(counted.sampled, 5);
    assert.equal(fake.requests.filter((q) => q.path === '/v1/messages/count_tokens').length, 10, 'five samples on each tier');
    assert.deepEqual(counted.requests, { answers: 200, grades: 0, latency: 0 });
    const p = (m: string) => book.pricesOn(book.find(m)!, new Date().toISOString().slice(0, 10));
    const direct = 100 * ((counted.inputTokensPerInput.haiku * p(HAIKU).input + 10 * p(HAIKU).output) / 1e6 + (counted.inputTokensPerInput.sonnet * p(SONNET).input + 10 * p(SONNET).output) / 1e6);
    assert.ok(Math.abs(counted.usd.direct! - direct) < 1e-12);
    assert.ok(Math.abs(counted.usd.batch! - direct / 2) < 1e-12);
    const local = await estimateVerification(s, d.items, { priceBook: book });
    assert.equal(local.source, 'local estimate');
    assert.equal(fake.requests.length, 10, 'the local estimate sends nothing');
    // A count that fails falls back to the local estimate for all.
    const failing = await estimateVerification(s, d.items, { priceBook: book, count: async () => null });
    assert.equal(failing.source, 'local estimate');
  } finally {
    await fake.close();
  }
});
