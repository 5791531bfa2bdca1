import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schema from '../../../schemas/tierwise.schema.json';
import type { PriceOverride } from '../cost/prices';
import type { VerificationRecord } from '../verify/types';
import { parseJsonWithPositions, type JsonPosition } from './json';
import { USAGE_FILE_MAX_BYTES } from './limits';

// The usage file `.tierwise.json`: traffic assumptions checked into the repository. A malformed file is
// reported with its line and column and then ignored as a whole (the defaults apply): half-applying a file
// whose author made a mistake would give numbers nobody asked for.

export const USAGE_FILE_NAME = '.tierwise.json';

export interface UsageDefaults {
  callsPerDay?: number;
  dynamicInputTokens?: number;
  /** `inference_geo` every call site is sent with (US-only inference costs 1.1× on the models that accept it). */
  inferenceGeo?: 'us' | 'global';
}

/** The team's tier pair (wins over the settings; the CLI's flags win over it for one run). */
export interface UsageTiers {
  haiku?: string;
  sonnet?: string;
}

export interface TaskTypeUsage {
  callsPerDay?: number;
  outputTokens?: number;
  dynamicInputTokens?: number;
  /** Model requests per task of an agent loop or a conversation of this task type. */
  turns?: number;
  /** Input tokens added per turn (output plus tool results or the next user message), as written. */
  addedTokensPerTurn?: number;
}

/** Figures measured from traffic (`tierwise import-usage`), with their source and period. */
export interface MeasuredUsage {
  source: string;
  from: string;
  to: string;
  callsPerDay: number;
  spans: number;
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  cacheHitRate?: number;
  importedAt?: string;
}

export interface CallSiteUsage {
  callsPerDay?: number;
  inputTokens?: number;
  outputTokens?: number;
  taskType?: string;
  /** Who set `taskType` when a Claude model did and the team accepted it: "claude-haiku-5-5 2026-12-05". */
  taskTypeSource?: string;
  /** What the call asks the model to do, in Claude's words (written with an accepted task type). */
  job?: string;
  /** Claude's answers to the routing guide's three questions, each with its one-line reason. */
  questions?: Partial<Record<'shortSchemaConstrainedOutput' | 'cheapToRecover' | 'noMultiStepReasoning', { answer: boolean; reason?: string }>>;
  /** Facts that keep a Haiku-type job on Sonnet, in Claude's words. */
  upgradeSignals?: string[];
  note?: string;
  /** `speed: "fast"` on the request (fast mode). */
  speed?: 'fast' | 'standard';
  inferenceGeo?: 'us' | 'global';
  turns?: number;
  addedTokensPerTurn?: number;
  /** Written by the import of measured traffic; hand-written `callsPerDay` / `inputTokens` / `outputTokens` win over it. */
  measured?: MeasuredUsage;
}

export interface UsageFile {
  defaults?: UsageDefaults;
  tiers?: UsageTiers;
  taskTypes?: Record<string, TaskTypeUsage>;
  callSites?: Record<string, CallSiteUsage>;
  prices?: Record<string, PriceOverride>;
  /** Verifications of task types moved to Haiku, by registry key (src/core/verify/record.ts writes them). */
  verifications?: Record<string, VerificationRecord>;
}

export interface UsageProblem {
  severity: 'error' | 'warning';
  message: string;
  /** 1-based; 1/1 when the problem has no better place. */
  line: number;
  column: number;
  offset: number;
}

export interface LoadedUsage {
  /** The file's content when valid, else `{}` (defaults apply). */
  usage: UsageFile;
  valid: boolean;
  problems: UsageProblem[];
  /** Where a JSON pointer's key (or, failing that, value) is, for diagnostics on later warnings. */
  locate(pointer: string): JsonPosition | null;
  /** Name shown in messages. */
  file: string;
}

let validator: ValidateFunction | null = null;
function validate(): ValidateFunction {
  // Compiled once per process: compiling generates code and is the slow part.
  validator ??= new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
  return validator;
}

export const EMPTY_USAGE: LoadedUsage = { usage: {}, valid: true, problems: [], locate: () => null, file: USAGE_FILE_NAME };

/** The problem of a usage file too large to read (by its size in bytes, or characters), shared by every reader. */
export function tooLargeUsageFile(bytes: number, file: string = USAGE_FILE_NAME): LoadedUsage {
  const mb = (n: number): string => `${(n / (1024 * 1024)).toFixed(1)} MB`;
  return {
    usage: {},
    valid: false,
    problems: [{ severity: 'error', message: `${file}: the file is ${mb(bytes)}, above the ${mb(USAGE_FILE_MAX_BYTES)} limit for a usage file. It is ignored; defaults apply.`, line: 1, column: 1, offset: 0 }],
    locate: () => null,
    file,
  };
}

export function parseUsageFile(text: string, file: string = USAGE_FILE_NAME): LoadedUsage {
  // Checked before parsing: a huge file costs memory (positions of every value) and floods the problems list.
  if (text.length > USAGE_FILE_MAX_BYTES) return tooLargeUsageFile(text.length, file);
  const parsed = parseJsonWithPositions(text);
  const locate = (pointer: string): JsonPosition | null => parsed.keys.get(pointer) ?? parsed.values.get(pointer) ?? null;
  if (parsed.error) {
    const { line, column, offset, message } = parsed.error;
    return {
      usage: {},
      valid: false,
      problems: [{ severity: 'error', message: `${file}:${line}:${column}: invalid JSON: ${message}. The file is ignored; defaults apply.`, line, column, offset }],
      locate,
      file,
    };
  }
  const check = validate();
  if (!check(parsed.value)) {
    const problems = dedupe(check.errors ?? []).map((e) => describeSchemaError(e, file, parsed.keys, parsed.values));
    problems.sort((a, b) => a.offset - b.offset);
    if (problems.length) problems[problems.length - 1].message += ' The file is ignored; defaults apply.';
    return { usage: {}, valid: false, problems, locate, file };
  }
  return { usage: parsed.value as UsageFile, valid: true, problems: [], locate, file };
}

/** Ajv reports a failing `if`-less union several ways; keep one message per place and keyword. */
function dedupe(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    // Errors inside `propertyNames` come twice: once for the name's own rule and once as `propertyNames`.
    if (e.keyword !== 'propertyNames' && (e as ErrorObject & { propertyName?: string }).propertyName !== undefined) return false;
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function describeSchemaError(
  e: ErrorObject,
  file: string,
  keys: Map<string, JsonPosition>,
  values: Map<string, JsonPosition>,
): UsageProblem {
  let pointer = e.instancePath;
  let message: string;
  const where = readablePath(e.instancePath);
  switch (e.keyword) {
    case 'additionalProperties': {
      const extra = String((e.params as { additionalProperty: string }).additionalProperty);
      pointer = `${e.instancePath}/${extra.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      const allowed = allowedProperties(e.schemaPath);
      message = `unknown property "${extra}"${where ? ` in ${where}` : ' at the top level'}${allowed ? ` (allowed: ${allowed})` : ''}`;
      break;
    }
    case 'propertyNames': {
      const name = String((e.params as { propertyName: string }).propertyName);
      pointer = `${e.instancePath}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      message = e.instancePath.startsWith('/callSites')
        ? `"${name}" is not a call-site id (expected "path#enclosingFunction", as in tierwise scan --format json)`
        : `"${name}" is not a valid name in ${where}`;
      break;
    }
    case 'pattern':
      if (e.instancePath.startsWith('/callSites') && e.instancePath.endsWith('taskType')) {
        message = `${where} must be a task type name (letters, digits, _ or -)`;
        break;
      }
      message = `${where} ${e.message ?? 'is invalid'}`;
      break;
    case 'type':
      message = `${where || 'the file'} must be ${article((e.params as { type: string }).type)}`;
      break;
    case 'minimum':
      message = `${where} must be ≥ ${(e.params as { limit: number }).limit}`;
      break;
    case 'maximum':
      message = `${where} must be ≤ ${(e.params as { limit: number }).limit.toLocaleString('en-US')}`;
      break;
    case 'enum':
      message = `${where} must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
      break;
    default:
      message = `${where || 'the file'} ${e.message ?? 'is invalid'}`;
  }
  const pos = keys.get(pointer) ?? values.get(pointer) ?? values.get(e.instancePath) ?? { line: 1, column: 1, offset: 0 };
  return { severity: 'error', message: `${file}:${pos.line}:${pos.column}: ${message}.`, line: pos.line, column: pos.column, offset: pos.offset };
}

function article(type: string): string {
  return type === 'object' ? 'an object' : type === 'integer' ? 'an integer' : `a ${type}`;
}

/** `/callSites/src~1a.ts#f/callsPerDay` → `callSites["src/a.ts#f"].callsPerDay`. */
function readablePath(pointer: string): string {
  if (!pointer) return '';
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  return parts.map((p, i) => (i === 0 ? p : /^[A-Za-z_$][\w$]*$/.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`)).join('');
}

function allowedProperties(schemaPath: string): string {
  // schemaPath like "#/properties/defaults/additionalProperties" or "#/additionalProperties".
  const segs = schemaPath.replace(/^#\/?/, '').split('/').slice(0, -1);
  let node: unknown = schema;
  for (const s of segs) node = (node as Record<string, unknown> | undefined)?.[s];
  const props = (node as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props ? Object.keys(props).filter((k) => k !== '$schema').join(', ') : '';
}
