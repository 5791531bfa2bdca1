import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAnnotation } from '../../src/core/usage/annotations';
import { parseUsageFile } from '../../src/core/usage/usageFile';
import { resolveCallsPerDay, resolveDynamicInputTokens, resolveTokenOverrides, taskTypeOverride } from '../../src/core/usage/volume';

const ID = 'src/support/triage.ts#classifyTicket';
const annotation = parseAnnotation('// tierwise: calls=2k/hour task=extract_entities', 11).annotation;
const full = {
  defaults: { callsPerDay: 3000, dynamicInputTokens: 200 },
  taskTypes: { classify_intent: { callsPerDay: 7000, outputTokens: 4, dynamicInputTokens: 80 } },
  callSites: { [ID]: { callsPerDay: 50000, inputTokens: 900, outputTokens: 5, taskType: 'classify_intent' } },
};

test('volume precedence: call-site entry > annotation > task-type entry > usage-file defaults > setting > 1,000', () => {
  const v = (usage: object, ann = annotation, settings = {}) => resolveCallsPerDay(ID, 'classify_intent', ann, usage, settings);
  assert.deepEqual([v(full).value, v(full).volumeSource], [50000, 'usage-file']);
  assert.match(v(full).source, /callSites\["src\/support\/triage.ts#classifyTicket"\]/);
  const noSite = { ...full, callSites: {} };
  assert.deepEqual([v(noSite).value, v(noSite).volumeSource], [48000, 'annotation']);
  assert.match(v(noSite).source, /annotation on line 11/);
  assert.deepEqual([v(noSite, null).value, v(noSite, null).volumeSource], [7000, 'usage-file']);
  const noTask = { ...noSite, taskTypes: {} };
  assert.deepEqual([v(noTask, null).value, v(noTask, null).volumeSource], [3000, 'usage-file']);
  assert.deepEqual([v({}, null, { callsPerDay: 250 }).value, v({}, null, { callsPerDay: 250 }).volumeSource], [250, 'default']);
  assert.deepEqual([v({}, null).value, v({}, null).volumeSource], [1000, 'default']);
  assert.match(v({}, null).source, /assumed default/);
  // A nonsense setting falls back to 1,000.
  assert.equal(v({}, null, { callsPerDay: Number.NaN }).value, 1000);
});

test('a malformed usage file contributes nothing: the defaults apply', () => {
  const bad = parseUsageFile('{ "callSites": { "src/support/triage.ts#classifyTicket": { "callsPerDay": 5 } }, }');
  assert.equal(bad.valid, false);
  assert.deepEqual([resolveCallsPerDay(ID, 'classify_intent', null, bad).value, resolveCallsPerDay(ID, 'classify_intent', null, bad).volumeSource], [1000, 'default']);
});

test('task type: call-site entry > annotation', () => {
  assert.deepEqual(taskTypeOverride(ID, annotation, full), { value: 'classify_intent', source: `.tierwise.json callSites["${ID}"]` });
  assert.deepEqual(taskTypeOverride(ID, annotation, {}), { value: 'extract_entities', source: 'the annotation on line 11' });
  assert.equal(taskTypeOverride(ID, null, {}), null);
});

test('token overrides and the dynamic-input assumption', () => {
  const o = resolveTokenOverrides(ID, 'classify_intent', full);
  assert.deepEqual([o.input?.value, o.output?.value, o.taskOutput?.value], [900, 5, 4]);
  assert.deepEqual(resolveTokenOverrides('other#f', 'review_code', full), {});
  assert.equal(resolveDynamicInputTokens('classify_intent', full).value, 80);
  assert.equal(resolveDynamicInputTokens('review_code', full).value, 200);
  assert.equal(resolveDynamicInputTokens('review_code', {}, { dynamicInputTokens: 800 }).value, 800);
  assert.equal(resolveDynamicInputTokens('review_code', {}).value, 500);
});
