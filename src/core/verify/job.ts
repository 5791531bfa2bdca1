// One verification, from dataset to report: both tier models on every input (a Message Batch, or direct requests),
// a latency sample when batched, the grades, the error rate with its interval, the figures of each tier.
// Nothing here reads settings or keys: the client and every choice come in; the checkpoint goes out to be kept.
import type Anthropic from '@anthropic-ai/sdk';
import type { PriceBook } from '../cost/prices';
import { estimateTokens } from '../cost/tokens';
import { callCostUsd } from '../compare/cost';
import { buildRequest, type MessagesRequest } from '../compare/params';
import { fillPrompt } from '../compare/prompt';
import { percentile } from '../compare/stats';
import { decide } from './decide';
import { BatchUnavailable, runBatch, runDirect, type ExecProgress, type ExecRequest } from './execute';
import { gradeItem, graderPrompt, parseGraderAnswer, referenceOf } from './grade';
import type { ComparePrompt, DatasetItem, Disagreement, GradingSpec, ItemGrade, ItemRow, ModelOutput, TierFigures, VerifyReport } from './types';

export type Tier = 'haiku' | 'sonnet';

/** Everything a verification needs besides the client and the dataset's lines; kept in the checkpoint. */
export interface VerifySpec {
  siteId: string;
  /** The registry key the verification is recorded under. */
  taskKey: string;
  taskType: string | null;
  /** The call's prompt with `${field}` markers. */
  prompt: ComparePrompt;
  fields: string[];
  models: { haiku: string; sonnet: string; grader: string };
  grading: GradingSpec;
  threshold: number;
  minInputs: number;
  dataset: { file: string; hash: string; n: number };
  useBatches: boolean;
  /** Inputs timed with direct requests on each tier when the answers come from a batch (which times nothing). */
  latencySample: number;
}

/** What survives a window reload: enough to find the batches again and to check the dataset is the same. */
export interface VerifyCheckpoint {
  version: 1;
  id: string;
  startedAt: string;
  spec: VerifySpec;
  generateBatchId: string | null;
  gradeBatchId: string | null;
  latency: { haiku: number[]; sonnet: number[]; costUsd: number | null } | null;
}

export interface VerifyProgress {
  phase: 'answers' | 'latency' | 'grading' | 'report';
  done: number;
  total: number;
  /** A line for the progress bar: "Batch msgbatch_… in progress: 120 of 400 answered". */
  message: string;
  batchId?: string;
}

export interface RunDeps {
  client: Anthropic;
  priceBook: PriceBook;
  /** Cancel: a batch is cancelled at Anthropic; what finished is graded and reported. */
  signal: AbortSignal;
  /** Let go without cancelling (panel closed, window reloading): the batch goes on; resume with the checkpoint. */
  detach?: AbortSignal;
  /** A run cut short before: its batches are polled and read again, never created twice. */
  checkpoint?: VerifyCheckpoint;
  onCheckpoint?: (cp: VerifyCheckpoint) => void | Promise<void>;
  onProgress?: (p: VerifyProgress) => void;
  pollDelayMs?: (poll: number) => number;
  /** Direct requests in flight at most. */
  concurrency: number;
  /** Limit of one direct request, retries included. */
  timeoutMs: number;
  backoffMs?: (retry: number) => number;
  now?: () => Date;
  newId?: () => string;
}

export const customId = (kind: 'h' | 's' | 'g', index: number): string => `${kind}-${index}`;

/** The request of one input on one model: the call's prompt with the line's values, as that model accepts it. */
export function requestFor(spec: VerifySpec, item: DatasetItem, model: string): MessagesRequest {
  return buildRequest(model, fillPrompt(spec.prompt, item.fields, spec.fields)).request;
}

// ---------------------------------------------------------------------------------------------
// Cost before the run

export interface VerifyEstimate {
  n: number;
  /** Inputs whose tokens were counted; the mean of those × n is the input side of the estimate. */
  sampled: number;
  source: 'count_tokens' | 'local estimate';
  inputTokensPerInput: Record<Tier, number>;
  /** Requests the run sends: answers on both tiers, grades, and the latency sample. */
  requests: { answers: number; grades: number; latency: number };
  /** At most (every answer at max_tokens), USD. Null when a model has no price. */
  usd: { batch: number | null; direct: number | null };
}

/** Evenly spread sample of the items (first, last and between). */
export function sampleItems<T>(items: readonly T[], size: number): T[] {
  if (items.length <= size) return [...items];
  const out: T[] = [];
  for (let i = 0; i < size; i++) out.push(items[Math.round((i * (items.length - 1)) / (size - 1))]!);
  return out;
}

/**
 * The cost before the run: input tokens counted on a sample (count_tokens when `count` is given and answers,
 * else the local estimate) × n, output at max_tokens on every answer; grades and the latency sample added.
 */
export async function estimateVerification(
  spec: VerifySpec,
  items: readonly DatasetItem[],
  o: { priceBook: PriceBook; count?: (model: string, request: MessagesRequest) => Promise<number | null>; sampleSize?: number },
): Promise<VerifyEstimate> {
  const sample = sampleItems(items, o.sampleSize ?? 5);
  const local = (model: string, r: MessagesRequest): number => {
    const text = [r.system ?? '', ...r.messages.map((m) => m.content), r.tools ? JSON.stringify(r.tools) : ''].join('\n');
    return estimateTokens(text, o.priceBook.find(model)?.tokenizer ?? 'claude-2026') + 4 * r.messages.length;
  };
  const tiers: Tier[] = ['haiku', 'sonnet'];
  const sums: Record<Tier, { counted: number; local: number }> = { haiku: { counted: 0, local: 0 }, sonnet: { counted: 0, local: 0 } };
  const counts: Array<Promise<number | null>> = [];
  for (const item of sample) {
    for (const t of tiers) {
      const model = spec.models[t];
      const r = requestFor(spec, item, model);
      sums[t].local += local(model, r);
      // All counts at once: ten quick requests, not ten waits in a row.
      if (o.count) counts.push(o.count(model, r).then((n) => ((sums[t].counted += n ?? 0), n)));
    }
  }
  const counted = counts.length > 0 && (await Promise.all(counts)).every((n) => n !== null);
  const per = (t: Tier): number => (sample.length ? Math.ceil((counted ? sums[t].counted : sums[t].local) / sample.length) : 0);
  const inputTokensPerInput = { haiku: per('haiku'), sonnet: per('sonnet') };
  const n = items.length;
  const maxOut = Math.max(1, Math.floor(spec.prompt.maxTokens));
  const grades = spec.grading.mode === 'rubric' ? n : 0;
  const latencyInputs = spec.useBatches ? Math.min(spec.latencySample, n) : 0;
  const one = (t: Tier): number | null => callCostUsd(o.priceBook, spec.models[t], { input: inputTokensPerInput[t], output: maxOut, cacheRead: 0, cacheWrite: 0 });
  const grade = (): number | null => {
    const rubricTokens = estimateTokens(spec.grading.rubric, 'claude-2026');
    return callCostUsd(o.priceBook, spec.models.grader, { input: inputTokensPerInput.sonnet + 2 * maxOut + rubricTokens + 120, output: 200, cacheRead: 0, cacheWrite: 0 });
  };
  const h = one('haiku');
  const s = one('sonnet');
  const g = grades ? grade() : 0;
  const total = (factor: number, latency: number): number | null =>
    h === null || s === null || g === null ? null : factor * (n * (h + s) + grades * g) + latency * (h + s);
  return {
    n,
    sampled: sample.length,
    source: counted ? 'count_tokens' : 'local estimate',
    inputTokensPerInput,
    requests: { answers: 2 * n, grades, latency: 2 * latencyInputs },
    usd: { batch: spec.useBatches ? total(0.5, latencyInputs) : null, direct: total(1, 0) },
  };
}

// ---------------------------------------------------------------------------------------------
// The run

const notRun = (why: string): ModelOutput => ({ status: 'not-run', text: '', usage: null, stopReason: null, error: why, latencyMs: null });

/** Runs (or resumes) a verification and returns its report. Throws only what cannot be reported (see execute.ts). */
export async function runVerification(spec: VerifySpec, items: readonly DatasetItem[], deps: RunDeps): Promise<VerifyReport> {
  const now = deps.now ?? (() => new Date());
  const cp: VerifyCheckpoint = deps.checkpoint
    ? { ...deps.checkpoint, spec }
    : { version: 1, id: deps.newId?.() ?? `v${now().getTime().toString(36)}`, startedAt: now().toISOString(), spec, generateBatchId: null, gradeBatchId: null, latency: null };
  const save = async (): Promise<void> => {
    await deps.onCheckpoint?.({ ...cp });
  };
  const progress = (p: VerifyProgress): void => deps.onProgress?.(p);
  const notes: string[] = [];
  let mode: 'batch' | 'direct' = spec.useBatches ? 'batch' : 'direct';
  const out: Record<Tier, ModelOutput[]> = { haiku: items.map(() => notRun('not run')), sonnet: items.map(() => notRun('not run')) };
  const byId = new Map<string, { tier: Tier; index: number }>();
  const requests: ExecRequest[] = [];
  for (const item of items) {
    for (const [tier, kind] of [['haiku', 'h'], ['sonnet', 's']] as const) {
      const id = customId(kind, item.index);
      byId.set(id, { tier, index: item.index });
      requests.push({ customId: id, params: requestFor(spec, item, spec.models[tier]) });
    }
  }
  const put = (id: string, o: ModelOutput): void => {
    const at = byId.get(id);
    if (at) out[at.tier][at.index] = o;
  };
  let cancelled = false;
  let batchCostFactor = 1;

  // 1. Answers on both tiers.
  const answersProgress = (p: ExecProgress): void =>
    progress({
      phase: 'answers',
      done: p.done,
      total: p.total,
      batchId: p.batchId,
      message: p.batchId
        ? `Batch ${p.batchId} ${p.status === 'ended' ? 'ended' : p.status === 'reading results' ? 'ended; reading its results' : (p.status ?? 'in_progress').replace('_', ' ')}: ${p.done} of ${p.total} answers`
        : `${p.done} of ${p.total} answers (direct requests)`,
    });
  if (mode === 'batch') {
    try {
      const r = await runBatch(deps.client, requests, {
        signal: deps.signal,
        detach: deps.detach,
        batchId: cp.generateBatchId,
        pollDelayMs: deps.pollDelayMs,
        onCreated: async (id) => {
          cp.generateBatchId = id;
          await save();
        },
        onProgress: answersProgress,
      });
      for (const [id, o] of r.outputs) put(id, o);
      cancelled = r.cancelled;
      batchCostFactor = 0.5;
    } catch (e) {
      if (!(e instanceof BatchUnavailable)) throw e;
      notes.push(`${e.message} The answers came from direct requests at the full price.`);
      mode = 'direct';
    }
  }
  if (mode === 'direct') {
    const r = await runDirect(deps.client, requests, {
      signal: deps.signal,
      concurrency: deps.concurrency,
      timeoutMs: deps.timeoutMs,
      backoffMs: deps.backoffMs,
      onOutput: put,
      onProgress: answersProgress,
    });
    cancelled = r.cancelled;
    if (r.rateLimited) notes.push(`Rate limited ${r.rateLimited} time${r.rateLimited === 1 ? '' : 's'}: Tierwise slowed down and retried as the API asked.`);
  }

  // 2. Latency: a batch times nothing, so a few inputs are sent directly on each tier.
  let latency: Record<Tier, number[]> = { haiku: [], sonnet: [] };
  let latencyCost: number | null = 0;
  if (mode === 'batch' && !cancelled && spec.latencySample > 0) {
    if (cp.latency) {
      latency = { haiku: cp.latency.haiku, sonnet: cp.latency.sonnet };
      latencyCost = cp.latency.costUsd;
    } else {
      const chosen = items.filter((it) => out.haiku[it.index]!.status === 'succeeded' && out.sonnet[it.index]!.status === 'succeeded').slice(0, spec.latencySample);
      const reqs: ExecRequest[] = chosen.flatMap((it) => [
        { customId: `lh-${it.index}`, params: requestFor(spec, it, spec.models.haiku) },
        { customId: `ls-${it.index}`, params: requestFor(spec, it, spec.models.sonnet) },
      ]);
      if (reqs.length) {
        const r = await runDirect(deps.client, reqs, {
          signal: deps.signal,
          concurrency: 2,
          timeoutMs: deps.timeoutMs,
          backoffMs: deps.backoffMs,
          onProgress: (p) => progress({ phase: 'latency', done: p.done, total: p.total, message: `Timing ${chosen.length} inputs with direct requests: ${p.done} of ${p.total}` }),
        });
        for (const [id, o] of r.outputs) {
          if (o.status !== 'succeeded' || o.latencyMs === null) continue;
          const tier: Tier = id.startsWith('lh-') ? 'haiku' : 'sonnet';
          latency[tier].push(o.latencyMs);
          const c = o.usage ? callCostUsd(deps.priceBook, spec.models[tier], o.usage) : null;
          latencyCost = latencyCost === null || c === null ? null : latencyCost + c;
        }
        cancelled ||= r.cancelled;
        cp.latency = { haiku: latency.haiku, sonnet: latency.sonnet, costUsd: latencyCost };
        await save();
      }
    }
  } else if (mode === 'direct') {
    for (const tier of ['haiku', 'sonnet'] as const) for (const o of out[tier]) if (o.status === 'succeeded' && o.latencyMs !== null) latency[tier].push(o.latencyMs);
  }

  // 3. Grades: local checks, or the grader model for free text.
  const grades: Array<ItemGrade | null> = items.map((it) => gradeItem(spec.grading, it.expected, out.haiku[it.index]!, out.sonnet[it.index]!));
  let gradeCost: number | null = 0;
  const pending = items.filter((it) => grades[it.index] === null);
  if (pending.length && cancelled) {
    for (const it of pending) grades[it.index] = { result: 'excluded', reason: 'not graded: the run was cancelled', reference: null };
  } else if (pending.length) {
    const graderRequests: ExecRequest[] = [];
    const refKinds = new Map<number, 'expected' | 'sonnet'>();
    for (const it of pending) {
      const ref = referenceOf(it.expected, out.sonnet[it.index]!, 'rubric');
      if ('excluded' in ref) continue; // gradeItem excluded these already
      refKinds.set(it.index, ref.kind);
      const refText = typeof ref.value === 'string' ? ref.value : JSON.stringify(ref.value);
      const prompt = graderPrompt(fillPrompt(spec.prompt, it.fields, spec.fields), out.haiku[it.index]!.text, refText, ref.kind, spec.grading.rubric);
      graderRequests.push({ customId: customId('g', it.index), params: buildRequest(spec.models.grader, prompt).request });
    }
    const gradeProgress = (p: ExecProgress): void =>
      progress({ phase: 'grading', done: p.done, total: p.total, batchId: p.batchId, message: `Grading with ${spec.models.grader}${p.batchId ? ` (batch ${p.batchId})` : ''}: ${p.done} of ${p.total}` });
    let graded: Map<string, ModelOutput> | null = null;
    let gradeFactor = 1;
    if (mode === 'batch') {
      try {
        const r = await runBatch(deps.client, graderRequests, {
          signal: deps.signal,
          detach: deps.detach,
          batchId: cp.gradeBatchId,
          pollDelayMs: deps.pollDelayMs,
          onCreated: async (id) => {
            cp.gradeBatchId = id;
            await save();
          },
          onProgress: gradeProgress,
        });
        graded = r.outputs;
        cancelled ||= r.cancelled;
        gradeFactor = 0.5;
      } catch (e) {
        if (!(e instanceof BatchUnavailable)) throw e;
        notes.push(`${e.message} Grades came from direct requests.`);
      }
    }
    if (!graded) {
      const r = await runDirect(deps.client, graderRequests, { signal: deps.signal, concurrency: deps.concurrency, timeoutMs: deps.timeoutMs, backoffMs: deps.backoffMs, onProgress: gradeProgress });
      graded = r.outputs;
      cancelled ||= r.cancelled;
    }
    for (const it of pending) {
      const o = graded.get(customId('g', it.index));
      const kind = refKinds.get(it.index) ?? null;
      if (!o) continue;
      if (o.usage) {
        const c = callCostUsd(deps.priceBook, spec.models.grader, o.usage);
        gradeCost = gradeCost === null || c === null ? null : gradeCost + c * gradeFactor;
      }
      if (o.status !== 'succeeded') {
        grades[it.index] = { result: 'excluded', reason: `not graded: the grader ${o.error ?? o.status}`, reference: kind };
        continue;
      }
      const verdict = parseGraderAnswer(o.text);
      grades[it.index] = verdict
        ? { result: verdict.pass ? 'pass' : 'fail', reason: verdict.reason, reference: kind }
        : { result: 'excluded', reason: `not graded: the grader did not answer {"pass": …, "reason": …} (${o.text.trim().slice(0, 120) || 'empty'})`, reference: kind };
    }
  }

  progress({ phase: 'report', done: items.length, total: items.length, message: 'Making the report' });
  // 4. The report.
  let answerCost: number | null = 0;
  for (const tier of ['haiku', 'sonnet'] as const) {
    for (const o of out[tier]) {
      if (!o.usage) continue;
      const c = callCostUsd(deps.priceBook, spec.models[tier], o.usage);
      answerCost = answerCost === null || c === null ? null : answerCost + c * batchCostFactor;
    }
  }
  const runCostUsd = answerCost === null || gradeCost === null || latencyCost === null ? null : answerCost + gradeCost + latencyCost;
  return buildReport(spec, items, out, grades as ItemGrade[], {
    priceBook: deps.priceBook,
    latency,
    mode,
    runCostUsd,
    cancelled,
    notes,
    date: now().toISOString(),
  });
}

/** Longest field value, answer or reference shown in a disagreement. */
const SHOWN_CHARS = 4000;
const clip = (s: string, max = SHOWN_CHARS): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

export function buildReport(
  spec: VerifySpec,
  items: readonly DatasetItem[],
  out: Record<Tier, ModelOutput[]>,
  grades: readonly ItemGrade[],
  x: { priceBook: PriceBook; latency: Record<Tier, number[]>; mode: 'batch' | 'direct'; runCostUsd: number | null; cancelled: boolean; notes: string[]; date: string },
): VerifyReport {
  let n = 0;
  let errors = 0;
  const failures: VerifyReport['failures'] = [];
  const disagreements: Disagreement[] = [];
  const rows: ItemRow[] = [];
  for (const it of items) {
    const g = grades[it.index] ?? { result: 'excluded' as const, reason: 'not graded', reference: null };
    rows.push({ index: it.index, id: it.id, line: it.line, result: g.result, reason: g.reason });
    if (g.result === 'excluded') {
      failures.push({ index: it.index, id: it.id, line: it.line, reason: g.reason });
      continue;
    }
    n++;
    if (g.result === 'pass') continue;
    errors++;
    const refKind = g.reference ?? 'sonnet';
    const refValue = refKind === 'expected' ? it.expected : out.sonnet[it.index]!.text;
    disagreements.push({
      index: it.index,
      id: it.id,
      line: it.line,
      fields: Object.fromEntries(Object.entries(it.fields).map(([k, v]) => [k, clip(v, 1000)])),
      haiku: clip(out.haiku[it.index]!.text),
      reference: clip(typeof refValue === 'string' ? refValue : JSON.stringify(refValue, null, 2)),
      referenceKind: refKind,
      reason: g.reason,
    });
  }
  // Sonnet against the expected answers, where the lines have them (label and JSON grading only).
  let sonnetVsExpected: VerifyReport['sonnetVsExpected'] = null;
  if (spec.grading.mode !== 'rubric') {
    let sn = 0;
    let se = 0;
    for (const it of items) {
      if (it.expected === null || out.sonnet[it.index]!.status !== 'succeeded') continue;
      const g = gradeItem(spec.grading, it.expected, out.sonnet[it.index]!, out.sonnet[it.index]!);
      if (!g || g.result === 'excluded') continue;
      sn++;
      if (g.result === 'fail') se++;
    }
    if (sn > 0) sonnetVsExpected = { n: sn, errors: se };
  }
  const d = decide({ n, errors, threshold: spec.threshold, minInputs: spec.minInputs });
  const figures = (tier: Tier): TierFigures => {
    const ok = out[tier].filter((o) => o.status === 'succeeded' && o.usage);
    const costs = ok.map((o) => callCostUsd(x.priceBook, spec.models[tier], o.usage!));
    const known = costs.every((c) => c !== null) && costs.length > 0;
    const lat = x.latency[tier];
    return {
      model: spec.models[tier],
      costPer1k: known ? ((costs as number[]).reduce((a, b) => a + b, 0) / costs.length) * 1000 : null,
      latencyP50Ms: percentile(lat, 50),
      latencyP95Ms: percentile(lat, 95),
      latencySamples: lat.length,
      meanOutputTokens: ok.length ? ok.reduce((a, o) => a + o.usage!.output, 0) / ok.length : null,
      succeeded: ok.length,
    };
  };
  const notes = [...x.notes];
  if (x.cancelled) notes.push('The run was cancelled: the figures cover what finished before.');
  const excludedCount = failures.length;
  if (excludedCount) notes.push(`${excludedCount} of ${items.length} input${items.length === 1 ? ' was' : 's were'} not graded (listed under "Not graded") and do not count in the error rate.`);
  return {
    version: 1,
    date: x.date,
    site: { id: spec.siteId, taskKey: spec.taskKey },
    models: { haiku: spec.models.haiku, sonnet: spec.models.sonnet, grader: spec.grading.mode === 'rubric' ? spec.models.grader : null },
    grading: spec.grading.mode,
    rubric: spec.grading.mode === 'rubric' ? spec.grading.rubric : null,
    threshold: spec.threshold,
    minInputs: spec.minInputs,
    dataset: spec.dataset,
    n,
    errors,
    errorRate: d.errorRate,
    interval: d.interval,
    decision: d.decision,
    decisionText: d.text,
    tiers: { haiku: figures('haiku'), sonnet: figures('sonnet') },
    runCostUsd: x.runCostUsd,
    mode: x.mode,
    sonnetVsExpected,
    excluded: excludedCount,
    failures,
    disagreements,
    items: rows,
    notes,
    cancelled: x.cancelled,
  };
}
