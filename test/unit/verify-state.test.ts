// What the editor keeps in workspace state for verifications: batches to resume after a reload, and the values past
// comparisons ran with (bounded). Both only need a Memento, so a Map stands in for VS Code's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { compareInputs, recordCompareInputs } from '../../src/extension/verify/history';
import { VerifyJobs } from '../../src/extension/verify/jobs';
import type { VerifyCheckpoint } from '../../src/core/verify/job';

function memento(): vscode.Memento & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    keys: () => [...data.keys()],
    get: <T>(key: string, dflt?: T) => (data.has(key) ? (JSON.parse(JSON.stringify(data.get(key))) as T) : dflt),
    update: async (key: string, value: unknown) => void data.set(key, value),
  } as vscode.Memento & { data: Map<string, unknown> };
}

const cp = (siteId: string, batch: string): VerifyCheckpoint => ({
  version: 1,
  id: 'v1',
  startedAt: '2026-12-05T10:00:00.000Z',
  spec: {
    siteId,
    taskKey: 'classify_intent',
    taskType: 'classify_intent',
    prompt: { system: '', messages: [{ role: 'user', content: '${t}' }], tools: [], maxTokens: 5, temperature: null },
    fields: ['t'],
    models: { haiku: 'h', sonnet: 's', grader: 'h' },
    grading: { mode: 'label', rubric: '', schema: null },
    threshold: 0.05,
    minInputs: 30,
    dataset: { file: 'd.jsonl', hash: 'sha256:x', n: 3 },
    useBatches: true,
    latencySample: 0,
  },
  generateBatchId: batch,
  gradeBatchId: null,
  latency: null,
});

test('kept batches: one per call, survive a new store over the same state (a reload), forgotten when done', async () => {
  const state = memento();
  const jobs = new VerifyJobs(state);
  await jobs.keep({ checkpoint: cp('a#f', 'msgbatch_1'), datasetUri: 'file:///w/d.jsonl', uri: 'file:///w/a.ts' });
  await jobs.keep({ checkpoint: cp('b#g', 'msgbatch_2'), datasetUri: 'file:///w/d.jsonl', uri: 'file:///w/b.ts' });
  await jobs.keep({ checkpoint: cp('a#f', 'msgbatch_3'), datasetUri: 'file:///w/d.jsonl', uri: 'file:///w/a.ts' });
  const after = new VerifyJobs(state);
  assert.deepEqual(after.all().map((j) => j.checkpoint.generateBatchId).sort(), ['msgbatch_2', 'msgbatch_3']);
  assert.equal(after.forSite('a#f')?.checkpoint.generateBatchId, 'msgbatch_3');
  await after.forget('a#f');
  assert.equal(new VerifyJobs(state).forSite('a#f'), undefined);
  // Something that is not a kept job (an older format, a hand edit) is left out.
  await state.update('tierwise.verify.jobs', { x: { checkpoint: { version: 2 } }, y: 'nonsense', ...(state.get('tierwise.verify.jobs') as object) });
  assert.deepEqual(new VerifyJobs(state).all().map((j) => j.checkpoint.spec.siteId), ['b#g']);
});

test('past comparisons: values per call, newest last, repeats moved to the end, empty ones skipped, bounded', async () => {
  const state = memento();
  await recordCompareInputs(state, 'a#f', { t: 'one' });
  await recordCompareInputs(state, 'a#f', { t: '' });
  await recordCompareInputs(state, 'a#f', { t: 'two' });
  await recordCompareInputs(state, 'a#f', { t: 'one' });
  assert.deepEqual(compareInputs(state, 'a#f'), [{ t: 'two' }, { t: 'one' }]);
  assert.deepEqual(compareInputs(state, 'nope#x'), []);
  for (let i = 0; i < 250; i++) await recordCompareInputs(state, 'a#f', { t: `v${i}` });
  const kept = compareInputs(state, 'a#f');
  assert.equal(kept.length, 200);
  assert.deepEqual(kept.at(-1), { t: 'v249' });
  for (let i = 0; i < 60; i++) await recordCompareInputs(state, `s${i}#f`, { t: 'x' });
  assert.equal(Object.keys(state.get('tierwise.compare.inputs') as object).length, 50);
  assert.deepEqual(compareInputs(state, 's59#f'), [{ t: 'x' }]);
});
