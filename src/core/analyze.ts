import type { CallSite, Inference, ScanReport, ScannedCall, SkippedFile, Tier, Totals } from './types';
import { callSiteIds } from './scan/ids';
import { DEFAULT_TIER } from './infer/tier';
import { buildPriceBook, mergeTables, PRICE_TABLE, statusOn, type ModelPrice, type PriceBook, type PriceOverride, type PriceTable } from './cost/prices';
import { currentPriceOf, type CurrentPriceOrigin } from './cost/providerPrices';
import { providerOf } from './scan/provider';
import { splitRegistryKey } from './registry/route';
import { buildCard } from './infer/card';
import type { JudgeVerdict } from './infer/judge/verdict';
import { hasAcceptedAnswers, inferenceFromAccepted, inferenceFromVerdict } from './infer/judge/apply';
import { judgeKey } from './infer/judge/prompt';
import { estimateCallTokens, type CallTokens } from './cost/estimate';
import { monthlyCostOn, roundMoney, type CostBreakdown, type RequestTokens } from './cost/cost';
import { resolveLoopPlan, type LoopPlan } from './cost/loop';
import { scaleTokens } from './cost/tokens';
import type { CachingOpportunity, LoopInfo, MeasuredInfo, PromptCachingInfo } from './types';
import type { LoadedUsage, UsageFile, UsageProblem } from './usage/usageFile';
import {
  resolveCallsPerDay,
  resolveDynamicInputTokens,
  resolveTokenOverrides,
  taskTypeOverride,
  unusedCallSiteEntries,
  type ResolvedVolume,
  type Sourced,
} from './usage/volume';

// ScannedCall[] → the CLI JSON contract, plus the richer per-site detail the editor shows.
//
// Task type, in order: the usage file's call-site `taskType` > the annotation's `task=` > the registry task
// (`modelFor("x")`, certain) > a Claude verdict not accepted yet (the editor's, for the call's current card) > the
// offline rules. A user-named task is handed to the injected `infer` so it can still apply its tier rules (upgrade
// signals) to it; if `infer` answers with another task type, the named one wins. A usage-file task type that Claude
// answered and the team accepted (`taskTypeSource` and `questions` beside it) takes its tier from those answers.

export const DEFAULT_TIERS = { haiku: 'claude-haiku-5-5', sonnet: 'claude-sonnet-5-5' } as const;

export interface AnalyzeSettings {
  /** Tier models from the settings: the usage file's `tiers` win over them. */
  tiers?: { haiku?: string; sonnet?: string };
  /** Tier models chosen for one run (the CLI's --haiku / --sonnet): they win over the usage file. */
  forcedTiers?: { haiku?: string; sonnet?: string };
  /** Setting / --calls-per-day: the default when the usage file sets none. */
  callsPerDay?: number;
  dynamicInputTokens?: number;
  /** Price overrides from settings; the usage file's `prices` go on top. */
  prices?: Record<string, PriceOverride>;
  /** ISO date at which effective-dated prices are read (default: the price table's `asOf`). */
  date?: string;
  /** Today (ISO), for statuses: a model whose retirement date has come is retired (default: `date`). */
  today?: string;
  /**
   * A team's price table (same schema as the built-in one) on top of the built-in table: `tierwise.prices.file` /
   * `--prices`. `prices` overrides and the usage file's `prices` still go on top of it.
   */
  priceTable?: PriceTable | null;
}

/** A task type the user named for a site (the shape src/core/infer accepts). */
export interface TaskOverride {
  taskType: string;
  source: 'annotation' | 'usage-file';
  /** "the annotation on line 12", ".tierwise.json callSites[…]" */
  detail: string;
}

export type InferFn = (call: ScannedCall, override: TaskOverride | null) => Inference;

export interface AnalyzeContext {
  root: string;
  usage?: LoadedUsage | UsageFile | null;
  settings?: AnalyzeSettings;
  infer: InferFn;
  /** Replaces the built-in table (tests). */
  prices?: PriceTable;
  skipped?: SkippedFile[];
  /** Results kept from the previous run (the editor re-analyses the whole folder on every edit; see SiteMemo). */
  memo?: SiteMemo;
  /**
   * Claude's answers not accepted into the usage file yet, by call-site id (the editor keeps them). One applies only
   * while the call's card is the one it answered (`judgeKey`): after an edit of the prompt the rules speak again.
   */
  verdicts?: Readonly<Record<string, JudgeVerdict>>;
}

/**
 * A call site's analysis depends only on the call, its id, the usage file, the settings and the price table. The
 * editor keeps the last run's results: a call that comes back unchanged (the same call, id and context) gets the
 * very same object, so an edit costs the calls it changed, and the caller can spot unchanged results by identity.
 * Only the results of the last run are kept, so nothing piles up.
 */
export interface SiteMemo {
  context: string;
  table: PriceTable | undefined;
  previous: Map<string, { site: AnalyzedSite; warning?: string }>;
}

export function createSiteMemo(): SiteMemo {
  return { context: '', table: undefined, previous: new Map() };
}

export interface TierCost {
  model: string;
  tokens: CallTokens;
  cost: CostBreakdown;
  /** The request as priced (tokens, turns, caching inputs), to price variations of it (the caching opportunity). */
  request?: RequestTokens;
}

/** Everything about one call site: the contract record and what explains it. */
export interface AnalyzedSite {
  site: CallSite;
  call: ScannedCall;
  inference: Inference;
  /** Tokens as reported in `site.tokens` (current model's tokenizer when priced, else the recommended tier's). */
  tokens: CallTokens;
  haiku: TierCost;
  sonnet: TierCost;
  current: TierCost | null;
  /** Why `current` is null, when it is; or what to know about its price (local model, status, price database). */
  currentNote?: string;
  /** Where the current model's price comes from. */
  currentOrigin: CurrentPriceOrigin;
  volume: ResolvedVolume;
  taskTypeSource: string;
  /** Set when the site is priced per task (an agent loop, a conversation). */
  loopPlan?: LoopPlan | null;
}

export interface Analysis {
  report: ScanReport;
  sites: AnalyzedSite[];
  /** Usage-file problems (invalid file, unknown call-site ids) and configuration warnings. */
  problems: UsageProblem[];
  warnings: string[];
  book: PriceBook;
}

export function analyzeCalls(calls: readonly ScannedCall[], ids: readonly string[] | null, ctx: AnalyzeContext): ScanReport {
  return analyzeCallsDetailed(calls, ids, ctx).report;
}

export function analyzeCallsDetailed(calls: readonly ScannedCall[], idsIn: readonly string[] | null, ctx: AnalyzeContext): Analysis {
  const loaded: LoadedUsage | null = ctx.usage && 'locate' in ctx.usage ? (ctx.usage as LoadedUsage) : null;
  const usage: UsageFile = loaded ? loaded.usage : ((ctx.usage as UsageFile | null | undefined) ?? {});
  const settings = ctx.settings ?? {};
  const warnings: string[] = [];
  const book = buildPriceBook({ ...(settings.prices ?? {}), ...(usage.prices ?? {}) }, mergeTables(ctx.prices ?? PRICE_TABLE, settings.priceTable));
  const date = settings.date ?? book.table.asOf;
  const today = settings.today ?? date;

  // The tier pair: CLI flags (one run) > the usage file's `tiers` (the team's, in the repository) > settings > defaults.
  const tierModel = (tier: Tier): ModelPrice => {
    const wanted = settings.forcedTiers?.[tier] ?? usage.tiers?.[tier] ?? settings.tiers?.[tier] ?? DEFAULT_TIERS[tier];
    const found = book.find(wanted);
    if (found) return found;
    const fallback = book.find(DEFAULT_TIERS[tier]) ?? book.table.models.find((m) => m.family === tier) ?? book.table.models[0];
    warnings.push(`The ${tier} tier model "${wanted}" has no price; using ${fallback.id} instead (add it under "prices" to price it).`);
    return fallback;
  };
  const haikuModel = tierModel('haiku');
  const sonnetModel = tierModel('sonnet');
  const ids = idsIn && idsIn.length === calls.length ? idsIn : callSiteIds(calls);

  const memo = ctx.memo;
  let sites: AnalyzedSite[];
  if (!memo) sites = calls.map((call, i) => analyzeOne(call, ids[i]));
  else {
    const context = JSON.stringify([usage, settings, ctx.verdicts ?? null]);
    if (memo.context !== context || memo.table !== ctx.prices) memo.previous = new Map();
    memo.context = context;
    memo.table = ctx.prices;
    const current: SiteMemo['previous'] = new Map();
    sites = calls.map((call, i) => {
      const key = `${ids[i]}\u0000${JSON.stringify(call)}`;
      let entry = memo.previous.get(key);
      if (entry) {
        if (entry.warning) warnings.push(entry.warning);
      } else {
        const before = warnings.length;
        entry = { site: analyzeOne(call, ids[i]) };
        if (warnings.length > before) entry.warning = warnings.slice(before).join('\n');
      }
      current.set(key, entry);
      return entry.site;
    });
    memo.previous = current;
  }

  const totals: Totals = { allHaiku: 0, allSonnet: 0, recommended: 0, current: 0 };
  for (const s of sites) {
    totals.allHaiku += s.haiku.cost.monthly;
    totals.allSonnet += s.sonnet.cost.monthly;
    totals.recommended += (s.site.recommendedTier === 'haiku' ? s.haiku : s.sonnet).cost.monthly;
    // A site whose current model is unknown is counted at the Sonnet tier: the registry default for anything unknown.
    totals.current += (s.current ?? s.sonnet).cost.monthly;
  }
  for (const k of Object.keys(totals) as (keyof Totals)[]) totals[k] = roundMoney(totals[k]);

  const order = sites.map((_s, i) => i).sort((a, b) => compareSites(sites[a].site, sites[b].site));
  const sorted = order.map((i) => sites[i]);
  const report: ScanReport = {
    version: 1,
    root: ctx.root,
    pricing: { asOf: date, tiers: { haiku: haikuModel.id, sonnet: sonnetModel.id } },
    callSites: sorted.map((s) => s.site),
    totals,
    skipped: [...(ctx.skipped ?? [])],
  };
  const problems = loaded ? [...loaded.problems, ...(loaded.valid ? [...unusedCallSiteEntries(loaded, ids), ...tierSettingsOverridden(loaded, settings)] : [])] : [];
  return { report, sites: sorted, problems, warnings, book };

  function analyzeOne(call: ScannedCall, id: string): AnalyzedSite {
    const override = overrideFor(call, id);
    let raw: Inference;
    try {
      raw = ctx.infer(call, override);
    } catch (e) {
      // One call the inference cannot handle must not take the whole report down: price it as unknown (Sonnet).
      raw = {
        taskType: 'unknown',
        confidence: 0,
        runnerUp: null,
        reasons: [`task type inference failed: ${e instanceof Error ? e.message : String(e)}`],
        recommendedTier: 'sonnet',
        upgradeReasons: [],
        questions: { shortSchemaConstrainedOutput: false, cheapToRecover: false, noMultiStepReasoning: false },
      };
      warnings.push(`${id}: ${raw.reasons[0]}`);
    }
    // The named task is certain; an inference that answered something else is corrected here.
    const named = override ? { task: override.taskType, by: override.detail } : call.registryTask ? { task: splitRegistryKey(call.registryTask).task, by: 'the registry' } : null;
    let inference: Inference =
      named && raw.taskType !== named.task
        ? {
            ...raw,
            taskType: named.task,
            confidence: 1,
            runnerUp: null,
            reasons: [`task type ${named.task} set by ${named.by} (certain)`, ...raw.reasons],
            recommendedTier: DEFAULT_TIER[named.task] ?? 'sonnet',
            upgradeReasons: [],
          }
        : raw;
    if (named) inference = { ...inference, setBy: named.by };
    let taskTypeSource = named ? named.by : 'inferred';
    const siteEntry = usage.callSites?.[id];
    if (override?.source === 'usage-file' && hasAcceptedAnswers(siteEntry)) {
      // Claude's answer, accepted by the team: the tier follows the answers written beside it.
      inference = inferenceFromAccepted(override.taskType, siteEntry, override.detail, inference);
      taskTypeSource = `${inference.judged!.source} (${override.detail})`;
    } else if (!named && ctx.verdicts?.[id]) {
      const v = ctx.verdicts[id];
      if (judgeKey(buildCard(call), v.model) === v.key) {
        inference = inferenceFromVerdict(v, inference);
        taskTypeSource = `${inference.judged!.source} (not accepted)`;
      } else {
        inference = { ...inference, reasons: [...inference.reasons, `Claude's answer (${v.model}, ${v.date}) was for an earlier version of this call: classify it again`] };
      }
    }
    const taskType = inference.taskType;
    const volume = resolveCallsPerDay(id, taskType, call.annotation, usage, settings);
    const inputs = {
      call,
      taskType,
      dynamicInputTokens: resolveDynamicInputTokens(taskType, usage, settings) as Sourced<number>,
      overrides: resolveTokenOverrides(id, taskType, usage),
    };
    // Request options the scanner does not read yet come from the usage file (call-site entry > defaults).
    const entry = usage.callSites?.[id];
    const request0 = { speed: entry?.speed, inferenceGeo: entry?.inferenceGeo ?? usage.defaults?.inferenceGeo };
    // Values past the bounds of limits.ts were capped: say so (the same text once, however many sites share it).
    for (const w of [volume.warning, inputs.dynamicInputTokens.warning, inputs.overrides.input?.warning, inputs.overrides.output?.warning, inputs.overrides.taskOutput?.warning]) {
      if (w && !warnings.includes(w)) warnings.push(w);
    }
    // Several requests per task (an agent loop, a conversation): what the volume counts and how the turns grow.
    const plan = resolveLoopPlan(id, taskType, call, usage, volume);
    const requestsPerDay = plan && plan.volumeCounts === 'tasks' ? volume.value * plan.turns.value : volume.value;
    // Measured cache tokens apply with the measured input they were measured with (not under a hand-written input).
    const measured = usage.callSites?.[id]?.measured;
    const measuredCache =
      measured && entry?.inputTokens === undefined && ((measured.cacheReadTokens ?? 0) > 0 || (measured.cacheWriteTokens ?? 0) > 0)
        ? { read: measured.cacheReadTokens ?? 0, write: measured.cacheWriteTokens ?? 0 }
        : undefined;
    const byGeneration = new Map<string, CallTokens>();
    const price = (model: ModelPrice): TierCost => {
      const tokens = byGeneration.get(model.tokenizer) ?? estimateCallTokens(inputs, model.tokenizer);
      byGeneration.set(model.tokenizer, tokens);
      // A mean input per request (measured or written by hand) already holds the history: no growth on top of it.
      const growth = plan && !inputs.overrides.input ? (plan.addedAsWritten?.value ?? tokens.output + scaleTokens(plan.addedBesidesOutput.value, model.tokenizer)) : 0;
      const request: RequestTokens = {
        input: tokens.input,
        output: tokens.output,
        cachedPrefix: tokens.cachedPrefix,
        cacheTtl: call.cacheTtl,
        batch: call.batch,
        speed: request0.speed,
        inferenceGeo: request0.inferenceGeo,
        ...(plan ? { turns: plan.turns.value, growthPerTurn: growth } : {}),
        automaticPrefix: tokens.staticPrefix,
        ...(measuredCache ? { measuredCache } : {}),
      };
      const cost = monthlyCostOn(model, book, date, request, requestsPerDay);
      return { model: model.id, tokens, cost, request };
    };
    const haiku = price(haikuModel);
    const sonnet = price(sonnetModel);
    // The current model's price: local models cost nothing, our table wins where it knows the model, every other
    // provider's models come from the price database, and a model neither knows has no price (never a guess).
    const provider = providerOf(call);
    const found = currentPriceOf(call.model.resolved, provider, book, date);
    const currentModel = found.model;
    let current = currentModel ? price(currentModel) : null;
    let currentNote: string | undefined;
    if (current?.cost.unknownPrice) {
      currentNote = `${current.cost.unknownPrice}; counted at the Sonnet tier in the current total`;
      current = null;
    } else if (currentModel) {
      const status = statusOn(currentModel, today);
      currentNote =
        status === 'retired'
          ? `${currentModel.id} is retired${currentModel.retires ? ` since ${currentModel.retires}` : ''}: calls to it fail today; priced at its last list price`
          : status === 'deprecated' && currentModel.retires
            ? `${currentModel.id} is deprecated and retires on ${currentModel.retires}`
            : found.origin === 'local' || found.origin === 'price-database'
              ? found.note
              : undefined;
    } else {
      currentNote = call.model.resolved
        ? `${found.note ?? `no price for "${call.model.resolved}" (add it under "prices" in .tierwise.json)`}; counted at the Sonnet tier in the current total`
        : !call.model.expression && call.model.note
          ? `model not resolved: ${call.model.note}; counted at the Sonnet tier in the current total`
          : `model not resolved from \`${call.model.expression || '(none)'}\`; counted at the Sonnet tier in the current total`;
    }
    const shown = current ?? (inference.recommendedTier === 'haiku' ? haiku : sonnet);
    const tokens: CallTokens = { ...shown.tokens, source: `${shown.tokens.source} (${shown.model})` };
    const loop = plan ? loopInfo(plan, shown, volume.value, requestsPerDay, !!inputs.overrides.input) : undefined;
    const promptCaching = cachingInfo(shown);
    const opportunity = current && currentModel && !measuredCache ? cachingOpportunityOf(call, currentModel, current, requestsPerDay) : undefined;
    const measuredInfo = measuredInfoOf(measured, volume.measured === true);
    const site: CallSite = {
      id,
      file: call.file,
      line: call.callee.line,
      column: call.callee.column,
      language: call.language,
      sdk: call.sdk,
      ...(provider !== call.sdk && provider !== 'unknown' ? { provider } : {}),
      api: call.api,
      model: { expression: call.model.expression, resolved: call.model.resolved },
      streaming: call.streaming,
      batch: call.batch,
      cacheControl: call.cacheControl,
      taskType,
      confidence: Math.round(inference.confidence * 100) / 100,
      reasons: inference.reasons,
      recommendedTier: inference.recommendedTier,
      tokens: { input: tokens.input, output: tokens.output, source: tokens.source },
      callsPerDay: requestsPerDay,
      volumeSource: volume.volumeSource,
      monthlyCost: {
        haiku: roundMoney(haiku.cost.monthly),
        sonnet: roundMoney(sonnet.cost.monthly),
        current: current ? roundMoney(current.cost.monthly) : null,
      },
      ...(currentNote ? { currentNote } : {}),
      ...(inference.judged ? { taskTypeSource: inference.judged.accepted ? inference.judged.source : `${inference.judged.source} (not accepted)` } : {}),
      ...(loop ? { loop } : {}),
      ...(promptCaching ? { promptCaching } : {}),
      ...(opportunity ? { cachingOpportunity: opportunity } : {}),
      ...(measuredInfo ? { measured: measuredInfo } : {}),
    };
    return {
      site,
      call,
      inference,
      tokens,
      haiku,
      sonnet,
      current,
      currentNote,
      currentOrigin: current ? found.origin : 'none',
      volume,
      taskTypeSource,
      loopPlan: plan,
    };
  }

  /**
   * A cache_control breakpoint the code lacks and that pays at this volume, on the current model: an Anthropic call
   * (never another provider's: the fix adds a field only Anthropic accepts) whose stable prefix (tools + static system
   * text) reaches the model's minimum cacheable length. Priced with a 5-minute cache at the same volume and turns.
   */
  function cachingOpportunityOf(call: ScannedCall, model: ModelPrice, current: TierCost, requestsPerDay: number): CachingOpportunity | undefined {
    if (call.cacheControl || providerOf(call) !== 'anthropic' || model.provider !== 'anthropic' || !current.request) return undefined;
    const t = current.tokens;
    const breakpoint = t.staticSystem ? 'system' : call.tools.length ? 'tools' : null;
    if (!breakpoint || t.staticPrefix < model.minCacheableTokens || t.staticPrefix <= 0) return undefined;
    const withCache = monthlyCostOn(model, book, date, { ...current.request, cachedPrefix: t.staticPrefix, cacheTtl: '5m' }, requestsPerDay);
    const saving = current.cost.monthly - withCache.monthly;
    if (!(saving >= 0.005)) return undefined;
    return {
      model: model.id,
      breakpoint,
      ttl: '5m',
      prefixTokens: t.staticPrefix,
      minCacheableTokens: model.minCacheableTokens,
      monthlyWithout: roundMoney(current.cost.monthly),
      monthlyWith: roundMoney(withCache.monthly),
      savingPerMonth: roundMoney(saving),
      writesPerDay: Math.round(withCache.cacheWritesPerDay * 100) / 100,
    };
  }

  function overrideFor(call: ScannedCall, id: string): TaskOverride | null {
    const named = taskTypeOverride(id, call.annotation, usage);
    if (!named) return null;
    return { taskType: named.value, source: named.source.startsWith('the annotation') ? 'annotation' : 'usage-file', detail: named.source };
  }
}

function loopInfo(plan: LoopPlan, shown: TierCost, volume: number, requestsPerDay: number, perRequest: boolean): LoopInfo {
  const n = plan.turns.value;
  const turns = shown.cost.turns;
  const first = turns[0]?.input ?? shown.tokens.input;
  const last = turns[turns.length - 1]?.input ?? first;
  const added = plan.addedAsWritten?.value ?? shown.tokens.output + scaleTokens(plan.addedBesidesOutput.value, shown.tokens.generation);
  const inputPerTask = perRequest ? shown.tokens.input * n : turns.reduce((sum, t) => sum + t.input, 0);
  return {
    kind: plan.shape.kind,
    runner: plan.shape.runner,
    turnsPerTask: n,
    turnsSource: plan.turns.source,
    tasksPerDay: plan.volumeCounts === 'tasks' ? volume : requestsPerDay / n,
    volumeCounts: plan.volumeCounts,
    addedTokensPerTurn: added,
    addedSource: plan.addedAsWritten ? plan.addedAsWritten.source : `the turn's output (${shown.tokens.output}) + ${plan.addedBesidesOutput.source}`,
    firstTurnInput: first,
    lastTurnInput: perRequest ? first : last,
    inputPerTask,
    outputPerTask: shown.tokens.output * n,
    pricedPer: perRequest ? 'request' : 'task',
  };
}

function cachingInfo(shown: TierCost): PromptCachingInfo | undefined {
  const c = shown.cost;
  if (!c.caching) return undefined;
  return { mode: c.caching, model: shown.model, prefixTokens: c.cachedPrefixTokens, writesPerDay: Math.round(c.cacheWritesPerDay * 100) / 100, readsPerDay: Math.round(c.cacheReadsPerDay * 100) / 100 };
}

function measuredInfoOf(m: import('./usage/usageFile').MeasuredUsage | undefined, used: boolean): MeasuredInfo | undefined {
  if (!m || !used) return undefined;
  const { importedAt: _at, ...rest } = m;
  return rest;
}

/** The usage file's `tiers` win over the editor's tier settings: say so where a setting names another model. */
function tierSettingsOverridden(loaded: LoadedUsage, settings: AnalyzeSettings): UsageProblem[] {
  const out: UsageProblem[] = [];
  for (const tier of ['haiku', 'sonnet'] as const) {
    const team = loaded.usage.tiers?.[tier];
    const mine = settings.tiers?.[tier];
    if (!team || !mine || mine === team || mine === DEFAULT_TIERS[tier] || settings.forcedTiers?.[tier]) continue;
    const at = loaded.locate(`/tiers/${tier}`) ?? { line: 1, column: 1, offset: 0 };
    out.push({
      severity: 'warning',
      message: `${loaded.file}:${at.line}:${at.column}: tiers.${tier} is "${team}" here, so the setting tierwise.tiers.${tier} ("${mine}") does not apply in this folder.`,
      line: at.line,
      column: at.column,
      offset: at.offset,
    });
  }
  return out;
}

function compareSites(a: CallSite, b: CallSite): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column;
}

