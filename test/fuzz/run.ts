// The long fuzz run of the scanner (issue 12), done by hand, not part of `npm test`:
//
//   node --import tsx test/fuzz/run.ts --inputs 100000 --recall 30000 --out .cache/fuzz/after.json
//
// Robustness inputs are parsed in the parse pool with the per-file time budget the CLI uses (10 s unless
// --budget-ms), one file at a time, so the slowest file is known; the link runs here and is timed with it. Recall
// trials are scanned in place (their inputs are ordinary files with one syntax error). Prints a summary and writes
// it (with the slowest inputs and every throw) as JSON. Same seed, same inputs: before/after runs compare.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ParsePool, parseWorkerPath } from '../../src/core/scan/engine/pool';
import { initScanEngine, scanAllTexts } from '../../src/core/scan/engine/simple';
import { FuzzScanner, parseInPlace } from './harness';
import { keptCalls, loadCorpus, loadFuzzParsers, outcomeOf, planTrials, recallTrial, robustnessInput, type RecallKind } from './scanFuzz';

const REPO = join(__dirname, '..', '..');

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : dflt;
}

const seed = Number(arg('seed', '12'));
const inputs = Number(arg('inputs', '1000'));
const recall = Number(arg('recall', '1000'));
const scale = Number(arg('scale', '1'));
const budgetMs = Number(arg('budget-ms', '10000'));
const from = Number(arg('from', '0'));
const out = arg('out', '');
const label = arg('label', 'run');
/** Inputs slower than this are printed as they happen (0: none). */
const showSlowMs = Number(arg('show-slow', '0'));

function categorise(reason: string): string {
  return reason
    .replace(/line[s]? \d+(–\d+)?/g, 'line N')
    .replace(/\d[\d,.]*/g, 'N')
    .replace(/"[^"]*"|'[^']*'|`[^`]*`/g, 'S')
    .slice(0, 120);
}

async function main(): Promise<void> {
  const load = await initScanEngine();
  if (load) throw new Error(load);
  await loadFuzzParsers();
  const corpus = loadCorpus(REPO);
  const started = Date.now();
  const summary: Record<string, unknown> = { label, seed, scale, budgetMs, corpusProjects: corpus.length, node: process.version };

  // --- robustness ---------------------------------------------------------------------------------------------
  const where = parseWorkerPath();
  if (!where) throw new Error('no parse worker');
  const pool = new ParsePool(where, { size: 1, fileTimeoutMs: budgetMs });
  const scanner = new FuzzScanner((batch) => pool.parseAll(batch));
  // The first parse loads the worker's parsers: not part of any input's time.
  await pool.parse({ file: 'warm-up.ts', text: '', options: {} });
  const throws: { id: number; kind: string; file: string; error: string }[] = [];
  const slow: { id: number; kind: string; project: string; file: string; ms: number; parseMs: number | null; chars: number }[] = [];
  const reasons = new Map<string, number>();
  let overBudget = 0;
  let over1s = 0;
  let over6s = 0;
  let done = 0;
  for (let id = from; id < from + inputs; id++) {
    const input = robustnessInput(corpus, seed, id, scale);
    try {
      const r = await scanner.scan(input.files);
      const chars = input.files[input.file].length;
      if (showSlowMs && r.ms > showSlowMs) process.stderr.write(`slow ${id} ${input.kind} ${input.project}:${input.file} ${Math.round(r.ms)} ms (parse ${r.parseMs === null ? '-' : Math.round(r.parseMs)} ms, ${chars} chars) ${JSON.stringify(r.outcome.skipped.filter((x) => x.file === input.file).map((x) => x.reason.slice(0, 120)))}\n`);
      if (r.ms > 1000) over1s++;
      if (r.ms > 6000) over6s++;
      slow.push({ id, kind: input.kind, project: input.project, file: input.file, ms: Math.round(r.ms), parseMs: r.parseMs === null ? null : Math.round(r.parseMs), chars });
      slow.sort((a, b) => b.ms - a.ms);
      slow.length = Math.min(slow.length, 25);
      for (const s of r.outcome.skipped) {
        if (s.file !== input.file) continue;
        if (/per-file time budget/.test(s.reason)) overBudget++;
        const c = categorise(s.reason);
        reasons.set(c, (reasons.get(c) ?? 0) + 1);
      }
      // A worker stopped for its budget is replaced: start the new one before the next input is timed.
      if (r.outcome.skipped.some((s) => /per-file time budget|could not be read \(/.test(s.reason))) await pool.parse({ file: 'warm-up.ts', text: '', options: {} });
    } catch (e) {
      throws.push({ id, kind: input.kind, file: `${input.project}:${input.file}`, error: e instanceof Error ? (e.stack ?? e.message).slice(0, 800) : String(e) });
    }
    done++;
    if (done % 1000 === 0) process.stderr.write(`robustness ${done}/${inputs} in ${Math.round((Date.now() - started) / 1000)} s; throws ${throws.length}, over budget ${overBudget}, slowest ${slow[0]?.ms ?? 0} ms\n`);
  }
  await pool.close();
  summary.robustness = {
    inputs: done,
    throws: throws.length,
    overBudget,
    over1s,
    over6s,
    slowest: slow.slice(0, 10),
    skipReasons: Object.fromEntries([...reasons].sort((a, b) => b[1] - a[1]).slice(0, 40)),
    firstThrows: throws.slice(0, 20),
    seconds: Math.round((Date.now() - started) / 1000),
  };

  // --- recall -------------------------------------------------------------------------------------------------
  const t1 = Date.now();
  const scanSync = (files: Record<string, string>) => outcomeOf(scanAllTexts(files));
  const plans = planTrials(corpus, scanSync);
  const inPlace = new FuzzScanner(parseInPlace);
  const agg = new Map<string, { trials: number; expected: number; kept: number; lostAll: number }>();
  const add = (key: string, e: number, k: number) => {
    const a = agg.get(key) ?? { trials: 0, expected: 0, kept: 0, lostAll: 0 };
    a.trials++;
    a.expected += e;
    a.kept += k;
    if (e > 0 && k === 0) a.lostAll++;
    agg.set(key, a);
  };
  let usable = 0;
  let recallThrows = 0;
  for (let id = from; id < from + recall; id++) {
    const kinds: RecallKind[] = ['member', 'top', 'eof'];
    const trial = recallTrial(plans, seed, id, kinds);
    if (!trial) continue;
    usable++;
    try {
      const ref = await inPlace.scan(trial.reference);
      const broken = await inPlace.scan(trial.broken);
      const { expected, kept } = keptCalls(ref.outcome, broken.outcome);
      add(`${trial.lang}:${trial.kind}`, expected, kept);
      add(`${trial.lang}:all`, expected, kept);
    } catch {
      recallThrows++;
    }
    if (usable % 1000 === 0) process.stderr.write(`recall ${usable} trials in ${Math.round((Date.now() - t1) / 1000)} s\n`);
  }
  summary.recall = {
    draws: recall,
    trials: usable,
    throws: recallThrows,
    byKind: Object.fromEntries([...agg].sort().map(([k, v]) => [k, { ...v, keptPct: v.expected ? Math.round((1000 * v.kept) / v.expected) / 10 : null }])),
    seconds: Math.round((Date.now() - t1) / 1000),
  };
  const text = JSON.stringify(summary, null, 2);
  if (out) {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${text}\n`);
  }
  process.stdout.write(`${text}\n`);
  // The pool's workers are unref'd; nothing else keeps the process.
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
