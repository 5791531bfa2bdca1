// The compare runner against the fake Messages server: every fault, cancel, concurrency, parameters, N runs, grading.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildPriceBook } from '../../src/core/cost/prices';
import { countInputTokens, createCompareClient, runModel, runPair, runRepeated } from '../../src/core/compare/runner';
import { gradeAnswers, defaultRubric } from '../../src/core/compare/grade';
import type { ComparePrompt } from '../../src/core/compare/types';
import { FAKE_API_KEY, fakeChunks, fakeReplyText, startFakeAnthropic, type FakeAnthropic } from '../fake-anthropic/server';

const HAIKU = 'claude-haiku-5-5';
const SONNET = 'claude-sonnet-5-5';
const models = { haiku: HAIKU, sonnet: SONNET };
const book = buildPriceBook();
const prompt = (content = 'Classify: my card was charged twice', extra: Partial<ComparePrompt> = {}): ComparePrompt => ({
  system: 'You label support tickets.',
  messages: [{ role: 'user', content }],
  tools: [],
  maxTokens: 200,
  temperature: null,
  ...extra,
});

let fake: FakeAnthropic;
const client = (o: { maxRetries?: number; timeoutMs?: number; key?: string; baseURL?: string } = {}) =>
  createCompareClient({ apiKey: o.key ?? FAKE_API_KEY, baseURL: o.baseURL ?? fake.url, timeoutMs: o.timeoutMs ?? 5000, maxRetries: o.maxRetries ?? 0 });
const opts = (o: { timeoutMs?: number; maxRetries?: number; signal?: AbortSignal } = {}) => ({ priceBook: book, timeoutMs: o.timeoutMs ?? 5000, maxRetries: o.maxRetries ?? 0, signal: o.signal });

before(async () => {
  fake = await startFakeAnthropic({ chunkDelayMs: 3, maxLifetimeMs: 120_000 });
});
after(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

describe('compare runner: success', () => {
  it('streams both columns with text, TTFT, latency, usage and cost from the price table', async () => {
    const chunks = { haiku: [] as string[], sonnet: [] as string[] };
    const pair = await runPair(client(), models, prompt(), { ...opts(), onText: (col, c) => chunks[col].push(c) });
    for (const col of ['haiku', 'sonnet'] as const) {
      const r = pair[col];
      assert.equal(r.error, null);
      assert.equal(r.text, fakeReplyText(models[col], 'Classify: my card was charged twice'));
      assert.deepEqual(chunks[col], fakeChunks(r.text), 'text arrives chunk by chunk');
      assert.ok(r.ttftMs !== null && r.ttftMs > 0 && r.ttftMs <= r.latencyMs);
      assert.equal(r.stopReason, 'end_turn');
      assert.ok(r.usage && r.usage.input > 0);
      assert.equal(r.usage!.output, fakeChunks(r.text).length);
    }
    const h = pair.haiku.usage!;
    assert.ok(Math.abs(pair.haiku.costUsd! - (h.input * 0.1 + h.output * 0.5) / 1e6) < 1e-12);
    const s = pair.sonnet.usage!;
    assert.ok(Math.abs(pair.sonnet.costUsd! - (s.input * 2 + s.output * 10) / 1e6) < 1e-12);
  });

  it('sends the key as Bearer with anthropic-version 2026-10-21 and streams', async () => {
    await runModel(client(), HAIKU, prompt(), opts());
    const req = fake.requests.find((r) => r.path === '/v1/messages')!;
    assert.equal(req.headers['authorization'], `Bearer ${FAKE_API_KEY}`);
    assert.equal(req.headers['anthropic-version'], '2026-10-21');
    assert.equal((req.body as { stream: boolean }).stream, true);
  });

  it('sends each model only the parameters it accepts', async () => {
    const p = prompt('Say hi', { temperature: 0.2, messages: [{ role: 'user', content: 'Say hi' }, { role: 'assistant', content: '{' }] });
    const strict = await runModel(client(), HAIKU, p, opts());
    assert.equal(strict.error, null, strict.error?.message);
    assert.deepEqual(strict.omitted, ['assistant prefill', 'temperature 0.2']);
    const legacy = await runModel(client(), 'claude-haiku-4-5', p, opts());
    assert.equal(legacy.error, null);
    assert.deepEqual(legacy.omitted, []);
    const [b1, b2] = fake.requests.map((r) => r.body as Record<string, unknown>);
    assert.equal(b1!.temperature, undefined);
    assert.equal((b1!.messages as unknown[]).length, 1);
    assert.equal(b2!.temperature, 0.2);
    assert.equal((b2!.messages as unknown[]).length, 2);
  });

  it('runs the two columns concurrently: a slow first token on Sonnet does not hold Haiku back', async () => {
    fake.script([{ kind: 'delay', firstTokenMs: 400, model: SONNET }]);
    let haikuDoneAt = 0;
    let sonnetFirstAt = 0;
    const t0 = performance.now();
    const pair = await runPair(client(), models, prompt(), {
      ...opts(),
      onText: (col) => {
        if (col === 'sonnet' && !sonnetFirstAt) sonnetFirstAt = performance.now();
      },
      onResult: (col) => {
        if (col === 'haiku') haikuDoneAt = performance.now();
      },
    });
    const total = performance.now() - t0;
    assert.equal(pair.haiku.error, null);
    assert.equal(pair.sonnet.error, null);
    assert.ok(haikuDoneAt < sonnetFirstAt, 'Haiku finished before Sonnet produced its first token');
    assert.ok(pair.sonnet.ttftMs! >= 390, `sonnet TTFT ${pair.sonnet.ttftMs}`);
    assert.ok(total < pair.sonnet.latencyMs + pair.haiku.latencyMs, 'wall time is less than the sum');
  });
});

describe('compare runner: faults, each in its own column, the other carries on', () => {
  const cases: Array<{ name: string; fault: Parameters<FakeAnthropic['script']>[0][number]; kind: string; re: RegExp; retries?: number }> = [
    { name: '401', fault: { kind: 'status', status: 401 }, kind: 'auth', re: /key was rejected \(401\).*Set Anthropic API Key/ },
    { name: '403', fault: { kind: 'status', status: 403 }, kind: 'permission', re: /may not use claude-haiku-5-5 \(403/ },
    { name: '404', fault: { kind: 'status', status: 404 }, kind: 'model-not-found', re: /Model “claude-haiku-5-5” was not found \(404\).*tierwise\.tiers/ },
    { name: '400', fault: { kind: 'status', status: 400, message: 'max_tokens too large' }, kind: 'bad-request', re: /rejected the request \(400: max_tokens too large\)/ },
    { name: '429 with retry-after after SDK retries', fault: { kind: 'status', status: 429, retryAfterSeconds: 7, retryAfterMs: 20 }, kind: 'rate-limit', re: /Rate limited \(429\) after 1 retry\. The API asks to wait 7 s/, retries: 1 },
    { name: '529', fault: { kind: 'status', status: 529, retryAfterMs: 20 }, kind: 'overloaded', re: /overloaded \(529\) after 1 retry/, retries: 1 },
    { name: '500', fault: { kind: 'status', status: 500, retryAfterMs: 20 }, kind: 'server', re: /server error \(500\) after 1 retry/, retries: 1 },
  ];
  for (const c of cases) {
    it(`${c.name} → ${c.kind}`, async () => {
      fake.script([{ ...c.fault, model: HAIKU }]);
      const pair = await runPair(client({ maxRetries: c.retries ?? 0 }), models, prompt(), opts({ maxRetries: c.retries ?? 0 }));
      assert.equal(pair.haiku.error?.kind, c.kind);
      assert.match(pair.haiku.error!.message, c.re);
      assert.equal(pair.haiku.text, '');
      assert.equal(pair.sonnet.error, null, 'the other column carries on');
      assert.ok(pair.sonnet.text.length > 0);
      const haikuRequests = fake.requests.filter((r) => (r.body as { model: string }).model === HAIKU).length;
      assert.equal(haikuRequests, 1 + (c.retries ?? 0), 'the SDK retried first where it should');
    });
  }

  it('429 retry-after is reported in seconds and the SDK waited for retry-after-ms', async () => {
    fake.script([{ kind: 'status', status: 429, retryAfterSeconds: 30, retryAfterMs: 150, model: HAIKU }]);
    const r = await runModel(client({ maxRetries: 1 }), HAIKU, prompt(), opts({ maxRetries: 1 }));
    assert.equal(r.error?.retryAfterSeconds, 30);
    const times = fake.requests.map((q) => q.at);
    assert.ok(times[1]! - times[0]! >= 140, `waited ${times[1]! - times[0]!} ms between attempts`);
  });

  it('a stream cut mid-way keeps the streamed text and says so', async () => {
    fake.script([{ kind: 'cut', afterEvents: 5, model: HAIKU }]);
    const pair = await runPair(client(), models, prompt(), opts());
    const expected = fakeChunks(fakeReplyText(HAIKU, 'Classify: my card was charged twice')).slice(0, 2).join('');
    assert.equal(pair.haiku.error?.kind, 'stream-cut');
    assert.equal(pair.haiku.text, expected);
    assert.equal(pair.haiku.error?.partial, true);
    assert.match(pair.haiku.error!.message, /dropped in the middle.*text above is what arrived/);
    assert.equal(pair.sonnet.error, null);
  });

  it('an overloaded_error event mid-stream keeps the partial text', async () => {
    fake.script([{ kind: 'sse-error', afterEvents: 4, errorType: 'overloaded_error', model: SONNET }]);
    const pair = await runPair(client(), models, prompt(), opts());
    assert.equal(pair.sonnet.error?.kind, 'overloaded');
    assert.ok(pair.sonnet.text.length > 0);
    assert.equal(pair.haiku.error, null);
  });

  it('a hung request times out with a message naming the setting', async () => {
    fake.script([{ kind: 'hang', model: HAIKU }]);
    const t0 = performance.now();
    const pair = await runPair(client(), models, prompt(), opts({ timeoutMs: 300 }));
    assert.equal(pair.haiku.error?.kind, 'timeout');
    assert.match(pair.haiku.error!.message, /tierwise\.compare\.timeoutSeconds/);
    assert.ok(performance.now() - t0 < 2000);
    assert.equal(pair.sonnet.error, null);
  });

  it('a slow first token past the limit times out after message_start (not a stream cut)', async () => {
    fake.script([{ kind: 'delay', firstTokenMs: 1500, model: HAIKU }]);
    const r = await runModel(client(), HAIKU, prompt(), opts({ timeoutMs: 250 }));
    assert.equal(r.error?.kind, 'timeout');
  });

  it('offline: nothing listens at the base URL', async () => {
    const dead = http.createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', () => r()));
    const port = (dead.address() as AddressInfo).port;
    await new Promise<void>((r) => dead.close(() => r()));
    const r = await runModel(client({ baseURL: `http://127.0.0.1:${port}` }), HAIKU, prompt(), opts());
    assert.equal(r.error?.kind, 'offline');
    assert.match(r.error!.message, new RegExp(`Could not reach 127\\.0\\.0\\.1:${port}.*tierwise\\.anthropic\\.baseUrl`));
  });

  it('never puts the key in an error message or on the console', async () => {
    const logged: string[] = [];
    const orig = { log: console.log, error: console.error, warn: console.warn, info: console.info, debug: console.debug };
    for (const k of Object.keys(orig) as (keyof typeof orig)[]) console[k] = (...a: unknown[]) => logged.push(a.map(String).join(' '));
    try {
      const r = await runModel(client({ key: 'sk-ant-secret-DO-NOT-LEAK' }), HAIKU, prompt(), opts());
      assert.equal(r.error?.kind, 'auth');
      assert.ok(!JSON.stringify(r).includes('DO-NOT-LEAK'));
    } finally {
      Object.assign(console, orig);
    }
    assert.ok(!logged.join('\n').includes('DO-NOT-LEAK'));
  });
});

describe('compare runner: cancel', () => {
  it('cancel after the first token stops both streams and keeps their text', async () => {
    const ctrl = new AbortController();
    const long = 'word '.repeat(300);
    const pair = await runPair(client(), models, prompt(long), {
      ...opts({ signal: ctrl.signal }),
      onText: () => ctrl.abort(),
    });
    for (const col of ['haiku', 'sonnet'] as const) {
      assert.equal(pair[col].error?.kind, 'cancelled');
      assert.ok(pair[col].text.length < fakeReplyText(models[col], long).length, 'stopped before the end');
    }
  });

  it('cancel before start sends nothing', async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    const pair = await runPair(client(), models, prompt(), opts({ signal: ctrl.signal }));
    assert.equal(pair.haiku.error?.kind, 'cancelled');
    assert.equal(pair.sonnet.error?.kind, 'cancelled');
    assert.equal(fake.requests.length, 0);
  });

  it('cancel during a hung request returns promptly', async () => {
    fake.script([{ kind: 'hang' }]);
    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(), 100);
    const t0 = performance.now();
    const pair = await runPair(client(), models, prompt(), opts({ signal: ctrl.signal, timeoutMs: 10_000 }));
    assert.ok(performance.now() - t0 < 1500);
    assert.equal(pair.haiku.error?.kind, 'cancelled');
    assert.equal(pair.sonnet.error?.kind, 'cancelled');
  });
});

describe('compare runner: N runs, grading, token count', () => {
  it('N runs give p50/p95 latency, mean cost and how much outputs vary', async () => {
    fake.script([{ kind: 'reply', text: 'billing refund duplicate charge', model: HAIKU, times: 1 }]);
    const done: number[] = [];
    const { results, stats } = await runRepeated(client(), models, prompt(), { ...opts(), runs: 3, onRunDone: (i) => done.push(i) });
    assert.deepEqual(done, [0, 1, 2]);
    assert.equal(results.haiku.length, 3);
    assert.equal(stats.haiku.runs, 3);
    assert.equal(stats.haiku.distinctOutputs, 2);
    assert.ok(stats.haiku.variation! > 0);
    assert.equal(stats.sonnet.distinctOutputs, 1);
    assert.equal(stats.sonnet.variation, 0);
    assert.ok(stats.sonnet.latencyP50Ms! <= stats.sonnet.latencyP95Ms!);
    const mean = results.sonnet.reduce((a, r) => a + r.costUsd!, 0) / 3;
    assert.ok(Math.abs(stats.sonnet.meanCostUsd! - mean) < 1e-12);
  });

  it('N runs stop early when cancelled', async () => {
    const ctrl = new AbortController();
    const { results } = await runRepeated(client(), models, prompt(), { ...opts({ signal: ctrl.signal }), runs: 5, onRunDone: () => ctrl.abort() });
    assert.equal(results.haiku.length, 1);
  });

  it('grading returns the verdict and one-line reason of the grader model, which gets no temperature', async () => {
    fake.script([{ kind: 'reply', model: SONNET, text: 'Sure. {"verdict": "haiku-ok", "reason": "Same label, same format."}' }]);
    const g = await gradeAnswers(client(), SONNET, prompt(), { haiku: 'billing', sonnet: 'billing' }, defaultRubric('classify_intent'), {
      priceBook: book,
      timeoutMs: 5000,
    });
    assert.equal(g.verdict, 'haiku-ok');
    assert.equal(g.reason, 'Same label, same format.');
    assert.ok(g.costUsd! > 0);
    const body = fake.requests[0]!.body as { temperature?: number; messages: Array<{ content: string }> };
    assert.equal(body.temperature, undefined);
    assert.match(body.messages[0]!.content, /<rubric>\nBoth answers must pick the same label/);
  });

  it('grading that fails says why', async () => {
    fake.script([{ kind: 'status', status: 529 }]);
    const g = await gradeAnswers(client(), SONNET, prompt(), { haiku: 'a', sonnet: 'b' }, 'r', { priceBook: book, timeoutMs: 5000, maxRetries: 0 });
    assert.equal(g.verdict, 'unclear');
    assert.equal(g.error?.kind, 'overloaded');
    assert.match(g.reason, /overloaded \(529\)\. Try again/);
  });

  it('count_tokens through the API, null when it fails', async () => {
    const n = await countInputTokens(client(), HAIKU, prompt());
    assert.ok(n !== null && n > 0);
    fake.script([{ kind: 'status', status: 500, path: '/v1/messages/count_tokens' }]);
    assert.equal(await countInputTokens(client(), HAIKU, prompt()), null);
  });
});

describe('fake server', () => {
  it('records that a cancelled stream was closed by the client', async () => {
    fake.script([{ kind: 'hang' }]);
    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(), 50);
    await runModel(client(), HAIKU, prompt(), opts({ signal: ctrl.signal }));
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(fake.requests[0]!.abortedAt !== null);
    fake.reset();
    await runModel(client(), HAIKU, prompt(), opts());
    assert.equal(fake.requests[0]!.abortedAt, null);
  });
});
