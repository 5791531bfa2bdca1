// Scan benchmark: the workspace scan against `rg -l` over the same tree, in the same run.
//   node --import tsx test/bench/scan.bench.ts [path] [--runs N] [--files N]
// Without a path it generates (once, deterministically) a 20,000-file tree under .cache/bench with about 1%
// of files making LLM calls. The scan runs as a bundled script in a fresh Node process (what the CLI does);
// ripgrep searches the same files for the same fast pre-filter the scanner uses. Target: ≤ 2× rg, ≤ ~100 MB.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { availableParallelism, loadavg } from 'node:os';
import { build } from 'esbuild';
import { generateTree } from './scan-tree';
import { mayMatterPattern } from '../../src/core/scan/catalogue';
const MAY_MATTER = mayMatterPattern('ts');

const ROOT = path.join(__dirname, '..', '..');
const CACHE = path.join(ROOT, '.cache', 'bench');
const args = process.argv.slice(2);
const flag = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const RUNS = flag('--runs', 3);
const WORKERS = flag('--workers', 0);
const FILES = flag('--files', 20_000);
const target = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));

// The scanner's own pre-filter, in ripgrep syntax (same alternatives as MAY_MATTER, without lookaround).
const RG_PATTERN = MAY_MATTER.source.replace(/\(\?:/g, '(').replace(/\\\//g, '/'); // rg knows no `\/`
const RG_GLOB = '*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function rgAvailable(): string | null {
  const r = spawnSync('rg', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\n')[0] : null;
}

function timeRg(dir: string): { ms: number; files: number } {
  const started = performance.now();
  const r = spawnSync('rg', ['-l', '--no-require-git', '-g', RG_GLOB, '-e', RG_PATTERN, dir], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - started;
  if (r.status !== 0 && r.status !== 1) throw new Error(`rg failed: ${r.stderr}`);
  return { ms, files: r.stdout.split('\n').filter(Boolean).length };
}

interface ChildResult {
  ms: number;
  wallMs: number;
  calls: number;
  sdks: Record<string, number>;
  filesListed: number;
  filesRead: number;
  filesParsed: number;
  skipped: number;
  maxRssMB: number;
}

function timeScan(bundle: string, dir: string): ChildResult {
  const started = performance.now();
  const out = execFileSync(process.execPath, [bundle, dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, TIERWISE_READ_WORKERS: String(WORKERS) } });
  const wallMs = performance.now() - started;
  return { ...(JSON.parse(out) as Omit<ChildResult, 'wallMs'>), wallMs };
}

async function main(): Promise<void> {
  mkdirSync(CACHE, { recursive: true });
  let dir: string;
  if (target) {
    dir = path.resolve(target);
    if (!existsSync(dir)) throw new Error(`no such path: ${dir}`);
    console.log(`scan bench: ${dir}`);
  } else {
    const t = performance.now();
    const info = generateTree(path.join(CACHE, `tree-${FILES}`), FILES);
    dir = info.root;
    console.log(`scan bench: generated tree ${path.relative(ROOT, dir)} — ${info.files} files, ${info.llmFiles} with LLM calls (${info.wrapperCallers} only call a wrapper), ${info.expectedCallSites} call sites expected (${((performance.now() - t) / 1000).toFixed(1)} s to prepare)`);
  }
  const bundle = path.join(CACHE, 'scan-child.js');
  await build({ entryPoints: [path.join(__dirname, 'scan-child.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node18', outfile: bundle, logLevel: 'warning', minify: true });

  const rg = rgAvailable();
  if (!rg) console.log('!! ripgrep (rg) is not installed: the ratio to rg cannot be measured. Install it (Debian: apt-get install -y ripgrep).');
  // Warm the page cache for both, then alternate measured runs.
  timeScan(bundle, dir);
  if (rg) timeRg(dir);
  const scans: ChildResult[] = [];
  const rgs: { ms: number; files: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    scans.push(timeScan(bundle, dir));
    if (rg) rgs.push(timeRg(dir));
  }
  const last = scans[scans.length - 1];
  const scanMs = median(scans.map((s) => s.ms));
  const wallMs = median(scans.map((s) => s.wallMs));
  const load = loadavg()[0];
  const cpus = availableParallelism();
  if (load > cpus) console.log(`  !! load average ${load.toFixed(1)} on ${cpus} CPUs: other work competes for the CPU, times are noisy (best runs below too)`);
  const rss = Math.max(...scans.map((s) => s.maxRssMB));
  console.log(`  files listed ${last.filesListed}, read ${last.filesRead}, parsed ${last.filesParsed}, skipped ${last.skipped}; call sites ${last.calls} ${JSON.stringify(last.sdks)}`);
  console.log(`  tierwise scan${WORKERS ? ` (${WORKERS} read workers)` : ''}: ${scanMs.toFixed(0)} ms in process, ${wallMs.toFixed(0)} ms for the whole process (median of ${RUNS}); ${Math.round(last.filesListed / (wallMs / 1000))} files/s; peak RSS ${rss.toFixed(0)} MB`);
  if (rg) {
    const rgMs = median(rgs.map((r) => r.ms));
    console.log(`  ${rg}: ${rgMs.toFixed(0)} ms for rg -l (${rgs[0].files} files match the pre-filter)`);
    console.log(`  ratio to rg: ${(wallMs / rgMs).toFixed(2)}× whole process, ${(scanMs / rgMs).toFixed(2)}× scan only (target ≤ 2×)`);
    const bestScan = Math.min(...scans.map((s) => s.wallMs));
    const bestRg = Math.min(...rgs.map((r) => r.ms));
    console.log(`  best runs: tierwise ${bestScan.toFixed(0)} ms, rg ${bestRg.toFixed(0)} ms → ${(bestScan / bestRg).toFixed(2)}×`);
  }
  console.log(`  memory: peak RSS ${rss.toFixed(0)} MB (target ≤ ~100 MB)`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
