import { parseArgs } from 'node:util';
import picomatch from 'picomatch';
import { MAX_CALLS_PER_DAY } from '../core/usage/limits';

export type OutputFormat = 'table' | 'json' | 'markdown';

export interface ScanCommand {
  command: 'scan';
  paths: string[];
  format: OutputFormat;
  usageFile: string | undefined;
  callsPerDay: number | undefined;
  haikuModel: string | undefined;
  sonnetModel: string | undefined;
  exclude: string[];
  /** Time budget of one file, in seconds (a file over it is skipped with the reason). */
  fileTimeoutSeconds?: number;
  /** --prices FILE: the team's price table (schemas/prices.schema.json) on top of the built-in one. */
  pricesFile: string | undefined;
  /** --include-tests: scan test, spec and mock files too (left out by default). */
  includeTests: boolean;
}

/** `tierwise prices`: the price table in effect (built-in + --prices file + the usage file's prices). */
export interface PricesCommand {
  command: 'prices';
  /** The folder whose `.tierwise.json` applies (default: the current folder). */
  folder: string;
  format: 'table' | 'json';
  usageFile: string | undefined;
  pricesFile: string | undefined;
}

/** `tierwise import-usage FILE [folder]`: measured traffic into the usage file, or a provider export checked (issue #15). */
export interface ImportUsageCommand {
  command: 'import-usage';
  file: string;
  folder: string;
  usageFile: string | undefined;
  pricesFile: string | undefined;
  dryRun: boolean;
  format: 'table' | 'json';
}

export type CliCommand = ScanCommand | PricesCommand | ImportUsageCommand | { command: 'help' } | { command: 'version' };

export const USAGE = `usage: tierwise scan [paths…] [options]
       tierwise prices [folder] [--format table|json] [--usage FILE] [--prices FILE]
       tierwise import-usage FILE [folder] [--dry-run] [--format table|json] [--usage FILE] [--prices FILE]

scan: finds the LLM calls under the given paths (default: the current folder) and prints what each
costs per month on the Haiku and Sonnet tiers.
prices: prints the price table in effect (model, provider, status, retirement date, every price,
minimum cacheable length, source and date checked), with the folder's .tierwise.json prices.
import-usage: reads an OpenTelemetry export (OTLP JSON, GenAI spans) and writes each call site's measured
calls/day, tokens and cache-hit rate into the folder's .tierwise.json; or reads a provider usage export
(JSON or CSV per model and day) and compares it with the estimate per model (docs/import.md).

options:
  --format table|json|markdown   output format (default: table)
  --usage FILE                   usage file with volumes and overrides (default: <root>/.tierwise.json)
  --calls-per-day N              calls/day assumed where nothing else says (default: 1000)
  --haiku MODEL                  model id of the Haiku tier (default: claude-haiku-5-5)
  --sonnet MODEL                 model id of the Sonnet tier (default: claude-sonnet-5-5)
  --exclude GLOB                 skip matching files (repeatable)
  --file-timeout SECONDS         time budget to read one file (default: 10); a file over it is skipped
  --prices FILE                  the team's price file (same schema as the built-in table)
  --include-tests                scan test files too (tests/, *.test.ts, test_*.py, …; left out by default)
  --dry-run                      import-usage: report what would be written, write nothing
  -h, --help                     this text
  --version                      the version
`;

export class UsageError extends Error {}

/** Parses the command line; throws UsageError with a message for the user on bad arguments. */
export function parseCommandLine(argv: readonly string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        usage: { type: 'string' },
        'calls-per-day': { type: 'string' },
        haiku: { type: 'string' },
        sonnet: { type: 'string' },
        exclude: { type: 'string', multiple: true },
        'file-timeout': { type: 'string' },
        prices: { type: 'string' },
        'include-tests': { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const [command, ...paths] = positionals;
  if (command === undefined) return { command: 'help' };
  if (command === 'prices') {
    const format = values.format ?? 'table';
    if (format !== 'table' && format !== 'json') throw new UsageError(`tierwise prices: --format must be table or json, not "${format}"`);
    if (paths.length > 1) throw new UsageError('tierwise prices takes at most one folder');
    for (const flag of ['calls-per-day', 'haiku', 'sonnet', 'exclude'] as const) {
      if (values[flag] !== undefined) throw new UsageError(`tierwise prices does not take --${flag}`);
    }
    return { command: 'prices', folder: paths[0] ?? '.', format, usageFile: values.usage, pricesFile: values.prices };
  }
  if (command === 'import-usage') {
    const format = values.format ?? 'table';
    if (format !== 'table' && format !== 'json') throw new UsageError(`tierwise import-usage: --format must be table or json, not "${format}"`);
    if (!paths.length) throw new UsageError('tierwise import-usage needs the export file: tierwise import-usage FILE [folder]');
    if (paths.length > 2) throw new UsageError('tierwise import-usage takes one file and at most one folder');
    for (const flag of ['calls-per-day', 'haiku', 'sonnet', 'exclude'] as const) {
      if (values[flag] !== undefined) throw new UsageError(`tierwise import-usage does not take --${flag}`);
    }
    return { command: 'import-usage', file: paths[0], folder: paths[1] ?? '.', usageFile: values.usage, pricesFile: values.prices, dryRun: values['dry-run'] === true, format };
  }
  if (values['dry-run']) throw new UsageError('--dry-run is an option of tierwise import-usage');
  if (command !== 'scan') throw new UsageError(`unknown command "${command}"`);

  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json' && format !== 'markdown') {
    throw new UsageError(`--format must be table, json or markdown, not "${format}"`);
  }
  let callsPerDay: number | undefined;
  if (values['calls-per-day'] !== undefined) {
    const raw = values['calls-per-day'];
    // Number("") is 0 and Number("0x10") is 16: only a plain decimal is a volume.
    callsPerDay = /^\s*(\d+(\.\d*)?|\.\d+)(e\+?\d+)?\s*$/i.test(raw) ? Number(raw) : NaN;
    if (!Number.isFinite(callsPerDay) || callsPerDay < 0) {
      throw new UsageError(`--calls-per-day must be a number ≥ 0, not "${raw}"`);
    }
    if (callsPerDay > MAX_CALLS_PER_DAY) throw new UsageError(`--calls-per-day must be at most ${MAX_CALLS_PER_DAY.toLocaleString('en-US')}, not "${raw}"`);
  }
  const exclude = values.exclude ?? [];
  for (const glob of exclude) {
    if (!glob.trim()) throw new UsageError('--exclude needs a glob pattern (for example --exclude "**/*.test.ts"), not an empty string');
    try {
      picomatch.makeRe(glob);
    } catch (e) {
      throw new UsageError(`--exclude "${glob}" is not a glob pattern: ${(e as Error).message}`);
    }
  }
  let fileTimeoutSeconds: number | undefined;
  if (values['file-timeout'] !== undefined) {
    fileTimeoutSeconds = Number(values['file-timeout']);
    if (values['file-timeout'].trim() === '' || !Number.isFinite(fileTimeoutSeconds) || fileTimeoutSeconds <= 0) {
      throw new UsageError(`--file-timeout must be a number of seconds > 0, not "${values['file-timeout']}"`);
    }
  }
  return {
    command: 'scan',
    paths: paths.length ? paths : ['.'],
    format,
    usageFile: values.usage,
    callsPerDay,
    haikuModel: values.haiku,
    sonnetModel: values.sonnet,
    exclude,
    ...(fileTimeoutSeconds !== undefined ? { fileTimeoutSeconds } : {}),
    pricesFile: values.prices,
    includeTests: values['include-tests'] === true,
  };
}
