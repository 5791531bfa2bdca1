import { parseArgs } from 'node:util';
import picomatch from 'picomatch';
import { MAX_CALLS_PER_DAY } from '../core/usage/limits';
import { parseVerifyArgs, type VerifyCheckCommand, type VerifyCommand } from './verify';

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
  /** --cards (with --format json): each call site's call card, as `card`. */
  cards?: boolean;
}

/** `tierwise classify`: each call site's card sent to a Claude model, which answers its task type and the routing questions. */
export interface ClassifyCommand extends Omit<ScanCommand, 'command' | 'format' | 'cards'> {
  command: 'classify';
  format: 'table' | 'json';
  /** --yes: send without asking. Without it the CLI asks on a terminal, and sends nothing otherwise. */
  yes: boolean;
  /** --dry-run: print the requests and their cost (estimated here); nothing is sent, no key is needed. */
  dryRun: boolean;
  /** --accept: write the answers into the usage file (taskType, taskTypeSource, the three answers). */
  accept: boolean;
  /** --model: the judge model (default: the Haiku tier model). */
  model: string | undefined;
  /** --batch / --no-batch; undefined: a batch above `batchAbove` cards. */
  batch: boolean | undefined;
  batchAbove: number;
  /** --cache FILE (default: a file per folder in the user's cache folder); null with --no-cache. */
  cacheFile: string | null | undefined;
  pollSeconds: number;
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

export type CliCommand = ScanCommand | PricesCommand | ClassifyCommand | ImportUsageCommand | VerifyCommand | VerifyCheckCommand | { command: 'help-verify' } | { command: 'help' } | { command: 'version' };

export const USAGE = `usage: tierwise scan [paths…] [options]
       tierwise classify [paths…] [--yes | --dry-run] [--accept] [classify options] [options]
       tierwise prices [folder] [--format table|json] [--usage FILE] [--prices FILE]
       tierwise verify --site ID --data FILE [folder] [--threshold 0.05] [--format text|json|markdown] [--yes]
       tierwise verify --check [folder] [--max-age-days 90]   (tierwise verify --help for all options)
       tierwise import-usage FILE [folder] [--dry-run] [--format table|json] [--usage FILE] [--prices FILE]

scan: finds the LLM calls under the given paths (default: the current folder) and prints what each
costs per month on the Haiku and Sonnet tiers.
classify: sends each call site's card (its prompt, schema, tools and names: code from these files) to a
Claude model with ANTHROPIC_API_KEY, after showing the cost; it answers the task type and the routing
guide's three questions. Sites whose task type is already set are left out; an unchanged card is answered
from the cache and never sent again.
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
  --cards                        scan, with --format json: add each call site's card (what Tierwise read)

classify options:
  --yes                          send without asking (otherwise the CLI asks on a terminal)
  --dry-run                      print the requests and their estimated cost; send nothing (import-usage: write nothing)
  --accept                       write the answers into the usage file (.tierwise.json)
  --model MODEL                  the judge model (default: the Haiku tier model)
  --batch, --no-batch            use the Message Batches API (50% off) or not (default: above 50 cards)
  --batch-above N                cards from which a run is a batch (default: 50)
  --cache FILE, --no-cache       where answers are kept by card (default: the user's cache folder)
  --format table|json            output format (default: table)
  -h, --help                     this text
  --version                      the version
`;

export class UsageError extends Error {}

/** Parses the command line; throws UsageError with a message for the user on bad arguments. */
export function parseCommandLine(argv: readonly string[]): CliCommand {
  // `verify` has options of its own (src/cli/verify.ts).
  if (argv[0] === 'verify') return parseVerifyArgs(argv.slice(1));
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
        cards: { type: 'boolean' },
        yes: { type: 'boolean', short: 'y' },
        'dry-run': { type: 'boolean' },
        accept: { type: 'boolean' },
        model: { type: 'string' },
        batch: { type: 'boolean' },
        'no-batch': { type: 'boolean' },
        'batch-above': { type: 'string' },
        cache: { type: 'string' },
        'no-cache': { type: 'boolean' },
        'poll-seconds': { type: 'string' },
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
  if (command !== 'scan' && command !== 'classify') throw new UsageError(`unknown command "${command}"`);
  const classifyOnly = ['yes', 'dry-run', 'accept', 'model', 'batch', 'no-batch', 'batch-above', 'cache', 'no-cache', 'poll-seconds'] as const;
  if (command === 'scan') {
    for (const flag of classifyOnly) if (values[flag] !== undefined) throw new UsageError(`--${flag} is an option of tierwise classify, not of scan`);
  } else if (values.cards !== undefined) throw new UsageError('--cards is an option of tierwise scan (classify always reads the cards)');

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
  const common = {
    paths: paths.length ? paths : ['.'],
    usageFile: values.usage,
    callsPerDay,
    haikuModel: values.haiku,
    sonnetModel: values.sonnet,
    exclude,
    ...(fileTimeoutSeconds !== undefined ? { fileTimeoutSeconds } : {}),
    pricesFile: values.prices,
    includeTests: values['include-tests'] === true,
  };
  if (command === 'classify') {
    if (format !== 'table' && format !== 'json') throw new UsageError(`tierwise classify: --format must be table or json, not "${format}"`);
    if (values.yes && values['dry-run']) throw new UsageError('--yes and --dry-run contradict each other: a dry run sends nothing');
    if (values.batch && values['no-batch']) throw new UsageError('--batch and --no-batch contradict each other');
    if (values.cache !== undefined && values['no-cache']) throw new UsageError('--cache and --no-cache contradict each other');
    if (values.cache !== undefined && !values.cache.trim()) throw new UsageError('--cache needs a file name');
    if (values.model !== undefined && !/^[\w.:@/-]{1,100}$/.test(values.model)) throw new UsageError(`--model must be a model id, not "${values.model}"`);
    const count = (flag: 'batch-above' | 'poll-seconds', fallback: number, min: number): number => {
      const raw = values[flag];
      if (raw === undefined) return fallback;
      const n = /^\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(raw) ? Number(raw) : NaN;
      if (!Number.isFinite(n) || n < min) throw new UsageError(`--${flag} must be a number ≥ ${min}, not "${raw}"`);
      return n;
    };
    return {
      command: 'classify',
      ...common,
      format,
      yes: values.yes === true,
      dryRun: values['dry-run'] === true,
      accept: values.accept === true,
      model: values.model,
      batch: values.batch ? true : values['no-batch'] ? false : undefined,
      batchAbove: Math.floor(count('batch-above', 50, 1)),
      cacheFile: values['no-cache'] ? null : values.cache,
      pollSeconds: count('poll-seconds', 10, 0.001),
    };
  }
  if (values.cards && format !== 'json') throw new UsageError('--cards needs --format json');
  return {
    command: 'scan',
    ...common,
    format,
    ...(values.cards ? { cards: true } : {}),
  };
}
