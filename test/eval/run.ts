// `npm run eval`: accuracy, per-type precision/recall, confusion matrix, tier agreement and the
// misses of task-type inference on the labeled cases. Exits non-zero below 90% on the full set.
// Flags: --holdout-misses also lists the misses of the held-out files (kept out of tuning);
//        --verbose prints the reasons of every miss.
import { haikuFigures, metrics, runEval, type Metrics, type Row } from './evaluate';

const TARGET = 0.9;
const SHORT: Record<string, string> = {
  classify_intent: 'classify',
  extract_entities: 'extract',
  summarize_short: 'summarize',
  synthesize_documents: 'synthesize',
  generate_code: 'gen_code',
  review_code: 'review',
  draft_long_form: 'draft',
  plan_agent_steps: 'plan',
  chat_general: 'chat',
  unknown: 'unknown',
  '(not scanned)': 'missing',
};
const short = (t: string): string => SHORT[t] ?? t;
const pct = (n: number): string => (Number.isNaN(n) ? '   – ' : `${(n * 100).toFixed(1).padStart(5)}%`);

function line(name: string, m: Metrics): string {
  const tier = m.tierTotal ? `${m.tierAgree}/${m.tierTotal} = ${pct(m.tierAgree / m.tierTotal).trim()}` : '–';
  return `${name.padEnd(22)} ${String(m.correct).padStart(3)}/${String(m.total).padEnd(3)} = ${pct(m.accuracy)}   (inference on scanned calls ${pct(m.inferenceAccuracy).trim()}, scanned ${m.found}/${m.total})   tier agreement ${tier}`;
}

function printConfusion(m: Metrics): void {
  const labels = Object.keys(m.confusion).filter((t) => Object.keys(m.confusion[t]).length > 0 || m.perType[t].fp > 0);
  const cols = [...labels, ...new Set(Object.values(m.confusion).flatMap((r) => Object.keys(r)).filter((t) => !labels.includes(t)))];
  console.log(`\nConfusion matrix (rows: human label, columns: inferred)`);
  console.log(`${''.padEnd(12)}${cols.map((c) => short(c).slice(0, 8).padStart(9)).join('')}`);
  for (const r of labels) {
    console.log(`${short(r).padEnd(12)}${cols.map((c) => String(m.confusion[r][c] ?? '.').padStart(9)).join('')}`);
  }
}

function printMisses(rows: readonly Row[], verbose: boolean): void {
  for (const r of rows) {
    const got = r.inference ? `${r.inference.taskType} (${r.inference.confidence.toFixed(2)})` : 'not found by the scanner';
    console.log(`  ${r.file}:${r.line}  expected ${r.expected}, got ${got}`);
    if (verbose && r.inference) for (const reason of r.inference.reasons) console.log(`      - ${reason}`);
  }
}

function calibration(rows: readonly Row[]): void {
  const buckets = [0, 0.5, 0.7, 0.85, 1.01];
  console.log('\nCalibration (inferred, non-certain calls): confidence bucket → accuracy');
  for (let i = 0; i < buckets.length - 1; i++) {
    const inB = rows.filter((r) => r.inference && r.inference.confidence < 1 && r.inference.confidence >= buckets[i] && r.inference.confidence < buckets[i + 1]);
    if (!inB.length) continue;
    const ok = inB.filter((r) => r.inference!.taskType === r.expected).length;
    console.log(`  [${buckets[i].toFixed(2)}, ${Math.min(1, buckets[i + 1]).toFixed(2)})  ${String(inB.length).padStart(3)} calls  accuracy ${pct(ok / inB.length)}`);
  }
}

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  const result = await runEval();
  const all = metrics(result.rows);
  const tune = metrics(result.rows.filter((r) => r.split === 'tune'));
  const holdout = metrics(result.rows.filter((r) => r.split === 'holdout'));
  const ts = metrics(result.rows.filter((r) => r.language === 'ts'));
  const py = metrics(result.rows.filter((r) => r.language === 'py'));

  console.log(`Task-type inference on ${result.rows.length} labeled call sites (scanner: ${result.scanner}${result.pythonScanned ? '' : ', Python scanner not registered: .py cases left out'})`);
  console.log(`scan ${result.elapsedMs.scan.toFixed(0)} ms, inference ${result.elapsedMs.infer.toFixed(1)} ms total (${(result.elapsedMs.infer / Math.max(1, all.found)).toFixed(3)} ms per call)\n`);
  console.log(line('full set', all));
  console.log(line('  tune (tuned on)', tune));
  console.log(line('  holdout (never tuned)', holdout));
  console.log(line('  TypeScript/JavaScript', ts));
  if (result.pythonScanned) console.log(line('  Python', py));

  console.log('\nPer type            precision  recall   (n)');
  for (const [t, p] of Object.entries(all.perType)) {
    const n = p.tp + p.fn;
    if (!n && !p.fp) continue;
    console.log(`  ${t.padEnd(22)} ${pct(p.precision)}  ${pct(p.recall)}   (${n})`);
  }
  printConfusion(all);
  calibration(result.rows);

  const misses = result.rows.filter((r) => r.inference?.taskType !== r.expected);
  const tuneMisses = misses.filter((r) => r.split === 'tune');
  const holdMisses = misses.filter((r) => r.split === 'holdout');
  console.log(`\nMisses on the tuning files (${tuneMisses.length}):`);
  printMisses(tuneMisses, args.has('--verbose'));
  if (args.has('--holdout-misses')) {
    console.log(`\nMisses on the held-out files (${holdMisses.length}):`);
    printMisses(holdMisses, args.has('--verbose'));
  } else {
    console.log(`\nMisses on the held-out files: ${holdMisses.length} (listed with --holdout-misses)`);
  }
  const tierMisses = result.rows.filter((r) => r.inference && r.expectedTier && r.inference.taskType === r.expected && r.inference.recommendedTier !== r.expectedTier && r.split === 'tune');
  if (tierMisses.length) {
    console.log(`\nTier disagreements on correctly typed tuning calls (${tierMisses.length}):`);
    for (const r of tierMisses) console.log(`  ${r.file}:${r.line}  ${r.expected}: expected ${r.expectedTier}, got ${r.inference!.recommendedTier}${r.inference!.upgradeReasons.length ? ` — ${r.inference!.upgradeReasons.join('; ')}` : ''}`);
  }
  if (result.unlabeled.length) {
    console.log(`\nScanned calls without a label (${result.unlabeled.length}):`);
    for (const c of result.unlabeled) console.log(`  ${c.file}:${c.callee.line}  ${c.sdk} ${c.api} in ${c.enclosingFunction}`);
  }

  const h = haikuFigures(result.rows);
  console.log(`\nHaiku-labelled jobs recommended Haiku: ${h.haikuKept}/${h.haikuLabelled}; Sonnet-labelled jobs recommended Haiku: ${h.sonnetToHaiku.length}/${h.sonnetLabelled}`);
  for (const r of h.sonnetToHaiku) console.log(`  ${r.file}:${r.line}  ${r.expected} (sonnet) recommended Haiku at ${r.inference!.confidence.toFixed(2)} as ${r.inference!.taskType}`);

  const ok = all.accuracy >= TARGET;
  console.log(`\n${ok ? 'PASS' : 'FAIL'}: accuracy ${pct(all.accuracy).trim()} on the full set (target ${TARGET * 100}%)`);
  if (!ok) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 2;
});
