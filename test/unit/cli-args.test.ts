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
    haikuModel: 'claude-haiku-4-5', sonnetModel: undefined, exclude: [], pricesFile: undefined, includeTests: false,
  });
  assert.equal((parseCommandLine(['scan', '--prices', 'team.json']) as { pricesFile?: string }).pricesFile, 'team.json');
});

test('prices takes a folder, --format table|json, --usage and --prices', () => {
  assert.deepEqual(parseCommandLine(['prices']), { command: 'prices', folder: '.', format: 'table', usageFile: undefined, pricesFile: undefined });
  assert.deepEqual(parseCommandLine(['prices', 'app', '--format', 'json', '--prices', 'p.json', '--usage', 'u.json']), {
    command: 'prices', folder: 'app', format: 'json', usageFile: 'u.json', pricesFile: 'p.json',
  });
  assert.throws(() => parseCommandLine(['prices', '--format', 'markdown']), /table or json/);
  assert.throws(() => parseCommandLine(['prices', 'a', 'b']), /at most one folder/);
  assert.throws(() => parseCommandLine(['prices', '--haiku', 'x']), /does not take --haiku/);
});

test('bad arguments are usage errors', () => {
  assert.throws(() => parseCommandLine(['scan', '--format', 'xml']), UsageError);
  assert.throws(() => parseCommandLine(['scan', '--calls-per-day', 'many']), UsageError);
  assert.throws(() => parseCommandLine(['scan', '--nope']), UsageError);
  assert.throws(() => parseCommandLine(['deploy']), UsageError);
});
