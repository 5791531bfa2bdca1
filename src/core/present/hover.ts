// The details of one call site as Markdown (the hover, and the text behind a lens click). Pure.
import type { CachingVerdict } from '../cost/caching';
import type { CallSite, Inference, ScannedCall, TokenEstimate } from '../types';
import { formatMoney, formatPercent, formatRate, formatTokens } from './format';
import { lensTitle, modelLabel, volumeText, type TierModels } from './lens';

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

export interface DetailsInput {
  site: CallSite;
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
  return Math.round(n).toLocaleString('en-US');
}

export function callDetailsMarkdown(input: DetailsInput): string {
  const { site, call, inference, tokenDetail, tiers } = input;
  const lines: string[] = [];
  lines.push(`**Tierwise** · ${mdEscape(lensTitle(site, 'compact', tiers))}`, '');
  lines.push('| | |', '|---|---|');

  // Task type.
  const runner = inference?.runnerUp ? ` · runner-up ${code(inference.runnerUp.taskType)} ${formatPercent(inference.runnerUp.confidence)}` : '';
  lines.push(`| Task type | ${code(site.taskType)} · ${formatPercent(site.confidence)} confidence${runner} |`);

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
  lines.push(
    `| Volume | ${mdEscape(volumeText(site))} · change it with ${code(`${comment} tierwise: calls=50k/day`)} above the call, or ${code(`.tierwise.json`)} → ${code(`callSites["${site.id}"].callsPerDay`)} |`,
  );

  // Costs.
  const current = site.monthlyCost.current;
  lines.push(
    `| Per month | Haiku ${formatMoney(site.monthlyCost.haiku)} · Sonnet ${formatMoney(site.monthlyCost.sonnet)} · current ${current === null ? 'unknown' : `${formatMoney(current)}${resolved ? ` (${mdEscape(modelLabel(resolved, tiers))})` : ''}`} |`,
  );
  if (site.currentNote) lines.push(`| Current model | ${mdEscape(site.currentNote)} |`);
  const flags = [site.streaming && 'streaming', site.batch && 'Message Batches (50% off)', site.cacheControl && 'prompt caching'].filter(Boolean);
  if (flags.length) lines.push(`| Applied | ${flags.join(', ')} |`);
  const caching = input.caching;
  if (caching && caching.withCache > caching.withoutCache + 0.005) {
    // Below the break-even volume every few calls writes the cache again, and a write costs more than no cache.
    const from = caching.breakEvenCallsPerDay !== null ? ` It pays off from about ${formatCount(caching.breakEvenCallsPerDay)} calls/day.` : '';
    lines.push(
      `| Caching | **costs more than it saves** at ${formatCount(caching.callsPerDay)} calls/day: ${formatMoney(caching.withCache)}/mo with cache\\_control vs ${formatMoney(caching.withoutCache)}/mo without (${mdEscape(caching.model)}; a ${caching.ttl} cache write costs ${caching.ttl === '1h' ? '2' : '1.25'}× input and the cache is written again after each ${caching.ttl === '1h' ? 'hour' : '5 minutes'} without a hit).${from} |`,
    );
  }

  // Prices.
  for (const p of input.prices) {
    const cache = p.cacheRead !== undefined ? ` · cache read ${formatRate(p.cacheRead)}` : '';
    const status = p.status && p.status !== 'current' ? ` · **${mdEscape(p.status)}**` : '';
    lines.push(`| Price, ${mdEscape(p.role)} | ${code(p.model)} ${formatRate(p.input)} in / ${formatRate(p.output)} out per MTok${cache}${status}${p.checkedOn ? ` · checked ${p.checkedOn}` : ''} |`);
  }
  lines.push('');

  const reasons = inference?.reasons ?? site.reasons;
  if (reasons.length) {
    lines.push('**Why this task type**', '');
    for (const r of reasons.slice(0, 6)) lines.push(`- ${mdEscape(r)}`);
    lines.push('');
  }
  if (inference?.upgradeReasons.length) {
    lines.push('**Why Sonnet despite the task type**', '');
    for (const r of inference.upgradeReasons.slice(0, 4)) lines.push(`- ${mdEscape(r)}`);
    lines.push('');
  }
  if (inference?.opusNote) lines.push(`_${mdEscape(inference.opusNote)}_`, '');
  lines.push(`Call site ${code(site.id)} · prices as of ${input.pricesAsOf}`);
  if (input.staleNotice) lines.push('', `⚠ ${mdEscape(input.staleNotice)}`);
  return lines.join('\n');
}
