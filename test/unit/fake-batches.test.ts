// The fake Messages API's batch endpoints, driven by the real @anthropic-ai/sdk: what the judge and the
// verification runs build on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { FAKE_API_KEY, startFakeAnthropic } from '../fake-anthropic/server';

const params = (text: string) => ({ model: 'claude-haiku-5-5', max_tokens: 50, messages: [{ role: 'user' as const, content: text }] });

test('create, poll until ended, read results as JSONL; scripted errored and expired items; replies by item', async () => {
  const fake = await startFakeAnthropic({ batchPolls: 2, maxLifetimeMs: 60_000 });
  try {
    fake.script([
      { kind: 'batch-item', customId: '^bad-', result: 'errored', errorType: 'overloaded_error' },
      { kind: 'batch-item', customId: '^late$', result: 'expired' },
      { kind: 'reply', text: '{"task_type":"classify_intent"}', path: '/v1/messages/batches', times: 1 },
    ]);
    const client = new Anthropic({ apiKey: FAKE_API_KEY, baseURL: fake.url, maxRetries: 0 });
    const created = await client.messages.batches.create({ requests: [{ custom_id: 'ok-1', params: params('one') }, { custom_id: 'bad-2', params: params('two') }, { custom_id: 'late', params: params('three') }] });
    assert.equal(created.processing_status, 'in_progress');
    assert.equal(created.request_counts.processing, 3);
    assert.equal((await client.messages.batches.retrieve(created.id)).processing_status, 'in_progress');
    const ended = await client.messages.batches.retrieve(created.id);
    assert.equal(ended.processing_status, 'ended');
    assert.deepEqual(ended.request_counts, { processing: 0, succeeded: 1, errored: 1, canceled: 0, expired: 1 });
    const results: Record<string, string> = {};
    for await (const r of await client.messages.batches.results(created.id)) {
      results[r.custom_id] = r.result.type;
      if (r.result.type === 'succeeded') assert.equal(r.result.message.content[0].type === 'text' ? r.result.message.content[0].text : '', '{"task_type":"classify_intent"}');
    }
    assert.deepEqual(results, { 'ok-1': 'succeeded', 'bad-2': 'errored', late: 'expired' });
  } finally {
    await fake.close();
  }
});

test('cancel ends a batch with its unfinished items canceled; unknown ids and bad requests are errors', async () => {
  const fake = await startFakeAnthropic({ batchPolls: 5, maxLifetimeMs: 60_000 });
  try {
    const client = new Anthropic({ apiKey: FAKE_API_KEY, baseURL: fake.url, maxRetries: 0 });
    const b = await client.messages.batches.create({ requests: [{ custom_id: 'a', params: params('x') }, { custom_id: 'b', params: { ...params('y'), temperature: 0.2 } as unknown as ReturnType<typeof params> }] });
    const canceling = await client.messages.batches.cancel(b.id);
    assert.equal(canceling.processing_status, 'canceling');
    const ended = await client.messages.batches.retrieve(b.id);
    assert.equal(ended.processing_status, 'ended');
    assert.equal(ended.request_counts.canceled, 2);
    await assert.rejects(client.messages.batches.retrieve('msgbatch_nope'), (e: unknown) => e instanceof Anthropic.NotFoundError);
    await assert.rejects(client.messages.batches.create({ requests: [{ custom_id: 'dup', params: params('1') }, { custom_id: 'dup', params: params('2') }] }), (e: unknown) => e instanceof Anthropic.BadRequestError);
    // A request the API would refuse ends errored, not succeeded (temperature on Haiku 5.5).
    const b2 = await client.messages.batches.create({ requests: [{ custom_id: 't', params: { ...params('y'), temperature: 0.2 } as unknown as ReturnType<typeof params> }] });
    await client.messages.batches.retrieve(b2.id);
    for (let i = 0; i < 5; i++) await client.messages.batches.retrieve(b2.id);
    for await (const r of await client.messages.batches.results(b2.id)) assert.equal(r.result.type, 'errored');
  } finally {
    await fake.close();
  }
});

test('a slow batch (batch-slow) keeps running until the control route ends it; replies can match the request text', async () => {
  const fake = await startFakeAnthropic({ maxLifetimeMs: 60_000 });
  try {
    fake.script([
      { kind: 'batch-slow', polls: 1000, times: 1 },
      { kind: 'reply', path: '/v1/messages/batches', match: 'two', text: 'matched' },
    ]);
    const client = new Anthropic({ apiKey: FAKE_API_KEY, baseURL: fake.url, maxRetries: 0 });
    const b = await client.messages.batches.create({ requests: [{ custom_id: 'a', params: params('one') }, { custom_id: 'b', params: params('two') }] });
    for (let i = 0; i < 3; i++) assert.equal((await client.messages.batches.retrieve(b.id)).processing_status, 'in_progress');
    const ended = await (await fetch(`${fake.url}/__fake/batches/end`, { method: 'POST' })).json();
    assert.deepEqual(ended, { ok: true, batches: 1 });
    assert.equal((await client.messages.batches.retrieve(b.id)).processing_status, 'ended');
    const texts: Record<string, string> = {};
    for await (const r of await client.messages.batches.results(b.id)) if (r.result.type === 'succeeded' && r.result.message.content[0].type === 'text') texts[r.custom_id] = r.result.message.content[0].text;
    assert.equal(texts.b, 'matched');
    assert.equal(texts.a, 'claude-haiku-5-5 says: one');
  } finally {
    await fake.close();
  }
});
