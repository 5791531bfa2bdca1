import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAnnotation } from '../../src/core/usage/annotations';
import { callSiteIds } from '../../src/core/scan/ids';
import type { ScannedCall } from '../../src/core/types';

test('annotation units: /day, /hour, /month, k and m suffixes', () => {
  assert.equal(parseAnnotation('// tierwise: calls=50000/day', 3).annotation?.callsPerDay, 50000);
  assert.equal(parseAnnotation('// tierwise: calls=50k/day', 3).annotation?.callsPerDay, 50000);
  assert.equal(parseAnnotation('# tierwise: calls=2k/hour', 3).annotation?.callsPerDay, 48000);
  assert.equal(parseAnnotation('// tierwise: calls=3m/month', 3).annotation?.callsPerDay, 100000);
});

test('annotation with task type', () => {
  const a = parseAnnotation('# tierwise: calls=2000/day task=extract_entities', 7).annotation;
  assert.deepEqual({ calls: a?.callsPerDay, task: a?.taskType, line: a?.line }, { calls: 2000, task: 'extract_entities', line: 7 });
});

test('a comment without tierwise: is no annotation; a garbled one reports an error', () => {
  assert.equal(parseAnnotation('// calls=5/day', 1).annotation, null);
  const bad = parseAnnotation('// tierwise: calls=lots/day', 4);
  assert.equal(bad.annotation, null);
  assert.match(bad.errors[0], /line 4/);
});

test('ids number further calls in one function and ignore calls in other functions', () => {
  const call = (fn: string, start: number) => ({ file: 'src/a.ts', enclosingFunction: fn, span: { start, end: start + 1 } }) as ScannedCall;
  assert.deepEqual(callSiteIds([call('b', 50), call('a', 10), call('b', 90)]), ['src/a.ts#b', 'src/a.ts#a', 'src/a.ts#b#2']);
});
