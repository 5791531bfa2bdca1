// The import of measured traffic (issue #15): a generated OTLP export of ~100 MB (and ~10 MB, to show that memory does
// not grow with the file) read through `importOtlp`, with the time, the peak memory, and the matching precision and
// recall against the ground truth each span carries.
//   node --import tsx test/bench/import.bench.ts [--mb 100] [--keep]
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildPriceBook } from '../../src/core/cost/prices';
import { importOtlp } from '../../src/core/usage/import/index';
import { initScanEngine } from '../../src/core/scan/engine/simple';
import { makeWorkspace, Score, writeExport } from './otlp-synth';

const args = process.argv.slice(2);
const mbAt = args.indexOf('--mb');
const bigMb = mbAt >= 0 ? Number(args[mbAt + 1]) : 100;
const keep = args.includes('--keep');

async function run(file: string, sites: ReturnType<typeof makeWorkspace>['sites']): Promise<{ ms: number; peakRssMb: number; peakHeapMb: number; score: Score; spans: number; sitesMeasured: number }> {
  const book = buildPriceBook();
  const score = new Score();
  global.gc?.();
  let peakRss = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const sample = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 20);
  const t0 = performance.now();
  const r = await importOtlp(createReadStream(file, { highWaterMark: 64 * 1024 }), path.basename(file), sites, (m) => book.find(m)?.id ?? m, {
    onMatch(span, result) {
      const truth = span.attributes.get('test.truth');
      score.add(typeof truth === 'string' ? truth : '', String(span.attributes.get('test.kind')), result.id);
    },
  });
  const ms = performance.now() - t0;
  clearInterval(sample);
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
  return { ms, peakRssMb: peakRss / 2 ** 20, peakHeapMb: peakHeap / 2 ** 20, score, spans: r.modelSpans, sitesMeasured: r.sites.length };
}

async function main(): Promise<void> {
  await initScanEngine();
  const ws = makeWorkspace(42, 12, 4);
  console.log(`workspace: ${Object.keys(ws.files).length} files, ${ws.sites.length} call sites (2 share a system prompt)`);
  const dir = mkdtempSync(path.join(tmpdir(), 'tierwise-import-bench-'));
  try {
    const baseline = process.memoryUsage();
    console.log(`baseline after the scan: rss ${(baseline.rss / 2 ** 20).toFixed(0)} MB, heap ${(baseline.heapUsed / 2 ** 20).toFixed(0)} MB`);
    for (const mb of [Math.min(10, bigMb), bigMb]) {
      const file = path.join(dir, `export-${mb}mb.jsonl`);
      const tg = performance.now();
      const spans = await writeExport(file, ws.sites, mb * 1e6, 7);
      const size = statSync(file).size;
      console.log(`\nexport: ${(size / 1e6).toFixed(1)} MB, ${spans.toLocaleString('en-US')} spans (generated in ${((performance.now() - tg) / 1000).toFixed(1)} s)`);
      const r = await run(file, ws.sites);
      console.log(`import: ${(r.ms / 1000).toFixed(1)} s (${(size / 1e6 / (r.ms / 1000)).toFixed(1)} MB/s), ${r.spans.toLocaleString('en-US')} model spans, ${r.sitesMeasured} sites measured`);
      console.log(`memory: peak rss ${r.peakRssMb.toFixed(0)} MB (+${(r.peakRssMb - baseline.rss / 2 ** 20).toFixed(0)} MB over the baseline), peak heap ${r.peakHeapMb.toFixed(0)} MB`);
      console.log(`matching: precision ${(r.score.precision * 100).toFixed(2)}%, recall ${(r.score.recall * 100).toFixed(2)}% (${r.score.correct.toLocaleString('en-US')} correct of ${r.score.matched.toLocaleString('en-US')} matched; ${r.score.withTruth.toLocaleString('en-US')} spans belong to a call site)`);
      for (const [kind, k] of [...r.score.byKind].sort()) console.log(`  ${kind.padEnd(9)} ${k.spans.toString().padStart(7)} spans, ${k.matched.toString().padStart(7)} matched, ${k.correct.toString().padStart(7)} correct`);
      if (!keep) rmSync(file);
    }
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
    else console.log(`kept ${dir}`);
  }
}

void main();
