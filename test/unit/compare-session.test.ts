// The panel's session (protocol messages, estimate, confirm threshold, cancel) against the fake server.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildPriceBook } from '../../src/core/cost/prices';
import { createCompareClient } from '../../src/core/compare/runner';
import { CompareSession, type SessionDeps } from '../../src/core/compare/session';
import type { HostMessage, PanelInput } from '../../src/shared/compareProtocol';
import { FAKE_API_KEY, startFakeAnthropic, type FakeAnthropic } from '../fake-anthropic/server';

let fake: FakeAnthropic;
before(async () => {
  fake = await startFakeAnthropic({ chunkDelayMs: 2, maxLifetimeMs: 60_000 });
});
after(() => fake.close());
beforeEach(() => fake.reset());

const input: PanelInput = {
  prompt: { system: 'Label tickets.', messages: [{ role: 'user', content: 'Ticket: ${subject}' }], tools: [], maxTokens: 100, temperature: null },
  fields: { subject: '<img src=x onerror=alert(1)>' },
};

function session(over: Partial<SessionDeps> = {}): { s: CompareSession; posted: HostMessage[] } {
  const posted: HostMessage[] = [];
  const s = new CompareSession({
    models: { haiku: 'claude-haiku-5-5', sonnet: 'claude-sonnet-5-5' },
    graderModel: 'claude-sonnet-5-5',
    priceBook: buildPriceBook(),
    timeoutMs: 5000,
    maxRetries: 0,
    callsPerDay: 1000,
    confirmAboveUsd: 0.05,
    client: async () => createCompareClient({ apiKey: FAKE_API_KEY, baseURL: fake.url, timeoutMs: 5000, maxRetries: 0 }),
    post: (m) => posted.push(m),
    ...over,
  });
  return { s, posted };
}

describe('compare session', () => {
  it('posts the run as protocol messages, fields filled in', async () => {
    const { s, posted } = session();
    await s.run(input, 1, false, '');
    const types = [...new Set(posted.map((m) => m.type))];
    assert.deepEqual(types, ['runStarted', 'pairStarted', 'text', 'columnDone', 'pairDone', 'finished']);
    const text = posted.filter((m) => m.type === 'text' && m.column === 'haiku').map((m) => (m as { chunk: string }).chunk).join('');
    assert.equal(text, 'claude-haiku-5-5 says: Ticket: <img src=x onerror=alert(1)>');
    const pairDone = posted.find((m) => m.type === 'pairDone') as Extract<HostMessage, { type: 'pairDone' }>;
    assert.ok(pairDone.summary.costRatio! > 10, `Sonnet costs ${pairDone.summary.costRatio}× Haiku`);
    assert.ok(pairDone.summary.monthly.saving! > 0);
    assert.deepEqual(posted.at(-1), { type: 'finished', runId: 1, cancelled: false });
  });

  it('N runs post repeat statistics, then grading', async () => {
    fake.script([{ kind: 'reply', model: 'claude-sonnet-5-5', text: '{"verdict":"haiku-ok","reason":"Same."}' }]);
    const { s, posted } = session();
    await s.run(input, 3, true, 'rubric');
    assert.equal(posted.filter((m) => m.type === 'pairDone').length, 3);
    const stats = posted.find((m) => m.type === 'repeatStats') as Extract<HostMessage, { type: 'repeatStats' }>;
    assert.equal(stats.stats.haiku.runs, 3);
    const grade = posted.find((m) => m.type === 'grade') as Extract<HostMessage, { type: 'grade' }>;
    assert.equal(grade.result.verdict, 'haiku-ok');
  });

  it('estimate: count_tokens with a key, local estimate without; confirm above the threshold', async () => {
    const { s } = session();
    const e = await s.estimate(input, 1, false);
    assert.equal(e.source, 'count_tokens');
    assert.ok(e.usd! > 0 && e.usd! < 0.05);
    assert.equal(e.needsConfirm, false);
    const big = await s.estimate({ ...input, prompt: { ...input.prompt, maxTokens: 64_000 } }, 5, true);
    assert.equal(big.needsConfirm, true);
    const { s: noKey } = session({ client: async () => null });
    const local = await noKey.estimate(input, 1, false);
    assert.equal(local.source, 'local estimate');
    assert.ok(local.inputTokens.haiku > 0);
  });

  it('no key: says so, sends nothing', async () => {
    const { s, posted } = session({ client: async () => null });
    await s.run(input, 1, false, '');
    assert.match((posted.find((m) => m.type === 'notice') as { message: string }).message, /No Anthropic API key/);
    assert.equal(fake.requests.length, 0);
  });

  it('cancel stops the run; dispose stops posting', async () => {
    const { s, posted } = session();
    const long: PanelInput = { ...input, prompt: { ...input.prompt, messages: [{ role: 'user', content: 'w '.repeat(300) }] } };
    const p = s.run(long, 3, false, '');
    await new Promise((r) => setTimeout(r, 30));
    s.cancel();
    await p;
    assert.deepEqual(posted.at(-1), { type: 'finished', runId: 1, cancelled: true });
    assert.equal(posted.filter((m) => m.type === 'pairStarted').length, 1);
    const done = posted.filter((m) => m.type === 'columnDone') as Array<Extract<HostMessage, { type: 'columnDone' }>>;
    assert.ok(done.every((d) => d.result.error?.kind === 'cancelled'));
    const { s: s2, posted: p2 } = session();
    const run2 = s2.run(long, 1, false, '');
    s2.dispose();
    await run2;
    assert.ok(p2.length <= 1);
  });
});

describe('compare session: the verdict compares completed runs against the current model', () => {
  const pairDone = (posted: HostMessage[]) => posted.filter((m) => m.type === 'pairDone') as Array<Extract<HostMessage, { type: 'pairDone' }>>;

  it('a failed column: nothing compared, what failed is said, no ratio or saving', async () => {
    fake.script([{ kind: 'status', status: 529, model: 'claude-haiku-5-5' }]);
    const { s, posted } = session();
    await s.run(input, 1, false, '');
    const summary = pairDone(posted)[0]!.summary;
    assert.equal(summary.completedPairs, 0);
    assert.match(summary.failures.haiku[0]!, /^Anthropic is overloaded \(529\)$/);
    assert.deepEqual(summary.failures.sonnet, []);
    assert.equal(summary.costRatio, null);
    assert.equal(summary.latencyRatio, null);
    assert.deepEqual(summary.monthly, { haiku: null, sonnet: null, saving: null });
  });

  it('a cancelled run: both columns say cancelled, nothing compared', async () => {
    fake.script([{ kind: 'delay', firstTokenMs: 5000 }]);
    const { s, posted } = session();
    const run = s.run(input, 1, false, '');
    await new Promise((r) => setTimeout(r, 100));
    s.cancel();
    await run;
    const summary = pairDone(posted)[0]!.summary;
    assert.equal(summary.completedPairs, 0);
    assert.deepEqual(summary.failures, { haiku: ['cancelled'], sonnet: ['cancelled'] });
  });

  it('N runs with one failure: compared over the runs where both finished, the failed one named', async () => {
    fake.script([{ kind: 'status', status: 500, model: 'claude-sonnet-5-5', times: 1 }]);
    const { s, posted } = session();
    await s.run(input, 3, false, '');
    const stats = posted.find((m) => m.type === 'repeatStats') as Extract<HostMessage, { type: 'repeatStats' }>;
    assert.equal(stats.summary.runs, 3);
    assert.equal(stats.summary.completedPairs, 2);
    assert.match(stats.summary.failures.sonnet.join(), /^run 1: Anthropic returned a server error \(500\)$/);
    assert.ok(stats.summary.costRatio! > 1);
  });

  it('a call on Haiku 4.5: the current model priced on the run\'s tokens, each tier\'s change against it', async () => {
    const { s, posted } = session({ currentModel: 'claude-haiku-4-5' });
    await s.run(input, 1, false, '');
    const summary = pairDone(posted)[0]!.summary;
    const haikuRun = (posted.find((m) => m.type === 'columnDone' && m.column === 'haiku') as Extract<HostMessage, { type: 'columnDone' }>).result;
    assert.equal(summary.current?.model, 'claude-haiku-4-5');
    // Haiku 4.5 ($1 / $5) on the legacy tokenizer: the Haiku column's tokens / 1.3, at the call's 1,000 calls/day.
    const u = haikuRun.usage!;
    const perCall = (Math.round(u.input / 1.3) * 1 + Math.round(u.output / 1.3) * 5) / 1e6;
    assert.ok(Math.abs(summary.current!.monthly! - perCall * 1000 * 30) < 1e-9, `${summary.current!.monthly} vs ${perCall * 30_000}`);
    assert.ok(summary.current!.change.haiku! < 0, 'Haiku 5.5 saves against Haiku 4.5');
    assert.ok(summary.current!.change.sonnet! > 0, 'Sonnet 5.5 costs more than Haiku 4.5');
    assert.ok(Math.abs(summary.current!.change.haiku! - (summary.monthly.haiku! - summary.current!.monthly!)) < 1e-9);
  });

  it('a selection (no current model): no reference', async () => {
    const { s, posted } = session();
    await s.run(input, 1, false, '');
    assert.equal(pairDone(posted)[0]!.summary.current, null);
  });
});
