// What the reliability pass found to hold in the compare runner, kept as tests (issue 12, "what held"):
// no uncaught error under any fault of the fake API, 50 concurrent comparisons without cross-talk, and a cancel that
// ends the run at once keeping the text streamed so far.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildPriceBook } from '../../src/core/cost/prices';
import { countInputTokens, createCompareClient, runModel, runPair } from '../../src/core/compare/runner';
import { gradeAnswers } from '../../src/core/compare/grade';
import type { ComparePrompt } from '../../src/core/compare/types';
import { FAKE_API_KEY, fakeReplyText, startFakeAnthropic, type Fault, type FakeAnthropic } from '../fake-anthropic/server';

const models = { haiku: 'claude-haiku-5-5', sonnet: 'claude-sonnet-5-5' };
const book = buildPriceBook();
const prompt = (content: string): ComparePrompt => ({ system: 'Echo.', messages: [{ role: 'user', content }], tools: [], maxTokens: 2000, temperature: null });

let fake: FakeAnthropic;
const client = (baseURL = fake.url) => createCompareClient({ apiKey: FAKE_API_KEY, baseURL, timeoutMs: 10_000, maxRetries: 2 });

before(async () => {
  fake = await startFakeAnthropic({ chunkDelayMs: 1, maxLifetimeMs: 120_000 });
});
after(() => fake.close());
beforeEach(() => fake.reset());

describe('compare runner: what held', () => {
  it('no uncaught error or unhandled rejection under any fault; every column ends with text or an error', async () => {
    const caught: unknown[] = [];
    const onError = (e: unknown): void => void caught.push(e);
    process.on('uncaughtException', onError);
    process.on('unhandledRejection', onError);
    try {
      const faults: Fault[] = [
        ...[400, 401, 403, 404, 408, 409, 413, 422, 429, 500, 502, 503, 529].map((status): Fault => ({ kind: 'status', status, retryAfterMs: 5 })),
        { kind: 'status', status: 429, retryAfterSeconds: 3600 },
        { kind: 'status', status: 500, shouldRetry: false },
        ...[1, 2, 3, 4, 5, 6, 8].map((afterEvents): Fault => ({ kind: 'cut', afterEvents })),
        ...[1, 3, 5].map((afterEvents): Fault => ({ kind: 'sse-error', afterEvents, errorType: 'overloaded_error' })),
        { kind: 'sse-error', afterEvents: 4, errorType: 'api_error' },
        { kind: 'hang' },
        { kind: 'delay', firstTokenMs: 500 },
      ];
      for (const fault of faults) {
        fake.script([fault]);
        const pair = await runPair(client(), models, prompt('Refund please'), { priceBook: book, timeoutMs: 300, maxRetries: 1, backoffMs: () => 5 });
        for (const r of [pair.haiku, pair.sonnet]) assert.ok(r.error !== null || r.text.length > 0, `${JSON.stringify(fault)}: a column ended with neither text nor error`);
        await gradeAnswers(client(), models.sonnet, prompt('x'), { haiku: 'a', sonnet: 'b' }, 'r', { priceBook: book, timeoutMs: 300, maxRetries: 1, backoffMs: () => 5 });
        fake.script([{ ...fault, path: '/v1/messages/count_tokens' }]);
        await countInputTokens(client(), models.haiku, prompt('x'), undefined, 300);
      }
      // Nothing listening at all.
      const dead = http.createServer();
      await new Promise<void>((r) => dead.listen(0, '127.0.0.1', () => r()));
      const port = (dead.address() as AddressInfo).port;
      await new Promise<void>((r) => dead.close(() => r()));
      const offline = await runPair(client(`http://127.0.0.1:${port}`), models, prompt('x'), { priceBook: book, timeoutMs: 2000, maxRetries: 1, backoffMs: () => 5 });
      assert.equal(offline.haiku.error?.kind, 'offline');
      // Late events (sockets closing, timers) get a moment to surface.
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      process.off('uncaughtException', onError);
      process.off('unhandledRejection', onError);
    }
    assert.deepEqual(caught, []);
  });

  it('50 comparisons at once: every column gets its own answer and its own chunks', async () => {
    const n = 50;
    const chunks = new Map<string, string>();
    const pairs = await Promise.all(
      Array.from({ length: n }, (_v, i) =>
        runPair(client(), models, prompt(`Ticket ${i}: ${'charged twice '.repeat(1 + (i % 7))}`), {
          priceBook: book,
          timeoutMs: 30_000,
          onText: (col, c) => chunks.set(`${i}/${col}`, (chunks.get(`${i}/${col}`) ?? '') + c),
        }),
      ),
    );
    pairs.forEach((pair, i) => {
      const content = `Ticket ${i}: ${'charged twice '.repeat(1 + (i % 7))}`;
      for (const col of ['haiku', 'sonnet'] as const) {
        assert.equal(pair[col].error, null, `${i}/${col}: ${pair[col].error?.message}`);
        assert.equal(pair[col].text, fakeReplyText(models[col], content), `${i}/${col}`);
        assert.equal(chunks.get(`${i}/${col}`), pair[col].text, `${i}/${col}: streamed chunks`);
      }
    });
    assert.equal(fake.requests.length, 2 * n);
  });

  it('cancel ends the run at once and keeps the text streamed so far', async () => {
    const ctrl = new AbortController();
    const content = 'word '.repeat(400);
    let abortedAt = 0;
    let seen = 0;
    const run = runModel(client(), models.haiku, prompt(content), {
      priceBook: book,
      timeoutMs: 30_000,
      signal: ctrl.signal,
      onText: () => {
        if (++seen === 20) {
          abortedAt = performance.now();
          ctrl.abort();
        }
      },
    });
    const r = await run;
    const endedAfter = performance.now() - abortedAt;
    assert.equal(r.error?.kind, 'cancelled');
    assert.equal(r.error?.partial, true);
    const full = fakeReplyText(models.haiku, content);
    assert.ok(r.text.length > 0 && r.text.length < full.length && full.startsWith(r.text), 'the partial text is a prefix of the answer');
    // Measured at well under 1 ms; the bound leaves room for a busy machine.
    assert.ok(endedAfter < 50, `ended ${endedAfter.toFixed(1)} ms after the cancel`);
  });
});
