import type { Annotation, VolumeSource } from '../types';
import type { LoadedUsage, UsageFile, UsageProblem } from './usageFile';
import { USAGE_FILE_NAME } from './usageFile';
import { escapePointer } from './json';
import { boundedCount, MAX_CALLS_PER_DAY, MAX_TOKENS_PER_CALL } from './limits';
import { formatNumber } from '../numberFormat';

// Which number applies to a call site, and where it came from. Precedence (DESIGN.md):
// the usage file's call-site entry > a `// tierwise:` annotation > the usage file's task-type entry >
// defaults (the usage file's `defaults`, else the setting / --calls-per-day, else 1,000 calls/day).

export const DEFAULT_CALLS_PER_DAY = 1000;
export const DEFAULT_DYNAMIC_INPUT_TOKENS = 500;

export interface VolumeSettings {
  /** The setting `tierwise.defaultCallsPerDay` or the CLI's `--calls-per-day`; used when the usage file has no default. */
  callsPerDay?: number;
  /** The setting `tierwise.dynamicInputTokens`; used when the usage file has no default. */
  dynamicInputTokens?: number;
}

export interface Sourced<T> {
  value: T;
  /** Human text: where the number comes from. */
  source: string;
  /** Set when the value given was out of bounds and was capped (see limits.ts). */
  warning?: string;
}

export interface ResolvedVolume extends Sourced<number> {
  volumeSource: VolumeSource;
  /** The figure is measured traffic (model requests per day) imported into the usage file. */
  measured?: boolean;
  /** The figure was written as tasks (`tasks=N/day`). */
  unit?: 'tasks';
}

// Made on first use: the first Intl object loads locale data (~10 ms), which must not happen when the extension loads.
const fmt = (n: number): string => formatNumber(n, 2);
const siteRef = (id: string): string => `${USAGE_FILE_NAME} callSites["${id}"]`;

function usageOf(usage: LoadedUsage | UsageFile | null | undefined): UsageFile {
  if (!usage) return {};
  return 'locate' in usage ? (usage as LoadedUsage).usage : (usage as UsageFile);
}

export function resolveCallsPerDay(
  id: string,
  taskType: string,
  annotation: Annotation | null,
  usageIn: LoadedUsage | UsageFile | null | undefined,
  settings: VolumeSettings = {},
): ResolvedVolume {
  const v = resolveCallsPerDayUnbounded(id, taskType, annotation, usageIn, settings);
  const b = boundedCount(v.value, MAX_CALLS_PER_DAY, `${id}: the volume (${v.source})`);
  if (b.warning === undefined) return v;
  return { ...v, value: b.value!, source: `${fmt(b.value!)} calls/day (capped: ${v.source})`, warning: b.warning };
}

function resolveCallsPerDayUnbounded(
  id: string,
  taskType: string,
  annotation: Annotation | null,
  usageIn: LoadedUsage | UsageFile | null | undefined,
  settings: VolumeSettings = {},
): ResolvedVolume {
  const usage = usageOf(usageIn);
  const site = validCount(usage.callSites?.[id]?.callsPerDay);
  if (site !== undefined) return { value: site, volumeSource: 'usage-file', source: `${fmt(site)} calls/day from ${siteRef(id)}` };
  // Measured traffic (imported) comes after what a person wrote for this site, before annotations and assumptions.
  const measured = usage.callSites?.[id]?.measured;
  const measuredCalls = validCount(measured?.callsPerDay);
  if (measured && measuredCalls !== undefined)
    return { value: measuredCalls, volumeSource: 'usage-file', measured: true, source: `${fmt(measuredCalls)} calls/day measured ${measured.from} – ${measured.to} (${measured.source}; ${siteRef(id)}.measured)` };
  const annotated = validCount(annotation?.callsPerDay);
  if (annotation && annotated !== undefined)
    return {
      value: annotated,
      volumeSource: 'annotation',
      ...(annotation.volumeUnit === 'tasks' ? { unit: 'tasks' as const } : {}),
      source: `${fmt(annotated)} ${annotation.volumeUnit === 'tasks' ? 'tasks' : 'calls'}/day from the annotation on line ${annotation.line}`,
    };
  const task = validCount(usage.taskTypes?.[taskType]?.callsPerDay);
  if (task !== undefined) return { value: task, volumeSource: 'usage-file', source: `${fmt(task)} calls/day from ${USAGE_FILE_NAME} taskTypes.${taskType}` };
  const fileDefault = validCount(usage.defaults?.callsPerDay);
  if (fileDefault !== undefined)
    return { value: fileDefault, volumeSource: 'usage-file', source: `${fmt(fileDefault)} calls/day from ${USAGE_FILE_NAME} defaults (assumed for every call site)` };
  const setting = validCount(settings.callsPerDay);
  if (setting !== undefined && setting !== DEFAULT_CALLS_PER_DAY)
    return { value: setting, volumeSource: 'default', source: `${fmt(setting)} calls/day (assumed: the default you set)` };
  return {
    value: DEFAULT_CALLS_PER_DAY,
    volumeSource: 'default',
    source: `${fmt(DEFAULT_CALLS_PER_DAY)} calls/day (assumed default; set it with "// tierwise: calls=N/day" above the call or in ${USAGE_FILE_NAME})`,
  };
}

/** Total tokens assumed for the run-time parts of a prompt (legacy-tokenizer tokens). */
export function resolveDynamicInputTokens(taskType: string, usageIn: LoadedUsage | UsageFile | null | undefined, settings: VolumeSettings = {}): Sourced<number> {
  return bounded(resolveDynamicInputTokensUnbounded(taskType, usageIn, settings), MAX_TOKENS_PER_CALL, 'dynamic input tokens');
}

/** A token count within MAX_TOKENS_PER_CALL, with a warning when it had to be capped. */
function bounded(v: Sourced<number>, max: number, what: string): Sourced<number> {
  const b = boundedCount(v.value, max, `${what} (${v.source})`);
  return b.warning === undefined ? v : { value: b.value!, source: `${v.source}, capped`, warning: b.warning };
}

function resolveDynamicInputTokensUnbounded(taskType: string, usageIn: LoadedUsage | UsageFile | null | undefined, settings: VolumeSettings = {}): Sourced<number> {
  const usage = usageOf(usageIn);
  const task = validCount(usage.taskTypes?.[taskType]?.dynamicInputTokens);
  if (task !== undefined) return { value: task, source: `${USAGE_FILE_NAME} taskTypes.${taskType}.dynamicInputTokens` };
  const fileDefault = validCount(usage.defaults?.dynamicInputTokens);
  if (fileDefault !== undefined) return { value: fileDefault, source: `${USAGE_FILE_NAME} defaults.dynamicInputTokens` };
  const setting = validCount(settings.dynamicInputTokens);
  if (setting !== undefined) return { value: setting, source: setting === DEFAULT_DYNAMIC_INPUT_TOKENS ? 'default assumption' : 'the dynamicInputTokens setting' };
  return { value: DEFAULT_DYNAMIC_INPUT_TOKENS, source: 'default assumption' };
}

export interface TokenOverrides {
  /** Measured input tokens per call for this site (used as written on every tier). */
  input?: Sourced<number>;
  /** Measured output tokens per call for this site (used as written on every tier). */
  output?: Sourced<number>;
  /** Typical output of the task type (legacy tokens; scaled per tokenizer and capped by max_tokens). */
  taskOutput?: Sourced<number>;
}

export function resolveTokenOverrides(id: string, taskType: string, usageIn: LoadedUsage | UsageFile | null | undefined): TokenOverrides {
  const usage = usageOf(usageIn);
  const site = usage.callSites?.[id];
  const out: TokenOverrides = {};
  const input = validCount(site?.inputTokens);
  const output = validCount(site?.outputTokens);
  const m = site?.measured;
  const measuredIn = validCount(m?.inputTokens);
  const measuredOut = validCount(m?.outputTokens);
  const measuredRef = m ? `measured ${m.from} – ${m.to} (${siteRef(id)}.measured)` : '';
  if (input !== undefined) out.input = bounded({ value: input, source: siteRef(id) }, MAX_TOKENS_PER_CALL, 'input tokens');
  else if (measuredIn !== undefined) out.input = bounded({ value: measuredIn, source: measuredRef }, MAX_TOKENS_PER_CALL, 'input tokens');
  if (output !== undefined) out.output = bounded({ value: output, source: siteRef(id) }, MAX_TOKENS_PER_CALL, 'output tokens');
  else if (measuredOut !== undefined) out.output = bounded({ value: measuredOut, source: measuredRef }, MAX_TOKENS_PER_CALL, 'output tokens');
  const task = validCount(usage.taskTypes?.[taskType]?.outputTokens);
  if (task !== undefined) out.taskOutput = bounded({ value: task, source: `${USAGE_FILE_NAME} taskTypes.${taskType}.outputTokens` }, MAX_TOKENS_PER_CALL, 'output tokens');
  return out;
}

/** A task type named by the user for this site: the usage file's call-site entry, then the annotation's `task=`. */
export function taskTypeOverride(id: string, annotation: Annotation | null, usageIn: LoadedUsage | UsageFile | null | undefined): Sourced<string> | null {
  const usage = usageOf(usageIn);
  const site = usage.callSites?.[id]?.taskType;
  if (site) return { value: site, source: siteRef(id) };
  if (annotation?.taskType) return { value: annotation.taskType, source: `the annotation on line ${annotation.line}` };
  return null;
}

/** Call-site entries of the usage file that name no call site found (typo, moved code), as warnings at their key. */
export function unusedCallSiteEntries(loaded: LoadedUsage, ids: Iterable<string>): UsageProblem[] {
  const known = new Set(ids);
  const problems: UsageProblem[] = [];
  for (const id of Object.keys(loaded.usage.callSites ?? {})) {
    if (known.has(id)) continue;
    const pos = loaded.locate(`/callSites/${escapePointer(id)}`) ?? { line: 1, column: 1, offset: 0 };
    problems.push({
      severity: 'warning',
      message: `${loaded.file}:${pos.line}:${pos.column}: no call site has the id "${id}" (ids are path#enclosingFunction[#n], as in tierwise scan --format json).`,
      ...pos,
    });
  }
  return problems;
}

/** A count a usage entry, setting or annotation may give: a number ≥ 0 (Infinity is capped later); else none. */
function validCount(n: number | undefined): number | undefined {
  return typeof n === 'number' && !Number.isNaN(n) && n >= 0 ? n : undefined;
}
