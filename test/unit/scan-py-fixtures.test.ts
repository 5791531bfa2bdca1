// Every folder under test/fixtures/scan-py is one shape or near miss: its .py files and the expected.json of
// the call sites found there. Regenerate after a deliberate change with UPDATE_SCAN_PY=1 (then review the diff).
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { FIXTURES, scanPyDir, summarize } from './scan-py-helpers';

const dirs = readdirSync(FIXTURES).filter((d) => statSync(path.join(FIXTURES, d)).isDirectory()).sort();

test('there is a fixture for every Python shape and near miss', () => {
  for (const required of [
    'anthropic-clients', 'streaming', 'beta-and-batches', 'openai-shapes', 'litellm-calls', 'langchain', 'instructor-client',
    'self-client', 'param-clients', 'model-constants', 'env-defaults', 'registry', 'registry-handwritten', 'wrapper-call-ai',
    'wrapper-ask', 'prompts', 'signals', 'annotations', 'enclosing', 'near-misses', 'robustness',
  ]) {
    assert.ok(dirs.includes(required), `missing fixture ${required}`);
  }
});

for (const dir of dirs) {
  test(`scan-py fixture ${dir}`, async () => {
    const root = path.join(FIXTURES, dir);
    const { calls, ids, skipped } = await scanPyDir(root);
    const actual = {
      callSites: calls.map((c, i) => ({ file: c.file, ...summarize(c, ids[i]) })),
      skipped,
    };
    const expectedFile = path.join(root, 'expected.json');
    if (process.env.UPDATE_SCAN_PY || !existsSync(expectedFile)) {
      writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
      if (!process.env.UPDATE_SCAN_PY) assert.fail(`wrote ${dir}/expected.json: review it and run again`);
    }
    const expected = JSON.parse(readFileSync(expectedFile, 'utf8'));
    assert.deepStrictEqual(actual, expected);
  });
}
