// Monorepo scan benchmark: `tierwise scan` of a generated 3,000-file monorepo with a realistic LLM layer
// (monorepo-tree.ts: helpers several files deep, a provider interface with OpenAI, Anthropic and Ollama
// implementations picked from config, factories, a client class kept on `this` and as a module singleton, 150 jobs,
// near misses), by the current CLI and by the baseline CLI built from the commit the stage started from, in one run.
//   node --import tsx test/bench/monorepo.bench.ts [--runs 3] [--files 3000] [--baseline 8a50985]
//   npm run bench -- --only monorepo
// PASS when the current CLI finds every generated job (recall 100%), its wall time (median) is ≤ 1.5× the baseline's
// and its peak RSS (median) ≤ 1.5× the baseline's. Exit code 1 on FAIL.
//
// Both CLIs run as users run them (`node dist/cli.js scan --format json` in the tree), in fresh processes, one warm-up
// each and then alternating measured runs. Peak RSS is the process's own getrusage maximum (worker threads included),
// written by a preloaded hook at exit. The baseline is built once from `git archive <commit>` with this checkout's
// node_modules and its own `node esbuild.mjs --cli-only`, and kept in .cache/bench/baseline-<sha>/.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { buildMonorepo, writeMonorepo, type JobSite } from './monorepo-tree';

const ROOT = path.join(__dirname, '..', '..');
const CACHE = path.join(ROOT, '.cache', 'bench');
const args = process.argv.slice(2);
const option = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : dflt;
};
const RUNS = Math.max(1, Number(option('--runs', '3')));
const FILES = Math.max(500, Number(option('--files', '3000')));
const BASELINE = option('--baseline', '8a50985');
const MAX_RATIO = 1.5;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const pct = (n: number, d: number): string => (d ? `${((100 * n) / d).toFixed(1)}%` : '—');

// ─── the tree ───────────────────────────────────────────────────────────────────────────────────────────────────────

interface Tree {
  dir: string;
  jobs: JobSite[];
  sourceFiles: number;
  testFiles: number;
  nearMisses: number;
}

/** The generated tree, reused while the generator's code and options are unchanged. */
function prepareTree(): Tree {
  const t = performance.now();
  const key = createHash('sha1')
    .update(readFileSync(path.join(__dirname, 'monorepo-tree.ts')))
    .update(readFileSync(path.join(__dirname, 'scan-tree.ts')))
    .update(String(FILES))
    .digest('hex')
    .slice(0, 12);
  const base = path.join(CACHE, 'monorepo');
  const dir = path.join(base, `tree-${FILES}-${key}`);
  const truthFile = `${dir}.json`;
  let reused = true;
  if (!existsSync(truthFile) || !existsSync(dir)) {
    reused = false;
    mkdirSync(base, { recursive: true });
    for (const old of readdirSync(base)) if (old.startsWith('tree-')) rmSync(path.join(base, old), { recursive: true, force: true });
    const repo = buildMonorepo({ sourceFiles: FILES });
    const tmp = `${dir}.tmp-${process.pid}`;
    writeMonorepo(tmp, repo);
    renameSync(tmp, dir);
    const truth: Omit<Tree, 'dir'> = { jobs: repo.jobs, sourceFiles: repo.sourceFiles, testFiles: repo.testFiles, nearMisses: repo.nearMisses.length };
    writeFileSync(`${truthFile}.tmp`, JSON.stringify(truth));
    renameSync(`${truthFile}.tmp`, truthFile);
  }
  const truth = JSON.parse(readFileSync(truthFile, 'utf8')) as Omit<Tree, 'dir'>;
  const ts = truth.jobs.filter((j) => j.language === 'typescript').length;
  console.log(
    `monorepo bench: ${path.relative(ROOT, dir)} — ${truth.sourceFiles} source files (${truth.testFiles} tests), ${truth.jobs.length} LLM jobs (${ts} TypeScript, ${truth.jobs.length - ts} Python), ${truth.nearMisses} near-miss files (${reused ? 'reused' : `generated in ${seconds(performance.now() - t)}`})`,
  );
  return { dir, ...truth };
}

// ─── the two CLIs ───────────────────────────────────────────────────────────────────────────────────────────────────

function buildCurrent(): string {
  const t = performance.now();
  const r = spawnSync(process.execPath, ['esbuild.mjs', '--cli-only'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`building the current CLI failed:\n${r.stdout}${r.stderr}`);
  console.log(`  current CLI built (node esbuild.mjs --cli-only, ${seconds(performance.now() - t)})`);
  return path.join(ROOT, 'dist', 'cli.js');
}

/** The baseline CLI: built once per commit from `git archive` with this checkout's node_modules, then reused. */
function buildBaseline(rev: string): { cli: string; sha: string } {
  const git = spawnSync('git', ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { cwd: ROOT, encoding: 'utf8' });
  const sha = git.stdout.trim();
  if (git.status !== 0 || !sha) {
    throw new Error(`the baseline commit ${rev} is not in this clone (a shallow clone? \`git fetch --unshallow\`, or pass --baseline <commit>)`);
  }
  const dir = path.join(CACHE, `baseline-${sha}`);
  const cli = path.join(dir, 'dist', 'cli.js');
  const modules = realpathSync(path.join(ROOT, 'node_modules'));
  if (existsSync(path.join(dir, '.built')) && existsSync(cli)) {
    // The cached copy's node_modules link may point at a checkout that moved: point it at ours.
    const link = path.join(dir, 'node_modules');
    if (!existsSync(link)) {
      rmSync(link, { force: true });
      symlinkSync(modules, link, 'dir');
    }
    console.log(`  baseline CLI ${sha.slice(0, 7)} reused (${path.relative(ROOT, dir)})`);
    return { cli, sha };
  }
  const t = performance.now();
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    const tar = execFileSync('git', ['archive', '--format=tar', sha], { cwd: ROOT, maxBuffer: 1024 * 1024 * 1024 });
    execFileSync('tar', ['-x', '-C', tmp], { input: tar });
    symlinkSync(modules, path.join(tmp, 'node_modules'), 'dir');
    const r = spawnSync(process.execPath, ['esbuild.mjs', '--cli-only'], { cwd: tmp, encoding: 'utf8' });
    if (r.status !== 0 || !existsSync(path.join(tmp, 'dist', 'cli.js'))) throw new Error(`building the baseline CLI (${sha.slice(0, 7)}) failed:\n${r.stdout}${r.stderr}`);
    writeFileSync(path.join(tmp, '.built'), `${sha}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  console.log(`  baseline CLI ${sha.slice(0, 7)} built from git archive (${seconds(performance.now() - t)}), kept in ${path.relative(ROOT, dir)}`);
  return { cli, sha };
}

// ─── measuring ──────────────────────────────────────────────────────────────────────────────────────────────────────

interface Run {
  wallMs: number;
  maxRssMB: number;
  ids: string[];
  /** The CLI's own summary under TIERWISE_DEBUG (files parsed, rounds, parse and link time), when it prints one. */
  debug: string | null;
}

/** Preloaded into each measured process: writes its peak RSS (getrusage, all threads) when it exits. */
function rssHook(): string {
  const file = path.join(CACHE, 'peak-rss.cjs');
  const code = `// Written by test/bench/monorepo.bench.ts.\nconst out = process.env.TIERWISE_BENCH_RSS_FILE;\nif (out) process.on("exit", () => require("fs").writeFileSync(out, String(process.resourceUsage().maxRSS)));\n`;
  if (!existsSync(file) || readFileSync(file, 'utf8') !== code) writeFileSync(file, code);
  return file;
}

function scan(cli: string, tree: string, hook: string, debug = false): Run {
  const rssFile = path.join(CACHE, `peak-rss-${process.pid}.txt`);
  rmSync(rssFile, { force: true });
  const env: NodeJS.ProcessEnv = { ...process.env, TIERWISE_BENCH_RSS_FILE: rssFile };
  for (const k of Object.keys(env)) if (k.startsWith('TIERWISE_') && k !== 'TIERWISE_BENCH_RSS_FILE') delete env[k];
  if (debug) env.TIERWISE_DEBUG = '1';
  const started = performance.now();
  const r = spawnSync(process.execPath, ['-r', hook, cli, 'scan', '--format', 'json'], { cwd: tree, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wallMs = performance.now() - started;
  if (r.status !== 0) throw new Error(`${cli} scan exited with ${r.status ?? r.signal}:\n${r.stderr.slice(-2000)}`);
  const out = JSON.parse(r.stdout) as { callSites: { id: string }[] };
  const maxRssMB = Number(readFileSync(rssFile, 'utf8')) / 1024;
  rmSync(rssFile, { force: true });
  const summary = r.stderr.split('\n').find((l) => /^tierwise: debug: \d+ files listed/.test(l));
  return { wallMs, maxRssMB, ids: out.callSites.map((c) => c.id).sort(), debug: summary ? summary.replace(/^tierwise: debug: /, '') : null };
}

interface Score {
  sites: number;
  found: number;
  correct: number;
  missed: JobSite[];
  extra: string[];
}

/** Matches reported sites to the generated jobs by id (`file#enclosingFunction`; a second site in one function is `#2`). */
function score(ids: string[], jobs: JobSite[]): Score {
  const truth = new Map(jobs.map((j) => [`${j.file}#${j.fn}`, j]));
  const found = new Set<string>();
  const extra: string[] = [];
  for (const id of ids) {
    const base = truth.has(id) ? id : id.replace(/#\d+$/, '');
    if (truth.has(base) && !found.has(base)) found.add(base);
    else extra.push(id);
  }
  return { sites: ids.length, found: found.size, correct: ids.length - extra.length, missed: jobs.filter((j) => !found.has(`${j.file}#${j.fn}`)), extra };
}

function row(cells: string[], widths: number[]): string {
  return cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
}

async function main(): Promise<void> {
  mkdirSync(CACHE, { recursive: true });
  const tree = prepareTree();
  const current = buildCurrent();
  const baseline = buildBaseline(BASELINE);
  const hook = rssHook();

  // Warm-up (page cache): one run each, not measured, with the CLI's debug summary; then alternate the order run by run.
  const engines = [
    { name: `baseline ${baseline.sha.slice(0, 7)}`, cli: baseline.cli, runs: [] as Run[] },
    { name: 'current', cli: current, runs: [] as Run[] },
  ];
  const warm = engines.map((e) => scan(e.cli, tree.dir, hook, true));
  for (let i = 0; i < RUNS; i++) {
    const order = i % 2 ? [...engines].reverse() : engines;
    for (const e of order) e.runs.push(scan(e.cli, tree.dir, hook));
  }

  const load = loadavg()[0];
  const cpus = availableParallelism();
  if (load > cpus) console.log(`  !! load average ${load.toFixed(1)} on ${cpus} CPUs: other work competes for the CPU; both engines share it, run by run`);

  const results = engines.map((e, i) => {
    const unstable = e.runs.some((r) => r.ids.join('\n') !== warm[i].ids.join('\n'));
    return { ...e, wallMs: median(e.runs.map((r) => r.wallMs)), rssMB: median(e.runs.map((r) => r.maxRssMB)), score: score(warm[i].ids, tree.jobs), unstable };
  });
  const [base, cur] = results;
  const timeRatio = cur.wallMs / base.wallMs;
  const rssRatio = cur.rssMB / base.rssMB;

  const widths = [18, 22, 20, 11, 20, 10];
  console.log('');
  console.log(row(['engine', `time (median of ${RUNS})`, 'peak RSS (median)', 'call sites', 'jobs found (recall)', 'precision'], widths));
  for (const r of results) {
    const isCur = r === cur;
    console.log(
      row(
        [
          r.name,
          `${seconds(r.wallMs)}${isCur ? `  (${timeRatio.toFixed(2)}×)` : ''}`,
          `${r.rssMB.toFixed(0)} MB${isCur ? `  (${rssRatio.toFixed(2)}×)` : ''}`,
          String(r.score.sites),
          `${r.score.found}/${tree.jobs.length} (${pct(r.score.found, tree.jobs.length)})`,
          pct(r.score.correct, r.score.sites),
        ],
        widths,
      ),
    );
  }
  for (const r of results) console.log(`  ${r.name} runs: ${r.runs.map((x) => (x.wallMs / 1000).toFixed(2)).join(', ')} s; ${r.runs.map((x) => x.maxRssMB.toFixed(0)).join(', ')} MB`);
  for (const [i, r] of results.entries()) if (warm[i].debug) console.log(`  ${r.name}: ${warm[i].debug}`);
  for (const r of results) if (r.unstable) console.log(`  !! ${r.name}: the call sites differ from one run to another`);

  if (cur.score.missed.length) {
    console.log(`\n  jobs the current CLI misses, by shape of the layer (one example each):`);
    const byShape = new Map<string, JobSite[]>();
    for (const j of cur.score.missed) byShape.set(j.shape, [...(byShape.get(j.shape) ?? []), j]);
    for (const [shape, list] of byShape) console.log(`    ${String(list.length).padStart(3)} × ${shape}: ${list[0].file}#${list[0].fn}`);
  }
  if (cur.score.extra.length) {
    console.log(`\n  sites the current CLI reports that are no generated job (${cur.score.extra.length}):`);
    for (const id of cur.score.extra.slice(0, 12)) console.log(`    ${id}`);
    if (cur.score.extra.length > 12) console.log(`    … and ${cur.score.extra.length - 12} more`);
  }

  const failures: string[] = [];
  if (cur.score.found < tree.jobs.length) failures.push(`recall ${pct(cur.score.found, tree.jobs.length)} < 100%`);
  if (timeRatio > MAX_RATIO) failures.push(`time ${timeRatio.toFixed(2)}× > ${MAX_RATIO}× baseline`);
  if (rssRatio > MAX_RATIO) failures.push(`peak RSS ${rssRatio.toFixed(2)}× > ${MAX_RATIO}× baseline`);
  if (cur.unstable) failures.push('call sites differ between runs');
  console.log(`\n  targets: every job found; time and peak RSS ≤ ${MAX_RATIO}× the baseline's, measured in this run`);
  console.log(failures.length ? `  FAIL: ${failures.join('; ')}` : '  PASS');
  process.exitCode = failures.length ? 1 : 0;
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
