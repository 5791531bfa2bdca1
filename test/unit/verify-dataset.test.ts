// Verification datasets: JSONL lines giving the prompt's run-time fields, validated with the line and key named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { datasetFromInputs, datasetTemplate, formatDatasetProblems, parseDataset } from '../../src/core/verify/dataset';

const FIELDS = ['ticket', 'ticket.subject'];

test('a valid dataset: fields, $id, $expected (text or JSON), blank lines skipped, hash of the bytes', () => {
  const text = [
    '{"$id": "t-1", "ticket": "I was charged twice", "ticket.subject": "Billing", "$expected": "billing"}',
    '',
    '{"ticket": "App crashes on export", "ticket.subject": "Crash", "$expected": {"label": "bug"}}',
    '{"ticket": 42, "ticket.subject": true}',
  ].join('\n');
  const d = parseDataset(text, FIELDS);
  assert.deepEqual(d.problems, []);
  assert.equal(d.items.length, 3);
  assert.deepEqual(d.items[0], { index: 0, line: 1, id: 't-1', fields: { ticket: 'I was charged twice', 'ticket.subject': 'Billing' }, expected: 'billing' });
  assert.equal(d.items[1]!.id, 'line 3');
  assert.deepEqual(d.items[1]!.expected, { label: 'bug' });
  // Numbers and booleans are the text the code would print; no $expected is null.
  assert.deepEqual(d.items[2]!.fields, { ticket: '42', 'ticket.subject': 'true' });
  assert.equal(d.items[2]!.expected, null);
  assert.equal(d.hash, `sha256:${createHash('sha256').update(text).digest('hex')}`);
});

test('problems name the line and the key: bad JSON, not an object, a missing key, an unknown key (with the near field), a value that is not text', () => {
  const text = [
    '{"ticket": "a", "ticket.subject": "b"}',
    '{"ticket": "a", ',
    '["ticket"]',
    '{"ticket": "only this"}',
    '{"tikcet": "typo", "ticket": "x", "ticket.subject": "y"}',
    '{"ticket": {"body": "x"}, "ticket.subject": "y"}',
    '{"ticket": "", "ticket.subject": ""}',
    '{"$id": [1], "ticket": "x", "ticket.subject": "y"}',
  ].join('\n');
  const d = parseDataset(text, FIELDS);
  assert.equal(d.items.length, 1, 'only the first line is an input');
  const at = (line: number) => d.problems.filter((p) => p.line === line);
  assert.match(at(2)[0]!.message, /^not valid JSON/);
  assert.match(at(3)[0]!.message, /^an array, not an object/);
  assert.deepEqual(at(4).map((p) => [p.key, p.message]), [['ticket.subject', 'missing key "ticket.subject" (write "" for an empty value).']]);
  assert.equal(at(5)[0]!.key, 'tikcet');
  assert.match(at(5)[0]!.message, /unknown key "tikcet" \(did you mean "ticket"\?\); the call's fields are "ticket", "ticket.subject"/);
  assert.equal(at(6)[0]!.key, 'ticket');
  assert.match(at(6)[0]!.message, /"ticket" is an object, not text/);
  assert.match(at(7)[0]!.message, /every field is empty/);
  assert.equal(at(8)[0]!.key, '$id');
  assert.deepEqual(formatDatasetProblems(at(4), 'data.jsonl'), ['data.jsonl:4: missing key "ticket.subject" (write "" for an empty value).']);
});

test('warnings: the same input twice, the same $id twice; an empty file and a BOM', () => {
  const d = parseDataset('\uFEFF{"$id":"a","ticket":"x","ticket.subject":"y"}\n{"$id":"a","ticket":"x","ticket.subject":"y"}\n', FIELDS);
  assert.deepEqual(d.problems, []);
  assert.equal(d.items.length, 2);
  assert.deepEqual(
    d.warnings.map((w) => [w.line, w.message]),
    [
      [2, '"$id" "a" is also used on line 1.'],
      [2, 'the same input as line 1: it counts twice in the error rate.'],
    ],
  );
  assert.match(parseDataset('\n\n', FIELDS).problems[0]!.message, /no inputs/);
});

test('too many lines and too many problems are bounded', () => {
  const many = Array.from({ length: 12 }, (_, i) => JSON.stringify({ ticket: `t${i}`, 'ticket.subject': 's' })).join('\n');
  const d = parseDataset(many, FIELDS, { maxItems: 10 });
  assert.equal(d.items.length, 10);
  assert.match(d.problems[0]!.message, /More than 10 inputs/);
  const bad = Array.from({ length: 80 }, () => '{').join('\n');
  const b = parseDataset(bad, FIELDS);
  assert.equal(b.problems.length, 51);
  assert.equal(b.problems.at(-1)!.message, '… and 30 more problems.');
});

test('the template has the right keys, and fails validation until it is filled in', () => {
  const t = datasetTemplate(FIELDS, 2);
  const lines = t.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(Object.keys(lines[0]!), ['$id', 'ticket', 'ticket.subject', '$expected']);
  assert.equal(lines.length, 2);
  const d = parseDataset(t, FIELDS);
  assert.equal(d.problems.length, 2);
  assert.ok(d.problems.every((p) => /every field is empty/.test(p.message)));
  // Filled in, it is a dataset.
  const filled = t.replace(/"ticket":""/g, '"ticket":"refund please"');
  assert.deepEqual(parseDataset(filled, FIELDS).problems, []);
});

test('a dataset from past inputs keeps the fields in order and drops repeats', () => {
  const r = datasetFromInputs(FIELDS, [{ values: { 'ticket.subject': 's', ticket: 'a' } }, { values: { ticket: 'a', 'ticket.subject': 's' } }, { values: { ticket: 'b' }, id: 'x' }]);
  assert.equal(r.lines, 2);
  assert.equal(r.repeats, 1);
  assert.equal(r.text, '{"ticket":"a","ticket.subject":"s"}\n{"$id":"x","ticket":"b","ticket.subject":""}\n');
  assert.deepEqual(parseDataset(r.text, FIELDS).problems, []);
});
