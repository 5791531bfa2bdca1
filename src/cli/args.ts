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
  return {
    command: 'scan',
    paths: paths.length ? paths : ['.'],
    format,
    usageFile: values.usage,
    callsPerDay,
    haikuModel: values.haiku,
    sonnetModel: values.sonnet,
    exclude,
  };
}
