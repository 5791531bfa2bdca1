import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseCommandLine, UsageError, USAGE, type ScanCommand } from './args';
import { listWorkspaceFiles, scanWorkspace } from '../core/scan/workspace';
import { ScanProject } from '../core/scan/project';
import { summarizeTestFiles, testFilesNote } from '../core/testFiles';
import { initPythonScanner } from '../core/scan/python/index';
import { analyzeCallsDetailed, type InferFn } from '../core/analyze';
import { inferTaskType } from '../core/infer/index';
import { EMPTY_USAGE, parseUsageFile, USAGE_FILE_NAME, type LoadedUsage } from '../core/usage/usageFile';
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

  const result = await scanWorkspace(root, relPaths, { exclude: command.exclude, includeTests: command.includeTests });
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
  for (const p of analysis.problems) err(`tierwise: ${p.severity}: ${p.message}\n`);
  for (const w of analysis.warnings) err(`tierwise: warning: ${w}\n`);

  // Test files are left out without a word otherwise (in one repository that hid 9 grader calls): say how many.
  if (!command.includeTests) {
    const note = testFilesNote(countTestFiles(root, relPaths, command.exclude));
    if (note) err(`tierwise: ${note} (pass --include-tests to scan them)\n`);
  }

  const report = analysis.report;
  out(command.format === 'json' ? formatJson(report) : command.format === 'markdown' ? formatMarkdown(report) : formatTable(report));
  return 0;
}

/** The test files among the files a scan lists (same folders, ignores and excludes). */
function countTestFiles(root: string, relPaths: readonly string[], exclude: readonly string[]): ReturnType<typeof summarizeTestFiles> | null {
  try {
    const project = new ScanProject();
    const listed = listWorkspaceFiles(root, relPaths, (f) => project.handles(f), { exclude });
    return summarizeTestFiles(listed.files.map((f) => f.rel), false);
  } catch {
    return null;
  }
}

function withoutCallsPerDay<T extends { callsPerDay?: number }>(defaults: T | undefined): Omit<T, 'callsPerDay'> | undefined {
  if (!defaults) return undefined;
  const { callsPerDay: _dropped, ...rest } = defaults;
  return rest;
}

/** The usage file: named on the command line (must exist), or the root's `.tierwise.json` when present. */
function loadUsage(file: string, explicit: boolean, err: (s: string) => void): LoadedUsage | null {
  if (!existsSync(file)) {
    if (explicit) {
      err(`tierwise: usage file not found: ${file}\n`);
      return null;
    }
    return EMPTY_USAGE;
  }
  try {
    return parseUsageFile(readFileSync(file, 'utf8'), path.basename(file));
  } catch (e) {
    err(`tierwise: cannot read ${file}: ${(e as Error).message}; defaults apply.\n`);
    return EMPTY_USAGE;
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`tierwise: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
