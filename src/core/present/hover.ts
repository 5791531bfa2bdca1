// The details of one call site as Markdown (the hover, and the text behind a lens click). Pure.
import type { CachingVerdict } from '../cost/caching';
import type { CallSite, Inference, ScannedCall, TokenEstimate } from '../types';
import type { TierCost } from '../analyze';
import { DAYS_PER_MONTH } from '../cost/cost';
import { GENERATION_FACTOR } from '../cost/tokens';
import { formatMoney, formatPercent, formatRate, formatTokens } from './format';
import { lensTitle, modelLabel, volumeText, type TierModels } from './lens';
import type { CallCard } from '../infer/card';
import { cardMarkdown, judgeMarkdown, type JudgeHoverInput } from './card';
import { formatNumber } from '../numberFormat';

/** One price row the figures were computed with. */
export interface PriceLine {
  /** "Haiku tier", "Sonnet tier", "current". */
  role: string;
  model: string;
  input: number;
  output: number;
  cacheRead?: number;
  status?: string;
  checkedOn?: string;
}

/**
 * One model a call is priced on (the current model, the Haiku tier, the Sonnet tier), with the tokens on that model's
 * tokenizer and the prices used, so that a reader can multiply them out: calls/month × (tokens × price) ÷ 1M.
 */
export interface TierLine {
  /** "Current", "Haiku tier", "Sonnet tier", or both ("Current · Sonnet tier") when the call already uses the tier model. */
  role: string;
  model: string;
  input: number;
  output: number;
  /** The model counts tokens with the newer tokenizer (about 1.3× the older one's count for the same text). */
  newerTokenizer: boolean;
  /** USD per million tokens as applied (the long-prompt band's when it applied). */
  inputPrice: number;
  outputPrice: number;
  /** The monthly figure as the lens, the tree and the CLI show it. */
  monthly: number;
  /** Message Batches: every price halved. */
  batch: boolean;
  /** Prompt caching, when it applies: this many calls per day write the prefix, the rest read it. */
  cache?: { prefix: number; writesPerDay: number; readsPerDay: number; writePrice: number; readPrice: number; mode?: 'cache_control' | 'automatic' | 'measured' };
  /** Priced per task (an agent loop, a conversation): `input` and `output` are then the sums over the task's turns. */
  turns?: number;
  /** Why the prices differ from the list (the long-prompt band). */
  bandNote?: string;
}

/** The tier lines of an analysed call site (from the core's analysis: the same figures as the CLI). */
export function tierLinesOf(a: { site: CallSite; haiku: TierCost; sonnet: TierCost; current: TierCost | null; call?: Pick<ScannedCall, 'cacheTtl'> }): TierLine[] {
  const line = (role: string, t: TierCost, monthly: number): TierLine => {
    const cached = t.cost.cacheWritesPerDay + t.cost.cacheReadsPerDay > 0;
    const writeKey = a.call?.cacheTtl === '1h' ? 'cacheWrite1h' : 'cacheWrite5m';
    // A task of several turns: the sums over its turns (each turn re-sends the history), so that tasks × tokens × price
    // gives the figure.
    const turns = t.cost.turns.length > 1 ? t.cost.turns : null;
    return {
      role,
      model: t.model,
      input: turns ? turns.reduce((n, x) => n + x.input, 0) : t.tokens.input,
      output: turns ? t.tokens.output * turns.length : t.tokens.output,
      ...(turns ? { turns: turns.length } : {}),
      newerTokenizer: GENERATION_FACTOR[t.tokens.generation] !== 1,
      inputPrice: t.cost.prices.input,
      outputPrice: t.cost.prices.output,
      monthly,
      batch: a.site.batch,
      ...(cached
        ? {
            cache: {
              prefix: t.cost.cachedPrefixTokens || Math.min(t.tokens.cachedPrefix, t.tokens.input),
              writesPerDay: t.cost.cacheWritesPerDay,
              readsPerDay: t.cost.cacheReadsPerDay,
              writePrice: t.cost.prices[writeKey],
              readPrice: t.cost.prices.cacheRead,
              ...(t.cost.caching ? { mode: t.cost.caching } : {}),
            },
          }
        : {}),
      ...(t.cost.bandApplied ? { bandNote: t.cost.notes.find((n) => n.startsWith('prompt over')) ?? 'long-prompt prices' } : {}),
    };
  };
  const out: TierLine[] = [];
  const cur = a.current;
  const m = a.site.monthlyCost;
  if (cur && m.current !== null) {
    const tier = cur.model === a.haiku.model ? 'Haiku tier' : cur.model === a.sonnet.model ? 'Sonnet tier' : null;
    out.push(line(tier ? `Current · ${tier}` : 'Current', cur, m.current));
  }
  if (!cur || cur.model !== a.haiku.model) out.push(line('Haiku tier', a.haiku, m.haiku));
  if (!cur || cur.model !== a.sonnet.model) out.push(line('Sonnet tier', a.sonnet, m.sonnet));
  return out;
}

/** A price exactly as applied (formatRate rounds to 3 decimals; a user's override may have more). */
function exactRate(usdPerMillion: number): string {
  const r = formatRate(usdPerMillion);
  return Number(r.slice(1)) === usdPerMillion ? r : `$${String(usdPerMillion)}`;
}

/** A whole number with thousands separators: the hover's arithmetic shows exact counts (not 12.3k). */
function exact(n: number): string {
  return formatNumber(n, Number.isInteger(n) ? 0 : 2);
}

const NEWER_TOKENIZER = `newer tokenizer: the same text is about ${GENERATION_FACTOR['claude-2026']}× the tokens of the older one (Haiku 4.5, Sonnet 4.x)`;

/** The cost table of the hover: per model, tokens × prices × volume = the figure on the lens. */
export function tierTableMarkdown(site: Pick<CallSite, 'callsPerDay' | 'loop'>, lines: readonly TierLine[]): string[] {
  const out: string[] = [];
  const batch = lines.some((l) => l.batch);
  // Per task when the turns are priced one by one: tasks/day × 30 × (the task's tokens × prices).
  const perTask = lines.some((l) => (l.turns ?? 1) > 1) && site.loop;
  const unit = perTask ? (site.loop!.kind === 'conversation' ? 'conversations' : 'tasks') : 'calls';
  const perDay = perTask ? site.loop!.tasksPerDay : site.callsPerDay;
  const perMonth = perDay * DAYS_PER_MONTH;
  out.push(
    `**Per month** = ${exact(perDay)} ${unit}/day × ${DAYS_PER_MONTH} = ${exact(perMonth)} ${unit} × (tokens in × $ in + tokens out × $ out) ÷ 1M${batch ? ' × 50% (Message Batches)' : ''}`,
    '',
  );
  if (perTask) out.push(`Tokens per ${unit === 'tasks' ? 'task' : 'conversation'}: the sum over its ${site.loop!.turnsPerTask} turns, each re-sending the history so far.`, '');
  out.push('| | model | tokens in · out | $/MTok in · out | per month |', '|---|---|--:|--:|--:|');
  const notes: string[] = [];
  const mark = (text: string): string => {
    let i = notes.indexOf(text);
    if (i < 0) i = notes.push(text) - 1;
    return ['¹', '²', '³', '⁴', '⁵', '⁶'][i] ?? `(${i + 1})`;
  };
  for (const l of lines) {
    const tokenMark = l.newerTokenizer ? ` ${mark(NEWER_TOKENIZER)}` : '';
    const marks: string[] = [];
    if (l.cache)
      marks.push(
        mark(
          l.cache.mode === 'automatic'
            ? `${mdEscape(l.model)}: automatic prefix caching, ${exact(Math.round(l.cache.readsPerDay))} calls/day read ${l.turns ? `the previous turn's prompt (turn 1: a ${exact(l.cache.prefix)}-token prefix)` : `a ${exact(l.cache.prefix)}-token prefix`} at ${exactRate(l.cache.readPrice)}/MTok (the rest of the input at the input price; the provider charges nothing to write it)`
            : l.cache.mode === 'measured'
              ? `${mdEscape(l.model)}: prompt caching as measured, ${exact(l.cache.prefix)} tokens per call read at ${exactRate(l.cache.readPrice)}/MTok (writes at ${exactRate(l.cache.writePrice)}/MTok)`
              : `${mdEscape(l.model)}: prompt caching, ${exact(Math.round(l.cache.writesPerDay))} calls/day write a ${exact(l.cache.prefix)}-token prefix at ${exactRate(l.cache.writePrice)}/MTok and ${exact(Math.round(l.cache.readsPerDay))} read it at ${exactRate(l.cache.readPrice)}/MTok (the rest of the input at the input price)`,
        ),
      );
    if (l.bandNote) marks.push(mark(`${mdEscape(l.model)}: ${mdEscape(l.bandNote)}`));
    out.push(
      `| ${mdEscape(l.role)} | ${code(l.model)} | ${exact(l.input)} · ${exact(l.output)}${tokenMark} | ${exactRate(l.inputPrice)} · ${exactRate(l.outputPrice)} | ${formatMoney(l.monthly)}${marks.length ? ` ${marks.join(' ')}` : ''} |`,
    );
  }
  out.push('');
  notes.forEach((n, i) => out.push(`${['¹', '²', '³', '⁴', '⁵', '⁶'][i] ?? `(${i + 1})`} ${n}${i < notes.length - 1 ? '  ' : ''}`));
  if (notes.length) out.push('');
  return out;
}

export interface DetailsInput {
  site: CallSite;
  /** Each model's tokens and prices (the hover's cost table); without them the hover lists the figures and prices only. */
  tierLines?: readonly TierLine[];
  call?: ScannedCall;
  inference?: Inference;
  tokenDetail?: TokenEstimate['detail'];
  prices: PriceLine[];
  pricesAsOf: string;
  /** The staleness notice when the table is more than 60 days old (stalenessNotice). */
  staleNotice?: string | null;
  tiers: TierModels;
  /** Prompt caching with and without cache_control at this call's volume (see cost/caching.ts), when the call caches. */
  caching?: CachingVerdict | null;
  /** The call card: shown as "What Tierwise read". */
  card?: CallCard;
  /** Claude's answer or problem, an unknown's missing evidence, and the command links that help. */
  judge?: Omit<JudgeHoverInput, 'inference'>;
}

/** Escapes text for a Markdown table cell or inline text (no HTML, no table breaks). */
export function mdEscape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>~]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

function code(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  const clipped = t.length > 80 ? `${t.slice(0, 79)}…` : t;
  // A backtick inside the code span would end it early: fence with a longer run.
  const fence = clipped.includes('`') ? '``' : '`';
  return `${fence} ${clipped.replace(/\|/g, '\\|')} ${fence}`;
}

const CHECK = (ok: boolean): string => (ok ? '✓' : '✗');

function formatCount(n: number): string {
  return formatNumber(Math.round(n));
}

/** "~6 turns per task (default …): turn 1: 2.1k tokens … turn 6: 9.8k; +550 per turn (…)" */
export function loopText(loop: NonNullable<CallSite['loop']>): string {
  const per = loop.kind === 'conversation' ? 'conversation' : 'task';
  const who =
    loop.runner === 'caller'
      ? 'the caller passes the history in: each call is one turn'
      : loop.runner === 'sdk'
        ? 'the SDK runs the turns: each call is one task'
        : loop.runner === 'user'
          ? 'turns as set'
          : 'the code runs the turns: each run is one task';
  const growth =
    loop.pricedPer === 'request'
      ? `priced per request at the measured or given mean of ${formatTokens(loop.firstTurnInput)} input tokens (the history is in it)`
      : `turn 1: ${formatTokens(loop.firstTurnInput)} tokens in … turn ${loop.turnsPerTask}: ${formatTokens(loop.lastTurnInput)} (+${formatTokens(loop.addedTokensPerTurn)} per turn: ${mdEscape(loop.addedSource)})`;
  return `~${loop.turnsPerTask} turns per ${per} (${mdEscape(loop.turnsSource)}); ${who}; ${exact(Math.round(loop.tasksPerDay * 100) / 100)} ${per}s/day = ${exact(Math.round(loop.tasksPerDay * loop.turnsPerTask * 100) / 100)} calls/day · ${growth}`;
}

export function callDetailsMarkdown(input: DetailsInput): string {
  const { site, call, inference, tokenDetail, tiers } = input;
  const lines: string[] = [];
  lines.push(`**Tierwise** · ${mdEscape(lensTitle(site, 'compact', tiers))}`, '');
  // The arithmetic first: it is what the lens's figures are made of, and the hover is short.
  if (input.tierLines?.length) lines.push(...tierTableMarkdown(site, input.tierLines));
  lines.push('| | |', '|---|---|');

  // Task type.
  const runner = inference?.runnerUp ? ` · runner-up ${code(inference.runnerUp.taskType)} ${formatPercent(inference.runnerUp.confidence)}` : '';
  const judged = inference?.judged;
  const source = judged ? ` · from Claude (${mdEscape(judged.model)}${judged.date ? `, ${judged.date}` : ''}${judged.accepted ? ', accepted' : ', not accepted yet'})` : inference?.setBy ? ` · set by ${mdEscape(inference.setBy)}` : '';
  lines.push(`| Task type | ${code(site.taskType)} · ${formatPercent(site.confidence)} confidence${runner}${source} |`);

  // Recommendation with the routing guide's three questions, on one row so the hover stays short.
  const q = inference?.questions;
  const rec = `**${site.recommendedTier === 'haiku' ? 'Haiku' : 'Sonnet'}** (${mdEscape(site.recommendedTier === 'haiku' ? tiers.haiku : tiers.sonnet)})`;
  const questions = q
    ? ` · ${CHECK(q.shortSchemaConstrainedOutput)} short, schema-constrained output · ${CHECK(q.cheapToRecover)} cheap to recover from a wrong answer · ${CHECK(q.noMultiStepReasoning)} no multi-step reasoning`
    : '';
  lines.push(`| Recommendation | ${rec}${questions} |`);

  // Model.
  const resolved = site.model.resolved;
  const modelText = resolved
    ? `${code(resolved)}${site.model.expression && site.model.expression !== JSON.stringify(resolved) && site.model.expression !== `'${resolved}'` ? ` from ${code(site.model.expression)}` : ''}`
    : `unresolved${site.model.expression ? `: ${code(site.model.expression)}` : ''} — no current cost`;
  lines.push(`| Model | ${modelText}${call?.model.note ? ` (${mdEscape(call.model.note)})` : ''} |`);

  // Tokens.
  if (tokenDetail) {
    lines.push(
      `| Tokens | ${formatTokens(site.tokens.input)} in = ${formatTokens(tokenDetail.staticInput)} static + ${formatTokens(tokenDetail.dynamicInput)} dynamic + ${formatTokens(tokenDetail.toolInput)} tools · ${formatTokens(tokenDetail.output)} out (${mdEscape(tokenDetail.outputSource)}) |`,
    );
  } else {
    lines.push(`| Tokens | ${formatTokens(site.tokens.input)} in · ${formatTokens(site.tokens.output)} out |`);
  }
  lines.push(`| Estimated from | ${mdEscape(site.tokens.source)} |`);

  // Volume and how to change it.
  const comment = site.language === 'python' ? '#' : '//';
  const loop = site.loop;
  const perTaskVolume = loop && loop.volumeCounts === 'tasks';
  lines.push(
    `| Volume | ${mdEscape(volumeText(site))} · change it with ${code(`${comment} tierwise: ${perTaskVolume ? 'tasks' : 'calls'}=50k/day`)} above the call, or ${code(`.tierwise.json`)} → ${code(`callSites["${site.id}"].callsPerDay`)} |`,
  );
  if (site.measured) {
    const m = site.measured;
    const cache = m.cacheHitRate !== undefined ? ` · ${formatPercent(m.cacheHitRate)} of input tokens read from the cache` : '';
    lines.push(`| Measured | ${exact(m.spans)} requests ${mdEscape(m.from)} – ${mdEscape(m.to)} in ${code(m.source)}: ${exact(Math.round(m.callsPerDay * 100) / 100)}/day${m.inputTokens !== undefined ? `, ${formatTokens(m.inputTokens)} in · ${formatTokens(m.outputTokens ?? 0)} out per request` : ''}${cache} |`);
  }
  if (loop) lines.push(`| ${loop.kind === 'agent-loop' ? 'Agent loop' : 'Conversation'} | ${loopText(loop)} |`);

  // Costs: without the tier lines, the figures and the prices (the reader cannot multiply them out).
  const current = site.monthlyCost.current;
  if (!input.tierLines) {
    lines.push(
      `| Per month | Haiku ${formatMoney(site.monthlyCost.haiku)} · Sonnet ${formatMoney(site.monthlyCost.sonnet)} · current ${current === null ? 'unknown' : `${formatMoney(current)}${resolved ? ` (${mdEscape(modelLabel(resolved, tiers))})` : ''}`} |`,
    );
  }
  if (site.currentNote) lines.push(`| Current model | ${mdEscape(site.currentNote)} |`);
  const flags = [
    site.streaming && 'streaming',
    site.batch && 'Message Batches (50% off)',
    site.cacheControl && 'prompt caching',
    site.promptCaching?.mode === 'automatic' && `automatic prefix caching (${mdEscape(site.promptCaching.model)})`,
  ].filter(Boolean);
  if (flags.length) lines.push(`| Applied | ${flags.join(', ')} |`);
  const chance = site.cachingOpportunity;
  if (chance) {
    lines.push(
      `| Caching | **would save ${formatMoney(chance.savingPerMonth)}/mo** on ${code(chance.model)}: ${formatMoney(chance.monthlyWith)}/mo with a 5-minute cache\\_control breakpoint on the last ${chance.breakpoint === 'system' ? 'system block' : 'tool'} vs ${formatMoney(chance.monthlyWithout)}/mo now. Assumes the ${exact(chance.prefixTokens)}-token prefix (${chance.breakpoint === 'system' ? 'tools + system prompt' : 'tools'}; the minimum is ${exact(chance.minCacheableTokens)}) is the same on every call and that calls spread over the day: one write (1.25× input) per 5-minute window${loop && loop.volumeCounts === 'tasks' ? ' and per task' : ''}, ${exact(chance.writesPerDay)} a day, every other call reads it at the cache-read price. Bursty traffic writes more often. |`,
    );
  }
  const caching = input.caching;
  if (caching && caching.withCache > caching.withoutCache + 0.005) {
    // Below the break-even volume every few calls writes the cache again, and a write costs more than no cache.
    const from = caching.breakEvenCallsPerDay !== null ? ` It pays off from about ${formatCount(caching.breakEvenCallsPerDay)} calls/day.` : '';
    lines.push(
      `| Caching | **costs more than it saves** at ${formatCount(caching.callsPerDay)} calls/day: ${formatMoney(caching.withCache)}/mo with cache\\_control vs ${formatMoney(caching.withoutCache)}/mo without (${mdEscape(caching.model)}; a ${caching.ttl} cache write costs ${caching.ttl === '1h' ? '2' : '1.25'}× input and the cache is written again after each ${caching.ttl === '1h' ? 'hour' : '5 minutes'} without a hit).${from} |`,
    );
  }

  // Prices: where they come from and how fresh they are.
  for (const p of input.prices) {
    const cache = p.cacheRead !== undefined ? ` · cache read ${formatRate(p.cacheRead)}` : '';
    const status = p.status && p.status !== 'current' ? ` · **${mdEscape(p.status)}**` : '';
    const rates = input.tierLines ? '' : ` ${formatRate(p.input)} in / ${formatRate(p.output)} out per MTok${cache}`;
    lines.push(`| Price, ${mdEscape(p.role)} | ${code(p.model)}${rates}${status}${p.checkedOn ? ` · checked ${p.checkedOn}` : ''} |`);
  }
  lines.push('');

  const reasons = inference?.reasons ?? site.reasons;
  if (reasons.length) {
    lines.push(inference?.judged ? `**Why this task type** (${mdEscape(inference.judged.accepted ? 'Claude, accepted' : 'Claude')})` : '**Why this task type**', '');
    for (const r of reasons.slice(0, 6)) lines.push(`- ${mdEscape(r)}`);
    lines.push('');
  }
  if (inference?.upgradeReasons.length) {
    lines.push('**Why Sonnet despite the task type**', '');
    for (const r of inference.upgradeReasons.slice(0, 4)) lines.push(`- ${mdEscape(r)}`);
    lines.push('');
  }
  if (inference?.opusNote) lines.push(`_${mdEscape(inference.opusNote)}_`, '');
  if (inference) lines.push(...judgeMarkdown({ inference, ...(input.judge ?? {}) }));
  if (input.card) lines.push(...cardMarkdown(input.card));
  lines.push(`Call site ${code(site.id)} · prices as of ${input.pricesAsOf}`);
  if (input.staleNotice) lines.push('', `⚠ ${mdEscape(input.staleNotice)}`);
  return lines.join('\n');
}
