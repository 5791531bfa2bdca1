import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parseUsageFile } from '../../src/core/usage/usageFile';
import { parseJsonWithPositions } from '../../src/core/usage/json';
import { unusedCallSiteEntries } from '../../src/core/usage/volume';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'usage', name), 'utf8');

test('a valid usage file loads as written', () => {
  const u = parseUsageFile(fixture('valid.tierwise.json'));
  assert.equal(u.valid, true, u.problems.map((p) => p.message).join('\n'));
  assert.equal(u.usage.callSites?.['src/support/triage.ts#classifyTicket']?.callsPerDay, 50000);
  assert.equal(u.usage.taskTypes?.classify_intent?.outputTokens, 5);
  assert.equal(u.usage.prices?.['claude-haiku-4-5']?.cacheWrite1h, 2);
});

test('DESIGN.md\'s example usage file is valid', () => {
  const example = `{ "defaults":  { "callsPerDay": 1000, "dynamicInputTokens": 500 },
  "taskTypes": { "classify_intent": { "outputTokens": 5 } },
  "callSites": { "src/support/triage.ts#classifyTicket": { "callsPerDay": 50000, "inputTokens": 900,
                                                           "outputTokens": 5, "taskType": "classify_intent" } },
  "prices":    { "some-model": { "input": 1, "output": 5, "cacheRead": 0.1, "cacheWrite5m": 1.25, "cacheWrite1h": 2 } } }`;
  assert.deepEqual(parseUsageFile(example).problems, []);
});

test('a JSON syntax error names its line and column, and the file is ignored', () => {
  const u = parseUsageFile(fixture('syntax-error.tierwise.json'));
  assert.equal(u.valid, false);
  assert.deepEqual(u.usage, {});
  assert.equal(u.problems.length, 1);
  assert.deepEqual([u.problems[0].line, u.problems[0].column], [5, 5]);
  assert.equal(u.problems[0].message, '.tierwise.json:5:5: invalid JSON: expected "," or "}" but found a string (missing comma?). The file is ignored; defaults apply.');
});

test('schema errors name the line and column of the offending key or value', () => {
  const u = parseUsageFile(fixture('schema-errors.tierwise.json'), 'repo/.tierwise.json');
  assert.equal(u.valid, false);
  assert.deepEqual(u.usage, {});
  const got = u.problems.map((p) => `${p.line}:${p.column} ${p.message.replace(/^repo\/\.tierwise\.json:\d+:\d+: /, '')}`);
  assert.deepEqual(got, [
    '2:17 defaults.callsPerDay must be a number.',
    '4:5 "src/a.ts" is not a call-site id (expected "path#enclosingFunction", as in tierwise scan --format json).',
    '5:21 unknown property "calls" in callSites["src/b.ts#g"] (allowed: callsPerDay, inputTokens, outputTokens, taskType, taskTypeSource, job, questions, upgradeSignals, note, speed, inferenceGeo, turns, addedTokensPerTurn, measured).',
    '5:34 callSites["src/b.ts#g"].outputTokens must be ≥ 0.',
    '7:51 prices["claude-haiku-5-5"].tokenizer must be one of "claude-legacy", "claude-2026", "openai". The file is ignored; defaults apply.',
  ]);
});

test('other malformed inputs never throw', () => {
  for (const text of ['', '   ', '[]', 'null', '{"a":', '{"defaults": {"callsPerDay": 1e999}}', '\ufeff{}', '{"x": "\\u12"}', '// c\n{}', '{"a":1,}']) {
    const u = parseUsageFile(text);
    assert.ok(u.problems.every((p) => p.line >= 1 && p.column >= 1), text);
  }
  assert.equal(parseUsageFile('\ufeff{}').valid, true, 'a byte-order mark is fine');
  assert.match(parseUsageFile('{"defaults": {"callsPerDay": 1e999}}').problems[0].message, /:1:30: invalid JSON: number 1e999 is out of range/);
  assert.match(parseUsageFile('// c\n{}').problems[0].message, /comments are not allowed/);
});

test('the position parser agrees with JSON.parse on values', () => {
  const text = fixture('valid.tierwise.json');
  const p = parseJsonWithPositions(text);
  assert.deepEqual(p.value, JSON.parse(text));
  assert.deepEqual(p.keys.get('/callSites/src~1support~1triage.ts#classifyTicket'), { line: 9, column: 5, offset: text.indexOf('"src/support/triage.ts') });
  assert.deepEqual(p.values.get('/defaults/callsPerDay'), { line: 3, column: 32, offset: text.indexOf('2000') });
});

test('call-site entries that match no call site are warnings at their key', () => {
  const u = parseUsageFile(fixture('valid.tierwise.json'));
  const w = unusedCallSiteEntries(u, ['src/support/triage.ts#classifyTicket']);
  assert.equal(w.length, 1);
  assert.equal(w[0].severity, 'warning');
  assert.deepEqual([w[0].line, w[0].column], [10, 5]);
  assert.match(w[0].message, /src\/support\/ghost\.ts#gone/);
});

test('the schema itself compiles in strict mode', () => {
  const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'schemas', 'tierwise.schema.json'), 'utf8'));
  assert.doesNotThrow(() => new Ajv({ strict: true, allowUnionTypes: true }).compile(schema));
});
