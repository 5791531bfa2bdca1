// The Python fixtures (test/fixtures/scan-py) on the new scan engine: front-end, cross-file evaluator and linker.
import { strict as assert } from 'node:assert';
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { FIXTURES } from './scan-py-helpers';
import { engineDifferences } from './scan-py-engine-util';

/** Known gaps, each with its reason (the test then reports them as todo instead of hiding them). */
const KNOWN: Record<string, string> = {
  langchain: 'bind_tools does not bind its tools yet (the TS fixture langchain-bind-tools pins tools: [] and a structured-output signal for bindTools)',
};

for (const dir of readdirSync(FIXTURES).filter((d) => statSync(path.join(FIXTURES, d)).isDirectory()).sort()) {
  test(`scan-py fixture ${dir} on the new engine`, { todo: KNOWN[dir] }, async () => {
    assert.deepEqual(await engineDifferences(path.join(FIXTURES, dir)), []);
  });
}
