// `tierwise verify`: run a dataset of a call's real inputs on both tiers, grade, decide (and record); and
// `tierwise verify --check` for CI: every task type the registry routes to Haiku has a current verification.
//
// Nothing is sent without consent: --dry-run prints what would be sent and the local estimate; without --yes a
// terminal is asked (twice: to count tokens, then to run at the counted cost); without a terminal, --yes is required.
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeCallsDetailed, type InferFn } from '../core/analyze';
import { draftFromCall } from '../core/compare/prompt';
import { buildRequest } from '../core/compare/params';
import { fillPrompt } from '../core/compare/prompt';
import { countInputTokens, createCompareClient } from '../core/compare/runner';
import { inferTaskType } from '../core/infer/index';
import { registryCandidate } from '../core/registry/discover';
import { ParsePool, parseWorkerPath } from '../core/scan/engine/pool';
import { Project } from '../core/scan/engine/project';
import { frontEnds } from '../core/scan/engine/frontends';
import { listWorkspaceFiles, scanWorkspace } from '../core/scan/workspace';
import { EMPTY_USAGE, parseUsageFile, tooLargeUsageFile, USAGE_FILE_NAME, type LoadedUsage } from '../core/usage/usageFile';
import { checkVerifications } from '../core/verify/check';
import { formatPercent } from '../core/verify/decide';
import { formatDatasetProblems, MAX_DATASET_BYTES, parseDataset } from '../core/verify/dataset';
import { reportMarkdown, reportText, usd } from '../core/verify/format';
import { defaultGradingMode, defaultVerifyRubric, schemaProblem, suggestedSchema } from '../core/verify/grade';
import { estimateVerification, runVerification, type VerifySpec } from '../core/verify/job';
import { applyJsonEdits, readVerifications, recordEdits, recordOf } from '../core/verify/record';
import { verifySite } from '../core/verify/site';
import { GRADING_MODES, type GradingMode } from '../core/verify/types';
import { UsageError } from './args';

export interface VerifyCommand {
  command: 'verify';
  folder: string;
  site: string;
  data: string;
  threshold: number;
  format: 'text' | 'json' | 'markdown';
  grade: GradingMode | undefined;
  rubric: string | undefined;
  schema: string | undefined;
  grader: string | undefined;
  haikuModel: string | undefined;
  sonnetModel: string | undefined;
  batch: boolean;
  concurrency: number;
  minInputs: number;
  latencySample: number;
  yes: boolean;
  dryRun: boolean;
  record: boolean;
  maxUsd: number | undefined;
  usageFile: string | undefined;
  timeoutSeconds: number;
}

export interface VerifyCheckCommand {
  command: 'verify-check';
  folder: string;
  maxAgeDays: number;
  format: 'text' | 'json' | 'markdown';
  usageFile: string | undefined;
}

export const VERIFY_USAGE = `usage: tierwise verify --site ID --data FILE [folder] [options]
       tierwise verify --check [folder] [--max-age-days N] [--format text|json|markdown]

verify: runs the call site's prompt with each line of FILE (JSONL: one object per line giving the
prompt's run-time fields, "$expected" optional) on the Haiku and Sonnet tiers, grades Haiku's answers,
and prints the error rate with its 95% interval against the threshold. Exit 0: below the threshold
(move to Haiku); 1: not below (keep on Sonnet) or too few inputs; 2: bad input or nothing sent.
Needs ANTHROPIC_API_KEY (ANTHROPIC_BASE_URL is honoured).
--check: exit 1 when a task type the registry routes to Haiku has no verification in .tierwise.json,
one older than --max-age-days (default 90), or one made on other models than the registry's.

options:
  --site ID                call-site id, as in tierwise scan --format json (path#function[#n])
  --data FILE              the dataset (JSONL)
  --threshold X            largest error rate that moves the task type (default 0.05 = 5%)
  --format text|json|markdown
  --grade label|json|rubric   how Haiku's answers are graded (default: from the task type)
  --rubric TEXT|@FILE      the grader's rubric (rubric grading)
  --schema FILE            JSON Schema the answers must satisfy (json grading; default: from the code)
  --grader MODEL           grader model (default: the Haiku tier)
  --haiku MODEL / --sonnet MODEL   tier models (default: .tierwise.json's tiers, else the current models)
  --no-batch               direct requests instead of the Message Batches API (full price)
  --concurrency N          direct requests in flight (default 4)
  --min-inputs N           fewest graded inputs that decide (default 30)
  --latency-sample N       inputs timed with direct requests when batched (default 10; 0: none)
  --max-usd X              refuse to run when the estimate is above X
  --dry-run                print what would be sent and the local estimate; send nothing
  -y, --yes                send without asking (needed when not run in a terminal)
  --record                 when below the threshold, write the verification to .tierwise.json
  --usage FILE             the usage file (default: <folder>/.tierwise.json)
`;

function num(raw: string | undefined, name: string, test: (n: number) => boolean, rule: string): number | undefined {
  if (raw === undefined) return undefined;
  const n = /^\s*-?(\d+(\.\d*)?|\.\d+)\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(n) || !test(n)) throw new UsageError(`--${name} must be ${rule}, not "${raw}"`);
  return n;
}

export function parseVerifyArgs(argv: readonly string[]): VerifyCommand | VerifyCheckCommand | { command: 'help-verify' } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        site: { type: 'string' },
        data: { type: 'string' },
        threshold: { type: 'string' },
        format: { type: 'string', short: 'f' },
        grade: { type: 'string' },
        rubric: { type: 'string' },
        schema: { type: 'string' },
        grader: { type: 'string' },
        haiku: { type: 'string' },
        sonnet: { type: 'string' },
        'no-batch': { type: 'boolean' },
        concurrency: { type: 'string' },
        'min-inputs': { type: 'string' },
        'latency-sample': { type: 'string' },
        'max-usd': { type: 'string' },
        'dry-run': { type: 'boolean' },
        yes: { type: 'boolean', short: 'y' },
        record: { type: 'boolean' },
        usage: { type: 'string' },
        timeout: { type: 'string' },
        check: { type: 'boolean' },
        'max-age-days': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError(`verify: ${(e as Error).message}`);
  }
  const v = parsed.values;
  if (v.help) return { command: 'help-verify' };
  if (parsed.positionals.length > 1) throw new UsageError('tierwise verify takes at most one folder');
  const folder = parsed.positionals[0] ?? '.';
  const format = (v.format ?? 'text') === 'table' ? 'text' : (v.format ?? 'text');
  if (format !== 'text' && format !== 'json' && format !== 'markdown') throw new UsageError(`--format must be text, json or markdown, not "${v.format}"`);
  if (v.check) {
    for (const flag of ['site', 'data', 'threshold', 'grade', 'record', 'yes'] as const) if (v[flag] !== undefined) throw new UsageError(`tierwise verify --check does not take --${flag}`);
    const maxAgeDays = num(v['max-age-days'], 'max-age-days', (n) => n >= 0, 'a number of days ≥ 0') ?? 90;
    return { command: 'verify-check', folder, maxAgeDays, format, usageFile: v.usage };
  }
  if (v['max-age-days'] !== undefined) throw new UsageError('--max-age-days goes with --check');
  if (!v.site?.trim()) throw new UsageError('tierwise verify needs --site ID (a call-site id from tierwise scan --format json)');
  if (!v.data?.trim()) throw new UsageError('tierwise verify needs --data FILE (a JSONL dataset)');
  if (v.grade !== undefined && !GRADING_MODES.includes(v.grade as GradingMode)) throw new UsageError(`--grade must be ${GRADING_MODES.join(', ')}, not "${v.grade}"`);
  return {
    command: 'verify',
    folder,
    site: v.site.trim(),
    data: v.data,
    threshold: num(v.threshold, 'threshold', (n) => n > 0 && n < 1, 'a fraction between 0 and 1 (0.05 = 5%)') ?? 0.05,
    format,
    grade: v.grade as GradingMode | undefined,
    rubric: v.rubric,
    schema: v.schema,
    grader: v.grader,
    haikuModel: v.haiku,
    sonnetModel: v.sonnet,
    batch: !v['no-batch'],
    concurrency: num(v.concurrency, 'concurrency', (n) => Number.isInteger(n) && n >= 1 && n <= 64, 'a whole number from 1 to 64') ?? 4,
    minInputs: num(v['min-inputs'], 'min-inputs', (n) => Number.isInteger(n) && n >= 1, 'a whole number ≥ 1') ?? 30,
    latencySample: num(v['latency-sample'], 'latency-sample', (n) => Number.isInteger(n) && n >= 0 && n <= 100, 'a whole number from 0 to 100') ?? 10,
    yes: v.yes === true,
    dryRun: v['dry-run'] === true,
    record: v.record === true,
    maxUsd: num(v['max-usd'], 'max-usd', (n) => n >= 0, 'a number of dollars ≥ 0'),
    usageFile: v.usage,
    timeoutSeconds: num(v.timeout, 'timeout', (n) => n > 0, 'a number of seconds > 0') ?? 120,
  };
}

/** What the command line reaches outside its arguments; tests pass their own. */
export interface VerifyIo {
  env: Record<string, string | undefined>;
  /** A terminal to ask in; undefined: none (then --yes is required). */
  ask?: (question: string) => Promise<boolean>;
  /** Ctrl+C: cancels the run (the batch too); what finished is reported. */
  signal?: AbortSignal;
  /** Progress lines (stderr in a terminal); default none. */
  progress?: (line: string) => void;
  now?: () => Date;
  pollDelayMs?: (poll: number) => number;
}

const infer: InferFn = (call, override) => inferTaskType(call, override ?? undefined);

function loadUsage(file: string, explicit: boolean, err: (s: string) => void): LoadedUsage | null {
  if (!existsSync(file)) {
    if (explicit) {
      err(`tierwise: usage file not found: ${file}\n`);
      return null;
    }
    return EMPTY_USAGE;
  }
  const size = statSync(file).size;
  if (size > 5 * 1024 * 1024) return tooLargeUsageFile(size, path.basename(file));
  return parseUsageFile(readFileSync(file, 'utf8'), path.basename(file));
}

export async function runVerify(c: VerifyCommand, out: (s: string) => void, err: (s: string) => void, cwd: string, io: VerifyIo): Promise<number> {
  const root = path.resolve(cwd, c.folder);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    err(`tierwise: no such folder: ${root}\n`);
    return 2;
  }
  const dataFile = path.resolve(cwd, c.data);
  let dataText: string;
  try {
    if (statSync(dataFile).size > MAX_DATASET_BYTES) {
      err(`tierwise: ${c.data} is larger than ${MAX_DATASET_BYTES / 1048576} MB\n`);
      return 2;
    }
    dataText = readFileSync(dataFile, 'utf8');
  } catch {
    err(`tierwise: dataset not found: ${dataFile}\n`);
    return 2;
  }
  const usageFile = c.usageFile ? path.resolve(cwd, c.usageFile) : path.join(root, USAGE_FILE_NAME);
  const usage = loadUsage(usageFile, !!c.usageFile, err);
  if (!usage) return 2;

  // Find the call site (the same scan as `tierwise scan`).
  const where = parseWorkerPath();
  const pool = where ? new ParsePool(where, { size: 1, fileTimeoutMs: 10_000 }) : undefined;
  let scanned;
  try {
    scanned = await scanWorkspace(root, [], { pool });
  } finally {
    await pool?.close();
  }
  const analysis = analyzeCallsDetailed(scanned.calls, scanned.ids, { root, usage, infer, settings: { forcedTiers: { haiku: c.haikuModel, sonnet: c.sonnetModel } } });
  const found = analysis.sites.find((s) => s.site.id === c.site);
  if (!found) {
    const near = analysis.sites.map((s) => s.site.id).filter((id) => id.includes(c.site.split('#').pop() ?? c.site) || id.startsWith(c.site.split('#')[0]!));
    err(`tierwise: no call site "${c.site}" in ${root}.${near.length ? ` Did you mean ${near.slice(0, 5).map((n) => `"${n}"`).join(', ')}?` : ' List them with tierwise scan --format json.'}\n`);
    return 2;
  }
  const taskType = found.inference.taskType;
  const site = verifySite(found.call, taskType);
  if (site.blocked) {
    err(`tierwise: ${site.blocked}\n`);
    return 2;
  }
  const draft = await draftFromCall(found.call, (f) => {
    const p = path.resolve(root, f);
    return p.startsWith(root) && existsSync(p) ? readFileSync(p, 'utf8') : null;
  });
  const dataset = parseDataset(dataText, draft.fields);
  const rel = path.relative(root, dataFile).split(path.sep).join('/');
  if (dataset.problems.length) {
    for (const line of formatDatasetProblems(dataset.problems, c.data)) err(`tierwise: ${line}\n`);
    err(`tierwise: the dataset has problems; nothing was sent. Its keys must be the prompt's fields: ${draft.fields.map((f) => `"${f}"`).join(', ') || '(none)'}.\n`);
    return 2;
  }
  for (const line of formatDatasetProblems(dataset.warnings, c.data)) err(`tierwise: warning: ${line}\n`);

  const models = { haiku: analysis.report.pricing.tiers.haiku, sonnet: analysis.report.pricing.tiers.sonnet };
  const tools = draft.prompt.tools;
  const mode = c.grade ?? defaultGradingMode(taskType, suggestedSchema(found.call.outputSchema, tools) !== null);
  let schema: Record<string, unknown> | null = mode === 'json' ? suggestedSchema(found.call.outputSchema, tools) : null;
  if (c.schema) {
    try {
      schema = JSON.parse(readFileSync(path.resolve(cwd, c.schema), 'utf8')) as Record<string, unknown>;
    } catch (e) {
      err(`tierwise: --schema ${c.schema}: ${(e as Error).message}\n`);
      return 2;
    }
  }
  if (schema) {
    const bad = schemaProblem(schema);
    if (bad) {
      err(`tierwise: the JSON Schema does not compile: ${bad}\n`);
      return 2;
    }
  }
  let rubric = defaultVerifyRubric(taskType);
  if (c.rubric) {
    try {
      rubric = c.rubric.startsWith('@') ? readFileSync(path.resolve(cwd, c.rubric.slice(1)), 'utf8') : c.rubric;
    } catch (e) {
      err(`tierwise: --rubric ${c.rubric}: ${(e as Error).message}\n`);
      return 2;
    }
  }
  const spec: VerifySpec = {
    siteId: found.site.id,
    taskKey: site.taskKey,
    taskType,
    prompt: draft.prompt,
    fields: draft.fields,
    models: { ...models, grader: c.grader ?? models.haiku },
    grading: { mode, rubric, schema },
    threshold: c.threshold,
    minInputs: c.minInputs,
    dataset: { file: rel.startsWith('..') ? dataFile : rel, hash: dataset.hash, n: dataset.items.length },
    useBatches: c.batch,
    latencySample: c.latencySample,
  };
  const baseURL = io.env.ANTHROPIC_BASE_URL?.trim() || undefined;
  const host = (() => {
    try {
      return new URL(baseURL ?? 'https://api.anthropic.com').host;
    } catch {
      return baseURL ?? 'api.anthropic.com';
    }
  })();
  const local = await estimateVerification(spec, dataset.items, { priceBook: analysis.book });
  err(whatIsSent(spec, dataset.items, local, host));
  if (c.dryRun) {
    err('tierwise: --dry-run: nothing was sent.\n');
    return 0;
  }
  const apiKey = io.env.ANTHROPIC_API_KEY?.trim();
  if (!apiKey) {
    err('tierwise: ANTHROPIC_API_KEY is not set; nothing was sent.\n');
    return 2;
  }
  if (!c.yes) {
    if (!io.ask) {
      err('tierwise: not a terminal: add --yes to send these requests (or --dry-run to see them only); nothing was sent.\n');
      return 2;
    }
    if (!(await io.ask(`Count the tokens of ${Math.min(5, dataset.items.length)} sample inputs (count_tokens, free), then confirm the cost? [y/N] `))) {
      err('tierwise: nothing was sent.\n');
      return 2;
    }
  }
  const client = createCompareClient({ apiKey, baseURL, timeoutMs: c.timeoutSeconds * 1000, maxRetries: 2 });
  const estimate = await estimateVerification(spec, dataset.items, {
    priceBook: analysis.book,
    count: (model, request) => countInputTokens(client, model, { system: request.system ?? '', messages: request.messages, tools: request.tools ?? [], maxTokens: request.max_tokens, temperature: null }, io.signal),
  });
  const bound = spec.useBatches ? estimate.usd.batch : estimate.usd.direct;
  err(`tierwise: estimated cost at most ${bound === null ? 'unknown (a model has no price)' : usd(bound)} (${estimate.source} on ${estimate.sampled} sample inputs × ${estimate.n}${spec.useBatches ? `; up to ${usd(estimate.usd.direct)} if batches are unavailable and direct requests are used` : ''}).\n`);
  if (c.maxUsd !== undefined && (bound === null || bound > c.maxUsd)) {
    err(`tierwise: the estimate is above --max-usd ${c.maxUsd}; nothing more was sent.\n`);
    return 2;
  }
  if (!c.yes && io.ask && !(await io.ask(`Run for at most ${bound === null ? 'an unknown amount' : usd(bound)}? [y/N] `))) {
    err('tierwise: not run.\n');
    return 2;
  }
  let lastLine = '';
  let report;
  try {
    report = await runVerification(spec, dataset.items, {
      client,
      priceBook: analysis.book,
      signal: io.signal ?? new AbortController().signal,
      concurrency: c.concurrency,
      timeoutMs: c.timeoutSeconds * 1000,
      pollDelayMs: io.pollDelayMs,
      now: io.now,
      onCheckpoint: (cp) => {
        if (cp.generateBatchId && !lastLine.includes(cp.generateBatchId)) io.progress?.(`batch ${cp.generateBatchId} created (it goes on at Anthropic if this command stops)`);
      },
      onProgress: (p) => {
        if (p.message !== lastLine) {
          lastLine = p.message;
          io.progress?.(p.message);
        }
      },
    });
  } catch (e) {
    err(`tierwise: the verification stopped: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  out(c.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : c.format === 'markdown' ? reportMarkdown(report) : reportText(report));
  if (c.record) {
    if (report.decision !== 'move') err(`tierwise: not recorded: the decision is "${report.decision}", not a move to Haiku.\n`);
    else {
      const text = existsSync(usageFile) ? readFileSync(usageFile, 'utf8') : null;
      try {
        const next = applyJsonEdits(text ?? '', recordEdits(text, spec.taskKey, recordOf(report, [spec.siteId], (io.now?.() ?? new Date()).toISOString().slice(0, 10))));
        writeAtomically(usageFile, next);
        err(`tierwise: recorded the verification of ${spec.taskKey} in ${path.relative(cwd, usageFile) || usageFile}.\n`);
      } catch (e) {
        err(`tierwise: not recorded: ${e instanceof Error ? e.message : String(e)}.\n`);
        return 2;
      }
    }
  }
  return report.decision === 'move' ? 0 : 1;
}

/** Write to a temporary file in the same folder, then rename over the target: a crash leaves the old file, never half a new one. */
export function writeAtomically(file: string, text: string): void {
  const dir = mkdtempSync(path.join(path.dirname(file), '.tierwise-tmp-'));
  const temp = path.join(dir, path.basename(file));
  try {
    writeFileSync(temp, text, 'utf8');
    renameSync(temp, file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function whatIsSent(spec: VerifySpec, items: Parameters<typeof estimateVerification>[1], e: Awaited<ReturnType<typeof estimateVerification>>, host: string): string {
  const first = items[0];
  const lines = [`tierwise verify: ${spec.taskKey} (${spec.siteId}) with ${spec.dataset.file} · ${items.length} inputs · ${spec.dataset.hash.slice(0, 19)}…`];
  lines.push(`  sends to ${host}: ${items.length} inputs on ${spec.models.haiku} and ${spec.models.sonnet} (${e.requests.answers} requests${spec.useBatches ? ' in one Message Batch, 50% off' : ', direct'})`);
  if (e.requests.latency) lines.push(`  + ${e.requests.latency} direct requests timing ${e.requests.latency / 2} inputs on each tier (latency)`);
  if (e.requests.grades) lines.push(`  + ${e.requests.grades} grading requests on ${spec.models.grader} (rubric), each with the prompt, Haiku's answer and the reference`);
  lines.push(`  grading: ${spec.grading.mode} · threshold ${formatPercent(spec.threshold)} · decides with at least ${spec.minInputs} graded inputs`);
  if (first) {
    const { request } = buildRequest(spec.models.haiku, fillPrompt(spec.prompt, first.fields, spec.fields));
    const cut = (s: string) => (s.length > 300 ? `${s.slice(0, 299)}…` : s).replace(/\n/g, '\n      ');
    lines.push(`  each request is the call's prompt with one line's values; the first (${first.id}):`);
    if (request.system) lines.push(`    system: ${cut(request.system)}`);
    for (const m of request.messages) lines.push(`    ${m.role}: ${cut(m.content)}`);
  }
  const bound = spec.useBatches ? e.usd.batch : e.usd.direct;
  lines.push(`  local estimate: at most ${bound === null ? 'unknown (a model has no price)' : usd(bound)}${spec.useBatches ? ` (batch price; ${usd(e.usd.direct)} with direct requests)` : ''}`);
  return `${lines.join('\n')}\n`;
}

export async function runVerifyCheck(c: VerifyCheckCommand, out: (s: string) => void, err: (s: string) => void, cwd: string, io: Pick<VerifyIo, 'now'>): Promise<number> {
  const root = path.resolve(cwd, c.folder);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    err(`tierwise: no such folder: ${root}\n`);
    return 2;
  }
  const usageFile = c.usageFile ? path.resolve(cwd, c.usageFile) : path.join(root, USAGE_FILE_NAME);
  if (c.usageFile && !existsSync(usageFile)) {
    err(`tierwise: usage file not found: ${usageFile}\n`);
    return 2;
  }
  const usageText = existsSync(usageFile) ? readFileSync(usageFile, 'utf8') : null;
  const read = readVerifications(usageText);
  for (const p of read.problems) err(`tierwise: ${path.basename(usageFile)}:${p.line}: ${p.message} (ignored)\n`);
  const usage = usageText ? parseUsageFile(usageText, path.basename(usageFile)) : EMPTY_USAGE;
  const project = new Project(frontEnds());
  const listed = listWorkspaceFiles(root, [], (f) => project.handles(f));
  const registries = [];
  for (const f of listed.files) {
    let text: string;
    try {
      if (statSync(f.abs).size > 1024 * 1024) continue;
      text = readFileSync(f.abs, 'utf8');
    } catch {
      continue;
    }
    const info = registryCandidate(f.rel, text);
    if (info && info.declarationLine !== null) registries.push({ file: f.rel, info });
  }
  const { book } = analyzeCallsDetailed([], [], { root, usage, infer });
  const result = checkVerifications({ registries, verifications: read.records, book, today: io.now?.() ?? new Date(), maxAgeDays: c.maxAgeDays });
  if (c.format === 'json') out(`${JSON.stringify({ ok: result.problems.length === 0, maxAgeDays: c.maxAgeDays, ...result }, null, 2)}\n`);
  else if (c.format === 'markdown') {
    const lines = ['## Tierwise verification check', ''];
    if (!result.checked.length) lines.push('No registry entry routes a task type to Haiku.');
    for (const r of result.checked) lines.push(`- ${r.ok ? '✅' : '❌'} \`${r.task}\` → \`${r.model}\` (${r.file}:${r.line})`);
    if (result.problems.length) lines.push('', ...result.problems.map((p) => `- ${p.message}`));
    out(`${lines.join('\n')}\n`);
  } else {
    if (!registries.length) out('No task-type registry found.\n');
    else if (!result.checked.length) out('No registry entry routes a task type to Haiku.\n');
    for (const r of result.checked) out(`${r.ok ? 'ok  ' : 'FAIL'} ${r.task} → ${r.model} (${r.file}:${r.line})\n`);
    for (const p of result.problems) err(`tierwise: ${p.message}\n`);
  }
  return result.problems.length ? 1 : 0;
}
