import { closeSync, constants, existsSync, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import * as path from 'node:path';
import { parseCommandLine, UsageError, USAGE, type ScanCommand } from './args';
import { scanWorkspace } from '../core/scan/workspace';
import { initPythonScanner } from '../core/scan/python/index';
import { analyzeCallsDetailed, type InferFn } from '../core/analyze';
import { inferTaskType } from '../core/infer/index';
import { EMPTY_USAGE, parseUsageFile, tooLargeUsageFile, USAGE_FILE_NAME, type LoadedUsage } from '../core/usage/usageFile';
import { USAGE_FILE_MAX_BYTES } from '../core/usage/limits';
import { summarizeMessages } from '../core/usage/problems';
import { formatJson, formatMarkdown, formatTable } from '../core/report/index';

declare const TIERWISE_VERSION: string | undefined;

const infer: InferFn = (call, override) => inferTaskType(call, override ?? undefined);

/** Runs the CLI; returns the exit code. Output goes through the given writers so tests can capture it. */
export async function runCli(argv: readonly string[], out: (s: string) => void, err: (s: string) => void, cwd = process.cwd()): Promise<number> {
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
  return scan(command, out, err, cwd);
}

async function scan(command: ScanCommand, out: (s: string) => void, err: (s: string) => void, cwd: string): Promise<number> {
  const targets = command.paths.map((p) => path.resolve(cwd, p));
  for (const t of targets) {
    if (!existsSync(t)) {
      err(`tierwise: no such file or folder: ${t}\n`);
      return 2;
    }
  }
  // One folder given: it is the root (ids and the usage file are relative to it, as in the editor).
  // Several paths, or a file: the root is the current folder.
  const root = targets.length === 1 && statSync(targets[0]).isDirectory() ? targets[0] : cwd;
  const relPaths = targets.map((t) => path.relative(root, t)).filter((p) => p !== '');

  const loaded = loadUsage(command.usageFile ? path.resolve(cwd, command.usageFile) : path.join(root, USAGE_FILE_NAME), !!command.usageFile, err);
  if (loaded === null) return 2;
  // An explicit --calls-per-day replaces the usage file's default, not its call-site or task-type entries.
  const usage: LoadedUsage =
    command.callsPerDay === undefined
      ? loaded
      : { ...loaded, usage: { ...loaded.usage, defaults: withoutCallsPerDay(loaded.usage.defaults) } };

  const pythonProblem = await initPythonScanner();
  if (pythonProblem) err(`tierwise: Python files cannot be read (${pythonProblem}); they are skipped.\n`);

  const result = await scanWorkspace(root, relPaths, { exclude: command.exclude });
  const analysis = analyzeCallsDetailed(result.calls, result.ids, {
    root,
    usage,
    infer,
    skipped: result.skipped,
    settings: {
      callsPerDay: command.callsPerDay,
      tiers: { haiku: command.haikuModel, sonnet: command.sonnetModel },
    },
  });
  // Thousands of problems of one kind (ids that match nothing, one capped volume per site) print as a few and a count.
  for (const line of summarizeMessages(analysis.problems.map((p) => `${p.severity}: ${p.message}`))) err(`tierwise: ${line}\n`);
  for (const line of summarizeMessages(analysis.warnings)) err(`tierwise: warning: ${line}\n`);

  const report = analysis.report;
  out(command.format === 'json' ? formatJson(report) : command.format === 'markdown' ? formatMarkdown(report) : formatTable(report));
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

if (require.main === module) {
  endQuietlyOnClosedPipe(process.stdout);
  endQuietlyOnClosedPipe(process.stderr);
  runCli(process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      // A message, not a stack trace; TIERWISE_DEBUG=1 shows where it came from.
      const detail = e instanceof Error ? (process.env.TIERWISE_DEBUG ? (e.stack ?? e.message) : e.message) : String(e);
      process.stderr.write(`tierwise: unexpected error: ${detail}\n`);
      process.exitCode = 1;
    },
  );
}
