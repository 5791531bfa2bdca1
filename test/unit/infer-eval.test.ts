// Guards the measured accuracy of task-type inference on the labeled evaluation set (test/eval):
// the real scanner over the case files, then inference, against the human labels.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { haikuFigures, metrics, runEval, type EvalResult } from '../eval/evaluate';

describe('task-type inference on the labeled evaluation set', () => {
  let result: EvalResult;
  before(async () => {
    result = await runEval();
  });

  it('agrees with the human labels on at least 90% of the call sites', () => {
    const m = metrics(result.rows);
    assert.ok(m.total >= 150, `only ${m.total} labeled call sites`);
    const misses = result.rows
      .filter((r) => r.inference?.taskType !== r.expected)
      .map((r) => `${r.file}:${r.line} expected ${r.expected}, got ${r.inference?.taskType ?? 'not scanned'}`);
    assert.ok(m.accuracy >= 0.9, `accuracy ${(m.accuracy * 100).toFixed(1)}%; misses:\n${misses.join('\n')}`);
  });

  it('recommends the labeled tier for at least 90% of the correctly typed call sites', () => {
    const typed = result.rows.filter((r) => r.inference?.taskType === r.expected && r.expectedTier);
    const agree = typed.filter((r) => r.inference!.recommendedTier === r.expectedTier).length;
    assert.ok(typed.length > 0 && agree / typed.length >= 0.9, `${agree}/${typed.length}`);
  });

  it('never recommends Haiku for a job labelled Sonnet, and keeps at least half of the Haiku-labelled jobs on Haiku', () => {
    const h = haikuFigures(result.rows);
    assert.deepEqual(h.sonnetToHaiku.map((r) => `${r.file}:${r.line}`), []);
    assert.ok(h.haikuKept * 2 >= h.haikuLabelled, `${h.haikuKept}/${h.haikuLabelled}`);
  });

  it('says unknown with low confidence, never a confident guess, where the labels say unknown', () => {
    const unknown = result.rows.filter((r) => r.expected === 'unknown' && r.inference);
    assert.ok(unknown.length >= 12);
    for (const r of unknown) assert.ok(r.inference!.taskType !== 'unknown' || r.inference!.confidence <= 0.3, `${r.file}:${r.line}`);
  });
});
