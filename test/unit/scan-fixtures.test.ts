import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, fixtureNames, scanFixture, summarize, type Expected } from './scan-fixture-util';

const names = fixtureNames();

test('there are at least 50 TS/JS scanner fixtures', () => {
  assert.ok(names.length >= 50, `only ${names.length} fixtures`);
});

for (const name of names) {
  test(`fixture ${name}`, () => {
    const expected = JSON.parse(readFileSync(join(FIXTURES, name, 'expected.json'), 'utf8')) as Expected;
    const { calls, ids, skipped } = scanFixture(name);
    const actual = calls.map((c, i) => summarize(c, ids[i]));
    assert.deepEqual(
      actual.map((c) => c.id),
      expected.calls.map((c) => c.id),
      'call sites found',
    );
    expected.calls.forEach((exp, i) => {
      const got = actual[i];
      const { prompt, signals, ...rest } = exp;
      for (const [key, value] of Object.entries(rest)) assert.deepEqual((got as unknown as Record<string, unknown>)[key], value, `${exp.id}: ${key}`);
      for (const excerpt of prompt) assert.ok(got.prompt.some((p) => p.includes(excerpt)), `${exp.id}: prompt has "${excerpt}" (got ${JSON.stringify(got.prompt)})`);
      for (const kind of signals) assert.ok(got.signals.includes(kind), `${exp.id}: signal ${kind} (got ${got.signals.join(', ')})`);
    });
    for (const [file, reason] of Object.entries(expected.skipped ?? {})) {
      assert.ok(skipped.some((s) => s.file === file && s.reason.includes(reason)), `${file} skipped with "${reason}"`);
    }
  });
}
