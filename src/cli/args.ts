import { parseArgs } from 'node:util';

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
  /** --include-tests: scan test, spec and mock files too (left out by default). */
  includeTests: boolean;
}

export type CliCommand = ScanCommand | { command: 'help' } | { command: 'version' };

export const USAGE = `usage: tierwise scan [paths…] [options]

Finds the LLM calls under the given paths (default: the current folder) and prints what each
costs per month on the Haiku and Sonnet tiers.

options:
  --format table|json|markdown   output format (default: table)
  --usage FILE                   usage file with volumes and overrides (default: <root>/.tierwise.json)
  --calls-per-day N              calls/day assumed where nothing else says (default: 1000)
  --haiku MODEL                  model id of the Haiku tier (default: claude-haiku-5-5)
  --sonnet MODEL                 model id of the Sonnet tier (default: claude-sonnet-5-5)
  --exclude GLOB                 skip matching files (repeatable)
  --include-tests                scan test files too (tests/, *.test.ts, test_*.py, …; left out by default)
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
        'include-tests': { type: 'boolean' },
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
  if (command !== 'scan') throw new UsageError(`unknown command "${command}"`);

  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json' && format !== 'markdown') {
    throw new UsageError(`--format must be table, json or markdown, not "${format}"`);
  }
  let callsPerDay: number | undefined;
  if (values['calls-per-day'] !== undefined) {
    callsPerDay = Number(values['calls-per-day']);
    if (!Number.isFinite(callsPerDay) || callsPerDay < 0) {
      throw new UsageError(`--calls-per-day must be a number ≥ 0, not "${values['calls-per-day']}"`);
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
    exclude: values.exclude ?? [],
    includeTests: values['include-tests'] === true,
  };
}
