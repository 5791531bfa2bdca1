// One deadline for a whole model run (retries and waits included), a wait longer than the deadline reported as what it
// is, and the attempts counted as made — against the fake Messages server (issue 12, item 6).
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildPriceBook } from '../../src/core/cost/prices';
import { createCompareClient, runModel } from '../../src/core/compare/runner';
import { gradeAnswers } from '../../src/core/compare/grade';
import type { ComparePrompt } from '../../src/core/compare/types';
import { FAKE_API_KEY, startFakeAnthropic, type FakeAnthropic } from '../fake-anthropic/server';

const HAIKU = 'claude-haiku-5-5';
const SONNET = 'claude-sonnet-5-5';
const book = buildPriceBook();
const prompt: ComparePrompt = { system: 'Label it.', messages: [{ role: 'user', content: 'Refund please' }], tools: [], maxTokens: 50, temperature: null };

let fake: FakeAnthropic;
// The panel's client: the SDK is configured with 2 retries, as in the extension; the runner must still own them.
const client = () => createCompareClient({ apiKey: FAKE_API_KEY, baseURL: fake.url, timeoutMs: 60_000, maxRetries: 2 });
const messageRequests = () => fake.requests.filter((r) => r.path === '/v1/messages').length;

/** Resolves with the promise's value, or rejects if it takes longer than `ms` (so a hang fails instead of stalling). */
function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_r, reject) => {
      timer = setTimeout(() => reject(new Error(`still running after ${ms} ms`)), ms);
    }),
  ]);
}

before(async () => {
  fake = await startFakeAnthropic({ chunkDelayMs: 1, maxLifetimeMs: 120_000 });
});
after(() => fake.close());
beforeEach(() => fake.reset());

describe('compare runner: one deadline, retries included', () => {
  it('a 429 asking to wait an hour is a rate limit with the wait, reported at once — not a timeout', async () => {
    fake.script([{ kind: 'status', status: 429, retryAfterSeconds: 3600 }]);
    const t0 = performance.now();
    const r = await within(5000, runModel(client(), HAIKU, prompt, { priceBook: book, timeoutMs: 3000, maxRetries: 2 }));
    const elapsed = performance.now() - t0;
    assert.equal(r.error?.kind, 'rate-limit', r.error?.message);
    assert.equal(r.error?.retryAfterSeconds, 3600);
    assert.match(r.error!.message, /Rate limited \(429\)\. The API asks to wait 1 h, more than the \d+ s left of this run's 3 s limit/);
    assert.doesNotMatch(r.error!.message, /timeoutSeconds|retr(y|ies)/);
    assert.ok(elapsed < 1500, `gave up after ${Math.round(elapsed)} ms instead of at once`);
    assert.equal(messageRequests(), 1, 'no retry when the wait cannot fit');
    assert.equal(r.attempts, 1);
  });

  it('retry-after as an HTTP date is read the same way', async () => {
    fake.script([{ kind: 'status', status: 429, retryAfterDateInSeconds: 600 }]);
    const r = await within(5000, runModel(client(), HAIKU, prompt, { priceBook: book, timeoutMs: 3000, maxRetries: 2 }));
    assert.equal(r.error?.kind, 'rate-limit');
    assert.match(r.error!.message, /asks to wait (9 min 5\d s|10 min)/);
  });

  it('waits that fit are made; the whole run, waits included, ends by the deadline', async () => {
    // Every attempt answers 529 and asks for 400 ms: attempts at 0, 400 and 800 ms; the next wait does not fit in 1 s.
    fake.script([{ kind: 'status', status: 529, retryAfterMs: 400 }]);
    const t0 = performance.now();
    const r = await within(5000, runModel(client(), HAIKU, prompt, { priceBook: book, timeoutMs: 1000, maxRetries: 10 }));
    const elapsed = performance.now() - t0;
    assert.equal(r.error?.kind, 'overloaded');
    // Three attempts on an idle machine; on a loaded one a request can take long enough that the third wait no
    // longer fits. What holds either way: waits were made, and the count is the requests actually sent.
    const sent = messageRequests();
    assert.ok(sent >= 2 && sent <= 3, `${sent} requests`);
    assert.equal(r.attempts, sent);
    assert.match(r.error!.message, new RegExp(`overloaded \\(529\\) after ${sent - 1} retr(y|ies)\\. The API asks to wait 1 s, more than the 1 s left`));
    assert.ok(elapsed < 1100, `ran ${Math.round(elapsed)} ms, past its 1 s deadline`);
  });

  it('a retry that succeeds within the deadline gives a complete answer and counts its attempts', async () => {
    fake.script([{ kind: 'status', status: 429, retryAfterMs: 50, times: 1 }]);
    const r = await runModel(client(), HAIKU, prompt, { priceBook: book, timeoutMs: 5000, maxRetries: 2 });
    assert.equal(r.error, null);
    assert.equal(r.attempts, 2);
    assert.equal(messageRequests(), 2);
  });

  it('a 500 with x-should-retry: false is one request, and the message says no retry', async () => {
    fake.script([{ kind: 'status', status: 500, shouldRetry: false }]);
    const r = await runModel(client(), HAIKU, prompt, { priceBook: book, timeoutMs: 5000, maxRetries: 2 });
    assert.equal(r.error?.kind, 'server');
    assert.equal(messageRequests(), 1);
    assert.equal(r.attempts, 1);
    assert.doesNotMatch(r.error!.message, /retr(y|ies)/);
    assert.match(r.error!.message, /server error \(500\)\. Try again/);
  });

  it('x-should-retry: true makes a 400 retryable; the count follows the requests', async () => {
    fake.script([{ kind: 'status', status: 400, shouldRetry: true, retryAfterMs: 10 }]);
    const r = await runModel(client(), HAIKU, prompt, { priceBook: book, timeoutMs: 5000, maxRetries: 1 });
    assert.equal(r.error?.kind, 'bad-request');
    assert.equal(messageRequests(), 2);
    assert.equal(r.attempts, 2);
  });

  it('cancelling during a wait between attempts ends the run at once', async () => {
    fake.script([{ kind: 'status', status: 529, retryAfterMs: 2000 }]);
    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(), 100);
    const t0 = performance.now();
    const r = await runModel(client(), HAIKU, prompt, { priceBook: book, timeoutMs: 10_000, maxRetries: 2, signal: ctrl.signal });
    assert.equal(r.error?.kind, 'cancelled');
    assert.ok(performance.now() - t0 < 600);
    assert.equal(messageRequests(), 1);
  });
});

describe('grader: the same deadline', () => {
  it('a 429 asking for an hour ends the grading at once with the wait', async () => {
    fake.script([{ kind: 'status', status: 429, retryAfterSeconds: 3600 }]);
    const t0 = performance.now();
    const g = await within(5000, gradeAnswers(client(), SONNET, prompt, { haiku: 'a', sonnet: 'b' }, 'r', { priceBook: book, timeoutMs: 3000, maxRetries: 2 }));
    assert.equal(g.verdict, 'unclear');
    assert.equal(g.error?.kind, 'rate-limit');
    assert.match(g.reason, /asks to wait 1 h/);
    assert.ok(performance.now() - t0 < 1500);
    assert.equal(messageRequests(), 1);
  });

  it('a grader that never answers times out at the deadline', async () => {
    fake.script([{ kind: 'hang' }]);
    const t0 = performance.now();
    const g = await within(5000, gradeAnswers(client(), SONNET, prompt, { haiku: 'a', sonnet: 'b' }, 'r', { priceBook: book, timeoutMs: 400, maxRetries: 2 }));
    assert.equal(g.error?.kind, 'timeout');
    assert.ok(performance.now() - t0 < 1500);
  });
});
