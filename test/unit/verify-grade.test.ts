// Grading Haiku's answers: labels, JSON against a schema and field by field, the grader model's verdict.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  defaultGradingMode,
  extractJson,
  gradeItem,
  gradeJson,
  gradeLabel,
  graderPrompt,
  normalizeLabel,
  parseGraderAnswer,
  suggestedSchema,
} from '../../src/core/verify/grade';
import type { ModelOutput } from '../../src/core/verify/types';

const ok = (text: string): ModelOutput => ({ status: 'succeeded', text, usage: { input: 10, output: 2, cacheRead: 0, cacheWrite: 0 }, stopReason: 'end_turn', error: null, latencyMs: null });
const bad = (error: string): ModelOutput => ({ status: 'errored', text: '', usage: null, stopReason: null, error, latencyMs: null });

test('labels: case, quotes, fences, a trailing full stop and a "Label:" prefix do not count; another word does', () => {
  assert.equal(normalizeLabel('  "Billing".  '), 'billing');
  assert.equal(normalizeLabel('```\nbug\n```'), 'bug');
  assert.equal(normalizeLabel('Label: feature_request'), 'feature_request');
  assert.equal(normalizeLabel('`account`'), 'account');
  assert.deepEqual(gradeLabel('BILLING', 'billing'), { pass: true, reason: 'same label "billing"' });
  assert.deepEqual(gradeLabel('bug', 'billing'), { pass: false, reason: 'label "bug" instead of "billing"' });
  assert.equal(gradeLabel('billing issue', 'billing').pass, false);
});

test('JSON: found in prose or a fence; schema violations and field differences are failures with the reason', () => {
  assert.deepEqual(extractJson('Here it is:\n```json\n{"a": 1}\n```'), { a: 1 });
  assert.deepEqual(extractJson('Sure! {"name": "Ada", "note": "a } in a string"} done'), { name: 'Ada', note: 'a } in a string' });
  assert.equal(extractJson('no json here'), undefined);
  const schema = { type: 'object', properties: { name: { type: 'string' }, amount: { type: 'number' } }, required: ['name', 'amount'] };
  assert.deepEqual(gradeJson('not json', { name: 'Ada' }, schema), { pass: false, reason: 'the answer is not JSON' });
  assert.match(gradeJson('{"name": "Ada"}', { name: 'Ada', amount: 3 }, schema).reason, /^not valid against the schema: \(root\) must have required property 'amount'/);
  assert.match(gradeJson('{"name": "Ada", "amount": "3"}', { name: 'Ada', amount: 3 }, schema).reason, /\/amount must be number/);
  // Field by field: strings by their words (case, spacing), numbers by value, lists in any order.
  assert.deepEqual(gradeJson('{"name": " ada  LOVELACE", "amount": 3, "tags": ["b", "a"]}', { name: 'Ada Lovelace', amount: 3.0, tags: ['a', 'b'] }, null), { pass: true, reason: 'every field agrees' });
  const diff = gradeJson('{"name": "Ada", "amount": 4, "extra": true}', { name: 'Ada', amount: 3, date: '2026-12-05' }, null);
  assert.equal(diff.pass, false);
  assert.equal(diff.reason, 'fields differ: amount: 4 instead of 3; date: missing; extra: not in the reference (true)');
  // A null field on both sides agrees.
  assert.equal(gradeJson('{"a": null, "b": 1}', { b: 1 }, null).pass, true);
});

test('an item is graded against $expected when the line has one, else against Sonnet; API failures are excluded with the reason', () => {
  const label = { mode: 'label' as const, schema: null };
  assert.deepEqual(gradeItem(label, 'billing', ok('billing'), ok('bug')), { result: 'pass', reason: 'same label "billing"', reference: 'expected' });
  assert.deepEqual(gradeItem(label, null, ok('billing'), ok('bug')), { result: 'fail', reason: 'label "billing" instead of "bug"', reference: 'sonnet' });
  assert.deepEqual(gradeItem(label, null, bad('errored in the batch (overloaded_error)'), ok('bug')), { result: 'excluded', reason: 'Haiku: errored in the batch (overloaded_error)', reference: null });
  assert.match(gradeItem(label, null, ok('bug'), bad('expired: …'))!.reason, /^no reference: Sonnet expired/);
  // With $expected, Sonnet's failure does not matter.
  assert.equal(gradeItem(label, 'bug', ok('bug'), bad('x'))!.result, 'pass');
  const json = { mode: 'json' as const, schema: null };
  assert.equal(gradeItem(json, '{"x": 1}', ok('{"x": 1}'), ok('?'))!.result, 'pass', 'a JSON $expected written as a string is parsed');
  assert.match(gradeItem(json, null, ok('{"x": 1}'), ok('I cannot'))!.reason, /Sonnet's answer is not JSON/);
  // Free text is left to the grader model.
  assert.equal(gradeItem({ mode: 'rubric', schema: null }, null, ok('a summary'), ok('another')), null);
});

test('the grader: its prompt holds the rubric, the prompt, the reference and the answer; its verdict is read or the item is unclear', () => {
  const p = graderPrompt({ system: 'Summarise.', messages: [{ role: 'user', content: 'Text: long' }], tools: [], maxTokens: 100, temperature: null }, 'short', 'brief', 'sonnet', 'Keep the facts.');
  assert.match(p.system, /"pass": true \| false/);
  const body = p.messages[0]!.content;
  for (const part of ['<rubric>\nKeep the facts.\n</rubric>', '<system>\nSummarise.\n</system>', '<user>\nText: long\n</user>', '<reference_answer>\nbrief\n</reference_answer>', '<answer>\nshort\n</answer>']) assert.ok(body.includes(part), part);
  assert.deepEqual(parseGraderAnswer('{"pass": false, "reason": "drops the date\\nmore"}'), { pass: false, reason: 'drops the date' });
  assert.deepEqual(parseGraderAnswer('```json\n{"pass": "true", "reason": "fine"}\n```'), { pass: true, reason: 'fine' });
  assert.deepEqual(parseGraderAnswer('{"verdict": "fail"}'), { pass: false, reason: 'the grader failed it' });
  assert.equal(parseGraderAnswer('I think it passes'), null);
  assert.equal(parseGraderAnswer('{"pass": "maybe"}'), null);
});

test('the suggested grading and schema follow the task type and what the code says about the answer', () => {
  assert.equal(defaultGradingMode('classify_intent', false), 'label');
  assert.equal(defaultGradingMode('extract_entities', false), 'json');
  assert.equal(defaultGradingMode('summarize_short', true), 'rubric');
  assert.equal(defaultGradingMode('chat_general', false), 'rubric');
  const tool = { name: 'record', description: '', input_schema: { type: 'object', properties: { a: { type: 'string' } } } };
  assert.deepEqual(suggestedSchema(null, [tool]), tool.input_schema);
  assert.deepEqual(
    suggestedSchema({ kind: 'zod', fields: [{ name: 'amount', type: 'z.number()' }, { name: 'kind', type: 'z.enum', enum: ['a', 'b'] }, { name: 'items', type: 'z.array(z.string())' }, { name: 'x', type: '?' }] }, []),
    { type: 'object', properties: { amount: { type: 'number' }, kind: { enum: ['a', 'b'] }, items: { type: 'array' }, x: {} } },
  );
  assert.deepEqual(suggestedSchema({ kind: 'json-schema', fields: [], text: '{"type":"object"}' }, []), { type: 'object' });
  assert.equal(suggestedSchema(null, []), null);
});
