// Guards the measured accuracy of task-type inference on the labeled evaluation set (test/eval):
// the real scanner over the case files, then inference, against the human labels.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { metrics, runEval } from '../eval/evaluate';

describe('task-type inference on the labeled evaluation set', () => {
  it('agrees with the human labels on at least 90% of the call sites', async () => {
    const result = await runEval();
    const m = metrics(result.rows);
    assert.ok(m.total >= 150, `only ${m.total} labeled call sites`);
    const misses = result.rows
      .filter((r) => r.inference?.taskType !== r.expected)
      .map((r) => `${r.file}:${r.line} expected ${r.expected}, got ${r.inference?.taskType ?? 'not scanned'}`);
    assert.ok(m.accuracy >= 0.9, `accuracy ${(m.accuracy * 100).toFixed(1)}%; misses:\n${misses.join('\n')}`);
  });

  it('recommends the labeled tier for at least 90% of the correctly typed call sites', async () => {
    const result = await runEval();
    const typed = result.rows.filter((r) => r.inference?.taskType === r.expected && r.expectedTier);
    const agree = typed.filter((r) => r.inference!.recommendedTier === r.expectedTier).length;
    assert.ok(agree / typed.length >= 0.9, `${agree}/${typed.length}`);
  });
});
