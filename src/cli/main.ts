import { closeSync, constants, existsSync, fstatSync, openSync, readFileSync, readSync, statSync, type Stats } from 'node:fs';
import * as path from 'node:path';
import * as nodeModule from 'node:module';
import { createInterface } from 'node:readline/promises';
import { parseCommandLine, UsageError, USAGE, type ImportUsageCommand, type PricesCommand, type ScanCommand } from './args';
import { ImportError } from '../core/usage/import/index';
import { runImport } from '../core/usage/import/run';
import { UsageWriteError } from '../core/usage/import/write';
import { scanWorkspace } from '../core/scan/workspace';
import { ParsePool, parseWorkerPath, stopEarlyParseWorker, useCompileCacheInWorkers } from '../core/scan/engine/pool';
import { summarizeTestFiles, testFilesNote } from '../core/testFiles';
import { analyzeCallsDetailed, type InferFn } from '../core/analyze';
import { inferTaskType } from '../core/infer/index';
import { EMPTY_USAGE, parseUsageFile, tooLargeUsageFile, USAGE_FILE_NAME, type LoadedUsage } from '../core/usage/usageFile';
import { USAGE_FILE_MAX_BYTES } from '../core/usage/limits';
import { summarizeMessages } from '../core/usage/problems';
import { formatJson, formatMarkdown, formatTable } from '../core/report/index';
import { parsePriceTable } from '../core/cost/priceFile';
import { buildPriceBook, mergeTables, PRICE_TABLE, type PriceTable } from '../core/cost/prices';
import { priceTableJson, priceTableText, stalenessNotice } from '../core/present/priceTable';
import { runVerify, runVerifyCheck, VERIFY_USAGE, type VerifyIo } from './verify';
import { buildCard } from '../core/infer/card';
import { classify, type CliIo } from './classify';

declare const TIERWISE_VERSION: string | undefined;

const infer: InferFn = (call, override) => inferTaskType(call, override ?? undefined);

/**
 * Runs the CLI; returns the exit code. Output goes through the given writers so tests can capture it; `io` gives
 * `classify` and `verify` their environment (the key), a way to ask on a terminal and a cancel signal (Ctrl-C).
 */
export async function runCli(argv: readonly string[], out: (s: string) => void, err: (s: string) => void, cwd = process.cwd(), io: Partial<VerifyIo> & CliIo = { env: process.env }): Promise<number> {
  let command;
  try {
    command = parseCommandLine(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`tierwise: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  if (command.command === 'help') {
    out(USAGE);
    return 0;
  }
  if (command.command === 'version') {
    out(`${typeof TIERWISE_VERSION === 'string' ? TIERWISE_VERSION : 'dev'}\n`);
    return 0;
  }
  if (command.command === 'prices') return prices(command, out, err, cwd);
  if (command.command === 'help-verify') {
    out(VERIFY_USAGE);
    return 0;
  }
  const verifyIo: VerifyIo = { ...io, env: io.env ?? process.env };
  if (command.command === 'verify') return runVerify(command, out, err, cwd, verifyIo);
  if (command.command === 'verify-check') return runVerifyCheck(command, out, err, cwd, verifyIo);
  if (command.command === 'classify') return classify(command, out, err, cwd, io);
  if (command.command === 'import-usage') return importUsage(command, out, err, cwd);
  return scan(command, out, err, cwd);
}

/** `tierwise import-usage FILE [folder]`: scan the folder as `scan` does, then import (src/core/usage/import/run.ts). */
async function importUsage(command: ImportUsageCommand, out: (s: string) => void, err: (s: string) => void, cwd: string): Promise<number> {
  const file = path.resolve(cwd, command.file);
  const folder = path.resolve(cwd, command.folder);
  if (!existsSync(file)) {
    err(`tierwise: no such file: ${file}\n`);
    return 2;
  }
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    err(`tierwise: no such folder: ${folder}\n`);
    return 2;
  }
  const usagePath = command.usageFile ? path.resolve(cwd, command.usageFile) : path.join(folder, USAGE_FILE_NAME);
  const usage = loadUsage(usagePath, false, err);
  if (usage === null) return 2;
  const team = loadPriceFile(command.pricesFile, cwd, err);
  if (team === null) return 2;
  const where = parseWorkerPath();
  const pool = where ? new ParsePool(where, { size: 1 }).warm() : undefined;
  let result;
  try {
    result = await scanWorkspace(folder, [], { pool });
  } finally {
    if (process.env.TIERWISE_DEBUG) process.stderr.write(`tierwise: debug: at ${Math.round(performance.now())} ms: scanned\n`);
    await pool?.close();
  }
  if (process.env.TIERWISE_DEBUG) process.stderr.write(`tierwise: debug: at ${Math.round(performance.now())} ms: pool closed\n`);
  const analysis = analyzeCallsDetailed(result.calls, result.ids, { root: folder, usage, infer, skipped: result.skipped, settings: { priceTable: team, today: today() } });
  try {
    const r = await runImport({ file, usagePath, sites: analysis.sites, book: analysis.book, date: analysis.report.pricing.asOf, dryRun: command.dryRun });
    if (command.format === 'json') {
      const doc =
        r.kind === 'otlp'
          ? { version: 1, kind: 'otlp', source: r.result.source, from: r.result.from, to: r.result.to, days: r.result.days, spans: r.result.spans, modelSpans: r.result.modelSpans, measured: r.result.measured, unmatched: r.result.unmatched, written: r.write ? { file: usagePath, added: r.write.added, updated: r.write.updated, removed: r.write.removed } : null }
          : { version: 1, kind: r.exp.kind, source: r.exp.source, from: r.exp.from, to: r.exp.to, days: r.exp.days, rows: r.exp.rows, models: r.check.models, totalActual: r.check.totalActual, totalEstimated: r.check.totalEstimated, unexplainedShare: r.check.unexplainedShare };
      out(`${JSON.stringify(doc, null, 2)}\n`);
    } else out(`${r.lines.join('\n')}\n`);
    return 0;
  } catch (e) {
    if (e instanceof ImportError) {
      err(`tierwise: ${path.basename(file)}:${e.line}: ${e.message}. Nothing was written.\n`);
      return 1;
    }
    if (e instanceof UsageWriteError) {
      err(`tierwise: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** --prices FILE: undefined when not given, null when it cannot be used (the reason is printed; exit 2). */
function loadPriceFile(file: string | undefined, cwd: string, err: (s: string) => void): PriceTable | undefined | null {
  if (!file) return undefined;
  const full = path.resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch {
    err(`tierwise: price file not found: ${full}\n`);
    return null;
  }
  const loaded = parsePriceTable(text, path.basename(full));
  if (!loaded.table) {
    for (const p of loaded.problems) err(`tierwise: error: ${p.message}\n`);
    return null;
  }
  return loaded.table;
}

async function prices(command: PricesCommand, out: (s: string) => void, err: (s: string) => void, cwd: string): Promise<number> {
  const folder = path.resolve(cwd, command.folder);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    err(`tierwise: no such folder: ${folder}\n`);
    return 2;
  }
  const team = loadPriceFile(command.pricesFile, cwd, err);
  if (team === null) return 2;
  const usage = loadUsage(command.usageFile ? path.resolve(cwd, command.usageFile) : path.join(folder, USAGE_FILE_NAME), !!command.usageFile, err);
  if (usage === null) return 2;
  for (const p of usage.problems) err(`tierwise: ${p.severity}: ${p.message}\n`);
  const book = buildPriceBook(usage.usage.prices ?? {}, mergeTables(PRICE_TABLE, team));
  const now = today();
  out(command.format === 'json' ? `${JSON.stringify(priceTableJson(book.table, book, now), null, 2)}\n` : priceTableText(book.table, book, now));
  return 0;
}

/** What `scan` and `classify` share: the folder's call sites, analysed as the JSON reports them. */
export interface Analysed {
  root: string;
  /** The usage file that applies (given with --usage, or the root's .tierwise.json, existing or not). */
  usageFile: string;
  analysis: ReturnType<typeof analyzeCallsDetailed>;
  relPaths: string[];
}

/** Scans and analyses the command's paths; null (after printing why) when the arguments cannot be used: exit 2. */
export async function analyseTargets(
  command: Pick<ScanCommand, 'paths' | 'usageFile' | 'callsPerDay' | 'haikuModel' | 'sonnetModel' | 'exclude' | 'fileTimeoutSeconds' | 'pricesFile' | 'includeTests'>,
  err: (s: string) => void,
  cwd: string,
): Promise<Analysed | null> {
  const targets = command.paths.map((p) => path.resolve(cwd, p));
  for (const t of targets) {
    if (!existsSync(t)) {
      err(`tierwise: no such file or folder: ${t}\n`);
      return null;
    }
  }
  // One folder given: it is the root (ids and the usage file are relative to it, as in the editor).
  // Several paths, or a file: the root is the current folder.
  const root = targets.length === 1 && statSync(targets[0]).isDirectory() ? targets[0] : cwd;
  const relPaths = targets.map((t) => path.relative(root, t)).filter((p) => p !== '');

  const usageFile = command.usageFile ? path.resolve(cwd, command.usageFile) : path.join(root, USAGE_FILE_NAME);
  const loaded = loadUsage(usageFile, !!command.usageFile, err);
  if (loaded === null) return null;
  // An explicit --calls-per-day replaces the usage file's default, not its call-site or task-type entries.
  const usage: LoadedUsage =
    command.callsPerDay === undefined
      ? loaded
      : { ...loaded, usage: { ...loaded.usage, defaults: withoutCallsPerDay(loaded.usage.defaults) } };

  const team = loadPriceFile(command.pricesFile, cwd, err);
  if (team === null) return null;

  const where = parseWorkerPath();
  if (process.env.TIERWISE_DEBUG) process.stderr.write(`tierwise: debug: at ${Math.round(performance.now())} ms: starting the parse worker\n`);
  const pool = where ? new ParsePool(where, { size: 1, fileTimeoutMs: (command.fileTimeoutSeconds ?? 10) * 1000 }).warm() : undefined;
  let result;
  try {
    result = await scanWorkspace(root, relPaths, { exclude: command.exclude, pool, includeTests: command.includeTests });
  } catch (e) {
    await pool?.close();
    throw e;
  }
  if (process.env.TIERWISE_DEBUG) process.stderr.write(`tierwise: debug: at ${Math.round(performance.now())} ms: scanned\n`);
  // The worker stops (its thread tears the compiler's heap down) while this thread analyses the calls.
  const closing = pool?.close();
  const analysis = analyzeCallsDetailed(result.calls, result.ids, {
    root,
    usage,
    infer,
    skipped: result.skipped,
    settings: {
      callsPerDay: command.callsPerDay,
      // Flags are a deliberate choice for this run: they win over the usage file's tiers.
      forcedTiers: { haiku: command.haikuModel, sonnet: command.sonnetModel },
      priceTable: team,
      today: today(),
    },
  });
  await closing;
  if (process.env.TIERWISE_DEBUG) process.stderr.write(`tierwise: debug: at ${Math.round(performance.now())} ms: analysed\n`);
  // Thousands of problems of one kind (ids that match nothing, one capped volume per site) print as a few and a count.
  for (const line of summarizeMessages(analysis.problems.map((p) => `${p.severity}: ${p.message}`))) err(`tierwise: ${line}\n`);
  for (const line of summarizeMessages(analysis.warnings)) err(`tierwise: warning: ${line}\n`);
  const stale = stalenessNotice(analysis.book.table.asOf, today());
  if (stale) err(`tierwise: note: ${stale}\n`);

  // Test files are left out without a word otherwise (in one repository that hid 9 grader calls): say how many.
  if (!command.includeTests) {
    const note = testFilesNote(summarizeTestFiles(result.testFiles, false));
    if (note) err(`tierwise: ${note} (pass --include-tests to scan them)\n`);
  }
  return { root, usageFile, analysis, relPaths };
}

async function scan(command: ScanCommand, out: (s: string) => void, err: (s: string) => void, cwd: string): Promise<number> {
  const analysed = await analyseTargets(command, err, cwd);
  if (!analysed) return 2;
  const { analysis } = analysed;
  const report = analysis.report;
  const cards = command.cards ? new Map(analysis.sites.map((s) => [s.site.id, buildCard(s.call)])) : undefined;
  out(command.format === 'json' ? formatJson(report, { cards }) : command.format === 'markdown' ? formatMarkdown(report) : formatTable(report));
  if (process.env.TIERWISE_DEBUG) process.stderr.write(`tierwise: debug: at ${Math.round(performance.now())} ms: written\n`);
  return 0;
}

function withoutCallsPerDay<T extends { callsPerDay?: number }>(defaults: T | undefined): Omit<T, 'callsPerDay'> | undefined {
  if (!defaults) return undefined;
  const { callsPerDay: _dropped, ...rest } = defaults;
  return rest;
}

/** The usage file: named on the command line (must exist), or the root's `.tierwise.json` when present. */
function loadUsage(file: string, explicit: boolean, err: (s: string) => void): LoadedUsage | null {
  const read = readUsageText(file);
  if ('missing' in read) {
    if (explicit) {
      err(`tierwise: usage file not found: ${file}\n`);
      return null;
    }
    return EMPTY_USAGE;
  }
  if ('error' in read) {
    err(`tierwise: cannot read ${file}: ${read.error}; defaults apply.\n`);
    return EMPTY_USAGE;
  }
  if ('tooLarge' in read) return tooLargeUsageFile(read.tooLarge, path.basename(file));
  return parseUsageFile(read.text, path.basename(file));
}

type UsageRead = { text: string } | { missing: true } | { error: string } | { tooLarge: number };

/**
 * Reads a usage file that is a regular file of at most USAGE_FILE_MAX_BYTES. Opened without blocking, so a FIFO
 * (which would wait for a writer forever) or a device such as /dev/zero (endless) is refused by what it is, never read.
 */
export function readUsageText(file: string): UsageRead {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { missing: true } : { error: code === 'EACCES' ? 'permission denied' : (e as Error).message };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { error: `it is ${kindOf(st)}, not a regular file` };
    if (st.size > USAGE_FILE_MAX_BYTES) return { tooLarge: st.size };
    const buf = Buffer.alloc(st.size);
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, buf, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    return { text: buf.subarray(0, off).toString('utf8') };
  } catch (e) {
    return { error: (e as Error).message };
  } finally {
    closeSync(fd);
  }
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Output to a pipe whose reader has gone (`tierwise scan | head`) ends the program quietly, as Unix tools do;
 * any other write failure is one line, not a stack trace.
 */
export function endQuietlyOnClosedPipe(stream: NodeJS.WritableStream, exit: (code: number) => void = (c) => process.exit(c)): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') return exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    try {
      process.stderr.write(`tierwise: cannot write the output: ${e.message}\n`);
    } finally {
      exit(1);
    }
  });
}

/** The terminal as `tierwise verify` uses it: questions on a TTY, Ctrl+C cancels the run (twice: leaves at once). */
function terminalIo(): VerifyIo {
  const cancel = new AbortController();
  process.on('SIGINT', () => {
    if (cancel.signal.aborted) process.exit(130);
    process.stderr.write('\ntierwise: cancelling (the batch too); Ctrl+C again to leave at once, the batch then goes on.\n');
    cancel.abort();
  });
  const tty = process.stdin.isTTY && process.stderr.isTTY;
  return {
    env: process.env,
    signal: cancel.signal,
    progress: process.stderr.isTTY ? (line) => process.stderr.write(`tierwise: ${line}\n`) : undefined,
    ask: tty ? askYesNo : undefined,
  };
}

/** A yes/no question on the terminal: only "y" or "yes" is yes. */
async function askYesNo(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^\s*y(es)?\s*$/i.test(await rl.question(question));
  } finally {
    rl.close();
  }
}

/** The CLI as a program: arguments from the command line, output to stdout/stderr, the exit code set. */
export function main(): void {
  // Node ≥ 22.1 keeps V8's compiled code on disk: the CLI and its parse workers start faster from the second run
  // (src/cli/boot.ts turned it on before loading this bundle; this is for a CLI loaded some other way).
  try {
    (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  } catch {
    // A cache is only a speed-up.
  }
  useCompileCacheInWorkers();
  endQuietlyOnClosedPipe(process.stdout);
  endQuietlyOnClosedPipe(process.stderr);
  // Ctrl-C while classifying or verifying: stop sending (a batch is cancelled, answers already in are kept); a second
  // one quits. Only these commands send anything; the others keep the default Ctrl-C.
  const command = process.argv[2];
  const io: Partial<VerifyIo> & CliIo = { env: process.env };
  if (command === 'verify') Object.assign(io, terminalIo());
  else if (command === 'classify') {
    const stop = new AbortController();
    process.on('SIGINT', () => {
      if (stop.signal.aborted) process.exit(130);
      process.stderr.write('\ntierwise: stopping (Ctrl-C again to quit at once)…\n');
      stop.abort();
    });
    io.signal = stop.signal;
    io.confirm = process.stdin.isTTY && process.stderr.isTTY ? (question: string) => askYesNo(question) : undefined;
  }
  runCli(process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s), process.cwd(), io).then(
    (code) => {
      stopEarlyParseWorker();
      process.exitCode = code;
    },
    (e: unknown) => {
      stopEarlyParseWorker();
      // A message, not a stack trace; TIERWISE_DEBUG=1 shows where it came from.
      const detail = e instanceof Error ? (process.env.TIERWISE_DEBUG ? (e.stack ?? e.message) : e.message) : String(e);
      process.stderr.write(`tierwise: unexpected error: ${detail}\n`);
      process.exitCode = 1;
    },
  );
}

if (require.main === module) main();
