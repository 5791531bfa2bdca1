// The bounded fuzz of the scanner (issue 12): a fixed seed, a few thousand inputs mutated from the fixtures and the
// evaluation cases (test/fuzz/scanFuzz.ts), scanned in place. Nothing may throw out of the scanner, no input may
// take longer than the per-file time budget, and a syntax error planted in one statement or member must not cost the
// calls of the rest of the file (≥ 95% kept in both languages). The long run (≥ 100,000 inputs, the parse worker,
// full sizes) is test/fuzz/run.ts; its figures are in test/fuzz/README.md.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { initScanEngine, scanAllTexts } from '../../src/core/scan/engine/simple';
import { FuzzScanner, parseInPlace } from '../fuzz/harness';
import { keptCalls, loadCorpus, loadFuzzParsers, outcomeOf, planTrials, recallTrial, robustnessInput, type FuzzProject } from '../fuzz/scanFuzz';

const SEED = 20261212;
const INPUTS = 1500;
const RECALL_DRAWS = 1000;
/** The per-file time budget of the CLI and the editor (`--file-timeout`, `tierwise.scan.fileTimeoutSeconds`). */
const BUDGET_MS = 10_000;
/** Sizes of the large constructs, as a share of those that broke passes (1,000 `+` terms, 3,000 levels …). */
const SCALE = 0.05;

let corpus: FuzzProject[];
before(async () => {
  assert.equal(await initScanEngine(), null);
  await loadFuzzParsers();
  corpus = loadCorpus(join(__dirname, '..', '..'));
  assert.ok(corpus.length > 100, `${corpus.length} projects`);
});

describe('scanner fuzz (fixed seed)', () => {
  it(`${INPUTS} mutated projects: nothing throws, no input over the ${BUDGET_MS / 1000} s budget, every skip has a reason`, async (t) => {
    const scanner = new FuzzScanner(parseInPlace);
    const over: string[] = [];
    let slowest = 0;
    let skippedMutated = 0;
    for (let id = 0; id < INPUTS; id++) {
      const input = robustnessInput(corpus, SEED, id, SCALE);
      let r;
      try {
        r = await scanner.scan(input.files);
      } catch (e) {
        assert.fail(`input ${id} (${input.kind} of ${input.project}:${input.file}) threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      }
      slowest = Math.max(slowest, r.ms);
      if (r.ms > BUDGET_MS) over.push(`${id} ${input.kind} ${input.project}:${input.file} ${Math.round(r.ms)} ms`);
      for (const s of r.outcome.skipped) {
        assert.ok(s.reason.trim().length > 5, `input ${id}: ${s.file} skipped without a reason`);
        if (s.file === input.file) skippedMutated++;
      }
    }
    t.diagnostic(`${INPUTS} inputs, slowest ${Math.round(slowest)} ms, ${skippedMutated} mutated files with a note`);
    assert.deepEqual(over, [], 'inputs over the time budget');
    // The mutations break most files somewhere; the count shows the test reached the recovery paths.
    assert.ok(skippedMutated > INPUTS / 10, `${skippedMutated} mutated files with a note`);
    assert.ok(slowest > 0);
  });

  it('a syntax error in one statement or member keeps ≥ 95% of the calls elsewhere in the file, in both languages', async (tc) => {
    const plans = planTrials(corpus, (files) => outcomeOf(scanAllTexts(files)));
    const scanner = new FuzzScanner(parseInPlace);
    const total = { ts: { expected: 0, kept: 0, trials: 0 }, py: { expected: 0, kept: 0, trials: 0 } };
    for (let id = 0; id < RECALL_DRAWS; id++) {
      const trial = recallTrial(plans, SEED, id);
      if (!trial) continue;
      const ref = await scanner.scan(trial.reference);
      const broken = await scanner.scan(trial.broken);
      const k = keptCalls(ref.outcome, broken.outcome);
      const t = total[trial.lang];
      t.expected += k.expected;
      t.kept += k.kept;
      t.trials++;
      // A broken file that is read (it has calls) says it was broken.
      if (ref.outcome.calls.some((c) => c.startsWith(`${trial.file}:`))) assert.ok(broken.outcome.skipped.some((s) => s.file === trial.file && /syntax error|not read/.test(s.reason)), `trial ${id}: ${trial.file} (${trial.kind}, ${trial.mutation}) has no note`);
    }
    for (const lang of ['ts', 'py'] as const) {
      const t = total[lang];
      assert.ok(t.trials > 100 && t.expected > 200, `${lang}: ${t.trials} trials, ${t.expected} calls`);
      const pct = (100 * t.kept) / t.expected;
      tc.diagnostic(`${lang}: ${t.kept} of ${t.expected} calls kept (${pct.toFixed(1)}%) in ${t.trials} trials`);
      assert.ok(pct >= 95, `${lang}: ${t.kept} of ${t.expected} calls kept (${pct.toFixed(1)}%) in ${t.trials} trials`);
    }
  });
});
