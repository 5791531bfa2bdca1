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

const TIER_NAME: Record<Tier, string> = { haiku: 'Haiku', sonnet: 'Sonnet' };

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

export function volumeText(site: Pick<CallSite, 'callsPerDay' | 'volumeSource'>): string {
  const n = `${formatCount(site.callsPerDay)}/day`;
  switch (site.volumeSource) {
    case 'annotation':
      return `${n} (annotation)`;
    case 'usage-file':
      return `${n} (usage file)`;
    default:
      return `${n} assumed`;
  }
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

/** True when the call's current model belongs to the tier recommended for it. */
export function onRecommendedTier(site: CallSite): boolean {
  return site.model.resolved !== null && modelFamily(site.model.resolved) === site.recommendedTier;
}

/** The lens title. */
export function lensTitle(site: CallSite, detail: LensDetail, tiers: TierModels): string {
  const rec = site.recommendedTier;
  const recName = TIER_NAME[rec];
  const recCost = site.monthlyCost[rec];
  const resolved = site.model.resolved;
  const current = site.monthlyCost.current;

  if (detail === 'minimal') {
    if (resolved === null) return `? /mo · model unresolved`;
    if (current === null) return `${modelLabel(resolved, tiers)} · no price`;
    return `${modelLabel(resolved, tiers)} ${formatMoney(current)}/mo`;
  }

  const parts: string[] = [taskLabel(site)];
  if (resolved === null) {
    const other: Tier = rec === 'haiku' ? 'sonnet' : 'haiku';
    parts.push(`${recName} ${formatMoney(recCost)}/mo recommended (${TIER_NAME[other]} ${formatMoney(site.monthlyCost[other])}/mo)`);
    parts.push(`no current cost: model ${shortExpr(site.model.expression)} unresolved`);
  } else if (current === null) {
    parts.push(`${recName} ${formatMoney(recCost)}/mo recommended`);
    parts.push(`no current cost: no price for ${resolved}`);
  } else {
    const label = modelLabel(resolved, tiers);
    const diff = current - recCost;
    if (onRecommendedTier(site)) {
      // Already on the right tier; mention the tier model only when it would be noticeably cheaper.
      const tierModel = rec === 'haiku' ? tiers.haiku : tiers.sonnet;
      const cheaper = resolved !== tierModel && diff >= 0.01 && diff > current * 0.01;
      parts.push(`${label} ${formatMoney(current)}/mo ✓ recommended tier` + (cheaper ? ` (${modelLabel(tierModel, tiers)} ${formatMoney(recCost)}/mo)` : ''));
    } else if (diff >= 0) {
      parts.push(`${label} ${formatMoney(current)}/mo → ${recName} ${formatMoney(recCost)}/mo (save ${formatMoney(diff)})`);
    } else {
      parts.push(`${label} ${formatMoney(current)}/mo → ${recName} ${formatMoney(recCost)}/mo recommended (+${formatMoney(-diff)})`);
    }
  }
  if (detail === 'full') parts.push(volumeText(site));
  return parts.join(' · ');
}

function shortExpr(expression: string): string {
  const e = expression.replace(/\s+/g, ' ').trim();
  if (!e) return '(none given)';
  return `\`${e.length > 40 ? `${e.slice(0, 39)}…` : e}\``;
}
