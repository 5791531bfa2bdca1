import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCommandLine, UsageError } from '../../src/cli/args';

test('scan defaults to the current folder and the table format', () => {
  const c = parseCommandLine(['scan']);
  assert.equal(c.command, 'scan');
  if (c.command === 'scan') assert.deepEqual([c.paths, c.format, c.callsPerDay], [['.'], 'table', undefined]);
});

test('scan takes paths, format, usage file, volume and tier models', () => {
  const c = parseCommandLine(['scan', 'a', 'b', '--format', 'json', '--usage', 'u.json', '--calls-per-day', '250', '--haiku', 'claude-haiku-4-5']);
  assert.deepEqual(c, {
    command: 'scan', paths: ['a', 'b'], format: 'json', usageFile: 'u.json', callsPerDay: 250,
    haikuModel: 'claude-haiku-4-5', sonnetModel: undefined, exclude: [], includeTests: false,
  });
});

test('bad arguments are usage errors', () => {
  assert.throws(() => parseCommandLine(['scan', '--format', 'xml']), UsageError);
  assert.throws(() => parseCommandLine(['scan', '--calls-per-day', 'many']), UsageError);
  assert.throws(() => parseCommandLine(['scan', '--nope']), UsageError);
  assert.throws(() => parseCommandLine(['deploy']), UsageError);
});
