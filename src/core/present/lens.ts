// The text of the cost lens above a call site. Pure: a CallSite (the CLI JSON record) in, strings out.
import type { CallSite, Tier } from '../types';
import { formatCount, formatMoney } from './format';

export type LensDetail = 'full' | 'compact' | 'minimal';

export interface TierModels {
  haiku: string;
  sonnet: string;
}

export type ModelFamilyName = 'haiku' | 'sonnet' | 'opus' | 'fable' | 'other';

export function modelFamily(modelId: string): ModelFamilyName {
  const m = /claude-(?:\d[\d.-]*-)?(haiku|sonnet|opus|fable)/i.exec(modelId);
  return m ? (m[1].toLowerCase() as ModelFamilyName) : 'other';
}

export const TIER_NAME: Record<Tier, string> = { haiku: 'Haiku', sonnet: 'Sonnet' };

/**
 * Short name of a model: the tier name for the configured tier models ("Sonnet"), family and version
 * for other Claude models ("Haiku 4.5", "Opus 5.5"), the id for the rest ("gpt-4o").
 */
export function modelLabel(modelId: string, tiers: TierModels): string {
  if (modelId === tiers.haiku) return 'Haiku';
  if (modelId === tiers.sonnet) return 'Sonnet';
  // claude-sonnet-4-5-20250929, claude-haiku-5-5-latest, claude-3-5-haiku-20241022
  const modern = /^claude-(haiku|sonnet|opus|fable)-(\d+)(?:-(\d{1,2}))?(?:-\d{8}|-latest)?$/i.exec(modelId);
  if (modern) return `${cap(modern[1])} ${modern[2]}${modern[3] ? `.${modern[3]}` : ''}`;
  const old = /^claude-(\d)-(\d)-(haiku|sonnet|opus)(?:-\d{8}|-latest)?$/i.exec(modelId);
  if (old) return `${cap(old[3])} ${old[1]}.${old[2]}`;
  return modelId;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Nov 28 – Dec 4" (with years when the period crosses one), from ISO dates. */
export function periodText(from: string, to: string): string {
  const d = (iso: string): { y: string; text: string } => {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
    return m ? { y: m[1], text: `${MONTHS[Number(m[2]) - 1] ?? m[2]} ${Number(m[3])}` } : { y: '', text: iso };
  };
  const a = d(from);
  const b = d(to);
  if (from === to) return a.text;
  return a.y !== b.y ? `${a.text}, ${a.y} – ${b.text}, ${b.y}` : `${a.text} – ${b.text}`;
}

type VolumeSite = Pick<CallSite, 'callsPerDay' | 'volumeSource'> & Partial<Pick<CallSite, 'loop' | 'measured'>>;

/** The volume figure as the site counts it: tasks on an agent loop the code or SDK runs, else calls. */
function volumeFigure(site: VolumeSite): string {
  if (site.measured) return `${formatCount(site.callsPerDay)}/day`;
  if (site.loop && site.loop.volumeCounts === 'tasks') return `${formatCount(site.loop.tasksPerDay)} tasks/day`;
  return `${formatCount(site.callsPerDay)}/day`;
}

/** A measured rate keeps one decimal up to 100k (12.3k/day): it is not a round assumption. */
function measuredCount(n: number): string {
  return n >= 1000 && n < 99_950 ? `${(n / 1000).toFixed(1).replace(/\.0$/, '')}k` : formatCount(n);
}

export function volumeText(site: VolumeSite): string {
  if (site.measured) return `${measuredCount(site.callsPerDay)}/day measured (${periodText(site.measured.from, site.measured.to)})`;
  const n = volumeFigure(site);
  switch (site.volumeSource) {
    case 'annotation':
      return `${n} (annotation)`;
    case 'usage-file':
      return `${n} (usage file)`;
    default:
      return `${n} assumed`;
  }
}

/** The short mark of an assumed volume on the compact lens ("1k/day?"): nobody set this call's volume. */
export function assumedVolumeMark(site: VolumeSite): string | null {
  return site.volumeSource === 'default' && !site.measured ? `${volumeFigure(site)}?` : null;
}

/** "agent loop ~6 turns", "chat ~4 turns": the site is priced per task (src/core/cost/loop.ts). */
export function loopNote(site: Pick<CallSite, 'loop'>, short = false): string | null {
  const loop = site.loop;
  if (!loop) return null;
  return `${loop.kind === 'agent-loop' ? (short ? 'loop' : 'agent loop') : 'chat'} ~${loop.turnsPerTask} turns`;
}

/** "caching would save $12.00/mo": a cache_control breakpoint the call lacks (src/core/analyze.ts). */
export function cachingNote(site: Pick<CallSite, 'cachingOpportunity'>, short = false): string | null {
  const c = site.cachingOpportunity;
  if (!c || c.savingPerMonth < SIGNIFICANT_USD) return null;
  return short ? `cache: -${formatMoney(c.savingPerMonth)}/mo` : `caching would save ${formatMoney(c.savingPerMonth)}/mo`;
}

export function taskLabel(site: Pick<CallSite, 'taskType' | 'confidence'>): string {
  // A guess below even odds is marked, so nobody routes on it without looking.
  return site.confidence < 0.5 ? `${site.taskType}?` : site.taskType;
}

/** What moving the call to the recommended tier changes. */
export interface Saving {
  /** Positive: money saved per month; negative: extra cost of the recommended (stronger) tier. */
  amount: number;
  recommendedCost: number;
  currentCost: number;
}

export function savingOf(site: CallSite): Saving | null {
  if (site.monthlyCost.current === null) return null;
  const recommendedCost = site.monthlyCost[site.recommendedTier];
  return { amount: site.monthlyCost.current - recommendedCost, recommendedCost, currentCost: site.monthlyCost.current };
}

/**
 * A monthly difference worth showing: one that rounds to at least a cent. The lens, the tree, the status bar and the
 * report use this one test, so they never disagree on whether a call has a saving.
 */
export const SIGNIFICANT_USD = 0.005;

/** True when the call's current model belongs to the tier recommended for it. */
export function onRecommendedTier(site: CallSite): boolean {
  return site.model.resolved !== null && modelFamily(site.model.resolved) === site.recommendedTier;
}

/** The compact lens never gets longer than this (a lens line also carries "Compare…" and "Move to registry"). */
export const COMPACT_LENS_MAX = 70;

/**
 * The lens title.
 * - `compact` (the default) leads with the saving and fits in COMPACT_LENS_MAX characters:
 *   `save $39.00/mo · Sonnet $58.50 → Haiku $19.50 · classify_intent · 1k/day?` (the mark only when the volume is assumed).
 * - `full` adds where the volume comes from: `… · classify_intent · 50k/day (annotation)`.
 * - `minimal` is the monthly cost on the current model.
 * Every figure is a monthly one; the hover shows how each is computed.
 */
export function lensTitle(site: CallSite, detail: LensDetail, tiers: TierModels): string {
  const resolved = site.model.resolved;
  const current = site.monthlyCost.current;

  if (detail === 'minimal') {
    if (resolved === null) return `? /mo · model unresolved`;
    if (current === null) return `${modelLabel(resolved, tiers)} · no price`;
    return `${modelLabel(resolved, tiers)} ${formatMoney(current)}/mo`;
  }

  const parts = lensParts(site, tiers);
  let loop = loopNote(site);
  if (detail === 'full')
    return [parts.headline, parts.flow(true, false, parts.label), taskLabel(site), parts.note, loop, cachingNote(site), volumeText(site)].filter(Boolean).join(' · ');

  // Compact: drop detail, least useful first, until the title fits: the current figure (it is the recommended one plus
  // the saving), the family name of a same-family target, the measured period, the task name (the hover has it), the
  // long form of the caching note, then the end of a long model name or note. The saving, the move, the loop, the
  // caching saving and the assumed-volume mark stay.
  const mark = assumedVolumeMark(site);
  const measured = site.measured ? volumeText(site) : null;
  const o = {
    current: true,
    short: false,
    label: parts.label,
    task: taskLabel(site) as string | null,
    note: parts.note,
    caching: cachingNote(site),
    measured,
  };
  const build = (): string => [parts.headline, parts.flow(o.current, o.short, o.label), o.task, o.note, loop, o.caching, o.measured ?? mark].filter(Boolean).join(' · ');
  const over = (): number => build().length - COMPACT_LENS_MAX;
  if (over() > 0) o.current = false;
  if (over() > 0) o.short = true;
  if (over() > 0 && o.measured) o.measured = `${measuredCount(site.callsPerDay)}/day measured`;
  if (over() > 0 && (loop || o.caching || o.measured)) o.task = null;
  if (over() > 0 && o.caching) o.caching = cachingNote(site, true);
  if (over() > 0 && loop) loop = loopNote(site, true);
  for (const key of ['label', 'task', 'note'] as const) {
    const v = o[key];
    if (over() > 0 && v) o[key] = clip(v, Math.max(8, v.length - over()));
  }
  const title = build();
  return title.length > COMPACT_LENS_MAX ? clip(title, COMPACT_LENS_MAX) : title;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

interface LensParts {
  /** The first words: the saving, the extra cost of an upgrade, or that the call is fine where it is. */
  headline: string;
  /**
   * "Sonnet 4.6 $1,031 → Haiku $44.70", or "". Shorter: without the current figure ("Sonnet 4.6 → Haiku $44.70"),
   * and with `short`, a move within one family names the target's version only ("Haiku 4.5 → 5.5 $2.17").
   */
  flow(withCurrent: boolean, short: boolean, label: string): string;
  /** The current model's short name ("Sonnet 4.6", "gpt-4o"), or "". */
  label: string;
  /** Why a figure is missing ("model unresolved"), or "". */
  note: string;
}

function lensParts(site: CallSite, tiers: TierModels): LensParts {
  const rec = site.recommendedTier;
  const recCost = site.monthlyCost[rec];
  const resolved = site.model.resolved;
  const current = site.monthlyCost.current;
  const tierModel = rec === 'haiku' ? tiers.haiku : tiers.sonnet;
  if (resolved === null || current === null) {
    return {
      headline: `? → ${TIER_NAME[rec]} ${formatMoney(recCost)}/mo`,
      flow: () => '',
      label: '',
      note: resolved === null ? 'model unresolved' : `no price for ${shortId(resolved)}`,
    };
  }
  const label = modelLabel(resolved, tiers);
  // Same family as the recommendation but another model (Haiku 4.5 while the tier is Haiku 5.5): name the versions.
  const sameFamily = onRecommendedTier(site) && resolved !== tierModel;
  const target = sameFamily ? versionedLabel(tierModel, tiers) : TIER_NAME[rec];
  const diff = current - recCost;
  const shortTarget = sameFamily ? target.replace(/^\S+ /, '') : target;
  const flow = (withCurrent: boolean, short: boolean, name: string): string =>
    `${name}${withCurrent ? ` ${formatMoney(current)}` : ''} → ${short ? shortTarget : target} ${formatMoney(recCost)}`;
  if (diff >= SIGNIFICANT_USD) return { headline: `save ${formatMoney(diff)}/mo`, flow, label, note: '' };
  if (diff <= -SIGNIFICANT_USD && !onRecommendedTier(site)) return { headline: `+${formatMoney(-diff)}/mo`, flow, label, note: '' };
  if (onRecommendedTier(site)) return { headline: `✓ ${label} ${formatMoney(current)}/mo`, flow: () => '', label: '', note: '' };
  return { headline: `${label} ${formatMoney(current)}/mo`, flow: () => '', label: '', note: `${target} costs the same` };
}

/** "Haiku 5.5" for a tier model (modelLabel calls it just "Haiku"), for when two models of one family meet. */
function versionedLabel(modelId: string, tiers: TierModels): string {
  const label = modelLabel(modelId, { haiku: '', sonnet: '' });
  return label === modelId ? modelLabel(modelId, tiers) : label;
}

function shortId(id: string): string {
  return id.length > 24 ? `${id.slice(0, 23)}…` : id;
}

/** The lens tooltip: the long form in words, and where the details are. */
export function lensTooltip(site: CallSite, tiers: TierModels): string {
  const confidence = `${Math.round(site.confidence * 100)}% confidence`;
  const lines = [`Tierwise: ${site.taskType} (${confidence}) · ${volumeText(site)}`, lensTitle(site, 'full', tiers)];
  if (site.volumeSource === 'default' && !site.measured)
    lines.push(
      site.loop?.volumeCounts === 'tasks'
        ? `The volume is assumed: set it with a "tierwise: tasks=…/day" comment above the call or in .tierwise.json (each task runs ~${site.loop.turnsPerTask} model calls).`
        : 'The volume is assumed: set it with a "tierwise: calls=…/day" comment above the call or in .tierwise.json.',
    );
  if (site.cachingOpportunity) lines.push(`A cache_control breakpoint on the last ${site.cachingOpportunity.breakpoint === 'system' ? 'system block' : 'tool'} would save ${formatMoney(site.cachingOpportunity.savingPerMonth)}/mo at this volume (the lightbulb adds it).`);
  lines.push('Click for the details: tokens, prices and how each figure is computed.');
  return lines.join('\n');
}
